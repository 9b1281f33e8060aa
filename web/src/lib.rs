//! The page's checker: the idp-audit library behind the few calls the
//! page's script makes: [`idp_check`] (a plan's bytes in, what to show as
//! JSON out) and [`idp_letter`] (the revision letter for the plan last
//! checked, as a Word file). Everything runs in the page. The module's only
//! imports are the placeholders the linker leaves for getrandom (which zip
//! and lopdf call only to encrypt, which idp-audit never does); the page
//! gives each a function that refuses, so the checker has no way to reach
//! the network or anything else outside its own memory.
//!
//! The verdicts are the library's own (`idp_audit::audit_bytes`, the same
//! call the command line makes), and the sentences are the human report's:
//! what a provision does not say, each hedge's message, the suggested
//! wording. Every failure is a value: a plan that cannot be read is a
//! report with its reason, a letter that cannot be written is an error
//! with its reason.
//!
//! The interface is plain numbers, with no generated glue: the page asks
//! for a buffer ([`idp_alloc`]), writes a file or a text into it, and
//! passes its address and length; the answer waits in [`idp_out_ptr`] /
//! [`idp_out_len`] until the next call.
//!
//! A panic (a bug) or running out of memory stops the module: it traps,
//! and the page starts a fresh one for the next plan. Before a panic
//! stops it, its message is left in [`idp_panic_note`], which the page
//! reads from the stopped module's memory to say which of the two it was.

use idp_audit::letter::{self, Languages, LetterDetails};
use idp_audit::report::words;
use idp_audit::types::limits::Limits;
use idp_audit::types::{FindingKind, Severity, Verdict};
use idp_audit::{DocumentReport, Options, Provision, Status};
use serde::Serialize;
use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};

thread_local! {
    /// The plan last checked, for its letter. Only ever in this page's memory.
    static LAST: RefCell<Option<DocumentReport>> = const { RefCell::new(None) };
    /// The last call's answer, for the page to copy out.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `len` bytes for the page to write into; the next call that
/// is given it takes it back.
#[unsafe(no_mangle)]
pub extern "C" fn idp_alloc(len: usize) -> *mut u8 {
    let mut v = vec![0u8; len];
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Take back a buffer from [`idp_alloc`].
///
/// # Safety
/// `ptr` and `len` are exactly what one call of [`idp_alloc`] gave and
/// took, and the buffer is not used again.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    // SAFETY: the caller's promise: allocated by `idp_alloc` as a Vec of
    // length and capacity `len`, handed back once.
    unsafe { Vec::from_raw_parts(ptr, len, len) }
}

/// Where the last answer starts in memory.
#[unsafe(no_mangle)]
pub extern "C" fn idp_out_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}

/// The last answer's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn idp_out_len() -> usize {
    OUT.with(|o| o.borrow().len())
}

fn answer(bytes: Vec<u8>) {
    OUT.with(|o| *o.borrow_mut() = bytes);
}

/// The last panic's message, for the page to read after the module has
/// stopped (it cannot call a stopped module): its length in bytes, then
/// the bytes (UTF-8, cut short at a character's boundary).
#[repr(C)]
pub struct PanicNote {
    len: AtomicU32,
    bytes: [AtomicU8; 1020],
}

static PANIC_NOTE: PanicNote = PanicNote { len: AtomicU32::new(0), bytes: [const { AtomicU8::new(0) }; 1020] };

/// Where [`PanicNote`] is in memory.
#[unsafe(no_mangle)]
pub extern "C" fn idp_panic_note() -> *const PanicNote {
    &PANIC_NOTE
}

fn note_panic(message: &str) {
    let mut end = message.len().min(PANIC_NOTE.bytes.len());
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    for (slot, b) in PANIC_NOTE.bytes.iter().zip(&message.as_bytes()[..end]) {
        slot.store(*b, Ordering::Relaxed);
    }
    PANIC_NOTE.len.store(end as u32, Ordering::Relaxed);
}

/// Build the built-in lexicon now (compiling its patterns), so that the
/// first plan is checked without waiting for it; and keep the message of
/// any panic for the page.
#[unsafe(no_mangle)]
pub extern "C" fn idp_warm() {
    std::panic::set_hook(Box::new(|info| note_panic(info.payload_as_str().unwrap_or("a panic"))));
    idp_audit::lexicon::Lexicon::builtin().warm();
}

/// Check one plan: its file name (UTF-8; its ending says how to read it)
/// and its bytes, each in a buffer from [`idp_alloc`]. The answer is the
/// JSON of [`Plan`].
///
/// # Safety
/// Each pointer and length is one buffer from [`idp_alloc`], given once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idp_check(name_ptr: *mut u8, name_len: usize, bytes_ptr: *mut u8, bytes_len: usize) {
    // SAFETY: the caller's promise, passed on.
    let (name, bytes) = unsafe { (take(name_ptr, name_len), take(bytes_ptr, bytes_len)) };
    answer(check(&String::from_utf8_lossy(&name), &bytes).into_bytes());
}

/// Write the revision letter for the plan last checked, from the letter
/// form, form-encoded ([`Form`]), in a buffer from [`idp_alloc`]. Returns 1 with
/// the Word file as the answer, or 0 with the reason there is none.
///
/// # Safety
/// The pointer and length are one buffer from [`idp_alloc`], given once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idp_letter(form_ptr: *mut u8, form_len: usize) -> u32 {
    // SAFETY: the caller's promise, passed on.
    let form = unsafe { take(form_ptr, form_len) };
    match letter_docx(&String::from_utf8_lossy(&form)) {
        Ok(docx) => {
            answer(docx);
            1
        }
        Err(why) => {
            answer(why.into_bytes());
            0
        }
    }
}

/// Refuse a file too large to be a plan before the page reads it, as the
/// command line does (the same limit, the same message): returns 1 with
/// the refusal as the answer (the JSON of [`Plan`]), or 0 when the file
/// may be read. `size` is the file's length in bytes.
///
/// # Safety
/// The pointer and length are one buffer from [`idp_alloc`], given once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idp_refuse_size(name_ptr: *mut u8, name_len: usize, size: f64) -> u32 {
    // SAFETY: the caller's promise, passed on.
    let name = unsafe { take(name_ptr, name_len) };
    let limits = Limits::default();
    if size <= limits.max_file_bytes as f64 {
        return 0;
    }
    let name = String::from_utf8_lossy(&name);
    let report = DocumentReport::error(Path::new(name.as_ref()), None, limits.file_too_big(size as u64));
    answer(show(&name, report).into_bytes());
    1
}

/// Check one plan, and keep it for its letter.
pub fn check(name: &str, bytes: &[u8]) -> String {
    show(name, idp_audit::audit_bytes(bytes, Path::new(name), &Options::default()))
}

/// What the page shows of a plan (the JSON of [`Plan`]); the plan is kept
/// for its letter.
fn show(name: &str, report: DocumentReport) -> String {
    let plan = Plan::of(name, &report);
    LAST.with(|l| *l.borrow_mut() = Some(report));
    // Serialising plain strings and numbers cannot fail; if it ever did,
    // the page is told so rather than shown nothing.
    serde_json::to_string(&plan).unwrap_or_else(|e| {
        format!(
            r#"{{"name":"","status":"error","error":"idp-audit could not show this result ({e}).","provisions":[]}}"#
        )
    })
}

/// What the parent types into the page's letter form, as the page sends
/// it: form-encoded (`date=2026-01-05&parent=A+Parent&...`, the encoding
/// of `URLSearchParams`), which a few lines read (a JSON reader here would
/// be 10 KB of the page's download). Empty fields are left to the plan's
/// front page, or to a placeholder in brackets.
#[derive(Default)]
struct Form {
    /// Today's date where the parent is, as YYYY-MM-DD.
    date: String,
    parent: String,
    address: String,
    contact: String,
    child: String,
    school: String,
    school_address: String,
    to: String,
    /// "en", "cy", "both", or "" for the plan's own language.
    lang: String,
}

impl Form {
    /// The form from its encoding: a field left out is empty, and a name
    /// the form does not have is passed over.
    fn read(encoded: &str) -> Result<Form, String> {
        let mut form = Form::default();
        for pair in encoded.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let field = match decode(name)?.as_str() {
                "date" => &mut form.date,
                "parent" => &mut form.parent,
                "address" => &mut form.address,
                "contact" => &mut form.contact,
                "child" => &mut form.child,
                "school" => &mut form.school,
                "school_address" => &mut form.school_address,
                "to" => &mut form.to,
                "lang" => &mut form.lang,
                _ => continue,
            };
            *field = decode(value)?;
        }
        Ok(form)
    }
}

/// One name or value of a form's encoding: `+` is a space, `%XX` a byte
/// of the UTF-8 text.
fn decode(s: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(s.len());
    let mut rest = s.bytes();
    while let Some(b) = rest.next() {
        bytes.push(match b {
            b'+' => b' ',
            b'%' => {
                let hex = [rest.next(), rest.next()];
                let digit = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
                match hex.map(digit) {
                    [Some(hi), Some(lo)] => (hi * 16 + lo) as u8,
                    _ => return Err(format!("a broken escape in {s:?}")),
                }
            }
            b => b,
        });
    }
    String::from_utf8(bytes).map_err(|_| format!("text that is not UTF-8 in {s:?}"))
}

/// The revision letter for the plan last checked, as a Word file, or why
/// there is none.
pub fn letter_docx(form: &str) -> Result<Vec<u8>, String> {
    let form = Form::read(form).map_err(|e| format!("The letter form could not be read ({e})."))?;
    let date = letter::parse_date(&form.date)?;
    let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let mut details = LetterDetails::new(date);
    details.parent = some(&form.parent);
    details.address = some(&form.address);
    details.contact = some(&form.contact);
    details.child = some(&form.child);
    details.school = some(&form.school);
    details.school_address = some(&form.school_address);
    details.to = some(&form.to);
    details.lang = match form.lang.as_str() {
        "en" => Some(Languages::En),
        "cy" => Some(Languages::Cy),
        "both" => Some(Languages::Both),
        _ => None,
    };
    LAST.with(|l| match &*l.borrow() {
        None => Err("Choose a plan first: the letter quotes its vague provisions.".to_string()),
        Some(report) => match letter::build(report, &details) {
            Ok(letters) => Ok(letter::docx::render(&letters)),
            Err(why) => Err(why.to_string()),
        },
    })
}

/// One plan, as the page shows it.
#[derive(Serialize)]
struct Plan {
    name: String,
    /// "ok", "no_section_2b" or "error", as in the JSON report.
    status: &'static str,
    /// Why the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// "12 provisions in Section 2B, 6 vague.", as the human report says it.
    summary: String,
    /// The heading Section 2B was found under.
    #[serde(skip_serializing_if = "Option::is_none")]
    heading: Option<String>,
    /// Findings about the plan as a whole (no Section 2B, unreadable).
    plan_findings: Vec<Note>,
    /// What the reader noticed (tracked changes, a layout it was unsure of).
    notices: Vec<Note>,
    provisions: Vec<ProvisionView>,
    vague: usize,
    /// The front page's details, to fill the letter form.
    front: Front,
    /// Whether a letter can be written, and if not, why.
    letter: LetterState,
}

#[derive(Serialize)]
struct Note {
    /// A rule id (IDP001) or a notice's code (tracked_changes).
    code: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
}

#[derive(Serialize)]
struct ProvisionView {
    index: usize,
    /// "Section 2B, table 1, row 3".
    location: String,
    /// The provision's text in pieces, the vague words marked.
    text: Vec<Piece>,
    verdict: &'static str,
    /// "It does not say how often, and it is vague about …" (may be empty).
    missing: String,
    /// The rule ids behind `missing`.
    missing_rules: Vec<String>,
    /// Each hedge's message, once.
    hedges: Vec<Note>,
    /// Other findings (information, suppressions).
    other: Vec<Note>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rewrite: Option<String>,
    /// Every finding's rule id, as the JSON report lists them.
    rules: Vec<String>,
}

#[derive(Serialize)]
struct Piece {
    text: String,
    marked: bool,
}

#[derive(Serialize, Default)]
struct Front {
    child: Option<String>,
    school: Option<String>,
    alnco: Option<String>,
}

#[derive(Serialize)]
struct LetterState {
    possible: bool,
    /// Why there is no letter (good news or a problem), when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    why_not: Option<String>,
    /// Whether `why_not` is a problem with the plan rather than good news.
    problem: bool,
}

/// Said when no Section 2B was found and no finding says so (the human
/// report's words).
const NO_SECTION_2B: &str = "No Section 2B was found in this plan, so there is no additional learning provision to \
     check. If the plan does describe its provision, look for a heading such as \"Section 2B\" or \"Adran 2B\".";

impl Plan {
    fn of(name: &str, d: &DocumentReport) -> Plan {
        let total = d.provisions.len();
        let vague = d.vague_count();
        let summary = match d.status {
            Status::Error => "Could not read this file.".to_string(),
            Status::NoSection2B => "No Section 2B was found, so nothing in this plan was checked.".to_string(),
            Status::Ok if total == 0 => "Section 2B was found, but it lists no provision.".to_string(),
            Status::Ok if vague == 0 => {
                format!("{} in Section 2B, all specific.", words::count(total, "provision", "provisions"))
            }
            Status::Ok => format!("{} in Section 2B, {vague} vague.", words::count(total, "provision", "provisions")),
        };
        let mut plan_findings: Vec<Note> = d
            .findings
            .iter()
            .map(|f| Note { code: f.rule.to_string(), message: f.message.clone(), severity: Some(f.severity.as_str()) })
            .collect();
        if d.status == Status::NoSection2B && plan_findings.is_empty() {
            plan_findings.push(Note { code: String::new(), message: NO_SECTION_2B.to_string(), severity: None });
        }
        let letter = match letter::build(d, &LetterDetails::new(letter::parse_date("2026-01-05").unwrap_or_default())) {
            Ok(_) => LetterState { possible: true, why_not: None, problem: false },
            Err(why) => LetterState { possible: false, why_not: Some(why.to_string()), problem: why.is_error() },
        };
        Plan {
            name: name.to_string(),
            status: d.status.as_str(),
            error: d.error.as_ref().map(|e| e.message.clone()),
            summary,
            heading: d.section.as_ref().and_then(|s| s.heading.clone()),
            plan_findings,
            notices: d
                .notices
                .iter()
                .map(|n| Note { code: n.code.to_string(), message: n.message.clone(), severity: None })
                .collect(),
            provisions: d.provisions.iter().map(ProvisionView::of).collect(),
            vague,
            front: Front { child: d.front.child.clone(), school: d.front.school.clone(), alnco: d.front.alnco.clone() },
            letter,
        }
    }
}

impl ProvisionView {
    fn of(p: &Provision) -> ProvisionView {
        let c = &p.check;
        let mut missing_rules: Vec<_> =
            c.findings.iter().filter(|f| f.kind != FindingKind::Hedge && f.affects_verdict).map(|f| f.rule).collect();
        // A handful of ids: sorted by insertion, so that the module has no
        // sorting routine for them alone.
        for i in 1..missing_rules.len() {
            let mut j = i;
            while j > 0 && missing_rules[j - 1] > missing_rules[j] {
                missing_rules.swap(j - 1, j);
                j -= 1;
            }
        }
        missing_rules.dedup();
        let mut hedges: Vec<Note> = Vec::new();
        for f in c.findings.iter().filter(|f| f.kind == FindingKind::Hedge) {
            if !hedges.iter().any(|h| h.message.to_lowercase() == f.message.to_lowercase()) {
                hedges.push(Note { code: f.rule.to_string(), message: f.message.clone(), severity: None });
            }
        }
        let other = c
            .findings
            .iter()
            .filter(|f| f.kind != FindingKind::Hedge && !f.affects_verdict)
            .map(|f| Note { code: f.rule.to_string(), message: f.message.clone(), severity: Some(f.severity.as_str()) })
            .collect();
        let spans: Vec<std::ops::Range<usize>> =
            c.findings.iter().filter(|f| f.severity > Severity::Info).filter_map(|f| f.span.clone()).collect();
        ProvisionView {
            index: p.index,
            location: p.raw.location.describe(),
            text: pieces(&p.raw.text, &spans),
            verdict: c.verdict.as_str(),
            missing: if c.verdict == Verdict::Vague { words::what_is_missing(c) } else { String::new() },
            missing_rules: missing_rules.iter().map(|r| r.to_string()).collect(),
            hedges,
            other,
            rewrite: p.rewrite.as_ref().map(|r| r.text.clone()),
            rules: c.findings.iter().map(|f| f.rule.to_string()).collect(),
        }
    }
}

/// `text` cut into marked and unmarked pieces, the marks the union of
/// `spans` (byte ranges; any that do not fall on character boundaries are
/// left out rather than trusted).
fn pieces(text: &str, spans: &[std::ops::Range<usize>]) -> Vec<Piece> {
    let mut marked = vec![false; text.len()];
    for s in spans {
        if s.start < s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end) {
            marked[s.clone()].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    for (i, ch) in text.char_indices() {
        let m = marked[i];
        match out.last_mut() {
            Some(last) if last.marked == m => last.text.push(ch),
            _ => out.push(Piece { text: ch.to_string(), marked: m }),
        }
    }
    out
}
