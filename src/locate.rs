//! Find Section 2B in a document.
//!
//! The statutory form's headings are mandatory (ALNET Act 2018, s.4(6)(c)), but their
//! look is not: "Section 2B", "2B.", "Part 2B", "Adran 2B", with or without a
//! title, as a Word heading, a bold paragraph, or a row of a table. The
//! section runs to the next heading of the same or higher rank, or to the
//! next section code (2C, 2D, 3, Adran 2C…). Sub-field labels 2B.1–2B.7 and
//! "Element N" headings stay inside it.
//!
//! With no 2B heading at all, a table whose header row names the additional
//! learning provision ("ALP", "Provision", "DDdY") is Section 2B.

use crate::lexicon::sections;
pub(crate) use crate::lexicon::sections::is_element_heading;
use crate::types::model::{Block, BlockKind, Table, collapse_ws};
use crate::types::report::FoundBy;
use std::borrow::Cow;

/// A section code such as 2B, 3 or 2B.1, read from the start of a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Code {
    pub number: u8,
    pub letter: Option<char>,
    pub sub: Option<u8>,
    /// Introduced by "Section", "Part", "Adran" or "Rhan", or written as a
    /// number with a letter (2B), or "3." before a word: safe to trust on a
    /// bold or plain line. A bare number ("3 Outcomes") is trusted only on a
    /// real heading.
    pub strong: bool,
}

impl Code {
    pub(crate) fn is_2b(&self) -> bool {
        self.number == 2 && self.letter == Some('B') && self.sub.is_none()
    }

    pub(crate) fn is_2b_field(&self) -> bool {
        self.number == 2 && self.letter == Some('B') && self.sub.is_some()
    }
}

/// Read the section code at the start of a heading's text. A heading
/// numbered by hand or by an outline before its code ("3. Section 2B – …",
/// "2.2 Adran 2B", "4)\tSection 2C") is the section its code names: the
/// number only counts the headings.
pub(crate) fn section_code(text: &str) -> Option<Code> {
    let Some((code, rest)) = code_at_start(text) else {
        return code_at_end(text);
    };
    if code.letter.is_none()
        && !starts_with_keyword(text)
        && let Some((named, _)) = code_at_start(rest.trim_start())
        && (named.letter.is_some() || starts_with_keyword(rest))
    {
        return Some(named);
    }
    Some(code)
}

/// A title that names its section last, after a dash or in brackets:
/// "What we will do (ALP) – Section 2B", "Darpariaeth (Adran 2B)". Only a
/// keyword's code ("Section 2B", not a bare "2B") and only as the last words.
fn code_at_end(text: &str) -> Option<Code> {
    let lower = text.to_lowercase();
    let at = ["section", "part", "adran", "rhan"].iter().filter_map(|k| lower.rfind(k)).max()?;
    if at == 0 || !lower.is_char_boundary(at) {
        return None;
    }
    let before = lower[..at].trim_end();
    if !before.ends_with(['–', '—', '-', '(', ':', '|', '/', ',']) {
        return None;
    }
    let (code, rest) = code_at_start(&text[at..])?;
    let tail_empty = rest.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()).is_empty();
    (tail_empty && code.letter.is_some()).then_some(Code { strong: true, ..code })
}

/// The code at the very start of `text`, and the text after it.
fn code_at_start(text: &str) -> Option<(Code, &str)> {
    let c = sections::get().code.captures(text)?;
    let after = c.name("after").map_or("", |m| m.as_str());
    let rest = &text[c.get(0).unwrap().end()..];
    // "1:1 support", "3:30pm" and "2/3" are not section codes.
    if matches!(after, ":" | "/") && rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let number: u8 = c["num"].parse().ok()?;
    if number == 0 || number > 12 {
        return None;
    }
    let kw = c.name("kw").is_some();
    let raw_letter = c.name("letter").map(|m| m.as_str().chars().next().unwrap());
    // A lower-case letter is a code only after a keyword ("section 2b").
    if raw_letter.is_some_and(|l| l.is_lowercase()) && !kw {
        return None;
    }
    let letter = raw_letter.map(|l| l.to_ascii_uppercase());
    let sub = c.name("sub").and_then(|m| m.as_str().parse().ok());
    let dotted_title = after == "." && rest.trim_start().starts_with(|ch: char| ch.is_uppercase());
    let strong = kw || letter.is_some() || dotted_title || rest.trim().is_empty();
    Some((Code { number, letter, sub, strong }, rest))
}

/// The heading is its code and nothing more ("2B", "Section 2B:", "ADRAN
/// 2B"): its title, if it has one, is the next line.
fn is_code_only(text: &str) -> bool {
    sections::get().code.find(text).is_some_and(|m| {
        text[m.end()..].trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()).is_empty()
    })
}

/// Section 2B: its heading and its blocks, in order. The blocks are the
/// document's own, borrowed; only a table cut from a larger one (the rows
/// after a 2B row) is made anew.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub heading: Option<String>,
    pub found_by: FoundBy,
    pub blocks: Vec<Cow<'a, Block>>,
}

/// What a block is to the locator: its rank as a heading, and its code.
#[derive(Debug, Clone)]
struct HeadingInfo {
    /// 1..=6 for real headings, 7 for a bold line, 8 for a plain line.
    rank: u8,
    code: Option<Code>,
    text: String,
}

fn heading_info(block: &Block) -> Option<HeadingInfo> {
    match &block.kind {
        BlockKind::Heading { level, text } => {
            let text = crate::types::model::collapse_ws(text);
            Some(HeadingInfo { rank: (*level).clamp(1, 6), code: section_code(&text), text })
        }
        BlockKind::Paragraph(p) => line_heading(p, false),
        // A numbered or bulleted line that names a section ("3.\tSection
        // 2B – …" numbered by hand or by Word) heads it; other list items
        // are never headings, bold or not.
        BlockKind::ListItem { para, .. } => line_heading(para, true),
        _ => None,
    }
}

/// A paragraph or list item that stands as a heading: a short bold line (a
/// list item only with a section code), or a short plain line that starts
/// with a section code ("Section 2B", "2B …"; a list item only with a
/// lettered code).
fn line_heading(p: &crate::types::model::Paragraph, item: bool) -> Option<HeadingInfo> {
    if p.style.as_deref().is_some_and(|s| s.to_ascii_lowercase().starts_with("toc")) {
        return None;
    }
    // Most paragraphs are prose: give up after the 17th word rather than
    // collapse a long paragraph first (a 40 MB plan has hundreds of
    // thousands of them).
    if more_ascii_words_than(&p.text, 16) {
        return None;
    }
    let text = crate::types::model::collapse_ws(&p.text);
    let short = text.chars().count() <= 120;
    if !short {
        return None;
    }
    let code = section_code(&text).filter(|c| c.strong);
    if item && code.is_none() {
        return None;
    }
    if p.all_bold() {
        Some(HeadingInfo { rank: 7, code, text })
    } else if code.is_some_and(|c| c.letter.is_some() || (!item && starts_with_keyword(&text)))
        && !text.ends_with('.')
        && is_label_free(&text)
    {
        Some(HeadingInfo { rank: 8, code, text })
    } else {
        None
    }
}

/// More than `n` words split at ASCII white space. A cheap byte scan that
/// stops early; splitting at Unicode white space can only find more words,
/// so `true` here means `split_whitespace` finds more than `n` too.
fn more_ascii_words_than(text: &str, n: usize) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        if b.is_ascii_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > n {
                return true;
            }
        }
    }
    false
}

fn starts_with_keyword(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    ["section", "part", "adran", "rhan"].iter().any(|k| lower.starts_with(k))
}

/// A plain line like "2B.1 Outcome: she will…" is a field, not a heading.
fn is_label_free(text: &str) -> bool {
    match text.find(':') {
        Some(i) => text[i + 1..].trim().is_empty(),
        None => true,
    }
}

fn is_2b_title(text: &str) -> bool {
    let text = text.trim();
    sections::get().alp_title.is_match(text)
        && !sections::get().not_2b_title.is_match(text)
        && text.split_whitespace().count() <= 14
}

/// The text of a table row that stands as a heading: one distinct non-empty
/// text in the row.
fn row_heading(table: &Table, row: usize) -> Option<String> {
    let texts: Vec<&str> = table.rows[row].texts().into_iter().filter(|t| !t.is_empty()).collect();
    let first = texts.first()?;
    // Short first: a merged cell a megabyte long is not read row after row.
    let short = first.len() <= 640 && first.chars().count() <= 160;
    if short && texts.iter().all(|t| t == first) { Some(first.to_string()) } else { None }
}

/// A row of a form laid out as a table: a label cell naming Section 2B
/// ("Section 2B" with its title beneath) and the section's content in the
/// cells beside it. The content cells' indices, or `None`.
fn form_row_2b(table: &Table, row: usize) -> Option<Vec<usize>> {
    let cells = &table.rows[row].cells;
    let filled: Vec<usize> =
        (0..cells.len()).filter(|&i| !cells[i].merged_from_above && !cells[i].text().trim().is_empty()).collect();
    let (&label, content) = filled.split_first()?;
    if content.is_empty() {
        return None;
    }
    let label_cell = &cells[label];
    let first = label_cell.paragraphs().iter().map(|p| p.text.trim()).find(|t| !t.is_empty())?;
    let label_words = label_cell.text().split_whitespace().count();
    let code = section_code(first)?;
    // A label, not a provision that starts with a code: short, and the
    // content beside it does not name a section itself.
    (code.is_2b() && code.strong && label_words <= 24 && !content.iter().any(|&i| cell_is_section_label(&cells[i])))
        .then(|| content.to_vec())
}

fn cell_is_section_label(cell: &crate::types::model::Cell) -> bool {
    let first = cell.paragraphs().iter().map(|p| p.text.trim()).find(|t| !t.is_empty());
    first.and_then(section_code).is_some_and(|c| c.strong && c.sub.is_none())
        && cell.text().split_whitespace().count() <= 24
}

/// The blocks a form's content cell holds, in order: its paragraphs (list
/// items where they are marked as such) and its nested tables.
fn cell_blocks(cell: &crate::types::model::Cell, span: &crate::types::model::SourceSpan, out: &mut Vec<Block>) {
    use crate::types::model::CellPart;
    for part in cell.content.parts() {
        let kind = match part {
            CellPart::Paragraph(i) => {
                let Some(p) = cell.paragraphs().get(i) else { continue };
                if p.text.trim().is_empty() {
                    continue;
                }
                crate::read::layout::paragraph_block(p.clone())
            }
            CellPart::Table(i) => match cell.nested().get(i) {
                Some(t) => BlockKind::Table(t.clone()),
                None => continue,
            },
        };
        out.push(Block { kind, span: span.clone() });
    }
}

/// Section 2B as the content cells of a form's 2B row, and of the rows
/// after it whose label cell is empty or carried down from it.
fn form_section(table: &Table, row: usize, content: &[usize], span: &crate::types::model::SourceSpan) -> Vec<Block> {
    let mut out = Vec::new();
    for &i in content {
        cell_blocks(&table.rows[row].cells[i], span, &mut out);
    }
    let label_col = table.rows[row].cells.iter().find(|c| !c.text().trim().is_empty()).map(|c| c.col);
    for r in &table.rows[row + 1..] {
        let label = r.cells.iter().find(|c| Some(c.col) == label_col);
        let continues = label.is_none_or(|c| c.merged_from_above || c.text().trim().is_empty());
        if !continues {
            break;
        }
        for c in r.cells.iter().filter(|c| Some(c.col) != label_col && !c.merged_from_above) {
            cell_blocks(c, span, &mut out);
        }
    }
    out
}

fn row_is_2b(table: &Table, row: usize) -> bool {
    row_heading(table, row).and_then(|t| section_code(&t)).is_some_and(|c| c.is_2b())
}

fn row_ends_2b(table: &Table, row: usize) -> bool {
    row_heading(table, row).and_then(|t| section_code(&t)).is_some_and(|c| c.strong && !c.is_2b() && !c.is_2b_field())
}

/// Locate Section 2B. `None` when the plan has none.
/// Section 2B found by a heading the user names (`--section-2b`): the first
/// heading, bold line or table row whose words include `name` (any case,
/// white space collapsed) opens it; it runs to the next heading of the
/// same or higher rank, or the next section code. For a plan whose
/// Section 2B idp-audit cannot find, or finds in the wrong place.
pub fn locate_named<'a>(blocks: &'a [Block], name: &str) -> Option<Section<'a>> {
    let want = collapse_ws(name).to_lowercase();
    if want.is_empty() {
        return None;
    }
    let infos: Vec<Option<HeadingInfo>> = blocks.iter().map(heading_info).collect();
    let matches = |text: &str| collapse_ws(text).to_lowercase().contains(&want);
    for (i, block) in blocks.iter().enumerate() {
        if let Some(info) = &infos[i]
            && matches(&info.text)
        {
            let blocks = collect_after(blocks, &infos, i + 1, info.rank);
            return Some(Section { heading: Some(info.text.clone()), found_by: FoundBy::Named, blocks });
        }
        if let BlockKind::Table(t) = &block.kind
            && let Some(r) = (0..t.rows.len()).find(|&r| t.rows[r].cells.iter().any(|c| matches(c.text())))
        {
            let rows = t.rows[r + 1..].to_vec();
            let table = Block { kind: BlockKind::Table(Table { rows }), span: block.span.clone() };
            let mut section_blocks = vec![Cow::Owned(table)];
            section_blocks.extend(collect_after(blocks, &infos, i + 1, 7));
            return Some(Section { heading: row_heading(t, r), found_by: FoundBy::Named, blocks: section_blocks });
        }
    }
    None
}

/// Where the plan's text names Section 2B, the words that name it (the
/// first mention): for a plan in which no Section 2B was found.
pub fn mention_of_2b(blocks: &[Block]) -> Option<&str> {
    let re = &sections::get().mention;
    let mut stack: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(b) = stack.pop() {
        let texts: Vec<&str> = match &b.kind {
            BlockKind::Heading { text, .. } => vec![text.as_str()],
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => vec![p.text.as_str()],
            BlockKind::Table(t) => t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text())).collect(),
            BlockKind::TextBox(inner) => {
                stack.extend(inner.iter().rev());
                continue;
            }
            BlockKind::Comment(_) => continue,
        };
        if let Some(m) = texts.iter().find_map(|t| re.find(t)) {
            return Some(m.as_str());
        }
    }
    None
}

pub fn locate(blocks: &[Block]) -> Option<Section<'_>> {
    let infos: Vec<Option<HeadingInfo>> = blocks.iter().map(heading_info).collect();

    // 1. A heading, bold or plain line with the code 2B; the first that holds
    //    anything wins (a table of contents or an empty template heading may
    //    come first).
    let mut first_empty: Option<Section> = None;
    let mut empty = EmptyStretch::default();
    for (i, info) in infos.iter().enumerate() {
        let Some(info) = info else { continue };
        if !info.code.is_some_and(|c| c.is_2b()) {
            continue;
        }
        // A bare code with its title on the next line, at the same rank or
        // below ("**2B**" then "**Additional learning provision**"): the
        // title belongs to the heading, not to a section of its own.
        let title = infos.get(i + 1).and_then(Option::as_ref).filter(|next| {
            // At the same rank the next line would otherwise end the
            // section at once; below it, only a title is taken as one.
            is_code_only(&info.text)
                && next.code.is_none()
                && (next.rank == info.rank || (next.rank > info.rank && is_2b_title(&next.text)))
        });
        let (heading, from) = match title {
            Some(t) => (format!("{} {}", info.text, t.text), i + 2),
            None => (info.text.clone(), i + 1),
        };
        let content = empty.has_content(blocks, &infos, from, info.rank);
        if content || first_empty.is_none() {
            let section = Section {
                heading: Some(heading),
                found_by: FoundBy::Code,
                blocks: if info.rank == BOLD_LINE {
                    collect_after_bold(blocks, &infos, from)
                } else {
                    collect_after(blocks, &infos, from, info.rank)
                },
            };
            if content {
                return Some(section);
            }
            first_empty = Some(section);
        }
    }

    // 2. A table row with the code 2B (the whole plan laid out as one table,
    //    or a table whose first row is the 2B heading).
    let mut empty = EmptyStretch::default();
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Table(t) = &block.kind else {
            continue;
        };
        if let Some(r) = (0..t.rows.len()).find(|&r| row_is_2b(t, r)) {
            let heading = row_heading(t, r);
            let end = (r + 1..t.rows.len()).find(|&k| row_ends_2b(t, k)).unwrap_or(t.rows.len());
            let content = end > r + 1 || (end == t.rows.len() && empty.has_content(blocks, &infos, i + 1, 7));
            if content || first_empty.is_none() {
                let mut section_blocks = Vec::new();
                let rows = t.rows[r + 1..end].to_vec();
                if !rows.is_empty() {
                    let table = Block { kind: BlockKind::Table(Table { rows }), span: block.span.clone() };
                    section_blocks.push(Cow::Owned(table));
                }
                if end == t.rows.len() {
                    section_blocks.extend(collect_after(blocks, &infos, i + 1, 7));
                }
                let section = Section { heading, found_by: FoundBy::Code, blocks: section_blocks };
                if content {
                    return Some(section);
                }
                first_empty = Some(section);
            }
        }
    }
    if first_empty.is_some() {
        return first_empty;
    }

    // 2b. A form laid out as a table: a label cell "Section 2B" beside the
    //     cell holding the section.
    for block in blocks {
        let BlockKind::Table(t) = &block.kind else {
            continue;
        };
        for r in 0..t.rows.len() {
            let Some(content) = form_row_2b(t, r) else { continue };
            let made = form_section(t, r, &content, &block.span);
            if made.iter().any(is_content) {
                let label = t.rows[r].cells.iter().find(|c| !c.text().trim().is_empty()).map(|c| collapse_ws(c.text()));
                return Some(Section {
                    heading: label,
                    found_by: FoundBy::Code,
                    blocks: made.into_iter().map(Cow::Owned).collect(),
                });
            }
        }
    }

    // 3. A heading titled "Additional learning provision", with no code.
    let mut empty = EmptyStretch::default();
    for (i, info) in infos.iter().enumerate() {
        let Some(info) = info else { continue };
        if info.code.is_none()
            && info.rank <= 7
            && is_2b_title(&info.text)
            && empty.has_content(blocks, &infos, i + 1, info.rank)
        {
            return Some(Section {
                heading: Some(info.text.clone()),
                found_by: FoundBy::Title,
                blocks: collect_after(blocks, &infos, i + 1, info.rank),
            });
        }
    }

    // 4. A table whose header row names the provision, with any tables that
    //    continue it (same width, straight after, or after a short note).
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Table(t) = &block.kind else {
            continue;
        };
        if !is_provision_table(t) {
            continue;
        }
        let width = t.rows[0].width();
        let mut section_blocks = vec![Cow::Borrowed(block)];
        for next in &blocks[i + 1..] {
            match &next.kind {
                BlockKind::Table(n) if n.rows.first().is_some_and(|r| r.width() == width) => {
                    section_blocks.push(Cow::Borrowed(next))
                }
                BlockKind::Paragraph(p) if p.text.chars().count() < 40 => {}
                _ => break,
            }
        }
        return Some(Section { heading: None, found_by: FoundBy::TableHeader, blocks: section_blocks });
    }
    None
}

fn is_provision_table(t: &Table) -> bool {
    let Some(head) = t.rows.first() else {
        return false;
    };
    t.rows.len() >= 2
        && head.cells.iter().take(2).any(|c| {
            let text = c.text();
            sections::get().provision_header.is_match(text)
                && !sections::get().not_2b_title.is_match(text)
                && text.split_whitespace().count() <= 8
        })
}

/// The blocks after a heading of rank `rank`, up to the next heading of the
/// same or higher rank or the next section code. A later heading with the
/// code 2B ("Section 2B (continued)") continues the section.
fn collect_after<'a>(blocks: &'a [Block], infos: &[Option<HeadingInfo>], from: usize, rank: u8) -> Vec<Cow<'a, Block>> {
    let end = (from..blocks.len()).find(|&j| ends_section(&blocks[j], &infos[j], rank)).unwrap_or(blocks.len());
    blocks[from..end].iter().map(Cow::Borrowed).collect()
}

/// The rank of a short bold line standing as a heading.
const BOLD_LINE: u8 = 7;

/// The blocks of a Section 2B headed by a bold line. When a later bold line
/// or heading names the next section ("Section 2C: Health provision"), the
/// plan's author marks sections by their codes, and a bold line without a
/// code before it ("Other support", "Additional arrangements") titles a
/// part of 2B rather than ending it. Without such a heading, any bold line
/// ends the section, as before.
fn collect_after_bold<'a>(blocks: &'a [Block], infos: &[Option<HeadingInfo>], from: usize) -> Vec<Cow<'a, Block>> {
    let next_section = (from..blocks.len()).find(|&j| {
        infos[j].as_ref().is_some_and(|h| h.rank <= BOLD_LINE && h.code.is_some_and(|c| c.strong && comes_after_2b(c)))
    });
    let Some(next) = next_section else {
        return collect_after(blocks, infos, from, BOLD_LINE);
    };
    let end = (from..next)
        .find(|&j| {
            let uncoded_bold = infos[j].as_ref().is_some_and(|h| h.rank == BOLD_LINE && h.code.is_none());
            !uncoded_bold && ends_section(&blocks[j], &infos[j], BOLD_LINE)
        })
        .unwrap_or(next);
    blocks[from..end].iter().map(Cow::Borrowed).collect()
}

/// Does this block end a section opened by a heading of rank `rank`?
fn ends_section(block: &Block, info: &Option<HeadingInfo>, rank: u8) -> bool {
    if let Some(info) = info {
        let code = info.code;
        let inside = code.is_some_and(|c| c.is_2b() || c.is_2b_field()) || is_element_heading(&info.text);
        if !inside {
            // Sections come in order: a "Part 1" or "Rhan 2" heading
            // inside 2B numbers its parts, not a later section (2C, 3...).
            let other_section = code.is_some_and(|c| (c.strong || info.rank <= 6) && comes_after_2b(c));
            // "A. School day", "B. Residence": parts of 2B lettered in
            // order, whatever their rank.
            let lettered_part = code.is_none() && is_lettered_part(&info.text);
            if other_section || (info.rank <= rank && !lettered_part) {
                return true;
            }
        }
    }
    // A table that opens the next section ("Section 3" in its first row).
    matches!(&block.kind, BlockKind::Table(t) if !t.rows.is_empty() && row_ends_2b(t, 0))
}

/// A heading that opens with a capital letter and a full stop or a
/// bracket, then a word: "B. RESIDENCE", "C) Therapies".
fn is_lettered_part(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    matches!(
        (chars.next(), chars.next(), chars.next(), chars.next()),
        (Some('A'..='H'), Some('.' | ')'), Some(' ' | '\t'), Some(c)) if c.is_alphabetic()
    )
}

/// Can a section with this code follow Section 2B: 2C and on, or 3 and on?
fn comes_after_2b(code: Code) -> bool {
    code.number > 2 || (code.number == 2 && code.letter.is_some_and(|l| l > 'B'))
}

/// Is this block content of a section, not only its furniture?
fn is_content(block: &Block) -> bool {
    match &block.kind {
        BlockKind::Heading { .. } | BlockKind::Comment(_) => false,
        BlockKind::Table(t) => !t.rows.is_empty(),
        _ => true,
    }
}

/// The stretch last found to hold no content, for sections asked about in
/// document order: `blocks[from..to]` has no content, and `to` ends a
/// section of rank `rank` (or is the end). A plan of many empty 2B headings
/// then costs one pass, not one pass per heading.
#[derive(Default)]
struct EmptyStretch {
    known: Option<(usize, usize, u8)>,
}

impl EmptyStretch {
    /// Would [`collect_after`] from `from` at `rank` hold content?
    fn has_content(&mut self, blocks: &[Block], infos: &[Option<HeadingInfo>], from: usize, rank: u8) -> bool {
        let mut scan = from;
        if let Some((a, to, known_rank)) = self.known
            && a <= from
            && from <= to
        {
            // A section of a rank as low or lower ends at `to` or before
            // (what ends the known one ends it too): it is empty. One of a
            // higher rank runs on past `to` (nothing before `to` ends it).
            if rank >= known_rank {
                return false;
            }
            scan = to;
        }
        for j in scan..blocks.len() {
            if ends_section(&blocks[j], &infos[j], rank) {
                self.known = Some((from, j, rank));
                return false;
            }
            if is_content(&blocks[j]) {
                return true;
            }
        }
        self.known = Some((from, blocks.len(), rank));
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(t: &str) -> Option<(u8, Option<char>, Option<u8>, bool)> {
        section_code(t).map(|c| (c.number, c.letter, c.sub, c.strong))
    }

    #[test]
    fn codes_are_read_in_their_many_forms() {
        assert_eq!(code("Section 2B"), Some((2, Some('B'), None, true)));
        assert_eq!(code("2B. Description of ALP"), Some((2, Some('B'), None, true)));
        assert_eq!(code("Part 2B – Description"), Some((2, Some('B'), None, true)));
        assert_eq!(code("Adran 2B / Section 2B: Disgrifiad"), Some((2, Some('B'), None, true)));
        assert_eq!(code("2B"), Some((2, Some('B'), None, true)));
        assert_eq!(code("2B.1 Outcome"), Some((2, Some('B'), Some(1), true)));
        assert_eq!(code("Section 2C – Welsh language"), Some((2, Some('C'), None, true)));
        assert_eq!(code("3. Outcomes"), Some((3, None, None, true)));
        assert_eq!(code("section 2b"), Some((2, Some('B'), None, true)));
        assert!(code("3 Outcomes").is_some_and(|c| !c.3));
        assert_eq!(code("1:1 support in class"), None);
        assert_eq!(code("See Section 2B"), None);
        assert_eq!(code("Transition arrangements are set out in Section 2B."), None);
        // Numbered by hand or by an outline before the code.
        assert_eq!(code("3.\tSection 2B – Additional learning provision"), Some((2, Some('B'), None, true)));
        assert_eq!(code("3. Section 2B -- What support will Harrison get?"), Some((2, Some('B'), None, true)));
        assert_eq!(code("2.2 Adran 2B"), Some((2, Some('B'), None, true)));
        assert_eq!(code("4) 2C NHS provision"), Some((2, Some('C'), None, true)));
        assert_eq!(code("3. Outcomes"), Some((3, None, None, true)));
        assert_eq!(code("3 2 apples"), Some((3, None, None, false)));
    }

    fn item(text: &str, bold: bool) -> Block {
        let mut para = crate::types::model::Paragraph::plain(text);
        if bold {
            para.bold = std::iter::once(0..text.len()).collect();
        }
        Block { kind: BlockKind::ListItem { level: 0, ordered: true, para }, span: Default::default() }
    }

    #[test]
    fn a_list_item_naming_a_section_heads_it_and_other_items_never_do() {
        let blocks = vec![
            item("About Maisie", true),
            item("Section 2B – Additional learning provision", true),
            item("The Lego group, weekly, HLTA.", false),
            item("A quiet room", true),
            item("Section 2C – NHS", false),
            item("Not this.", false),
        ];
        let s = locate(&blocks).unwrap();
        assert_eq!(s.heading.as_deref(), Some("Section 2B – Additional learning provision"));
        assert_eq!(s.blocks.len(), 2);
    }

    #[test]
    fn word_counts_stop_early_and_agree_with_split_whitespace() {
        assert!(!more_ascii_words_than("Section 2B: Description of ALP", 16));
        assert!(more_ascii_words_than(&"word ".repeat(17), 16));
        assert!(!more_ascii_words_than(&"word ".repeat(16), 16));
        // A no-break space joins words here but not for split_whitespace:
        // the byte count is never higher.
        assert!(!more_ascii_words_than("one\u{a0}two", 1));
        assert_eq!("one\u{a0}two".split_whitespace().count(), 2);
    }

    #[test]
    fn a_title_may_name_its_section_last() {
        assert!(section_code("What we will do (ALP) – Section 2B").is_some_and(|c| c.is_2b()));
        assert!(section_code("Darpariaeth ddysgu ychwanegol (Adran 2B)").is_some_and(|c| c.is_2b()));
        assert!(section_code("See Section 2B for the provision").is_none());
        assert!(section_code("Health provision – Section 2C").is_some_and(|c| c.letter == Some('C')));
    }

    #[test]
    fn bare_codes() {
        assert!(is_code_only("2B"));
        assert!(is_code_only("Section 2B:"));
        assert!(is_code_only("ADRAN 2B"));
        assert!(!is_code_only("2B Additional learning provision"));
        assert!(!is_code_only("Section 2B – ALP"));
    }

    #[test]
    fn titles() {
        assert!(is_2b_title("Additional learning provision"));
        assert!(is_2b_title("Description of ALP"));
        assert!(is_2b_title("Darpariaeth ddysgu ychwanegol"));
        assert!(is_2b_title("B2 Additional learning provision"));
        assert!(is_2b_title("4. Additional Learning Provision"));
        assert!(!is_2b_title("ALP to be secured by an NHS body"));
        assert!(!is_2b_title("Additional learning needs"));
    }
}
