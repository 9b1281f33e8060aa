//! The PDF's objects, as lopdf loaded them, read through bounded steps: a
//! reference chain is followed a few links at most (a loop is just a dead
//! end), and a stream is inflated only up to a byte budget.

use super::cmap::CMap;
use lopdf::{Dictionary, Document, Object, Stream};

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
    /// or a base encoding with `/Differences`), as lopdf reads it; the
    /// standard encoding when there is none.
    pub fn simple_table(&self, encoding: Option<&Object>) -> Option<Box<[Option<char>; 256]>> {
        let mut only = Dictionary::new();
        only.set("Type", Object::Name(b"Font".to_vec()));
        if let Some(e) = encoding {
            only.set("Encoding", e.clone());
        }
        let enc = only.get_font_encoding_with_limit(self.doc, self.max_stream).ok()?;
        let mut table = Box::new([None; 256]);
        for (b, slot) in table.iter_mut().enumerate() {
            if let Ok(s) = enc.bytes_to_string(&[b as u8]) {
                let mut cs = s.chars();
                if let (Some(c), None) = (cs.next(), cs.next())
                    && c != '\u{FFFD}'
                    && c != '\0'
                {
                    *slot = Some(c);
                }
            }
        }
        Some(table)
    }
}
