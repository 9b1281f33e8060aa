//! An aho-corasick automaton that starts cheap and becomes fast once it has
//! earned it.
//!
//! A DFA searches several times as fast as an NFA but takes far longer to
//! build: for the lexicon's phrase sets, most of a single plan's start-up.
//! So each automaton is first built as a noncontiguous NFA (the cheapest
//! to build; a contiguous one is built from it), and
//! after it has searched enough text to repay the difference (a few dozen
//! plans) the DFA is built and used from then on. Both report the same
//! matches in the same order (`MatchKind::Standard`, overlapping), so
//! nothing a plan's report says depends on which one ran.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of text searched with the NFA after which the DFA is built: on the
/// world-like corpus about thirty plans' worth of provisions.
const UPGRADE_AFTER: usize = 256 * 1024;

#[derive(Debug)]
pub struct Automaton {
    nfa: AhoCorasick,
    dfa: OnceLock<AhoCorasick>,
    searched: AtomicUsize,
    patterns: Vec<Vec<u8>>,
}

impl Clone for Automaton {
    fn clone(&self) -> Self {
        Automaton {
            nfa: self.nfa.clone(),
            dfa: self.dfa.clone(),
            searched: AtomicUsize::new(self.searched.load(Ordering::Relaxed)),
            patterns: self.patterns.clone(),
        }
    }
}

fn build(patterns: &[Vec<u8>], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(patterns)
        .expect("the lexicon's phrases build an automaton")
}

impl Automaton {
    /// An automaton over `patterns` (at least one), matched as written.
    pub fn new(patterns: Vec<Vec<u8>>) -> Automaton {
        Automaton {
            nfa: build(&patterns, AhoCorasickKind::NoncontiguousNFA),
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
            patterns,
        }
    }

    /// The automaton to search `text` with: the DFA once it is built.
    pub fn for_text(&self, text: &str) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        let before = self.searched.fetch_add(text.len(), Ordering::Relaxed);
        if before < UPGRADE_AFTER && before + text.len() >= UPGRADE_AFTER {
            return self.dfa();
        }
        &self.nfa
    }

    /// The DFA, built now if it is not yet.
    pub fn dfa(&self) -> &AhoCorasick {
        self.dfa.get_or_init(|| build(&self.patterns, AhoCorasickKind::DFA))
    }

    #[cfg(test)]
    pub(crate) fn has_dfa(&self) -> bool {
        self.dfa.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(ac: &AhoCorasick, text: &str) -> Vec<(usize, usize, usize)> {
        ac.find_overlapping_iter(text).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect()
    }

    #[test]
    fn the_nfa_and_the_dfa_find_the_same_matches_in_the_same_order() {
        let words = ["as and when", "as and when required", "when", "when required", "required", "and", "a"];
        let ac = Automaton::new(words.iter().map(|w| w.as_bytes().to_vec()).collect());
        let text = "as and when required, and when required again: a and";
        let nfa = matches(&ac.nfa, text);
        assert!(nfa.len() > 8, "{nfa:?}");
        assert_eq!(nfa, matches(ac.dfa(), text));
    }

    #[test]
    fn becomes_a_dfa_after_enough_text() {
        let ac = Automaton::new(vec![b"weekly".to_vec()]);
        let text = "x".repeat(1000);
        assert!(!ac.has_dfa());
        for _ in 0..(UPGRADE_AFTER / 1000) {
            ac.for_text(&text);
        }
        assert!(!ac.has_dfa());
        ac.for_text(&text);
        assert!(ac.has_dfa());
        assert_eq!(ac.for_text("weekly").find_overlapping_iter("weekly").count(), 1);
    }
}
