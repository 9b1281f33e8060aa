//! What idp-audit writes carries a mark, so that checking a folder never
//! reads its own letters and reports back as plans (a letter quotes every
//! vague provision, and would be "checked" as a plan full of them).
//!
//! - Markdown (the report, the letter) starts with an HTML comment, which
//!   every Markdown viewer hides: [`markdown_mark`].
//! - The human report starts with its title line: [`HUMAN_TITLE`].
//! - A Word letter carries a custom document property: [`DOCX_PROPERTY`].
//!
//! JSON, SARIF and CSV reports are never plans' file types, so they need no mark.

/// The custom document property (docProps/custom.xml) of a Word letter.
pub(crate) const DOCX_PROPERTY: &str = "idp-audit-output";

const MARKDOWN_PREFIX: &str = "<!-- Written by idp-audit";

/// The last line of a plain-text letter (an email body cannot start with
/// a mark; its note says to delete this line with it).
pub(crate) const TEXT_LETTER_MARK: &str = "(Drafted with idp-audit: a letter, not a plan.)";

/// The first line of the human report: "idp-audit 0.1.0: a check of Section 2B".
pub const HUMAN_TITLE: &str = concat!("idp-audit ", env!("CARGO_PKG_VERSION"), ": a check of Section 2B");

/// The first line of Markdown idp-audit writes: `what` is "a report" or "a letter".
pub(crate) fn markdown_mark(what: &str) -> String {
    format!("{MARKDOWN_PREFIX} ({what}, not a plan). -->\n")
}

/// Whether text is something idp-audit wrote, and if so, what.
pub(crate) fn in_text(text: &str) -> Option<&'static str> {
    let first = text.trim_start_matches('\u{feff}').trim_start().lines().next().unwrap_or("");
    if let Some(rest) = first.strip_prefix(MARKDOWN_PREFIX) {
        return Some(if rest.contains("a letter") { "a letter" } else { "a report" });
    }
    // Any version's title: "idp-audit X.Y.Z: a check of Section 2B".
    let title_tail = ": a check of Section 2B";
    if first.starts_with("idp-audit ") && first.ends_with(title_tail) && first.len() < 60 {
        return Some("a report");
    }
    if text.trim_end().lines().next_back().is_some_and(|l| l.trim() == TEXT_LETTER_MARK) {
        return Some("a letter");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_recognised_and_plans_are_not() {
        assert_eq!(in_text(&format!("{}# Letter", markdown_mark("a letter"))), Some("a letter"));
        assert_eq!(in_text(&format!("\u{feff}{}\n# idp-audit report", markdown_mark("a report"))), Some("a report"));
        assert_eq!(in_text(&format!("{HUMAN_TITLE}\n\nplan.docx\n")), Some("a report"));
        assert_eq!(in_text("idp-audit 9.9.9: a check of Section 2B\n"), Some("a report"));
        assert_eq!(in_text("# Individual Development Plan\n\n## Section 2B\n"), None);
        assert_eq!(in_text("idp-audit found these: a check of Section 2B that the school asked for, and more\n"), None);
    }
}
