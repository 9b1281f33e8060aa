//! Folded text: the form every lexicon match runs on.
//!
//! Plans write the same word many ways: "As Needed", "as needed", "lle bo’n
//! bosibl" with a curly apostrophe, "10–15 minutes" with an en dash. Folding
//! lower-cases the text, straightens quotes, turns dashes into "-" and
//! non-breaking spaces into spaces, so a lexicon entry is written once. A map
//! from folded bytes back to the original keeps every reported span exact.

use std::borrow::Cow;
use std::ops::Range;

/// Whether a character must never be written into an output: C0 and C1
/// control characters (but tab and line feed), and the noncharacters
/// U+FFFE and U+FFFF. XML 1.0 forbids most of them (Word refuses a file
/// holding one), a terminal takes some as commands, and none means
/// anything in a plan's words.
pub(crate) fn is_unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Text with every unprintable character (see [`is_unprintable`]) made a
/// space, or dropped inside a word ("r\u{1}eading" is "reading", as text
/// taken from a PDF often holds): safe in a Word document, a Markdown file,
/// a CSV cell or SARIF.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    // For each place, whether the next printable character is a letter or
    // digit: one pass from the end, so a long run of control characters
    // costs its length once.
    let mut next_alnum = vec![false; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        next_alnum[i] = if is_unprintable(chars[i]) { next_alnum[i + 1] } else { chars[i].is_alphanumeric() };
    }
    let mut out = String::with_capacity(text.len());
    let mut prev_alnum = false;
    for (i, &c) in chars.iter().enumerate() {
        if !is_unprintable(c) {
            out.push(c);
            prev_alnum = c.is_alphanumeric();
        } else if !(out.ends_with(' ') || prev_alnum && next_alnum[i + 1]) {
            out.push(' ');
            prev_alnum = false;
        }
    }
    Cow::Owned(out)
}

#[derive(Debug, Clone)]
pub(crate) struct Folded {
    pub text: String,
    /// For each byte of `text` (and one past the end), the byte offset in the
    /// original it came from.
    map: Vec<usize>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        for (i, c) in original.char_indices() {
            // Most of a plan is plain ASCII: lower-case it without the
            // general path's tables.
            if c.is_ascii() && !matches!(c, '`' | '\t' | '\n' | '\r') {
                text.push(c.to_ascii_lowercase());
                map.push(i);
                continue;
            }
            let mut push = |s: &str| {
                for _ in 0..s.len() {
                    map.push(i);
                }
                text.push_str(s);
            };
            match fold_char(c).or_else(|| fold_accent(c)) {
                Some(f) => push(f),
                None => {
                    if c.is_uppercase() {
                        let mut buf = [0u8; 4];
                        let lower: String = c.to_lowercase().collect();
                        // Keep byte lengths tied to the original character.
                        if lower.is_empty() {
                            push(c.encode_utf8(&mut buf));
                        } else {
                            push(&lower);
                        }
                    } else {
                        let mut buf = [0u8; 4];
                        push(c.encode_utf8(&mut buf));
                    }
                }
            }
        }
        map.push(original.len());
        Folded { text, map }
    }

    /// The original byte range of a folded range.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.map[r.start.min(self.map.len() - 1)];
        // The end maps to the start of the next original character.
        let end = if r.end >= self.map.len() - 1 {
            *self.map.last().unwrap()
        } else {
            let mut e = self.map[r.end];
            if r.end > r.start && e == self.map[r.end - 1] {
                // Inside one original character: take all of it.
                let mut k = r.end;
                while k < self.map.len() - 1 && self.map[k] == e {
                    k += 1;
                }
                e = self.map[k];
            }
            e
        };
        start..end.max(start)
    }

    /// The folded byte offset of an original byte offset (the first folded
    /// byte at or after it).
    pub(crate) fn folded_offset(&self, original: usize) -> usize {
        self.map.partition_point(|&o| o < original)
    }

    pub(crate) fn folded_range(&self, r: &Range<usize>) -> Range<usize> {
        self.folded_offset(r.start)..self.folded_offset(r.end)
    }
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => "-",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => " ",
        '\u{00D7}' => "x",
        '\t' | '\n' | '\r' => " ",
        _ => return None,
    })
}

/// Welsh (and other Latin) letters with accents fold to their base letter,
/// upper or lower case: "ŵ" and "Ŵ" to "w", "ô" to "o". Welsh text then
/// matches as ASCII, which the regex engine's fast path needs (a Unicode
/// word boundary next to a non-ASCII letter sends it to a slow fallback),
/// and "grwp" typed without its circumflex still matches.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => "a",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ŵ' | 'Ŵ' | 'ẁ' | 'ẃ' | 'ẅ' | 'Ẁ' | 'Ẃ' | 'Ẅ' => "w",
        'ŷ' | 'Ŷ' | 'ý' | 'ÿ' | 'ỳ' | 'Ý' | 'Ỳ' | 'Ÿ' => "y",
        'ç' | 'Ç' => "c",
        'ñ' | 'Ñ' => "n",
        _ => return None,
    })
}

/// Fold the literal characters of a regular expression from the lexicon the
/// way text is folded, leaving the syntax alone: "yn ôl" matches folded
/// "yn ol", while `\P{Lu}` keeps its capitals.
///
/// Word boundaries become ASCII ones, `(?-u:\b)`: folded text is ASCII
/// but for the rare symbol, and a Unicode `\b` makes the regex engine's
/// fast lazy DFA give up on any text with a non-ASCII character in it.
/// `\s`, `\d` and `\w` become ASCII classes too: Unicode ones compile into
/// large automata, and compiling is most of a single plan's run time.
pub(crate) fn fold_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if !in_class => out.push_str("(?-u:\\b)"),
                Some(n @ ('s' | 'd' | 'w')) if !in_class => {
                    out.push_str("(?-u:\\");
                    out.push(n);
                    out.push(')');
                }
                Some('s') => out.push_str(" \\t\\n\\x0B\\x0C\\r"),
                Some('d') => out.push_str("0-9"),
                Some('w') => out.push_str("0-9A-Za-z_"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // "[]…]" and "[^]…]": a "]" first in a class is a literal.
                let rest = chars.as_str();
                let lead = if rest.starts_with('^') { 1 } else { 0 };
                if rest[lead..].starts_with(']') {
                    for _ in 0..=lead {
                        out.push(chars.next().unwrap());
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            c if c.is_ascii() => out.push(c),
            c => out.push_str(fold_char(c).or_else(|| fold_accent(c)).unwrap_or(c.encode_utf8(&mut [0u8; 4]))),
        }
    }
    out
}

/// Fold a lexicon entry the same way as text.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

/// Is the character before `start` and after `end` in `text` a word
/// boundary? (Letters, digits and apostrophes inside words are not.)
pub(crate) fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let inner = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let edge_ok_before = !inner(first) || !inner(before);
    let edge_ok_after = !inner(last) || !inner(after);
    edge_ok_before && edge_ok_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprintable_characters_inside_a_word_are_dropped_and_elsewhere_are_a_space() {
        assert_eq!(printable("r\u{1}eading"), "reading");
        assert_eq!(printable("sm\u{2}\u{3}all group"), "small group");
        assert_eq!(printable("two\u{1b} words"), "two  words");
        assert_eq!(printable("end.\u{7}Next"), "end. Next");
        assert_eq!(printable("a\u{fffe}"), "a ");
        assert_eq!(printable("plain"), "plain");
    }

    #[test]
    fn folds_case_quotes_and_dashes() {
        let f = Folded::new("Lle bo’n Bosibl – 10–15 Mins");
        assert_eq!(f.text, "lle bo'n bosibl - 10-15 mins");
        let i = f.text.find("bo'n").unwrap();
        let r = f.original(i..i + 4);
        assert_eq!(&"Lle bo’n Bosibl – 10–15 Mins"[r], "bo’n");
    }

    #[test]
    fn maps_back_across_multibyte() {
        let s = "Grŵp bach × 3 ŴYTHNOS";
        let f = Folded::new(s);
        assert_eq!(f.text, "grwp bach x 3 wythnos");
        let i = f.text.find("wythnos").unwrap();
        assert_eq!(&s[f.original(i..f.text.len())], "ŴYTHNOS");
        let g = f.text.find("grwp").unwrap();
        assert_eq!(&s[f.original(g..g + 4)], "Grŵp");
        assert_eq!(f.folded_offset(s.len()), f.text.len());
    }

    #[test]
    fn patterns_fold_their_letters_not_their_syntax() {
        assert_eq!(fold_pattern(r"\byn ôl\b"), r"(?-u:\b)yn ol(?-u:\b)");
        assert_eq!(fold_pattern(r"(?-i:\p{Lu})[a-zâŵ\b]"), r"(?-i:\p{Lu})[a-zaw\b]");
        // Perl classes are ASCII ones: digits are parsed as ASCII digits
        // anyway, and Unicode classes cost startup time to compile.
        assert_eq!(fold_pattern(r"\d+\s*[\d\s.]x\w"), r"(?-u:\d)+(?-u:\s)*[0-9 \t\n\x0B\x0C\r.]x(?-u:\w)");
        assert_eq!(fold_pattern(r"[^]x]\b"), r"[^]x](?-u:\b)");
    }

    #[test]
    fn word_boundaries() {
        assert!(is_word_boundary("as needed.", 0, 9));
        assert!(!is_word_boundary("someone", 0, 4));
        assert!(is_word_boundary("(some)", 1, 5));
        assert!(is_word_boundary("1:1", 0, 3));
    }
}
