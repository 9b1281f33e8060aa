//! A table as `pdftotext` writes it without `-layout`: one cell after
//! another in reading order, each a block of short lines, set apart by
//! blank lines, the header words first.
//!
//! Nothing on the page says where a row ends, so the table is rebuilt from
//! its header: a run of blocks that each name a part of a provision ("Pa
//! mor aml ac am ba hyd", "Gan bwy"...) gives the number of columns, and
//! the blocks after it fill the rows in turn. That count must come out
//! even: a table whose cells do not fill whole rows (an empty cell the tool
//! left out, a cell of two paragraphs) is not guessed at; the caller keeps
//! its text as paragraphs and says so.
//!
//! A cell cut by a page break goes on after the page furniture, starting
//! in lower case. When its rest stands as a block of its own, the count
//! says so; when it runs on into the next cell with no blank line between,
//! the two are cut where the lines stop fitting the cut cell's column.

use super::ReadError;
use super::text::{Line, is_heading_line, opens_section};
use super::text_layout::is_provision_header;
use super::text_repair::Joiner;
use crate::lexicon::columns::column_role;
use crate::types::limits::Limits;
use crate::types::model::{Cell, Paragraph, Row, SourceSpan, Table};
use crate::types::provision::Role;

/// A header cell is a block of at most this many lines...
const HEADER_LINES: usize = 3;
/// ...and this many words.
const HEADER_WORDS: usize = 8;

/// A block of lines with text: `lines[from..to]`.
#[derive(Debug, Clone, Copy)]
struct Block {
    from: usize,
    to: usize,
    /// A page break lies between the block before and this one.
    after_break: bool,
}

/// What a scan for a table of cell blocks found.
pub(crate) enum Cells {
    /// A table, the lines it takes (`lines[from..to]`), and whether a cell
    /// cut by a page break had to be parted from the next by its width (a
    /// guess).
    Table { table: Table, from: usize, to: usize, guessed: bool },
    /// No table header here.
    NoHeader,
    /// A header, but cells that do not fill its rows; the scan read up to
    /// `lines[to]`.
    NotRebuilt { to: usize },
}

/// The blocks of `lines` from `at`: runs of lines with text, ended by a
/// blank line or a page break.
struct Blocks<'l, 'a> {
    lines: &'l [Line<'a>],
    at: usize,
    /// Each line is a block of its own: a table copied with no blank line
    /// between its cells, one cell to a line.
    single_lines: bool,
}

impl Blocks<'_, '_> {
    /// The next block, read no further than `max` lines, and whether it
    /// ended within them (when it did not, [`Blocks::finish`] reads the
    /// rest). `None` past the last line.
    fn next_within(&mut self, max: usize) -> Option<(Block, bool)> {
        let mut after_break = false;
        while self.at < self.lines.len() && self.lines[self.at].text.trim().is_empty() {
            after_break |= self.lines[self.at].page_break_before;
            self.at += 1;
        }
        if self.at >= self.lines.len() {
            return None;
        }
        let from = self.at;
        after_break |= self.lines[from].page_break_before;
        self.at += 1;
        if self.single_lines {
            return Some((Block { from, to: self.at, after_break }, true));
        }
        while self.at - from < max && self.goes_on() {
            self.at += 1;
        }
        let ended = !self.goes_on();
        Some((Block { from, to: self.at, after_break }, ended))
    }

    /// Does the block being read go on to the next line?
    fn goes_on(&self) -> bool {
        self.at < self.lines.len()
            && !self.lines[self.at].text.trim().is_empty()
            && !self.lines[self.at].page_break_before
    }

    /// The whole of a block that [`Blocks::next_within`] cut short.
    fn finish(&mut self, mut b: Block) -> Block {
        while self.goes_on() {
            self.at += 1;
        }
        b.to = self.at;
        b
    }
}

impl Iterator for Blocks<'_, '_> {
    type Item = Block;
    fn next(&mut self) -> Option<Block> {
        self.next_within(usize::MAX).map(|(b, _)| b)
    }
}

fn block_text(lines: &[Line], b: Block) -> String {
    let mut out = String::new();
    for l in &lines[b.from..b.to] {
        crate::types::model::push_words(&mut out, l.text);
    }
    out
}

/// The role a block names as a header cell, if it is one: a few short
/// lines naming a part of a provision.
fn header_role(lines: &[Line], b: Block) -> Option<Role> {
    if b.to - b.from > HEADER_LINES {
        return None;
    }
    let text = block_text(lines, b);
    if text.split_whitespace().count() > HEADER_WORDS {
        return None;
    }
    Some(column_role(&text)).filter(|&r| r != Role::Other)
}

fn width(line: &Line) -> usize {
    line.text.trim().chars().count()
}

/// The table of cell blocks whose header words start at `lines[start]`
/// (or, when the first column's header names no part, "Area of need", in
/// the short block just before, no earlier than `lines[floor]`).
/// `page_width` is the width of the page's running text, in characters: a
/// block with a line wider than three fifths of it is prose (a table of
/// three columns or more has no cell that wide), and ends the table.
pub(crate) fn table(
    lines: &[Line],
    start: usize,
    floor: usize,
    page_width: usize,
    joiner: &Joiner,
    limits: &Limits,
) -> Result<Cells, ReadError> {
    // Header words on lines of their own with no blank line between: one
    // cell to a line.
    let single_lines = (start..start + 3).all(|k| {
        lines.get(k).is_some_and(|l| {
            !l.text.trim().is_empty() && (k == start || !l.page_break_before) && l.text.split_whitespace().count() <= 6
        })
    }) && {
        let roles: Vec<Role> = (start..start + 3).map(|k| column_role(lines[k].text)).collect();
        is_provision_header(&roles)
    };
    let mut blocks = Blocks { lines, at: start, single_lines };
    // The header: blocks that each name a different part.
    let mut header: Vec<Block> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    let mut first_cell = None;
    // A header cell is a few lines: a longer block is read in full only
    // once a header stands before it (it is then the first cell), so that
    // a scan from each line of a long block is not a scan of the block.
    while let Some((b, ended)) = blocks.next_within(HEADER_LINES + 1) {
        // A page break ends the header: what follows it is a cell.
        let header_goes_on = ended && (header.is_empty() || !b.after_break);
        let role = if header_goes_on { header_role(lines, b) } else { None };
        match role {
            Some(r) if !roles.contains(&r) => {
                header.push(b);
                roles.push(r);
            }
            _ if header.len() < 3 => return Ok(Cells::NoHeader),
            _ => {
                first_cell = Some(if ended { b } else { blocks.finish(b) });
                break;
            }
        }
    }
    if header.len() < 3 || !is_provision_header(&roles) {
        return Ok(Cells::NoHeader);
    }
    limits.check_table(0, header.len(), 0)?;
    let header_texts: Vec<String> = header.iter().map(|&b| block_text(lines, b)).collect();

    // The cells, until a heading, a block of prose or the end.
    let too_wide = (page_width * 3 / 5).max(24);
    let mut cells: Vec<Block> = Vec::new();
    let mut pending = first_cell;
    let mut used = header.last().map_or(start, |b| b.to);
    while let Some(b) = pending.take().or_else(|| blocks.next()) {
        let first = lines[b.from].text;
        if opens_section(first) || lines[b.from..b.to].iter().any(|l| width(l) > too_wide) {
            break;
        }
        // The header again at the top of a page: as many of its blocks as
        // come in order.
        if b.after_break && block_text(lines, b) == header_texts[0] {
            used = b.to;
            for text in &header_texts[1..] {
                match blocks.next() {
                    Some(next) if block_text(lines, next) == *text => used = next.to,
                    Some(next) => {
                        pending = Some(next);
                        break;
                    }
                    None => break,
                }
            }
            continue;
        }
        cells.push(b);
        used = b.to;
        limits.check_table(cells.len() / header.len() + 1, header.len(), cells.len())?;
    }

    // One cell to a line holds only while no cell wraps: a line that goes
    // on in lower case is the rest of a cell, and the count would not say
    // which.
    if single_lines && cells.iter().any(|b| !b.after_break && goes_on(lines[b.from].text)) {
        return Ok(Cells::NotRebuilt { to: used });
    }

    // The header words may run on into the first cell when it names a part
    // too ("Small group phonics"): the cells may fill rows under the whole
    // header, or under one that ends sooner. And a short block just before
    // the header may head a first column that names no part ("Area of
    // need"). Of the layouts whose cells come out even, the one whose
    // columns keep their widths wins (each column's lines wrap at its own
    // width); on a tie, the one with more columns.
    let lead = if single_lines { None } else { lead_block(lines, start, floor) };
    let mut laid: Option<Laid> = None;
    for with_lead in [lead, None] {
        for n in (3..=header.len()).rev() {
            if !is_provision_header(&roles[..n]) {
                continue;
            }
            let columns = n + usize::from(with_lead.is_some());
            let all: Vec<Block> = header[n..].iter().chain(&cells).copied().collect();
            if let Some((parts, guessed)) = lay_out(lines, &all, columns) {
                let spread = width_spread(lines, &parts, columns);
                if laid.as_ref().is_none_or(|l| spread < l.spread) {
                    laid = Some(Laid { lead: with_lead, named: n, parts, guessed, spread });
                }
            }
        }
        if lead.is_none() {
            break;
        }
    }
    let Some(Laid { lead, named, parts, guessed, .. }) = laid else { return Ok(Cells::NotRebuilt { to: used }) };
    header.truncate(named);
    header.splice(0..0, lead);
    let rows: Vec<&[Vec<Piece>]> = parts.chunks(header.len()).collect();

    let span = |pieces: &[Vec<Piece>]| {
        let from = pieces.iter().flatten().map(|p| p.from).min().unwrap_or(0);
        let to = pieces.iter().flatten().map(|p| p.to).max().unwrap_or(from + 1) - 1;
        SourceSpan { line: None, bytes: Some(lines[from].start..lines[to].start + lines[to].text.len()) }
    };
    let mut table = Table::default();
    let header_pieces: Vec<Vec<Piece>> = header.iter().map(|b| vec![Piece { from: b.from, to: b.to }]).collect();
    table.rows.push(Row {
        cells: make_cells(lines, &header_pieces, joiner),
        header: true,
        span: span(&header_pieces),
        ..Default::default()
    });
    for r in rows {
        table.rows.push(Row { cells: make_cells(lines, r, joiner), span: span(r), ..Default::default() });
    }
    Ok(Cells::Table { table, from: header[0].from, to: used, guessed })
}

/// One way of laying the cells out in rows.
struct Laid {
    /// The block heading a first column that names no part, if it has one.
    lead: Option<Block>,
    /// How many of the header blocks that name parts head columns.
    named: usize,
    /// Each cell's lines, row after row.
    parts: Vec<Vec<Piece>>,
    /// A cut cell was parted from the next by width.
    guessed: bool,
    /// See [`width_spread`].
    spread: usize,
}

/// The short block just before `lines[start]`, set apart by a blank line,
/// that may head a first column naming no part: a line or two, a few
/// words, no sentence, no heading, and opening a block itself.
fn lead_block(lines: &[Line], start: usize, floor: usize) -> Option<Block> {
    let blank = |k: usize| lines[k].text.trim().is_empty();
    let mut to = start;
    while to > floor && blank(to - 1) {
        to -= 1;
    }
    if to == start || to == floor || lines[start].page_break_before {
        return None;
    }
    // Where a block opens: after a blank line, a sentence or a heading.
    let opens_at = |k: usize| {
        k == floor || blank(k - 1) || {
            let prev = lines[k - 1].text.trim();
            prev.ends_with(['.', ':', ';']) || is_heading_line(prev)
        }
    };
    let mut from = to - 1;
    while !opens_at(from) && to - from < 2 {
        from -= 1;
    }
    let opens = opens_at(from);
    let b = Block { from, to, after_break: false };
    let text = block_text(lines, b);
    let short = text.split_whitespace().count() <= 5 && !text.ends_with(['.', ':', ';']);
    let plain = !lines[from..to].iter().any(|l| l.page_break_before || is_heading_line(l.text));
    (opens && short && plain && header_role(lines, b).is_none()).then_some(b)
}

/// The cells laid out in rows of `n`: the rests of cells cut by a page
/// break joined to them, and every row naming its provision in its first
/// cell (a row that starts with an empty mark is a sign the cells have
/// slipped a column). Whether a cut cell had to be parted from the next by
/// width. `None` when the cells do not fill whole rows.
fn lay_out(lines: &[Line], cells: &[Block], n: usize) -> Option<(Vec<Vec<Piece>>, bool)> {
    // A block after a page break that starts in lower case goes on with
    // the cell cut at the foot of the page before.
    let rest: Vec<bool> =
        cells.iter().enumerate().map(|(k, b)| k > 0 && b.after_break && goes_on(lines[b.from].text)).collect();
    let cut = rest.iter().filter(|&&r| r).count();
    let total = cells.len();
    let (parts, guessed) = if cut > 0 && (total - cut).is_multiple_of(n) {
        // Each rest stands alone: it joins the cell before.
        (join_rests(cells, &rest), false)
    } else if total.is_multiple_of(n) {
        (part_rests(lines, cells, &rest, n)?, cut > 0)
    } else {
        return None;
    };
    let rows_ok = !parts.is_empty() && parts.chunks(n).all(|r| !is_blank_mark(&piece_text(lines, &r[0])));
    rows_ok.then_some((parts, guessed))
}

/// How far the cells of each column stray from one width, summed over the
/// columns: for a cell of two lines or more, its widest line is about its
/// column's width (less than a word short of it), so cells laid out in the
/// wrong columns show widths that differ.
fn width_spread(lines: &[Line], parts: &[Vec<Piece>], n: usize) -> usize {
    let mut range: Vec<Option<(usize, usize)>> = vec![None; n];
    for (k, pieces) in parts.iter().enumerate() {
        let cell: Vec<&Line> = pieces.iter().flat_map(|p| &lines[p.from..p.to]).collect();
        if cell.len() < 2 {
            continue;
        }
        let w = cell.iter().map(|l| width(l)).max().unwrap_or(0);
        let r = &mut range[k % n];
        *r = Some(r.map_or((w, w), |(lo, hi)| (lo.min(w), hi.max(w))));
    }
    range.iter().flatten().map(|(lo, hi)| hi - lo).sum()
}

/// Lines `from..to` that belong to one cell.
#[derive(Debug, Clone, Copy)]
struct Piece {
    from: usize,
    to: usize,
}

fn piece_text(lines: &[Line], pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        for l in &lines[p.from..p.to] {
            crate::types::model::push_words(&mut out, l.text);
        }
    }
    out
}

fn make_cells(lines: &[Line], row: &[Vec<Piece>], joiner: &Joiner) -> Vec<Cell> {
    row.iter()
        .enumerate()
        .map(|(col, pieces)| {
            let mut text = String::new();
            for p in pieces {
                for l in &lines[p.from..p.to] {
                    joiner.join(&mut text, l.text);
                }
            }
            Cell::of(vec![Paragraph::plain(text)], col, 1)
        })
        .collect()
}

/// Does this line go on from the line before: a lower-case start, or
/// punctuation that never opens a cell?
fn goes_on(line: &str) -> bool {
    line.trim_start().starts_with(|c: char| c.is_lowercase() || matches!(c, ')' | ']' | ',' | ';' | '.' | ':'))
}

/// Starts the way a cell does: a capital, a digit, a quotation mark or an
/// opening bracket.
fn opens_cell(line: &str) -> bool {
    line.trim_start().starts_with(|c: char| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '\'' | '"' | '‘' | '“' | '(' | '[')
    })
}

/// A cell with no words: a dash or a rule.
fn is_blank_mark(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// Each cell's lines, the rests of cut cells joined to the cell before.
fn join_rests(cells: &[Block], rest: &[bool]) -> Vec<Vec<Piece>> {
    let mut out: Vec<Vec<Piece>> = Vec::new();
    for (b, &r) in cells.iter().zip(rest) {
        let piece = Piece { from: b.from, to: b.to };
        match out.last_mut() {
            Some(last) if r => last.push(piece),
            _ => out.push(vec![piece]),
        }
    }
    out
}

/// Each cell's lines, where each rest of a cut cell runs on into the next
/// cell in one block. The rest takes the block's first lines, as many as
/// fit the width of the cut cell's column (its widest line in the other
/// rows, and a little more, as a proportional font's lines vary), up to a
/// line that opens a cell. `None` when a block is too short to part.
fn part_rests(lines: &[Line], cells: &[Block], rest: &[bool], n: usize) -> Option<Vec<Vec<Piece>>> {
    // The widest line of each column, over the blocks not being parted.
    // A block that holds a rest holds the next cell too, so the kth block
    // holds the kth cell.
    let mut widest = vec![0usize; n];
    for (k, (b, &r)) in cells.iter().zip(rest).enumerate() {
        if !r {
            let w = lines[b.from..b.to].iter().map(width).max().unwrap_or(0);
            widest[k % n] = widest[k % n].max(w);
        }
    }
    let mut out: Vec<Vec<Piece>> = Vec::new();
    for (b, &r) in cells.iter().zip(rest) {
        if !r {
            out.push(vec![Piece { from: b.from, to: b.to }]);
            continue;
        }
        if b.to - b.from < 2 {
            return None;
        }
        let column = (out.len() + n - 1) % n;
        let fits = |l: &Line| width(l) * 20 <= widest[column] * 23 + 20;
        let mut at = None;
        for split in b.from + 1..b.to {
            if !fits(&lines[split - 1]) {
                break;
            }
            if opens_cell(lines[split].text) {
                at = Some(split);
            }
        }
        let at = at.unwrap_or(b.from + 1);
        out.last_mut()?.push(Piece { from: b.from, to: at });
        out.push(vec![Piece { from: at, to: b.to }]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> Vec<Line<'_>> {
        let mut start = 0;
        src.split('\n')
            .map(|t| {
                let brk = t.starts_with('\u{c}');
                let l = Line {
                    text: t.trim_start_matches('\u{c}'),
                    start: start + usize::from(brk),
                    page_break_before: brk,
                };
                start += t.len() + 1;
                l
            })
            .collect()
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.cells.iter().map(|c| c.text().to_string()).collect()).collect()
    }

    const HEADER: &str = "Provision\n\nHow often and\nfor how long\n\nWho\n\n";

    fn read(src: &str) -> Cells {
        table(&lines(src), 0, 0, 90, &Joiner::default(), &Limits::default()).unwrap()
    }

    #[test]
    fn cells_fill_the_rows_of_the_header() {
        let src = format!(
            "{HEADER}Phonics in a small\ngroup\n\nDaily, 20\nminutes\n\nTeaching\nassistant\n\nSensory\ncircuit\n\n\
             Each morning\n\n–\n\nSection 2C: Health"
        );
        let Cells::Table { table, to, guessed, .. } = read(&src) else { panic!("no table") };
        assert!(!guessed);
        assert_eq!(lines(&src)[to..].iter().find(|l| !l.text.is_empty()).unwrap().text, "Section 2C: Health");
        assert_eq!(
            texts(&table),
            vec![
                vec!["Provision", "How often and for how long", "Who"],
                vec!["Phonics in a small group", "Daily, 20 minutes", "Teaching assistant"],
                vec!["Sensory circuit", "Each morning", "–"],
            ]
        );
    }

    #[test]
    fn a_cut_cell_whose_rest_stands_alone_joins_the_cell_before() {
        let src = format!(
            "{HEADER}Phonics\n\nDaily\n\nTeaching assistant trained\nby the\n\n\u{c}advisory teacher\n\n\
             Sensory circuit\n\nEach morning\n\nHLTA"
        );
        let Cells::Table { table, guessed, .. } = read(&src) else { panic!("no table") };
        assert!(!guessed);
        assert_eq!(texts(&table)[1][2], "Teaching assistant trained by the advisory teacher");
        assert_eq!(texts(&table)[2], vec!["Sensory circuit", "Each morning", "HLTA"]);
    }

    #[test]
    fn a_cut_cell_that_runs_into_the_next_is_parted_at_its_column_width() {
        let src = format!(
            "{HEADER}Phonics\n\nDaily\n\nTA trained by\n\nReading\n\nWeekly\n\nTeaching\nassistant\nwith\n\n\
             \u{c}a degree\nAMBDA\nSensory circuit for\nregulation\n\nEach morning\n\nHLTA"
        );
        let Cells::Table { table, guessed, .. } = read(&src) else { panic!("no table") };
        assert!(guessed);
        assert_eq!(texts(&table)[2][2], "Teaching assistant with a degree AMBDA");
        assert_eq!(texts(&table)[3], vec!["Sensory circuit for regulation", "Each morning", "HLTA"]);
    }

    #[test]
    fn a_first_cell_that_names_a_part_is_a_cell_when_the_columns_keep_their_widths() {
        // "Small group phonics…" names a part ("group"), and eight cells
        // would fill two rows of four as well as nine fill three of three:
        // the widths of the lines say which.
        let src = "Provision\n\nHow often\n\nWho\n\n\
                   Small group phonics with\na teaching assistant\n\nDaily for 20\nminutes\n\nTeaching\nassistant\n\n\
                   Reading Recovery with a\ntrained teacher\n\nThree times a\nweek\n\nReading\nRecovery\nteacher\n\n\
                   Sensory circuit before\nlessons\n\nEach morning\nat 9.00\n\nHLTA";
        let Cells::Table { table, .. } = read(src) else { panic!("no table") };
        assert_eq!(
            texts(&table),
            vec![
                vec!["Provision", "How often", "Who"],
                vec!["Small group phonics with a teaching assistant", "Daily for 20 minutes", "Teaching assistant"],
                vec!["Reading Recovery with a trained teacher", "Three times a week", "Reading Recovery teacher"],
                vec!["Sensory circuit before lessons", "Each morning at 9.00", "HLTA"],
            ]
        );
    }

    #[test]
    fn a_short_block_before_the_header_heads_a_first_column_that_names_no_part() {
        let src = "The provision is set out below.\nArea of need\n\nProvision\n\nHow often\n\nWho\n\n\
                   Literacy\n\nReading Recovery\n\nDaily\n\nTeacher\n\n\
                   Wellbeing\n\nELSA sessions\n\nWeekly\n\nELSA\n\nSection 2C";
        let ls = lines(src);
        let start = ls.iter().position(|l| l.text == "Provision").unwrap();
        let Cells::Table { table, from, .. } =
            table(&ls, start, 0, 90, &Joiner::default(), &Limits::default()).unwrap()
        else {
            panic!("no table")
        };
        assert_eq!(ls[from].text, "Area of need");
        assert_eq!(
            texts(&table),
            vec![
                vec!["Area of need", "Provision", "How often", "Who"],
                vec!["Literacy", "Reading Recovery", "Daily", "Teacher"],
                vec!["Wellbeing", "ELSA sessions", "Weekly", "ELSA"],
            ]
        );
    }

    #[test]
    fn one_cell_to_a_line_with_no_blank_lines_between() {
        let src = "Provision\nHow often\nWho\nReading Recovery\nDaily, 30 minutes\nTeacher\nELSA sessions\nWeekly\nELSA\n\nSection 2C";
        let Cells::Table { table, .. } = read(src) else { panic!("no table") };
        assert_eq!(texts(&table)[2], vec!["ELSA sessions", "Weekly", "ELSA"]);
        // A cell that wraps makes the count unsafe.
        let wrapped =
            "Provision\nHow often\nWho\nReading Recovery with\na trained teacher\nDaily\nTeacher\n\nSection 2C";
        assert!(matches!(read(wrapped), Cells::NotRebuilt { .. }));
    }

    #[test]
    fn cells_that_do_not_fill_whole_rows_are_not_guessed_at() {
        // The tool left out an empty cell: five cells under three headers.
        let src = format!("{HEADER}Phonics\n\nDaily\n\nTA\n\nSensory circuit\n\nHLTA\n\nSection 3");
        assert!(matches!(read(&src), Cells::NotRebuilt { .. }));
        // Two short blocks that name parts are not a header of three.
        assert!(matches!(read("Provision\n\nWho\n\nReading\n\nTA"), Cells::NoHeader));
        // Nor are blocks that are not headers.
        assert!(matches!(read("Strategy\n\nNotes\n\nA key adult\n\nA form tutor"), Cells::NoHeader));
    }
}
