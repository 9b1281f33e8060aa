//! # IDP210 vague-qualifier: Vague qualifier
//!
//! ## What it checks
//!
//! "Appropriate", "relevant", "suitable" used of the provision or the people who deliver it
//! ("relevant professionals").
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". "Appropriate support" is whatever the school decides is
//! appropriate.
//!
//! ## Example
//!
//! ```text
//! Advice from relevant professionals.
//! ```
//!
//! ## How to fix it
//!
//! Name the thing or the role instead.
//!
//! ```text
//! Advice from the educational psychologist by 31 March 2027.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(210);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "vague-qualifier",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Vague qualifier",
    message: "\"{}\" leaves the school to decide what counts.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". L v Clarke and Somerset CC [1998] ELR 129: the plan must leave \"no room for doubt as to what has been decided is necessary\".",
    fix: "Name exactly what is meant: the programme, the resource, or the adult's role.",
    repeats_vague_element: false,
    check: Check::Hedge { replace: super::drop_words, effects: HedgeEffects::NONE, letter: Sentence { en: "“{}” leaves the school to decide what counts.", cy: "Mae “{}” yn gadael i’r ysgol benderfynu beth sy’n cyfrif." } },
    source: rule_source!("idp210_vague_qualifier.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Advice from relevant professionals when needed.", fires: true },
        Example { markdown: "- Advice from the educational psychologist by 31 March 2027.", fires: false },
        // What is checked, not a quality the school may decide it has met.
        Example {
            markdown: "- The class teacher will check that worksheets are suitable for his reading age before each new topic.",
            fires: false,
        },
    ]),
};
