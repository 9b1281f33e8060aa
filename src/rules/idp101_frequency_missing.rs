//! # IDP101 frequency-missing: Frequency not stated
//!
//! ## What it checks
//!
//! A provision that must say how often it happens (a session, ongoing support, a resource, a
//! review) gives no frequency, schedule or deadline.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". Without a frequency nobody can tell whether the provision
//! was delivered (L v Clarke and Somerset CC [1998] ELR 129: the plan must be "so specific and
//! so clear as to leave no room for doubt as to what has been decided is necessary").
//!
//! ## Example
//!
//! ```text
//! Speech and language therapy sessions of 30 minutes with the speech and language therapist.
//! ```
//!
//! ## How to fix it
//!
//! Say how often: "three times a week", "daily", "every lesson", "once each half-term", or for a
//! review a date ("by 31 March 2027").
//!
//! ```text
//! Speech and language therapy: one 30-minute session each week with the speech and language therapist.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(101);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "frequency-missing",
    kind: FindingKind::MissingElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Frequency not stated",
    message: "It does not say how often it will happen.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Frequency, status: Status::Missing },
    source: rule_source!("idp101_frequency_missing.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "- Speech and language therapy sessions of 30 minutes with a speech and language therapist.",
            fires: true,
        },
        Example {
            markdown: "- Speech and language therapy, 30 minutes weekly, from a speech and language therapist.",
            fires: false,
        },
        Example { markdown: "- Writing slope for use in all written work.", fires: false },
        // A standing schedule tied to an event, and a weekday, are how often.
        Example { markdown: "- A tinted overlay whenever she reads from paper.", fires: false },
        Example {
            markdown: "- Forest School every Friday morning, 1½ hours, led by Ms Nia Evans (Level 3 Forest School leader award).",
            fires: false,
        },
        // A one-off fitted by a date needs no weekly rate.
        Example { markdown: "- Acoustic panels fitted in the Year 4 classroom by 1 February 2027.", fires: false },
    ]),
};
