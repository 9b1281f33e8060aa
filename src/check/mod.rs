//! Check one provision: its kind, the four elements (frequency, duration,
//! provider, qualification) and the group, the hedges, and the verdict.
//!
//! The rule book is shared/eval/GUIDELINE.md. A provision is `vague` if a
//! required element is missing or vague, or a hedge governs it.
//!
//! Every match runs on the provision's folded text, read part by part: a
//! frequency column gives the frequency, a review date is not a frequency,
//! and hedge-like words in an outcome or rationale do not hedge the
//! provision.

mod elements;
mod hedges;
mod kind;
mod people;
pub mod signals;
mod suppress;

use crate::lexicon::{Kind, Lexicon, Role};
use crate::rules;
use crate::split::RawProvision;
use crate::text::Folded;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static rules::Rule,
    pub severity: Severity,
    pub message: String,
    /// The exact words matched (hedges and vague elements).
    pub matched: Option<String>,
    /// Byte range of `matched` in the provision's text.
    pub span: Option<Range<usize>>,
    /// The hedge's lexicon entry, for its specific fix.
    pub fix: Option<String>,
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
        self.verdict =
            if self.findings.iter().any(|f| f.rule.affects_verdict) { Verdict::Vague } else { Verdict::Specific };
    }
}

/// Per-rule settings: a severity, or off (`None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    pub overrides: HashMap<&'static str, Option<Severity>>,
}

impl RuleSettings {
    pub fn severity(&self, rule: &rules::Rule) -> Option<Severity> {
        self.override_for(rule).unwrap_or(Some(rule.severity))
    }

    /// The configured setting for a rule, if any: `Some(None)` is off.
    pub fn override_for(&self, rule: &rules::Rule) -> Option<Option<Severity>> {
        self.overrides.get(rule.id).copied()
    }
}

/// A part of the provision (a cell or sub-field) in folded coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub role: Role,
    pub range: Range<usize>,
    /// Empty, or only a dash or "n/a".
    pub blank: bool,
}

fn is_blank(s: &str) -> bool {
    let t = s.trim().trim_matches(|c: char| matches!(c, '-' | '.' | '–' | '—' | ' ' | '/'));
    t.is_empty() || matches!(t.to_lowercase().as_str(), "n/a" | "na" | "none" | "dim" | "nil")
}

/// Check one provision.
pub fn check(raw: &RawProvision, lex: &Lexicon, settings: &RuleSettings) -> Checked {
    let folded = Folded::new(&raw.text);
    let parts: Vec<Part> = if raw.fields.is_empty() {
        vec![Part { role: Role::Description, range: 0..folded.text.len(), blank: is_blank(&raw.text) }]
    } else {
        raw.fields
            .iter()
            .map(|f| Part { role: f.role, range: folded.folded_range(&f.range), blank: is_blank(raw.field_text(f)) })
            .collect()
    };
    let mut ctx = elements::Context::new(raw, &folded, &parts, lex);
    let kind = ctx.kind();
    let elements = ctx.elements(kind);
    let hedge_hits = hedges::find(lex, &raw.text, &folded, &parts);

    let mut findings = Vec::new();
    let required = required(kind);
    for name in [ElementName::Frequency, ElementName::Duration, ElementName::Provider, ElementName::Qualification] {
        let el = elements.get(name);
        if !required.contains(&name) {
            continue;
        }
        match el.status {
            Status::Missing => push(&mut findings, settings, rules::for_element(name, false), None, None, None),
            Status::Vague => {
                let rule = rules::for_element(name, true);
                push(&mut findings, settings, rule, el.text.clone(), el.span.clone(), None)
            }
            _ => {}
        }
    }
    if elements.group.status == Status::Vague {
        let rule = rules::get("IDP121").expect("IDP121 exists");
        push(&mut findings, settings, rule, elements.group.text.clone(), elements.group.span.clone(), None);
    }
    if let Some(welsh) = raw.fields.iter().find(|f| f.role == Role::Welsh && f.name == "welsh")
        && is_blank(raw.field_text(welsh))
        && raw.field_text(welsh).trim().is_empty()
    {
        let rule = rules::get("IDP131").expect("IDP131 exists");
        push(&mut findings, settings, rule, None, None, None);
    }
    for h in hedge_hits {
        let entry = &lex.hedges.entries[h.entry];
        let Some(rule) = rules::get(&entry.rule) else { continue };
        let span = folded.original(h.range.clone());
        let matched = raw.text[span.clone()].to_string();
        let Some(severity) = settings.override_for(rule).unwrap_or(Some(entry.severity)) else { continue };
        let message = entry.message_for(&matched);
        findings.push(Finding {
            rule,
            severity,
            message,
            matched: Some(matched),
            span: Some(span),
            fix: Some(entry.fix.clone()).filter(|f| !f.is_empty()),
        });
    }
    let mut checked = Checked { kind, elements, findings, verdict: Verdict::Specific };
    checked.reverdict();
    suppress::apply(&mut checked, &raw.comments, settings);
    checked
}

fn push(
    findings: &mut Vec<Finding>,
    settings: &RuleSettings,
    rule: &'static rules::Rule,
    matched: Option<String>,
    span: Option<Range<usize>>,
    fix: Option<String>,
) {
    let Some(severity) = settings.severity(rule) else { return };
    let message = rule.message_for(matched.as_deref());
    findings.push(Finding { rule, severity, message, matched, span, fix });
}

/// A finding about the plan as a whole (an IDP0xx rule), at its configured
/// severity, or `None` when the rule is off.
pub fn plan_finding(rule: &'static rules::Rule, settings: &RuleSettings) -> Option<Finding> {
    let severity = settings.severity(rule)?;
    Some(Finding { rule, severity, message: rule.message_for(None), matched: None, span: None, fix: None })
}

/// The elements a kind requires (guideline, "Provision kinds").
pub fn required(kind: Kind) -> &'static [ElementName] {
    match kind {
        Kind::Session | Kind::Support => {
            &[ElementName::Frequency, ElementName::Duration, ElementName::Provider, ElementName::Qualification]
        }
        Kind::Resource => &[ElementName::Frequency, ElementName::Duration],
        Kind::Review => &[ElementName::Frequency, ElementName::Provider],
    }
}
