//! The plain-text reader, for `.txt` files such as text copied out of a PDF.
//!
//! PDF text arrives with hard line breaks inside sentences, page headers and
//! footers repeated on every page ("Page 3 of 7", the child's name), and
//! paragraphs cut in two by a page break. This reader drops the page
//! furniture, joins wrapped lines, mends paragraphs split across pages, and
//! gives each paragraph, list item or labelled field as one block.

use super::ReadError;
use super::markdown::{LineIndex, line_end};
use super::text_table;
use crate::lexicon::sections;
use crate::types::limits::Limits;
use crate::types::model::{Block, BlockKind, Document, Format, Paragraph, SourceSpan};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A line that may open a section: a bare number and a capitalised word
/// ("3 Outcomes", "4. Review"). It may as well be a numbered list item or
/// a wrapped line that starts with a date ("2 June 2026"), so it opens a
/// block only where the line before ended its paragraph.
static WEAK_SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d{1,2}(?:\.|\s*[:–—-])?\s+\p{Lu}").unwrap());

/// A numbered list item: "1.  Language for Thinking…", "12) Advice…".
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})[.)]\s+").unwrap());

/// "• ", "- ", "1. ", "a) ", "(a) ", "(iv) ", "(3) ".
static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(?:[•●▪◦‣∙·\-*–]\s+|(\d{1,2}|[a-z])[.)]\s+|\((\d{1,2}|[a-z]|[ivx]{1,4})\)\s+)").unwrap()
});

static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*2B\.\d\b").unwrap());

struct Line<'a> {
    text: &'a str,
    start: usize,
    /// A page boundary (form feed or removed page furniture) lies just before.
    page_break_before: bool,
}

pub fn read(src: &str, limits: &Limits) -> Result<Document, ReadError> {
    let index = LineIndex::text(src);
    let mut doc = Document::new(Format::Text);
    let lines = clean_lines(src);
    let wrap = wrap_width(&lines);
    // Tables (grid or tab-separated) are cut out first; the text between
    // them is read as paragraphs. A scan that finds no table says how far
    // a table could not start, so no line is scanned again and again.
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let breaks: Vec<bool> = lines.iter().map(|l| l.page_break_before).collect();
    let mut from = 0;
    let mut i = 0;
    // A grid scan that finds no table has read a block of grid lines; a
    // scan from a later border in that block is not tried (it would read
    // the same block again, and again for each border in it).
    let mut no_grid_until = 0;
    while i < lines.len() {
        let mut found = None;
        if i >= no_grid_until {
            match text_table::grid(&texts[i..], limits)? {
                text_table::Grid::Table(table, used) => found = Some((table, used)),
                text_table::Grid::NotTable { lines } => no_grid_until = i + lines,
            }
        }
        if found.is_none() {
            found = text_table::tsv(&texts[i..], &breaks[i..], limits)?;
        }
        let Some((table, used)) = found else {
            i += 1;
            continue;
        };
        paragraphs(&lines[from..i], wrap, &index, &mut doc.blocks);
        let last = &lines[i + used - 1];
        let (start, end) = (lines[i].start, last.start + last.text.len());
        doc.blocks.push(Block {
            kind: BlockKind::Table(table),
            span: SourceSpan { line: Some(index.line(start)), bytes: Some(start..end) },
        });
        i += used;
        from = i;
    }
    paragraphs(&lines[from..], wrap, &index, &mut doc.blocks);
    Ok(doc)
}

/// Read lines of running text as paragraphs, list items and headings.
fn paragraphs(lines: &[Line], wrap: f64, index: &LineIndex, out: &mut Vec<Block>) {
    // text, start, end, page_break_before; and the first line's indent,
    // which gives a list item its level.
    let mut paras: Vec<(String, usize, usize, bool)> = Vec::new();
    let mut indents: Vec<usize> = Vec::new();
    let mut cur: Option<(String, usize, usize, bool)> = None;
    let mut cur_indent = 0usize;
    let mut pending_break = false;
    // The last line of the paragraph being built, to tell a wrapped line
    // (the one before it ran to the margin) from a new block.
    let mut prev_line: Option<&str> = None;
    for line in lines {
        pending_break |= line.page_break_before;
        let t = line.text.trim_end();
        if t.trim().is_empty() {
            if let Some(p) = cur.take() {
                paras.push(p);
                indents.push(cur_indent);
            }
            prev_line = None;
            continue;
        }
        let ended = prev_line.is_none_or(|p| (p.trim().chars().count() as f64) < wrap * 0.75);
        let starts_new = hash_heading(t).is_some()
            || BULLET.is_match(t)
            || LABEL_LINE.is_match(t)
            || sections::get().strong_section.is_match(t)
            || (ended && t.trim_start().starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        let prev_heading = cur.as_ref().is_some_and(|(s, ..)| is_heading_line(s));
        if let Some(p) = cur.as_mut().filter(|_| !starts_new && !prev_heading && !pending_break) {
            join_wrapped(&mut p.0, t.trim());
            p.2 = line.start + line.text.len();
        } else {
            if let Some(p) = cur.take() {
                paras.push(p);
                indents.push(cur_indent);
            }
            cur = Some((t.trim().to_string(), line.start, line.start + line.text.len(), pending_break));
            cur_indent = t.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum();
            pending_break = false;
        }
        prev_line = Some(line.text);
    }
    if let Some(p) = cur.take() {
        paras.push(p);
        indents.push(cur_indent);
    }

    // Mend paragraphs cut by a page break or a stray blank line.
    let mut mended: Vec<(String, usize, usize, usize)> = Vec::new();
    for ((text, start, end, brk), indent) in paras.into_iter().zip(indents) {
        if let Some(prev) = mended.last_mut()
            && continues(&prev.0, &text, brk)
        {
            join_wrapped(&mut prev.0, &text);
            prev.2 = end;
            continue;
        }
        mended.push((text, start, end, indent));
    }

    // The number of the last numbered list item, so "3. Regular
    // opportunities…" after items 1 and 2 continues the list rather than
    // opening a section 3.
    let mut last_number: Option<u32> = None;
    for (text, start, end, indent) in mended {
        let span = SourceSpan { line: Some(index.line(start)), bytes: Some(start..end) };
        let numbered = NUMBERED.captures(&text).and_then(|c| c[1].parse::<u32>().ok());
        let continues_list = numbered.is_some_and(|n| last_number.is_some_and(|l| l + 1 == n));
        let kind = if let Some((level, heading)) = hash_heading(&text) {
            last_number = None;
            BlockKind::Heading { level, text: heading.to_string() }
        } else if is_heading_line(&text)
            || (numbered.is_some() && !continues_list && heading_like(&text))
            || (numbered.is_none() && WEAK_SECTION.is_match(&text) && heading_like(&text))
        {
            last_number = None;
            let level = if sections::is_element_heading(&text) { 3 } else { 1 };
            BlockKind::Heading { level, text }
        } else if let Some(c) = BULLET.captures(&text) {
            last_number = numbered.or(last_number.filter(|_| c.get(2).is_none()));
            let ordered = c.get(2).is_some() || c.get(3).is_some();
            let body = text[c.get(0).unwrap().end()..].trim().to_string();
            BlockKind::ListItem { level: (indent / 2).min(8) as u8, ordered, para: Paragraph::plain(body) }
        } else {
            BlockKind::Paragraph(Paragraph::plain(text))
        };
        out.push(Block { kind, span });
    }
}

/// A Markdown heading line ("## 2B Additional learning provision"), as
/// plans written in Markdown and saved as .txt have: its level and its
/// text without the marks. As in Markdown, one to six '#' and a space.
fn hash_heading(text: &str) -> Option<(u8, &str)> {
    let t = text.trim();
    let marks = t.bytes().take_while(|&c| c == b'#').count();
    if !(1..=6).contains(&marks) {
        return None;
    }
    let rest = t[marks..].strip_prefix([' ', '\t'])?;
    // A closing run of '#' is not part of the text ("## 2B ##").
    let body = rest.trim_end_matches('#').trim();
    // "# of sessions: 3" in a table copied out of a PDF is not a heading:
    // a heading's text starts with a capital or a number.
    (body.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())).then_some((marks as u8, body))
}

/// A short line that surely opens a section ("Section 2B: Description of
/// ALP", "ALP ELEMENT 1: OCCUPATIONAL THERAPY", "SECTION 3 OUTCOMES").
fn is_heading_line(text: &str) -> bool {
    let t = text.trim();
    hash_heading(t).is_some()
        || t.len() <= 120 && sections::get().strong_section.is_match(t) && !LABEL_LINE.is_match(t) && !t.ends_with('.')
        || (t.len() <= 60
            && t.chars().any(char::is_alphabetic)
            && t == t.to_uppercase()
            && t.split_whitespace().count() <= 8)
}

/// Short enough, and unpunctuated enough, to be a heading ("3. Outcomes").
fn heading_like(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 60 && t.split_whitespace().count() <= 8 && !t.ends_with('.') && !t.contains([',', ';'])
}

/// The width the text was wrapped at: most full lines reach it.
fn wrap_width(lines: &[Line]) -> f64 {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.text.trim().chars().count()).filter(|&n| n > 0).collect();
    if lens.is_empty() {
        return 80.0;
    }
    lens.sort_unstable();
    let p90 = lens[(lens.len() * 9 / 10).min(lens.len() - 1)];
    (p90 as f64).max(40.0)
}

/// Does `next` continue the paragraph `prev` (cut by a page break or a
/// stray blank line)?
fn continues(prev: &str, next: &str, page_break: bool) -> bool {
    if is_heading_line(prev) || is_heading_line(next) || BULLET.is_match(next) || LABEL_LINE.is_match(next) {
        return false;
    }
    let prev = prev.trim_end();
    if prev.ends_with(['.', '!', '?', ':', ';', ')', '"', '\'', '’', '”']) {
        return false;
    }
    let first = next.chars().next().unwrap_or(' ');
    if first.is_lowercase() {
        return true;
    }
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    page_break && sections::get().join_words.contains(&last_word)
}

fn join_wrapped(acc: &mut String, next: &str) {
    if acc.ends_with('-')
        && acc.chars().rev().nth(1).is_some_and(char::is_alphabetic)
        && next.starts_with(char::is_lowercase)
    {
        // A word hyphenated across the wrap keeps its hyphen ("well-\nbeing").
        acc.push_str(next);
    } else {
        if !acc.is_empty() {
            acc.push(' ');
        }
        acc.push_str(next);
    }
}

/// Split into lines, mark page boundaries, and drop page furniture: page
/// numbers, and short lines repeated next to page boundaries (running
/// headers and footers such as the child's name or "CONFIDENTIAL").
fn clean_lines(src: &str) -> Vec<Line<'_>> {
    let mut raw: Vec<Line> = Vec::new();
    let b = src.as_bytes();
    let mut offset = 0;
    while offset < b.len() {
        let (end, len) = line_end(b, offset, true).unwrap_or((b.len(), 0));
        let body = &src[offset..end];
        // A form feed (pdftotext's page break) splits a line into pages.
        let mut inner = 0;
        for (k, part) in body.split('\x0c').enumerate() {
            raw.push(Line { text: part, start: offset + inner, page_break_before: k > 0 });
            inner += part.len() + 1;
        }
        offset = end + len;
        // U+2029 PARAGRAPH SEPARATOR ends a paragraph, as a blank line does.
        if src[end..].starts_with('\u{2029}') {
            raw.push(Line { text: "", start: offset, page_break_before: false });
        }
        if len == 0 {
            break;
        }
    }
    let is_page_no = |t: &str| {
        !t.trim().is_empty()
            && (sections::get().page_number.is_match(t)
                || (t.trim().chars().count() <= 100 && sections::get().page_of.is_match(t)))
    };
    // Boundary lines: page numbers and form feeds.
    let boundary: Vec<bool> = raw.iter().map(|l| l.page_break_before || is_page_no(l.text)).collect();
    let near_boundary = |i: usize| -> bool {
        let lo = i.saturating_sub(3);
        let hi = (i + 4).min(raw.len());
        (lo..hi).any(|j| boundary[j]) || i < 3
    };
    let key = |t: &str| -> String {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: HashMap<String, (usize, bool)> = HashMap::new();
    for (i, l) in raw.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() || t.len() > 90 {
            continue;
        }
        let e = counts.entry(key(t)).or_insert((0, true));
        e.0 += 1;
        e.1 &= near_boundary(i);
    }
    let any_boundary = boundary.iter().any(|&b| b);
    let mut out = Vec::with_capacity(raw.len());
    let mut dropped = false;
    for l in raw {
        let t = l.text.trim();
        let furniture = is_page_no(t)
            || (any_boundary
                && !text_table::is_grid_border(t)
                && !t.is_empty()
                && counts.get(&key(t)).is_some_and(|&(n, near)| n >= 2 && near)
                && !LABEL_LINE.is_match(t));
        if furniture {
            dropped = true;
            continue;
        }
        let page_break_before = l.page_break_before || dropped;
        if !t.is_empty() {
            dropped = false;
        }
        out.push(Line { text: l.text, start: l.start, page_break_before });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        read(src, &Limits::default())
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| match b.kind {
                BlockKind::Heading { text, .. } => format!("# {text}"),
                BlockKind::Paragraph(p) => p.text,
                BlockKind::ListItem { para, .. } => format!("- {}", para.text),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn joins_wraps_and_drops_furniture() {
        let src = "Efa Roberts - IDP\nSection 2B: Description of ALP\n\nA teaching assistant will deliver\nthe programme daily.\n\nPage 1 of 2\n\x0cEfa Roberts - IDP\nShe will have 1:1 support in the\n\npool every swimming lesson.\n\nPage 2 of 2\n";
        assert_eq!(
            texts(src),
            vec![
                "# Section 2B: Description of ALP",
                "A teaching assistant will deliver the programme daily.",
                "She will have 1:1 support in the pool every swimming lesson.",
            ]
        );
    }

    #[test]
    fn lines_end_at_cr_and_at_unicode_separators() {
        let want = vec!["# Section 2B", "- Reading daily", "- Speech therapy weekly"];
        for end in ["\r", "\r\n", "\u{2028}"] {
            let src = ["Section 2B", "", "• Reading daily", "• Speech therapy weekly", ""].join(end);
            assert_eq!(texts(&src), want, "{end:?}");
        }
        // A paragraph separator ends the paragraph as a blank line does.
        assert_eq!(
            texts("Section 2B\u{2029}Reading with a TA\u{2029}Speech therapy"),
            vec!["# Section 2B", "Reading with a TA", "Speech therapy"]
        );
        // Line numbers count the same line ends.
        let doc = read("Section 2B\r\rReading daily\u{2028}", &Limits::default()).unwrap();
        assert_eq!(doc.blocks[1].span.line, Some(3));
    }

    #[test]
    fn markdown_headings_are_headings_and_a_hash_before_lower_case_is_not() {
        let blocks = read("## 2B Provision\n- Reading daily\n# of sessions: 3\n", &Limits::default()).unwrap().blocks;
        assert!(matches!(&blocks[0].kind, BlockKind::Heading { level: 2, text } if text == "2B Provision"));
        let headings = blocks.iter().filter(|b| matches!(b.kind, BlockKind::Heading { .. })).count();
        assert_eq!(headings, 1, "{blocks:?}");
    }

    #[test]
    fn bullets_and_labels_start_new_blocks() {
        let src = "2B.1 Outcome: read\nbetter\n2B.2 ALP: Daily phonics\n• Ear defenders\n• Overlay\n";
        assert_eq!(
            texts(src),
            vec!["2B.1 Outcome: read better", "2B.2 ALP: Daily phonics", "- Ear defenders", "- Overlay"]
        );
    }
}
