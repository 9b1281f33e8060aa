//! What a plan's layout means, whatever format it came in: a pass over the
//! blocks a reader made, before anything looks for Section 2B.
//!
//! - **Layout frames.** A plan laid out in a one-column table, each row a
//!   section (a title row, then a row holding the section's text and its own
//!   tables nested in the cell), is read as the blocks its cells hold, in
//!   order: the frame is page layout, not a table of provisions. A table is
//!   a frame when each of its rows has at most one cell with anything in it
//!   and at least one cell holds a nested table (a table of provisions has
//!   several filled cells a row, and its cells hold text).
//! - **Grouping tables.** A table whose rows each hold a table of provisions
//!   nested in one cell, beside short labels ("Communication and
//!   interaction | <a table of What / How often / Who>"), under at most a
//!   header row of labels, is read as its nested tables in order: the outer
//!   table groups the provisions (by area of need), and its labels name the
//!   groups, not provisions. A table of provisions with a small table in one
//!   cell is not one: its rows do not each hold a table, and its cells hold
//!   text.
//! - **Tick-box options.** A run of paragraphs or list items each starting
//!   with a tick box ("☒", "[x]") or an empty one ("☐", "[ ]"), with at
//!   least one of each, is a form's list of options: the unticked ones are
//!   choices not made, and are left out; the boxes of the ticked ones are not
//!   text. When the unticked items are written out in full (as long as the
//!   ticked ones, or a sentence long) the run is a task list instead: every
//!   item stays, done or not, without its box. A run of boxes all empty, or
//!   all ticked, is left as it is: no choice shows there.
//! - **Typed list markers.** Numbering typed by hand ("1." / "a)" / "(i)" /
//!   "•" then white space, [`typed_list_marker`]) counts as a list exactly as
//!   a word processor's own numbering does: a paragraph that starts with one
//!   is a list item, its text without the marker. Its level comes from the
//!   kinds of marker above it in the same list: a new kind ("(i)" under
//!   "6.") is one level deeper, a kind already open goes back to its level.
//!   In a table cell, such a paragraph keeps its place and is marked as an
//!   item ([`Paragraph::list`]). A paragraph holding several lines that start
//!   with markers (items separated by line breaks, `<br>` in a Markdown
//!   cell) is split into one item per marked line, the text before the first
//!   marker staying a paragraph of its own.
//!
//! Merged cells share their content (a cell carried down many rows), so a
//! shared cell is worked on once and the rows keep sharing the result: the
//! pass costs the size of the document, whatever its merges.

use crate::lexicon::columns::{numbers_provisions, reference_len};
use crate::types::model::{
    Block, BlockKind, Cell, CellContent, CellPart, Document, ListMark, Paragraph, Table, mark_runs, note_mark,
    typed_list_marker,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Apply the layout rules to a document a reader has made.
pub(crate) fn apply(doc: &mut Document) {
    let blocks = std::mem::take(&mut doc.blocks);
    let blocks = unwrap_frames(blocks);
    let blocks = tick_boxes(blocks);
    let references = numbers_provisions_past_the_form(&blocks);
    let mut blocks = typed_lists(blocks, references);
    let mut cells = CellPass::default();
    for block in &mut blocks {
        cells.block(block);
    }
    doc.blocks = blocks;
}

// ---------------------------------------------------------------------------
// Layout frames

/// Is the table a layout frame: at most one filled cell a row, and a table
/// nested in one of them?
fn is_frame(t: &Table) -> bool {
    let mut holds_table = false;
    for row in &t.rows {
        let mut filled = 0;
        for cell in &row.cells {
            if !cell.nested().is_empty() {
                holds_table = true;
                filled += 1;
            } else if cell.paragraphs().iter().any(|p| !p.text.trim().is_empty()) {
                filled += 1;
            }
        }
        if filled > 1 {
            return false;
        }
    }
    holds_table
}

/// A table of provisions that can stand nested in a grouping table's cell:
/// two rows or more (a header and a provision) and two columns or more.
fn is_provision_table(t: &Table) -> bool {
    t.rows.len() >= 2 && t.rows.iter().any(|r| r.cells.len() >= 2)
}

/// A label beside a nested table: one short paragraph or none, no table.
fn is_group_label(cell: &Cell) -> bool {
    const LABEL_WORDS: usize = 8;
    // Counted no further than needed: a cell merged down many rows is
    // shared by each of them, and may be long.
    let words = cell
        .paragraphs()
        .iter()
        .flat_map(|p| p.text.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(LABEL_WORDS + 1)
        .count();
    cell.nested().is_empty() && words <= LABEL_WORDS
}

/// Is the table a grouping table: after at most one row of labels (its
/// header), every row holds exactly one cell with a table of provisions
/// nested in it and nothing but short labels in its other cells?
fn is_grouping(t: &Table) -> bool {
    let mut groups = 0;
    for (i, row) in t.rows.iter().enumerate() {
        let holding = row.cells.iter().filter(|c| c.nested().iter().any(is_provision_table)).count();
        let labels = row.cells.iter().filter(|c| is_group_label(c)).count();
        match holding {
            1 if labels + 1 == row.cells.len() => groups += 1,
            0 if i == 0 && labels == row.cells.len() => {}
            _ => return false,
        }
    }
    groups > 0
}

/// A grouping table as a frame: each row's cell holding the nested table,
/// without the labels beside it or the header row above.
fn grouped_cells(t: Table) -> Table {
    let rows = t
        .rows
        .into_iter()
        .filter_map(|mut row| {
            let i = row.cells.iter().position(|c| c.nested().iter().any(is_provision_table))?;
            let cell = row.cells.swap_remove(i);
            Some(crate::types::model::Row { cells: vec![cell], ..row })
        })
        .collect();
    Table { rows }
}

fn unwrap_frames(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block.kind {
            BlockKind::Table(t) if is_frame(&t) => frame_blocks(t, &block.span, &mut out),
            BlockKind::Table(t) if is_grouping(&t) => frame_blocks(grouped_cells(t), &block.span, &mut out),
            // Text boxes hold blocks one level deep (the readers flatten a
            // box in a box), so this goes one level down at most.
            BlockKind::TextBox(inner) => {
                out.push(Block { kind: BlockKind::TextBox(unwrap_frames(inner)), span: block.span })
            }
            kind => out.push(Block { kind, span: block.span }),
        }
    }
    out
}

/// One piece of a frame, in reading order.
enum Piece {
    Para(Paragraph),
    Table(Table),
}

/// The blocks a frame holds, in order, frames nested in it unwrapped too
/// (with a stack of its own: nesting never becomes recursion).
fn frame_blocks(frame: Table, span: &crate::types::model::SourceSpan, out: &mut Vec<Block>) {
    let mut stack: Vec<std::vec::IntoIter<Piece>> = vec![pieces(frame).into_iter()];
    while let Some(top) = stack.last_mut() {
        let Some(piece) = top.next() else {
            stack.pop();
            continue;
        };
        let kind = match piece {
            Piece::Table(t) if is_frame(&t) => {
                stack.push(pieces(t).into_iter());
                continue;
            }
            Piece::Table(t) => BlockKind::Table(t),
            Piece::Para(p) if p.text.trim().is_empty() => continue,
            Piece::Para(p) => paragraph_block(p),
        };
        out.push(Block { kind, span: span.clone() });
    }
}

/// A frame's paragraphs and tables, row by row and cell by cell, each cell's
/// in the order they stand. A cell carried down from the row above (a
/// vertical merge) repeats what was read there, so it gives nothing.
fn pieces(frame: Table) -> Vec<Piece> {
    let mut out = Vec::new();
    for row in frame.rows {
        for cell in row.cells {
            if cell.merged_from_above {
                continue;
            }
            let parts = cell.content.parts();
            let content = Arc::try_unwrap(cell.content).unwrap_or_else(|shared| (*shared).clone());
            let mut paragraphs: Vec<Option<Paragraph>> = content.paragraphs.into_iter().map(Some).collect();
            let mut nested: Vec<Option<Table>> = content.nested.into_iter().map(Some).collect();
            for part in parts {
                match part {
                    CellPart::Paragraph(i) => out.extend(paragraphs.get_mut(i).and_then(Option::take).map(Piece::Para)),
                    CellPart::Table(i) => out.extend(nested.get_mut(i).and_then(Option::take).map(Piece::Table)),
                }
            }
        }
    }
    out
}

/// A paragraph taken out of a table cell as a block of its own: a heading
/// if its style names one, a list item if it is marked as one.
pub(crate) fn paragraph_block(mut p: Paragraph) -> BlockKind {
    if let Some(level) = p.style.as_deref().and_then(heading_level) {
        BlockKind::Heading { level, text: p.text }
    } else if let Some(mark) = p.list.take() {
        BlockKind::ListItem { level: mark.level, ordered: mark.ordered, para: p }
    } else {
        BlockKind::Paragraph(p)
    }
}

/// The heading level a paragraph style names ("heading 2", "Heading 2",
/// "Title"): a heading kept in a frame's cell is still a heading.
fn heading_level(style: &str) -> Option<u8> {
    let lower = style.trim().to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let n: u8 = lower.strip_prefix("heading")?.trim().parse().ok()?;
    Some(n.clamp(1, 9))
}

// ---------------------------------------------------------------------------
// Tick-box options

/// A tick box at the start of a text: whether it is ticked, and the bytes
/// the box and the white space after it take.
pub(crate) fn tick_box(text: &str) -> Option<(bool, usize)> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    const BOXES: &[(&str, bool)] = &[
        ("[ ]", false),
        ("[x]", true),
        ("[X]", true),
        ("\u{2610}", false), // ☐
        ("\u{25a1}", false), // □
        ("\u{2612}", true),  // ☒
        ("\u{2611}", true),  // ☑
        ("\u{2713}", true),  // ✓
        ("\u{2714}", true),  // ✔
    ];
    let &(mark, ticked) = BOXES.iter().find(|(m, _)| t.starts_with(m))?;
    let rest = &t[mark.len()..];
    let gap = rest.len() - rest.trim_start().len();
    Some((ticked, lead + mark.len() + gap))
}

/// A run of ticked and unticked items is a task list, not a form's options,
/// when the unticked items are written out in full: as long as the ticked
/// ones, or a sentence long. A form's options are short labels ("Nurture
/// group", "Toe by Toe - ___ x weekly") and the chosen ones are filled in;
/// a list of things to do ("- [ ] Check-in with the school nurse each
/// morning when she is back") says each in full, done or not. Sizes are in
/// words, by median.
fn is_task_list(items: impl Iterator<Item = (bool, usize)>) -> bool {
    let (mut ticked, mut unticked): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (t, n) in items {
        if t { ticked.push(n) } else { unticked.push(n) }
    }
    let median = |v: &mut Vec<usize>| {
        crate::sort::sort(v);
        v.get(v.len() / 2).copied().unwrap_or(0)
    };
    // Longer than any option label a form prints; a label ("Yes", "Nurture
    // group", "Other (please describe)") is at most this.
    const SENTENCE: usize = 10;
    const LABEL: usize = 3;
    let (u, t) = (median(&mut unticked), median(&mut ticked));
    !unticked.is_empty() && (u >= SENTENCE || (u >= t && u > LABEL))
}

fn words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

fn block_text(b: &Block) -> Option<&Paragraph> {
    match &b.kind {
        BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => Some(p),
        _ => None,
    }
}

fn tick_boxes(blocks: Vec<Block>) -> Vec<Block> {
    let boxes: Vec<Option<bool>> =
        blocks.iter().map(|b| block_text(b).and_then(|p| tick_box(&p.text)).map(|(ticked, _)| ticked)).collect();
    // Runs of boxed blocks (comments and the sub-items of a boxed item do
    // not break a run): which of them hold both kinds of box.
    let mut keep = vec![true; blocks.len()];
    let mut strip = vec![false; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        if boxes[i].is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        let mut boxed_level: Option<u8> = None;
        while j < blocks.len() {
            let sub_item =
                matches!(blocks[j].kind, BlockKind::ListItem { level, .. } if boxed_level.is_some_and(|b| level > b));
            if boxes[j].is_some() {
                boxed_level = match blocks[j].kind {
                    BlockKind::ListItem { level, .. } => Some(level),
                    _ => None,
                };
                end = j + 1;
            } else if !(sub_item || matches!(blocks[j].kind, BlockKind::Comment(_))) {
                break;
            }
            j += 1;
        }
        let run = &boxes[start..end];
        let sizes = (start..end).filter_map(|k| Some((boxes[k]?, words(&block_text(&blocks[k])?.text))));
        if run.contains(&Some(true)) && run.contains(&Some(false)) && !is_task_list(sizes) {
            let mut dropped_level: Option<u8> = None;
            for k in start..end {
                let level = match blocks[k].kind {
                    BlockKind::ListItem { level, .. } => Some(level),
                    _ => None,
                };
                match boxes[k] {
                    Some(false) => {
                        keep[k] = false;
                        dropped_level = level;
                    }
                    Some(true) => {
                        strip[k] = true;
                        dropped_level = None;
                    }
                    // A sub-item goes with its option.
                    None if level.is_some_and(|l| dropped_level.is_some_and(|d| l > d)) => keep[k] = false,
                    None => {}
                }
            }
        } else if run.contains(&Some(true)) && run.contains(&Some(false)) {
            // A task list: every item is written in the plan, done or not.
            for (k, b) in boxes.iter().enumerate().take(end).skip(start) {
                strip[k] = b.is_some();
            }
        }
        i = end.max(i + 1);
    }
    blocks
        .into_iter()
        .zip(keep.into_iter().zip(strip))
        .filter(|(_, (keep, _))| *keep)
        .map(|(mut b, (_, strip))| {
            if strip && let BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } = &mut b.kind {
                let (_, len) = tick_box(&p.text).unwrap_or((true, 0));
                *p = slice(p, len..p.text.len());
            }
            b
        })
        .collect()
}

/// The same for a cell's paragraphs: `None` when nothing changes.
fn tick_box_paragraphs(paragraphs: &[Paragraph]) -> Option<Vec<Paragraph>> {
    let boxes: Vec<Option<bool>> = paragraphs.iter().map(|p| tick_box(&p.text).map(|(t, _)| t)).collect();
    if !boxes.iter().any(Option::is_some) {
        return None;
    }
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut changed = false;
    let mut i = 0;
    while i < paragraphs.len() {
        if boxes[i].is_none() {
            out.push(paragraphs[i].clone());
            i += 1;
            continue;
        }
        let end = (i..paragraphs.len()).find(|&j| boxes[j].is_none()).unwrap_or(paragraphs.len());
        let run = &boxes[i..end];
        let sizes = paragraphs[i..end].iter().zip(run).filter_map(|(p, b)| Some(((*b)?, words(&p.text))));
        if run.contains(&Some(true)) && run.contains(&Some(false)) {
            changed = true;
            let task_list = is_task_list(sizes);
            for p in &paragraphs[i..end] {
                match tick_box(&p.text) {
                    Some((ticked, len)) if ticked || task_list => out.push(slice(p, len..p.text.len())),
                    _ => {}
                }
            }
        } else {
            out.extend_from_slice(&paragraphs[i..end]);
        }
        i = end;
    }
    changed.then_some(out)
}

// ---------------------------------------------------------------------------
// Typed list markers

/// What kind of marker an item has: items with the same kind of marker are
/// at the same level of one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A word processor's own numbering or bullets, at its own level.
    Native,
    Bullet(char),
    Number(Punct),
    Letter(Punct),
    Roman(Punct),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Punct {
    Dot,
    Paren,
    Brackets,
}

/// The kind of the marker at the start of `text` (one [`typed_list_marker`]
/// found). "i", "v" and "x" alone are letters when a list of letters is
/// open, and roman numerals otherwise.
fn marker_kind(text: &str, open: &[Marker]) -> Marker {
    let t = text.trim_start_matches([' ', '\u{a0}']);
    let token = t.split([' ', '\t', '\u{a0}']).next().unwrap_or("");
    let (stem, punct) = if let Some(inner) = token.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        (inner, Punct::Brackets)
    } else if let Some(stem) = token.strip_suffix('.') {
        (stem, Punct::Dot)
    } else if let Some(stem) = token.strip_suffix(')') {
        (stem, Punct::Paren)
    } else {
        return Marker::Bullet(token.chars().next().unwrap_or('•'));
    };
    if !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit()) {
        return Marker::Number(punct);
    }
    let roman = !stem.is_empty() && stem.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'));
    if roman && (stem.len() > 1 || !open.contains(&Marker::Letter(punct))) {
        return Marker::Roman(punct);
    }
    Marker::Letter(punct)
}

/// The level of an item with a marker of `kind`, given the kinds open above
/// it (which it updates).
fn level_of(open: &mut Vec<Marker>, kind: Marker) -> u8 {
    match open.iter().position(|&k| k == kind) {
        Some(at) => open.truncate(at + 1),
        None => open.push(kind),
    }
    u8::try_from(open.len() - 1).unwrap_or(u8::MAX).min(8)
}

/// A paragraph's pieces: split before each line (after the first) that
/// starts with a typed marker. Unchanged (`None`) when there is no such line.
fn split_marked_lines(p: &Paragraph) -> Option<Vec<Paragraph>> {
    if !p.text.contains('\n') {
        return None;
    }
    let mut cuts = Vec::new();
    let mut at = 0;
    for line in p.text.split_inclusive('\n') {
        if at > 0 && typed_list_marker(line.trim_end_matches('\n')).is_some() {
            cuts.push(at);
        }
        at += line.len();
    }
    if cuts.is_empty() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(cuts);
    bounds.push(p.text.len());
    let mut pieces = Vec::with_capacity(bounds.len() - 1);
    let mut bold_from = 0;
    for w in bounds.windows(2) {
        let piece = slice_from(p, w[0]..w[1], &mut bold_from);
        if !piece.text.trim().is_empty() {
            pieces.push(piece);
        }
    }
    Some(pieces)
}

/// `p` cut to `range` (bold ranges clipped and moved), its white space at
/// the ends trimmed.
fn slice(p: &Paragraph, range: Range<usize>) -> Paragraph {
    slice_from(p, range, &mut 0)
}

/// As [`slice`], looking at bold ranges from `*bold_from` on, and leaving it
/// at the first that may reach a later cut (the pieces of one paragraph are
/// cut in order, so its bold ranges are walked once).
fn slice_from(p: &Paragraph, range: Range<usize>, bold_from: &mut usize) -> Paragraph {
    let text = &p.text[range.clone()];
    let lead = text.len() - text.trim_start().len();
    let text = text.trim();
    let (start, end) = (range.start + lead, range.start + lead + text.len());
    let mut bold = Vec::new();
    let mut k = *bold_from;
    while let Some(r) = p.bold.get(k) {
        if r.start >= end {
            break;
        }
        if r.end > start {
            bold.push(r.start.max(start) - start..r.end.min(end) - start);
        }
        if r.end <= end {
            k += 1;
        } else {
            break;
        }
    }
    *bold_from = k;
    Paragraph { text: text.to_string(), bold, style: p.style.clone(), list: p.list }
}

/// An item from a paragraph that starts with a typed marker: its mark (the
/// level worked out from `open`) and its text without the marker.
fn typed_item(p: &Paragraph, open: &mut Vec<Marker>) -> Option<(ListMark, Paragraph)> {
    let (mark, len) = typed_list_marker(&p.text)?;
    let kind = marker_kind(&p.text, open);
    let level = level_of(open, kind);
    Some((ListMark { level, ordered: mark.ordered }, slice(p, len..p.text.len())))
}

/// Paragraphs outside tables that start with typed markers become list
/// items.
///
/// With `references`, a paragraph that starts with a "2B.N" reference is a
/// numbered item too: the plan numbers its provisions 2B.1, 2B.2 … past the
/// form's seven sub-fields, so its codes count provisions.
fn typed_lists(blocks: Vec<Block>, references: bool) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut open: Vec<Marker> = Vec::new();
    // The marks in the cells of the table just before ("Weekly*"): a
    // paragraph under it that opens with one of them ("* Subject to
    // availability") is the table's note, not a bulleted item.
    let mut table_marks: HashSet<String> = HashSet::new();
    for block in blocks {
        let span = block.span;
        let is_note = match &block.kind {
            BlockKind::Paragraph(p) => note_mark(&p.text).is_some_and(|(mark, _)| table_marks.contains(mark)),
            _ => false,
        };
        if is_note {
            out.push(Block { kind: block.kind, span });
            continue;
        }
        table_marks = match &block.kind {
            BlockKind::Table(t) => marks_in_cells(t),
            _ => HashSet::new(),
        };
        match block.kind {
            BlockKind::Paragraph(p) if references && reference_len(&p.text).is_some() => {
                let len = reference_len(&p.text).unwrap_or(0);
                open.clear();
                open.push(Marker::Native);
                let para = slice(&p, len..p.text.len());
                out.push(Block { kind: BlockKind::ListItem { level: 0, ordered: true, para }, span });
            }
            BlockKind::Paragraph(p) => {
                let pieces = split_marked_lines(&p).unwrap_or_else(|| vec![p]);
                for piece in pieces {
                    let kind = match typed_item(&piece, &mut open) {
                        Some((mark, para)) => BlockKind::ListItem { level: mark.level, ordered: mark.ordered, para },
                        None => BlockKind::Paragraph(piece),
                    };
                    out.push(Block { kind, span: span.clone() });
                }
            }
            BlockKind::ListItem { level, ordered, para } => {
                open.truncate(usize::from(level));
                while open.len() < usize::from(level) {
                    open.push(Marker::Native);
                }
                open.push(Marker::Native);
                out.push(Block { kind: BlockKind::ListItem { level, ordered, para }, span });
            }
            BlockKind::TextBox(inner) => {
                out.push(Block { kind: BlockKind::TextBox(typed_lists(inner, references)), span });
            }
            kind @ (BlockKind::Heading { .. } | BlockKind::Table(_)) => {
                open.clear();
                out.push(Block { kind, span });
            }
            kind => out.push(Block { kind, span }),
        }
    }
    out
}

/// The marks written in a table's short cells ("Weekly*", "* **"). A long
/// cell (a merged note) is not looked in: marks stand beside a value.
fn marks_in_cells(t: &Table) -> HashSet<String> {
    let mut marks = HashSet::new();
    for row in &t.rows {
        for cell in &row.cells {
            let text = cell.text();
            if text.len() <= 200 {
                marks.extend(mark_runs(text).into_iter().map(|r| text[r].to_string()));
            }
        }
    }
    marks
}

/// Does the plan number paragraphs "2B.8" or beyond (outside tables)?
fn numbers_provisions_past_the_form(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match &b.kind {
        BlockKind::Paragraph(p) => numbers_provisions(&p.text),
        BlockKind::TextBox(inner) => numbers_provisions_past_the_form(inner),
        _ => false,
    })
}

/// The rules inside table cells: tick boxes and typed markers. A cell's
/// content shared by several cells (a vertical merge carried down) is
/// worked on once, and every cell that shared it shares the result.
#[derive(Default)]
struct CellPass {
    /// Shared content already worked on: the content before (kept, so that
    /// its address is not reused) and after.
    done: HashMap<*const CellContent, (Arc<CellContent>, Arc<CellContent>)>,
    /// Shared content that needed nothing.
    unchanged: HashSet<*const CellContent>,
}

impl CellPass {
    fn block(&mut self, block: &mut Block) {
        match &mut block.kind {
            BlockKind::Table(t) => self.table(t),
            BlockKind::TextBox(inner) => {
                for b in inner {
                    self.block(b);
                }
            }
            _ => {}
        }
    }

    /// Recurses once per level of tables nested in cells, which the readers
    /// bound (`max_table_depth`).
    fn table(&mut self, t: &mut Table) {
        for row in &mut t.rows {
            for cell in &mut row.cells {
                self.cell(cell);
            }
        }
    }

    fn cell(&mut self, cell: &mut Cell) {
        let key = Arc::as_ptr(&cell.content);
        if let Some((_, after)) = self.done.get(&key) {
            cell.content = Arc::clone(after);
            return;
        }
        if self.unchanged.contains(&key) {
            return;
        }
        let shared = Arc::strong_count(&cell.content) > 1;
        if !needs_work(&cell.content) {
            if shared {
                self.unchanged.insert(key);
            }
            return;
        }
        let before = shared.then(|| Arc::clone(&cell.content));
        let content = cell.content_mut();
        fix_paragraphs(content);
        for t in &mut content.nested {
            self.table(t);
        }
        if let Some(before) = before {
            self.done.insert(key, (before, Arc::clone(&cell.content)));
        }
    }
}

/// Does the cell hold anything the cell rules change: a tick box, a typed
/// marker at a paragraph's or a line's start, or a nested table?
fn needs_work(content: &CellContent) -> bool {
    !content.nested.is_empty()
        || content.paragraphs.iter().any(|p| {
            tick_box(&p.text).is_some()
                || (p.list.is_none()
                    && (typed_list_marker(&p.text).is_some()
                        || p.text.split('\n').skip(1).any(|l| typed_list_marker(l).is_some())))
        })
}

/// A cell's paragraphs: unticked options dropped, typed items marked and
/// their markers cut, lines of items split; the order of paragraphs and
/// nested tables kept.
fn fix_paragraphs(content: &mut CellContent) {
    let paragraphs = std::mem::take(&mut content.paragraphs);
    let paragraphs = tick_box_paragraphs(&paragraphs).unwrap_or(paragraphs);
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    // Where each old paragraph went: the new indices it became.
    let mut moved: Vec<Range<usize>> = Vec::with_capacity(paragraphs.len());
    let mut open: Vec<Marker> = Vec::new();
    for p in paragraphs {
        let from = out.len();
        if let Some(mark) = p.list {
            open.truncate(usize::from(mark.level));
            while open.len() <= usize::from(mark.level) {
                open.push(Marker::Native);
            }
            out.push(p);
        } else {
            for piece in split_marked_lines(&p).unwrap_or_else(|| vec![p]) {
                match typed_item(&piece, &mut open) {
                    Some((mark, mut para)) => {
                        para.list = Some(mark);
                        out.push(para);
                    }
                    None => out.push(piece),
                }
            }
        }
        moved.push(from..out.len());
    }
    // Tick boxes may have dropped paragraphs before this pass numbered
    // them: the order is then rebuilt from what is left, in order.
    if !content.order.is_empty() {
        let same_count = moved.len() == content.order.iter().filter(|p| matches!(p, CellPart::Paragraph(_))).count();
        content.order = if same_count {
            content
                .order
                .iter()
                .flat_map(|&part| match part {
                    CellPart::Paragraph(i) => moved.get(i).cloned().unwrap_or(0..0).map(CellPart::Paragraph).collect(),
                    CellPart::Table(j) => vec![CellPart::Table(j)],
                })
                .collect()
        } else {
            (0..out.len()).map(CellPart::Paragraph).chain((0..content.nested.len()).map(CellPart::Table)).collect()
        };
    }
    content.paragraphs = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::model::{Format, Row};

    fn para(text: &str) -> Block {
        Block { kind: BlockKind::Paragraph(Paragraph::plain(text)), span: Default::default() }
    }

    fn table_block(t: Table) -> Block {
        Block { kind: BlockKind::Table(t), span: Default::default() }
    }

    fn row(cells: Vec<Cell>) -> Row {
        Row { cells, ..Default::default() }
    }

    fn show(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text } => format!("H{level} {text}"),
                BlockKind::Paragraph(p) => format!("P {}", p.text),
                BlockKind::ListItem { level, ordered, para } => {
                    format!("L{level}{} {}", if *ordered { "#" } else { "" }, para.text)
                }
                BlockKind::Table(t) => {
                    format!("T {}", t.rows.iter().map(|r| r.texts().join("|")).collect::<Vec<_>>().join(" / "))
                }
                BlockKind::Comment(c) => format!("C {c}"),
                BlockKind::TextBox(_) => "X".into(),
            })
            .collect()
    }

    fn run(blocks: Vec<Block>) -> Vec<Block> {
        let mut doc = Document::new(Format::Docx);
        doc.blocks = blocks;
        apply(&mut doc);
        doc.blocks
    }

    #[test]
    fn a_frame_is_read_as_the_blocks_it_holds_in_order() {
        let provisions = Table {
            rows: vec![
                row(vec![
                    Cell::of(vec![Paragraph::plain("Provision")], 0, 1),
                    Cell::of(vec![Paragraph::plain("Who")], 1, 1),
                ]),
                row(vec![
                    Cell::of(vec![Paragraph::plain("SaLT weekly")], 0, 1),
                    Cell::of(vec![Paragraph::plain("SaLT")], 1, 1),
                ]),
            ],
        };
        let mut content =
            CellContent::new(vec![Paragraph::plain("Intro."), Paragraph::plain("Note after.")], vec![provisions]);
        content.order = vec![CellPart::Paragraph(0), CellPart::Table(0), CellPart::Paragraph(1)];
        let title = Paragraph { style: Some("heading 2".into()), ..Paragraph::plain("Section 2B") };
        let frame = Table {
            rows: vec![
                row(vec![Cell::of(vec![title], 0, 1)]),
                row(vec![Cell { content: content.into(), col: 0, span: 1, ..Default::default() }]),
                row(vec![Cell::of(vec![Paragraph::plain("Section 2C – NHS")], 0, 1)]),
            ],
        };
        assert_eq!(
            show(&run(vec![table_block(frame)])),
            vec![
                "H2 Section 2B",
                "P Intro.",
                "T Provision|Who / SaLT weekly|SaLT",
                "P Note after.",
                "P Section 2C – NHS"
            ]
        );
    }

    #[test]
    fn a_table_of_provisions_with_a_nested_table_is_not_a_frame() {
        let inner = Table { rows: vec![row(vec![Cell::of(vec![Paragraph::plain("Mon")], 0, 1)])] };
        let mut cell = Cell::of(vec![Paragraph::plain("Weekly")], 1, 1);
        cell.content_mut().nested.push(inner);
        let t = Table { rows: vec![row(vec![Cell::of(vec![Paragraph::plain("SaLT")], 0, 1), cell])] };
        assert_eq!(show(&run(vec![table_block(t)])), vec!["T SaLT|Weekly Mon"]);
    }

    fn provisions(rows: &[[&str; 2]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|[a, b]| {
                    row(vec![Cell::of(vec![Paragraph::plain(*a)], 0, 1), Cell::of(vec![Paragraph::plain(*b)], 1, 1)])
                })
                .collect(),
        }
    }

    fn holding(label: &str, inner: Table) -> Row {
        let mut cell = Cell::of(vec![], 1, 1);
        cell.content_mut().nested.push(inner);
        row(vec![Cell::of(vec![Paragraph::plain(label)], 0, 1), cell])
    }

    #[test]
    fn a_grouping_table_is_read_as_the_tables_nested_in_it() {
        let outer = Table {
            rows: vec![
                row(vec![
                    Cell::of(vec![Paragraph::plain("Area of need")], 0, 1),
                    Cell::of(vec![Paragraph::plain("Provision")], 1, 1),
                ]),
                holding("Communication and interaction", provisions(&[["What", "Who"], ["Talk Boost", "TA"]])),
                holding("Cognition and learning", provisions(&[["What", "Who"], ["Phonics", "Class TA"]])),
            ],
        };
        assert_eq!(
            show(&run(vec![table_block(outer)])),
            vec!["T What|Who / Talk Boost|TA", "T What|Who / Phonics|Class TA"]
        );
    }

    #[test]
    fn a_table_with_a_row_of_text_between_its_nested_tables_is_not_grouping() {
        let outer = Table {
            rows: vec![
                holding("Communication", provisions(&[["What", "Who"], ["Talk Boost", "TA"]])),
                row(vec![
                    Cell::of(vec![Paragraph::plain("Speech and language therapy")], 0, 1),
                    Cell::of(vec![Paragraph::plain("Weekly, 30 minutes, with the NHS therapist")], 1, 1),
                ]),
            ],
        };
        let shown = show(&run(vec![table_block(outer)]));
        assert_eq!(shown.len(), 1);
        assert!(shown[0].starts_with("T Communication|"), "{shown:?}");
    }

    #[test]
    fn typed_numbering_is_a_list_with_levels_from_its_kinds_of_marker() {
        let blocks = run(vec![
            para("Intro."),
            para("1.\tThe Lego group, weekly."),
            para("Sessions take place in the Hwb."),
            para("2.\tTransition:"),
            para("(i)\ta photo book;"),
            para("(ii)\tvisits;"),
            para("3.\tA review."),
            para("•\tbullet"),
            para("o\tsub-bullet"),
            para("•\tbullet again"),
        ]);
        assert_eq!(
            show(&blocks),
            vec![
                "P Intro.",
                "L0# The Lego group, weekly.",
                "P Sessions take place in the Hwb.",
                "L0# Transition:",
                "L1# a photo book;",
                "L1# visits;",
                "L0# A review.",
                "L1 bullet",
                "L2 sub-bullet",
                "L1 bullet again",
            ]
        );
        // Letters: "i." after "h." is a letter.
        let letters = run(vec![para("h.\teight"), para("i.\tnine"), para("(i)\troman")]);
        assert_eq!(show(&letters), vec!["L0# eight", "L0# nine", "L1# roman"]);
    }

    #[test]
    fn bullets_in_a_cell_are_marked_and_lines_of_items_split() {
        let mut bold = Paragraph::plain("Lead-in:\n• one\n• two");
        bold.bold = std::iter::once(21..24).collect();
        let cell = Cell::of(vec![bold], 0, 1);
        let shared = Arc::clone(&cell.content);
        let below = Cell { content: shared, merged_from_above: true, ..Cell::of(vec![], 0, 1) };
        let t =
            Table { rows: vec![row(vec![cell, Cell::of(vec![Paragraph::plain("a)\tx")], 1, 1)]), row(vec![below])] };
        let blocks = run(vec![table_block(t)]);
        let BlockKind::Table(t) = &blocks[0].kind else { panic!() };
        let ps = t.rows[0].cells[0].paragraphs();
        assert_eq!(
            ps.iter().map(|p| (p.text.as_str(), p.list.map(|m| m.level))).collect::<Vec<_>>(),
            vec![("Lead-in:", None), ("one", Some(0)), ("two", Some(0))]
        );
        assert_eq!(ps[2].bold, vec![0..3]);
        assert!(Arc::ptr_eq(&t.rows[0].cells[0].content, &t.rows[1].cells[0].content), "still shared");
        assert_eq!(t.rows[0].cells[1].paragraphs()[0].text, "x");
        assert_eq!(t.rows[0].cells[0].text(), "Lead-in: one two");
    }

    #[test]
    fn unticked_options_are_choices_not_made() {
        let blocks = run(vec![
            para("Intro"),
            Block {
                kind: BlockKind::ListItem { level: 0, ordered: false, para: Paragraph::plain("[x] Speech") },
                span: Default::default(),
            },
            Block {
                kind: BlockKind::ListItem { level: 0, ordered: false, para: Paragraph::plain("[ ] Nurture") },
                span: Default::default(),
            },
            Block {
                kind: BlockKind::ListItem { level: 1, ordered: false, para: Paragraph::plain("detail of nurture") },
                span: Default::default(),
            },
            Block {
                kind: BlockKind::ListItem { level: 0, ordered: false, para: Paragraph::plain("\u{2612} Makaton") },
                span: Default::default(),
            },
            para("After"),
        ]);
        assert_eq!(show(&blocks), vec!["P Intro", "L0 Speech", "L0 Makaton", "P After"]);
        // Boxes all empty: no choice shows, nothing is left out.
        let all_empty = run(vec![para("[ ] One thing"), para("[ ] Another")]);
        assert_eq!(show(&all_empty), vec!["P [ ] One thing", "P [ ] Another"]);
        // In a cell.
        let t = Table {
            rows: vec![row(vec![Cell::of(vec![Paragraph::plain("☒ Yes"), Paragraph::plain("☐ No")], 0, 1)])],
        };
        let blocks = run(vec![table_block(t)]);
        assert_eq!(show(&blocks), vec!["T Yes"]);
    }

    #[test]
    fn a_task_list_written_out_in_full_keeps_every_item() {
        let item = |text: &str| Block {
            kind: BlockKind::ListItem { level: 0, ordered: false, para: Paragraph::plain(text) },
            span: Default::default(),
        };
        let blocks = run(vec![
            item("[x] Reading intervention with the class TA"),
            item("[ ] Weekly 30-minute social skills group run by the ELSA"),
            item("[ ] Check-in with the school nurse each morning"),
        ]);
        assert_eq!(
            show(&blocks),
            vec![
                "L0 Reading intervention with the class TA",
                "L0 Weekly 30-minute social skills group run by the ELSA",
                "L0 Check-in with the school nurse each morning",
            ]
        );
    }

    #[test]
    fn heading_styles() {
        assert_eq!(heading_level("heading 3"), Some(3));
        assert_eq!(heading_level("Heading 1"), Some(1));
        assert_eq!(heading_level("Title"), Some(1));
        assert_eq!(heading_level("Heading1"), Some(1));
        assert_eq!(heading_level("List Paragraph"), None);
    }
}
