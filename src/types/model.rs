//! The format-free document model that sits between the readers and the
//! Section 2B locator.
//!
//! Every reader (DOCX, Markdown, plain text) produces a [`Document`]: a flat
//! sequence of [`Block`]s in reading order. Nothing downstream knows which
//! format a block came from, so a new input format is one new reader.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The input formats idp-audit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Markdown,
    Text,
    Pdf,
}

impl Format {
    /// The name used in the JSON report (`document.format`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Pdf => "pdf",
        }
    }
}

/// A whole plan as read from one file.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    pub blocks: Vec<Block>,
    /// Things the reader noticed that the user should know about (unaccepted
    /// tracked changes, table cells a Markdown parser dropped, lossy decoding).
    pub notices: Vec<Notice>,
}

impl Document {
    pub fn new(format: Format) -> Self {
        Document { format, blocks: Vec::new(), notices: Vec::new() }
    }

    pub fn notice(&mut self, code: &'static str, message: impl Into<String>) {
        if !self.notices.iter().any(|n| n.code == code) {
            self.notices.push(Notice { code, message: message.into() });
        }
    }
}

/// The notice code a reader gives when it could not rebuild a table or list
/// with confidence (cells of a PDF table one to a line, columns that do not
/// line up): what it read may be fragments, and the report must say so.
pub const LAYOUT_UNCERTAIN: &str = "layout_uncertain";

/// A reader's remark about the document as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Stable, machine-readable code, e.g. `tracked_changes`.
    pub code: &'static str,
    pub message: String,
}

/// Where a block came from in its source file. Markdown and text readers
/// know lines and bytes; the DOCX reader knows only the order of blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSpan {
    /// 1-based line of the first byte, for text formats.
    pub line: Option<usize>,
    /// Byte range in the source file, for text formats.
    pub bytes: Option<Range<usize>>,
}

/// One block of a document, in reading order.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: SourceSpan,
}

#[derive(Debug, Clone)]
pub enum BlockKind {
    /// A heading from markup (Markdown `#`, a Word heading style or outline
    /// level). `level` is 1 for the highest rank.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Paragraph),
    /// An item of a bulleted or numbered list. `level` is 0 for top-level
    /// items. The item's own text only: nested items are their own blocks.
    ListItem {
        level: u8,
        ordered: bool,
        para: Paragraph,
    },
    Table(Table),
    /// The content of a Word text box, kept apart from the paragraph that
    /// anchors it.
    TextBox(Vec<Block>),
    /// An HTML comment in a Markdown file, kept for inline suppressions.
    Comment(String),
}

/// A paragraph's text and the little formatting the locator needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, with line breaks (`w:br`, Markdown soft and hard breaks) as
    /// `\n` and tabs as `\t`.
    pub text: String,
    /// Byte ranges of `text` set in bold.
    pub bold: Vec<Range<usize>>,
    /// The Word style name, when there is one (e.g. "List Number", "toc 1").
    pub style: Option<String>,
    /// A paragraph inside a table cell that is an item of a list (a bullet
    /// or a number, Word's own or typed): each is a provision of its own,
    /// with the row's other cells. A list outside tables is
    /// [`BlockKind::ListItem`] blocks instead.
    pub list: Option<ListMark>,
}

/// A list item's place: its level (0 for the top) and whether it is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListMark {
    pub level: u8,
    pub ordered: bool,
}

/// The characters a table's cells are marked with to point at a note under
/// the table ("Weekly for 6 weeks*", then "* Subject to availability…").
const NOTE_MARKS: [char; 3] = ['*', '†', '‡'];

/// A note under a table: its mark (a run of one mark character: "*", "**",
/// "†") and its text, with any "=" or ":" after the mark taken off ("** =
/// 10 minutes" is the note "10 minutes" for "**").
pub fn note_mark(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let c = t.chars().next().filter(|c| NOTE_MARKS.contains(c))?;
    let mark_len = t.len() - t.trim_start_matches(c).len();
    let rest = t[mark_len..].trim_start().trim_start_matches(['=', ':', '-', '–']).trim();
    rest.chars().next().filter(|c| c.is_alphanumeric()).map(|_| (&t[..mark_len], rest))
}

/// The byte ranges of the marks in `text`: each maximal run of one mark
/// character.
pub fn mark_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !NOTE_MARKS.contains(&c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if d != c {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        out.push(start..end);
    }
    out
}

/// A list marker typed at the start of a paragraph rather than made by the
/// word processor's numbering: "1." / "2)" / "a)" / "(i)" / "(3)" / "•",
/// "-", "*", "▪", "o" and the like, followed by a tab or a space. Returns
/// the mark and the byte length of the marker with its white space.
///
/// The guideline counts typed markers exactly as Word's own numbering. A
/// marker must be followed by white space and then text, so "1:1 support",
/// "3.30pm" and "-5 minutes" are not list items; a letter or roman numeral
/// must be lower case or in brackets, so "A. Smith" is not one.
pub fn typed_list_marker(text: &str) -> Option<(ListMark, usize)> {
    let lead = text.len() - text.trim_start_matches([' ', '\u{a0}']).len();
    let t = &text[lead..];
    let bullet = |c: char| {
        matches!(
            c,
            '•' | '●'
                | '▪'
                | '■'
                | '◦'
                | '‣'
                | '∙'
                | '·'
                | '-'
                | '–'
                | '*'
                | '○'
                | '□'
                | '➢'
                | '✓'
                | '\u{f0b7}'
                | '\u{f0a7}'
        )
    };
    let mut chars = t.char_indices();
    let (first_at, first) = chars.next()?;
    let _ = first_at;
    let marker_end = if bullet(first) || (first == 'o' && t[1..].starts_with('\t')) {
        Some((first.len_utf8(), false))
    } else if first == '(' {
        // "(i)", "(a)", "(3)"
        let close = t.find(')')?;
        let inner = &t[1..close];
        let ok = (!inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()))
            || (!inner.is_empty() && inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit()));
        ok.then_some((close + 1, true))
    } else {
        // "1.", "12)", "a)", "a.", "iv."
        let stem_len = t.find(['.', ')']).filter(|&i| i > 0 && i <= 4)?;
        let stem = &t[..stem_len];
        let ok = (stem.len() <= 2 && stem.chars().all(|c| c.is_ascii_digit()))
            || (stem.len() == 1 && stem.chars().all(|c| c.is_ascii_lowercase()))
            || stem.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
        ok.then_some((stem_len + 1, true))
    };
    let (len, ordered) = marker_end?;
    let rest = &t[len..];
    // White space after the marker, then words: "– –" (two empty table
    // cells on one line, as pdftotext writes them) is no item.
    let gap = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    if gap == 0 || !rest[gap..].chars().any(char::is_alphanumeric) {
        return None;
    }
    // "* = in every session" under a table is the key to its marks, not a
    // bullet.
    if rest[gap..].starts_with(['=', ':']) {
        return None;
    }
    // "- 5 minutes" is a dash before a number, not a bullet... unless tabbed.
    if !ordered && !rest.starts_with('\t') && first != '•' && first != '▪' && first != '●' {
        let next = rest[gap..].chars().next().unwrap_or(' ');
        if next.is_ascii_digit() {
            return None;
        }
    }
    let level = u8::try_from(lead / 2).unwrap_or(u8::MAX).min(8);
    Some((ListMark { level, ordered }, lead + len + gap))
}

impl Paragraph {
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph { text: text.into(), ..Default::default() }
    }

    /// True when every non-blank character of the paragraph is bold. One
    /// pass: the readers record bold ranges in order and apart, so a range
    /// left behind never covers a later character.
    pub fn all_bold(&self) -> bool {
        let mut ranges = std::borrow::Cow::Borrowed(&self.bold);
        if !self.bold.is_sorted_by_key(|r| r.start) {
            crate::sort::sort_by_key(ranges.to_mut(), |r| r.start);
        }
        let mut next = ranges.iter().peekable();
        let mut visible = false;
        for (i, c) in self.text.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            visible = true;
            while next.peek().is_some_and(|r| r.end <= i) {
                next.next();
            }
            // Ranges may overlap once sorted: any that starts at or before
            // this character and has not ended covers it.
            if !next.clone().take_while(|r| r.start <= i).any(|r| r.contains(&i)) {
                return false;
            }
        }
        visible
    }

    /// The bold text at the very start of the paragraph (a field label such
    /// as "2B.1 Outcome:"), when there is one.
    pub fn leading_bold(&self) -> Option<&str> {
        let start = self.text.len() - self.text.trim_start().len();
        let r = self.bold.iter().find(|r| r.start <= start && r.end > start)?;
        self.text.get(r.start..r.end).map(str::trim).filter(|s| !s.is_empty())
    }
}

/// A table as a grid: rows of cells, each cell knowing the grid column it
/// starts in and how many it spans.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Marked as a header row by the source (Word `tblHeader`, the Markdown
    /// table head).
    pub header: bool,
    pub span: SourceSpan,
    /// HTML comments written on or just before the row (Markdown), kept for
    /// inline suppressions.
    pub comments: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// What the cell holds. Shared, not copied: a vertically merged cell
    /// carried down into the rows it covers is the same content in each, so
    /// a large cell merged over many rows costs its size once.
    pub content: Arc<CellContent>,
    /// First grid column (0-based) the cell occupies.
    pub col: usize,
    /// Number of grid columns the cell spans (`gridSpan`).
    pub span: usize,
    /// The cell continues a vertical merge: its text is that of the cell
    /// above, carried down, because it belongs to this row too.
    pub merged_from_above: bool,
    pub source: SourceSpan,
}

/// A cell's paragraphs and nested tables, with what is worked out from them
/// once: locating and splitting ask for a cell's text many times, once per
/// row a merged cell covers.
#[derive(Debug, Clone, Default)]
pub struct CellContent {
    /// The cell's paragraphs in order. A line break inside a paragraph is `\n`.
    pub paragraphs: Vec<Paragraph>,
    /// Tables nested inside the cell.
    pub nested: Vec<Table>,
    /// The order of the paragraphs and nested tables, where a reader knows
    /// it (a heading, then a nested table, then a note): empty means the
    /// paragraphs, then the tables.
    pub order: Vec<CellPart>,
    /// The cache behind [`Cell::text`].
    joined: OnceLock<String>,
    /// The cache behind [`Cell::all_bold`].
    bold: OnceLock<bool>,
    /// The cache behind [`Cell::is_rule`].
    rule: OnceLock<bool>,
    /// The cache behind [`Cell::words`].
    words: OnceLock<usize>,
}

/// One piece of a cell, in order: the `n`th paragraph or nested table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellPart {
    Paragraph(usize),
    Table(usize),
}

impl CellContent {
    pub fn new(paragraphs: Vec<Paragraph>, nested: Vec<Table>) -> Self {
        CellContent { paragraphs, nested, ..Default::default() }
    }

    /// The paragraphs and nested tables in the order they stand.
    pub fn parts(&self) -> Vec<CellPart> {
        if !self.order.is_empty() {
            return self.order.clone();
        }
        (0..self.paragraphs.len()).map(CellPart::Paragraph).chain((0..self.nested.len()).map(CellPart::Table)).collect()
    }
}

impl Cell {
    /// A cell of `paragraphs` (no nested table) at grid column `col`.
    pub fn of(paragraphs: Vec<Paragraph>, col: usize, span: usize) -> Self {
        Cell { content: CellContent::new(paragraphs, Vec::new()).into(), col, span, ..Default::default() }
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.content.paragraphs
    }

    pub fn nested(&self) -> &[Table] {
        &self.content.nested
    }

    /// The content to change, copied first if another cell shares it (a
    /// reader adding to a cell it has just made never pays the copy). What
    /// was worked out from the old content is forgotten.
    pub fn content_mut(&mut self) -> &mut CellContent {
        let c = Arc::make_mut(&mut self.content);
        c.joined = OnceLock::new();
        c.bold = OnceLock::new();
        c.rule = OnceLock::new();
        c.words = OnceLock::new();
        c
    }

    /// The cell as one line of text: paragraphs and line breaks joined by a
    /// space, runs of white space collapsed, nested tables included. Worked
    /// out once, on first use. Readers finish a cell before they ask.
    pub fn text(&self) -> &str {
        let content = &*self.content;
        content.joined.get_or_init(|| {
            let mut out = String::new();
            for p in &content.paragraphs {
                push_words(&mut out, &p.text);
            }
            for t in &content.nested {
                for row in &t.rows {
                    for c in &row.cells {
                        push_words(&mut out, c.text());
                    }
                }
            }
            out
        })
    }

    /// True when every non-blank character in the cell is bold.
    pub fn all_bold(&self) -> bool {
        *self.content.bold.get_or_init(|| {
            let mut visible = self.content.paragraphs.iter().filter(|p| !p.text.trim().is_empty()).peekable();
            visible.peek().is_some() && visible.all(Paragraph::all_bold)
        })
    }

    /// How many words the cell's text has, counted up to [`Cell::MAX_WORDS`]
    /// (enough to tell a short label or title from prose).
    pub fn words(&self) -> usize {
        *self.content.words.get_or_init(|| self.text().split_whitespace().take(Self::MAX_WORDS).count())
    }

    pub const MAX_WORDS: usize = 64;

    /// True when the cell is empty or holds only a rule drawn with dashes,
    /// dots and spaces ("----", "…"): a row of such cells is blank.
    pub fn is_rule(&self) -> bool {
        *self.content.rule.get_or_init(|| {
            let t = self.text().trim();
            t.is_empty() || t.chars().all(|c| matches!(c, '-' | '–' | '—' | '.' | ' '))
        })
    }
}

impl Row {
    /// The number of grid columns the row reaches.
    pub fn width(&self) -> usize {
        self.cells.iter().map(|c| c.col + c.span.max(1)).max().unwrap_or(0)
    }

    pub fn texts(&self) -> Vec<&str> {
        self.cells.iter().map(Cell::text).collect()
    }
}

/// Append `text` to `out` with its white space collapsed to single spaces.
pub fn push_words(out: &mut String, text: &str) {
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// `text` with every run of white space (line breaks included) collapsed to
/// one space and the ends trimmed.
pub fn collapse_ws(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_words(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_under_a_table_and_the_marks_that_point_at_them() {
        assert_eq!(
            note_mark("* Subject to availability of the NHS service."),
            Some(("*", "Subject to availability of the NHS service."))
        );
        assert_eq!(note_mark("** = 10 minutes"), Some(("**", "10 minutes")));
        assert_eq!(note_mark("†: if staffing allows"), Some(("†", "if staffing allows")));
        // A lone mark, or a mark before nothing that reads, is no note.
        assert_eq!(note_mark("*"), None);
        assert_eq!(note_mark("* = "), None);
        assert_eq!(note_mark("Weekly*"), None);
        assert_eq!(mark_runs("Weekly for 6 weeks*"), vec![18..19]);
        assert_eq!(mark_runs("* **"), vec![0..1, 2..4]);
        assert_eq!(mark_runs("Weekly"), Vec::<std::ops::Range<usize>>::new());
    }

    #[test]
    fn typed_markers_are_list_items_and_look_alikes_are_not() {
        fn mark(t: &str) -> Option<(bool, &str)> {
            typed_list_marker(t).map(|(m, n)| (m.ordered, &t[n..]))
        }
        assert_eq!(mark("1.\tSpeech and language therapy"), Some((true, "Speech and language therapy")));
        assert_eq!(mark("a)\tPhonics"), Some((true, "Phonics")));
        assert_eq!(mark("(iv) Reading"), Some((true, "Reading")));
        assert_eq!(mark("•\tVisual timetable"), Some((false, "Visual timetable")));
        // Empty cells written on one line are no item.
        assert_eq!(mark("– –"), None);
        assert_eq!(mark("- -"), None);
        assert_eq!(mark("- Movement breaks"), Some((false, "Movement breaks")));
        assert_eq!(mark("o\tSensory circuit"), Some((false, "Sensory circuit")));
        for not in [
            "1:1 support daily",
            "3.30pm pick-up",
            "- 5 minutes",
            "A. Smith (HLTA)",
            "2B Provision",
            "1.",
            "•",
            "e.g. a TA",
            "* = in every session",
        ] {
            assert_eq!(mark(not), None, "{not}");
        }
        assert_eq!(typed_list_marker("    b)\tsub-item").map(|(m, _)| m.level), Some(2));
    }

    #[test]
    fn all_bold_needs_every_visible_char() {
        let mut p = Paragraph::plain("Section 2B");
        assert!(!p.all_bold());
        p.bold = std::iter::once(0..7).collect();
        assert!(!p.all_bold());
        p.bold = vec![0..7, 7..10];
        assert!(p.all_bold());
    }

    #[test]
    fn leading_bold_is_the_label() {
        let p = Paragraph {
            text: "2B.1 Outcome: she will read".into(),
            bold: std::iter::once(0..13).collect(),
            style: None,
            list: None,
        };
        assert_eq!(p.leading_bold(), Some("2B.1 Outcome:"));
        assert_eq!(Paragraph::plain("x").leading_bold(), None);
    }

    #[test]
    fn cell_text_joins_paragraphs_and_breaks() {
        let c = Cell::of(vec![Paragraph::plain("Weekly,\n30  minutes"), Paragraph::plain("Wythnosol")], 0, 1);
        assert_eq!(c.text(), "Weekly, 30 minutes Wythnosol");
    }
}
