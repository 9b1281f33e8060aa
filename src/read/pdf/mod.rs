//! The PDF reader: lopdf for the file's objects, the rest here.
//!
//! - A tagged PDF (Word's "Save as PDF" and LibreOffice's tagged export) is
//!   rebuilt from its structure tree ([`tagged`]): tables with merged cells,
//!   lists and headings as the author made them.
//! - An untagged PDF is rebuilt from where its words stand and the rules
//!   drawn round its table cells ([`layout`]); a page whose layout cannot be
//!   rebuilt with confidence gives the `layout_uncertain` notice, so the
//!   report never counts provisions from broken text as if they were sure.
//! - A PDF with no text (a scan) and a PDF that needs a password are errors
//!   of their own, saying what to do.
//!
//! Bounds, on top of lopdf's own (a stream inflates to at most
//! `max_part_bytes`; references are followed a few links at most; nesting
//! in the parser is limited): `max_pdf_objects` once the file is loaded,
//! `max_pdf_pages` as the page tree is walked (each page once, so a loop in
//! the tree ends), the content of a page at most `max_part_bytes`, at most
//! `max_pdf_chars` characters kept, and a ceiling on the operators run (a
//! form drawn inside itself or a million times is not run on).

mod base_encodings;
mod cmap;
mod content;
mod font;
mod layout;
mod objects;
mod tagged;
mod text;

use super::{ErrorKind, ReadError};
use crate::types::limits::{Limits, ceiling};
use crate::types::model::{Document, Format, LAYOUT_UNCERTAIN};
use lopdf::{Dictionary, Object, ObjectId};
use objects::Objects;
use std::collections::{HashMap, HashSet};

/// The most content-stream operators run for one document: a plan of fifty
/// pages runs well under a million.
pub const MAX_PDF_OPERATORS: u64 = 20_000_000;

/// A tagged PDF's structure tree is used when it reaches at least this
/// share of the characters on the pages; otherwise the pages are read as
/// untagged.
const TREE_COVERAGE: f32 = 0.9;

pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let max_stream = usize::try_from(limits.max_part_bytes).unwrap_or(usize::MAX);
    let options = lopdf::LoadOptions { max_decompressed_size: Some(max_stream), ..Default::default() };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| load_error(bytes, e, limits))?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(encrypted());
    }
    if doc.objects.len() > limits.max_pdf_objects {
        return Err(Limits::exceeded(
            "max_pdf_objects",
            &format!("The PDF holds {} objects, far more than a plan", doc.objects.len()),
            limits.max_pdf_objects,
        ));
    }
    let objs = Objects { doc: &doc, max_stream };
    let catalog = objs
        .dict(doc.trailer.get(b"Root").ok())
        .ok_or_else(|| corrupt("it has no catalogue (the part that says where its pages are)"))?;
    let pages = page_list(&objs, catalog, limits)?;
    if pages.is_empty() {
        return Err(corrupt("it has no pages"));
    }

    let mut fonts = content::Fonts::new();
    let mut budget = content::Budget { ops: MAX_PDF_OPERATORS, chars: limits.max_pdf_chars, exhausted: None };
    let mut contents = Vec::with_capacity(pages.len());
    let mut bboxes = Vec::with_capacity(pages.len());
    for (id, page) in &pages {
        let data = page_content(&objs, page, max_stream, limits)?;
        let resources = inherited(&objs, page, b"Resources").and_then(|o| objs.dict(Some(o)));
        let c = content::run_page(&objs, &mut fonts, &data, resources, &mut budget);
        match budget.exhausted {
            Some("max_pdf_chars") => {
                return Err(Limits::exceeded(
                    "max_pdf_chars",
                    &format!("The PDF draws more than {} characters, far more than a plan", limits.max_pdf_chars),
                    limits.max_pdf_chars,
                ));
            }
            Some(_) => {
                return Err(ceiling(
                    "max_pdf_operators",
                    "The PDF's pages take more drawing steps than any plan (a drawing repeated inside itself)",
                    MAX_PDF_OPERATORS,
                ));
            }
            None => {}
        }
        let mut c = c;
        drop_struck_through(&mut c);
        contents.push(c);
        bboxes.push(media_box(&objs, page));
        let _ = id;
    }
    let chars: usize = contents.iter().map(|c| c.glyphs.iter().filter(|g| !g.ch.is_whitespace()).count()).sum();
    if chars == 0 {
        // A file cut off before its end has lost what it drew, not been
        // scanned.
        if !has_end(bytes) {
            return Err(incomplete("its pages hold no text"));
        }
        let images: usize = contents.iter().map(|c| c.images).sum();
        return Err(no_text(images > 0));
    }

    let mut out = Document::new(Format::Pdf);
    let spaced = text::spaced_wraps(&contents.iter().map(|c| c.glyphs.clone()).collect::<Vec<_>>());
    let index: HashMap<ObjectId, usize> = pages.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    let glyphs: Vec<Vec<content::Glyph>> = contents.iter().map(|c| c.glyphs.clone()).collect();
    if let Some(root) = objs.dict(catalog.get(b"StructTreeRoot").ok()) {
        let verticals: Vec<_> = contents.iter().map(|c| tagged::verticals(&c.rules)).collect();
        let pages = tagged::Pages { glyphs: &glyphs, index: &index, spaced_wraps: spaced, verticals: &verticals };
        let (blocks, reached) = tagged::read(&objs, root, &pages, limits)?;
        // Every character not marked as page furniture should be in the tree.
        let all = glyphs.iter().flatten().filter(|g| !g.artifact).count().max(1);
        if reached as f32 >= TREE_COVERAGE * all as f32 {
            out.blocks = blocks;
            return Ok(out);
        }
    }

    let page_in: Vec<layout::PageIn> = contents
        .iter()
        .zip(&bboxes)
        .map(|(c, b)| layout::PageIn { glyphs: &c.glyphs, rules: &c.rules, bbox: *b })
        .collect();
    let l = layout::read(&page_in, spaced, limits)?;
    out.blocks = l.blocks;
    if !l.uncertain.is_empty() {
        let mut pages: Vec<usize> = l.uncertain.iter().map(|u| u.0).collect();
        pages.dedup();
        let why = l.uncertain[0].1;
        let which = if pages.len() == 1 {
            format!("page {}", pages[0])
        } else {
            format!("pages {}", pages.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))
        };
        out.notice(
            LAYOUT_UNCERTAIN,
            format!(
                "This PDF has no document structure (it is untagged), and the layout of {which} could not be \
                 rebuilt with confidence: {why}. What was read there may be fragments. Ask the school for the \
                 Word file, or a PDF saved from Word (which keeps its structure), and check that."
            ),
        );
    }
    Ok(out)
}

/// Text struck through is text deleted: a tracked deletion drawn as it
/// stands in the document ("may be given" struck through, "will" after
/// it), as word processors export a plan with its changes shown. The Word
/// reader leaves deleted text out; so does this. A character is struck
/// through when a thin horizontal line crosses the middle of it (between a
/// sixth and a half of its size above the baseline: an underline is below
/// the baseline, a table's rules above or below the line's letters).
fn drop_struck_through(page: &mut content::PageContent) {
    let mut lines: Vec<&content::Rule> = page.rules.iter().filter(|r| r.horizontal).collect();
    if lines.is_empty() {
        return;
    }
    lines.sort_unstable_by(|a, b| a.at.total_cmp(&b.at));
    let struck = |g: &content::Glyph| {
        if g.ch.is_whitespace() || g.size <= 0.0 {
            return false;
        }
        let (lo, hi) = (g.y + g.size / 6.0, g.y + g.size / 2.0);
        let mid = g.x + g.w / 2.0;
        let from = lines.partition_point(|r| r.at < lo);
        // A few lines at most cross one line of text; never look at more.
        lines[from..].iter().take(32).take_while(|r| r.at <= hi).any(|r| r.a <= mid && r.b >= mid)
    };
    page.glyphs.retain(|g| !struck(g));
}

fn corrupt(what: &str) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!(
            "The file is a PDF but cannot be read: {what}. Download or copy it again, or open it and save (or \
             print) a new copy as PDF, then check that copy."
        ),
    )
}

/// Whether the file ends as a PDF does (`%%EOF` in its last 2 KiB).
fn has_end(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[bytes.len().saturating_sub(2048)..], b"%%EOF").is_some()
}

fn incomplete(detail: &str) -> ReadError {
    corrupt(&format!(
        "it is incomplete: its end is missing, as when a download or copy is cut off (technical detail: {detail})"
    ))
}

fn encrypted() -> ReadError {
    ReadError::new(
        ErrorKind::Encrypted,
        "This PDF is password-protected: idp-audit cannot read it without the password. Open it, and save a \
         copy without the password (or ask the school for the Word file), then check that copy.",
    )
}

fn no_text(images: bool) -> ReadError {
    let what = if images {
        "This PDF is a scanned image: its pages are pictures, with no text in them for idp-audit to read."
    } else {
        "This PDF has no text in it for idp-audit to read (its pages are drawings or empty)."
    };
    ReadError::new(
        ErrorKind::Scanned,
        format!(
            "{what} Ask the school for the plan as a Word file (.docx) or as a PDF saved from Word; or run it \
             through text recognition (OCR) in a scanner app or PDF editor, check the text it gives, save that as \
             .docx or .txt, and check that file."
        ),
    )
}

fn load_error(bytes: &[u8], e: lopdf::Error, limits: &Limits) -> ReadError {
    use lopdf::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword | E::AlreadyEncrypted => encrypted(),
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => Limits::exceeded(
            "max_part_bytes",
            &format!(
                "A part of the PDF inflates to more than {} bytes, far more than a plan holds (a compression bomb?)",
                limits.max_part_bytes
            ),
            limits.max_part_bytes,
        ),
        other => {
            if !has_end(bytes) && memchr::memmem::find(bytes, b"/Encrypt").is_none() {
                incomplete(&other.to_string())
            } else {
                corrupt(&format!("it is damaged (technical detail: {other})"))
            }
        }
    }
}

/// The pages in order, each once: the page tree walked with an explicit
/// stack, a node seen twice (a loop) skipped.
fn page_list<'a>(
    objs: &Objects<'a>,
    catalog: &'a Dictionary,
    limits: &Limits,
) -> Result<Vec<(ObjectId, &'a Dictionary)>, ReadError> {
    let mut out = Vec::new();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let Ok(Object::Reference(root)) = catalog.get(b"Pages") else {
        return Err(corrupt("it has no page tree"));
    };
    let mut stack: Vec<ObjectId> = vec![*root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = objs.dict(objs.doc.objects.get(&id)) else { continue };
        let kids = objs.array(node.get(b"Kids").ok());
        let is_page = match objs.name(node.get(b"Type").ok()).as_deref() {
            Some(b"Page") => true,
            Some(b"Pages") => false,
            _ => kids.is_none(),
        };
        if is_page {
            out.push((id, node));
            if out.len() > limits.max_pdf_pages {
                return Err(Limits::exceeded(
                    "max_pdf_pages",
                    &format!("The PDF has more than {} pages, far more than a plan", limits.max_pdf_pages),
                    limits.max_pdf_pages,
                ));
            }
            continue;
        }
        if let Some(kids) = kids {
            for k in kids.iter().rev() {
                if let Object::Reference(kid) = k
                    && !seen.contains(kid)
                {
                    if stack.len() > limits.max_pdf_objects {
                        break;
                    }
                    stack.push(*kid);
                }
            }
        }
    }
    Ok(out)
}

/// A page attribute, or its nearest ancestor's (resources and boxes are
/// inherited down the page tree).
fn inherited<'a>(objs: &Objects<'a>, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return Some(v);
        }
        node = objs.dict(node.get(b"Parent").ok())?;
    }
    None
}

fn media_box(objs: &Objects, page: &Dictionary) -> [f32; 4] {
    let b = inherited(objs, page, b"CropBox")
        .or_else(|| inherited(objs, page, b"MediaBox"))
        .and_then(|o| objs.array(Some(o)))
        .filter(|a| a.len() == 4)
        .map(|a| {
            let n = |i: usize| objs.number(a.get(i)).unwrap_or(0.0);
            [n(0).min(n(2)), n(1).min(n(3)), n(0).max(n(2)), n(1).max(n(3))]
        });
    match b {
        Some(b) if b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0 => b,
        _ => [0.0, 0.0, 595.0, 842.0],
    }
}

/// A page's content streams, inflated and joined, at most `max_part_bytes`.
fn page_content(objs: &Objects, page: &Dictionary, max: usize, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let mut data = Vec::new();
    let streams: Vec<&Object> = match objs.resolve(page.get(b"Contents").ok()) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(o @ Object::Stream(_)) => vec![o],
        _ => Vec::new(),
    };
    for s in streams.into_iter().take(10_000) {
        let Some(stream) = objs.stream(Some(s)) else { continue };
        let left = max.saturating_sub(data.len());
        match objs.content(stream, left) {
            Ok(bytes) => {
                data.extend_from_slice(&bytes);
                data.push(b'\n');
            }
            Err(true) => {
                return Err(Limits::exceeded(
                    "max_part_bytes",
                    &format!(
                        "A page of the PDF inflates to more than {} bytes of drawing instructions (a compression \
                         bomb?)",
                        limits.max_part_bytes
                    ),
                    limits.max_part_bytes,
                ));
            }
            Err(false) => {}
        }
    }
    Ok(data)
}
