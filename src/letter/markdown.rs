//! The letter as Markdown: readable as plain text (to paste into an email)
//! and rendered by any CommonMark viewer. Same words as the Word letter.
//!
//! Address lines end in a backslash, CommonMark's hard line break, because
//! trailing spaces are invisible and editors strip them. Placeholders stay
//! as they are: "[number]" with no link definition is plain text.

use super::{Letter, Part, QuoteLine};

pub fn render(letter: &Letter) -> String {
    // Hidden by Markdown viewers; keeps a folder check from reading the letter as a plan.
    let mut out = crate::own_output::markdown_mark("a letter");
    out.push('\n');
    lines(&mut out, &letter.sender);
    out.push('\n');
    out.push_str(&escape(&letter.date));
    out.push_str("\n\n");
    lines(&mut out, &letter.recipient);
    out.push('\n');
    out.push_str(&escape(&letter.salutation));
    out.push_str("\n\n");
    out.push_str("# ");
    out.push_str(&escape(&letter.subject));
    out.push_str("\n\n");
    for part in &letter.body {
        match part {
            Part::Paragraph(t) => out.push_str(&escape(t)),
            Part::Heading(t) => {
                out.push_str("## ");
                out.push_str(&escape_inline(t));
            }
            Part::Quote(q) => quote(&mut out, q),
        }
        out.push_str("\n\n");
    }
    out.push_str(&escape(&letter.sign_off));
    out.push_str("\n\n");
    lines(&mut out, &letter.signature);
    out.push_str("\n---\n\n");
    for (i, n) in letter.note.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push('*');
        out.push_str(&escape(n));
        out.push_str("*\n");
    }
    out
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
