//! Inline suppressions: `<!-- idp-audit: ignore IDP201 -->` written just
//! before a provision (or its table row) in a Markdown plan removes that
//! rule's findings from that provision. A suppression that removes nothing
//! is itself reported (IDP901 unused-suppression), as ruff reports unused
//! `noqa` comments.

use super::idp901_unused_suppression as idp901;
use crate::types::{Checked, RuleSettings};

/// One comment addressed to idp-audit.
struct Directive<'a> {
    comment: &'a str,
    /// `None` when the comment is not an `ignore`.
    rules: Option<Vec<&'a str>>,
}

fn directive(comment: &str) -> Option<Directive<'_>> {
    let c = comment.trim();
    let head = c.get(..10)?;
    if !head.eq_ignore_ascii_case("idp-audit:") {
        return None;
    }
    let rest = c[10..].trim_start();
    let rules = rest
        .get(..6)
        .filter(|v| v.eq_ignore_ascii_case("ignore"))
        .filter(|_| rest[6..].is_empty() || rest[6..].starts_with(|ch: char| ch.is_whitespace()))
        .map(|_| rest[6..].split(|ch: char| ch == ',' || ch.is_whitespace()).filter(|s| !s.is_empty()).collect());
    Some(Directive { comment: c, rules })
}

/// Apply the suppressions in `comments` to a checked provision, then
/// recompute its verdict.
pub(crate) fn apply(checked: &mut Checked, comments: &[String], settings: &RuleSettings) {
    let directives: Vec<Directive> = comments.iter().filter_map(|c| directive(c)).collect();
    if directives.is_empty() {
        return;
    }
    let mut unused: Vec<(String, String)> = Vec::new();
    let mut quiet_unused = false;
    for d in &directives {
        let Some(names) = &d.rules else {
            unused.push((
                d.comment.to_string(),
                format!(
                    "idp-audit does not understand the comment \"{}\"; write `<!-- idp-audit: ignore IDP201 -->` to \
                     silence a rule for the provision after it.",
                    d.comment
                ),
            ));
            continue;
        };
        if names.is_empty() {
            unused.push((
                d.comment.to_string(),
                format!(
                    "The comment \"{}\" names no rule, so it suppresses nothing; name the rules, as in \
                     `idp-audit: ignore IDP201`.",
                    d.comment
                ),
            ));
            continue;
        }
        for name in names {
            let Some(rule) = super::get(name) else {
                unused.push((
                    d.comment.to_string(),
                    format!(
                        "The comment \"{}\" names {name}, which is not a rule, so it suppresses nothing; \
                         `idp-audit rules` lists them.",
                        d.comment
                    ),
                ));
                continue;
            };
            if rule.id == idp901::ID {
                quiet_unused = true;
                continue;
            }
            let before = checked.findings.len();
            checked.findings.retain(|f| f.rule != rule.id);
            if checked.findings.len() == before {
                unused.push((
                    d.comment.to_string(),
                    format!(
                        "The comment \"{}\" suppresses nothing here: {} does not fire on this provision. Remove it, \
                         or move it to the provision it was meant for.",
                        d.comment, rule.id
                    ),
                ));
            }
        }
    }
    if !quiet_unused {
        for (comment, message) in unused {
            let hit = super::Hit { matched: Some(comment), span: None };
            if let Some(mut f) = super::finding(&idp901::RULE, settings, hit, None) {
                // The comment's own words say what is wrong with it.
                f.message = message;
                checked.findings.push(f);
            }
        }
    }
    checked.reverdict();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_read() {
        let d = directive(" IDP-Audit: ignore IDP201, idp203 ").unwrap();
        assert_eq!(d.rules, Some(vec!["IDP201", "idp203"]));
        assert_eq!(directive("idp-audit: ignore").unwrap().rules, Some(vec![]));
        assert_eq!(directive("idp-audit: ignored IDP201").unwrap().rules, None);
        assert!(directive("a note for the ALNCo").is_none());
        assert!(directive("idp").is_none());
    }
}
