//! The letter as plain text, for the body of an email: no Markdown (no
//! `**`, `>` or `\` that Gmail and Outlook would show as they are), lines
//! unwrapped so the mail program wraps them, quoted wording indented, the
//! summary as one line per provision. Same words as the Word letter.
//!
//! Its last line marks it as idp-audit's own, so a folder check never
//! reads it as a plan; the note above it says to delete both before
//! sending.

use super::{Letter, Letters, Part};

pub fn render(letters: &Letters) -> String {
    let mut out = String::new();
    for (i, letter) in letters.letters.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n* * *\n\n");
        }
        one(&mut out, letter);
    }
    out.push_str("\n\n");
    out.push_str(crate::own_output::TEXT_LETTER_MARK);
    out.push('\n');
    out
}

fn clean(s: &str) -> String {
    crate::text::printable(s).into_owned()
}

fn block(out: &mut String, lines: &[String]) {
    for l in lines {
        out.push_str(&clean(l));
        out.push('\n');
    }
    out.push('\n');
}

fn one(out: &mut String, letter: &Letter) {
    block(out, &letter.sender);
    out.push_str(&clean(&letter.date));
    out.push_str("\n\n");
    block(out, &letter.recipient);
    out.push_str(&clean(&letter.salutation));
    out.push_str("\n\n");
    out.push_str(&clean(&letter.subject));
    out.push_str("\n\n");
    for part in &letter.body {
        match part {
            Part::Paragraph(t) | Part::Subheading(t) => out.push_str(&clean(t)),
            Part::Heading(t) => out.push_str(&clean(t).to_uppercase_first_line()),
            Part::Quote(lines) => {
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str("    ");
                    if let Some(label) = &l.label {
                        out.push_str(&clean(label));
                        out.push_str(": ");
                    }
                    out.push_str(&clean(&l.text));
                }
            }
            Part::Table { rows, .. } => {
                for (i, r) in rows.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    // "4. Support from an adult in PE: how often; …"
                    let cells: Vec<String> = r.iter().map(|c| clean(c)).collect();
                    match cells.as_slice() {
                        [n, name, lacks] => out.push_str(&format!("{n}. {name}: {lacks}")),
                        other => out.push_str(&other.join(" | ")),
                    }
                }
            }
        }
        out.push_str("\n\n");
    }
    out.push_str(&clean(&letter.sign_off));
    out.push_str("\n\n\n");
    block(out, &letter.signature);
    out.push_str("----\n\n");
    for (i, n) in letter.note.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&clean(n));
        out.push('\n');
    }
}

trait Heading {
    fn to_uppercase_first_line(&self) -> String;
}

impl Heading for String {
    /// A heading in plain text: as it is (capitals would shout).
    fn to_uppercase_first_line(&self) -> String {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_markdown_reaches_the_email() {
        let report = crate::audit_bytes(
            b"# P\n\n## Section 2B\n\n- *Access to* speech therapy as required.\n",
            std::path::Path::new("p.md"),
            &crate::Options::default(),
        );
        let l =
            super::super::build(&report, &super::super::LetterDetails::new(jiff::civil::date(2025, 12, 1))).unwrap();
        let t = super::render(&l);
        assert!(!t.contains("**") && !t.contains("\n> ") && !t.contains("\\\n"), "{t}");
        assert!(crate::own_output::in_text(&t).is_some());
    }
}
