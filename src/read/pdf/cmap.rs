//! A font's `/ToUnicode` CMap: which characters each code stands for.
//! Only `bfchar` and `bfrange` entries matter for text; ranges are kept as
//! ranges, never expanded, and the entries read are bounded.

use super::content::{Lexer, Operand, Token};
use std::collections::HashMap;

/// The most entries read from one CMap: a font has at most 65,536 codes.
const MAX_ENTRIES: usize = 70_000;

#[derive(Default)]
pub(super) struct CMap {
    single: HashMap<u32, String>,
    /// `lo..=hi` maps to `start` plus the offset (the last UTF-16 unit
    /// counting up), or to one string each from an array.
    ranges: Vec<(u32, u32, Target)>,
}

enum Target {
    Start(Vec<u16>),
    Each(Vec<String>),
}

fn code(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| (a << 8) | u32::from(x))
}

fn utf16(b: &[u8]) -> Vec<u16> {
    b.chunks(2).map(|c| if c.len() == 2 { u16::from_be_bytes([c[0], c[1]]) } else { u16::from(c[0]) }).collect()
}

fn string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut map = CMap::default();
        let mut lex = Lexer { data, pos: 0 };
        let mut ops: Vec<Operand> = Vec::new();
        let mut mode = 0u8; // 1: bfchar, 2: bfrange
        let mut entries = 0usize;
        while let Some(t) = lex.next_token() {
            match t {
                Token::Operand(o) => {
                    if mode == 0 {
                        continue;
                    }
                    ops.push(o);
                    let want = if mode == 1 { 2 } else { 3 };
                    if ops.len() == want {
                        entries += 1;
                        if entries > MAX_ENTRIES {
                            return map;
                        }
                        match (mode, &ops[..]) {
                            (1, [Operand::Str(src), Operand::Str(dst)]) => {
                                map.single.insert(code(src), string(&utf16(dst)));
                            }
                            // A glyph name: rare; kept only if it is one letter.
                            (1, [Operand::Str(src), Operand::Name(n)]) if n.len() == 1 => {
                                map.single.insert(code(src), (n[0] as char).to_string());
                            }
                            (2, [Operand::Str(lo), Operand::Str(hi), Operand::Str(dst)]) => {
                                let (lo, hi) = (code(lo), code(hi));
                                if lo <= hi {
                                    map.ranges.push((lo, hi, Target::Start(utf16(dst))));
                                }
                            }
                            (2, [Operand::Str(lo), Operand::Str(hi), Operand::Array(items)]) => {
                                let (lo, hi) = (code(lo), code(hi));
                                let each = items
                                    .iter()
                                    .take(MAX_ENTRIES)
                                    .map(|i| match i {
                                        Operand::Str(b) => string(&utf16(b)),
                                        _ => String::new(),
                                    })
                                    .collect();
                                if lo <= hi {
                                    map.ranges.push((lo, hi, Target::Each(each)));
                                }
                            }
                            _ => {}
                        }
                        ops.clear();
                    }
                }
                Token::Operator(op) => {
                    ops.clear();
                    mode = match op.as_slice() {
                        b"beginbfchar" => 1,
                        b"beginbfrange" => 2,
                        _ => 0,
                    };
                }
            }
        }
        map
    }

    pub fn get(&self, code: u32) -> Option<String> {
        if let Some(s) = self.single.get(&code) {
            return Some(s.clone());
        }
        for (lo, hi, t) in &self.ranges {
            if code < *lo || code > *hi {
                continue;
            }
            let off = code - lo;
            return match t {
                Target::Start(units) => {
                    let mut u = units.clone();
                    let last = u.last_mut()?;
                    *last = last.wrapping_add(off as u16);
                    Some(string(&u))
                }
                Target::Each(v) => v.get(off as usize).cloned(),
            };
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_and_bfrange() {
        let m = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar \
              1 beginbfrange <0024> <0026> <0041> endbfrange 1 beginbfrange <0030> <0031> [<0077> <0175>] endbfrange end",
        );
        assert_eq!(m.get(3).as_deref(), Some(" "));
        assert_eq!(m.get(0x11).as_deref(), Some("fi"));
        assert_eq!(m.get(0x25).as_deref(), Some("B"));
        assert_eq!(m.get(0x31).as_deref(), Some("ŵ"));
        assert_eq!(m.get(0x99), None);
    }
}
