//! What the checker says about a provision: its kind, each element's
//! status, the findings (each under a rule), and the verdict.

use super::rule_id::RuleId;
use super::value::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

/// What a hedge does to the element it stands in, as the hedge's rule
/// declares in its own file; the checker asks, it does not know rules by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HedgeEffects {
    /// A condition ("where possible", "subject to availability"): a rate in
    /// the cell that says how often is no longer definite.
    pub conditional: bool,
    /// A decision put off ("TBC", "to be arranged"): in the cell that names
    /// who delivers it, who is still open.
    pub deferred: bool,
    /// The thing itself is not promised: discretion ("may be given"), access
    /// or an opportunity, advice.
    pub not_promised: bool,
    /// The decision is handed to someone ("at the discretion of", "to be
    /// decided by"): the role named after the words decides, and does not
    /// deliver.
    pub deciding: bool,
    /// A quantity that quantifies nothing ("some", "a level of"): how much is
    /// left open.
    pub unquantified: bool,
}

impl HedgeEffects {
    /// A hedge that changes no element: it only makes the provision vague.
    pub const NONE: HedgeEffects =
        HedgeEffects { conditional: false, deferred: false, not_promised: false, deciding: false, unquantified: false };
}

/// The kinds of provision (guideline): they decide which elements are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Session,
    Support,
    Resource,
    Review,
}

crate::builtin::enum_from_value!(Kind);

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Session => "session",
            Kind::Support => "support",
            Kind::Resource => "resource",
            Kind::Review => "review",
        }
    }

    /// The elements this kind of provision must state (guideline, "Provision kinds").
    pub fn required(self) -> &'static [ElementName] {
        match self {
            Kind::Session | Kind::Support => {
                &[ElementName::Frequency, ElementName::Duration, ElementName::Provider, ElementName::Qualification]
            }
            Kind::Resource => &[ElementName::Frequency, ElementName::Duration],
            Kind::Review => &[ElementName::Frequency, ElementName::Provider],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Vague,
    Missing,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Vague => "vague",
            Status::Missing => "missing",
            Status::NotApplicable => "not_applicable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementName {
    Frequency,
    Duration,
    Provider,
    Qualification,
    Group,
}

impl ElementName {
    pub const ALL: [ElementName; 5] = [
        ElementName::Frequency,
        ElementName::Duration,
        ElementName::Provider,
        ElementName::Qualification,
        ElementName::Group,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ElementName::Frequency => "frequency",
            ElementName::Duration => "duration",
            ElementName::Provider => "provider",
            ElementName::Qualification => "qualification",
            ElementName::Group => "group",
        }
    }
}

/// One element of a provision: its status, the words that state it, and
/// their value.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub status: Status,
    pub text: Option<String>,
    /// Byte range of `text` in the provision's text.
    pub span: Option<Range<usize>>,
    pub value: Option<Value>,
}

impl Element {
    pub fn status(status: Status) -> Self {
        Element { status, text: None, span: None, value: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Elements {
    pub frequency: Element,
    pub duration: Element,
    pub provider: Element,
    pub qualification: Element,
    pub group: Element,
}

impl Elements {
    pub fn get(&self, name: ElementName) -> &Element {
        match name {
            ElementName::Frequency => &self.frequency,
            ElementName::Duration => &self.duration,
            ElementName::Provider => &self.provider,
            ElementName::Qualification => &self.qualification,
            ElementName::Group => &self.group,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Hedge,
    MissingElement,
    VagueElement,
    /// About the plan's own `idp-audit:` comments (IDP901).
    Suppression,
    /// About the plan as a whole, not one provision (IDP0xx).
    Plan,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Hedge => "hedge",
            FindingKind::MissingElement => "missing_element",
            FindingKind::VagueElement => "vague_element",
            FindingKind::Suppression => "suppression",
            FindingKind::Plan => "plan",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding: which rule, how severe, what it says, and where.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleId,
    /// The rule's kind (a hedge, a missing element...).
    pub kind: FindingKind,
    /// Whether it makes the provision vague (the guideline's verdict).
    pub affects_verdict: bool,
    pub severity: Severity,
    pub message: String,
    /// The exact words matched (hedges and vague elements).
    pub matched: Option<String>,
    /// Byte range of `matched` in the provision's text.
    pub span: Option<Range<usize>>,
    /// The hedge's own suggested fix, where its lexicon entry has one.
    pub fix: Option<String>,
    /// In a provision written in Welsh and English, the same hedge in the
    /// other language ("Yn ôl yr angen" for "As needed"): reported once,
    /// under the words that come first, with these kept for a letter in
    /// the other language.
    pub twin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Specific,
    Vague,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Specific => "specific",
            Verdict::Vague => "vague",
        }
    }
}

/// A checked provision.
#[derive(Debug, Clone)]
pub struct Checked {
    pub kind: Kind,
    pub elements: Elements,
    pub findings: Vec<Finding>,
    pub verdict: Verdict,
}

impl Checked {
    /// Recompute the verdict from the findings (after suppressions or
    /// configuration removed some).
    pub fn reverdict(&mut self) {
        self.verdict = if self.findings.iter().any(|f| f.affects_verdict) { Verdict::Vague } else { Verdict::Specific };
    }
}

/// Per-rule settings from configuration: a severity, or off (`None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    pub overrides: HashMap<RuleId, Option<Severity>>,
}

impl RuleSettings {
    /// The severity in effect for a rule whose default is `default`; `None` when it is off.
    pub fn severity(&self, rule: RuleId, default: Severity) -> Option<Severity> {
        self.overrides.get(&rule).copied().unwrap_or(Some(default))
    }
}
