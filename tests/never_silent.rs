//! A plan that was not read properly never looks like a plan with nothing
//! wrong in it: a Section 2B found empty (IDP002), named in the text but
//! not found (IDP003), read as fragments or as list items run together
//! (IDP004), or laid out so that no provision could be split from it, is a
//! finding in every format, fails CI at the default level, and says what
//! to do (`idp-audit dump`, `--section-2b`).
//!
//! Plans here are invented and written to temporary folders.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

fn idp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idp-audit")).current_dir(dir).args(args).env_remove("COLUMNS").output().unwrap()
}

fn report(dir: &Path, file: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", file, "--format", "json"];
    args.extend(extra);
    let out = idp(dir, &args);
    (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).unwrap())
}

fn plan_rules(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"].as_array().into_iter().flatten().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

#[test]
fn an_empty_section_2b_fails_and_says_so() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "empty.md",
        "# IDP: Cerys (invented)\n\n## Section 2B: Additional learning provision\n\n| Provision | How often | Who |\n\
         |---|---|---|\n\n## Section 2C\n\nNone.\n",
    );
    let (code, r) = report(tmp.path(), "empty.md", &[]);
    let doc = &r["documents"][0];
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["provisions"].as_array().unwrap().len(), 0);
    assert_eq!(plan_rules(doc), ["IDP002"]);
    assert_eq!(code, 1, "an empty Section 2B is not a clean result");
    let human = String::from_utf8(idp(tmp.path(), &["check", "empty.md"]).stdout).unwrap();
    assert!(human.contains("no provision could be read") && human.contains("IDP002"), "{human}");
}

#[test]
fn a_section_named_in_the_text_but_not_found_names_what_to_do() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "named.md",
        "# IDP: Osian (invented)\n\nThe provision in Section 2B starts in September.\n\n## What support will I get\n\n\
         - Speech and language therapy where possible.\n- Reading support daily, 20 minutes, 1:1, with a TA trained in \
         Read Write Inc.\n\n## My outcomes\n\nTo read.\n",
    );
    let (code, r) = report(tmp.path(), "named.md", &[]);
    let doc = &r["documents"][0];
    assert_eq!(doc["status"], "no_section_2b");
    assert_eq!(plan_rules(doc), ["IDP003"]);
    assert!(doc["findings"][0]["message"].as_str().unwrap().contains("--section-2b"));
    assert_eq!(code, 1);
    // Named by hand, the section is found and checked.
    let (code, r) = report(tmp.path(), "named.md", &["--section-2b", "what support will I get"]);
    let doc = &r["documents"][0];
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["section_2b"]["found_by"], "named");
    assert_eq!(doc["provisions"].as_array().unwrap().len(), 2);
    assert!(plan_rules(doc).is_empty());
    assert_eq!(code, 1, "one provision is vague");
    // The same from idp-audit.toml.
    write(tmp.path(), "idp-audit.toml", "section-2b = \"What support will I get\"\n");
    let (_, r) = report(tmp.path(), "named.md", &[]);
    assert_eq!(r["documents"][0]["provisions"].as_array().unwrap().len(), 2);
}

#[test]
fn a_table_of_fragments_is_flagged_not_counted_as_checked() {
    let tmp = TempDir::new().unwrap();
    // A table copied one cell to a line: header words and values as rows.
    write(
        tmp.path(),
        "fragments.md",
        "# IDP: Efa (invented)\n\n## Section 2B: Additional learning provision\n\n| Provision |\n|---|\n| How often |\n\
         | Who |\n| Speech and language therapy |\n| Weekly |\n| SaLT |\n| Reading |\n| Daily |\n| TA |\n\n\
         ## Section 2C\n\nNone.\n",
    );
    let (code, r) = report(tmp.path(), "fragments.md", &[]);
    let doc = &r["documents"][0];
    assert_eq!(plan_rules(doc), ["IDP004"], "{doc}");
    assert!(doc["findings"][0]["message"].as_str().unwrap().contains("fragments"));
    assert_eq!(code, 1);
    let sarif: serde_json::Value =
        serde_json::from_slice(&idp(tmp.path(), &["check", "fragments.md", "--format", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "IDP004" && r["level"] == "error"));
}

#[test]
fn typed_markers_run_together_are_flagged() {
    let tmp = TempDir::new().unwrap();
    // A text paste in which the numbered items ran into one line.
    write(
        tmp.path(),
        "run-together.txt",
        "IDP: Gethin (invented)\n\nSection 2B: Additional learning provision\n\n1. Speech and language therapy weekly \
         2. Reading support daily with a TA 3. Movement breaks as needed\n\nSection 2C\n\nNone.\n",
    );
    let (code, r) = report(tmp.path(), "run-together.txt", &[]);
    let doc = &r["documents"][0];
    assert_eq!(plan_rules(doc), ["IDP004"], "{doc}");
    assert!(doc["findings"][0]["message"].as_str().unwrap().contains("run together"));
    assert_eq!(code, 1);
}

#[test]
fn a_plan_read_properly_has_no_plan_finding() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "fine.md",
        "# IDP: Mali (invented)\n\n## Section 2B: Additional learning provision\n\n- Speech and language therapy, \
         one 30-minute session each week with an HCPC-registered speech and language therapist.\n",
    );
    let (code, r) = report(tmp.path(), "fine.md", &[]);
    assert!(plan_rules(&r["documents"][0]).is_empty());
    assert_eq!(code, 0);
}
