//! # IDP202 discretionary-wording: Discretionary wording
//!
//! ## What it checks
//!
//! Words that describe what might or ought to happen rather than what will: "may", "could",
//! "should", "aim to", "try to", "endeavour to", "will be considered", "encouraged to", "at the
//! discretion of", "dependent on need", "flexible". "May" that gives the child a permission ("Mali
//! may use her fan") and "May" the month are not hedges.
//!
//! ## Why it matters
//!
//! ALN Code for Wales 2021, chapter 23, para 23.37: additional learning provision must be
//! "detailed, specific and quantifiable". E v Rotherham MBC [2002] ELR 266: a plan cannot leave the
//! provider free to change the provision; Worcestershire CC v SE [2020] UKUT 217 (AAC) para 74:
//! flexibility is no excuse where detail can be given.
//!
//! ## Example
//!
//! ```text
//! ELSA sessions may be offered.
//! ```
//!
//! ## How to fix it
//!
//! Replace "may", "should", "aim to" with "will", and state what will be provided.
//!
//! ```text
//! Weekly 30-minute 1:1 ELSA sessions for 8 weeks with the school's ELSA.
//! ```

use super::{Example, Rule};
use crate::check::{FindingKind, Severity};

pub const RULE: Rule = Rule {
    id: "IDP202",
    name: "discretionary-wording",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    element: None,
    affects_verdict: true,
    summary: "Discretionary wording",
    message: "\"{}\" leaves it to the school's discretion.",
    source: include_str!("idp202_discretionary_wording.rs"),
    examples: &[
        Example { markdown: "- ELSA sessions may be offered.", fires: true },
        Example { markdown: "- The physiotherapist will aim to visit each half-term for 45 minutes.", fires: true },
        Example { markdown: "- Mali may use her communication fan in every lesson.", fires: false },
        Example { markdown: "- The educational psychologist will send a written report by 8 May 2026.", fires: false },
    ],
};
