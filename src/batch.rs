//! Batches: find the plans in the paths given, audit them in parallel, and
//! hand each report to a [`Sink`] in a stable order.
//!
//! 1. [`discover`] walks each path: a file is taken as it is; a folder is
//!    searched (following links, skipping loops, hidden files and Word lock
//!    files `~$…`) for the file names that match the include globs and none
//!    of the exclude globs. Each folder's files are sorted by their path
//!    within it, so the order never depends on the file system.
//! 2. [`run`] audits them on `jobs` worker threads (rayon). Workers claim
//!    plans in order and may run at most a small window ahead of the plan
//!    the report is waiting for; finished reports wait in a reorder buffer
//!    of at most that window. So memory holds about one plan per worker,
//!    never the batch, and the output is byte for byte the same for every
//!    number of jobs.
//!
//! A file that cannot be read, or a folder that cannot be listed, is one
//! `status: error` document; the batch goes on.

use crate::report::{PlanRenderer, PlanTally, Sink, Totals};
use crate::types::Severity;
use crate::types::error::{ErrorKind, ReadError};
use crate::{DocumentReport, Options, Status, audit_file};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, mpsc};

/// The file names a folder is searched for, unless configured otherwise.
pub(crate) const DEFAULT_INCLUDE: &[&str] = &["*.docx", "*.pdf", "*.md", "*.markdown", "*.txt"];

/// Office files a folder may hold that idp-audit cannot read: each is still
/// reported, with the message a file named on the command line gets (save
/// it as .docx...), so that no plan in a folder goes unmentioned.
pub(crate) const UNREADABLE_OFFICE: &[&str] = &["*.doc", "*.odt", "*.rtf", "*.pages", "*.wpd", "*.docm", "*.dot"];

/// Which files in a folder are plans: include and exclude globs, matched
/// (ignoring case) against the path within the folder, with `/` between
/// folder names. A glob without a `/` matches at any depth.
#[derive(Debug, Clone)]
pub struct Select {
    include: GlobSet,
    exclude: GlobSet,
    include_src: Vec<String>,
    unreadable: GlobSet,
}

impl Default for Select {
    fn default() -> Self {
        let include: Vec<String> = DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect();
        Select::new(&include, &[]).expect("the default globs are valid")
    }
}

impl Select {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Select, String> {
        let unreadable: Vec<String> = UNREADABLE_OFFICE.iter().map(|s| s.to_string()).collect();
        Ok(Select {
            include: globs(include)?,
            exclude: globs(exclude)?,
            include_src: include.to_vec(),
            unreadable: globs(&unreadable)?,
        })
    }

    /// A plan to check, or an office file to report as unreadable.
    fn wants_file(&self, rel: &str) -> bool {
        (self.include.is_match(rel) || self.unreadable.is_match(rel)) && !self.exclude.is_match(rel)
    }

    fn wants_dir(&self, rel: &str) -> bool {
        !self.exclude.is_match(rel)
    }
}

fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = GlobBuilder::new(p)
            .case_insensitive(true)
            .build()
            .map_err(|e| format!("`{p}` is not a valid glob: {}", e.kind()))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

/// One file to audit, or a folder that could not be listed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// As the user gave it, joined with the path found in the folder.
    pub path: PathBuf,
    /// Set when the path could not even be listed (an unreadable folder).
    pub problem: Option<ReadError>,
    /// Found by searching a folder (not named by the user): a report or
    /// letter idp-audit wrote is then skipped, not reported.
    pub from_folder: bool,
    /// The plan's bytes when it came on standard input (`-`); `path` names it.
    pub stdin: Option<std::sync::Arc<Vec<u8>>>,
}

impl Item {
    /// A file named by the user.
    pub fn file(path: PathBuf) -> Self {
        Item { path, ..Item::default() }
    }
}

/// What [`discover`] found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub items: Vec<Item>,
    /// Things the user should know that are not reports: a folder with no
    /// plans in it, a link that loops back.
    pub warnings: Vec<String>,
}

/// Find the plans in `paths`: files as given, folders searched.
pub fn discover(paths: &[PathBuf], select: &Select) -> Discovery {
    let mut d = Discovery::default();
    for path in paths {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            let mut found: Vec<(String, PathBuf, Option<ReadError>)> = Vec::new();
            let mut ancestors = Vec::new();
            if let Ok(c) = std::fs::canonicalize(path) {
                ancestors.push(c);
            }
            walk(path, "", select, &mut ancestors, &mut found, &mut d.warnings);
            if found.is_empty() {
                d.warnings.push(format!(
                    "no plans found in {} (idp-audit looks for {}).",
                    path.display(),
                    select.include_src.join(", ")
                ));
            }
            found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            d.items.extend(found.into_iter().map(|(_, path, problem)| Item {
                path,
                problem,
                from_folder: true,
                stdin: None,
            }));
        } else {
            // A file, or a path that does not exist: audit_file says which.
            d.items.push(Item::file(path.clone()));
        }
    }
    d
}

fn skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

fn walk(
    dir: &Path,
    rel: &str,
    select: &Select,
    ancestors: &mut Vec<PathBuf>,
    found: &mut Vec<(String, PathBuf, Option<ReadError>)>,
    warnings: &mut Vec<String>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            found.push((rel.to_string(), dir.to_path_buf(), Some(folder_error(&e))));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.push((rel.to_string(), dir.to_path_buf(), Some(folder_error(&e))));
                continue;
            }
        };
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if skipped_name(&name_str) {
            continue;
        }
        let child_rel = if rel.is_empty() { name_str.to_string() } else { format!("{rel}/{name_str}") };
        let path = dir.join(&name);
        let Ok(ft) = entry.file_type() else { continue };
        let is_dir = if ft.is_symlink() {
            // Follow the link; a broken one is reported if its name is a plan's.
            std::fs::metadata(&path).is_ok_and(|m| m.is_dir())
        } else {
            ft.is_dir()
        };
        if is_dir {
            if !select.wants_dir(&child_rel) {
                continue;
            }
            let Ok(canonical) = std::fs::canonicalize(&path) else { continue };
            if ancestors.contains(&canonical) {
                warnings.push(format!(
                    "skipped {}: it links back to a folder that holds it, which would loop for ever.",
                    path.display()
                ));
                continue;
            }
            ancestors.push(canonical);
            walk(&path, &child_rel, select, ancestors, found, warnings);
            ancestors.pop();
        } else if select.wants_file(&child_rel) {
            // A named pipe or a device with a plan's name is that file's
            // error: reading it would wait for ever, or never end.
            let problem = std::fs::metadata(&path).ok().and_then(|m| crate::pipeline::not_a_file(&m));
            found.push((child_rel, path, problem));
        }
    }
}

fn folder_error(e: &io::Error) -> ReadError {
    let msg = if e.kind() == io::ErrorKind::PermissionDenied {
        "idp-audit is not allowed to list this folder (permission denied), so the plans in it were not checked. \
         Copy them somewhere you own, or ask whoever shared the folder for access."
            .to_string()
    } else {
        format!("This folder could not be listed, so the plans in it were not checked: {e}.")
    };
    ReadError::new(ErrorKind::Io, msg)
}

/// When the findings should make `idp-audit check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// Any vague provision, or any plan whose provision could not be
    /// checked (no Section 2B) (the default).
    #[default]
    Vague,
    /// Any finding of severity error.
    Error,
    /// Any finding of severity warning or error.
    Warning,
    /// Any finding at all.
    Info,
}

impl FailOn {
    pub const NAMES: [&'static str; 4] = ["vague", "error", "warning", "info"];

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Vague => "vague",
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
        }
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "vague" => Ok(FailOn::Vague),
            "error" => Ok(FailOn::Error),
            "warning" => Ok(FailOn::Warning),
            "info" => Ok(FailOn::Info),
            _ => Err(format!("`{s}` is not a --fail-on level; use one of {}", FailOn::NAMES.join(", "))),
        }
    }
}

/// What a batch came to: the totals, and what the exit code needs.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub totals: Totals,
    /// The highest severity of any finding.
    pub worst: Option<Severity>,
    /// Files that could not be read (including internal failures).
    pub unreadable: usize,
    /// Files idp-audit itself failed on (a bug).
    pub internal: usize,
    /// Findings about a plan as a whole at severity error: a plan that was
    /// read but whose provision could not be checked (no Section 2B).
    pub plan_errors: usize,
    /// Files found in folders that idp-audit wrote itself (reports,
    /// letters): skipped, not reported.
    pub skipped_own_output: Vec<PathBuf>,
}

impl Outcome {
    fn add(&mut self, t: &PlanTally) {
        self.totals.add_tally(t);
        self.worst = self.worst.max(t.worst);
        self.plan_errors += t.plan_errors;
        if t.row.status == Status::Error {
            self.unreadable += 1;
            if t.error == Some(ErrorKind::Internal) {
                self.internal += 1;
            }
        }
    }

    /// Whether the findings reach the `--fail-on` level.
    pub fn fails(&self, level: FailOn) -> bool {
        let at_least = |s: Severity| self.worst.is_some_and(|w| w >= s);
        match level {
            // A plan that could not be checked never passes as one that was.
            FailOn::Vague => self.totals.vague > 0 || self.plan_errors > 0,
            FailOn::Error => at_least(Severity::Error),
            FailOn::Warning => at_least(Severity::Warning),
            FailOn::Info => at_least(Severity::Info),
        }
    }
}

/// How many plans a worker may run ahead of the report.
const WINDOW_PER_JOB: usize = 4;

/// Audit `items` on `jobs` threads and write each report through `sink`,
/// in the order of `items`. `progress` is told how many plans are done after
/// each one. Fails only when writing `out` fails.
pub fn run(
    items: &[Item],
    opts: &Options,
    jobs: usize,
    sink: &mut dyn Sink,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> io::Result<Outcome> {
    let mut outcome = Outcome::default();
    let jobs = jobs.clamp(1, items.len().max(1));
    // Compiling the rest of the lexicon ahead of need pays only on a CPU no
    // worker is using (one plan, or -j1 on several cores): where workers
    // fill every CPU it takes their time, and compiles patterns no plan in
    // the batch would have needed.
    if jobs < std::thread::available_parallelism().map_or(1, |n| n.get()) {
        opts.warm_lexicon_in_background();
    }
    let renderer = sink.plan_renderer();
    let renderer = renderer.as_deref();
    let mut buf = Vec::with_capacity(64 * 1024);
    sink.begin(&mut buf)?;
    out.write_all(&buf)?;
    {
        let mut deliver = |i: usize, plan: Audited| -> io::Result<()> {
            let (bytes, tally) = match plan {
                Audited::Skipped(path) => {
                    outcome.skipped_own_output.push(path);
                    progress(i + 1);
                    return Ok(());
                }
                Audited::Rendered { bytes, tally } => (bytes?, tally),
                Audited::Report(doc) => {
                    buf.clear();
                    sink.document(&mut buf, &doc, i == 0)?;
                    (std::mem::take(&mut buf), PlanTally::of(&doc))
                }
            };
            outcome.add(&tally);
            // One write per plan: a progress bar drawn between writes never
            // lands inside a report.
            out.write_all(&bytes)?;
            progress(i + 1);
            Ok(())
        };
        match (jobs > 1).then(|| worker_pool(jobs)).flatten() {
            Some(pool) => in_parallel(&pool, items, opts, jobs, renderer, &mut deliver)?,
            // One job, or no threads to be had: one plan after another, the
            // same report.
            None => {
                for i in 0..items.len() {
                    deliver(i, audit_and_render(items, i, opts, renderer))?;
                }
            }
        }
    }
    buf.clear();
    sink.end(&mut buf, &outcome.totals)?;
    out.write_all(&buf)?;
    out.flush()?;
    Ok(outcome)
}

/// A plan as a worker hands it over: rendered in the output format with
/// its tally (the report itself freed on the worker), or, for a format
/// that renders the batch as a whole, the report.
enum Audited {
    Rendered {
        bytes: io::Result<Vec<u8>>,
        tally: PlanTally,
    },
    Report(DocumentReport),
    /// A report or letter idp-audit wrote, found in a folder.
    Skipped(PathBuf),
}

fn audit_and_render(items: &[Item], i: usize, opts: &Options, renderer: Option<&dyn PlanRenderer>) -> Audited {
    let doc = audit_item(&items[i], opts);
    if items[i].from_folder && doc.error.as_ref().is_some_and(|e| e.kind == ErrorKind::OwnOutput) {
        return Audited::Skipped(doc.path);
    }
    match renderer {
        Some(r) => {
            let mut bytes = Vec::new();
            let bytes = r.render(&mut bytes, &doc, i == 0).map(|()| bytes);
            Audited::Rendered { bytes, tally: PlanTally::of(&doc) }
        }
        None => Audited::Report(doc),
    }
}

/// Audit one item (never panics: a panic becomes an error report).
pub(crate) fn audit_item(item: &Item, opts: &Options) -> DocumentReport {
    if let Some(problem) = &item.problem {
        return DocumentReport::error(&item.path, None, problem.clone());
    }
    let audit = || match &item.stdin {
        Some(bytes) => crate::audit_bytes(bytes, &item.path, opts),
        None => audit_file(&item.path, opts),
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(audit)) {
        Ok(d) => d,
        Err(panic) => DocumentReport::error(&item.path, None, crate::pipeline::internal_error(&item.path, panic)),
    }
}

/// Which plans workers may take: the next one, as long as it is within the
/// window after the next one the report waits for.
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

struct GateState {
    next: usize,
    delivered: usize,
    stop: bool,
}

impl Gate {
    fn claim(&self, total: usize, window: usize) -> Option<usize> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if st.stop || st.next >= total {
                return None;
            }
            if st.next < st.delivered + window {
                st.next += 1;
                return Some(st.next - 1);
            }
            st = self.moved.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn delivered(&self, n: usize, stop: bool) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.delivered = n;
        st.stop |= stop;
        drop(st);
        self.moved.notify_all();
    }
}

/// The workers, or `None` when the system will not start that many threads.
fn worker_pool(jobs: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        // As much stack as the main thread has: deeply nested plans recurse.
        .stack_size(8 * 1024 * 1024)
        .thread_name(|i| format!("idp-audit-{i}"))
        .build()
        .ok()
}

fn in_parallel(
    pool: &rayon::ThreadPool,
    items: &[Item],
    opts: &Options,
    jobs: usize,
    renderer: Option<&dyn PlanRenderer>,
    deliver: &mut dyn FnMut(usize, Audited) -> io::Result<()>,
) -> io::Result<()> {
    let window = jobs * WINDOW_PER_JOB;
    let gate = Gate { state: Mutex::new(GateState { next: 0, delivered: 0, stop: false }), moved: Condvar::new() };
    let (tx, rx) = mpsc::channel::<(usize, Audited)>();
    pool.in_place_scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let gate = &gate;
            scope.spawn(move |_| {
                while let Some(i) = gate.claim(items.len(), window) {
                    if tx.send((i, audit_and_render(items, i, opts, renderer))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // The reorder buffer: reports that finished before their turn.
        let mut waiting: BTreeMap<usize, Audited> = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for (i, doc) in rx.iter() {
            waiting.insert(i, doc);
            while let Some(doc) = waiting.remove(&next) {
                if result.is_ok() {
                    result = deliver(next, doc);
                }
                next += 1;
                gate.delivered(next, result.is_err());
            }
        }
        result
    })
}

/// More plans than this get a progress bar (on a terminal).
pub(crate) const HANDFUL: usize = 5;

/// A progress bar on stderr, for a batch of more than a handful of plans
/// when stderr is a terminal. It is never written to stdout: the report
/// there stays clean for machines.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    /// A bar for `total` plans, or `None` when none should be drawn.
    pub fn on_terminal(total: usize) -> Option<Bar> {
        use std::io::IsTerminal;
        if total <= HANDFUL || !io::stderr().is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} plans checked, {eta} to go")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        Some(Bar(bar))
    }

    pub fn set(&self, done: usize) {
        self.0.set_position(done as u64);
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }

    /// A writer that lifts the bar off the terminal while it writes, so a
    /// report printed to the same terminal is never drawn over.
    pub fn writer<'a, W: Write + 'a>(&'a self, inner: W) -> impl Write + 'a {
        Suspending { bar: &self.0, inner }
    }
}

struct Suspending<'a, W> {
    bar: &'a indicatif::ProgressBar,
    inner: W,
}

impl<W: Write> Write for Suspending<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let inner = &mut self.inner;
        self.bar.suspend(|| inner.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let inner = &mut self.inner;
        self.bar.suspend(|| inner.write_all(buf).and_then(|_| inner.flush()))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The number of jobs when none is asked for: one per processor.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_at_any_depth_and_ignore_case() {
        let s = Select::default();
        assert!(s.wants_file("plan.docx"));
        assert!(s.wants_file("2025/Year 4/PLAN.DOCX"));
        assert!(s.wants_file("notes.markdown"));
        assert!(s.wants_file("plan.pdf") && s.wants_file("Plans/PLAN.PDF"));
        // Office files idp-audit cannot read are found, to be reported.
        assert!(s.wants_file("old/plan.DOC") && s.wants_file("plan.odt"));
        assert!(!s.wants_file("notes.csv") && !s.wants_file("photo.jpg"));
        let s = Select::new(&["*.md".into()], &["drafts/**".into()]).unwrap();
        assert!(s.wants_file("a/b.md"));
        assert!(!s.wants_file("drafts/b.md"));
        assert!(!s.wants_dir("drafts/old"));
    }

    #[test]
    fn a_bad_glob_says_which() {
        let err = Select::new(&["[*.md".into()], &[]).unwrap_err();
        assert!(err.contains("`[*.md`"), "{err}");
    }

    #[test]
    fn lock_and_hidden_files_are_skipped() {
        assert!(skipped_name("~$plan.docx"));
        assert!(skipped_name(".DS_Store"));
        assert!(!skipped_name("plan~1.docx"));
    }

    #[test]
    fn parallel_delivery_keeps_order_and_bytes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let found = discover(&[root.join("docx"), root.join("md"), root.join("missing.md")], &Select::default());
        // Many more plans than the reorder window, so workers must wait for it.
        let items: Vec<Item> = found.items.iter().cycle().take(90).cloned().collect();
        let opts = Options::default();
        let render = |jobs: usize| {
            let mut out = Vec::new();
            let mut sink = crate::report::sink(crate::report::Format::Json, Default::default());
            let mut seen = Vec::new();
            let outcome = run(&items, &opts, jobs, sink.as_mut(), &mut out, &mut |n| seen.push(n)).unwrap();
            assert_eq!(seen, (1..=items.len()).collect::<Vec<_>>(), "progress counts every plan once, in order");
            (out, outcome.totals.documents, outcome.unreadable)
        };
        let (one, docs, unreadable) = render(1);
        assert_eq!(docs, 90);
        assert!(unreadable > 0, "missing.md is an error document, not the end of the batch");
        for jobs in [2, 3, 8] {
            assert!(render(jobs).0 == one, "--jobs {jobs} gave different bytes");
        }
    }

    /// A writer that fails after some bytes, as a closed pipe does.
    struct Closes(usize);

    impl Write for Closes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 < buf.len() {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_output_ends_the_batch_with_its_error() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/md");
        let found = discover(&[root], &Select::default());
        let items: Vec<Item> = found.items.iter().cycle().take(200).cloned().collect();
        let mut sink = crate::report::sink(crate::report::Format::Human, Default::default());
        let mut done = 0;
        let r = run(&items, &Options::default(), 2, sink.as_mut(), &mut Closes(2000), &mut |n| done = n);
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        // Nothing more is reported once the output has closed, and the
        // workers waiting on the window are released (no hang).
        assert!(done < 10, "{done} plans were reported after the output closed");
    }

    #[test]
    fn fail_on_levels() {
        let mut o = Outcome::default();
        assert!(!o.fails(FailOn::Info));
        o.worst = Some(Severity::Warning);
        assert!(o.fails(FailOn::Info) && o.fails(FailOn::Warning));
        assert!(!o.fails(FailOn::Error) && !o.fails(FailOn::Vague));
        o.totals.vague = 1;
        assert!(o.fails(FailOn::Vague));
        // A plan with no Section 2B fails the default level too.
        let o = Outcome { plan_errors: 1, ..Outcome::default() };
        assert!(o.fails(FailOn::Vague));
        assert_eq!("Warning".parse::<FailOn>(), Ok(FailOn::Warning));
        assert!("loud".parse::<FailOn>().unwrap_err().contains("vague, error, warning, info"));
    }
}
