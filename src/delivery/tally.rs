//! The log set against Section 2B: for each provision what the plan
//! requires in the period, what the log shows delivered, and the shortfall.
//!
//! A row with minutes above nought is a session delivered. A row of
//! nought minutes (or "cancelled") is a session cancelled, unless its note
//! says the child was away (absent, ill, a trip), which is no failure of
//! the school's: such sessions are counted apart and left out of the
//! shortfall. A row left blank is a session nobody filled in; it counts as
//! nothing delivered, and the report says how many there are.

use super::calendar::{Calendar, monday_of};
use super::log::{Log, Problem, Row};
use super::matching::{self, Match};
use super::requirement::{self, Quantified};
use super::{Delivery, Figures, ProvisionDelivery, Status, WeekFigures};
use crate::DocumentReport;
use jiff::civil::Date;

/// Words in a note that say the child, not the school, missed the session.
const CHILD_AWAY: &[&str] = &[
    "absent",
    "absence",
    "ill",
    "sick",
    "unwell",
    "off school",
    "not in school",
    "school trip",
    "trip",
    "appointment",
    "holiday",
    "excluded",
    "exclusion",
];

/// Words in a note that say the session did not happen.
const CANCELLED: &[&str] = &["cancel", "did not happen", "didn't happen", "not delivered", "no session", "missed"];

/// Whether a note has one of `words` at the start of a word ("cancel" in
/// "cancelled", "ill" in "ill" and "illness" but not in "will").
fn note_says(note: &str, words: &[&str]) -> bool {
    let n = crate::text::fold(note);
    words
        .iter()
        .any(|w| n.match_indices(w).any(|(i, _)| !n[..i].chars().next_back().is_some_and(char::is_alphanumeric)))
}

/// Set `log` against the plan's Section 2B over `cal`.
pub fn tally(report: &DocumentReport, log: &Log, cal: &Calendar) -> Delivery {
    let mut problems: Vec<Problem> = log.problems.clone();
    let mut rows_of: Vec<Vec<&Row>> = vec![Vec::new(); report.provisions.len()];
    let index = matching::Index::new(&report.provisions);
    for row in &log.rows {
        if !cal.contains(row.date) {
            problems.push(Problem {
                line: row.line,
                message: format!(
                    "{} is outside the period ({} to {}); the row was left out.",
                    long(row.date),
                    long(cal.since),
                    long(cal.until)
                ),
            });
            continue;
        }
        match index.find(&row.provision) {
            Match::One(i) => {
                if !cal.is_school_day(row.date) {
                    problems.push(Problem {
                        line: row.line,
                        message: format!(
                            "{} is not a school day (a weekend or a holiday); the session is counted as the log gives it.",
                            long(row.date)
                        ),
                    });
                }
                if let Some(pos) = report.provisions.iter().position(|p| p.index == i) {
                    rows_of[pos].push(row);
                }
            }
            Match::None => problems.push(Problem {
                line: row.line,
                message: format!(
                    "\u{201c}{}\u{201d} matches no provision in Section 2B; write the provision's number (1 to {}).",
                    row.provision,
                    report.provisions.len()
                ),
            }),
            Match::Several(hits) => {
                let list: Vec<String> = hits.iter().map(usize::to_string).collect();
                problems.push(Problem {
                    line: row.line,
                    message: format!(
                        "\u{201c}{}\u{201d} matches provisions {}; write the number of the one meant.",
                        row.provision,
                        crate::report::words::join_or(&list, "and")
                    ),
                })
            }
            Match::NoSuchNumber(n) => problems.push(Problem {
                line: row.line,
                message: format!(
                    "Section 2B has no provision {n} (it has {}); check the number.",
                    report.provisions.len()
                ),
            }),
        }
    }
    problems.sort_by_key(|p| p.line);
    let provisions =
        report.provisions.iter().zip(&rows_of).map(|(p, rows)| one(p, rows, cal)).collect::<Vec<ProvisionDelivery>>();
    Delivery {
        plan: report.path.clone(),
        since: cal.since,
        until: cal.until,
        school_days: cal.school_days(),
        weeks: cal.weeks.iter().map(|w| w.monday).collect(),
        unknown_term_days: cal.unknown_term_days,
        unknown_holiday_years: cal.unknown_holiday_years.clone(),
        terms_source: cal.terms.source.clone(),
        provisions,
        problems,
    }
}

/// "Saturday 14 February 2026".
fn long(d: Date) -> String {
    crate::letter::long_date(d, true, crate::language::Lang::En)
}

fn one(p: &crate::Provision, rows: &[&Row], cal: &Calendar) -> ProvisionDelivery {
    use crate::types::provision::Role;
    // Who the plan names: its own column when it has one ("Mrs Bethan
    // Rowlands, teaching assistant"), which says more than the role the
    // checker picked out of it.
    let column = p.raw.fields.iter().find(|f| f.role == Role::Provider).map(|f| p.raw.field_text(f).trim().to_string());
    let provider = column.or_else(|| p.check.elements.provider.text.clone()).filter(|t| !t.trim().is_empty());
    let role = p.check.elements.provider.value.as_ref().and_then(|v| v.role.clone());
    let quantified = requirement::of(p);
    let first_logged = rows.iter().map(|r| r.date).min();
    let (requirement, reason) = match quantified {
        Quantified::Yes(r) => (Some(r), None),
        Quantified::No(why) => (None, Some(why)),
    };
    let owed = requirement.as_ref().map(|r| r.owed(cal, first_logged));
    let minutes_each = requirement.as_ref().and_then(|r| r.minutes_each());

    let mut delivered = Figures { sessions: Some(0), minutes: 0 };
    let mut absent = Figures { sessions: Some(0), minutes: 0 };
    let mut cancelled = Vec::new();
    let mut shortened = Vec::new();
    let mut other_provider = Vec::new();
    let mut blank = 0;
    let mut by_week: std::collections::BTreeMap<Date, u32> = std::collections::BTreeMap::new();
    for r in rows {
        let away = note_says(&r.note, CHILD_AWAY);
        match r.minutes {
            Some(m) if m > 0 => {
                delivered.add(1, m);
                *by_week.entry(monday_of(r.date)).or_default() += m;
                if let Some(each) = minutes_each
                    && m < each
                {
                    shortened.push((r.date, m));
                }
                if !r.by.trim().is_empty()
                    && provider.is_some()
                    && !same_provider(&r.by, provider.as_deref().unwrap_or(""), role.as_deref())
                {
                    other_provider.push((r.date, r.by.trim().to_string()));
                }
            }
            Some(_) if away => absent.add(1, r.required.or(minutes_each).unwrap_or(0)),
            Some(_) => cancelled.push(r.date),
            None if away => absent.add(1, r.required.or(minutes_each).unwrap_or(0)),
            None if note_says(&r.note, CANCELLED) => cancelled.push(r.date),
            None => blank += 1,
        }
    }
    let required = owed.as_ref().map(|o| Figures { sessions: o.sessions(), minutes: o.minutes() });
    let status = match (&required, rows.is_empty()) {
        (None, _) => Status::NotQuantified,
        (Some(_), true) => Status::NotLogged,
        (Some(_), false) => Status::Measured,
    };
    let shortfall = match (status, &required) {
        (Status::Measured, Some(req)) => Some(Figures {
            sessions: req.sessions.map(|s| {
                s.saturating_sub(delivered.sessions.unwrap_or(0)).saturating_sub(absent.sessions.unwrap_or(0))
            }),
            minutes: req.minutes.saturating_sub(delivered.minutes).saturating_sub(absent.minutes),
        }),
        _ => None,
    };
    let weekly = cal
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| WeekFigures {
            monday: w.monday,
            school_days: w.days.len(),
            required: owed.as_ref().map(|o| o.weeks[i].minutes),
            delivered: by_week.get(&w.monday).copied().unwrap_or(0),
        })
        .collect();
    let mut notes = Vec::new();
    if let Some(n) = owed.as_ref().and_then(|o| o.start_note.clone()) {
        notes.push(n);
    }
    if blank > 0 {
        notes.push(format!(
            "{} in the log {} no minutes filled in; {} as nothing delivered (write 0 for a session that did not happen).",
            crate::report::words::count(blank, "row", "rows"),
            if blank == 1 { "has" } else { "have" },
            if blank == 1 { "it counts" } else { "they count" }
        ));
    }
    ProvisionDelivery {
        index: p.index,
        text: p.raw.text.clone(),
        name: short_name(p),
        status,
        reason,
        vague: p.check.verdict == crate::types::Verdict::Vague,
        plan_words: requirement.as_ref().map(|r| r.words.clone()),
        minutes_each,
        provider,
        required,
        delivered,
        shortfall,
        child_absent: absent,
        cancelled,
        shortened,
        other_provider,
        blank,
        weekly,
        notes,
    }
}

impl Figures {
    fn add(&mut self, sessions: u32, minutes: u32) {
        self.sessions = Some(self.sessions.unwrap_or(0) + sessions);
        self.minutes += minutes;
    }
}

/// The provision's own words, short: its description cell, or its text up
/// to the first cell break.
pub fn short_name(p: &crate::Provision) -> String {
    use crate::types::provision::Role;
    let described = p.raw.fields.iter().find(|f| f.role == Role::Description).map(|f| p.raw.field_text(f).trim());
    let name = described.filter(|d| !d.is_empty()).unwrap_or_else(|| p.raw.text.split(" | ").next().unwrap_or(""));
    let name = crate::text::printable(name.trim()).into_owned();
    if name.chars().count() > 90 {
        let cut: String = name.chars().take(88).collect();
        format!("{}\u{2026}", cut.trim_end())
    } else {
        name
    }
}

/// Titles before a name, which say nothing about who it is.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "the", "a", "an", "and", "of", "by"];

/// Whether the log's "delivered by" names the plan's provider: a word of
/// the name or the role in common ("Mrs Rowlands", "teaching assistant"), or
/// the role's initials ("TA", "SLT", "SaLT").
fn same_provider(log_by: &str, plan: &str, role: Option<&str>) -> bool {
    let words = |s: &str| -> Vec<String> {
        crate::text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 1 && !TITLES.contains(w))
            .map(str::to_string)
            .collect()
    };
    let by = words(log_by);
    let mut plan_words = words(plan);
    if let Some(r) = role {
        plan_words.extend(words(r));
    }
    if by.iter().any(|w| plan_words.contains(w)) {
        return true;
    }
    let mut initials = Vec::new();
    for who in [Some(plan), role].into_iter().flatten() {
        let w = words(who);
        initials.push(w.iter().filter_map(|w| w.chars().next()).collect::<String>());
        // "speech and language therapist" is SALT as often as SLT.
        if who.to_lowercase().contains("speech and language") {
            initials.push("salt".to_string());
        }
    }
    let compact: String = crate::text::fold(log_by).chars().filter(|c| c.is_alphanumeric()).collect();
    initials.iter().any(|i| i.len() > 1 && *i == compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_delivered_is_compared_by_name_role_and_initials() {
        assert!(same_provider("TA", "Teaching assistant", Some("teaching assistant")));
        assert!(same_provider("Mrs Rowlands", "Mrs Bethan Rowlands, teaching assistant", None));
        assert!(same_provider("SaLT", "Speech and language therapist", None));
        assert!(same_provider("the teaching assistant", "Teaching assistant", None));
        assert!(!same_provider("Supply teacher", "Teaching assistant", Some("teaching assistant")));
        assert!(!same_provider("Mr Hughes", "Mrs Bethan Rowlands, teaching assistant", None));
    }

    #[test]
    fn notes_say_why_a_session_was_missed() {
        assert!(note_says("Alys absent (ill)", CHILD_AWAY));
        assert!(note_says("Cancelled - TA covering class", CANCELLED));
        assert!(!note_says("TA covering class", CHILD_AWAY));
        assert!(!note_says("Will be back", CHILD_AWAY), "'ill' inside 'will' is not illness");
    }
}
