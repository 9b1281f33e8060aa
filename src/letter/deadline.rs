//! The date by which the school is asked to reply: 10 school days on where
//! the term dates are known, 10 working days where they are not.
//!
//! A school day is a weekday inside a term, outside its half-term break,
//! that is not a bank holiday. The default terms are the school year most
//! Welsh local authorities follow (`data/term-dates-wales.toml`); a local
//! authority's own dates can be given in a file of the same format
//! (`[letter] term-dates` in idp-audit.toml). Where the count runs outside
//! the years the dates cover, it counts working days instead (weekdays
//! that are not bank holidays in Wales, `data/bank-holidays-wales.toml`),
//! and the letter says which it is. Both files are data, compiled in and
//! parsed once, so adding a year is an edit to a file, not to code. Day 1
//! is the first school (or working) day after the letter's date, so a
//! letter dated on a Friday counts from the Monday.

use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const HOLIDAYS_TOML: &str = crate::builtin::builtin!("data/bank-holidays-wales.toml");
const TERMS_TOML: &str = crate::builtin::builtin!("data/term-dates-wales.toml");

/// How many school (or working) days the letter gives the school.
pub(crate) const WORKING_DAYS: u32 = 10;

/// The bank holidays idp-audit knows, by date, and the years they cover.
pub(crate) struct Holidays {
    days: BTreeMap<Date, String>,
    first_year: i16,
    last_year: i16,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct File {
    holiday: Vec<Entry>,
}

crate::builtin::from_value!(File { holiday });

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct Entry {
    date: toml_datetime::Datetime,
    name: String,
}

crate::builtin::from_value!(Entry { date, name });

static HOLIDAYS: LazyLock<Holidays> = LazyLock::new(|| Holidays::parse(HOLIDAYS_TOML));

impl Holidays {
    /// The built-in list. Panics only if the file shipped with idp-audit is
    /// broken, which the tests catch.
    pub fn builtin() -> &'static Holidays {
        &HOLIDAYS
    }

    fn parse(text: &str) -> Holidays {
        let file: File = crate::builtin::read(text).expect("data/bank-holidays-wales.toml does not parse");
        let mut days = BTreeMap::new();
        for e in file.holiday {
            let d = e.date.date.expect("data/bank-holidays-wales.toml: a holiday without a date");
            assert!(e.date.time.is_none(), "data/bank-holidays-wales.toml: {} has a time of day", e.name);
            // Not `expect`: that would print jiff's error, and bring all of
            // jiff's error messages (30 KB) into the page.
            let date = Date::new(d.year as i16, d.month as i8, d.day as i8)
                .unwrap_or_else(|_| panic!("data/bank-holidays-wales.toml: not a real date"));
            assert!(days.insert(date, e.name).is_none(), "data/bank-holidays-wales.toml: {date} is listed twice");
        }
        let first_year = days.keys().next().map_or(0, |d| d.year());
        let last_year = days.keys().next_back().map_or(0, |d| d.year());
        Holidays { days, first_year, last_year }
    }

    /// The holiday on `date`, if there is one.
    #[cfg(test)]
    pub fn name(&self, date: Date) -> Option<&str> {
        self.days.get(&date).map(String::as_str)
    }

    pub fn years(&self) -> std::ops::RangeInclusive<i16> {
        self.first_year..=self.last_year
    }

    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (Date, &str)> {
        self.days.iter().map(|(d, n)| (*d, n.as_str()))
    }

    /// A weekday that is not a bank holiday.
    pub(crate) fn is_working_day(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.days.contains_key(&date)
    }
}

/// How the reply date was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// School days, from known term dates.
    School,
    /// Working days (weekdays less bank holidays): the term dates were not
    /// known for the whole count.
    Working,
}

/// The reply date, how it was counted, and the years it passed through
/// whose bank holidays idp-audit does not know (there it counted weekends
/// only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: Date,
    pub kind: DayKind,
    pub unknown_years: Vec<i16>,
}

/// The `n`th working day after `from` (day 1 is the first working day
/// after it).
pub(crate) fn working_days_after(from: Date, n: u32) -> Deadline {
    let holidays = Holidays::builtin();
    let mut day = from;
    let mut counted = 0;
    let mut unknown_years = Vec::new();
    while counted < n {
        // Dates run to the year 9999; a letter never gets near it, so the
        // last representable date is an acceptable place to stop.
        let Ok(next) = day.tomorrow() else { break };
        day = next;
        if !holidays.years().contains(&day.year()) && !unknown_years.contains(&day.year()) {
            unknown_years.push(day.year());
        }
        if holidays.is_working_day(day) {
            counted += 1;
        }
    }
    Deadline { date: day, kind: DayKind::Working, unknown_years }
}

/// The `n`th school day after `from`, if the term dates cover every day
/// counted (and the bank holidays are known for them).
pub(crate) fn school_days_after(from: Date, n: u32, terms: &TermDates) -> Option<Deadline> {
    let holidays = Holidays::builtin();
    let (first, last) = terms.span()?;
    if from < first.yesterday().ok()? {
        return None;
    }
    let mut day = from;
    let mut counted = 0;
    while counted < n {
        day = day.tomorrow().ok()?;
        if day > last || !holidays.years().contains(&day.year()) {
            return None;
        }
        if terms.in_term(day) && holidays.is_working_day(day) {
            counted += 1;
        }
    }
    Some(Deadline { date: day, kind: DayKind::School, unknown_years: Vec::new() })
}

/// The reply date for a letter dated `from`: [`WORKING_DAYS`] school days
/// on where `terms` cover the count, working days otherwise.
pub(crate) fn reply_by(from: Date, terms: &TermDates) -> Deadline {
    school_days_after(from, WORKING_DAYS, terms).unwrap_or_else(|| working_days_after(from, WORKING_DAYS))
}

/// School terms: the days a school is open, less half-terms, weekends and
/// bank holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermDates {
    terms: Vec<Term>,
    /// Where the dates come from (a web address, or the file given).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    first: Date,
    last: Date,
    half_term: Option<(Date, Date)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct TermsFile {
    #[serde(default)]
    year: Vec<YearEntry>,
}

crate::builtin::from_value!(TermsFile { year = Vec::new });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct YearEntry {
    #[allow(dead_code)]
    name: String,
    #[serde(default)]
    source: Option<String>,
    term: Vec<TermEntry>,
}

crate::builtin::from_value!(YearEntry { name, source = Option::default, term });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct TermEntry {
    name: String,
    first: toml_datetime::Datetime,
    last: toml_datetime::Datetime,
    #[serde(rename = "half-term", default)]
    half_term: Option<[toml_datetime::Datetime; 2]>,
}

crate::builtin::from_value!(TermEntry { name, first, last, half_term as "half-term" = Option::default });

static TERMS: LazyLock<TermDates> =
    LazyLock::new(|| TermDates::parse(TERMS_TOML, "").expect("data/term-dates-wales.toml is valid (a test checks it)"));

fn to_date(d: &toml_datetime::Datetime, what: &str) -> Result<Date, String> {
    let Some(day) = d.date.filter(|_| d.time.is_none()) else {
        return Err(format!("{what}: {d} is not a date (write it as 2026-09-01)"));
    };
    Date::new(day.year as i16, day.month as i8, day.day as i8).map_err(|_| format!("{what}: {d} is not a real date"))
}

impl TermDates {
    /// The school year most Welsh local authorities follow.
    pub fn builtin() -> &'static TermDates {
        &TERMS
    }

    /// Term dates from a file's text; `source` names the file when its
    /// years name no web address.
    pub fn parse(text: &str, source: &str) -> Result<TermDates, String> {
        let file: TermsFile = crate::builtin::read(text).map_err(|e| {
            // The message, not the file's text.
            format!("the term dates could not be read ({})", e.message())
        })?;
        let mut terms = Vec::new();
        let mut sources = Vec::new();
        for y in &file.year {
            if let Some(s) = &y.source
                && !sources.contains(s)
            {
                sources.push(s.clone());
            }
            for t in &y.term {
                let first = to_date(&t.first, &t.name)?;
                let last = to_date(&t.last, &t.name)?;
                if last < first {
                    return Err(format!("{}: its last day is before its first", t.name));
                }
                let half_term = match &t.half_term {
                    Some([a, b]) => {
                        let (a, b) = (to_date(a, &t.name)?, to_date(b, &t.name)?);
                        if b < a || a < first || b > last {
                            return Err(format!("{}: its half-term is not inside the term", t.name));
                        }
                        Some((a, b))
                    }
                    None => None,
                };
                terms.push(Term { first, last, half_term });
            }
        }
        crate::sort::sort_by_key(&mut terms, |t| t.first);
        if terms.windows(2).any(|w| w[1].first <= w[0].last) {
            return Err("two terms overlap".to_string());
        }
        let source = if sources.is_empty() { source.to_string() } else { sources.join(", ") };
        Ok(TermDates { terms, source })
    }

    /// The first and last day the dates cover.
    pub(crate) fn span(&self) -> Option<(Date, Date)> {
        Some((self.terms.first()?.first, self.terms.last()?.last))
    }

    /// Inside a term and not in its half-term (weekends and bank holidays
    /// aside).
    fn in_term(&self, day: Date) -> bool {
        self.terms
            .iter()
            .any(|t| t.first <= day && day <= t.last && !t.half_term.is_some_and(|(a, b)| a <= day && day <= b))
    }

    /// The first and last day of the term `day` is in, or with `half` of
    /// the half of the term (the days before its half-term break, or
    /// after): `None` outside the terms, or in a half-term break.
    pub(crate) fn term_around(&self, day: Date, half: bool) -> Option<(Date, Date)> {
        let t = self.terms.iter().find(|t| t.first <= day && day <= t.last)?;
        match (half, t.half_term) {
            (true, Some((a, _))) if day < a => Some((t.first, a.yesterday().ok()?)),
            (true, Some((_, b))) if day > b => Some((b.tomorrow().ok()?, t.last)),
            (true, Some(_)) => None,
            _ => Some((t.first, t.last)),
        }
    }

    /// A day the school is open.
    pub fn is_school_day(&self, day: Date) -> bool {
        self.in_term(day) && Holidays::builtin().is_working_day(day)
    }

    /// A day inside the span the dates cover that is not a school day: a
    /// weekend, a bank holiday or a school holiday.
    #[cfg(test)]
    fn covers(&self, day: Date) -> bool {
        self.span().is_some_and(|(a, b)| a <= day && day <= b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    fn by(y: i16, m: i8, d: i8) -> Date {
        let dl = working_days_after(date(y, m, d), WORKING_DAYS);
        assert!(dl.unknown_years.is_empty(), "{dl:?}");
        dl.date
    }

    #[test]
    fn ten_working_days_is_two_weeks_when_nothing_intervenes() {
        // Monday 3 November 2025 -> Monday 17 November.
        assert_eq!(by(2025, 11, 3), date(2025, 11, 17));
        // Wednesday 14 January 2026 -> Wednesday 28 January.
        assert_eq!(by(2026, 1, 14), date(2026, 1, 28));
    }

    #[test]
    fn a_letter_dated_at_the_weekend_counts_from_monday() {
        // Friday, Saturday and Sunday all give the same reply date: day 1
        // is Monday 10 November 2025, day 10 Friday 21 November.
        assert_eq!(by(2025, 11, 7), date(2025, 11, 21));
        assert_eq!(by(2025, 11, 8), date(2025, 11, 21));
        assert_eq!(by(2025, 11, 9), date(2025, 11, 21));
    }

    #[test]
    fn the_tenth_day_never_lands_on_a_weekend() {
        let h = Holidays::builtin();
        let mut d = date(2025, 1, 1);
        while d.year() <= 2030 {
            let dl = working_days_after(d, 10);
            assert!(h.is_working_day(dl.date), "{d} -> {}", dl.date);
            d = d.tomorrow().unwrap();
        }
    }

    #[test]
    fn christmas_boxing_day_and_new_year_are_skipped() {
        // Monday 15 December 2025: 16–19, 22–24 (7), then 25 and 26 are
        // holidays, 29–31 (10).
        assert_eq!(by(2025, 12, 15), date(2025, 12, 31));
        // Friday 19 December 2025: 22, 23, 24, 29, 30, 31, (1 Jan) 2, 5, 6, 7.
        assert_eq!(by(2025, 12, 19), date(2026, 1, 7));
    }

    #[test]
    fn substitute_days_are_skipped_when_christmas_falls_at_a_weekend() {
        // 2026: Boxing Day is a Saturday, so Monday 28 December is off.
        // Friday 18 December: 21–24 (4), 29–31 (7), 1 Jan off, 4, 5, 6 (10).
        assert_eq!(by(2026, 12, 18), date(2027, 1, 6));
        // 2027: Christmas Saturday, Boxing Day Sunday: 27 and 28 are off.
        // 2028: New Year's Day is a Saturday: Monday 3 January is off too.
        // Friday 24 December: 29–31 (3), 4–7 January (7), 10–12 (10).
        assert_eq!(by(2027, 12, 24), date(2028, 1, 12));
        // Thursday 23 December 2027: 24, 29, 30, 31 (4), 4–7 (8), 10, 11.
        assert_eq!(by(2027, 12, 23), date(2028, 1, 11));
        assert!(!Holidays::builtin().is_working_day(date(2028, 1, 3)));
    }

    #[test]
    fn easter_is_skipped_every_year() {
        // Thursday before Easter 2026 (2 April): Good Friday 3rd and Easter
        // Monday 6th are off: 7–10 (4), 13–17 (9), 20 (10).
        assert_eq!(by(2026, 4, 2), date(2026, 4, 20));
        // Easter 2027 is early (28 March): Thursday 25 March -> 30 Mar–2 Apr
        // (4), 5–9 (9), 12 (10).
        assert_eq!(by(2027, 3, 25), date(2027, 4, 12));
        // Easter 2025 is 20 April: Thursday 17 April -> 22–25 (4), 28–30
        // (7), 1, 2 (9), Monday 5 May is Early May bank holiday, 6 (10).
        assert_eq!(by(2025, 4, 17), date(2025, 5, 6));
    }

    #[test]
    fn the_august_bank_holiday_is_skipped() {
        // Summer bank holiday 2025 is Monday 25 August. Friday 15 August ->
        // 18–22 (5), 26–29 (9), 1 September (10).
        assert_eq!(by(2025, 8, 15), date(2025, 9, 1));
        // 2026: Monday 31 August. Friday 21 August -> 24–28 (5), 1–4 Sep (9),
        // 7 (10).
        assert_eq!(by(2026, 8, 21), date(2026, 9, 7));
    }

    #[test]
    fn years_without_holiday_data_count_weekends_only_and_say_so() {
        let dl = reply_by(date(2031, 3, 3), TermDates::builtin());
        assert_eq!(dl.date, date(2031, 3, 17));
        assert_eq!(dl.unknown_years, vec![2031]);
        // A December 2030 letter runs into 2031.
        let dl = reply_by(date(2030, 12, 20), TermDates::builtin());
        assert_eq!(dl.unknown_years, vec![2031]);
    }

    #[test]
    fn school_days_skip_half_terms_and_holidays() {
        let t = TermDates::builtin();
        // Monday 15 December 2025: 16–19 (4), then the Christmas holiday;
        // 5–9 January (9), 12 January (10).
        let dl = reply_by(date(2025, 12, 15), t);
        assert_eq!((dl.date, dl.kind), (date(2026, 1, 12), DayKind::School));
        // Friday 24 October 2025: half-term 27–31; 3–7 (5), 10–14 (10).
        assert_eq!(reply_by(date(2025, 10, 24), t).date, date(2025, 11, 14));
        // Early May bank holiday (4 May 2026) and the May half-term.
        // Thursday 14 May: 15, 18–22 (6), half-term 25–29, 1–4 June (10).
        assert_eq!(reply_by(date(2026, 5, 14), t).date, date(2026, 6, 4));
        // A letter dated in the holidays counts from the first day back.
        assert_eq!(reply_by(date(2025, 12, 25), t).date, date(2026, 1, 16));
    }

    #[test]
    fn past_the_known_terms_it_counts_working_days_and_says_so() {
        let t = TermDates::builtin();
        // 14 July 2026: 15, 16, 17, 20, then the summer holiday, whose end
        // the dates do not give.
        let dl = reply_by(date(2026, 7, 14), t);
        assert_eq!(dl.kind, DayKind::Working);
        assert_eq!(dl.date, date(2026, 7, 28));
        // Before the first known term.
        assert_eq!(reply_by(date(2025, 6, 2), t).kind, DayKind::Working);
    }

    /// The case: from 14 December the reply date must not land in
    /// the Christmas holiday, nor any other, wherever the terms are known.
    #[test]
    fn a_school_day_deadline_never_falls_in_a_holiday() {
        let t = TermDates::builtin();
        let (first, last) = t.span().unwrap();
        let mut d = first.checked_sub(jiff::Span::new().days(1)).unwrap();
        let mut school = 0;
        while d <= last {
            let dl = reply_by(d, t);
            if dl.kind == DayKind::School {
                school += 1;
                assert!(t.covers(dl.date) && t.is_school_day(dl.date), "{d} -> {} is not a school day", dl.date);
            }
            d = d.tomorrow().unwrap();
        }
        assert!(school > 250, "only {school} letter dates counted in school days");
    }

    #[test]
    fn term_files_are_checked() {
        let ok = "[[year]]\nname = \"x\"\n[[year.term]]\nname = \"Autumn\"\nfirst = 2027-09-01\nlast = 2027-12-17\n\
                  half-term = [2027-10-25, 2027-10-29]\n";
        let t = TermDates::parse(ok, "my-la.toml").unwrap();
        assert_eq!(t.source, "my-la.toml");
        assert!(t.is_school_day(date(2027, 9, 1)) && !t.is_school_day(date(2027, 10, 26)));
        for bad in [
            "[[year]]\nname = \"x\"\n[[year.term]]\nname = \"A\"\nfirst = 2027-09-01\nlast = 2027-08-01\n",
            "[[year]]\nname = \"x\"\n[[year.term]]\nname = \"A\"\nfirst = 2027-09-01\nlast = 2027-12-01\nhalf-term = [2028-01-01, 2028-01-02]\n",
            "[[year]]\nname = \"x\"\n[[year.term]]\nname = \"A\"\nfirst = \"soon\"\nlast = 2027-12-01\n",
            "not toml",
        ] {
            assert!(TermDates::parse(bad, "f").is_err(), "{bad}");
        }
    }

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    fn easter(y: i16) -> Date {
        let y32 = i32::from(y);
        let a = y32 % 19;
        let b = y32 / 100;
        let c = y32 % 100;
        let d = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        date(y, month as i8, day as i8)
    }

    fn first_monday(y: i16, m: i8) -> Date {
        let mut d = date(y, m, 1);
        while d.weekday() != Weekday::Monday {
            d = d.tomorrow().unwrap();
        }
        d
    }

    fn last_monday(y: i16, m: i8) -> Date {
        let mut d = date(y, m, 1).last_of_month();
        while d.weekday() != Weekday::Monday {
            d = d.yesterday().unwrap();
        }
        d
    }

    /// The England and Wales bank holidays of a year, from the rules.
    fn by_the_rules(y: i16) -> Vec<Date> {
        let mut days: Vec<Date> = Vec::new();
        let fixed = |d: Date, days: &mut Vec<Date>| {
            let mut d = d;
            while matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) || days.contains(&d) {
                d = d.tomorrow().unwrap();
            }
            days.push(d);
        };
        fixed(date(y, 1, 1), &mut days);
        let e = easter(y);
        days.push(e.checked_sub(2.days()).unwrap());
        days.push(e.checked_add(1.day()).unwrap());
        days.push(first_monday(y, 5));
        days.push(last_monday(y, 5));
        days.push(last_monday(y, 8));
        fixed(date(y, 12, 25), &mut days);
        fixed(date(y, 12, 26), &mut days);
        days.sort();
        days
    }

    #[test]
    fn holiday_data_matches_the_rules() {
        let h = Holidays::builtin();
        assert_eq!(h.years(), 2025..=2030);
        for y in h.years() {
            let data: Vec<Date> = h.iter().map(|(d, _)| d).filter(|d| d.year() == y).collect();
            assert_eq!(data, by_the_rules(y), "bank holidays for {y}");
        }
        // Spot checks against the published list.
        assert_eq!(easter(2025), date(2025, 4, 20));
        assert_eq!(easter(2027), date(2027, 3, 28));
        assert_eq!(h.name(date(2026, 12, 28)), Some("Boxing Day (substitute day)"));
        assert_eq!(h.name(date(2027, 3, 26)), Some("Good Friday"));
        assert_eq!(h.name(date(2030, 8, 26)), Some("Summer bank holiday"));
        assert_eq!(h.name(date(2026, 3, 1)), None, "St David's Day is not a bank holiday");
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("data/bank-holidays-wales.toml", false);
        crate::builtin::assert_reads_as_toml::<TermsFile>("data/term-dates-wales.toml", false);
    }
}
