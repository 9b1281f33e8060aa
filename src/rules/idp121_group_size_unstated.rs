//! # IDP121 group-size-unstated: Group size not stated
//!
//! ## What it checks
//!
//! A group is mentioned ("small group") without its size or ratio. Group size is recorded but does
//! not by itself make a provision vague: whether it must be stated depends on why a small group is
//! needed (SB v Herefordshire CC [2018] UKUT 141 (AAC)).
//!
//! ## Why it matters
//!
//! Where a small group is needed for the child to learn, its size can be part of the provision: it
//! "may be necessary to specify staff:pupil ratio and/or class size where this is required to
//! deliver the provision" (IPSEA on SB v Herefordshire CC [2018] UKUT 141 (AAC), a decision in
//! England).
//!
//! ## Example
//!
//! ```text
//! Social skills small group, weekly, 30 minutes, led by a TA trained in Talkabout.
//! ```
//!
//! ## How to fix it
//!
//! Give the size or ratio: "a group of no more than 4", "1:3".
//!
//! ```text
//! Social skills group of four pupils, weekly, 30 minutes, led by a TA trained in Talkabout.
//! ```

use super::{Check, Example, Hit, ProvisionFacts, Rule};
use crate::types::{FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(121);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "group-size-unstated",
    kind: FindingKind::VagueElement,
    severity: Severity::Info,
    affects_verdict: false,
    summary: "Group size not stated",
    message: "\"{}\" does not say how many children are in the group.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Provision(check),
    source: rule_source!("idp121_group_size_unstated.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "- Social skills small group, weekly, 30 minutes, led by a TA trained in Talkabout.",
            fires: true,
        },
        Example {
            markdown: "- Social skills group of 4 pupils, weekly, 30 minutes, led by a TA trained in Talkabout.",
            fires: false,
        },
    ]),
};

/// A group described without a size ("small group"), whatever the kind.
fn check(p: &ProvisionFacts) -> Option<Hit> {
    let group = &p.analysis.elements.group;
    (group.status == Status::Vague).then(|| Hit { matched: group.text.clone(), span: group.span.clone() })
}
