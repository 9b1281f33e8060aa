//! Numbers, units, periods (`lexicon/numbers.toml`) and the frequency,
//! duration and group patterns built from them (`lexicon/patterns.toml`).

use super::LexiconError;
use super::lazy::LazyRegex;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternElement {
    Frequency,
    Duration,
    /// Both a frequency and a duration ("in all lessons").
    Coverage,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Rate,
    Adverb,
    Every,
    Days,
    Schedule,
    Coverage,
    Deadline,
    Dated,
    Once,
    VagueRate,
    Vague,
    VagueCount,
    Trigger,
    Length,
    Slot,
    Total,
    Course,
    Amount,
    Size,
}

crate::builtin::enum_from_value!(PatternElement, Signal);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Floor,
    Ceiling,
    About,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Floor => "at_least",
            Qualifier::Ceiling => "up_to",
            Qualifier::About => "about",
        }
    }
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct NumbersFile {
    numbers: HashMap<String, f64>,
    times: HashMap<String, f64>,
    units: Units,
    periods: HashMap<String, String>,
    periodly: HashMap<String, String>,
    per: Words,
    days: Words,
    weekdays: HashMap<String, u8>,
    months: Words,
    qualifiers: HashMap<String, String>,
}

crate::builtin::from_value!(NumbersFile {
    numbers,
    times,
    units,
    periods,
    periodly,
    per,
    days,
    weekdays,
    months,
    qualifiers
});

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct Units {
    minutes: Vec<String>,
    hours: Vec<String>,
    /// Marks written straight after a number for minutes ("20'"): not
    /// words, so only the patterns that ask for them ({MINMARK}) use them.
    #[serde(default)]
    minute_marks: Vec<String>,
    /// Letters written straight after a number for minutes ("4x10m/wk"):
    /// read only in a count-by-length shorthand ({MINLETTER}), where they
    /// cannot be metres.
    #[serde(default)]
    minute_letters: Vec<String>,
}

crate::builtin::from_value!(Units { minutes, hours, minute_marks = Vec::new, minute_letters = Vec::new });

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct Words {
    words: Vec<String>,
}

crate::builtin::from_value!(Words { words });

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct PatternsFile {
    pattern: Vec<PatternEntry>,
}

crate::builtin::from_value!(PatternsFile { pattern });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct PatternEntry {
    id: String,
    element: PatternElement,
    signal: Signal,
    pattern: String,
}

crate::builtin::from_value!(PatternEntry { id, element, signal, pattern });

/// The vocabulary of numbers and time.
#[derive(Debug, Clone)]
pub struct Numbers {
    numbers: HashMap<String, f64>,
    times: HashMap<String, f64>,
    minutes: Vec<String>,
    hours: Vec<String>,
    periods: HashMap<String, String>,
    periodly: HashMap<String, String>,
    weekdays: HashMap<String, u8>,
    qualifiers: HashMap<String, Qualifier>,
}

impl Numbers {
    /// The value of a number as written: "3", "three", "dair", "half an",
    /// "1½".
    pub fn value(&self, s: &str) -> Option<f64> {
        let s = s.trim();
        if let Ok(v) = s.parse::<f64>() {
            return Some(v);
        }
        if let Some(whole) = s.strip_suffix('½') {
            let whole = whole.trim();
            return if whole.is_empty() { Some(0.5) } else { whole.parse::<f64>().ok().map(|v| v + 0.5) };
        }
        self.numbers.get(s).or_else(|| self.times.get(s)).copied()
    }

    /// A number or a range ("8-10", "two or three"): (low, high).
    pub fn range(&self, s: &str) -> Option<(f64, f64)> {
        let s = s.trim();
        if let Some(v) = self.value(s) {
            return Some((v, v));
        }
        for sep in ["-", " to ", " or ", " i "] {
            if let Some((a, b)) = s.split_once(sep)
                && let (Some(a), Some(b)) = (self.value(a), self.value(b))
            {
                return Some((a, b));
            }
        }
        None
    }

    pub fn times(&self, s: &str) -> Option<f64> {
        self.times.get(s.trim()).copied()
    }

    pub(crate) fn period(&self, s: &str) -> Option<&str> {
        self.periods.get(s.trim()).map(String::as_str)
    }

    pub(crate) fn periodly(&self, s: &str) -> Option<&str> {
        self.periodly.get(s.trim()).map(String::as_str)
    }

    /// Minutes in one of the unit: 1 for minutes, 60 for hours.
    pub(crate) fn unit_minutes(&self, s: &str) -> Option<f64> {
        let s = s.trim().trim_end_matches('.');
        if self.minutes.iter().any(|m| m == s) {
            Some(1.0)
        } else if self.hours.iter().any(|h| h == s) {
            Some(60.0)
        } else {
            None
        }
    }

    pub(crate) fn qualifier(&self, s: &str) -> Option<Qualifier> {
        self.qualifiers.get(s.trim()).copied()
    }

    /// Is this a weekday's name and nothing more ("Monday", "Tue", "Dydd
    /// Mercher"), as a timetable's column header is?
    pub(crate) fn is_weekday_name(&self, s: &str) -> bool {
        let folded = crate::text::fold(s.trim().trim_end_matches(['.', ':']));
        let words: Vec<&str> = folded.split_whitespace().collect();
        match words.as_slice() {
            [day] => self.weekdays.contains_key(*day),
            ["dydd", day] => self.weekdays.contains_key(*day) || self.weekdays.contains_key(&format!("dydd {day}")),
            _ => false,
        }
    }

    /// How many weekdays a "days" match names ("Tuesdays and Thursdays" = 2,
    /// "Monday to Friday" = 5, "bore Llun a bore Iau" = 2).
    pub(crate) fn weekday_count(&self, s: &str) -> usize {
        let mut names: Vec<u8> =
            s.split(|c: char| !c.is_alphanumeric()).filter_map(|w| self.weekdays.get(w).copied()).collect();
        if (s.contains(" to ") || s.contains(" tan ") || s.contains('-')) && names.len() == 2 {
            let (a, b) = (names[0].min(names[1]), names[0].max(names[1]));
            return usize::from(b - a) + 1;
        }
        crate::sort::sort(&mut names);
        names.dedup();
        names.len().max(1)
    }
}

/// One compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub element: PatternElement,
    pub signal: Signal,
    pub regex: LazyRegex,
}

/// All the patterns, in the order they are tried.
#[derive(Debug, Clone)]
pub struct Patterns {
    pub list: Vec<Pattern>,
    /// One pass says which patterns can match a text, so only those are run
    /// for their captures.
    pub gates: super::gates::Gates,
}

fn alternation(words: impl IntoIterator<Item = String>) -> String {
    let mut w: Vec<String> = words.into_iter().map(|s| crate::text::fold(&s)).filter(|s| !s.is_empty()).collect();
    // Longest first, so "half term" is tried before "term".
    crate::sort::sort_by(&mut w, |a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    w.dedup();
    format!("(?:{})", w.iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|"))
}

pub fn load(numbers_toml: &str, patterns_toml: &[&str]) -> Result<(Numbers, Patterns), LexiconError> {
    let nf: NumbersFile =
        crate::builtin::read(numbers_toml).map_err(|e| LexiconError::parse("numbers.toml", numbers_toml, &e))?;
    let mut qualifiers = HashMap::new();
    for (k, v) in &nf.qualifiers {
        let q = match v.as_str() {
            "floor" => Qualifier::Floor,
            "ceiling" => Qualifier::Ceiling,
            "about" => Qualifier::About,
            other => {
                return Err(LexiconError::new(
                    "numbers.toml",
                    format!("qualifier '{k}' has kind '{other}'; use floor, ceiling or about"),
                ));
            }
        };
        qualifiers.insert(k.clone(), q);
    }
    let num_words = alternation(nf.numbers.keys().cloned());
    // "1½ hours": a half after the digits.
    let num = format!(r"(?:\d+(?:\.\d+)?(?:\s?½)?|½|{num_words})");
    let placeholders: Vec<(&str, String)> = vec![
        ("{RANGE}", format!(r"(?:{num}(?:\s*(?:-|to|or|i)\s*{num})?)")),
        ("{NUM}", num.clone()),
        ("{TIMES}", alternation(nf.times.keys().cloned())),
        ("{MIN}", alternation(nf.units.minutes.iter().cloned())),
        ("{MINMARK}", alternation(nf.units.minute_marks.iter().cloned())),
        ("{MINLETTER}", alternation(nf.units.minute_letters.iter().cloned())),
        ("{HOUR}", alternation(nf.units.hours.iter().cloned())),
        ("{PERIODLY}", alternation(nf.periodly.keys().cloned())),
        ("{PERIOD}", alternation(nf.periods.keys().cloned())),
        ("{PER}", alternation(nf.per.words.iter().cloned())),
        ("{DAY}", alternation(nf.days.words.iter().cloned())),
        ("{MONTH}", alternation(nf.months.words.iter().cloned())),
        ("{Q}", alternation(nf.qualifiers.keys().cloned())),
    ];
    let mut list = Vec::new();
    for (file_no, src) in patterns_toml.iter().enumerate() {
        let pf: PatternsFile = crate::builtin::read(src)
            .map_err(|e| LexiconError::parse(&format!("patterns file {}", file_no + 1), src, &e))?;
        for p in pf.pattern {
            let mut re = p.pattern.clone();
            for (k, v) in &placeholders {
                re = re.replace(k, v);
            }
            list.push((p.id, p.element, p.signal, crate::text::fold_pattern(&re)));
        }
    }
    let numbers = Numbers {
        numbers: nf.numbers.into_iter().map(|(k, v)| (crate::text::fold(&k), v)).collect(),
        times: nf.times,
        minutes: nf.units.minutes.into_iter().chain(nf.units.minute_marks).chain(nf.units.minute_letters).collect(),
        hours: nf.units.hours,
        periods: nf.periods,
        periodly: nf.periodly,
        weekdays: nf.weekdays.into_iter().map(|(k, v)| (crate::text::fold(&k), v)).collect(),
        qualifiers,
    };
    // Every pattern is parsed now (so a bad one is reported now, by its
    // id); the gates read their literals off the syntax trees, and each
    // pattern's own regex (for its captures) compiles from its tree only
    // when its gate first lets it through.
    let trees = list
        .iter()
        .map(|(id, _, _, source)| {
            regex_syntax::Parser::new().parse(source).map_err(|e| {
                LexiconError::new("patterns.toml", format!("pattern '{id}' is not a valid regular expression: {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let gates = super::gates::Gates::of_parsed(&trees);
    let list = list
        .into_iter()
        .zip(trees)
        .map(|((id, element, signal, source), tree)| Pattern {
            id,
            element,
            signal,
            regex: LazyRegex::of_parsed(source, tree),
        })
        .collect();
    Ok((numbers, Patterns { list, gates }))
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<NumbersFile>("lexicon/numbers.toml", true);
        crate::builtin::assert_reads_as_toml::<PatternsFile>("lexicon/patterns.toml", false);
    }
}
