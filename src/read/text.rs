//! The plain-text reader, for `.txt` files such as text copied out of a PDF.
//!
//! PDF text arrives with hard line breaks inside sentences, words broken
//! at the margin, ligatures, page headers and footers repeated on every
//! page ("Page 3 of 7", the child's name, "CONFIDENTIAL"), and paragraphs
//! cut in two by a page break. Tables arrive drawn with `+`, `-` and `|`,
//! as tab-separated rows, as columns padded with spaces (`pdftotext
//! -layout`), or as one cell after another (`pdftotext` without
//! `-layout`); and a bilingual plan may set its two languages side by
//! side. This reader drops the page furniture, rebuilds the tables it can
//! rebuild with confidence (and says so of one it cannot), reads two
//! columns side by side as pairs, joins wrapped lines and broken words,
//! mends paragraphs split across pages, and gives each paragraph, list
//! item or labelled field as one block.

use super::ReadError;
use super::markdown::{LineIndex, line_end};
use super::text_repair::{Joiner, repair};
use super::{text_cards, text_cells, text_layout, text_table};
use crate::lexicon::columns::column_role;
use crate::lexicon::sections;
use crate::types::limits::Limits;
use crate::types::model::{
    Block, BlockKind, Document, Format, ListMark, Paragraph, SourceSpan, Table, typed_list_marker,
};
use crate::types::provision::Role;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A line that may open a section: a bare number and a capitalised word
/// ("3 Outcomes", "4. Review"). It may as well be a numbered list item or
/// a wrapped line that starts with a date ("2 June 2026"), so it opens a
/// block only where the line before ended its paragraph.
static WEAK_SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d{1,2}(?:\.|\s*[:–—-])?\s+\p{Lu}").unwrap());

/// A numbered list item: "1.  Language for Thinking…", "12) Advice…".
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})[.)]\s+").unwrap());

/// A record's numbered label at a line's start: "ALP 2 —", "Item 3:",
/// "Eitem 4 –". Its label (lower case) and number.
static NUMBERED_RECORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\p{L}[\p{L} ]{0,24}?)\s+(\d{1,3})\s*[—–:.)-]\s").unwrap());

fn numbered_record(line: &str) -> Option<(String, u32)> {
    let c = NUMBERED_RECORD.captures(line)?;
    Some((c[1].to_lowercase(), c[2].parse().ok()?))
}

/// Does `line` open the record numbered after the one `para` opens with
/// ("ALP 2 —" after "ALP 1 — …")? Records written one to a line are as
/// long as a wrapped paragraph's lines, so only their numbers part them.
fn next_record(para: &str, line: &str) -> bool {
    match (numbered_record(para), numbered_record(line)) {
        (Some((a, m)), Some((b, n))) => a == b && n == m + 1,
        _ => false,
    }
}

static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*2B\.\d\b").unwrap());

/// "Frequency ...... : 4 x weekly" as "Frequency: 4 x weekly".
fn without_leader(line: &str) -> std::borrow::Cow<'_, str> {
    match text_cards::DOTTED.captures(line) {
        Some(c) => format!("{}: {}", c[1].trim_end(), &c[2]).into(),
        None => line.into(),
    }
}

/// A paragraph's run-in title: one to four words and a full stop at the
/// start of a line, then a sentence ("In-class support. Noah should…",
/// "Check-ins. A member of…").
static RUN_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\p{Lu}[\p{L}'’-]+(?:\s+[\p{L}'’-]+){0,3})\.\s+[\p{Lu}\d]").unwrap());

/// Does this line open a paragraph with a run-in title, after a line that
/// ended a sentence? Titles of address ("Mr. Jones") are not titles.
fn opens_with_run_in_title(prev: Option<&str>, line: &str) -> bool {
    let sentence_ended = prev.is_some_and(|p| p.trim_end().ends_with(['.', '!', '?', ':']));
    sentence_ended
        && RUN_IN_TITLE.captures(line).is_some_and(|c| {
            let title = c[1].to_lowercase();
            !matches!(title.as_str(), "mr" | "mrs" | "ms" | "dr" | "st" | "no" | "rev" | "prof" | "miss")
        })
}

/// The stable code of the notice for a table whose cells could not be laid
/// out in rows.
pub const NOTICE_TABLE_NOT_REBUILT: &str = "text_table_not_rebuilt";
/// The stable code of the notice for a table cell cut by a page break whose
/// end was worked out from its column's width.
pub const NOTICE_CELL_GUESSED: &str = "text_table_cell_guessed";

/// One line of the text, a slice of the source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub text: &'a str,
    /// The byte in the source the line starts at.
    pub start: usize,
    /// A page boundary (form feed or removed page furniture) lies just before.
    pub page_break_before: bool,
}

/// What the running text is read with: line numbers, and the plan's words
/// (to mend words broken at the margin).
struct Context<'a> {
    index: &'a LineIndex,
    joiner: &'a Joiner,
}

pub fn read(src: &str, limits: &Limits) -> Result<Document, ReadError> {
    let index = LineIndex::text(src);
    let joiner = Joiner::new(src);
    let cx = Context { index: &index, joiner: &joiner };
    let mut doc = Document::new(Format::Text);
    let lines = clean_lines(src);
    let page_width = page_width(&lines);
    // Tables are cut out first; the text between them is read as
    // paragraphs. A scan that finds no table says how far a table could
    // not start, so no line is scanned again and again.
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let breaks: Vec<bool> = lines.iter().map(|l| l.page_break_before).collect();
    let mut from = 0;
    let mut i = 0;
    // A grid scan that finds no table has read a block of grid lines; a
    // scan from a later border in that block is not tried (it would read
    // the same block again, and again for each border in it). The same
    // for the other kinds of table.
    let mut no_grid_until = 0;
    let mut no_layout_until = 0;
    let mut no_cells_until = 0;
    let mut no_wrapped_until = 0;
    // Label cards are found in one pass over the whole text.
    let mut cards = match text_cards::cards(&texts, limits)? {
        Some(found) => Some(found),
        None => text_cards::dotted_records(&texts, limits)?,
    };
    while i < lines.len() {
        // A table found here: it and the lines it takes, `start..end`.
        let mut found: Option<(Table, usize, usize)> = None;
        if cards.as_ref().is_some_and(|(_, start, _)| *start == i) {
            found = cards.take();
        }
        if found.is_none() && i >= no_grid_until {
            match text_table::grid(&texts[i..], limits)? {
                text_table::Grid::Table(table, used) => found = Some((table, i, i + used)),
                text_table::Grid::NotTable { lines } => no_grid_until = i + lines,
            }
        }
        if found.is_none() && i >= no_wrapped_until {
            let join = &sections::get().join_words;
            match text_table::wrapped_columns(&texts[i..], &breaks[i..], join, limits)? {
                (Some((table, used)), _) => found = Some((table, i, i + used)),
                (None, scanned) => no_wrapped_until = i + scanned,
            }
        }
        if found.is_none() {
            found = text_table::tsv(&texts[i..], &breaks[i..], limits)?.map(|(table, used)| (table, i, i + used));
        }
        if found.is_none() && texts[i].contains(',') {
            found = text_table::csv(&texts[i..], limits)?.map(|(table, used)| (table, i, i + used));
        }
        if found.is_none() && i >= no_layout_until {
            match text_layout::table(&lines[i..], &joiner, limits)? {
                text_layout::Layout::Table(table, used) => found = Some((table, i, i + used)),
                text_layout::Layout::NotTable { lines } => no_layout_until = i + lines,
            }
        }
        if found.is_none() && i >= no_cells_until && may_open_cells(&lines, i) {
            match text_cells::table(&lines, i, from, page_width, &joiner, limits)? {
                text_cells::Cells::Table { table, from: start, to, guessed } => {
                    if guessed {
                        doc.notice(
                            NOTICE_CELL_GUESSED,
                            "A table cell cut by a page break ran on into the next cell with no gap between them; \
                             where one ends and the other starts was worked out from the column's width, so a line \
                             may sit in the wrong cell.",
                        );
                    }
                    found = Some((table, start, to));
                }
                text_cells::Cells::NotRebuilt { to } => {
                    doc.notice(
                        NOTICE_TABLE_NOT_REBUILT,
                        "A table in this plan came as one cell after another (as pdftotext writes a PDF's table), \
                         and its cells do not fill whole rows (a cell left empty, or one of two paragraphs), so its \
                         rows could not be rebuilt with confidence. Its text was read as paragraphs: some provisions \
                         may be cut into pieces. Copying the plan from the Word file, or running pdftotext with \
                         -layout, keeps the table whole.",
                    );
                    no_cells_until = to;
                }
                text_cells::Cells::NoHeader => {}
            }
        }
        let Some((table, start, end)) = found else {
            i += 1;
            continue;
        };
        let end = end.max(start + 1);
        running_text(&lines[from..start], &cx, &mut doc.blocks);
        push_table(table, &lines[start..end], &cx, &mut doc.blocks);
        i = end;
        from = i;
    }
    running_text(&lines[from..], &cx, &mut doc.blocks);
    for b in &mut doc.blocks {
        repair_block(b);
    }
    Ok(doc)
}

/// A table into `out`, spanning `lines`; each row without a place of its
/// own gets its line number from its bytes.
fn push_table(mut table: Table, lines: &[Line], cx: &Context, out: &mut Vec<Block>) {
    let lines = trim_blank(lines);
    let (start, end) = match (lines.first(), lines.last()) {
        (Some(f), Some(l)) => (f.start, l.start + l.text.len()),
        _ => (0, 0),
    };
    for row in &mut table.rows {
        if row.span.line.is_none()
            && let Some(b) = &row.span.bytes
        {
            row.span.line = Some(cx.index.line(b.start));
        }
    }
    out.push(Block {
        kind: BlockKind::Table(table),
        span: SourceSpan { line: Some(cx.index.line(start)), bytes: Some(start..end) },
    });
}

fn trim_blank<'l, 'a>(lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
    let first = lines.iter().position(|l| !l.text.trim().is_empty()).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| !l.text.trim().is_empty()).map_or(first, |k| k + 1);
    &lines[first..last.max(first)]
}

/// Can a table of cell blocks start at line `i`? Its first header word
/// stands at the start of a block, or after a line that ends a sentence
/// or a heading (the tool runs the text above a table into its first
/// cell). Cheap, so that the scan is tried only where it may succeed.
fn may_open_cells(lines: &[Line], i: usize) -> bool {
    let t = lines[i].text.trim();
    if t.is_empty() || t.split_whitespace().count() > 6 {
        return false;
    }
    let at_block_start = i.checked_sub(1).map(|k| lines[k].text.trim()).is_none_or(|prev| {
        prev.is_empty() || lines[i].page_break_before || prev.ends_with(['.', ':', ';']) || is_heading_line(prev)
    });
    // A header word, alone or wrapped onto the next line ("Pa mor aml ac
    // am" / "ba hyd").
    at_block_start
        && (column_role(t) != Role::Other
            || lines.get(i + 1).is_some_and(|next| column_role(&format!("{t} {}", next.text.trim())) != Role::Other))
}

/// The width of the page's running text, in characters: most lines of
/// prose come close to it.
fn page_width(lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines.iter().map(|l| l.text.trim().chars().count()).filter(|&n| n > 0).collect();
    if widths.is_empty() {
        return 80;
    }
    crate::sort::sort(&mut widths);
    widths[(widths.len() * 19 / 20).min(widths.len() - 1)].max(40)
}

/// Ligatures written out and soft hyphens dropped, in every text of a block.
fn repair_block(b: &mut Block) {
    let fix = |s: &mut String| {
        if let std::borrow::Cow::Owned(o) = repair(s) {
            *s = o;
        }
    };
    match &mut b.kind {
        BlockKind::Heading { text, .. } | BlockKind::Comment(text) => fix(text),
        BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => fix(&mut p.text),
        BlockKind::Table(t) => {
            for row in &mut t.rows {
                for cell in &mut row.cells {
                    if cell.paragraphs().iter().any(|p| matches!(repair(&p.text), std::borrow::Cow::Owned(_))) {
                        for p in &mut cell.content_mut().paragraphs {
                            fix(&mut p.text);
                        }
                    }
                }
            }
        }
        BlockKind::TextBox(inner) => inner.iter_mut().for_each(repair_block),
    }
}

/// Running text into blocks: stretches set as two columns side by side
/// are read column by column, the rest line by line.
fn running_text(lines: &[Line], cx: &Context, out: &mut Vec<Block>) {
    let mut from = 0;
    for stretch in text_layout::two_column_stretches(lines) {
        paragraphs(&lines[from..stretch.lines.start], cx, out);
        two_columns(&lines[stretch.lines.clone()], stretch.gutter, cx, out);
        from = stretch.lines.end;
    }
    paragraphs(&lines[from..], cx, out);
}

/// Two columns side by side. Where their blocks start on the same lines
/// (a bilingual plan, one language beside the other, or labels beside
/// their values) each pair is one block, the left column's text, then the
/// right's; otherwise the left column is read, then the right.
fn two_columns(lines: &[Line], gutter: usize, cx: &Context, out: &mut Vec<Block>) {
    let (left, right): (Vec<Line>, Vec<Line>) = lines.iter().map(|l| text_layout::split_line(l, gutter)).unzip();
    let mut lb = Vec::new();
    let mut rb = Vec::new();
    paragraphs(&left, cx, &mut lb);
    paragraphs(&right, cx, &mut rb);
    let left_starts: std::collections::HashSet<Option<usize>> = lb.iter().map(|b| b.span.line).collect();
    let paired = rb.iter().filter(|r| left_starts.contains(&r.span.line)).count();
    if paired * 5 < rb.len() * 3 || lb.is_empty() {
        out.extend(lb);
        out.extend(rb);
        return;
    }
    // Right blocks by the left block they belong with: the one that starts
    // on the same line, or else the last that starts before.
    let mut rights = rb.into_iter().peekable();
    let starts: Vec<Option<usize>> = lb.iter().map(|b| b.span.line).collect();
    while let Some(r) = rights.next_if(|r| r.span.line < starts[0]) {
        out.push(r);
    }
    for (k, l) in lb.into_iter().enumerate() {
        let next_start = starts.get(k + 1).copied().flatten();
        let mut mine = Vec::new();
        while let Some(r) = rights.next_if(|r| next_start.is_none_or(|n| r.span.line.is_some_and(|rl| rl < n))) {
            mine.push(r);
        }
        out.push(pair(l, mine));
    }
}

/// A left block and the right blocks beside it as one: headings joined by
/// " / " (as bilingual titles are written), other text by " | " (as the
/// cells of a row are).
fn pair(left: Block, rights: Vec<Block>) -> Block {
    fn text(b: &Block) -> &str {
        match &b.kind {
            BlockKind::Heading { text, .. } => text,
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => &p.text,
            _ => "",
        }
    }
    if rights.is_empty() {
        return left;
    }
    // The left column decides the kind: a value beside its label may
    // look like a heading ("30 September 2026") when the label does not.
    let heading = matches!(left.kind, BlockKind::Heading { .. });
    let mut joined = text(&left).to_string();
    let mut end = left.span.bytes.as_ref().map_or(0, |b| b.end);
    for r in &rights {
        joined.push_str(if heading { " / " } else { " | " });
        joined.push_str(text(r));
        end = end.max(r.span.bytes.as_ref().map_or(0, |b| b.end));
    }
    let list = |b: &Block| match b.kind {
        BlockKind::ListItem { level, ordered, .. } => Some((level, ordered)),
        _ => None,
    };
    let kind = match (&left.kind, list(&left).or_else(|| rights.first().and_then(list))) {
        (BlockKind::Heading { level, .. }, _) => BlockKind::Heading { level: *level, text: joined },
        (_, Some((level, ordered))) => BlockKind::ListItem { level, ordered, para: Paragraph::plain(joined) },
        _ => BlockKind::Paragraph(Paragraph::plain(joined)),
    };
    let start = left.span.bytes.as_ref().map_or(0, |b| b.start);
    Block { kind, span: SourceSpan { line: left.span.line, bytes: Some(start..end.max(start)) } }
}

/// A paragraph being built: its text, first and last byte, whether a page
/// boundary lies before it, its first line's indent, and the list marker
/// it opens with.
struct Para {
    text: String,
    start: usize,
    end: usize,
    page_break: bool,
    indent: usize,
    /// The list marker the first line opens with, and its length in bytes
    /// at the start of `text`.
    marker: Option<(ListMark, usize)>,
}

/// The indent of a line, a tab counting four.
fn indent_of(t: &str) -> usize {
    t.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// The list marker a line opens with, and the marker's length in bytes
/// (white space after it included): a typed bullet or number, or an "o"
/// set deeper than the text of the item above (the second level of a
/// list from Word, "▪" over "o"). A lone "o" at the text's own indent is
/// a word (in Welsh, "o" is "of").
fn list_marker(line: &str, item_text_col: Option<usize>) -> Option<(ListMark, usize)> {
    let t = line.trim_start();
    if let Some((mark, len)) = typed_list_marker(t) {
        return Some((mark, len));
    }
    let rest = t.strip_prefix("o ")?;
    let gap = rest.len() - rest.trim_start().len();
    let deeper = item_text_col.is_some_and(|col| indent_of(line) > col);
    (deeper && rest.trim_start().starts_with(char::is_alphabetic))
        .then_some((ListMark { level: 0, ordered: false }, 2 + gap))
}

/// Read lines of running text as paragraphs, list items and headings.
fn paragraphs(lines: &[Line], cx: &Context, out: &mut Vec<Block>) {
    let wrap = wrap_width(lines);
    let mut paras: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    let mut pending_break = false;
    // The last line of the paragraph being built, to tell a wrapped line
    // (the one before it ran to the margin) from a new block.
    let mut prev_line: Option<&str> = None;
    // The column the text of the last list item starts at: an "o" set
    // deeper is an item under it.
    let mut item_text_col: Option<usize> = None;
    for line in lines {
        pending_break |= line.page_break_before;
        let t = line.text.trim_end();
        if t.trim().is_empty() {
            paras.extend(cur.take());
            prev_line = None;
            continue;
        }
        let indent = indent_of(t);
        let dotted = text_cards::DOTTED.is_match(t);
        let t_owned = without_leader(t);
        let t: &str = &t_owned;
        let marker = list_marker(t, item_text_col);
        let ended = prev_line.is_none_or(|p| (p.trim().chars().count() as f64) < wrap * 0.75);
        let starts_new = hash_heading(t).is_some()
            || marker.is_some()
            // A form's tick box opens the line ("[x] Precision Teaching"):
            // each option is a block of its own, and the layout pass leaves
            // out the options not ticked.
            || super::layout::tick_box(t).is_some()
            || LABEL_LINE.is_match(t)
            || dotted
            || sections::get().strong_section.is_match(t)
            || (ended && t.trim_start().starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
            || opens_with_run_in_title(prev_line, t)
            || cur.as_ref().is_some_and(|p| next_record(&p.text, t));
        // A heading goes on to the next line only when it was cut mid-phrase
        // ("Adran 2B – Disgrifiad o'r ddarpariaeth … a sut y" / "caiff ei
        // darparu").
        // A heading that ends on a separator ("ADRAN 2B / SECTION 2B
        // DISGRIFIAD … /" then "DESCRIPTION OF …", one language's title
        // beside the other's) goes on whatever the case of the next line.
        let heading_goes_on = |h: &str| {
            let cut_at_separator = h.trim_end().ends_with(['/', '–', '—', '&']);
            heading_like(t)
                && (cut_at_separator
                    || !h.ends_with(['.', ':', ';', ')']) && t.trim_start().starts_with(char::is_lowercase))
        };
        let prev_heading = cur.as_ref().is_some_and(|p| is_heading_line(&p.text) && !heading_goes_on(&p.text));
        if let Some(p) = cur.as_mut().filter(|_| !starts_new && !prev_heading && !pending_break) {
            cx.joiner.join(&mut p.text, t);
            p.end = line.start + line.text.len();
        } else {
            paras.extend(cur.take());
            let body = t.trim();
            cur = Some(Para {
                text: body.to_string(),
                start: line.start,
                end: line.start + line.text.len(),
                page_break: pending_break,
                indent,
                marker,
            });
            pending_break = false;
            match marker {
                Some((_, len)) if !t.trim_start().starts_with("o ") || item_text_col.is_none() => {
                    item_text_col = Some(indent + t.trim_start()[..len].chars().count());
                }
                Some(_) => {}
                None if item_text_col.is_some_and(|col| indent < col) => item_text_col = None,
                None => {}
            }
        }
        prev_line = Some(line.text);
    }
    paras.extend(cur.take());

    // Mend paragraphs cut by a page break or a stray blank line.
    let mut mended: Vec<Para> = Vec::new();
    for p in paras {
        if let Some(prev) = mended.last_mut()
            && p.marker.is_none()
            && continues(&prev.text, &p.text, p.page_break)
        {
            cx.joiner.join(&mut prev.text, &p.text);
            prev.end = p.end;
            continue;
        }
        mended.push(p);
    }

    // The number of the last numbered list item, so "3. Regular
    // opportunities…" after items 1 and 2 continues the list rather than
    // opening a section 3.
    let mut last_number: Option<u32> = None;
    // Whether each paragraph is followed by a list item set deeper: a
    // short numbered line over such items ("1. Literacy" over "a) …") is
    // an item titling them, not a section heading.
    let over_items: Vec<bool> = (0..mended.len())
        .map(|k| mended.get(k + 1).is_some_and(|next| next.marker.is_some() && next.indent > mended[k].indent))
        .collect();
    for (p, over_items) in mended.into_iter().zip(over_items) {
        let span = SourceSpan { line: Some(cx.index.line(p.start)), bytes: Some(p.start..p.end) };
        let text = p.text;
        let numbered = NUMBERED.captures(&text).and_then(|c| c[1].parse::<u32>().ok());
        let continues_list = numbered.is_some_and(|n| last_number.is_some_and(|l| l + 1 == n)) || over_items;
        let kind = if let Some((level, heading)) = hash_heading(&text) {
            last_number = None;
            BlockKind::Heading { level, text: heading.to_string() }
        } else if is_heading_line(&text)
            || (numbered.is_some() && !continues_list && heading_like(&text))
            || (numbered.is_none() && WEAK_SECTION.is_match(&text) && heading_like(&text))
        {
            last_number = None;
            let level = if sections::is_element_heading(&text) { 3 } else { 1 };
            BlockKind::Heading { level, text }
        } else if let Some((mark, len)) = p.marker {
            last_number = numbered.or(last_number.filter(|_| mark.ordered));
            let body = text.get(len..).unwrap_or(&text).trim().to_string();
            BlockKind::ListItem {
                level: (p.indent / 2).min(8) as u8,
                ordered: mark.ordered,
                para: Paragraph::plain(body),
            }
        } else {
            BlockKind::Paragraph(Paragraph::plain(text))
        };
        out.push(Block { kind, span });
    }
}

/// A Markdown heading line ("## 2B Additional learning provision"), as
/// plans written in Markdown and saved as .txt have: its level and its
/// text without the marks. As in Markdown, one to six '#' and a space.
fn hash_heading(text: &str) -> Option<(u8, &str)> {
    let t = text.trim();
    let marks = t.bytes().take_while(|&c| c == b'#').count();
    if !(1..=6).contains(&marks) {
        return None;
    }
    let rest = t[marks..].strip_prefix([' ', '\t'])?;
    // A closing run of '#' is not part of the text ("## 2B ##").
    let body = rest.trim_end_matches('#').trim();
    // "# of sessions: 3" in a table copied out of a PDF is not a heading:
    // a heading's text starts with a capital or a number.
    (body.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())).then_some((marks as u8, body))
}

/// A short line that surely opens a section ("Section 2B: Description of
/// ALP", "ALP ELEMENT 1: OCCUPATIONAL THERAPY", "SECTION 3 OUTCOMES").
pub(crate) fn is_heading_line(text: &str) -> bool {
    let t = text.trim();
    hash_heading(t).is_some()
        || t.len() <= 120 && sections::get().strong_section.is_match(t) && !LABEL_LINE.is_match(t) && !t.ends_with('.')
        || (t.len() <= 60
            && t.chars().any(char::is_alphabetic)
            && t == t.to_uppercase()
            && t.split_whitespace().count() <= 8)
}

/// A line that opens a section of the form ("Section 2C", "Adran 3 –
/// Canlyniadau", "## 4"): the end of a table before it. Unlike
/// [`is_heading_line`], a short line in capitals is not one, since a
/// table's cell may be an acronym ("HLTA", "CADY").
pub(crate) fn opens_section(text: &str) -> bool {
    let t = text.trim();
    hash_heading(t).is_some()
        || t.len() <= 120 && sections::get().strong_section.is_match(t) && !LABEL_LINE.is_match(t) && !t.ends_with('.')
}

/// Short enough, and unpunctuated enough, to be a heading ("3. Outcomes").
fn heading_like(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 60 && t.split_whitespace().count() <= 8 && !t.ends_with('.') && !t.contains([',', ';'])
}

/// The width the text was wrapped at: most full lines reach it.
fn wrap_width(lines: &[Line]) -> f64 {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.text.trim().chars().count()).filter(|&n| n > 0).collect();
    if lens.is_empty() {
        return 80.0;
    }
    crate::sort::sort(&mut lens);
    let p90 = lens[(lens.len() * 9 / 10).min(lens.len() - 1)];
    (p90 as f64).max(40.0)
}

/// Does `next` continue the paragraph `prev` (cut by a page break or a
/// stray blank line)? It does when `prev` stops mid-sentence and `next`
/// goes on in lower case; after a page break, also when `next` opens with
/// a bracket or punctuation that never starts a paragraph ("(seven lessons
/// across Thursday and Friday)."), or `prev` ends in a word a sentence
/// never ends with ("the", "gan").
fn continues(prev: &str, next: &str, page_break: bool) -> bool {
    if is_heading_line(prev) || is_heading_line(next) || LABEL_LINE.is_match(next) {
        return false;
    }
    let prev = prev.trim_end();
    if prev.ends_with(['.', '!', '?', ':', ';', ')', '"', '\'', '’', '”']) {
        return false;
    }
    let first = next.chars().next().unwrap_or(' ');
    if first.is_lowercase() {
        return true;
    }
    if page_break && matches!(first, '(' | '[' | ',' | ';' | ')' | '–' | '—') {
        return true;
    }
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    page_break && sections::get().join_words.contains(&last_word)
}

/// Split into lines, mark page boundaries, and drop page furniture: page
/// numbers, and short lines repeated next to page boundaries (running
/// headers and footers such as the child's name or "CONFIDENTIAL").
fn clean_lines(src: &str) -> Vec<Line<'_>> {
    let mut raw: Vec<Line> = Vec::new();
    let b = src.as_bytes();
    let mut offset = 0;
    while offset < b.len() {
        let (end, len) = line_end(b, offset, true).unwrap_or((b.len(), 0));
        let body = &src[offset..end];
        // A form feed (pdftotext's page break) splits a line into pages.
        let mut inner = 0;
        for (k, part) in body.split('\x0c').enumerate() {
            raw.push(Line { text: part, start: offset + inner, page_break_before: k > 0 });
            inner += part.len() + 1;
        }
        offset = end + len;
        // U+2029 PARAGRAPH SEPARATOR ends a paragraph, as a blank line does.
        if src[end..].starts_with('\u{2029}') {
            raw.push(Line { text: "", start: offset, page_break_before: false });
        }
        if len == 0 {
            break;
        }
    }
    unquote(&mut raw);
    let page_no = page_numbers(&raw);
    let is_page_no = |i: usize| page_no[i];
    // "CONFIDENTIAL / CYFRINACHOL", on a line of its own or in a short
    // running header; never a heading that opens a section.
    let is_marking = |t: &str| {
        let t = t.trim();
        !t.is_empty()
            && t.chars().count() <= 120
            && sections::get().marking.is_match(t)
            && !sections::get().strong_section.is_match(t)
    };
    // A table's header, repeated at the top of each page, is the table's
    // to read, not furniture: a header row, or a header word on a line of
    // its own.
    let is_table_header = |t: &str| {
        text_layout::is_header_line(t) || (t.split_whitespace().count() <= 3 && column_role(t) != Role::Other)
    };
    // Boundary lines: page numbers and form feeds.
    let boundary: Vec<bool> = raw.iter().enumerate().map(|(i, l)| l.page_break_before || is_page_no(i)).collect();
    let near_boundary = |i: usize| -> bool {
        let lo = i.saturating_sub(3);
        let hi = (i + 4).min(raw.len());
        (lo..hi).any(|j| boundary[j]) || i < 3
    };
    let key = |t: &str| -> String {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: HashMap<String, (usize, bool)> = HashMap::new();
    for (i, l) in raw.iter().enumerate() {
        let t = l.text.trim();
        // A line without letters repeats as numbers and dates do; page
        // numbers are found above.
        // Measured without the padding between its parts: a running header
        // set out across the page ("School        Plan – Name") is short.
        if t.is_empty() || t.len() > 400 || !t.chars().any(char::is_alphabetic) {
            continue;
        }
        let k = key(t);
        if k.chars().count() > 90 {
            continue;
        }
        let e = counts.entry(k).or_insert((0, true));
        e.0 += 1;
        e.1 &= near_boundary(i);
    }
    let any_boundary = boundary.iter().any(|&b| b);
    let mut out = Vec::with_capacity(raw.len());
    let mut dropped = false;
    for (i, l) in raw.into_iter().enumerate() {
        let t = l.text.trim();
        let furniture = is_page_no(i)
            || is_marking(t)
            || (any_boundary
                && !t.is_empty()
                && !text_table::is_grid_border(t)
                && counts.get(&key(t)).is_some_and(|&(n, near)| n >= 2 && near)
                && !LABEL_LINE.is_match(t)
                && !is_table_header(t));
        if furniture {
            dropped = true;
            continue;
        }
        let page_break_before = l.page_break_before || dropped;
        if !t.is_empty() {
            dropped = false;
        }
        out.push(Line { text: l.text, start: l.start, page_break_before });
    }
    out
}

/// An email's quoted text ("> " before each line) is the plan when the
/// plan's Section 2B heading stands on a quoted line: a school's reply
/// quoting the plan, or a parent's answer written between its items. The
/// quoted lines lose one level of marks; the lines written between them
/// (the replies) are not the plan's, and become blank lines, so that each
/// still ends the paragraph before it.
fn unquote(raw: &mut [Line]) {
    fn quoted(t: &str) -> Option<usize> {
        let lead = t.len() - t.trim_start_matches([' ', '\t']).len();
        if lead > 3 || !t[lead..].starts_with('>') {
            return None;
        }
        let after = lead + 1;
        Some(if t[after..].starts_with(' ') { after + 1 } else { after })
    }
    let heading_quoted = raw.iter().any(|l| {
        quoted(l.text).is_some_and(|cut| {
            let body = l.text[cut..].trim_start_matches(['>', ' ']);
            opens_section(body) && sections::get().mention.is_match(body)
        })
    });
    if !heading_quoted {
        return;
    }
    let first = raw.iter().position(|l| quoted(l.text).is_some()).unwrap_or(0);
    let last = raw.iter().rposition(|l| quoted(l.text).is_some()).unwrap_or(0);
    for l in &mut raw[first..=last] {
        match quoted(l.text) {
            Some(cut) => {
                l.text = &l.text[cut..];
                l.start += cut;
            }
            None => l.text = &l.text[..0],
        }
    }
}

/// Which lines are page numbers: "Page 3 of 7", "Tudalen 3", "3 / 7",
/// "CONFIDENTIAL    Page 3 of 6". A number alone ("3", "- 3 -") is one only
/// at the edge of a page (just before or after a form feed, or at the end
/// of the text) or where the numbers alone count the pages (1, 2, 3 in
/// order), since a table's cell may wrap a number or a year onto a line of
/// its own ("am 8 wythnos o fis Ionawr" / "2027").
fn page_numbers(raw: &[Line]) -> Vec<bool> {
    let s = sections::get();
    let blank = |i: usize| raw[i].text.trim().is_empty();
    let mut out: Vec<bool> = raw
        .iter()
        .map(|l| {
            let t = l.text.trim();
            !t.is_empty()
                && t.chars().any(char::is_alphabetic)
                && (s.page_number.is_match(t) || (t.chars().count() <= 100 && s.page_of.is_match(t)))
        })
        .collect();
    let bare: Vec<(usize, u32)> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.text.trim();
            let value = t.split(|c: char| !c.is_ascii_digit()).find(|d| !d.is_empty())?.parse().ok()?;
            (!t.chars().any(char::is_alphabetic) && s.page_number.is_match(t)).then_some((i, value))
        })
        .collect();
    // At a page's edge: the next line with text starts a new page (or
    // there is none), or no line with text stands between this one and
    // the form feed before it.
    let mut next_text_breaks = vec![true; raw.len()];
    let mut after = true;
    for i in (0..raw.len()).rev() {
        next_text_breaks[i] = after;
        if !blank(i) {
            after = raw[i].page_break_before;
        } else if raw[i].page_break_before {
            after = true;
        }
    }
    let mut first_on_page = vec![false; raw.len()];
    let mut page_top = true;
    for i in 0..raw.len() {
        page_top |= raw[i].page_break_before;
        first_on_page[i] = page_top && i > 0;
        if !blank(i) {
            page_top = false;
        }
    }
    let mut last: Option<u32> = None;
    for (k, &(i, v)) in bare.iter().enumerate() {
        let edge = next_text_breaks[i] || first_on_page[i];
        let counts_on = last.is_some_and(|l| l + 1 == v);
        let starts_count = last.is_none() && v <= 2 && bare.get(k + 1).is_some_and(|&(_, w)| w == v + 1);
        if edge || counts_on || starts_count {
            out[i] = true;
            last = Some(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        read(src, &Limits::default())
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| match b.kind {
                BlockKind::Heading { text, .. } => format!("# {text}"),
                BlockKind::Paragraph(p) => p.text,
                BlockKind::ListItem { para, .. } => format!("- {}", para.text),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn a_running_header_spread_across_the_page_is_furniture() {
        let pad = " ".repeat(60);
        let src = format!(
            "Ysgol Glan Nant{pad}Individual Development Plan – Efa Roberts\nSection 2B: Description of ALP\n\n\
             A teaching assistant will deliver the programme daily.\n\nPage 1 of 2\n\x0cYsgol Glan Nant{pad}Individual \
             Development Plan – Efa Roberts\nShe will have 1:1 support in every swimming lesson.\n"
        );
        assert_eq!(
            texts(&src),
            vec![
                "# Section 2B: Description of ALP",
                "A teaching assistant will deliver the programme daily.",
                "She will have 1:1 support in every swimming lesson.",
            ]
        );
    }

    #[test]
    fn joins_wraps_and_drops_furniture() {
        let src = "Efa Roberts - IDP\nSection 2B: Description of ALP\n\nA teaching assistant will deliver\nthe programme daily.\n\nPage 1 of 2\n\x0cEfa Roberts - IDP\nShe will have 1:1 support in the\n\npool every swimming lesson.\n\nPage 2 of 2\n";
        assert_eq!(
            texts(src),
            vec![
                "# Section 2B: Description of ALP",
                "A teaching assistant will deliver the programme daily.",
                "She will have 1:1 support in the pool every swimming lesson.",
            ]
        );
    }

    #[test]
    fn lines_end_at_cr_and_at_unicode_separators() {
        let want = vec!["# Section 2B", "- Reading daily", "- Speech therapy weekly"];
        for end in ["\r", "\r\n", "\u{2028}"] {
            let src = ["Section 2B", "", "• Reading daily", "• Speech therapy weekly", ""].join(end);
            assert_eq!(texts(&src), want, "{end:?}");
        }
        // A paragraph separator ends the paragraph as a blank line does.
        assert_eq!(
            texts("Section 2B\u{2029}Reading with a TA\u{2029}Speech therapy"),
            vec!["# Section 2B", "Reading with a TA", "Speech therapy"]
        );
        // Line numbers count the same line ends.
        let doc = read("Section 2B\r\rReading daily\u{2028}", &Limits::default()).unwrap();
        assert_eq!(doc.blocks[1].span.line, Some(3));
    }

    #[test]
    fn markdown_headings_are_headings_and_a_hash_before_lower_case_is_not() {
        let blocks = read("## 2B Provision\n- Reading daily\n# of sessions: 3\n", &Limits::default()).unwrap().blocks;
        assert!(matches!(&blocks[0].kind, BlockKind::Heading { level: 2, text } if text == "2B Provision"));
        let headings = blocks.iter().filter(|b| matches!(b.kind, BlockKind::Heading { .. })).count();
        assert_eq!(headings, 1, "{blocks:?}");
    }

    #[test]
    fn a_number_alone_is_a_page_number_only_at_a_page_edge_or_counting_the_pages() {
        // "2027" ends a wrapped line mid-page; "2" stands at the foot of
        // page 2, by the form feed.
        let src = "Section 2B\n\nOne session a week of 30 minutes, from the second week of January\n2027\n\n2\n\x0cSection 2C\n";
        assert_eq!(
            texts(src),
            vec![
                "# Section 2B",
                "One session a week of 30 minutes, from the second week of January 2027",
                "# Section 2C"
            ]
        );
        // Without form feeds, numbers alone that count 1, 2, 3 are pages.
        let src = "Section 2B\n\nReading daily.\n1\nSpelling weekly.\n2\nTyping daily.\n3\n";
        assert_eq!(texts(src), vec!["# Section 2B", "Reading daily.", "Spelling weekly.", "Typing daily."]);
    }

    #[test]
    fn protective_markings_are_furniture_and_a_cut_paragraph_goes_on_after_them() {
        let src = "CONFIDENTIAL\nSection 2B\n\n• Support in all maths lessons\nPage 1 of 2\nCDU / IDP – Nia Roberts – CYFRINACHOL\n                   (four lessons a week).\n• Reading daily.\n";
        assert_eq!(
            texts(src),
            vec!["# Section 2B", "- Support in all maths lessons (four lessons a week).", "- Reading daily."]
        );
    }

    #[test]
    fn a_heading_cut_mid_phrase_goes_on_and_one_that_ends_does_not() {
        let src = "Adran 2B – Disgrifiad o'r ddarpariaeth a sut y\ncaiff ei darparu\nSection 2C\nNone.\n";
        assert_eq!(
            texts(src),
            vec!["# Adran 2B – Disgrifiad o'r ddarpariaeth a sut y caiff ei darparu", "# Section 2C", "None."]
        );
        // Cut after the slash between one language's title and the other's.
        let src = "ADRAN 2B / SECTION 2B   DISGRIFIAD O'R DDARPARIAETH /\nDESCRIPTION OF THE PROVISION\n\nText.\n";
        assert_eq!(
            texts(src),
            vec!["# ADRAN 2B / SECTION 2B   DISGRIFIAD O'R DDARPARIAETH / DESCRIPTION OF THE PROVISION", "Text."]
        );
    }

    #[test]
    fn an_o_set_deeper_than_an_item_s_text_is_an_item_under_it_and_a_welsh_o_is_a_word() {
        let src = "Section 2B\n ▪ Ymweliad pontio gyda dau blentyn\n   o ddosbarth y Cylch\n     o Pryd: Mehefin\n";
        let blocks = read(src, &Limits::default()).unwrap().blocks;
        let items: Vec<(u8, String)> = blocks
            .into_iter()
            .filter_map(|b| match b.kind {
                BlockKind::ListItem { level, para, .. } => Some((level, para.text)),
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (0, "Ymweliad pontio gyda dau blentyn o ddosbarth y Cylch".to_string()),
                (2, "Pryd: Mehefin".to_string())
            ]
        );
    }

    #[test]
    fn a_table_of_cells_that_do_not_fill_its_rows_is_read_as_paragraphs_with_a_notice() {
        // Five cells under three headers: an empty cell was left out.
        let src = "Section 2B\n\nProvision\n\nHow often\n\nWho\n\nPhonics\n\nDaily\n\nTA\n\nSpelling\n\nWeekly\n\nSection 2C\n";
        let doc = read(src, &Limits::default()).unwrap();
        assert_eq!(doc.notices.iter().map(|n| n.code).collect::<Vec<_>>(), vec![NOTICE_TABLE_NOT_REBUILT]);
        assert!(!doc.blocks.iter().any(|b| matches!(b.kind, BlockKind::Table(_))));
        assert!(texts(src).contains(&"Spelling".to_string()));
    }

    #[test]
    fn records_numbered_one_to_a_line_are_blocks_of_their_own() {
        let src = "SECTION 2B\n\nALP 1 — Provision: Zones group; Frequency: Weekly; Staff: TA; Start: 08/09/2026\nALP 2 — Provision: Movement breaks; Frequency: At every transition; Staff: n/a\nALP 3 — Provision: Laptop; Frequency: All lessons; Staff: n/a; Start: 08/09/2026\nALP 5 — Provision: a record out of order\nthat wraps.\n";
        let got = texts(src);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[1].starts_with("ALP 1 —") && got[2].starts_with("ALP 2 —"), "{got:?}");
        assert!(got[3].starts_with("ALP 3 —") && got[3].contains("ALP 5"), "{got:?}");
    }

    #[test]
    fn bullets_and_labels_start_new_blocks() {
        let src = "2B.1 Outcome: read\nbetter\n2B.2 ALP: Daily phonics\n• Ear defenders\n• Overlay\n";
        assert_eq!(
            texts(src),
            vec!["2B.1 Outcome: read better", "2B.2 ALP: Daily phonics", "- Ear defenders", "- Overlay"]
        );
    }
}

#[cfg(test)]
mod run_in_title_tests {
    use super::opens_with_run_in_title;

    #[test]
    fn a_run_in_title_after_a_full_stop_opens_a_paragraph() {
        assert!(opens_with_run_in_title(Some("who holds ELKLAN Level 3."), "In-class support. Noah should"));
        assert!(opens_with_run_in_title(Some("and maps."), "Check-ins. A member of the team"));
        // Not after a line that runs on, and not a title of address.
        assert!(!opens_with_run_in_title(Some("a session with the"), "Speech therapist. She will"));
        assert!(!opens_with_run_in_title(Some("led by the ALNCo."), "Mr. Jones will meet him"));
        assert!(!opens_with_run_in_title(None, "In-class support. Noah should"));
    }
}
