//! Reading a parent's delivery log: a CSV file (as `idp-audit log-template`
//! writes it, or as Excel, LibreOffice or Google Sheets save one, commas or
//! semicolons), or a spreadsheet (`.xlsx`, `.xls`, `.ods`, read with
//! calamine).
//!
//! The log is read, never written. Its columns are found by their headers
//! (date; provision; minutes delivered; delivered by; note; minutes
//! required is the template's and only read to size a missed session).
//! A row that cannot be used (no date, a date that is not a date, minutes
//! that are negative or more than a school day holds) is a named problem
//! with its line number, never a guess and never a panic; only a file that
//! cannot be read as a log at all is an error.

use jiff::civil::Date;
use std::path::Path;

/// The longest session one row can record: a whole school day. More is a
/// typing slip ("300" for "30"), not a session.
pub const MAX_MINUTES: f64 = 400.0;

/// A log larger than this is not a parent's diary.
const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// One usable row of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line (CSV) or row (spreadsheet) number a parent sees.
    pub line: usize,
    pub date: Date,
    /// The provision as the log names it.
    pub provision: String,
    /// `None`: left blank.
    pub minutes: Option<u32>,
    /// The template's "minutes required", when the row has it.
    pub required: Option<u32>,
    pub by: String,
    pub note: String,
}

/// A row that could not be used, or something about one worth knowing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Log {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    /// Which sheet was read, for a spreadsheet.
    pub sheet: Option<String>,
}

/// Why the file could not be read as a log at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError(pub String);

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LogError {}

/// A cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    // Only a spreadsheet's cells are numbers and dates, and the page's
    // build reads no spreadsheet.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Number(f64),
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Date(Date),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// The table a file holds: each row's number and cells.
type Table = Vec<(usize, Vec<Cell>)>;

/// Read the log at `path`.
pub fn read(path: &Path) -> Result<Log, LogError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        LogError(format!("the log {} could not be opened: {e}. Check the file's name.", path.display()))
    })?;
    if meta.is_dir() {
        return Err(LogError(format!(
            "{} is a folder; give the log file itself (a .csv, .xlsx or .ods).",
            path.display()
        )));
    }
    if meta.len() > MAX_BYTES {
        return Err(LogError(format!(
            "{} is larger than 20 MB, far more than a delivery log; check it is the right file.",
            path.display()
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| LogError(format!("the log {} could not be read: {e}.", path.display())))?;
    read_bytes(&bytes)
}

/// Read a log from its bytes (the format from its first bytes, not its name).
pub fn read_bytes(bytes: &[u8]) -> Result<Log, LogError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LogError(
            "the log is empty. Make one with `idp-audit log-template PLAN --since DATE --until DATE -o log.csv` and \
             fill it in."
                .to_string(),
        ));
    }
    let (table, sheet) = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let (t, s) = spreadsheet(bytes)?;
        (t, Some(s))
    } else if bytes.starts_with(b"%PDF") {
        return Err(not_a_log("a PDF"));
    } else {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            // Excel on Windows saves "CSV" in the computer's code page.
            Err(_) if !bytes.contains(&0) => bytes.iter().map(|&b| b as char).collect(),
            Err(_) => return Err(not_a_log("not text, nor a spreadsheet idp-audit knows")),
        };
        (csv_table(text.trim_start_matches('\u{feff}'))?, None)
    };
    let mut log = from_table(&table)?;
    log.sheet = sheet;
    Ok(log)
}

fn not_a_log(what: &str) -> LogError {
    LogError(format!(
        "the log is {what}. Give a spreadsheet: a .csv file (as `idp-audit log-template` writes), or an .xlsx or .ods \
         file."
    ))
}

/// A CSV file's rows, with the line each starts on. The delimiter is the
/// one the header line uses most: a comma, a semicolon (Excel in much of
/// Europe) or a tab.
fn csv_table(text: &str) -> Result<Table, LogError> {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter =
        [b',', b';', b'\t'].into_iter().max_by_key(|d| header.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut table = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            LogError(format!("line {line} of the log cannot be read as CSV ({e}); check its quotation marks."))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        table.push((line, record.iter().map(|c| Cell::Text(c.to_string())).collect()));
    }
    Ok(table)
}

/// The page's build (WebAssembly) reads no delivery log, and leaves out
/// the spreadsheet reader.
#[cfg(target_arch = "wasm32")]
fn spreadsheet(_bytes: &[u8]) -> Result<(Table, String), LogError> {
    Err(LogError("this build of idp-audit reads no spreadsheet: save the log as a .csv file.".to_string()))
}

/// The one sheet of a spreadsheet that holds data (or the one named "Log").
#[cfg(not(target_arch = "wasm32"))]
fn spreadsheet(bytes: &[u8]) -> Result<(Table, String), LogError> {
    use calamine::{Data, Reader};
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let mut book = calamine::open_workbook_auto_from_rs(cursor).map_err(|_| {
        if bytes.starts_with(b"PK") && bytes.windows(9).any(|w| w == b"word/docu") {
            not_a_log("a Word document")
        } else {
            not_a_log("a file that opens as no spreadsheet idp-audit knows (it reads .xlsx, .xls and .ods)")
        }
    })?;
    let mut filled: Vec<(String, calamine::Range<Data>)> = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        if range.used_cells().any(|(_, _, c)| !matches!(c, Data::Empty) && !c.to_string().trim().is_empty()) {
            filled.push((name, range));
        }
    }
    let pick = match filled.len() {
        0 => return Err(LogError("the spreadsheet has no filled-in cells: the log is empty.".to_string())),
        1 => 0,
        _ => match filled.iter().position(|(n, _)| {
            let n = n.trim().to_lowercase();
            n == "log" || n == "delivery log"
        }) {
            Some(i) => i,
            None => {
                let names: Vec<String> = filled.iter().map(|(n, _)| format!("\u{201c}{n}\u{201d}")).collect();
                return Err(LogError(format!(
                    "the spreadsheet has {} sheets with data ({}); idp-audit reads one. Name the log's sheet \
                     \u{201c}Log\u{201d}, or save that sheet alone as a .csv file.",
                    filled.len(),
                    names.join(", ")
                )));
            }
        },
    };
    let (name, range) = filled.swap_remove(pick);
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut table = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; first_col];
        cells.extend(row.iter().map(|c| match c {
            Data::Empty | Data::Error(_) => Cell::Empty,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Float(f) => Cell::Number(*f),
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::DateTime(d) if d.is_duration() => Cell::Number(d.as_f64() * 1440.0),
            Data::DateTime(d) => {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                match Date::new(y as i16, m as i8, day as i8) {
                    Ok(date) => Cell::Date(date),
                    Err(_) => Cell::Text(d.as_f64().to_string()),
                }
            }
            Data::DateTimeIso(s) => match s.get(..10).and_then(|d| d.parse::<Date>().ok()) {
                Some(d) => Cell::Date(d),
                None => Cell::Text(s.clone()),
            },
            Data::DurationIso(s) => Cell::Text(s.clone()),
        }));
        // Row numbers as the spreadsheet shows them, from 1.
        table.push((first_row + i + 1, cells));
    }
    Ok((table, name))
}

/// The columns of the log.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    date: Option<usize>,
    provision: Option<usize>,
    delivered: Option<usize>,
    required: Option<usize>,
    by: Option<usize>,
    note: Option<usize>,
}

fn header_of(cells: &[Cell]) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in cells.iter().enumerate() {
        let h = crate::text::fold(&cell.text());
        let h = h.trim();
        let has = |w: &str| h.contains(w);
        if h == "date" || h == "day" || h.starts_with("date ") {
            c.date.get_or_insert(i);
        } else if has("provision") || h == "what" || has("support") || has("intervention") {
            c.provision.get_or_insert(i);
        } else if (has("minute") || has("time") || has("how long")) && has("require") {
            c.required.get_or_insert(i);
        } else if has("minute") || has("time given") || has("how long") {
            c.delivered.get_or_insert(i);
        } else if has("by") || h == "who" || has("staff") {
            c.by.get_or_insert(i);
        } else if has("note") || has("comment") {
            c.note.get_or_insert(i);
        }
    }
    c
}

fn from_table(table: &Table) -> Result<Log, LogError> {
    let Some(header_at) = table.iter().position(|(_, cells)| cells.iter().any(|c| !c.is_empty())) else {
        return Err(LogError("the log is empty: it has no rows.".to_string()));
    };
    let (header_line, header) = &table[header_at];
    let cols = header_of(header);
    let mut missing = Vec::new();
    for (col, name) in [(cols.date, "date"), (cols.provision, "provision"), (cols.delivered, "minutes delivered")] {
        if col.is_none() {
            missing.push(format!("\u{201c}{name}\u{201d}"));
        }
    }
    if !missing.is_empty() {
        return Err(LogError(format!(
            "line {header_line} of the log should name its columns, and it has no {} column. The first line should \
             read: date, provision, minutes required, minutes delivered, delivered by, note (as `idp-audit \
             log-template` writes it).",
            missing.join(" or ")
        )));
    }
    let (Some(date_col), Some(prov_col), Some(min_col)) = (cols.date, cols.provision, cols.delivered) else {
        unreachable!("checked above")
    };
    let mut log = Log::default();
    let get = |cells: &[Cell], col: Option<usize>| col.and_then(|i| cells.get(i)).cloned().unwrap_or(Cell::Empty);
    for (line, cells) in &table[header_at + 1..] {
        let line = *line;
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let mut problem = |message: String| log.problems.push(Problem { line, message });
        let date = match get(cells, Some(date_col)) {
            Cell::Date(d) => d,
            Cell::Empty => {
                problem("the row has no date; it was left out.".to_string());
                continue;
            }
            Cell::Number(n) if (20000.0..80000.0).contains(&n) => match excel_serial(n) {
                Some(d) => d,
                None => {
                    problem(format!("{n} is not a date; it was left out."));
                    continue;
                }
            },
            other => match super::requirement::read_date(&other.text()) {
                Some(d) => d,
                None => {
                    problem(format!(
                        "\u{201c}{}\u{201d} is not a date idp-audit can read (write 14/01/2026 or 2026-01-14); the row \
                         was left out.",
                        other.text()
                    ));
                    continue;
                }
            },
        };
        let provision = get(cells, Some(prov_col)).text();
        if provision.is_empty() {
            problem("the row does not name a provision; it was left out.".to_string());
            continue;
        }
        let minutes = match minutes_of(&get(cells, Some(min_col))) {
            Ok(m) => m,
            Err(msg) => {
                problem(format!("{msg}; the row was left out."));
                continue;
            }
        };
        let required = minutes_of(&get(cells, cols.required)).ok().flatten();
        log.rows.push(Row {
            line,
            date,
            provision,
            minutes,
            required,
            by: get(cells, cols.by).text(),
            note: get(cells, cols.note).text(),
        });
    }
    Ok(log)
}

/// An Excel serial date (days since 30 December 1899).
fn excel_serial(n: f64) -> Option<Date> {
    let base = Date::new(1899, 12, 30).ok()?;
    base.checked_add(jiff::Span::new().days(n.floor() as i64)).ok()
}

/// Minutes as a row writes them: "30", "30 mins", "1 hour", "1.5 hours",
/// "0:45"; blank is `None`; "cancelled" or "none" is 0.
fn minutes_of(cell: &Cell) -> Result<Option<u32>, String> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Date(d) => return Err(format!("{d} is a date, not a number of minutes")),
        Cell::Text(t) => {
            let t = t.trim().to_lowercase();
            if t.is_empty() {
                return Ok(None);
            }
            if ["cancelled", "canceled", "none", "no", "not delivered", "did not happen", "-", "x"]
                .contains(&t.as_str())
            {
                return Ok(Some(0));
            }
            parse_minutes(&t).ok_or_else(|| format!("\u{201c}{t}\u{201d} is not a number of minutes"))?
        }
    };
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{value} minutes is less than none"));
    }
    if value > MAX_MINUTES {
        return Err(format!("{value} minutes is more than a school day holds; check the number"));
    }
    Ok(Some(value.round() as u32))
}

/// "30", "30 mins", "1 hour", "1.5 hours", "0:45" as minutes (lower case).
pub(crate) fn parse_minutes(t: &str) -> Option<f64> {
    if let Some((h, m)) = t.split_once(':')
        && let (Ok(h), Ok(m)) = (h.trim().parse::<f64>(), m.trim().parse::<f64>())
    {
        return Some(h * 60.0 + m);
    }
    let num_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(t.len());
    let n: f64 = t[..num_end].parse().ok()?;
    let unit = t[num_end..].trim();
    match unit {
        "" | "m" | "min" | "mins" | "minute" | "minutes" | "munud" => Some(n),
        "h" | "hr" | "hrs" | "hour" | "hours" | "awr" => Some(n * 60.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(log: &Log) -> Vec<(usize, String)> {
        log.problems.iter().map(|p| (p.line, p.message.clone())).collect()
    }

    #[test]
    fn csv_rows_are_read_with_their_line_numbers() {
        let log = read_bytes(
            b"date,provision,minutes required,minutes delivered,delivered by,note\n\
              05/01/2026,1,30,30,Teaching assistant,\n\
              2026-01-06,reading,30,cancelled,,TA off sick\n\
              7 January 2026,1,30,,,\n",
        )
        .unwrap();
        assert_eq!(log.rows.len(), 3);
        assert_eq!(log.rows[0].line, 2);
        assert_eq!(log.rows[0].minutes, Some(30));
        assert_eq!(log.rows[1].minutes, Some(0));
        assert_eq!(log.rows[2].minutes, None);
        assert_eq!(log.rows[2].date, Date::new(2026, 1, 7).unwrap());
        assert!(log.problems.is_empty());
    }

    #[test]
    fn semicolons_and_units_are_understood() {
        let log = read_bytes("Date;Provision;Minutes delivered\n05/01/2026;1;1 hour\n06/01/2026;1;0:45\n".as_bytes())
            .unwrap();
        assert_eq!(log.rows.iter().map(|r| r.minutes).collect::<Vec<_>>(), [Some(60), Some(45)]);
    }

    #[test]
    fn bad_rows_are_named_problems_with_their_lines() {
        let log = read_bytes(
            b"date,provision,minutes delivered\n\
              31/02/2026,1,30\n\
              yesterday,1,30\n\
              05/01/2026,1,-20\n\
              05/01/2026,1,3000\n\
              05/01/2026,,30\n\
              ,1,30\n\
              05/01/2026,1,lots\n",
        )
        .unwrap();
        assert!(log.rows.is_empty());
        let p = problems(&log);
        assert_eq!(p.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 3, 4, 5, 6, 7, 8]);
        assert!(p[0].1.contains("31/02/2026") && p[0].1.contains("not a date"), "{p:?}");
        assert!(p[2].1.contains("less than none"), "{p:?}");
        assert!(p[3].1.contains("more than a school day"), "{p:?}");
        assert!(p[6].1.contains("\u{201c}lots\u{201d}"), "{p:?}");
    }

    #[test]
    fn files_that_are_no_log_are_refused_with_a_reason() {
        assert!(read_bytes(b"").unwrap_err().0.contains("empty"));
        assert!(read_bytes(b"  \n\n").unwrap_err().0.contains("empty"));
        assert!(read_bytes(b"%PDF-1.7 ...").unwrap_err().0.contains("a PDF"));
        assert!(read_bytes(b"PK\x03\x04 not really a zip").unwrap_err().0.contains("no spreadsheet"));
        assert!(read_bytes(b"\x00\x01\x02\xff\xfe").unwrap_err().0.contains("not text"));
        let e = read_bytes(b"when,what\n05/01/2026,1\n").unwrap_err();
        assert!(e.0.contains("\u{201c}date\u{201d}") && e.0.contains("line 1"), "{e}");
        let e = read_bytes(b"date,provision,note\n05/01/2026,1,x\n").unwrap_err();
        assert!(e.0.contains("minutes delivered"), "{e}");
        // An unclosed quotation mark swallows the rest of the file into one
        // cell: that row's date is then no date, and it says so.
        let log = read_bytes(b"date,provision,minutes delivered\n\"05/01/2026,1,30\n").unwrap();
        assert!(log.rows.is_empty() && log.problems.len() == 1, "{log:?}");
    }
}
