//! # IDP113 provider-vague: Provider vague
//!
//! ## What it checks
//!
//! The deliverer is named without a role: "an adult", "staff", "the school", "a member of staff",
//! "the pastoral team".
//!
//! ## Why it matters
//!
//! ALN Code for Wales 2021, chapter 23, para 23.37: additional learning provision must be
//! "detailed, specific and quantifiable". "An adult" could be anyone, with any training, on any
//! day.
//!
//! ## Example
//!
//! ```text
//! Daily 15-minute reading with an adult.
//! ```
//!
//! ## How to fix it
//!
//! Name the role: "a teaching assistant", "the class teacher", "the school's ELSA".
//!
//! ```text
//! Daily 15-minute reading with a teaching assistant trained in Switch-on Reading.
//! ```

use super::{Example, Rule};
use crate::check::{ElementName, FindingKind, Severity};

pub const RULE: Rule = Rule {
    id: "IDP113",
    name: "provider-vague",
    kind: FindingKind::VagueElement,
    severity: Severity::Error,
    element: Some(ElementName::Provider),
    affects_verdict: true,
    summary: "Provider vague",
    message: "\"{}\" does not say who, by role, will deliver it.",
    source: include_str!("idp113_provider_vague.rs"),
    examples: &[
        Example { markdown: "- Daily 15-minute reading with an adult.", fires: true },
        Example {
            markdown: "- Daily 15-minute reading with a teaching assistant trained in Switch-on Reading.",
            fires: false,
        },
    ],
};
