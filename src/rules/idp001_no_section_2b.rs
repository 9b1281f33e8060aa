//! # IDP001 no-section-2b: No Section 2B found
//!
//! ## What it checks
//!
//! A plan in which idp-audit found no Section 2B: no heading such as "Section 2B", "2B", "Part 2B"
//! or "Adran 2B", and no table of provision. Nothing in such a plan was checked, so this is a
//! finding about the plan as a whole, never a clean result.
//!
//! ## Why it matters
//!
//! An IDP must describe the additional learning provision the child's needs call for (ALNET Act
//! 2018, s.10(b)), in Section 2B of the form. A plan without one either leaves the
//! provision out, which a parent should challenge, or lays it out in a way idp-audit could not
//! read, which a parent must not mistake for "nothing vague". In CI, a plan that could not be
//! checked must not pass as if it had been.
//!
//! ## Example
//!
//! ```text
//! # One-page profile
//! What people like and admire about me: I am kind and I love drawing.
//! ```
//!
//! ## How to fix it
//!
//! If the plan does describe its provision, check where: `idp-audit dump PLAN` shows every block
//! idp-audit read and whether it found Section 2B. Give the section a heading that names it
//! ("Section 2B: Additional learning provision"). If the document is not an IDP (a one-page
//! profile, a decision that a child has no ALN), leave it out of the check, or set this rule to
//! "warning" or "off" in `idp-audit.toml`.
//!
//! ```text
//! ## Section 2B: Additional learning provision
//! - Speech and language therapy: one 30-minute session each week with an HCPC-registered speech
//!   and language therapist.
//! ```

use super::{Check, Example, Hit, PlanFacts, Rule};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(1);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "no-section-2b",
    kind: FindingKind::Plan,
    severity: Severity::Error,
    affects_verdict: false,
    summary: "No Section 2B found",
    message: "No Section 2B was found in this plan, so none of its provision was checked. If the plan does \
              describe its provision, `idp-audit dump` shows what was read; give the section a heading such as \
              \"Section 2B\" or \"Adran 2B\".",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Plan(check),
    source: rule_source!("idp001_no_section_2b.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "# One-page profile\n\nWhat people like and admire about me: I am kind and I love drawing.",
            fires: true,
        },
        Example {
            markdown: "# IDP\n\n## Section 2B: Additional learning provision\n\n- Speech and language therapy: one \
                       30-minute session each week with an HCPC-registered speech and language therapist.",
            fires: false,
        },
    ]),
};

/// No Section 2B was found, and the plan does not name it either (a plan
/// that names it has IDP003 instead), so nothing in the plan was checked.
fn check(plan: &PlanFacts) -> Option<Hit> {
    (!plan.section_found && plan.mention.is_none()).then(Hit::default)
}
