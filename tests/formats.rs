//! Every output format on the fixtures: insta snapshots (read before they
//! were accepted), SARIF validated against the official 2.1.0 schema, CSV
//! that a spreadsheet reads back, and the formats agreeing with each other.

use idp_audit::report::{self, Format, Style};
use idp_audit::{DocumentReport, Options, audit_file};
use std::path::{Path, PathBuf};

/// Plans for the snapshots: a DOCX table, a Markdown list, PDF text, a plan
/// without 2B and a file that cannot be read. Relative paths, so the
/// snapshots do not depend on where the repository is.
fn sample() -> Vec<DocumentReport> {
    [
        "fixtures/docx/example_idp.docx",
        "fixtures/md/nested_list.md",
        "fixtures/txt/pdf_copy.txt",
        "fixtures/md/no_2b.md",
        "fixtures/no-such-plan.docx",
    ]
    .iter()
    .map(|p| audit_file(Path::new(p), &Options::default()))
    .collect()
}

fn all_fixtures() -> Vec<DocumentReport> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in ["docx", "md", "txt"] {
        for e in std::fs::read_dir(Path::new("fixtures").join(dir)).unwrap() {
            paths.push(e.unwrap().path());
        }
    }
    paths.sort();
    paths.push(PathBuf::from("fixtures/no-such-plan.docx"));
    paths.iter().map(|p| audit_file(p, &Options::default())).collect()
}

#[test]
fn snapshots_of_every_format() {
    let docs = sample();
    for (name, format) in [
        ("human", Format::Human),
        ("markdown", Format::Markdown),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("csv", Format::Csv),
    ] {
        insta::assert_snapshot!(format!("format_{name}"), report::render(format, &docs, Style::default()));
    }
}

#[test]
fn sarif_follows_the_official_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("contracts/sarif-schema-2.1.0.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let docs = all_fixtures();
    let sarif: serde_json::Value =
        serde_json::from_str(&report::render(Format::Sarif, &docs, Style::default())).expect("SARIF is JSON");
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    // One result per finding, each naming a rule the driver describes.
    let findings: usize = docs.iter().flat_map(|d| &d.provisions).map(|p| p.check.findings.len()).sum::<usize>()
        + docs.iter().map(|d| d.findings.len()).sum::<usize>();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["partialFingerprints"]["idpAudit/v1"].as_str().unwrap().len() == 16);
    }
    // Each plan with no Section 2B is a result (IDP001), at the file.
    let no_2b = docs.iter().filter(|d| d.status == idp_audit::Status::NoSection2B).count();
    assert!(no_2b >= 2);
    assert_eq!(results.iter().filter(|r| r["ruleId"] == "IDP001" && r["level"] == "error").count(), no_2b);
    // The unreadable file is a notification, not a result, and the run says
    // it did not check everything it was given.
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .contains("no-such-plan")
    );
}

#[test]
fn sarif_locations_say_where_in_each_format() {
    let sarif: serde_json::Value =
        serde_json::from_str(&report::render(Format::Sarif, &sample(), Style::default())).unwrap();
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let loc = &r["locations"][0];
        let uri = loc["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        if r["ruleId"] == "IDP001" {
            // About the plan as a whole: the file, and nowhere in it.
            assert!(loc.get("logicalLocations").is_none() && loc["physicalLocation"].get("region").is_none());
            continue;
        }
        assert!(loc["logicalLocations"][0]["name"].as_str().unwrap().starts_with("Section 2B"));
        if uri.ends_with(".md") || uri.ends_with(".txt") {
            assert!(loc["physicalLocation"]["region"]["startLine"].as_u64().unwrap() > 1, "{uri}");
        } else {
            assert!(loc["physicalLocation"].get("region").is_none(), "a DOCX has no lines");
        }
    }
}

#[test]
fn fingerprints_are_the_same_from_run_to_run() {
    let a = report::render(Format::Sarif, &all_fixtures(), Style::default());
    let b = report::render(Format::Sarif, &all_fixtures(), Style::default());
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let prints: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["idpAudit/v1"].as_str().unwrap())
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "every finding has its own fingerprint");
}

#[test]
fn csv_has_a_row_per_provision_and_per_unread_plan() {
    let docs = all_fixtures();
    let text = report::render(Format::Csv, &docs, Style::default());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "path");
    assert!(headers.iter().any(|h| h == "suggested_rewrite"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let expected: usize = docs.iter().map(|d| d.provisions.len().max(1)).sum();
    assert_eq!(rows.len(), expected);
    let vague_rows = rows.iter().filter(|r| &r[5] == "vague").count();
    assert_eq!(vague_rows, docs.iter().map(DocumentReport::vague_count).sum::<usize>());
    // Text with commas, quotes and line breaks survives the round trip.
    let first = docs.iter().flat_map(|d| &d.provisions).next().unwrap();
    assert!(rows.iter().any(|r| r[13] == first.raw.text));
}

#[test]
fn every_vague_provision_gets_a_rewrite_in_every_report() {
    let docs = sample();
    let md = report::render(Format::Markdown, &docs, Style::default());
    let human = report::render(Format::Human, &docs, Style::default());
    for p in docs.iter().flat_map(|d| &d.provisions).filter(|p| p.check.verdict == idp_audit::types::Verdict::Vague) {
        let r = p.rewrite.as_ref().expect("a vague provision has a rewrite");
        assert!(!r.text.is_empty());
        let words: String = r.text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        assert!(human.contains(&words), "{words}");
        assert!(md.contains(&idp_audit::report::markdown::escape(&words)), "{words}");
    }
}

#[test]
fn the_human_report_has_colour_only_when_asked() {
    let docs = sample();
    let plain = report::render(Format::Human, &docs, Style { color: false, width: 88 });
    let colour = report::render(Format::Human, &docs, Style { color: true, width: 88 });
    assert!(!plain.contains('\x1b'));
    assert!(colour.contains("\x1b["));
}
