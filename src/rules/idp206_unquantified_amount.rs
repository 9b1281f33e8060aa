//! # IDP206 unquantified-amount: Amount not quantified
//!
//! ## What it checks
//!
//! Quantity words that quantify nothing: "some", "a range of", "various", "a level of", "a high
//! level of" (Welsh: "rhai").
//!
//! ## Why it matters
//!
//! ALN Code for Wales 2021, chapter 23, para 23.37: additional learning provision must be
//! "detailed, specific and quantifiable". [2025] UKUT 187 (AAC): "a level of" 1:1 support lacked
//! the specificity required.
//!
//! ## Example
//!
//! ```text
//! Some sessions each week with a TA.
//! ```
//!
//! ## How to fix it
//!
//! Replace the word with a number.
//!
//! ```text
//! Three sessions each week with a TA trained in Numicon.
//! ```

use super::{Example, Rule};
use crate::check::{FindingKind, Severity};

pub const RULE: Rule = Rule {
    id: "IDP206",
    name: "unquantified-amount",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    element: None,
    affects_verdict: true,
    summary: "Amount not quantified",
    message: "\"{}\" does not say how much.",
    source: include_str!("idp206_unquantified_amount.rs"),
    examples: &[
        Example { markdown: "- Numicon, some sessions each week, with a TA.", fires: true },
        Example {
            markdown: "- Numicon, three 20-minute sessions each week, with a TA trained in Numicon.",
            fires: false,
        },
    ],
};
