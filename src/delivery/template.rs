//! The delivery diary a parent fills in: `idp-audit log-template`.
//!
//! A CSV file with one row per session Section 2B requires in the period,
//! on school days only: the date, the provision (its number, then its
//! words), the minutes the plan requires, and empty cells for the minutes
//! delivered, who gave it and a note. The dates are written 2026-01-05,
//! which Excel, LibreOffice and Google Sheets read as dates whatever the
//! computer's language. A provision given as a total a week ("1 hour a
//! week") has one row a week, for the week's minutes. A provision whose
//! amount cannot be counted has no rows; [`Template::not_counted`] names
//! it, so the command can say so.

use super::calendar::Calendar;
use super::requirement::{self, Quantified};
use super::tally::short_name;
use crate::DocumentReport;

/// The columns, in order; `log::read` finds them by these names.
pub const HEADER: [&str; 6] = ["date", "provision", "minutes required", "minutes delivered", "delivered by", "note"];

pub struct Template {
    pub csv: String,
    pub rows: usize,
    /// Provisions with no rows, and why.
    pub not_counted: Vec<(usize, String)>,
}

/// The diary for `report`'s Section 2B over `cal`.
pub fn build(report: &DocumentReport, cal: &Calendar) -> Template {
    let mut rows: Vec<(jiff::civil::Date, usize, String, u32)> = Vec::new();
    let mut not_counted = Vec::new();
    for p in &report.provisions {
        match requirement::of(p) {
            Quantified::No(why) => not_counted.push((p.index, why)),
            Quantified::Yes(r) => {
                let label = format!("{}. {}", p.index, short_name(p));
                for w in r.owed(cal, None).weeks {
                    for (date, minutes) in w.dates {
                        rows.push((date, p.index, label.clone(), minutes));
                    }
                }
            }
        }
    }
    rows.sort_by_key(|(d, i, ..)| (*d, *i));
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory cannot fail; an error here would be a bug in csv.
    let _ = w.write_record(HEADER);
    for (date, _, label, minutes) in &rows {
        let _ = w.write_record(
            [date.to_string(), crate::report::csv::safe(label), minutes.to_string()]
                .iter()
                .chain([String::new(), String::new(), String::new()].iter()),
        );
    }
    let bytes = w.into_inner().unwrap_or_default();
    // A byte-order mark first: without it Excel on Windows reads the file
    // in the computer's code page and garbles "ŵ" and "ŷ" in a provision's
    // words; LibreOffice, Google Sheets and `log::read` all skip it.
    let csv = format!("\u{feff}{}", String::from_utf8_lossy(&bytes));
    Template { csv, rows: rows.len(), not_counted }
}
