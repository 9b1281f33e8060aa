//! # IDP207 resource-condition: Provision depends on resources
//!
//! ## What it checks
//!
//! "Subject to funding/availability/staffing", "if staffing allows", "within available resources",
//! "if a place becomes available".
//!
//! ## Why it matters
//!
//! The ALN Code for Wales 2021 (chapter 23, para 23.37) says additional learning provision should
//! be "detailed, specific and quantifiable". Once provision is in an IDP the body maintaining it must
//! secure it: ALNET Act 2018, s.12(7)(a) (a plan maintained by a school's governing body) and
//! s.14(10)(a) (a plan maintained by a local authority). The duty has no exception for staffing or
//! money.
//!
//! ## Example
//!
//! ```text
//! Play therapy, subject to funding.
//! ```
//!
//! ## How to fix it
//!
//! Remove the condition; if the provision is needed, the plan must secure it.
//!
//! ```text
//! Weekly 45-minute play therapy sessions for 12 weeks with a registered play therapist.
//! ```

use super::{Check, Example, Rule, Sentence};
use crate::types::{FindingKind, HedgeEffects, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(207);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "resource-condition",
    kind: FindingKind::Hedge,
    severity: Severity::Error,
    affects_verdict: true,
    summary: "Provision depends on resources",
    message: "\"{}\" makes it depend on funding, staffing or availability.",
    basis: "ALNET Act 2018, s.12(7)(a) (a plan maintained by a school's governing body) and s.14(10)(a) (a plan maintained by a local authority): the body maintaining the plan must secure the provision described in it. The duty has no exception for staffing or money.",
    fix: "Remove the condition: the provision in the plan must be secured, whatever the budget or staffing.",
    repeats_vague_element: false,
    check: Check::Hedge { replace: super::drop_words, effects: HedgeEffects { conditional: true, ..HedgeEffects::NONE }, letter: Sentence { en: "“{}” makes it depend on funding, staffing or availability.", cy: "Mae “{}” yn ei gwneud yn ddibynnol ar arian, staff neu argaeledd." } },
    source: rule_source!("idp207_resource_condition.rs"),
    examples: rule_examples!(&[
        Example { markdown: "- Play therapy, subject to funding.", fires: true },
        // In any wording, and in Welsh beside its English twin.
        Example { markdown: "- One-to-one reading every Friday, 15 minutes, if the assistant is available.", fires: true },
        Example { markdown: "- Sesiwn nofio bob bore Llun, 30 munud, os yw'r pwll ar gael.", fires: true },
        Example { markdown: "- Grŵp chwarae amser cinio os oes digon o staff.", fires: true },
        Example {
            markdown: "- In swimming lessons Efa will have 1:1 support in the pool if staffing allows.",
            fires: true,
        },
        Example {
            markdown: "- Play therapy with a registered play therapist, 45 minutes each week, funded by the local authority.",
            fires: false,
        },
    ]),
};
