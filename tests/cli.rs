//! The command line as its users meet it: a path as the first argument
//! means `check`; every plan that could not be read or checked is named on
//! stderr whatever the format; a plan with no Section 2B is a finding that
//! fails CI; a folder's office files that cannot be read are reported, and
//! idp-audit's own letters and reports are never read back as plans; the
//! human report fits the terminal; `-`, `-o`, `-q`, day-first dates and the
//! manual pages.
//!
//! Plans here are invented and written to temporary folders.

#[path = "support/hostile.rs"]
mod hostile;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

const VAGUE_PLAN: &str = "# Individual Development Plan: Cerys (invented)\n\n## Section 2B: Additional learning \
                          provision\n\n- Access to speech and language therapy as required.\n- Speech and language \
                          therapy, one 30-minute session each week with an HCPC-registered speech and language \
                          therapist.\n";
const NO_2B_PLAN: &str = "# One-page profile: Cerys (invented)\n\nWhat people like and admire about me: I am kind.\n";

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

fn idp(dir: &Path, args: &[&str]) -> Output {
    idp_env(dir, args, &[])
}

fn idp_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_idp-audit"));
    c.current_dir(dir).args(args).env_remove("COLUMNS");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out(o)))
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn scratch() -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(&tmp.path().join("vague.md"), VAGUE_PLAN);
    write(&tmp.path().join("profile.md"), NO_2B_PLAN);
    fs::copy(fixture("docx/example_idp.docx"), tmp.path().join("plan.docx")).unwrap();
    tmp
}

#[test]
fn a_path_first_means_check() {
    let tmp = scratch();
    let direct = idp(tmp.path(), &["plan.docx", "--format", "json"]);
    let checked = idp(tmp.path(), &["check", "plan.docx", "--format", "json"]);
    assert_eq!(code(&direct), 1, "{}", err(&direct));
    assert_eq!(direct.stdout, checked.stdout);
    // Options may come first, and --config before them is kept in its place.
    write(&tmp.path().join("quiet.toml"), "format = \"csv\"\n");
    let o = idp(tmp.path(), &["--config", "quiet.toml", "plan.docx"]);
    assert!(out(&o).starts_with("path,status,index"), "{}", out(&o));
    let o = idp(tmp.path(), &["--format", "json", "vague.md"]);
    assert_eq!(json(&o)["documents"][0]["path"], "vague.md");
    // A mistyped command is still a mistyped command, with a suggestion.
    let o = idp(tmp.path(), &["chek", "plan.docx"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("unrecognized subcommand 'chek'") && err(&o).contains("'check'"), "{}", err(&o));
    // Commands still work, and a file named like one is checked with `check`.
    assert_eq!(code(&idp(tmp.path(), &["rules"])), 0);
}

#[test]
fn unreadable_and_unchecked_plans_are_named_on_stderr_in_every_format() {
    let tmp = scratch();
    for format in ["human", "json", "sarif", "csv", "markdown"] {
        let o = idp(tmp.path(), &["check", "nope.docx", "profile.md", "plan.docx", "--format", format]);
        assert_eq!(code(&o), 2, "{format}");
        let e = err(&o);
        assert!(e.contains("nope.docx: could not be read: No file was found"), "{format}: {e}");
        assert!(e.contains("profile.md: No Section 2B was found") && e.contains("(IDP001)"), "{format}: {e}");
        assert!(!e.contains("plan.docx:"), "a plan that was checked is not named: {e}");
        assert_eq!(e.lines().count(), 2, "one line each: {e}");
    }
    // --quiet: no report, but an unreadable file is still an error on stderr.
    let o = idp(tmp.path(), &["check", "-q", "nope.docx", "profile.md"]);
    assert!(o.stdout.is_empty());
    assert!(err(&o).contains("nope.docx: could not be read"), "{}", err(&o));
    assert!(!err(&o).contains("profile.md"), "--quiet keeps only errors: {}", err(&o));
    assert_eq!(code(&o), 2);
}

#[test]
fn a_plan_with_no_section_2b_fails_ci_and_is_a_sarif_result() {
    let tmp = scratch();
    for level in [None, Some("info"), Some("error"), Some("warning")] {
        let mut args = vec!["check", "profile.md", "--format", "json"];
        if let Some(l) = level {
            args.extend(["--fail-on", l]);
        }
        let o = idp(tmp.path(), &args);
        assert_eq!(code(&o), 1, "--fail-on {level:?}: a plan that was not checked never passes");
        let d = &json(&o)["documents"][0];
        assert_eq!(d["status"], "no_section_2b");
        assert_eq!(d["findings"][0]["rule"], "IDP001");
        assert_eq!(d["findings"][0]["kind"], "plan");
        assert_eq!(d["findings"][0]["severity"], "error");
    }
    let sarif = json(&idp(tmp.path(), &["check", "profile.md", "--format", "sarif"]));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "IDP001");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(sarif["runs"][0]["invocations"][0]["executionSuccessful"], true);
    // A file that could not be read: the run did not check everything.
    let sarif = json(&idp(tmp.path(), &["check", "nope.docx", "--format", "sarif"]));
    assert_eq!(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);
    // Turned down in idp-audit.toml, it no longer fails the default level.
    write(&tmp.path().join("idp-audit.toml"), "[rules]\nIDP001 = \"warning\"\n");
    assert_eq!(code(&idp(tmp.path(), &["check", "profile.md"])), 0);
    assert_eq!(code(&idp(tmp.path(), &["check", "profile.md", "--fail-on", "warning"])), 1);
    // `explain` documents it like every rule.
    let o = idp(tmp.path(), &["explain", "no-section-2b"]);
    assert!(out(&o).contains("IDP001") && out(&o).contains("idp-audit dump"), "{}", out(&o));
}

#[test]
fn a_folder_reports_its_office_files_and_skips_what_idp_audit_wrote() {
    let tmp = scratch();
    let dir = tmp.path().join("mixed");
    write(&dir.join("a.pdf"), "%PDF-1.7\n1 0 obj << >> endobj\n");
    write(&dir.join("b.doc"), hostile::ole(&["WordDocument"]));
    write(
        &dir.join("c.odt"),
        hostile::zip(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")]),
    );
    fs::copy(fixture("docx/example_idp.docx"), dir.join("d.docx")).unwrap();
    // What idp-audit wrote from d.docx, in the same folder, as a user leaves it.
    for (args, what) in [
        (vec!["letter", "mixed/d.docx", "--out", "mixed/letter.md"], "letter.md"),
        (vec!["letter", "mixed/d.docx", "--out", "mixed/letter.docx"], "letter.docx"),
        (vec!["check", "mixed/d.docx", "--format", "markdown", "-o", "mixed/report.md"], "report.md"),
        (vec!["check", "mixed/d.docx", "-o", "mixed/report.txt"], "report.txt"),
    ] {
        let o = idp(tmp.path(), &args);
        assert!(dir.join(what).exists(), "{what}: {}", err(&o));
    }
    let o = idp(tmp.path(), &["check", "mixed", "--format", "json"]);
    assert_eq!(code(&o), 2, "three files could not be read");
    let report = json(&o);
    let docs = report["documents"].as_array().unwrap();
    let seen: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|d| {
            (d["path"].as_str().unwrap(), d["status"].as_str().unwrap(), d["error"]["kind"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("mixed/a.pdf", "error", "corrupt"),
            ("mixed/b.doc", "error", "legacy_doc"),
            ("mixed/c.odt", "error", "wrong_office_type"),
            ("mixed/d.docx", "ok", ""),
        ]
    );
    assert_eq!(report["summary"]["errors"], 3);
    assert_eq!(report["summary"]["documents"], 4);
    let e = err(&o);
    for name in ["a.pdf", "b.doc", "c.odt"] {
        assert!(e.contains(&format!("mixed/{name}: could not be read")), "{e}");
    }
    assert!(e.contains("skipped 4 files that idp-audit wrote itself"), "{e}");
    for name in ["letter.md", "letter.docx", "report.md", "report.txt"] {
        assert!(e.contains(&format!("mixed/{name}")), "{name} is named as skipped: {e}");
    }
    // Named on the command line, a letter is refused as not being a plan.
    let o = idp(tmp.path(), &["check", "mixed/letter.docx", "--format", "json"]);
    assert_eq!(json(&o)["documents"][0]["error"]["kind"], "own_output");
    assert_eq!(code(&o), 2);
}

/// The longest line of a report, in terminal columns.
fn widest(report: &str) -> usize {
    report.lines().map(unicode_width::UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn the_human_report_fits_the_terminal_and_carets_stay_under_their_words() {
    let tmp = scratch();
    let welsh = "# CDU: Gwenllian (dychmygol)\n\n## Adran 2B: Darpariaeth\n\n- Cymorth un-i-un gan gynorthwyydd \
                 addysgu ŵyr a chôr yn ôl yr angen yn ystod gwersi Cymraeg a mathemateg bob dydd.\n";
    write(&tmp.path().join("cymraeg.md"), welsh);
    for columns in ["40", "60", "80", "120"] {
        let o = idp_env(tmp.path(), &["check", "plan.docx", "cymraeg.md", "--color", "never"], &[("COLUMNS", columns)]);
        let report = out(&o);
        let width: usize = columns.parse().unwrap();
        assert!(widest(&report) <= width, "COLUMNS={columns}: a line is {} wide:\n{report}", widest(&report));
        // Each caret line marks exactly the letters of a hedge above it.
        let lines: Vec<&str> = report.lines().collect();
        for pair in lines.windows(2) {
            let (text, marks) = (pair[0], pair[1]);
            if !(marks.trim_start().starts_with("| ^") || marks.contains("| ") && marks.ends_with('^')) {
                continue;
            }
            let Some(bar) = marks.find("| ") else { continue };
            if !text.get(..bar + 2).is_some_and(|p| p.ends_with("| ")) {
                continue;
            }
            let text_cols: Vec<char> = text[bar + 2..].chars().collect();
            for (col, mark) in marks[bar + 2..].chars().enumerate() {
                if mark == '^' {
                    let c = text_cols.get(col).copied().unwrap_or(' ');
                    assert!(
                        c != ' ' || text_cols.get(col + 1).is_some_and(|n| *n != ' '),
                        "caret under a gap:\n{text}\n{marks}"
                    );
                }
            }
        }
        assert!(report.contains("yn ôl yr angen"), "{report}");
    }
    // Without a terminal or COLUMNS, the report keeps its fixed width.
    let o = idp(tmp.path(), &["check", "plan.docx"]);
    assert!(widest(&out(&o)) <= 88, "{}", out(&o));
}

#[test]
fn a_plan_on_standard_input() {
    let tmp = scratch();
    let run = |args: &[&str], input: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_idp-audit"))
            .current_dir(tmp.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    };
    let o = run(&["check", "-", "--stdin-filename", "cerys.md", "--format", "json"], VAGUE_PLAN.as_bytes());
    let d = &json(&o)["documents"][0];
    assert_eq!(d["path"], "cerys.md");
    assert_eq!(d["format"], "markdown");
    assert_eq!(d["provisions"].as_array().unwrap().len(), 2);
    assert_eq!(code(&o), 1);
    // A Word file on stdin, named or not.
    let docx = fs::read(fixture("docx/example_idp.docx")).unwrap();
    let o = run(&["-", "--format", "json"], &docx);
    assert_eq!(json(&o)["documents"][0]["path"], "-");
    assert_eq!(json(&o)["documents"][0]["provisions"].as_array().unwrap().len(), 12);
    // `-` among files keeps its place in the report.
    let o = run(
        &["check", "plan.docx", "-", "vague.md", "--stdin-filename", "in.md", "--format", "json"],
        VAGUE_PLAN.as_bytes(),
    );
    let paths: Vec<String> =
        json(&o)["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths, ["plan.docx", "in.md", "vague.md"]);
    // Mistakes say what to do.
    let o = run(&["check", "plan.docx", "--stdin-filename", "x.md"], b"");
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("give `-`"), "{}", err(&o));
    let o = run(&["check", "-", "-"], b"");
    assert!(err(&o).contains("only once"), "{}", err(&o));
}

#[test]
fn the_report_goes_to_a_file_and_never_over_a_plan() {
    let tmp = scratch();
    let o = idp(tmp.path(), &["check", "vague.md", "--format", "json", "-o", "report.json"]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(written["documents"][0]["path"], "vague.md");
    // The plan itself, by any spelling of its path, is refused and untouched.
    let before = fs::read(tmp.path().join("vague.md")).unwrap();
    for target in ["vague.md", "./vague.md"] {
        let o = idp(tmp.path(), &["check", "vague.md", "-o", target]);
        assert_eq!(code(&o), 2);
        assert!(err(&o).contains("never writes over a plan"), "{}", err(&o));
    }
    assert_eq!(fs::read(tmp.path().join("vague.md")).unwrap(), before);
    let o = idp(tmp.path(), &["check", "vague.md", "-o", "."]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("is a folder"), "{}", err(&o));
    // No temporary file is left behind.
    let left: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn letter_dates_are_read_day_first() {
    let tmp = scratch();
    for (given, written) in
        [("14/12/2026", "14 December 2026"), ("14-12-2026", "14 December 2026"), ("2026-12-14", "14 December 2026")]
    {
        let _ = fs::remove_file(tmp.path().join("letter.md"));
        let o = idp(tmp.path(), &["letter", "vague.md", "--out", "letter.md", "--date", given]);
        assert_eq!(code(&o), 0, "{given}: {}", err(&o));
        let letter = fs::read_to_string(tmp.path().join("letter.md")).unwrap();
        assert!(letter.contains(written), "{given}");
    }
    let o = idp(tmp.path(), &["letter", "vague.md", "--out", "l2.md", "--date", "12/14/2026"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("day first"), "{}", err(&o));
}

#[test]
fn every_manual_page_referenced_exists() {
    let tmp = TempDir::new().unwrap();
    let o = idp(tmp.path(), &["man", "--dir", "pages"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let main = fs::read_to_string(tmp.path().join("pages/idp-audit.1")).unwrap();
    let mut referenced = 0;
    for word in main.split(|c: char| c.is_whitespace() || c == ',') {
        // roff writes references as \fBidp\-audit\-check\fR(1).
        let w = word.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "");
        if let Some(name) = w.strip_suffix("(1)").filter(|n| n.starts_with("idp-audit-")) {
            referenced += 1;
            assert!(tmp.path().join(format!("pages/{name}.1")).exists(), "{name}(1) is referenced but not written");
        }
    }
    assert!(referenced >= 5, "the main page refers to each command's page:\n{main}");
    let o = idp(tmp.path(), &["man", "check"]);
    assert!(out(&o).contains(".TH idp-audit-check"), "{}", out(&o));
    assert!(out(&o).contains("stdin\\-filename"), "{}", out(&o));
    let o = idp(tmp.path(), &["man", "nosuch"]);
    assert_eq!(code(&o), 2);
}
