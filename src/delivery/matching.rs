//! Which provision a row of the log is about: by its number ("3", "3.",
//! "Provision 3", "3. 1:1 reading support" as the template writes it), or
//! by words from its text ("reading", "speech therapy"). A row whose words
//! fit no provision, or more than one, is a problem to put right, never a
//! guess.

use crate::Provision;

/// The provision a row names, or why it names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The provision's index in Section 2B (from 1).
    One(usize),
    None,
    Several(Vec<usize>),
    /// A number with no provision under it.
    NoSuchNumber(usize),
}

/// Words that say nothing about which provision a row means.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "of",
    "for",
    "to",
    "in",
    "on",
    "with",
    "by",
    "at",
    "session",
    "sessions",
    "support",
    "provision",
    "min",
    "mins",
    "minutes",
    "x",
    "per",
    "week",
    "weekly",
    "daily",
    "day",
    "1",
    "one",
];

/// The significant words of a text, folded.
fn words(text: &str) -> Vec<String> {
    crate::text::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

/// A number that opens the cell as an index: "3", "3.", "3)", "#3",
/// "Provision 3", "3 -". "1:1 reading" opens with a ratio, not an index.
fn leading_number(cell: &str) -> Option<usize> {
    let t = cell.trim();
    let lower = t.to_lowercase();
    let t =
        lower.strip_prefix("provision").or_else(|| lower.strip_prefix("darpariaeth")).unwrap_or(&lower).trim_start();
    let t = t.strip_prefix('#').unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = &t[digits.len()..];
    let is_index = rest.is_empty()
        || rest.starts_with(". ")
        || rest == "."
        || rest.starts_with(") ")
        || rest == ")"
        || rest.trim_start().starts_with(['-', '\u{2013}', '\u{2014}'])
        || (rest.starts_with(' ') && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    // "3 x 30 minutes" is an amount, not provision 3.
    let amount = rest.trim_start().starts_with("x ") || rest.trim_start().starts_with("times");
    if is_index && !amount { digits.parse().ok() } else { None }
}

/// Section 2B's provisions by number and by their words, made once for a
/// whole log.
pub struct Index {
    entries: Vec<(usize, std::collections::HashSet<String>)>,
}

impl Index {
    pub fn new(provisions: &[Provision]) -> Index {
        Index { entries: provisions.iter().map(|p| (p.index, words(&p.raw.text).into_iter().collect())).collect() }
    }

    /// Match one row's provision cell.
    pub fn find(&self, cell: &str) -> Match {
        if let Some(n) = leading_number(cell) {
            return if self.entries.iter().any(|(i, _)| *i == n) { Match::One(n) } else { Match::NoSuchNumber(n) };
        }
        let wanted = words(cell);
        if wanted.is_empty() {
            return Match::None;
        }
        let hits: Vec<usize> =
            self.entries.iter().filter(|(_, have)| wanted.iter().all(|w| have.contains(w))).map(|(i, _)| *i).collect();
        match hits.as_slice() {
            [] => Match::None,
            [one] => Match::One(*one),
            _ => Match::Several(hits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_number_is_an_index_but_a_ratio_or_amount_is_not() {
        assert_eq!(leading_number("3"), Some(3));
        assert_eq!(leading_number("3. 1:1 reading support"), Some(3));
        assert_eq!(leading_number("Provision 12"), Some(12));
        assert_eq!(leading_number("#2"), Some(2));
        assert_eq!(leading_number("2 - speech therapy"), Some(2));
        assert_eq!(leading_number("1:1 reading support"), None);
        assert_eq!(leading_number("3 x 30 minutes maths"), None);
        assert_eq!(leading_number("reading"), None);
    }
}
