//! The PDF's objects, as lopdf loaded them, read through bounded steps: a
//! reference chain is followed a few links at most (a loop is just a dead
//! end), and a stream is inflated only up to a byte budget.

use super::base_encodings::{
    MAC_EXPERT_ENCODING, MAC_ROMAN_ENCODING, PDF_DOC_ENCODING, STANDARD_ENCODING, WIN_ANSI_ENCODING,
};
use super::cmap::CMap;
use lopdf::{Dictionary, Document, Object, Stream};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// How many references in a row are followed before giving up: a chain
/// this long is a loop or a hostile file.
const MAX_HOPS: usize = 16;

pub(super) struct Objects<'a> {
    pub doc: &'a Document,
    /// The most bytes one stream may inflate to (`max_part_bytes`).
    pub max_stream: usize,
}

pub(super) fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

impl<'a> Objects<'a> {
    /// The object behind `o`, following references.
    pub fn resolve(&self, o: Option<&'a Object>) -> Option<&'a Object> {
        let mut o = o?;
        for _ in 0..MAX_HOPS {
            match o {
                Object::Reference(id) => o = self.doc.objects.get(id)?,
                _ => return Some(o),
            }
        }
        None
    }

    pub fn dict(&self, o: Option<&'a Object>) -> Option<&'a Dictionary> {
        match self.resolve(o)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub fn array(&self, o: Option<&'a Object>) -> Option<&'a [Object]> {
        match self.resolve(o)? {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn name(&self, o: Option<&'a Object>) -> Option<Vec<u8>> {
        match self.resolve(o)? {
            Object::Name(n) => Some(n.clone()),
            _ => None,
        }
    }

    pub fn number(&self, o: Option<&'a Object>) -> Option<f32> {
        number(self.resolve(o)?)
    }

    pub fn integer(&self, o: Option<&'a Object>) -> Option<i64> {
        match self.resolve(o)? {
            Object::Integer(i) => Some(*i),
            Object::Real(r) if r.is_finite() => Some(*r as i64),
            _ => None,
        }
    }

    pub fn stream(&self, o: Option<&'a Object>) -> Option<&'a Stream> {
        match self.resolve(o)? {
            Object::Stream(s) => Some(s),
            _ => None,
        }
    }

    /// A stream's bytes, inflated, at most `budget` of them. `Err(true)`
    /// when the stream inflates past the budget, `Err(false)` when it cannot
    /// be read (an unknown filter, damaged data).
    pub fn content(&self, s: &Stream, budget: usize) -> Result<Vec<u8>, bool> {
        let budget = budget.min(self.max_stream);
        if s.dict.get(b"Filter").is_err() {
            return if s.content.len() > budget { Err(true) } else { Ok(s.content.clone()) };
        }
        match s.decompressed_content_with_limit(budget) {
            Ok(b) => Ok(b),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => Err(true),
            Err(_) => {
                // Some writers leave a stream uncompressed but name a filter;
                // lopdf says so with an error. Raw bytes that read as a
                // content stream are better than nothing.
                Err(false)
            }
        }
    }

    /// A font's `/ToUnicode` CMap.
    pub fn to_unicode(&self, tu: &Object) -> Option<CMap> {
        let s = self.stream(Some(tu))?;
        // A CMap of a whole font is a few hundred kilobytes at most.
        let data = self.content(s, 4 << 20).ok()?;
        Some(CMap::parse(&data))
    }

    /// A simple font's codes as characters, from its `/Encoding` (a name,
    /// or a dictionary with a base encoding and `/Differences`), read as
    /// lopdf 0.47's `get_font_encoding` reads it: an encoding it cannot read
    /// is the standard one, a base it does not know leaves every code
    /// without a character. The glyph names of `/Differences` come from
    /// [`glyph_unit`]'s table rather than lopdf's own match, which is half a
    /// megabyte of the page's WebAssembly; a test checks the two agree.
    pub fn simple_table(&self, encoding: Option<&Object>) -> Box<[Option<char>; 256]> {
        let units = match encoding {
            None => Some(STANDARD_ENCODING),
            Some(e) => self.encoding_units(e).unwrap_or(Some(STANDARD_ENCODING)),
        };
        let mut table = Box::new([None; 256]);
        if let Some(units) = units {
            for (slot, unit) in table.iter_mut().zip(units) {
                *slot = unit_char(unit);
            }
        }
        table
    }

    /// Each code's UTF-16 unit (0 for none) under the encoding `object`;
    /// `Some(None)` for a base encoding lopdf does not know (no code has a
    /// character), `None` where lopdf falls back to the standard encoding.
    fn encoding_units<'o>(&'o self, mut object: &'o Object) -> Option<Option<[u16; 256]>> {
        let mut visited = HashSet::new();
        loop {
            match object {
                Object::Name(name) => return base_encoding(name),
                Object::Reference(id) => {
                    if !visited.insert(*id) {
                        return None;
                    }
                    object = self.doc.get_object(*id).ok()?;
                }
                Object::Dictionary(dict) => {
                    // `/Type` is optional, but must be `/Encoding` when present.
                    if let Ok(t) = dict.get(b"Type").and_then(Object::as_name)
                        && t != b"Encoding"
                    {
                        return None;
                    }
                    let mut units = Some(STANDARD_ENCODING);
                    if let Ok(base) = dict.get(b"BaseEncoding")
                        && let Ok(name) = base.as_name()
                    {
                        units = base_encoding(name)?;
                    }
                    let Ok(differences) = dict.get(b"Differences") else { return Some(units) };
                    let mut units = units.map_or([None; 256], |u| u.map(Some));
                    let mut code = 0u8;
                    for o in differences.as_array().ok()? {
                        match o {
                            Object::Integer(c) => code = u8::try_from(*c).ok()?,
                            Object::Name(name) => {
                                units[usize::from(code)] = Some(glyph_unit(name)?);
                                code = code.wrapping_add(1);
                            }
                            _ => return None,
                        }
                    }
                    // A code neither the base nor `/Differences` gives has no character.
                    return Some(Some(units.map(|u| u.unwrap_or(0))));
                }
                _ => return None,
            }
        }
    }
}

/// The table of a base encoding's name, as lopdf has them; `Some(None)` for
/// a name it keeps but cannot decode one byte with, `None` for Identity-H
/// and -V, which it reads from a `/ToUnicode` the encoding does not have.
fn base_encoding(name: &[u8]) -> Option<Option<[u16; 256]>> {
    Some(Some(match name {
        b"StandardEncoding" => STANDARD_ENCODING,
        b"MacRomanEncoding" => MAC_ROMAN_ENCODING,
        b"MacExpertEncoding" => MAC_EXPERT_ENCODING,
        b"WinAnsiEncoding" => WIN_ANSI_ENCODING,
        b"PDFDocEncoding" => PDF_DOC_ENCODING,
        b"Identity-H" | b"Identity-V" => return None,
        _ => return Some(None),
    }))
}

/// A code's character: none for a lone surrogate, NUL or U+FFFD.
fn unit_char(unit: u16) -> Option<char> {
    char::from_u32(u32::from(unit)).filter(|&c| c != '\u{FFFD}' && c != '\0')
}

/// The UTF-16 unit of a glyph name (`/Aacute`, `/bullet`), from the Adobe
/// Glyph List as lopdf 0.47 has it (`glyph_names.txt`, written by
/// `scripts/pdf_glyph_names.py`).
fn glyph_unit(name: &[u8]) -> Option<u16> {
    static NAMES: LazyLock<HashMap<&'static [u8], u16>> = LazyLock::new(|| {
        include_str!("glyph_names.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, hex) = l.split_once(' ')?;
                Some((name.as_bytes(), u16::from_str_radix(hex, 16).ok()?))
            })
            .collect()
    });
    NAMES.get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Dictionary;

    /// What lopdf makes of a simple font's encoding, code by code, as the
    /// reader asked it before it had its own table.
    fn lopdf_table(doc: &Document, encoding: Option<&Object>) -> Vec<Option<char>> {
        let mut only = Dictionary::new();
        only.set("Type", Object::Name(b"Font".to_vec()));
        if let Some(e) = encoding {
            only.set("Encoding", e.clone());
        }
        let enc = only.get_font_encoding_with_limit(doc, 1 << 20).expect("lopdf falls back to the standard encoding");
        (0..=255u8)
            .map(|b| {
                let s = enc.bytes_to_string(&[b]).ok()?;
                let mut cs = s.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) if c != '\u{FFFD}' && c != '\0' => Some(c),
                    _ => None,
                }
            })
            .collect()
    }

    fn same_as_lopdf(doc: &Document, encoding: Option<&Object>) {
        let ours = Objects { doc, max_stream: 1 << 20 }.simple_table(encoding).to_vec();
        assert_eq!(ours, lopdf_table(doc, encoding), "{encoding:?}");
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    fn dict(entries: Vec<(&str, Object)>) -> Object {
        let mut d = Dictionary::new();
        for (k, v) in entries {
            d.set(k, v);
        }
        Object::Dictionary(d)
    }

    #[test]
    fn every_glyph_name_decodes_as_lopdf_decodes_it() {
        let doc = Document::new();
        let names: Vec<&str> = include_str!("glyph_names.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split(' ').next())
            .collect();
        assert!(names.len() > 4000);
        for chunk in names.chunks(200) {
            let mut differences = vec![Object::Integer(30)];
            differences.extend(chunk.iter().map(|n| name(n)));
            same_as_lopdf(&doc, Some(&dict(vec![("Differences", Object::Array(differences))])));
        }
    }

    #[test]
    fn every_encoding_shape_reads_as_lopdf_reads_it() {
        let mut doc = Document::new();
        let bases = [
            "StandardEncoding",
            "MacRomanEncoding",
            "MacExpertEncoding",
            "WinAnsiEncoding",
            "PDFDocEncoding",
            "Identity-H",
            "Identity-V",
            "UniGB-UCS2-H",
            "SomethingElse",
        ];
        let diffs = || Object::Array(vec![Object::Integer(65), name("bullet"), name("eacute"), name("uni0041")]);
        let mut cases: Vec<Object> = Vec::new();
        for b in bases {
            cases.push(name(b));
            cases.push(dict(vec![("BaseEncoding", name(b))]));
            cases.push(dict(vec![("BaseEncoding", name(b)), ("Differences", diffs())]));
        }
        // Later codes override earlier ones; a run wraps past 255.
        cases.push(dict(vec![(
            "Differences",
            Object::Array(vec![
                Object::Integer(65),
                name("bullet"),
                Object::Integer(65),
                name("endash"),
                Object::Integer(254),
                name("a"),
                name("b"),
                name("c"),
            ]),
        )]));
        // What lopdf refuses, and falls back to the standard encoding for.
        for bad in [
            Object::Array(vec![Object::Integer(300), name("a")]),
            Object::Array(vec![Object::Integer(-1), name("a")]),
            Object::Array(vec![Object::Integer(65), name("notAGlyphName")]),
            Object::Array(vec![Object::Real(65.0), name("a")]),
            Object::Integer(3),
        ] {
            cases.push(dict(vec![("BaseEncoding", name("WinAnsiEncoding")), ("Differences", bad)]));
        }
        cases.push(dict(vec![("Type", name("Encoding")), ("Differences", diffs())]));
        cases.push(dict(vec![("Type", name("Font")), ("Differences", diffs())]));
        cases.push(dict(vec![("Type", Object::Integer(1)), ("Differences", diffs())]));
        cases.push(dict(vec![("BaseEncoding", Object::Integer(1)), ("Differences", diffs())]));
        cases.push(Object::Integer(7));
        cases.push(Object::Array(vec![name("WinAnsiEncoding")]));
        // References: followed, a missing object, a loop, /Differences behind one.
        let target = doc.add_object(dict(vec![("BaseEncoding", name("MacRomanEncoding")), ("Differences", diffs())]));
        let hop = doc.add_object(Object::Reference(target));
        cases.push(Object::Reference(target));
        cases.push(Object::Reference(hop));
        cases.push(Object::Reference((9999, 0)));
        let a = doc.new_object_id();
        let b = doc.add_object(Object::Reference(a));
        doc.objects.insert(a, Object::Reference(b));
        cases.push(Object::Reference(a));
        let arr = doc.add_object(diffs());
        cases.push(dict(vec![("Differences", Object::Reference(arr))]));
        same_as_lopdf(&doc, None);
        for c in &cases {
            same_as_lopdf(&doc, Some(c));
        }
    }
}
