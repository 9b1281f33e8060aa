//! Record tables: the parts down the first column ("What", "How often",
//! "Who", "Training"), one provision per further column. A transposed
//! provision table, or a single label | value record.

use super::table::is_blank_row;
use super::{Budget, TextBuilder};
use crate::lexicon::columns::Columns;
use crate::types::error::ReadError;
use crate::types::model::{Row, SourceSpan, Table};
use crate::types::provision::{Layout, Location, RawProvision, Role};
use std::collections::HashSet;

/// The role of each row's label when the table is laid out as a record
/// (or several side by side): the first column names the parts ("What",
/// "How often", "Who", "Training"), and each further column is one
/// provision. A provision table's first column names provisions instead,
/// which are rarely column headers, and never three kinds of them.
fn record_labels(cols: &Columns, t: &Table, repeated: bool) -> Option<Vec<Role>> {
    let rows: Vec<&Row> = t.rows.iter().filter(|r| !is_blank_row(r)).collect();
    if rows.len() < 3 || t.rows.iter().map(Row::width).max().unwrap_or(0) < 2 {
        return None;
    }
    // A row the document marks as its header, naming two different parts
    // or more across its cells ("Review or advice | By whom | When"), heads
    // columns: the labels are along the top, not down the side.
    let header_across = t.rows.iter().filter(|r| r.header && r.cells.len() >= 3).any(|r| {
        let named: HashSet<Role> = r
            .cells
            .iter()
            .filter(|c| c.text().len() <= MAX_LABEL_BYTES)
            .map(|c| cols.role(c.text()))
            .filter(|&role| role != Role::Other)
            .collect();
        // Different parts: "ALP 1 | ALP 2 | ALP 3" over a transposed table
        // names one part, three times.
        named.len() >= 2
    });
    if header_across {
        return None;
    }
    let labels: Vec<Role> = rows
        .iter()
        .map(|r| {
            let label = r.cells.first().map(|c| c.text()).unwrap_or_default();
            // A label is a few words; a long one (or one word a kilobyte
            // long) names no part, and is not worth matching.
            // Labels repeated table after table may be longer: a label
            // given in Welsh and English is twice the words.
            if label.split_whitespace().nth(if repeated { 12 } else { 8 }).is_some() || label.len() > MAX_LABEL_BYTES {
                Role::Other
            } else {
                cols.role(label)
            }
        })
        .collect();
    let named = labels.iter().filter(|&&r| r != Role::Other).count();
    let kinds: HashSet<Role> = labels.iter().copied().filter(|&r| r != Role::Other).collect();
    let says_when_or_who = kinds.iter().any(|r| {
        matches!(r, Role::Frequency | Role::Duration | Role::FrequencyDuration | Role::Provider | Role::Qualification)
    });
    // One record on its own (label | value) may name fewer parts, if every
    // label names one.
    let two_columns = t.rows.iter().map(Row::width).max().unwrap_or(0) == 2;
    let single = two_columns && named == labels.len();
    // The same labels down the side of table after table (one table per
    // provision, labelled in the plan's own words): the repetition shows
    // they are labels, so they need not all be words idp-audit knows.
    let one_of_a_series = two_columns && repeated && named >= 2;
    ((named * 4 >= labels.len() * 3 || one_of_a_series)
        && (kinds.len() >= 3 || single || one_of_a_series)
        && kinds.contains(&Role::Description)
        && says_when_or_who)
        .then_some(labels)
}

/// The labels down a table's first column, for finding tables labelled
/// alike: `None` unless the table has two columns and at least three
/// labelled rows, each label a few words.
pub(super) fn label_signature(t: &Table) -> Option<Vec<String>> {
    if t.rows.iter().map(Row::width).max().unwrap_or(0) != 2 {
        return None;
    }
    // Looked at before anything is copied: a first cell a megabyte long,
    // merged down thousands of rows, is no label.
    let mut labels: Vec<String> = Vec::new();
    for row in t.rows.iter().filter(|r| !is_blank_row(r)) {
        let label = row.cells.first().map(|c| c.text()).unwrap_or_default();
        if label.trim().is_empty() || label.len() > 200 || label.split_whitespace().nth(12).is_some() {
            return None;
        }
        labels.push(label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    }
    (labels.len() >= 3).then_some(labels)
}

/// Does the table open with a numbered title ("Darpariaeth 3: Cerdyn help",
/// "Provision 3", "Item 3 –"), as each table of a plan that gives every
/// provision a small table of its own does?
pub(super) fn numbered_title(t: &Table) -> bool {
    static TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\W*(?:provision|darpariaeth|item|eitem|support|cymorth)\s+\d{1,3}\b").unwrap()
    });
    t.rows.first().and_then(|r| r.cells.first()).is_some_and(|c| {
        let text = c.text();
        text.len() <= 400 && TITLE.is_match(text)
    })
}

/// One provision from a small table of its own: every cell, row by row.
pub(super) fn whole_table_provision(
    t: &Table,
    table_no: usize,
    span: &SourceSpan,
    budget: &mut Budget,
    out: &mut Vec<RawProvision>,
) -> Result<(), ReadError> {
    let mut tb = TextBuilder::new();
    for row in &t.rows {
        for cell in &row.cells {
            if cell.merged_from_above || cell.text().trim().is_empty() {
                continue;
            }
            tb.push("", Role::Description, cell.text(), false);
            budget.check_builder(&tb)?;
        }
    }
    let mut loc = Location::new(Layout::Table, span);
    loc.table = Some(table_no);
    budget.push(out, RawProvision { text: tb.text, fields: tb.fields, location: loc, comments: Vec::new() })
}

/// Longer than any label of a record table or sub-field, in bytes.
pub(super) const MAX_LABEL_BYTES: usize = 1000;

/// The provisions of a record table, one per column, into `out`; `false`
/// when the table is not laid out as records.
pub(super) fn record_table_provisions(
    cols: &Columns,
    t: &Table,
    repeated: bool,
    table_no: usize,
    span: &SourceSpan,
    budget: &mut Budget,
    out: &mut Vec<RawProvision>,
) -> Result<bool, ReadError> {
    let Some(labels) = record_labels(cols, t, repeated) else { return Ok(false) };
    let rows: Vec<&Row> = t.rows.iter().filter(|r| !is_blank_row(r)).collect();
    let width = t.rows.iter().map(Row::width).max().unwrap_or(0);
    // A provision is made for a column where a description row has a
    // filled cell of its own: only those columns are visited, in order.
    let mut columns: Vec<usize> = rows
        .iter()
        .zip(&labels)
        .filter(|&(_, &role)| role == Role::Description)
        .flat_map(|(row, _)| row.cells.iter().filter(|c| c.col >= 1 && c.col < width && !c.text().trim().is_empty()))
        .map(|c| c.col)
        .collect();
    crate::sort::sort(&mut columns);
    columns.dedup();
    // For each row, the cell that covers the column being read: cells are
    // in column order, so each row is walked once, left to right.
    let mut at = vec![0usize; rows.len()];
    let made = out.len();
    for col in columns {
        let mut tb = TextBuilder::new();
        for ((row, &role), k) in rows.iter().zip(&labels).zip(at.iter_mut()) {
            let name = row.cells.first().map(|c| c.text()).unwrap_or_default();
            while row.cells.get(*k).is_some_and(|c| c.col + c.span.max(1) <= col) {
                *k += 1;
            }
            let Some(cell) = row.cells.get(*k).filter(|c| c.col <= col) else { continue };
            tb.push(name, role, cell.text(), cell.merged_from_above || cell.col != col);
            budget.check_builder(&tb)?;
        }
        let mut loc = Location::new(Layout::Table, span);
        loc.table = Some(table_no);
        // A record on its own (label | value) needs no column to be found.
        loc.column = (width > 2).then_some(col + 1);
        budget.push(out, RawProvision { text: tb.text, fields: tb.fields, location: loc, comments: Vec::new() })?;
    }
    Ok(out.len() > made)
}
