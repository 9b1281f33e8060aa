//! # IDP204 ceiling: A maximum instead of an amount
//!
//! ## What it checks
//!
//! "Up to", "no more than", "a maximum of" (Welsh: "hyd at") cap the provision. A cap on a group's
//! size protects the child and is not a hedge ("a group of up to 8").
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". A cap leaves the amount open. In England, [2025] UKUT 187
//! (AAC), para 40, found that "a level of" 1:1 support lacked the specificity required in that plan,
//! and that the tribunal "could have laid down a minimum level" instead.
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

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(204);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "ceiling",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "A maximum instead of an amount",
    message: "\"{}\" sets a maximum, which allows none at all.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". A cap leaves the amount open; [2025] UKUT 187 (AAC), para 40 (England): the tribunal \"could have laid down a minimum level\" instead.",
    fix: "State a fixed amount (\"30 minutes\") or a minimum (\"at least 30 minutes\"), not a maximum.",
    repeats_vague_element: false,
    check: Check::Hedge { replace: super::drop_words, effects: HedgeEffects::NONE, letter: Sentence { en: "“{}” sets a maximum, which allows none at all.", cy: "Mae “{}” yn gosod uchafswm, sy’n caniatáu dim o gwbl." } },
    source: rule_source!("idp204_ceiling.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Up to 25% extra time in tests.", fires: true },
        Example {
            markdown: "- Nurture group every morning, 9.00-10.30am, in a group of up to 8 children.",
            fires: false,
        },
    ]),
};
