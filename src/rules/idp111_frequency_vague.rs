//! # IDP111 frequency-vague: Frequency vague
//!
//! ## What it checks
//!
//! The frequency is given in words that fix no rate: "regularly", "as needed", "some sessions", "at
//! times", "TBC".
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". "Regular" can mean daily or yearly; the school could
//! deliver rarely and still comply.
//!
//! ## Example
//!
//! ```text
//! Reading sessions with a TA trained in Toe by Toe, 20 minutes, regularly.
//! ```
//!
//! ## How to fix it
//!
//! Replace the vague words with a number and a period: "three times a week", "daily", "every Monday
//! and Thursday".
//!
//! ```text
//! Reading sessions with a TA trained in Toe by Toe, 20 minutes, three times a week.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(111);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "frequency-vague",
    kind: FindingKind::VagueElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Frequency vague",
    message: "It says how often only vaguely: \"{}\".",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Frequency, status: Status::Vague },
    source: rule_source!("idp111_frequency_vague.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Reading sessions with a TA trained in Toe by Toe, 20 minutes, regularly.", fires: true },
        // A condition in the cell that says how often leaves the rate open.
        Example {
            markdown: "| Provision | Frequency | Who |\n|---|---|---|\n| Swimming | Weekly, subject to pool availability | Teaching assistant |",
            fires: true,
        },
        Example {
            markdown: "- Reading sessions with a TA trained in Toe by Toe, 20 minutes, three times a week.",
            fires: false,
        },
    ]),
};
