//! # IDP206 unquantified-amount: Amount not quantified
//!
//! ## What it checks
//!
//! Quantity words that quantify nothing: "some", "a range of", "various", "a level of", "a high
//! level of" (Welsh: "rhai").
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". In England, [2025] UKUT 187 (AAC), para 40: "a level of" 1:1
//! support lacked the specificity required in that plan.
//!
//! ## Example
//!
//! ```text
//! Some sessions each week with a TA.
//! ```
//!
//! ## How to fix it
//!
//! Replace the word with a number.
//!
//! ```text
//! Three sessions each week with a TA trained in Numicon.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(206);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "unquantified-amount",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Amount not quantified",
    message: "\"{}\" does not say how much.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". [2025] UKUT 187 (AAC), para 40 (England): \"a level of\" 1:1 support lacked the specificity required in that plan.",
    fix: "Replace it with a number: how many sessions, minutes or hours.",
    repeats_vague_element: false,
    check: Check::Hedge { replace, effects: HedgeEffects { unquantified: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” does not say how much.", cy: "Nid yw “{}” yn dweud faint." } },
    source: rule_source!("idp206_unquantified_amount.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Numicon, some sessions each week, with a TA.", fires: true },
        Example {
            markdown: "- Numicon, three 20-minute sessions each week, with a TA trained in Numicon.",
            fires: false,
        },
    ]),
};

/// A quantity word that quantifies nothing leaves the amount to fill in.
fn replace(_words: &str, _at_start: bool) -> &'static str {
    "[amount]"
}
