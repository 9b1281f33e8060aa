//! The school days of a period, week by week.
//!
//! A school day is a weekday inside a term, outside its half-term, that is
//! not a bank holiday: the same term dates as the letter's reply date
//! (`data/term-dates-wales.toml`, or the file `[letter] term-dates` in
//! idp-audit.toml names). Where the term dates do not cover a day, the day
//! counts if it is a weekday that is not a bank holiday, and the report
//! says so, because the school's holidays in that stretch are not known.

use crate::letter::deadline::{Holidays, TermDates};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// The weekdays of a full school week: the denominator of a part week's
/// share of a weekly rate.
pub const WEEKDAYS: u32 = 5;

/// One Monday-to-Friday week of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub monday: Date,
    /// Its school days inside the period, in order.
    pub days: Vec<Date>,
}

/// The period's school days, grouped by week, and what was assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub since: Date,
    pub until: Date,
    /// Every Monday-to-Friday week that overlaps the period, even one with
    /// no school day (a holiday week), so a chart shows the gap.
    pub weeks: Vec<Week>,
    /// Days counted as school days only because they are weekdays that are
    /// not bank holidays: the term dates do not cover them.
    pub unknown_term_days: usize,
    /// Years in the period whose bank holidays idp-audit does not know.
    pub unknown_holiday_years: Vec<i16>,
    /// The term dates it was made with.
    pub terms: TermDates,
}

/// The Monday of the week `day` is in.
pub fn monday_of(day: Date) -> Date {
    let back = day.weekday().to_monday_zero_offset();
    day.checked_sub(i64::from(back).days()).unwrap_or(day)
}

impl Calendar {
    /// The school days from `since` to `until`, both included.
    pub fn new(since: Date, until: Date, terms: &TermDates) -> Calendar {
        let holidays = Holidays::builtin();
        let span = terms.span();
        let mut weeks: Vec<Week> = Vec::new();
        let mut unknown_term_days = 0;
        let mut unknown_holiday_years = Vec::new();
        let mut day = since;
        while day <= until {
            let monday = monday_of(day);
            if weeks.last().is_none_or(|w| w.monday != monday) {
                weeks.push(Week { monday, days: Vec::new() });
            }
            if !holidays.years().contains(&day.year()) && !unknown_holiday_years.contains(&day.year()) {
                unknown_holiday_years.push(day.year());
            }
            let weekday = !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
            let known = span.is_some_and(|(a, b)| a <= day && day <= b);
            let school = if known {
                terms.is_school_day(day)
            } else {
                let open = weekday && holidays.is_working_day(day);
                if open {
                    unknown_term_days += 1;
                }
                open
            };
            if school && let Some(w) = weeks.last_mut() {
                w.days.push(day);
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        Calendar { since, until, weeks, unknown_term_days, unknown_holiday_years, terms: terms.clone() }
    }

    pub fn school_days(&self) -> usize {
        self.weeks.iter().map(|w| w.days.len()).sum()
    }

    /// Whether `day` is one of the period's school days.
    pub fn is_school_day(&self, day: Date) -> bool {
        self.weeks.iter().any(|w| w.days.contains(&day))
    }

    pub fn contains(&self, day: Date) -> bool {
        self.since <= day && day <= self.until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn half_term_and_weekends_are_not_school_days() {
        // Spring 2026: half-term 16–20 February. 9 February (Monday) to 27
        // February (Friday) is three weeks, the middle one a holiday.
        let c = Calendar::new(date(2026, 2, 9), date(2026, 2, 27), TermDates::builtin());
        let days: Vec<usize> = c.weeks.iter().map(|w| w.days.len()).collect();
        assert_eq!(days, [5, 0, 5]);
        assert_eq!(c.school_days(), 10);
        assert_eq!(c.unknown_term_days, 0);
    }

    #[test]
    fn a_period_starting_midweek_has_a_part_week() {
        // Wednesday 7 January 2026 to Tuesday 13 January.
        let c = Calendar::new(date(2026, 1, 7), date(2026, 1, 13), TermDates::builtin());
        assert_eq!(c.weeks[0].monday, date(2026, 1, 5));
        assert_eq!(c.weeks.iter().map(|w| w.days.len()).collect::<Vec<_>>(), [3, 2]);
    }

    #[test]
    fn past_the_known_terms_weekdays_less_bank_holidays_count_and_are_flagged() {
        // The terms in the data end 20 July 2026; 31 August 2026 is the
        // summer bank holiday. 31 Aug – 4 Sep: 4 weekdays counted.
        let c = Calendar::new(date(2026, 8, 31), date(2026, 9, 4), TermDates::builtin());
        assert_eq!(c.school_days(), 4);
        assert_eq!(c.unknown_term_days, 4);
    }
}
