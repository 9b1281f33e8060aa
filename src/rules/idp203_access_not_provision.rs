//! # IDP203 access-not-provision: Access or opportunity instead of provision
//!
//! ## What it checks
//!
//! "Access to", "opportunities to/for" (Welsh: "mynediad at", "cyfleoedd i") describe availability,
//! not a commitment. "Exam access arrangements" is a name, not a hedge.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". In England, Worcestershire CC v SE [2020] UKUT 217
//! (AAC), para 74: vague words like "support", "input", "interventions" and "opportunities" are
//! unlikely to be sufficient. "Access to" is idp-audit's own application of that principle.
//!
//! ## Example
//!
//! ```text
//! Access to a quiet space.
//! ```
//!
//! ## How to fix it
//!
//! Say what will be provided and when, instead of "access to".
//!
//! ```text
//! A quiet space (the library annex) that Osian may use at any time, with a time-out card.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(203);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "access-not-provision",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Access or opportunity instead of provision",
    message: "\"{}\" promises that something is available, not that it will be provided.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". Worcestershire CC v SE [2020] UKUT 217 (AAC), para 74 (England): vague words like \"support\", \"input\", \"interventions\" and \"opportunities\" are unlikely to be sufficient.",
    fix: "Say what will be provided instead of access to it: what, how often, for how long and by whom.",
    repeats_vague_element: false,
    check: Check::Hedge { replace, effects: HedgeEffects { not_promised: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” promises that something is available, not that it will be provided.", cy: "Mae “{}” yn addo bod rhywbeth ar gael, nid y bydd yn cael ei ddarparu." } },
    source: rule_source!("idp203_access_not_provision.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Access to a quiet space.", fires: true },
        Example { markdown: "- Opportunities to work with a partner.", fires: true },
        Example { markdown: "- Exam access arrangements: 25% extra time in all examinations.", fires: false },
        Example {
            markdown: "- Visits from the Qualified Teacher of the Deaf to monitor his access to learning and advise staff, twice each term.",
            fires: false,
        },
    ]),
};

/// "opportunities to attend" in the middle of a sentence becomes "to attend".
fn replace(words: &str, at_start: bool) -> &'static str {
    if !at_start && (words.ends_with(" to") || words.ends_with(" i")) { "to" } else { "" }
}
