//! What one provision of Section 2B requires, in sessions and minutes, from
//! the rate and the length the checker read (`types::value::Value`), and
//! how that spreads over the period's school weeks.
//!
//! How a rate becomes sessions (the README says the same):
//!
//! - "daily" (a count per day): that many sessions on each school day;
//! - a count per week ("twice weekly", "3 x 30 minutes per week"), per
//!   fortnight (half a week's worth a week) or "every N weeks": a week with
//!   all five weekdays open owes the whole weekly count; a part week (a
//!   bank holiday, the first or last week of a term or of the period) owes
//!   its share, the count × its school days ÷ 5. The shares are added week
//!   by week and rounded once, as they go, to whole sessions, so the total
//!   is the period's exact share rounded to the nearest session
//!   (half up), never a rounding per week that adds up wrong;
//! - a total per week ("1 hour a week"): minutes, shared the same way;
//! - a count per term, half-term or month: shared over that unit's school
//!   days (a period with 30 of a term's 55 school days owes 30/55 of it),
//!   added and rounded the same way; a rate per year is not counted;
//! - a range ("2-3 times", "20-30 minutes"): its lower end, the least the
//!   plan promises;
//! - a block ("weekly for 8 weeks"): its weeks are the first N weeks with a
//!   school day from its start (a holiday week does not use one up);
//! - a start date (the plan's start-date column, or "from 12 January
//!   2026"): nothing is owed before it. A block with no start date starts
//!   on the first day the log records a session of it, or else the first
//!   day of the period, and the report says which.
//!
//! A provision whose amount cannot be counted (no rate, a vague one such as
//! "as required", a ceiling, no length, a condition or a permission in
//! place of a promise) is not quantified: the reason says which, and the
//! revision letter (`idp-audit letter`) asks for it to be put right.

use super::calendar::{Calendar, WEEKDAYS};
use crate::Provision;
use crate::types::provision::Role;
use crate::types::{FindingKind, Status};
use jiff::civil::{Date, Weekday};

/// How often, in a form that can be counted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    /// Sessions on every school day.
    PerDay(u32),
    /// Sessions per full school week (a fortnightly rate is 0.5).
    PerWeek(f64),
    /// Sessions per term, half-term or calendar month, shared over its
    /// school days.
    PerSpan(f64, Span),
}

/// A stretch of the school year a rate can be given per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Term,
    HalfTerm,
    Month,
}

/// What each unit of the rate is: sessions of a set length, or a total of
/// minutes whose sessions the plan does not count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Sessions {
        rate: Rate,
        minutes_each: u32,
    },
    /// Minutes per school day or per full week, however they are split.
    Minutes {
        rate: Rate,
    },
}

/// A block of weeks and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub weeks: u32,
}

/// What a provision requires, as the plan states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub amount: Amount,
    pub block: Option<Block>,
    /// The day it starts, from the plan.
    pub start: Option<Date>,
    /// The plan's words for how often and how long, for the report.
    pub words: String,
    /// The weekdays the plan names ("Tuesdays and Thursdays"), where the
    /// diary puts its sessions when it can.
    pub weekdays: Vec<Weekday>,
}

/// Whether a provision's amount can be counted.
#[derive(Debug, Clone, PartialEq)]
pub enum Quantified {
    Yes(Requirement),
    /// Why not, in a sentence for a parent.
    No(String),
}

/// The sessions and minutes a provision owes in each week of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// Per week of the calendar, in order.
    pub weeks: Vec<WeekOwed>,
    /// Where the start of a block came from, when the plan gives none.
    pub start_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeekOwed {
    /// `None` for a total of minutes whose sessions the plan does not count.
    pub sessions: Option<u32>,
    pub minutes: u32,
    /// The days the sessions fall on, for the template: one entry per
    /// session (a day twice for two sessions), or per week for a total.
    pub dates: Vec<(Date, u32)>,
}

impl Owed {
    pub fn sessions(&self) -> Option<u32> {
        self.weeks.iter().map(|w| w.sessions).sum()
    }

    pub fn minutes(&self) -> u32 {
        self.weeks.iter().map(|w| w.minutes).sum()
    }
}

/// Read what a provision requires.
pub fn of(p: &Provision) -> Quantified {
    // A hedge that turns the promise into a condition, a permission or an
    // unmeasured amount leaves nothing to count, whatever the numbers.
    for f in &p.check.findings {
        if f.kind != FindingKind::Hedge || !f.affects_verdict {
            continue;
        }
        let e = crate::rules::hedge_effects(f.rule);
        if e.conditional || e.not_promised || e.unquantified || e.deciding {
            return Quantified::No(format!("{} ({})", f.message, f.rule));
        }
    }
    let freq = &p.check.elements.frequency;
    let dur = &p.check.elements.duration;
    let quote =
        |t: &Option<String>| t.as_deref().map(|t| format!(" (\u{201c}{}\u{201d})", t.trim())).unwrap_or_default();
    match freq.status {
        Status::Missing | Status::NotApplicable => {
            return Quantified::No("The plan does not say how often.".to_string());
        }
        Status::Vague => {
            return Quantified::No(format!(
                "The plan does not say how often in a way that can be counted{}.",
                quote(&freq.text)
            ));
        }
        Status::Present => {}
    }
    let Some(fv) = &freq.value else {
        return Quantified::No(format!("The plan's rate{} is not one idp-audit can count.", quote(&freq.text)));
    };
    if fv.qualifier == Some("up_to") {
        return Quantified::No(format!(
            "The plan sets a ceiling{}, not an amount that must be given.",
            quote(&freq.text)
        ));
    }
    // "Every other day", "alternate weeks", "bob yn ail wythnos": the
    // value may carry the period alone, so the words decide the step.
    let folded = crate::text::fold(freq.text.as_deref().unwrap_or(""));
    let alternate = ["every other", "every second", "alternate", "bob yn ail"].iter().any(|w| folded.contains(w));
    let every = fv.every.or(alternate.then_some(2.0));
    let weeks_in_unit = match fv.per.as_deref() {
        Some("day") => None,
        Some("week") => Some(every.unwrap_or(1.0).max(1.0)),
        Some("fortnight") => Some(2.0 * every.unwrap_or(1.0).max(1.0)),
        Some(per @ ("term" | "half_term" | "month")) => {
            let span = match per {
                "term" => Span::Term,
                "half_term" => Span::HalfTerm,
                _ => Span::Month,
            };
            let n = every.unwrap_or(1.0).max(1.0);
            let amount = match (fv.count, fv.minutes) {
                (Some(c), _) => {
                    let Some(m) = session_minutes(p) else {
                        return Quantified::No(no_length(dur));
                    };
                    Amount::Sessions { rate: Rate::PerSpan(c.low / n, span), minutes_each: m }
                }
                (None, Some(total)) => Amount::Minutes { rate: Rate::PerSpan(total.low / n, span) },
                (None, None) => {
                    return Quantified::No(format!("The plan's rate{} gives no number to count.", quote(&freq.text)));
                }
            };
            return finish(p, amount, freq.text.as_deref(), dur.text.as_deref(), fv.days.as_deref());
        }
        Some("year") => {
            return Quantified::No(format!(
                "The plan's rate{} is per year; idp-audit counts rates per day, week, fortnight, month, half-term or \
                 term, so compare this one with the log by hand.",
                quote(&freq.text)
            ));
        }
        _ => {
            // "In every lesson", "at lunchtime", "in tests": when it is used,
            // not a number of sessions in a stretch of time.
            return Quantified::No(format!(
                "The plan says when it happens{}, not a number of sessions a day, week or term, so idp-audit cannot \
                 count it; check it against the log by hand.",
                quote(&freq.text)
            ));
        }
    };
    // "Every other day" is a day's count every second school day: counted
    // as a weekly rate, five school days to the week.
    let every_days = every.filter(|&e| weeks_in_unit.is_none() && e > 1.0);
    let rate = |n: f64| match (weeks_in_unit, every_days) {
        (None, None) => Rate::PerDay(n.round().max(0.0) as u32),
        (None, Some(e)) => Rate::PerWeek(n * f64::from(super::calendar::WEEKDAYS) / e),
        (Some(w), _) => Rate::PerWeek(n / w),
    };
    let amount = match (fv.count, fv.minutes) {
        (Some(count), _) => {
            // The session's length: the length element, unless it is itself
            // a total per period ("60 minutes a week" beside "twice").
            let Some(m) = session_minutes(p) else {
                return Quantified::No(no_length(dur));
            };
            Amount::Sessions { rate: rate(count.low), minutes_each: m }
        }
        (None, Some(total)) => Amount::Minutes { rate: rate(total.low) },
        (None, None) => {
            return Quantified::No(format!("The plan's rate{} gives no number to count.", quote(&freq.text)));
        }
    };
    finish(p, amount, freq.text.as_deref(), dur.text.as_deref(), fv.days.as_deref())
}

/// The requirement, with the plan's words, its block and its start.
fn finish(p: &Provision, amount: Amount, freq: Option<&str>, dur: Option<&str>, days: Option<&str>) -> Quantified {
    let words = [freq, dur]
        .into_iter()
        .flatten()
        .map(str::trim)
        .fold(Vec::<&str>::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        })
        .join(", ");
    let block = block_weeks(&p.raw.text).map(|weeks| Block { weeks });
    let start = start_date(p);
    // The block and the start, when the rate's own words leave them out.
    let mut words = words;
    if let Some(b) = block
        && !words.to_lowercase().contains(&format!("{} week", b.weeks))
    {
        words.push_str(&format!(", for {} weeks", b.weeks));
    }
    if let Some(d) = start {
        words.push_str(&format!(", from {}", crate::letter::long_date(d, false, crate::language::Lang::En)));
    }
    Quantified::Yes(Requirement { amount, block, start, words, weekdays: weekdays_in(days.unwrap_or("")) })
}

/// A session's length in minutes: the length the checker read, or, for a
/// kind whose length it does not read (a review, a meeting), the plan's own
/// "How long" column when it holds nothing but a length ("45 minutes").
fn session_minutes(p: &Provision) -> Option<u32> {
    let dur = &p.check.elements.duration;
    if dur.status == Status::Present {
        let m = dur.value.as_ref().filter(|v| v.per.is_none()).and_then(|v| v.minutes)?;
        return Some(m.low.round().max(0.0) as u32);
    }
    if dur.status != Status::NotApplicable {
        return None;
    }
    p.raw.fields.iter().filter(|f| f.role == Role::Duration).find_map(|f| {
        let m = super::log::parse_minutes(p.raw.field_text(f).trim().to_lowercase().as_str())?;
        (m > 0.0).then(|| m.round() as u32)
    })
}

/// The weekdays named in the checker's `days` ("tuesdays and thursdays",
/// "monday", Welsh "dydd llun").
fn weekdays_in(days: &str) -> Vec<Weekday> {
    let d = days.to_lowercase();
    let names: [(&[&str], Weekday); 5] = [
        (&["mon", "llun"], Weekday::Monday),
        (&["tue", "mawrth"], Weekday::Tuesday),
        (&["wed", "mercher"], Weekday::Wednesday),
        (&["thu", "iau"], Weekday::Thursday),
        (&["fri", "gwener"], Weekday::Friday),
    ];
    names.iter().filter(|(words, _)| words.iter().any(|w| d.contains(w))).map(|(_, day)| *day).collect()
}

/// Why a session's length cannot be counted.
fn no_length(dur: &crate::types::Element) -> String {
    let quote = dur.text.as_deref().map(|t| format!(" (\u{201c}{}\u{201d})", t.trim())).unwrap_or_default();
    match dur.status {
        Status::Vague => format!("The plan does not say how long each session lasts in minutes{quote}."),
        Status::NotApplicable => "idp-audit does not read a session length for a review or a meeting, so it cannot \
                                  count this one's minutes; compare it with the log by hand."
            .to_string(),
        _ => "The plan does not say how long each session lasts.".to_string(),
    }
}

/// "for 8 weeks", "for an 8-week block", "8 week block", "over six weeks".
fn block_weeks(text: &str) -> Option<u32> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:for|over)\s+(?:an?\s+)?(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+weeks?\b|\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+week\s+(?:block|programme|program|course|intervention)",
        )
        .expect("a valid pattern")
    });
    let c = RE.captures(text)?;
    let n = c.get(1).or_else(|| c.get(2))?.as_str().to_ascii_lowercase();
    let words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    n.parse().ok().or_else(|| words.iter().position(|w| *w == n).map(|i| i as u32 + 2)).filter(|&n| n > 0)
}

/// The provision's start: its start-date column, or "from 12 January 2026"
/// / "starting 12/01/2026" in its words.
fn start_date(p: &Provision) -> Option<Date> {
    for f in &p.raw.fields {
        if f.role == Role::Start
            && let Some(d) = read_date(p.raw.field_text(f))
        {
            return Some(d);
        }
    }
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:from|starting(?:\s+on)?|beginning|commencing)\s+(?:(?:mon|tues|wednes|thurs|fri)day\s+)?(\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})")
            .expect("a valid pattern")
    });
    RE.captures(&p.raw.text).and_then(|c| read_date(c.get(1)?.as_str()))
}

/// A date written "12/01/2026", "2026-01-12" or "12 January 2026".
pub fn read_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = crate::dates::parse_date(s) {
        return Some(d);
    }
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let [day, month, year] = words.as_slice() else { return None };
    let day: i8 = day.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()?;
    let month = month.to_ascii_lowercase();
    let m = MONTHS.iter().position(|p| month.starts_with(p))? as i8 + 1;
    Date::new(year.parse().ok()?, m, day).ok()
}

/// Round half up.
fn round(x: f64) -> u32 {
    (x + 0.5 + 1e-9).floor().max(0.0) as u32
}

impl Requirement {
    /// What the provision owes in each week of `cal`. `first_logged` is the
    /// first day the log records a session of it (for a block the plan does
    /// not date).
    pub fn owed(&self, cal: &Calendar, first_logged: Option<Date>) -> Owed {
        let mut start_note = None;
        let start = match (self.start, self.block) {
            (Some(d), _) => Some(d),
            (None, Some(b)) => {
                let from = first_logged.unwrap_or(cal.since);
                start_note = Some(match first_logged {
                    Some(d) => format!(
                        "The plan does not say when the {} weeks start; they are counted from the first session \
                         the log records ({}).",
                        b.weeks,
                        crate::letter::long_date(d, false, crate::language::Lang::En)
                    ),
                    None => format!(
                        "The plan does not say when the {} weeks start; they are counted from the start of the period.",
                        b.weeks
                    ),
                });
                Some(from)
            }
            (None, None) => None,
        };
        // Weeks of the block used so far (counting from its start, even
        // before the period: a block that began earlier may end inside it).
        let mut block_weeks_before = 0u32;
        if let (Some(s), Some(_)) = (start, self.block)
            && s < cal.since
        {
            let earlier = Calendar::new(s, cal.since.yesterday().unwrap_or(cal.since), &cal.terms);
            block_weeks_before = earlier.weeks.iter().filter(|w| !w.days.is_empty()).count() as u32;
            // A week split by the period's start is counted in the period.
            if earlier
                .weeks
                .last()
                .zip(cal.weeks.first())
                .is_some_and(|(a, b)| a.monday == b.monday && !a.days.is_empty())
            {
                block_weeks_before -= 1;
            }
        }
        let mut spans = SpanDays::new(&cal.terms);
        let mut used = block_weeks_before;
        let mut exact = 0.0f64;
        let mut given = 0u32;
        let mut weeks = Vec::with_capacity(cal.weeks.len());
        for w in &cal.weeks {
            let days: Vec<Date> = w.days.iter().copied().filter(|d| start.is_none_or(|s| *d >= s)).collect();
            let in_block = match self.block {
                Some(b) if !days.is_empty() => {
                    if used >= b.weeks {
                        false
                    } else {
                        used += 1;
                        true
                    }
                }
                _ => true,
            };
            if days.is_empty() || !in_block {
                weeks.push(WeekOwed { sessions: self.counts_sessions().then_some(0), ..WeekOwed::default() });
                continue;
            }
            let n = days.len() as u32;
            let (rate, each) = match self.amount {
                Amount::Sessions { rate, minutes_each } => (rate, Some(minutes_each)),
                Amount::Minutes { rate } => (rate, None),
            };
            let share = match rate {
                Rate::PerDay(k) => f64::from(k * n),
                Rate::PerWeek(k) => k * f64::from(n) / f64::from(WEEKDAYS),
                Rate::PerSpan(k, span) => days.iter().map(|d| k * spans.share_of_day(*d, span)).sum(),
            };
            exact += share;
            let total = round(exact);
            let this_week = total - given;
            given = total;
            weeks.push(match each {
                Some(m) => WeekOwed {
                    sessions: Some(this_week),
                    minutes: this_week * m,
                    dates: spread(&self.preferred(&days, this_week), this_week).into_iter().map(|d| (d, m)).collect(),
                },
                None if this_week > 0 => {
                    WeekOwed { sessions: None, minutes: this_week, dates: vec![(days[0], this_week)] }
                }
                None => WeekOwed::default(),
            });
        }
        if spans.unknown > 0 {
            let said = if spans.unknown == 1 {
                "One school day counted owes nothing of this rate: the term dates do not cover it."
            } else {
                "Some school days counted owe nothing of this rate: the term dates do not cover them."
            };
            start_note = Some(match start_note {
                Some(before) => format!("{before} {said}"),
                None => said.to_string(),
            });
        }
        Owed { weeks, start_note }
    }

    /// The days to put `k` sessions on: the plan's named weekdays among
    /// `days` when there are enough of them, else all of `days`.
    fn preferred(&self, days: &[Date], k: u32) -> Vec<Date> {
        let named: Vec<Date> = days.iter().copied().filter(|d| self.weekdays.contains(&d.weekday())).collect();
        if !named.is_empty() && named.len() as u32 >= k { named } else { days.to_vec() }
    }

    pub fn counts_sessions(&self) -> bool {
        matches!(self.amount, Amount::Sessions { .. })
    }

    /// A session's length, where the plan sets one.
    pub fn minutes_each(&self) -> Option<u32> {
        match self.amount {
            Amount::Sessions { minutes_each, .. } => Some(minutes_each),
            Amount::Minutes { .. } => None,
        }
    }
}

/// The school days of each term, half-term or month, counted once each.
struct SpanDays<'a> {
    terms: &'a crate::letter::deadline::TermDates,
    counted: std::collections::HashMap<(Date, Date), u32>,
    /// Days a termly rate could not be shared to: outside the known terms.
    unknown: usize,
}

impl<'a> SpanDays<'a> {
    fn new(terms: &'a crate::letter::deadline::TermDates) -> Self {
        SpanDays { terms, counted: std::collections::HashMap::new(), unknown: 0 }
    }

    /// The share of one unit of `span` that falls on school day `day`: one
    /// over the unit's school days.
    fn share_of_day(&mut self, day: Date, span: Span) -> f64 {
        let bounds = match span {
            Span::Term => self.terms.term_around(day, false),
            Span::HalfTerm => self.terms.term_around(day, true),
            Span::Month => Some((day.first_of_month(), day.last_of_month())),
        };
        let Some((a, b)) = bounds else {
            self.unknown += 1;
            return 0.0;
        };
        let terms = self.terms;
        let n = *self.counted.entry((a, b)).or_insert_with(|| Calendar::new(a, b, terms).school_days() as u32);
        if n == 0 { 0.0 } else { 1.0 / f64::from(n) }
    }
}

/// `k` sessions over `days`, spread evenly: each at the middle of its
/// share of the days (three in a five-day week fall on Monday, Wednesday
/// and Friday; a day repeats when there are more sessions than days).
fn spread(days: &[Date], k: u32) -> Vec<Date> {
    if days.is_empty() {
        return Vec::new();
    }
    let n = days.len();
    (0..k as usize).map(|i| days[((2 * i + 1) * n / (2 * k as usize)).min(n - 1)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_dates_are_read() {
        assert_eq!(block_weeks("weekly for 8 weeks"), Some(8));
        assert_eq!(block_weeks("one session a week for an 8-week block"), Some(8));
        assert_eq!(block_weeks("a six week programme"), Some(6));
        assert_eq!(block_weeks("weekly"), None);
        assert_eq!(read_date("12 January 2026"), Date::new(2026, 1, 12).ok());
        assert_eq!(read_date("12/01/2026"), Date::new(2026, 1, 12).ok());
        assert_eq!(read_date("TBC"), None);
    }

    #[test]
    fn named_days_are_where_the_diary_puts_sessions() {
        assert_eq!(weekdays_in("tuesdays and thursdays"), [Weekday::Tuesday, Weekday::Thursday]);
        assert_eq!(weekdays_in("dydd llun"), [Weekday::Monday]);
        let r = Requirement {
            amount: Amount::Sessions { rate: Rate::PerWeek(2.0), minutes_each: 20 },
            block: None,
            start: None,
            words: String::new(),
            weekdays: vec![Weekday::Tuesday, Weekday::Thursday],
        };
        let d = |n| Date::new(2026, 1, n).unwrap();
        let week = [d(5), d(6), d(7), d(8), d(9)];
        assert_eq!(r.preferred(&week, 2), vec![d(6), d(8)]);
        // Thursday alone left in a short week: three sessions need all days.
        assert_eq!(r.preferred(&week[3..], 1), vec![d(8)]);
        assert_eq!(r.preferred(&week, 3), week.to_vec());
    }

    #[test]
    fn spreading_sessions_over_days() {
        let d = |n| Date::new(2026, 1, n).unwrap();
        let days = [d(5), d(6), d(7), d(8), d(9)];
        assert_eq!(spread(&days, 3), vec![d(5), d(7), d(9)]);
        assert_eq!(spread(&days, 2), vec![d(6), d(8)]);
        assert_eq!(spread(&days[..2], 3), vec![d(5), d(6), d(6)]);
        assert_eq!(spread(&days, 0), Vec::<Date>::new());
    }
}
