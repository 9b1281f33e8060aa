//! The letter as a Word document: WordprocessingML written here, zipped
//! with `zip` (the project reads DOCX with its own reader, see `read::docx`);
//! in the page, stored without compression by a few lines here.
//!
//! The letter is a fixed shape, so only `word/document.xml` and the footer
//! are written for each letter; the other parts are the files in
//! `docx/` (the styles, the package's relationships and content types,
//! Word's settings and font table, and the empty comments, footnotes and
//! numbering Word expects).
//!
//! The look comes from named styles (`docx/styles.xml`), not from
//! formatting on each paragraph, so a parent who edits the letter in Word
//! keeps it consistent: the body font (Arial, 12 pt) and spacing (1.15
//! lines, 10 pt after) are the document defaults (what "Normal" shows), the
//! subject line is "Title", each provision's heading "heading 2", quoted
//! wording "Quote" (indented, a grey bar on the left), the address blocks
//! "Address" and the note at the end "Note" (small, grey, a rule above).
//! Placeholders in square brackets are highlighted so they are hard to miss
//! before sending.
//!
//! A letter in Welsh and English is one document: the Welsh letter, then
//! the English from a new page. Every page has its number in the footer
//! ("Page 2 of 5", "Tudalen 2 o 5"). The document's properties name the
//! letter (its subject line), its author (the parent, or idp-audit) and
//! its date, so a file list or a school's records system shows what it is.
//!
//! The output is the same bytes on every run (the properties carry the
//! letter's date, not the time it was made; the zip entries are dated
//! 1980), so it can be tested byte for byte. It is the same bytes the
//! docx-rs crate wrote for these letters before this writer replaced it
//! (the page's WebAssembly is 300 KB smaller without it).

use super::{Letter, Letters, Part, QuoteLine, pieces};
use std::fmt::Write as _;

/// Spacing in twentieths of a point (a line of 276 is 1.15 lines).
const AFTER: u32 = 200;

/// The parts that are the same in every letter, in the package's order.
const FIXED_START: [(&str, &str); 4] = [("word/", ""), ("word/_rels/", ""), ("_rels/", ""), ("docProps/", "")];

/// The letters as a .docx file.
pub fn render(letters: &Letters) -> Vec<u8> {
    let mut body = Body { xml: String::new(), para_id: 1 };
    // The footer's paragraph is the first: paragraph ids count from 1.
    let footer = footer(letters, &mut body);
    body.xml.push_str(include_str!("docx/document_start.xml"));
    for (i, letter) in letters.letters.iter().enumerate() {
        one(&mut body, letter, i > 0);
    }
    body.xml.push_str(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\" /><w:pgMar w:top=\"1440\" w:right=\"1440\" \
         w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\" /><w:cols \
         w:space=\"425\" w:num=\"1\" /><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\" />\
         </w:sectPr></w:body></w:document>",
    );
    let core = core_properties(letters);
    // Marks the letter as idp-audit's own, so a folder check never reads it as a plan.
    let custom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Properties \
         xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property \
         fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"2\" name=\"{}\"><vt:lpwstr>letter</vt:lpwstr>\
         </property></Properties>",
        crate::own_output::DOCX_PROPERTY
    );
    let parts: Vec<(&str, &str)> = FIXED_START
        .into_iter()
        .chain([
            ("[Content_Types].xml", include_str!("docx/content_types.xml")),
            ("_rels/.rels", include_str!("docx/package_rels.xml")),
            ("docProps/app.xml", include_str!("docx/app.xml")),
            ("docProps/core.xml", core.as_str()),
            ("docProps/custom.xml", custom.as_str()),
            ("word/_rels/document.xml.rels", include_str!("docx/document_rels.xml")),
            ("word/document.xml", body.xml.as_str()),
            ("word/styles.xml", include_str!("docx/styles.xml")),
            ("word/settings.xml", include_str!("docx/settings.xml")),
            ("word/fontTable.xml", include_str!("docx/font_table.xml")),
            ("word/comments.xml", include_str!("docx/comments.xml")),
            ("word/numbering.xml", include_str!("docx/numbering.xml")),
            ("word/commentsExtended.xml", include_str!("docx/comments_extended.xml")),
            ("word/footnotes.xml", include_str!("docx/footnotes.xml")),
            ("word/footer1.xml", footer.as_str()),
            ("word/_rels/footer1.xml.rels", include_str!("docx/footer_rels.xml")),
        ])
        .collect();
    zip(&parts).expect("writing a .docx into memory cannot fail")
}

/// The parts zipped, in order, deflated and dated 1980.
#[cfg(not(target_arch = "wasm32"))]
fn zip(parts: &[(&str, &str)]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write as _;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, contents) in parts {
        out.start_file(*name, options)?;
        out.write_all(contents.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The page's way: the parts stored as they are (a zip without
/// compression, which Word opens as well), in order and dated 1980, by a
/// few lines here rather than `zip`'s writer and a deflate compressor in
/// the page's download. The letter is a larger file; it is the same
/// document.
#[cfg(target_arch = "wasm32")]
fn zip(parts: &[(&str, &str)]) -> Result<Vec<u8>, std::convert::Infallible> {
    Ok(stored_zip(parts))
}

#[cfg(any(target_arch = "wasm32", test))]
fn stored_zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, n: usize| v.extend_from_slice(&(n as u16).to_le_bytes());
    let u32le = |v: &mut Vec<u8>, n: u32| v.extend_from_slice(&n.to_le_bytes());
    for (name, contents) in parts {
        let (name, data) = (name.as_bytes(), contents.as_bytes());
        let (crc, size, offset) = (crc32(data), data.len() as u32, out.len() as u32);
        // Version 2.0, no flags, stored, 00:00 on 1 January 1980 (MS-DOS time 0, date 0x21).
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
            u32le(v, crc);
            u32le(v, size);
            u32le(v, size);
            u16le(v, name.len());
            u16le(v, 0);
        };
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        // Made by version 2.0 (MS-DOS).
        central.extend_from_slice(&[20, 0]);
        common(&mut central);
        // No comment, disk 0, no internal attributes.
        central.extend_from_slice(&[0; 6]);
        // A folder's entry ("word/") has the MS-DOS folder attribute.
        u32le(&mut central, if name.ends_with(b"/") { 0x10 } else { 0 });
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let (at, len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    u16le(&mut out, parts.len());
    u16le(&mut out, parts.len());
    u32le(&mut out, len);
    u32le(&mut out, at);
    u16le(&mut out, 0);
    out
}

/// The CRC-32 a zip entry carries (IEEE, reflected), a bit at a time.
#[cfg(any(target_arch = "wasm32", test))]
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// word/document.xml as it is written, and the next paragraph's id.
struct Body {
    xml: String,
    para_id: u32,
}

/// How a paragraph is set out, beyond its style.
#[derive(Default, Clone, Copy)]
struct Layout {
    align: Option<&'static str>,
    /// Space before and after, in twentieths of a point.
    spacing: Option<(u32, u32)>,
    keep_next: bool,
    page_break_before: bool,
}

impl Body {
    /// One paragraph: its style, its layout and its runs (already XML).
    fn paragraph(&mut self, style: &str, layout: Layout, runs: &str) {
        let x = &mut self.xml;
        let _ = write!(x, "<w:p w14:paraId=\"{:08x}\"><w:pPr><w:rPr /><w:pStyle w:val=\"{style}\" />", self.para_id);
        self.para_id += 1;
        if let Some(a) = layout.align {
            let _ = write!(x, "<w:jc w:val=\"{a}\" />");
        }
        if let Some((before, after)) = layout.spacing {
            let _ =
                write!(x, "<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"276\" w:lineRule=\"auto\" />");
        }
        if layout.keep_next {
            x.push_str("<w:keepNext />");
        }
        if layout.page_break_before {
            x.push_str("<w:pageBreakBefore />");
        }
        x.push_str("</w:pPr>");
        x.push_str(runs);
        x.push_str("</w:p>");
    }

    /// A paragraph of text in a style, placeholders highlighted.
    fn styled(&mut self, style: &str, layout: Layout, text: &str) {
        self.paragraph(style, layout, &runs(text, false));
    }
}

/// "Page 2 of 5", in each language the document holds ("Tudalen 2 o 5 ·
/// Page 2 of 5"): word/footer1.xml.
fn footer(letters: &Letters, body: &mut Body) -> String {
    let field = |name: &str| {
        format!(
            "<w:r><w:rPr /><w:fldChar w:fldCharType=\"begin\" w:dirty=\"false\" /><w:instrText>{name}</w:instrText>\
             <w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /><w:t xml:space=\"preserve\">1</w:t>\
             <w:fldChar w:fldCharType=\"end\" w:dirty=\"false\" /></w:r>"
        )
    };
    let mut runs = String::new();
    for (i, l) in letters.letters.iter().enumerate() {
        if i > 0 {
            run(&mut runs, " \u{b7} ", false, false);
        }
        run(&mut runs, &format!("{} ", l.page_words.0), false, false);
        runs.push_str(&field("PAGE"));
        run(&mut runs, &format!(" {} ", l.page_words.1), false, false);
        runs.push_str(&field("NUMPAGES"));
    }
    let mut footer = Body { xml: include_str!("docx/footer_start.xml").to_string(), para_id: body.para_id };
    footer.paragraph("Footer", Layout { align: Some("center"), ..Layout::default() }, &runs);
    body.para_id = footer.para_id;
    footer.xml.push_str("</w:ftr>");
    footer.xml
}

/// One letter, from a new page when it is not the first.
fn one(doc: &mut Body, letter: &Letter, new_page: bool) {
    let right = Layout { align: Some("right"), ..Layout::default() };
    let last = letter.sender.len().saturating_sub(1);
    for (i, line) in letter.sender.iter().enumerate() {
        let mut l = right;
        l.page_break_before = i == 0 && new_page;
        if i == last {
            l.spacing = Some((0, AFTER));
        }
        doc.styled("Address", l, line);
    }
    doc.styled("Normal", Layout { spacing: Some((0, 360)), ..right }, &letter.date);
    let last = letter.recipient.len().saturating_sub(1);
    for (i, line) in letter.recipient.iter().enumerate() {
        let spacing = (i == last).then_some((0, 360));
        doc.styled("Address", Layout { spacing, ..Layout::default() }, line);
    }
    doc.styled("Normal", Layout::default(), &letter.salutation);
    doc.styled("Title", Layout::default(), &letter.subject);
    // A heading naming one provision is the lower level; one naming a part
    // of the letter the higher.
    let mut in_provisions = false;
    for (i, part) in letter.body.iter().enumerate() {
        match part {
            Part::Paragraph(t) => {
                // The line that introduces a quote stays on its page, and
                // so does the last line with the signature.
                let keep_next = t.ends_with(':') || i + 1 == letter.body.len();
                doc.styled("Normal", Layout { keep_next, ..Layout::default() }, t);
            }
            Part::Heading(t) => {
                let sub = matches!(letter.body.get(i + 1), Some(Part::Subheading(_)));
                let style = if sub && in_provisions { "Heading2" } else { "Heading1" };
                if !sub {
                    in_provisions = matches!(letter.body.get(i + 1), Some(Part::Heading(_)));
                }
                doc.styled(style, Layout::default(), t);
            }
            Part::Subheading(t) => doc.styled("Subheading", Layout::default(), t),
            Part::Quote(lines) => doc.paragraph("Quote", Layout::default(), &quote(lines)),
            Part::Table { header, rows } => {
                table(doc, header, rows);
                // Space after the table.
                doc.paragraph("Normal", Layout { spacing: Some((0, 0)), ..Layout::default() }, "");
            }
        }
    }
    doc.styled("Normal", Layout { keep_next: true, ..Layout::default() }, &letter.sign_off);
    for (i, line) in letter.signature.iter().enumerate() {
        // Room to sign by hand.
        let l = if i == 0 {
            Layout { spacing: Some((720, 0)), keep_next: true, ..Layout::default() }
        } else {
            Layout::default()
        };
        doc.styled("Address", l, line);
    }
    // Consecutive paragraphs with the same border share it: one rule above
    // the whole note.
    for (i, line) in letter.note.iter().enumerate() {
        let spacing = (i == 0).then_some((480, 120));
        doc.styled("Note", Layout { spacing, ..Layout::default() }, line);
    }
}

/// The summary: a header row shaded grey, then a row per provision; the
/// columns sized to their words (number, name, what it lacks), thin black
/// lines around every cell.
fn table(doc: &mut Body, header: &[String], rows: &[Vec<String>]) {
    let widths = column_widths(header, rows);
    let _ = write!(
        doc.xml,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\" /><w:jc w:val=\"left\" /><w:tblBorders>",
        widths.iter().sum::<usize>()
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(doc.xml, "<w:{side} w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />");
    }
    doc.xml.push_str("</w:tblBorders></w:tblPr><w:tblGrid>");
    for w in &widths {
        let _ = write!(doc.xml, "<w:gridCol w:w=\"{w}\" w:type=\"dxa\" />");
    }
    doc.xml.push_str("</w:tblGrid>");
    // Every row but the last keeps with the next, so the table (a few rows)
    // stays on one page with its heading; no row splits across pages.
    let last = rows.len();
    let row = |doc: &mut Body, cells: &[String], head: bool, keep_next: bool| {
        doc.xml.push_str("<w:tr><w:trPr><w:cantSplit /></w:trPr>");
        for (col, text) in cells.iter().enumerate() {
            let _ = write!(
                doc.xml,
                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\" />",
                widths.get(col).copied().unwrap_or(2000)
            );
            if head {
                doc.xml.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\" />");
            }
            doc.xml.push_str("</w:tcPr>");
            doc.paragraph(
                "Normal",
                Layout { spacing: Some((40, 40)), keep_next, ..Layout::default() },
                &runs(text, head),
            );
            doc.xml.push_str("</w:tc>");
        }
        doc.xml.push_str("</w:tr>");
    };
    row(doc, header, true, true);
    for (n, r) in rows.iter().enumerate() {
        row(doc, r, false, n + 1 < last && last <= 12);
    }
    doc.xml.push_str("</w:tbl>");
}

/// The columns' widths in twips, across the 9,026 twips of text width on A4
/// with 2.54 cm margins. The revision letter's summary (number, name, what
/// it lacks) has its own; any other table gives a column of numbers 700 and
/// shares the rest by each column's longest cell.
fn column_widths(header: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    const TEXT_WIDTH: usize = 9026;
    let numbers = |col: usize| rows.iter().all(|r| r.get(col).is_some_and(|c| c.trim().parse::<u32>().is_ok()));
    if header.len() == 3 && numbers(0) {
        return vec![700, 3300, 5026];
    }
    let first_narrow = header.len() > 1 && numbers(0);
    let longest = |col: usize| {
        std::iter::once(header.get(col).map_or(0, |h| h.chars().count()))
            .chain(rows.iter().map(|r| r.get(col).map_or(0, |c| c.chars().count())))
            .max()
            .unwrap_or(1)
            .clamp(8, 40)
    };
    let shared: Vec<usize> = (usize::from(first_narrow)..header.len()).map(longest).collect();
    let rest = if first_narrow { TEXT_WIDTH - 700 } else { TEXT_WIDTH };
    let total: usize = shared.iter().sum::<usize>().max(1);
    let mut widths: Vec<usize> = if first_narrow { vec![700] } else { Vec::new() };
    widths.extend(shared.iter().map(|w| rest * w / total));
    widths
}

/// The package's core properties (docProps/core.xml): the letter's title,
/// author and date.
fn core_properties(letters: &Letters) -> String {
    let date = format!("{}T00:00:00Z", letters.date);
    let esc = |s: &str| {
        crate::text::printable(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    };
    let lang = letters.letters.first().map_or("en", |l| l.lang.code());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>\
         <dc:language>{}</dc:language><cp:revision>1</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        esc(&letters.title),
        esc(&letters.author),
        esc(&letters.author),
        if lang == "cy" { "cy-GB" } else { "en-GB" },
    )
}

/// One run of text: `<w:r>` with its properties and the text, escaped.
fn run(out: &mut String, text: &str, bold: bool, highlight: bool) {
    out.push_str("<w:r>");
    match (bold, highlight) {
        (false, false) => out.push_str("<w:rPr />"),
        _ => {
            out.push_str("<w:rPr>");
            if bold {
                out.push_str("<w:b /><w:bCs />");
            }
            if highlight {
                out.push_str("<w:highlight w:val=\"yellow\" />");
            }
            out.push_str("</w:rPr>");
        }
    }
    out.push_str("<w:t xml:space=\"preserve\">");
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            // A carriage return escaped makes LibreOffice fail.
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push_str("</w:t></w:r>");
}

/// The runs of a text, placeholders highlighted; all bold in a table's
/// header row.
fn runs(text: &str, bold: bool) -> String {
    let mut out = String::new();
    for piece in pieces(text) {
        // A control character from the plan would make the document
        // unreadable to Word and LibreOffice.
        run(&mut out, &crate::text::printable(piece.text), bold, piece.placeholder);
    }
    out
}

/// Quoted wording: one paragraph in the Quote style, a line per part, the
/// part's label in bold.
fn quote(lines: &[QuoteLine]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<w:r><w:rPr /><w:br w:type=\"textWrapping\" /></w:r>");
        }
        if let Some(label) = &line.label {
            run(&mut out, &format!("{}: ", crate::text::printable(label)), true, false);
        }
        out.push_str(&runs(&line.text, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn the_pages_stored_zip_reads_back_entry_for_entry() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let parts = [("word/", ""), ("word/document.xml", "<w:document>Llythyr – letter</w:document>"), ("a.xml", "x")];
        let bytes = stored_zip(&parts);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), parts.len());
        for (i, (name, contents)) in parts.iter().enumerate() {
            let mut f = archive.by_index(i).unwrap();
            assert_eq!(f.name().unwrap(), *name);
            assert_eq!(f.compression(), zip::CompressionMethod::Stored);
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            assert_eq!(text, *contents);
        }
    }
}
