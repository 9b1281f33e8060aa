//! # IDP113 provider-vague: Provider vague
//!
//! ## What it checks
//!
//! The deliverer is named without a role: "an adult", "staff", "the school", "a member of staff",
//! "the pastoral team".
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". "An adult" could be anyone, with any training, on any
//! day.
//!
//! ## Example
//!
//! ```text
//! Daily 15-minute reading with an adult.
//! ```
//!
//! ## How to fix it
//!
//! Name the role: "a teaching assistant", "the class teacher", "the school's ELSA".
//!
//! ```text
//! Daily 15-minute reading with a teaching assistant trained in Switch-on Reading.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(113);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "provider-vague",
    kind: FindingKind::VagueElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Provider vague",
    message: "\"{}\" does not say who, by role, will deliver it.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Provider, status: Status::Vague },
    source: rule_source!("idp113_provider_vague.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Daily 15-minute reading with an adult.", fires: true },
        // A team or service named without a role; a pupil who mentors.
        Example { markdown: "- Outreach visits from the Autism Outreach Team once a term to advise staff.", fires: true },
        Example { markdown: "- Mentoring with a Year 12 peer mentor every Wednesday, 20 minutes.", fires: true },
        // A post named by its title, in English or Welsh, and a named person.
        Example {
            markdown: "- Weekly 45-minute home visits from the Portage home visitor, who has completed the Portage Basic Workshop.",
            fires: false,
        },
        Example { markdown: "- Cymorth gan gynorthwywyr addysgu'r adran ym mhob gwers wyddoniaeth.", fires: false },
        Example { markdown: "- Spelling practice with Mr Dai Morgan every Monday for ten minutes.", fires: false },
        Example {
            markdown: "- Daily 15-minute reading with a teaching assistant trained in Switch-on Reading.",
            fires: false,
        },
    ]),
};
