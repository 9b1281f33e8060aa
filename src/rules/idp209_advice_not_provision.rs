//! # IDP209 advice-not-provision: Advice instead of provision
//!
//! ## What it checks
//!
//! "Would benefit from", "it is recommended that", "is indicated", "would be helpful" describe what
//! someone advised, not what will be done. In a rationale (2B.7) they are reasons, and are not
//! checked.
//!
//! ## Why it matters
//!
//! ALN Code for Wales 2021, chapter 23, para 23.37: additional learning provision must be
//! "detailed, specific and quantifiable". SEND Advocacy and tribunal practice: "would benefit from"
//! is not provision.
//!
//! ## Example
//!
//! ```text
//! Cerys would benefit from speech and language therapy.
//! ```
//!
//! ## How to fix it
//!
//! Turn the advice into provision: what, how often, how long, by whom.
//!
//! ```text
//! Weekly 30-minute speech and language therapy sessions with a speech and language therapist.
//! ```

use super::{Example, Rule};
use crate::check::{FindingKind, Severity};

pub const RULE: Rule = Rule {
    id: "IDP209",
    name: "advice-not-provision",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    element: None,
    affects_verdict: true,
    summary: "Advice instead of provision",
    message: "\"{}\" is advice, not a commitment to provide.",
    source: include_str!("idp209_advice_not_provision.rs"),
    examples: &[
        Example { markdown: "- Cerys would benefit from speech and language therapy.", fires: true },
        Example { markdown: "- It is recommended that Cai has a laptop.", fires: true },
        Example {
            markdown: "#### Element 1\n\n**2B.2 ALP:** Speech and language therapy, 30 minutes each week, 1:1 with a speech and language therapist.\n\n**2B.7 Rationale:** The SaLT report says Cerys would benefit from weekly therapy.",
            fires: false,
        },
    ],
};
