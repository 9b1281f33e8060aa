//! The tables pandoc writes in Markdown, which CommonMark does not know:
//!
//! - **grid tables**: `+---+---+` borders, `|` between cells, a `+===+`
//!   border under the header; a cell's text wraps over many lines and may
//!   hold paragraphs and lists;
//! - **multiline tables**: a rule of dashes above and below, the columns
//!   drawn by a rule of dash runs under the header, rows separated by blank
//!   lines, a cell's text wrapped within its column; a caption (`: …`) may
//!   follow;
//! - **simple tables**: a header line, a rule of dash runs under it, one
//!   line a row, ending at a blank line.
//!
//! A CommonMark parser reads them as paragraphs (and their rules as
//! thematic breaks), so a whole 2B table became one provision or none. The
//! Markdown reader finds them first, reads them here, and hands the rest of
//! the file to the parser with their lines blanked.
//!
//! A cell's lines are Markdown: they are read as such (paragraphs, lists,
//! emphasis, escapes), and a list item in a cell is marked as one
//! ([`Paragraph::list`]). Columns are cut at the display columns the
//! borders or rules draw.
//!
//! The scan reads each line a bounded number of times: a block of grid
//! lines that makes no table is skipped whole, and a rule that opens no
//! multiline table is given up within a few lines.

use super::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{Cell, ListMark, Paragraph, Row, SourceSpan, Table};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// A table found in the source, with the lines it takes.
pub(crate) struct Found {
    pub table: Table,
    /// The bytes of the table's lines (the caption's too), to blank.
    pub bytes: Range<usize>,
    /// The table's first line, 1-based.
    pub line: usize,
    /// A caption written under the table (`: Table 2B.1 – …`).
    pub caption: Option<(String, Range<usize>)>,
}

/// The header lines a multiline table may have before its column rule.
const MAX_HEADER_LINES: usize = 8;

/// Every pandoc table in `src`, in order. `lines` are the source's lines
/// with their byte offsets.
pub(crate) fn find(lines: &[(usize, &str)], src_len: usize, limits: &Limits) -> Result<Vec<Found>, ReadError> {
    let end_of = |i: usize| lines.get(i + 1).map_or(src_len, |&(o, _)| o);
    let mut out = Vec::new();
    let mut fence: Option<char> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].1;
        let t = line.trim_start();
        // Fenced code holds no table.
        if let Some(f) = fence {
            if t.starts_with(&f.to_string().repeat(3)) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = t.chars().next();
            i += 1;
            continue;
        }
        let indent = line.len() - t.len();
        if indent > 3 {
            i += 1;
            continue;
        }
        if super::text_table::is_grid_border(line) {
            // The block of grid lines: borders and rows of cells.
            let end = (i + 1..lines.len())
                .find(|&j| !(super::text_table::is_grid_border(lines[j].1) || lines[j].1.trim_start().starts_with('|')))
                .unwrap_or(lines.len());
            if let Some(table) = grid(&lines[i..end], limits)? {
                out.push(Found { table, bytes: lines[i].0..end_of(end - 1), line: i + 1, caption: None });
            }
            i = end;
            continue;
        }
        let before_blank = i == 0 || lines[i - 1].1.trim().is_empty();
        if before_blank && is_full_rule(line) {
            if let Some((table, end)) = multiline(lines, i, limits)? {
                let (caption, next) = caption(lines, end, src_len);
                let last = caption.as_ref().map_or(end_of(end - 1), |(_, r)| r.end);
                out.push(Found { table, bytes: lines[i].0..last, line: i + 1, caption });
                i = next.max(end);
                continue;
            }
        } else if before_blank
            && !t.is_empty()
            && !t.starts_with(['|', '+', '#', '>', '<'])
            && let Some((table, end)) = simple(lines, i, limits)?
        {
            let (caption, next) = caption(lines, end, src_len);
            let last = caption.as_ref().map_or(end_of(end - 1), |(_, r)| r.end);
            out.push(Found { table, bytes: lines[i].0..last, line: i + 1, caption });
            i = next.max(end);
            continue;
        }
        i += 1;
    }
    Ok(out)
}

/// A rule of dashes only, at most three spaces in: the top or bottom of a
/// multiline table.
fn is_full_rule(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() <= 3 && t.trim_end().len() >= 3 && t.trim_end().bytes().all(|b| b == b'-')
}

/// The columns a rule of dash runs draws ("----- ------ ---"), as display
/// columns: where each run starts and ends. `None` unless two runs or more,
/// each of three dashes or more ("- - -" is a thematic break).
fn column_rule(line: &str) -> Option<Vec<Range<usize>>> {
    let t = line.trim_end();
    if t.trim_start().is_empty() || !t.bytes().all(|b| b == b'-' || b == b' ') {
        return None;
    }
    let mut runs = Vec::new();
    let mut start = None;
    for (i, b) in t.bytes().enumerate() {
        match (b, start) {
            (b'-', None) => start = Some(i),
            (b' ', Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(s..t.len());
    }
    (runs.len() >= 2 && runs.iter().all(|r| r.len() >= 3)).then_some(runs)
}

/// A caption under a table: after blank lines, a line starting with ":" or
/// "Table:", running to the next blank line. Returns it and the line after
/// what was read.
fn caption(lines: &[(usize, &str)], from: usize, src_len: usize) -> (Option<(String, Range<usize>)>, usize) {
    let mut i = from;
    while i < lines.len() && lines[i].1.trim().is_empty() && i < from + 2 {
        i += 1;
    }
    let Some(&(start, first)) = lines.get(i) else { return (None, from) };
    let t = first.trim_start();
    let Some(text) = t.strip_prefix(':').or_else(|| t.strip_prefix("Table:")) else { return (None, from) };
    if text.starts_with(':') {
        return (None, from);
    }
    let mut caption = text.trim().to_string();
    let mut j = i + 1;
    while j < lines.len() && !lines[j].1.trim().is_empty() {
        caption.push(' ');
        caption.push_str(lines[j].1.trim());
        j += 1;
    }
    let end = lines.get(j).map_or(src_len, |&(o, _)| o);
    (Some((caption, start..end)), j)
}

/// Cut a line into the columns `edges` draws: the text of each cell, by
/// display column. `borders` says whether the edges themselves are borders
/// to drop (`|` in a grid table) or the first display column of each cell.
fn cut(line: &str, edges: &[usize], borders: bool) -> Vec<String> {
    let cells = if borders { edges.len().saturating_sub(1) } else { edges.len() };
    let mut out = vec![String::new(); cells];
    let mut col = 0usize;
    let mut cell = 0usize;
    for c in line.chars() {
        let w = if c == '\t' { 1 } else { c.width().unwrap_or(0) };
        while cell + 1 < edges.len() && col >= edges[cell + 1] {
            cell += 1;
        }
        // Now edges[cell] <= col, or col is left of the first edge. With
        // borders, the column of an edge is the border itself.
        let inside = if borders { col > edges[cell] } else { col >= edges[cell] };
        if inside && cell < cells {
            out[cell].push(c);
        }
        col += w;
    }
    out
}

/// A cell's lines as Markdown: dedented, their ends trimmed.
fn cell_source(lines: &[String]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        let l = l.trim_end();
        out.push_str(l.get(indent.min(l.len() - l.trim_start_matches(' ').len())..).unwrap_or(""));
        out.push('\n');
    }
    out
}

/// A grid table from its block of lines (borders and content lines), or
/// `None` when they make no table.
fn grid(lines: &[(usize, &str)], limits: &Limits) -> Result<Option<Table>, ReadError> {
    let first = lines[0].1;
    let mut edges = Vec::new();
    let mut col = 0;
    for c in first.chars() {
        if c == '+' {
            edges.push(col);
        }
        col += c.width().unwrap_or(0);
    }
    if edges.len() < 2 || !super::text_table::is_grid_border(lines.last().map_or("", |l| l.1)) {
        return Ok(None);
    }
    let width = edges.len() - 1;
    limits.check_table(0, width, 0)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut pending: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut header_rows = None;
    for &(_, line) in lines {
        if super::text_table::is_grid_border(line) {
            if pending.iter().any(|c| !c.is_empty()) {
                let cells = std::mem::replace(&mut pending, vec![Vec::new(); width]);
                rows.push(row_of(cells, limits)?);
                limits.check_table(rows.len(), width, rows.len() * width)?;
            }
            if line.contains('=') && header_rows.is_none() {
                header_rows = Some(rows.len());
            }
            continue;
        }
        for (c, text) in cut(line, &edges, true).into_iter().enumerate() {
            pending[c].push(text);
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    for row in rows.iter_mut().take(header_rows.unwrap_or(0)) {
        row.header = true;
    }
    Ok(Some(Table { rows }))
}

fn row_of(cells: Vec<Vec<String>>, limits: &Limits) -> Result<Row, ReadError> {
    let mut out = Vec::with_capacity(cells.len());
    for (col, lines) in cells.into_iter().enumerate() {
        out.push(Cell::of(cell_paragraphs(&cell_source(&lines), limits)?, col, 1));
    }
    Ok(Row { cells: out, ..Default::default() })
}

/// A multiline table whose top rule is line `top`: the table and the line
/// after its bottom rule.
fn multiline(lines: &[(usize, &str)], top: usize, limits: &Limits) -> Result<Option<(Table, usize)>, ReadError> {
    let width_of = |l: &str| l.trim_end().len();
    let top_width = width_of(lines[top].1);
    // The header: a few lines, then the rule that draws the columns.
    let mut k = top + 1;
    while k < lines.len() && k <= top + MAX_HEADER_LINES && column_rule(lines[k].1).is_none() {
        if lines[k].1.trim().is_empty() || is_full_rule(lines[k].1) {
            return Ok(None);
        }
        k += 1;
    }
    let Some(runs) = lines.get(k).and_then(|l| column_rule(l.1)) else { return Ok(None) };
    if k == top + 1 || runs.last().is_some_and(|r| r.end > top_width + 2) {
        return Ok(None);
    }
    // The bottom rule: the first rule of dashes only after the header.
    let Some(bottom) = (k + 1..lines.len()).find(|&j| is_full_rule(lines[j].1)) else { return Ok(None) };
    let edges: Vec<usize> = runs.iter().map(|r| r.start).collect();
    limits.check_table(0, edges.len(), 0)?;
    let mut rows = Vec::new();
    let header: Vec<String> = lines[top + 1..k].iter().map(|l| l.1.to_string()).collect();
    rows.push(Row { header: true, ..row_lines(&header, &edges, limits)? });
    let mut group: Vec<String> = Vec::new();
    for &(_, line) in &lines[k + 1..bottom] {
        if line.trim().is_empty() {
            if !group.is_empty() {
                rows.push(row_lines(&std::mem::take(&mut group), &edges, limits)?);
                limits.check_table(rows.len(), edges.len(), rows.len() * edges.len())?;
            }
        } else {
            group.push(line.to_string());
        }
    }
    if !group.is_empty() {
        rows.push(row_lines(&group, &edges, limits)?);
    }
    if rows.len() < 2 {
        return Ok(None);
    }
    Ok(Some((Table { rows }, bottom + 1)))
}

/// A simple table whose header line is line `head`: the table and the line
/// after it.
fn simple(lines: &[(usize, &str)], head: usize, limits: &Limits) -> Result<Option<(Table, usize)>, ReadError> {
    let Some(runs) = lines.get(head + 1).and_then(|l| column_rule(l.1)) else { return Ok(None) };
    let edges: Vec<usize> = runs.iter().map(|r| r.start).collect();
    // The header's words stand over the runs: two of them at least.
    let header = cut(lines[head].1, &edges, false);
    if header.iter().filter(|h| !h.trim().is_empty()).count() < 2 {
        return Ok(None);
    }
    limits.check_table(0, edges.len(), 0)?;
    let mut rows = vec![Row { header: true, ..row_lines(&[lines[head].1.to_string()], &edges, limits)? }];
    let mut j = head + 2;
    while j < lines.len() && !lines[j].1.trim().is_empty() {
        if column_rule(lines[j].1).is_some() {
            j += 1;
            break;
        }
        rows.push(row_lines(&[lines[j].1.to_string()], &edges, limits)?);
        limits.check_table(rows.len(), edges.len(), rows.len() * edges.len())?;
        j += 1;
    }
    if rows.len() < 2 {
        return Ok(None);
    }
    Ok(Some((Table { rows }, j)))
}

/// A row from its lines, cut at the columns that start at `edges`.
fn row_lines(lines: &[String], edges: &[usize], limits: &Limits) -> Result<Row, ReadError> {
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); edges.len()];
    for line in lines {
        for (c, text) in cut(line, edges, false).into_iter().enumerate() {
            cells[c].push(text);
        }
    }
    row_of(cells, limits)
}

/// A cell's Markdown as paragraphs: its paragraphs, and each list item a
/// paragraph marked as one (a nested item at its level); a hard or soft
/// line break is `\n`, bold is kept.
pub(crate) fn cell_paragraphs(src: &str, limits: &Limits) -> Result<Vec<Paragraph>, ReadError> {
    for line in src.lines() {
        if super::markdown::line_depth(line.as_bytes(), limits.max_markdown_depth) > limits.max_markdown_depth {
            return Err(Limits::exceeded(
                "max_markdown_depth",
                "A table cell's text is nested deeper than any real plan (block quotes or lists)",
                limits.max_markdown_depth,
            ));
        }
    }
    let mut out: Vec<Paragraph> = Vec::new();
    let mut cur = Paragraph::default();
    let mut strong = 0usize;
    let mut lists: Vec<bool> = Vec::new();
    // Inside an item whose text is still being read.
    let mut item: Option<ListMark> = None;
    let flush = |cur: &mut Paragraph, out: &mut Vec<Paragraph>, list: Option<ListMark>| {
        let mut p = std::mem::take(cur);
        super::markdown::trim_para(&mut p);
        if !p.text.is_empty() {
            p.list = list;
            out.push(p);
        }
    };
    for event in Parser::new_ext(src, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => push(&mut cur, &t, strong > 0),
            Event::SoftBreak | Event::HardBreak => push(&mut cur, "\n", false),
            Event::InlineHtml(h) if h.trim().to_ascii_lowercase().starts_with("<br") => push(&mut cur, "\n", false),
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            // A loose item's next paragraph is more of the item.
            Event::Start(Tag::Paragraph) if item.is_some() && !cur.text.trim().is_empty() => {
                push(&mut cur, "\n", false)
            }
            Event::Start(Tag::Paragraph) if item.is_some() => {}
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) => flush(&mut cur, &mut out, None),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) if item.is_none() => {
                flush(&mut cur, &mut out, None)
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut cur, &mut out, item.take());
                lists.push(start.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut cur, &mut out, item.take());
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut cur, &mut out, item.take());
                let level = u8::try_from(lists.len().saturating_sub(1)).unwrap_or(u8::MAX).min(8);
                item = Some(ListMark { level, ordered: lists.last().copied().unwrap_or(false) });
            }
            Event::End(TagEnd::Item) => flush(&mut cur, &mut out, item.take()),
            _ => {}
        }
    }
    flush(&mut cur, &mut out, item.take());
    // A cell that Markdown reads as nothing still shows what it holds: a
    // lone "-" (an empty-cell mark) is an empty list item to a parser.
    if out.is_empty() && !src.trim().is_empty() {
        out.push(Paragraph::plain(crate::types::model::collapse_ws(src)));
    }
    Ok(out)
}

fn push(p: &mut Paragraph, s: &str, bold: bool) {
    let start = p.text.len();
    p.text.extend(s.chars().filter(|&c| c != '\u{ad}'));
    if bold && p.text.len() > start {
        match p.bold.last_mut() {
            Some(r) if r.end == start => r.end = p.text.len(),
            _ => p.bold.push(start..p.text.len()),
        }
    }
}

/// The span of a table found at `bytes`, from line `line`.
pub(crate) fn span(found: &Found) -> SourceSpan {
    SourceSpan { line: Some(found.line), bytes: Some(found.bytes.clone()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(src: &str) -> Vec<Found> {
        let lines: Vec<(usize, &str)> = super::super::markdown::lines(src, false).collect();
        find(&lines, src.len(), &Limits::default()).unwrap()
    }

    fn grid_of(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| {
                        c.paragraphs()
                            .iter()
                            .map(|p| match p.list {
                                Some(m) => format!("[{}]{}", m.level, p.text),
                                None => p.text.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join("¶")
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_grid_table_with_a_list_and_paragraphs_in_its_cells() {
        let src = "Intro\n\n+----------+---------+\n| Provision| Who     |\n+==========+=========+\n\
                   | Physio:  | TA      |\n|          |         |\n| -   one  |         |\n| -   two  |         |\n\
                   |     more |         |\n+----------+---------+\n| Desk\\'s  | \\--     |\n|          |         |\n\
                   | Note     |         |\n+----------+---------+\n\nAfter\n";
        let found = tables(src);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert!(t.rows[0].header && !t.rows[1].header);
        assert_eq!(
            grid_of(t),
            vec![vec!["Provision", "Who"], vec!["Physio:¶[0]one¶[0]two\nmore", "TA"], vec!["Desk's¶Note", "--"],]
        );
        assert_eq!(&src[found[0].bytes.clone()].lines().next().unwrap()[..3], "+--");
        assert!(src[found[0].bytes.clone()].ends_with("+\n"));
    }

    #[test]
    fn a_multiline_table_with_its_caption() {
        let src = "Text\n\n  -------------------------------\n  What          How often\n  ------------- -----------------\n  \
                   Speech        Weekly, 30\n  therapy       minutes\n\n  A quiet room  At break\n  \
                   -------------------------------\n\n  : Table 2B.1 -- provision\n\nNext\n";
        let found = tables(src);
        assert_eq!(found.len(), 1);
        assert_eq!(
            grid_of(&found[0].table),
            vec![
                vec!["What", "How often"],
                vec!["Speech\ntherapy", "Weekly, 30\nminutes"],
                vec!["A quiet room", "At break"]
            ]
        );
        assert_eq!(found[0].caption.as_ref().unwrap().0, "Table 2B.1 -- provision");
        assert!(src[found[0].bytes.clone()].trim_end().ends_with("provision"));
    }

    #[test]
    fn a_simple_table_and_what_is_not_a_table() {
        let found = tables("\nWhat     Who\n-------  -----\nSaLT     Therapist\nOT       OT\n\nAfter\n");
        assert_eq!(grid_of(&found[0].table), vec![vec!["What", "Who"], vec!["SaLT", "Therapist"], vec!["OT", "OT"]]);
        for not in [
            "Heading\n-------\n\ntext\n",
            "---\n\ntext\n",
            "text\n\n---\nA paragraph\n\n---\n",
            "```\n+---+\n| a |\n+---+\n```\n",
            "+---+\n| a |\n",
            "One line\n--- ---\n\n",
        ] {
            assert!(tables(not).is_empty(), "{not:?}");
        }
    }

    #[test]
    fn hostile_shapes_cost_one_pass() {
        let many_rules = "---------\n\n".repeat(20_000);
        assert!(tables(&many_rules).is_empty());
        let borders = "+---+---+\n".repeat(20_000);
        assert!(tables(&borders).is_empty());
        let border = format!("+{}+", "-".repeat(5_002));
        let deep = format!("{border}\n| {} |\n{border}\n", ">".repeat(5_000));
        let lines: Vec<(usize, &str)> = super::super::markdown::lines(&deep, false).collect();
        assert!(find(&lines, deep.len(), &Limits::default()).is_err());
    }
}
