//! A regular expression from the lexicon, compiled the first time it runs,
//! and compiled for what the lexicon asks of it.
//!
//! Compiling the lexicon's patterns is most of a single-plan run's time,
//! and a plan exercises only some of them: a pattern that its gate
//! (`gates.rs`: the literals every match contains) never lets through is
//! never compiled. A bad pattern is still reported when the lexicon loads,
//! naming its file: every pattern a configuration adds is parsed at load,
//! by its gate or by [`LazyRegex::new`], and the syntax tree that parse
//! made is what the pattern later compiles from (it is not parsed twice).
//! The built-in context and column patterns, which have no gate, are
//! parsed when they first run ([`LazyRegex::builtin`]; tests check them).
//!
//! [`Regex`] is `regex`'s own engine (`regex_automata::meta`) configured
//! to build less: no literal prefilter (the gates have already said which
//! literals a text holds, and the texts are a provision's few hundred
//! bytes), no one-pass DFA and no full DFA (each searches a little faster
//! than the lazy DFA and costs far more to build than a plan's search
//! saves). What a pattern matches, and its captures, are the same whatever
//! engines are built: every engine of the meta regex reports the leftmost-
//! first match, as `regex::Regex` does.

use regex_automata::meta;
use regex_automata::util::captures::Captures as Slots;
use regex_syntax::hir::Hir;
use std::ops::{Deref, Range};
use std::sync::{Mutex, OnceLock};

/// The engines to build: see the module's notes. The sizes are
/// `regex::Regex`'s own.
fn config(utf8: bool) -> meta::Config {
    meta::Config::new()
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(utf8)
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .auto_prefilter(false)
        .onepass(false)
        .dfa(false)
}

/// A compiled pattern, searching text (`&str`).
#[derive(Debug, Clone)]
pub struct Regex {
    meta: meta::Regex,
}

/// A match: where it is in the text searched, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The groups of one match.
#[derive(Debug, Clone)]
pub struct Captures<'h> {
    haystack: &'h str,
    slots: Slots,
}

impl<'h> Captures<'h> {
    /// Group `i`; 0 is the whole match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.slots.get_group(i).map(|s| Match { haystack: self.haystack, start: s.start, end: s.end })
    }

    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        self.slots.get_group_by_name(name).map(|s| Match { haystack: self.haystack, start: s.start, end: s.end })
    }
}

impl std::ops::Index<&str> for Captures<'_> {
    type Output = str;

    /// The text of a named group, which must have matched.
    fn index(&self, name: &str) -> &str {
        self.name(name).map(|m| m.as_str()).unwrap_or_else(|| panic!("no group named '{name}' matched"))
    }
}

impl Regex {
    /// Parse and compile `source`, as `regex::Regex::new` would.
    pub fn new(source: &str) -> Result<Regex, String> {
        Regex::from_hir(&parse(source, Syntax::Text)?, Syntax::Text)
    }

    fn from_hir(hir: &Hir, syntax: Syntax) -> Result<Regex, String> {
        meta::Builder::new()
            .configure(config(syntax == Syntax::Text))
            .build_from_hir(hir)
            .map(|meta| Regex { meta })
            .map_err(|e| {
                // As `regex::Error` says it.
                match e.size_limit() {
                    Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                    None => e.to_string(),
                }
            })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.meta.is_match(haystack)
    }

    /// Whether the pattern matches bytes (a pattern made for bytes:
    /// [`LazyRegex::for_bytes`]).
    pub fn is_match_bytes(&self, haystack: &[u8]) -> bool {
        self.meta.is_match(haystack)
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.meta.find(haystack).map(|m| Match { haystack, start: m.start(), end: m.end() })
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let mut slots = self.meta.create_captures();
        self.meta.captures(haystack, &mut slots);
        slots.is_match().then_some(Captures { haystack, slots })
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + use<'r, 'h> {
        self.meta.find_iter(haystack).map(move |m| Match { haystack, start: m.start(), end: m.end() })
    }

    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Captures<'h>> + use<'r, 'h> {
        self.meta.captures_iter(haystack).map(move |slots| Captures { haystack, slots })
    }
}

/// How a pattern is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// As `regex::Regex::new` reads it, to search text.
    Text,
    /// As `regex::bytes::RegexBuilder` with Unicode off reads it, to search
    /// bytes; case-insensitive or not.
    Bytes { case_insensitive: bool },
}

/// The syntax tree of a pattern.
fn parse(source: &str, syntax: Syntax) -> Result<Hir, String> {
    let parsed = match syntax {
        Syntax::Text => regex_syntax::Parser::new().parse(source),
        Syntax::Bytes { case_insensitive } => regex_syntax::ParserBuilder::new()
            .utf8(false)
            .unicode(false)
            .case_insensitive(case_insensitive)
            .build()
            .parse(source),
    };
    parsed.map_err(|e| e.to_string())
}

#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    syntax: Syntax,
    /// The syntax tree the check at load made, until the pattern compiles.
    hir: Mutex<Option<Hir>>,
    compiled: OnceLock<Regex>,
}

impl Clone for LazyRegex {
    fn clone(&self) -> Self {
        let hir = self.hir.lock().map(|h| h.clone()).unwrap_or(None);
        LazyRegex {
            source: self.source.clone(),
            syntax: self.syntax,
            hir: Mutex::new(hir),
            compiled: self.compiled.clone(),
        }
    }
}

impl LazyRegex {
    /// A pattern whose syntax is checked now and which compiles later.
    /// The error is the parser's message, which points at the fault.
    pub fn new(source: String) -> Result<LazyRegex, String> {
        let hir = parse(&source, Syntax::Text)?;
        Ok(LazyRegex::of_parsed(source, hir))
    }

    /// A pattern of the built-in lexicon, whose syntax a test checks
    /// (`every_pattern_compiled_on_first_use_compiles`): parsed only when
    /// it first runs.
    pub(crate) fn builtin(source: String) -> LazyRegex {
        LazyRegex { source, syntax: Syntax::Text, hir: Mutex::new(None), compiled: OnceLock::new() }
    }

    /// A pattern to search bytes with, with Unicode off (see [`Syntax`]),
    /// which compiles later. Its syntax is checked now when `check` says
    /// so, or else when it first runs (for the built-in lexicon's, which a
    /// test checks).
    pub fn for_bytes(source: String, case_insensitive: bool, check: bool) -> Result<LazyRegex, String> {
        let syntax = Syntax::Bytes { case_insensitive };
        let hir = if check { Some(parse(&source, syntax)?) } else { None };
        Ok(LazyRegex { source, syntax, hir: Mutex::new(hir), compiled: OnceLock::new() })
    }

    /// A pattern and the syntax tree its caller parsed it to.
    pub(crate) fn of_parsed(source: String, hir: Hir) -> LazyRegex {
        LazyRegex { source, syntax: Syntax::Text, hir: Mutex::new(Some(hir)), compiled: OnceLock::new() }
    }

    /// Whether the syntax was checked at load (and not yet compiled).
    #[cfg(test)]
    pub(crate) fn hir_is_checked(&self) -> bool {
        self.hir.lock().unwrap().is_some()
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            let hir = self.hir.lock().ok().and_then(|mut h| h.take());
            let hir = match hir {
                Some(hir) => Ok(hir),
                None => parse(&self.source, self.syntax),
            };
            let compiled = hir.and_then(|hir| Regex::from_hir(&hir, self.syntax));
            // The syntax was checked at load, so only the size limit can
            // fail here, and then on a pattern a user wrote that is far
            // larger than any in the lexicon: it matches nothing rather
            // than stopping the batch.
            compiled.unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("the empty class compiles"))
        })
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_found_at_load() {
        assert!(LazyRegex::new("(unclosed".into()).is_err());
        let re = LazyRegex::new(r"\bweekly\b".into()).unwrap();
        assert!(re.compiled.get().is_none(), "not compiled until it runs");
        assert!(re.is_match("once weekly"));
        assert!(re.compiled.get().is_some());
        assert!(re.hir.lock().unwrap().is_none(), "the syntax tree is let go once compiled");
    }

    #[test]
    fn matches_as_the_regex_crate_does() {
        let sources = [
            r"(?-u:\b)(?P<n>\d+)(?-u:\s)*x?",
            r"\b(?:mr|mrs|ms|miss|mx|dr)\.?\s+[a-z][a-z\x27-]+\b",
            r"a*",
            r"(?:^|[;,.:/])\W*(?:no|none)\b",
            r"(?i)ŵyl|\p{Lu}\w+",
        ];
        let texts = ["3x 45 and 12 x", "ask Mr O'Neil, Dr. ap-Rhys", "héllo ŵyl Ŵyl; none, NO", "", "a€a"];
        for src in sources {
            let ours = Regex::new(src).unwrap();
            let theirs = regex::Regex::new(src).unwrap();
            for text in texts {
                assert_eq!(ours.is_match(text), theirs.is_match(text), "{src} on {text:?}");
                assert_eq!(ours.find(text).map(|m| m.range()), theirs.find(text).map(|m| m.range()));
                let a: Vec<_> = ours.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(a, b, "{src} on {text:?}");
                let a: Vec<_> = ours
                    .captures_iter(text)
                    .map(|c| (c.get(0).map(|m| m.as_str()), c.name("n").map(|m| m.as_str())))
                    .collect();
                let b: Vec<_> = theirs
                    .captures_iter(text)
                    .map(|c| (c.get(0).map(|m| m.as_str()), c.name("n").map(|m| m.as_str())))
                    .collect();
                assert_eq!(a, b, "{src} on {text:?}");
            }
        }
    }
}
