//! Decide a provision's kind from cue words in its description.

use super::Part;
use crate::lexicon::Lexicon;
use crate::types::Kind;

/// What the rest of the provision says that bears on its kind.
#[derive(Clone, Copy)]
pub(crate) struct Clues<'a> {
    /// A coverage schedule ("throughout the school day") is stated.
    pub coverage: bool,
    /// Where a permission is given to the child ("Gwen may ask …").
    pub permission: Option<usize>,
    /// Where a part says the learner does it on their own: the start of the
    /// part and of the phrase ([`learner_alone`]).
    pub alone: Option<(usize, usize)>,
    /// The hedges' extents: cue words inside one are not cues.
    pub hedged: &'a [std::ops::Range<usize>],
    /// Its provider's cell says no one delivers it.
    pub nobody: bool,
}

/// The kind of the strongest cue word: earlier words weigh more (the head of
/// a description names the thing: "Pencil grip and angled writing board for
/// all written work"), words in brackets less (an aside: "Fine motor
/// programme (pencil grip, scissor skills)"), and words inside a role's
/// name ("specialist literacy teacher") not at all.
///
/// A permission given to the child ("Gwen may ask for instructions to be
/// repeated"), at `permission`, is an adjustment the child uses: a resource
/// cue as strong as the strongest, weighed by where it stands like any cue.
/// So is the learner working on their own (`alone`: the start of its part
/// and where it stands, from [`learner_alone`]).
/// A provision with no cue that no one delivers (`nobody`: its provider's
/// cell says none, and no one is named in it) is a thing the child has or
/// uses.
pub(crate) fn classify(lex: &Lexicon, folded: &str, description: &[&Part], clues: &Clues) -> Kind {
    let Clues { coverage, permission, alone, hedged, nobody } = *clues;
    let cx = &lex.context.kinds;
    let mut score = [0.0f64; 4];
    let mut any = false;
    // Not when the reader's training is stated: that is an adult's job
    // (labelled support), not the arrangement alone.
    let words = || folded.split(|c: char| !c.is_alphanumeric());
    let about_exams = words().any(|w| cx.exam_occasions.iter().any(|e| e == w))
        && !words().any(|w| cx.training_stems.iter().any(|t| w.starts_with(t.as_str())));
    for part in description {
        // The head of a description names the thing; reading only its first
        // few hundred bytes keeps this linear however long a provision is.
        let mut end = part.range.end.min(part.range.start + HEAD_BYTES);
        while !folded.is_char_boundary(end) {
            end -= 1;
        }
        let text = &folded[part.range.start..end];
        let roles = super::people::roles_in(lex, text);
        for hit in lex.kinds.phrases.find(text) {
            // "Sesiynau ffisiotherapi yn dibynnu ar asesiad y bwrdd iechyd":
            // words inside a hedge say what the provision waits on, not
            // what it is. (A cue that is the whole hedge, "access to",
            // still counts.)
            // "Pen-y-bont ar Ogwr", "Ysgol Pen-y-waun": a cue word that
            // opens a hyphenated name is part of the name.
            let mut next = text[hit.range.end..].chars();
            if next.next() == Some('-')
                && next.next().is_some_and(char::is_alphabetic)
                && !text[hit.range.clone()].contains('-')
            {
                continue;
            }
            let at = part.range.start + hit.range.start..part.range.start + hit.range.end;
            if hedged.iter().any(|h| h.start <= at.start && at.end <= h.end && *h != at) {
                continue;
            }
            let inside_role = roles
                .iter()
                .any(|r| r.range.start < hit.range.end && hit.range.start < r.range.end && r.range != hit.range);
            if inside_role {
                continue;
            }
            // "… o Hyfforddiant: Makaton Lefel 1": a field's label inside the
            // text, not a cue (a label that opens it, "Staff training: …",
            // names the provision).
            if text[hit.range.end..].trim_start_matches(' ').starts_with(':')
                && text[..hit.range.start].split_whitespace().count() > 3
            {
                continue;
            }
            let (mut kind, mut weight) = lex.kinds.cues[hit.entry];
            let before = &text[..hit.range.start];
            // "Reader and a separate room for tests and exams": an exam
            // access arrangement.
            if kind == Kind::Support && cx.exam_helpers.iter().any(|w| *w == text[hit.range.clone()]) && about_exams {
                kind = Kind::Resource;
            }
            if kind == Kind::Session
                && cx.training_words.iter().any(|w| *w == text[hit.range.clone()])
                && (learners_are_adults(&cx.adults, clause_around(text, hit.range.clone()))
                    || cx.training_for_adults.is_match(&text[hit.range.start..]))
            {
                (kind, weight) = (Kind::Review, 3.0);
            }
            // "Cyfarfodydd cynnydd un-i-un gyda'r tiwtor": a meeting held
            // one to one with the learner is timed contact, a session.
            if kind == Kind::Review
                && cx.meeting_words.iter().any(|w| *w == text[hit.range.clone()])
                && one_to_one(&cx.one_to_one, clause_around(text, hit.range.clone()))
            {
                (kind, weight) = (Kind::Session, 3.0);
            }
            // "in class tests and end-of-unit assessments": when, not an
            // assessment of the child.
            if kind == Kind::Review
                && cx.when_before.is_match(before)
                && cx.exam_words.iter().any(|w| *w == text[hit.range.clone()])
            {
                continue;
            }
            // "support in practical workshop sessions": the cue names the
            // sessions the support happens in; "pictures throughout the
            // session", "drwy'r sesiwn": the cue is that occasion.
            if cx.when_before.is_match(before)
                && (next_word_in(&text[hit.range.end..], &cx.occasion_words)
                    || cx.occasion_words.iter().any(|w| *w == text[hit.range.clone()]))
            {
                continue;
            }
            let s = weight * weigh(before) * modified(&cx.modifier_words, before);
            // A phrase of weight 0 is a name holding a cue's word ("Bwrdd
            // Iechyd", the health board, is not a board): no cue at all.
            if s > 0.0 {
                score[index(kind)] = score[index(kind)].max(s);
                any = true;
            }
        }
    }
    if let Some(at) = permission
        && let Some(part) = description.iter().find(|p| p.range.start <= at && at < p.range.end)
    {
        let before = &folded[part.range.start..at];
        let s = PERMISSION_WEIGHT * weigh(before);
        score[index(Kind::Resource)] = score[index(Kind::Resource)].max(s);
        any = true;
    }
    // The learner on their own: as strong as a permission, weighed by where
    // it stands in its own part (a provider's cell saying "Kacper works
    // independently" counts from that cell's start).
    if let Some((part_start, at)) = alone {
        let s = PERMISSION_WEIGHT * weigh(&folded[part_start..at]);
        score[index(Kind::Resource)] = score[index(Kind::Resource)].max(s);
        any = true;
    }
    if !any {
        return if nobody {
            Kind::Resource
        } else if coverage {
            Kind::Support
        } else {
            Kind::Session
        };
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

const HEAD_BYTES: usize = 600;

/// As strong as the strongest cue (a review's).
const PERMISSION_WEIGHT: f64 = 3.0;

/// How much a cue counts, from the words before it in its part: less the
/// later it stands, in a later clause, or in brackets.
fn weigh(before: &str) -> f64 {
    let words = before.split_whitespace().count() as f64;
    let depth = before.matches('(').count() as i64 - before.matches(')').count() as i64;
    let aside = if depth > 0 { 0.3 } else { 1.0 };
    let clauses = before.matches([',', ';']).count() + before.matches(" then ").count();
    let later = 0.75f64.powi(clauses.min(4) as i32);
    aside * later / (1.0 + words / 8.0)
}

/// Is the next word of `after` one of `words`?
fn next_word_in(after: &str, words: &[String]) -> bool {
    let next = after.split_whitespace().next().unwrap_or("");
    let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    words.iter().any(|w| w == next)
}

/// Less for a cue inside a phrase after the head ("Homework club with a
/// laptop"): one of `modifier_words` stands before it in its clause, with
/// at least one word before that.
fn modified(modifiers: &[String], before: &str) -> f64 {
    let clause = before.rsplit([',', ';', '|', '.', ':']).next().unwrap_or(before);
    let words: Vec<&str> = clause.split_whitespace().collect();
    if words.iter().skip(1).any(|w| modifiers.iter().any(|m| m == w)) { 0.5 } else { 1.0 }
}

/// The clause a cue stands in, at most a dozen words either side: who a
/// training is for is said there ("Makaton training for all nursery class
/// staff", "Centre staff will receive further training"), not in a later
/// field ("… | Training: Makaton Level 1 (all staff)").
fn clause_around(text: &str, cue: std::ops::Range<usize>) -> &str {
    const STOPS: [char; 5] = ['.', ';', '|', ':', '\n'];
    const WORDS: usize = 12;
    let before = &text[..cue.start];
    let mut start = before.rfind(STOPS).map_or(0, |i| i + 1);
    if let Some((i, _)) = before[start..].rmatch_indices(' ').nth(WORDS) {
        start += i;
    }
    let after = &text[cue.end..];
    let mut end = after.find(STOPS).unwrap_or(after.len());
    if let Some((i, _)) = after[..end].match_indices(' ').nth(WORDS) {
        end = i;
    }
    &text[start..cue.end + end]
}

/// The clause says the contact is one to one ("1:1", "un-i-un").
fn one_to_one(markers: &[String], clause: &str) -> bool {
    markers.iter().any(|m| {
        clause.match_indices(m.as_str()).any(|(i, _)| {
            let end = i + m.len();
            clause[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                && clause[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// The people being trained are staff or parents, not the child.
fn learners_are_adults(adults: &[String], text: &str) -> bool {
    let is_adult = |w: &str| adults.iter().any(|a| a == w);
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| is_adult(w[0]) || is_adult(&format!("{} {}", w[0], w[1])))
        || text.split_whitespace().last().is_some_and(|w| is_adult(w.trim_matches(|c: char| !c.is_alphanumeric())))
}

fn index(k: Kind) -> usize {
    match k {
        Kind::Review => 0,
        Kind::Resource => 1,
        Kind::Support => 2,
        Kind::Session => 3,
    }
}

/// Where a part says the learner does it on their own ("works
/// independently", "on her own", "yn annibynnol"): the start of that part
/// and of the phrase. Not "on his own laptop" (a noun follows) and not a
/// goal ("able to read independently": a goal word earlier in its clause).
pub(crate) fn learner_alone(lex: &Lexicon, folded: &str, parts: &[&Part]) -> Option<(usize, usize)> {
    let cx = &lex.context.kinds;
    for part in parts {
        // Only a part's head: the phrase says how the thing is done.
        let mut end = part.range.end.min(part.range.start + HEAD_BYTES);
        while !folded.is_char_boundary(end) {
            end -= 1;
        }
        let text = &folded[part.range.start..end];
        for phrase in &cx.alone_words {
            for (i, _) in text.match_indices(phrase.as_str()) {
                let after = &text[i + phrase.len()..];
                let bounded = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                    && after.chars().next().is_none_or(|c| !c.is_alphanumeric());
                if !bounded {
                    continue;
                }
                let next = after.trim_start_matches(' ');
                let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
                if !next_word.is_empty() && !cx.alone_followers.contains(&next_word) {
                    continue;
                }
                let clause = text[..i].rsplit(['.', ';', ',', '|', ':', '(']).next().unwrap_or("");
                let goal = clause
                    .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
                    .any(|w| cx.alone_goal_words.iter().any(|g| g == w));
                if !goal {
                    return Some((part.range.start, part.range.start + i));
                }
            }
        }
    }
    None
}
