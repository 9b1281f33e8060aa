//! Working days: the date by which the school is asked to reply.
//!
//! A working day is a weekday that is not a bank holiday in Wales. The
//! holidays are data (`data/bank-holidays-wales.toml`), compiled in and
//! parsed once, so adding a year is an edit to that file, not to code. The
//! parents' guide asks for a reply "within 10 working days": day 1 is the
//! first working day after the letter's date, so a letter dated on a
//! Friday counts from the Monday.

use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const HOLIDAYS_TOML: &str = include_str!("../../data/bank-holidays-wales.toml");

/// How many working days the letter gives the school.
pub(crate) const WORKING_DAYS: u32 = 10;

/// The bank holidays idp-audit knows, by date, and the years they cover.
pub(crate) struct Holidays {
    days: BTreeMap<Date, String>,
    first_year: i16,
    last_year: i16,
}

#[derive(Deserialize)]
struct File {
    holiday: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    date: toml::value::Datetime,
    name: String,
}

static HOLIDAYS: LazyLock<Holidays> = LazyLock::new(|| Holidays::parse(HOLIDAYS_TOML));

impl Holidays {
    /// The built-in list. Panics only if the file shipped with idp-audit is
    /// broken, which the tests catch.
    pub fn builtin() -> &'static Holidays {
        &HOLIDAYS
    }

    fn parse(text: &str) -> Holidays {
        let file: File = toml::from_str(text).expect("data/bank-holidays-wales.toml does not parse");
        let mut days = BTreeMap::new();
        for e in file.holiday {
            let d = e.date.date.expect("data/bank-holidays-wales.toml: a holiday without a date");
            assert!(e.date.time.is_none(), "data/bank-holidays-wales.toml: {} has a time of day", e.name);
            let date = Date::new(d.year as i16, d.month as i8, d.day as i8)
                .expect("data/bank-holidays-wales.toml: not a real date");
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

/// The reply date, and the years it passed through whose bank holidays
/// idp-audit does not know (there it counted weekends only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Deadline {
    pub date: Date,
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
    Deadline { date: day, unknown_years }
}

/// The reply date for a letter dated `from`: [`WORKING_DAYS`] working days on.
pub(crate) fn reply_by(from: Date) -> Deadline {
    working_days_after(from, WORKING_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    fn by(y: i16, m: i8, d: i8) -> Date {
        let dl = reply_by(date(y, m, d));
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
        let dl = reply_by(date(2031, 3, 3));
        assert_eq!(dl.date, date(2031, 3, 17));
        assert_eq!(dl.unknown_years, vec![2031]);
        // A December 2030 letter runs into 2031.
        let dl = reply_by(date(2030, 12, 20));
        assert_eq!(dl.unknown_years, vec![2031]);
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
