//! The rules: one file per rule, holding what the rule fires on (its part
//! of the check), its message, its fix (what its words become in a
//! suggested rewrite), its legal basis, its documentation (the file's `//!`
//! header: what it checks, why, an example, how to fix it) and examples
//! that run as tests. The registry below lists them with stable ids
//! (IDP0xx: the plan as a whole; IDP1xx: missing or vague elements; IDP2xx:
//! hedges; IDP9xx: idp-audit's own comments in a plan), as ruff does;
//! `idp-audit rules` and `idp-audit explain IDP201` print them.
//!
//! The checker (`check/`) works out what a provision states: its kind, its
//! elements and the hedges in it. The rules turn that into findings
//! ([`check`]); adding a rule is its file and one line in the registry.

use crate::check::Analysis;
use crate::lexicon::Lexicon;
use crate::types::provision::RawProvision;
use crate::types::provision::Role;
use crate::types::{Checked, ElementName, Finding, FindingKind, HedgeEffects, RuleId, RuleSettings, Severity, Status};
use std::ops::Range;

mod suppress;

/// A rule's source file, for its documentation (`Rule::docs`): the command
/// line's `explain` and SARIF report show it; the page shows neither, and
/// leaves the files' text out of its download.
macro_rules! rule_source {
    ($file:literal) => {
        if cfg!(target_arch = "wasm32") { "" } else { include_str!($file) }
    };
}

/// A rule's examples, which the tests run: none in the page.
macro_rules! rule_examples {
    ($examples:expr) => {
        if cfg!(target_arch = "wasm32") { &[] } else { $examples }
    };
}

/// The registry: one line per rule, in id order. The line declares the
/// rule's module and lists its `RULE`; the rule's file holds the rest.
macro_rules! registry {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, in id order.
        pub static RULES: &[&Rule] = &[$(&$module::RULE),*];
    };
}

registry! {
    idp001_no_section_2b,
    idp002_section_2b_empty,
    idp003_section_2b_not_located,
    idp004_section_2b_unreadable,
    idp101_frequency_missing,
    idp102_duration_missing,
    idp103_provider_missing,
    idp104_qualification_missing,
    idp111_frequency_vague,
    idp112_duration_vague,
    idp113_provider_vague,
    idp114_qualification_vague,
    idp121_group_size_unstated,
    idp131_welsh_language_blank,
    idp201_conditional_provision,
    idp202_discretionary_wording,
    idp203_access_not_provision,
    idp204_ceiling,
    idp205_vague_frequency_word,
    idp206_unquantified_amount,
    idp207_resource_condition,
    idp208_decision_deferred,
    idp209_advice_not_provision,
    idp210_vague_qualifier,
    idp901_unused_suppression,
}

/// A rule: what it checks (its part of the check), what its finding says,
/// how to fix it, and its documentation and examples.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, e.g. IDP201.
    pub id: RuleId,
    /// Stable kebab-case name, e.g. "conditional-provision".
    pub name: &'static str,
    pub kind: FindingKind,
    /// Default severity (configuration may change it).
    pub severity: Severity,
    /// Whether its findings make a provision vague (the guideline's verdict).
    pub affects_verdict: bool,
    /// A short title.
    pub summary: &'static str,
    /// The finding's message for a parent; `{}` is replaced by the words matched.
    pub message: &'static str,
    /// The legal basis `idp-audit explain` prints ("" for none beyond the docs).
    pub basis: &'static str,
    /// The fix a finding suggests ("" for none); a hedge phrase in the
    /// lexicon may name a more precise one.
    pub fix: &'static str,
    /// Its message only says again what the sentence about vague elements
    /// says, when its words are a vague element's ("“Regularly” does not say
    /// how often" after "it is vague about how often (“Regularly”)").
    pub repeats_vague_element: bool,
    /// What it fires on.
    pub check: Check,
    /// The rule's own source file, whose `//!` header is its documentation.
    pub source: &'static str,
    /// Markdown bodies of a Section 2B (for a rule about the plan as a
    /// whole, whole Markdown plans), run as tests: the rule must fire on each
    /// `fires: true` example and stay silent on the others.
    pub examples: &'static [Example],
}

/// What a rule fires on.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// The plan as a whole: fires when the function says so.
    Plan(fn(&PlanFacts) -> Option<Hit>),
    /// A required element with this status (its words, when vague, are the finding's).
    Element { element: ElementName, status: Status },
    /// Something else about one provision: the words it fires on, if it does.
    Provision(fn(&ProvisionFacts) -> Option<Hit>),
    /// A hedge of the lexicon naming this rule. In a suggested rewrite the
    /// hedge's words (lower case) become what `replace` gives ("" drops
    /// them); `at_start` says whether they open a sentence or a cell.
    /// `effects`: what the hedge does to the element it stands in (a
    /// condition makes a rate beside it indefinite, a decision put off
    /// leaves who open, and so on), which the checker asks of the rule.
    ///
    /// `letter`: what the hedge's words do, as the revision-request letter
    /// says it in English and in Welsh; `{}` is the plan's words.
    Hedge { replace: fn(words: &str, at_start: bool) -> &'static str, effects: HedgeEffects, letter: Sentence },
    /// The plan's own `idp-audit:` comments.
    Suppression,
}

/// One sentence in English and in Welsh.
#[derive(Debug, Clone, Copy)]
pub struct Sentence {
    pub en: &'static str,
    pub cy: &'static str,
}

/// A hedge rule whose words are dropped from a rewrite.
fn drop_words(_words: &str, _at_start: bool) -> &'static str {
    ""
}

/// What the letter says a hedge of this rule does, in English and Welsh
/// (`None` for a rule that is no hedge rule).
pub fn letter_sentence(id: RuleId) -> Option<Sentence> {
    match RULES.iter().find(|r| r.id == id).map(|r| r.check) {
        Some(Check::Hedge { letter, .. }) => Some(letter),
        _ => None,
    }
}

/// What a hedge of this rule does to the element it stands in, as the rule
/// declares it (none for a rule that is no hedge rule).
pub(crate) fn hedge_effects(id: RuleId) -> HedgeEffects {
    match RULES.iter().find(|r| r.id == id).map(|r| r.check) {
        Some(Check::Hedge { effects, .. }) => effects,
        _ => HedgeEffects::NONE,
    }
}

/// What a rule about the plan as a whole looks at.
#[derive(Debug, Clone, Copy)]
pub struct PlanFacts<'a> {
    pub section_found: bool,
    /// Where the plan's text names Section 2B ("… set out in Section 2B"),
    /// the words that name it: the first such mention.
    pub mention: Option<&'a str>,
    /// The provisions read from Section 2B, when it was found.
    pub provisions: &'a [RawProvision],
    /// What the reader noticed about the plan (an uncertain layout among them).
    pub notices: &'a [crate::types::model::Notice],
    pub lex: &'a Lexicon,
}

/// What a rule about one provision looks at.
pub struct ProvisionFacts<'a> {
    pub raw: &'a RawProvision,
    pub lex: &'a Lexicon,
    pub analysis: &'a Analysis,
}

/// Where a rule fires in a provision: the words, if any, and their bytes.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub matched: Option<String>,
    pub span: Option<Range<usize>>,
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
    pub(crate) fn message_for(&self, matched: Option<&str>) -> String {
        match matched {
            Some(m) => self.message.replace("{}", m),
            None => self.message.replace("\"{}\"", "this").replace("{}", "this"),
        }
    }

    /// "IDP201 (conditional-provision)"
    pub fn label(&self) -> String {
        format!("{} ({})", self.id, self.name)
    }

    /// Whether this is a hedge rule, and what its words become in a rewrite.
    pub(crate) fn replacement(&self, words: &str, at_start: bool) -> Option<&'static str> {
        match self.check {
            Check::Hedge { replace, .. } => Some(replace(words, at_start)),
            _ => None,
        }
    }
}

/// Look a rule up by id ("IDP201", any case) or by name ("ceiling").
pub fn get(key: &str) -> Option<&'static Rule> {
    let id = RuleId::parse(key);
    RULES.iter().copied().find(|r| Some(r.id) == id || r.name.eq_ignore_ascii_case(key))
}

/// The rule with this id. Every id a finding carries is in the registry.
pub fn rule(id: RuleId) -> &'static Rule {
    RULES.iter().copied().find(|r| r.id == id).expect("every finding's rule is registered")
}

/// Every hedge entry of a lexicon must name a hedge rule that exists.
pub fn check_lexicon(lex: &Lexicon) -> Result<(), String> {
    for e in &lex.hedges.entries {
        match RULES.iter().find(|r| r.id == e.rule) {
            Some(r) if matches!(r.check, Check::Hedge { .. }) => {}
            Some(r) => {
                return Err(format!("hedge '{}' names {} ({}), which is not a hedge rule", e.source, r.id, r.name));
            }
            None => {
                return Err(format!(
                    "hedge '{}' names {}: there is no such rule (see `idp-audit rules`)",
                    e.source, e.rule
                ));
            }
        }
    }
    Ok(())
}

/// A finding of `rule` at its configured severity (`None` when it is off).
fn finding(rule: &Rule, settings: &RuleSettings, hit: Hit, fix: Option<String>) -> Option<Finding> {
    let severity = settings.severity(rule.id, rule.severity)?;
    Some(Finding {
        rule: rule.id,
        kind: rule.kind,
        affects_verdict: rule.affects_verdict,
        severity,
        message: rule.message_for(hit.matched.as_deref()),
        matched: hit.matched,
        span: hit.span,
        fix,
        twin: None,
    })
}

/// The findings about a plan as a whole.
pub(crate) fn check_plan(facts: &PlanFacts, settings: &RuleSettings) -> Vec<Finding> {
    RULES
        .iter()
        .filter_map(|r| match r.check {
            Check::Plan(fires) => fires(facts).and_then(|hit| finding(r, settings, hit, None)),
            _ => None,
        })
        .collect()
}

/// Check one provision: analyse it, then let every rule say what it finds,
/// in a fixed order (the elements in turn, then other provision rules,
/// then the hedges as they stand in the text), then apply the plan's own
/// suppression comments and decide the verdict.
pub fn check(raw: &RawProvision, lex: &Lexicon, settings: &RuleSettings) -> Checked {
    let analysis = crate::check::analyse(raw, lex, &hedge_effects);
    let mut findings = Vec::new();
    for name in [ElementName::Frequency, ElementName::Duration, ElementName::Provider, ElementName::Qualification] {
        if !analysis.kind.required().contains(&name) {
            continue;
        }
        let el = analysis.elements.get(name);
        for r in RULES {
            if let Check::Element { element, status } = r.check
                && element == name
                && status == el.status
            {
                let hit = match status {
                    Status::Vague => Hit { matched: el.text.clone(), span: el.span.clone() },
                    _ => Hit::default(),
                };
                findings.extend(finding(r, settings, hit, None));
            }
        }
    }
    let facts = ProvisionFacts { raw, lex, analysis: &analysis };
    for r in RULES {
        if let Check::Provision(fires) = r.check
            && let Some(hit) = fires(&facts)
        {
            findings.extend(finding(r, settings, hit, None));
        }
    }
    for h in &analysis.hedges {
        let entry = &lex.hedges.entries[h.entry];
        let Some(r) = RULES.iter().find(|r| r.id == entry.rule) else { continue };
        let fix = if entry.fix.is_empty() { r.fix } else { entry.fix.as_str() };
        let hit = Hit { matched: Some(raw.text[h.span.clone()].to_string()), span: Some(h.span.clone()) };
        findings.extend(finding(r, settings, hit, Some(fix.to_string()).filter(|f| !f.is_empty())));
    }
    merge_twins(raw, &mut findings);
    let Analysis { kind, elements, .. } = analysis;
    let mut checked = Checked { kind, elements, findings, verdict: crate::types::Verdict::Specific };
    checked.reverdict();
    suppress::apply(&mut checked, &raw.comments, settings);
    checked
}

/// A provision that says the same in Welsh and in English has its hedges
/// twice ("As needed / Yn ôl yr angen"): one finding each, not two. The
/// hedge in the half that comes second is dropped when the first half of
/// the same part has a hedge of the same rule; its words are kept as the
/// finding's twin.
fn merge_twins(raw: &RawProvision, findings: &mut Vec<Finding>) {
    // Each part's halves, as byte ranges of the provision's text.
    let mut halves: Vec<[Range<usize>; 2]> = Vec::new();
    let parts: Vec<Range<usize>> = if raw.fields.is_empty() {
        std::iter::once(0..raw.text.len()).collect()
    } else {
        raw.fields.iter().map(|f| f.range.clone()).collect()
    };
    for r in parts {
        if let Some([a, b]) = crate::language::twins(&raw.text[r.clone()]) {
            halves
                .push([r.start + a.range.start..r.start + a.range.end, r.start + b.range.start..r.start + b.range.end]);
        }
    }
    if halves.is_empty() {
        return;
    }
    let inside = |span: &Range<usize>, r: &Range<usize>| r.start <= span.start && span.end <= r.end;
    let mut drop = vec![false; findings.len()];
    for i in 0..findings.len() {
        let (rule, kind) = (findings[i].rule, findings[i].kind);
        let Some(span) = findings[i].span.clone() else { continue };
        if kind != FindingKind::Hedge {
            continue;
        }
        let Some([first, second]) = halves.iter().find(|[a, _]| inside(&span, a)) else { continue };
        let _ = first;
        if let Some(j) = (0..findings.len()).find(|&j| {
            !drop[j]
                && j != i
                && findings[j].rule == rule
                && findings[j].kind == FindingKind::Hedge
                && findings[j].span.as_ref().is_some_and(|s| inside(s, second))
        }) {
            drop[j] = true;
            findings[i].twin = findings[j].matched.clone();
        }
    }
    let mut k = 0;
    findings.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// The Welsh-language sub-field of a per-element provision, blank: for IDP131.
pub(crate) fn welsh_field_blank(lex: &Lexicon, raw: &RawProvision) -> bool {
    raw.fields.iter().find(|f| f.role == Role::Welsh && f.name == "welsh").is_some_and(|welsh| {
        let text = raw.field_text(welsh);
        lex.context.is_blank(text) && text.trim().is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_ordered() {
        let mut ids: Vec<RuleId> = RULES.iter().map(|r| r.id).collect();
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

    #[test]
    fn every_rule_file_declares_its_own_id() {
        for r in RULES {
            let file_id = r.source.lines().next().and_then(|l| l.split_whitespace().nth(2)).unwrap_or("");
            assert_eq!(file_id, r.id.to_string(), "the first line of {}'s file names another id", r.name);
        }
    }

    #[test]
    fn the_builtin_lexicon_names_only_hedge_rules_that_exist() {
        check_lexicon(Lexicon::builtin()).unwrap();
    }
}
