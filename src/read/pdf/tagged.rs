//! A tagged PDF, rebuilt from its structure tree: the `Table` / `TR` /
//! `TH` / `TD` elements (with their `RowSpan` and `ColSpan` attributes),
//! `L` / `LI` / `Lbl` / `LBody` lists, `H1`…`H6` headings and `P`
//! paragraphs, each tied to the characters on the pages by its marked
//! content ids (MCIDs). Page furniture is marked as artifacts and is not in
//! the tree. A list label typed at a paragraph's start in a marked-content
//! sequence of its own keeps the tab that set it apart from its text, even
//! where the page draws the two touching; a line opening with a bullet is a
//! line of its own.
//!
//! The tree is first copied into a flat arena with an explicit stack (a
//! loop of references is visited once, and nesting is cut at
//! [`MAX_DEPTH`]), then turned into blocks.

use super::content::{Glyph, Rule};
use super::objects::Objects;
use super::text::TextBuilder;
use crate::types::error::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{
    Block, BlockKind, Cell, CellContent, CellPart, ListMark, Paragraph, Row, SourceSpan, Table, typed_list_marker,
};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Structure nested deeper than this is read as the text of the element at
/// this depth: real documents nest a dozen levels.
const MAX_DEPTH: usize = 128;

/// One structure element.
struct Node {
    /// The standard type it maps to (after the role map): `P`, `H2`, `TD`…
    kind: Vec<u8>,
    /// The type as written (LibreOffice writes paragraph style names).
    raw: Vec<u8>,
    row_span: usize,
    col_span: usize,
    kids: Vec<Kid>,
}

enum Kid {
    Node(usize),
    /// Marked content: (page index, MCID).
    Content(usize, u32),
}

pub(super) struct Pages<'p> {
    pub glyphs: &'p [Vec<Glyph>],
    pub index: &'p HashMap<ObjectId, usize>,
    /// Line ends are spaces only where one is drawn (see `text::spaced_wraps`).
    pub spaced_wraps: bool,
    /// Each page's vertical rules, by x: where a cell's text must end.
    pub verticals: &'p [Vec<Rule>],
}

/// The vertical rules of a page, left to right.
pub(super) fn verticals(rules: &[Rule]) -> Vec<Rule> {
    let mut v: Vec<Rule> = rules.iter().filter(|r| !r.horizontal).copied().collect();
    v.sort_unstable_by(|a, b| a.at.total_cmp(&b.at));
    v
}

/// Where the text of a cell between ruled lines must end: the rule to the
/// right of the text, less the room the text keeps from the rule to its
/// left. `None` when no rule stands on both sides.
fn ruled_edge(verticals: &[Rule], left: f32, right: f32, bottom: f32, top: f32) -> Option<f32> {
    let beside = |r: &&Rule| r.a <= top && r.b >= bottom;
    let at = verticals.partition_point(|r| r.at < right - 0.5);
    let r = verticals[at..].iter().take(64).find(beside)?;
    let at = verticals.partition_point(|r| r.at <= left + 0.5);
    let l = verticals[..at].iter().rev().take(64).find(beside)?;
    let pad = (left - l.at).clamp(0.5, 12.0);
    Some(r.at - pad)
}

/// The blocks of a tagged PDF, and how many of the pages' characters the
/// tree reached (to tell a usable tree from a token one).
pub(super) fn read(
    objs: &Objects,
    root: &Dictionary,
    pages: &Pages,
    limits: &Limits,
) -> Result<(Vec<Block>, usize), ReadError> {
    let arena = Arena::build(objs, root, pages);
    // The characters of each (page, MCID), in drawing order.
    let mut by_mcid: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
    for (p, glyphs) in pages.glyphs.iter().enumerate() {
        for (i, g) in glyphs.iter().enumerate() {
            if let (Some(m), false) = (g.mcid, g.artifact) {
                by_mcid.entry((p, m)).or_default().push(i);
            }
        }
    }
    let mut b = Builder { arena: &arena, pages, by_mcid: &by_mcid, limits, reached: 0, used: HashSet::new() };
    let mut out = Vec::new();
    if let Some(top) = arena.top {
        b.blocks(top, 0, 0, false, &mut out)?;
    }
    Ok((out, b.reached))
}

struct Arena {
    nodes: Vec<Node>,
    top: Option<usize>,
}

impl Arena {
    fn build(objs: &Objects, root: &Dictionary, pages: &Pages) -> Arena {
        let role_map = objs.dict(root.get(b"RoleMap").ok());
        let standard = |raw: &[u8]| -> Vec<u8> {
            let mut name = raw.to_vec();
            for _ in 0..8 {
                if is_standard(&name) {
                    break;
                }
                match role_map.and_then(|m| objs.name(m.get(&name).ok())) {
                    Some(n) if n != name => name = n,
                    _ => break,
                }
            }
            name
        };
        let mut nodes =
            vec![Node { kind: b"Document".to_vec(), raw: Vec::new(), row_span: 1, col_span: 1, kids: Vec::new() }];
        let mut seen: HashSet<ObjectId> = HashSet::new();
        // (the node to add kids to, the kids object, the page inherited, depth)
        let mut stack: Vec<(usize, &Object, Option<usize>, usize)> = Vec::new();
        if let Ok(k) = root.get(b"K") {
            stack.push((0, k, None, 1));
        }
        let max_nodes = objs.doc.objects.len() + 1;
        while let Some((parent, k, page, depth)) = stack.pop() {
            // Kids are pushed in reverse so that they are visited in order;
            // each kid is attached to its parent when visited, so the order
            // of a parent's kids is the order they are popped.
            let mut items: Vec<&Object> = Vec::new();
            match k {
                Object::Array(a) => items.extend(a.iter()),
                other => items.push(other),
            }
            // Resolve each kid now; push nodes to visit later.
            let mut pending: Vec<(usize, &Object, Option<usize>, usize)> = Vec::new();
            for item in items {
                let id = match item {
                    Object::Reference(id) => Some(*id),
                    _ => None,
                };
                let Some(obj) = objs.resolve(Some(item)) else { continue };
                match obj {
                    Object::Integer(mcid) => {
                        if let (Some(p), Ok(m)) = (page, u32::try_from(*mcid)) {
                            nodes[parent].kids.push(Kid::Content(p, m));
                        }
                    }
                    Object::Dictionary(d) => {
                        let ty = objs.name(d.get(b"Type").ok());
                        let pg = match d.get(b"Pg") {
                            Ok(Object::Reference(id)) => pages.index.get(id).copied(),
                            _ => None,
                        }
                        .or(page);
                        match ty.as_deref() {
                            Some(b"MCR") => {
                                if let (Some(p), Some(m)) = (pg, objs.integer(d.get(b"MCID").ok()))
                                    && let Ok(m) = u32::try_from(m)
                                {
                                    nodes[parent].kids.push(Kid::Content(p, m));
                                }
                            }
                            Some(b"OBJR") => {}
                            _ => {
                                if let Some(id) = id
                                    && !seen.insert(id)
                                {
                                    continue;
                                }
                                let Some(s) = objs.name(d.get(b"S").ok()) else { continue };
                                if nodes.len() >= max_nodes {
                                    continue;
                                }
                                if depth >= MAX_DEPTH {
                                    // Too deep: its content goes to the parent.
                                    if let Ok(k) = d.get(b"K") {
                                        pending.push((parent, k, pg, depth));
                                    }
                                    continue;
                                }
                                let (row_span, col_span) = spans(objs, d);
                                let node = Node { kind: standard(&s), raw: s, row_span, col_span, kids: Vec::new() };
                                nodes.push(node);
                                let n = nodes.len() - 1;
                                nodes[parent].kids.push(Kid::Node(n));
                                if let Ok(k) = d.get(b"K") {
                                    pending.push((n, k, pg, depth + 1));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Visit in document order: the last pushed is popped first.
            stack.extend(pending.into_iter().rev());
        }
        Arena { top: Some(0), nodes }
    }
}

fn is_standard(n: &[u8]) -> bool {
    matches!(
        n,
        b"Document"
            | b"Part"
            | b"Art"
            | b"Sect"
            | b"Div"
            | b"BlockQuote"
            | b"Caption"
            | b"TOC"
            | b"TOCI"
            | b"Index"
            | b"NonStruct"
            | b"Private"
            | b"P"
            | b"H"
            | b"H1"
            | b"H2"
            | b"H3"
            | b"H4"
            | b"H5"
            | b"H6"
            | b"L"
            | b"LI"
            | b"Lbl"
            | b"LBody"
            | b"Table"
            | b"TR"
            | b"TH"
            | b"TD"
            | b"THead"
            | b"TBody"
            | b"TFoot"
            | b"Span"
            | b"Quote"
            | b"Note"
            | b"Reference"
            | b"BibEntry"
            | b"Code"
            | b"Link"
            | b"Annot"
            | b"Ruby"
            | b"Warichu"
            | b"Figure"
            | b"Formula"
            | b"Form"
            | b"Title"
            | b"FENote"
            | b"Sub"
            | b"Em"
            | b"Strong"
            | b"Aside"
            | b"DocumentFragment"
            | b"Artifact"
    )
}

/// `RowSpan` and `ColSpan` from an element's attributes (`/A`: a
/// dictionary, or an array of them with revision numbers).
fn spans(objs: &Objects, d: &Dictionary) -> (usize, usize) {
    let mut row = 1;
    let mut col = 1;
    let mut look = |a: &Dictionary| {
        if let Some(n) = objs.integer(a.get(b"RowSpan").ok()) {
            row = n.clamp(1, 10_000) as usize;
        }
        if let Some(n) = objs.integer(a.get(b"ColSpan").ok()) {
            col = n.clamp(1, 10_000) as usize;
        }
    };
    match objs.resolve(d.get(b"A").ok()) {
        Some(Object::Dictionary(a)) => look(a),
        Some(Object::Array(items)) => {
            for i in items.iter().take(64) {
                if let Some(a) = objs.dict(Some(i)) {
                    look(a);
                }
            }
        }
        _ => {}
    }
    (row, col)
}

fn heading_level(kind: &[u8], raw: &[u8]) -> Option<u8> {
    match kind {
        b"H" | b"H1" => Some(1),
        b"H2" => Some(2),
        b"H3" => Some(3),
        b"H4" => Some(4),
        b"H5" => Some(5),
        b"H6" => Some(6),
        _ if raw == b"Title" => Some(1),
        _ => None,
    }
}

fn is_inline(kind: &[u8]) -> bool {
    matches!(
        kind,
        b"Span"
            | b"Quote"
            | b"Note"
            | b"Reference"
            | b"BibEntry"
            | b"Code"
            | b"Link"
            | b"Annot"
            | b"Ruby"
            | b"Warichu"
            | b"Lbl"
            | b"Em"
            | b"Strong"
            | b"Sub"
            | b"Formula"
            | b"Form"
    )
}

struct Builder<'b, 'p> {
    arena: &'b Arena,
    pages: &'b Pages<'p>,
    by_mcid: &'b HashMap<(usize, u32), Vec<usize>>,
    limits: &'b Limits,
    /// Characters placed in some block.
    reached: usize,
    /// Marked-content sequences already read (a tree that names one twice
    /// gives its text once).
    used: HashSet<(usize, u32)>,
}

impl Builder<'_, '_> {
    /// The blocks of node `n` and its descendants, appended to `out`.
    /// `level` is the list nesting, `tables` the table nesting.
    fn blocks(
        &mut self,
        n: usize,
        level: u8,
        tables: usize,
        in_toc: bool,
        out: &mut Vec<Block>,
    ) -> Result<(), ReadError> {
        let node = &self.arena.nodes[n];
        let kind = node.kind.as_slice();
        let in_toc = in_toc || matches!(kind, b"TOC" | b"TOCI");
        if kind == b"Table" {
            if tables + 1 > self.limits.table_depth() {
                return Err(Limits::exceeded(
                    "max_table_depth",
                    &format!("Tables are nested more than {} deep", self.limits.table_depth()),
                    self.limits.max_table_depth,
                ));
            }
            let t = self.table(n, tables + 1)?;
            out.push(block(BlockKind::Table(t)));
            return Ok(());
        }
        if kind == b"L" {
            return self.list(n, level, tables, out);
        }
        if let Some(h) = heading_level(kind, &node.raw) {
            let p = self.paragraph(n);
            if !p.text.trim().is_empty() {
                out.push(block(BlockKind::Heading { level: h, text: super::text::heading_text(&p.text) }));
            }
            return Ok(());
        }
        if kind == b"P" || is_inline(kind) || kind == b"TOCI" && !self.has_block_kids(n) {
            // The paragraph's own text: its content and inline elements. A
            // block inside it (a frame anchored in the paragraph) is a text
            // box after it, as the DOCX reader gives one.
            let own: Vec<&Kid> = node
                .kids
                .iter()
                .filter(|k| match k {
                    Kid::Node(c) => is_inline(&self.arena.nodes[*c].kind),
                    Kid::Content(..) => true,
                })
                .collect();
            let mut p = self.paragraph_of(&own);
            p.style = Some(if in_toc { "TOC".into() } else { String::from_utf8_lossy(&node.raw).into_owned() });
            push_paragraph(p, out);
            let mut inner = Vec::new();
            for k in &node.kids {
                if let Kid::Node(c) = k
                    && !is_inline(&self.arena.nodes[*c].kind)
                {
                    self.blocks(*c, level, tables, in_toc, &mut inner)?;
                }
            }
            if !inner.is_empty() {
                out.push(block(BlockKind::TextBox(inner)));
            }
            return Ok(());
        }
        if kind == b"Figure" || kind == b"Artifact" {
            // A figure's text (a text box drawn as one) is kept as a paragraph.
            let p = self.paragraph(n);
            push_paragraph(p, out);
            return Ok(());
        }
        // A grouping element: its kids in order; runs of loose content and
        // inline elements become paragraphs.
        let mut loose: Vec<&Kid> = Vec::new();
        for k in &self.arena.nodes[n].kids {
            let block_kid = match k {
                Kid::Node(c) => !is_inline(&self.arena.nodes[*c].kind),
                Kid::Content(..) => false,
            };
            if block_kid {
                if !loose.is_empty() {
                    let p = self.paragraph_of(&loose);
                    push_paragraph(p, out);
                    loose.clear();
                }
                if let Kid::Node(c) = k {
                    self.blocks(*c, level, tables, in_toc, out)?;
                }
            } else {
                loose.push(k);
            }
        }
        if !loose.is_empty() {
            let p = self.paragraph_of(&loose);
            push_paragraph(p, out);
        }
        Ok(())
    }

    fn has_block_kids(&self, n: usize) -> bool {
        self.arena.nodes[n].kids.iter().any(|k| matches!(k, Kid::Node(c) if !is_inline(&self.arena.nodes[*c].kind)))
    }

    fn list(&mut self, n: usize, level: u8, tables: usize, out: &mut Vec<Block>) -> Result<(), ReadError> {
        let kids: Vec<usize> = self.arena.nodes[n]
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Node(c) => Some(*c),
                Kid::Content(..) => None,
            })
            .collect();
        for c in kids {
            let kind = self.arena.nodes[c].kind.clone();
            match kind.as_slice() {
                b"LI" => self.item(c, level, tables, out)?,
                b"L" => self.list(c, level.saturating_add(1).min(8), tables, out)?,
                _ => {
                    let mut inner = Vec::new();
                    self.blocks(c, level, tables, false, &mut inner)?;
                    out.extend(inner.into_iter().map(|b| as_item(b, level, None)));
                }
            }
        }
        Ok(())
    }

    /// One `LI`: its label (`Lbl`) says bullet or number; its body's first
    /// paragraph is the item; nested lists follow one level down.
    fn item(&mut self, n: usize, level: u8, tables: usize, out: &mut Vec<Block>) -> Result<(), ReadError> {
        let mut label = String::new();
        let mut body = Vec::new();
        let kids: Vec<(bool, usize)> = self.arena.nodes[n]
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Node(c) => Some((self.arena.nodes[*c].kind == b"Lbl", *c)),
                Kid::Content(..) => None,
            })
            .collect();
        let loose: Vec<&Kid> = self.arena.nodes[n].kids.iter().filter(|k| matches!(k, Kid::Content(..))).collect();
        if !loose.is_empty() {
            let p = self.paragraph_of(&loose);
            push_paragraph(p, &mut body);
        }
        for (is_label, c) in kids {
            if is_label {
                label.push_str(&self.paragraph(c).text);
            } else if self.arena.nodes[c].kind == b"L" {
                self.list(c, level.saturating_add(1).min(8), tables, &mut body)?;
            } else {
                // The body: a list inside it is one level down.
                self.blocks(c, level.saturating_add(1).min(8), tables, false, &mut body)?;
            }
        }
        let ordered = {
            let l = label.trim();
            if l.is_empty() { None } else { Some(l.chars().any(|c| c.is_alphanumeric())) }
        };
        let mut first = true;
        for b in body {
            match b.kind {
                BlockKind::Paragraph(_) if first => {
                    out.push(as_item(b, level, ordered));
                    first = false;
                }
                BlockKind::ListItem { .. } => out.push(b),
                _ => out.push(b),
            }
        }
        Ok(())
    }

    fn table(&mut self, n: usize, depth: usize) -> Result<Table, ReadError> {
        // Rows: TR kids, and the TRs of THead / TBody / TFoot.
        let mut rows: Vec<(usize, bool)> = Vec::new();
        for k in &self.arena.nodes[n].kids {
            let Kid::Node(c) = k else { continue };
            let node = &self.arena.nodes[*c];
            match node.kind.as_slice() {
                b"TR" => rows.push((*c, false)),
                b"THead" | b"TBody" | b"TFoot" => {
                    let head = node.kind == b"THead";
                    for k2 in &node.kids {
                        if let Kid::Node(r) = k2
                            && self.arena.nodes[*r].kind == b"TR"
                        {
                            rows.push((*r, head));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut table = Table::default();
        // Cells merged down from rows above: column -> (content, span, rows left).
        let mut carry: Vec<Option<(Arc<CellContent>, usize, usize)>> = Vec::new();
        let mut cells_total = 0usize;
        for (r, head) in rows {
            let cell_nodes: Vec<usize> = self.arena.nodes[r]
                .kids
                .iter()
                .filter_map(|k| match k {
                    Kid::Node(c) if matches!(self.arena.nodes[*c].kind.as_slice(), b"TD" | b"TH") => Some(*c),
                    _ => None,
                })
                .collect();
            let all_th = !cell_nodes.is_empty() && cell_nodes.iter().all(|c| self.arena.nodes[*c].kind == b"TH");
            let mut row = Row { header: head || all_th, ..Row::default() };
            let mut col = 0usize;
            let mut own = cell_nodes.into_iter();
            loop {
                // Cells carried down into this column first.
                if let Some(Some((content, span, left))) = carry.get_mut(col) {
                    row.cells.push(Cell {
                        content: Arc::clone(content),
                        col,
                        span: *span,
                        merged_from_above: true,
                        ..Cell::default()
                    });
                    let span = *span;
                    *left -= 1;
                    if *left == 0 {
                        carry[col] = None;
                    }
                    col += span;
                    continue;
                }
                let Some(c) = own.next() else {
                    // Carried cells further right.
                    match (col..carry.len()).find(|&i| carry[i].is_some()) {
                        Some(i) => {
                            col = i;
                            continue;
                        }
                        None => break,
                    }
                };
                let (rs, cs) = (self.arena.nodes[c].row_span, self.arena.nodes[c].col_span);
                let content = Arc::new(self.cell_content(c, depth)?);
                if col + cs > self.limits.max_table_columns {
                    self.limits.check_table(table.rows.len() + 1, col + cs, cells_total)?;
                }
                if rs > 1 {
                    if carry.len() < col + 1 {
                        carry.resize(col + 1, None);
                    }
                    carry[col] = Some((Arc::clone(&content), cs, rs - 1));
                }
                row.cells.push(Cell { content, col, span: cs, ..Cell::default() });
                col += cs;
            }
            cells_total += row.cells.len();
            self.limits.check_table(table.rows.len() + 1, row.width(), cells_total)?;
            table.rows.push(row);
        }
        Ok(table)
    }

    fn cell_content(&mut self, n: usize, depth: usize) -> Result<CellContent, ReadError> {
        // Cell content is read as blocks, as at the top level; a table in it
        // is nested one level down.
        let mut blocks = Vec::new();
        self.cell_blocks(n, depth, &mut blocks)?;
        let mut content = CellContent::default();
        for b in blocks {
            match b.kind {
                BlockKind::Paragraph(p) => {
                    content.order.push(CellPart::Paragraph(content.paragraphs.len()));
                    content.paragraphs.push(p);
                }
                BlockKind::Heading { text, .. } => {
                    content.order.push(CellPart::Paragraph(content.paragraphs.len()));
                    content.paragraphs.push(Paragraph::plain(text));
                }
                BlockKind::ListItem { level, ordered, mut para } => {
                    para.list = Some(ListMark { level, ordered });
                    content.order.push(CellPart::Paragraph(content.paragraphs.len()));
                    content.paragraphs.push(para);
                }
                BlockKind::Table(t) => {
                    content.order.push(CellPart::Table(content.nested.len()));
                    content.nested.push(t);
                }
                _ => {}
            }
        }
        Ok(content)
    }

    fn cell_blocks(&mut self, n: usize, depth: usize, out: &mut Vec<Block>) -> Result<(), ReadError> {
        // A TD is a grouping element whose tables nest at `depth`.
        let mut loose: Vec<&Kid> = Vec::new();
        for k in &self.arena.nodes[n].kids {
            let block_kid = match k {
                Kid::Node(c) => !is_inline(&self.arena.nodes[*c].kind),
                Kid::Content(..) => false,
            };
            if block_kid {
                if !loose.is_empty() {
                    let p = self.paragraph_of(&loose);
                    push_paragraph(p, out);
                    loose.clear();
                }
                if let Kid::Node(c) = k {
                    self.blocks(*c, 0, depth, false, out)?;
                }
            } else {
                loose.push(k);
            }
        }
        if !loose.is_empty() {
            let p = self.paragraph_of(&loose);
            push_paragraph(p, out);
        }
        Ok(())
    }

    /// The text of node `n` and everything under it, as one paragraph.
    fn paragraph(&mut self, n: usize) -> Paragraph {
        let mut order = Vec::new();
        self.collect(n, &mut order);
        self.text_of(&order)
    }

    /// The (page, MCID) contents under `n`, in order, without recursion.
    fn collect(&self, n: usize, out: &mut Vec<(usize, u32)>) {
        enum Step {
            Node(usize),
            Content(usize, u32),
        }
        let mut stack = vec![Step::Node(n)];
        while let Some(s) = stack.pop() {
            match s {
                Step::Content(p, m) => out.push((p, m)),
                Step::Node(x) => {
                    for k in self.arena.nodes[x].kids.iter().rev() {
                        stack.push(match k {
                            Kid::Node(c) => Step::Node(*c),
                            Kid::Content(p, m) => Step::Content(*p, *m),
                        });
                    }
                }
            }
        }
    }

    fn paragraph_of(&mut self, kids: &[&Kid]) -> Paragraph {
        let mut order = Vec::new();
        for k in kids {
            match k {
                Kid::Content(p, m) => order.push((*p, *m)),
                Kid::Node(c) => self.collect(*c, &mut order),
            }
        }
        self.text_of(&order)
    }

    fn text_of(&mut self, contents: &[(usize, u32)]) -> Paragraph {
        let mut tb = TextBuilder::new(self.pages.spaced_wraps);
        // Where the text's lines must end: the cell's ruled edge when the
        // text stands between rules, else its widest line.
        let mut bounds: Option<(usize, [f32; 4])> = None;
        for (p, idx) in contents.iter().filter_map(|k| self.by_mcid.get(k).map(|idx| (k.0, idx))) {
            for &i in idx.iter() {
                let g = &self.pages.glyphs[p][i];
                // A space drawn after a line's last word is not where its text ends.
                if g.ch.is_whitespace() {
                    continue;
                }
                let b = [g.x, g.x + g.w, g.y, g.y + g.size];
                match &mut bounds {
                    None => bounds = Some((p, b)),
                    Some((bp, a)) if *bp == p => {
                        *a = [a[0].min(b[0]), a[1].max(b[1]), a[2].min(b[2]), a[3].max(b[3])];
                    }
                    Some(_) => {}
                }
            }
        }
        if let Some((p, [left, right, bottom, top])) = bounds {
            match self.pages.verticals.get(p).and_then(|v| ruled_edge(v, left, right, bottom, top)) {
                Some(edge) => {
                    tb.edge = edge;
                    tb.ruled = true;
                }
                None => tb.edge = right,
            }
        }
        let label = self.label_against_text(contents);
        for &(p, m) in contents {
            if !self.used.insert((p, m)) {
                continue;
            }
            let Some(idx) = self.by_mcid.get(&(p, m)) else { continue };
            let glyphs = &self.pages.glyphs[p];
            self.reached += idx.len();
            for &i in idx {
                tb.push(p, &glyphs[i]);
            }
            if label == Some((p, m)) {
                tb.tab();
            }
        }
        tb.finish()
    }

    /// The marked content holding a list label typed at the start of a
    /// paragraph ("2B.1", "3.", "a)") when its text is drawn against it:
    /// the label in a sequence of its own, the text in the next one on the
    /// same line, to its right. A word processor puts a tab there; when the
    /// label is wider than the indent (a font put in for one the PDF's maker
    /// lacked), the tab shrinks to nothing and the page shows "2B.1Therapi".
    /// The tab is put back, so the label reads as it does in the Word file.
    fn label_against_text(&self, contents: &[(usize, u32)]) -> Option<(usize, u32)> {
        let mut drawn = contents.iter().filter(|k| !self.used.contains(k)).filter_map(|k| {
            let glyphs = &self.pages.glyphs[k.0];
            let idx = self.by_mcid.get(k)?;
            let seen: Vec<&Glyph> = idx.iter().map(|&i| &glyphs[i]).filter(|g| !g.ch.is_whitespace()).collect();
            (!seen.is_empty()).then_some((*k, seen))
        });
        let (key, label) = drawn.next()?;
        let (next_key, next) = drawn.next()?;
        if next_key.0 != key.0 || label.len() > 8 {
            return None;
        }
        let first = label[0];
        let on_line = |g: &Glyph| (g.y - first.y).abs() <= 0.2 * first.size.max(g.size).max(1.0);
        if !label.iter().all(|g| on_line(g)) {
            return None;
        }
        let right = label.iter().map(|g| g.x + g.w).fold(f32::MIN, f32::max);
        let body = next[0];
        let text: String = label.iter().map(|g| g.ch).collect();
        let starts_word = body.ch.is_alphabetic() || matches!(body.ch, '‘' | '“' | '\'' | '"' | '(');
        (on_line(body) && body.x >= right - 0.3 && starts_word && is_label(&text)).then_some(key)
    }
}

/// A list label as typed at the start of a paragraph: a bullet, a number or
/// letter with its full stop or bracket ("3.", "a)", "(iv)", "iv."), or a
/// dotted code ("2B.1", "1.2.3").
pub(super) fn is_label(t: &str) -> bool {
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && matches!(c, '\u{f000}'..='\u{f0ff}' | '•' | '●' | '▪' | '■' | '◦' | '○' | '–' | '➢' | '✓')
    {
        return true;
    }
    let (stem, punct) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => match t.strip_suffix(['.', ')']) {
            Some(stem) => (stem, true),
            None => (t, false),
        },
    };
    let digits = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if punct
        && (digits(stem)
            || stem.len() == 1 && stem.bytes().all(|b| b.is_ascii_alphabetic())
            || (1..=4).contains(&stem.len()) && stem.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')))
    {
        return true;
    }
    let mut parts = stem.split('.');
    let head = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    (1..=3).contains(&head.len())
        && head.bytes().all(|b| b.is_ascii_alphanumeric())
        && head.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && !rest.is_empty()
        && rest.iter().all(|p| digits(p))
}

fn block(kind: BlockKind) -> Block {
    Block { kind, span: SourceSpan::default() }
}

fn push_paragraph(p: Paragraph, out: &mut Vec<Block>) {
    if !p.text.trim().is_empty() {
        out.push(block(BlockKind::Paragraph(p)));
    }
}

/// A paragraph made a list item: a typed marker at its start (the bullet
/// LibreOffice draws inside the paragraph) is taken off, and says whether
/// the list is numbered when no label did.
fn as_item(b: Block, level: u8, ordered: Option<bool>) -> Block {
    match b.kind {
        BlockKind::Paragraph(mut para) => {
            let mut ord = ordered.unwrap_or(false);
            if let Some((mark, len)) = typed_list_marker(&para.text) {
                if ordered.is_none() {
                    ord = mark.ordered;
                }
                para = strip_front(para, len);
            } else if let Some(rest) = strip_symbol(&para.text) {
                let len = para.text.len() - rest.len();
                para = strip_front(para, len);
            } else if ordered.is_none()
                && let Some((mark, len)) = super::layout::marker(&para.text)
            {
                // No label: the number was drawn inside the body, against its
                // text ("10.Drawing"), as LibreOffice does when it fills the
                // indent.
                ord = mark.ordered;
                para = strip_front(para, len);
            }
            block(BlockKind::ListItem { level, ordered: ord, para })
        }
        _ => b,
    }
}

/// A bullet from a symbol font with no space after it ("\u{f0b7}Text").
fn strip_symbol(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let c = t.chars().next()?;
    if matches!(c, '\u{f000}'..='\u{f0ff}' | '•' | '●' | '▪' | '■' | '◦' | '○' | '–' | '➢' | '✓') {
        Some(t[c.len_utf8()..].trim_start())
    } else {
        None
    }
}

/// `para` without its first `len` bytes; bold ranges move with the text.
pub(super) fn strip_front(mut para: Paragraph, len: usize) -> Paragraph {
    let len = len.min(para.text.len());
    para.text.drain(..len);
    para.bold = para
        .bold
        .iter()
        .filter(|r| r.end > len)
        .map(|r| r.start.saturating_sub(len)..r.end - len)
        .filter(|r| !r.is_empty())
        .collect();
    para
}

#[cfg(test)]
mod tests {
    use super::is_label;

    #[test]
    fn typed_labels_are_told_from_words() {
        for label in ["2B.1", "2B.14", "1.2.3", "3.", "12)", "a)", "(iv)", "iv.", "•", "\u{f0b7}"] {
            assert!(is_label(label), "{label}");
        }
        for word in ["2B", "Therapi", "2025", "B.1", "1.5x", "Mr.", "(see", "2B.", "–a"] {
            assert!(!is_label(word), "{word}");
        }
    }
}
