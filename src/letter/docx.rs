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
//! The output is the same bytes on every run (docx-rs dates the package
//! 1970 and its zip entries 1980), so it can be tested byte for byte.

use super::{Letter, Part, QuoteLine, pieces};
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Style, StyleType,
};

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

/// The letter as a .docx file.
pub fn render(letter: &Letter) -> Vec<u8> {
    let mut doc = Docx::new()
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(BODY_SIZE)
        .default_line_spacing(spacing(0, AFTER))
        .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(720).footer(720))
        .add_style(title_style())
        .add_style(heading_style())
        .add_style(quote_style())
        .add_style(address_style())
        .add_style(note_style())
        // Marks the letter as idp-audit's own, so a folder check never reads it as a plan.
        .custom_property(crate::own_output::DOCX_PROPERTY, "letter");

    let last = letter.sender.len().saturating_sub(1);
    for (i, line) in letter.sender.iter().enumerate() {
        let mut p = styled("Address", line).align(AlignmentType::Right);
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
    for (i, part) in letter.body.iter().enumerate() {
        doc = doc.add_paragraph(match part {
            Part::Paragraph(t) => {
                // The line that introduces a quote stays on its page, and
                // so does the last line with the signature.
                let p = styled("Normal", t);
                if t.ends_with(':') || i + 1 == letter.body.len() { p.keep_next(true) } else { p }
            }
            Part::Heading(t) => styled("Heading2", t),
            Part::Quote(lines) => quote(lines),
        });
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

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).expect("writing a .docx into memory cannot fail");
    bytes.into_inner()
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

fn heading_style() -> Style {
    let mut s = paragraph_style("Heading2", "heading 2").bold().size(BODY_SIZE).line_spacing(spacing(240, 80));
    s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true).outline_lvl(1);
    s
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
