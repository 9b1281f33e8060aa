//! The letter as Markdown: readable as plain text (to paste into an email)
//! and rendered by any CommonMark viewer. Same words as the Word letter.
//!
//! Address lines end in a backslash, CommonMark's hard line break, because
//! trailing spaces are invisible and editors strip them. Placeholders stay
//! as they are: "[number]" with no link definition is plain text.

use super::{Letter, Letters, Part, QuoteLine};

pub fn render(letters: &Letters) -> String {
    // Hidden by Markdown viewers; keeps a folder check from reading the letter as a plan.
    let mut out = crate::own_output::markdown_mark("a letter");
    for (i, letter) in letters.letters.iter().enumerate() {
        if i > 0 {
            // The Markdown of a page break: a rule between the two letters.
            out.push_str("\n* * *\n\n");
        }
        one(&mut out, letter);
    }
    out
}

fn one(out: &mut String, letter: &Letter) {
    out.push('\n');
    lines(out, &letter.sender);
    out.push('\n');
    out.push_str(&escape(&letter.date));
    out.push_str("\n\n");
    lines(out, &letter.recipient);
    out.push('\n');
    out.push_str(&escape(&letter.salutation));
    out.push_str("\n\n");
    out.push_str("# ");
    out.push_str(&escape(&letter.subject));
    out.push_str("\n\n");
    for (i, part) in letter.body.iter().enumerate() {
        match part {
            Part::Paragraph(t) => out.push_str(&escape(t)),
            Part::Heading(t) => {
                let sub = matches!(letter.body.get(i + 1), Some(Part::Subheading(_)));
                out.push_str(if sub { "### " } else { "## " });
                out.push_str(&escape_inline(t));
            }
            Part::Subheading(t) => {
                out.push('*');
                out.push_str(&escape_inline(t));
                out.push('*');
            }
            Part::Quote(q) => quote(out, q),
            Part::Table { header, rows } => table(out, header, rows),
        }
        out.push_str("\n\n");
    }
    out.push_str(&escape(&letter.sign_off));
    out.push_str("\n\n");
    lines(out, &letter.signature);
    out.push_str("\n---\n\n");
    for (i, n) in letter.note.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push('*');
        out.push_str(&escape(n));
        out.push_str("*\n");
    }
}

/// A GFM table; a pipe in a cell is escaped.
fn table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let cell = |t: &str| escape_inline(t).replace('|', "\\|");
    out.push_str("| ");
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
    out.push_str(" |\n|");
    out.push_str(&header.iter().map(|_| "---|").collect::<String>());
    for r in rows {
        out.push_str("\n| ");
        out.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
        out.push_str(" |");
    }
}

/// Lines kept together as one paragraph with hard breaks.
fn lines(out: &mut String, lines: &[String]) {
    for (i, l) in lines.iter().enumerate() {
        out.push_str(&escape(l));
        out.push_str(if i + 1 < lines.len() { "\\\n" } else { "\n" });
    }
}

fn quote(out: &mut String, lines: &[QuoteLine]) {
    for (i, l) in lines.iter().enumerate() {
        out.push_str("> ");
        if let Some(label) = &l.label {
            out.push_str("**");
            out.push_str(&escape(label));
            out.push_str(":** ");
            out.push_str(&escape_inline(&l.text));
        } else {
            out.push_str(&escape(&l.text));
        }
        if i + 1 < lines.len() {
            out.push('\\');
        }
        out.push('\n');
    }
    // The loop's last newline is followed by the caller's blank line.
    out.pop();
}

/// Text at the start of a line: also keep a leading "#", "-", "1." or ">"
/// from turning the line into a heading, list or quote.
fn escape(text: &str) -> String {
    let inline = escape_inline(text);
    if inline.starts_with(['#', '-', '+', '>', '=']) {
        return format!("\\{inline}");
    }
    // "1." or "2)" would start a numbered list: escape the full stop (a
    // backslash before a digit is not an escape in CommonMark).
    if let Some(at) = inline.find(['.', ')'])
        && at > 0
        && inline[..at].chars().all(|c| c.is_ascii_digit())
    {
        return format!("{}\\{}", &inline[..at], &inline[at..]);
    }
    inline
}

/// Characters that would become emphasis, code or HTML.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::printable(text).chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_cannot_become_markup() {
        assert_eq!(escape("*Up to* 15 <b>minutes</b>"), "\\*Up to\\* 15 \\<b>minutes\\</b>");
        assert_eq!(escape("1. Speech therapy"), "1\\. Speech therapy");
        assert_eq!(escape("- bullet"), "\\- bullet");
        assert_eq!(escape("Dear [ALNCo's name],"), "Dear [ALNCo's name],");
    }
}
