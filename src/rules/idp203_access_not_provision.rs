//! # IDP203 access-not-provision: Access or opportunity instead of provision
//!
//! ## What it checks
//!
//! "Access to", "opportunities to/for" (Welsh: "mynediad at", "cyfleoedd i") describe availability,
//! not a commitment. "Exam access arrangements" is a name, not a hedge.
//!
//! ## Why it matters
//!
//! ALN Code for Wales 2021, chapter 23, para 23.37: additional learning provision must be
//! "detailed, specific and quantifiable". Worcestershire CC v SE [2020] UKUT 217 (AAC) para 74:
//! words such as "access to" and "opportunities" are unlikely to be sufficient.
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

use super::{Example, Rule};
use crate::check::{FindingKind, Severity};

pub const RULE: Rule = Rule {
    id: "IDP203",
    name: "access-not-provision",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    element: None,
    affects_verdict: true,
    summary: "Access or opportunity instead of provision",
    message: "\"{}\" promises that something is available, not that it will be provided.",
    source: include_str!("idp203_access_not_provision.rs"),
    examples: &[
        Example { markdown: "- Access to a quiet space.", fires: true },
        Example { markdown: "- Opportunities to work with a partner.", fires: true },
        Example { markdown: "- Exam access arrangements: 25% extra time in all examinations.", fires: false },
    ],
};
