//! Batches through the command line: folders, --jobs, a corrupt file among
//! good ones, every exit code, idp-audit.toml (found from a parent folder,
//! unknown keys), inline suppressions, completions and the man page.
//!
//! Plans here are invented and written to temporary folders.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

const SPECIFIC: &str = "- Speech and language therapy, one 30-minute session each week with an HCPC-registered \
                        speech and language therapist.";
const VAGUE: &str = "- Support in class where possible.";

fn plan(body: &str) -> String {
    format!(
        "# Individual Development Plan: Cerys (invented)\n\n## Section 2B: Additional learning provision\n\n{body}\n"
    )
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn idp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idp-audit")).current_dir(dir).args(args).output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn paths(report: &serde_json::Value) -> Vec<String> {
    report["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap().to_string()).collect()
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A folder of plans in nested folders: every fixture (DOCX, Markdown,
/// text), under names that sort differently from how they were written.
fn mixed_folder() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("plans");
    let mut n = 0;
    for sub in ["docx", "md", "txt"] {
        for e in fs::read_dir(fixtures().join(sub)).unwrap() {
            let p = e.unwrap().path();
            let folder = ["zeta", "alpha/inner", "", "Beta"][n % 4];
            let name = p.file_name().unwrap();
            fs::create_dir_all(root.join(folder)).unwrap();
            fs::copy(&p, root.join(folder).join(name)).unwrap();
            n += 1;
        }
    }
    assert!(n > 20, "the fixtures are there");
    tmp
}

#[test]
fn jobs_1_and_jobs_2_give_the_same_bytes() {
    let tmp = mixed_folder();
    for format in ["human", "json"] {
        let one = idp(tmp.path(), &["check", "plans", "--format", format, "--jobs", "1"]);
        let two = idp(tmp.path(), &["check", "plans", "--format", format, "-j", "2"]);
        let five = idp(tmp.path(), &["check", "plans", "--format", format, "-j", "5"]);
        assert_eq!(code(&one), 1, "{}", stderr(&one));
        assert!(!one.stdout.is_empty());
        assert_eq!(stdout(&one), stdout(&two), "{format}: -j1 and -j2 differ");
        assert_eq!(stdout(&one), stdout(&five), "{format}: -j1 and -j5 differ");
        assert_eq!(code(&one), code(&two));
    }
    // Stable order: sorted by the path within the folder, and named as the
    // folder given joined with that path.
    let report = json(&idp(tmp.path(), &["check", "plans", "--format", "json"]));
    let got = paths(&report);
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(got, sorted);
    assert!(got.iter().all(|p| p.starts_with("plans/")), "{got:?}");
    assert!(got.iter().any(|p| p.starts_with("plans/alpha/inner/") && p.ends_with(".docx")), "{got:?}");
    assert_eq!(got.len(), report["summary"]["documents"].as_u64().unwrap() as usize);
}

#[test]
fn a_corrupt_file_is_one_error_and_the_others_are_all_reported() {
    let tmp = mixed_folder();
    let good = paths(&json(&idp(tmp.path(), &["check", "plans", "--format", "json"]))).len();
    let docx = fs::read(fixtures().join("docx/example_idp.docx")).unwrap();
    write(&tmp.path().join("plans/alpha/broken.docx"), &docx[..docx.len() / 2]);
    let out = idp(tmp.path(), &["check", "plans", "--format", "json", "-j", "2"]);
    assert_eq!(code(&out), 2, "an unreadable file exits 2");
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), good + 1);
    let errors: Vec<&serde_json::Value> = docs.iter().filter(|d| d["status"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], "plans/alpha/broken.docx");
    let message = errors[0]["error"]["message"].as_str().unwrap();
    assert!(message.len() > 30, "a message that says what to do: {message}");
    assert!(docs.iter().filter(|d| d["status"] == "ok").count() >= good - 3);
    assert_eq!(report["summary"]["errors"], 1);
    // The human report says so too, and still ends with the summary.
    let human = stdout(&idp(tmp.path(), &["check", "plans"]));
    assert!(human.contains("plans/alpha/broken.docx\n  Could not read this file."), "{human}");
    assert!(human.contains("could not be read"), "{human}");
}

#[test]
fn folders_skip_lock_files_hidden_files_other_types_and_link_loops() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("in");
    write(&root.join("b.md"), plan(SPECIFIC));
    write(&root.join("a/c.markdown"), plan(SPECIFIC));
    write(&root.join("a/d.txt"), plan(SPECIFIC));
    write(&root.join("~$b.md"), "lock file");
    write(&root.join(".hidden.md"), plan(VAGUE));
    write(&root.join(".git/x.md"), plan(VAGUE));
    write(&root.join("notes.pdf"), "%PDF-1.4");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join("a/loop")).unwrap();
    let out = idp(tmp.path(), &["check", "in", "--format", "json"]);
    // The PDF is found and reported as a file idp-audit cannot read.
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(paths(&json(&out)), ["in/a/c.markdown", "in/a/d.txt", "in/b.md", "in/notes.pdf"]);
    #[cfg(unix)]
    assert!(stderr(&out).contains("in/a/loop"), "the loop is named: {}", stderr(&out));
    // A file named on the command line is checked whatever its name.
    let out = idp(tmp.path(), &["check", "in/.hidden.md", "--format", "json"]);
    assert_eq!(paths(&json(&out)), ["in/.hidden.md"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn an_empty_folder_is_a_usage_error() {
    let tmp = TempDir::new().unwrap();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    let out = idp(tmp.path(), &["check", "empty"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no plans found in empty"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn exit_codes() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(&d.join("specific.md"), plan(SPECIFIC));
    write(&d.join("vague.md"), plan(VAGUE));
    write(&d.join("unused.md"), plan(&format!("<!-- idp-audit: ignore IDP201 -->\n{SPECIFIC}")));
    write(
        &d.join("info.md"),
        plan("- Social skills small group, weekly, 30 minutes, led by a TA trained in Talkabout."),
    );
    let run = |args: &[&str]| code(&idp(d, args));
    // 0: nothing at or above the --fail-on level.
    assert_eq!(run(&["check", "specific.md"]), 0);
    assert_eq!(run(&["check", "unused.md"]), 0, "a warning is not a vague provision");
    assert_eq!(run(&["check", "info.md"]), 0);
    // 1: findings at or above it.
    assert_eq!(run(&["check", "vague.md"]), 1);
    assert_eq!(run(&["check", "specific.md", "vague.md"]), 1);
    assert_eq!(run(&["check", "unused.md", "--fail-on", "warning"]), 1);
    assert_eq!(run(&["check", "unused.md", "--fail-on", "error"]), 0);
    assert_eq!(run(&["check", "info.md", "--fail-on", "warning"]), 0);
    assert_eq!(run(&["check", "info.md", "--fail-on", "info"]), 1);
    assert_eq!(run(&["check", "vague.md", "--fail-on", "error"]), 1);
    // --exit-zero: 0 whatever the plans say.
    assert_eq!(run(&["check", "vague.md", "--exit-zero"]), 0);
    assert_eq!(run(&["check", "missing.docx", "--exit-zero"]), 0);
    // 2: a file that could not be read, or a usage error.
    assert_eq!(run(&["check", "missing.docx"]), 2);
    assert_eq!(run(&["check", "vague.md", "missing.docx"]), 2);
    assert_eq!(run(&["check"]), 2);
    assert_eq!(run(&["check", "vague.md", "--fail-on", "loud"]), 2);
    assert_eq!(run(&["check", "vague.md", "--jobs", "0"]), 2);
    assert_eq!(run(&["check", "vague.md", "--config", "nowhere.toml"]), 2);
    let help = stdout(&idp(d, &["check", "--help"]));
    assert!(help.contains("Exit codes:") && help.contains("--fail-on"), "{help}");
}

#[test]
fn config_is_found_in_a_parent_folder() {
    let tmp = TempDir::new().unwrap();
    let top = tmp.path();
    write(
        &top.join("idp-audit.toml"),
        "format = \"json\"\nfail-on = \"error\"\n[rules]\nconditional-provision = \"warning\"\n\
         [letter]\nparent = \"Rhian Parent (invented)\"\n",
    );
    let deep = top.join("year4/term1");
    // Vague only because of IDP201.
    write(
        &deep.join("vague.md"),
        plan(
            "- Speech and language therapy where possible, one 30-minute session each week with an \
             HCPC-registered speech and language therapist.",
        ),
    );
    let out = idp(&deep, &["check", "vague.md"]);
    let report = json(&out); // format = "json" came from the parent's file
    let finding = &report["documents"][0]["provisions"][0]["findings"];
    let f = finding.as_array().unwrap().iter().find(|f| f["rule"] == "IDP201").expect("IDP201 still reported");
    assert_eq!(f["severity"], "warning");
    assert_eq!(code(&out), 0, "fail-on = error, and IDP201 is now a warning");
    // The command line wins over the file.
    assert_eq!(code(&idp(&deep, &["check", "vague.md", "--fail-on", "vague"])), 1);
    let human = stdout(&idp(&deep, &["check", "vague.md", "--format", "human"]));
    // The report names the configuration it used, found in a parent folder.
    let config_line = format!(
        "Configuration: {} (found in a parent folder).",
        top.join("idp-audit.toml").canonicalize().unwrap().display()
    );
    assert!(
        human.starts_with(&format!("{}\n{config_line}\n\nvague.md\n", idp_audit::own_output::HUMAN_TITLE)),
        "{human}"
    );
    // `idp-audit config` shows what is in effect, and where it came from.
    let shown = stdout(&idp(&deep, &["config"]));
    assert!(shown.contains(&top.join("idp-audit.toml").canonicalize().unwrap().display().to_string()), "{shown}");
    assert!(shown.contains("IDP201 = \"warning\""), "{shown}");
    assert!(shown.contains("fail-on = \"error\""), "{shown}");
    assert!(shown.contains("parent = \"Rhian Parent (invented)\""), "{shown}");
    // --config FILE instead of discovery.
    write(&top.join("other.toml"), "[rules]\nIDP201 = \"off\"\n");
    let out = idp(&deep, &["--config", "../../other.toml", "check", "vague.md", "--format", "json"]);
    let rules: Vec<String> = json(&out)["documents"][0]["provisions"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(!rules.contains(&"IDP201".to_string()), "{rules:?}");
}

#[test]
fn letter_details_come_from_the_config_unless_given() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(
        &d.join("idp-audit.toml"),
        "[letter]\nparent = \"Rhian Invented\"\nchild = \"Cerys Invented\"\nschool = \"Ysgol Ffug\"\n",
    );
    write(&d.join("vague.md"), plan(VAGUE));
    let out = idp(d, &["letter", "vague.md", "--out", "letter.md", "--school", "Ysgol y Dychymyg"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let letter = fs::read_to_string(d.join("letter.md")).unwrap();
    assert!(letter.contains("Rhian Invented") && letter.contains("Cerys Invented"), "{letter}");
    assert!(letter.contains("Ysgol y Dychymyg") && !letter.contains("Ysgol Ffug"), "the command line wins: {letter}");
}

#[test]
fn an_unknown_config_key_names_the_key_and_the_file() {
    let tmp = TempDir::new().unwrap();
    write(&tmp.path().join("idp-audit.toml"), "format = \"human\"\nfail_on = \"error\"\n");
    write(&tmp.path().join("vague.md"), plan(VAGUE));
    for args in [&["check", "vague.md"][..], &["config"][..]] {
        let out = idp(tmp.path(), args);
        assert_eq!(code(&out), 2);
        let err = stderr(&out);
        assert!(err.contains("idp-audit.toml"), "{err}");
        assert!(err.contains("unknown field `fail_on`"), "{err}");
        assert!(err.contains("fail-on"), "it lists the keys it knows: {err}");
        assert!(out.stdout.is_empty());
    }
    write(&tmp.path().join("idp-audit.toml"), "[rules]\nIDP777 = \"off\"\n");
    let err = stderr(&idp(tmp.path(), &["check", "vague.md"]));
    assert!(err.contains("idp-audit.toml") && err.contains("unknown rule `IDP777`"), "{err}");
    write(&tmp.path().join("idp-audit.toml"), "format = \"pdf\"\n");
    let err = stderr(&idp(tmp.path(), &["check", "vague.md"]));
    assert!(err.contains("idp-audit.toml") && err.contains("\"pdf\""), "{err}");
}

#[test]
fn lexicon_files_and_the_allow_list_from_config() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write(
        &d.join("lex/hedges.toml"),
        "[[hedge]]\nphrase = \"at the discretion of\"\nrule = \"IDP202\"\n[[hedge]]\nphrase = \"subject to funding\"\n\
         rule = \"IDP207\"\n",
    );
    write(
        &d.join("lex/exceptions.toml"),
        "[[hedge]]\nphrase = \"where possible\"\nexcept = [\"outdoors where possible\"]\n",
    );
    write(
        &d.join("idp-audit.toml"),
        "[lexicon]\nhedges = [\"lex/hedges.toml\"]\nexceptions = [\"lex/exceptions.toml\"]\nallow = [\"as required\"]\n",
    );
    let body = "- Support in class at the discretion of the teacher.\n- Support in class as required.\n- \
                Lessons outdoors where possible.";
    write(&d.join("p.md"), plan(body));
    let report = json(&idp(d, &["check", "p.md", "--format", "json"]));
    let rules = |i: usize| -> Vec<String> {
        report["documents"][0]["provisions"][i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(0).contains(&"IDP202".to_string()), "the extra hedge: {:?}", rules(0));
    assert!(!rules(1).contains(&"IDP201".to_string()), "allowed: {:?}", rules(1));
    assert!(!rules(2).contains(&"IDP201".to_string()), "the extra exception: {:?}", rules(2));
    // Without the configuration, the last two are hedges.
    let bare = json(&idp(d, &["--config", "/dev/null", "check", "p.md", "--format", "json"]));
    for i in [1, 2] {
        let f = &bare["documents"][0]["provisions"][i]["findings"];
        assert!(f.as_array().unwrap().iter().any(|f| f["rule"] == "IDP201"), "{f}");
    }
    // A missing lexicon file is a configuration error naming it.
    write(&d.join("idp-audit.toml"), "[lexicon]\nroles = [\"lex/nope.toml\"]\n");
    let out = idp(d, &["check", "p.md"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
}

#[test]
fn a_suppression_and_an_unused_suppression() {
    let tmp = TempDir::new().unwrap();
    let list = format!(
        "<!-- idp-audit: ignore IDP201 -->\n- Speech and language therapy where possible, one 30-minute session \
         each week with an HCPC-registered speech and language therapist.\n\n<!-- idp-audit: ignore IDP203 -->\n\
         {SPECIFIC}\n"
    );
    // The schedule stands in the provision's own words: a condition beside a
    // Frequency cell would make that cell's rate vague as well (IDP111),
    // which suppressing IDP201 does not touch.
    let table = "| Provision | Duration | Who |\n|---|---|---|\n| <!-- idp-audit: ignore \
                 conditional-provision --> | | |\n| Reading intervention as required, three times a week, with a TA \
                 trained in ELKLAN Level 3 | 20 minutes | TA |\n";
    write(&tmp.path().join("p.md"), plan(&list));
    write(&tmp.path().join("t.md"), plan(table));
    let out = idp(tmp.path(), &["check", "p.md", "t.md", "--format", "json"]);
    let report = json(&out);
    let mut provisions = report["documents"][0]["provisions"].as_array().unwrap().clone();
    assert_eq!(provisions.len(), 2);
    provisions.extend(report["documents"][1]["provisions"].as_array().unwrap().iter().cloned());
    let rules = |p: &serde_json::Value, key: &str| -> Vec<String> {
        p[key]
            .as_array()
            .map(|a| a.iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    // Without the comments, the first and the last are vague.
    let bare = |text: &str| text.lines().filter(|l| !l.contains("<!--")).collect::<Vec<_>>().join("\n");
    write(&tmp.path().join("bare.md"), plan(&bare(&list)));
    write(&tmp.path().join("bare_t.md"), plan(&bare(table)));
    let unsuppressed = json(&idp(tmp.path(), &["check", "bare.md", "bare_t.md", "--format", "json"]));
    for d in 0..2 {
        let p = &unsuppressed["documents"][d]["provisions"][0];
        assert!(rules(p, "findings").contains(&"IDP201".to_string()), "{p}");
        assert_eq!(p["verdict"], "vague");
    }
    // Used: IDP201 is gone, and the provision is specific again.
    assert!(!rules(&provisions[0], "findings").contains(&"IDP201".to_string()), "{}", provisions[0]);
    assert_eq!(provisions[0]["verdict"], "specific");
    assert!(rules(&provisions[0], "suppressions").is_empty());
    // Unused: reported as IDP901, a warning that leaves the verdict alone.
    assert_eq!(rules(&provisions[1], "suppressions"), ["IDP901"]);
    assert_eq!(provisions[1]["verdict"], "specific");
    let s = &provisions[1]["suppressions"][0];
    assert_eq!(s["severity"], "warning");
    assert!(s["message"].as_str().unwrap().contains("IDP203 does not fire"), "{s}");
    // A table row's suppression.
    assert_eq!(provisions[2]["verdict"], "specific", "{}", provisions[2]);
    assert!(!rules(&provisions[2], "findings").contains(&"IDP201".to_string()), "{}", provisions[2]);
    assert!(rules(&provisions[2], "suppressions").is_empty());
    assert_eq!(report["summary"]["by_rule"]["IDP901"], 1);
    assert_eq!(code(&out), 0);
    assert_eq!(code(&idp(tmp.path(), &["check", "p.md", "--fail-on", "warning"])), 1);
    // The human report shows the unused one even on a specific provision.
    let human = stdout(&idp(tmp.path(), &["check", "p.md"]));
    assert!(human.contains("suppresses nothing here") && human.contains("IDP901"), "{human}");
    // A comment is for the provision just after it, not one further on.
    write(
        &tmp.path().join("far.md"),
        plan("<!-- idp-audit: ignore IDP201 -->\n\nThe school will provide:\n\n- Support in class as required."),
    );
    let far = json(&idp(tmp.path(), &["check", "far.md", "--format", "json"]));
    let p = &far["documents"][0]["provisions"][0];
    assert!(rules(p, "findings").contains(&"IDP201".to_string()), "{p}");
    // And a configuration can turn IDP901 off.
    write(&tmp.path().join("idp-audit.toml"), "[rules]\nunused-suppression = \"off\"\n");
    let report = json(&idp(tmp.path(), &["check", "p.md", "--format", "json"]));
    assert!(report["documents"][0]["provisions"][1].get("suppressions").is_none());
}

#[test]
fn the_batch_summary_has_totals_per_rule_and_a_line_per_plan() {
    let tmp = TempDir::new().unwrap();
    write(&tmp.path().join("p/a.md"), plan(&format!("{VAGUE}\n- Access to a laptop as required.")));
    write(&tmp.path().join("p/b.md"), plan(SPECIFIC));
    write(&tmp.path().join("p/c.txt"), "Notes from the meeting, no provision section.\n");
    let human = stdout(&idp(tmp.path(), &["check", "p"]));
    let tail = &human[human.find("Findings by rule:").expect(&human)..];
    assert!(tail.contains("IDP201 conditional-provision"), "{tail}");
    let plans = &tail[tail.find("Plans:").unwrap()..];
    let lines: Vec<&str> = plans.lines().skip(1).take(4).collect();
    assert!(lines[0].contains("provisions") && lines[0].contains("vague"), "{plans}");
    assert!(
        lines[1].starts_with("  p/a.md") && lines[1].contains(" 2  ") && lines[1].contains(" (frequency-"),
        "{plans}"
    );
    assert!(lines[2].starts_with("  p/b.md") && lines[2].ends_with('-'), "{plans}");
    assert!(lines[3].starts_with("  p/c.txt") && lines[3].contains("no Section 2B"), "{plans}");
    // One plan: no batch summary.
    let one = stdout(&idp(tmp.path(), &["check", "p/a.md"]));
    assert!(!one.contains("Findings by rule:"), "{one}");
}

#[test]
fn completions_and_man_page() {
    let tmp = TempDir::new().unwrap();
    let bash = idp(tmp.path(), &["completions", "bash"]);
    assert_eq!(code(&bash), 0);
    let text = stdout(&bash);
    assert!(
        text.contains("complete -F _idp__audit") && text.contains("--fail-on") && text.contains("--jobs"),
        "{text}"
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = idp(tmp.path(), &["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}");
        assert!(stdout(&out).contains("fail-on"), "{shell}");
    }
    let man = stdout(&idp(tmp.path(), &["man"]));
    assert!(man.starts_with(".ie") || man.contains(".TH"), "{man}");
    assert!(man.contains("idp\\-audit") && man.contains("Exit codes"), "{man}");
}
