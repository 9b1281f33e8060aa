//! Hostile and broken input: every file in `support/hostile.rs` is built at
//! run time and must give its expected status and a clear message, without
//! a panic, a hang or a blow-up in memory; a batch of them mixed with good
//! plans still reports the good ones.

#[path = "support/hostile.rs"]
mod hostile;

use hostile::{Case, Expect};
use idp_audit::types::error::ErrorKind;
use idp_audit::types::limits::Limits;
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

// ---------------------------------------------------------------------------
// Bounded files: each runs as its own `idp-audit check --format json FILE`
// process, killed and failed past its wall-clock or memory ceiling, so a
// reader that goes quadratic or copies a merged cell into every row fails
// here rather than hanging or swapping the machine.

/// The table limits raised far past any file here, to run the readers'
/// own algorithms on tables the default limits refuse.
const RAISED_TABLE_LIMITS: &str = "[limits]\nmax_table_rows = 100000000\nmax_table_columns = 100000000\n\
                                   max_table_cells = 100000000\n";

/// What a bounded run reported for its one plan.
struct Run {
    doc: serde_json::Value,
    seconds: f64,
    peak_mb: u64,
}

/// Run idp-audit on `path` in a child process under `seconds` of wall
/// clock and `megabytes` of peak resident memory. The peak is the child's
/// high-water mark in /proc, read every few milliseconds while it runs, so
/// a blow-up is stopped as it happens. (`wait4`'s `ru_maxrss` would not
/// do: Linux counts into it the memory of this test process, which the
/// child shares between being spawned and running idp-audit.)
fn run_bounded(path: &Path, args: &[&str], seconds: u64, megabytes: u64) -> Result<Run, String> {
    let out_path = path.with_extension("report.json");
    let stdout = std::fs::File::create(&out_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_idp-audit"))
        .args(["check", "--format", "json"])
        .args(args)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(stdout)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut peak_mb = 0;
    loop {
        // Read before asking whether it has ended: once reaped, it is gone.
        peak_mb = peak_mb.max(vm_hwm_mb(child.id()));
        let ended = child.try_wait().unwrap().is_some();
        let elapsed = start.elapsed().as_secs_f64();
        if ended {
            if peak_mb > megabytes {
                return Err(format!("{name}: peak memory {peak_mb} MB, ceiling {megabytes} MB"));
            }
            if elapsed > seconds as f64 {
                return Err(format!("{name}: took {elapsed:.1} s, ceiling {seconds} s"));
            }
            let out = std::fs::read_to_string(&out_path).unwrap();
            let report: serde_json::Value =
                serde_json::from_str(&out).map_err(|e| format!("{name}: no JSON report ({e}): {out:.300}"))?;
            let doc = report["documents"][0].clone();
            return Ok(Run { doc, seconds: elapsed, peak_mb });
        }
        let over = if elapsed > seconds as f64 {
            Some(format!("still running after {seconds} s"))
        } else if peak_mb > megabytes {
            Some(format!("peak memory past {megabytes} MB ({peak_mb} MB)"))
        } else {
            None
        };
        if let Some(why) = over {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{name}: {why}; killed"));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// A running process's peak resident memory so far, from /proc.
fn vm_hwm_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// Write `case` to a scratch folder, run it bounded (with the table limits
/// raised when `raised`), and check what it reported.
fn check_bounded(case: &hostile::Bounded, raised: bool) {
    let dir = scratch(&format!("bounded-{}{}", case.name, if raised { "-raised" } else { "" }));
    let path = dir.join(case.name);
    std::fs::write(&path, &case.bytes).unwrap();
    let config = dir.join("raised.toml");
    std::fs::write(&config, RAISED_TABLE_LIMITS).unwrap();
    let config = config.to_string_lossy().into_owned();
    let args: Vec<&str> = if raised { vec!["--config", &config] } else { Vec::new() };
    let run = run_bounded(&path, &args, case.seconds, case.megabytes).unwrap_or_else(|e| panic!("{e}"));
    check_document(case.name, &run.doc, &case.expect);
    eprintln!(
        "{}{}: {:.2} s, {} MB",
        case.name,
        if raised { " (raised limits)" } else { "" },
        run.seconds,
        run.peak_mb
    );
    assert!(std::fs::read(&path).unwrap() == case.bytes, "{} was changed", case.name);
    let _ = std::fs::remove_dir_all(&dir);
}

fn check_document(name: &str, d: &serde_json::Value, expect: &Expect) {
    let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v.as_array().into_iter().flatten().filter_map(|x| x[key].as_str().map(String::from)).collect()
    };
    let notices = strings(&d["notices"], "code");
    let provisions = strings(&d["provisions"], "text");
    let vague = d["provisions"].as_array().into_iter().flatten().filter(|p| p["verdict"] == "vague").count();
    if let Err(e) = expect.check_verdicts(
        d["status"].as_str().unwrap_or("?"),
        d["error"]["kind"].as_str(),
        d["error"]["message"].as_str(),
        &notices,
        &provisions,
        Some(vague),
    ) {
        panic!("{name}: {e}");
    }
}

fn limit(name: &'static str) -> Expect {
    Expect::error("limit", &[name, "idp-audit.toml"])
}

#[test]
fn unbalanced_word_end_tags_are_refused_at_once() {
    let case = hostile::bounded(
        "unbalanced-controls.docx",
        hostile::unbalanced_controls(200_000),
        Expect::error("corrupt", &["malformed", "does not match", "save a new copy"]),
    );
    check_bounded(&case, false);
}

#[test]
fn unbalanced_word_paragraphs_are_not_held_in_memory() {
    let case = hostile::bounded(
        "unbalanced-paragraphs.docx",
        hostile::unbalanced_paragraphs(4_000_000),
        Expect::error("corrupt", &["malformed", "does not match"]),
    );
    check_bounded(&case, false);
}

#[test]
fn text_boxes_in_one_paragraph_take_linear_time() {
    // A debug build reads these 13 MB of XML in about two seconds; the
    // ceiling leaves room for a busy machine and is still a small part of
    // what a walk quadratic in the boxes takes.
    let case = hostile::Bounded {
        seconds: 30,
        ..hostile::bounded("text-boxes.docx", hostile::text_boxes_in_one_paragraph(150_000), limit("max_provisions"))
    };
    check_bounded(&case, false);
}

#[test]
fn a_merged_word_cell_is_shared_not_copied_into_each_row() {
    let case = hostile::bounded("merged-cell.docx", hostile::merged_word_cell(2_000), limit("max_provision_bytes"));
    check_bounded(&case, false);
}

#[test]
fn an_html_rowspan_cell_is_shared_not_copied_into_each_row() {
    let case = hostile::bounded("rowspan.md", hostile::html_rowspan(2_000), limit("max_provision_bytes"));
    check_bounded(&case, false);
    check_bounded(&case, true);
}

#[test]
fn html_colspans_are_not_laid_out_column_by_column() {
    let case = hostile::bounded("colspan.md", hostile::html_colspan(20_000), limit("max_table_columns"));
    check_bounded(&case, false);
    let raised = hostile::Bounded { expect: limit("max_provision_bytes"), ..case };
    check_bounded(&raised, true);
}

#[test]
fn a_record_table_of_wide_cells_takes_linear_time() {
    let case = hostile::bounded("wide-record.docx", hostile::wide_record_table(15_000), limit("max_table_columns"));
    check_bounded(&case, false);
    check_bounded(&hostile::Bounded { expect: Expect::ok(1), ..case }, true);
}

#[test]
fn one_cell_rows_take_linear_time() {
    let case = hostile::bounded("one-cell-rows.docx", hostile::one_cell_rows(60_000), limit("max_table_rows"));
    check_bounded(&case, false);
    // With the limit raised: twice the rows it allows.
    check_bounded(&hostile::bounded("one-cell-rows.docx", hostile::one_cell_rows(20_000), Expect::ok(1)), true);
}

#[test]
fn header_names_take_linear_time() {
    let case = hostile::bounded("header-names.docx", hostile::repeated_header_names(3_000), limit("max_table_columns"));
    check_bounded(&case, false);
    check_bounded(&hostile::Bounded { expect: Expect::ok(1), ..case }, true);
}

#[test]
fn text_table_scans_never_restart() {
    check_bounded(
        &hostile::bounded("stray-quotes.txt", hostile::stray_quotes(15_000), limit("max_provision_bytes")),
        false,
    );
    check_bounded(&hostile::bounded("grid-borders.txt", hostile::grid_borders(40_000), Expect::ok(0)), false);
    check_bounded(&hostile::bounded("tab-blocks.txt", hostile::tab_blocks(20_000), limit("max_provisions")), false);
}

#[test]
fn pandoc_table_scans_never_restart() {
    check_bounded(&hostile::bounded("pandoc-rules.md", hostile::pandoc_rules(20_000), Expect::no_section()), false);
}

#[test]
fn a_merged_cell_of_typed_bullets_is_split_once() {
    let case = hostile::bounded(
        "merged-bullets.docx",
        hostile::merged_bullet_cell(2_000),
        Expect::error("limit", &["idp-audit.toml"]),
    );
    check_bounded(&case, false);
}

#[test]
fn frames_nested_to_the_table_limit_are_unwrapped_without_recursion() {
    let case = hostile::bounded("nested-frames.docx", hostile::nested_frames(30), Expect::ok(1));
    check_bounded(&case, false);
}

#[test]
fn column_and_cell_table_scans_take_linear_time() {
    check_bounded(
        &hostile::bounded("layout-headers.txt", hostile::layout_headers(20_000), limit("max_provisions")),
        false,
    );
    check_bounded(
        &hostile::bounded("header-words.txt", hostile::header_word_lines(20_000), limit("max_provisions")),
        false,
    );
    check_bounded(
        &hostile::bounded("cut-rows.txt", hostile::rows_cut_by_every_page(20_000), limit("max_provision_bytes")),
        false,
    );
    check_bounded(
        &hostile::bounded("broken-words.txt", hostile::broken_words(40_000), limit("max_provision_bytes")),
        false,
    );
}

#[test]
fn empty_2b_headings_are_scanned_once() {
    check_bounded(&hostile::bounded("empty-2b.md", hostile::empty_2b_headings(100_000), Expect::ok(0)), false);
}

#[test]
fn an_ampersand_before_a_welsh_letter_is_read() {
    let case = hostile::bounded(
        "ampersand.md",
        hostile::AMPERSAND_BEFORE_WELSH.as_bytes().to_vec(),
        Expect::ok(1).containing("Therapi iaith & cyfarfod â'r rhieni"),
    );
    check_bounded(&case, false);
}

#[test]
fn hidden_text_is_not_provision() {
    let case = hostile::bounded(
        "hidden-guidance.docx",
        hostile::hidden_guidance(),
        Expect::ok(4).lacking("HCPC").containing(hostile::PROVISION_1).vague(3),
    );
    check_bounded(&case, false);
}

#[test]
fn decomposed_welsh_is_read_composed() {
    let case = hostile::bounded(
        "decomposed.md",
        hostile::decomposed_welsh(),
        Expect::ok(1).containing("yn ôl yr angen").vague(1),
    );
    check_bounded(&case, false);
}

#[test]
fn text_lines_end_at_cr_and_unicode_separators_and_hash_headings_are_headings() {
    for (name, bytes) in [
        ("cr-only.txt", hostile::plan_text_ending_lines_with("\r")),
        ("line-separators.txt", hostile::plan_text_ending_lines_with("\u{2028}")),
        ("paragraph-separators.txt", hostile::plan_text_ending_lines_with("\u{2029}")),
        ("markdown-in-text.txt", hostile::MARKDOWN_IN_TEXT.as_bytes().to_vec()),
    ] {
        check_bounded(&hostile::bounded(name, bytes, Expect::ok(2).vague(1)), false);
    }
}

#[test]
fn a_plan_that_mentions_pdf_is_read() {
    check_bounded(&hostile::bounded("mentions-pdf.md", hostile::mentions_pdf(), Expect::ok(2)), false);
}

#[test]
fn a_word_part_in_utf16_without_a_bom_is_read() {
    check_bounded(&hostile::bounded("utf16-part.docx", hostile::utf16_part_without_bom(), Expect::ok(2)), false);
}

#[test]
fn a_nul_byte_in_a_markdown_plan_is_read_with_a_notice() {
    let case = hostile::bounded("nul.md", hostile::markdown_with_a_nul(), Expect::ok(2).notice("nul_bytes"));
    check_bounded(&case, false);
}

#[test]
fn a_declared_size_past_4_gib_says_the_file_is_damaged() {
    let case = hostile::bounded(
        "five-gib.docx",
        hostile::declared_five_gib(),
        Expect::error("corrupt", &["past 4 GiB", "damaged"]).not_saying(&["raise the limit", "idp-audit.toml"]),
    );
    check_bounded(&case, false);
}

#[test]
fn a_device_is_not_a_file() {
    let dir = scratch("device");
    let run = run_bounded(Path::new("/dev/zero"), &[], 20, 300).unwrap_or_else(|e| panic!("{e}"));
    let expect = Expect::error("io", &["device", "not a file"]).not_saying(&["67108865", "max_file_bytes"]);
    check_document("/dev/zero", &run.doc, &expect);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A named pipe, given or found in a folder, is that file's error: opening
/// it to read would wait for a writer that never comes.
#[test]
fn a_named_pipe_is_refused_not_waited_on() {
    let dir = scratch("fifo");
    let fifo = dir.join("plan.md");
    let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    std::fs::write(dir.join("good.md"), hostile::plan_markdown()).unwrap();
    let expect = Expect::error("io", &["named pipe", "not a file"]);
    let run = run_bounded(&fifo, &[], 20, 300).unwrap_or_else(|e| panic!("{e}"));
    check_document("plan.md (given)", &run.doc, &expect);
    // The folder: the pipe is one document's error, the good plan is read.
    let out = dir.join("batch.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_idp-audit"))
        .args(["check", "--format", "json"])
        .arg(&dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > 20 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the batch waited on the named pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let docs = report["documents"].as_array().unwrap();
    let by_name = |n: &str| docs.iter().find(|d| d["path"].as_str().unwrap().ends_with(n)).unwrap().clone();
    check_document("good.md (folder)", &by_name("good.md"), &Expect::ok(2));
    check_document("plan.md (folder)", &by_name("plan.md"), &expect);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pdf_compression_bomb_is_refused_at_the_part_limit() {
    let bomb = hostile::pdf_content_bomb(hostile::GIB);
    assert!(bomb.len() < 8 << 20, "a few MB: {} bytes", bomb.len());
    check_bounded(
        &hostile::bounded("content-bomb.pdf", bomb, Expect::error("limit", &["max_part_bytes", "compression bomb"])),
        false,
    );
}

#[test]
fn a_pdf_with_a_huge_object_stream_is_refused_at_the_object_limit() {
    // lopdf holds every object before their number can be checked: the
    // ceiling is that memory, a few hundred bytes an object.
    let case = hostile::Bounded {
        megabytes: 400,
        ..hostile::bounded(
            "object-stream.pdf",
            hostile::pdf_object_stream(520_000),
            Expect::error("limit", &["max_pdf_objects", "idp-audit.toml"]),
        )
    };
    check_bounded(&case, false);
}

#[test]
fn a_pdf_nested_a_million_deep_does_not_overflow_the_stack() {
    let case = hostile::bounded(
        "deep-nesting.pdf",
        hostile::pdf_deep_nesting(1_000_000),
        Expect::error("corrupt", &["PDF", "cannot be read"]),
    );
    check_bounded(&case, false);
}
