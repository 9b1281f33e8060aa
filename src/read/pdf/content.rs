//! A page's content stream, run: the characters drawn with where they stand,
//! the straight lines and thin bars drawn (a table's rules), how many images,
//! and which marked-content sequence (MCID) each character belongs to.
//!
//! The content stream is tokenised here, one operator at a time, never held
//! as a list of operations; nested arrays and dictionaries are bounded; form
//! XObjects are followed a few levels deep and never into themselves; and
//! every operator run counts against a budget for the whole document, so a
//! form drawn a million times is refused rather than run.

use super::font::Font;
use super::objects::Objects;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::HashMap;

/// One character drawn on the page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glyph {
    /// Left edge and baseline, in points from the page's lower left corner.
    pub x: f32,
    pub y: f32,
    /// Advance width, in points.
    pub w: f32,
    /// Font size as drawn, in points.
    pub size: f32,
    pub ch: char,
    pub bold: bool,
    /// The marked-content id the character is drawn in, if any.
    pub mcid: Option<u32>,
    /// Drawn inside an `/Artifact` sequence (page furniture of a tagged PDF).
    pub artifact: bool,
}

/// A straight line drawn on the page (or a thin filled bar), along one axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rule {
    /// For a horizontal rule: y, and x from `a` to `b`. For a vertical one:
    /// x, and y from `a` to `b`. `a <= b`.
    pub at: f32,
    pub a: f32,
    pub b: f32,
    pub horizontal: bool,
}

#[derive(Debug, Default)]
pub(super) struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
}

/// What running content may cost, across the whole document.
pub(super) struct Budget {
    /// Operators left to run.
    pub ops: u64,
    /// Characters left to keep (`max_pdf_chars`).
    pub chars: u64,
    /// Set when a budget ran out: which one.
    pub exhausted: Option<&'static str>,
}

/// The most form XObjects drawn inside one another.
const MAX_FORM_DEPTH: usize = 12;
/// The deepest arrays or dictionaries nest inside a content stream operand.
const MAX_OPERAND_DEPTH: usize = 32;
/// Operands kept before an operator; more are a malformed stream.
const MAX_OPERANDS: usize = 64;
/// Elements kept in one operand array (a `TJ` array of a long line has a
/// few hundred).
const MAX_ARRAY: usize = 100_000;

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Num(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    Other,
}

impl Operand {
    fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    line_width: f32,
    fill_white: bool,
    stroke_white: bool,
    // Text state (part of the graphics state in PDF).
    font: Option<FontKey>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            line_width: 1.0,
            fill_white: false,
            stroke_white: false,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// A font as a content stream names it: by object, or (for a font written
/// straight into the resources) by its resource dictionary and name.
#[derive(Clone, PartialEq, Eq, Hash)]
enum FontKey {
    Object(ObjectId),
    Direct(usize, Vec<u8>),
}

/// The fonts of a document, each read once.
pub(super) struct Fonts {
    fonts: HashMap<FontKey, Font>,
    fallback: Font,
}

impl Fonts {
    pub fn new() -> Fonts {
        Fonts { fonts: HashMap::new(), fallback: Font::fallback() }
    }
}

/// Run a page's content: `streams` are its content streams' bytes, in order,
/// `resources` its resource dictionary.
pub(super) fn run_page(
    objs: &Objects,
    fonts: &mut Fonts,
    data: &[u8],
    resources: Option<&Dictionary>,
    budget: &mut Budget,
) -> PageContent {
    let mut page = PageContent::default();
    let mut runner = Runner { objs, fonts, page: &mut page, budget, forms: Vec::new(), marked: Vec::new() };
    runner.run(data, resources, GState::default());
    page
}

struct Runner<'r, 'a> {
    objs: &'r Objects<'a>,
    fonts: &'r mut Fonts,
    page: &'r mut PageContent,
    budget: &'r mut Budget,
    /// The form XObjects being drawn, innermost last.
    forms: Vec<ObjectId>,
    /// Marked-content sequences open: (is an artifact, MCID).
    marked: Vec<(bool, Option<u32>)>,
}

struct Path {
    /// Subpaths of points, in user space; `closed`, `rect`, `curved` per subpath.
    subpaths: Vec<(Vec<(f32, f32)>, bool)>,
}

/// The most points kept in one path: a table's borders take a few hundred.
const MAX_PATH_POINTS: usize = 100_000;

impl<'r, 'a> Runner<'r, 'a> {
    fn run(&mut self, data: &[u8], resources: Option<&'a Dictionary>, start: GState) {
        let mut lex = Lexer { data, pos: 0 };
        let mut operands: Vec<Operand> = Vec::new();
        let mut gs = start;
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = Path { subpaths: Vec::new() };
        let mut points = 0usize;
        let mut codes = Vec::new();
        let marked_base = self.marked.len();
        while let Some(tok) = lex.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    if operands.len() < MAX_OPERANDS {
                        operands.push(o);
                    }
                    continue;
                }
                Token::Operator(op) => op,
            };
            if self.budget.ops == 0 {
                self.budget.exhausted.get_or_insert("operators");
                return;
            }
            self.budget.ops -= 1;
            let n = |i: usize| operands.get(i).and_then(Operand::num).unwrap_or(0.0);
            match op.as_slice() {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" if operands.len() >= 6 => {
                    let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                b"w" => gs.line_width = n(0).abs(),
                b"g" => gs.fill_white = n(0) > 0.95,
                b"G" => gs.stroke_white = n(0) > 0.95,
                b"rg" => gs.fill_white = (0..3).all(|i| n(i) > 0.95),
                b"RG" => gs.stroke_white = (0..3).all(|i| n(i) > 0.95),
                b"k" => gs.fill_white = (0..4).all(|i| n(i) < 0.05),
                b"K" => gs.stroke_white = (0..4).all(|i| n(i) < 0.05),
                b"sc" | b"scn" => {
                    let nums: Vec<f32> = operands.iter().filter_map(Operand::num).collect();
                    gs.fill_white = match nums.len() {
                        1 | 3 => nums.iter().all(|v| *v > 0.95),
                        4 => nums.iter().all(|v| *v < 0.05),
                        _ => false,
                    };
                }
                b"SC" | b"SCN" => {
                    let nums: Vec<f32> = operands.iter().filter_map(Operand::num).collect();
                    gs.stroke_white = match nums.len() {
                        1 | 3 => nums.iter().all(|v| *v > 0.95),
                        4 => nums.iter().all(|v| *v < 0.05),
                        _ => false,
                    };
                }
                // Paths.
                b"m" if points < MAX_PATH_POINTS => {
                    path.subpaths.push((vec![apply(&gs.ctm, n(0), n(1))], false));
                    points += 1;
                }
                b"l" => {
                    if points < MAX_PATH_POINTS
                        && let Some((pts, _)) = path.subpaths.last_mut()
                    {
                        pts.push(apply(&gs.ctm, n(0), n(1)));
                        points += 1;
                    }
                }
                b"c" | b"v" | b"y" => {
                    // A curve is no table rule: end the subpath at its end point
                    // with a gap (a NaN point) so no straight piece spans it.
                    let (x, y) = if op.as_slice() == b"y" || op.as_slice() == b"c" && operands.len() >= 6 {
                        if op.as_slice() == b"c" { (n(4), n(5)) } else { (n(2), n(3)) }
                    } else {
                        (n(2), n(3))
                    };
                    if points < MAX_PATH_POINTS
                        && let Some((pts, _)) = path.subpaths.last_mut()
                    {
                        pts.push((f32::NAN, f32::NAN));
                        pts.push(apply(&gs.ctm, x, y));
                        points += 2;
                    }
                }
                b"h" => {
                    if let Some((pts, closed)) = path.subpaths.last_mut()
                        && let Some(&first) = pts.first()
                    {
                        *closed = true;
                        if points < MAX_PATH_POINTS {
                            pts.push(first);
                            points += 1;
                        }
                    }
                }
                b"re" if operands.len() >= 4 && points < MAX_PATH_POINTS => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let pts = vec![
                        apply(&gs.ctm, x, y),
                        apply(&gs.ctm, x + w, y),
                        apply(&gs.ctm, x + w, y + h),
                        apply(&gs.ctm, x, y + h),
                        apply(&gs.ctm, x, y),
                    ];
                    path.subpaths.push((pts, true));
                    points += 5;
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                    let stroke = matches!(op.as_slice(), b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    let fill = matches!(op.as_slice(), b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*");
                    if stroke && !gs.stroke_white {
                        let width = gs.line_width * scale_of(&gs.ctm);
                        if width < 6.0 {
                            for (pts, _) in &path.subpaths {
                                for pair in pts.windows(2) {
                                    self.segment(pair[0], pair[1]);
                                }
                            }
                        }
                    }
                    if fill && !gs.fill_white {
                        for (pts, closed) in &path.subpaths {
                            if *closed || pts.len() >= 4 {
                                self.bar(pts);
                            }
                        }
                    }
                    path.subpaths.clear();
                    points = 0;
                }
                b"W" | b"W*" => {}
                // Text.
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"ET" => {}
                b"Tf" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        gs.font = self.font_key(resources, name);
                    }
                    gs.size = n(1);
                }
                b"Tc" => gs.char_space = n(0),
                b"Tw" => gs.word_space = n(0),
                b"Tz" => gs.scale = n(0) / 100.0,
                b"TL" => gs.leading = n(0),
                b"Ts" => gs.rise = n(0),
                b"Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.leading = -n(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" if operands.len() >= 6 => {
                    tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op.as_slice() != b"Tj" && op.as_slice() != b"TJ" {
                        if op.as_slice() == b"\"" {
                            gs.word_space = n(0);
                            gs.char_space = n(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    let items: Vec<&Operand> = match operands.last() {
                        Some(Operand::Array(a)) if op.as_slice() == b"TJ" => a.iter().collect(),
                        Some(s @ Operand::Str(_)) => vec![s],
                        _ => Vec::new(),
                    };
                    for item in items {
                        match item {
                            Operand::Str(bytes) => self.show(bytes, &gs, &mut tm, &mut codes),
                            Operand::Num(adj) if adj.is_finite() => {
                                let tx = -adj / 1000.0 * gs.size * gs.scale;
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                            }
                            _ => {}
                        }
                        if self.budget.exhausted.is_some() {
                            return;
                        }
                    }
                }
                // Marked content.
                b"BMC" => {
                    let artifact = matches!(operands.first(), Some(Operand::Name(n)) if n == b"Artifact");
                    self.open_marked(artifact, None);
                }
                b"BDC" => {
                    let artifact = matches!(operands.first(), Some(Operand::Name(n)) if n == b"Artifact");
                    let mcid = match operands.get(1) {
                        Some(Operand::Dict(d)) => mcid_in(d),
                        Some(Operand::Name(name)) => self.property_mcid(resources, name),
                        _ => None,
                    };
                    self.open_marked(artifact, mcid);
                }
                b"EMC" if self.marked.len() > marked_base => {
                    self.marked.pop();
                }
                // XObjects and inline images.
                b"Do" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        self.draw_xobject(resources, name, &gs);
                        if self.budget.exhausted.is_some() {
                            return;
                        }
                    }
                }
                b"BI" => {
                    lex.skip_inline_image();
                    self.page.images += 1;
                }
                _ => {}
            }
            operands.clear();
        }
        self.marked.truncate(marked_base);
    }

    fn open_marked(&mut self, artifact: bool, mcid: Option<u32>) {
        if self.marked.len() < 1024 {
            self.marked.push((artifact, mcid));
        }
    }

    fn font_key(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<FontKey> {
        let fonts = self.objs.dict(resources?.get(b"Font").ok())?;
        let entry = fonts.get(name).ok()?;
        let key = match entry {
            Object::Reference(id) => FontKey::Object(*id),
            _ => FontKey::Direct(fonts as *const Dictionary as usize, name.to_vec()),
        };
        if !self.fonts.fonts.contains_key(&key) {
            let font = match self.objs.dict(Some(entry)) {
                Some(d) => Font::from_dict(self.objs, d),
                None => Font::fallback(),
            };
            if self.fonts.fonts.len() < 10_000 {
                self.fonts.fonts.insert(key.clone(), font);
            } else {
                return None;
            }
        }
        Some(key)
    }

    fn property_mcid(&self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<u32> {
        let props = self.objs.dict(resources?.get(b"Properties").ok())?;
        let d = self.objs.dict(props.get(name).ok())?;
        self.objs.integer(d.get(b"MCID").ok()).and_then(|i| u32::try_from(i).ok())
    }

    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix, codes: &mut Vec<(u32, f32)>) {
        let fonts = &mut *self.fonts;
        let font = match gs.font.as_ref().and_then(|k| fonts.fonts.get_mut(k)) {
            Some(f) => f,
            None => &mut fonts.fallback,
        };
        font.decode(bytes, codes);
        let artifact = self.marked.iter().any(|m| m.0);
        let mcid = self.marked.iter().rev().find_map(|m| m.1);
        let bold = font.bold;
        let single = font.code_len == 1;
        for &(code, width) in codes.iter() {
            let trm = mul(tm, &gs.ctm);
            let (x, y) = apply(&trm, 0.0, gs.rise);
            let size = gs.size * (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let mut tx = (width / 1000.0 * gs.size + gs.char_space) * gs.scale;
            if single && code == 32 {
                tx += gs.word_space * gs.scale;
            }
            let w = tx * (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
            if let Some(text) = font.text(code) {
                let n = text.chars().count().max(1) as f32;
                for (i, ch) in text.chars().enumerate() {
                    if self.budget.chars == 0 {
                        self.budget.exhausted.get_or_insert("max_pdf_chars");
                        return;
                    }
                    self.budget.chars -= 1;
                    if x.is_finite() && y.is_finite() && w.is_finite() && size.is_finite() {
                        self.page.glyphs.push(Glyph {
                            x: x + w / n * i as f32,
                            y,
                            w: w / n,
                            size: size.abs(),
                            ch,
                            bold,
                            mcid,
                            artifact,
                        });
                    }
                }
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
    }

    fn draw_xobject(&mut self, resources: Option<&'a Dictionary>, name: &[u8], gs: &GState) {
        let Some(xobjects) = resources.and_then(|r| self.objs.dict(r.get(b"XObject").ok())) else { return };
        let Ok(entry) = xobjects.get(name) else { return };
        let Some(stream) = self.objs.stream(Some(entry)) else { return };
        match self.objs.name(stream.dict.get(b"Subtype").ok()).as_deref() {
            Some(b"Image") => self.page.images += 1,
            Some(b"Form") => {
                let Object::Reference(id) = entry else { return };
                if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(id) {
                    return;
                }
                let Ok(data) = self.objs.content(stream, self.objs.max_stream) else { return };
                let matrix = self
                    .objs
                    .array(stream.dict.get(b"Matrix").ok())
                    .filter(|a| a.len() == 6)
                    .map(|a| {
                        let mut m = IDENTITY;
                        for (slot, o) in m.iter_mut().zip(a) {
                            *slot = self.objs.number(Some(o)).unwrap_or(0.0);
                        }
                        m
                    })
                    .unwrap_or(IDENTITY);
                let inner = self.objs.dict(stream.dict.get(b"Resources").ok()).or(resources);
                let mut start = gs.clone();
                start.ctm = mul(&matrix, &gs.ctm);
                self.forms.push(*id);
                self.run(&data, inner, start);
                self.forms.pop();
            }
            _ => {}
        }
    }

    /// A straight piece of a stroked path: kept when it runs along an axis.
    fn segment(&mut self, p: (f32, f32), q: (f32, f32)) {
        let ((x0, y0), (x1, y1)) = (p, q);
        if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
            return;
        }
        if (y0 - y1).abs() < 0.5 && (x0 - x1).abs() > 1.0 {
            self.rule(Rule { at: (y0 + y1) / 2.0, a: x0.min(x1), b: x0.max(x1), horizontal: true });
        } else if (x0 - x1).abs() < 0.5 && (y0 - y1).abs() > 1.0 {
            self.rule(Rule { at: (x0 + x1) / 2.0, a: y0.min(y1), b: y0.max(y1), horizontal: false });
        }
    }

    /// A filled subpath: a thin bar along an axis is a rule (Word draws
    /// table borders so); anything else is shading and ignored.
    fn bar(&mut self, pts: &[(f32, f32)]) {
        if pts.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &(x, y) in pts {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        // Only a rectangle: every point on its bounding box's corners.
        let corner = |&(x, y): &(f32, f32)| {
            ((x - x0).abs() < 0.5 || (x - x1).abs() < 0.5) && ((y - y0).abs() < 0.5 || (y - y1).abs() < 0.5)
        };
        if !pts.iter().all(corner) {
            return;
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= 3.0 && w > 1.0 && w > h * 2.0 {
            self.rule(Rule { at: (y0 + y1) / 2.0, a: x0, b: x1, horizontal: true });
        } else if w <= 3.0 && h > 1.0 && h > w * 2.0 {
            self.rule(Rule { at: (x0 + x1) / 2.0, a: y0, b: y1, horizontal: false });
        }
    }

    fn rule(&mut self, r: Rule) {
        // A page's rules: a dense table has a few thousand.
        if self.page.rules.len() < 200_000 {
            self.page.rules.push(r);
        }
    }
}

fn scale_of(m: &Matrix) -> f32 {
    ((m[0] * m[0] + m[1] * m[1]).sqrt() + (m[2] * m[2] + m[3] * m[3]).sqrt()) / 2.0
}

fn mcid_in(d: &[(Vec<u8>, Operand)]) -> Option<u32> {
    d.iter().find(|(k, _)| k == b"MCID").and_then(|(_, v)| v.num()).filter(|n| *n >= 0.0).map(|n| n as u32)
}

// ---------------------------------------------------------------------------
// The tokenizer.

pub(super) enum Token {
    Operand(Operand),
    Operator(Vec<u8>),
}

pub(super) struct Lexer<'d> {
    pub data: &'d [u8],
    pub pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl Lexer<'_> {
    fn skip_space(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next operand (arrays and dictionaries whole) or operator.
    pub fn next_token(&mut self) -> Option<Token> {
        // Containers being built: arrays, and dictionaries as flat lists.
        let mut stack: Vec<(bool, Vec<Operand>)> = Vec::new();
        // Containers opened past MAX_OPERAND_DEPTH: skipped, only counted.
        let mut skipped = 0usize;
        loop {
            self.skip_space();
            let b = *self.data.get(self.pos)?;
            let value = match b {
                b'[' => {
                    self.pos += 1;
                    if stack.len() < MAX_OPERAND_DEPTH && skipped == 0 {
                        stack.push((true, Vec::new()));
                    } else {
                        skipped += 1;
                    }
                    continue;
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    if stack.len() < MAX_OPERAND_DEPTH && skipped == 0 {
                        stack.push((false, Vec::new()));
                    } else {
                        skipped += 1;
                    }
                    continue;
                }
                b']' | b'>' => {
                    self.pos += if b == b'>' && self.data.get(self.pos + 1) == Some(&b'>') { 2 } else { 1 };
                    if skipped > 0 {
                        skipped -= 1;
                        continue;
                    }
                    match stack.pop() {
                        Some((true, items)) => Operand::Array(items),
                        Some((false, items)) => {
                            let mut pairs = Vec::new();
                            let mut it = items.into_iter();
                            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                                if let Operand::Name(k) = k {
                                    pairs.push((k, v));
                                }
                            }
                            Operand::Dict(pairs)
                        }
                        None => continue,
                    }
                }
                b'(' => Operand::Str(self.literal()),
                b'<' => Operand::Str(self.hex()),
                b'/' => {
                    self.pos += 1;
                    let start = self.pos;
                    while self.pos < self.data.len() && !is_white(self.data[self.pos]) && !is_delim(self.data[self.pos])
                    {
                        self.pos += 1;
                    }
                    Operand::Name(unescape_name(&self.data[start..self.pos]))
                }
                b')' | b'{' | b'}' => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    let start = self.pos;
                    while self.pos < self.data.len() && !is_white(self.data[self.pos]) && !is_delim(self.data[self.pos])
                    {
                        self.pos += 1;
                    }
                    let word = &self.data[start..self.pos];
                    if word.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    if let Some(n) = parse_number(word) {
                        Operand::Num(n)
                    } else if matches!(word, b"true" | b"false" | b"null") {
                        Operand::Other
                    } else if stack.is_empty() && skipped == 0 {
                        return Some(Token::Operator(word.to_vec()));
                    } else {
                        // An operator inside an array is malformed: drop it.
                        continue;
                    }
                }
            };
            if skipped > 0 {
                continue;
            }
            match stack.last_mut() {
                Some((_, items)) => {
                    if items.len() < MAX_ARRAY {
                        items.push(value);
                    }
                }
                None => return Some(Token::Operand(value)),
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// Past an inline image: its dictionary, `ID`, its data, `EI`.
    fn skip_inline_image(&mut self) {
        let d = self.data;
        let Some(id) = find_keyword(d, self.pos, b"ID") else {
            self.pos = d.len();
            return;
        };
        let data_start = id + 3;
        self.pos = find_keyword(d, data_start, b"EI").map_or(d.len(), |i| i + 2);
    }
}

/// The next `word` standing alone (white space or the ends around it) at or
/// after `from`.
fn find_keyword(d: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    let mut i = from;
    while i + word.len() <= d.len() {
        let at = memchr::memmem::find(&d[i..], word)? + i;
        let before = at == 0 || is_white(d[at - 1]);
        let after = d.get(at + word.len()).is_none_or(|&b| is_white(b));
        if before && after {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(h) = raw.get(i + 1..i + 3)
            && let Ok(s) = std::str::from_utf8(h)
            && let Ok(v) = u8::from_str_radix(s, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

fn parse_number(w: &[u8]) -> Option<f32> {
    let first = *w.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    if !w.iter().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(w).ok()?;
    // PDF writers sometimes write "--5" or "5-": read what can be read.
    s.parse::<f32>().ok().or_else(|| s.trim_start_matches(['+', '-']).parse::<f32>().ok()).filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &[u8]) -> Vec<String> {
        let mut lex = Lexer { data: s, pos: 0 };
        let mut out = Vec::new();
        while let Some(t) = lex.next_token() {
            out.push(match t {
                Token::Operand(o) => format!("{o:?}"),
                Token::Operator(op) => String::from_utf8_lossy(&op).into_owned(),
            });
        }
        out
    }

    #[test]
    fn tokens_of_a_content_stream() {
        let t = tokens(b"BT /F1 11 Tf [(A\\(b\\)) -250 <0041>] TJ (x\\101) Tj ET /Span <</MCID 3>> BDC EMC");
        assert_eq!(
            t,
            [
                "BT",
                "Name([70, 49])",
                "Num(11.0)",
                "Tf",
                "Array([Str([65, 40, 98, 41]), Num(-250.0), Str([0, 65])])",
                "TJ",
                "Str([120, 65])",
                "Tj",
                "ET",
                "Name([83, 112, 97, 110])",
                "Dict([([77, 67, 73, 68], Num(3.0))])",
                "BDC",
                "EMC"
            ]
        );
    }

    #[test]
    fn deep_arrays_and_inline_images_are_passed_over() {
        let mut deep = b"[".repeat(100_000);
        deep.extend(b"]".repeat(100_000));
        deep.extend(b" BT");
        assert_eq!(tokens(&deep).last().map(String::as_str), Some("BT"));
        let data = b"BI /W 1 /H 1 ID \x00EI\x01 EI Q";
        let mut lex = Lexer { data, pos: 0 };
        assert!(matches!(lex.next_token(), Some(Token::Operator(op)) if op == b"BI"));
        lex.skip_inline_image();
        assert!(matches!(lex.next_token(), Some(Token::Operator(op)) if op == b"Q"));
    }
}
