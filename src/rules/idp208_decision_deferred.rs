//! # IDP208 decision-deferred: Decision put off
//!
//! ## What it checks
//!
//! "TBC", "to be confirmed", "to be arranged", "to be agreed", in the provision or in its start or
//! review date.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". A provision still to be arranged is not yet specified.
//!
//! ## Example
//!
//! ```text
//! Educational psychology involvement, date TBC.
//! ```
//!
//! ## How to fix it
//!
//! Ask for the date or amount to be fixed in the plan.
//!
//! ```text
//! The educational psychologist will observe Cai in class and send a written report by 31 January 2027.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(208);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "decision-deferred",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Decision put off",
    message: "\"{}\" puts the decision off: nothing is fixed yet.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". C v SENT and Greenwich [1999] ELR 5 (England): the provision must be decided in the plan, not left for the school or setting to decide later.",
    fix: "Decide it now and write it down: what, how often, for how long, by whom, and from when.",
    repeats_vague_element: false,
    check: Check::Hedge { replace, effects: HedgeEffects { deferred: true, deciding: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” puts the decision off: nothing is fixed yet.", cy: "Mae “{}” yn gohirio’r penderfyniad: nid oes dim wedi’i bennu eto." } },
    source: rule_source!("idp208_decision_deferred.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Educational psychology involvement, date TBC.", fires: true },
        Example { markdown: "- Cwnsela i'w benderfynu gan yr ysgol.", fires: true },
        Example {
            markdown: "- Transition visits in the summer term 2026, to be arranged with the new school.",
            fires: true,
        },
        Example {
            markdown: "- The educational psychologist will observe Cai in class and send a written report by 31 January 2027.",
            fires: false,
        },
    ]),
};

/// A decision put off leaves the date to fill in.
fn replace(_words: &str, _at_start: bool) -> &'static str {
    "[a fixed date]"
}
