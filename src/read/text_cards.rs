//! Records copied out of a web page or a portal as a label line, then a
//! value line: "Pa mor aml" / "Bob dydd" / "Am ba hyd" / "15 munud" …, the
//! same labels in the same order for every provision (a card each). Read as
//! a table: the labels are its header, each card a row.
//!
//! What shows the lines are labels is their repetition, not their words: a
//! set of at least three short lines that each stand the same number of
//! times, always in the same order, one round per card. At least two of
//! them must name a part of a provision (what, how often, how long, who,
//! training),
//! so that a plan's repeated sub-headings are not taken for a form. A value
//! is the lines after its label up to the next label or a blank line; the
//! lines of a card that follow no label (the card's own title bar, "Edit |
//! Delete" buttons, "last updated" notes) are the page's, not the plan's.

use crate::lexicon::columns::column_role;
use crate::types::error::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{Cell, Paragraph, Row, Table};
use crate::types::provision::Role;
use std::collections::HashMap;

/// A line short enough to be a label.
fn label_like(t: &str) -> bool {
    !t.is_empty()
        && t.chars().count() <= 60
        && t.split_whitespace().count() <= 8
        && !t.ends_with('.')
        // "Start date: 12/01/2026" is a label and its value on one line.
        && t.split_once(':').is_none_or(|(_, after)| after.trim().is_empty())
}

/// Does a label name what the provision is, when, how long, or who gives it?
fn names_a_part(label: &str) -> bool {
    matches!(
        column_role(label),
        Role::Description
            | Role::Frequency
            | Role::Duration
            | Role::FrequencyDuration
            | Role::Provider
            | Role::Qualification
    )
}

/// The records in `lines`, if they hold a run of label cards: the table and
/// the lines it takes (`start..end`).
pub(crate) fn cards(lines: &[&str], limits: &Limits) -> Result<Option<(Table, usize, usize)>, ReadError> {
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &t in &trimmed {
        if label_like(t) {
            *counts.entry(t).or_default() += 1;
        }
    }
    // For each count, the texts that stand that many times, in the order
    // of their lines; the labels are those whose lines repeat one round.
    let mut by_count: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, t) in trimmed.iter().enumerate() {
        if let Some(&n) = counts.get(t)
            && n >= 2
        {
            by_count.entry(n).or_default().push(i);
        }
    }
    let mut best: Option<(Vec<&str>, Vec<usize>)> = None;
    for (&n, at) in &by_count {
        if at.len() % n != 0 {
            continue;
        }
        let k = at.len() / n;
        if k < 3 || best.as_ref().is_some_and(|(labels, _)| labels.len() >= k) {
            continue;
        }
        let round: Vec<&str> = at[..k].iter().map(|&i| trimmed[i]).collect();
        let periodic = at.iter().enumerate().all(|(j, &i)| trimmed[i] == round[j % k]);
        let distinct = round.iter().collect::<std::collections::HashSet<_>>().len() == k;
        let named = round.iter().filter(|t| names_a_part(t)).count();
        if periodic && distinct && named >= 2 {
            best = Some((round, at.clone()));
        }
    }
    let Some((mut labels, mut at)) = best else { return Ok(None) };
    // A value every card gives alike ("1:1" in each) repeats as a label
    // does; it stands straight after its label in every card, which a
    // label of its own would not, and names no part.
    let k = labels.len();
    let values: Vec<bool> = (0..k)
        .map(|j| j > 0 && column_role(labels[j]) == Role::Other && at.chunks(k).all(|card| card[j] == card[j - 1] + 1))
        .collect();
    if values.iter().any(|&v| v) {
        labels = labels.iter().zip(&values).filter(|&(_, &v)| !v).map(|(l, _)| *l).collect();
        at = at.chunks(k).flat_map(|card| card.iter().zip(&values).filter(|&(_, &v)| !v).map(|(i, _)| *i)).collect();
    }
    let k = labels.len();
    if k < 3 {
        return Ok(None);
    }
    let n = at.len() / k;
    limits.check_table(n + 1, k, (n + 1) * k)?;
    let is_label: std::collections::HashSet<usize> = at.iter().copied().collect();
    // A line every card has, numbers aside ("Last updated: 05/10/2026"),
    // that is no label is the page's furniture: it ends a value.
    let masked = |t: &str| t.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>();
    let mut masked_counts: HashMap<String, usize> = HashMap::new();
    for &t in &trimmed {
        if !t.is_empty() {
            *masked_counts.entry(masked(t)).or_default() += 1;
        }
    }
    let furniture = |j: usize| masked_counts.get(&masked(trimmed[j])).is_some_and(|&c| c >= n);
    let mut rows = vec![Row {
        cells: labels.iter().enumerate().map(|(c, l)| Cell::of(vec![Paragraph::plain(*l)], c, 1)).collect(),
        header: true,
        ..Default::default()
    }];
    let mut end = 0;
    for card in at.chunks(k) {
        let mut cells = Vec::with_capacity(k);
        for (c, &i) in card.iter().enumerate() {
            let mut value: Vec<&str> = Vec::new();
            let mut j = i + 1;
            // The line straight after a label is its value, however
            // common ("Not stated"); furniture can only follow it.
            while j < trimmed.len() && !trimmed[j].is_empty() && !is_label.contains(&j) && (j == i + 1 || !furniture(j))
            {
                value.push(trimmed[j]);
                j += 1;
            }
            end = end.max(j);
            cells.push(Cell::of(vec![Paragraph::plain(value.join(" "))], c, 1));
        }
        rows.push(Row { cells, ..Default::default() });
    }
    // A label no card fills (a row of buttons) is no column.
    let empty: Vec<bool> = (0..k).map(|c| rows[1..].iter().all(|r| r.cells[c].text().trim().is_empty())).collect();
    if empty.iter().any(|&e| e) {
        for row in &mut rows {
            let mut c = 0;
            row.cells.retain(|_| {
                let keep = !empty[c];
                c += 1;
                keep
            });
            for (col, cell) in row.cells.iter_mut().enumerate() {
                cell.col = col;
            }
        }
    }
    Ok(Some((Table { rows }, at[0], end)))
}

/// A label set off from its value by a dotted leader, as a records system
/// prints a form: "Frequency ...... : 4 x weekly".
pub(crate) static DOTTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*(\p{L}[\p{L}\d /()&'’-]{0,40}?)\s*(?:\.\s*){3,}:\s*(.*)$").unwrap()
});

/// Records printed one label a line with dotted leaders ("Area ..... :
/// Cognition and learning" / "Frequency ...... : Daily" / …), record after
/// record: read as a table, the labels its header and each record a row.
/// A record is a run of three or more such lines (a line indented under
/// one, with no label of its own, goes on with its value); what stands
/// between records (a title such as "Provision 2 of 14", a page's header
/// and footer, blank lines) is the page's. At least two records, whose labels name two parts of a
/// provision or more.
pub(crate) fn dotted_records(lines: &[&str], limits: &Limits) -> Result<Option<(Table, usize, usize)>, ReadError> {
    let mut records: Vec<Vec<(String, String)>> = Vec::new();
    let mut first_line = None;
    let mut end = 0;
    let mut i = 0;
    while i < lines.len() {
        let Some(c) = DOTTED.captures(lines[i]) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut record: Vec<(String, String)> = vec![(c[1].trim().to_string(), c[2].trim().to_string())];
        i += 1;
        while i < lines.len() && !lines[i].trim().is_empty() {
            if let Some(c) = DOTTED.captures(lines[i]) {
                record.push((c[1].trim().to_string(), c[2].trim().to_string()));
            } else if lines[i].starts_with([' ', '\t']) {
                let last = record.last_mut().expect("a record has a line");
                last.1.push(' ');
                last.1.push_str(lines[i].trim());
            } else {
                break;
            }
            i += 1;
        }
        if record.len() >= 3 {
            // Records run on while only a few lines part them (a title,
            // "Provision 8 of 14"; a page's header and footer), none of
            // them opening another section.
            if let Some(prev_end) = (!records.is_empty()).then_some(end) {
                let between: Vec<&str> =
                    lines[prev_end..start].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
                let code = &crate::lexicon::sections::get().code;
                if between.len() > 8 || between.iter().any(|l| code.is_match(l)) {
                    break;
                }
            }
            first_line.get_or_insert(start);
            records.push(record);
            end = i;
        }
    }
    let Some(first_line) = first_line else { return Ok(None) };
    let mut labels: Vec<String> = Vec::new();
    for r in &records {
        for (label, _) in r {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }
    let named = labels.iter().filter(|l| names_a_part(l)).count();
    if records.len() < 2 || named < 2 {
        return Ok(None);
    }
    limits.check_table(records.len() + 1, labels.len(), (records.len() + 1) * labels.len())?;
    let mut rows = vec![Row {
        cells: labels.iter().enumerate().map(|(c, l)| Cell::of(vec![Paragraph::plain(l.as_str())], c, 1)).collect(),
        header: true,
        ..Default::default()
    }];
    for r in &records {
        let cells = labels
            .iter()
            .enumerate()
            .map(|(c, l)| {
                let value = r.iter().find(|(label, _)| label == l).map_or("", |(_, v)| v.as_str());
                Cell::of(vec![Paragraph::plain(value)], c, 1)
            })
            .collect();
        rows.push(Row { cells, ..Default::default() });
    }
    Ok(Some((Table { rows }, first_line, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(Vec<Vec<String>>, usize, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        cards(&lines, &Limits::default()).unwrap().map(|(t, a, b)| {
            (t.rows.iter().map(|r| r.cells.iter().map(|c| c.text().to_string()).collect()).collect(), a, b)
        })
    }

    #[test]
    fn label_and_value_lines_repeated_card_after_card_are_a_table() {
        let text = "Provision 1 of 2   Active\nTitle\nReading\nHow often\nDaily\nHow long\n15 minutes\nWho\nTA\nUpdated 05/10/2026\nEdit | Delete\n\n\
                    Provision 2 of 2   Active\nTitle\nSpelling\nHow often\nTwice a week,\nafter lunch\nHow long\nNot stated\nWho\nHLTA\nUpdated 12/10/2026\nEdit | Delete\n\nSection 2C";
        let (rows, start, end) = read(text).unwrap();
        assert_eq!(rows[0], ["Title", "How often", "How long", "Who"]);
        assert_eq!(rows[1], ["Reading", "Daily", "15 minutes", "TA"]);
        assert_eq!(rows[2], ["Spelling", "Twice a week, after lunch", "Not stated", "HLTA"]);
        assert_eq!((start, end), (1, 24));
    }

    #[test]
    fn a_value_every_card_gives_alike_stays_a_value() {
        let text = "What\nReading\nHow often\nDaily\nGroup\n1:1\nWho\nTA\n\nWhat\nSpelling\nHow often\nWeekly\nGroup\n1:1\nWho\nHLTA";
        let (rows, _, _) = read(text).unwrap();
        assert_eq!(rows[0], ["What", "How often", "Group", "Who"]);
        assert_eq!(rows[2], ["Spelling", "Weekly", "1:1", "HLTA"]);
    }

    #[test]
    fn repeated_lines_that_name_no_part_of_a_provision_are_not_a_form() {
        let text = "Area\nReading\nNote\nA\nSigned\nX\nArea\nMaths\nNote\nB\nSigned\nY";
        assert!(read(text).is_none());
    }

    #[test]
    fn labels_out_of_order_are_not_a_form() {
        let text = "What\nReading\nHow often\nDaily\nWho\nTA\nWho\nHLTA\nWhat\nSpelling\nHow often\nWeekly";
        assert!(read(text).is_none());
    }
}
