//! Characters into text: spaces where the page leaves a gap (PDF writers
//! often move the pen instead of drawing a space), one space for a line
//! break, and the bold ranges.
//!
//! A line break is a space only where the writer broke the line at a space.
//! LibreOffice draws that space at the end of the line when it fits, and
//! none where it had to break a word too long for its table cell ("minute"
//! / "s", "Wednesday" / ","); so when a document's lines end with drawn
//! spaces, a line of one word, or ending in a hyphen, with no space drawn
//! after it goes on with the next line. See [`spaced_wraps`] and
//! [`glued`].

use super::content::Glyph;
use crate::types::model::Paragraph;

/// A gap wider than this share of the font size between two characters on
/// one line is a space (a letter's own spacing is under a tenth of it).
pub(super) const SPACE_GAP: f32 = 0.18;

/// Whether the writer draws a space at the end of a line broken at a space:
/// among the places where the text goes on at the start of the next line
/// down, enough have a drawn space before them.
pub(super) fn spaced_wraps(pages: &[Vec<Glyph>]) -> bool {
    let (mut wraps, mut spaced) = (0usize, 0usize);
    for glyphs in pages {
        let mut last: Option<&Glyph> = None;
        let mut space = false;
        for g in glyphs.iter().filter(|g| !g.artifact) {
            if g.ch.is_whitespace() {
                space = true;
                continue;
            }
            if let Some(p) = last {
                let s = p.size.max(1.0);
                let down = p.y - g.y;
                if down > 0.5 * s && down < 2.5 * s && g.x < p.x {
                    wraps += 1;
                    spaced += usize::from(space);
                }
            }
            space = false;
            last = Some(g);
        }
    }
    spaced >= 3 && spaced * 10 >= wraps
}

/// Whether a line break with no space drawn at it joins the words either
/// side: only when the writer draws spaces at breaks ([`spaced_wraps`]), and
/// the line was one word (a word too long for its cell) or ended in a
/// hyphen ("half-" / "termly").
pub(super) fn glued(spaced_wraps: bool, one_word: bool, last: &str) -> bool {
    let mut end = last.chars().rev();
    let hyphen = end.next() == Some('-') && end.next().is_some_and(char::is_alphabetic);
    spaced_wraps && (one_word || hyphen)
}

#[derive(Default)]
pub(super) struct TextBuilder {
    /// Words on the current line so far, less one.
    line_words: usize,
    text: String,
    bold: Vec<std::ops::Range<usize>>,
    /// The last character: page, right edge, baseline, size.
    last: Option<(usize, f32, f32, f32)>,
    space: bool,
    /// A tab before the next character ([`TextBuilder::tab`]).
    tab: bool,
    /// A line break before the next character (a line opening with a bullet).
    line_break: bool,
    /// Line ends are spaces only when a space is drawn there ([`spaced_wraps`]).
    pub spaced_wraps: bool,
    /// Where the paragraph's lines end: the right edge of its cell's text
    /// (`ruled`), or of its widest line. A word is cut at a line's end only
    /// if the next letter would have gone past it, and (at a ruled edge)
    /// a space would not have: a line broken at a space has it drawn when
    /// it fits.
    pub edge: f32,
    pub ruled: bool,
}

impl TextBuilder {
    pub fn new(spaced_wraps: bool) -> TextBuilder {
        TextBuilder { spaced_wraps, edge: f32::INFINITY, ..TextBuilder::default() }
    }

    pub fn push(&mut self, page: usize, g: &Glyph) {
        if g.ch == '\u{AD}' {
            return;
        }
        if g.ch.is_whitespace() || g.ch.is_control() {
            self.space = true;
            if let Some(l) = self.last.as_mut() {
                l.1 = g.x + g.w;
            }
            return;
        }
        if let Some((p, right, y, size)) = self.last {
            let s = size.max(g.size).max(1.0);
            let new_line = p != page || (g.y - y).abs() > 0.5 * s;
            if new_line {
                let last_word = self.text.rsplit(' ').next().unwrap_or("");
                let capital = g.ch.is_uppercase() && last_word.ends_with(char::is_lowercase);
                // A line never starts with closing punctuation after a break
                // at a space.
                let closing = matches!(g.ch, ',' | '.' | ';' | ':' | ')' | '!' | '?');
                let full =
                    right + g.w >= self.edge - 0.5 && (closing || !self.ruled || right + 0.28 * s <= self.edge + 0.5);
                if !glued(self.spaced_wraps, self.line_words == 0 && !capital && full, last_word) {
                    self.space = true;
                }
                // A line that opens with a bullet starts an item of its own:
                // lines broken by hand ("• one" / "• two" in one paragraph,
                // as the Word file has them), not text run on.
                if is_bullet(g.ch) {
                    self.line_break = true;
                }
                self.line_words = 0;
            } else if g.x - right > SPACE_GAP * s || g.x < right - 2.0 * s {
                self.space = true;
            }
            if (self.space || self.tab) && !new_line {
                self.line_words += 1;
            }
        }
        let start = self.text.len();
        if self.line_break && !self.text.is_empty() {
            self.text.push('\n');
        } else if self.tab && !self.text.is_empty() {
            self.text.push('\t');
        } else if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.tab = false;
        self.line_break = false;
        self.text.push(g.ch);
        if g.bold {
            self.bold_from(start);
        }
        self.last = Some((page, g.x + g.w, g.y, g.size));
    }

    /// A tab before the next character (a label kept apart from its text).
    pub fn tab(&mut self) {
        self.tab = true;
    }

    /// A word, after `sep` (nothing, a space or a tab).
    pub fn push_word(&mut self, word: &str, bold: bool, sep: &str) {
        if word.is_empty() {
            return;
        }
        let start = self.text.len();
        if !self.text.is_empty() {
            self.text.push_str(sep);
        }
        self.text.push_str(word);
        if bold {
            self.bold_from(start);
        }
    }

    fn bold_from(&mut self, start: usize) {
        match self.bold.last_mut() {
            // Extend over the space just written, too.
            Some(r) if r.end >= start => r.end = self.text.len(),
            _ => self.bold.push(start..self.text.len()),
        }
    }

    pub fn finish(self) -> Paragraph {
        let mut text = self.text;
        let keep = text.trim_end().len();
        text.truncate(keep);
        let bold =
            self.bold.into_iter().map(|r| r.start.min(keep)..r.end.min(keep)).filter(|r| !r.is_empty()).collect();
        Paragraph { text, bold, style: None, list: None }
    }
}

/// A bullet drawn as a character ("•", a symbol font's "\u{f0b7}"): never
/// the first letter of a line that runs on.
pub(super) fn is_bullet(c: char) -> bool {
    matches!(c, '\u{f000}'..='\u{f0ff}' | '•' | '●' | '▪' | '■' | '◦' | '○' | '➢' | '✓')
}

/// A heading without the outline number the word processor drew before it
/// ("3. Adran 2B" reads "Adran 2B", "1.2 Profile" reads "Profile"): a Word
/// or LibreOffice file keeps that number out of the heading's text, and a
/// PDF of it should read the same.
pub(super) fn heading_text(text: &str) -> String {
    let t = crate::types::model::collapse_ws(text);
    let num = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    let starts_with_digit = t.starts_with(|c: char| c.is_ascii_digit());
    let paren = t[num..].starts_with(')');
    let rest = if paren { &t[num + 1..] } else { &t[num..] };
    let outline = paren || t[..num].contains('.') || num <= 2;
    if starts_with_digit && outline && num <= 8 && rest.starts_with(' ') && !rest.trim().is_empty() {
        rest.trim().to_string()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_numbers_leave_headings() {
        assert_eq!(heading_text("3. Adran 2B / Section 2B"), "Adran 2B / Section 2B");
        assert_eq!(heading_text("1.2 Profile"), "Profile");
        assert_eq!(heading_text("2B. Provision"), "2B. Provision");
        assert_eq!(heading_text("2025 review"), "2025 review");
        assert_eq!(heading_text("4) Outcomes"), "Outcomes");
        assert_eq!(heading_text("12"), "12");
    }

    #[test]
    fn a_tab_keeps_a_label_apart_from_its_text() {
        let g =
            |x: f32, ch: char| Glyph { x, y: 700.0, w: 6.0, size: 11.0, ch, bold: false, mcid: None, artifact: false };
        let mut tb = TextBuilder::new(true);
        for (i, ch) in "2B.1".chars().enumerate() {
            tb.push(0, &g(56.0 + 6.0 * i as f32, ch));
        }
        tb.tab();
        tb.push(0, &g(80.5, 'T'));
        tb.push(0, &g(86.5, 'o'));
        assert_eq!(tb.finish().text, "2B.1\tTo");
    }

    #[test]
    fn a_line_opening_with_a_bullet_is_a_line_of_its_own() {
        let g =
            |x: f32, y: f32, ch: char| Glyph { x, y, w: 6.0, size: 11.0, ch, bold: false, mcid: None, artifact: false };
        let mut tb = TextBuilder::new(true);
        for (i, ch) in "• one".chars().enumerate() {
            tb.push(0, &g(56.0 + 6.0 * i as f32, 700.0, ch));
        }
        for (i, ch) in "• two".chars().enumerate() {
            tb.push(0, &g(56.0 + 6.0 * i as f32, 686.0, ch));
        }
        for (i, ch) in "three".chars().enumerate() {
            tb.push(0, &g(56.0 + 6.0 * i as f32, 672.0, ch));
        }
        assert_eq!(tb.finish().text, "• one\n• two three");
    }

    #[test]
    fn hyphens_and_cut_words_join_across_lines() {
        assert!(glued(true, false, "half-"));
        assert!(!glued(true, false, "-"));
        assert!(glued(true, true, "minute"));
        assert!(!glued(false, true, "minute"));
    }
}
