//! The rules: one file per rule, its doc comment saying what it checks,
//! why (the legal basis), an example and a fix. The registry lists them with
//! stable ids (IDP0xx: the plan as a whole; IDP1xx: missing or vague
//! elements; IDP2xx: hedges; IDP9xx: idp-audit's own comments in a plan), the
//! way ruff does; `idp-audit rules` and `idp-audit explain IDP201` print them
//! from the same doc comments.

use crate::check::{ElementName, FindingKind, Severity};

mod idp001_no_section_2b;
mod idp101_frequency_missing;
mod idp102_duration_missing;
mod idp103_provider_missing;
mod idp104_qualification_missing;
mod idp111_frequency_vague;
mod idp112_duration_vague;
mod idp113_provider_vague;
mod idp114_qualification_vague;
mod idp121_group_size_unstated;
mod idp131_welsh_language_blank;
mod idp201_conditional_provision;
mod idp202_discretionary_wording;
mod idp203_access_not_provision;
mod idp204_ceiling;
mod idp205_vague_frequency_word;
mod idp206_unquantified_amount;
mod idp207_resource_condition;
mod idp208_decision_deferred;
mod idp209_advice_not_provision;
mod idp210_vague_qualifier;
mod idp901_unused_suppression;

/// A rule and its documentation.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, e.g. "IDP201".
    pub id: &'static str,
    /// Stable kebab-case name, e.g. "conditional-provision".
    pub name: &'static str,
    pub kind: FindingKind,
    /// Default severity (configuration may change it).
    pub severity: Severity,
    /// The element it is about, for IDP1xx rules.
    pub element: Option<ElementName>,
    /// Whether its findings make a provision vague (the guideline's verdict).
    pub affects_verdict: bool,
    /// A short title.
    pub summary: &'static str,
    /// The finding's message for a parent; `{}` is replaced by the words matched.
    pub message: &'static str,
    /// The rule's own source file, whose `//!` header is its documentation.
    pub source: &'static str,
    /// Markdown bodies of a Section 2B (for a rule about the plan as a
    /// whole, whole Markdown plans), run as tests: the rule must fire on each
    /// `fires: true` example and stay silent on the others.
    pub examples: &'static [Example],
}

#[derive(Debug)]
pub struct Example {
    pub markdown: &'static str,
    pub fires: bool,
}

impl Rule {
    /// The documentation: the `//!` lines at the top of the rule's file.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else { break };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out
    }

    /// One section of the documentation ("What it checks", "Why it matters",
    /// "How to fix it"), as plain text.
    pub fn section(&self, title: &str) -> String {
        let docs = self.docs();
        let mut out = Vec::new();
        let mut inside = false;
        for line in docs.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                inside = h.trim() == title;
                continue;
            }
            if inside {
                out.push(line);
            }
        }
        let text = out.join("\n");
        let mut paras: Vec<String> = Vec::new();
        for block in text.split("\n\n") {
            let b = block.trim();
            if b.is_empty() || b.starts_with("```") {
                continue;
            }
            paras.push(b.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        paras.join("\n\n")
    }

    /// The finding message with the matched words filled in.
    pub fn message_for(&self, matched: Option<&str>) -> String {
        match matched {
            Some(m) => self.message.replace("{}", m),
            None => self.message.replace("\"{}\"", "this").replace("{}", "this"),
        }
    }

    /// "IDP201 (conditional-provision)"
    pub fn label(&self) -> String {
        format!("{} ({})", self.id, self.name)
    }
}

/// Every rule, in id order.
pub static RULES: &[&Rule] = &[
    &idp001_no_section_2b::RULE,
    &idp101_frequency_missing::RULE,
    &idp102_duration_missing::RULE,
    &idp103_provider_missing::RULE,
    &idp104_qualification_missing::RULE,
    &idp111_frequency_vague::RULE,
    &idp112_duration_vague::RULE,
    &idp113_provider_vague::RULE,
    &idp114_qualification_vague::RULE,
    &idp121_group_size_unstated::RULE,
    &idp131_welsh_language_blank::RULE,
    &idp201_conditional_provision::RULE,
    &idp202_discretionary_wording::RULE,
    &idp203_access_not_provision::RULE,
    &idp204_ceiling::RULE,
    &idp205_vague_frequency_word::RULE,
    &idp206_unquantified_amount::RULE,
    &idp207_resource_condition::RULE,
    &idp208_decision_deferred::RULE,
    &idp209_advice_not_provision::RULE,
    &idp210_vague_qualifier::RULE,
    &idp901_unused_suppression::RULE,
];

/// Look a rule up by id ("IDP201", any case) or by name ("ceiling").
pub fn get(key: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// The IDP1xx rule for an element's status.
pub fn for_element(element: ElementName, vague: bool) -> &'static Rule {
    let kind = if vague { FindingKind::VagueElement } else { FindingKind::MissingElement };
    RULES
        .iter()
        .copied()
        .find(|r| r.element == Some(element) && r.kind == kind)
        .expect("every element has a missing and a vague rule")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_ordered() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        let sorted = {
            let mut s = ids.clone();
            s.sort();
            s
        };
        assert_eq!(ids, sorted);
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn every_rule_is_documented() {
        for r in RULES {
            for s in ["What it checks", "Why it matters", "Example", "How to fix it"] {
                assert!(r.docs().contains(&format!("## {s}")), "{} lacks '{s}'", r.id);
            }
            assert!(!r.section("What it checks").is_empty(), "{}", r.id);
            assert!(r.examples.iter().any(|e| e.fires), "{} has no firing example", r.id);
        }
    }
}
