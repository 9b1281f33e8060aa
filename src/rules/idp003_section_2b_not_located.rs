//! # IDP003 section-2b-not-located: Section 2B named, but not found
//!
//! ## What it checks
//!
//! A plan whose text names Section 2B ("the provision set out in Section 2B", "Adran 2B") but in
//! which idp-audit could not find where the section starts: no heading, bold line or table row
//! that opens it. Nothing in the plan was checked.
//!
//! ## Why it matters
//!
//! A plan that speaks of its Section 2B almost always has one: its provision is there, in a
//! layout idp-audit could not read (a heading it did not recognise, a form laid out in a frame).
//! A parent must not be told "nothing vague" about provision that was never read; in CI, such a
//! plan must not pass as checked.
//!
//! ## Example
//!
//! ```text
//! The school will deliver the provision set out in Section 2B from 1 September.
//! ```
//!
//! ## How to fix it
//!
//! Run `idp-audit dump PLAN` to see what idp-audit read, then name the section's heading as the
//! plan writes it: `idp-audit check PLAN --section-2b "What support will I get"` (or `section-2b`
//! in `idp-audit.toml`). If the document is not an IDP (review minutes that mention the plan),
//! leave it out of the check.
//!
//! ```text
//! idp-audit check plan.docx --section-2b "Provision to meet my needs"
//! ```

use super::{Check, Example, Hit, PlanFacts, Rule};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(3);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "section-2b-not-located",
    kind: FindingKind::Plan,
    severity: Severity::Error,
    affects_verdict: false,
    summary: "Section 2B named, but not found",
    message: "The plan names Section 2B (\"{}\"), but idp-audit could not find where the section starts, so none \
              of its provision was checked. `idp-audit dump` shows what was read; name the section's heading with \
              --section-2b \"HEADING\".",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Plan(check),
    source: rule_source!("idp003_section_2b_not_located.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "# Review of the IDP\n\nThe school will deliver the provision set out in Section 2B from 1 \
                       September.",
            fires: true,
        },
        Example {
            markdown: "# One-page profile\n\nWhat people like and admire about me: I am kind and I love drawing.",
            fires: false,
        },
    ]),
};

/// Not found, and named in the text: the words that name it.
fn check(plan: &PlanFacts) -> Option<Hit> {
    if plan.section_found {
        return None;
    }
    plan.mention.map(|m| Hit { matched: Some(m.to_string()), span: None })
}
