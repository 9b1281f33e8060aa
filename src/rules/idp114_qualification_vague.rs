//! # IDP114 qualification-vague: Qualification vague
//!
//! ## What it checks
//!
//! Expertise is claimed but not said: "suitably trained", "experienced", "a trained TA",
//! "specialist teacher" with no specialism or credential.
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". "Suitably trained" leaves the school to decide what
//! training is suitable.
//!
//! ## Example
//!
//! ```text
//! Daily 15-minute reading with a suitably trained TA.
//! ```
//!
//! ## How to fix it
//!
//! Name the training or credential: "trained in Toe by Toe", "holding AMBDA", "HCPC-registered".
//!
//! ```text
//! Daily 15-minute reading with a TA trained in Toe by Toe.
//! ```

use super::{Check, Example, Rule};
use crate::types::{ElementName, FindingKind, RuleId, Severity, Status};

pub(crate) const ID: RuleId = RuleId::new(114);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "qualification-vague",
    kind: FindingKind::VagueElement,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Qualification vague",
    message: "\"{}\" does not say what training or qualification they have.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Element { element: ElementName::Qualification, status: Status::Vague },
    source: rule_source!("idp114_qualification_vague.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Daily 15-minute reading with a suitably trained TA.", fires: true },
        // Trained, but in what is not said, in English or Welsh.
        Example { markdown: "| Provision | Frequency | Who | Training |\n|---|---|---|---|\n| Zones of Regulation group | Twice a week, 30 minutes | Teaching assistant | Trained |", fires: true },
        Example { markdown: "- Darllen dair gwaith yr wythnos, 20 munud, gyda chynorthwyydd wedi'i hyfforddi.", fires: true },
        Example { markdown: "- Daily 15-minute reading with a TA trained in Toe by Toe.", fires: false },
    ]),
};
