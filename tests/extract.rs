//! Reading, locating and splitting, on the layout fixtures in `fixtures/`.
//!
//! Two checks per fixture: the provisions equal the ones written down from
//! the fixture's design (`fixtures/expected/*.json`, not copied from the
//! tool), and an insta snapshot of everything the reader saw (blocks,
//! Section 2B, each provision's fields with their roles and locations).

use idp_audit::{Options, Status, audit_file, dump_file};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture plan, in a stable order.
fn fixture_plans() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["docx", "md", "txt"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures").join(dir))
            .unwrap_or_else(|e| panic!("fixtures/{dir}: {e}"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        out.extend(files);
    }
    assert!(out.len() >= 20, "the fixtures folder looks incomplete: {out:?}");
    out
}

fn expected(plan: &Path) -> (String, Vec<String>) {
    let name = plan.file_name().unwrap().to_str().unwrap();
    let path = root().join("fixtures/expected").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{name} has no expectation at {}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let status = v["status"].as_str().unwrap().to_string();
    let provisions = v["provisions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    (status, provisions)
}

#[test]
fn every_fixture_gives_the_provisions_of_its_design() {
    let mut failures = Vec::new();
    for plan in fixture_plans() {
        let (status, want) = expected(&plan);
        let report = audit_file(&plan, &Options::default());
        let got: Vec<String> = report.provisions.iter().map(|p| p.raw.text.clone()).collect();
        if report.status.as_str() != status || got != want {
            failures.push(format!(
                "{}: status {} (want {status})\n  got:  {got:#?}\n  want: {want:#?}",
                plan.display(),
                report.status.as_str()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn extraction_snapshots() {
    for plan in fixture_plans() {
        let name = plan.file_name().unwrap().to_str().unwrap().replace('.', "_");
        let dump = dump_file(&plan, &Options::default()).unwrap();
        insta::assert_snapshot!(format!("extract_{name}"), dump);
    }
}

#[test]
fn a_plan_without_section_2b_has_no_provisions() {
    for name in ["docx/no_section_2b.docx", "md/no_2b.md"] {
        let report = audit_file(&root().join("fixtures").join(name), &Options::default());
        assert_eq!(report.status, Status::NoSection2B, "{name}");
        assert!(report.provisions.is_empty(), "{name}");
    }
}

#[test]
fn tracked_changes_are_noticed() {
    let report = audit_file(&root().join("fixtures/docx/tracked_changes.docx"), &Options::default());
    assert!(report.notices.iter().any(|n| n.code == "tracked_changes"), "{:?}", report.notices);
    let clean = audit_file(&root().join("fixtures/docx/example_idp.docx"), &Options::default());
    assert!(clean.notices.iter().all(|n| n.code != "tracked_changes"));
}

#[test]
fn table_rows_keep_their_column_headers_and_place() {
    let report = audit_file(&root().join("fixtures/docx/merged_cells.docx"), &Options::default());
    let second = &report.provisions[1].raw;
    let who = second.fields.iter().find(|f| f.name == "Who will deliver").expect("a Who column");
    assert_eq!(second.field_text(who), "Teaching assistant (Mr Dylan Price), trained by the SaLT");
    assert!(who.merged, "the Who cell continues a vertical merge");
    assert_eq!(second.location.describe(), "Section 2B, table 1, row 4");
}

#[test]
fn element_blocks_are_keyed_by_sub_field() {
    let report = audit_file(&root().join("fixtures/docx/element_tables.docx"), &Options::default());
    assert_eq!(report.provisions.len(), 4);
    let keys: Vec<&str> = report.provisions[0].raw.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(keys, ["outcome", "alp", "welsh", "organisation", "start", "review", "rationale"]);
}

#[test]
fn markdown_provisions_know_their_line() {
    let report = audit_file(&root().join("fixtures/md/table_gfm.md"), &Options::default());
    let src = std::fs::read_to_string(root().join("fixtures/md/table_gfm.md")).unwrap();
    for p in &report.provisions {
        let line = p.raw.location.line.expect("a Markdown row has a line");
        let first_cell = p.raw.text.split(" | ").next().unwrap();
        let source_line = src.lines().nth(line - 1).unwrap();
        let first_words: String = first_cell.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        assert!(source_line.contains(&first_words), "line {line} is {source_line:?}, not {first_cell:?}");
    }
}
