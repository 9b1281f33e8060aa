//! # IDP002 section-2b-empty: Section 2B found, but no provision read from it
//!
//! ## What it checks
//!
//! A plan in which idp-audit found Section 2B but read no provision from it: a table with only its
//! header row, a heading with nothing under it, or provision laid out in a way idp-audit could not
//! split. Nothing in the section was checked, so this is never a clean result.
//!
//! ## Why it matters
//!
//! An IDP must describe the additional learning provision its child's needs call for (ALNET Act
//! 2018, s.10(b)), in Section 2B of the form. An empty Section 2B either leaves the provision out,
//! which a parent should challenge, or holds it in a layout idp-audit could not read, which a
//! parent must not mistake for "nothing vague".
//!
//! ## Example
//!
//! ```text
//! ## Section 2B: Additional learning provision
//! | Provision | How often | Who |
//! |---|---|---|
//! ```
//!
//! ## How to fix it
//!
//! If the section is empty in the plan, ask the school to complete it: each provision with how
//! often, for how long, by whom and with what training. If it is not, `idp-audit dump PLAN` shows
//! what idp-audit read; name the section's heading with `--section-2b "HEADING"` if another part
//! of the plan holds the provision.
//!
//! ```text
//! ## Section 2B: Additional learning provision
//! | Provision | How often | Who |
//! |---|---|---|
//! | Speech and language therapy, 30 minutes | Weekly | HCPC-registered speech and language therapist |
//! ```

use super::{Check, Example, Hit, PlanFacts, Rule};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(2);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "section-2b-empty",
    kind: FindingKind::Plan,
    severity: Severity::Error,
    affects_verdict: false,
    summary: "Section 2B found, but no provision read from it",
    message: "Section 2B was found, but no provision could be read from it, so nothing in it was checked. If \
              the plan does list provision there, `idp-audit dump` shows what was read.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Plan(check),
    source: rule_source!("idp002_section_2b_empty.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "# IDP\n\n## Section 2B: Additional learning provision\n\n| Provision | How often | Who |\n\
                       |---|---|---|\n\n## Section 2C\n\nNone.",
            fires: true,
        },
        Example {
            markdown: "# IDP\n\n## Section 2B: Additional learning provision\n\n- Speech and language therapy: one \
                       30-minute session each week with an HCPC-registered speech and language therapist.",
            fires: false,
        },
    ]),
};

/// The section is there and gave nothing.
fn check(plan: &PlanFacts) -> Option<Hit> {
    (plan.section_found && plan.provisions.is_empty()).then(Hit::default)
}
