//! What a PDF does to words, undone: lines joined across a hard wrap
//! without the hyphen the typesetter added ("speech and lan-" / "guage"),
//! soft hyphens (U+00AD) dropped, and ligatures ("ﬁ", "ﬂ", "ﬀ", "ﬃ") written
//! out, so the lexicon finds "qualified" and "staff" in them.
//!
//! A hyphen at the end of a line is either the typesetter's (the word goes
//! on) or the writer's (a compound broken at its own hyphen: "one-to-" /
//! "one", "Year-" / "6"). No dictionary comes with the tool, so the plan is
//! its own: a word the plan writes whole elsewhere is joined whole, a
//! compound it writes hyphenated elsewhere keeps its hyphen, and a part
//! after the hyphen that the plan uses as a word of its own ("one", "led",
//! "term") makes a compound; a fragment no line of the plan uses on its own
//! ("guage", "sation") is the rest of a broken word.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The soft hyphen: a place a word may be broken, invisible unless it is.
const SOFT_HYPHEN: char = '\u{ad}';

/// The words of a plan, to tell a broken word from a broken compound.
/// Words are kept as hashes of their folded form: a plan's vocabulary is
/// asked only whether it holds a word, and a large file's words need not
/// be copied to be asked about.
#[derive(Debug, Default)]
pub(crate) struct Joiner {
    /// Every word the plan uses on its own, lower-cased, ligatures written
    /// out; a compound's parts count as words ("one-to-one" gives "one").
    words: HashSet<u64>,
    /// Every hyphenated compound the plan writes whole, lower-cased.
    compounds: HashSet<u64>,
}

/// A character of a word, for de-hyphenation: a letter or digit (a
/// ligature is letters; a soft hyphen sits inside a word).
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == SOFT_HYPHEN || is_ligature(c)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
}

/// The folded form of a word, hashed.
fn key(word: &str) -> u64 {
    let mut h = DefaultHasher::new();
    for c in word.chars().filter(|&c| c != SOFT_HYPHEN) {
        match c {
            '\u{fb00}'..='\u{fb06}' => repair(c.encode_utf8(&mut [0; 4])).chars().for_each(|l| l.hash(&mut h)),
            c => c.to_lowercase().for_each(|l| l.hash(&mut h)),
        }
    }
    h.finish()
}

impl Joiner {
    /// The words of `src`. A word counts only where it stands inside a line
    /// of text: the first word of a line, or of a column's text after a
    /// wide gap, may be the rest of a word broken on the line above, and a
    /// word before a hyphen that ends a line or a column's text may be the
    /// start of one. A plan with no such hyphen needs no words.
    pub(crate) fn new(src: &str) -> Self {
        let mut j = Joiner::default();
        let breaks_words = src.contains(SOFT_HYPHEN)
            || src
                .match_indices('-')
                .any(|(i, _)| src[i + 1..].starts_with([' ', '\n', '\r', '\t']) || i + 1 == src.len());
        if !breaks_words {
            return j;
        }
        for line in src.split(['\n', '\r', '\u{c}', '\u{2028}', '\u{2029}']) {
            // A gap of two spaces or more (or a tab) starts a column's text.
            for piece in line.split("  ").flat_map(|p| p.split('\t')) {
                let tokens = piece.split(|c: char| !(word_char(c) || is_hyphen(c))).filter(|s| !s.is_empty());
                for (k, token) in tokens.enumerate() {
                    let broken_after = token.ends_with(is_hyphen) || token.ends_with(SOFT_HYPHEN);
                    let whole = token.trim_matches(is_hyphen);
                    let parts: Vec<&str> = whole.split(is_hyphen).filter(|p| !p.is_empty()).collect();
                    let m = parts.len();
                    for (q, part) in parts.iter().enumerate() {
                        if (q == 0 && k == 0) || (q + 1 == m && broken_after) {
                            continue;
                        }
                        j.words.insert(key(part));
                    }
                    if m >= 2 && k > 0 && !broken_after {
                        j.compounds.insert(key(whole));
                    }
                }
            }
        }
        j
    }

    /// Append the wrapped line `next` to `acc`: after a space, or straight
    /// on where the line ended inside a word or a range ("stages 1–" /
    /// "3)").
    pub(crate) fn join(&self, acc: &mut String, next: &str) {
        let next = next.trim();
        if next.is_empty() {
            return;
        }
        if acc.is_empty() {
            acc.push_str(next);
            return;
        }
        if acc.ends_with(SOFT_HYPHEN) {
            acc.pop();
            acc.push_str(next);
            return;
        }
        let mut rev = acc.chars().rev();
        let last = rev.next().unwrap_or(' ');
        let before = rev.next().unwrap_or(' ');
        let first = next.chars().next().unwrap_or(' ');
        if (is_hyphen(last) || last == '–') && !before.is_whitespace() {
            if is_hyphen(last) && before.is_alphabetic() && first.is_lowercase() && !self.keeps_hyphen(acc, next) {
                acc.pop();
            }
            // A range or a compound goes on without a space: "1–3",
            // "2-day", "one-to-one".
            acc.push_str(next);
            return;
        }
        acc.push(' ');
        acc.push_str(next);
    }

    /// Does the hyphen ending `acc` belong to a compound that goes on in
    /// `next`? `next` starts with a lower-case letter.
    fn keeps_hyphen(&self, acc: &str, next: &str) -> bool {
        let body = acc.strip_suffix(is_hyphen).unwrap_or(acc);
        let head_start = body
            .char_indices()
            .rev()
            .find(|&(_, c)| !(word_char(c) || is_hyphen(c)))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let head = &body[head_start..];
        let tail_end = next.find(|c: char| !(word_char(c) || is_hyphen(c))).unwrap_or(next.len());
        let tail = &next[..tail_end];
        // The last piece of the head and the first of the tail: the word
        // the typesetter would have broken.
        let head_last = head.rsplit(is_hyphen).next().unwrap_or("");
        let tail_first = tail.split(is_hyphen).next().unwrap_or("");
        if head_last.is_empty() || tail_first.is_empty() {
            return true;
        }
        if self.words.contains(&key(&format!("{head_last}{tail_first}"))) {
            return false;
        }
        if self.compounds.contains(&key(&format!("{head}-{tail}"))) {
            return true;
        }
        self.words.contains(&key(tail_first))
    }
}

fn is_ligature(c: char) -> bool {
    ('\u{fb00}'..='\u{fb06}').contains(&c)
}

/// `text` with ligatures written out and soft hyphens dropped; borrowed
/// when it has neither.
pub(crate) fn repair(text: &str) -> Cow<'_, str> {
    if !text.contains(|c: char| c == SOFT_HYPHEN || is_ligature(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            SOFT_HYPHEN => {}
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(src: &str, a: &str, b: &str) -> String {
        let mut acc = a.to_string();
        Joiner::new(src).join(&mut acc, b);
        acc
    }

    #[test]
    fn a_broken_word_is_joined_and_a_broken_compound_keeps_its_hyphen() {
        let plan = "Weekly sessions, one to one, with a speech and lan-\nguage therapist.\nYear 6 staff.";
        // "guage" is used nowhere on its own: the typesetter broke "language".
        assert_eq!(joined(plan, "speech and lan-", "guage therapist"), "speech and language therapist");
        // "one" is a word of the plan: "one-to-one" is a compound.
        assert_eq!(joined(plan, "delivered one-to-", "one by"), "delivered one-to-one by");
        // After a hyphen, a capital or a digit starts a word of its own.
        assert_eq!(joined(plan, "from Year-", "6 staff"), "from Year-6 staff");
        assert_eq!(joined(plan, "non-", "English"), "non-English");
        // A range goes on without a space.
        assert_eq!(joined(plan, "(stages 1–", "3)"), "(stages 1–3)");
        // A dash set apart by spaces is punctuation, not a break.
        assert_eq!(joined(plan, "responses –", "date to be arranged"), "responses – date to be arranged");
    }

    #[test]
    fn the_plan_decides_between_a_word_and_a_compound() {
        // The plan writes "wellbeing" whole elsewhere: the break is the typesetter's.
        let whole = "Her wellbeing matters.\nemotional well-\nbeing support";
        assert_eq!(joined(whole, "emotional well-", "being support"), "emotional wellbeing support");
        // The plan writes "well-being" hyphenated elsewhere: the hyphen is the writer's.
        let hyphenated = "Her well-being matters.\nemotional well-\nbeing support";
        assert_eq!(joined(hyphenated, "emotional well-", "being support"), "emotional well-being support");
        // A ligature is its letters.
        let ligature = "Training for all sta\u{fb00} in the oﬃce.\nmore sta-\nff";
        assert_eq!(joined(ligature, "more sta-", "ff training"), "more staff training");
        // "sation" is no word of the plan, even though "organi-" / "sation" is in it.
        let plan = "personal organi-\r\nsation, as appropriate";
        assert_eq!(joined(plan, "personal organi-", "sation, as appropriate"), "personal organisation, as appropriate");
    }

    #[test]
    fn soft_hyphens_and_ligatures() {
        assert_eq!(joined("", "Certiﬁcate in Learn\u{ad}", "ing Mentoring"), "Certiﬁcate in Learning Mentoring");
        assert_eq!(
            repair("be\u{ad}haviour, qualiﬁed staﬀ, oﬃcer, ﬂexible"),
            "behaviour, qualified staff, officer, flexible"
        );
        assert!(matches!(repair("plain “quoted” text"), Cow::Borrowed(_)));
    }
}
