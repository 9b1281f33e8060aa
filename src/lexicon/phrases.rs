//! A set of phrases matched as whole words on folded text with
//! aho-corasick, leftmost-longest: "as and when required" beats "as and
//! when", and "some" never matches inside "someone".

use super::automaton::Automaton;
use crate::text::{fold, is_word_boundary};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct PhraseSet {
    ac: Option<Automaton>,
    /// Payload index for each pattern (several spellings share one entry).
    payload: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseHit {
    pub range: Range<usize>,
    pub entry: usize,
}

impl PhraseSet {
    /// Build from (phrase, payload) pairs. Phrases are folded here.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let mut pats = Vec::new();
        let mut payload = Vec::new();
        for (p, idx) in phrases {
            let f = fold(p.trim());
            if f.is_empty() {
                continue;
            }
            // Curly and straight apostrophes fold alike; nothing more to add.
            pats.push(f.into_bytes());
            payload.push(idx);
        }
        // An NFA, which becomes a DFA once a batch has searched
        // enough text to repay building one (see `automaton`).
        let ac = if pats.is_empty() { None } else { Some(Automaton::new(pats)) };
        PhraseSet { ac, payload }
    }

    /// Build the fast automaton now rather than after enough searching.
    pub(crate) fn warm(&self) {
        if let Some(ac) = &self.ac {
            ac.dfa();
        }
    }

    /// The first entry (in payload order) with a whole-word match anywhere
    /// in `text`, overlapping matches included.
    pub(crate) fn first_entry_in(&self, text: &str) -> Option<usize> {
        let ac = self.ac.as_ref()?.for_text(text);
        ac.find_overlapping_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .map(|m| self.payload[m.pattern().as_usize()])
            .min()
    }

    /// Every whole-word match, leftmost-longest, not overlapping.
    pub fn find(&self, text: &str) -> Vec<PhraseHit> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let ac = ac.for_text(text);
        // Overlapping search, then keep whole-word hits, then pick
        // leftmost-longest: a plain leftmost-longest search would let a
        // longer hit that fails the word test hide a shorter one that passes.
        let mut hits: Vec<PhraseHit> = ac
            .find_overlapping_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .map(|m| PhraseHit { range: m.start()..m.end(), entry: self.payload[m.pattern().as_usize()] })
            .collect();
        crate::sort::sort_by(&mut hits, |a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
        let mut out: Vec<PhraseHit> = Vec::with_capacity(hits.len());
        for h in hits {
            if out.last().is_some_and(|last| h.range.start < last.range.end) {
                continue;
            }
            out.push(h);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftmost_longest_whole_words() {
        let set = PhraseSet::new([("as and when", 0), ("as and when required", 1), ("some", 2), ("when", 3)]);
        let hits = set.find("as and when required; someone; some time");
        let got: Vec<(usize, &str)> =
            hits.iter().map(|h| (h.entry, &"as and when required; someone; some time"[h.range.clone()])).collect();
        assert_eq!(got, vec![(1, "as and when required"), (2, "some")]);
    }

    #[test]
    fn first_entry_counts_overlapped_whole_words() {
        let set = PhraseSet::new([("speech and language", 1), ("language therapy", 0), ("art", 2)]);
        // "language therapy" overlaps the longer, earlier hit and still counts.
        assert_eq!(set.first_entry_in("speech and language therapy"), Some(0));
        assert_eq!(set.first_entry_in("start smart"), None);
        assert_eq!(set.first_entry_in("art club"), Some(2));
    }

    #[test]
    fn folded_entries_match_folded_text() {
        let set = PhraseSet::new([("Lle bo’n bosibl", 0)]);
        assert_eq!(set.find("cefnogaeth lle bo'n bosibl").len(), 1);
    }
}
