//! Notes under a table that its cells point at with a mark: "Weekly for 6
//! weeks*" over "* Subject to availability of the NHS service.", or a key
//! ("* = in every session"). A note says something of each cell marked
//! with it, so it is written into those cells; it is not a provision of its
//! own.

use super::RawProvision;
use crate::types::model::{Block, BlockKind, mark_runs, note_mark};
use crate::types::provision::Field;

/// A note longer than this is a paragraph, not a note on a cell.
const NOTE_MAX: usize = 300;
/// Marks stand beside a short value; a long cell is not looked in.
const CELL_MAX: usize = 200;

/// The notes at `blocks[from..]`, just after a table, whose marks the
/// table's `provisions` carry: each (mark, text), and the index of the
/// first block after them.
pub(super) fn notes_after(
    blocks: &[&Block],
    from: usize,
    provisions: &[RawProvision],
) -> (Vec<(String, String)>, usize) {
    let mut notes = Vec::new();
    let mut end = from;
    for b in blocks.iter().skip(from) {
        let BlockKind::Paragraph(p) = &b.kind else { break };
        let Some((mark, text)) = note_mark(&p.text).filter(|(_, t)| t.len() <= NOTE_MAX) else { break };
        if !provisions.iter().any(|pr| carries(pr, mark)) {
            break;
        }
        notes.push((mark.to_string(), text.to_string()));
        end += 1;
    }
    (notes, end)
}

fn carries(p: &RawProvision, mark: &str) -> bool {
    p.fields.iter().any(|f| {
        let t = p.field_text(f);
        t.len() <= CELL_MAX && mark_runs(t).into_iter().any(|r| &t[r] == mark)
    })
}

/// Write each note in brackets after the mark that points at it: "Weekly
/// for 6 weeks* (Subject to availability of the NHS service.)".
pub(super) fn apply(p: &mut RawProvision, notes: &[(String, String)]) {
    // The fields must be in order and apart to be rebuilt in place.
    if p.fields.windows(2).any(|w| w[0].range.end > w[1].range.start) {
        return;
    }
    let mut text = String::with_capacity(p.text.len());
    let mut fields = Vec::with_capacity(p.fields.len());
    let mut last = 0;
    for f in &p.fields {
        text.push_str(&p.text[last..f.range.start]);
        let start = text.len();
        let cell = &p.text[f.range.clone()];
        let mut at = 0;
        if cell.len() <= CELL_MAX {
            for r in mark_runs(cell) {
                if let Some((_, note)) = notes.iter().find(|(m, _)| *m == cell[r.clone()]) {
                    text.push_str(&cell[at..r.end]);
                    text.push_str(" (");
                    text.push_str(note);
                    text.push(')');
                    at = r.end;
                }
            }
        }
        text.push_str(&cell[at..]);
        fields.push(Field { range: start..text.len(), ..f.clone() });
        last = f.range.end;
    }
    text.push_str(&p.text[last..]);
    p.text = text;
    p.fields = fields;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::model::{Paragraph, SourceSpan};
    use crate::types::provision::{Layout, Location, Role};

    fn row(cells: &[(&str, Role)]) -> RawProvision {
        let mut text = String::new();
        let mut fields = Vec::new();
        for (i, (c, role)) in cells.iter().enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            let start = text.len();
            text.push_str(c);
            fields.push(Field { name: format!("c{i}"), role: *role, range: start..text.len(), merged: false });
        }
        RawProvision { text, fields, location: Location::new(Layout::Table, &SourceSpan::default()), comments: vec![] }
    }

    fn para(t: &str) -> Block {
        Block { kind: BlockKind::Paragraph(Paragraph::plain(t)), span: SourceSpan::default() }
    }

    #[test]
    fn a_note_is_written_beside_each_cell_marked_with_it() {
        let rows = vec![
            row(&[("Occupational therapy block", Role::Description), ("Weekly for 6 weeks*", Role::Frequency)]),
            row(&[("Fine motor group", Role::Description), ("Weekly**", Role::Frequency)]),
            row(&[("Social skills group", Role::Description), ("Fortnightly", Role::Frequency)]),
        ];
        let blocks = [
            para("* Subject to availability of the NHS service."),
            para("** If staffing allows."),
            para("Total: £9,000"),
        ];
        let refs: Vec<&Block> = blocks.iter().collect();
        let (notes, end) = notes_after(&refs, 0, &rows);
        assert_eq!(end, 2, "the total line is not a note");
        let mut rows = rows;
        for r in &mut rows {
            apply(r, &notes);
        }
        assert_eq!(
            rows[0].text,
            "Occupational therapy block | Weekly for 6 weeks* (Subject to availability of the NHS service.)"
        );
        assert_eq!(
            rows[0].field_text(&rows[0].fields[1]),
            "Weekly for 6 weeks* (Subject to availability of the NHS service.)"
        );
        assert_eq!(rows[1].text, "Fine motor group | Weekly** (If staffing allows.)");
        assert_eq!(rows[2].text, "Social skills group | Fortnightly");
    }

    #[test]
    fn a_starred_line_no_cell_points_at_is_not_a_note() {
        let rows = vec![row(&[("Reading group", Role::Description), ("Daily", Role::Frequency)])];
        let blocks = [para("* Also: a laptop in every lesson.")];
        let refs: Vec<&Block> = blocks.iter().collect();
        assert_eq!(notes_after(&refs, 0, &rows), (vec![], 0));
    }
}
