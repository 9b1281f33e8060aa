//! Text laid out in columns with spaces, as `pdftotext -layout` writes a
//! PDF: a table whose cells wrap side by side under a header row, and two
//! columns of prose side by side (a bilingual plan, Welsh beside English).
//!
//! Columns are found from where text starts after a run of spaces,
//! counted in characters (the tool writes one character per cell of its
//! grid, whatever the font).

use super::ReadError;
use super::text::{Line, opens_section};
use super::text_repair::Joiner;
use crate::lexicon::columns::column_role;
use crate::types::limits::Limits;
use crate::types::model::{Cell, Paragraph, Row, SourceSpan, Table};
use crate::types::provision::Role;
use std::collections::HashMap;

/// A run of text on a line, set apart from the text around it by at least
/// the gap it was cut with. Columns are in characters, bytes are within
/// the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    pub col: usize,
    pub end_col: usize,
    pub byte: usize,
    pub text: &'a str,
}

/// The pieces of `line`, cut at every run of `gap` or more spaces (a tab
/// always cuts).
pub(crate) fn pieces(line: &str, gap: usize) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // The piece being read: its first column and byte, and its last
    // non-space character's end (column and byte).
    let mut open: Option<(usize, usize, usize, usize)> = None;
    let mut spaces = 0usize;
    for (col, (byte, c)) in line.char_indices().enumerate() {
        if c == ' ' || c == '\u{a0}' || c == '\t' {
            spaces += if c == '\t' { gap } else { 1 };
            continue;
        }
        match open {
            Some((start_col, start_byte, end_col, end_byte)) if spaces >= gap => {
                out.push(Piece { col: start_col, end_col, byte: start_byte, text: &line[start_byte..end_byte] });
                open = Some((col, byte, col + 1, byte + c.len_utf8()));
            }
            Some((start_col, start_byte, _, _)) => open = Some((start_col, start_byte, col + 1, byte + c.len_utf8())),
            None => open = Some((col, byte, col + 1, byte + c.len_utf8())),
        }
        spaces = 0;
    }
    if let Some((col, byte, end_col, end_byte)) = open {
        out.push(Piece { col, end_col, byte, text: &line[byte..end_byte] });
    }
    out
}

/// Do these column roles make the header of a table of provision? Each
/// names a part of a provision, no two the same part, one names the
/// provision itself and one says when, how long or who.
pub(crate) fn is_provision_header(roles: &[Role]) -> bool {
    let mut seen: Vec<Role> = Vec::new();
    for &r in roles {
        if r == Role::Other || seen.contains(&r) {
            return false;
        }
        seen.push(r);
    }
    seen.len() >= 2
        && seen.contains(&Role::Description)
        && seen.iter().any(|r| {
            matches!(
                r,
                Role::Frequency | Role::Duration | Role::FrequencyDuration | Role::Provider | Role::Qualification
            )
        })
}

/// A header cell is a few words.
fn header_words(text: &str) -> bool {
    text.split_whitespace().count() <= 6
}

/// The header row of a space-padded table at `line`: two or more pieces of
/// a few words, together the header of a table of provision. A column
/// that names no part ("Area of need", "No.") may stand among them, where
/// two in three do.
fn header_at<'a>(line: &'a str) -> Option<Vec<Piece<'a>>> {
    let ps = pieces(line, 2);
    if ps.len() < 2 || !ps.iter().all(|p| header_words(p.text)) {
        return None;
    }
    let named: Vec<Role> = ps.iter().map(|p| column_role(p.text)).filter(|&r| r != Role::Other).collect();
    (named.len() * 3 >= ps.len() * 2 && is_provision_header(&named)).then_some(ps)
}

/// Is `line` the header row of a space-padded table of provision?
pub(crate) fn is_header_line(line: &str) -> bool {
    header_at(line).is_some()
}

/// Which column a piece starting at character `col` belongs to: the last
/// whose start it reaches (cells are set from their column's left edge; a
/// page may shift a column by a character or two).
fn column_of(starts: &[usize], col: usize) -> usize {
    starts.iter().rposition(|&s| s <= col + 2).unwrap_or(0)
}

/// How far text may run past the start of the next column before the line
/// is not a row of the table (a page shifts columns a little).
const OVERRUN: usize = 2;

/// A line cut into the table's columns: the text in each, or `None` when
/// the line is not a row of the table (a piece runs across a column edge).
/// Where a piece crosses the start of a column with a single space just
/// before it, it is cut there: a cell that fills its column leaves only
/// one space before the next.
fn cut(line: &str, starts: &[usize]) -> Option<Vec<Option<String>>> {
    let mut out: Vec<Option<String>> = vec![None; starts.len()];
    for p in pieces(line, 2) {
        let chars: Vec<(usize, char)> = p.text.char_indices().collect();
        let mut from = 0usize; // index into chars
        let mut from_col = p.col;
        loop {
            let k = column_of(starts, from_col);
            let next_start = starts.get(k + 1).copied();
            let rest_end = p.col + chars.len();
            let split = next_start.filter(|&s| s > from_col && s < rest_end).and_then(|s| {
                let at = s - p.col;
                (chars.get(at.wrapping_sub(1)).is_some_and(|&(_, c)| c == ' ')).then_some(at)
            });
            let to = match (split, next_start) {
                (Some(at), _) => at,
                (None, Some(s)) if rest_end > s + OVERRUN => return None,
                _ => chars.len(),
            };
            let byte_from = chars[from].0;
            let byte_to = chars.get(to).map_or(p.text.len(), |&(b, _)| b);
            let piece = p.text[byte_from..byte_to].trim();
            if !piece.is_empty() {
                let slot = out[k].get_or_insert_with(String::new);
                if !slot.is_empty() {
                    slot.push(' ');
                }
                slot.push_str(piece);
            }
            if to >= chars.len() {
                break;
            }
            from = to;
            from_col = p.col + to;
        }
    }
    Some(out)
}

/// A cell's lines, as they are gathered.
type Lines = Vec<Vec<String>>;

struct Building {
    cells: Lines,
    /// For each column, the brackets its lines have opened and not closed.
    open: Vec<i32>,
    first: usize,
    last: usize,
}

/// The brackets `text` opens and does not close (negative when it closes
/// more than it opens).
fn bracket_balance(text: &str) -> i32 {
    text.chars().map(|c| i32::from(c == '(') - i32::from(c == ')')).sum()
}

/// What a scan for a space-padded table found.
pub(crate) enum Layout {
    /// A table, and how many lines it takes.
    Table(Table, usize),
    /// No table; the scan read this many lines.
    NotTable { lines: usize },
}

/// The space-padded table whose header row is `lines[0]`: rows set apart by
/// blank lines (or, without them, by a line whose cells all start anew),
/// wrapped cells side by side, the header repeated at the top of each page
/// (and the columns taken again from it, as a page may shift them), and a
/// row cut by a page break joined to its start.
pub(crate) fn table(lines: &[Line], joiner: &Joiner, limits: &Limits) -> Result<Layout, ReadError> {
    let Some(first) = lines.first() else { return Ok(Layout::NotTable { lines: 0 }) };
    let Some(head) = header_at(first.text) else { return Ok(Layout::NotTable { lines: 0 }) };
    let mut starts: Vec<usize> = head.iter().map(|p| p.col).collect();
    let width = starts.len();
    limits.check_table(0, width, 0)?;
    let header_key: Vec<Role> = head.iter().map(|p| column_role(p.text)).collect();
    // The column that names the provision: a row starts with text in it.
    let key = header_key.iter().position(|&r| r == Role::Description).unwrap_or(0);
    let mut header: Lines = head.iter().map(|p| vec![p.text.to_string()]).collect();
    let mut j = 1 + header_rest(&lines[1..], &starts, &mut header);

    let mut rows: Vec<Building> = Vec::new();
    let mut cur: Option<Building> = None;
    let mut after_blank = true;
    let mut after_break = false;
    let mut any_empty_first = false;
    let mut used = j;
    let mut cells = 0usize;
    while j < lines.len() {
        let line = &lines[j];
        after_break |= line.page_break_before;
        if line.text.trim().is_empty() || is_rule_line(line.text) {
            after_blank = true;
            j += 1;
            continue;
        }
        if opens_section(line.text) {
            break;
        }
        // The header again, at the top of a page: its columns are this
        // page's.
        if let Some(again) = header_at(line.text)
            && again.iter().map(|p| column_role(p.text)).eq(header_key.iter().copied())
        {
            starts = again.iter().map(|p| p.col).collect();
            let mut ignored: Lines = vec![Vec::new(); width];
            j += 1 + header_rest(&lines[j + 1..], &starts, &mut ignored);
            after_blank = true;
            continue;
        }
        let Some(parts) = cut(line.text, &starts) else { break };
        let filled = parts.iter().filter(|p| p.is_some()).count();
        let starts_row = match &cur {
            None => true,
            Some(c) if after_break => !continues_cut_row(c, &parts, key, any_empty_first),
            Some(_) if after_blank => true,
            Some(_) => begins_row(&parts, key),
        };
        if starts_row && filled == 1 && parts[0].is_some() && width > 2 {
            // Text in the first column alone: a title over the rows that
            // follow, or the text after the table.
            if !row_follows(&lines[j + 1..], &starts) {
                break;
            }
        }
        if starts_row {
            if let Some(done) = cur.take() {
                any_empty_first |= done.cells[key].is_empty();
                rows.push(done);
            }
            cur = Some(Building { cells: vec![Vec::new(); width], open: vec![0; width], first: j, last: j });
        }
        let b = cur.as_mut().expect("a row is open");
        for ((slot, open), part) in b.cells.iter_mut().zip(&mut b.open).zip(parts) {
            if let Some(text) = part {
                *open += bracket_balance(&text);
                slot.push(text);
                cells += 1;
            }
        }
        b.last = j;
        limits.check_table(rows.len() + 1, width, cells)?;
        after_blank = false;
        after_break = false;
        j += 1;
        used = j;
    }
    if let Some(done) = cur.take() {
        rows.push(done);
    }
    if rows.is_empty() {
        // Every line up to `j` was blank, a header or fitted the columns:
        // no table starts among them either.
        return Ok(Layout::NotTable { lines: j.max(1) });
    }
    let mut table = Table::default();
    let span = |from: usize, to: usize| SourceSpan {
        line: None,
        bytes: Some(lines[from].start..lines[to].start + lines[to].text.len()),
    };
    table.rows.push(Row { cells: make_cells(header, joiner), header: true, span: span(0, 0), ..Default::default() });
    for b in rows {
        table.rows.push(Row { cells: make_cells(b.cells, joiner), span: span(b.first, b.last), ..Default::default() });
    }
    Ok(Layout::Table(table, used))
}

fn make_cells(cells: Lines, joiner: &Joiner) -> Vec<Cell> {
    cells
        .into_iter()
        .enumerate()
        .map(|(col, lines)| {
            let mut text = String::new();
            for l in &lines {
                joiner.join(&mut text, l);
            }
            Cell::of(vec![Paragraph::plain(text)], col, 1)
        })
        .collect()
}

/// The header's wrapped words on the lines under it ("How often and for
/// how" / "long"): a line or two with nothing in the first column, or
/// only words that go on in lower case. Returns how many lines they take.
/// A line drawn with characters under a header or between rows
/// ("-------", "=======", "───────"): a rule, not text.
fn is_rule_line(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() >= 10 && t.chars().all(|c| matches!(c, '-' | '=' | '_' | '─' | '━' | '═' | '+' | ' '))
}

fn header_rest(lines: &[Line], starts: &[usize], header: &mut Lines) -> usize {
    let mut n = 0;
    for line in lines.iter().take(3) {
        if is_rule_line(line.text) {
            // The rule under the header ends it.
            n += 1;
            break;
        }
        if line.text.trim().is_empty() || line.page_break_before {
            break;
        }
        let Some(parts) = cut(line.text, starts) else { break };
        let header_like = parts.iter().enumerate().all(|(k, p)| {
            p.as_ref().is_none_or(|t| header_words(t) && (k > 0 || t.starts_with(|c: char| c.is_lowercase())))
        });
        if !header_like {
            break;
        }
        for (slot, part) in header.iter_mut().zip(parts) {
            slot.extend(part);
        }
        n += 1;
    }
    n
}

/// Without a blank line between rows: a line starts a row when the column
/// that names the provision (`key`) and one other hold text and none of
/// its cells goes on from the line above in lower case.
fn begins_row(parts: &[Option<String>], key: usize) -> bool {
    let filled: Vec<&String> = parts.iter().flatten().collect();
    parts[key].is_some() && filled.len() >= 2 && filled.iter().all(|t| !starts_lower(t))
}

fn starts_lower(t: &str) -> bool {
    t.starts_with(|c: char| c.is_lowercase() || matches!(c, ')' | ']' | ',' | ';' | '.'))
}

/// After a page break, does this line go on with the row cut at the foot
/// of the page before? A row names its provision in its `key` column, so
/// one with that cell empty goes on (unless the table leaves such cells
/// empty elsewhere, under a merged cell); so does one whose cells go on in
/// lower case, or that closes a bracket the cell above left open.
fn continues_cut_row(before: &Building, parts: &[Option<String>], key: usize, any_empty_first: bool) -> bool {
    let filled: Vec<&String> = parts.iter().flatten().collect();
    if filled.is_empty() {
        return false;
    }
    if parts[key].is_none() && !any_empty_first && !before.cells[key].is_empty() {
        return true;
    }
    if parts[key].as_deref().is_some_and(starts_lower) {
        return true;
    }
    if filled.iter().filter(|t| starts_lower(t)).count() * 2 > filled.len() {
        return true;
    }
    before.open.iter().zip(parts).any(|(&open, part)| {
        open > 0 && part.as_deref().is_some_and(|t| t.find(')').is_some_and(|close| !t[..close].contains('(')))
    })
}

/// Is the next line that holds text a row of two or more cells?
fn row_follows(lines: &[Line], starts: &[usize]) -> bool {
    lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .and_then(|l| cut(l.text, starts))
        .is_some_and(|parts| parts.iter().filter(|p| p.is_some()).count() >= 2)
}

// ---------------------------------------------------------------------------
// Two columns of prose side by side

/// The least run of lines with text on both sides of the gutter for a
/// stretch to be read as two columns.
const MIN_TWO_SIDED: usize = 4;

/// The narrowest left column: a gap nearer the margin is indentation or a
/// label's padding.
const MIN_GUTTER: usize = 16;

/// How a line sits against a gutter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Blank,
    /// Text left of the gutter only.
    Left,
    /// Text right of the gutter (and maybe left of it too).
    Right {
        two_sided: bool,
    },
    /// Text across the gutter: a line of one column.
    Across,
}

/// Where the second column starts on a line: the column of the first
/// piece after a gap of three spaces or more (or after an indent that
/// deep), if past [`MIN_GUTTER`].
fn gutter_candidate(line: &str) -> Option<usize> {
    let ps = pieces(line, 3);
    ps.iter().map(|p| p.col).find(|&c| c >= MIN_GUTTER)
}

fn side(line: &str, gutter: usize) -> Side {
    let ps = pieces(line, 3);
    let Some(last) = ps.last() else { return Side::Blank };
    match ps.iter().position(|p| p.col + 1 >= gutter && p.col <= gutter + 1) {
        // Everything after the gutter piece is right of it; everything
        // before ends clear of it.
        Some(k) => {
            let clear = ps[..k].iter().all(|p| p.end_col + 2 <= gutter);
            if clear { Side::Right { two_sided: k > 0 } } else { Side::Across }
        }
        None if last.end_col + 2 <= gutter => Side::Left,
        None => Side::Across,
    }
}

/// A stretch of lines read as two columns, cut at `gutter` (a character
/// column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TwoColumns {
    pub lines: std::ops::Range<usize>,
    pub gutter: usize,
}

/// The stretches of `lines` set as two columns of prose: one gutter (the
/// column most lines start their second piece at), and runs of lines that
/// keep clear of it with at least [`MIN_TWO_SIDED`] lines holding text on
/// both sides.
pub(crate) fn two_column_stretches(lines: &[Line]) -> Vec<TwoColumns> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for l in lines {
        if let Some(g) = gutter_candidate(l.text) {
            *counts.entry(g).or_default() += 1;
        }
    }
    // The gutter, allowing a column a character either way; ties go to the
    // leftmost, so the result does not depend on the map's order.
    let near = |g: usize| (g.saturating_sub(1)..=g + 1).map(|c| counts.get(&c).copied().unwrap_or(0)).sum::<usize>();
    let Some(gutter) = counts.keys().copied().max_by_key(|&g| (near(g), std::cmp::Reverse(g))) else {
        return Vec::new();
    };
    if near(gutter) < MIN_TWO_SIDED {
        return Vec::new();
    }
    let sides: Vec<Side> = lines.iter().map(|l| side(l.text, gutter)).collect();
    let mut out = Vec::new();
    let mut from = 0;
    while from < lines.len() {
        let to = (from..lines.len()).find(|&k| sides[k] == Side::Across).unwrap_or(lines.len());
        let two_sided = sides[from..to].iter().filter(|s| matches!(s, Side::Right { two_sided: true })).count();
        if two_sided >= MIN_TWO_SIDED {
            // Trim the blank and one-sided lines at the ends that belong
            // as well to the text around.
            let first = (from..to).find(|&k| matches!(sides[k], Side::Right { .. })).unwrap_or(from);
            let last = (from..to).rev().find(|&k| sides[k] != Side::Blank).map_or(to, |k| k + 1);
            out.push(TwoColumns { lines: first..last, gutter });
        }
        from = to + 1;
    }
    out
}

/// `line` cut at the gutter: the text left of it and the text from it on,
/// as lines of their own (their starts are bytes of the source, as the
/// line's are).
pub(crate) fn split_line<'a>(line: &Line<'a>, gutter: usize) -> (Line<'a>, Line<'a>) {
    let at = pieces(line.text, 3)
        .iter()
        .find(|p| p.col + 1 >= gutter && p.col <= gutter + 1)
        .map_or(line.text.len(), |p| p.byte);
    let left = Line { text: line.text[..at].trim_end(), start: line.start, page_break_before: line.page_break_before };
    let right = Line { text: &line.text[at..], start: line.start + at, page_break_before: line.page_break_before };
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> Vec<Line<'_>> {
        let mut start = 0;
        src.split('\n')
            .map(|t| {
                let l = Line { text: t, start, page_break_before: t.starts_with('\u{c}') };
                start += t.len() + 1;
                l
            })
            .map(|l| Line { text: l.text.trim_start_matches('\u{c}'), ..l })
            .collect()
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.cells.iter().map(|c| c.text().to_string()).collect()).collect()
    }

    #[test]
    fn pieces_are_cut_at_runs_of_spaces_and_counted_in_characters() {
        let ps = pieces(" Grŵp bach    Daily, 20 min  TA", 2);
        let cols: Vec<(usize, &str)> = ps.iter().map(|p| (p.col, p.text)).collect();
        assert_eq!(cols, vec![(1, "Grŵp bach"), (14, "Daily, 20 min"), (29, "TA")]);
    }

    #[test]
    fn wrapped_cells_side_by_side_a_repeated_header_and_a_row_cut_by_a_page() {
        let src = "\
 Provision                  How often and for       Delivered by
                            how long

 Phonics group (stages      Daily, 9.00–9.20 (20    Teaching assistant
 1–

\u{c} Provision                    How often and for         Delivered by
                              how long

 3)                           minutes)

 Social Stories               Before each trip          Class teacher
 read with an adult

Section 2C: NHS";
        let ls = lines(src);
        let Layout::Table(t, used) = table(&ls, &Joiner::default(), &Limits::default()).unwrap() else {
            panic!("no table")
        };
        assert_eq!(ls[used..].iter().find(|l| !l.text.trim().is_empty()).unwrap().text, "Section 2C: NHS");
        assert_eq!(
            texts(&t),
            vec![
                vec!["Provision", "How often and for how long", "Delivered by"],
                vec!["Phonics group (stages 1–3)", "Daily, 9.00–9.20 (20 minutes)", "Teaching assistant"],
                vec!["Social Stories read with an adult", "Before each trip", "Class teacher"],
            ]
        );
        assert!(t.rows[0].header && !t.rows[1].header);
    }

    #[test]
    fn rows_without_blank_lines_and_a_cell_that_fills_its_column() {
        let src = "\
ALP                 Frequency     Staff
Reading Recovery    Daily         Teacher
1:1 reading with    Three times   Teaching
an adult            a week        assistant
Touch typing course Weekly        ICT tutor
This paragraph runs across the columns of the table, so the table ends.";
        let ls = lines(src);
        let Layout::Table(t, used) = table(&ls, &Joiner::default(), &Limits::default()).unwrap() else {
            panic!("no table")
        };
        assert_eq!(used, 5);
        assert_eq!(
            texts(&t)[1..],
            vec![
                vec!["Reading Recovery", "Daily", "Teacher"],
                vec!["1:1 reading with an adult", "Three times a week", "Teaching assistant"],
                vec!["Touch typing course", "Weekly", "ICT tutor"],
            ]
        );
    }

    #[test]
    fn a_line_of_words_is_no_header() {
        assert!(header_at("Provision and support for the whole class").is_none());
        assert!(header_at("Darpariaeth          Provision").is_none(), "the same part twice");
        assert!(header_at("Strategy          Notes").is_none(), "no part says when or who");
        assert!(header_at(" ALP      How often      Who").is_some());
        assert!(header_at(" Area of need    Intervention    Frequency    Staff").is_some());
        assert!(header_at(" Name      Date of birth      Provision").is_none(), "one in three names a part");
    }

    #[test]
    fn two_columns_of_prose_are_found_and_cut_at_their_gutter() {
        let src = "\
A heading across the whole width of the page, one column only.
Adran 2B – Darpariaeth          Section 2B – Provision
1. Therapi iaith bob            1. Speech therapy every
wythnos.                        week.
2. Gliniadur ym mhob            2. A laptop in every
gwers.                          lesson.
Text across the page again, as one column, long enough to cross.";
        let ls = lines(src);
        let found = two_column_stretches(&ls);
        assert_eq!(found, vec![TwoColumns { lines: 1..6, gutter: 32 }]);
        let (l, r) = split_line(&ls[2], 32);
        assert_eq!((l.text, r.text), ("1. Therapi iaith bob", "1. Speech therapy every"));
        assert_eq!(&src[r.start..r.start + r.text.len()], "1. Speech therapy every");
    }
}
