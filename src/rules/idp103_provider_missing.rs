//! # IDP103 provider-missing: Provider not stated
//!
//! ## What it checks
//!
//! A session, support or review names no one who delivers it. Naming a therapy ("speech and
//! language therapy") is not naming the therapist.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". The plan must say who delivers the provision so that the
//! right person is secured. In England, the SEND Code of Practice 2015 (para 9.69) counts the "level of
//! expertise" among what provision should normally be quantified in.
//!
//! ## Example
//!
//! ```text
//! Speech and language therapy sessions, 30 minutes weekly.
//! ```
//!
//! ## How to fix it
//!
//! Name the role that delivers it: "a teaching assistant", "the class teacher", "a speech and
//! language therapist".
//!
//! ```text
//! Speech and language therapy sessions, 30 minutes weekly, delivered by a speech and language therapist.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(103);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "provider-missing",
    kind: FindingKind::MissingElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Provider not stated",
    message: "It does not say who will deliver it.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Provider, status: Status::Missing },
    source: rule_source!("idp103_provider_missing.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Speech and language therapy sessions, 30 minutes weekly.", fires: true },
        Example {
            markdown: "- Speech and language therapy sessions, 30 minutes weekly, delivered by a speech and language therapist.",
            fires: false,
        },
    ]),
};
