//! Which of many patterns can match a text, in one cheap pass per group.
//!
//! A `RegexSet` of every pattern of a lexicon file answers that in one
//! search, but its lazy DFA (the union of ~100 patterns over words and
//! Welsh letters) outgrows its cache on real plans, and the search falls
//! back to the slow engine: on the world-like corpus that was most of the
//! batch's time. Small groups keep each group's DFA within its cache.

use regex::RegexSet;

/// Patterns per group: measured on the world-like corpus (2,000 plans,
/// 2 threads): 8 gave the shortest batch; 4 and 16 a little slower, 32 twice
/// as slow, and one set of all about three times as slow.
pub const GROUP: usize = 8;

#[derive(Debug, Clone)]
pub struct Gates {
    groups: Vec<RegexSet>,
    len: usize,
}

impl Gates {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Gates, regex::Error> {
        let all: Vec<&str> = patterns.into_iter().collect();
        let groups = all.chunks(GROUP).map(RegexSet::new).collect::<Result<Vec<_>, _>>()?;
        Ok(Gates { groups, len: all.len() })
    }

    /// For each pattern, in order, whether it can match `text`.
    pub fn matches(&self, text: &str) -> Vec<bool> {
        let mut out = vec![false; self.len];
        for (g, set) in self.groups.iter().enumerate() {
            for i in set.matches(text).iter() {
                out[g * GROUP + i] = true;
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_which_patterns_match_across_groups() {
        let patterns: Vec<String> = (0..20).map(|i| format!(r"\bw{i}\b")).collect();
        let gates = Gates::new(patterns.iter().map(String::as_str)).unwrap();
        assert_eq!(gates.len(), 20);
        let m = gates.matches("w3 and w17, not w20");
        let hits: Vec<usize> = (0..20).filter(|&i| m[i]).collect();
        assert_eq!(hits, [3, 17]);
    }

    #[test]
    fn a_bad_pattern_is_an_error() {
        assert!(Gates::new(["ok", "(unclosed"]).is_err());
    }
}
