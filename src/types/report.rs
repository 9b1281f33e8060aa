//! What idp-audit found in one plan: whether it could be read, where
//! Section 2B was, the findings about the plan as a whole, and each
//! provision with its check and suggested rewrite. Every report format is
//! written from this.

use super::error::ReadError;
use super::finding::{Checked, Finding, Verdict};
use super::model::{Format, Notice};
use super::provision::RawProvision;
use std::path::{Path, PathBuf};

/// How the section was found, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// A heading, bold line or table row with the code 2B.
    Code,
    /// A heading titled "Additional learning provision" (no code).
    Title,
    /// No heading: a table whose header names the provision.
    TableHeader,
    /// The heading the user named (`--section-2b`).
    Named,
}

/// A rewrite and how many placeholders it leaves for the school to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub text: String,
    pub placeholders: usize,
}

/// The outcome for one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    NoSection2B,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NoSection2B => "no_section_2b",
            Status::Error => "error",
        }
    }
}

/// Where Section 2B was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionInfo {
    pub heading: Option<String>,
    pub found_by: FoundBy,
}

/// One provision as reported.
#[derive(Debug, Clone)]
pub struct Provision {
    /// 1-based position within Section 2B.
    pub index: usize,
    pub raw: RawProvision,
    pub check: Checked,
    /// For a vague provision, a suggested specified and quantified wording.
    pub rewrite: Option<Rewrite>,
}

/// What the plan's front page says (the label: value pairs before Section
/// 2B), for a letter about the plan. Kept out of the JSON report and every
/// other report format: a report about wording need not carry the child's
/// name. The date of birth is never kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontPage {
    pub child: Option<String>,
    pub school: Option<String>,
    /// The ALNCo as the plan names them ("Mrs Glenys Owen").
    pub alnco: Option<String>,
    /// The date of the IDP as the plan writes it ("14 October 2025").
    pub idp_date: Option<String>,
}

/// Everything idp-audit found in one file.
#[derive(Debug, Clone)]
pub struct DocumentReport {
    pub path: PathBuf,
    pub format: Option<Format>,
    pub status: Status,
    pub error: Option<ReadError>,
    pub section: Option<SectionInfo>,
    pub notices: Vec<Notice>,
    /// Findings about the plan as a whole (IDP0xx), not one provision.
    pub findings: Vec<Finding>,
    pub provisions: Vec<Provision>,
    /// The front page's details, for a letter (never in a report).
    pub front: FrontPage,
}

impl DocumentReport {
    pub fn vague_count(&self) -> usize {
        self.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague).count()
    }

    /// A plan that could not be read: its error, and nothing else.
    pub fn error(path: &Path, format: Option<Format>, error: ReadError) -> Self {
        DocumentReport {
            path: path.to_path_buf(),
            format,
            status: Status::Error,
            error: Some(error),
            section: None,
            notices: Vec::new(),
            findings: Vec::new(),
            provisions: Vec::new(),
            front: FrontPage::default(),
        }
    }
}
