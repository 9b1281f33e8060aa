//! Which of many patterns can match a text, in one cheap pass.
//!
//! Every match of a pattern contains certain words: "every" or "each" and
//! one of the periods in `\b(?:every|each)\s+(?P<per>{PERIOD})\b`. A gate
//! keeps, for each pattern, the sets of literals that every match must
//! contain (one literal out of each set), and one aho-corasick automaton
//! over all those literals says which of them a text holds. A pattern whose
//! sets are not all present in a text cannot match it, so its regular
//! expression is not run (nor compiled). A pattern that passes the gate may
//! still not match: the gate only spares work, it never decides a match.
//!
//! The sets are read off each pattern's syntax tree: a literal requires
//! itself; a sequence requires what each of its parts requires; an
//! alternation requires one of its branches' literals; a repetition of at
//! least one requires what its body does; a small class requires one of its
//! characters; anything else (a look-around, an optional part, a large
//! class) requires nothing. A literal right after or before a word boundary
//! (`\b`, ASCII, as the lexicon's patterns have it) is required there too:
//! "each" in "teacher" lets no `\beach\b` through. Building the gates parses each pattern and
//! builds one automaton of a few hundred words: far cheaper than compiling
//! the patterns, and one pass over the text in place of a pass per group
//! of patterns.

use super::automaton::Automaton;
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::collections::HashMap;

/// A class of at most this many characters requires one of them; a larger
/// one requires nothing (it would let almost any text through anyway).
const SMALL_CLASS: u32 = 10;

/// A literal a match contains, and whether a word boundary stands right
/// before it and right after it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Need {
    literal: Vec<u8>,
    start: bool,
    end: bool,
}

impl Need {
    /// The bit of a literal's sightings (see `Gates::matches`) this needs.
    fn bit(&self) -> u8 {
        match (self.start, self.end) {
            (false, false) => ANYWHERE,
            (true, false) => AT_START,
            (false, true) => AT_END,
            (true, true) => AT_BOTH,
        }
    }
}

const ANYWHERE: u8 = 1;
const AT_START: u8 = 2;
const AT_END: u8 = 4;
const AT_BOTH: u8 = 8;

/// What every match of a pattern contains: for each set, at least one of
/// its literals. An empty list requires nothing.
type Needs = Vec<Vec<Need>>;

#[derive(Debug, Clone)]
pub struct Gates {
    /// All the literals of all the patterns; `None` when no pattern requires
    /// any.
    ac: Option<Automaton>,
    literals: usize,
    /// For each pattern, its sets, each as (index into the automaton's
    /// literals, the sighting it needs).
    needs: Vec<Vec<Vec<(usize, u8)>>>,
}

impl Gates {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Gates, regex::Error> {
        let hirs = patterns
            .into_iter()
            .map(|p| regex_syntax::Parser::new().parse(p).map_err(|e| regex::Error::Syntax(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Gates::of_parsed(&hirs))
    }

    /// The gates of patterns already parsed.
    pub fn of_parsed<'a>(patterns: impl IntoIterator<Item = &'a Hir>) -> Gates {
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut needs = Vec::new();
        for hir in patterns {
            let sets = required(hir, false, false)
                .into_iter()
                .map(|set| {
                    set.into_iter()
                        .map(|need| {
                            let bit = need.bit();
                            let id = *ids.entry(need.literal.clone()).or_insert_with(|| {
                                literals.push(need.literal);
                                literals.len() - 1
                            });
                            (id, bit)
                        })
                        .collect()
                })
                .collect();
            needs.push(sets);
        }
        let count = literals.len();
        let ac = if literals.is_empty() { None } else { Some(Automaton::new(literals)) };
        Gates { ac, literals: count, needs }
    }

    /// For each pattern, in order, whether it can match `text`: false only
    /// when it cannot.
    pub fn matches(&self, text: &str) -> Vec<bool> {
        // For each literal, where it has been seen: anywhere, after a word
        // boundary, before one, between two.
        let mut seen = vec![0u8; self.literals];
        if let Some(ac) = &self.ac {
            let bytes = text.as_bytes();
            for m in ac.for_text(text).find_overlapping_iter(text) {
                let start = is_boundary(bytes, m.start());
                let end = is_boundary(bytes, m.end());
                let mut bits = ANYWHERE;
                if start {
                    bits |= AT_START;
                }
                if end {
                    bits |= AT_END;
                }
                if start && end {
                    bits |= AT_BOTH;
                }
                seen[m.pattern().as_usize()] |= bits;
            }
        }
        self.needs.iter().map(|sets| sets.iter().all(|set| set.iter().any(|&(l, bit)| seen[l] & bit != 0))).collect()
    }

    /// Build the fast automaton now rather than after enough searching.
    pub(crate) fn warm(&self) {
        if let Some(ac) = &self.ac {
            ac.dfa();
        }
    }

    pub fn len(&self) -> usize {
        self.needs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.needs.is_empty()
    }
}

/// An ASCII word boundary at `at`, as `(?-u:\b)` has it.
fn is_boundary(text: &[u8], at: usize) -> bool {
    let word = |i: Option<&u8>| i.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    word(at.checked_sub(1).and_then(|i| text.get(i))) != word(text.get(at))
}

/// Whether `hir` is an ASCII word boundary.
fn is_word_boundary(hir: &Hir) -> bool {
    matches!(hir.kind(), HirKind::Look(Look::WordAscii))
}

/// The literal sets every match of `hir` contains (see the module's notes),
/// where `start` and `end` say that a word boundary stands right before
/// and right after every match of `hir`.
fn required(hir: &Hir, start: bool, end: bool) -> Needs {
    let need = |literal: Vec<u8>| Need { literal, start, end };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(lit) => vec![vec![need(lit.0.to_vec())]],
        HirKind::Class(class) => {
            small_class(class).map(|set| vec![set.into_iter().map(need).collect()]).unwrap_or_default()
        }
        // The first time round starts where the repetition does; only a
        // repetition of exactly once also ends where it does.
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub, start, end && rep.max == Some(1)),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(cap) => required(&cap.sub, start, end),
        HirKind::Concat(parts) => {
            let mut out = Vec::new();
            for (j, part) in parts.iter().enumerate() {
                let before = if j == 0 { start } else { is_word_boundary(&parts[j - 1]) };
                let after = if j + 1 == parts.len() { end } else { is_word_boundary(&parts[j + 1]) };
                out.extend(required(part, before, after));
            }
            out
        }
        HirKind::Alternation(branches) => {
            // One of the branches matches: the best set of each, together.
            let mut set: Vec<Need> = Vec::new();
            for b in branches {
                let Some(best) = required(b, start, end).into_iter().max_by_key(|s| strength(s)) else {
                    return Vec::new();
                };
                set.extend(best);
            }
            crate::sort::sort(&mut set);
            set.dedup();
            vec![set]
        }
    }
}

/// How much a set narrows the texts that pass: its shortest literal's
/// length first, then the fewer literals the better.
fn strength(set: &[Need]) -> (usize, std::cmp::Reverse<usize>) {
    (set.iter().map(|n| n.literal.len()).min().unwrap_or(0), std::cmp::Reverse(set.len()))
}

/// The characters (or bytes) of a small class, each as a literal.
fn small_class(class: &Class) -> Option<Vec<Vec<u8>>> {
    match class {
        Class::Unicode(c) => {
            let size: u32 = c.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (size <= SMALL_CLASS)
                .then(|| c.iter().flat_map(|r| r.start()..=r.end()).map(|ch| ch.to_string().into_bytes()).collect())
        }
        Class::Bytes(c) => {
            let size: u32 = c.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (size <= SMALL_CLASS).then(|| c.iter().flat_map(|r| r.start()..=r.end()).map(|b| vec![b]).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn says_which_patterns_can_match() {
        let patterns: Vec<String> = (0..20).map(|i| format!(r"\bw{i}\b")).collect();
        let gates = Gates::new(patterns.iter().map(String::as_str)).unwrap();
        assert_eq!(gates.len(), 20);
        let m = gates.matches("w3 and w17, not w20");
        let hits: Vec<usize> = (0..20).filter(|&i| m[i]).collect();
        // "w1" is in "w17" and "w2" in "w20": the gate lets them through,
        // their regexes say no.
        assert_eq!(hits, [1, 2, 3, 17]);
    }

    #[test]
    fn a_pattern_needs_every_part_of_a_sequence() {
        let gates = Gates::new([r"\b(?:every|each)\s+(?:week|day)\b", r"\d+\s*x\s*(?:mins|minutes)"]).unwrap();
        assert_eq!(gates.matches("each week"), [true, false]);
        // "each" without a period: the first cannot match.
        assert_eq!(gates.matches("each of them"), [false, false]);
        assert_eq!(gates.matches("3 x 20 minutes"), [false, true]);
        // A digit and "x" but no unit.
        assert_eq!(gates.matches("3 x 20"), [false, false]);
    }

    #[test]
    fn what_may_be_absent_is_not_required() {
        let gates =
            Gates::new([r"(?:at least\s+)?\bweekly\b", r"x?", r"\b(?:some|[a-z]+ly)\b", r"(?:ab)+c{0,3}"]).unwrap();
        assert_eq!(gates.matches("weekly"), [true, true, true, false]);
        // "[a-z]+ly" needs "ly": neither branch can match.
        assert_eq!(gates.matches("nothing here"), [false, true, false, false]);
        assert_eq!(gates.matches("abab"), [false, true, false, true]);
    }

    #[test]
    fn a_literal_at_a_word_boundary_needs_one_there() {
        let ascii = |p: &str| p.replace(r"\b", r"(?-u:\b)");
        let patterns = [r"\beach\b", r"\b(?:every|each)\s+(?:week|day)s?\b", r"(?:\bab)+\b", r"\b(?:x|y)\b"].map(ascii);
        let gates = Gates::new(patterns.iter().map(String::as_str)).unwrap();
        assert_eq!(gates.matches("the teacher"), [false, false, false, false]);
        assert_eq!(gates.matches("each"), [true, false, false, false]);
        // "week" need not stand at a boundary: "s?" and "\s+" stand between.
        assert_eq!(gates.matches("each weekday"), [true, true, false, false]);
        // Only the first "ab" of a repetition is known to follow a boundary.
        assert_eq!(gates.matches("xab abab"), [false, false, true, false]);
        assert_eq!(gates.matches("xabab"), [false, false, false, false]);
        assert_eq!(gates.matches("3x a week; x"), [false, false, false, true]);
        assert_eq!(gates.matches("3x a week; box"), [false, false, false, false]);
    }

    #[test]
    fn a_small_class_needs_one_of_its_characters() {
        let gates = Gates::new([r"\b[0-9]+\s*sessions\b", r"(?-u:[0-9])\b"]).unwrap();
        assert_eq!(gates.matches("sessions"), [false, false]);
        assert_eq!(gates.matches("4 sessions"), [true, true]);
    }

    #[test]
    fn never_shuts_out_a_pattern_that_matches() {
        // The gate of every built-in pattern lets through every text its
        // regex matches, on texts made to touch each of them.
        let lex = crate::lexicon::Lexicon::builtin();
        let texts = [
            "3 x 30 minutes weekly",
            "2x20' per week",
            "at least two or three times per week",
            "every six months, each lesson, bob wythnos",
            "daily check-ins; termly reviews; weekly",
            "on Tuesdays and Thursdays, bore Llun a bore Iau",
            "by the end of the spring term 2027 or 12/03/2026",
            "as and when required, tbc, lle bo'n bosibl",
            "some sessions, a few afternoons, occasionally",
            "before each lesson and at break and lunchtime",
            "ELKLAN level 3 trained TA, HCPC registered, who holds a PGCE",
            "suitably trained and experienced staff, with relevant training",
            "un sesiwn yr wythnos am 30 munud, dwywaith y tymor",
            "groups of 4-6 pupils, 1:1, in a small group",
            "subject to staff availability; tbc; when staff are available, if a place becomes available",
            "os bydd cyllid yn parhau, pan fydd y staff yn teimlo, lle bo lle ar gael",
        ];
        let quantities = lex.patterns.list.iter().map(|p| p.regex.as_str());
        let people = &lex.people;
        let quals = people.qual_present.iter().chain(&people.qual_vague).chain(&people.qual_beside_person);
        let hedges = lex.hedges.patterns.iter().map(|(r, _)| r.as_str());
        let sources: Vec<&str> = quantities.chain(quals.map(|r| r.as_str())).chain(hedges).collect();
        let gates = Gates::new(sources.iter().copied()).unwrap();
        let mut matched = 0;
        for text in texts {
            let folded = crate::text::fold(text);
            let can = gates.matches(&folded);
            for (i, src) in sources.iter().enumerate() {
                if Regex::new(src).unwrap().is_match(&folded) {
                    matched += 1;
                    assert!(can[i], "the gate shuts out {src} on {folded:?}");
                }
            }
        }
        assert!(matched > 30, "{matched}");
    }

    #[test]
    fn a_bad_pattern_is_an_error() {
        assert!(Gates::new(["ok", "(unclosed"]).is_err());
    }
}
