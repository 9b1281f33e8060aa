//! The statutory per-element layout: each element of ALP as sub-fields
//! 2B.1–2B.7 (outcome, provision, in Welsh?, organisation, start, review,
//! rationale), in a label | value table, or as labelled paragraphs under an
//! "Element N" heading. One provision per element.

use super::record::MAX_LABEL_BYTES;
use super::table::short;
use super::{Budget, TextBuilder, attach_comments};
use crate::lexicon::columns::{Columns, has_subfield_code, numbers_provisions};
use crate::lexicon::sections::is_element_heading;
use crate::types::error::ReadError;
use crate::types::model::{Paragraph, Row, SourceSpan, Table, collapse_ws};
use crate::types::provision::{Layout, Location, RawProvision, Role, SubField};
use std::collections::HashSet;

pub(super) struct ElementBuilder {
    number: usize,
    span: SourceSpan,
    /// Each value with its sub-field (for the order) and the role it is read in.
    values: Vec<(SubField, Role, String)>,
    /// Bytes of the values so far, against `max_provision_bytes`.
    pub(super) bytes: usize,
}

impl ElementBuilder {
    pub(super) fn new(number: usize, span: &SourceSpan) -> Self {
        ElementBuilder { number, span: span.clone(), values: Vec::new(), bytes: 0 }
    }

    /// A label at or before the last one seen starts a new element.
    pub(super) fn seen_order(&self, sub: SubField) -> bool {
        self.values.last().is_some_and(|(last, _, _)| sub.order() <= last.order())
    }

    pub(super) fn field(&mut self, sub: SubField, role: Role, value: &str) {
        self.bytes += value.len() + 3;
        self.values.push((sub, role, value.to_string()));
    }

    pub(super) fn continue_last(&mut self, text: &str) {
        if let Some((_, _, v)) = self.values.last_mut() {
            if !v.is_empty() {
                v.push(' ');
            }
            v.push_str(text);
            self.bytes += text.len() + 1;
        }
    }

    fn finish(self) -> Option<RawProvision> {
        if !self.values.iter().any(|(s, _, v)| *s == SubField::Alp && !v.trim().is_empty()) && self.values.len() < 2 {
            return None;
        }
        let mut tb = TextBuilder::new();
        for (sub, role, value) in &self.values {
            tb.push(sub.key(), *role, &collapse_ws(value), false);
        }
        let mut loc = Location::new(Layout::Element, &self.span);
        loc.element = Some(self.number);
        Some(RawProvision { text: tb.text, fields: tb.fields, location: loc, comments: Vec::new() })
    }
}

/// A two-column (label | value) table of sub-fields, one element or several
/// separated by "Element N" rows. A wide table whose first column happens to
/// mention "Welsh" or "review" is a provision table, not this: the labels
/// must be short and label most rows.
pub(super) fn is_element_table(cols: &Columns, t: &Table) -> bool {
    let width = t.rows.iter().map(Row::width).max().unwrap_or(0);
    if width > 3 {
        return false;
    }
    let mut coded = 0;
    let mut labelled = 0;
    let mut pairs = 0;
    let mut named = HashSet::new();
    for row in &t.rows {
        let cells: Vec<&str> = row.texts();
        if cells.len() < 2 {
            continue;
        }
        // "2B.8", "2B.14": codes past the form's seven sub-fields number
        // the provisions; the table lists them, one a row.
        if numbers_provisions(cells[0]) {
            return false;
        }
        pairs += 1;
        let label = &cells[0];
        if let Some(sub) = short(label, 10, 90).then(|| cols.subfield(label)).flatten() {
            if has_subfield_code(label) {
                coded += 1;
            }
            labelled += 1;
            named.insert(sub);
        }
    }
    coded >= 2 || (named.len() >= 3 && labelled * 2 >= pairs)
}

pub(super) fn element_table_provisions(
    cols: &Columns,
    t: &Table,
    element_no: &mut usize,
    table_no: usize,
    budget: &mut Budget,
    out: &mut Vec<RawProvision>,
) -> Result<(), ReadError> {
    let mut cur: Option<ElementBuilder> = None;
    let span = SourceSpan::default();
    let finish = |e: ElementBuilder, budget: &mut Budget, out: &mut Vec<RawProvision>| match e.finish() {
        Some(mut p) => {
            p.location.table = Some(table_no);
            budget.push(out, p)
        }
        None => Ok(()),
    };
    for row in &t.rows {
        let cells: Vec<&str> = row.texts();
        let filled: Vec<&&str> = cells.iter().filter(|c| !c.is_empty()).collect();
        let divider = filled.len() == 1 && is_element_heading(filled[0]);
        // A label is short: a long first cell (a merged cell down many
        // rows) is not matched against the labels row after row.
        let label = if cells.len() >= 2 && cells[0].len() <= MAX_LABEL_BYTES { cols.subfield(cells[0]) } else { None };
        if divider
            || label.is_some_and(|s| cur.as_ref().is_some_and(|e| e.seen_order(s)))
            || (label.is_some() && cur.is_none())
        {
            if let Some(e) = cur.take() {
                finish(e, budget, out)?;
            }
            *element_no += 1;
            cur = Some(ElementBuilder::new(*element_no, &span));
            if divider {
                continue;
            }
        }
        match (label, cur.as_mut()) {
            (Some(sub), Some(e)) => {
                e.field(sub, cols.element_role(cells[0], sub), &cells[1..].join(" "));
                budget.check_gathering(e.bytes)?;
            }
            (None, Some(e)) if !filled.is_empty() => {
                e.continue_last(&filled.iter().map(|s| **s).collect::<Vec<_>>().join(" "));
                budget.check_gathering(e.bytes)?;
            }
            _ => {}
        }
    }
    if let Some(e) = cur.take() {
        finish(e, budget, out)?;
    }
    Ok(())
}

pub(super) struct Label {
    pub(super) sub: SubField,
    pub(super) coded: bool,
}

pub(super) fn first_label(cols: &Columns, p: &Paragraph) -> Option<Label> {
    let first = p.text.lines().next()?;
    let (label, _) = split_label(cols, first, p.leading_bold())?;
    Some(Label { sub: cols.subfield(&label)?, coded: has_subfield_code(&label) })
}

/// Split "2B.1 Outcome: she will read" into its label and value. The label is
/// the leading bold text when there is one, else the text up to the first
/// colon or question mark.
fn split_label(cols: &Columns, line: &str, bold: Option<&str>) -> Option<(String, String)> {
    let line = line.trim();
    if let Some(b) = bold.filter(|b| line.starts_with(b))
        && cols.subfield(b).is_some()
    {
        return Some((b.to_string(), line[b.len()..].trim().to_string()));
    }
    let cut = line.char_indices().find(|&(i, c)| (c == ':' || c == '?') && i <= 90).map(|(i, _)| i);
    let (label, value) = match cut {
        Some(i) => (&line[..=i], line[i + 1..].trim()),
        None if has_subfield_code(line) && line.split_whitespace().count() <= 10 => (line, ""),
        None => return None,
    };
    let sub = cols.subfield(label)?;
    // Without a code, only a short label counts ("Outcome:", "Start date:").
    if !has_subfield_code(label) && label.split_whitespace().count() > 6 {
        return None;
    }
    let _ = sub;
    Some((label.to_string(), value.to_string()))
}

/// The labelled fields in a paragraph, one per line that starts with a label;
/// lines without one continue the field before.
pub(super) fn labelled_lines(cols: &Columns, p: &Paragraph) -> Option<Vec<(SubField, Role, String)>> {
    let mut out: Vec<(SubField, Role, String)> = Vec::new();
    let mut offset = 0;
    // The readers record bold ranges in order and apart; lines come in
    // order too, so one walk through the ranges serves every line.
    let mut bold_ranges = std::borrow::Cow::Borrowed(&p.bold);
    if !p.bold.is_sorted_by_key(|r| r.start) {
        crate::sort::sort_by_key(bold_ranges.to_mut(), |r| r.start);
    }
    let mut next_bold = 0;
    for line in p.text.split('\n') {
        let line_start = offset;
        offset += line.len() + 1;
        while bold_ranges.get(next_bold).is_some_and(|r| r.end <= line_start) {
            next_bold += 1;
        }
        let indent = line.len() - line.trim_start().len();
        let bold = bold_ranges[next_bold..]
            .iter()
            .take_while(|r| r.start <= line_start + indent)
            .find(|r| r.end > line_start)
            .and_then(|r| p.text.get(r.start.max(line_start)..r.end.min(line_start + line.len())))
            .map(str::trim);
        match split_label(cols, line, bold) {
            Some((label, value)) => {
                let sub = cols.subfield(&label)?;
                out.push((sub, cols.element_role(&label, sub), value));
            }
            None => match out.last_mut() {
                Some((_, _, v)) => {
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(line.trim());
                }
                None => return None,
            },
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A finished element of the per-element layout, with the comments before
/// it, into `out`.
pub(super) fn finish_element(
    e: ElementBuilder,
    comments: &mut Vec<String>,
    budget: &mut Budget,
    out: &mut Vec<RawProvision>,
) -> Result<(), ReadError> {
    match e.finish() {
        Some(mut p) => {
            attach_comments(&mut p, comments);
            budget.push(out, p)
        }
        None => Ok(()),
    }
}
