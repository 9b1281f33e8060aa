//! The letter as a Word document, written with docx-rs (its writer only:
//! the project reads DOCX with its own reader, see `read::docx`).
//!
//! The look comes from named styles, not from formatting on each paragraph,
//! so a parent who edits the letter in Word keeps it consistent: the body
//! font and spacing are the document defaults (what "Normal" shows), the
//! subject line is "Title", each provision's heading "heading 2", quoted
//! wording "Quote", the address blocks "Address" and the note at the end
//! "Note". Placeholders in square brackets are highlighted so they are hard
//! to miss before sending.
//!
//! A letter in Welsh and English is one document: the Welsh letter, then
//! the English from a new page. Every page has its number in the footer
//! ("Page 2 of 5", "Tudalen 2 o 5"). The document's properties name the
//! letter (its subject line), its author (the parent, or idp-audit) and
//! its date, so a file list or a school's records system shows what it is.
//!
//! The output is the same bytes on every run (the properties carry the
//! letter's date, not the time it was made; the zip entries are dated
//! 1980), so it can be tested byte for byte.

use super::{Letter, Letters, Part, QuoteLine, pieces};
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, NumPages, PageMargin, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Shading, Style, StyleType,
    Table, TableCell, TableRow, WidthType,
};
use std::io::{Read, Write};

/// A font every office suite has or substitutes with the same metrics
/// (LibreOffice uses Liberation Sans), so the pages break the same way.
const FONT: &str = "Arial";
/// Sizes in half-points.
const BODY_SIZE: usize = 24;
const TITLE_SIZE: usize = 26;
const NOTE_SIZE: usize = 18;
/// Spacing in twentieths of a point; a line of 276 is 1.15 lines.
const AFTER: u32 = 200;
const LINE: i32 = 276;
/// 2.54 cm margins, in twips.
const MARGIN: i32 = 1440;
const GREY: &str = "595959";
const QUOTE_BAR: &str = "8C8C8C";

/// The letters as a .docx file.
pub fn render(letters: &Letters) -> Vec<u8> {
    let mut doc = Docx::new()
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(BODY_SIZE)
        .default_line_spacing(spacing(0, AFTER))
        .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(720).footer(720))
        .add_style(title_style())
        .add_style(heading_style(HEADING1, "heading 1", 0))
        .add_style(heading_style(HEADING2, "heading 2", 1))
        .add_style(subheading_style())
        .add_style(quote_style())
        .add_style(address_style())
        .add_style(note_style())
        .add_style(footer_style())
        .footer(footer(letters))
        // Marks the letter as idp-audit's own, so a folder check never reads it as a plan.
        .custom_property(crate::own_output::DOCX_PROPERTY, "letter");
    for (i, letter) in letters.letters.iter().enumerate() {
        doc = one(doc, letter, i > 0);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).expect("writing a .docx into memory cannot fail");
    with_properties(&bytes.into_inner(), letters)
}

const HEADING1: &str = "Heading1";
const HEADING2: &str = "Heading2";

/// "Page 2 of 5", in each language the document holds ("Tudalen 2 o 5 ·
/// Page 2 of 5").
fn footer(letters: &Letters) -> Footer {
    let mut p = Paragraph::new().style("Footer").align(AlignmentType::Center);
    for (i, l) in letters.letters.iter().enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_text(" \u{b7} "));
        }
        p = p
            .add_run(Run::new().add_text(format!("{} ", l.page_words.0)))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(format!(" {} ", l.page_words.1)))
            .add_num_pages(NumPages::new());
    }
    Footer::new().add_paragraph(p)
}

/// One letter, from a new page when it is not the first.
fn one(mut doc: Docx, letter: &Letter, new_page: bool) -> Docx {
    let last = letter.sender.len().saturating_sub(1);
    for (i, line) in letter.sender.iter().enumerate() {
        let mut p = styled("Address", line).align(AlignmentType::Right);
        if i == 0 && new_page {
            p = p.page_break_before(true);
        }
        if i == last {
            p = p.line_spacing(spacing(0, AFTER));
        }
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(styled("Normal", &letter.date).align(AlignmentType::Right).line_spacing(spacing(0, 360)));
    let last = letter.recipient.len().saturating_sub(1);
    for (i, line) in letter.recipient.iter().enumerate() {
        let mut p = styled("Address", line);
        if i == last {
            p = p.line_spacing(spacing(0, 360));
        }
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(styled("Normal", &letter.salutation));
    doc = doc.add_paragraph(styled("Title", &letter.subject));
    // A heading naming one provision is the lower level; one naming a part
    // of the letter the higher.
    let mut in_provisions = false;
    for (i, part) in letter.body.iter().enumerate() {
        match part {
            Part::Paragraph(t) => {
                // The line that introduces a quote stays on its page, and
                // so does the last line with the signature.
                let p = styled("Normal", t);
                doc = doc.add_paragraph(if t.ends_with(':') || i + 1 == letter.body.len() {
                    p.keep_next(true)
                } else {
                    p
                });
            }
            Part::Heading(t) => {
                let sub = matches!(letter.body.get(i + 1), Some(Part::Subheading(_)));
                let style = if sub && in_provisions { HEADING2 } else { HEADING1 };
                if !sub {
                    in_provisions = matches!(letter.body.get(i + 1), Some(Part::Heading(_)));
                }
                doc = doc.add_paragraph(styled(style, t));
            }
            Part::Subheading(t) => doc = doc.add_paragraph(styled("Subheading", t)),
            Part::Quote(lines) => doc = doc.add_paragraph(quote(lines)),
            Part::Table { header, rows } => {
                doc = doc.add_table(table(header, rows));
                // Space after the table.
                doc = doc.add_paragraph(Paragraph::new().style("Normal").line_spacing(spacing(0, 0)));
            }
        }
    }
    doc = doc.add_paragraph(styled("Normal", &letter.sign_off).keep_next(true));
    for (i, line) in letter.signature.iter().enumerate() {
        let mut p = styled("Address", line);
        if i == 0 {
            // Room to sign by hand.
            p = p.line_spacing(spacing(720, 0)).keep_next(true);
        }
        doc = doc.add_paragraph(p);
    }
    // Consecutive paragraphs with the same border share it: one rule above
    // the whole note.
    for (i, line) in letter.note.iter().enumerate() {
        let mut p = styled("Note", line);
        if i == 0 {
            p = p.line_spacing(spacing(480, 120));
        }
        doc = doc.add_paragraph(p);
    }
    doc
}

/// The summary: a header row shaded grey, then a row per provision; the
/// columns sized to their words (number, name, what it lacks).
fn table(header: &[String], rows: &[Vec<String>]) -> Table {
    let widths = column_widths(header, rows);
    // Every row but the last keeps with the next, so the table (a few rows)
    // stays on one page with its heading; no row splits across pages.
    let last = rows.len();
    let cell = |text: &str, col: usize, head: bool, keep: bool| {
        let mut p = Paragraph::new().style("Normal").line_spacing(spacing(40, 40)).keep_next(keep);
        for run in runs(text) {
            p = p.add_run(if head { run.bold() } else { run });
        }
        let c = TableCell::new().add_paragraph(p).width(widths.get(col).copied().unwrap_or(2000), WidthType::Dxa);
        if head { c.shading(Shading::new().fill("E7E6E6")) } else { c }
    };
    let mut out =
        vec![TableRow::new(header.iter().enumerate().map(|(i, h)| cell(h, i, true, true)).collect()).cant_split()];
    for (n, r) in rows.iter().enumerate() {
        let keep = n + 1 < last && last <= 12;
        out.push(TableRow::new(r.iter().enumerate().map(|(i, t)| cell(t, i, false, keep)).collect()).cant_split());
    }
    Table::new(out).set_grid(widths.to_vec()).width(widths.iter().sum(), WidthType::Dxa)
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

/// The package's core properties (docProps/core.xml) replaced with the
/// letter's own: its title, author and date. docx-rs writes "unknown" and
/// 1970, and has no way to set the title or author.
fn with_properties(zip_bytes: &[u8], letters: &Letters) -> Vec<u8> {
    let date = format!("{}T00:00:00Z", letters.date);
    let esc = |s: &str| {
        crate::text::printable(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    };
    let lang = letters.letters.first().map_or("en", |l| l.lang.code());
    let core = format!(
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
    );
    repack(zip_bytes, "docProps/core.xml", core.as_bytes()).unwrap_or_else(|| zip_bytes.to_vec())
}

/// The zip with one entry's contents replaced, entries in the same order,
/// dated as docx-rs dates them. `None` if the zip cannot be read back
/// (it was just written in memory, so never).
fn repack(zip_bytes: &[u8], name: &str, contents: &[u8]) -> Option<Vec<u8>> {
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).ok()?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..src.len() {
        let mut entry = src.by_index(i).ok()?;
        let entry_name = entry.name().ok()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        out.start_file(entry_name.as_str(), options).ok()?;
        out.write_all(if entry_name == name { contents } else { &data }).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(LINE).line_rule(LineSpacingType::Auto)
}

/// A paragraph in a style, placeholders highlighted.
fn styled(style: &str, text: &str) -> Paragraph {
    let mut p = Paragraph::new().style(style);
    for run in runs(text) {
        p = p.add_run(run);
    }
    p
}

fn runs(text: &str) -> Vec<Run> {
    pieces(text)
        .into_iter()
        .map(|piece| {
            // A control character from the plan would make the document
            // unreadable to Word and LibreOffice.
            let r = Run::new().add_text(crate::text::printable(piece.text));
            if piece.placeholder { r.highlight("yellow") } else { r }
        })
        .collect()
}

/// Quoted wording: one paragraph in the Quote style, a line per part, the
/// part's label in bold.
fn quote(lines: &[QuoteLine]) -> Paragraph {
    let mut p = Paragraph::new().style("Quote");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        if let Some(label) = &line.label {
            p = p.add_run(Run::new().add_text(format!("{}: ", crate::text::printable(label))).bold());
        }
        for run in runs(&line.text) {
            p = p.add_run(run);
        }
    }
    p
}

fn paragraph_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name).based_on("Normal").next("Normal")
}

fn title_style() -> Style {
    let mut s = paragraph_style("Title", "Title").bold().size(TITLE_SIZE).line_spacing(spacing(120, 240));
    s.paragraph_property = s.paragraph_property.keep_next(true);
    s
}

fn heading_style(id: &str, name: &str, level: usize) -> Style {
    let size = if level == 0 { TITLE_SIZE } else { BODY_SIZE };
    let mut s = paragraph_style(id, name).bold().size(size).line_spacing(spacing(240, 80));
    s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true).outline_lvl(level);
    s
}

/// Where a provision is in the plan, under its heading: small and grey.
fn subheading_style() -> Style {
    let mut s =
        paragraph_style("Subheading", "Subheading").size(NOTE_SIZE + 2).color(GREY).line_spacing(spacing(0, 120));
    s.paragraph_property = s.paragraph_property.keep_next(true);
    s
}

/// The page numbers.
fn footer_style() -> Style {
    paragraph_style("Footer", "footer").size(NOTE_SIZE).color(GREY).line_spacing(spacing(0, 0))
}

/// Indented on both sides with a grey bar on the left: set apart from the
/// letter's own words without italics, which are harder to read.
fn quote_style() -> Style {
    let mut s =
        paragraph_style("Quote", "Quote").indent(Some(567), None, Some(567), None).line_spacing(spacing(60, AFTER));
    // `ParagraphBorders::new()` would draw all four sides: start empty.
    s.paragraph_property = s.paragraph_property.keep_lines(true).set_borders(ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Left).val(BorderType::Single).size(18).space(8).color(QUOTE_BAR),
    ));
    s
}

/// Address lines: no space between them.
fn address_style() -> Style {
    paragraph_style("Address", "Address").line_spacing(spacing(0, 0))
}

/// The note after the letter, set apart by a rule above it.
fn note_style() -> Style {
    let mut s = paragraph_style("Note", "Note").size(NOTE_SIZE).color(GREY).line_spacing(spacing(0, 120));
    s.paragraph_property =
        s.paragraph_property.set_borders(ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top).val(BorderType::Single).size(4).space(8).color(GREY),
        ));
    s
}
