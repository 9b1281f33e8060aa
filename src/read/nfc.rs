//! Unicode normalisation of the document model (NFC).
//!
//! The same words can be written as different code points: "ô" as one
//! precomposed letter (NFC, what keyboards type) or as "o" followed by a
//! combining circumflex (NFD, what some PDF tools and Macs write). The
//! lexicon is written in NFC, so a plan in NFD would hide its Welsh hedges
//! ("yn ôl yr angen") from the checker. Every text of the model is brought
//! to NFC when it is read, once, so that provision text, field ranges and
//! finding spans are all worked out on the same text.
//!
//! Bold ranges are byte offsets into a paragraph's text; they are moved
//! with it. A paragraph is normalised in segments that start at a character
//! nothing before it can combine with (a starter that is NFC_QC=Yes), so a
//! segment normalises on its own and its start moves to a known place; a
//! bold boundary inside a segment moves to the segment's edge.
//!
//! Cells are shared between the rows a merged cell covers: each distinct
//! cell is normalised once and the rows go on sharing the result.

use crate::types::model::{Block, BlockKind, Cell, CellContent, Document, Paragraph, Table};
use std::collections::HashMap;
use std::sync::Arc;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Bring every text of `doc` to NFC.
pub fn document(doc: &mut Document) {
    let mut cells = Cells::default();
    blocks(&mut doc.blocks, &mut cells);
}

/// The cells seen so far, by the address of their shared content: the
/// content that replaces each (`None` when it was already NFC). The old
/// content is kept alive here, so no address is reused while this runs.
#[derive(Default)]
struct Cells {
    seen: HashMap<*const CellContent, (Arc<CellContent>, Option<Arc<CellContent>>)>,
}

fn blocks(blocks: &mut [Block], cells: &mut Cells) {
    for b in blocks {
        match &mut b.kind {
            BlockKind::Heading { text, .. } | BlockKind::Comment(text) => string(text),
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => paragraph(p),
            BlockKind::Table(t) => table(t, cells),
            BlockKind::TextBox(inner) => self::blocks(inner, cells),
        }
    }
}

fn table(t: &mut Table, cells: &mut Cells) {
    for row in &mut t.rows {
        for cell in &mut row.cells {
            self::cell(cell, cells);
        }
    }
}

fn cell(cell: &mut Cell, cells: &mut Cells) {
    let key = Arc::as_ptr(&cell.content);
    if let Some((_, replaced)) = cells.seen.get(&key) {
        if let Some(new) = replaced {
            cell.content = Arc::clone(new);
        }
        return;
    }
    let old = Arc::clone(&cell.content);
    let changed = old.paragraphs.iter().any(|p| !is_nfc(&p.text)) || !old.nested.is_empty();
    let replaced = changed.then(|| {
        let mut paragraphs = old.paragraphs.clone();
        for p in &mut paragraphs {
            paragraph(p);
        }
        let mut nested = old.nested.clone();
        for t in &mut nested {
            table(t, cells);
        }
        Arc::new(CellContent::new(paragraphs, nested))
    });
    if let Some(new) = &replaced {
        cell.content = Arc::clone(new);
    }
    cells.seen.insert(key, (old, replaced));
}

fn is_nfc(s: &str) -> bool {
    s.is_ascii() || unicode_normalization::is_nfc(s)
}

fn string(s: &mut String) {
    if !is_nfc(s) {
        *s = s.nfc().collect();
    }
}

fn paragraph(p: &mut Paragraph) {
    if is_nfc(&p.text) {
        return;
    }
    if p.bold.is_empty() {
        string(&mut p.text);
        return;
    }
    // (old offset, new offset) at the start of each segment, and the end.
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut out = String::with_capacity(p.text.len());
    let text = &p.text;
    let mut start = 0;
    for (i, c) in text.char_indices().skip(1) {
        if is_boundary(c) {
            marks.push((start, out.len()));
            out.extend(text[start..i].nfc());
            start = i;
        }
    }
    marks.push((start, out.len()));
    out.extend(text[start..].nfc());
    marks.push((text.len(), out.len()));
    let at = |offset: usize, round_up: bool| {
        let k = marks.partition_point(|&(old, _)| old <= offset);
        // `marks[k - 1]` starts the segment holding `offset`.
        let (old, new) = marks[k.saturating_sub(1)];
        if old == offset || !round_up { new } else { marks.get(k).map_or(out.len(), |&(_, n)| n) }
    };
    for r in &mut p.bold {
        *r = at(r.start, false)..at(r.end, true);
    }
    p.bold.retain(|r| r.start < r.end);
    p.text = out;
}

/// Nothing before `c` can combine with it or be reordered past it: a
/// segment of text that starts here normalises the same on its own.
fn is_boundary(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_text_is_composed_and_bold_moves_with_it() {
        // "Yn ôl yr angen" with a combining circumflex, "ôl" in bold.
        let nfd = "Yn o\u{302}l yr angen";
        let start = nfd.find('o').unwrap();
        let mut p = Paragraph {
            text: nfd.to_string(),
            bold: std::iter::once(start..start + "o\u{302}l".len()).collect(),
            style: None,
            list: None,
        };
        paragraph(&mut p);
        assert_eq!(p.text, "Yn ôl yr angen");
        assert_eq!(&p.text[p.bold[0].clone()], "ôl");
    }

    #[test]
    fn a_bold_edge_inside_a_letter_moves_to_the_letter_s_edge() {
        // Bold ends between the "e" and its combining acute.
        let mut p = Paragraph {
            text: "cafe\u{301} au lait".to_string(),
            bold: std::iter::once(0..4).collect(),
            style: None,
            list: None,
        };
        paragraph(&mut p);
        assert_eq!(p.text, "café au lait");
        assert_eq!(&p.text[p.bold[0].clone()], "café");
    }

    #[test]
    fn a_merged_cell_is_normalised_once_and_stays_shared() {
        let content: Arc<CellContent> =
            CellContent::new(vec![Paragraph::plain("gwasanaeth yn o\u{302}l yr angen")], Vec::new()).into();
        let row = |merged| crate::types::model::Row {
            cells: vec![Cell {
                content: Arc::clone(&content),
                span: 1,
                merged_from_above: merged,
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut doc = Document::new(crate::types::model::Format::Docx);
        doc.blocks.push(Block {
            kind: BlockKind::Table(Table { rows: vec![row(false), row(true), row(true)] }),
            span: Default::default(),
        });
        document(&mut doc);
        let BlockKind::Table(t) = &doc.blocks[0].kind else { panic!() };
        assert_eq!(t.rows[2].cells[0].text(), "gwasanaeth yn ôl yr angen");
        assert!(Arc::ptr_eq(&t.rows[0].cells[0].content, &t.rows[2].cells[0].content));
    }
}
