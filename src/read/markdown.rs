//! The Markdown reader, on pulldown-cmark with GFM tables.
//!
//! Keeps byte ranges and line numbers for diagnostics, HTML comments for
//! inline suppressions, `<br>` in cells as line breaks (and `<li>` in a
//! cell as an item on a line of its own), and the table cells pulldown-cmark
//! drops when a row has more cells than its header (they are recovered from
//! the source line, with a warning). Pandoc's grid, multiline and simple
//! tables are read apart ([`super::pandoc_table`]); pandoc's attributes in a
//! heading (`[]{#_Toc12 .anchor}`, `{#id}`) are not its text.

use super::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{Block, BlockKind, Cell, Document, Format, Paragraph, Row, SourceSpan, Table};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub fn read(src: &str, limits: &Limits) -> Result<Document, ReadError> {
    check_depth(src, limits)?;
    // Pandoc's grid, multiline and simple tables, which CommonMark reads as
    // paragraphs: read apart, and blanked (byte for byte, so every offset
    // holds) in the text the parser gets.
    let source_lines: Vec<(usize, &str)> = lines(src, false).collect();
    let pandoc_tables = super::pandoc_table::find(&source_lines, src.len(), limits)?;
    drop(source_lines);
    let blanked = blank(src, pandoc_tables.iter().map(|f| f.bytes.clone()));
    let src: &str = &blanked;
    let lines = LineIndex::new(src);
    let mut b = Builder {
        src,
        lines: &lines,
        doc: Document::new(Format::Markdown),
        inline: None,
        heading: None,
        in_paragraph: false,
        lists: Vec::new(),
        items: Vec::new(),
        table: None,
        table_start: 0,
        header_cells: 0,
        row: None,
        cell: None,
        pending_row_comments: Vec::new(),
        html: None,
        html_table: None,
        html_tables_open: 0,
        limits,
        table_cells: 0,
        error: None,
        code: 0,
        struck: 0,
    };
    let parser = Parser::new_ext(
        src,
        Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_DEFINITION_LIST
            // A notes app's front matter ("---" / "tags: …" / "---") is
            // not the plan's text, nor a heading.
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS,
    );
    for (event, range) in parser.into_offset_iter() {
        b.event(event, range);
        if let Some(e) = b.error.take() {
            return Err(e);
        }
    }
    b.flush_html_table(src.len());
    if let Some(e) = b.error.take() {
        return Err(e);
    }
    let mut doc = b.doc;
    if !pandoc_tables.is_empty() {
        doc.blocks = with_tables(std::mem::take(&mut doc.blocks), pandoc_tables, &lines);
    }
    Ok(doc)
}

/// `src` with the bytes in `ranges` (whole lines) made spaces, line ends
/// kept: the same length, every offset where it was.
fn blank(src: &str, ranges: impl Iterator<Item = Range<usize>>) -> std::borrow::Cow<'_, str> {
    let mut bytes: Option<Vec<u8>> = None;
    for r in ranges {
        let b = bytes.get_or_insert_with(|| src.as_bytes().to_vec());
        for c in &mut b[r] {
            if *c != b'\n' && *c != b'\r' {
                *c = b' ';
            }
        }
    }
    match bytes {
        // Whole characters were replaced, so the bytes are still UTF-8.
        Some(b) => std::borrow::Cow::Owned(
            String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        None => std::borrow::Cow::Borrowed(src),
    }
}

/// The parser's blocks with the pandoc tables (and their captions) put back
/// where they stood, by their bytes.
fn with_tables(blocks: Vec<Block>, tables: Vec<super::pandoc_table::Found>, lines: &LineIndex) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len() + tables.len() * 2);
    let mut tables = tables.into_iter().peekable();
    for block in blocks {
        let at = block.span.bytes.as_ref().map_or(0, |r| r.start);
        while let Some(t) = tables.next_if(|t| t.bytes.start <= at) {
            push_table(&mut out, t, lines);
        }
        out.push(block);
    }
    for t in tables {
        push_table(&mut out, t, lines);
    }
    out
}

fn push_table(out: &mut Vec<Block>, found: super::pandoc_table::Found, lines: &LineIndex) {
    let span = super::pandoc_table::span(&found);
    out.push(Block { kind: BlockKind::Table(found.table), span });
    if let Some((caption, bytes)) = found.caption {
        out.push(Block { kind: BlockKind::Paragraph(Paragraph::plain(caption)), span: lines.span(&bytes) });
    }
}

/// Refuse input nested deeper than the limit before parsing it: deep block
/// quotes and lists cost the parser time and memory out of proportion.
///
/// A line's depth is estimated from its container prefix: each `>` and each
/// list marker (`-`, `*`, `+`, `1.`, `1)`) is one level, and indentation
/// before the first marker counts one level per two columns (a nested list
/// item must be indented at least that far past its parent). A container
/// can only be opened on a line whose prefix reaches it, so no parse is
/// deeper than the deepest line's estimate.
fn check_depth(src: &str, limits: &Limits) -> Result<(), ReadError> {
    // Split where CommonMark ends a line, a lone CR included: a line the
    // parser sees must be a line checked here.
    for (n, (_, line)) in lines(src, false).enumerate() {
        let depth = line_depth(line.as_bytes(), limits.max_markdown_depth);
        if depth > limits.max_markdown_depth {
            return Err(Limits::exceeded(
                "max_markdown_depth",
                &format!(
                    "Line {} is nested more than {} levels deep (block quotes or lists)",
                    n + 1,
                    limits.max_markdown_depth
                ),
                limits.max_markdown_depth,
            ));
        }
    }
    Ok(())
}

/// The estimated nesting depth of one line, counted no further than
/// `limit + 1` (enough to refuse it, and cheap on a 50,000-deep line).
pub(super) fn line_depth(line: &[u8], limit: usize) -> usize {
    let mut markers = 0usize;
    let mut indent = 0usize;
    let mut i = 0;
    while i < line.len() && markers + indent / 2 <= limit {
        match line[i] {
            b' ' => {
                if markers == 0 {
                    indent += 1;
                }
                i += 1;
            }
            b'\t' => {
                if markers == 0 {
                    indent += 4;
                }
                i += 1;
            }
            b'>' => {
                markers += 1;
                i += 1;
            }
            b'-' | b'*' | b'+' if line.get(i + 1).is_none_or(|&c| c == b' ' || c == b'\t') => {
                markers += 1;
                i += 1;
            }
            b'0'..=b'9' => {
                let digits = line[i..].iter().take(10).take_while(|c| c.is_ascii_digit()).count();
                let after = line.get(i + digits + 1);
                if digits <= 9
                    && matches!(line.get(i + digits), Some(b'.' | b')'))
                    && after.is_none_or(|&c| c == b' ' || c == b'\t')
                {
                    markers += 1;
                    i += digits + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    markers + indent / 2
}

/// The lines of `src` with the byte offset of each, split where
/// [`line_end`] says. The line end is not part of the line. A final line end
/// does not start an empty line, as with `str::lines`.
pub(crate) fn lines(src: &str, text: bool) -> impl Iterator<Item = (usize, &str)> {
    let b = src.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let from = start;
        let (end, next) = match line_end(b, from, text) {
            Some((end, len)) => (end, end + len),
            None => (b.len(), b.len()),
        };
        start = next;
        Some((from, &src[from..end]))
    })
}

/// The first line end at or after `from`: its offset and length in bytes.
///
/// As CommonMark says, a line ends at LF, CR LF or a lone CR (old Mac files
/// and some PDF tools end lines with CR alone). With `text` (the plain-text
/// reader) a run of CRs before an LF is one line end ("\r\r\n", as some
/// Windows tools write), and U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
/// SEPARATOR end a line too (text copied out of some editors and PDFs).
pub(crate) fn line_end(b: &[u8], from: usize, text: bool) -> Option<(usize, usize)> {
    let mut i = from;
    loop {
        let at = i + if text {
            memchr::memchr3(b'\n', b'\r', 0xE2, &b[i..])?
        } else {
            memchr::memchr2(b'\n', b'\r', &b[i..])?
        };
        match b[at] {
            b'\n' => return Some((at, 1)),
            b'\r' => {
                let crs = if text { b[at..].iter().take_while(|&&c| c == b'\r').count() } else { 1 };
                return Some(if b.get(at + crs) == Some(&b'\n') { (at, crs + 1) } else { (at, 1) });
            }
            _ if is_unicode_separator(&b[at..]) => return Some((at, 3)),
            _ => i = at + 1,
        }
    }
}

/// Do the bytes start with U+2028 or U+2029?
pub(crate) fn is_unicode_separator(b: &[u8]) -> bool {
    b.starts_with("\u{2028}".as_bytes()) || b.starts_with("\u{2029}".as_bytes())
}

pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Line starts as CommonMark counts lines (LF, CR LF, lone CR).
    pub(crate) fn new(src: &str) -> Self {
        Self::with(src, false)
    }

    /// Line starts as the text reader counts lines (see [`line_end`]).
    pub(crate) fn text(src: &str) -> Self {
        Self::with(src, true)
    }

    fn with(src: &str, text: bool) -> Self {
        let mut starts = vec![0];
        let b = src.as_bytes();
        let mut from = 0;
        while let Some((at, len)) = line_end(b, from, text) {
            from = at + len;
            starts.push(from);
        }
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    pub(crate) fn span(&self, r: &Range<usize>) -> SourceSpan {
        SourceSpan { line: Some(self.line(r.start)), bytes: Some(r.clone()) }
    }
}

/// Text being collected for a heading, paragraph, list item or cell.
#[derive(Default)]
struct Inline {
    para: Paragraph,
    strong: usize,
    start: usize,
}

impl Inline {
    fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let start = self.para.text.len();
        // A soft hyphen (U+00AD) only says where a word may break: it is
        // never seen within a line, and would cut the word in two.
        if s.contains('\u{ad}') {
            self.para.text.extend(s.chars().filter(|&c| c != '\u{ad}'));
        } else {
            self.para.text.push_str(s);
        }
        if self.strong > 0 {
            match self.para.bold.last_mut() {
                Some(r) if r.end == start => r.end = self.para.text.len(),
                _ => self.para.bold.push(start..self.para.text.len()),
            }
        }
    }
}

struct Item {
    level: u8,
    ordered: bool,
    text: Inline,
    /// Already emitted (a nested list followed its text).
    emitted: bool,
}

struct Builder<'a> {
    src: &'a str,
    lines: &'a LineIndex,
    doc: Document,
    inline: Option<Inline>,
    heading: Option<u8>,
    in_paragraph: bool,
    lists: Vec<bool>,
    items: Vec<Item>,
    table: Option<Table>,
    table_start: usize,
    header_cells: usize,
    row: Option<Row>,
    cell: Option<Inline>,
    pending_row_comments: Vec<String>,
    html: Option<(String, usize)>,
    /// An HTML table still open at the end of an HTML block: the blank lines
    /// between its rows end CommonMark's blocks, not the table.
    html_table: Option<(String, usize)>,
    /// `<table` tags less `</table` tags in `html_table`, counted as each
    /// HTML block joins it (a table split by blank lines arrives in many).
    html_tables_open: usize,
    limits: &'a Limits,
    /// Cells in the table being read, for `max_table_cells`.
    table_cells: usize,
    /// The first limit hit; reading stops there.
    error: Option<ReadError>,
    code: usize,
    /// Inside `~~…~~`: its text is left out.
    struck: usize,
}

impl<'a> Builder<'a> {
    fn target(&mut self) -> Option<&mut Inline> {
        if let Some(c) = self.cell.as_mut() {
            return Some(c);
        }
        if let Some(i) = self.inline.as_mut() {
            return Some(i);
        }
        self.items.last_mut().filter(|i| !i.emitted).map(|i| &mut i.text)
    }

    fn push_text(&mut self, s: &str) {
        if self.code > 0 || self.struck > 0 {
            return;
        }
        if let Some(t) = self.target() {
            t.push(s);
        }
    }

    fn push_block(&mut self, kind: BlockKind, range: &Range<usize>) {
        self.doc.blocks.push(Block { kind, span: self.lines.span(range) });
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) | Event::Code(t) => self.push_text(&t),
            Event::SoftBreak | Event::HardBreak => self.push_text("\n"),
            Event::InlineHtml(h) => self.inline_html(&h, range),
            Event::Html(h) => {
                if let Some((buf, _)) = self.html.as_mut() {
                    buf.push_str(&h);
                }
            }
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn inline_html(&mut self, h: &str, range: Range<usize>) {
        let t = h.trim();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.push_text("\n");
        } else if self.cell.is_some() && (lower.starts_with("<li") || lower.starts_with("</li")) {
            // A list written as HTML in a pipe table's cell: each item on a
            // line of its own with a bullet, which makes it an item of the
            // cell's list (read/layout.rs).
            self.push_text(if lower.starts_with("<li") { "\n\u{2022}\t" } else { "\n" });
        } else if self.cell.is_some() && ["<ul", "<ol", "</ul", "</ol"].iter().any(|t| lower.starts_with(t)) {
            self.push_text("\n");
        } else if let Some(c) = comment_body(t) {
            if let Some(row) = self.row.as_mut() {
                row.comments.push(c);
            } else {
                self.push_block(BlockKind::Comment(c), &range);
            }
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some(level as u8);
                self.inline = Some(Inline { start: range.start, ..Default::default() });
            }
            Tag::Paragraph => {
                if self.items.last().is_some_and(|i| !i.emitted) {
                    // A loose list item's paragraphs are the item's text.
                    if let Some(i) = self.items.last_mut()
                        && !i.text.para.text.is_empty()
                    {
                        i.text.push("\n");
                    }
                } else {
                    self.in_paragraph = true;
                    self.inline = Some(Inline { start: range.start, ..Default::default() });
                }
            }
            Tag::List(start) => {
                // A nested list: the parent item's own text comes first.
                self.emit_open_item(range.start);
                self.lists.push(start.is_some());
            }
            Tag::Item => {
                let level = self.lists.len().saturating_sub(1).min(255) as u8;
                let ordered = self.lists.last().copied().unwrap_or(false);
                self.items.push(Item {
                    level,
                    ordered,
                    text: Inline { start: range.start, ..Default::default() },
                    emitted: false,
                });
            }
            Tag::Table(_) => {
                self.table = Some(Table::default());
                self.table_start = range.start;
                self.header_cells = 0;
                self.table_cells = 0;
            }
            Tag::TableHead => {
                self.row = Some(Row { header: true, span: self.lines.span(&range), ..Default::default() });
            }
            Tag::TableRow => {
                self.row = Some(Row { span: self.lines.span(&range), ..Default::default() });
            }
            Tag::TableCell => self.cell = Some(Inline { start: range.start, ..Default::default() }),
            // A definition list ("Gan bwy" / ": Miss Lewis") reads as a
            // two-column table of label and value rows.
            Tag::DefinitionList => {
                self.table = Some(Table::default());
                self.table_start = range.start;
                self.table_cells = 0;
            }
            Tag::DefinitionListTitle => {
                self.end_definition_row();
                self.row = Some(Row { span: self.lines.span(&range), ..Default::default() });
                self.cell = Some(Inline { start: range.start, ..Default::default() });
            }
            Tag::DefinitionListDefinition => {
                if self.row.is_none() {
                    self.row = Some(Row { span: self.lines.span(&range), ..Default::default() });
                }
                self.cell = Some(Inline { start: range.start, ..Default::default() });
            }
            Tag::Strong => {
                if let Some(t) = self.target() {
                    t.strong += 1;
                }
            }
            Tag::HtmlBlock => self.html = Some((String::new(), range.start)),
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => self.code += 1,
            // Struck-through wording (`~~…~~`) is wording the plan shows
            // as replaced: not part of the plan, as in a Word file.
            Tag::Strikethrough => {
                self.struck += 1;
                self.doc.notice(
                    "struck_text",
                    "Some text in this plan is struck through. idp-audit left it out, as wording the plan shows was \
                     replaced; if any of it is still meant to apply, ask the school to write it again plainly.",
                );
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                if let (Some(level), Some(inline)) = (self.heading.take(), self.inline.take()) {
                    let text = without_attributes(&inline.para.text);
                    if !text.trim().is_empty() {
                        self.push_block(BlockKind::Heading { level, text }, &(inline.start..range.end));
                    }
                }
            }
            TagEnd::Paragraph if self.in_paragraph => {
                self.in_paragraph = false;
                if let Some(inline) = self.inline.take()
                    && !inline.para.text.trim().is_empty()
                {
                    self.push_block(BlockKind::Paragraph(inline.para), &(inline.start..range.end));
                }
            }
            TagEnd::Item => {
                self.emit_open_item(range.end);
                self.items.pop();
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Strikethrough => self.struck = self.struck.saturating_sub(1),
            TagEnd::Strong => {
                if let Some(t) = self.target() {
                    t.strong = t.strong.saturating_sub(1);
                }
            }
            TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    let mut para = cell.para;
                    trim_para(&mut para);
                    // A second definition of one term adds to its value.
                    if row.cells.len() >= 2 {
                        let last = row.cells.last_mut().expect("two cells");
                        last.content_mut().paragraphs.push(para);
                    } else {
                        let col = row.cells.len();
                        let source = self.lines.span(&(cell.start..range.end));
                        row.cells.push(Cell { source, ..Cell::of(vec![para], col, 1) });
                        self.count_cell(col + 1);
                    }
                }
            }
            TagEnd::DefinitionList => {
                self.end_definition_row();
                if let Some(t) = self.table.take() {
                    let r = self.table_start..range.end;
                    self.push_block(BlockKind::Table(t), &r);
                }
            }
            TagEnd::TableCell => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    let col = row.cells.len();
                    let mut para = cell.para;
                    trim_para(&mut para);
                    row.cells.push(Cell {
                        source: self.lines.span(&(cell.start..range.end)),
                        ..Cell::of(vec![para], col, 1)
                    });
                    self.count_cell(col + 1);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(mut row) = self.row.take() {
                    if row.header {
                        self.header_cells = row.cells.len();
                    } else {
                        self.recover_extra_cells(&mut row);
                    }
                    let blank = row.cells.iter().all(|c| c.text().is_empty());
                    if blank && !row.comments.is_empty() {
                        // A comment line inside a table belongs to the next row.
                        self.pending_row_comments.append(&mut row.comments);
                    } else {
                        let mut pending = std::mem::take(&mut self.pending_row_comments);
                        pending.append(&mut row.comments);
                        row.comments = pending;
                        if let Some(t) = self.table.as_mut() {
                            t.rows.push(row);
                        }
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let r = self.table_start..range.end;
                    self.push_block(BlockKind::Table(t), &r);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((html, start)) = self.html.take() {
                    let (opened, closed) = table_tags(&html);
                    if let Some((table, _)) = self.html_table.as_mut() {
                        table.push('\n');
                        table.push_str(&html);
                    } else if opened > 0 {
                        self.html_table = Some((html, start));
                        self.html_tables_open = 0;
                    } else {
                        self.comments_in_html(&html, start, range.end);
                        // A collapsible block's title ("<details><summary>
                        // Reading</summary>"): the rest of the block is
                        // Markdown between the HTML lines.
                        if html.to_ascii_lowercase().contains("<summary") {
                            match super::html::blocks(&html, self.limits) {
                                Ok(blocks) => {
                                    for b in blocks {
                                        self.push_block(b.kind, &(start..range.end));
                                    }
                                }
                                Err(e) => {
                                    self.error.get_or_insert(e);
                                }
                            }
                        }
                        return;
                    }
                    // Every `<table>` has its `</table>`: the HTML table ends here.
                    self.html_tables_open = (self.html_tables_open + opened).saturating_sub(closed);
                    if self.html_tables_open == 0 {
                        self.flush_html_table(range.end);
                    }
                }
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => self.code = self.code.saturating_sub(1),
            _ => {}
        }
    }

    /// Count a cell of the pipe or definition-list table being read against
    /// the table limits; `columns` is the grid columns its row reaches.
    fn count_cell(&mut self, columns: usize) {
        self.table_cells += 1;
        let rows = self.table.as_ref().map_or(0, |t| t.rows.len()) + 1;
        if let Err(e) = self.limits.check_table(rows, columns, self.table_cells) {
            self.error.get_or_insert(e);
        }
    }

    fn end_definition_row(&mut self) {
        if let (Some(row), Some(t)) = (self.row.take(), self.table.as_mut())
            && !row.cells.is_empty()
        {
            t.rows.push(row);
        }
    }

    /// The `<!-- … -->` comments an HTML block holds (suppressions).
    fn comments_in_html(&mut self, html: &str, start: usize, end: usize) {
        let mut rest = html.trim();
        while let Some(c) = comment_body(rest) {
            self.push_block(BlockKind::Comment(c), &(start..end));
            let after = rest.find("-->").map(|i| i + 3).unwrap_or(rest.len());
            rest = rest[after..].trim_start();
        }
    }

    /// Read the pending HTML table block, if any, into tables.
    fn flush_html_table(&mut self, end: usize) {
        let Some((html, start)) = self.html_table.take() else { return };
        match super::html_table::tables(&html, self.limits) {
            Ok(tables) => {
                for table in tables {
                    self.push_block(BlockKind::Table(table), &(start..end));
                }
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    fn emit_open_item(&mut self, end: usize) {
        let Some(item) = self.items.last_mut() else {
            return;
        };
        if item.emitted {
            return;
        }
        item.emitted = true;
        let mut para = std::mem::take(&mut item.text.para);
        trim_para(&mut para);
        let (level, ordered, start) = (item.level, item.ordered, item.text.start);
        if !para.text.is_empty() {
            self.push_block(BlockKind::ListItem { level, ordered, para }, &(start..end));
        }
    }

    /// pulldown-cmark drops cells beyond the header's count; read them back
    /// from the source line and say so.
    fn recover_extra_cells(&mut self, row: &mut Row) {
        let Some(bytes) = row.span.bytes.clone() else {
            return;
        };
        let Some(line) = self.src.get(bytes) else {
            return;
        };
        let raw = split_pipes(line);
        if self.header_cells == 0 || raw.len() <= self.header_cells {
            return;
        }
        let line_no = row.span.line.unwrap_or(0);
        for (i, text) in raw.into_iter().enumerate().skip(self.header_cells) {
            let text = text.replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n");
            row.cells.push(Cell::of(vec![Paragraph::plain(text.trim())], i, 1));
            self.count_cell(i + 1);
        }
        self.doc.notice(
            "table_extra_cells",
            format!(
                "Line {line_no}: a table row has more cells than its header row. idp-audit read the extra cells, \
                 but other Markdown tools drop them: add the missing column headings."
            ),
        );
    }
}

/// How many `<table` and `</table` tags an HTML block holds, in any case.
fn table_tags(html: &str) -> (usize, usize) {
    let lower = html.to_ascii_lowercase();
    (lower.matches("<table").count(), lower.matches("</table").count())
}

/// The cells of a raw GFM table line, split on unescaped pipes outside code.
fn split_pipes(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = line.trim().chars().peekable();
    let mut in_code = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cur.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    if line.trim().starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    if line.trim().ends_with('|') && !line.trim().ends_with("\\|") {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// A heading's text without pandoc's attributes: a bracketed span
/// `[text]{#id .class}` is its text (an empty one, an anchor Word's
/// bookmarks became, is nothing), and `{#id}` at the end is dropped. Braces
/// that hold anything else stay as written.
fn without_attributes(text: &str) -> String {
    let is_attributes = |inner: &str| {
        !inner.trim().is_empty()
            && inner.split_whitespace().all(|w| w.starts_with(['#', '.']) || (w.contains('=') && !w.starts_with('=')))
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else { break };
        let inner = &rest[open + 1..close];
        if !is_attributes(inner) {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        let before = &rest[..open];
        match before.strip_suffix(']').and_then(|b| b.rfind('[').map(|i| (i, b))) {
            // "[text]{…}": the span's text stays.
            Some((i, b)) => {
                out.push_str(&b[..i]);
                out.push_str(&b[i + 1..]);
            }
            None if rest[close + 1..].trim().is_empty() => out.push_str(before.trim_end()),
            None => out.push_str(&rest[..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn comment_body(t: &str) -> Option<String> {
    let t = t.trim();
    let inner = t.strip_prefix("<!--")?;
    let end = inner.find("-->").unwrap_or(inner.len());
    Some(inner[..end].trim().to_string())
}

pub(super) fn trim_para(p: &mut Paragraph) {
    let lead = p.text.len() - p.text.trim_start().len();
    let keep = p.text.trim().len();
    if lead == 0 && keep == p.text.len() {
        return;
    }
    p.text = p.text[lead..lead + keep].to_string();
    p.bold = p
        .bold
        .iter()
        .filter_map(|r| {
            let s = r.start.saturating_sub(lead).min(keep);
            let e = r.end.saturating_sub(lead).min(keep);
            (s < e).then_some(s..e)
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<Block> {
        read(src, &Limits::default()).unwrap().blocks
    }

    #[test]
    fn line_depth_counts_quotes_markers_and_indents() {
        let d = |l: &str| line_depth(l.as_bytes(), 1000);
        assert_eq!(d("> > quoted"), 2);
        assert_eq!(d("- item"), 1);
        assert_eq!(d("    - nested item"), 3);
        assert_eq!(d("> - 1. deep"), 3);
        assert_eq!(d("- - - -"), 4);
        // Text that only looks like a marker is not one.
        assert_eq!(d("1.5 hours a week"), 0);
        assert_eq!(d("**Provision**"), 0);
        assert_eq!(d("-5 degrees"), 0);
        assert_eq!(d("2026. A year"), 1);
        // Counting stops just past the limit, however long the line.
        assert_eq!(line_depth(">".repeat(50_000).as_bytes(), 64), 65);
    }

    #[test]
    fn struck_text_is_left_out_with_a_notice() {
        let doc = read("| How often |\n|---|\n| ~~Yn ôl yr angen~~ Bob dydd |\n", &Limits::default()).unwrap();
        let BlockKind::Table(t) = &doc.blocks[0].kind else { panic!("a table") };
        assert_eq!(t.rows[1].cells[0].text(), "Bob dydd");
        assert!(doc.notices.iter().any(|n| n.code == "struck_text"));
    }

    #[test]
    fn nested_list_items_keep_order_and_level() {
        let b = blocks("- one\n  - one a\n- two\n");
        let items: Vec<(u8, String)> = b
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::ListItem { level, para, .. } => Some((*level, para.text.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(items, vec![(0, "one".into()), (1, "one a".into()), (0, "two".into())]);
    }

    #[test]
    fn extra_cells_are_recovered_and_warned() {
        let doc = read("| A | B |\n|---|---|\n| 1 | 2 | 3 |\n", &Limits::default()).unwrap();
        let BlockKind::Table(t) = &doc.blocks[0].kind else { panic!() };
        assert_eq!(t.rows[1].texts(), vec!["1", "2", "3"]);
        assert_eq!(doc.notices[0].code, "table_extra_cells");
    }

    #[test]
    fn br_in_cells_and_comments_kept() {
        let doc = read("<!-- idp-audit: ignore IDP201 -->\n\n| A |\n|---|\n| x<br>y |\n", &Limits::default()).unwrap();
        assert!(matches!(&doc.blocks[0].kind, BlockKind::Comment(c) if c == "idp-audit: ignore IDP201"));
        let BlockKind::Table(t) = &doc.blocks[1].kind else { panic!() };
        assert_eq!(t.rows[1].cells[0].paragraphs()[0].text, "x\ny");
    }

    #[test]
    fn bold_ranges_and_lines() {
        let b = blocks("# T\n\n**2B.1 Outcome:** she reads\n");
        let BlockKind::Paragraph(p) = &b[1].kind else { panic!() };
        assert_eq!(p.leading_bold(), Some("2B.1 Outcome:"));
        assert_eq!(b[1].span.line, Some(3));
    }

    #[test]
    fn pandoc_attributes_leave_headings() {
        assert_eq!(without_attributes("[]{#_Toc178245113 .anchor}3. Section 2B -- What"), "3. Section 2B -- What");
        assert_eq!(without_attributes("Section 2B {#sec-2b .unnumbered}"), "Section 2B");
        assert_eq!(without_attributes("[Section 2B]{.underline} – ALP"), "Section 2B – ALP");
        assert_eq!(without_attributes("Costs {in brackets} stay"), "Costs {in brackets} stay");
        assert_eq!(without_attributes("Odd { and } and {"), "Odd { and } and {");
        let b = blocks("## []{#_Toc1 .anchor}3. Section 2B -- What support\n");
        assert!(matches!(&b[0].kind, BlockKind::Heading { text, .. } if text == "3. Section 2B -- What support"));
    }

    #[test]
    fn split_pipes_handles_escapes() {
        assert_eq!(split_pipes("| a \\| b | `c|d` | e |"), vec!["a | b", "`c|d`", "e"]);
    }
}
