//! The checker on single provisions: `fixtures/checks/cases.toml`, each
//! labelled by the guideline, with the general point it makes.

use idp_audit::{Options, audit_bytes};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    /// Column headers ("Provision | Who | Training"): the text is then one
    /// row of a Section 2B table under them, its cells split at " | ".
    header: Option<String>,
    kind: Option<String>,
    /// Frequency, duration, provider, qualification: p, v, m or n.
    elements: Option<String>,
    group: Option<String>,
    hedges: Option<Vec<String>>,
    verdict: Option<String>,
    #[allow(dead_code)]
    why: Option<String>,
}

fn short(status: &str) -> &'static str {
    match status {
        "present" => "p",
        "vague" => "v",
        "missing" => "m",
        "not_applicable" => "n",
        other => panic!("status {other}"),
    }
}

#[test]
fn every_case_is_checked_as_labelled() {
    let src =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/checks/cases.toml")).unwrap();
    let file: File = toml::from_str(&src).unwrap();
    assert!(file.case.len() >= 20);
    let mut wrong = Vec::new();
    for case in &file.case {
        let plan = match &case.header {
            Some(header) => {
                let rule = header.split('|').map(|_| "---").collect::<Vec<_>>().join(" | ");
                format!("# Plan\n\n## Section 2B\n\n| {header} |\n| {rule} |\n| {} |\n", case.text)
            }
            None => format!("# Plan\n\n## Section 2B\n\n- {}\n", case.text),
        };
        let report = audit_bytes(plan.as_bytes(), Path::new("case.md"), &Options::default());
        assert_eq!(report.provisions.len(), 1, "{}", case.text);
        let p = &report.provisions[0];
        let c = &p.check;
        let e = &c.elements;
        let got_elements = [&e.frequency, &e.duration, &e.provider, &e.qualification]
            .iter()
            .map(|el| short(el.status.as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        let got_hedges: Vec<String> = c
            .findings
            .iter()
            .filter(|f| f.kind == idp_audit::types::FindingKind::Hedge)
            .filter_map(|f| f.matched.clone())
            .collect();
        let mut problems = Vec::new();
        if let Some(k) = &case.kind
            && k != c.kind.as_str()
        {
            problems.push(format!("kind {} (want {k})", c.kind.as_str()));
        }
        if let Some(want) = &case.elements
            && *want != got_elements
        {
            problems.push(format!("elements {got_elements} (want {want})"));
        }
        if let Some(g) = &case.group
            && g != short(e.group.status.as_str())
        {
            problems.push(format!("group {} (want {g})", e.group.status.as_str()));
        }
        if let Some(want) = &case.hedges {
            let mut a = got_hedges.clone();
            let mut b = want.clone();
            a.sort();
            b.sort();
            if a != b {
                problems.push(format!("hedges {got_hedges:?} (want {want:?})"));
            }
        }
        if let Some(v) = &case.verdict
            && v != c.verdict.as_str()
        {
            problems.push(format!("verdict {} (want {v})", c.verdict.as_str()));
        }
        if !problems.is_empty() {
            wrong.push(format!("{}\n    {}", case.text, problems.join("; ")));
        }
    }
    assert!(wrong.is_empty(), "{} cases wrong:\n{}", wrong.len(), wrong.join("\n"));
}

/// A ceiling in a group-size column caps the group and protects the child
/// (guideline: "'Up to' that caps a group's size … is not a hedge"); the same
/// words in the frequency column cap the provision.
#[test]
fn a_ceiling_in_the_group_column_is_no_hedge() {
    let plan = "# Plan\n\n## Section 2B\n\n| Provision | Group | How often | How long | Who |\n|---|---|---|---|---|\n\
                | Lunchtime club in the Base | Up to 8 | Daily | Whole of lunchtime | HLTA trained in Lego-based therapy |\n\
                | Movement breaks | 1:1 | Up to 4 a day | 5 minutes | TA trained by the OT |\n";
    let report = audit_bytes(plan.as_bytes(), Path::new("case.md"), &Options::default());
    let hedges: Vec<Vec<String>> = report
        .provisions
        .iter()
        .map(|p| {
            p.check
                .findings
                .iter()
                .filter(|f| f.kind == idp_audit::types::FindingKind::Hedge)
                .filter_map(|f| f.matched.clone())
                .collect()
        })
        .collect();
    assert_eq!(hedges, vec![Vec::<String>::new(), vec!["Up to".to_string()]]);
}
