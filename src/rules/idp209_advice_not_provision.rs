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
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". An IDP is a document that contains "a description of the
//! additional learning provision which the person's learning difficulty or disability calls for"
//! (ALNET Act 2018, s.10(b)). A recommendation describes none: that is idp-audit's reading of
//! s.10(b), not words of the Act.
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

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(209);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "advice-not-provision",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Advice instead of provision",
    message: "\"{}\" is advice, not a commitment to provide.",
    basis: "ALNET Act 2018, s.10(b): an IDP contains a description of the additional learning provision the child's needs call for; a recommendation describes none. ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\".",
    fix: "Turn the advice into provision: \"X will receive …\", with how often, for how long and by whom.",
    repeats_vague_element: false,
    check: Check::Hedge { replace, effects: HedgeEffects { not_promised: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” is advice, not a commitment to provide.", cy: "Cyngor yw “{}”, nid ymrwymiad i ddarparu." } },
    source: rule_source!("idp209_advice_not_provision.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Cerys would benefit from speech and language therapy.", fires: true },
        Example { markdown: "- It is recommended that Cai has a laptop.", fires: true },
        Example {
            markdown: "#### Element 1\n\n**2B.2 ALP:** Speech and language therapy, 30 minutes each week, 1:1 with a speech and language therapist.\n\n**2B.7 Rationale:** The SaLT report says Cerys would benefit from weekly therapy.",
            fires: false,
        },
    ]),
};

/// "would benefit from X" becomes "will receive X".
fn replace(words: &str, _at_start: bool) -> &'static str {
    if words.contains("benefit") { "will receive" } else { "" }
}
