//! # IDP004 section-2b-unreadable: Section 2B read as fragments
//!
//! ## What it checks
//!
//! A Section 2B whose "provisions", as idp-audit read them, look like pieces of a table or list
//! rather than provisions: many are a word or two, a bare date or time, or the table's own column
//! headings. Or the reader said it could not rebuild the section's layout with confidence (a table
//! copied out of a PDF one cell to a line). The findings about such provisions may be wrong, and
//! provision may be missing from them.
//!
//! ## Why it matters
//!
//! A parent relies on the count of vague provisions; a count made from broken text is not one to
//! rely on. When the layout was not read properly, the report says so, rather than give a
//! confident answer about provisions that were never read whole.
//!
//! ## Example
//!
//! ```text
//! ## Section 2B
//! Provision
//! How often
//! Who
//! Speech and language therapy
//! Weekly
//! SaLT
//! ```
//!
//! ## How to fix it
//!
//! Check the plan in its own format if you can (the Word file rather than text copied out of a
//! PDF). `idp-audit dump PLAN` shows what idp-audit read from it.
//!
//! ```text
//! | Provision | How often | Who |
//! |---|---|---|
//! | Speech and language therapy, 30 minutes | Weekly | HCPC-registered speech and language therapist |
//! ```

use super::{Check, Example, Hit, PlanFacts, Rule};
use crate::types::model::LAYOUT_UNCERTAIN;
use crate::types::provision::{RawProvision, Role};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(4);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "section-2b-unreadable",
    kind: FindingKind::Plan,
    severity: Severity::Error,
    affects_verdict: false,
    summary: "Section 2B read as fragments",
    message: "Section 2B was found, but its layout was not read properly ({}), so the findings below may be wrong \
              or incomplete. Check the plan in its own format if you can; `idp-audit dump` shows what was read.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Plan(check),
    source: rule_source!("idp004_section_2b_unreadable.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "# IDP\n\n## Section 2B\n\nProvision\n\nHow often\n\nWho\n\nSpeech and language therapy\n\n\
                       Weekly\n\nSaLT\n\nReading\n\nDaily\n\nTA\n\n## Section 2C\n\nNone.",
            fires: true,
        },
        Example {
            markdown: "# IDP\n\n## Section 2B: Additional learning provision\n\n- Speech and language therapy: one \
                       30-minute session each week with an HCPC-registered speech and language therapist.\n- \
                       Reading support daily.",
            fires: false,
        },
    ]),
};

/// At least this many fragments, and at least a quarter of the provisions.
const MIN_FRAGMENTS: usize = 3;

/// The reader's own doubt, or provisions that are mostly fragments: what
/// was wrong, in words.
fn check(plan: &PlanFacts) -> Option<Hit> {
    if !plan.section_found {
        return None;
    }
    if let Some(n) = plan.notices.iter().find(|n| n.code == LAYOUT_UNCERTAIN) {
        return Some(Hit { matched: Some(n.message.trim_end_matches('.').to_string()), span: None });
    }
    if let Some(p) = plan.provisions.iter().find(|p| runs_together(&p.text)) {
        let words: String = p.text.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
        return Some(Hit {
            matched: Some(format!("provision {} holds several list items run together: “{words} …”", p.location.describe())),
            span: None,
        });
    }
    let fragments: Vec<&RawProvision> = plan.provisions.iter().filter(|p| is_fragment(plan, p)).collect();
    let total = plan.provisions.len();
    if fragments.len() < MIN_FRAGMENTS || fragments.len() * 4 < total {
        return None;
    }
    let example = fragments[0].text.trim();
    Some(Hit {
        matched: Some(format!("{} of its {total} provisions are fragments such as “{example}”", fragments.len())),
        span: None,
    })
}

/// Several list items run into one provision: two or more bullets in the
/// middle of its text ("… weekly • Reading …"), or a numbered sequence
/// (" … 2. … 3. ", " … b) … c) ") that no reader split.
fn runs_together(text: &str) -> bool {
    let inner = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let bullets = inner.matches(['•', '▪', '●', '◦', '\u{f0b7}']).count();
    if bullets >= 2 {
        return true;
    }
    let sequence = |marks: [&str; 2]| {
        let mut at = 0;
        marks.iter().all(|m| match text[at..].find(m) {
            Some(i) => {
                at += i + m.len();
                true
            }
            None => false,
        })
    };
    // The first marker may have been read as the list's own ("1." taken
    // off the front): the next two, in the middle of the text, remain.
    sequence([" 2. ", " 3. "]) || sequence([" b) ", " c) "]) || sequence([" (ii) ", " (iii) "])
}

/// A piece of a table or list, not a provision: a word or two, a date or a
/// time on its own, or a column heading.
fn is_fragment(plan: &PlanFacts, p: &RawProvision) -> bool {
    let text = p.text.replace(" | ", " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 2 {
        return true;
    }
    let no_letters = text.chars().filter(|c| c.is_alphabetic()).count() <= 3;
    no_letters || (words.len() <= 4 && plan.lex.columns.role(&text) != Role::Other)
}

#[cfg(test)]
mod tests {
    use super::runs_together;

    #[test]
    fn list_items_run_together_are_seen() {
        assert!(runs_together("Literacy • Phonics daily • Spelling weekly with a TA"));
        assert!(runs_together("1. Phonics daily 2. Spelling weekly 3. Reading with a TA"));
        assert!(runs_together("Support: a) phonics b) spelling c) handwriting"));
        assert!(!runs_together("• Phonics daily for 20 minutes with a TA"));
        assert!(!runs_together("Key Stage 2. Reading support daily, 1:1, 20 minutes."));
    }
}
