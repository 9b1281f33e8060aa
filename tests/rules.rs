//! Every rule's documented examples run as tests (as Harper and
//! LanguageTool run theirs): the rule fires on each `fires: true` example
//! and stays silent on the others. And every hedge phrase in the lexicon
//! really is found when it governs a provision.

use idp_audit::types::{FindingKind, RuleId};
use idp_audit::{Options, audit_bytes, lexicon::Lexicon, rules::RULES};
use std::path::Path;

/// The rule ids reported for a whole plan (for a rule about the plan as a whole).
fn fired_on_plan(markdown: &str) -> Vec<RuleId> {
    let report = audit_bytes(markdown.as_bytes(), Path::new("example.md"), &Options::default());
    assert_ne!(report.status, idp_audit::Status::Error, "{markdown}");
    report.findings.iter().chain(report.provisions.iter().flat_map(|p| &p.check.findings)).map(|f| f.rule).collect()
}

/// The rule ids reported for a Section 2B whose body is `markdown`.
fn fired(markdown: &str) -> Vec<RuleId> {
    let plan = format!("# Individual Development Plan\n\n## Section 2B: Additional learning provision\n\n{markdown}\n");
    let report = audit_bytes(plan.as_bytes(), Path::new("example.md"), &Options::default());
    assert_eq!(report.status, idp_audit::Status::Ok, "{markdown}");
    assert!(!report.provisions.is_empty(), "no provision in {markdown:?}");
    report.provisions.iter().flat_map(|p| p.check.findings.iter().map(|f| f.rule)).collect()
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let mut wrong = Vec::new();
    let mut count = 0;
    for rule in RULES {
        for ex in rule.examples {
            count += 1;
            let ids = if rule.kind == FindingKind::Plan { fired_on_plan(ex.markdown) } else { fired(ex.markdown) };
            if ids.contains(&rule.id) != ex.fires {
                wrong.push(format!(
                    "{}: expected it {} on {:?}; it reported {ids:?}",
                    rule.id,
                    if ex.fires { "to fire" } else { "to stay silent" },
                    ex.markdown
                ));
            }
        }
    }
    assert!(count >= 2 * RULES.len(), "every rule has examples");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_rule_has_a_silent_example() {
    for rule in RULES {
        assert!(rule.examples.iter().any(|e| !e.fires), "{} has no negative example", rule.id);
    }
}

#[test]
fn every_hedge_phrase_is_found_where_it_governs_a_provision() {
    let lex = Lexicon::builtin();
    let mut unfound = Vec::new();
    for entry in &lex.hedges.entries {
        // Patterns are exercised by the rule examples and the checker tests.
        if entry.source.contains('\\') || entry.source.contains('(') {
            continue;
        }
        let p = &entry.source;
        let templates = if entry.lang == "cy" {
            vec![format!("- Cymorth un-i-un {p} yn y dosbarth."), format!("- Bydd y staff {p} darparu cymorth.")]
        } else {
            vec![
                format!("- Support in class {p}."),
                format!("- Staff {p} provide support in class."),
                format!("- {p} support in class."),
                format!("- Support {p} the class teacher."),
            ]
        };
        if !templates.iter().any(|t| fired(t).contains(&entry.rule)) {
            unfound.push(format!("{} ({})", p, entry.rule));
        }
    }
    assert!(unfound.is_empty(), "hedge phrases never found: {unfound:?}");
}

/// A hedge's finding says what its words do, why in law, and what to ask
/// for instead: the message from its rule, the basis and fix from its rule
/// unless the lexicon gives the phrase a more precise fix.
#[test]
fn every_hedge_rule_has_its_explanation_basis_and_fix() {
    for entry in &Lexicon::builtin().hedges.entries {
        let rule = idp_audit::rules::rule(entry.rule);
        assert!(rule.message.contains("{}"), "{}: explanation does not quote the words", rule.id);
        // The corrected forms of docs/legal-sources.md: the Code's paragraph
        // in "should" wording (it was read in a secondary source only), or
        // the Act by its short title and a pinpointed section.
        let code = rule.basis.contains("para 23.37: provision should be");
        let act = rule.basis.contains("ALNET Act 2018, s.");
        assert!(code || act, "{}: {}", rule.id, rule.basis);
        assert!(!rule.basis.contains("ALN Act 2018"), "{}: the Act is the ALNET Act 2018", rule.id);
        assert!(!entry.fix.is_empty() || !rule.fix.is_empty(), "{}: no fix", entry.source);
    }
}

/// Every case, section of the Act and paragraph that the rules (their
/// documentation and legal basis), the letter (both languages) and the
/// delivery letter print
/// is in docs/legal-sources.md, which holds the words of the source for
/// each.
#[test]
fn every_printed_citation_is_in_legal_sources() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sources = std::fs::read_to_string(root.join("docs/legal-sources.md")).unwrap();
    let mut texts: Vec<(String, String)> = Vec::new();
    for r in idp_audit::rules::RULES {
        texts.push((format!("{} docs", r.id), r.docs()));
        texts.push((format!("{} basis", r.id), r.basis.to_string()));
    }
    for lang in ["en", "cy"] {
        let t = std::fs::read_to_string(root.join(format!("src/letter/text/{lang}.toml"))).unwrap();
        texts.push((format!("letter {lang}"), t));
    }
    // The delivery letter (English only).
    let t = std::fs::read_to_string(root.join("src/delivery/text/en.toml")).unwrap();
    texts.push(("delivery letter".to_string(), t));
    let case = regex::Regex::new(r"\[\d{4}\] (?:ELR|UKUT) \d+").unwrap();
    let section =
        regex::Regex::new(r"\b(?:ss?\.|sections?|adran(?:nau)?) ?(\d+(?:\(\w+\))*)(?:,? (?:and|a) (\d+(?:\(\w+\))*))?")
            .unwrap();
    let more = regex::Regex::new(
        r"\bss\.(\d+\(\w+\)(?:\(\w+\))*)(?:, (\d+\(\w+\)(?:\(\w+\))*))*(?:,? and (\d+\(\w+\)(?:\(\w+\))*))?",
    )
    .unwrap();
    let para = regex::Regex::new(r"\b\d+\.\d+\b|\bpara(?:graph|graff)? \d+\b").unwrap();
    let mut missing = Vec::new();
    for (place, text) in &texts {
        for m in case.find_iter(text) {
            if !sources.contains(m.as_str()) {
                missing.push(format!("{place}: {}", m.as_str()));
            }
        }
        for c in section.captures_iter(text).chain(more.captures_iter(text)) {
            for n in c.iter().skip(1).flatten() {
                let n = n.as_str();
                // "s.12(7)(a)", or a pin-cite in a list ("ss.12(6)(b), 14(5)(b)").
                let found = sources.contains(&format!("s.{n}"))
                    || sources.contains(&format!("section {n}"))
                    || (n.contains('(') && sources.contains(n));
                if !found {
                    missing.push(format!("{place}: section {n}"));
                }
            }
        }
        for m in para.find_iter(text) {
            let p = m.as_str().replace("paragraph", "para").replace("paragraff", "para");
            if !sources.contains(&p) {
                missing.push(format!("{place}: {}", m.as_str()));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "printed but not in docs/legal-sources.md:\n{}", missing.join("\n"));
}
