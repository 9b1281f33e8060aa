//! # IDP131 welsh-language-blank: Welsh-language field left blank
//!
//! ## What it checks
//!
//! In the statutory per-element layout, sub-field 2B.3 (is the ALP to be provided in Welsh?) is
//! present but empty.
//!
//! ## Why it matters
//!
//! ALNET Act 2018, ss.12(6)(b), 14(5)(b) and 19(3)(b): where it is decided that a kind of ALP
//! should be provided in Welsh, the plan must specify it. Whether a plan so specifies is among what
//! can be appealed to the Education Tribunal for Wales (s.70(2)(d)), against a local authority's
//! plan or its decision on reconsidering a school's. A blank answer leaves the language of delivery
//! undecided.
//!
//! ## Example
//!
//! ```text
//! 2B.3 Is the ALP to be provided in Welsh? (blank)
//! ```
//!
//! ## How to fix it
//!
//! Ask the school to answer 2B.3 for every element: Yes or No.
//!
//! ```text
//! 2B.3 Is the ALP to be provided in Welsh? Yes
//! ```

use super::{Check, Example, Hit, ProvisionFacts, Rule};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(131);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "welsh-language-blank",
    kind: FindingKind::VagueElement,
    severity: Severity::Warning,
    affects_verdict: false,
    summary: "Welsh-language field left blank",
    message: "The form asks whether this provision is to be delivered in Welsh (2B.3), and the answer is blank.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Provision(check),
    source: rule_source!("idp131_welsh_language_blank.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "#### Element 1\n\n**2B.2 Additional learning provision:** Weekly 30-minute sessions with a speech and language therapist.\n\n**2B.3 Is the ALP to be provided in Welsh?**\n\n**2B.4 Organisation:** Local authority\n",
            fires: true,
        },
        Example {
            markdown: "#### Element 1\n\n**2B.2 Additional learning provision:** Weekly 30-minute sessions with a speech and language therapist.\n\n**2B.3 Is the ALP to be provided in Welsh?** Yes\n\n**2B.4 Organisation:** Local authority\n",
            fires: false,
        },
    ]),
};

/// The 2B.3 sub-field is there and empty.
fn check(p: &ProvisionFacts) -> Option<Hit> {
    super::welsh_field_blank(p.lex, p.raw).then(Hit::default)
}
