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
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". Decisions in England: E v Rotherham MBC [2002] ELR 266, a
//! plan cannot provide for its provision to be changed unilaterally, outside a review; Worcestershire
//! CC v SE [2020] UKUT 217 (AAC), para 74, a need for flexibility is no excuse for a lack of
//! specificity where detail could reasonably have been provided.
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

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(202);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "discretionary-wording",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Discretionary wording",
    message: "\"{}\" leaves it to the school's discretion.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". L v Clarke and Somerset CC [1998] ELR 129: the plan must leave \"no room for doubt as to what has been decided is necessary\".",
    fix: "Replace the word with \"will\" and say exactly what will be provided.",
    repeats_vague_element: false,
    check: Check::Hedge { replace, effects: HedgeEffects { not_promised: true, deciding: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” leaves it to the school's discretion.", cy: "Mae “{}” yn ei gadael i ddisgresiwn yr ysgol." } },
    source: rule_source!("idp202_discretionary_wording.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- ELSA sessions may be offered.", fires: true },
        Example { markdown: "- Dylid rhoi amser ychwanegol i Mabli.", fires: true },
        Example { markdown: "- Hydrotherapi yn ôl disgresiwn y pennaeth.", fires: true },
        Example { markdown: "- The physiotherapist will aim to visit each half-term for 45 minutes.", fires: true },
        Example { markdown: "- Mali may use her communication fan in every lesson.", fires: false },
        Example { markdown: "- The educational psychologist will send a written report by 8 May 2026.", fires: false },
    ]),
};

/// "may be offered" becomes "will be offered"; "should have", "will have".
fn replace(words: &str, _at_start: bool) -> &'static str {
    if matches!(words, "may" | "might" | "could" | "should" | "can" | "would") { "will" } else { "" }
}
