//! Every file of the real-world DOCX corpus (fixtures/docx-wild, a copy of the shared corpus):
//! no panic, each either read or refused with a clear message, and a batch
//! of all of them goes on to the end.
//!
//! The corpus MANIFEST.md says which files are not readable zips (fuzzer
//! inputs, a truncated file, an encrypted one); those must be errors, and
//! every other file must be read.

use idp_audit::{Options, Status, audit_file};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx-wild")
}

fn files() -> Vec<PathBuf> {
    let dir = corpus();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus should be at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 120, "the corpus holds 120 .docx files");
    files
}

/// The files MANIFEST.md lists as "not a readable zip".
fn unreadable_per_manifest() -> BTreeSet<String> {
    let manifest = std::fs::read_to_string(corpus().join("MANIFEST.md")).unwrap();
    manifest
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains("not a readable zip"))
        .map(|l| l.split('`').nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn every_corpus_file_is_read_or_clearly_refused() {
    let unreadable = unreadable_per_manifest();
    assert!(unreadable.len() >= 9, "{unreadable:?}");
    let mut problems = Vec::new();
    for path in files() {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let report = audit_file(&path, &Options::default());
        match report.status {
            Status::Ok | Status::NoSection2B => {
                if unreadable.contains(&name) {
                    problems.push(format!("{name}: read, but the manifest says it is not a readable zip"));
                }
            }
            Status::Error => {
                let err = report.error.as_ref().expect("an error status carries an error");
                if !unreadable.contains(&name) {
                    problems.push(format!("{name}: refused ({}: {})", err.kind.as_str(), err.message));
                }
                if err.kind == idp_audit::types::error::ErrorKind::Internal {
                    problems.push(format!("{name}: internal error {}", err.message));
                }
                // A clear message says what the file is and what to do.
                if err.message.len() < 40 || !err.message.contains('.') {
                    problems.push(format!("{name}: unclear message {:?}", err.message));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_encrypted_file_is_named_as_password_protected() {
    let report = audit_file(&corpus().join("poi__bug53475-password-is-pass.docx"), &Options::default());
    let err = report.error.unwrap();
    assert_eq!(err.kind.as_str(), "encrypted");
    assert!(err.message.contains("password"), "{}", err.message);
}

#[test]
fn odd_packages_still_give_their_text() {
    let dump = |name: &str| idp_audit::dump_file(&corpus().join(name), &Options::default()).unwrap();
    // ISO Strict namespaces.
    assert!(dump("mammoth__strict-format.docx").contains("P: Test"));
    // A prefix other than w:, matched by namespace.
    assert!(dump("pandoc__ns0-reference.docx").contains("P: ref"));
    // The main part found through _rels/.rels, not at word/document.xml.
    assert!(dump("pandoc__alternate_document_path.docx").contains("H1: Test"));
    // An external entity is never resolved: its reference stays literal text.
    assert!(dump("poi__ExternalEntityInText.docx").contains("\"&testent;\""));
    // Three w:body elements: all three read.
    assert!(dump("poi__MultipleBodyBug.docx").contains("END BODY 3"));
}

#[test]
fn a_batch_of_the_whole_corpus_reports_every_file() {
    let out = Command::new(env!("CARGO_BIN_EXE_idp-audit"))
        .args(["check", "--format", "json", "--exit-zero"])
        .args(files())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 120);
    let errors = docs.iter().filter(|d| d["status"] == "error").count();
    assert_eq!(errors, unreadable_per_manifest().len());
    assert_eq!(report["summary"]["errors"], errors);
}

/// The broken files of the corpus say what they are and what to do, in
/// words: the encrypted one is password-protected, the truncated one is cut
/// off, and every other one is a damaged file to download again or re-save.
#[test]
fn broken_corpus_files_say_what_to_do() {
    for name in unreadable_per_manifest() {
        let report = audit_file(&corpus().join(&name), &Options::default());
        let err = report.error.unwrap_or_else(|| panic!("{name} was read"));
        let m = &err.message;
        match name.as_str() {
            "poi__bug53475-password-is-pass.docx" => {
                assert_eq!(err.kind.as_str(), "encrypted");
                assert!(m.contains("password-protected") && m.contains("remove the password"), "{m}");
            }
            _ => {
                assert_eq!(err.kind.as_str(), "corrupt", "{name}: {m}");
                assert!(m.contains("cannot be opened") && m.contains("save a new copy"), "{name}: {m}");
                if name == "poi__truncated62886.docx" {
                    assert!(m.contains("cut off"), "{m}");
                }
            }
        }
        // What to do comes before any technical detail.
        let detail = m.find("(Technical detail").unwrap_or(m.len());
        assert!(m[..detail].contains("Word"), "{name}: {m}");
    }
}
