//! Decide a provision's kind from cue words in its description.

use super::Part;
use crate::lexicon::{Kind, Lexicon};

/// The kind of the strongest cue word: earlier words weigh more (the head of
/// a description names the thing: "Pencil grip and angled writing board for
/// all written work"), words in brackets less (an aside: "Fine motor
/// programme (pencil grip, scissor skills)"), and words inside a role's
/// name ("specialist literacy teacher") not at all.
pub fn classify(lex: &Lexicon, folded: &str, description: &[&Part], coverage: bool) -> Kind {
    let mut score = [0.0f64; 4];
    let mut any = false;
    for part in description {
        let text = &folded[part.range.clone()];
        let roles = lex.people.role_names.find(text);
        for hit in lex.kinds.phrases.find(text) {
            if roles.iter().any(|r| r.range.start < hit.range.end && hit.range.start < r.range.end) {
                continue;
            }
            let (kind, weight) = lex.kinds.cues[hit.entry];
            let before = &text[..hit.range.start];
            let words = before.split_whitespace().count() as f64;
            let depth = before.matches('(').count() as i64 - before.matches(')').count() as i64;
            let aside = if depth > 0 { 0.3 } else { 1.0 };
            let s = weight * aside / (1.0 + words / 8.0);
            score[index(kind)] = score[index(kind)].max(s);
            any = true;
        }
    }
    if !any {
        return if coverage { Kind::Support } else { Kind::Session };
    }
    // Ties go to the kind listed first.
    let order = [Kind::Review, Kind::Resource, Kind::Support, Kind::Session];
    let mut best = order[0];
    for k in order {
        if score[index(k)] > score[index(best)] + 1e-9 {
            best = k;
        }
    }
    best
}

fn index(k: Kind) -> usize {
    match k {
        Kind::Review => 0,
        Kind::Resource => 1,
        Kind::Support => 2,
        Kind::Session => 3,
    }
}
