//! Dates as people in Wales write them on the command line: day first
//! (`14/12/2026`, `14-12-2026`, `14.12.2026`), or year first as ISO 8601
//! writes it (`2026-12-14`). A month-first date is never guessed.

use jiff::civil::Date;

/// Parse a date given on the command line.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "“{s}” is not a date idp-audit can read; write it day first (14/12/2026 or 14-12-2026) or as 2026-12-14"
        )
    };
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return Err(bad()) };
    // The separators must agree: "14/12-2026" is a slip, not a date.
    let seps: Vec<char> = t.chars().filter(|ch| matches!(ch, '/' | '-' | '.')).collect();
    if seps.len() != 2 || seps[0] != seps[1] {
        return Err(bad());
    }
    let digits = |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = if digits(a, &[4]) && digits(b, &[1, 2]) && digits(c, &[1, 2]) {
        (*a, *b, *c)
    } else if digits(a, &[1, 2]) && digits(b, &[1, 2]) && digits(c, &[4]) {
        (*c, *b, *a)
    } else if digits(a, &[1, 2]) && digits(b, &[1, 2]) && digits(c, &[2]) {
        return Err(format!("“{s}” has a two-digit year; write the year in full (for example {a}/{b}/20{c})"));
    } else {
        return Err(bad());
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i16>(), m.parse::<i8>(), d.parse::<i8>()) else { return Err(bad()) };
    Date::new(y, m, d).map_err(|_| {
        let hint = if m > 12 && d <= 12 { " (idp-audit reads the day first, as 14/12/2026)" } else { "" };
        format!("“{s}” is not a date in the calendar: check the day and month{hint}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_first_and_iso_forms_all_read() {
        for s in ["14/12/2026", "14-12-2026", "14.12.2026", "2026-12-14", "2026/12/14", " 14/12/2026 "] {
            assert_eq!(parse_date(s), Ok(date(2026, 12, 14)), "{s}");
        }
        assert_eq!(parse_date("1/9/2026"), Ok(date(2026, 9, 1)));
        assert_eq!(parse_date("2026-9-1"), Ok(date(2026, 9, 1)));
    }

    #[test]
    fn month_first_is_never_guessed() {
        let e = parse_date("12/14/2026").unwrap_err();
        assert!(e.contains("day first"), "{e}");
        // 3/4/2026 is 3 April, as in the UK.
        assert_eq!(parse_date("3/4/2026"), Ok(date(2026, 4, 3)));
    }

    #[test]
    fn slips_say_what_to_write() {
        assert!(parse_date("14/12/26").unwrap_err().contains("year in full"));
        assert!(parse_date("31/02/2026").unwrap_err().contains("not a date in the calendar"));
        for s in ["14/12-2026", "tomorrow", "2026-12", "", "14//2026", "１４/12/2026"] {
            assert!(parse_date(s).unwrap_err().contains("2026-12-14"), "{s}");
        }
    }
}
