//! # IDP204 ceiling: A maximum instead of an amount
//!
//! ## What it checks
//!
//! "Up to", "no more than", "a maximum of" (Welsh: "hyd at") cap the provision. A cap on a group's
//! size protects the child and is not a hedge ("a group of up to 8").
//!
//! ## Why it matters
//!
//! ALN Code for Wales 2021, chapter 23, para 23.37: additional learning provision must be
//! "detailed, specific and quantifiable". [2025] UKUT 187 (AAC): an amount that is not fixed lacks
//! specificity; a minimum may be set instead.
//!
//! ## Example
//!
//! ```text
//! Up to 25% extra time in tests.
//! ```
//!
//! ## How to fix it
//!
//! State a fixed amount ("30 minutes") or a minimum ("at least 30 minutes").
//!
//! ```text
//! 25% extra time in all tests and examinations.
//! ```

use super::{Check, Example, Rule};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(204);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "ceiling",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "A maximum instead of an amount",
    message: "\"{}\" sets a maximum, which allows none at all.",
    basis: "ALN Code for Wales 2021, para 23.37 (\"detailed, specific and quantifiable\"). A cap leaves the amount open; [2025] UKUT 187 (AAC) notes that a minimum level of provision can be specified instead.",
    fix: "State a fixed amount (\"30 minutes\") or a minimum (\"at least 30 minutes\"), not a maximum.",
    repeats_vague_element: false,
    check: Check::Hedge { replace: super::drop_words },
    source: include_str!("idp204_ceiling.rs"),
    examples: &[
        Example { markdown: "- Up to 25% extra time in tests.", fires: true },
        Example {
            markdown: "- Nurture group every morning, 9.00-10.30am, in a group of up to 8 children.",
            fires: false,
        },
    ],
};
