//! Tables in plain text: grid tables drawn with `+`, `-` and `|` (pandoc,
//! PDF-to-text tools, plans typed in a fixed font) and tab-separated rows
//! (a provision map pasted from a spreadsheet).
//!
//! Both read onto the same grid as Word's tables, so locating and splitting
//! treat a row of text like a row of a Word table.

use super::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{Cell, Paragraph, Row, Table};

/// What a grid scan found.
pub enum Grid {
    /// A table, and how many lines it takes.
    Table(Table, usize),
    /// No table; the scan read this many lines as a block of grid lines
    /// (none when the first line is not a border).
    NotTable { lines: usize },
}

/// The most lines one record of a tab-separated table may run on for its
/// quoted fields. A spreadsheet cell of many lines takes a few; a quote
/// that stays open longer is a stray '"', not a cell, and must not swallow
/// the rest of the file (nor be read again from each line it swallowed).
const MAX_QUOTED_LINES: usize = 40;

/// A grid border: `+---+----+` or `+===+====+`, at least two columns' edges.
pub(crate) fn is_grid_border(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.matches('+').count() >= 2
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
        && t.contains(['-', '='])
}

/// The grid table starting at `lines[0]` (a border), and how many lines it
/// takes. Cells are cut at the first border's `+` columns, counted in
/// characters; a cell's lines are joined as wrapped text. Rows above a `=`
/// border are header rows.
pub fn grid(lines: &[&str], limits: &Limits) -> Result<Grid, ReadError> {
    let Some(first) = lines.first().filter(|l| is_grid_border(l)) else {
        return Ok(Grid::NotTable { lines: 0 });
    };
    let edges: Vec<usize> = first.chars().enumerate().filter(|&(_, c)| c == '+').map(|(i, _)| i).collect();
    let width = edges.len() - 1;
    limits.check_table(0, width, 0)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut used = 1;
    let mut header_rows = 0;
    let flush = |rows: &mut Vec<Row>, cells: &mut Vec<Vec<String>>| {
        if cells.iter().all(Vec::is_empty) {
            return;
        }
        let row_cells = cells
            .iter_mut()
            .enumerate()
            .map(|(col, lines)| {
                let text = std::mem::take(lines).join(" ");
                Cell::of(vec![Paragraph::plain(text)], col, 1)
            })
            .collect();
        rows.push(Row { cells: row_cells, ..Default::default() });
    };
    for line in &lines[1..] {
        let t = line.trim();
        if is_grid_border(line) {
            flush(&mut rows, &mut cells);
            limits.check_table(rows.len(), width, rows.len() * width)?;
            if t.contains('=') && header_rows == 0 {
                header_rows = rows.len();
            }
            used += 1;
            continue;
        }
        if !t.starts_with('|') {
            break;
        }
        let chars: Vec<char> = line.chars().collect();
        for (col, slot) in cells.iter_mut().enumerate() {
            let from = (edges[col] + 1).min(chars.len());
            let to = edges[col + 1].min(chars.len());
            let piece: String = chars[from..to].iter().collect();
            let piece = piece.trim().trim_matches('|').trim();
            if !piece.is_empty() {
                slot.push(piece.to_string());
            }
        }
        used += 1;
    }
    flush(&mut rows, &mut cells);
    limits.check_table(rows.len(), width, rows.len() * width)?;
    for row in rows.iter_mut().take(header_rows) {
        row.header = true;
    }
    Ok(if rows.len() >= 2 { Grid::Table(Table { rows }, used) } else { Grid::NotTable { lines: used } })
}

/// The tab-separated table starting at `lines[0]`: at least two lines in a
/// row with two or more tab-separated fields. A field opened with `"` runs
/// on to the line that closes it (a spreadsheet's multi-line cell); a row
/// cut short by a page break (`breaks[i]` before line `i`) is joined with
/// the rest of it on the next line. A record whose quotes run on past
/// [`MAX_QUOTED_LINES`] lines ends the table before it.
pub(crate) fn tsv(lines: &[&str], breaks: &[bool], limits: &Limits) -> Result<Option<(Table, usize)>, ReadError> {
    let fields = |l: &str| l.split('\t').count();
    if lines.len() < 2 || fields(lines[0]) < 2 || fields(lines[1]) < 2 {
        return Ok(None);
    }
    let width = fields(lines[0]);
    let mut records: Vec<Vec<String>> = Vec::new();
    // The line each record starts on, and the lines the last one has run
    // on inside quotes.
    let mut starts: Vec<usize> = Vec::new();
    let mut quoted_lines = 0;
    let mut cells = 0;
    let mut used = 0;
    let mut open_quote = false;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() && !open_quote {
            break;
        }
        if open_quote {
            quoted_lines += 1;
            if quoted_lines > MAX_QUOTED_LINES {
                let stray = records.len() - 1;
                used = starts[stray];
                records.truncate(stray);
                break;
            }
        }
        let parts: Vec<&str> = line.split('\t').collect();
        cells += parts.len().saturating_sub(1);
        if open_quote {
            let last = records.last_mut().expect("a quote opened in a record");
            let (head, rest) = parts.split_first().expect("split gives one part at least");
            let cell = last.last_mut().expect("a record has a field");
            cell.push('\n');
            cell.push_str(head);
            open_quote = !closes_quote(cell);
            last.extend(rest.iter().map(|s| s.to_string()));
            if !rest.is_empty() {
                open_quote = rest.last().is_some_and(|f| opens_quote(f));
            }
        } else if parts.len() < 2 {
            // A line without a tab: the rest of a row cut by a page break,
            // or the end of the table.
            let cut = records.last().is_some_and(|r| r.len() < width) && breaks.get(i).copied().unwrap_or(false);
            if !cut {
                break;
            }
            let cell = records.last_mut().and_then(|r| r.last_mut()).expect("a cut row has a field");
            cell.push(' ');
            cell.push_str(line.trim());
        } else if records.last().is_some_and(|r| r.len() < width)
            && parts.len() < width
            && breaks.get(i).copied().unwrap_or(false)
        {
            let last = records.last_mut().expect("checked");
            let cell = last.last_mut().expect("a record has a field");
            cell.push(' ');
            cell.push_str(parts[0].trim());
            last.extend(parts[1..].iter().map(|s| s.to_string()));
        } else {
            open_quote = parts.last().is_some_and(|f| opens_quote(f));
            records.push(parts.iter().map(|s| s.to_string()).collect());
            starts.push(i);
            quoted_lines = 0;
            cells += 1;
        }
        let columns = records.last().map_or(0, Vec::len);
        limits.check_table(records.len(), columns, cells)?;
        used = i + 1;
    }
    if records.len() < 2 {
        return Ok(None);
    }
    let rows = records
        .into_iter()
        .enumerate()
        .map(|(r, record)| {
            let cells = record
                .into_iter()
                .enumerate()
                .map(|(col, field)| {
                    let field = unquote(field.trim());
                    Cell::of(vec![Paragraph::plain(field)], col, 1)
                })
                .collect();
            Row { cells, header: r == 0, ..Default::default() }
        })
        .collect();
    Ok(Some((Table { rows }, used)))
}

fn opens_quote(field: &str) -> bool {
    let f = field.trim_start();
    f.starts_with('"') && !closes_quote(f)
}

/// A quoted field that ends with its closing quote (doubled quotes inside
/// are literal).
fn closes_quote(field: &str) -> bool {
    let f = field.trim();
    let Some(body) = f.strip_prefix('"') else { return true };
    let trailing = body.chars().rev().take_while(|&c| c == '"').count();
    trailing % 2 == 1
}

fn unquote(field: &str) -> String {
    match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_quote_ends_the_table_before_its_record_and_swallows_nothing() {
        let mut lines = vec!["Area\tProvision", "Speech\tTalk Boost", "Maths\t\"Numicon"];
        lines.extend(std::iter::repeat_n("more text", MAX_QUOTED_LINES + 5));
        let breaks = vec![false; lines.len()];
        let (t, used) = tsv(&lines, &breaks, &Limits::default()).unwrap().unwrap();
        assert_eq!(used, 2);
        assert_eq!(texts(&t), vec![vec!["Area", "Provision"], vec!["Speech", "Talk Boost"]]);
        // The same stray quote on the first record: no table at all.
        assert!(tsv(&lines[2..], &breaks[2..], &Limits::default()).unwrap().is_none());
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.cells.iter().map(|c| c.text().to_string()).collect()).collect()
    }

    #[test]
    fn grid_cells_join_their_wrapped_lines_and_the_header_is_marked() {
        let src = "+----+--------------+-----------+\n\
                   | No | Provision    | When      |\n\
                   +====+==============+===========+\n\
                   | 1  | Touch-typing | 3 x 20    |\n\
                   |    | course       | min a week|\n\
                   +----+--------------+-----------+\n\
                   | 2  | Laptop – ŵyr | All       |\n\
                   |    |              | lessons   |\n\
                   +----+--------------+-----------+\n\
                   After the table.";
        let lines: Vec<&str> = src.lines().collect();
        let Grid::Table(t, used) = grid(&lines, &Limits::default()).unwrap() else { panic!("no table") };
        assert_eq!(used, 9);
        assert_eq!(
            texts(&t),
            vec![
                vec!["No", "Provision", "When"],
                vec!["1", "Touch-typing course", "3 x 20 min a week"],
                vec!["2", "Laptop – ŵyr", "All lessons"]
            ]
        );
        assert!(t.rows[0].header && !t.rows[1].header);
        assert!(is_grid_border("+--+--+") && !is_grid_border("+ 3 +") && !is_grid_border("----"));
    }

    #[test]
    fn tab_separated_rows_with_a_quoted_multiline_cell_and_a_cut_row() {
        let src = [
            "Area\tProvision\tFrequency",
            "Speech\t\"Talk Boost,\nsmall group\"\tWeekly",
            "\tPECS\tAt snack",
            "Maths\tNumicon",
            "3x weekly",
            "",
            "Not the table",
        ];
        let joined = src.join("\n");
        let lines: Vec<&str> = joined.lines().collect();
        let mut breaks = vec![false; lines.len()];
        breaks[5] = true; // "3x weekly" follows a page break
        let (t, used) = tsv(&lines, &breaks, &Limits::default()).unwrap().unwrap();
        assert_eq!(used, 6);
        assert_eq!(
            texts(&t),
            vec![
                vec!["Area", "Provision", "Frequency"],
                vec!["Speech", "Talk Boost, small group", "Weekly"],
                vec!["", "PECS", "At snack"],
                vec!["Maths", "Numicon 3x weekly"],
            ]
        );
        assert!(tsv(&["one\ttwo", "no tab here"], &[false, false], &Limits::default()).unwrap().is_none());
    }
}
