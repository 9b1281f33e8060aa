//! An HTML page read into blocks, for the Word files that hold their whole
//! body as HTML: an "Export to Word" tool writes the plan as an HTML page (or
//! a MIME archive holding one, `.mht`) in a part of its own, and puts only a
//! `w:altChunk` pointing at it in the document, for Word to convert when it
//! opens the file. Reading `w:p` and `w:tbl` alone finds an empty plan.
//!
//! A tolerant reader, not an HTML parser, in the manner of
//! [`super::html_table`]: `h1`–`h6` are headings, an `li` of a `ul` or `ol`
//! is a list item at its depth, a `table` is read by the table reader, other
//! block elements (`p`, `div`, …) end a paragraph, `br` breaks a line and
//! `b`/`strong` are bold. `head`, `script` and `style` hold no text. It walks
//! the page once, with its own stack of lists, so nesting never becomes
//! recursion.

use super::ReadError;
use super::html_table::{self, decode, tag_end};
use crate::types::limits::Limits;
use crate::types::model::{Block, BlockKind, Paragraph, SourceSpan};

/// The blocks of an `altChunk` part: an HTML page, a MIME archive (`.mht`)
/// whose HTML part is the page, or plain text (one paragraph per line).
/// `None` for a chunk in a format this does not read (a Word document or
/// RTF embedded whole, anything binary).
pub(crate) fn chunk_blocks(part: &str, limits: &Limits) -> Result<Option<Vec<Block>>, ReadError> {
    let part = part.trim_start_matches('\u{feff}');
    if part.starts_with("PK") || part.starts_with("{\\rtf") || part.contains('\0') {
        return Ok(None);
    }
    if let Some(html) = mime_html(part) {
        return blocks(&html, limits).map(Some);
    }
    let head: String = part.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
    if head.starts_with('<') || head.contains("<html") || head.contains("<body") {
        return blocks(part, limits).map(Some);
    }
    Ok(Some(
        part.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Block { kind: BlockKind::Paragraph(Paragraph::plain(l)), span: SourceSpan::default() })
            .collect(),
    ))
}

/// Every block of an HTML page, in order.
pub(crate) fn blocks(html: &str, limits: &Limits) -> Result<Vec<Block>, ReadError> {
    // Tags are found case-insensitively in a lower-cased copy: ASCII
    // lower-casing keeps every byte where it was.
    let lower = html.to_ascii_lowercase();
    let mut r = Reader::default();
    let mut at = 0;
    while let Some(lt) = html[at..].find('<').map(|i| at + i) {
        r.text(&html[at..lt]);
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            at = lower[lt + 4..].find("-->").map_or(html.len(), |i| lt + 4 + i + 3);
            continue;
        }
        let Some(end) = tag_end(rest) else {
            // A lone '<' is text ("age < 5").
            r.text("<");
            at = lt + 1;
            continue;
        };
        let inner = &rest[1..end];
        at = lt + end + 1;
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name_end = body.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        let self_closing = inner.ends_with('/');
        match name.as_str() {
            // Elements whose content is never shown: skip to their end tag.
            "head" | "script" | "style" | "title" | "template" | "noscript" if !closing && !self_closing => {
                let close = format!("</{name}");
                at = lower[at..].find(&close).map_or(html.len(), |i| at + i);
            }
            "table" if !closing => {
                r.flush();
                let end = table_end(&lower, lt);
                for table in html_table::tables(&html[lt..end], limits)? {
                    r.out.push(Block { kind: BlockKind::Table(table), span: SourceSpan::default() });
                }
                at = end;
            }
            _ => r.tag(&name, closing),
        }
    }
    r.text(&html[at..]);
    r.flush();
    Ok(r.out)
}

/// The byte just past the `</table>` that closes the table opening at
/// `start`, counting the tables nested in it (the end of the page when it
/// is never closed).
fn table_end(lower: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(i) = lower[at..].find("table").map(|i| at + i) {
        let before = &lower[..i];
        at = i + "table".len();
        let next = lower[at..].chars().next();
        if !next.is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue;
        }
        if before.ends_with("</") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return lower[at..].find('>').map_or(lower.len(), |j| at + j + 1);
            }
        } else if before.ends_with('<') {
            depth += 1;
        }
    }
    lower.len()
}

/// The deepest list level kept apart: deeper lists are read at this level.
const MAX_LIST_LEVEL: usize = 8;

#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    para: Paragraph,
    strong: usize,
    heading: Option<u8>,
    /// The open lists, innermost last: numbered or not.
    lists: Vec<bool>,
    /// Lists opened past the depth kept in `lists`.
    deep_lists: usize,
    /// Inside an `li` whose text has not been emitted yet.
    in_item: bool,
}

/// Text into a paragraph as HTML shows it: white space collapsed to one
/// space (also across tags), soft hyphens dropped, and the bytes marked
/// bold when it sits inside `strong`/`b`.
pub(super) fn push_collapsed(para: &mut Paragraph, text: &str, strong: bool) {
    let mut collapsed = String::with_capacity(text.len());
    let mut space = para.text.is_empty() || para.text.ends_with([' ', '\n']);
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else if c != '\u{ad}' {
            // A soft hyphen is never seen within a line.
            collapsed.push(c);
            space = false;
        }
    }
    if collapsed.is_empty() {
        return;
    }
    let start = para.text.len();
    para.text.push_str(&collapsed);
    if strong {
        match para.bold.last_mut() {
            Some(r) if r.end == start => r.end = para.text.len(),
            _ => para.bold.push(start..para.text.len()),
        }
    }
}

impl Reader {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        // HTML collapses white space, also across tags.
        let decoded = decode(raw);
        push_collapsed(&mut self.para, &decoded, self.strong > 0);
    }

    fn line_break(&mut self) {
        let keep = self.para.text.trim_end_matches(' ').len();
        self.para.text.truncate(keep);
        for r in &mut self.para.bold {
            r.end = r.end.min(keep);
        }
        self.para.bold.retain(|r| r.start < r.end);
        if !self.para.text.is_empty() && !self.para.text.ends_with('\n') {
            self.para.text.push('\n');
        }
    }

    /// Emit the paragraph, heading or list item being read.
    fn flush(&mut self) {
        let mut para = std::mem::take(&mut self.para);
        super::markdown::trim_para(&mut para);
        if para.text.is_empty() {
            return;
        }
        let kind = if let Some(level) = self.heading {
            BlockKind::Heading { level, text: para.text }
        } else if self.in_item {
            // What follows in this item, after a nested list, is not a new item.
            self.in_item = false;
            let level = self.lists.len().saturating_sub(1).min(MAX_LIST_LEVEL) as u8;
            BlockKind::ListItem { level, ordered: self.lists.last().copied().unwrap_or(false), para }
        } else {
            BlockKind::Paragraph(para)
        };
        self.out.push(Block { kind, span: SourceSpan::default() });
    }

    fn tag(&mut self, name: &str, closing: bool) {
        match (name, closing) {
            ("br", _) => self.line_break(),
            ("b" | "strong", false) => self.strong += 1,
            ("b" | "strong", true) => self.strong = self.strong.saturating_sub(1),
            // The title of a collapsible block (`<details><summary>`): a
            // line of its own, shown as a title is, in bold.
            ("summary", false) => {
                self.flush();
                self.strong += 1;
            }
            ("summary", true) => {
                self.flush();
                self.strong = self.strong.saturating_sub(1);
            }
            ("ul" | "ol", false) => {
                self.flush();
                if self.lists.len() <= MAX_LIST_LEVEL {
                    self.lists.push(name == "ol");
                } else {
                    self.deep_lists += 1;
                }
            }
            ("ul" | "ol", true) => {
                self.flush();
                if self.deep_lists > 0 {
                    self.deep_lists -= 1;
                } else {
                    self.lists.pop();
                }
                self.in_item = false;
            }
            ("li", false) => {
                self.flush();
                self.in_item = true;
            }
            ("li", true) => {
                self.flush();
                self.in_item = false;
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", closing) => {
                self.flush();
                self.heading = (!closing).then(|| name.as_bytes()[1] - b'0');
            }
            // A paragraph inside a list item is more of the item's text.
            ("p" | "div", _) if self.in_item => self.line_break(),
            (
                "p" | "div" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside" | "blockquote"
                | "pre" | "dl" | "dt" | "dd" | "hr" | "figure" | "figcaption" | "address" | "center" | "body" | "html"
                | "form" | "fieldset" | "legend",
                _,
            ) => self.flush(),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// MIME archives (`.mht`)

/// The HTML of a MIME archive: its `text/html` part (or its first), with
/// the part's transfer encoding and character set undone. `None` when the
/// text is not a MIME message.
fn mime_html(text: &str) -> Option<String> {
    let (headers, body) = split_headers(text)?;
    let content_type = header(&headers, "content-type").unwrap_or_default();
    if !content_type.to_ascii_lowercase().starts_with("multipart/") {
        return Some(decode_body(&headers, body));
    }
    let boundary = param(&content_type, "boundary")?;
    let delimiter = format!("--{boundary}");
    let mut parts: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_end();
        if t == delimiter || t == format!("{delimiter}--") {
            if let Some(s) = start {
                parts.push(&body[s..offset]);
            }
            start = (t == delimiter).then_some(offset + line.len());
        }
        offset += line.len();
    }
    if let Some(s) = start {
        parts.push(&body[s..]);
    }
    let mut first = None;
    for part in parts {
        let Some((headers, content)) = split_headers(part) else { continue };
        let kind = header(&headers, "content-type").unwrap_or_default().to_ascii_lowercase();
        if kind.starts_with("text/html") {
            return Some(decode_body(&headers, content));
        }
        first.get_or_insert((headers, content));
    }
    first.map(|(h, c)| decode_body(&h, c))
}

/// A message's headers (unfolded, as name and value) and its body; `None`
/// when the text does not start with headers naming a content type.
fn split_headers(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        let t = line.trim_end_matches(['\r', '\n']);
        if t.trim().is_empty() {
            if headers.is_empty() {
                continue;
            }
            break;
        }
        if t.starts_with([' ', '\t']) {
            // A folded header goes on from the line before.
            let (_, value) = headers.last_mut()?;
            value.push(' ');
            value.push_str(t.trim());
            continue;
        }
        let (name, value) = t.split_once(':')?;
        if name.is_empty() || name.contains(char::is_whitespace) || headers.len() > 100 {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    headers.iter().any(|(n, _)| n == "content-type").then(|| (headers, &text[offset.min(text.len())..]))
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

/// A parameter of a header value (`boundary="…"`, `charset=utf-8`).
fn param(value: &str, name: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let i = lower.split(';').scan(0, |at, piece| {
        let start = *at;
        *at += piece.len() + 1;
        Some((start, piece))
    });
    for (start, piece) in i {
        let trimmed = piece.trim_start();
        let lead = piece.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix(name)
            && rest.trim_start().starts_with('=')
        {
            let from = start + lead + name.len();
            let raw = value[from..].trim_start().strip_prefix('=')?.trim_start();
            let v = match raw.strip_prefix('"') {
                Some(q) => q.split('"').next().unwrap_or(""),
                None => raw.split([';', ' ', '\t']).next().unwrap_or(""),
            };
            return Some(v.to_string());
        }
    }
    None
}

/// A part's body as text: its transfer encoding undone, then its bytes read
/// in its character set (UTF-8 unless it names a single-byte one).
fn decode_body(headers: &[(String, String)], body: &str) -> String {
    let encoding = header(headers, "content-transfer-encoding").unwrap_or_default().to_ascii_lowercase();
    let bytes = match encoding.trim() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => return body.to_string(),
    };
    let charset = header(headers, "content-type").and_then(|v| param(&v, "charset")).unwrap_or_default();
    let single_byte = matches!(
        charset.to_ascii_lowercase().as_str(),
        "windows-1252" | "cp1252" | "iso-8859-1" | "latin1" | "iso-8859-15"
    );
    match String::from_utf8(bytes) {
        Ok(s) if !single_byte => s,
        Ok(s) => windows_1252(s.as_bytes()),
        Err(e) if single_byte || charset.is_empty() => windows_1252(e.as_bytes()),
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'=' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        // "=" at a line's end is a soft break; "=XX" is a byte.
        let rest = &b[i + 1..];
        if rest.starts_with(b"\r\n") {
            i += 3;
        } else if rest.starts_with(b"\n") {
            i += 2;
        } else if let (Some(h), Some(l)) = (rest.first().and_then(hex), rest.get(1).and_then(hex)) {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b'=');
            i += 1;
        }
    }
    out
}

fn hex(c: &u8) -> Option<u8> {
    (*c as char).to_digit(16).map(|d| d as u8)
}

fn base64(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = value(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Bytes in Windows-1252 (which is ISO 8859-1 but for 0x80–0x9F).
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    bytes.iter().map(|&b| if (0x80..0xA0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text } => format!("H{level} {text}"),
                BlockKind::Paragraph(p) => format!("P {}", p.text),
                BlockKind::ListItem { level, ordered, para } => {
                    format!("L{level}{} {}", if *ordered { "#" } else { "" }, para.text)
                }
                BlockKind::Table(t) => format!("T {}x{}", t.rows.len(), t.rows.first().map_or(0, |r| r.cells.len())),
                _ => "?".into(),
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_lists_and_tables_in_order() {
        let html = "<html><head><title>IDP</title><style>p{color:red}</style></head><body>\
                    <h2>Section 2B &ndash; ALP</h2><p>Intro <b>bold</b><br>next line</p>\
                    <ul><li>One<ul><li>One a</li></ul></li><li><p>Two</p><p>more</p></li></ul>\
                    <ol><li>First</li></ol><!-- a <p>comment</p> -->\
                    <table><tr><td>a</td><td><table><tr><td>in</td></tr></table></td></tr></table>\
                    <div>After &lt; 5</div></body></html>";
        let b = blocks(html, &Limits::default()).unwrap();
        assert_eq!(
            kinds(&b),
            vec![
                "H2 Section 2B – ALP",
                "P Intro bold\nnext line",
                "L0 One",
                "L1 One a",
                "L0 Two\nmore",
                "L0# First",
                "T 1x2",
                "P After < 5",
            ]
        );
        let BlockKind::Paragraph(p) = &b[1].kind else { panic!() };
        assert_eq!(p.bold, vec![6..10]);
    }

    #[test]
    fn an_mht_archive_gives_its_html_part_decoded() {
        let mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n    type=\"text/html\";\r\n    \
                   boundary=\"----=part\"\r\n\r\n\r\n------=part\r\nContent-Type: text/css\r\n\r\np{}\r\n\
                   ------=part\r\nContent-Type: text/html;\r\n    charset=\"utf-8\"\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n<p class=3D\"x\">Caf=C3=A9 and a long=\r\n \
                   line</p>\r\n------=part--\r\n";
        let b = chunk_blocks(mht, &Limits::default()).unwrap().unwrap();
        assert_eq!(kinds(&b), vec!["P Café and a long line"]);
        let b64 =
            "Content-Type: text/html; charset=windows-1252\nContent-Transfer-Encoding: base64\n\nPHA+k0hp lCA8L3A+\n";
        assert_eq!(kinds(&chunk_blocks(b64, &Limits::default()).unwrap().unwrap()), vec!["P “Hi”"]);
        assert_eq!(
            kinds(&chunk_blocks("Plain line\n\nSecond", &Limits::default()).unwrap().unwrap()),
            vec!["P Plain line", "P Second"]
        );
        // A Word document or RTF embedded whole is not read as text.
        for unread in ["PK\u{3}\u{4}binary", "{\\rtf1\\ansi text}", "a\0b"] {
            assert!(chunk_blocks(unread, &Limits::default()).unwrap().is_none(), "{unread:?}");
        }
    }

    #[test]
    fn hostile_pages_do_not_panic_or_nest_without_end() {
        let deep = "<ul><li>x".repeat(10_000);
        let b = blocks(&deep, &Limits::default()).unwrap();
        assert!(
            b.iter()
                .all(|b| matches!(b.kind, BlockKind::ListItem { level, .. } if usize::from(level) <= MAX_LIST_LEVEL))
        );
        for s in [
            "<",
            "<table",
            "<table><tr><td>x",
            "</table></ul></li>",
            "<!--",
            "<head>",
            "=\n",
            "Content-Type: multipart/x; boundary=b\n\n--b",
        ] {
            let _ = chunk_blocks(s, &Limits::default());
        }
    }
}
