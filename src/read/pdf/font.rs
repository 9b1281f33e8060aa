//! Fonts: how a string in a content stream becomes characters, and how
//! wide each character is.
//!
//! A simple font (Type1, TrueType, Type3) has one byte per code; a composite
//! font (Type0) two, as Word and LibreOffice write them (`Identity-H`). The
//! text of a code comes from the font's `/ToUnicode` CMap when it has one,
//! else from its encoding (WinAnsi, MacRoman, Standard, Symbol, and
//! `/Differences` glyph names). Widths come from `/Widths` (simple) or the
//! descendant font's `/W` (composite), in thousandths of the font size.

use super::cmap::CMap;
use super::objects::{Objects, number};
use lopdf::{Dictionary, Object};
use std::collections::HashMap;

/// What the reader needs of one font.
pub(super) struct Font {
    /// Bytes per character code: 1 or 2.
    pub code_len: usize,
    to_unicode: Option<CMap>,
    /// One-byte codes to UTF-16, for a simple font without a CMap entry.
    table: Option<Box<[Option<char>; 256]>>,
    /// A symbolic simple font with no encoding: codes map to the private
    /// use area as Word's Symbol and Wingdings bullets do (U+F0B7).
    symbolic: bool,
    /// Widths of codes from `first`, in 1/1000 of the font size.
    widths: Vec<f32>,
    first: u32,
    /// Composite fonts: widths from `/W`.
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
    pub bold: bool,
    /// Decoded codes, worked out once (at most 65,536 of them).
    cache: HashMap<u32, Option<String>>,
}

/// The most `/W` widths read from one composite font: a font has at most
/// 65,536 glyphs.
const MAX_CID_WIDTHS: usize = 65_536;

impl Font {
    /// A font for text drawn with no font set, or with one that cannot be read.
    pub fn fallback() -> Font {
        Font {
            code_len: 1,
            to_unicode: None,
            table: None,
            symbolic: false,
            widths: Vec::new(),
            first: 0,
            cid_widths: HashMap::new(),
            default_width: 500.0,
            bold: false,
            cache: HashMap::new(),
        }
    }

    pub fn from_dict(objs: &Objects, dict: &Dictionary) -> Font {
        let subtype = objs.name(dict.get(b"Subtype").ok()).unwrap_or_default();
        let composite = subtype == b"Type0";
        let base = objs.name(dict.get(b"BaseFont").ok()).unwrap_or_default();
        let mut font = Font { code_len: if composite { 2 } else { 1 }, table: None, ..Font::fallback() };
        if let Ok(tu) = dict.get(b"ToUnicode") {
            font.to_unicode = objs.to_unicode(tu);
        }
        let descriptor;
        if composite {
            let descendant = objs
                .array(dict.get(b"DescendantFonts").ok())
                .and_then(|a| objs.dict(a.first()))
                .or_else(|| objs.dict(dict.get(b"DescendantFonts").ok()));
            if let Some(d) = descendant {
                font.default_width = objs.number(d.get(b"DW").ok()).unwrap_or(1000.0);
                if let Some(w) = objs.array(d.get(b"W").ok()) {
                    font.cid_widths = cid_widths(objs, w);
                }
                descriptor = objs.dict(d.get(b"FontDescriptor").ok());
            } else {
                descriptor = None;
            }
        } else {
            font.first = objs.number(dict.get(b"FirstChar").ok()).map_or(0, |n| n.clamp(0.0, 255.0) as u32);
            if let Some(w) = objs.array(dict.get(b"Widths").ok()) {
                font.widths = w.iter().take(256).map(|o| objs.number(Some(o)).unwrap_or(0.0)).collect();
            }
            descriptor = objs.dict(dict.get(b"FontDescriptor").ok());
            font.default_width = 500.0;
        }
        let mut symbolic = false;
        if let Some(d) = descriptor {
            if !composite
                && let Some(w) = objs.number(d.get(b"MissingWidth").ok())
                && w > 0.0
            {
                font.default_width = w;
            }
            let flags = objs.number(d.get(b"Flags").ok()).unwrap_or(0.0) as i64;
            let weight = objs.number(d.get(b"FontWeight").ok()).unwrap_or(0.0);
            font.bold |= flags & (1 << 18) != 0 || weight >= 600.0;
            symbolic = flags & 4 != 0 && flags & 32 == 0;
        }
        if !composite {
            font.table =
                Some(objs.simple_table(dict.get(b"Encoding").ok().filter(|_| !symbolic || dict.has(b"Encoding"))));
            font.symbolic = symbolic && !dict.has(b"Encoding");
        }
        font.bold |= bold_name(&base);
        font
    }

    /// The codes of a string, each with its width (1/1000 em).
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<(u32, f32)>) {
        out.clear();
        let mut i = 0;
        while i < bytes.len() {
            let n = self.code_len.min(bytes.len() - i);
            let code = bytes[i..i + n].iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
            i += n;
            out.push((code, self.width(code)));
        }
    }

    /// The text of one code; `None` when the font does not say.
    pub fn text(&mut self, code: u32) -> Option<&str> {
        if !self.cache.contains_key(&code) {
            let t = self.lookup(code);
            self.cache.insert(code, t);
        }
        self.cache.get(&code).and_then(|t| t.as_deref())
    }

    fn lookup(&self, code: u32) -> Option<String> {
        if let Some(map) = &self.to_unicode
            && let Some(s) = map.get(code)
            && !s.is_empty()
            && !s.contains(['\u{FFFD}', '\0'])
        {
            return Some(s);
        }
        if code > 255 {
            return None;
        }
        if self.symbolic {
            return char::from_u32(0xF000 + code).map(String::from);
        }
        self.table.as_ref()?[code as usize].map(String::from)
    }

    pub fn width(&self, code: u32) -> f32 {
        if self.code_len == 2 {
            return self.cid_widths.get(&code).copied().unwrap_or(self.default_width);
        }
        code.checked_sub(self.first)
            .and_then(|i| self.widths.get(i as usize))
            .copied()
            .filter(|w| *w > 0.0)
            .unwrap_or(self.default_width)
    }
}

/// `/W`: `c [w1 w2 …]` and `c_first c_last w` entries.
fn cid_widths(objs: &Objects, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() && out.len() < MAX_CID_WIDTHS {
        let Some(first) = objs.number(w.get(i)) else { break };
        let first = first.clamp(0.0, 65_535.0) as u32;
        match objs.resolve(w.get(i + 1)) {
            Some(Object::Array(ws)) => {
                for (k, x) in ws.iter().enumerate().take(MAX_CID_WIDTHS) {
                    if let Some(x) = objs.number(Some(x)) {
                        out.insert(first + k as u32, x);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = number(o).unwrap_or(0.0).clamp(0.0, 65_535.0) as u32;
                let width = objs.number(w.get(i + 2)).unwrap_or(1000.0);
                for c in first..=last.min(first.saturating_add(MAX_CID_WIDTHS as u32)) {
                    if out.len() >= MAX_CID_WIDTHS {
                        break;
                    }
                    out.insert(c, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// A font name that says bold: "Arial-BoldMT", "BAAAAA+NimbusSansBold",
/// "Calibri,Bold", "OpenSans-SemiBold".
fn bold_name(base: &[u8]) -> bool {
    let name = String::from_utf8_lossy(base).to_ascii_lowercase();
    let name = name.split_once('+').map_or(name.as_str(), |(_, n)| n);
    ["bold", "black", "heavy", "demi"].iter().any(|w| name.contains(w))
}
