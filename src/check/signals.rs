//! Signals: what the patterns of `lexicon/patterns.toml` find in a
//! provision, with their values parsed ("3 x 30 minutes weekly" gives a
//! rate of 3 per week and a length of 30 minutes).

use crate::lexicon::Lexicon;
use crate::lexicon::quantities::{Numbers, PatternElement, Qualifier, Signal};
use crate::types::{Amount, Value};
use std::ops::Range;

/// One thing a pattern found: a frequency, a duration or a group size.
#[derive(Debug, Clone)]
pub struct Found {
    pub element: PatternElement,
    pub signal: Signal,
    /// Folded byte range.
    pub range: Range<usize>,
    pub qualifier: Option<Qualifier>,
    pub value: Option<Value>,
    /// For a rate or total that also states a session length ("3x15mins/wk").
    pub length: Option<Value>,
}

impl Found {
    pub(crate) fn is_ceiling(&self) -> bool {
        self.qualifier == Some(Qualifier::Ceiling)
    }
}

/// Run every pattern over the folded text.
pub fn find(lex: &Lexicon, folded: &str) -> Vec<Found> {
    let mut out = Vec::new();
    // One pass of the gates says which patterns can match; only those are
    // run for their captures, in pattern order.
    let can_match = lex.patterns.gates.matches(folded);
    for i in (0..can_match.len()).filter(|&i| can_match[i]) {
        let p = &lex.patterns.list[i];
        for caps in p.regex.captures_iter(folded) {
            let whole = caps.get(0).unwrap();
            if whole.as_str().trim().is_empty() {
                continue;
            }
            let g = |name: &str| caps.name(name).map(|m| m.as_str());
            let range = trim_range(folded, whole.range());
            let qualifier = g("q").and_then(|q| lex.numbers.qualifier(q));
            let mut found = Found { element: p.element, signal: p.signal, range, qualifier, value: None, length: None };
            if !fill_value(lex, &mut found, &g, folded) {
                continue;
            }
            out.push(found);
        }
    }
    // "her regular class teacher" names who, it is no rate.
    out.retain(|f| {
        f.signal != Signal::VagueRate
            || &folded[f.range.clone()] != "regular"
            || !names_a_person_next(&lex.context.people.after_regular, &folded[f.range.end..])
    });
    crate::sort::sort_by_key(&mut out, |f| (f.range.start, std::cmp::Reverse(f.range.end)));
    // "At the start of each lesson" is a time, not a coverage of every
    // lesson: a coverage inside a schedule is part of the schedule.
    let cx = &lex.context.quantities;
    let schedules: Vec<Range<usize>> = out
        .iter()
        .filter(|f| f.signal == Signal::Schedule && marks_a_point(&cx.point_in_time, &folded[f.range.clone()]))
        .map(|f| f.range.clone())
        .collect();
    out.retain(|f| {
        f.signal != Signal::Coverage
            || !schedules.iter().any(|s| s.start <= f.range.start && f.range.end <= s.end && *s != f.range)
    });
    out
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    // A pattern may start at the punctuation before its words ("| 10 weeks"):
    // the words are the match.
    let lead = s.len() - s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | ';' | '(')).len();
    let trail = s.len() - s.trim_end().len();
    (r.start + lead)..(r.end - trail).max(r.start + lead)
}

/// Parse the captures into a value. False when the match is not what it
/// seemed (a "time slot" that is really a range of sessions).
fn fill_value<'a>(lex: &Lexicon, f: &mut Found, g: &dyn Fn(&str) -> Option<&'a str>, folded: &str) -> bool {
    let n: &Numbers = &lex.numbers;
    let cx = &lex.context.quantities;
    let text = folded[f.range.clone()].to_string();
    let q = f.qualifier.map(|q| q.as_str());
    let per = g("per").and_then(|p| n.period(p)).or_else(|| g("periodly").and_then(|p| n.periodly(p)));
    let per = per.map(str::to_string);
    let range = |w: &str| n.range(w).map(|(lo, hi)| Amount::between(lo, hi));
    let length = |lenw: Option<&str>, unit: Option<&str>| -> Option<Amount> {
        // A unit with no number before it is one of it ("sesiwn awr").
        let (lo, hi) = match lenw {
            Some(w) => n.range(w)?,
            None => (1.0, 1.0),
        };
        let mins = n.unit_minutes(unit?)?;
        Some(Amount::between(lo * mins, hi * mins))
    };
    let minutes = |m: Amount| Value { minutes: Some(m), ..Value::default() };
    match f.signal {
        Signal::Rate => {
            let count = g("count")
                .or(g("count2"))
                .and_then(range)
                .or_else(|| g("times").and_then(|t| n.times(t)).map(Amount::exactly));
            let Some(count) = count else { return false };
            f.value = Some(Value { count: Some(count), per, qualifier: q, ..Value::default() });
            f.length = length(g("len"), g("lenunit")).map(minutes);
        }
        Signal::Every if g("n").is_some() => {
            // "every six months", "every 90 minutes": once in every N periods.
            let Some((every, _)) = g("n").and_then(|w| n.range(w)) else { return false };
            let unit = g("per").unwrap_or_default();
            let per = n.period(unit).map(str::to_string).or_else(|| {
                n.unit_minutes(unit).map(|m| if m >= 60.0 { "hour".to_string() } else { "minute".to_string() })
            });
            let Some(per) = per else { return false };
            f.value = Some(Value {
                count: Some(Amount::exactly(1.0)),
                per: Some(per),
                every: Some(every),
                ..Value::default()
            });
        }
        Signal::Adverb | Signal::Every => {
            let Some(p) = per else { return false };
            f.value = Some(Value { count: Some(Amount::exactly(1.0)), per: Some(p), ..Value::default() });
        }
        Signal::Days => {
            let days = n.weekday_count(&text);
            f.value = Some(Value {
                count: Some(Amount::exactly(days as f64)),
                per: Some("week".into()),
                days: Some(text),
                ..Value::default()
            });
        }
        Signal::Schedule => {
            // "in some maths lessons" states no schedule.
            if has_vague_quantifier(&cx.vague_quantifiers, &text) {
                return false;
            }
            // "a lunchtime club", "a playtime buddy group": the time names
            // the club, not how often it meets.
            let next = folded[f.range.end..].split_whitespace().next().unwrap_or("");
            let bare = !text.contains(' ');
            if bare && cx.named_by_time.iter().any(|w| w == next) {
                return false;
            }
            // "in lessons" says where, not which lessons or how often:
            // a schedule names its event ("in PE lessons").
            if text
                .split(|c: char| !c.is_alphanumeric())
                .all(|w| w.is_empty() || cx.bare_schedule.iter().any(|b| b == w))
            {
                return false;
            }
            f.value = Some(Value { schedule: Some(text), ..Value::default() });
        }
        Signal::Coverage => {
            if has_vague_quantifier(&cx.vague_quantifiers, &text) {
                return false;
            }
            // "once in each workshop session", "unwaith ym mhob gwers": a rate
            // per event, not the whole of each.
            if previous_word(folded, f.range.start).is_some_and(|w| cx.span_not_after.iter().any(|n| n == w)) {
                return false;
            }
            // "whenever needed", "pryd bynnag y bo angen": a condition.
            if (text.starts_with("whenever") || text.starts_with("pryd bynnag"))
                && text.split(|c: char| !(c.is_alphanumeric() || c == '\'')).any(|w| {
                    let w = w.trim_end_matches("'n").trim_start_matches("'");
                    cx.condition_words.iter().any(|c| c == w)
                })
            {
                return false;
            }
            f.value = Some(Value { coverage: Some(text), ..Value::default() });
        }
        Signal::Deadline => f.value = Some(Value { deadline: Some(text), ..Value::default() }),
        Signal::Dated => f.value = Some(Value { date: Some(text), ..Value::default() }),
        Signal::Once => {
            // "Once he is settled" is a conjunction, not a single occasion.
            if matches!(text.as_str(), "once" | "unwaith") {
                let next = folded[f.range.end..].trim_start();
                let word = next.split_whitespace().next().unwrap_or("");
                let ok = next.is_empty()
                    || next.starts_with([',', '.', ';', ')', '|', '('])
                    || cx.once_followers.iter().any(|w| w == word);
                if !ok {
                    return false;
                }
            }
            f.value = Some(Value { count: Some(Amount::exactly(1.0)), occasion: Some(text), ..Value::default() });
        }
        Signal::Length => {
            let Some(m) = length(g("len"), g("lenunit")) else { return false };
            f.value = Some(Value { minutes: Some(m), qualifier: q, ..Value::default() });
        }
        Signal::Total => {
            let Some(m) = length(g("len"), g("lenunit")) else { return false };
            let Some(p) = per else { return false };
            f.value = Some(Value { minutes: Some(m), per: Some(p), qualifier: q, ..Value::default() });
        }
        Signal::Slot => {
            let Some(mins) = slot_minutes(g("t1"), g("ap1"), g("t2"), g("ap2")) else { return false };
            f.value = Some(Value { minutes: Some(Amount::exactly(mins as f64)), slot: Some(text), ..Value::default() });
        }
        Signal::Course => {
            let first = |names: &[&str]| names.iter().find_map(|k| g(k)).and_then(range);
            f.value = Some(Value {
                weeks: first(&["weeks", "weeks2", "weeks3", "weeks4", "weeks5", "weeks6"]),
                sessions: first(&["sessions", "sessions2", "sessions3"]),
                terms: first(&["terms"]),
                course: Some(text),
                ..Value::default()
            });
        }
        Signal::Amount => {
            let Some(p) = g("percent").and_then(|p| p.parse::<f64>().ok()) else { return false };
            f.value = Some(Value { percent: Some(p), qualifier: q, ..Value::default() });
        }
        Signal::Size => {
            let size = ["size", "size2", "size3", "size4"].iter().find_map(|k| g(k)).and_then(range);
            let sized = |n: f64| Value { size: Some(Amount::exactly(n)), ..Value::default() };
            f.value = Some(match size {
                Some(r) => Value { size: Some(r), ..Value::default() },
                None if text.contains("1:1")
                    || text.contains("one")
                    || text.contains("individual")
                    || text.contains("un-i-un")
                    || text.contains("unigol")
                    || text == "1-to-1" =>
                {
                    sized(1.0)
                }
                None if text.contains("pair") || text.contains("partner") || text.contains("phartner") => sized(2.0),
                None => Value { description: Some(text), ..Value::default() },
            });
        }
        // "some of each session" is part of each session (how long is
        // vague), not some of the sessions (how often).
        Signal::VagueCount if text.contains(" of each ") || text.contains(" of every ") => return false,
        Signal::Vague | Signal::VagueRate | Signal::VagueCount | Signal::Trigger => {}
    }
    true
}

/// The word just before `at`, if only spaces stand between.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let trimmed = text[..at].trim_end_matches(' ');
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
    let w = &trimmed[start..];
    (!w.is_empty() && trimmed.len() < at).then_some(w)
}

/// A schedule that marks a point in an event: one of the point-in-time
/// words among its first few ("at the start of each lesson", "before every
/// change", "ar ddiwedd pob gwers").
fn marks_a_point(words: &[String], text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(4).any(|w| words.iter().any(|p| p == w))
}

fn has_vague_quantifier(words: &[String], text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| words.iter().any(|v| v == w))
}

/// Minutes between two clock times ("8.50" .. "9.05am", "12.30" .. "1.00pm").
/// None unless at least one side has minutes or am/pm, and the span is
/// plausible for a school day.
fn slot_minutes(t1: Option<&str>, ap1: Option<&str>, t2: Option<&str>, ap2: Option<&str>) -> Option<i64> {
    let parse = |t: &str| -> Option<(i64, i64, bool)> {
        let (h, m, has_m) = match t.split_once(['.', ':']) {
            Some((h, m)) => (h.parse().ok()?, m.parse().ok()?, true),
            None => (t.parse().ok()?, 0, false),
        };
        (h <= 23 && m < 60).then_some((h, m, has_m))
    };
    let (h1, m1, mm1) = parse(t1?)?;
    let (h2, m2, mm2) = parse(t2?)?;
    let pm = |ap: Option<&str>| ap.is_some_and(|a| a.starts_with('p'));
    let am = |ap: Option<&str>| ap.is_some_and(|a| a.starts_with('a'));
    if !(mm1 || mm2 || ap1.is_some() || ap2.is_some()) {
        return None;
    }
    // School hours: 1-6 without am/pm are afternoon times.
    let to24 = |h: i64, ap: Option<&str>| -> i64 {
        if pm(ap) && h < 12 {
            h + 12
        } else if am(ap) && h == 12 {
            0
        } else if ap.is_none() && (1..=6).contains(&h) {
            h + 12
        } else {
            h
        }
    };
    // "12.30-1.00pm": the pm belongs to the end; the start is read on its own.
    let start = to24(h1, ap1.or(if pm(ap2) && h1 <= h2 && h1 != 12 { ap2 } else { None })) * 60 + m1;
    let end = to24(h2, ap2) * 60 + m2;
    let mins = end - start;
    (5..=600).contains(&mins).then_some(mins)
}

/// The words after "regular" name a person ("regular class teacher",
/// "regular maths teacher", "regular TA").
fn names_a_person_next(people: &[String], after: &str) -> bool {
    // The next word, or the one after an adjective ("regular maths teacher").
    after.split_whitespace().take(2).any(|w| people.iter().any(|p| p == w.trim_matches(|c: char| !c.is_alphanumeric())))
        && !after.trim_start().starts_with(|c: char| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value's fields as "count=3 per=week".
    fn show(v: &Value) -> String {
        use crate::types::Field;
        let field = |f: Field| match f {
            Field::Number(n) => n.to_string(),
            Field::Text(t) => t.to_string(),
            Field::Flag(b) => b.to_string(),
        };
        v.fields().into_iter().map(|(k, f)| format!("{k}={}", field(f))).collect::<Vec<_>>().join(" ")
    }

    fn found(text: &str) -> Vec<(Signal, String, Option<String>)> {
        let lex = Lexicon::builtin();
        let f = crate::text::fold(text);
        find(lex, &f)
            .into_iter()
            .map(|x| (x.signal, f[x.range.clone()].to_string(), x.value.as_ref().map(show)))
            .collect()
    }

    fn has(text: &str, signal: Signal, value: &str) {
        let got = found(text);
        assert!(got.iter().any(|(s, _, v)| *s == signal && v.as_deref() == Some(value)), "{text}: {got:#?}");
    }

    #[test]
    fn rates() {
        has("3 times a week", Signal::Rate, "count=3 per=week");
        has("three times per day", Signal::Rate, "count=3 per=day");
        has("3x15mins/wk", Signal::Rate, "count=3 per=week");
        has("3 x 30 minutes weekly", Signal::Rate, "count=3 per=week");
        has("twice weekly", Signal::Rate, "count=2 per=week");
        has("once each half-term", Signal::Rate, "count=1 per=half_term");
        has("four mornings a week", Signal::Rate, "count=4 per=week");
        has("dair gwaith yr wythnos", Signal::Rate, "count=3 per=week");
        has("8-10 sessions per term", Signal::Rate, "count_max=10 count_min=8 per=term");
        has("at least three times a week", Signal::Rate, "count=3 per=week qualifier=at_least");
        has("Tuesdays and Thursdays", Signal::Days, "count=2 days=tuesdays and thursdays per=week");
        has("Monday to Friday", Signal::Days, "count=5 days=monday to friday per=week");
    }

    #[test]
    fn durations() {
        has("30 minutes", Signal::Length, "minutes=30");
        has("a 45-minute session", Signal::Length, "minutes=45");
        has("half an hour", Signal::Length, "minutes=30");
        has("1 hr/week", Signal::Total, "minutes=60 per=week");
        has("10-15 minutes", Signal::Length, "minutes_max=15 minutes_min=10");
        has("up to 30 minutes", Signal::Length, "minutes=30 qualifier=up_to");
        has("8.50-9.05am", Signal::Slot, "minutes=15 slot=8.50-9.05am");
        has("12.30–1.00pm", Signal::Slot, "minutes=30 slot=12.30-1.00pm");
        has("9.00-12.00", Signal::Slot, "minutes=180 slot=9.00-12.00");
        has("for 10 weeks", Signal::Course, "course=for 10 weeks weeks=10");
        has("25% extra time", Signal::Amount, "percent=25");
        has("30 munud", Signal::Length, "minutes=30");
    }

    #[test]
    fn slots_reject_ranges_of_counts() {
        assert!(!found("8-10 sessions").iter().any(|(s, ..)| *s == Signal::Slot));
        assert_eq!(slot_minutes(Some("1.15"), None, Some("3.00"), Some("pm")), Some(105));
    }
}
