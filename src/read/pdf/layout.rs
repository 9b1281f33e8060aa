//! An untagged PDF, rebuilt from where its words stand and the lines drawn
//! on its pages.
//!
//! - Words: characters drawn one after another on one baseline with no gap,
//!   never across a drawn vertical line.
//! - Tables: the drawn rules that meet form a grid; each grid square is a
//!   cell, and squares with no rule between them are one merged cell (wide:
//!   it spans grid columns; tall: it is carried down into the rows below,
//!   as a vertically merged Word cell is). A word belongs to the cell its
//!   middle stands in, so no word is ever split at a column edge.
//! - Tables with no rules: a line whose cells (words set a wide gap apart)
//!   name two or more columns of a table of provision is a header row; its
//!   cells' starts are the columns, and the lines below whose words stand
//!   in them are the table, up to a heading, a line opening a section, a
//!   line that does not fit or a wide gap. In each column, lines at the
//!   spacing of a cell's lines are one cell; cells whose heights overlap are
//!   one row, so cells centred beside a taller one join its row.
//! - Text outside tables: lines by baseline, paragraphs where the spacing
//!   widens, the font changes, a line starts with a list marker (not a dash
//!   the line above ran on into), or the line before ended short of the
//!   margin; headings from a font larger than the body text's (never a
//!   bulleted line). A bold list label drawn against its text ("2B.1Speech")
//!   is a word of its own.
//! - Page furniture: a line near the top or bottom edge that recurs on other
//!   pages (digits aside) or reads "Page 3 of 9" is dropped.
//! - A table that ends a page and one that starts the next with the same
//!   columns are one table, unless the second's first row is the first's
//!   title numbered on ("Provision 5: …", "Provision 6: …"); a header row
//!   repeated at the top of the second is dropped.
//! - What cannot be rebuilt with confidence (text set out in columns with no
//!   rules and no header row naming them, a grid whose merged cells are not rectangles, more rules than a
//!   plan draws) is reported through [`Layout::uncertain`], for the
//!   `layout_uncertain` notice.

use super::content::{Glyph, Rule};
use super::tagged::strip_front;
use super::text::{SPACE_GAP, TextBuilder, glued};
use crate::lexicon::columns::column_role;
use crate::types::error::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{
    Block, BlockKind, Cell, CellContent, CellPart, ListMark, Paragraph, Row, SourceSpan, Table, collapse_ws,
    typed_list_marker,
};
use crate::types::provision::Role;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub(super) struct PageIn<'a> {
    pub glyphs: &'a [Glyph],
    pub rules: &'a [Rule],
    /// The page's box: left, bottom, right, top.
    pub bbox: [f32; 4],
}

pub(super) struct Layout {
    pub blocks: Vec<Block>,
    /// Pages (1-based) whose layout could not be rebuilt with confidence,
    /// and why.
    pub uncertain: Vec<(usize, &'static str)>,
}

/// The most rules on one page that are looked at for tables.
const MAX_RULES: usize = 4_000;
/// The most grid squares in one table.
const MAX_GRID: usize = 100_000;

#[derive(Debug, Clone)]
struct Word {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    bold: bool,
    /// A space was drawn after the word.
    space_after: bool,
}

#[derive(Debug, Clone)]
struct Line {
    /// The page (0-based) the line is on.
    page: usize,
    words: Vec<Word>,
    y: f32,
    x0: f32,
    x1: f32,
    size: f32,
    bold: bool,
}

impl Line {
    fn new(page: usize, words: Vec<Word>) -> Line {
        let y = words.iter().map(|w| w.y).sum::<f32>() / words.len().max(1) as f32;
        let x0 = words.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
        let x1 = words.iter().map(|w| w.x1).fold(f32::MIN, f32::max);
        // The size of most of the line's letters.
        let mut sizes: Vec<(f32, usize)> = Vec::new();
        for w in &words {
            let n = w.text.chars().count();
            match sizes.iter_mut().find(|(s, _)| (s - w.size).abs() < 0.3) {
                Some(e) => e.1 += n,
                None => sizes.push((w.size, n)),
            }
        }
        let size = sizes.iter().max_by_key(|e| e.1).map_or(10.0, |e| e.0);
        let bold = words.iter().all(|w| w.bold);
        Line { page, words, y, x0, x1, size, bold }
    }

    fn top(&self) -> f32 {
        self.y + self.size * 0.8
    }

    /// The line's text: words joined by a space, or by a tab where the gap is
    /// wider than a letter (after a bullet or a number).
    fn text(&self) -> String {
        let mut s = String::new();
        let mut prev: Option<&Word> = None;
        for w in &self.words {
            if let Some(p) = prev {
                s.push(if w.x0 - p.x1 > self.size.max(1.0) { '\t' } else { ' ' });
            }
            s.push_str(&w.text);
            prev = Some(w);
        }
        s
    }

    /// Add the line to a paragraph, after `prev`; `edge` is where the text
    /// of the cell it is in must end (no cell: infinity).
    fn paragraph(&self, tb: &mut TextBuilder, prev: Option<&Line>, edge: f32) {
        let mut sep = match (prev, self.words.first()) {
            (Some(p), Some(next)) if glued(tb.spaced_wraps, p.broken_word(next, edge), p.last_text()) => "",
            _ => " ",
        };
        let mut before: Option<&Word> = None;
        for w in &self.words {
            if let Some(p) = before {
                sep = if w.x0 - p.x1 > self.size.max(1.0) { "\t" } else { " " };
            }
            tb.push_word(&w.text, w.bold, sep);
            before = Some(w);
        }
    }

    fn last_text(&self) -> &str {
        self.words.last().map_or("", |w| if w.space_after { " " } else { w.text.as_str() })
    }

    /// The line is one word cut at the cell's edge, going on with `next`: no
    /// space was drawn after it though one would have fitted (a line broken
    /// at a space has its space drawn when it fits), it reaches so near
    /// `edge` that the next letter would not have fitted, and `next` does
    /// not start a new word with a capital. A word that ends too near the
    /// edge for a space is taken for a whole word ("Mentoring" / "with"),
    /// unless the next line starts with closing punctuation: the writer
    /// draws no space there either way, and a word cut there ("Throug" /
    /// "hout") keeps a space.
    fn broken_word(&self, next: &Word, edge: f32) -> bool {
        let Some(w) = self.words.last() else { return false };
        if self.words.len() != 1 || w.space_after {
            return false;
        }
        let letters = next.text.chars().count().max(1) as f32;
        // A letter at least half the size wide: the narrow ones ("t", ":")
        // bring the mean down.
        let first = ((next.x1 - next.x0) / letters).max(0.5 * self.size);
        let space = 0.28 * self.size;
        let capital = next.text.starts_with(char::is_uppercase) && w.text.ends_with(char::is_lowercase);
        // A line never starts with closing punctuation after a break at a
        // space.
        let closing = next.text.starts_with([',', '.', ';', ':', ')', '!', '?']);
        !capital && w.x1 + first > edge - 0.5 && (closing || w.x1 + space <= edge + 0.5)
    }

    fn marker(&self) -> Option<(ListMark, usize)> {
        marker(&self.text())
    }
}

/// A list marker at the start of `text`: typed ("1." / "•" and a space or
/// tab), a symbol-font bullet, or a number drawn against its text with no
/// gap ("10.Drawing": a two-digit number fills the indent).
pub(super) fn marker(text: &str) -> Option<(ListMark, usize)> {
    if let Some(m) = typed_list_marker(text) {
        return Some(m);
    }
    if let Some(n) = symbol_marker(text) {
        return Some((ListMark { level: 0, ordered: false }, n));
    }
    if let Some(n) = changed_number(text) {
        return Some((ListMark { level: 0, ordered: true }, n));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    if (1..=2).contains(&digits)
        && rest.starts_with(['.', ')'])
        && rest[1..].starts_with(|c: char| c.is_uppercase())
        && rest[1..].split_whitespace().count() >= 2
    {
        return Some((ListMark { level: 0, ordered: true }, digits + 1));
    }
    None
}

/// A list number changed by a tracked change, as a word processor draws it
/// with the changes shown: the old number, then the new one in brackets
/// ("7.[8.] Text"), or the new one alone ("[7.] Text", an item inserted).
/// Its byte length with the white space after it.
fn changed_number(text: &str) -> Option<usize> {
    let number = |s: &str| {
        let d = s.bytes().take_while(u8::is_ascii_digit).count();
        ((1..=3).contains(&d) && s[d..].starts_with(['.', ')'])).then_some(d + 1)
    };
    let old = number(text).unwrap_or(0);
    let rest = text[old..].strip_prefix('[')?;
    let new = number(rest)?;
    let rest = rest[new..].strip_prefix(']')?;
    let gap = rest.len() - rest.trim_start().len();
    (gap > 0 && !rest.trim().is_empty()).then_some(text.len() - rest.len() + gap)
}

/// A bullet from a symbol font (U+F0B7 and the like), with or without a
/// space after it: its byte length with the space.
fn symbol_marker(text: &str) -> Option<usize> {
    let c = text.chars().next()?;
    if matches!(c, '\u{f000}'..='\u{f0ff}' | '•' | '●' | '▪' | '■' | '◦' | '○' | '➢' | '✓') {
        let rest = &text[c.len_utf8()..];
        let gap = rest.len() - rest.trim_start().len();
        (!rest.trim().is_empty()).then_some(c.len_utf8() + gap)
    } else {
        None
    }
}

/// Words from characters in drawing order; a vertical rule between two
/// characters ends a word.
fn words(glyphs: &[Glyph], rules: &[Rule]) -> Vec<Word> {
    let verticals: Vec<&Rule> = rules.iter().filter(|r| !r.horizontal).take(MAX_RULES).collect();
    let mut out: Vec<Word> = Vec::new();
    let mut cur: Option<(Word, usize)> = None;
    let flush = |cur: &mut Option<(Word, usize)>, out: &mut Vec<Word>| {
        if let Some((mut w, bold_count)) = cur.take() {
            w.bold = bold_count == w.text.chars().count();
            out.push(w);
        }
    };
    for g in glyphs {
        if g.artifact || g.ch == '\u{AD}' {
            continue;
        }
        if g.ch.is_whitespace() || g.ch.is_control() {
            flush(&mut cur, &mut out);
            if let Some(w) = out.last_mut() {
                w.space_after = true;
            }
            continue;
        }
        if let Some((w, bold)) = cur.as_mut() {
            let s = w.size.max(g.size).max(1.0);
            let gap = g.x - w.x1;
            let same_line = (g.y - w.y).abs() <= 0.3 * s;
            let ruled =
                verticals.iter().any(|r| r.at > w.x1 - 0.5 && r.at < g.x + g.w * 0.5 && r.a <= g.y && r.b >= g.y);
            // A bold list label ("2B.1", "3.") drawn against its text with
            // the tab between them shrunk to nothing: two words, as the
            // word processor's tab made them.
            let label =
                *bold == w.text.chars().count() && !g.bold && g.ch.is_alphabetic() && super::tagged::is_label(&w.text);
            if same_line && gap > -0.3 * s && gap <= SPACE_GAP * s && !ruled && !label {
                w.text.push(g.ch);
                w.x1 = w.x1.max(g.x + g.w);
                w.size = w.size.max(g.size);
                *bold += usize::from(g.bold);
                continue;
            }
        }
        flush(&mut cur, &mut out);
        cur = Some((
            Word {
                x0: g.x,
                x1: g.x + g.w,
                y: g.y,
                size: g.size,
                text: g.ch.to_string(),
                bold: false,
                space_after: false,
            },
            usize::from(g.bold),
        ));
    }
    flush(&mut cur, &mut out);
    out
}

/// Words into lines, top to bottom, each line's words left to right.
fn lines(page: usize, mut words: Vec<Word>) -> Vec<Line> {
    crate::sort::sort_by(&mut words, |a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Vec<Word>> = Vec::new();
    let mut base = f32::NAN;
    for w in words {
        let tol = 0.35 * w.size.max(1.0);
        match out.last_mut() {
            Some(l) if (base - w.y).abs() <= tol => l.push(w),
            _ => {
                base = w.y;
                out.push(vec![w]);
            }
        }
    }
    out.into_iter()
        .map(|mut ws| {
            crate::sort::sort_by(&mut ws, |a, b| a.x0.total_cmp(&b.x0));
            Line::new(page, ws)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Grids.

#[derive(Debug, Clone)]
struct Grid {
    /// Column edges, left to right.
    xs: Vec<f32>,
    /// Row edges, top to bottom (y falls).
    ys: Vec<f32>,
    /// Cells as grid rectangles: rows r0..=r1, columns c0..=c1.
    cells: Vec<[usize; 4]>,
    /// Which cell each grid square belongs to.
    owner: Vec<usize>,
    /// Cells with no rule on the table's outer side: gaps, when empty.
    open: Vec<bool>,
}

impl Grid {
    fn contains(&self, x: f32, y: f32) -> bool {
        let tol = 1.0;
        x >= self.xs[0] - tol
            && x <= self.xs[self.xs.len() - 1] + tol
            && y <= self.ys[0] + tol
            && y >= self.ys[self.ys.len() - 1] - tol
    }

    fn square(&self, x: f32, y: f32) -> (usize, usize) {
        let c = self.xs.windows(2).position(|w| x < w[1]).unwrap_or(self.xs.len() - 2);
        let r = self.ys.windows(2).position(|w| y > w[1]).unwrap_or(self.ys.len() - 2);
        (r, c)
    }

    fn top(&self) -> f32 {
        self.ys[0]
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Rules along one axis merged: the same line drawn in pieces is one.
fn merge_rules(mut rules: Vec<Rule>) -> Vec<Rule> {
    crate::sort::sort_by(&mut rules, |a, b| a.at.total_cmp(&b.at).then(a.a.total_cmp(&b.a)));
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        if let Some(last) = out.iter_mut().rev().take(8).find(|l| (l.at - r.at).abs() <= 1.0 && r.a <= l.b + 2.0) {
            last.b = last.b.max(r.b);
            last.a = last.a.min(r.a);
            continue;
        }
        out.push(r);
    }
    out
}

fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    crate::sort::sort_by(&mut v, f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((c, n)) if x - *c / *n as f32 <= tol => {
                *c += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f32).collect()
}

/// The tables drawn on a page; `false` with them when the rules could not
/// all be made into grids with confidence.
fn grids(rules: &[Rule]) -> (Vec<Grid>, bool) {
    let h = merge_rules(rules.iter().filter(|r| r.horizontal).copied().collect());
    let v = merge_rules(rules.iter().filter(|r| !r.horizontal).copied().collect());
    if h.len() + v.len() > MAX_RULES {
        return (Vec::new(), false);
    }
    let tol = 2.0;
    let mut uf = UnionFind::new(h.len() + v.len());
    for (i, hr) in h.iter().enumerate() {
        for (j, vr) in v.iter().enumerate() {
            if vr.at >= hr.a - tol && vr.at <= hr.b + tol && hr.at >= vr.a - tol && hr.at <= vr.b + tol {
                uf.union(i, h.len() + j);
            }
        }
    }
    let mut comps: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for i in 0..h.len() {
        comps.entry(uf.find(i)).or_default().0.push(i);
    }
    for j in 0..v.len() {
        comps.entry(uf.find(h.len() + j)).or_default().1.push(j);
    }
    let mut keys: Vec<usize> = comps.keys().copied().collect();
    crate::sort::sort(&mut keys);
    let mut out = Vec::new();
    let mut sure = true;
    for k in keys {
        let (hs, vs) = &comps[&k];
        if hs.len() < 2 || vs.len() < 2 {
            continue;
        }
        let xs = cluster(vs.iter().map(|&j| v[j].at).collect(), 2.5);
        let mut ys = cluster(hs.iter().map(|&i| h[i].at).collect(), 2.5);
        ys.reverse();
        if xs.len() < 2 || ys.len() < 2 || xs[xs.len() - 1] - xs[0] < 10.0 || ys[0] - ys[ys.len() - 1] < 5.0 {
            continue;
        }
        let (rows, cols) = (ys.len() - 1, xs.len() - 1);
        if rows * cols > MAX_GRID {
            sure = false;
            continue;
        }
        let has_v = |x: f32, lo: f32, hi: f32| {
            let (m0, m1) = (lo + 0.25 * (hi - lo), hi - 0.25 * (hi - lo));
            vs.iter().any(|&j| (v[j].at - x).abs() <= 2.5 && v[j].a <= m0 && v[j].b >= m1)
        };
        let has_h = |y: f32, lo: f32, hi: f32| {
            let (m0, m1) = (lo + 0.25 * (hi - lo), hi - 0.25 * (hi - lo));
            hs.iter().any(|&i| (h[i].at - y).abs() <= 2.5 && h[i].a <= m0 && h[i].b >= m1)
        };
        let mut cells = UnionFind::new(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                if c + 1 < cols && !has_v(xs[c + 1], ys[r + 1], ys[r]) {
                    cells.union(r * cols + c, r * cols + c + 1);
                }
                if r + 1 < rows && !has_h(ys[r + 1], xs[c], xs[c + 1]) {
                    cells.union(r * cols + c, (r + 1) * cols + c);
                }
            }
        }
        let mut boxes: Vec<[usize; 4]> = Vec::new();
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut count: Vec<usize> = Vec::new();
        let mut owner = vec![0; rows * cols];
        for r in 0..rows {
            for c in 0..cols {
                let root = cells.find(r * cols + c);
                let b = *index.entry(root).or_insert_with(|| {
                    boxes.push([r, r, c, c]);
                    count.push(0);
                    boxes.len() - 1
                });
                let bx = &mut boxes[b];
                bx[1] = bx[1].max(r);
                bx[2] = bx[2].min(c);
                bx[3] = bx[3].max(c);
                count[b] += 1;
                owner[r * cols + c] = b;
            }
        }
        for (b, n) in boxes.iter().zip(&count) {
            if (b[1] - b[0] + 1) * (b[3] - b[2] + 1) != *n {
                sure = false;
            }
        }
        // A square at the table's side with no rule on that side is no
        // cell: the gap before or after a row's cells (Word's gridBefore).
        let open = boxes
            .iter()
            .map(|b| {
                let (top, bottom) = (ys[b[0]], ys[b[1] + 1]);
                (b[2] == 0 && !has_v(xs[0], bottom, top)) || (b[3] + 1 == cols && !has_v(xs[cols], bottom, top))
            })
            .collect();
        out.push(Grid { xs, ys, cells: boxes, owner, open });
    }
    // A box round the whole page (or round another table) is a border, not
    // a table of one cell.
    let inside = |a: &Grid, b: &Grid| {
        b.xs[0] >= a.xs[0] - 1.0
            && b.xs[b.xs.len() - 1] <= a.xs[a.xs.len() - 1] + 1.0
            && b.ys[0] <= a.ys[0] + 1.0
            && b.ys[b.ys.len() - 1] >= a.ys[a.ys.len() - 1] - 1.0
    };
    let frames: Vec<bool> = out
        .iter()
        .enumerate()
        .map(|(i, g)| g.cells.len() == 1 && out.iter().enumerate().any(|(j, o)| j != i && inside(g, o)))
        .collect();
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !frames[i - 1]
    });
    crate::sort::sort_by(&mut out, |a, b| b.top().total_cmp(&a.top()));
    (out, sure)
}

// ---------------------------------------------------------------------------
// Pages into items, then blocks.

enum Item {
    Line(Line),
    Table(PageTable),
}

/// A table on one page: its grid, and its rows of cells, each cell's
/// content its lines (shared by the rows a merged cell covers).
struct PageTable {
    xs: Vec<f32>,
    top: f32,
    /// Cell contents, as lines, and each cell's right edge.
    contents: Vec<Vec<Line>>,
    edges: Vec<f32>,
    /// Rows: (content index, first column, columns spanned, carried down).
    rows: Vec<Vec<(usize, usize, usize, bool)>>,
    /// How many rows at the top are the header (a table without rules is
    /// found by its header row; a ruled table marks none).
    header_rows: usize,
}

/// The most rows a header repeated on each page of a table is taken to have.
const MAX_HEADER_ROWS: usize = 3;

impl PageTable {
    fn new(page: usize, grid: Grid, words: Vec<Vec<Word>>) -> PageTable {
        let contents: Vec<Vec<Line>> = words.into_iter().map(|w| lines(page, w)).collect();
        // Where each cell's text must end: its right rule less the padding
        // its text keeps from its left rule.
        let edges = grid
            .cells
            .iter()
            .zip(&contents)
            .map(|(b, lines): (&[usize; 4], &Vec<Line>)| {
                let left = grid.xs[b[2]];
                let pad = lines.iter().map(|l| l.x0 - left).fold(f32::MAX, f32::min);
                let pad = if pad.is_finite() { pad.clamp(0.5, 12.0) } else { 5.4 };
                grid.xs[b[3] + 1] - pad
            })
            .collect();
        let rows = (0..grid.ys.len() - 1)
            .map(|r| {
                let mut here: Vec<(usize, usize, usize, bool)> = grid
                    .cells
                    .iter()
                    .enumerate()
                    .filter(|(i, b)| b[0] <= r && b[1] >= r && !(grid.open[*i] && contents[*i].is_empty()))
                    .map(|(i, b)| (i, b[2], b[3] - b[2] + 1, b[0] < r))
                    .collect();
                here.sort_unstable_by_key(|c| c.1);
                here
            })
            .collect();
        PageTable { xs: grid.xs, top: grid.ys[0], contents, edges, rows, header_rows: 0 }
    }

    fn row_text(&self, r: usize) -> Vec<String> {
        self.rows[r]
            .iter()
            .map(|&(i, ..)| collapse_ws(&self.contents[i].iter().map(Line::text).collect::<Vec<_>>().join(" ")))
            .collect()
    }

    /// Whether `next` is a table of its own made to the same design: its
    /// first row reads as this table's first row with the numbers changed
    /// ("Provision 5: Playtime", then "Provision 6: ELSA" at the top of the
    /// next page). A table continued on the next page goes on with its
    /// rows, or repeats its header as it was.
    fn numbered_on(&self, next: &PageTable) -> bool {
        if self.rows.is_empty() || next.rows.is_empty() {
            return false;
        }
        let (a, b) = (self.row_text(0), next.row_text(0));
        let numbered = |cells: &[String]| cells.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()));
        let shape = |cells: &[String]| -> Vec<String> {
            cells.iter().map(|t| furniture_key(t).split('#').next().unwrap_or("").to_string()).collect()
        };
        let title = shape(&a);
        // A title: no row under it reads like it (rows numbered one after
        // another, "Outcome 1: …", "Outcome 2: …", are the table's rows).
        let alone = (1..self.rows.len()).all(|r| shape(&self.row_text(r)) != title);
        a != b
            && numbered(&a)
            && numbered(&b)
            && shape(&b) == title
            && title.iter().any(|t| t.trim().len() >= 3)
            && alone
    }

    /// Join `next` (the same table, continued on the next page) onto this.
    fn join(&mut self, mut next: PageTable, spaced: bool) {
        // Header rows repeated at the top of the page (one, or two when the
        // header has merged cells over sub-headings).
        let mut repeated = 0;
        while repeated < MAX_HEADER_ROWS
            && repeated < next.rows.len()
            && repeated < self.rows.len()
            && next.row_text(repeated) == self.row_text(repeated)
            && next.row_text(repeated).iter().any(|t| !t.is_empty())
        {
            repeated += 1;
        }
        next.rows.drain(..repeated);
        let offset = self.contents.len();
        let mut remap: Vec<Option<usize>> = vec![None; next.contents.len()];
        // A row broken by the page: its first part ends this page, the rest
        // starts the next.
        if let (Some(last), Some(first)) = (self.rows.last(), next.rows.first())
            && split_row(self, last, &next, first, spaced)
        {
            let pairs: Vec<(usize, usize)> = last.iter().zip(first).map(|(a, b)| (a.0, b.0)).collect();
            for (a, b) in pairs {
                let lines = std::mem::take(&mut next.contents[b]);
                self.contents[a].extend(lines);
                remap[b] = Some(a);
            }
            next.rows.remove(0);
        }
        self.contents.extend(next.contents);
        self.edges.extend(next.edges);
        for row in next.rows {
            self.rows.push(
                row.into_iter()
                    .map(|(i, c, s, m)| (remap[i].unwrap_or(i + offset), c, s, m || remap[i].is_some()))
                    .collect(),
            );
        }
    }
}

/// Whether the first row of a table's continuation is the rest of the last
/// row before the page break: the same cells, none starting on the new page
/// that was empty before it, and some cell going on mid-sentence (a small
/// letter, a digit or punctuation first, or a word broken at the edge).
fn split_row(
    t: &PageTable,
    last: &[(usize, usize, usize, bool)],
    n: &PageTable,
    first: &[(usize, usize, usize, bool)],
    spaced: bool,
) -> bool {
    if last.len() != first.len() || last.iter().zip(first).any(|(a, b)| a.1 != b.1 || a.2 != b.2) {
        return false;
    }
    let mut goes_on = false;
    for (a, b) in last.iter().zip(first) {
        if b.3 {
            continue;
        }
        let before = &t.contents[a.0];
        let after = &n.contents[b.0];
        let Some(next_word) = after.first().and_then(|l| l.words.first()) else { continue };
        let Some(prev_word) = before.last().and_then(|l| l.words.last()) else {
            // Text starting in a cell that was empty: a new row.
            return false;
        };
        let c = next_word.text.chars().next().unwrap_or(' ');
        let ended = prev_word.text.ends_with(['.', '!', '?', ':', ';']);
        if c.is_uppercase() && ended {
            return false;
        }
        // A word broken at the cell's edge goes on in letters: a dash (the
        // mark of an empty cell) at the top of the page starts a row.
        let broken = c.is_alphanumeric() && before.last().is_some_and(|l| l.broken_word(next_word, t.edges[a.0]));
        if c.is_lowercase() || c.is_ascii_punctuation() || glued(spaced, broken, &prev_word.text) {
            goes_on = true;
        }
    }
    goes_on
}

// ---------------------------------------------------------------------------
// Tables drawn without rules.

/// Words on a line further apart than this share of the font size stand in
/// different cells.
const CELL_GAP: f32 = 1.5;
/// How far (in font sizes) a word may start left of its column's start, or
/// end past the next column's: a page shifts text by a point or so.
const COLUMN_TOLERANCE: f32 = 0.3;
/// Lines of a table further apart than this (in font sizes) are not one
/// table: a blank line or more stands between them.
const WIDE_GAP: f32 = 2.5;
/// The most columns a table of provision is taken to have.
const MAX_BORDERLESS_COLUMNS: usize = 12;
/// The most words in one header cell.
const MAX_HEADER_WORDS: usize = 8;

/// The groups of words on a line set apart by a cell's width of gap: where
/// each starts, and its text.
fn cell_groups(l: &Line) -> Vec<(f32, String)> {
    let gap = CELL_GAP * l.size.max(1.0);
    let mut out: Vec<(f32, String)> = Vec::new();
    let mut prev_end = f32::MIN;
    for w in &l.words {
        match out.last_mut() {
            Some(g) if w.x0 - prev_end <= gap => {
                g.1.push(' ');
                g.1.push_str(&w.text);
            }
            _ => out.push((w.x0, w.text.clone())),
        }
        prev_end = w.x1;
    }
    out
}

/// Where the columns start, when `l` is the header row of a table: cells
/// of a few words each, two or more of them naming a column of a table of
/// provision ("What", "How much", "Darpariaeth", "Staff a hyfforddiant").
fn header_columns(l: &Line) -> Option<Vec<f32>> {
    let groups = cell_groups(l);
    if !(2..=MAX_BORDERLESS_COLUMNS).contains(&groups.len())
        || groups.iter().any(|g| g.1.split_whitespace().count() > MAX_HEADER_WORDS)
    {
        return None;
    }
    let named = groups.iter().filter(|g| column_role(&g.1) != Role::Other).count();
    (named >= 2).then(|| groups.iter().map(|g| g.0).collect())
}

/// The column a word starting at `x` stands in: the last whose start it
/// reaches.
fn column_at(starts: &[f32], x: f32, tol: f32) -> usize {
    starts.iter().rposition(|s| *s <= x + tol).unwrap_or(0)
}

/// Whether every word of `l` stands inside one column: none starts left of
/// the first, and none runs on past the start of the next (a line of prose
/// across the page crosses a column's start in the middle of a word).
fn in_columns(l: &Line, starts: &[f32]) -> bool {
    let tol = COLUMN_TOLERANCE * l.size.max(1.0);
    l.x0 >= starts[0] - tol
        && l.words.iter().all(|w| {
            let c = column_at(starts, w.x0, tol);
            starts.get(c + 1).is_none_or(|next| w.x1 <= next + tol)
        })
}

/// The spacing of the lines inside one cell: the smallest distance between
/// lines of one column seen twice or more, among the distances a paragraph's
/// lines stand apart (the distance between rows is that and the cells'
/// padding). With none seen twice, the smallest seen, if close enough to be
/// a line's spacing; with none at all, no cell has two lines.
fn cell_pitch(distances: &[f32], size: f32) -> Option<f32> {
    let mut d: Vec<f32> = distances.iter().copied().filter(|d| *d >= 0.9 * size && *d <= 1.45 * size).collect();
    crate::sort::sort_by(&mut d, f32::total_cmp);
    let near = 0.05 * size;
    let common = d.iter().copied().find(|x| d.iter().filter(|y| (*y - x).abs() <= near).count() >= 2);
    common.or_else(|| d.first().copied().filter(|x| *x <= 1.3 * size))
}

/// Cell blocks into rows: a row is the blocks whose vertical extents
/// (top, bottom; y rising up the page) overlap, directly or through another
/// block, so cells centred beside a taller cell join its row. The row of
/// each block, numbered from the top.
fn sweep_rows(blocks: &[(f32, f32)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| blocks[b].0.total_cmp(&blocks[a].0));
    let mut row_of = vec![0; blocks.len()];
    let mut row = 0;
    let mut bottom = f32::MAX;
    for (k, &i) in order.iter().enumerate() {
        let (top, low) = blocks[i];
        if k > 0 && top <= bottom {
            row += 1;
            bottom = low;
        } else {
            bottom = bottom.min(low);
        }
        row_of[i] = row;
    }
    row_of
}

/// The tables set out without rules among a page's lines (top to bottom),
/// and the lines left: a header row naming the columns, then the lines
/// below whose words stand in those columns, up to a heading, a line that
/// opens a section, a line that does not fit the columns, or a wide gap.
/// Each table comes with the range of `lines` it was made from.
fn borderless_tables(page: usize, lines: &[Line], right: f32) -> (Vec<Line>, Vec<(Range<usize>, PageTable)>) {
    let mut rest: Vec<Line> = Vec::with_capacity(lines.len());
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(mut starts) = header_columns(&lines[i]) else {
            rest.push(lines[i].clone());
            i += 1;
            continue;
        };
        let head = &lines[i];
        let size = head.size.max(1.0);
        // A header cell wrapped onto two lines: the bold lines next to the
        // header line stand in its row, and may start a column of their own.
        let mut first = i;
        while head.bold
            && let Some(prev) = first.checked_sub(1).map(|k| &lines[k])
            && prev.bold
            && i - first < MAX_HEADER_ROWS
            && prev.y - lines[first].y <= 1.45 * size
            && prev.x0 >= starts[0] - COLUMN_TOLERANCE * size
            && rest.last().is_some_and(|r| r.y == prev.y)
        {
            rest.pop();
            first -= 1;
        }
        let mut end = i + 1;
        while end < lines.len()
            && head.bold
            && lines[end].bold
            && lines[end - 1].y - lines[end].y <= 1.45 * size
            && end - i <= MAX_HEADER_ROWS
        {
            end += 1;
        }
        for l in lines[first..end].iter() {
            for (x, _) in cell_groups(l) {
                if x >= starts[0] - COLUMN_TOLERANCE * size
                    && !starts.iter().any(|s| (s - x).abs() <= COLUMN_TOLERANCE * size)
                {
                    starts.push(x);
                }
            }
        }
        crate::sort::sort_by(&mut starts, f32::total_cmp);
        starts.truncate(MAX_BORDERLESS_COLUMNS);
        let header_end = end;
        while end < lines.len() {
            let (prev, l) = (&lines[end - 1], &lines[end]);
            if prev.y - l.y > WIDE_GAP * size.max(l.size)
                || l.size > size + 1.0
                || !in_columns(l, &starts)
                || super::super::text::opens_section(&l.text())
            {
                break;
            }
            end += 1;
        }
        let header_lines = lines[first..header_end].iter().all(|l| in_columns(l, &starts));
        if end == header_end || !header_lines {
            // A header with nothing under it, or one whose own words do not
            // fit its columns: not a table.
            rest.extend(lines[first..i + 1].iter().cloned());
            i += 1;
            continue;
        }
        match PageTable::borderless(page, &lines[first..end], &starts, right) {
            Some(table) => {
                tables.push((first..end, table));
                i = end;
            }
            None => {
                // Rows that could not be told apart: left as lines, so the
                // page is reported uncertain rather than read wrongly.
                rest.extend(lines[first..i + 1].iter().cloned());
                i += 1;
            }
        }
    }
    (rest, tables)
}

impl PageTable {
    /// A table set out without rules: `lines` from its header row down,
    /// every word in one of the columns starting at `starts`.
    ///
    /// `None` when its rows cannot be told apart with confidence: when the
    /// lines of a row are as close as the rows (no padding between them),
    /// each line comes out a row of its own, so the header's next line reads
    /// as a row of column names, or many rows go on from the one above (an
    /// empty first cell beside text, or a first cell that opens in lower
    /// case).
    fn borderless(page: usize, lines: &[Line], starts: &[f32], right: f32) -> Option<PageTable> {
        let n = starts.len();
        let size = lines[0].size.max(1.0);
        let tol = COLUMN_TOLERANCE * size;
        // Each line's words by column.
        let mut by_col: Vec<Vec<(f32, Vec<Word>)>> = vec![Vec::new(); n];
        let mut edges: Vec<f32> = vec![f32::MIN; n];
        for l in lines {
            let mut here: Vec<Vec<Word>> = vec![Vec::new(); n];
            for w in &l.words {
                let c = column_at(starts, w.x0, tol);
                edges[c] = edges[c].max(w.x1);
                here[c].push(w.clone());
            }
            for (c, ws) in here.into_iter().enumerate() {
                if !ws.is_empty() {
                    by_col[c].push((l.y, ws));
                }
            }
        }
        let distances: Vec<f32> = by_col.iter().flat_map(|col| col.windows(2).map(|p| p[0].0 - p[1].0)).collect();
        let pitch = cell_pitch(&distances, size);
        // Blocks: a column's lines at the spacing of a cell's lines.
        let mut blocks: Vec<(usize, Vec<Line>)> = Vec::new();
        for (c, col) in by_col.into_iter().enumerate() {
            let mut last_y = f32::NAN;
            for (y, ws) in col {
                let goes_on = pitch.is_some_and(|p| last_y - y <= p + 0.12 * size);
                let line = Line::new(page, ws);
                match blocks.last_mut() {
                    Some(b) if goes_on && b.0 == c => b.1.push(line),
                    _ => blocks.push((c, vec![line])),
                }
                last_y = y;
            }
        }
        let extents: Vec<(f32, f32)> = blocks
            .iter()
            .map(|(_, ls)| {
                let (top, bottom) = (&ls[0], &ls[ls.len() - 1]);
                (top.y + 0.7 * top.size, bottom.y - 0.2 * bottom.size)
            })
            .collect();
        let row_of = sweep_rows(&extents);
        let rows_n = row_of.iter().max().map_or(0, |r| r + 1);
        let mut cells: Vec<Vec<Vec<Line>>> = vec![vec![Vec::new(); n]; rows_n];
        // Blocks are in column order, each column's top to bottom, so a
        // cell's blocks join in reading order.
        for ((c, ls), r) in blocks.into_iter().zip(row_of) {
            cells[r][c].extend(ls);
        }
        let mut contents = Vec::new();
        let mut cell_edges = Vec::new();
        let mut rows = Vec::new();
        for row in cells {
            let mut here = Vec::new();
            for (c, ls) in row.into_iter().enumerate() {
                here.push((contents.len(), c, 1, false));
                contents.push(ls);
                let next = starts.get(c + 1).copied().unwrap_or(right);
                cell_edges.push(if edges[c] > f32::MIN { edges[c].min(next) } else { next });
            }
            rows.push(here);
        }
        let texts: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                row.iter().map(|cell| contents[cell.0].iter().map(|l| l.text()).collect::<Vec<_>>().join(" ")).collect()
            })
            .collect();
        if rows_are_lines(&texts) {
            return None;
        }
        let mut xs = starts.to_vec();
        xs.push(right);
        Some(PageTable { xs, top: lines[0].top(), contents, edges: cell_edges, rows, header_rows: 1 })
    }
}

/// Rows of a table rebuilt without rules (the header first) that are its
/// lines, not its rows: the header's next line reads as a row of column
/// names ("Provision | how long | By whom"), or more than a quarter of the
/// rows go on from the one above (an empty first cell beside text, or a
/// first cell that opens in lower case).
fn rows_are_lines(rows: &[Vec<String>]) -> bool {
    let body = &rows[rows.len().min(1)..];
    let header_again = body.iter().take(3).any(|row| {
        let filled: Vec<&String> = row.iter().filter(|t| !t.trim().is_empty()).collect();
        filled.len() >= 2 && filled.iter().all(|t| column_role(t) != Role::Other)
    });
    let goes_on = body
        .iter()
        .filter(|row| {
            let first = row.first().map_or("", |t| t.trim());
            let others = row.iter().skip(1).any(|t| !t.trim().is_empty());
            (first.is_empty() && others) || first.starts_with(char::is_lowercase)
        })
        .count();
    header_again || (body.len() >= 2 && goes_on * 4 > body.len())
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(l) => l.top(),
            Item::Table(t) => t.top,
        }
    }
}

/// Normalised text for comparing page furniture: digits as `#`.
fn furniture_key(s: &str) -> String {
    collapse_ws(s).to_lowercase().chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

fn page_number_like(key: &str) -> bool {
    let k = key.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    k.chars().all(|c| c == '#' || c == '/' || c == ' ')
        || ["page #", "page # of #", "tudalen #", "tudalen # o #", "# of #", "# o #"].contains(&k)
}

pub(super) fn read(pages: &[PageIn], spaced: bool, limits: &Limits) -> Result<Layout, ReadError> {
    let mut uncertain = Vec::new();
    let mut body = HashMap::<i32, usize>::new();
    for p in pages {
        for g in p.glyphs.iter().filter(|g| !g.ch.is_whitespace() && !g.artifact) {
            *body.entry((g.size * 2.0).round() as i32).or_default() += 1;
        }
    }
    let body_size = body.iter().max_by_key(|(s, n)| (**n, -**s)).map_or(11.0, |(s, _)| *s as f32 / 2.0);

    // Items per page, top to bottom.
    let mut paged: Vec<Vec<Item>> = Vec::new();
    let mut table_pitches: Vec<i32> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        let (grids, sure) = grids(p.rules);
        if !sure {
            uncertain.push((pi + 1, "the lines drawn on the page do not make clear table cells"));
        }
        let mut cells: Vec<Vec<Vec<Word>>> = grids.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
        let mut flow = Vec::new();
        for w in words(p.glyphs, p.rules) {
            let (cx, cy) = ((w.x0 + w.x1) / 2.0, w.y + w.size * 0.3);
            match grids.iter().position(|g| g.contains(cx, cy)) {
                Some(t) => {
                    let g = &grids[t];
                    let (r, c) = g.square(cx, cy);
                    let owner = g.owner[r * (g.xs.len() - 1) + c];
                    cells[t][owner].push(w);
                }
                None => flow.push(w),
            }
        }
        let all = lines(pi, flow);
        let (flow, borderless) = borderless_tables(pi, &all, p.bbox[2]);
        // The lines of a table set out without rules are spaced as the
        // document's paragraphs are, as they were before it was found.
        for (range, _) in &borderless {
            table_pitches.extend(all[range.clone()].windows(2).filter_map(|p| pitch_key(&p[0], &p[1])));
        }
        let mut items: Vec<Item> = flow.into_iter().map(Item::Line).collect();
        if columns_without_rules(&items) {
            uncertain.push((pi + 1, "text stands in columns with no lines drawn between them"));
        }
        items.extend(borderless.into_iter().map(|(_, t)| Item::Table(t)));
        items.extend(grids.into_iter().zip(cells).map(|(g, w)| Item::Table(PageTable::new(pi, g, w))));
        crate::sort::sort_by(&mut items, |a, b| b.top().total_cmp(&a.top()));
        paged.push(items);
    }

    drop_furniture(&mut paged, pages);

    // The usual distance between the lines of a paragraph.
    let mut pitches = HashMap::<i32, usize>::new();
    for key in table_pitches {
        *pitches.entry(key).or_default() += 1;
    }
    for items in &paged {
        for pair in items.windows(2) {
            if let (Item::Line(a), Item::Line(b)) = (&pair[0], &pair[1])
                && let Some(key) = pitch_key(a, b)
            {
                *pitches.entry(key).or_default() += 1;
            }
        }
    }
    // The closest spacing seen more than once: lines of one paragraph (the
    // most common spacing may be between paragraphs of one line each).
    let pitch = pitches.iter().filter(|(_, n)| **n >= 2).map(|(d, _)| *d).min().map(|d| d as f32 / 100.0);

    // Heading sizes, largest first.
    let mut sizes: Vec<f32> = Vec::new();
    for items in &paged {
        for it in items {
            if let Item::Line(l) = it
                && l.size >= body_size + 1.5
                && !sizes.iter().any(|s| (s - l.size).abs() < 0.6)
            {
                sizes.push(l.size);
            }
        }
    }
    crate::sort::sort_by(&mut sizes, |a, b| b.total_cmp(a));

    let mut b = Blocks {
        out: Vec::new(),
        para: Vec::new(),
        body_size,
        pitch,
        sizes,
        spaced,
        right: 0.0,
        table: None,
        table_open: false,
        list_xs: Vec::new(),
        limits,
    };
    for items in paged {
        // Where each line's text could reach: the furthest any line near it
        // reaches (text beside a frame or a picture is set narrower).
        let rights: Vec<f32> = items
            .iter()
            .map(|i| match i {
                Item::Line(l) => {
                    // The lines just above, or else just below.
                    let near = |above: bool| {
                        items
                            .iter()
                            .filter_map(|o| match o {
                                Item::Line(m)
                                    if (if above { m.y - l.y } else { l.y - m.y }) > 0.5
                                        && (m.y - l.y).abs() <= 4.0 * l.size.max(m.size) =>
                                {
                                    Some(m.x1)
                                }
                                _ => None,
                            })
                            .fold(f32::MIN, f32::max)
                    };
                    let above = near(true);
                    l.x1.max(if above > f32::MIN { above } else { near(false) })
                }
                Item::Table(_) => 0.0,
            })
            .collect();
        let n = items.len();
        for (k, it) in items.into_iter().enumerate() {
            match it {
                Item::Line(l) => {
                    b.end_table()?;
                    b.line(l, rights[k]);
                }
                Item::Table(t) => {
                    b.end_paragraph();
                    b.table(t, k == 0)?;
                    // Only a table that ends its page may go on on the next.
                    b.table_open = k + 1 == n;
                }
            }
        }
    }
    b.end_paragraph();
    b.end_table()?;
    Ok(Layout { blocks: b.out, uncertain })
}

/// The distance from line `a` down to line `b`, in hundredths of the font
/// size, when they could be lines of one paragraph.
fn pitch_key(a: &Line, b: &Line) -> Option<i32> {
    let d = a.y - b.y;
    ((a.size - b.size).abs() < 0.5 && d > 0.9 * a.size && d < 2.5 * a.size).then(|| (d / a.size * 100.0).round() as i32)
}

/// Text set out in columns without rules: several lines with a wide gap
/// between words at the same place (a borderless table, or two columns of
/// text), which cannot be told apart from prose with confidence.
fn columns_without_rules(items: &[Item]) -> bool {
    let mut gaps: Vec<f32> = Vec::new();
    for it in items {
        if let Item::Line(l) = it {
            for pair in l.words.windows(2) {
                let gap = pair[1].x0 - pair[0].x1;
                // Past a bullet's tab, a gap of three letters or more.
                if gap > 2.5 * l.size && pair[0].x0 > l.x0 + 1.0 {
                    gaps.push(pair[1].x0);
                }
            }
        }
    }
    // Three lines with a column starting at the same place.
    let col = cluster(gaps.clone(), 4.0);
    col.iter().any(|c| gaps.iter().filter(|g| (*g - c).abs() <= 4.0).count() >= 3)
}

fn drop_furniture(paged: &mut [Vec<Item>], pages: &[PageIn]) {
    let band = |p: &PageIn, l: &Line| {
        let h = p.bbox[3] - p.bbox[1];
        l.y > p.bbox[3] - 0.09 * h || l.y < p.bbox[1] + 0.09 * h
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (items, p) in paged.iter().zip(pages) {
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) if band(p, l) => Some(furniture_key(&l.text())),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let n = paged.len();
    for (items, p) in paged.iter_mut().zip(pages) {
        items.retain(|i| match i {
            Item::Line(l) if band(p, l) => {
                let k = furniture_key(&l.text());
                let repeats = n >= 2 && seen.get(&k).copied().unwrap_or(0) >= 2;
                !(repeats || page_number_like(&k))
            }
            _ => true,
        });
    }
}

struct Blocks<'l> {
    out: Vec<Block>,
    /// The lines of the paragraph being read.
    para: Vec<Line>,
    body_size: f32,
    pitch: Option<f32>,
    sizes: Vec<f32>,
    spaced: bool,
    /// The right edge of the text on the page being read.
    right: f32,
    /// The table being read, kept until what follows it is known.
    table: Option<PageTable>,
    /// The table ended its page, so the next page may continue it.
    table_open: bool,
    /// Where the markers of the list being read stand, for their levels.
    list_xs: Vec<f32>,
    limits: &'l Limits,
}

impl Blocks<'_> {
    fn line(&mut self, l: Line, right: f32) {
        if self.para.is_empty() {
            self.right = right;
        }
        if let Some(prev) = self.para.last() {
            // Lines of one paragraph stand at most this far apart: the spacing
            // of the document's wrapped lines, and never more than a line
            // and a half.
            let pitch = self.pitch.unwrap_or(1.2).clamp(1.0, 1.45) * prev.size;
            let gap = prev.y - l.y;
            let new_page = l.page != prev.page;
            let first_word = l.words.first().map_or(0.0, |w| w.x1 - w.x0);
            let lower = l.words.first().is_some_and(|w| w.text.starts_with(char::is_lowercase));
            // A line that ended short, unless the next goes on in small
            // letters (a line break inside the paragraph).
            let short = prev.x1 + first_word + 0.3 * l.size < right - 0.04 * (right - prev.x0).max(1.0) - 2.0 && !lower;
            // A line the one above ran on into: it stands where that line
            // starts, and the dash it opens with ("Section 2B" / "– The
            // provision") would not have fitted at that line's end.
            let wrapped = prev.x1 + first_word + 0.3 * l.size >= right - 0.04 * (right - prev.x0).max(1.0) - 2.0
                && (l.x0 - prev.x0).abs() < 1.0
                && prev.marker().is_none()
                && self.para.first().is_some_and(|f| f.marker().is_none())
                && l.words.first().is_some_and(|w| matches!(w.text.as_str(), "–" | "-" | "—"));
            let breaks = l.marker().is_some() && !wrapped
                || (l.size - prev.size).abs() >= 0.6
                || l.bold != prev.bold
                || short
                || if new_page {
                    !lower
                } else {
                    gap > pitch * 1.2 || gap < 0.0 || l.x0 > prev.x0 + 3.0 * l.size && prev.marker().is_none()
                };
            if breaks {
                self.end_paragraph();
            }
        }
        self.para.push(l);
    }

    fn end_paragraph(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.para);
        let size = lines[0].size;
        let (para, mark) = paragraph(&lines, f32::INFINITY, self.spaced);
        if para.text.trim().is_empty() {
            return;
        }
        // Sentences set larger than the body (a therapist's report under a
        // table of small print) are paragraphs, not headings: a heading is
        // a title, not a sentence.
        // Words, not the dashes and strokes between a bilingual title's
        // halves ("Adran 2B – … / Section 2B – …").
        let words = para.text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        // A line opening a section of the form is a title however long
        // ("Adran 2C – … / Section 2C – ALP to be secured by an NHS body").
        let sentence = !super::super::text::opens_section(&para.text)
            && (words > 14 || (words > 6 && para.text.trim_end().ends_with('.')));
        // A bullet point is an item, whatever its size: a heading may be
        // numbered, never bulleted.
        let bullet = mark.is_some_and(|m| !m.ordered);
        if size >= self.body_size + 1.5
            && !sentence
            && !bullet
            && let Some(rank) = self.sizes.iter().position(|s| (s - size).abs() < 0.6)
        {
            // A heading, its outline number and all.
            let full = paragraph_text(&lines, f32::INFINITY, self.spaced);
            let level = (rank + 1).min(6) as u8;
            self.list_xs.clear();
            self.out.push(block(BlockKind::Heading { level, text: super::text::heading_text(&full.text) }));
            return;
        }
        if let Some(mark) = mark {
            let x = lines[0].x0;
            if !self.list_xs.iter().any(|v| (v - x).abs() < 4.0) {
                self.list_xs.push(x);
                crate::sort::sort_by(&mut self.list_xs, f32::total_cmp);
            }
            let level = self.list_xs.iter().position(|v| (v - x).abs() < 4.0).unwrap_or(0).min(8) as u8;
            self.out.push(block(BlockKind::ListItem { level, ordered: mark.ordered, para }));
            return;
        }
        self.list_xs.clear();
        self.out.push(block(BlockKind::Paragraph(para)));
    }

    fn table(&mut self, t: PageTable, first_on_page: bool) -> Result<(), ReadError> {
        self.list_xs.clear();
        if first_on_page
            && self.table_open
            && let Some(prev) = self.table.as_mut()
            && prev.xs.len() == t.xs.len()
            && prev.xs.iter().zip(&t.xs).all(|(a, b)| (a - b).abs() <= 2.5)
            && !prev.numbered_on(&t)
        {
            prev.join(t, self.spaced);
            return Ok(());
        }
        self.end_table()?;
        self.table = Some(t);
        Ok(())
    }

    fn end_table(&mut self) -> Result<(), ReadError> {
        self.table_open = false;
        let Some(t) = self.table.take() else { return Ok(()) };
        let contents: Vec<Arc<CellContent>> = t
            .contents
            .iter()
            .zip(&t.edges)
            .map(|(lines, edge)| Arc::new(cell_content(lines, *edge, self.spaced)))
            .collect();
        let mut table = Table::default();
        let mut cells_total = 0;
        for (k, r) in t.rows.iter().enumerate() {
            let mut row = Row { header: k < t.header_rows, ..Row::default() };
            for &(i, col, span, merged) in r {
                row.cells.push(Cell {
                    content: Arc::clone(&contents[i]),
                    col,
                    span,
                    merged_from_above: merged,
                    source: SourceSpan::default(),
                });
            }
            cells_total += row.cells.len();
            self.limits.check_table(table.rows.len() + 1, row.width(), cells_total)?;
            table.rows.push(row);
        }
        // A box of one cell is a frame or a text box, not a table.
        if let [row] = &table.rows[..]
            && let [cell] = &row.cells[..]
        {
            let content = &cell.content;
            let mut blocks = Vec::new();
            for p in &content.paragraphs {
                blocks.push(block(match p.list {
                    Some(m) => BlockKind::ListItem { level: m.level, ordered: m.ordered, para: p.clone() },
                    None => BlockKind::Paragraph(p.clone()),
                }));
            }
            if !blocks.is_empty() {
                self.out.push(block(BlockKind::TextBox(blocks)));
            }
            return Ok(());
        }
        self.out.push(block(BlockKind::Table(table)));
        Ok(())
    }
}

/// Lines into one paragraph's text.
fn paragraph_text(lines: &[Line], edge: f32, spaced: bool) -> Paragraph {
    let mut tb = TextBuilder::new(spaced);
    let mut prev: Option<&Line> = None;
    for l in lines {
        l.paragraph(&mut tb, prev, edge);
        prev = Some(l);
    }
    tb.finish()
}

/// Lines into one paragraph, and its list marker (taken off the text).
fn paragraph(lines: &[Line], edge: f32, spaced: bool) -> (Paragraph, Option<ListMark>) {
    let para = paragraph_text(lines, edge, spaced);
    match marker(&para.text) {
        Some((mark, len)) if lines[0].marker().is_some() => (strip_front(para, len), Some(mark)),
        _ => (para, None),
    }
}

/// A cell's lines as paragraphs: a new one where a line starts with a list
/// marker, the spacing widens, or the line before ended short of the
/// cell's right edge. Lines from the next page (a row broken by the page)
/// go on the paragraph before them.
fn cell_content(lines: &[Line], edge: f32, spaced: bool) -> CellContent {
    let cell_edge = edge;
    let mut paras: Vec<Vec<Line>> = Vec::new();
    let widest = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    for l in lines {
        let new = match paras.last().and_then(|p| p.last()) {
            None => true,
            Some(prev) if prev.page != l.page => l.marker().is_some(),
            Some(prev) => {
                let first_word = l.words.first().map_or(0.0, |w| w.x1 - w.x0);
                // A line standing where the text of the list item above
                // starts, past its marker, is more of that item (a second
                // language under the first, a paragraph of the item).
                let item_text = paras.last().and_then(|p| p.first()).and_then(|first| {
                    let (_, len) = first.marker()?;
                    // The first word at or past the marker's end in the
                    // line's text (words joined by one space or tab).
                    let mut at = 0;
                    first.words.iter().find_map(|w| {
                        let here = at;
                        at += w.text.len() + 1;
                        (here >= len).then_some(w.x0)
                    })
                });
                let in_item = item_text.is_some_and(|x| (l.x0 - x).abs() < 1.0);
                l.marker().is_some()
                    || prev.y - l.y > 1.6 * prev.size.max(l.size)
                    || (!in_item && prev.x1 + first_word + 0.3 * l.size < widest.max(cell_edge) - 3.0)
            }
        };
        if new {
            paras.push(vec![l.clone()]);
        } else if let Some(p) = paras.last_mut() {
            p.push(l.clone());
        }
    }
    let mut content = CellContent::default();
    for p in paras {
        let (mut para, mark) = paragraph(&p, edge, spaced);
        if para.text.trim().is_empty() {
            continue;
        }
        para.list = mark;
        content.order.push(CellPart::Paragraph(content.paragraphs.len()));
        content.paragraphs.push(para);
    }
    content
}

fn block(kind: BlockKind) -> Block {
    Block { kind, span: SourceSpan::default() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_changed_by_tracked_changes_are_list_markers() {
        assert_eq!(super::changed_number("7.[8.] Supervised rest breaks"), Some(7));
        assert_eq!(super::changed_number("[7.] Seren will have"), Some(5));
        assert_eq!(super::changed_number("[7.]"), None);
        assert_eq!(super::changed_number("7. [8.] Text"), None);
        assert_eq!(super::changed_number("[note] Text"), None);
    }

    use super::*;

    fn h(at: f32, a: f32, b: f32) -> Rule {
        Rule { at, a, b, horizontal: true }
    }
    fn v(at: f32, a: f32, b: f32) -> Rule {
        Rule { at, a, b, horizontal: false }
    }

    #[test]
    fn a_grid_with_a_merged_cell() {
        // Two columns, three rows; the left cell of rows 2 and 3 is one.
        let rules = [
            h(100.0, 0.0, 200.0),
            h(80.0, 0.0, 200.0),
            h(60.0, 100.0, 200.0),
            h(40.0, 0.0, 200.0),
            v(0.0, 40.0, 100.0),
            v(100.0, 40.0, 100.0),
            v(200.0, 40.0, 100.0),
        ];
        let (g, sure) = grids(&rules);
        assert!(sure);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!((g.xs.len(), g.ys.len()), (3, 4));
        let mut cells = g.cells.clone();
        cells.sort_unstable();
        assert_eq!(cells, [[0, 0, 0, 0], [0, 0, 1, 1], [1, 1, 1, 1], [1, 2, 0, 0], [2, 2, 1, 1]]);
    }

    /// A line of words at baseline `y`, each (x, text), in 10-point type
    /// about 5 points a letter.
    fn line_of(y: f32, words: &[(f32, &str)]) -> Line {
        let ws = words
            .iter()
            .map(|&(x, t)| Word {
                x0: x,
                x1: x + 5.0 * t.chars().count() as f32,
                y,
                size: 10.0,
                text: t.to_string(),
                bold: false,
                space_after: true,
            })
            .collect();
        Line::new(0, ws)
    }

    #[test]
    fn centred_cells_of_different_heights_share_a_row() {
        // (top, bottom) of each block; 10-point lines 12 apart, rows 20.
        let blocks = [
            // Row 1: a one-line cell centred beside a three-line one, and a
            // two-line one centred between them.
            (95.0, 86.0),
            (107.0, 74.0),
            (101.0, 80.0),
            // Row 2: one line in every cell.
            (63.0, 54.0),
            // Row 3: a three-line cell, then a one-line one beside it.
            (43.0, 10.0),
            (31.0, 22.0),
        ];
        assert_eq!(sweep_rows(&blocks), [0, 0, 0, 1, 2, 2]);
        // Blocks that only touch are not one row.
        assert_eq!(sweep_rows(&[(20.0, 10.0), (10.0, 0.0)]), [0, 1]);
        assert!(sweep_rows(&[]).is_empty());
    }

    /// A table of one-line cells, `cells[row][column]`, columns 100 wide.
    fn table_of(cells: &[&[&str]]) -> PageTable {
        let mut contents = Vec::new();
        let mut rows = Vec::new();
        for (r, row) in cells.iter().enumerate() {
            let mut here = Vec::new();
            for (c, text) in row.iter().enumerate() {
                let y = 700.0 - 20.0 * r as f32;
                let words: Vec<(f32, &str)> =
                    text.split(' ').filter(|w| !w.is_empty()).map(|w| (100.0 * c as f32, w)).collect();
                here.push((contents.len(), c, 1, false));
                contents.push(if words.is_empty() { Vec::new() } else { vec![line_of(y, &words)] });
            }
            rows.push(here);
        }
        let n = cells.first().map_or(0, |r| r.len());
        PageTable {
            xs: (0..=n).map(|c| 100.0 * c as f32).collect(),
            top: 710.0,
            edges: vec![95.0; contents.len()],
            contents,
            rows,
            header_rows: 0,
        }
    }

    #[test]
    fn a_table_of_the_same_design_on_the_next_page_is_a_table_of_its_own() {
        let five = table_of(&[
            &["Provision 5: Playtime", "Darpariaeth 5: Amser chwarae"],
            &["Support on the yard", "Cymorth"],
        ]);
        let six = table_of(&[&["Provision 6: ELSA", "Darpariaeth 6: ELSA"], &["Weekly", "Wythnosol"]]);
        assert!(five.numbered_on(&six));
        // The rows of a table numbered one after another go on over the page.
        let outcomes = table_of(&[&["Outcome 1: read", "Weekly"], &["Outcome 2: write", "Daily"]]);
        let more = table_of(&[&["Outcome 3: count", "Daily"]]);
        assert!(!outcomes.numbered_on(&more));
        // A header repeated as it was is the same table.
        assert!(!five.numbered_on(&table_of(&[&["Provision 5: Playtime", "Darpariaeth 5: Amser chwarae"]])));
    }

    #[test]
    fn a_dash_at_the_top_of_the_page_starts_a_row() {
        // The last cell of the row before the break is one narrow word at its
        // cell's edge; the next page starts a row whose cell is a dash.
        let mut before = table_of(&[&["Pastoral team", "Un-i-un"]]);
        before.contents[1] = vec![Line::new(
            0,
            vec![Word {
                x0: 160.0,
                x1: 192.0,
                y: 700.0,
                size: 10.0,
                text: "Un-i-un".into(),
                bold: false,
                space_after: false,
            }],
        )];
        before.edges = vec![95.0, 195.0];
        let after = table_of(&[&["Mrs Hywel, QTVI", "–"]]);
        assert!(!split_row(&before, &before.rows[0], &after, &after.rows[0], true));
    }

    #[test]
    fn a_borderless_table_from_its_header_down() {
        let lines = vec![
            line_of(200.0, &[(50.0, "Before")]),
            line_of(180.0, &[(50.0, "What"), (200.0, "How"), (220.0, "often"), (350.0, "Who")]),
            // A one-line row centred beside a three-line cell.
            line_of(160.0, &[(350.0, "Speech"), (385.0, "and")]),
            line_of(154.0, &[(50.0, "Therapy"), (200.0, "Weekly")]),
            line_of(148.0, &[(350.0, "language")]),
            line_of(136.0, &[(350.0, "therapist")]),
            // A one-line row, with its last cell empty.
            line_of(116.0, &[(50.0, "Breaks"), (200.0, "Daily")]),
            line_of(80.0, &[(50.0, "After")]),
        ];
        let (rest, tables) = borderless_tables(0, &lines, 500.0);
        assert_eq!(rest.iter().map(Line::text).collect::<Vec<_>>(), ["Before", "After"]);
        let [(range, t)] = &tables[..] else { panic!("one table: {}", tables.len()) };
        assert_eq!(*range, 1..7);
        assert_eq!(t.header_rows, 1);
        let rows: Vec<Vec<String>> = (0..t.rows.len()).map(|r| t.row_text(r)).collect();
        assert_eq!(
            rows,
            [
                vec!["What", "How often", "Who"],
                vec!["Therapy", "Weekly", "Speech and language therapist"],
                vec!["Breaks", "Daily", ""],
            ]
        );
    }

    #[test]
    fn rows_that_are_lines_are_told_from_rows() {
        let rows = |r: &[&[&str]]| r.iter().map(|row| row.iter().map(|t| t.to_string()).collect()).collect::<Vec<_>>();
        // The header's second line read as a row.
        assert!(rows_are_lines(&rows(&[
            &["Darpariaeth", "Pa mor aml", "Gan bwy"],
            &["Provision", "How long", "By whom"],
            &["Rhaglen ddarllen", "Pedair gwaith", "Cynorthwyydd"],
        ])));
        // Cells going on into the rows below.
        assert!(rows_are_lines(&rows(&[
            &["What", "How often", "Who"],
            &["Reading programme", "Four times a week,", "Teaching"],
            &["", "20 minutes", "assistant"],
            &["Strategies in the", "Every lesson", "Class"],
            &["classroom", "", "teacher"],
        ])));
        // Rows of their own, one with its last cell empty.
        assert!(!rows_are_lines(&rows(&[
            &["What", "How often", "Who"],
            &["Reading programme", "weekly", "Teaching assistant"],
            &["Breaks", "daily", ""],
            &["Review", "Termly", "ALNCo"],
        ])));
    }

    #[test]
    fn prose_and_lines_without_named_columns_are_no_header() {
        assert!(
            header_columns(&line_of(100.0, &[(50.0, "What"), (80.0, "we"), (100.0, "will"), (125.0, "do")])).is_none()
        );
        assert!(header_columns(&line_of(100.0, &[(50.0, "Name"), (200.0, "Rhys")])).is_none());
        let head = line_of(100.0, &[(50.0, "What"), (200.0, "How"), (220.0, "much"), (350.0, "Who")]);
        assert_eq!(header_columns(&head), Some(vec![50.0, 200.0, 350.0]));
    }

    #[test]
    fn the_pitch_inside_cells_is_the_smallest_common_spacing() {
        // Lines 12 apart inside cells, rows 20 and 26 apart.
        assert_eq!(cell_pitch(&[12.0, 20.0, 12.05, 26.0, 20.0], 10.0), Some(12.0));
        // No cell wraps: row spacing is not taken for a line's.
        assert_eq!(cell_pitch(&[20.0, 20.0, 26.0], 10.0), None);
    }

    #[test]
    fn page_numbers_are_furniture() {
        for s in ["Page 3 of 9", "- 4 -", "12", "Tudalen 2 o 5"] {
            assert!(page_number_like(&furniture_key(s)), "{s}");
        }
        assert!(!page_number_like(&furniture_key("Section 2B")));
    }
}
