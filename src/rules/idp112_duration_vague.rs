//! # IDP112 duration-vague: Duration vague
//!
//! ## What it checks
//!
//! The length or amount is given in words that fix none: "short sessions", "as long as needed", or
//! a ceiling such as "up to 30 minutes" (which allows none at all).
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". A ceiling sets no minimum; "up to 25% extra time" is met
//! by no extra time.
//!
//! ## Example
//!
//! ```text
//! Weekly 1:1 sessions with a TA trained in Talkabout, up to 30 minutes.
//! ```
//!
//! ## How to fix it
//!
//! State a fixed length or a minimum: "30 minutes", "at least 30 minutes", "25% extra time".
//!
//! ```text
//! Weekly 1:1 sessions of 30 minutes with a TA trained in Talkabout.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(112);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "duration-vague",
    kind: FindingKind::VagueElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Duration vague",
    message: "It says how long only vaguely: \"{}\".",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Duration, status: Status::Vague },
    source: rule_source!("idp112_duration_vague.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Weekly 1:1 sessions with a TA trained in Talkabout, up to 30 minutes.", fires: true },
        Example {
            markdown: "- Weekly 1:1 sessions of at least 30 minutes with a TA trained in Talkabout.",
            fires: false,
        },
    ]),
};
