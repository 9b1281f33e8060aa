//! The delivery report in its four formats: for a person at a terminal
//! (`human`), for a program (`json`), for a spreadsheet (`csv`, one row per
//! provision) and to print or paste (`markdown`, with a chart per
//! provision). Every format says the same figures.

use super::{Delivery, Figures, ProvisionDelivery, Status};
use crate::report::words::count;
use jiff::civil::Date;
use serde_json::{Value, json};

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Csv,
    Markdown,
}

pub fn render(d: &Delivery, format: Format, width: usize) -> String {
    match format {
        Format::Human => human(d, width),
        Format::Json => json(d),
        Format::Csv => csv(d),
        Format::Markdown => markdown(d),
    }
}

/// "5 January 2026".
pub fn day(d: Date) -> String {
    crate::letter::long_date(d, false, crate::language::Lang::En)
}

/// "12 Jan, 19 Jan and 26 Jan" (the year once the period says it).
pub fn short_dates(dates: &[Date]) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let items: Vec<String> =
        dates.iter().map(|d| format!("{} {}", d.day(), MONTHS[(d.month() - 1) as usize])).collect();
    crate::report::words::join_or(&items, "and")
}

/// "6 sessions (180 minutes)", or the minutes alone for a provision given
/// as a total.
pub fn sessions_and_minutes(f: &Figures) -> String {
    let m = count(f.minutes as usize, "minute", "minutes");
    match f.sessions {
        Some(s) => format!("{} ({m})", count(s as usize, "session", "sessions")),
        None => m,
    }
}

/// "210 minutes (3 h 30 min)".
pub fn minutes(m: u32) -> String {
    let base = count(m as usize, "minute", "minutes");
    if m >= 60 {
        let (h, r) = (m / 60, m % 60);
        if r == 0 { format!("{base} ({h} h)") } else { format!("{base} ({h} h {r} min)") }
    } else {
        base
    }
}

/// What the report says of one provision, line by line, for the human and
/// Markdown formats (the letter has its own words).
fn lines_of(p: &ProvisionDelivery) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(words) = &p.plan_words {
        let by = p.provider.as_deref().map(|w| format!("; by: {}", w.trim())).unwrap_or_default();
        out.push(format!("The plan: {words}{by}."));
    }
    match p.status {
        Status::NotQuantified => {
            out.push(format!("Not quantified. {}", p.reason.clone().unwrap_or_default()));
            if p.vague {
                out.push(
                    "Nothing can be measured against it. `idp-audit letter PLAN --out letter.docx` asks the school \
                     to state how often and for how long."
                        .to_string(),
                );
            }
            if p.delivered.minutes > 0 {
                out.push(format!("The log shows {} given.", sessions_and_minutes(&p.delivered)));
            }
        }
        Status::NotLogged => {
            if let Some(r) = &p.required {
                out.push(format!(
                    "Not logged: the plan requires {} in the period; the log never mentions it, so nothing is known \
                     of its delivery.",
                    sessions_and_minutes(r)
                ));
            }
        }
        Status::Measured => {
            if let (Some(r), Some(s)) = (&p.required, &p.shortfall) {
                out.push(format!("Required:  {}", sessions_and_minutes(r)));
                out.push(format!("Delivered: {}", sessions_and_minutes(&p.delivered)));
                let share = if r.minutes > 0 {
                    (f64::from(s.minutes) * 100.0 / f64::from(r.minutes)).round() as u32
                } else {
                    0
                };
                if s.minutes == 0 && s.sessions.unwrap_or(0) == 0 {
                    out.push("Shortfall: none.".to_string());
                } else {
                    out.push(format!(
                        "Shortfall: {}: {share}% of the minutes the plan requires.",
                        sessions_and_minutes(s)
                    ));
                }
            }
        }
    }
    if !p.cancelled.is_empty() {
        out.push(format!(
            "Cancelled: {}: {}.",
            count(p.cancelled.len(), "session", "sessions"),
            short_dates(&p.cancelled)
        ));
    }
    if !p.shortened.is_empty() {
        let items: Vec<String> =
            p.shortened.iter().map(|(d, m)| format!("{} ({m} min)", short_dates(std::slice::from_ref(d)))).collect();
        out.push(format!(
            "Shorter than the plan's {} minutes: {}.",
            p.minutes_each.unwrap_or(0),
            crate::report::words::join_or(&items, "and")
        ));
    }
    if !p.other_provider.is_empty() {
        let items: Vec<String> = p
            .other_provider
            .iter()
            .map(|(d, who)| format!("{who} on {}", short_dates(std::slice::from_ref(d))))
            .collect();
        out.push(format!(
            "Given by someone the plan does not name ({}): {}.",
            p.provider.as_deref().map(|w| format!("it names: {}", w.trim())).unwrap_or_default(),
            crate::report::words::join_or(&items, "and")
        ));
    }
    if p.child_absent.sessions.unwrap_or(0) > 0 {
        out.push(format!(
            "Missed while the child was away: {}, not counted as a shortfall.",
            sessions_and_minutes(&p.child_absent)
        ));
    }
    out.extend(p.notes.iter().cloned());
    out
}

fn period_line(d: &Delivery) -> String {
    let mut s = format!("{} to {}: {}.", day(d.since), day(d.until), count(d.school_days, "school day", "school days"));
    if d.unknown_term_days > 0 {
        s.push_str(&format!(
            " The term dates do not cover {} of them: {} counted as school days because {} weekdays that are not bank \
             holidays. Give the school's own dates in idp-audit.toml ([letter] term-dates) if it was closed.",
            count(d.unknown_term_days, "day", "days"),
            if d.unknown_term_days == 1 { "it was" } else { "they were" },
            if d.unknown_term_days == 1 { "it is a weekday" } else { "they are" }
        ));
    }
    if !d.unknown_holiday_years.is_empty() {
        let years: Vec<String> = d.unknown_holiday_years.iter().map(|y| y.to_string()).collect();
        s.push_str(&format!(" idp-audit does not know the bank holidays of {}.", years.join(" and ")));
    }
    s
}

fn summary_line(d: &Delivery) -> String {
    let measured: Vec<&ProvisionDelivery> = d.provisions.iter().filter(|p| p.status == Status::Measured).collect();
    let short: Vec<&&ProvisionDelivery> =
        measured.iter().filter(|p| p.shortfall.is_some_and(|s| s.minutes > 0 || s.sessions.unwrap_or(0) > 0)).collect();
    let minutes_short: u32 = short.iter().filter_map(|p| p.shortfall).map(|s| s.minutes).sum();
    let nq = d.provisions.iter().filter(|p| p.status == Status::NotQuantified).count();
    let nl = d.provisions.iter().filter(|p| p.status == Status::NotLogged).count();
    let mut s = format!(
        "{} measured: {} short, by {} in all.",
        count(measured.len(), "provision", "provisions"),
        short.len(),
        minutes(minutes_short)
    );
    if nq > 0 {
        s.push_str(&format!(" {} not quantified.", count(nq, "provision", "provisions")));
    }
    if nl > 0 {
        s.push_str(&format!(" {} not in the log.", count(nl, "provision", "provisions")));
    }
    if !d.problems.is_empty() {
        s.push_str(&format!(" {} in the log to check.", count(d.problems.len(), "problem", "problems")));
    }
    s
}

/// A paragraph wrapped to `width`, every line indented by `indent`.
fn para(out: &mut String, text: &str, width: usize, indent: usize) {
    out.push_str(&" ".repeat(indent));
    out.push_str(&crate::report::human::wrap_indented(text, width, indent));
    out.push('\n');
}

fn human(d: &Delivery, width: usize) -> String {
    let mut out = String::new();
    para(&mut out, &format!("Delivery of Section 2B: {}", crate::report::path_text(&d.plan)), width, 0);
    para(&mut out, &period_line(d), width, 0);
    out.push('\n');
    for p in &d.provisions {
        para(&mut out, &format!("Provision {}: {}", p.index, p.name), width, 0);
        for line in lines_of(p) {
            para(&mut out, &line, width, 2);
        }
        out.push('\n');
    }
    if !d.problems.is_empty() {
        out.push_str("Problems in the log\n");
        for pr in &d.problems {
            para(&mut out, &format!("line {}: {}", pr.line, pr.message), width, 2);
        }
        out.push('\n');
    }
    para(&mut out, &summary_line(d), width, 0);
    para(
        &mut out,
        "idp-audit does the arithmetic from the plan's words and your log; it is not legal advice.",
        width,
        0,
    );
    out
}

fn figures(f: &Figures) -> Value {
    json!({"sessions": f.sessions, "minutes": f.minutes})
}

fn json(d: &Delivery) -> String {
    let provisions: Vec<Value> = d
        .provisions
        .iter()
        .map(|p| {
            json!({
                "index": p.index,
                "text": crate::text::printable(&p.text),
                "name": p.name,
                "status": p.status.as_str(),
                "reason": p.reason,
                "vague": p.vague,
                "plan_says": p.plan_words,
                "provider": p.provider,
                "minutes_per_session": p.minutes_each,
                "required": p.required.as_ref().map(figures),
                "delivered": figures(&p.delivered),
                "shortfall": p.shortfall.as_ref().map(figures),
                "child_absent": figures(&p.child_absent),
                "cancelled": p.cancelled.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "shortened": p.shortened.iter().map(|(d, m)| json!({"date": d.to_string(), "minutes": m})).collect::<Vec<_>>(),
                "other_provider": p.other_provider.iter().map(|(d, who)| json!({"date": d.to_string(), "by": who})).collect::<Vec<_>>(),
                "blank_rows": p.blank,
                "weekly": p.weekly.iter().map(|w| json!({
                    "week": w.monday.to_string(),
                    "school_days": w.school_days,
                    "required_minutes": w.required,
                    "delivered_minutes": w.delivered,
                })).collect::<Vec<_>>(),
                "notes": p.notes,
            })
        })
        .collect();
    let v = json!({
        "plan": crate::report::path_text(&d.plan),
        "period": {
            "since": d.since.to_string(),
            "until": d.until.to_string(),
            "school_days": d.school_days,
            "weeks": d.weeks.len(),
            "term_dates": d.terms_source,
            "days_outside_term_dates": d.unknown_term_days,
        },
        "provisions": provisions,
        "log_problems": d.problems.iter().map(|p| json!({"line": p.line, "message": p.message})).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

const CSV_HEADER: [&str; 15] = [
    "index",
    "provision",
    "status",
    "required_sessions",
    "required_minutes",
    "delivered_sessions",
    "delivered_minutes",
    "shortfall_sessions",
    "shortfall_minutes",
    "cancelled_sessions",
    "shortened_sessions",
    "other_provider_sessions",
    "child_absent_sessions",
    "blank_rows",
    "reason",
];

fn csv(d: &Delivery) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    // Writing to memory cannot fail.
    let _ = w.write_record(CSV_HEADER);
    for p in &d.provisions {
        let _ = w.write_record([
            p.index.to_string(),
            crate::report::csv::safe(&p.name),
            p.status.as_str().to_string(),
            opt(p.required.and_then(|r| r.sessions)),
            opt(p.required.map(|r| r.minutes)),
            opt(p.delivered.sessions),
            p.delivered.minutes.to_string(),
            opt(p.shortfall.and_then(|s| s.sessions)),
            opt(p.shortfall.map(|s| s.minutes)),
            p.cancelled.len().to_string(),
            p.shortened.len().to_string(),
            p.other_provider.len().to_string(),
            opt(p.child_absent.sessions),
            p.blank.to_string(),
            crate::report::csv::safe(p.reason.as_deref().unwrap_or("")),
        ]);
    }
    String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
}

fn md_escape(s: &str) -> String {
    let s = crate::text::printable(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(d: &Delivery) -> String {
    let mut out = crate::own_output::markdown_mark("a delivery report");
    out.push_str(&format!("\n# Delivery of Section 2B: {}\n\n", md_escape(&crate::report::path_text(&d.plan))));
    out.push_str(&format!("{}\n\n", md_escape(&period_line(d))));
    out.push_str("| No. | Provision | Status | Required | Delivered | Shortfall |\n|---|---|---|---|---|---|\n");
    let cell =
        |f: Option<&Figures>| f.map(|f| md_escape(&sessions_and_minutes(f))).unwrap_or_else(|| "\u{2014}".into());
    for p in &d.provisions {
        let status = match p.status {
            Status::Measured => "measured",
            Status::NotQuantified => "not quantified",
            Status::NotLogged => "not logged",
        };
        out.push_str(&format!(
            "| {} | {} | {status} | {} | {} | {} |\n",
            p.index,
            md_escape(&p.name),
            cell(p.required.as_ref()),
            if p.status == Status::NotLogged { "\u{2014}".to_string() } else { cell(Some(&p.delivered)) },
            cell(p.shortfall.as_ref()),
        ));
    }
    out.push('\n');
    for p in &d.provisions {
        out.push_str(&format!("## Provision {}: {}\n\n", p.index, md_escape(&p.name)));
        for line in lines_of(p) {
            out.push_str(&format!("- {}\n", md_escape(&line).replace("\\`", "`")));
        }
        out.push('\n');
        if p.status != Status::NotQuantified
            && let Some(svg) = super::chart::svg(p)
        {
            out.push_str(&svg);
            out.push_str("\n\n");
        }
    }
    if !d.problems.is_empty() {
        out.push_str("## Problems in the log\n\n");
        for pr in &d.problems {
            out.push_str(&format!("- line {}: {}\n", pr.line, md_escape(&pr.message)));
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n\n", md_escape(&summary_line(d))));
    out.push_str("*idp-audit does the arithmetic from the plan's words and your log; it is not legal advice.*\n");
    out
}
