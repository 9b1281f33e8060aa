//! # IDP205 vague-frequency-word: Vague frequency word
//!
//! ## What it checks
//!
//! "Regular", "regularly", "frequent", "periodic", "ongoing", "occasionally", "from time to time"
//! (Welsh: "yn rheolaidd"). "Regular class teacher" names a person and is not a hedge.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". SEN Legal (solicitors), "The Power of Specificity": "regular
//! meals suggest daily meals, however, regular dental check-ups suggest once or twice a year".
//!
//! ## Example
//!
//! ```text
//! Regular check-ins with a trusted adult.
//! ```
//!
//! ## How to fix it
//!
//! Replace the word with a number and a period.
//!
//! ```text
//! A 10-minute check-in with his key teaching assistant at the start of each day.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(205);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "vague-frequency-word",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Vague frequency word",
    message: "\"{}\" does not say how often.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". SEN Legal (solicitors), \"The Power of Specificity\": \"regular meals suggest daily meals, however, regular dental check-ups suggest once or twice a year\".",
    fix: "Say how often: \"three times a week\", \"every morning\", \"once each half term\".",
    repeats_vague_element: true,
    check: Check::Hedge { replace: super::drop_words, effects: HedgeEffects::NONE, letter: Sentence { en: "“{}” does not say how often.", cy: "Nid yw “{}” yn dweud pa mor aml." } },
    source: rule_source!("idp205_vague_frequency_word.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Regular check-ins with a trusted adult.", fires: true },
        Example {
            markdown: "- Word Wasp, 3x20mins/wk, with his regular class teacher, who completed Word Wasp training.",
            fires: false,
        },
    ]),
};
