//! Provision tables: one provision per row, under the header row that names
//! the columns. Header rows (marked, or naming column roles), repeated
//! headers after a page break, category rows ("Communication and
//! interaction") and blank rows are not provisions.

use super::{Budget, TextBuilder};
use crate::lexicon::Lexicon;
use crate::lexicon::columns::Columns;
use crate::lexicon::sections::is_element_heading;
use crate::types::error::ReadError;
use crate::types::model::{Cell, Row, SourceSpan, Table, collapse_ws};
use crate::types::provision::{Layout, Location, RawProvision, Role};
use std::collections::HashMap;
use std::ops::Range;

#[derive(Clone)]
pub(super) struct Header {
    width: usize,
    /// (first grid column, span, name) for each header cell, in column order.
    cols: Vec<(usize, usize, String)>,
    /// The row's text, to know it again where the table is continued; not
    /// kept for a header too long to be one (comparing it with every row
    /// would cost its length each time).
    text: Option<String>,
}

/// Longer than the text of any real header row, in bytes.
const MAX_HEADER_KEY: usize = 4096;

impl Header {
    /// The name of the header cell over grid column `col`. Found by halving:
    /// a row of many cells asks once per cell.
    fn name_for(&self, col: usize) -> String {
        let after = self.cols.partition_point(|(c, _, _)| *c <= col);
        after
            .checked_sub(1)
            .map(|i| &self.cols[i])
            .filter(|(c, span, _)| col < c + span)
            .map(|(_, _, n)| n.clone())
            .unwrap_or_default()
    }
}

fn row_key(row: &Row) -> String {
    collapse_ws(&row.texts().join(" ")).to_lowercase()
}

/// Is `row`'s key (its text, white space collapsed, lower-cased: see
/// [`row_key`]) `key`? Compared a character at a time and given up at the
/// first difference, so a row holding a large merged cell costs no more
/// than the key's length.
fn row_key_is(row: &Row, key: &str) -> bool {
    let mut want = key.chars();
    let mut started = false;
    let mut space = false;
    for cell in &row.cells {
        space |= started;
        for c in cell.text().chars() {
            if c.is_whitespace() {
                space |= started;
                continue;
            }
            if c == 'Σ' {
                // Its lower case depends on the letters around it.
                return row_key(row) == key;
            }
            if std::mem::take(&mut space) && want.next() != Some(' ') {
                return false;
            }
            started = true;
            for l in c.to_lowercase() {
                if want.next() != Some(l) {
                    return false;
                }
            }
        }
    }
    want.next().is_none()
}

fn header_of(row: &Row) -> Header {
    let mut cols: Vec<(usize, usize, String)> =
        row.cells.iter().map(|c| (c.col, c.span.max(1), collapse_ws(c.text()))).collect();
    // Readers lay cells out left to right; keep the first of any that
    // share a column, as a search from the left would.
    crate::sort::sort_by_key(&mut cols, |(c, _, _)| *c);
    let text = Some(row_key(row)).filter(|k| k.len() <= MAX_HEADER_KEY);
    Header { width: row.width(), cols, text }
}

/// Is this row a header: marked so, or most of its cells name a column role.
/// `continued_width`: the width of the header of a table before this one in
/// the section, if any; `width`: this table's.
fn is_header_row(cols: &Columns, t: &Table, r: usize, width: usize, continued_width: Option<usize>) -> bool {
    let row = &t.rows[r];
    // In a table that goes on from one before it, as wide as that one's
    // header, a first row narrower than the table (the tail of a row cut by a
    // page break, "os oes lle ar gael | Cwnselydd y coleg | Aelod cofrestredig
    // o BACP" over rows of five) is not a header, even marked as one (a
    // reader may take a table's first row for its header).
    if continued_width == Some(width) && row.width() < width {
        return false;
    }
    if row.header {
        return true;
    }
    let texts: Vec<&str> = row.texts().into_iter().filter(|s| !s.is_empty()).collect();
    if texts.is_empty() {
        return false;
    }
    let named = texts.iter().filter(|s| short(s, 8, 70) && cols.role(s) != Role::Other).count();
    if texts.len() >= 2 && named >= 2 && named * 2 >= texts.len() {
        return true;
    }
    // A bold first row over plain rows.
    r == 0
        && t.rows.len() > 1
        && row.cells.iter().filter(|c| !c.text().is_empty()).all(|c| c.all_bold())
        && !t.rows[1].cells.iter().filter(|c| !c.text().is_empty()).all(|c| c.all_bold())
}

/// A row that may be a header among a table's provisions: three cells or
/// more name column roles, at least half its cells do, and none holds a
/// number. Its key is the cells that name roles; it is a header when the
/// same key heads another part of the table too (a vague provision, "Fine
/// motor group | Regularly | Short sessions | Staff | Trained staff", can
/// name roles, but is not written out again).
///
/// Only short cells are looked into: a cell merged down many rows is
/// shared by each of them, and may be long.
fn inner_header_key(cols: &Columns, row: &Row) -> Option<String> {
    let mut filled = 0;
    let mut named: Vec<&str> = Vec::new();
    for s in row.texts() {
        if s.is_empty() {
            continue;
        }
        filled += 1;
        if !short(s, 8, 70) {
            continue;
        }
        if s.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        if cols.role(s) != Role::Other {
            named.push(s);
        }
    }
    (named.len() >= 3 && named.len() * 2 >= filled).then(|| named.join("\u{1f}").to_lowercase())
}

/// At most `words` words and `chars` characters, counted no further than
/// needed: a cell can be a megabyte long.
pub(super) fn short(text: &str, words: usize, chars: usize) -> bool {
    text.len() <= chars * 4 && text.chars().count() <= chars && text.split_whitespace().nth(words).is_none()
}

/// A row that is a category or sub-heading ("Communication and interaction"):
/// one distinct text over a table of several columns. `any_wide_row`: some
/// row of the table has more than one cell (worked out once per table).
/// A row merged across the table that says what will be done ("All staff
/// who teach Dylan will have a one-hour briefing … by 30 January 2027") is
/// a provision, not a title; one that says nothing will be done ("Dylan and
/// his parents helped write this section") is a note, skipped as a title is.
fn is_title_row(row: &Row, width: usize, any_wide_row: bool, lex: &Lexicon) -> bool {
    if width <= 1 {
        return false;
    }
    let mut filled = row.cells.iter().filter(|c| !c.text().is_empty());
    let (Some(cell), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let text = cell.text();
    let across = cell.span >= width || (row.cells.len() == 1 && any_wide_row);
    if across && !short(text, 8, 80) && super::prose::is_provision_sentence(lex, text) {
        return false;
    }
    across || cell.all_bold() && cell.words() <= 8 || is_element_heading(text)
}

/// A header over a count of sessions: "Sessions", "No. of sessions".
fn is_count_header(name: &str) -> bool {
    let n = name.trim().trim_end_matches(['.', ':']).to_lowercase();
    matches!(
        n.as_str(),
        "sessions"
            | "session"
            | "times"
            | "number of sessions"
            | "no. of sessions"
            | "no of sessions"
            | "sesiynau"
            | "nifer"
    )
}

/// A header over the period a count is over: "per", "every".
fn is_per_header(name: &str) -> bool {
    matches!(
        name.trim().trim_end_matches(['.', ':']).to_lowercase().as_str(),
        "per" | "every" | "each" | "bob" | "y" | "yr"
    )
}

/// The first `max` bytes of `text`, cut at a character's edge.
fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A row of totals: its first filled cell says "Total" ("Weekly total",
/// "Cyfanswm") and every other filled cell is a number or a sum of money.
fn is_total_row(row: &Row) -> bool {
    let mut filled = row.cells.iter().map(|c| c.text().trim()).filter(|t| !t.is_empty() && !matches!(*t, "-" | "–"));
    let Some(first) = filled.next() else { return false };
    if first.len() > 40 {
        return false;
    }
    let label = first.to_lowercase();
    let label = label.trim_end_matches([':', '.']);
    let total = label.split_whitespace().count() <= 4
        && (label.ends_with("total")
            || label.ends_with("totals")
            || label.starts_with("total")
            || label.starts_with("cyfanswm"));
    total
        && filled.all(|t| {
            t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '£' | '€' | '%' | ' ' | 'h' | ':'))
                && t.chars().any(|c| c.is_ascii_digit())
        })
}

pub(super) fn is_blank_row(row: &Row) -> bool {
    row.cells.iter().all(|c| c.is_rule())
}

/// Column roles by header name, each worked out once per table (every row
/// of a table has the same headers).
struct ColumnRoles<'c> {
    cols: &'c Columns,
    seen: HashMap<String, Role>,
}

impl ColumnRoles<'_> {
    fn role(&mut self, name: &str) -> Role {
        if let Some(role) = self.seen.get(name) {
            return *role;
        }
        let role = self.cols.role(name);
        self.seen.insert(name.to_string(), role);
        role
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn table_provisions(
    cols: &Columns,
    lex: &Lexicon,
    t: &Table,
    table_no: usize,
    span: &SourceSpan,
    header: &mut Option<Header>,
    budget: &mut Budget,
    out: &mut Vec<RawProvision>,
) -> Result<(), ReadError> {
    let width = t.rows.iter().map(Row::width).max().unwrap_or(0);
    let any_wide_row = t.rows.iter().any(|r| r.cells.len() > 1);
    let from = out.len();
    let mut found_header = false;
    let mut pending_comments: Vec<String> = Vec::new();
    let mut roles = ColumnRoles { cols, seen: HashMap::new() };
    let translation = translation_rows(t);
    // Header rows among the provisions repeat: one over each area's rows.
    let inner_keys: Vec<Option<String>> = t.rows.iter().map(|row| inner_header_key(cols, row)).collect();
    let mut inner_count: HashMap<&str, usize> = HashMap::new();
    for k in inner_keys.iter().flatten() {
        *inner_count.entry(k.as_str()).or_default() += 1;
    }
    for (r, row) in t.rows.iter().enumerate() {
        if translation[r] {
            continue;
        }
        let twin = t.rows.get(r + 1).filter(|_| translation.get(r + 1).copied().unwrap_or(false));
        if is_blank_row(row) {
            pending_comments.extend(row.comments.iter().cloned());
            continue;
        }
        // A repeated header row (a table continued after a page break).
        if header.as_ref().and_then(|h| h.text.as_deref()).is_some_and(|key| row_key_is(row, key)) {
            found_header = true;
            continue;
        }
        // A title over the table ("Maes 4: Asesu, hyfforddi ac adolygu"
        // across every column), even one repeated on each page as a header
        // row is, names no column: the header is the row that does. Nor is
        // a row of totals a provision ("Weekly total | | 15.35 | £14,525").
        if is_title_row(row, width, any_wide_row, lex) || is_total_row(row) {
            continue;
        }
        // A header row under provisions already read (each area's own
        // header, as an untagged PDF draws a table of provisions per area):
        // it heads the rows below it.
        if (found_header || out.len() > from) && inner_keys[r].as_ref().is_some_and(|k| inner_count[k.as_str()] >= 2) {
            *header = Some(header_of(row));
            found_header = true;
            continue;
        }
        if !found_header && out.len() == from && is_header_row(cols, t, r, width, header.as_ref().map(|h| h.width)) {
            *header = Some(header_of(row));
            found_header = true;
            continue;
        }
        // A continued table without its header uses the one before, if it fits.
        let hdr = header.as_ref().filter(|h| h.width == width || found_header);
        let names: Vec<(String, Role)> = row
            .cells
            .iter()
            .map(|cell| {
                let name = hdr.map(|h| h.name_for(cell.col)).unwrap_or_default();
                let role = if name.is_empty() { Role::Other } else { roles.role(&name) };
                (name, role)
            })
            .collect();
        // "Sessions | per": a count, then the period it is counted over, in
        // the next column ("5 | week"): one rate.
        let split_rate = (0..names.len().saturating_sub(1))
            .find(|&k| is_count_header(&names[k].0) && is_per_header(&names[k + 1].0));
        // Several bullets in one cell are several provisions, each with the
        // row's other cells (GUIDELINE, "Unit of labelling").
        let bullets = bullet_cell(row, &names).map(|c| (c, bullets_of(&row.cells[c])));
        let items: Vec<Option<(usize, &str)>> = match &bullets {
            Some((c, items)) => items.iter().map(|t| Some((*c, t.as_str()))).collect(),
            None => vec![None],
        };
        let mut comments = std::mem::take(&mut pending_comments);
        comments.extend(row.comments.iter().cloned());
        for (n, item) in items.iter().enumerate() {
            let mut tb = TextBuilder::new();
            for (k, (cell, (name, role))) in row.cells.iter().zip(&names).enumerate() {
                if split_rate.is_some_and(|c| k == c + 1) {
                    continue;
                }
                let rate;
                let (text, role) = match item {
                    Some((c, bullet)) if *c == k => (*bullet, role),
                    _ if split_rate == Some(k) => {
                        let per = row.cells.get(k + 1).map_or("", Cell::text).trim();
                        rate = if cell.text().trim().is_empty() || per.is_empty() {
                            format!("{} {per}", cell.text().trim())
                        } else {
                            format!("{} per {per}", cell.text().trim())
                        };
                        (rate.as_str(), &Role::Frequency)
                    }
                    _ => (cell.text(), role),
                };
                // A row and its translation below: one provision, each
                // cell in both languages as a bilingual cell has them.
                let both;
                let text = match twin.and_then(|t| t.cells.get(k)).map(Cell::text).filter(|t| !t.is_empty()) {
                    Some(other) if !text.is_empty() && other != text => {
                        both = format!("{text} / {other}");
                        both.as_str()
                    }
                    Some(other) if text.is_empty() => other,
                    _ => text,
                };
                // "How often: Daily ¶ How long: 20 minutes ¶ Who: TA": a
                // cell of labelled lines is a field for each label.
                match labelled_cell(cols, text)
                    .filter(|_| item.is_none() && matches!(role, Role::Description | Role::Other))
                {
                    Some(parts) => {
                        for (label, part_role, range) in parts {
                            let line = &text[range];
                            let (written, value) = line.split_at(line.find(':').map_or(0, |i| i + 1));
                            tb.push_labelled(&label, part_role, written, value.trim(), cell.merged_from_above);
                        }
                    }
                    None => tb.push(name, *role, text, cell.merged_from_above),
                }
                budget.check_builder(&tb)?;
            }
            let mut loc = Location::new(Layout::Table, if row.span.line.is_some() { &row.span } else { span });
            loc.table = Some(table_no);
            loc.row = Some(r + 1);
            loc.item = item.map(|_| n + 1);
            let comments = if n + 1 == items.len() { std::mem::take(&mut comments) } else { comments.clone() };
            budget.push(out, RawProvision { text: tb.text, fields: tb.fields, location: loc, comments })?;
        }
    }
    Ok(())
}

/// A cell longer than this is not looked in for labelled lines.
const LABELLED_CELL_MAX: usize = 600;

/// A cell written as labelled lines ("How often: Daily How long: 20
/// minutes Who: Class TA Training: PECS Level 1"): each label that names an
/// element, with its role and the byte range of its line (label and value)
/// in `text`. Only when the cell opens with such a label and holds two or
/// more; a label is the shortest run of up to three words before a colon
/// that names a column's role.
fn labelled_cell(cols: &Columns, text: &str) -> Option<Vec<(String, Role, Range<usize>)>> {
    if text.len() > LABELLED_CELL_MAX || !text.contains(':') {
        return None;
    }
    let element = |r: Role| {
        matches!(
            r,
            Role::Provider
                | Role::Qualification
                | Role::Frequency
                | Role::Duration
                | Role::FrequencyDuration
                | Role::Group
        )
    };
    let mut starts: Vec<(usize, String, Role)> = Vec::new();
    for (colon, _) in text.match_indices(':') {
        let before = &text[..colon];
        // Word starts going back from the colon, nearest first.
        let mut word_starts = Vec::new();
        let mut end = before.trim_end().len();
        for _ in 0..3 {
            let head = &before[..end];
            let start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            if start >= end {
                break;
            }
            word_starts.push(start);
            end = head[..start].trim_end().len();
            if start == 0 || end == 0 {
                break;
            }
        }
        let found = word_starts.into_iter().find_map(|start| {
            let label = before[start..].trim();
            let role = cols.role(label);
            element(role).then(|| (start, label.to_string(), role))
        });
        if let Some(f) = found
            && starts.last().is_none_or(|last| f.0 > last.0)
        {
            starts.push(f);
        }
    }
    if starts.len() < 2 || starts[0].0 != 0 {
        return None;
    }
    let ends: Vec<usize> = starts.iter().skip(1).map(|s| s.0).chain(std::iter::once(text.len())).collect();
    Some(
        starts
            .into_iter()
            .zip(ends)
            .map(|((start, label, role), end)| (label, role, start..text[..end].trim_end().len()))
            .collect(),
    )
}

/// For each row, whether it translates the row above: a table whose rows,
/// after any header, go Welsh, English, Welsh, English (or the other way)
/// for three pairs or more, each row in one language, as a bilingual plan
/// sets a translation in italics under each row.
fn translation_rows(t: &Table) -> Vec<bool> {
    let mut out = vec![false; t.rows.len()];
    let rows: Vec<usize> = (0..t.rows.len()).filter(|&r| !is_blank_row(&t.rows[r])).collect();
    if rows.len() < 6 {
        return out;
    }
    let lang = |r: usize| {
        // The head of each cell is enough to tell its language, and keeps
        // this linear however large a cell merged down many rows is.
        let text: Vec<&str> = t.rows[r].cells.iter().map(|c| head(c.text(), 200)).collect();
        let mix = crate::language::mix(&text.join(" | "));
        // One language clearly: most of its marked words.
        mix.lang().filter(|_| mix.cy.abs_diff(mix.en) * 3 >= (mix.cy + mix.en) * 2)
    };
    for skip in 0..=1 {
        let data = &rows[skip..];
        if data.len() < 6 || !data.len().is_multiple_of(2) {
            continue;
        }
        let (Some(first), Some(second)) = (lang(data[0]), lang(data[1])) else { continue };
        if first == second {
            continue;
        }
        // Stops at the first row out of turn.
        let alternate =
            data.iter().enumerate().skip(2).all(|(k, &r)| lang(r) == Some(if k % 2 == 0 { first } else { second }));
        if alternate {
            for pair in data.chunks(2) {
                out[pair[1]] = true;
            }
            return out;
        }
    }
    out
}

/// The cell of a row that holds a list of separate provisions: two or more
/// list items at its top level, in the provision column ("Reading | •
/// phonics • spelling | TA | daily"), or, in a table without headers, in
/// one of its first two cells. Items in a frequency or staff column are
/// parts of one provision ("• Weekly • 30 minutes").
fn bullet_cell(row: &Row, names: &[(String, Role)]) -> Option<usize> {
    let top_items = |k: usize| {
        let paras = row.cells[k].paragraphs();
        let top = paras.iter().filter_map(|p| p.list.map(|l| l.level)).min();
        paras.iter().filter(|p| p.list.is_some_and(|l| Some(l.level) == top) && !p.text.trim().is_empty()).count()
    };
    let candidates: Vec<usize> = (0..row.cells.len()).filter(|&k| top_items(k) >= 2).collect();
    let headed = names.iter().any(|(_, role)| *role != Role::Other);
    candidates.iter().copied().find(|&k| match names.get(k) {
        Some((_, Role::Description)) => true,
        _ => !headed && k <= 1,
    })
}

/// A cell's list items, each with its sub-items joined to it. Lines before
/// the first item (a lead-in such as "Physiotherapy programme:") and after
/// the list are left out: they introduce the items, and are not one.
fn bullets_of(cell: &Cell) -> Vec<String> {
    let paras = cell.paragraphs();
    let top = paras.iter().filter_map(|p| p.list.map(|l| l.level)).min().unwrap_or(0);
    let mut items: Vec<String> = Vec::new();
    let mut open = false;
    for p in paras {
        let text = collapse_ws(&p.text);
        match p.list {
            Some(l) if l.level <= top => {
                if !text.is_empty() {
                    items.push(text);
                    open = true;
                }
            }
            Some(_) if open => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(&text);
                }
            }
            _ => open = false,
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Lexicon;
    use crate::types::provision::Role;

    #[test]
    fn a_cell_of_labelled_lines_is_a_field_for_each_label() {
        let cols = &Lexicon::builtin().columns;
        let text = "How often: Termly How long: – Who: Swansea Bay speech and language therapist Training: –";
        let parts: Vec<(String, Role, &str)> =
            super::labelled_cell(cols, text).unwrap().into_iter().map(|(l, r, range)| (l, r, &text[range])).collect();
        assert_eq!(
            parts,
            vec![
                ("How often".to_string(), Role::Frequency, "How often: Termly"),
                ("How long".to_string(), Role::Duration, "How long: –"),
                ("Who".to_string(), Role::Provider, "Who: Swansea Bay speech and language therapist"),
                ("Training".to_string(), Role::Qualification, "Training: –"),
            ]
        );
        // A description with one label, or none first, is left whole.
        assert!(super::labelled_cell(cols, "Speech therapy. Who: the SaLT").is_none());
        assert!(super::labelled_cell(cols, "Note: see the key. Who: TA How often: daily").is_none());
    }
    use crate::locate::Section;
    use crate::types::limits::Limits;
    use crate::types::model::{Block, BlockKind, Cell, ListMark, Paragraph, Row, SourceSpan, Table};
    use crate::types::report::FoundBy;

    fn para(text: &str, list: Option<u8>) -> Paragraph {
        Paragraph { list: list.map(|level| ListMark { level, ordered: false }), ..Paragraph::plain(text) }
    }

    fn row(cells: Vec<Vec<Paragraph>>, header: bool) -> Row {
        let n = cells.len();
        let cells = cells.into_iter().enumerate().map(|(i, p)| Cell::of(p, i, 1)).collect();
        let _ = n;
        Row { cells, header, ..Default::default() }
    }

    fn provisions(t: Table) -> Vec<(String, String)> {
        let section = Section {
            heading: Some("Section 2B".into()),
            found_by: FoundBy::Code,
            blocks: vec![std::borrow::Cow::Owned(Block { kind: BlockKind::Table(t), span: SourceSpan::default() })],
        };
        super::super::split(&section, &Limits::default(), Lexicon::builtin())
            .unwrap()
            .into_iter()
            .map(|p| (p.text, p.location.describe()))
            .collect()
    }

    fn header() -> Row {
        row(
            vec![
                vec![Paragraph::plain("Provision")],
                vec![Paragraph::plain("How often")],
                vec![Paragraph::plain("Who")],
            ],
            true,
        )
    }

    #[test]
    fn a_title_row_marked_as_a_header_is_not_the_header() {
        let title = Row {
            cells: vec![Cell::of(vec![Paragraph::plain("Area 4: Assessment, training and review")], 0, 3)],
            header: true,
            ..Default::default()
        };
        let data = row(
            vec![
                vec![Paragraph::plain("Review meeting with parents")],
                vec![Paragraph::plain("Once a term")],
                vec![Paragraph::plain("ALNCo")],
            ],
            false,
        );
        let split = super::super::split(
            &Section {
                heading: Some("Section 2B".into()),
                found_by: FoundBy::Code,
                blocks: vec![std::borrow::Cow::Owned(Block {
                    kind: BlockKind::Table(Table { rows: vec![title, header(), data] }),
                    span: SourceSpan::default(),
                })],
            },
            &Limits::default(),
            Lexicon::builtin(),
        )
        .unwrap();
        assert_eq!(split.len(), 1);
        let names: Vec<&str> = split[0].fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Provision", "How often", "Who"]);
    }

    #[test]
    fn a_narrow_first_row_of_a_continued_table_is_not_its_header() {
        // The tail of a row cut by a page break opens the second table, marked
        // as a header by its reader; the rows under it are three cells wide.
        let cells = |texts: &[&str]| texts.iter().map(|t| vec![Paragraph::plain(*t)]).collect::<Vec<_>>();
        let first = Table { rows: vec![header(), row(cells(&["Counselling", "Weekly", "Counsellor"]), false)] };
        let tail = Row {
            cells: vec![Cell::of(vec![Paragraph::plain("if a place is free")], 0, 1)],
            header: true,
            ..Default::default()
        };
        let second = Table { rows: vec![tail, row(cells(&["Review meeting", "Termly", "ALNCo"]), false)] };
        let split = super::super::split(
            &Section {
                heading: Some("Section 2B".into()),
                found_by: FoundBy::Code,
                blocks: [first, second]
                    .into_iter()
                    .map(|t| std::borrow::Cow::Owned(Block { kind: BlockKind::Table(t), span: SourceSpan::default() }))
                    .collect(),
            },
            &Limits::default(),
            Lexicon::builtin(),
        )
        .unwrap();
        let review = split.iter().find(|p| p.text.starts_with("Review meeting")).expect("the row under the tail");
        let names: Vec<&str> = review.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Provision", "How often", "Who"]);
    }

    #[test]
    fn each_bullet_in_a_cell_is_a_provision_with_the_rows_other_cells() {
        let t = Table {
            rows: vec![
                header(),
                row(
                    vec![
                        vec![
                            para("Literacy programme:", None),
                            para("Phonics with Read Write Inc", Some(0)),
                            para("Paired reading", Some(0)),
                            para("with a Year 6 buddy", Some(1)),
                        ],
                        vec![Paragraph::plain("Daily, 20 minutes")],
                        vec![Paragraph::plain("Teaching assistant")],
                    ],
                    false,
                ),
            ],
        };
        let got = provisions(t);
        assert_eq!(
            got,
            [
                (
                    "Phonics with Read Write Inc | Daily, 20 minutes | Teaching assistant".to_string(),
                    "Section 2B, table 1, row 2, item 1".to_string()
                ),
                (
                    "Paired reading with a Year 6 buddy | Daily, 20 minutes | Teaching assistant".to_string(),
                    "Section 2B, table 1, row 2, item 2".to_string()
                ),
            ]
        );
    }

    #[test]
    fn one_bullet_or_none_leaves_the_row_one_provision() {
        let t = Table {
            rows: vec![
                header(),
                row(
                    vec![
                        vec![para("Speech and language therapy", Some(0))],
                        vec![para("Weekly", Some(0)), para("30 minutes", Some(0))],
                        vec![Paragraph::plain("SaLT")],
                    ],
                    false,
                ),
            ],
        };
        // Two items in the frequency cell are parts of one schedule.
        let got = provisions(t);
        assert_eq!(got.len(), 1, "{got:?}");
        let t = Table {
            rows: vec![
                header(),
                row(
                    vec![
                        vec![Paragraph::plain("Speech and language therapy")],
                        vec![Paragraph::plain("Weekly")],
                        vec![Paragraph::plain("SaLT")],
                    ],
                    false,
                ),
            ],
        };
        assert_eq!(provisions(t).len(), 1);
    }

    fn plain_row(cells: &[&str]) -> Row {
        row(cells.iter().map(|c| vec![Paragraph::plain(*c)]).collect(), false)
    }

    #[test]
    fn a_row_of_totals_is_not_a_provision() {
        let t = Table {
            rows: vec![
                header(),
                plain_row(&["Reading group", "3 x 20 minutes a week", "TA"]),
                plain_row(&["Weekly total", "1.0", "£780"]),
                plain_row(&["Total hours", "", "1.0"]),
            ],
        };
        let got = provisions(t);
        assert_eq!(got.len(), 1, "{got:?}");
        // A provision that only opens with the word stays one.
        let t = Table { rows: vec![header(), plain_row(&["Total communication approach", "Daily", "Class team"])] };
        assert_eq!(provisions(t).len(), 1);
    }

    #[test]
    fn a_header_repeated_over_each_area_heads_the_rows_under_it() {
        let t = Table {
            rows: vec![
                plain_row(&["Area of need", "Provision", "", ""]),
                plain_row(&["Communication", "What", "How often and how long", "Who and training"]),
                plain_row(&["Communication", "Talk Boost group", "Three times a week, 20 minutes", "TA"]),
                plain_row(&["Cognition", "What", "How often and how long", "Who and training"]),
                plain_row(&["Cognition", "Phonics keep-up", "Daily, 10 minutes", "Class TA"]),
            ],
        };
        let got: Vec<String> = provisions(t).into_iter().map(|(text, _)| text).collect();
        assert!(!got.iter().any(|t| t.contains("How often and how long")), "{got:?}");
        assert!(got.iter().any(|t| t.contains("Talk Boost")) && got.iter().any(|t| t.contains("Phonics")), "{got:?}");
        // A vague provision that happens to name roles, once, stays a provision.
        let t = Table {
            rows: vec![
                plain_row(&["Provision", "How often", "How long", "Who", "Training"]),
                plain_row(&["Reading group", "Weekly", "20 minutes", "TA", "Level 3"]),
                plain_row(&["Fine motor group", "Regularly", "Short sessions", "Staff", "Trained staff"]),
            ],
        };
        assert_eq!(provisions(t).len(), 2);
    }

    #[test]
    fn rows_that_alternate_welsh_and_english_are_one_provision_a_pair() {
        let rows = [
            ["Gwersi darllen un-i-un gyda'r cynorthwyydd", "Bob dydd", "Cynorthwyydd addysgu"],
            ["One-to-one reading lessons with the assistant", "Every day", "Teaching assistant"],
            ["Cymorth yn y dosbarth ym mhob gwers", "Yn ôl yr angen", "Oedolyn"],
            ["Support in class in every lesson", "As needed", "An adult"],
            ["Gliniadur ar ei ddesg ym mhob gwers", "Ym mhob gwers", "Dim"],
            ["A laptop on his desk in every lesson", "In every lesson", "None"],
        ];
        let mut t = Table { rows: vec![header()] };
        t.rows.extend(rows.iter().map(|r| plain_row(r)));
        let got = provisions(t.clone());
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].0.contains("Bob dydd / Every day"), "{got:?}");
        // The same rows all in English are a provision each.
        let mut english = Table { rows: vec![header()] };
        english.rows.extend(rows.iter().skip(1).step_by(2).map(|r| plain_row(r)));
        english.rows.extend(rows.iter().skip(1).step_by(2).map(|r| plain_row(r)));
        assert_eq!(provisions(english).len(), 6);
    }
}
