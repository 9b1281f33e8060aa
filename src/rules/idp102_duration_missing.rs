//! # IDP102 duration-missing: Duration not stated
//!
//! ## What it checks
//!
//! A session or support gives no length ("30 minutes"), total ("2 hours per week"), course length
//! ("for 10 weeks") or coverage ("in all lessons"); a resource does not say when or how much it is
//! used.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". "Weekly sessions" could be five minutes; the length is
//! part of what the child is entitled to.
//!
//! ## Example
//!
//! ```text
//! Weekly phonics sessions with a teaching assistant trained in Read Write Inc.
//! ```
//!
//! ## How to fix it
//!
//! Add the length of each session, the hours per week, or the lessons it covers.
//!
//! ```text
//! Weekly 20-minute phonics sessions with a teaching assistant trained in Read Write Inc.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(102);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "duration-missing",
    kind: FindingKind::MissingElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Duration not stated",
    message: "It does not say for how long.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Duration, status: Status::Missing },
    source: rule_source!("idp102_duration_missing.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "- Weekly phonics sessions with a teaching assistant trained in Read Write Inc.",
            fires: true,
        },
        Example {
            markdown: "- Weekly 20-minute phonics sessions with a teaching assistant trained in Read Write Inc.",
            fires: false,
        },
        // Every snack and meal time covers each of them; "awr" alone is an hour.
        Example {
            markdown: "- PECS practice at every snack and meal time with a teaching assistant trained in PECS by the speech and language therapist.",
            fires: false,
        },
        Example { markdown: "- Sesiwn awr bob wythnos gyda'r athro arbenigol sydd â chymhwyster AMBDA.", fires: false },
    ]),
};
