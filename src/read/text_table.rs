//! Tables in plain text: grid tables drawn with `+`, `-` and `|` (pandoc,
//! PDF-to-text tools, plans typed in a fixed font) and tab-separated rows
//! (a provision map pasted from a spreadsheet).
//!
//! Both read onto the same grid as Word's tables, so locating and splitting
//! treat a row of text like a row of a Word table.

use super::ReadError;
use crate::lexicon::columns::column_role;
use crate::types::limits::Limits;
use crate::types::model::{Cell, Paragraph, Row, Table};
use crate::types::provision::Role;

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
/// The fields of one line of comma-separated values: commas inside double
/// quotes are text, and a doubled quote inside them is one quote. `None`
/// when a quote is left open.
fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.last_mut()?;
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ',' if !quoted => fields.push(String::new()),
            c => field.push(c),
        }
    }
    (!quoted).then(|| fields.into_iter().map(|f| f.trim().to_string()).collect())
}

/// Comma-separated values pasted from a spreadsheet: a header line whose
/// fields name at least two parts of a provision (so that a sentence with
/// commas is never taken for one), then the lines with as many fields.
pub(crate) fn csv(lines: &[&str], limits: &Limits) -> Result<Option<(Table, usize)>, ReadError> {
    let Some(header) = lines.first().and_then(|l| csv_fields(l)) else { return Ok(None) };
    let width = header.len();
    let named = header.iter().filter(|f| f.split_whitespace().count() <= 6 && column_role(f) != Role::Other).count();
    if width < 3 || named < 2 || header.iter().any(|f| f.is_empty()) {
        return Ok(None);
    }
    let mut records = vec![header];
    for line in &lines[1..] {
        match csv_fields(line) {
            Some(fields) if fields.len() == width => records.push(fields),
            _ => break,
        }
        limits.check_table(records.len(), width, records.len() * width)?;
    }
    if records.len() < 2 {
        return Ok(None);
    }
    let used = records.len();
    let rows = records
        .into_iter()
        .enumerate()
        .map(|(r, record)| {
            let cells =
                record.into_iter().enumerate().map(|(col, f)| Cell::of(vec![Paragraph::plain(f)], col, 1)).collect();
            Row { cells, header: r == 0, ..Default::default() }
        })
        .collect();
    Ok(Some((Table { rows }, used)))
}

/// A bullet glyph or a dash standing alone as a list marker.
fn is_bullet(field: &str) -> bool {
    let mut chars = field.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('•' | '▪' | '◦' | '·' | '-' | '–' | '*' | 'o' | '➢' | '■' | '●' | '○'), None)
    )
}

pub(crate) fn tsv(lines: &[&str], breaks: &[bool], limits: &Limits) -> Result<Option<(Table, usize)>, ReadError> {
    let fields = |l: &str| l.split('\t').count();
    if lines.len() < 2 || fields(lines[0]) < 2 || fields(lines[1]) < 2 {
        return Ok(None);
    }
    // "•<tab>text" with wrapped lines hung under the text by a tab is a
    // bulleted list typed with a hanging indent, not a table: its first
    // column holds only bullets and blanks.
    // Two lines tell: each a bullet or a hung line, then its text.
    fn first_field(l: &str) -> &str {
        l.split('\t').next().unwrap_or("").trim()
    }
    if fields(lines[0]) == 2
        && fields(lines[1]) == 2
        && (first_field(lines[0]).is_empty() || is_bullet(first_field(lines[0])))
        && (first_field(lines[1]).is_empty() || is_bullet(first_field(lines[1])))
    {
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

/// Text set in columns with tabs between them and wrapped inside each
/// column (a bilingual plan, Welsh beside English, copied out of a
/// two-column layout): each line holds the next few words of every column,
/// so a line is not a row. A row is a block of such lines between blank
/// lines; a block cut by a page break goes on in the next one. An optional
/// first block of one line is the header. Found only where most lines
/// run on into the next in every column that goes on (no sentence ended,
/// and the next piece opens in lower case or follows a word a sentence
/// never ends with), and at least one block is wrapped so; a spreadsheet's
/// rows, each a record of its own, are left to [`tsv`].
///
/// Gives the table and the lines it takes, or `None` and the lines the
/// scan read (a scan from a later line among them would read them again).
pub(crate) fn wrapped_columns(
    lines: &[&str],
    breaks: &[bool],
    join_words: &[String],
    limits: &Limits,
) -> Result<(Option<(Table, usize)>, usize), ReadError> {
    let fields = |l: &str| l.split('\t').count();
    let width = match lines.first() {
        Some(l) if fields(l) >= 2 => fields(l),
        _ => return Ok((None, 0)),
    };
    // The blocks of tab lines, as line ranges, until a line that is not
    // blank and holds no tab (or too many fields).
    let mut blocks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let n = fields(lines[i]);
        if n < 2 || n > width {
            break;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() && (2..=width).contains(&fields(lines[i])) {
            i += 1;
        }
        blocks.push(start..i);
        if i < lines.len() && !lines[i].trim().is_empty() {
            break;
        }
    }
    let used = blocks.last().map_or(0, |b| b.end);
    let split = |l: &str| -> Vec<String> {
        let mut v: Vec<String> = l.split('\t').map(|f| f.trim().to_string()).collect();
        v.resize(width, String::new());
        v
    };
    let ends_sentence = |t: &str| t.trim_end().ends_with(['.', '!', '?', ':', ';']);
    let runs_on = |prev: &str, next: &str| {
        let first = next.chars().next().unwrap_or(' ');
        let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
        first.is_lowercase() || matches!(first, '(' | ',' | ')') || join_words.contains(&last_word)
    };
    // Does line `b` go on from line `a` in every column that has text in both?
    let goes_on = |a: &[String], b: &[String]| {
        let pairs: Vec<(&String, &String)> = a.iter().zip(b).filter(|(x, y)| !x.is_empty() && !y.is_empty()).collect();
        !pairs.is_empty()
            && pairs.iter().all(|(x, _)| !ends_sentence(x))
            && pairs.iter().filter(|(x, y)| runs_on(x, y)).count() * 2 >= pairs.len()
    };
    let mut wrapped_pairs = 0;
    let mut pairs = 0;
    for b in &blocks {
        for k in b.start..b.end.saturating_sub(1) {
            pairs += 1;
            if goes_on(&split(lines[k]), &split(lines[k + 1])) {
                wrapped_pairs += 1;
            }
        }
    }
    if wrapped_pairs == 0 || wrapped_pairs * 3 < pairs * 2 {
        return Ok((None, used));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut prev_end = 0;
    for (n, b) in blocks.iter().enumerate() {
        let cells: Vec<Vec<String>> = (b.start..b.end).map(|k| split(lines[k])).collect();
        let mut row = vec![String::new(); width];
        for line in &cells {
            append_cells(&mut row, line);
        }
        let after_break = n > 0 && breaks[prev_end..=b.start].iter().any(|&x| x);
        let cut = after_break && rows.last().is_some_and(|last| goes_on(last, &cells[0]));
        if cut {
            append_cells(rows.last_mut().expect("checked"), &row);
        } else {
            rows.push(row);
        }
        prev_end = b.end;
    }
    limits.check_table(rows.len(), width, rows.len() * width)?;
    let header = blocks.first().is_some_and(|b| b.len() == 1) && blocks.len() > 1;
    if rows.len() < 2 + usize::from(header) {
        return Ok((None, used));
    }
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(r, record)| {
            let cells =
                record.into_iter().enumerate().map(|(col, t)| Cell::of(vec![Paragraph::plain(t)], col, 1)).collect();
            Row { cells, header: header && r == 0, ..Default::default() }
        })
        .collect();
    Ok((Some((Table { rows }, used)), used))
}

/// Each piece after the text of its column's cell, a space between.
fn append_cells(row: &mut [String], pieces: &[String]) {
    for (cell, piece) in row.iter_mut().zip(pieces) {
        if !piece.is_empty() {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(piece);
        }
    }
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

    #[test]
    fn columns_wrapped_with_tabs_are_one_row_to_a_block_and_a_cut_row_goes_on_after_the_page_break() {
        let join: Vec<String> = ["the", "gan"].iter().map(|s| s.to_string()).collect();
        let lines = vec![
            "Darpariaeth\tProvision",
            "",
            "Sesiynau darllen gyda'r\tReading sessions with the",
            "athro, bob dydd.\tteacher, every day.",
            "",
            "Mentor i Cai\tA mentor for Cai",
            "",
            "Cymorth gan\tSupport from the",
            "",
            "gynorthwyydd addysgu.\tteaching assistant.",
            "Not a table line.",
        ];
        let mut breaks = vec![false; lines.len()];
        breaks[9] = true;
        let (t, used) = wrapped_columns(&lines, &breaks, &join, &Limits::default()).unwrap().0.unwrap();
        assert_eq!(used, 10);
        assert_eq!(
            texts(&t),
            vec![
                vec!["Darpariaeth", "Provision"],
                vec!["Sesiynau darllen gyda'r athro, bob dydd.", "Reading sessions with the teacher, every day."],
                vec!["Mentor i Cai", "A mentor for Cai"],
                vec!["Cymorth gan gynorthwyydd addysgu.", "Support from the teaching assistant."],
            ]
        );
        assert!(t.rows[0].header && !t.rows[1].header);
    }

    #[test]
    fn a_spreadsheet_s_rows_are_not_wrapped_columns() {
        let lines = vec!["Provision\tWho\tHow often", "Reading\tTA\tDaily", "Numicon\tTeacher\tWeekly"];
        let breaks = vec![false; lines.len()];
        let (table, scanned) = wrapped_columns(&lines, &breaks, &[], &Limits::default()).unwrap();
        assert!(table.is_none());
        assert_eq!(scanned, 3);
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

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn comma_separated_rows_under_a_header_that_names_parts_are_a_table() {
        let lines = [
            "Area,Provision,How often,Who",
            "Reading,\"Phonics, daily\",\"Every day, 15 minutes\",TA",
            "Maths,Numicon,Twice a week,\"Class teacher, \"\"Mrs Bell\"\"\"",
            "",
            "Section 2C",
        ];
        let (t, used) = csv(&lines, &Limits::default()).unwrap().unwrap();
        assert_eq!(used, 3);
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text()).collect()).collect();
        assert_eq!(texts[1], ["Reading", "Phonics, daily", "Every day, 15 minutes", "TA"]);
        assert_eq!(texts[2][3], "Class teacher, \"Mrs Bell\"");
    }

    #[test]
    fn a_sentence_with_commas_is_no_header() {
        let lines = ["Tomos likes trains, buses, and maps.", "He reads, writes, and draws."];
        assert!(csv(&lines, &Limits::default()).unwrap().is_none());
    }
}
