//! Reports: one module per output format, each a [`Sink`] that plans flow
//! through one at a time.
//!
//! A batch of 500 plans is never held in memory: each plan's report is
//! written as soon as it is ready (in the batch's stable order), and only
//! the running [`Totals`] are kept for the summary at the end.

pub mod csv;
pub mod dump;
pub mod human;
pub mod json;
pub mod markdown;
pub mod rules;
pub mod sarif;
pub mod summary;
pub mod words;

use crate::types::{RuleId, Verdict};
use crate::{DocumentReport, Status};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The output formats of `idp-audit check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Markdown,
    Sarif,
    Csv,
}

/// How to draw a report for people.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colour (only when stdout is a terminal and NO_COLOR is unset).
    pub color: bool,
    /// Width to wrap text to.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style { color: false, width: 88 }
    }
}

/// One plan's line in a batch summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub path: String,
    pub status: Status,
    pub provisions: usize,
    pub vague: usize,
    /// The rule with the most findings in the plan, if any.
    pub worst_rule: Option<RuleId>,
    /// For a plan that could not be read or checked, why, in one line.
    pub problem: Option<String>,
}

/// What the summary at the end of a report needs, gathered as plans pass.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub documents: usize,
    pub provisions: usize,
    pub vague: usize,
    pub errors: usize,
    pub no_section_2b: usize,
    /// Findings per rule id, over the whole batch.
    pub by_rule: BTreeMap<RuleId, usize>,
    pub plans: Vec<PlanRow>,
}

/// What the totals take from one plan: enough to drop the plan's report on
/// the thread that made it (freeing a report on another thread costs the
/// allocator more than building it did).
// The batch (native only) reads the fields the reports do not.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
#[derive(Debug, Clone)]
pub(crate) struct PlanTally {
    pub row: PlanRow,
    /// Findings per rule id in this plan.
    pub by_rule: BTreeMap<RuleId, usize>,
    /// The most severe finding's severity.
    pub worst: Option<crate::types::Severity>,
    /// Why the plan could not be read, if it could not.
    pub error: Option<crate::types::error::ErrorKind>,
    /// Findings about the plan as a whole at severity error (no Section 2B).
    pub plan_errors: usize,
}

impl PlanTally {
    pub fn of(d: &DocumentReport) -> Self {
        let vague = d.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague).count();
        let mut by_rule: BTreeMap<RuleId, usize> = BTreeMap::new();
        let mut worst = None;
        for f in d.findings.iter().chain(d.provisions.iter().flat_map(|p| &p.check.findings)) {
            *by_rule.entry(f.rule).or_default() += 1;
            worst = worst.max(Some(f.severity));
        }
        // Most findings first; ties go to the lower id (stable output).
        let worst_rule = by_rule.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(id, _)| *id);
        PlanTally {
            row: PlanRow {
                path: path_text(&d.path),
                status: d.status,
                provisions: d.provisions.len(),
                vague,
                worst_rule,
                problem: problem(d),
            },
            by_rule,
            worst,
            error: d.error.as_ref().map(|e| e.kind),
            plan_errors: d.findings.iter().filter(|f| f.severity == crate::types::Severity::Error).count(),
        }
    }
}

/// Why a plan could not be read or checked, in one line; `None` when it was.
fn problem(d: &DocumentReport) -> Option<String> {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match d.status {
        Status::Error => Some(one_line(d.error.as_ref().map(|e| e.message.as_str()).unwrap_or("unknown error"))),
        Status::NoSection2B => Some(match d.findings.first() {
            Some(f) => format!("{} ({})", one_line(&f.message), f.rule),
            None => "No Section 2B was found in this plan, so none of its provision was checked.".to_string(),
        }),
        Status::Ok => d.findings.first().map(|f| format!("{} ({})", one_line(&f.message), f.rule)),
    }
}

impl Totals {
    pub fn add(&mut self, d: &DocumentReport) {
        self.add_tally(&PlanTally::of(d));
    }

    pub(crate) fn add_tally(&mut self, t: &PlanTally) {
        self.documents += 1;
        self.provisions += t.row.provisions;
        self.vague += t.row.vague;
        match t.row.status {
            Status::Error => self.errors += 1,
            Status::NoSection2B => self.no_section_2b += 1,
            Status::Ok => {}
        }
        for (id, n) in &t.by_rule {
            *self.by_rule.entry(*id).or_default() += n;
        }
        self.plans.push(t.row.clone());
    }
}

/// A report format: told of each plan in turn, then of the totals.
pub trait Sink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// One plan; `first` is true for the first plan of the batch.
    fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport, first: bool) -> io::Result<()>;
    fn end(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()>;
    /// A renderer for one plan that worker threads can share, for a format
    /// whose output for a plan depends on that plan alone (every format but
    /// SARIF, which gathers the batch into one run). The batch then renders
    /// plans in parallel, and the writer only copies their bytes out in
    /// order; `document` must write the same bytes.
    fn plan_renderer(&self) -> Option<Box<dyn PlanRenderer>> {
        None
    }
}

/// One plan's part of a report, rendered on any thread.
pub trait PlanRenderer: Send + Sync {
    fn render(&self, out: &mut Vec<u8>, doc: &DocumentReport, first: bool) -> io::Result<()>;
}

/// `Sink::document` for a format with a [`PlanRenderer`]: the same bytes
/// whether the batch renders a plan on a worker or the sink writes it.
fn write_rendered(r: &dyn PlanRenderer, out: &mut dyn Write, doc: &DocumentReport, first: bool) -> io::Result<()> {
    let mut bytes = Vec::new();
    r.render(&mut bytes, doc, first)?;
    out.write_all(&bytes)
}

/// A path as reports write it, without loss: where its bytes are not
/// UTF-8 (a file name from an old system), each such byte is written
/// `\xNN`, so two such names are never reported alike.
pub fn path_text(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// What a report says about the run as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// The configuration file in effect, if any.
    pub config: Option<String>,
    /// Whether it was found in a parent folder (so the user may not know
    /// it is there).
    pub config_from_parent: bool,
}

impl RunInfo {
    /// "Configuration: /plans/idp-audit.toml (found in a parent folder)."
    pub fn config_line(&self) -> Option<String> {
        let file = self.config.as_deref()?;
        let whence = if self.config_from_parent { " (found in a parent folder)" } else { "" };
        Some(format!("Configuration: {file}{whence}."))
    }
}

/// The sink for a format.
pub fn sink(format: Format, style: Style) -> Box<dyn Sink> {
    sink_for_run(format, style, &RunInfo::default())
}

/// The sink for a format, for a run whose details the report names.
pub fn sink_for_run(format: Format, style: Style, run: &RunInfo) -> Box<dyn Sink> {
    match format {
        Format::Human => Box::new(human::Human::new(style).with_run(run.clone())),
        Format::Json => Box::new(json::Json::new(run.clone())),
        Format::Markdown => Box::new(markdown::Markdown::new(run.clone())),
        Format::Sarif => Box::new(sarif::Sarif::new().with_run(run.clone())),
        Format::Csv => Box::new(csv::Csv),
    }
}

/// Run a whole batch already in memory through a format (for tests and
/// library users; the CLI streams).
pub fn render(format: Format, docs: &[DocumentReport], style: Style) -> String {
    let mut out = Vec::new();
    let mut s = sink(format, style);
    let mut totals = Totals::default();
    s.begin(&mut out).expect("writing to memory");
    for (i, d) in docs.iter().enumerate() {
        s.document(&mut out, d, i == 0).expect("writing to memory");
        totals.add(d);
    }
    s.end(&mut out, &totals).expect("writing to memory");
    String::from_utf8(out).expect("reports are UTF-8")
}
