//! # IDP201 conditional-provision: Provision made conditional
//!
//! ## What it checks
//!
//! Words that make provision depend on a judgement the plan does not fix: "as needed", "as
//! required", "where possible", "if necessary", "when appropriate" (Welsh: "yn ôl yr angen", "lle
//! bo modd", "os oes angen").
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". Provision that happens "as needed" can lawfully never
//! happen. In England, C v SENT and Greenwich [1999] ELR 5 holds that the decision about provision
//! cannot be delegated: the provision must be decided in the plan, not left for the school or
//! setting to decide later.
//!
//! ## Example
//!
//! ```text
//! Access to speech and language therapy as required.
//! ```
//!
//! ## How to fix it
//!
//! Remove the condition and state the provision outright, with how often and for how long.
//!
//! ```text
//! Speech and language therapy: one 30-minute session each week with a speech and language therapist.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(201);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "conditional-provision",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Provision made conditional",
    message: "\"{}\" makes it conditional: the school decides whether it happens.",
    basis: "ALN Code for Wales 2021, para 23.37: provision should be \"detailed, specific and quantifiable\". C v SENT and Greenwich [1999] ELR 5 (England): the provision must be decided in the plan, not left for the school or setting to decide later.",
    fix: "Remove the condition and state the provision outright: how often, for how long, and by whom.",
    repeats_vague_element: false,
    check: Check::Hedge { replace: super::drop_words, effects: HedgeEffects { conditional: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” makes it conditional: the school decides whether it happens.", cy: "Mae “{}” yn ei gwneud yn amodol: yr ysgol sy’n penderfynu a fydd yn digwydd." } },
    source: rule_source!("idp201_conditional_provision.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Access to speech and language therapy as required.", fires: true },
        Example { markdown: "- Support in class where possible.", fires: true },
        Example { markdown: "- Cefnogaeth yn y dosbarth lle bo modd.", fires: true },
        // Citing the law that obliges the school leaves it nothing to decide.
        Example {
            markdown: "- Reasonable adjustment: Jac may wear trainers in all PE lessons, as required by the Equality Act 2010.",
            fires: false,
        },
        Example {
            markdown: "- Speech and language therapy, one 30-minute session each week with a speech and language therapist.",
            fires: false,
        },
    ]),
};
