//! Is the plan being delivered? `idp-audit log-template` and `idp-audit
//! delivery`.
//!
//! Once an IDP is final, the body that maintains it must secure every
//! provision in Section 2B. Parents are told to keep a dated log of what
//! happens and to write, quoting the provision and the shortfall. This
//! module does the arithmetic: from each provision's rate and length (the
//! checker's typed values) and the school days of a period it works out
//! what the plan requires ([`requirement`], [`calendar`]); it writes the
//! diary a parent fills in ([`template`]); it reads the filled-in log
//! ([`log`]), matches each row to a provision ([`matching`]) and sets one
//! against the other ([`tally`]); then reports it ([`render`], [`chart`])
//! and writes the letter to the school ([`letter`]).

pub mod calendar;
pub mod chart;
pub mod command;
pub mod letter;
pub mod log;
pub mod matching;
pub mod render;
pub mod requirement;
pub mod tally;
pub mod template;

use crate::letter::deadline::TermDates;
use crate::{DocumentReport, Options};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Whether a provision's delivery could be measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The plan's amount was counted and the log records the provision.
    Measured,
    /// The plan does not state an amount that can be counted.
    NotQuantified,
    /// The plan's amount was counted, but the log never mentions it: not
    /// the same as undelivered.
    NotLogged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Measured => "measured",
            Status::NotQuantified => "not_quantified",
            Status::NotLogged => "not_logged",
        }
    }
}

/// Sessions and minutes. `sessions` is `None` where the plan gives a total
/// of minutes and does not count the sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub sessions: Option<u32>,
    pub minutes: u32,
}

/// One week of one provision: minutes required and delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekFigures {
    pub monday: Date,
    pub school_days: usize,
    /// `None` for a provision whose amount cannot be counted.
    pub required: Option<u32>,
    pub delivered: u32,
}

/// One provision's delivery over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionDelivery {
    pub index: usize,
    /// The provision's whole text, as Section 2B has it.
    pub text: String,
    /// Its description, short.
    pub name: String,
    pub status: Status,
    /// Why it is not quantified.
    pub reason: Option<String>,
    /// The checker found the provision vague: the revision letter
    /// (`idp-audit letter`) asks for it to be put right.
    pub vague: bool,
    /// The plan's words for how often and how long.
    pub plan_words: Option<String>,
    pub minutes_each: Option<u32>,
    /// Who the plan says delivers it.
    pub provider: Option<String>,
    pub required: Option<Figures>,
    pub delivered: Figures,
    /// Only for a measured provision.
    pub shortfall: Option<Figures>,
    /// Sessions missed because the child was away: not the school's
    /// shortfall.
    pub child_absent: Figures,
    pub cancelled: Vec<Date>,
    /// Sessions shorter than the plan's length, and their minutes.
    pub shortened: Vec<(Date, u32)>,
    /// Sessions given by someone other than the plan names, and who.
    pub other_provider: Vec<(Date, String)>,
    /// Rows left blank.
    pub blank: usize,
    pub weekly: Vec<WeekFigures>,
    pub notes: Vec<String>,
}

/// The whole comparison for one plan and one log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub plan: PathBuf,
    pub since: Date,
    pub until: Date,
    pub school_days: usize,
    /// The Monday of each week of the period.
    pub weeks: Vec<Date>,
    /// School days counted as weekdays only, the term dates not covering them.
    pub unknown_term_days: usize,
    pub unknown_holiday_years: Vec<i16>,
    pub terms_source: String,
    pub provisions: Vec<ProvisionDelivery>,
    pub problems: Vec<log::Problem>,
}

/// Why a delivery command could not run, in words that say what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError(pub String);

impl std::fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeliveryError {}

/// The period asked about: checked before anything is read.
pub fn check_period(since: Date, until: Date) -> Result<(), DeliveryError> {
    if until < since {
        return Err(DeliveryError(format!(
            "--until {until} is before --since {since}; give the first day, then the last."
        )));
    }
    // Two school years is already more than a log is kept for; a typo in
    // the year ("2062") would otherwise make a diary of a million rows.
    if until.since(since).map(|s| s.get_days()).unwrap_or(i32::MAX) > 800 {
        return Err(DeliveryError(format!(
            "{since} to {until} is more than two years; give a shorter period (a term, or a few weeks)."
        )));
    }
    Ok(())
}

/// The plan, checked, with its Section 2B: or why there is none to use.
pub fn audit_plan(plan: &Path, opts: &Options) -> Result<DocumentReport, DeliveryError> {
    let report = crate::audit_file(plan, opts);
    match report.status {
        crate::Status::Ok if !report.provisions.is_empty() => Ok(report),
        crate::Status::Ok => Err(DeliveryError(
            "Section 2B was found, but it lists no provision, so there is nothing to log.".to_string(),
        )),
        crate::Status::NoSection2B => Err(DeliveryError(
            "No Section 2B was found in this plan, so there is no provision to log. `idp-audit dump PLAN` shows what \
             idp-audit read; --section-2b HEADING names the section's heading."
                .to_string(),
        )),
        crate::Status::Error => Err(DeliveryError(format!(
            "The plan could not be read. {}",
            report.error.as_ref().map(|e| e.message.clone()).unwrap_or_default()
        ))),
    }
}

/// Compare the log at `log_path` with the plan over `since..=until`: the
/// plan as checked (for the letter's quotations), and the comparison.
pub fn run(
    plan: &Path,
    log_path: &Path,
    since: Date,
    until: Date,
    terms: &TermDates,
    opts: &Options,
) -> Result<(DocumentReport, Delivery), DeliveryError> {
    check_period(since, until)?;
    if same_file(plan, log_path) {
        return Err(DeliveryError("the log and the plan are the same file; give the log you filled in.".to_string()));
    }
    let report = audit_plan(plan, opts)?;
    let log = log::read(log_path).map_err(|e| DeliveryError(e.0))?;
    let cal = calendar::Calendar::new(since, until, terms);
    let delivery = tally::tally(&report, &log, &cal);
    Ok((report, delivery))
}

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    crate::letter::output::same_file(a, b)
}
