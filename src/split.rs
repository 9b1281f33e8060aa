//! Split Section 2B into provisions.
//!
//! One provision per table row (header rows, repeated header rows and
//! category rows skipped), one per element block of the statutory form
//! (2B.1–2B.7), one per top-level list item (sub-items join its text), or one
//! per paragraph when the section is prose. Each provision keeps its parts
//! as fields with a role, so the checker knows the frequency column from the
//! review date.

use crate::lexicon::columns::{column_role, has_subfield_code, subfield};
use crate::lexicon::{Role, SubField};
use crate::limits::Limits;
use crate::locate::{Section, is_element_heading};
use crate::model::{Block, BlockKind, Paragraph, Row, SourceSpan, Table, collapse_ws};
use crate::read::ReadError;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A provision as found in the plan, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawProvision {
    /// The whole provision as one line; a table row's cells joined by " | ".
    pub text: String,
    /// Its parts (cells, sub-fields), each a byte range of `text`.
    pub fields: Vec<Field>,
    pub location: Location,
    /// HTML comments written just before it (Markdown), for suppressions.
    pub comments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The column header, or the sub-field key (outcome, alp, …).
    pub name: String,
    pub role: Role,
    pub range: Range<usize>,
    /// The cell's text was carried down from a vertically merged cell.
    pub merged: bool,
}

impl RawProvision {
    pub fn field_text(&self, f: &Field) -> &str {
        &self.text[f.range.clone()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Table,
    Element,
    List,
    Paragraph,
}

/// Where a provision was in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub layout: Layout,
    /// 1-based table within Section 2B.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    /// 1-based row within that table, counting header rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// 1-based grid column, in a table laid out one provision per column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// 1-based element of ALP, in the per-element layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<usize>,
    /// 1-based list item or paragraph within Section 2B.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    /// 1-based line in the source file (Markdown, text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip)]
    pub bytes: Option<Range<usize>>,
}

impl Location {
    fn new(layout: Layout, span: &SourceSpan) -> Self {
        Location { line: span.line, bytes: span.bytes.clone(), ..Location::unplaced(layout) }
    }

    /// A location that says only the layout: for a text checked on its own,
    /// outside any plan.
    pub fn unplaced(layout: Layout) -> Self {
        Location { layout, table: None, row: None, column: None, element: None, item: None, line: None, bytes: None }
    }

    /// "Section 2B, table 1, row 3", for people and SARIF logical locations.
    pub fn describe(&self) -> String {
        let mut s = String::from("Section 2B");
        match self.layout {
            Layout::Table => {
                if let Some(t) = self.table {
                    s.push_str(&format!(", table {t}"));
                }
                if let Some(r) = self.row {
                    s.push_str(&format!(", row {r}"));
                }
                if let Some(c) = self.column {
                    s.push_str(&format!(", column {c}"));
                }
            }
            Layout::Element => {
                if let Some(e) = self.element {
                    s.push_str(&format!(", element {e}"));
                }
            }
            Layout::List => {
                if let Some(i) = self.item {
                    s.push_str(&format!(", item {i}"));
                }
            }
            Layout::Paragraph => {
                if let Some(i) = self.item {
                    s.push_str(&format!(", paragraph {i}"));
                }
            }
        }
        s
    }
}

/// Builds a provision's text and fields together.
struct TextBuilder {
    text: String,
    fields: Vec<Field>,
    /// The field names taken, and for each name repeated the next number to
    /// try after it ("Provision (3)"): a row of a thousand cells under one
    /// header name must not compare each name with every one before it.
    names: HashSet<String>,
    next_number: HashMap<String, usize>,
    names_bytes: usize,
}

impl TextBuilder {
    fn new() -> Self {
        TextBuilder {
            text: String::new(),
            fields: Vec::new(),
            names: HashSet::new(),
            next_number: HashMap::new(),
            names_bytes: 0,
        }
    }

    fn push(&mut self, name: &str, role: Role, value: &str, merged: bool) {
        if !self.fields.is_empty() {
            self.text.push_str(" | ");
        }
        let start = self.text.len();
        self.text.push_str(value);
        let mut name = if name.is_empty() { format!("Column {}", self.fields.len() + 1) } else { name.to_string() };
        if self.names.contains(&name) {
            let base = name.clone();
            let n = self.next_number.entry(base.clone()).or_insert(2);
            loop {
                name = format!("{base} ({n})");
                *n += 1;
                if !self.names.contains(&name) {
                    break;
                }
            }
        }
        self.names.insert(name.clone());
        self.names_bytes += name.len();
        self.fields.push(Field { name, role, range: start..self.text.len(), merged });
    }
}

/// How many provisions have been made, against the limits on their number
/// and size. The splitter stops at the first provision past either limit,
/// and stops building a provision as soon as it is past the size limit: its
/// work is bounded by the limits, however the plan is laid out (a merged
/// cell repeated down many rows, a table of many columns).
struct Budget<'l> {
    limits: &'l Limits,
    made: usize,
}

impl Budget<'_> {
    fn new(limits: &Limits) -> Budget<'_> {
        Budget { limits, made: 0 }
    }

    /// Is the provision being built (the next one) still within size: its
    /// text, and apart from it the names of its fields?
    fn check(&self, text: usize, names: usize) -> Result<(), ReadError> {
        let max = self.limits.max_provision_bytes;
        if text <= max && names <= max {
            return Ok(());
        }
        let what = if text > max { "runs past" } else { "has column headings that run past" };
        Err(Limits::exceeded(
            "max_provision_bytes",
            &format!(
                "Provision {} of Section 2B {what} {max} bytes, longer than any real provision (it may be several \
                 provisions run together, or a whole section read as one paragraph)",
                self.made + 1
            ),
            max,
        ))
    }

    fn check_builder(&self, tb: &TextBuilder) -> Result<(), ReadError> {
        self.check(tb.text.len(), tb.names_bytes)
    }

    /// The same for an element still being gathered, whose values have
    /// their white space collapsed when it is finished: it is let run to
    /// four times the limit, so that no element the limit would pass is
    /// refused early, and none is gathered without end.
    fn check_gathering(&self, bytes: usize) -> Result<(), ReadError> {
        self.check(bytes / 4, 0)
    }

    /// Admit a finished provision into `out`.
    fn push(&mut self, out: &mut Vec<RawProvision>, p: RawProvision) -> Result<(), ReadError> {
        if self.made >= self.limits.max_provisions {
            return Err(Limits::exceeded(
                "max_provisions",
                &format!(
                    "Section 2B splits into more than {} provisions, more than any real plan",
                    self.limits.max_provisions
                ),
                self.limits.max_provisions,
            ));
        }
        let names = p.fields.iter().map(|f| f.name.len()).sum();
        self.check(p.text.len(), names)?;
        self.made += 1;
        out.push(p);
        Ok(())
    }
}

/// Split a located Section 2B into provisions, in document order. Fails
/// when the provisions are more or longer than `limits` allow.
pub fn split(section: &Section, limits: &Limits) -> Result<Vec<RawProvision>, ReadError> {
    let mut budget = Budget::new(limits);
    let blocks = flatten(&section.blocks);

    let element_tables: Vec<bool> =
        blocks.iter().map(|b| matches!(&b.kind, BlockKind::Table(t) if is_element_table(t))).collect();
    let labels: Vec<Label> = blocks.iter().filter_map(|b| paragraph_of(b)).filter_map(first_label).collect();
    let distinct: std::collections::HashSet<SubField> = labels.iter().map(|l| l.sub).collect();
    let has_element_paras = labels.iter().any(|l| l.coded) || distinct.len() >= 3;
    let has_elements = element_tables.iter().any(|&e| e) || has_element_paras;
    let has_tables = blocks
        .iter()
        .zip(&element_tables)
        .any(|(b, &e)| !e && matches!(&b.kind, BlockKind::Table(t) if !t.rows.is_empty()));
    let has_list = blocks.iter().any(|b| matches!(b.kind, BlockKind::ListItem { .. }));
    let use_lists = has_list && !has_tables && !has_elements;
    let use_paragraphs = !has_list && !has_tables && !has_elements;
    let top_level = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::ListItem { level, .. } => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(0);

    let area_titles = if use_lists { area_titles(&blocks, top_level) } else { vec![None; blocks.len()] };
    // Inside an area title's list: the level its provisions stand at.
    let mut item_level = top_level;

    let mut out: Vec<RawProvision> = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut table_no = 0;
    let mut header: Option<Header> = None;
    let mut element_no = 0;
    let mut element: Option<ElementBuilder> = None;
    let mut item_no = 0;
    let mut open_item: Option<(RawProvision, String)> = None;

    let flush_item = |open_item: &mut Option<(RawProvision, String)>,
                      out: &mut Vec<RawProvision>,
                      budget: &mut Budget|
     -> Result<(), ReadError> {
        if let Some((mut p, text)) = open_item.take() {
            let text = collapse_ws(&text);
            p.fields =
                vec![Field { name: "provision".into(), role: Role::Description, range: 0..text.len(), merged: false }];
            p.text = text;
            budget.push(out, p)?;
        }
        Ok(())
    };

    for (i, block) in blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::Comment(c) => comments.push(c.clone()),
            BlockKind::Table(t) => {
                flush_item(&mut open_item, &mut out, &mut budget)?;
                table_no += 1;
                let from = out.len();
                if element_tables[i] {
                    element_table_provisions(t, &mut element_no, table_no, &mut budget, &mut out)?;
                } else if !record_table_provisions(t, table_no, &block.span, &mut budget, &mut out)? {
                    table_provisions(t, table_no, &block.span, &mut header, &mut budget, &mut out)?;
                }
                for p in &mut out[from..] {
                    attach_comments(p, &mut comments);
                }
            }
            BlockKind::Heading { text, .. } => {
                flush_item(&mut open_item, &mut out, &mut budget)?;
                if let Some(e) = element.take() {
                    finish_element(e, &mut comments, &mut budget, &mut out)?;
                }
                if is_element_heading(text) {
                    element_no += 1;
                    element = Some(ElementBuilder::new(element_no, &block.span));
                }
            }
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } if has_element_paras => {
                if let Some(labels) = labelled_lines(p) {
                    for (sub, value) in labels {
                        let fresh = element.as_ref().is_none_or(|e| e.seen_order(sub));
                        if fresh {
                            if let Some(e) = element.take() {
                                finish_element(e, &mut comments, &mut budget, &mut out)?;
                            }
                            element_no += 1;
                            element = Some(ElementBuilder::new(element_no, &block.span));
                        }
                        if let Some(e) = element.as_mut() {
                            e.field(sub, &value);
                            budget.check_gathering(e.bytes)?;
                        }
                    }
                } else if let Some(e) = element.as_mut() {
                    // A value written on its own paragraph after its label.
                    e.continue_last(&p.text);
                    budget.check_gathering(e.bytes)?;
                }
            }
            BlockKind::ListItem { level, .. } if use_lists && area_titles[i].is_some() => {
                // "1. Hearing and access to learning" over its provisions:
                // a heading, not a provision.
                flush_item(&mut open_item, &mut out, &mut budget)?;
                comments.clear();
                item_level = area_titles[i].unwrap_or(*level + 1);
            }
            BlockKind::ListItem { level, para, .. } if use_lists => {
                if *level <= top_level {
                    item_level = top_level;
                }
                if *level <= item_level || open_item.is_none() {
                    flush_item(&mut open_item, &mut out, &mut budget)?;
                    item_no += 1;
                    let mut loc = Location::new(Layout::List, &block.span);
                    loc.item = Some(item_no);
                    let p = RawProvision {
                        text: String::new(),
                        fields: Vec::new(),
                        location: loc,
                        comments: std::mem::take(&mut comments),
                    };
                    open_item = Some((p, para.text.clone()));
                } else if let Some((p, text)) = open_item.as_mut() {
                    // A sub-item joins its parent's text.
                    text.push(' ');
                    text.push_str(&para.text);
                    if let (Some(b), Some(nb)) = (p.location.bytes.as_mut(), block.span.bytes.as_ref()) {
                        b.end = b.end.max(nb.end);
                    }
                }
            }
            BlockKind::Paragraph(p) if use_paragraphs => {
                let text = collapse_ws(&p.text);
                if is_prose_provision(&text) {
                    item_no += 1;
                    let mut loc = Location::new(Layout::Paragraph, &block.span);
                    loc.item = Some(item_no);
                    let fields = vec![Field {
                        name: "provision".into(),
                        role: Role::Description,
                        range: 0..text.len(),
                        merged: false,
                    }];
                    let p = RawProvision { text, fields, location: loc, comments: std::mem::take(&mut comments) };
                    budget.push(&mut out, p)?;
                } else {
                    comments.clear();
                }
            }
            // A comment is for the provision just after it: one that comes
            // before something that is not a provision is for nothing.
            _ => comments.clear(),
        }
    }
    flush_item(&mut open_item, &mut out, &mut budget)?;
    if let Some(e) = element.take() {
        finish_element(e, &mut comments, &mut budget, &mut out)?;
    }
    Ok(out)
}

/// A finished element of the per-element layout, with the comments before
/// it, into `out`.
fn finish_element(
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

/// For each top-level list item that titles an area of need rather than
/// states a provision, the level of the provisions under it: a short title
/// ("Language and vocabulary", no full stop or colon) over two or more
/// sub-items that are each a sentence of their own. A title over a single
/// detail ("Quiet space at lunch" / "Access to the library…") stays one
/// provision with it.
fn area_titles(blocks: &[&Block], top_level: u8) -> Vec<Option<u8>> {
    let mut out = vec![None; blocks.len()];
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::ListItem { level, para, .. } = &block.kind else { continue };
        if *level != top_level {
            continue;
        }
        let title = collapse_ws(&para.text);
        let words = title.split_whitespace().count();
        if words == 0 || words > 8 || title.ends_with(['.', ':', ';']) || title.contains(':') {
            continue;
        }
        let mut children: Vec<(u8, bool)> = Vec::new();
        for next in &blocks[i + 1..] {
            match &next.kind {
                BlockKind::ListItem { level, para, .. } if *level > top_level => {
                    // A sentence of its own: a capital, five words or more,
                    // a full stop. Fragments ("one 50-minute lesson per
                    // fortnight", "from a specialist teacher") detail one
                    // provision.
                    let t = para.text.trim();
                    let sentence = t.starts_with(|c: char| c.is_uppercase())
                        && t.ends_with('.')
                        && t.split_whitespace().count() >= 5;
                    children.push((*level, sentence));
                }
                BlockKind::ListItem { .. } | BlockKind::Heading { .. } | BlockKind::Table(_) => break,
                _ => {}
            }
        }
        let Some(child_level) = children.iter().map(|&(l, _)| l).min() else { continue };
        let direct: Vec<bool> = children.iter().filter(|&&(l, _)| l == child_level).map(|&(_, s)| s).collect();
        if direct.len() >= 2 && direct.iter().all(|&sentence| sentence) {
            out[i] = Some(child_level);
        }
    }
    out
}

fn attach_comments(p: &mut RawProvision, comments: &mut Vec<String>) {
    if !comments.is_empty() {
        let mut c = std::mem::take(comments);
        c.append(&mut p.comments);
        p.comments = c;
    }
}

/// Text boxes become ordinary blocks in place (borrowed, not copied: a
/// section can hold a table of many thousand rows).
fn flatten<'b>(blocks: &'b [Cow<'_, Block>]) -> Vec<&'b Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut stack: Vec<std::slice::Iter<Block>> = Vec::new();
    for block in blocks {
        let block: &Block = block;
        match &block.kind {
            BlockKind::TextBox(inner) => stack.push(inner.iter()),
            _ => out.push(block),
        }
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(b) => match &b.kind {
                    BlockKind::TextBox(inner) => stack.push(inner.iter()),
                    _ => out.push(b),
                },
                None => {
                    stack.pop();
                }
            }
        }
    }
    out
}

fn paragraph_of(b: &Block) -> Option<&Paragraph> {
    match &b.kind {
        BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => Some(p),
        _ => None,
    }
}

/// Prose paragraphs that are not provisions: an introduction ending in a
/// colon, a "(continued)" note, "None".
fn is_prose_provision(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.ends_with(':') {
        return false;
    }
    let lower = t.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(bare, "none" | "n/a" | "na" | "dim" | "continued" | "parhad" | "") {
        return false;
    }
    // An introduction to the section, not a provision: "This part of the
    // plan sets out…", "The governing body will secure the following…".
    const INTROS: &[&str] =
        &["this part", "this section", "the following", "below is", "below are", "the table below", "mae'r adran hon"];
    const INTRO_PHRASES: &[&str] = &[
        "sets out the",
        "set out below",
        "the following additional learning provision",
        "the following provision",
        "listed below",
    ];
    !(INTROS.iter().any(|i| bare.starts_with(i)) || INTRO_PHRASES.iter().any(|i| lower.contains(i)))
}

// ---------------------------------------------------------------------------
// Tables

#[derive(Clone)]
struct Header {
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
    cols.sort_by_key(|(c, _, _)| *c);
    let text = Some(row_key(row)).filter(|k| k.len() <= MAX_HEADER_KEY);
    Header { width: row.width(), cols, text }
}

/// Is this row a header: marked so, or most of its cells name a column role.
fn is_header_row(t: &Table, r: usize) -> bool {
    let row = &t.rows[r];
    if row.header {
        return true;
    }
    let texts: Vec<&str> = row.texts().into_iter().filter(|s| !s.is_empty()).collect();
    if texts.is_empty() {
        return false;
    }
    let named = texts.iter().filter(|s| short(s, 8, 70) && column_role(s) != Role::Other).count();
    if texts.len() >= 2 && named >= 2 && named * 2 >= texts.len() {
        return true;
    }
    // A bold first row over plain rows.
    r == 0
        && t.rows.len() > 1
        && row.cells.iter().filter(|c| !c.text().is_empty()).all(|c| c.all_bold())
        && !t.rows[1].cells.iter().filter(|c| !c.text().is_empty()).all(|c| c.all_bold())
}

/// At most `words` words and `chars` characters, counted no further than
/// needed: a cell can be a megabyte long.
fn short(text: &str, words: usize, chars: usize) -> bool {
    text.len() <= chars * 4 && text.chars().count() <= chars && text.split_whitespace().nth(words).is_none()
}

/// A row that is a category or sub-heading ("Communication and interaction"):
/// one distinct text over a table of several columns. `any_wide_row`: some
/// row of the table has more than one cell (worked out once per table).
fn is_title_row(row: &Row, width: usize, any_wide_row: bool) -> bool {
    if width <= 1 {
        return false;
    }
    let mut filled = row.cells.iter().filter(|c| !c.text().is_empty());
    let (Some(cell), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let text = cell.text();
    cell.span >= width
        || (row.cells.len() == 1 && any_wide_row)
        || cell.all_bold() && cell.words() <= 8
        || is_element_heading(text)
}

fn is_blank_row(row: &Row) -> bool {
    row.cells.iter().all(|c| c.is_rule())
}

/// Column roles by header name, each worked out once per table (every row
/// of a table has the same headers).
#[derive(Default)]
struct ColumnRoles(HashMap<String, Role>);

impl ColumnRoles {
    fn role(&mut self, name: &str) -> Role {
        if let Some(role) = self.0.get(name) {
            return *role;
        }
        let role = column_role(name);
        self.0.insert(name.to_string(), role);
        role
    }
}

fn table_provisions(
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
    let mut roles = ColumnRoles::default();
    for (r, row) in t.rows.iter().enumerate() {
        if is_blank_row(row) {
            pending_comments.extend(row.comments.iter().cloned());
            continue;
        }
        // A repeated header row (a table continued after a page break).
        if header.as_ref().and_then(|h| h.text.as_deref()).is_some_and(|key| row_key_is(row, key)) {
            found_header = true;
            continue;
        }
        if !found_header && out.len() == from && is_header_row(t, r) {
            *header = Some(header_of(row));
            found_header = true;
            continue;
        }
        if is_title_row(row, width, any_wide_row) {
            continue;
        }
        // A continued table without its header uses the one before, if it fits.
        let hdr = header.as_ref().filter(|h| h.width == width || found_header);
        let mut tb = TextBuilder::new();
        for cell in &row.cells {
            let name = hdr.map(|h| h.name_for(cell.col)).unwrap_or_default();
            let role = if name.is_empty() { Role::Other } else { roles.role(&name) };
            tb.push(&name, role, cell.text(), cell.merged_from_above);
            budget.check_builder(&tb)?;
        }
        let mut loc = Location::new(Layout::Table, if row.span.line.is_some() { &row.span } else { span });
        loc.table = Some(table_no);
        loc.row = Some(r + 1);
        let mut comments = std::mem::take(&mut pending_comments);
        comments.extend(row.comments.iter().cloned());
        budget.push(out, RawProvision { text: tb.text, fields: tb.fields, location: loc, comments })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Record tables: the labels down the first column, one provision per column

/// The role of each row's label when the table is laid out as a record
/// (or several side by side): the first column names the parts ("What",
/// "How often", "Who", "Training"), and each further column is one
/// provision. A provision table's first column names provisions instead,
/// which are rarely column headers, and never three kinds of them.
fn record_labels(t: &Table) -> Option<Vec<Role>> {
    let rows: Vec<&Row> = t.rows.iter().filter(|r| !is_blank_row(r)).collect();
    if rows.len() < 3 || t.rows.iter().map(Row::width).max().unwrap_or(0) < 2 {
        return None;
    }
    let labels: Vec<Role> = rows
        .iter()
        .map(|r| {
            let label = r.cells.first().map(|c| c.text()).unwrap_or_default();
            // A label is a few words; a long one (or one word a kilobyte
            // long) names no part, and is not worth matching.
            if label.split_whitespace().nth(8).is_some() || label.len() > MAX_LABEL_BYTES {
                Role::Other
            } else {
                column_role(label)
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
    let single = t.rows.iter().map(Row::width).max().unwrap_or(0) == 2 && named == labels.len();
    (named * 4 >= labels.len() * 3
        && (kinds.len() >= 3 || single)
        && kinds.contains(&Role::Description)
        && says_when_or_who)
        .then_some(labels)
}

/// Longer than any label of a record table or sub-field, in bytes.
const MAX_LABEL_BYTES: usize = 1000;

/// The provisions of a record table, one per column, into `out`; `false`
/// when the table is not laid out as records.
fn record_table_provisions(
    t: &Table,
    table_no: usize,
    span: &SourceSpan,
    budget: &mut Budget,
    out: &mut Vec<RawProvision>,
) -> Result<bool, ReadError> {
    let Some(labels) = record_labels(t) else { return Ok(false) };
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
    columns.sort_unstable();
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

// ---------------------------------------------------------------------------
// The statutory per-element layout (2B.1 … 2B.7)

struct ElementBuilder {
    number: usize,
    span: SourceSpan,
    values: Vec<(SubField, String)>,
    /// Bytes of the values so far, against `max_provision_bytes`.
    bytes: usize,
}

impl ElementBuilder {
    fn new(number: usize, span: &SourceSpan) -> Self {
        ElementBuilder { number, span: span.clone(), values: Vec::new(), bytes: 0 }
    }

    /// A label at or before the last one seen starts a new element.
    fn seen_order(&self, sub: SubField) -> bool {
        self.values.last().is_some_and(|(last, _)| sub.order() <= last.order())
    }

    fn field(&mut self, sub: SubField, value: &str) {
        self.bytes += value.len() + 3;
        self.values.push((sub, value.to_string()));
    }

    fn continue_last(&mut self, text: &str) {
        if let Some((_, v)) = self.values.last_mut() {
            if !v.is_empty() {
                v.push(' ');
            }
            v.push_str(text);
            self.bytes += text.len() + 1;
        }
    }

    fn finish(self) -> Option<RawProvision> {
        if !self.values.iter().any(|(s, v)| *s == SubField::Alp && !v.trim().is_empty()) && self.values.len() < 2 {
            return None;
        }
        let mut tb = TextBuilder::new();
        for (sub, value) in &self.values {
            tb.push(sub.key(), sub.role(), &collapse_ws(value), false);
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
fn is_element_table(t: &Table) -> bool {
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
        pairs += 1;
        let label = &cells[0];
        if let Some(sub) = short(label, 10, 90).then(|| subfield(label)).flatten() {
            if has_subfield_code(label) {
                coded += 1;
            }
            labelled += 1;
            named.insert(sub);
        }
    }
    coded >= 2 || (named.len() >= 3 && labelled * 2 >= pairs)
}

fn element_table_provisions(
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
        let label = if cells.len() >= 2 && cells[0].len() <= MAX_LABEL_BYTES { subfield(cells[0]) } else { None };
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
                e.field(sub, &cells[1..].join(" "));
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

struct Label {
    sub: SubField,
    coded: bool,
}

fn first_label(p: &Paragraph) -> Option<Label> {
    let first = p.text.lines().next()?;
    let (label, _) = split_label(first, p.leading_bold())?;
    Some(Label { sub: subfield(&label)?, coded: has_subfield_code(&label) })
}

/// Split "2B.1 Outcome: she will read" into its label and value. The label is
/// the leading bold text when there is one, else the text up to the first
/// colon or question mark.
fn split_label(line: &str, bold: Option<&str>) -> Option<(String, String)> {
    let line = line.trim();
    if let Some(b) = bold.filter(|b| line.starts_with(b))
        && subfield(b).is_some()
    {
        return Some((b.to_string(), line[b.len()..].trim().to_string()));
    }
    let cut = line.char_indices().find(|&(i, c)| (c == ':' || c == '?') && i <= 90).map(|(i, _)| i);
    let (label, value) = match cut {
        Some(i) => (&line[..=i], line[i + 1..].trim()),
        None if has_subfield_code(line) && line.split_whitespace().count() <= 10 => (line, ""),
        None => return None,
    };
    let sub = subfield(label)?;
    // Without a code, only a short label counts ("Outcome:", "Start date:").
    if !has_subfield_code(label) && label.split_whitespace().count() > 6 {
        return None;
    }
    let _ = sub;
    Some((label.to_string(), value.to_string()))
}

/// The labelled fields in a paragraph, one per line that starts with a label;
/// lines without one continue the field before.
fn labelled_lines(p: &Paragraph) -> Option<Vec<(SubField, String)>> {
    let mut out: Vec<(SubField, String)> = Vec::new();
    let mut offset = 0;
    // The readers record bold ranges in order and apart; lines come in
    // order too, so one walk through the ranges serves every line.
    let mut bold_ranges = std::borrow::Cow::Borrowed(&p.bold);
    if !p.bold.is_sorted_by_key(|r| r.start) {
        bold_ranges.to_mut().sort_by_key(|r| r.start);
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
        match split_label(line, bold) {
            Some((label, value)) => {
                let sub = subfield(&label)?;
                out.push((sub, value));
            }
            None => match out.last_mut() {
                Some((_, v)) => {
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
