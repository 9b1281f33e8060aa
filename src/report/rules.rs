//! `idp-audit rules` and `idp-audit explain`: the rule registry, printed
//! from each rule's own documentation.

use crate::rules::{RULES, Rule};
use std::fmt::Write;

/// One line per rule: id, name, default severity, whether it makes a
/// provision vague, and its title.
pub fn list() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<7} {:<30} {:<8} {:<7} title", "id", "name", "severity", "verdict");
    for r in RULES {
        let _ = writeln!(
            out,
            "{:<7} {:<30} {:<8} {:<7} {}",
            r.id,
            r.name,
            r.severity.as_str(),
            if r.affects_verdict { "vague" } else { "-" },
            r.summary
        );
    }
    let _ = writeln!(out, "\n`idp-audit explain ID` explains one rule in plain English.");
    out
}

/// A rule's documentation as plain text: what, why, an example, the fix.
pub fn explain(r: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}: {}", r.id, r.name, r.summary);
    let _ = writeln!(
        out,
        "Severity: {}. {}\n",
        r.severity.as_str(),
        if r.affects_verdict {
            "A provision with this finding is reported as vague."
        } else {
            "This finding is reported, but on its own it does not make a provision vague."
        }
    );
    let docs = r.docs();
    let mut in_code = false;
    for line in docs.lines().skip_while(|l| !l.starts_with("## ")) {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(out, "{h}");
            continue;
        }
        if in_code {
            let _ = writeln!(out, "    {line}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    let entries: Vec<&crate::lexicon::hedges::Hedge> =
        crate::lexicon::Lexicon::builtin().hedges.entries.iter().filter(|e| e.rule == r.id).collect();
    for (lang, title) in [("en", "Words it looks for"), ("cy", "Welsh words it looks for")] {
        let phrases: Vec<&str> =
            entries.iter().filter(|e| e.lang == lang && !e.source.contains('\\')).map(|e| e.source.as_str()).collect();
        if !phrases.is_empty() {
            let list = super::human::wrap_indented(&phrases.join(", "), 96, 0);
            let _ = writeln!(out, "\n{title} (lexicon/hedges.toml)\n{list}");
        }
    }
    if !r.basis.is_empty() {
        let basis = r.basis;
        let _ = writeln!(out, "\nLegal basis\n{}", super::human::wrap_indented(basis, 96, 0));
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_names_every_rule() {
        let text = list();
        for r in RULES {
            assert!(text.contains(&r.id.to_string()) && text.contains(r.name), "{}", r.id);
        }
    }

    #[test]
    fn explain_has_every_section_and_no_markup() {
        let r = crate::rules::get("IDP201").unwrap();
        let text = explain(r);
        for s in ["What it checks", "Why it matters", "Example", "How to fix it"] {
            assert!(text.contains(s), "{s}");
        }
        assert!(!text.contains("```") && !text.contains("//!") && !text.contains("## "));
        assert!(text.contains("    Access to speech and language therapy as required."));
        assert!(text.contains("as needed") && text.contains("yn ôl yr angen"), "{text}");
        assert!(text.contains("Legal basis"));
    }
}
