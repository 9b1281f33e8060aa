//! The letter to the school: its words (snapshots in English, in Welsh and
//! in both), the Word file read back with idp-audit's own DOCX reader, the
//! front page's details, the reply date, and the `letter` command's
//! refusals and exit codes.

use idp_audit::letter::{self, LetterDetails, Part};
use idp_audit::types::Verdict;
use idp_audit::types::limits::Limits;
use idp_audit::types::model::{BlockKind, collapse_ws};
use idp_audit::{DocumentReport, Options, audit_file};
use jiff::civil::date;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The invented child, school and ALNCo of `fixtures/docx/example_idp.docx`,
/// with an ampersand to check the Word file escapes it.
fn example_details() -> LetterDetails {
    LetterDetails {
        parent: Some("Siân Rowlands".into()),
        child: Some("Heledd Mai Rowlands".into()),
        school: Some("Ysgol Gynradd Cwm Tawel & Meithrinfa".into()),
        to: Some("Mr Iwan Pritchard".into()),
        ..LetterDetails::new(date(2025, 12, 1))
    }
}

fn audit(rel: &str) -> DocumentReport {
    audit_file(&fixture(rel), &Options::default())
}

#[test]
fn markdown_letter_for_a_gfm_table_plan() {
    let report = audit("md/table_gfm.md");
    let l = letter::build(&report, &example_details()).unwrap();
    insta::assert_snapshot!("letter_table_gfm_md", letter::markdown::render(&l));
}

#[test]
fn markdown_letter_for_element_blocks_with_every_detail_left_out() {
    // Nothing given: what the plan's front page says is used (the learner,
    // the school, the plan's date), and every other detail is a
    // placeholder, never a guess.
    let report = audit("md/element_blocks.md");
    let l = letter::build(&report, &LetterDetails::new(date(2026, 3, 27))).unwrap();
    let md = letter::markdown::render(&l);
    for gap in ["[Your name]", "[ALNCo's name]", "[School address]", "[Your address]"] {
        assert!(md.contains(gap), "{gap} missing");
    }
    assert!(
        md.contains("Macsen Wyn Huws")
            && md.contains("Ysgol Gynradd Bryn Eithin")
            && md.contains("dated 8 December 2025")
    );
    insta::assert_snapshot!("letter_element_blocks_md", md);
}

/// The English letter as an email body: the example plan, every detail
/// given (addresses too), in plain text.
#[test]
fn english_letter_as_plain_text() {
    let details = LetterDetails {
        address: Some("3 Heol y Felin, Cwm Tawel, SA9 1AB".into()),
        contact: Some("sian.rowlands@example.org".into()),
        school_address: Some("Heol yr Ysgol, Cwm Tawel, SA9 1CD".into()),
        lang: Some(letter::Languages::En),
        ..example_details()
    };
    let l = letter::build(&audit("docx/example_idp.docx"), &details).unwrap();
    let text = letter::plain::render(&l);
    for markdown in ["**", "\n> ", "\\\n", "# "] {
        assert!(!text.contains(markdown), "Markdown in the email: {markdown:?}");
    }
    insta::assert_snapshot!("letter_example_idp_en_txt", text);
}

/// The Welsh letter for a Welsh plan: Welsh by default, every sentence,
/// placeholder and rewrite in Welsh.
#[test]
fn welsh_letter_for_a_welsh_plan() {
    let report = audit("docx/welsh_heading.docx");
    let l = letter::build(&report, &LetterDetails::new(date(2025, 12, 14))).unwrap();
    assert_eq!(l.letters.len(), 1);
    assert_eq!(l.letters[0].lang, idp_audit::language::Lang::Cy);
    let md = letter::markdown::render(&l);
    for english in ["Dear", "I am writing", "delivered by", "times a week", "[number]", "Please reply"] {
        assert!(!md.contains(english), "English in the Welsh letter: {english}");
    }
    insta::assert_snapshot!("letter_welsh_heading_cy_md", md);
}

/// A bilingual plan: the Welsh letter, then the English, each quoting and
/// rewriting the plan in its own language, and each hedge explained once.
#[test]
fn bilingual_letter_for_a_bilingual_plan() {
    let report = audit("md/bilingual_table.md");
    let l = letter::build(&report, &LetterDetails::new(date(2025, 12, 14))).unwrap();
    let langs: Vec<_> = l.letters.iter().map(|x| x.lang).collect();
    assert_eq!(langs, [idp_audit::language::Lang::Cy, idp_audit::language::Lang::En], "Welsh first");
    let rewrites = |x: &letter::Letter| -> Vec<String> {
        x.body
            .windows(2)
            .filter_map(|w| match w {
                [Part::Paragraph(p), Part::Quote(q)] if p.ends_with("read:") || p.ends_with("ddweud:") => {
                    Some(q[0].text.clone())
                }
                _ => None,
            })
            .collect()
    };
    let (cy, en) = (rewrites(&l.letters[0]), rewrites(&l.letters[1]));
    assert_eq!((cy.len(), en.len()), (1, 1));
    assert!(cy[0].starts_with("Cymorth gan oedolyn mewn Addysg Gorfforol,") && !cy[0].contains("PE"), "{}", cy[0]);
    assert!(en[0].starts_with("Support from an adult in PE,") && !en[0].contains("Cymorth"), "{}", en[0]);
    let md = letter::markdown::render(&l);
    // "As needed / Yn ôl yr angen" is one hedge: explained once per letter.
    assert_eq!(md.matches("makes it conditional").count(), 1);
    assert_eq!(md.matches("yn ei gwneud yn amodol").count(), 1);
    insta::assert_snapshot!("letter_bilingual_table_md", md);
}

/// The plan's front page gives the child, school, ALNCo and the IDP's
/// date when the sender does not; the greeting is by title and surname.
/// None of it reaches the JSON report.
#[test]
fn front_page_details_are_used() {
    let report = audit("dev/docs/d01_bryn_gwenith_mabli.md");
    let l = letter::build(&report, &LetterDetails::new(date(2025, 12, 1))).unwrap();
    let text = letter::plain::render(&l);
    assert!(text.contains("Dear Mrs Owen,"), "greeting");
    assert!(text.contains(
        "Mrs Glenys Owen\nAdditional Learning Needs Co-ordinator (ALNCo)\nYsgol Gynradd Bryn Gwenith, Gwynedd"
    ));
    assert!(
        text.contains("my child, Mabli Wyn Pritchard, at Ysgol Gynradd Bryn Gwenith, Gwynedd, dated 14 October 2025.")
    );
    assert!(text.contains("Individual Development Plan for Mabli Wyn Pritchard, dated 14 October 2025"));
    assert!(!text.contains("02/05/2018") && !text.contains("2 May 2018"), "the date of birth is never printed");
    assert!(!l.missing_details.contains(&"your child's name") && l.missing_details.contains(&"your name"));
    // What the sender gives wins.
    let given = LetterDetails { to: Some("Mr Dafydd Huws".into()), ..LetterDetails::new(date(2025, 12, 1)) };
    let text = letter::plain::render(&letter::build(&report, &given).unwrap());
    assert!(text.contains("Dear Mr Huws,") && !text.contains("Glenys"));
    // The report about wording carries no name.
    let json = idp_audit::report::json::render(std::slice::from_ref(&report));
    assert!(!json.contains("Mabli Wyn Pritchard") && !json.contains("Glenys Owen"));
}

/// Wherever the term dates are known, the reply date is a school day: never
/// a weekend, a bank holiday, a half-term or a school holiday. Letters
/// dated on every day of the school year 2025 to 2026 are checked.
#[test]
fn the_reply_date_never_falls_in_a_holiday() {
    let report = audit("md/table_gfm.md");
    let terms = letter::deadline::TermDates::builtin();
    let mut d = date(2025, 8, 31);
    let mut school = 0;
    while d <= date(2026, 7, 20) {
        let l = letter::build(&report, &LetterDetails::new(d)).unwrap();
        if l.deadline_kind == letter::deadline::DayKind::School {
            school += 1;
            assert!(terms.is_school_day(l.deadline), "{d}: the reply date {} is not a school day", l.deadline);
        }
        d = d.tomorrow().unwrap();
    }
    assert!(school > 300, "{school}");
    // 14 December 2025: not Wednesday 31 December, in the Christmas holiday,
    // but Friday 9 January 2026.
    let l = letter::build(&report, &LetterDetails::new(date(2025, 12, 14))).unwrap();
    assert_eq!(l.deadline, date(2026, 1, 9));
}

#[test]
fn both_formats_say_the_same_words() {
    let l = letter::build(&audit("docx/example_idp.docx"), &example_details()).unwrap();
    let md = letter::markdown::render(&l);
    let txt = letter::plain::render(&l);
    let docx_text = docx_text(&letter::docx::render(&l));
    for part in &l.letters[0].body {
        let texts = match part {
            Part::Paragraph(t) | Part::Heading(t) | Part::Subheading(t) => vec![t.clone()],
            Part::Quote(lines) => vec![lines.last().unwrap().text.clone()],
            Part::Table { rows, .. } => rows.iter().flatten().cloned().collect(),
        };
        for text in texts {
            assert!(docx_text.contains(&collapse_ws(&text)), "not in the Word letter: {text}");
            // Markdown escapes a few characters; compare without the escapes.
            assert!(md.replace('\\', "").contains(&text.replace('\\', "")), "not in the Markdown letter: {text}");
            assert!(txt.contains(&text), "not in the text letter: {text}");
        }
    }
}

/// All the text of a Word file, as idp-audit's reader sees it, white space
/// collapsed.
fn docx_text(bytes: &[u8]) -> String {
    let doc = idp_audit::read::docx::read(bytes, &Limits::default()).expect("the letter reads back");
    let mut out = String::new();
    for b in &doc.blocks {
        let t = match &b.kind {
            BlockKind::Heading { text, .. } => text.clone(),
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => p.text.clone(),
            BlockKind::Table(t) => {
                t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text().to_string())).collect::<Vec<_>>().join("\n")
            }
            other => panic!("the letter has no text boxes: {other:?}"),
        };
        out.push_str(&t);
        out.push('\n');
    }
    collapse_ws(&out)
}

#[test]
fn docx_letter_reads_back_with_every_vague_provision_the_date_child_and_school() {
    let report = audit("docx/example_idp.docx");
    let l = letter::build(&report, &example_details()).unwrap();
    let text = docx_text(&letter::docx::render(&l));

    let vague: Vec<_> = report.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague).collect();
    assert_eq!(vague.len(), 7, "the example plan's vague provisions");
    for p in &vague {
        // Every non-empty cell of the row, in the plan's own words.
        for f in &p.raw.fields {
            let cell = collapse_ws(p.raw.field_text(f));
            assert!(cell.is_empty() || text.contains(&cell), "provision {}: {cell:?} not quoted", p.index);
        }
        let rewrite = &p.rewrite.as_ref().unwrap().text;
        assert!(text.contains(&collapse_ws(rewrite)), "provision {}: rewrite not in the letter", p.index);
        assert!(text.contains(&format!("Provision {}: ", p.index)));
        assert!(text.contains(&format!("Section 2B, table 1, row {}", p.raw.location.row.unwrap())));
    }
    // Specific provisions are not quoted: row 2's Talkabout programme is fine.
    assert!(!text.contains("Talkabout social communication programme"));
    assert_eq!(text.matches("Section 2B now says:").count(), 7);
    assert_eq!(text.matches("I ask for it to be revised to read:").count(), 7);
    // The standard is stated once, not once per provision.
    assert_eq!(text.matches("detailed, specific and quantifiable").count(), 1);
    // 1 December 2025 + 10 school days (no holiday in between).
    assert!(text.contains("by Monday 15 December 2025"), "{text}");
    assert!(text.contains("1 December 2025"));
    assert!(text.contains("Heledd Mai Rowlands"));
    assert!(text.contains("Ysgol Gynradd Cwm Tawel & Meithrinfa"), "the ampersand survives the round trip");
    assert!(text.contains("Dear Mr Pritchard,"));
    assert!(text.contains("Siân Rowlands"));
    assert!(text.contains("it is not legal advice"));
    assert!(text.contains("ask the local authority to reconsider the IDP"));
}

#[test]
fn docx_letter_is_the_same_bytes_every_time() {
    let report = audit("docx/example_idp.docx");
    let a = letter::docx::render(&letter::build(&report, &example_details()).unwrap());
    let b = letter::docx::render(&letter::build(&report, &example_details()).unwrap());
    assert!(a == b, "two renders of the same letter differ");
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn docx_letter_uses_real_styles() {
    let l = letter::build(&audit("docx/example_idp.docx"), &example_details()).unwrap();
    let bytes = letter::docx::render(&l);
    let styles = part(&bytes, "word/styles.xml");
    for id in ["Title", "Heading1", "Heading2", "Quote", "Address", "Note", "Footer"] {
        assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "no {id} style");
    }
    // The body font and size are the document defaults, which Normal shows.
    let defaults = &styles[styles.find("<w:docDefaults>").unwrap()..styles.find("</w:docDefaults>").unwrap()];
    assert!(defaults.contains(r#"w:ascii="Arial""#) && defaults.contains(r#"<w:sz w:val="24""#), "{defaults}");
    let document = part(&bytes, "word/document.xml");
    assert_eq!(document.matches(r#"<w:pStyle w:val="Quote""#).count(), 14, "two quotes per vague provision");
    assert_eq!(document.matches(r#"<w:pStyle w:val="Title""#).count(), 1);
    assert!(document.contains(r#"<w:highlight w:val="yellow""#), "placeholders are highlighted");
    assert_eq!(document.matches("<w:tbl>").count(), 1, "the summary table");
    // Page numbers in the footer, and the letter's own properties.
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES") && footer.contains("Page "), "{footer}");
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>Siân Rowlands</dc:creator>"), "{core}");
    assert!(core.contains("<dc:title>Individual Development Plan for Heledd Mai Rowlands"), "{core}");
    assert!(core.contains(">2025-12-01T00:00:00Z</dcterms:created>") && !core.contains("1970"), "{core}");
}

/// A letter in both languages is one Word document: the Welsh letter, then
/// the English from a new page; the footer numbers pages in both.
#[test]
fn docx_letter_in_both_languages() {
    let l = letter::build(&audit("md/bilingual_table.md"), &LetterDetails::new(date(2025, 12, 14))).unwrap();
    let bytes = letter::docx::render(&l);
    let document = part(&bytes, "word/document.xml");
    assert_eq!(document.matches("<w:pageBreakBefore").count(), 1);
    let (cy, en) = (document.find("Annwyl").unwrap(), document.find("Dear ").unwrap());
    assert!(cy < en, "Welsh first");
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("Tudalen ") && footer.contains("Page "), "{footer}");
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>idp-audit</dc:creator>") && core.contains("cy-GB"), "{core}");
}

#[test]
fn a_plan_with_no_vague_provision_gets_no_letter() {
    let plan = "# Plan\n\n## Section 2B\n\n- Speech and language therapy, 30 minutes twice a week, 1:1, delivered by \
                an HCPC-registered speech and language therapist.\n";
    let report = idp_audit::audit_bytes(plan.as_bytes(), Path::new("plan.md"), &Options::default());
    let err = letter::build(&report, &example_details()).unwrap_err();
    assert!(!err.is_error());
    assert!(err.to_string().contains("nothing to ask the school to change"), "{err}");
}

// ---------------------------------------------------------------------------
// The command.

fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("letter-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn idp_audit(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_idp-audit")).arg("letter").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

#[test]
fn cli_writes_the_letter_and_refuses_to_overwrite_the_plan_or_an_existing_file() {
    let d = scratch("refuse");
    let plan = d.join("plan.md");
    std::fs::copy(fixture("md/table_gfm.md"), &plan).unwrap();
    let original = std::fs::read(&plan).unwrap();

    // --out is the plan itself, spelt two ways, with and without --force.
    for out in [plan.clone(), d.join(".").join("plan.md")] {
        for force in [false, true] {
            let mut args = vec![plan.as_os_str(), os("--out"), out.as_os_str()];
            if force {
                args.push(os("--force"));
            }
            let (code, _, err) = idp_audit(&args);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains("never writes over a plan"), "{err}");
        }
    }
    assert_eq!(std::fs::read(&plan).unwrap(), original, "the plan was changed");

    let out = d.join("letter.docx");
    let (code, stdout, err) =
        idp_audit(&[plan.as_os_str(), os("--out"), out.as_os_str(), os("--date"), os("2025-12-19")]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("Friday 16 January 2026"), "the Christmas holiday skipped: {stdout}");
    assert!(stdout.contains("10 school days"), "{stdout}");
    assert!(stdout.contains("not legal advice"), "{stdout}");
    let first = std::fs::read(&out).unwrap();
    assert!(first.starts_with(b"PK"));

    // Again without --force: refused, the letter untouched.
    let (code, _, err) = idp_audit(&[plan.as_os_str(), os("--out"), out.as_os_str(), os("--date"), os("2026-01-05")]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), first);

    // With --force it is replaced.
    let (code, _, err) =
        idp_audit(&[plan.as_os_str(), os("--out"), out.as_os_str(), os("--date"), os("2026-01-05"), os("--force")]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read(&out).unwrap(), first);

    // Markdown too, from the extension; no temporary file left behind.
    let md = d.join("letter.md");
    let (code, _, err) = idp_audit(&[plan.as_os_str(), os("--out"), md.as_os_str(), os("--child"), os("Alys")]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&md).unwrap().contains("for my child, Alys,"));
    // Plain text for an email body, the language chosen.
    let txt = d.join("letter.txt");
    let (code, _, err) = idp_audit(&[
        plan.as_os_str(),
        os("--out"),
        txt.as_os_str(),
        os("--lang"),
        os("en+cy"),
        os("--address"),
        os("3 Heol y Felin, Cwm Tawel"),
    ]);
    assert_eq!(code, 0, "{err}");
    let body = std::fs::read_to_string(&txt).unwrap();
    assert!(body.starts_with("[Eich enw]\n3 Heol y Felin\nCwm Tawel\n"), "{body}");
    assert!(body.contains("Annwyl") && body.contains("Dear "), "both languages");
    let (code, _, err) =
        idp_audit(&[plan.as_os_str(), os("--out"), d.join("x.txt").as_os_str(), os("--lang"), os("fr")]);
    assert_eq!(code, 2);
    assert!(err.contains("en+cy"), "{err}");
    let mut names: Vec<String> =
        std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["letter.docx", "letter.md", "letter.txt", "plan.md"]);
    assert_eq!(std::fs::read(&plan).unwrap(), original, "the plan was changed");
}

#[test]
fn cli_exit_codes() {
    let d = scratch("codes");
    let out = d.join("letter.docx");

    // No Section 2B: an error, no letter.
    let (code, _, err) = idp_audit(&[fixture("md/no_2b.md").as_os_str(), os("--out"), out.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains("No Section 2B was found"), "{err}");

    // A plan that is not there.
    let (code, _, err) = idp_audit(&[d.join("missing.docx").as_os_str(), os("--out"), out.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains("could not be read"), "{err}");

    // An ending idp-audit cannot write.
    let pdf = d.join("letter.pdf");
    let (code, _, err) = idp_audit(&[fixture("md/table_gfm.md").as_os_str(), os("--out"), pdf.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains(".docx, .md or .txt"), "{err}");

    // A date that is not a date: a usage error from clap, saying how to write one.
    let (code, _, err) = idp_audit(&[
        fixture("md/table_gfm.md").as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("--date"),
        os("1/13/2025"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("day first"), "{err}");

    // Nothing vague: no letter, and that is not an error.
    let plan = d.join("specific.md");
    std::fs::write(
        &plan,
        "# Plan\n\n## Section 2B\n\n- Speech and language therapy, 30 minutes twice a week, 1:1, delivered by an \
         HCPC-registered speech and language therapist.\n",
    )
    .unwrap();
    let (code, stdout, err) = idp_audit(&[plan.as_os_str(), os("--out"), out.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("No letter was written"), "{stdout}");

    assert!(!out.exists() && !pdf.exists(), "no letter should have been written");
}

/// A one-off event that names its date and who delivers it is not asked
/// for a weekly rate or training: with nothing else vague, no letter.
#[test]
fn a_dated_one_off_event_needs_no_letter() {
    let plan = "# Plan\n\n## Section 2B\n\n- Transition visit to the new school on 14 July 2026 with her teaching \
                assistant.\n";
    let report = idp_audit::audit_bytes(plan.as_bytes(), Path::new("plan.md"), &Options::default());
    let err = letter::build(&report, &example_details()).unwrap_err();
    assert!(!err.is_error());
    assert!(err.to_string().contains("one-off"), "{err}");
}
