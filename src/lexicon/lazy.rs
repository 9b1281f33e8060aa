//! A regular expression from the lexicon, compiled the first time it runs.
//!
//! Compiling the lexicon's patterns is most of a single-plan run's time,
//! and a plan exercises only some of them: a pattern that its gate
//! (`gates.rs`: the literals every match contains) never lets through is
//! never compiled. A bad pattern is still reported when the lexicon loads,
//! naming its file: every pattern is parsed at load, by its gate or by
//! [`LazyRegex::new`].

use regex::Regex;
use std::ops::Deref;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// A pattern whose syntax is checked now and which compiles later.
    /// The error is the parser's message, which points at the fault.
    pub fn new(source: String) -> Result<LazyRegex, String> {
        Ok(LazyRegex::parsed(source)?.0)
    }

    /// [`LazyRegex::new`], with the syntax tree the check made (for a
    /// gate, which reads the literals a match needs off it).
    pub fn parsed(source: String) -> Result<(LazyRegex, regex_syntax::hir::Hir), String> {
        let hir = regex_syntax::Parser::new().parse(&source).map_err(|e| e.to_string())?;
        Ok((LazyRegex::checked_elsewhere(source), hir))
    }

    /// A pattern whose syntax its caller checks (its gate parses it).
    pub(crate) fn checked_elsewhere(source: String) -> LazyRegex {
        LazyRegex { source, compiled: OnceLock::new() }
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // The syntax was checked at load, so only the size limit can
            // fail here, and then on a pattern a user wrote that is far
            // larger than any in the lexicon: it matches nothing rather
            // than stopping the batch.
            Regex::new(&self.source).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("the empty class compiles"))
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
    }
}
