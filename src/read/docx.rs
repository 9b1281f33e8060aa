//! The DOCX reader: `zip` + `quick-xml`, streaming, by namespace.
//!
//! Why not docx-rs's reader: it drops text boxes, unescapes text twice, hides
//! merge spans and hangs on an .xlsx (see shared/domain/DOCX-notes.md). This
//! reader is a small state machine over XML events with an explicit stack, so
//! input depth never becomes call depth.
//!
//! Policies, each a deliberate choice:
//! - tracked changes: the current view (keep `w:ins`/`w:moveTo`, drop
//!   `w:del`/`w:moveFrom`/`w:cellDel`/deleted rows) and a notice that the plan
//!   has unaccepted changes;
//! - fields: only the displayed result, never `w:instrText`; a legacy form
//!   field shows what Word shows: a text field its result (five en spaces
//!   when unfilled, which is blank), a check box "☒" or "☐", a drop-down the
//!   entry chosen;
//! - content controls (`w:sdt`) are transparent at every level, including
//!   `w:tr > w:sdt > w:tc`, so no cell is dropped or shifted; placeholder text
//!   ("Click or tap here to enter text.") counts as empty;
//! - text boxes become their own blocks after the paragraph that anchors them;
//! - `mc:Fallback` is skipped (it repeats `mc:Choice`);
//! - a numbered or bulleted paragraph in a table cell is marked as an item
//!   of the cell's list; a cell remembers the order of its paragraphs and
//!   nested tables;
//! - soft hyphens (U+00AD) are dropped: they only say where a word may
//!   break;
//! - `w:altChunk` (an "Export to Word" file whose body is an HTML or MHT
//!   part) is read with the HTML reader, in its place;
//! - DTDs are ignored and their entities never resolved: an unknown `&name;`
//!   stays literal, and no external file or URL is ever read (a notice says
//!   the DTD was there);
//! - text boxes inside text boxes are flattened into the outer box, and
//!   tables nest at most [`Limits::table_depth`] deep, so no later pass over
//!   the model recurses more than a bounded number of levels.

use super::xml::{self, Tag, Token, Tokenizer};
use super::{ErrorKind, ReadError};
use crate::types::limits::Limits;
use crate::types::model::{
    Block, BlockKind, Cell, CellContent, CellPart, Document, Format, ListMark, Paragraph, Row, SourceSpan, Table,
};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Read a DOCX package.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    read_package(bytes, limits, false)
}

/// Read a plan: as [`read`], but a letter idp-audit wrote is refused as
/// not being a plan.
pub(crate) fn read_plan(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    read_package(bytes, limits, true)
}

fn read_package(bytes: &[u8], limits: &Limits, refuse_own_output: bool) -> Result<Document, ReadError> {
    let mut pkg = Package::open(bytes, limits)?;
    if refuse_own_output
        && pkg.has("docProps/custom.xml")
        && pkg.read_part("docProps/custom.xml")?.is_some_and(|x| x.contains(crate::own_output::DOCX_PROPERTY))
    {
        return Err(super::own_output_error("a letter"));
    }
    let main = pkg.main_part()?;
    let rels = pkg.part_rels(&main)?;
    let styles = match rels.parts.get("styles") {
        Some(p) => pkg.read_part(p)?.map(|x| parse_styles(&x)).unwrap_or_default(),
        None => Styles::default(),
    };
    let numbering = match rels.parts.get("numbering") {
        Some(p) => pkg.read_part(p)?.map(|x| parse_numbering(&x)).unwrap_or_default(),
        None => Numbering::default(),
    };
    let xml = pkg.read_part(&main)?.ok_or_else(|| {
        ReadError::new(
            ErrorKind::Corrupt,
            format!("The Word package names its main part '{main}' but does not contain it."),
        )
    })?;
    let mut walker = Walker::new(&styles, &numbering, limits);
    walker.walk(&xml)?;
    let chunks = std::mem::take(&mut walker.alt_chunks);
    let mut doc = walker.finish();
    // Each chunk's blocks go where its `w:altChunk` stood, the last first so
    // that the places of the others hold.
    for (at, id) in chunks.into_iter().rev() {
        let Some(part) = rels.chunks.get(&id) else { continue };
        let Some(text) = pkg.read_part(part)? else { continue };
        let Some(blocks) = super::html::chunk_blocks(&text, limits)? else {
            doc.notice(
                "alt_chunk_unread",
                "Part of this Word file is held in another format (a Word document or RTF embedded whole) that \
                 idp-audit does not read. Open the file in Word and save it as a new .docx, then check that copy.",
            );
            continue;
        };
        let at = at.min(doc.blocks.len());
        doc.blocks.splice(at..at, blocks);
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------
// The package: zip entries, relationships, part limits.

struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, ReadError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            let what = if looks_truncated(bytes) {
                "it is incomplete: its end is missing, as when a download or copy is cut off (truncated)"
            } else {
                "it is damaged"
            };
            ReadError::new(
                ErrorKind::Corrupt,
                format!(
                    "The file looks like a Word document but cannot be opened: {what}. Download or copy it again, \
                     or open it in Word and save a new copy. (Technical detail: {e}.)"
                ),
            )
        })?;
        if zip.len() > limits.max_zip_entries {
            return Err(Limits::exceeded(
                "max_zip_entries",
                &format!("The package holds {} files, more than a Word document does", zip.len()),
                limits.max_zip_entries,
            ));
        }
        Ok(Package { zip, limits })
    }

    fn has(&self, name: &str) -> bool {
        self.find_name(name).is_some()
    }

    /// Zip names are matched exactly first, then case-insensitively (Office
    /// itself treats part names case-insensitively).
    fn find_name(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_string());
        }
        self.zip.file_names().flatten().find(|n| n.eq_ignore_ascii_case(name)).map(|n| n.into_owned())
    }

    /// A part's bytes as text, `None` when the part is absent. Reads at most
    /// the part limit, whatever the zip header declares: the declared size
    /// is checked first, then the part is inflated through
    /// `take(limit + 1)`, so a header that understates the size (a zip
    /// bomb) costs at most `limit + 1` bytes.
    fn read_part(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let Some(found) = self.find_name(name) else {
            return Ok(None);
        };
        let limit = self.limits.max_part_bytes;
        let mut file = self.zip.by_name(&found).map_err(|e| zip_error(&found, &e))?;
        if file.encrypted() {
            return Err(encrypted_part());
        }
        // Word stores parts plain or deflated; anything else was not made by
        // Word (and the zip crate may not inflate it).
        let method = file.compression();
        if !matches!(method, zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated) {
            return Err(zip_error(&found, &zip::result::ZipError::UnsupportedArchive("an unusual compression method")));
        }
        if file.size() > MAX_DECLARED_PART {
            // Raising the limit would not help: no Word document's part is
            // this large, and this reader could not hold it anyway.
            return Err(ReadError::new(
                ErrorKind::Corrupt,
                format!(
                    "The part '{found}' of this Word file declares an inflated size of {} bytes, past 4 GiB, which \
                     no Word document has: the file is damaged, or was built to look like a Word document. Download \
                     or copy it again, or open it in Word and save a new copy.",
                    file.size()
                ),
            ));
        }
        if file.size() > limit {
            return Err(Limits::exceeded(
                "max_part_bytes",
                &format!("The part '{found}' of this Word file inflates to {} bytes", file.size()),
                limit,
            ));
        }
        // Never trust the declared size for more than a first guess.
        let declared = file.size();
        let mut buf = Vec::with_capacity(declared.min(limit).min(1 << 20) as usize);
        (&mut file).take(limit.saturating_add(1)).read_to_end(&mut buf).map_err(|e| {
            if buf.len() as u64 >= declared {
                // The zip crate stops at the declared size and fails there:
                // the stream goes on inflating past what its header says.
                ReadError::new(
                    ErrorKind::Corrupt,
                    format!(
                        "The part '{found}' of this Word file inflates to more than the {declared} bytes its header \
                         declares, as a zip bomb does; idp-audit stopped reading it there. Word never writes such \
                         a file: if it came from someone you trust, ask them to save a new copy from Word."
                    ),
                )
            } else {
                ReadError::new(
                    ErrorKind::Corrupt,
                    format!(
                        "The part '{found}' of this Word file is damaged or truncated ({e}). Open the file in Word \
                         and save a new copy."
                    ),
                )
            }
        })?;
        if buf.len() as u64 > limit {
            return Err(Limits::exceeded(
                "max_part_bytes",
                &format!(
                    "The part '{found}' of this Word file inflates past the limit (its header understated its size, \
                     as a zip bomb's does)"
                ),
                limit,
            ));
        }
        Ok(Some(xml_text(buf)))
    }

    /// The main document part, found through `_rels/.rels`. Other Office and
    /// OpenDocument packages are named, so the user knows what they sent.
    fn main_part(&mut self) -> Result<String, ReadError> {
        let mut target = None;
        if let Some(rels) = self.read_part("_rels/.rels")? {
            for rel in parse_rels(&rels) {
                if rel.kind.ends_with("/officeDocument") && rel.external.is_none() {
                    target = Some(resolve_target("", &rel.target));
                    break;
                }
            }
        }
        if target.is_none() && self.has("word/document.xml") {
            target = Some("word/document.xml".to_string());
        }
        let wrong = |what: &str, fix: &str| {
            Err(ReadError::new(ErrorKind::WrongOfficeType, format!("This is {what}, not a Word document. {fix}")))
        };
        match target {
            Some(t) if t.starts_with("xl/") || t.ends_with("workbook.xml") => wrong(
                "an Excel spreadsheet (.xlsx)",
                "If the plan is in it, copy Section 2B into Word and save as .docx.",
            ),
            Some(t) if t.starts_with("ppt/") || t.ends_with("presentation.xml") => {
                wrong("a PowerPoint presentation (.pptx)", "Send or check the plan itself, saved as .docx.")
            }
            Some(t) => Ok(t),
            // Apple Pages: a zip of Index/*.iwa (older versions: index.xml).
            None if self.has("Index/Document.iwa") || self.has("index.xml") => wrong(
                "an Apple Pages document (.pages)",
                "Open it in Pages and use File > Export To > Word, then check the .docx.",
            ),
            None if self.has("content.xml") || self.has("mimetype") => wrong(
                "an OpenDocument file (LibreOffice .odt or similar)",
                "Open it in LibreOffice and use File > Save As > Word 2007-365 (.docx).",
            ),
            None => Err(ReadError::new(
                ErrorKind::Corrupt,
                "This zip file has no Word document inside it (no main document part). If it should be a plan, \
                 open it in Word and save it again as .docx.",
            )),
        }
    }

    /// The main part's relationships: the styles and numbering parts, and
    /// the parts of alternative-format chunks (`w:altChunk`) by id.
    fn part_rels(&mut self, main: &str) -> Result<MainRels, ReadError> {
        let (dir, file) = match main.rfind('/') {
            Some(i) => (&main[..i + 1], &main[i + 1..]),
            None => ("", main),
        };
        let mut out = MainRels::default();
        if let Some(rels) = self.read_part(&format!("{dir}_rels/{file}.rels"))? {
            for rel in parse_rels(&rels) {
                if rel.external.is_some() {
                    continue;
                }
                for kind in ["styles", "numbering"] {
                    if rel.kind.ends_with(&format!("/{kind}")) {
                        out.parts.entry(kind).or_insert_with(|| resolve_target(dir, &rel.target));
                    }
                }
                if rel.kind.ends_with("/aFChunk") {
                    out.chunks.insert(rel.id, resolve_target(dir, &rel.target));
                }
            }
        }
        for kind in ["styles", "numbering"] {
            out.parts.entry(kind).or_insert_with(|| format!("{dir}{kind}.xml"));
        }
        Ok(out)
    }
}

#[derive(Default)]
struct MainRels {
    /// "styles" and "numbering": the part of each.
    parts: HashMap<&'static str, String>,
    /// Alternative-format chunks: relationship id to part.
    chunks: HashMap<String, String>,
}

/// The largest inflated part a zip entry can honestly declare without the
/// zip64 extension (4 GiB). Word never needs more; a header declaring more
/// belongs to a damaged or hand-built file, whatever the limits say.
const MAX_DECLARED_PART: u64 = u32::MAX as u64;

fn encrypted_part() -> ReadError {
    ReadError::new(
        ErrorKind::Encrypted,
        "This file is password-protected (its parts are encrypted): open it in Word, remove the password, save \
         as .docx, and check that copy.",
    )
}

/// A zip error on one part, in words: encrypted, an unknown compression, or
/// damaged.
fn zip_error(part: &str, e: &zip::result::ZipError) -> ReadError {
    use zip::result::ZipError as Z;
    match e {
        Z::UnsupportedArchive(m) if m.contains("ncrypt") || m.contains("assword") => encrypted_part(),
        Z::InvalidPassword => encrypted_part(),
        Z::CompressionMethodNotSupported(_) => ReadError::new(
            ErrorKind::Corrupt,
            format!(
                "The part '{part}' of this file is compressed in a way Word does not use ({e}), so it was not made \
                 by Word. Open the plan in Word or LibreOffice and save it as .docx."
            ),
        ),
        Z::UnsupportedArchive(_) => ReadError::new(
            ErrorKind::Corrupt,
            format!(
                "The part '{part}' of this file is compressed or stored in a way Word does not use ({e}), so it was \
                 not saved by Word. Open the plan in Word or LibreOffice and save it as .docx."
            ),
        ),
        _ => ReadError::new(
            ErrorKind::Corrupt,
            format!(
                "The part '{part}' of this Word file cannot be read ({e}); the file may be damaged or truncated. \
                 Download or copy it again, or open it in Word and save a new copy."
            ),
        ),
    }
}

/// A zip that starts well but has no end-of-central-directory record in
/// the place it must be (the last 64 KiB plus 22 bytes): cut off.
fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(65_557)..];
    bytes.starts_with(b"PK\x03\x04") && super::sniff::find(tail, b"PK\x05\x06").is_none()
}

/// Decode a part's bytes: UTF-8 (BOM stripped) or UTF-16, with a BOM or
/// without one. XML without a BOM says it is UTF-16 by its first
/// character, a '<' two bytes wide (XML 1.0, appendix F); LibreOffice reads
/// such parts, so this reader does too. The buffer is taken, not copied: a
/// part can be tens of megabytes.
fn xml_text(buf: Vec<u8>) -> String {
    let utf16 = |rest: &[u8], to_u16: fn([u8; 2]) -> u16| {
        let units = rest.chunks_exact(2).map(|c| to_u16([c[0], c[1]]));
        char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect::<String>()
    };
    if let Some(rest) = buf.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = buf.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    if buf.starts_with(&[b'<', 0]) && buf.get(3) == Some(&0) {
        return utf16(&buf, u16::from_le_bytes);
    }
    if buf.starts_with(&[0, b'<']) && buf.get(2) == Some(&0) {
        return utf16(&buf, u16::from_be_bytes);
    }
    let mut buf = buf;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buf.drain(..3);
    }
    match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Resolve a relationship target against the folder of its source part.
fn resolve_target(dir: &str, target: &str) -> String {
    let joined = if let Some(abs) = target.strip_prefix('/') { abs.to_string() } else { format!("{dir}{target}") };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

struct Rel {
    id: String,
    kind: String,
    target: String,
    external: Option<String>,
}

fn parse_rels(xml: &str) -> Vec<Rel> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id").unwrap_or_default();
                let kind = attr(&e, "Type").unwrap_or_default();
                let target = attr(&e, "Target").unwrap_or_default();
                let external = attr(&e, "TargetMode").filter(|m| m == "External");
                out.push(Rel { id, kind, target, external });
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// An attribute's value by local name (prefixes vary between Transitional and
/// Strict files, and attribute names are unambiguous within an element).
/// The local part of a qualified name ("w:tc" -> "tc"), found with a byte
/// search: names are short, and this runs on every element of a part.
fn local_of(qname: &str) -> &str {
    prefix_len(qname).map_or(qname, |i| &qname[i + 1..])
}

/// Where a qualified name's colon is. Element names are a few bytes long,
/// where a plain loop beats a vectorised search's set-up.
fn prefix_len(qname: &str) -> Option<usize> {
    qname.bytes().position(|b| b == b':')
}

/// An element's attributes, whichever reader read it: the tokenizer (the
/// main part) or quick-xml (the small parts).
trait Attributes {
    /// A value by local name, entities resolved.
    fn attr(&self, local: &str) -> Option<String>;
}

impl Attributes for BytesStart<'_> {
    fn attr(&self, local: &str) -> Option<String> {
        // Without duplicate checks: they cost the square of the attribute
        // count, and a hostile element can carry a hundred thousand.
        self.attributes()
            .with_checks(false)
            .flatten()
            .find(|a| local_of(a.key.0) == local)
            .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
    }
}

impl Attributes for Tag<'_> {
    fn attr(&self, local: &str) -> Option<String> {
        Tag::attr(self, local)
    }
}

fn attr(e: &impl Attributes, local: &str) -> Option<String> {
    e.attr(local)
}

/// OOXML on/off values: absent value means on.
fn on_off(e: &impl Attributes) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off" | "none"))
}

// ---------------------------------------------------------------------------
// styles.xml and numbering.xml

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    bold: Option<bool>,
    /// Hidden text (`w:vanish` in the style's run properties).
    vanish: Option<bool>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_para: Option<String>,
}

impl Styles {
    /// Walk a style and its `basedOn` ancestors (cycles and long chains cut).
    fn chain<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = self.by_id.get(id);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let cur = next?;
            steps += 1;
            next = if steps < 16 { cur.based_on.as_deref().and_then(|b| self.by_id.get(b)) } else { None };
            Some(cur)
        })
    }

    fn name(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|s| s.name.as_str())
    }

    /// Heading level (1 = highest) implied by a paragraph style.
    fn heading_level(&self, id: &str) -> Option<u8> {
        for s in self.chain(id) {
            let name = s.name.to_ascii_lowercase();
            if let Some(n) = name.strip_prefix("heading").map(str::trim).and_then(|n| n.parse::<u8>().ok()) {
                return Some(n.clamp(1, 9));
            }
            if name == "title" {
                return Some(1);
            }
            if let Some(o) = s.outline
                && o < 9
            {
                return Some(o + 1);
            }
        }
        None
    }

    fn numbering(&self, id: &str) -> (Option<u32>, Option<u8>) {
        let mut num = None;
        let mut ilvl = None;
        for s in self.chain(id) {
            num = num.or(s.num_id);
            ilvl = ilvl.or(s.ilvl);
        }
        (num, ilvl)
    }

    fn bold(&self, id: &str) -> Option<bool> {
        self.chain(id).find_map(|s| s.bold)
    }

    fn vanish(&self, id: &str) -> Option<bool> {
        self.chain(id).find_map(|s| s.vanish)
    }
}

/// Word's styles part spends most of its length on `latentStyles`: some
/// hundreds of `lsdException` settings for styles the document does not
/// define, which nothing here reads. Cutting that element out before the
/// part is parsed saves most of the parsing. Anything unexpected (no
/// closing tag, a self-closing element) leaves the part whole.
fn without_latent_styles(xml: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    const NAME: &[u8] = b"latentStyles";
    let b = xml.as_bytes();
    let is_prefix = |s: &[u8]| s.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.'));
    let Some(name) = memchr::memmem::find(b, NAME) else { return Cow::Borrowed(xml) };
    let Some(open) = memchr::memrchr(b'<', &b[..name]) else { return Cow::Borrowed(xml) };
    let Some(close_name) = memchr::memmem::rfind(b, b"latentStyles>") else { return Cow::Borrowed(xml) };
    let Some(close) = memchr::memrchr(b'<', &b[..close_name]) else { return Cow::Borrowed(xml) };
    if close_name <= name
        || b.get(close + 1) != Some(&b'/')
        || !is_prefix(&b[open + 1..name])
        || !is_prefix(&b[close + 2..close_name])
    {
        return Cow::Borrowed(xml);
    }
    let end = close_name + NAME.len() + 1;
    Cow::Owned([&xml[..open], &xml[end..]].concat())
}

fn parse_styles(xml: &str) -> Styles {
    let mut styles = Styles::default();
    let xml = without_latent_styles(xml);
    let mut reader = Reader::from_str(&xml);
    let mut cur: Option<(String, Style, bool)> = None;
    let mut in_rpr = false;
    let mut in_ppr = false;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name();
                match name.as_ref() {
                    "style" => {
                        let id = attr(e, "styleId").unwrap_or_default();
                        let is_default = attr(e, "default").is_some_and(|v| v == "1" || v == "true");
                        let is_para = attr(e, "type").is_none_or(|t| t == "paragraph" || t == "character");
                        if is_para && is_default && attr(e, "type").as_deref() == Some("paragraph") {
                            styles.default_para = Some(id.clone());
                        }
                        if !empty {
                            cur = Some((id, Style::default(), is_para));
                        }
                    }
                    "name" => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.name = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "basedOn" => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.based_on = attr(e, "val");
                        }
                    }
                    "outlineLvl" if in_ppr => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.outline = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "numId" if in_ppr => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.num_id = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "ilvl" if in_ppr => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "b" if in_rpr => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.bold = Some(on_off(e));
                        }
                    }
                    "vanish" if in_rpr => {
                        if let Some((_, s, _)) = cur.as_mut() {
                            s.vanish = Some(on_off(e));
                        }
                    }
                    "rPr" if !empty && cur.is_some() => in_rpr = true,
                    "pPr" if !empty && cur.is_some() => in_ppr = true,
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "style" => {
                    if let Some((id, s, keep)) = cur.take()
                        && keep
                    {
                        styles.by_id.insert(id, s);
                    }
                    in_rpr = false;
                    in_ppr = false;
                }
                "rPr" => in_rpr = false,
                "pPr" => in_ppr = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    styles
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId -> abstractNumId
    nums: HashMap<u32, u32>,
    /// (abstractNumId, ilvl) -> numFmt
    formats: HashMap<(u32, u8), String>,
}

impl Numbering {
    fn ordered(&self, num_id: u32, ilvl: u8) -> bool {
        let Some(abs) = self.nums.get(&num_id) else {
            return false;
        };
        self.formats.get(&(*abs, ilvl)).is_some_and(|f| f != "bullet" && f != "none")
    }
}

fn parse_numbering(xml: &str) -> Numbering {
    let mut out = Numbering::default();
    let mut reader = Reader::from_str(xml);
    let mut abs: Option<u32> = None;
    let mut lvl: Option<u8> = None;
    let mut num: Option<u32> = None;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                "abstractNum" => abs = attr(e, "abstractNumId").and_then(|v| v.parse().ok()),
                "lvl" => lvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                "numFmt" => {
                    if let (Some(a), Some(l), Some(f)) = (abs, lvl, attr(e, "val")) {
                        out.formats.insert((a, l), f);
                    }
                }
                "num" => num = attr(e, "numId").and_then(|v| v.parse().ok()),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num, attr(e, "val").and_then(|v| v.parse().ok())) {
                        out.nums.insert(n, a);
                    }
                }
                _ => {}
            },
            Event::End(ref e) => match e.local_name().as_ref() {
                "abstractNum" => abs = None,
                "lvl" => lvl = None,
                "num" => num = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------
// document.xml

/// The error for a main part that is not well-formed XML.
fn malformed(at: usize, what: &str) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!(
            "The Word document's text is malformed near byte {at} ({what}). Open the file in Word and save a new \
             copy."
        ),
    )
}

#[derive(Default)]
struct ParaBuilder {
    text: String,
    bold: Vec<std::ops::Range<usize>>,
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    style_bold: bool,
    /// The paragraph style hides its text (`w:vanish` in its run properties).
    style_vanish: bool,
}

impl ParaBuilder {
    fn push_text(&mut self, s: &str, bold: bool) {
        if s.is_empty() {
            return;
        }
        let start = self.text.len();
        // A soft hyphen (U+00AD) only says where a word may break: it is
        // never seen within a line, and would cut the word in two.
        if s.contains('\u{ad}') {
            self.text.extend(s.chars().filter(|&c| c != '\u{ad}'));
        } else {
            self.text.push_str(s);
        }
        if bold {
            match self.bold.last_mut() {
                Some(r) if r.end == start => r.end = self.text.len(),
                _ => self.bold.push(start..self.text.len()),
            }
        }
    }
}

#[derive(Default, Clone, Copy)]
struct RunState {
    bold: Option<bool>,
    style_bold: Option<bool>,
    /// Hidden text: `w:vanish` on the run, or in its character style.
    /// Councils' templates hide their guidance this way; Word does not show
    /// or print it, so it is not part of the plan. (`w:specVanish`, which
    /// only hides a paragraph mark, is another element and shows.)
    vanish: Option<bool>,
    style_vanish: Option<bool>,
    /// Struck through (`w:strike`, `w:dstrike`): wording a plan shows as
    /// replaced, as a tracked deletion is, is not part of the plan.
    strike: bool,
    /// Raised (`w:vertAlign` superscript): digits raised after a word are a
    /// footnote's mark ("physiotherapist²"), not part of the word.
    superscript: bool,
}

/// An open complex field (`w:fldChar` begin … end).
#[derive(Default)]
struct Field {
    /// Its `separate` has been seen: what follows is the displayed result.
    separated: bool,
    /// A legacy check box (`FORMCHECKBOX`): whether it is ticked.
    checkbox: Option<bool>,
    /// The box's `w:checked` was read: a later `w:default` does not count.
    checked_seen: bool,
    /// A legacy drop-down list (`FORMDROPDOWN`): its entries, the one chosen
    /// (`w:result`) and the default.
    dropdown: Option<DropDown>,
}

#[derive(Default)]
struct DropDown {
    entries: Vec<String>,
    result: Option<usize>,
    default: Option<usize>,
}

impl DropDown {
    /// What the drop-down shows: the entry chosen, else its default, else
    /// its first.
    fn shown(&self) -> Option<&str> {
        let at = self.result.or(self.default).unwrap_or(0);
        self.entries.get(at).or(self.entries.first()).map(String::as_str)
    }
}

#[derive(Default)]
struct CellBuilder {
    paragraphs: Vec<Paragraph>,
    nested: Vec<Table>,
    /// The paragraphs and nested tables in the order they stand: a layout
    /// frame's cell holds a heading, a table, then a note.
    order: Vec<CellPart>,
    span: usize,
    vmerge: Option<bool>, // Some(true) restart, Some(false) continue
    deleted: bool,
}

#[derive(Default)]
struct RowBuilder {
    cells: Vec<CellBuilder>,
    header: bool,
    grid_before: usize,
    deleted: bool,
    /// Grid columns the row reaches so far (`gridBefore` and spans).
    width: usize,
}

#[derive(Default)]
struct TableBuilder {
    rows: Vec<RowBuilder>,
    in_row: bool,
    /// Cells in the whole table so far, for `max_table_cells`.
    cells: usize,
}

enum Container {
    Body(Vec<Block>),
    Cell(CellBuilder),
    TextBox(Vec<Block>),
}

/// Elements whose whole content is dropped.
fn skipped(local: &str) -> bool {
    matches!(
        local,
        "del"
            | "moveFrom"
            | "instrText"
            | "delInstrText"
            | "delText"
            | "pPrChange"
            | "rPrChange"
            | "tblPrChange"
            | "tcPrChange"
            | "trPrChange"
            | "sectPrChange"
            | "tblGridChange"
            | "numberingChange"
            | "sectPr"
            | "sdtPr"
            | "sdtEndPr"
            | "tabs"
            | "footnotePr"
            | "endnotePr"
            | "comment"
    )
}

struct Walker<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    limits: &'s Limits,
    doc: Document,
    containers: Vec<Container>,
    paras: Vec<ParaBuilder>,
    runs: Vec<RunState>,
    tables: Vec<TableBuilder>,
    /// Text boxes closed while their anchoring paragraph is still open.
    /// Boxes are recorded innermost last: each at the depth of the
    /// paragraph open when it closed.
    pending_boxes: Vec<(usize, Vec<Block>)>,
    skip_depth: usize,
    skip_root_sdtpr: bool,
    /// One entry per open `w:sdt`: is it showing placeholder text?
    sdts: Vec<bool>,
    /// How many of `sdts` are showing placeholder text: asked for every
    /// piece of text, so counted rather than searched.
    placeholders: usize,
    /// One entry per open complex field.
    fields: Vec<Field>,
    /// Inside a legacy check box's settings (`w:ffData/w:checkBox`).
    in_checkbox: bool,
    /// Inside a legacy drop-down's settings (`w:ffData/w:ddList`).
    in_dropdown: bool,
    /// `w:altChunk`s in the body: where each stands among the body's blocks,
    /// and its relationship id. Its content is another part, read after.
    alt_chunks: Vec<(usize, String)>,
    in_t: bool,
    in_ppr: bool,
    in_rpr: bool,
    in_trpr: bool,
    in_tcpr: bool,
    seen_root: bool,
    tracked: bool,
    /// Some text was struck through (and left out).
    struck: bool,
}

impl<'s> Walker<'s> {
    fn new(styles: &'s Styles, numbering: &'s Numbering, limits: &'s Limits) -> Self {
        Walker {
            styles,
            numbering,
            limits,
            doc: Document::new(Format::Docx),
            containers: vec![Container::Body(Vec::new())],
            paras: Vec::new(),
            runs: Vec::new(),
            tables: Vec::new(),
            pending_boxes: Vec::new(),
            skip_depth: 0,
            skip_root_sdtpr: false,
            sdts: Vec::new(),
            placeholders: 0,
            fields: Vec::new(),
            in_checkbox: false,
            in_dropdown: false,
            alt_chunks: Vec::new(),
            in_t: false,
            in_ppr: false,
            in_rpr: false,
            in_trpr: false,
            in_tcpr: false,
            seen_root: false,
            tracked: false,
            struck: false,
        }
    }

    fn walk(&mut self, xml: &str) -> Result<(), ReadError> {
        let mut tokens = Tokenizer::new(xml);
        let mut ns = Namespaces::default();
        // The names of the open elements. Every end tag must close the
        // element opened last, as XML requires: a stray end tag would
        // otherwise close nothing, and the walker's stacks of open
        // paragraphs, runs, controls and cells would grow past any depth
        // limit. Each of those stacks grows only when an element opens, so
        // the depth limit on this one bounds them all.
        let mut open: Vec<&str> = Vec::new();
        loop {
            let at = tokens.position();
            let token = tokens.next_token().map_err(|m| malformed(m.at, m.what))?;
            let Some(token) = token else { break };
            match token {
                Token::Start(e) => {
                    if open.len() >= self.limits.max_xml_depth {
                        return Err(Limits::exceeded(
                            "max_xml_depth",
                            "The document's XML is nested deeper than any real plan",
                            self.limits.max_xml_depth,
                        ));
                    }
                    open.push(e.name);
                    let space = ns.start(&e, false);
                    if !self.seen_root {
                        self.check_root(space, &e)?;
                    }
                    self.start(space, local_of(e.name), &e, false)?;
                }
                Token::Empty(e) => {
                    let space = ns.start(&e, true);
                    if !self.seen_root {
                        self.check_root(space, &e)?;
                    }
                    let local = local_of(e.name);
                    let skipping = self.skip_depth > 0;
                    self.start(space, local, &e, true)?;
                    if !skipping {
                        self.end(space, local)?;
                    }
                }
                Token::End(name) => {
                    match open.pop() {
                        Some(start) if start == name => {}
                        Some(_) => return Err(malformed(at, "an end tag does not match the element it closes")),
                        None => return Err(malformed(at, "an end tag closes an element that was never opened")),
                    }
                    let space = ns.end();
                    self.end(space, local_of(name))?;
                }
                Token::Text(t) if self.text_visible() => {
                    let s = xml::unescape(t);
                    if !self.is_footnote_mark(&s) {
                        self.push_text(&s);
                    }
                }
                Token::CData(t) if self.text_visible() => self.push_text(t),
                Token::DocType => self.doc.notice(
                    "dtd_ignored",
                    "This Word file declares a DTD (a <!DOCTYPE>), which Word never writes. idp-audit ignored it and \
                     expanded none of its entities, so any &name; in the text is shown as written.",
                ),
                _ => {}
            }
        }
        if !self.seen_root {
            return Err(ReadError::new(ErrorKind::Corrupt, "The Word document part is empty."));
        }
        Ok(())
    }

    fn check_root(&mut self, space: Space, e: &Tag) -> Result<(), ReadError> {
        self.seen_root = true;
        if space == Space::W && local_of(e.name) == "document" {
            return Ok(());
        }
        let root = local_of(e.name).to_string();
        let msg = match root.as_str() {
            "workbook" => "This is an Excel spreadsheet, not a Word document.".to_string(),
            "presentation" => "This is a PowerPoint presentation, not a Word document.".to_string(),
            _ => format!(
                "The package's main part is <{root}>, not a Word document body; idp-audit reads Word .docx plans."
            ),
        };
        Err(ReadError::new(ErrorKind::WrongOfficeType, msg))
    }

    fn text_visible(&self) -> bool {
        self.in_t && self.shown()
    }

    /// Is text here displayed: not skipped, not a control's placeholder,
    /// not a field's instructions, not hidden.
    fn shown(&self) -> bool {
        self.skip_depth == 0 && self.placeholders == 0 && self.fields.iter().all(|f| f.separated) && !self.run_hidden()
    }

    fn run_hidden(&self) -> bool {
        let run = self.runs.last().copied().unwrap_or_default();
        run.strike
            || run.vanish.or(run.style_vanish).unwrap_or_else(|| self.paras.last().is_some_and(|p| p.style_vanish))
    }

    /// A footnote's mark: raised digits or reference signs and nothing else.
    fn is_footnote_mark(&self, s: &str) -> bool {
        self.runs.last().is_some_and(|r| r.superscript)
            && !s.trim().is_empty()
            && s.trim().chars().all(|c| c.is_ascii_digit() || matches!(c, '*' | '†' | '‡' | ',' | '¹' | '²' | '³'))
    }

    fn run_bold(&self) -> bool {
        let run = self.runs.last().copied().unwrap_or_default();
        run.bold.or(run.style_bold).unwrap_or_else(|| self.paras.last().is_some_and(|p| p.style_bold))
    }

    fn push_text(&mut self, s: &str) {
        let bold = self.run_bold();
        if let Some(p) = self.paras.last_mut() {
            p.push_text(s, bold);
        }
    }

    fn push_char(&mut self, s: &str) {
        if self.shown() && !self.runs.is_empty() {
            self.push_text(s);
        }
    }

    fn start(&mut self, space: Space, local: &str, e: &Tag, empty: bool) -> Result<(), ReadError> {
        if self.skip_depth > 0 {
            if !empty {
                self.skip_depth += 1;
            }
            // `w:showingPlcHdr w:val="0"` says the placeholder is not showing.
            if self.skip_root_sdtpr
                && local == "showingPlcHdr"
                && on_off(e)
                && let Some(top) = self.sdts.last_mut()
                && !*top
            {
                *top = true;
                self.placeholders += 1;
            }
            return Ok(());
        }
        match space {
            Space::Mc => {
                if local == "Fallback" && !empty {
                    self.skip_depth = 1;
                    self.skip_root_sdtpr = false;
                }
                return Ok(());
            }
            Space::Other => return Ok(()),
            Space::W => {}
        }
        if matches!(local, "ins" | "moveTo" | "del" | "moveFrom" | "cellIns" | "cellDel" | "cellMerge") {
            self.tracked = true;
        }
        if skipped(local) {
            // A deleted paragraph mark or row marker is an empty w:del: nothing to skip.
            if local == "del"
                && self.in_trpr
                && let Some(r) = self.tables.last_mut().and_then(|t| t.rows.last_mut())
            {
                r.deleted = true;
            }
            if !empty {
                self.skip_depth = 1;
                self.skip_root_sdtpr = local == "sdtPr";
            }
            return Ok(());
        }
        match local {
            "p" => {
                let mut p = ParaBuilder::default();
                if let Some(def) = &self.styles.default_para {
                    p.style_bold = self.styles.bold(def).unwrap_or(false);
                    p.style_vanish = self.styles.vanish(def).unwrap_or(false);
                }
                self.paras.push(p);
            }
            "pPr" => self.in_ppr = !empty,
            "pStyle" if self.in_ppr => {
                if let (Some(p), Some(id)) = (self.paras.last_mut(), attr(e, "val")) {
                    p.style_bold = self.styles.bold(&id).unwrap_or(false);
                    p.style_vanish = self.styles.vanish(&id).unwrap_or(false);
                    p.style = Some(id);
                }
            }
            "numId" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "ilvl" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "outlineLvl" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "r" => self.runs.push(RunState::default()),
            "rPr" => self.in_rpr = !empty && !self.in_ppr,
            "b" if self.in_rpr => {
                if let Some(r) = self.runs.last_mut() {
                    r.bold = Some(on_off(e));
                }
            }
            "vanish" if self.in_rpr => {
                if let Some(r) = self.runs.last_mut() {
                    r.vanish = Some(on_off(e));
                }
            }
            "strike" | "dstrike" if self.in_rpr => {
                if let Some(r) = self.runs.last_mut() {
                    r.strike = on_off(e);
                    self.struck |= r.strike;
                }
            }
            "vertAlign" if self.in_rpr => {
                if let Some(r) = self.runs.last_mut() {
                    r.superscript = attr(e, "val").as_deref() == Some("superscript");
                }
            }
            "rStyle" if self.in_rpr => {
                if let (Some(r), Some(id)) = (self.runs.last_mut(), attr(e, "val")) {
                    r.style_bold = self.styles.bold(&id);
                    r.style_vanish = self.styles.vanish(&id);
                }
            }
            "t" => self.in_t = !empty,
            "tab" | "ptab" if !self.in_ppr => self.push_char("\t"),
            "br" | "cr" if !self.in_ppr => self.push_char("\n"),
            "noBreakHyphen" => self.push_char("-"),
            "fldChar" => match attr(e, "fldCharType").as_deref() {
                Some("begin") if self.fields.len() < 64 => self.fields.push(Field::default()),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        f.separated = true;
                    }
                }
                Some("end") => {
                    // A legacy check box shows a box where its field stands,
                    // ticked or not; the box is what a reader sees.
                    // A legacy drop-down shows the entry chosen, which is
                    // kept in its settings rather than as a result.
                    match self.fields.pop() {
                        Some(Field { checkbox: Some(ticked), .. }) => {
                            self.push_char(if ticked { "\u{2612}" } else { "\u{2610}" })
                        }
                        Some(Field { dropdown: Some(d), separated: false, .. }) => {
                            if let Some(entry) = d.shown() {
                                self.push_char(entry);
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            },
            "ddList" if !empty => {
                self.in_dropdown = true;
                if let Some(f) = self.fields.last_mut() {
                    f.dropdown.get_or_insert_with(DropDown::default);
                }
            }
            "listEntry" | "result" | "default" if self.in_dropdown => {
                if let Some(d) = self.fields.last_mut().and_then(|f| f.dropdown.as_mut()) {
                    let val = attr(e, "val");
                    match local {
                        "listEntry" if d.entries.len() < 64 => d.entries.push(val.unwrap_or_default()),
                        "result" => d.result = val.and_then(|v| v.parse().ok()),
                        "default" => d.default = val.and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
            }
            "checkBox" if !empty => {
                self.in_checkbox = true;
                if let Some(f) = self.fields.last_mut() {
                    f.checkbox.get_or_insert(false);
                }
            }
            // The box's state: `w:checked` when it was changed, else its default.
            "default" | "checked" if self.in_checkbox => {
                if let Some(f) = self.fields.last_mut() {
                    let on = if local == "checked" {
                        on_off(e)
                    } else {
                        matches!(attr(e, "val").as_deref(), Some("1" | "true" | "on"))
                    };
                    if local == "checked" || !f.checked_seen {
                        f.checkbox = Some(on);
                    }
                    f.checked_seen |= local == "checked";
                }
            }
            "sdt" if !empty => self.sdts.push(false),
            // Another part holds this content, in another format (HTML, as
            // an "Export to Word" tool writes it): read it in its place.
            "altChunk" => {
                if let (Some(Container::Body(blocks)), Some(id)) = (self.containers.last(), attr(e, "id"))
                    && self.containers.len() == 1
                    && self.alt_chunks.len() < 64
                {
                    self.alt_chunks.push((blocks.len(), id));
                }
            }
            "txbxContent" if !empty => self.containers.push(Container::TextBox(Vec::new())),
            "tbl" if !empty => {
                if self.tables.len() >= self.limits.table_depth() {
                    let what = "Tables are nested inside each other deeper than any real plan";
                    return Err(if self.limits.max_table_depth > Limits::TABLE_DEPTH_CEILING {
                        crate::types::limits::ceiling("max_table_depth", what, Limits::TABLE_DEPTH_CEILING)
                    } else {
                        Limits::exceeded("max_table_depth", what, self.limits.max_table_depth)
                    });
                }
                self.tables.push(TableBuilder::default());
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    self.limits.check_table(t.rows.len() + 1, 0, t.cells)?;
                    t.rows.push(RowBuilder::default());
                    t.in_row = true;
                }
            }
            "trPr" => self.in_trpr = !empty,
            "tblHeader" if self.in_trpr => {
                if let Some(r) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    r.header = on_off(e);
                }
            }
            "gridBefore" if self.in_trpr => {
                if let Some(r) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    let before = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                    r.width = r.width - r.grid_before + before;
                    r.grid_before = before;
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cells += 1;
                    self.limits.check_table(t.rows.len(), 0, t.cells)?;
                }
                self.containers.push(Container::Cell(CellBuilder { span: 1, ..Default::default() }));
            }
            "tcPr" => self.in_tcpr = !empty,
            "gridSpan" if self.in_tcpr => {
                if let Some(Container::Cell(c)) = self.containers.last_mut() {
                    c.span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" if self.in_tcpr => {
                if let Some(Container::Cell(c)) = self.containers.last_mut() {
                    // A vMerge with no val means continue.
                    c.vmerge = Some(attr(e, "val").as_deref() == Some("restart"));
                }
            }
            "cellDel" if self.in_tcpr => {
                if let Some(Container::Cell(c)) = self.containers.last_mut() {
                    c.deleted = true;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, space: Space, local: &str) -> Result<(), ReadError> {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return Ok(());
        }
        if space != Space::W {
            return Ok(());
        }
        match local {
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_rpr = false,
            "r" => {
                self.runs.pop();
            }
            "t" => self.in_t = false,
            // Closing a control: one fewer showing its placeholder, if it was.
            "sdt" if self.sdts.pop() == Some(true) => self.placeholders -= 1,
            "txbxContent" => {
                if matches!(self.containers.last(), Some(Container::TextBox(_)))
                    && let Some(Container::TextBox(mut blocks)) = self.containers.pop()
                    && !blocks.is_empty()
                {
                    // Most boxes hold a paragraph or two: keep no spare room,
                    // a document may anchor thousands of them.
                    blocks.shrink_to_fit();
                    if !self.paras.is_empty() {
                        self.pending_boxes.push((self.paras.len(), blocks));
                    } else {
                        match self.containers.last_mut() {
                            Some(Container::Body(b)) => {
                                b.push(Block { kind: BlockKind::TextBox(blocks), span: SourceSpan::default() })
                            }
                            // A text box in a text box joins its parent: boxes
                            // stay one level deep, so no later pass recurses
                            // once per level of a hostile nesting.
                            Some(Container::TextBox(b)) => b.extend(blocks),
                            _ => {}
                        }
                    }
                }
            }
            "trPr" => self.in_trpr = false,
            "tcPr" => self.in_tcpr = false,
            "checkBox" => self.in_checkbox = false,
            "ddList" => self.in_dropdown = false,
            "tc" => {
                if matches!(self.containers.last(), Some(Container::Cell(_)))
                    && let Some(Container::Cell(cell)) = self.containers.pop()
                    && let Some(t) = self.tables.last_mut()
                {
                    let rows = t.rows.len();
                    if let Some(row) = t.rows.last_mut() {
                        row.width += cell.span.max(1);
                        self.limits.check_table(rows, row.width, t.cells)?;
                        row.cells.push(cell);
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_row = false;
                }
            }
            "tbl" => {
                if let Some(tb) = self.tables.pop() {
                    let table = build_grid(tb);
                    match self.containers.last_mut() {
                        Some(Container::Cell(c)) => {
                            c.order.push(CellPart::Table(c.nested.len()));
                            c.nested.push(table);
                        }
                        Some(Container::Body(b) | Container::TextBox(b)) if !table.rows.is_empty() => {
                            b.push(Block { kind: BlockKind::Table(table), span: SourceSpan::default() })
                        }
                        Some(_) => {}
                        None => {}
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        let style_name = p.style.as_deref().and_then(|id| self.styles.name(id)).map(str::to_string);
        let heading = p
            .outline
            .filter(|&o| o < 9)
            .map(|o| o + 1)
            .or_else(|| p.style.as_deref().and_then(|id| self.styles.heading_level(id)));
        let (style_num, style_ilvl) = p.style.as_deref().map(|id| self.styles.numbering(id)).unwrap_or((None, None));
        let num_id = p.num_id.or(style_num).filter(|&n| n != 0);
        let ilvl = p.ilvl.or(style_ilvl).unwrap_or(0).min(8);
        let mut para = Paragraph { text: p.text, bold: p.bold, style: style_name, list: None };
        // Boxes were recorded with this paragraph still open on the stack.
        let depth = self.paras.len() + 1;
        // A box is recorded at the depth of the innermost open paragraph,
        // and that paragraph closes before any outer one: the boxes for
        // this paragraph are the last ones recorded, taken in one cut.
        let keep = self.pending_boxes.iter().rposition(|(d, _)| *d != depth).map_or(0, |i| i + 1);
        let boxes: Vec<Vec<Block>> = self.pending_boxes.split_off(keep).into_iter().map(|(_, b)| b).collect();
        match self.containers.last_mut() {
            Some(Container::Cell(c)) => {
                // A numbered or bulleted paragraph in a cell is one item of
                // the cell's list (several actions sharing the row).
                if let Some(n) = num_id
                    && heading.is_none()
                    && !para.text.trim().is_empty()
                {
                    para.list = Some(ListMark { level: ilvl, ordered: self.numbering.ordered(n, ilvl) });
                }
                c.order.push(CellPart::Paragraph(c.paragraphs.len()));
                c.paragraphs.push(para);
                for b in boxes {
                    for block in b {
                        if let BlockKind::Paragraph(p) = block.kind {
                            c.order.push(CellPart::Paragraph(c.paragraphs.len()));
                            c.paragraphs.push(p);
                        }
                    }
                }
            }
            Some(container) => {
                let in_box = matches!(container, Container::TextBox(_));
                let (Container::Body(blocks) | Container::TextBox(blocks)) = container else {
                    return;
                };
                if !para.text.trim().is_empty() {
                    let kind = if let Some(level) = heading {
                        BlockKind::Heading { level, text: para.text }
                    } else if let Some(n) = num_id {
                        BlockKind::ListItem { level: ilvl, ordered: self.numbering.ordered(n, ilvl), para }
                    } else {
                        BlockKind::Paragraph(para)
                    };
                    blocks.push(Block { kind, span: SourceSpan::default() });
                }
                for b in boxes {
                    if in_box {
                        // Flattened, as above: boxes nest one level only.
                        blocks.extend(b);
                    } else {
                        blocks.push(Block { kind: BlockKind::TextBox(b), span: SourceSpan::default() });
                    }
                }
            }
            None => {}
        }
    }

    fn finish(mut self) -> Document {
        // Close anything a truncated document left open.
        while !self.paras.is_empty() {
            self.end_paragraph();
        }
        let mut blocks = Vec::new();
        for c in self.containers.drain(..) {
            match c {
                Container::Body(b) | Container::TextBox(b) => blocks.extend(b),
                Container::Cell(_) => {}
            }
        }
        self.doc.blocks = blocks;
        if self.struck {
            self.doc.notice(
                "struck_text",
                "Some text in this plan is struck through. idp-audit left it out, as wording the plan shows was \
                 replaced; if any of it is still meant to apply, ask the school to write it again plainly.",
            );
        }
        if self.tracked {
            self.doc.notice(
                "tracked_changes",
                "This plan has tracked changes that have not been accepted or rejected. idp-audit checked the text \
                 as it would read with every change accepted; ask the school which version is final.",
            );
        }
        self.doc
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    W,
    Mc,
    Other,
}

impl Space {
    fn of(uri: &str) -> Space {
        match uri {
            W_TRANSITIONAL | W_STRICT => Space::W,
            MC => Space::Mc,
            _ => Space::Other,
        }
    }
}

/// Namespace resolution for the walker: which of the namespaces the reader
/// cares about an element is in, matched by URI, never by prefix. Much
/// cheaper than a general resolver on a large part, because a scope is
/// opened only for an element that declares namespaces (in Word's output,
/// nearly always just the root) and an element's prefix is looked up in a
/// handful of bindings.
#[derive(Default)]
struct Namespaces {
    /// (prefix, namespace) in declaration order; "" is the default namespace.
    bindings: Vec<(String, Space)>,
    /// For each open scope: the element depth that opened it and how many
    /// bindings there were before.
    scopes: Vec<(usize, usize)>,
    depth: usize,
    /// The last prefix resolved and its namespace; cleared when bindings change.
    last: Option<(String, Space)>,
    /// The namespace of each open element, for its end tag.
    open: Vec<Space>,
}

/// Does a start tag's attribute text declare a namespace? Word writes its
/// declarations on the root alone, and an 'x' is rare elsewhere in its
/// attributes (names like w:val, hexadecimal rsids), so this is nearly
/// always a single vectorised scan that finds nothing.
fn declares_namespaces(attrs: &[u8]) -> bool {
    if !has_x(attrs) {
        return false;
    }
    let mut from = 0;
    while attrs.len() > from + 5
        && let Some(i) = memchr::memchr(b'x', &attrs[from..])
    {
        if attrs[from + i..].starts_with(b"xmlns") {
            return true;
        }
        from += i + 1;
    }
    false
}

/// Does `bytes` hold an `x`? Eight bytes at a time in a word: a tag's
/// attribute text is a few dozen bytes, too short for a vectorised
/// search's set-up to pay, and this runs for every tag.
fn has_x(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let x = ONES * u64::from(b'x');
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A zero byte in v ^ x is an 'x' in the chunk.
        let v = u64::from_le_bytes(word) ^ x;
        if v.wrapping_sub(ONES) & !v & HIGHS != 0 {
            return true;
        }
    }
    chunks.remainder().contains(&b'x')
}

impl Namespaces {
    fn start(&mut self, e: &Tag, empty: bool) -> Space {
        self.depth += 1;
        if declares_namespaces(e.attrs.as_bytes()) {
            let before = self.bindings.len();
            for (key, value) in e.attributes() {
                let prefix = if key == "xmlns" {
                    ""
                } else if let Some(p) = key.strip_prefix("xmlns:") {
                    p
                } else {
                    continue;
                };
                self.bindings.push((prefix.to_string(), Space::of(xml::unescape(value).trim())));
            }
            if self.bindings.len() > before {
                self.scopes.push((self.depth, before));
                self.last = None;
            }
        }
        let space = self.resolve(e.name);
        if empty {
            self.close();
        } else {
            self.open.push(space);
        }
        space
    }

    /// An end tag is in the namespace its start tag was: no lookup.
    fn end(&mut self) -> Space {
        let space = self.open.pop().unwrap_or(Space::Other);
        self.close();
        space
    }

    fn close(&mut self) {
        if let Some(&(d, len)) = self.scopes.last()
            && d == self.depth
        {
            self.bindings.truncate(len);
            self.scopes.pop();
            self.last = None;
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn resolve(&mut self, qname: &str) -> Space {
        let prefix = prefix_len(qname).map_or("", |i| &qname[..i]);
        // Nearly every element has the same prefix ("w"): remember the last.
        // Compared byte by byte: a prefix is a letter or two, too short
        // for a call to memcmp to pay.
        if let Some((p, s)) = &self.last
            && p.len() == prefix.len()
            && p.bytes().zip(prefix.bytes()).all(|(a, b)| a == b)
        {
            return *s;
        }
        let space = self.bindings.iter().rev().find(|(p, _)| p == prefix).map_or(Space::Other, |(_, s)| *s);
        self.last = Some((prefix.to_string(), space));
        space
    }
}

/// Lay the rows out on the grid: expand `gridBefore` and `gridSpan`, drop
/// deleted rows and cells, and carry vertically merged content down (shared
/// with the cell above, not copied).
fn build_grid(tb: TableBuilder) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    for rb in tb.rows.into_iter().filter(|r| !r.deleted) {
        let mut col = rb.grid_before;
        let mut cells = Vec::new();
        // The cell above is found by walking the row above once, left to
        // right, as this row's columns grow: cells in a row are in column
        // order and do not overlap.
        let above_row = rows.last().map_or(&[][..], |r| &r.cells[..]);
        let mut above_at = 0;
        for cb in rb.cells.into_iter().filter(|c| !c.deleted) {
            let span = cb.span.max(1);
            let mut content = CellContent::new(cb.paragraphs, cb.nested);
            // The order matters only where a cell holds a table: otherwise it
            // is the paragraphs' own.
            if !content.nested.is_empty() {
                content.order = cb.order;
            }
            let mut cell =
                Cell { content: content.into(), col, span, merged_from_above: false, source: SourceSpan::default() };
            while above_row.get(above_at).is_some_and(|c| c.col + c.span <= col) {
                above_at += 1;
            }
            if cb.vmerge == Some(false)
                && let Some(above) = above_row.get(above_at).filter(|c| c.col <= col)
            {
                cell.content = Arc::clone(&above.content);
                cell.merged_from_above = true;
            }
            col += span;
            cells.push(cell);
        }
        rows.push(Row { cells, header: rb.header, span: SourceSpan::default(), comments: Vec::new() });
    }
    Table { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(resolve_target("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve_target("word/", "../customXml/item.xml"), "customXml/item.xml");
        assert_eq!(resolve_target("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve_target("", "./word/document.xml"), "word/document.xml");
    }

    fn walk(xml: &str) -> Result<Document, ReadError> {
        let (styles, numbering, limits) = (Styles::default(), Numbering::default(), Limits::default());
        let mut walker = Walker::new(&styles, &numbering, &limits);
        walker.walk(xml)?;
        Ok(walker.finish())
    }

    fn paragraphs(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn elements_are_matched_by_namespace_not_prefix() {
        // Any prefix may stand for WordprocessingML; an inner element may
        // rebind one; an end tag is in its start tag's namespace.
        let xml = format!(
            "<x:document xmlns:x=\"{W_TRANSITIONAL}\"><x:body>\
             <x:p><x:r><x:t>One &amp; two</x:t></x:r></x:p>\
             <x:p><x:r><o:t xmlns:o=\"urn:other\">hidden</o:t><x:t>Three</x:t></x:r></x:p>\
             <x:p xmlns:x=\"urn:other\"><x:r><x:t>not Word</x:t></x:r></x:p>\
             <x:p><x:r><x:t><![CDATA[Four <4>]]></x:t></x:r></x:p>\
             </x:body></x:document>"
        );
        let doc = walk(&xml).unwrap();
        assert_eq!(paragraphs(&doc), vec!["One & two", "Three", "Four <4>"]);
    }

    #[test]
    fn a_control_showing_its_placeholder_is_empty_and_one_saying_it_is_not_is_read() {
        let control = |pr: &str, text: &str| {
            format!(
                "<w:sdt><w:sdtPr>{pr}</w:sdtPr><w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            )
        };
        let xml = format!(
            "<w:document xmlns:w=\"{W_TRANSITIONAL}\"><w:body>{}{}{}</w:body></w:document>",
            control("<w:showingPlcHdr/>", "Click here to enter text."),
            control("<w:showingPlcHdr w:val=\"0\"/>", "Weekly, 45 minutes"),
            control("<w:showingPlcHdr w:val=\"false\"/><w:alias w:val=\"2B.2\"/>", "By the QToD"),
        );
        assert_eq!(paragraphs(&walk(&xml).unwrap()), vec!["Weekly, 45 minutes", "By the QToD"]);
    }

    #[test]
    fn an_end_tag_must_close_the_element_opened_last() {
        for (body, what) in [
            ("<w:p><w:r><w:t>x</w:t></w:p></w:r>", "does not match"),
            ("<w:sdt></w:x><w:p/>", "does not match"),
            ("<w:p/></w:body></w:document></w:extra>", "never opened"),
        ] {
            let xml = format!("<w:document xmlns:w=\"{W_TRANSITIONAL}\"><w:body>{body}</w:body></w:document>");
            let err = walk(&xml).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Corrupt, "{body}");
            assert!(err.message.contains(what), "{body}: {}", err.message);
        }
    }

    #[test]
    fn hidden_runs_are_left_out_but_a_hidden_paragraph_mark_is_not_hidden_text() {
        let xml = format!(
            "<w:document xmlns:w=\"{W_TRANSITIONAL}\"><w:body>\
             <w:p><w:r><w:t>Shown</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> hidden</w:t><w:tab/></w:r>\
             <w:r><w:rPr><w:vanish w:val=\"false\"/></w:rPr><w:t> shown again</w:t></w:r></w:p>\
             <w:p><w:pPr><w:rPr><w:vanish/><w:specVanish/></w:rPr></w:pPr><w:r><w:t>Mark hidden, text shown</w:t></w:r></w:p>\
             </w:body></w:document>"
        );
        assert_eq!(paragraphs(&walk(&xml).unwrap()), vec!["Shown shown again", "Mark hidden, text shown"]);
    }

    #[test]
    fn struck_text_and_raised_footnote_marks_are_left_out() {
        let xml = format!(
            "<w:document xmlns:w=\"{W_TRANSITIONAL}\"><w:body>\
             <w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>When needed</w:t></w:r><w:r><w:t>Daily</w:t></w:r></w:p>\
             <w:p><w:r><w:rPr><w:dstrike w:val=\"true\"/></w:rPr><w:t>old </w:t></w:r>\
             <w:r><w:rPr><w:strike w:val=\"0\"/></w:rPr><w:t>shown by the physiotherapist</w:t></w:r>\
             <w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>2</w:t></w:r>\
             <w:r><w:t>, 20 m</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>2nd</w:t></w:r></w:p>\
             </w:body></w:document>"
        );
        let doc = walk(&xml).unwrap();
        assert_eq!(paragraphs(&doc), vec!["Daily", "shown by the physiotherapist, 20 m2nd"]);
        assert!(doc.notices.iter().any(|n| n.code == "struck_text"));
    }

    #[test]
    fn a_utf16_part_is_read_with_or_without_a_byte_order_mark() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><d>ŵ</d>";
        let le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = xml.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(xml_text(le.clone()), xml);
        assert_eq!(xml_text(be.clone()), xml);
        assert_eq!(xml_text([vec![0xFF, 0xFE], le].concat()), xml);
        assert_eq!(xml_text([vec![0xFE, 0xFF], be].concat()), xml);
    }

    #[test]
    fn malformed_main_part_names_the_byte() {
        let xml = format!("<w:document xmlns:w=\"{W_TRANSITIONAL}\"><w:body><w:p");
        let err = walk(&xml).unwrap_err();
        assert!(err.message.contains("malformed near byte"), "{}", err.message);
    }

    #[test]
    fn finds_an_x_at_any_place() {
        for n in 0..40 {
            let mut v = vec![b'a'; n];
            assert!(!has_x(&v));
            for i in 0..n {
                v[i] = b'x';
                assert!(has_x(&v), "{n} {i}");
                v[i] = b'a';
            }
        }
        // Bytes next to 'x' in value, and high bytes, are not 'x'.
        assert!(!has_x("wyyw\u{f8}\u{78f}z w:val=\"22\"".as_bytes()));
    }

    #[test]
    fn latent_styles_are_cut_and_anything_odd_left_whole() {
        let xml = "<w:styles><w:latentStyles w:count=\"2\"><w:lsdException w:name=\"x\"/></w:latentStyles>\
                   <w:style w:styleId=\"H1\"/></w:styles>";
        assert_eq!(without_latent_styles(xml), "<w:styles><w:style w:styleId=\"H1\"/></w:styles>");
        for whole in ["<w:styles><w:latentStyles/></w:styles>", "<w:styles><w:latentStyles>", "<styles/>"] {
            assert_eq!(without_latent_styles(whole), whole);
        }
        // A style still resolves after the cut.
        let styles = parse_styles(
            "<w:styles xmlns:w=\"x\"><w:latentStyles><w:lsdException/></w:latentStyles><w:style w:type=\"paragraph\" \
             w:styleId=\"H1\"><w:name w:val=\"heading 1\"/></w:style></w:styles>",
        );
        assert_eq!(styles.heading_level("H1"), Some(1));
    }
}
