//! # IDP901 unused-suppression: Suppression comment that suppresses nothing
//!
//! ## What it checks
//!
//! A Markdown plan can silence a rule for one provision with a comment written just before it:
//! `<!-- idp-audit: ignore IDP201 -->` (several rules: `ignore IDP201, IDP203`; a rule's name works
//! too). In a table the comment goes in a row of its own just before the row it is for (`| <!--
//! idp-audit: ignore IDP201 --> | |`), or in that row's first cell. This rule reports such a comment when it suppresses nothing:
//! the rule it names does not fire on that provision, the rule does not exist, or the comment is
//! not one idp-audit understands. It never makes a provision vague.
//!
//! ## Why it matters
//!
//! A suppression is a decision someone made about one provision's wording. When the wording
//! changes, or the comment drifts onto another provision, a stale suppression silently hides the
//! next problem with that provision, or hides nothing and only misleads the reader (as ruff's
//! RUF100 reports unused `noqa` comments). Keeping only the suppressions that are used keeps the
//! check honest for the advocate who relies on it.
//!
//! ## Example
//!
//! ```text
//! <!-- idp-audit: ignore IDP201 -->
//! - Speech and language therapy, one 30-minute session each week with an HCPC-registered speech
//!   and language therapist.
//! ```
//!
//! ## How to fix it
//!
//! Remove the comment, or move it to the provision it was meant for and name the rule that fires
//! there (`idp-audit check --format json` lists each provision's rules).
//!
//! ```text
//! - Speech and language therapy, one 30-minute session each week with an HCPC-registered speech
//!   and language therapist.
//! ```

use super::{Check, Example, Rule};
use crate::types::{FindingKind, RuleId, Severity};

pub(crate) const ID: RuleId = RuleId::new(901);

pub(crate) const RULE: Rule = Rule {
    id: ID,
    name: "unused-suppression",
    kind: FindingKind::Suppression,
    severity: Severity::Warning,
    affects_verdict: false,
    summary: "Suppression comment that suppresses nothing",
    message: "The comment \"{}\" suppresses nothing here; remove it.",
    basis: "",
    fix: "",
    repeats_vague_element: false,
    check: Check::Suppression,
    source: rule_source!("idp901_unused_suppression.rs"),
    examples: rule_examples!(&[
        Example {
            markdown: "<!-- idp-audit: ignore IDP201 -->\n- Speech and language therapy, one 30-minute session each \
                       week with an HCPC-registered speech and language therapist.",
            fires: true,
        },
        Example { markdown: "<!-- idp-audit: ignore IDP299 -->\n- Support in class where possible.", fires: true },
        Example { markdown: "<!-- idp-audit: ignore IDP201 -->\n- Support in class where possible.", fires: false },
        Example {
            markdown: "| Provision | Frequency |\n|---|---|\n| <!-- idp-audit: ignore conditional-provision --> | \
                       |\n| Support in class where possible | daily |",
            fires: false,
        },
    ]),
};
