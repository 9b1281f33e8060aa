//! Split Section 2B into provisions.
//!
//! The section's layout is decided once, from what it holds: provision
//! tables (`table`: one provision per row), record tables (`record`: one per
//! column), the statutory per-element layout (`element`: one per element,
//! 2B.1–2B.7), lists (`list`: one per top-level item) or prose (`prose`: one
//! per paragraph). Each layout is a module of its own. Each provision keeps
//! its parts as fields with a role, so the checker knows the frequency
//! column from the review date.

mod element;
mod list;
mod notes;
mod prose;
mod record;
mod table;

use crate::lexicon::Lexicon;
use crate::lexicon::sections::is_element_heading;
use crate::locate::Section;
use crate::types::error::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{Block, BlockKind, Paragraph, collapse_ws};
use crate::types::provision::{Field, Layout, Location, RawProvision, Role, SubField};
use element::{
    ElementBuilder, Label, element_table_provisions, finish_element, first_label, is_element_table, labelled_lines,
};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

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
        self.push_labelled(name, role, "", value, merged);
    }

    /// A field written after its label ("How long: 20 minutes"): the label
    /// is in the text, and the field is the value alone, so that a label
    /// over nothing ("How long: –") is a blank field.
    fn push_labelled(&mut self, name: &str, role: Role, label: &str, value: &str, merged: bool) {
        if !self.fields.is_empty() {
            self.text.push_str(" | ");
        }
        self.text.push_str(label);
        if !label.is_empty() && !value.is_empty() {
            self.text.push(' ');
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
pub fn split(section: &Section, limits: &Limits, lex: &Lexicon) -> Result<Vec<RawProvision>, ReadError> {
    let mut budget = Budget::new(limits);
    let blocks = flatten(&section.blocks);
    let mut out = split_blocks(&blocks, lex, &mut budget, false)?;
    // A question is asked of the reader, not promised to the child: a
    // parent's questions under the quoted section ("Who will do the OT, and
    // how often?"), a form's prompt. A table row is kept: its cells say more.
    out.retain(|p| !(matches!(p.location.layout, Layout::List | Layout::Paragraph) && is_question(&p.text)));
    Ok(out)
}

/// Is the text one sentence, a question? Several sentences ending in a
/// question may be labels and answers with the last left blank ("What?
/// Counselling. Who?"), which is a provision.
fn is_question(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')'));
    let Some(body) = t.strip_suffix('?') else { return false };
    !["? ", ". ", "! "].iter().any(|end| body.contains(end))
}

/// Split a run of Section 2B's blocks: the whole section, or (`mixed_part`,
/// in a section that mixes layouts) the text between or after its tables.
fn split_blocks(
    blocks: &[&Block],
    lex: &Lexicon,
    budget: &mut Budget,
    mixed_part: bool,
) -> Result<Vec<RawProvision>, ReadError> {
    let cols = &lex.columns;

    let element_tables: Vec<bool> =
        blocks.iter().map(|b| matches!(&b.kind, BlockKind::Table(t) if is_element_table(cols, t))).collect();
    // Tables labelled alike down their first column, one after another.
    let signatures: Vec<Option<Vec<String>>> = blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Table(t) => record::label_signature(t),
            _ => None,
        })
        .collect();
    let mut signature_count: HashMap<&[String], usize> = HashMap::new();
    for sig in signatures.iter().flatten() {
        *signature_count.entry(sig.as_slice()).or_default() += 1;
    }
    let repeated: Vec<bool> =
        signatures.iter().map(|s| s.as_ref().is_some_and(|s| signature_count[s.as_slice()] >= 2)).collect();
    // Small tables, each opening with a numbered title, one provision each.
    let numbered: Vec<bool> = blocks
        .iter()
        .map(|b| matches!(&b.kind, BlockKind::Table(t) if t.rows.len() <= 8 && record::numbered_title(t)))
        .collect();
    let numbered_tables = numbered.iter().filter(|&&n| n).count() >= 2;
    let labels: Vec<Label> =
        blocks.iter().filter_map(|b| paragraph_of(b)).filter_map(|p| first_label(cols, p)).collect();
    let distinct: std::collections::HashSet<SubField> = labels.iter().map(|l| l.sub).collect();
    let has_element_paras = labels.iter().any(|l| l.coded) || distinct.len() >= 3;
    let has_elements = element_tables.iter().any(|&e| e) || has_element_paras;
    let has_tables = blocks
        .iter()
        .zip(&element_tables)
        .any(|(b, &e)| !e && matches!(&b.kind, BlockKind::Table(t) if !t.rows.is_empty()));
    let has_list = blocks.iter().any(|b| matches!(b.kind, BlockKind::ListItem { .. }));
    // A section of tables with lists or paragraphs between or after them
    // ("Also:" and bullets under the table): each run of text between the
    // tables is split as a section of its own, so its items are read, not
    // dropped.
    // Likewise a section whose parts, under their headings, are written
    // differently: a list under one area, sentences under another.
    let part_has = |list: bool| {
        blocks.split(|b| matches!(b.kind, BlockKind::Heading { .. })).any(|part| {
            let lists = part.iter().any(|b| matches!(b.kind, BlockKind::ListItem { .. }));
            let paras = part.iter().any(|b| matches!(b.kind, BlockKind::Paragraph(_)));
            if list { lists } else { paras && !lists }
        })
    };
    let parts_differ = !has_tables && !has_elements && has_list && part_has(true) && part_has(false);
    let mixed = (has_tables && !has_elements) || parts_differ;
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

    // A bold title over "Label: value" items: one provision.
    let records = if has_list && !has_tables && !has_elements {
        list::titled_records(cols, blocks)
    } else {
        vec![None; blocks.len()]
    };
    let prose_titles = if use_paragraphs { prose::titles(blocks) } else { vec![None; blocks.len()] };
    // Paragraphs already taken into a titled provision, up to this index.
    let mut consumed_to = 0;
    let area_titles = if use_lists { list::area_titles(blocks, top_level) } else { vec![None; blocks.len()] };
    // Inside an area title's list: the level its provisions stand at.
    let mut item_level = top_level;

    let mut out: Vec<RawProvision> = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut table_no = 0;
    let mut header: Option<table::Header> = None;
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

    // In a mixed section: the end of the run of text being split on its own.
    let mut run_to = 0;
    // The end of the notes under the last table, written into its cells.
    let mut notes_to = 0;

    for (i, block) in blocks.iter().enumerate() {
        match &block.kind {
            _ if i < notes_to => {}
            _ if mixed && i < run_to => {}
            BlockKind::Paragraph(_) | BlockKind::ListItem { .. } if mixed => {
                let mut end = (i..blocks.len())
                    .find(|&j| {
                        matches!(blocks[j].kind, BlockKind::Table(_))
                            || parts_differ && matches!(blocks[j].kind, BlockKind::Heading { .. })
                    })
                    .unwrap_or(blocks.len());
                // A comment just before a table is for the table's rows.
                while end > i && matches!(blocks[end - 1].kind, BlockKind::Comment(_)) {
                    end -= 1;
                }
                run_to = end;
                // A short bold line alone just before a table is the table's
                // title ("ALP 3 of 12 – Access to learning"), not a provision.
                let title_of_table = end == i + 1
                    && matches!(blocks.get(end).map(|b| &b.kind), Some(BlockKind::Table(_)))
                    && prose::is_title(blocks[i]);
                if title_of_table {
                    comments.clear();
                    continue;
                }
                let mut run = split_blocks(&blocks[i..end], lex, budget, true)?;
                if let Some(first) = run.first_mut() {
                    attach_comments(first, &mut comments);
                }
                comments.clear();
                for mut p in run.drain(..) {
                    if matches!(p.location.layout, Layout::List | Layout::Paragraph) {
                        item_no += 1;
                        p.location.item = Some(item_no);
                    }
                    out.push(p);
                }
            }
            BlockKind::Comment(c) => comments.push(c.clone()),
            BlockKind::Table(t) => {
                flush_item(&mut open_item, &mut out, budget)?;
                table_no += 1;
                let from = out.len();
                if numbered_tables && numbered[i] && !element_tables[i] {
                    record::whole_table_provision(t, table_no, &block.span, budget, &mut out)?;
                } else if element_tables[i] {
                    element_table_provisions(cols, t, &mut element_no, table_no, budget, &mut out)?;
                } else if !record::record_table_provisions(
                    cols,
                    t,
                    repeated[i],
                    table_no,
                    &block.span,
                    budget,
                    &mut out,
                )? {
                    table::table_provisions(cols, lex, t, table_no, &block.span, &mut header, budget, &mut out)?;
                }
                for p in &mut out[from..] {
                    attach_comments(p, &mut comments);
                }
                let (table_notes, end) = notes::notes_after(blocks, i + 1, &out[from..]);
                if !table_notes.is_empty() {
                    for p in &mut out[from..] {
                        notes::apply(p, &table_notes);
                        budget.check(p.text.len(), 0)?;
                    }
                    notes_to = end;
                }
            }
            BlockKind::Heading { text, .. } => {
                flush_item(&mut open_item, &mut out, budget)?;
                if let Some(e) = element.take() {
                    finish_element(e, &mut comments, budget, &mut out)?;
                }
                if is_element_heading(text) {
                    element_no += 1;
                    element = Some(ElementBuilder::new(element_no, &block.span));
                }
            }
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } if has_element_paras => {
                if let Some(labels) = labelled_lines(cols, p) {
                    for (sub, role, value) in labels {
                        let fresh = element.as_ref().is_none_or(|e| e.seen_order(sub));
                        if fresh {
                            if let Some(e) = element.take() {
                                finish_element(e, &mut comments, budget, &mut out)?;
                            }
                            element_no += 1;
                            element = Some(ElementBuilder::new(element_no, &block.span));
                        }
                        if let Some(e) = element.as_mut() {
                            e.field(sub, role, &value);
                            budget.check_gathering(e.bytes)?;
                        }
                    }
                } else if let Some(e) = element.as_mut() {
                    // A value written on its own paragraph after its label.
                    e.continue_last(&p.text);
                    budget.check_gathering(e.bytes)?;
                }
            }
            BlockKind::ListItem { .. } if use_lists && i < consumed_to => {}
            BlockKind::Paragraph(p) if use_lists && records[i].is_some() => {
                flush_item(&mut open_item, &mut out, budget)?;
                let end = records[i].unwrap_or(i + 1);
                let mut tb = TextBuilder::new();
                tb.push("title", Role::Description, &collapse_ws(&p.text), false);
                for b in &blocks[i + 1..end] {
                    if let BlockKind::ListItem { para, .. } = &b.kind {
                        let text = collapse_ws(&para.text);
                        let (label, _) = text.split_once(':').unwrap_or(("", ""));
                        tb.push(label.trim(), cols.role(label), &text, false);
                    }
                }
                budget.check_builder(&tb)?;
                item_no += 1;
                let mut loc = Location::new(Layout::List, &block.span);
                loc.item = Some(item_no);
                consumed_to = end;
                let p = RawProvision {
                    text: tb.text,
                    fields: tb.fields,
                    location: loc,
                    comments: std::mem::take(&mut comments),
                };
                budget.push(&mut out, p)?;
            }
            BlockKind::ListItem { level, .. } if use_lists && area_titles[i].is_some() => {
                // "1. Hearing and access to learning" over its provisions:
                // a heading, not a provision.
                flush_item(&mut open_item, &mut out, budget)?;
                comments.clear();
                item_level = area_titles[i].unwrap_or(*level + 1);
            }
            BlockKind::ListItem { level, para, .. } if use_lists => {
                if *level <= top_level {
                    item_level = top_level;
                }
                // A sub-item that is a sentence of its own under an item
                // that is one too ("1. Reading programme daily …." over
                // "(a) Vocabulary work before each new unit, 10 minutes, by a
                // TA.") is a provision of its own: a list item, as the
                // guideline counts them. Fragments ("weekly", "a core
                // vocabulary chosen by the SaLT") detail their item, and so
                // does a translation.
                let own = open_item.as_ref().is_some_and(|(_, parent)| {
                    list::is_own_sentence(parent)
                        && list::is_own_sentence(&para.text)
                        // Not the item again in the other language (a Welsh
                        // item over its English twin).
                        && crate::language::mix(parent).lang() == crate::language::mix(&para.text).lang()
                });
                if *level <= item_level || open_item.is_none() || own {
                    flush_item(&mut open_item, &mut out, budget)?;
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
            // A plain paragraph between two items of a list goes on with the
            // item before it ("The words are sent home each Friday." under
            // the item it explains); a bold area label, a lead-in ending in
            // a colon, and a note before a new area or after the last item
            // do not.
            BlockKind::Paragraph(p)
                if use_lists
                    && open_item.is_some()
                    && !p.all_bold()
                    && !p.text.trim_end().ends_with(':')
                    && blocks.get(i + 1).is_some_and(|next| matches!(next.kind, BlockKind::ListItem { .. }))
                    && area_titles.get(i + 1).is_some_and(Option::is_none) =>
            {
                if let Some((raw, text)) = open_item.as_mut() {
                    text.push(' ');
                    text.push_str(&p.text);
                    if let (Some(b), Some(nb)) = (raw.location.bytes.as_mut(), block.span.bytes.as_ref()) {
                        b.end = b.end.max(nb.end);
                    }
                }
            }
            // Around tables, a sentence between lists that says what will be
            // done is a provision of its own ("Also:" bullets, then "The
            // class teacher will meet his parents once a term").
            BlockKind::Paragraph(p) if mixed_part && use_lists && prose::is_provision_sentence(lex, &p.text) => {
                flush_item(&mut open_item, &mut out, budget)?;
                item_no += 1;
                let p = paragraph_provision(collapse_ws(&p.text), block, item_no, std::mem::take(&mut comments));
                budget.push(&mut out, p)?;
            }
            BlockKind::Paragraph(_) if use_paragraphs && i < consumed_to => {}
            BlockKind::Paragraph(_) if use_paragraphs && prose_titles[i] == Some(prose::Title::Area) => {
                comments.clear();
            }
            BlockKind::Paragraph(p) if use_paragraphs => {
                // A provision's title takes the paragraphs under it.
                let mut text = collapse_ws(&p.text);
                if let Some(prose::Title::Provision { end }) = prose_titles[i] {
                    for b in &blocks[i + 1..end] {
                        if let BlockKind::Paragraph(q) = &b.kind {
                            text.push(' ');
                            text.push_str(&collapse_ws(&q.text));
                        }
                    }
                    consumed_to = end;
                }
                // A title's last line may be a label left empty ("Training:"):
                // the colon ends a field, not an introduction.
                let titled = matches!(prose_titles[i], Some(prose::Title::Provision { .. }));
                let checked = if titled { text.trim_end().trim_end_matches(':') } else { text.as_str() };
                // Around tables, paragraphs also introduce, caption and
                // annotate them: only a sentence of what will be done is a
                // provision there.
                let provision = if mixed_part {
                    prose::is_provision_sentence(lex, checked)
                } else {
                    prose::is_prose_provision(&lex.context, checked)
                };
                if provision {
                    item_no += 1;
                    let p = paragraph_provision(text, block, item_no, std::mem::take(&mut comments));
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
    flush_item(&mut open_item, &mut out, budget)?;
    if let Some(e) = element.take() {
        finish_element(e, &mut comments, budget, &mut out)?;
    }
    Ok(out)
}

/// A paragraph that is one provision, the `item`th of its section.
fn paragraph_provision(text: String, block: &Block, item: usize, comments: Vec<String>) -> RawProvision {
    let mut location = Location::new(Layout::Paragraph, &block.span);
    location.item = Some(item);
    let fields = vec![Field { name: "provision".into(), role: Role::Description, range: 0..text.len(), merged: false }];
    RawProvision { text, fields, location, comments }
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_question_of_one_sentence_is_not_a_provision_and_labels_with_a_blank_answer_are() {
        assert!(super::is_question("Pwy fydd yn gwneud y therapi galwedigaethol a pha mor aml?"));
        assert!(super::is_question("Why is ELSA 'if there is space'? "));
        assert!(!super::is_question("What? Counselling. How often? Weekly. Who?"));
        assert!(!super::is_question("Reading group, daily, 20 minutes."));
    }
}
