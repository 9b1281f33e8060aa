//! A small XML tokenizer for the Word reader's hot loop: the main document
//! part, which is most of the bytes of every plan.
//!
//! Why not quick-xml here (it still reads the small parts): a general
//! reader builds an event per tag and checks each event's UTF-8 again,
//! which costs as much as everything else the reader does. Here the part
//! has been checked as UTF-8 once, as a whole, and each token is a pair of
//! borrowed slices found by one pass over the bytes. It knows only what a
//! WordprocessingML part can hold: tags, text, CDATA, comments, processing
//! instructions and a DOCTYPE (skipped; no entity is ever expanded). It
//! never recurses and never allocates, so hostile nesting costs nothing
//! here; the walker bounds depth.

use std::borrow::Cow;

/// One piece of the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Start(Tag<'a>),
    Empty(Tag<'a>),
    /// An end tag's qualified name.
    End(&'a str),
    /// Character data as written: entities unresolved (see [`unescape`]).
    Text(&'a str),
    CData(&'a str),
    DocType,
}

/// A start or empty-element tag: its qualified name and its attribute text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    pub name: &'a str,
    /// Everything between the name and the closing `>` or `/>`.
    pub attrs: &'a str,
}

/// Where and how a part is not well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub at: usize,
    pub what: &'static str,
}

pub(crate) struct Tokenizer<'a> {
    xml: &'a str,
    pos: usize,
}

impl<'a> Tokenizer<'a> {
    pub fn new(xml: &'a str) -> Self {
        Tokenizer { xml, pos: 0 }
    }

    /// The byte offset of the next token.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next token, `None` at the end of the part.
    pub(crate) fn next_token(&mut self) -> Result<Option<Token<'a>>, Malformed> {
        let b = self.xml.as_bytes();
        loop {
            let start = self.pos;
            if start >= b.len() {
                return Ok(None);
            }
            if b[start] != b'<' {
                let end = memchr::memchr(b'<', &b[start..]).map_or(b.len(), |i| start + i);
                self.pos = end;
                return Ok(Some(Token::Text(&self.xml[start..end])));
            }
            let fail = |what| Err(Malformed { at: start, what });
            match b.get(start + 1) {
                None => return fail("a '<' ends the part"),
                Some(b'/') => {
                    let Some(close) = memchr::memchr(b'>', &b[start..]) else {
                        return fail("an end tag is not closed");
                    };
                    let name = self.xml[start + 2..start + close].trim_end();
                    if name.is_empty() {
                        return fail("an end tag has no name");
                    }
                    self.pos = start + close + 1;
                    return Ok(Some(Token::End(name)));
                }
                Some(b'?') => match find(b, start + 2, b"?>") {
                    Some(end) => self.pos = end + 2,
                    None => return fail("a processing instruction is not closed"),
                },
                Some(b'!') => {
                    let rest = &b[start + 2..];
                    if rest.starts_with(b"--") {
                        match find(b, start + 4, b"-->") {
                            Some(end) => self.pos = end + 3,
                            None => return fail("a comment is not closed"),
                        }
                    } else if rest.starts_with(b"[CDATA[") {
                        let from = start + 9;
                        let Some(end) = find(b, from, b"]]>") else {
                            return fail("a CDATA section is not closed");
                        };
                        self.pos = end + 3;
                        return Ok(Some(Token::CData(&self.xml[from..end])));
                    } else if rest.starts_with(b"DOCTYPE") {
                        let Some(end) = doctype_end(b, start + 9) else {
                            return fail("a DOCTYPE is not closed");
                        };
                        self.pos = end + 1;
                        return Ok(Some(Token::DocType));
                    } else {
                        return fail("an unknown '<!' markup");
                    }
                }
                Some(_) => {
                    let Some(end) = tag_end(b, start + 1) else {
                        return fail("a tag is not closed");
                    };
                    let inner = &self.xml[start + 1..end];
                    let (inner, empty) = match inner.strip_suffix('/') {
                        Some(i) => (i, true),
                        None => (inner, false),
                    };
                    let name_len = inner.bytes().position(|c| c.is_ascii_whitespace()).unwrap_or(inner.len());
                    if name_len == 0 {
                        return fail("a tag has no name");
                    }
                    self.pos = end + 1;
                    let tag = Tag { name: &inner[..name_len], attrs: &inner[name_len..] };
                    return Ok(Some(if empty { Token::Empty(tag) } else { Token::Start(tag) }));
                }
            }
        }
    }
}

/// The first `needle` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|i| from + i)
}

/// The `>` that closes a tag begun before `from`: the first outside a
/// quoted attribute value (a value may hold a `>`). It jumps from quote to
/// quote; a `<` inside the tag means it was never closed.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let at = i + memchr::memchr3(b'>', b'"', b'\'', &b[i..])?;
        let c = b[at];
        if c == b'>' {
            return (memchr::memchr(b'<', &b[from..at]).is_none()).then_some(at);
        }
        i = at + 1 + memchr::memchr(c, &b[at + 1..])? + 1;
    }
}

/// The `>` that ends a DOCTYPE, past any internal subset in brackets and
/// any quoted literal.
fn doctype_end(b: &[u8], from: usize) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, 0u8);
    for (i, &c) in b.iter().enumerate().skip(from) {
        match c {
            _ if quote != 0 && c == quote => quote = 0,
            _ if quote != 0 => {}
            b'"' | b'\'' => quote = c,
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

impl<'a> Tag<'a> {
    /// The attributes as (qualified name, raw value) pairs. Malformed
    /// attribute text ends the list rather than failing the part, as Word
    /// never writes it and nothing here depends on what follows.
    pub fn attributes(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let s = self.attrs;
        let b = s.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let key_start = i;
            while i < b.len() && b[i] != b'=' && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            let key = &s[key_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if key.is_empty() || b.get(i) != Some(&b'=') {
                return None;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let quote = *b.get(i).filter(|&&q| q == b'"' || q == b'\'')?;
            let value_start = i + 1;
            let len = memchr::memchr(quote, &b[value_start..])?;
            i = value_start + len + 1;
            Some((key, &s[value_start..value_start + len]))
        })
    }

    /// An attribute's value by its local name (any prefix), entities
    /// resolved and white space normalised as XML says for attributes.
    pub(crate) fn attr(&self, local: &str) -> Option<String> {
        let (_, raw) = self.attributes().find(|(k, _)| k.rsplit(':').next() == Some(local))?;
        let v = unescape(raw);
        Some(if v.contains(['\t', '\n', '\r']) { v.replace(['\t', '\n', '\r'], " ") } else { v.into_owned() })
    }
}

/// Resolve the five predefined entities and character references; any
/// other `&name;` (one a DTD would define) stays as written, never
/// expanded. Line ends are normalised to `\n`, as an XML processor does.
pub(crate) fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['&', '\r']) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '\r']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] == b'\r' {
            out.push('\n');
            rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
            continue;
        }
        let after = &rest[i + 1..];
        // A reference is short; a '&' with no ';' soon after is kept as text.
        let Some(semi) = after.bytes().take(12).position(|c| c == b';') else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        match resolve(name) {
            Some(c) => out.push(c),
            None => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn resolve(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code).filter(|&c| c != '\0')?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Result<Vec<Token<'_>>, Malformed> {
        let mut t = Tokenizer::new(xml);
        let mut out = Vec::new();
        while let Some(tok) = t.next_token()? {
            out.push(tok);
        }
        Ok(out)
    }

    #[test]
    fn tags_text_and_the_markup_it_skips() {
        let xml = "<?xml version=\"1.0\"?><!-- a > b --><w:p a=\"x>y\"><w:t xml:space='preserve'>Hi &amp; bye</w:t><w:br/></w:p >";
        let got = tokens(xml).unwrap();
        assert_eq!(
            got,
            vec![
                Token::Start(Tag { name: "w:p", attrs: " a=\"x>y\"" }),
                Token::Start(Tag { name: "w:t", attrs: " xml:space='preserve'" }),
                Token::Text("Hi &amp; bye"),
                Token::End("w:t"),
                Token::Empty(Tag { name: "w:br", attrs: "" }),
                Token::End("w:p"),
            ]
        );
    }

    #[test]
    fn cdata_and_doctype_with_an_internal_subset() {
        let xml = "<!DOCTYPE d [<!ENTITY e \"<x>\">]><d><![CDATA[a <b> c]]></d>";
        let got = tokens(xml).unwrap();
        assert_eq!(
            got,
            vec![Token::DocType, Token::Start(Tag { name: "d", attrs: "" }), Token::CData("a <b> c"), Token::End("d")]
        );
    }

    #[test]
    fn unclosed_markup_is_malformed_with_its_offset() {
        for (xml, at) in
            [("<a><b", 3), ("<a></a", 3), ("<a><!-- x", 3), ("<a><![CDATA[x", 3), ("<a><", 3), ("<a></>", 3)]
        {
            let err = tokens(xml).unwrap_err();
            assert_eq!(err.at, at, "{xml}: {err:?}");
        }
        // A '<' inside a tag means the tag was never closed.
        assert!(tokens("<a b=\"1\" <c>").is_err());
        assert!(tokens("<a b='1' <c>").is_err());
    }

    #[test]
    fn a_close_angle_inside_a_value_does_not_end_the_tag() {
        for (xml, attrs) in [
            ("<a b=\"x>y\" c=\">\"/>", " b=\"x>y\" c=\">\""),
            ("<a b='x>y' c=\"it's\"/>", " b='x>y' c=\"it's\""),
            ("<a b=\"x>'>\"/>", " b=\"x>'>\""),
        ] {
            assert_eq!(tokens(xml).unwrap(), vec![Token::Empty(Tag { name: "a", attrs })], "{xml}");
        }
    }

    #[test]
    fn attributes_by_local_name_unescaped() {
        let tag = Tag { name: "w:pStyle", attrs: " w:val=\"Heading&amp;1\" w:other = 'x\ty' broken" };
        assert_eq!(tag.attr("val").as_deref(), Some("Heading&1"));
        assert_eq!(tag.attr("other").as_deref(), Some("x y"));
        assert_eq!(tag.attr("missing"), None);
        assert_eq!(tag.attributes().count(), 2);
    }

    #[test]
    fn entities_resolve_but_a_dtd_entity_stays_as_written() {
        assert_eq!(unescape("a &lt;b&gt; &#233;&#xE9; &quot;&apos;"), "a <b> éé \"'");
        assert_eq!(unescape("&bomb; & more; &#0;"), "&bomb; & more; &#0;");
        assert_eq!(unescape("line\r\nend\rx"), "line\nend\nx");
        assert!(matches!(unescape("plain"), Cow::Borrowed("plain")));
    }
}
