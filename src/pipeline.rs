//! The pipeline for one plan: read → locate Section 2B → split into
//! provisions → check (the rules) → suggested rewrites. [`audit_file`]
//! runs it and never panics on bad input: every failure is a
//! [`DocumentReport`] with `status: error` and a message that says what to do.

use crate::lexicon::Lexicon;
use crate::types::error::{ErrorKind, ReadError};
use crate::types::limits::Limits;
use crate::types::model::Format;
use crate::types::report::{DocumentReport, Provision, SectionInfo, Status};
use crate::types::{RuleSettings, Verdict};
use crate::{locate, read, rewrite, rules, split};
use std::path::Path;
use std::sync::Arc;

/// How to audit: limits, the lexicon (built-in plus any extra files) and
/// per-rule settings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    /// `None` means the built-in lexicon.
    pub lexicon: Option<Arc<Lexicon>>,
    pub rules: RuleSettings,
    /// The words of the heading that opens Section 2B, when the user names
    /// it (`--section-2b`): for plans whose section idp-audit cannot find.
    pub section_2b: Option<String>,
}

impl Options {
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon.as_deref().unwrap_or_else(|| Lexicon::builtin())
    }

    /// Build the lexicon now, then compile the patterns it leaves for their
    /// first use on a background thread: the first plans then find most of
    /// them ready instead of compiling each in turn. Worth it for a run of
    /// the command line; a library caller checking one text need not.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn warm_lexicon_in_background(&self) {
        // A thread that cannot be started (a machine out of threads) only
        // means the patterns compile on first use instead.
        let spawn = std::thread::Builder::new().name("idp-audit-warm".into());
        let _ = match &self.lexicon {
            Some(lexicon) => {
                let lexicon = Arc::clone(lexicon);
                spawn.spawn(move || lexicon.warm())
            }
            None => {
                let lexicon = Lexicon::builtin();
                spawn.spawn(move || lexicon.warm())
            }
        };
    }
}

/// Audit one file. Reads it (never writes it), and turns every failure,
/// including a panic inside idp-audit, into an error report for this file.
pub fn audit_file(path: &Path, opts: &Options) -> DocumentReport {
    let guess = guess_format(path);
    let bytes = match read_file(path, &opts.limits) {
        Ok(b) => b,
        Err(e) => return DocumentReport::error(path, guess, e),
    };
    audit_bytes(&bytes, path, opts)
}

/// Audit a plan already in memory. `path` names it in the report and hints
/// at its format.
pub fn audit_bytes(bytes: &[u8], path: &Path, opts: &Options) -> DocumentReport {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| audit_inner(bytes, path, opts)));
    // The last net, not a fix: a panic the fuzzers find is fixed at its cause.
    result.unwrap_or_else(|panic| DocumentReport::error(path, guess_format(path), internal_error(path, panic)))
}

thread_local! {
    /// Where the last panic on this thread happened, as the panic hook saw it.
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Install a panic hook that remembers where a panic happened and prints
/// only that: a panic's message can quote a plan's text (a slice out of
/// bounds shows the string), and a child's plan must never reach a log.
/// The command line installs it; a library caller may.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        PANIC_AT.with(|p| *p.borrow_mut() = Some(at.clone()));
        // Panics inside a plan's audit become that plan's error; one
        // anywhere else is said here, without its message.
        eprintln!("idp-audit: internal error at {at} (a bug in idp-audit; its details are left out)");
    }));
}

/// A panic caught on one file, as that file's error: the file's name and
/// where in idp-audit it failed, never the panic's message (it may quote
/// the plan).
pub(crate) fn internal_error(path: &Path, _panic: Box<dyn std::any::Any + Send>) -> ReadError {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let at = PANIC_AT.with(|p| p.borrow_mut().take()).map(|at| format!(" at {at}")).unwrap_or_default();
    ReadError::new(
        ErrorKind::Internal,
        format!(
            "idp-audit failed on the file '{name}' (an internal error{at}). This is a bug in idp-audit, not a \
             problem with the plan; please report it, without the plan if it holds private details. The other \
             files were still checked."
        ),
    )
}

fn audit_inner(bytes: &[u8], path: &Path, opts: &Options) -> DocumentReport {
    // The unit test of the catch_unwind net needs a panic to catch.
    #[cfg(test)]
    if path.file_name().is_some_and(|n| n == "idp-audit-test-panic.md") {
        panic!("a panic for the test of the net");
    }
    let doc = match read::read_bytes(bytes, path, &opts.limits) {
        Ok(d) => d,
        Err(e) => {
            let format = if bytes.starts_with(b"PK") { Some(Format::Docx) } else { guess_format(path) };
            return DocumentReport::error(path, format, e);
        }
    };
    let mut report = DocumentReport {
        path: path.to_path_buf(),
        format: Some(doc.format),
        status: Status::NoSection2B,
        error: None,
        section: None,
        notices: doc.notices.clone(),
        findings: Vec::new(),
        provisions: Vec::new(),
        front: crate::front::read(&doc.blocks),
    };
    let lexicon = opts.lexicon();
    let located = match &opts.section_2b {
        Some(name) => locate::locate_named(&doc.blocks, name),
        None => locate::locate(&doc.blocks),
    };
    let Some(section) = located else {
        let facts = rules::PlanFacts {
            section_found: false,
            mention: locate::mention_of_2b(&doc.blocks),
            provisions: &[],
            notices: &doc.notices,
            lex: lexicon,
        };
        report.findings = rules::check_plan(&facts, &opts.rules);
        return report;
    };
    report.status = Status::Ok;
    report.section = Some(SectionInfo { heading: section.heading.clone(), found_by: section.found_by });
    // The splitter refuses a Section 2B past max_provisions or
    // max_provision_bytes as soon as it gets there, before any provision is
    // checked.
    let raw = match split::split(&section, &opts.limits, opts.lexicon()) {
        Ok(raw) => raw,
        Err(e) => return DocumentReport::error(path, Some(doc.format), e),
    };
    let facts =
        rules::PlanFacts { section_found: true, mention: None, provisions: &raw, notices: &doc.notices, lex: lexicon };
    report.findings = rules::check_plan(&facts, &opts.rules);
    report.provisions = raw
        .into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let check = rules::check(&raw, lexicon, &opts.rules);
            // A "provision" pages long is not one a school could rewrite
            // as a sentence: it gets its findings, not a suggested wording.
            let rewrite = (check.verdict == Verdict::Vague && raw.text.len() <= rewrite::MAX_BYTES)
                .then(|| rewrite::rewrite(&raw, &check, lexicon));
            Provision { index: i + 1, raw, check, rewrite }
        })
        .collect();
    report
}

/// Read a file's bytes, refusing folders, things that are not files (a
/// named pipe, a device) and oversized files with a clear word.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(ReadError::new(
            ErrorKind::Io,
            "This is a folder, not a file. Give a plan file, or the folder to check every plan in it.",
        ));
    }
    if let Some(e) = not_a_file(&meta) {
        return Err(e);
    }
    if meta.len() > limits.max_file_bytes {
        return Err(limits.file_too_big(meta.len()));
    }
    let file = open_for_reading(path).map_err(|e| io_error(path, &e))?;
    // The path may have been swapped for a pipe since it was looked at:
    // what counts is what was opened.
    let opened = file.metadata().map_err(|e| io_error(path, &e))?;
    if let Some(e) = not_a_file(&opened) {
        return Err(e);
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limits.max_file_bytes) as usize);
    use std::io::Read;
    file.take(limits.max_file_bytes + 1).read_to_end(&mut bytes).map_err(|e| io_error(path, &e))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(limits.file_too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Open a file to read without waiting: opening a named pipe for reading
/// waits until something opens it for writing, which may be never. Not
/// waiting changes nothing for a regular file.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The error for a path that is neither a folder nor a regular file: a
/// named pipe (reading it waits for a writer), a device (`/dev/zero` never
/// ends), a socket. `None` for a regular file.
pub(crate) fn not_a_file(meta: &std::fs::Metadata) -> Option<ReadError> {
    let kind = meta.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[allow(unused_mut)]
    let mut what = "This is not a regular file";
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            what =
                "This is a named pipe (a FIFO), not a file: reading it would wait for another program to write to it";
        } else if kind.is_char_device() || kind.is_block_device() {
            what = "This is a device (such as /dev/zero or a disk), not a file";
        } else if kind.is_socket() {
            what = "This is a socket, not a file";
        }
    }
    Some(ReadError::new(
        ErrorKind::Io,
        format!("{what}. idp-audit reads plan files: give the .docx, .pdf, .md or .txt file itself."),
    ))
}

fn io_error(path: &Path, e: &std::io::Error) -> ReadError {
    use std::io::ErrorKind as K;
    let msg = match e.kind() {
        K::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                "This is a link to a file that no longer exists (a broken link). Check where the plan was saved."
                    .to_string()
            } else {
                "No file was found at this path. Check the spelling, or drag the file onto the terminal to paste its path."
                    .to_string()
            }
        }
        K::PermissionDenied => {
            "idp-audit is not allowed to read this file (permission denied). Copy it somewhere you own, or ask whoever \
             shared it for access."
                .to_string()
        }
        _ => format!("The file could not be read: {e}."),
    };
    ReadError::new(ErrorKind::Io, msg)
}

fn guess_format(path: &Path) -> Option<Format> {
    match path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("docx" | "docm" | "dotx") => Some(Format::Docx),
        Some("md" | "markdown" | "mdown" | "mkd") => Some(Format::Markdown),
        Some("txt" | "text") => Some(Format::Text),
        Some("pdf") => Some(Format::Pdf),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_say_what_to_do() {
        let path = Path::new("/no/such/folder/plan.docx");
        let denied = io_error(path, &std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(denied.kind, ErrorKind::Io);
        assert!(denied.message.contains("permission denied"), "{}", denied.message);
        assert!(denied.message.contains("Copy it somewhere you own"), "{}", denied.message);
        let missing = io_error(path, &std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(missing.message.contains("No file was found"), "{}", missing.message);
    }

    #[test]
    fn a_panic_is_an_internal_error_naming_the_file() {
        let r = audit_bytes(b"# Plan\n", Path::new("plans/idp-audit-test-panic.md"), &Options::default());
        assert_eq!(r.status, Status::Error);
        let e = r.error.unwrap();
        assert_eq!(e.kind, ErrorKind::Internal);
        assert!(e.message.contains("'idp-audit-test-panic.md'"), "{}", e.message);
        // The panic's own words (which could quote a plan) are never repeated.
        assert!(!e.message.contains("a panic for the test of the net"), "{}", e.message);
        assert!(e.message.contains("bug in idp-audit"), "{}", e.message);
    }
}
