//! Hostile and broken input: every file in `support/hostile.rs` is built at
//! run time and must give its expected status and a clear message, without
//! a panic, a hang or a blow-up in memory; a batch of them mixed with good
//! plans still reports the good ones.

#[path = "support/hostile.rs"]
mod hostile;

use hostile::{Case, Expect};
use idp_audit::limits::Limits;
use idp_audit::read::ErrorKind;
use idp_audit::{DocumentReport, Options, audit_bytes, audit_file};
use std::path::{Path, PathBuf};
use std::process::Command;

fn check_report(name: &str, r: &DocumentReport, expect: &Expect) -> Result<(), String> {
    let notices: Vec<String> = r.notices.iter().map(|n| n.code.to_string()).collect();
    let provisions: Vec<String> = r.provisions.iter().map(|p| p.raw.text.clone()).collect();
    let err = r.error.as_ref();
    if let Some(e) = err
        && e.kind == ErrorKind::Internal
    {
        return Err(format!("{name}: internal error {}", e.message));
    }
    if provisions.iter().any(|p| p.contains(hostile::SECRET)) {
        return Err(format!("{name}: an external entity was read"));
    }
    expect
        .check(r.status.as_str(), err.map(|e| e.kind.as_str()), err.map(|e| e.message.as_str()), &notices, &provisions)
        .map_err(|e| format!("{name}: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idp-audit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_hostile_file_gets_its_status_and_a_clear_message() {
    hostile::write_secret();
    let opts = Options::default();
    let mut wrong = Vec::new();
    for Case { name, bytes, expect } in hostile::cases().into_iter().chain(hostile::good_plans()) {
        let r = audit_bytes(&bytes, Path::new(&name), &opts);
        if let Err(e) = check_report(&name, &r, &expect) {
            wrong.push(e);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_zip_bombs_inflate_past_a_gibibyte() {
    use std::io::Read;
    let stream = hostile::deflated_spaces(hostile::GIB);
    assert!(stream.len() < 8 << 20, "a few MB: {} bytes", stream.len());
    for declared in [true, false] {
        let bomb = hostile::zip_bomb(declared);
        assert!(bomb.len() < 8 << 20);
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bomb[..])).unwrap();
        let part = z.by_name("word/document.xml").unwrap();
        assert_eq!(part.size(), if declared { hostile::GIB } else { 4096 });
    }
    // The stream is real: inflated in full (in 64 KiB chunks, never held)
    // it gives 1 GiB of spaces.
    let entry = hostile::RawEntry { name: "x".into(), method: 8, flags: 0, crc: 0, size: u32::MAX, data: stream };
    let z = hostile::raw_zip(&[entry]);
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(&z[..])).unwrap();
    let mut f = a.by_index(0).unwrap();
    let mut chunk = vec![0u8; 64 << 10];
    let spaces = vec![b' '; 64 << 10];
    let mut total = 0u64;
    loop {
        match f.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                assert!(chunk[..n] == spaces[..n]);
                total += n as u64;
            }
            // The CRC is left 0, so the check at the very end fails.
            Err(_) => break,
        }
    }
    assert_eq!(total, hostile::GIB);
}

#[test]
fn a_batch_of_hostile_files_still_reports_the_good_plans() {
    hostile::write_secret();
    let dir = scratch("batch");
    let cases: Vec<Case> = hostile::cases().into_iter().chain(hostile::good_plans()).collect();
    let mut paths = Vec::new();
    for c in &cases {
        let p = dir.join(&c.name);
        std::fs::write(&p, &c.bytes).unwrap();
        paths.push(p);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_idp-audit"))
        .args(["check", "--format", "json"])
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unreadable files exit 2: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains(hostile::SECRET), "an external entity was read");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), cases.len(), "one document per file");
    let mut wrong = Vec::new();
    for (c, d) in cases.iter().zip(docs) {
        assert!(d["path"].as_str().unwrap().ends_with(&c.name), "{} in order", c.name);
        let notices: Vec<String> = d["notices"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n["code"].as_str().map(String::from))
            .collect();
        let provisions: Vec<String> = d["provisions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["text"].as_str().map(String::from))
            .collect();
        if let Err(e) = c.expect.check(
            d["status"].as_str().unwrap(),
            d["error"]["kind"].as_str(),
            d["error"]["message"].as_str(),
            &notices,
            &provisions,
        ) {
            wrong.push(format!("{}: {e}", c.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(report["summary"]["errors"], cases.iter().filter(|c| c.expect.status == "error").count());
    // idp-audit never writes to what it reads.
    for (c, p) in cases.iter().zip(&paths) {
        assert!(std::fs::read(p).unwrap() == c.bytes, "{} was changed", c.name);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn paths_that_are_not_readable_files_say_why() {
    let dir = scratch("paths");
    let opts = Options::default();
    let io = |path: &Path| {
        let r = audit_file(path, &opts);
        let e = r.error.expect("an error");
        assert_eq!(e.kind, ErrorKind::Io, "{}", e.message);
        e.message
    };
    assert!(io(&dir).contains("folder"));
    assert!(io(&dir.join("missing.docx")).contains("No file was found"));
    let link = dir.join("link.docx");
    std::os::unix::fs::symlink(dir.join("gone.docx"), &link).unwrap();
    assert!(io(&link).contains("broken link"));
    // A file past max_file_bytes is refused before it is read: a sparse
    // file makes one without writing 64 MiB.
    let huge = dir.join("huge.md");
    std::fs::File::create(&huge).unwrap().set_len(Limits::default().max_file_bytes + 1).unwrap();
    let r = audit_file(&huge, &opts);
    let e = r.error.unwrap();
    assert_eq!(e.kind, ErrorKind::Limit);
    assert!(e.message.contains("max_file_bytes") && e.message.contains("idp-audit.toml"), "{}", e.message);
    // Permission denied: root reads anything, so this part runs only for
    // other users (the message itself is unit-tested in src/lib.rs).
    let locked = dir.join("locked.docx");
    std::fs::write(&locked, hostile::docx(&hostile::plan_body())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_err() {
        assert!(io(&locked).contains("permission denied"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Limits are configurable: a lower one is hit with a message naming it,
/// and a raised one lets the file through.
#[test]
fn every_limit_names_itself_and_can_be_raised() {
    let with = |f: &dyn Fn(&mut Limits)| {
        let mut o = Options::default();
        f(&mut o.limits);
        o
    };
    let refused = |bytes: &[u8], name: &str, opts: &Options, limit: &str| {
        let r = audit_bytes(bytes, Path::new(name), opts);
        let e = r.error.unwrap_or_else(|| panic!("{name} read despite {limit}"));
        assert_eq!(e.kind, ErrorKind::Limit, "{name}: {}", e.message);
        assert!(e.message.contains(limit), "{name}: {}", e.message);
        assert!(e.message.contains("[limits]") && e.message.contains("idp-audit.toml"), "{}", e.message);
    };
    let read = |bytes: &[u8], name: &str, opts: &Options| {
        let r = audit_bytes(bytes, Path::new(name), opts);
        assert!(r.error.is_none(), "{name}: {:?}", r.error);
        r
    };
    let plan_md = hostile::plan_markdown().into_bytes();
    let plan_docx = hostile::docx(&hostile::plan_body());

    refused(&plan_md, "a.md", &with(&|l| l.max_file_bytes = 100), "max_file_bytes");
    read(&plan_md, "a.md", &with(&|l| l.max_file_bytes = 1000));

    refused(&plan_docx, "a.docx", &with(&|l| l.max_zip_entries = 2), "max_zip_entries");
    read(&plan_docx, "a.docx", &with(&|l| l.max_zip_entries = 3));

    refused(&plan_docx, "a.docx", &with(&|l| l.max_part_bytes = 200), "max_part_bytes");
    read(&plan_docx, "a.docx", &with(&|l| l.max_part_bytes = 100_000));

    let nested = hostile::nested_tables(5);
    refused(&nested, "a.docx", &with(&|l| l.max_table_depth = 4), "max_table_depth");
    let r = read(&nested, "a.docx", &with(&|l| l.max_table_depth = 5));
    assert_eq!(r.provisions.len(), 1);

    refused(&nested, "a.docx", &with(&|l| l.max_xml_depth = 10), "max_xml_depth");

    let quotes = format!("{} Section 2B\n\n- {}\n", ">".repeat(10), hostile::PROVISION_1).into_bytes();
    refused(&quotes, "a.md", &with(&|l| l.max_markdown_depth = 9), "max_markdown_depth");
    read(&quotes, "a.md", &with(&|l| l.max_markdown_depth = 12));

    refused(&plan_md, "a.md", &with(&|l| l.max_provisions = 1), "max_provisions");
    read(&plan_md, "a.md", &with(&|l| l.max_provisions = 2));

    let longest = hostile::PROVISION_1.len();
    refused(&plan_md, "a.md", &with(&|l| l.max_provision_bytes = longest - 1), "max_provision_bytes");
    read(&plan_md, "a.md", &with(&|l| l.max_provision_bytes = longest));
}

/// Deep nesting with the depth limits raised far past their defaults: the
/// readers iterate, so even then nothing overflows the stack (a stack
/// overflow aborts the whole test binary, so passing at all is the proof).
#[test]
fn deep_nesting_never_overflows_the_stack_even_with_raised_limits() {
    let mut opts = Options::default();
    opts.limits.max_xml_depth = 1_000_000;
    opts.limits.max_markdown_depth = 1_000_000;
    opts.limits.max_table_depth = 1_000_000;
    let run = move || {
        // Tables: past idp-audit's ceiling, whatever the configured limit.
        let r = audit_bytes(&hostile::nested_tables(20_000), Path::new("t.docx"), &opts);
        let e = r.error.expect("refused");
        assert_eq!(e.kind, ErrorKind::Limit);
        assert!(e.message.contains("max_table_depth"), "{}", e.message);
        // Tables right at the ceiling are read.
        let ceiling = Limits::TABLE_DEPTH_CEILING;
        let r = audit_bytes(&hostile::nested_tables(ceiling), Path::new("t.docx"), &opts);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.provisions.len(), 1);
        // Text boxes inside text boxes.
        let r = audit_bytes(&hostile::nested_text_boxes(20_000), Path::new("b.docx"), &opts);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert!(r.provisions.iter().any(|p| p.raw.text.contains("Daily reading")), "{:?}", r.provisions);
        // Block quotes and lists.
        for md in [
            format!("{} Section 2B\n", ">".repeat(50_000)),
            format!("## Section 2B\n\n{}daily reading\n", "- ".repeat(50_000)),
        ] {
            let r = audit_bytes(md.as_bytes(), Path::new("q.md"), &opts);
            assert!(r.error.is_none(), "{:?}", r.error);
        }
    };
    // The test harness's threads have 2 MiB stacks; use the same explicitly.
    std::thread::Builder::new().stack_size(2 << 20).spawn(run).unwrap().join().unwrap();
}
