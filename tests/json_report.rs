//! The JSON report keeps to its contract (contracts/report.schema.json)
//! on every fixture, and its summary adds up.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn all_fixtures() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["docx", "md", "txt"] {
        for e in std::fs::read_dir(root().join("fixtures").join(dir)).unwrap() {
            v.push(e.unwrap().path());
        }
    }
    v.sort();
    v
}

fn run_json(paths: &[PathBuf]) -> serde_json::Value {
    let out =
        Command::new(env!("CARGO_BIN_EXE_idp-audit")).args(["check", "--format", "json"]).args(paths).output().unwrap();
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

#[test]
fn the_report_follows_the_contract() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("contracts/report.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the contract is a valid schema");
    let mut paths = all_fixtures();
    paths.push(root().join("fixtures/does-not-exist.docx"));
    let report = run_json(&paths);
    let errors: Vec<String> =
        validator.iter_errors(&report).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // Beyond the schema: every provision carries every field the contract requires.
    for d in report["documents"].as_array().unwrap() {
        for p in d["provisions"].as_array().unwrap() {
            for key in ["index", "text", "kind", "elements", "findings", "verdict"] {
                assert!(p.get(key).is_some(), "{key} missing in {p}");
            }
        }
    }
}

#[test]
fn spans_point_at_the_matched_words() {
    let report = run_json(&all_fixtures());
    let mut checked = 0;
    for d in report["documents"].as_array().unwrap() {
        for p in d["provisions"].as_array().unwrap() {
            let text = p["text"].as_str().unwrap();
            for f in p["findings"].as_array().unwrap() {
                if let (Some(m), Some(span)) = (f["matched"].as_str(), f.get("span")) {
                    let (s, e) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
                    assert_eq!(&text[s..e], m, "{text}");
                    checked += 1;
                }
            }
            for (_, el) in p["elements"].as_object().unwrap() {
                if let (Some(t), Some(span)) = (el["text"].as_str(), el.get("span")) {
                    let (s, e) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
                    assert_eq!(&text[s..e], t);
                }
            }
        }
    }
    assert!(checked > 20);
}

#[test]
fn the_summary_adds_up() {
    let report = run_json(&all_fixtures());
    let docs = report["documents"].as_array().unwrap();
    let s = &report["summary"];
    assert_eq!(s["documents"], docs.len());
    let provisions: usize = docs.iter().map(|d| d["provisions"].as_array().unwrap().len()).sum();
    assert_eq!(s["provisions"], provisions);
    let vague =
        docs.iter().flat_map(|d| d["provisions"].as_array().unwrap()).filter(|p| p["verdict"] == "vague").count();
    assert_eq!(s["vague"], vague);
    // Each provision's findings, and the findings about a plan as a whole:
    // every plan with no Section 2B has one, and each is of kind "plan".
    let plan_findings: usize = docs.iter().filter_map(|d| d["findings"].as_array()).map(Vec::len).sum();
    for d in docs.iter().filter(|d| d["status"] == "no_section_2b") {
        assert_eq!(d["findings"].as_array().map(Vec::len), Some(1), "{}", d["path"]);
    }
    assert!(docs.iter().filter_map(|d| d["findings"].as_array()).flatten().all(|f| f["kind"] == "plan"));
    let findings: usize = plan_findings
        + docs
            .iter()
            .flat_map(|d| d["provisions"].as_array().unwrap())
            .map(|p| p["findings"].as_array().unwrap().len())
            .sum::<usize>();
    let by_rule: u64 = s["by_rule"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_rule as usize, findings);
}

#[test]
fn an_empty_batch_is_still_a_report() {
    let out = Command::new(env!("CARGO_BIN_EXE_idp-audit")).args(["check", "--format", "json"]).output().unwrap();
    // No paths is a usage error (exit 2), with nothing on stdout.
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let empty = idp_audit::report::json::render(&[]);
    let v: serde_json::Value = serde_json::from_str(&empty).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 0);
}
