//! # IDP104 qualification-missing: Qualification or training not stated
//!
//! ## What it checks
//!
//! A session or support is delivered by a role whose title does not name its expertise (a teaching
//! assistant, a class teacher, a mentor) and no training, credential or supervision is given.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". In England, the SEND Code of Practice 2015 (para 9.69)
//! counts the "level of expertise" among what provision should normally be quantified in; the
//! Welsh Code has no such list, but who delivers the provision, and with what expertise, is part of
//! saying what it is.
//!
//! ## Example
//!
//! ```text
//! Three 20-minute reading sessions a week with a teaching assistant.
//! ```
//!
//! ## How to fix it
//!
//! Add the training: "trained in [programme] by [trainer]", a credential ("holding ELKLAN Level
//! 3"), or supervision ("under the direction of the speech and language therapist").
//!
//! ```text
//! Three 20-minute reading sessions a week with a teaching assistant trained in Toe by Toe by the specialist literacy teacher.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(104);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "qualification-missing",
    kind: FindingKind::MissingElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Qualification or training not stated",
    message: "It does not say what training or qualification the person delivering it has.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Qualification, status: Status::Missing },
    source: rule_source!("idp104_qualification_missing.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Three 20-minute reading sessions a week with a teaching assistant.", fires: true },
        Example {
            markdown: "- Three 20-minute reading sessions a week with a teaching assistant trained in Toe by Toe.",
            fires: false,
        },
        Example { markdown: "- Weekly 30-minute sessions with a speech and language therapist.", fires: false },
        // A level in what is delivered is the programme's, not the adult's.
        Example {
            markdown: "| Provision | Who | How often |\n|---|---|---|\n| Talkabout (Level 2: conversation) | Teaching assistant | Weekly, 30 minutes |",
            fires: true,
        },
        Example {
            markdown: "| Provision | Who | How often |\n|---|---|---|\n| Talkabout | Level 3 teaching assistant | Weekly, 30 minutes |",
            fires: false,
        },
    ]),
};
