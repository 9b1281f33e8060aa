//! Who delivers the provision, and with what training.
//!
//! A role named in a provision is not always its deliverer: in "TA trained
//! by the SaLT" the SaLT is the trainer, in "programme written by the
//! physiotherapist, carried out by her TA" the physiotherapist is the author,
//! in "supervised by the educational psychologist" the psychologist is the
//! supervisor. Each mention is classed by its context, so the deliverer is
//! found and training by a professional counts towards the qualification.

use super::Part;
use crate::lexicon::Lexicon;
use crate::lexicon::people::{HeadKind, VAGUE_ANYWHERE};
use std::ops::Range;

/// A role named in a text: a listed role's name, a post named by its title
/// (a head noun and its modifiers), or a person named with a title ("Mrs
/// Lloyd"). `role` indexes the lexicon's roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleHit {
    pub range: Range<usize>,
    pub role: usize,
}

/// Every role named in `text` (folded), in order, none overlapping another.
/// A listed name wins over a head found in the same words. One pass of each
/// automaton, and each head looks back at most a few words: linear.
pub(crate) fn roles_in(lex: &Lexicon, text: &str) -> Vec<RoleHit> {
    let people = &lex.people;
    let mut out: Vec<RoleHit> =
        people.role_names.find(text).into_iter().map(|h| RoleHit { range: h.range, role: h.entry }).collect();
    let Some(post) = people.heads.role else { return out };
    let listed = out.clone();
    let overlaps = |r: &Range<usize>| listed.iter().any(|l| l.range.start < r.end && r.start < l.range.end);
    for hit in people.heads.names.find(text) {
        if overlaps(&hit.range) {
            continue;
        }
        let range = match people.heads.kinds[hit.entry] {
            HeadKind::English | HeadKind::EnglishModified => {
                let (start, modifiers, first) = modifiers_before(&people.heads.not_modifiers, text, hit.range.start);
                // "a Year 13 peer mentor" is a pupil, not a post.
                if first.is_some_and(|w| people.heads.not_staff.iter().any(|n| n == w)) {
                    continue;
                }
                if modifiers == 0 && people.heads.kinds[hit.entry] == HeadKind::EnglishModified {
                    continue;
                }
                start..hit.range.end
            }
            HeadKind::EnglishOf => {
                // "Head of Year 10", "Head of the SRB": what the post heads follows.
                let rest = &text[hit.range.end..];
                let after = rest.trim_start().strip_prefix("the ").unwrap_or(rest.trim_start());
                let word = after.split(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or("");
                if word.is_empty() {
                    continue;
                }
                let end = text.len() - after.len() + word.len();
                hit.range.start..end
            }
            HeadKind::Welsh => {
                if previous_word(text, hit.range.start).is_some_and(|w| people.heads.not_staff.iter().any(|n| n == w)) {
                    continue;
                }
                hit.range.clone()
            }
        };
        if !overlaps(&range) {
            out.push(RoleHit { range, role: post });
        }
    }
    // "Mr Rhys Lewis": a named person says exactly who.
    for m in lex.context.people.named_person.find_iter(text) {
        let r = m.start()..m.end();
        // "so that he does not miss lessons": the verb, not a name.
        if text[r.clone()].starts_with("miss")
            && previous_word(text, r.start).is_some_and(|w| matches!(w, "not" | "to" | "will" | "never" | "may"))
        {
            continue;
        }
        if !out.iter().any(|o| o.range.start < r.end && r.start < o.range.end) {
            out.push(RoleHit { range: r, role: post });
        }
    }
    crate::sort::sort_by_key(&mut out, |h| h.range.start);
    out
}

/// How many words before `at` modify a head ("Year 5 teaching" before
/// "assistant"), at most three, stopping at punctuation and at words that
/// never modify one: where the title starts, how many, and the word just
/// before the head.
fn modifiers_before<'t>(stops: &[String], text: &'t str, at: usize) -> (usize, usize, Option<&'t str>) {
    let mut start = at;
    let mut count = 0;
    let mut first = None;
    while count < 3 {
        let before = &text[..start];
        let trimmed = before.trim_end_matches(' ');
        if trimmed.len() == before.len() {
            break;
        }
        let word_start = trimmed
            .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '&'))
            .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
        let word = &trimmed[word_start..];
        if word.is_empty() || stops.iter().any(|s| s == word) {
            break;
        }
        if first.is_none() {
            first = Some(word);
        }
        start = word_start;
        count += 1;
    }
    (start, count, first)
}

/// The word just before `at`, if only spaces stand between.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let trimmed = text[..at].trim_end_matches(' ');
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
    let w = &trimmed[start..];
    (!w.is_empty()).then_some(w)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Deliverer,
    Trainer,
    Supervisor,
    Author,
    /// Decides whether or how much: "at the discretion of the head",
    /// "i'w benderfynu gan y pennaeth".
    Decider,
}

#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub range: Range<usize>,
    pub role: usize,
    pub context: Context,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PeopleFound {
    pub roles: Vec<Mention>,
    /// Vague names standing as the deliverer ("an adult", "school staff").
    pub vague: Vec<Range<usize>>,
    pub qual_present: Vec<Range<usize>>,
    pub qual_vague: Vec<Range<usize>>,
}

/// Find role mentions, vague deliverers and qualification statements in the
/// given parts of the folded text.
/// `deciding` holds where each hedge that hands the decision to someone
/// ends ("at the discretion of"): a role named just after one decides, it
/// does not deliver.
pub fn find(lex: &Lexicon, folded: &str, parts: &[&Part], review: bool, deciding: &[usize]) -> PeopleFound {
    let people = &lex.people;
    let cx = &lex.context.people;
    let mut out = PeopleFound::default();
    for part in parts {
        let text = &folded[part.range.clone()];
        let base = part.range.start;
        for hit in roles_in(lex, text) {
            let hit = crate::lexicon::phrases::PhraseHit { range: hit.range, entry: hit.role };
            let role = &people.roles[hit.entry];
            let after = &text[hit.range.end..];
            let next_word = after.trim_start().split(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or("");
            if !next_word.is_empty() && role.not_before.iter().any(|w| w == next_word) && !after.starts_with("'s") {
                continue;
            }
            let before = &text[..hit.range.start];
            let before = &before[floor_char(before, before.len().saturating_sub(120))..];
            let decides = deciding.iter().any(|&end| {
                let start = base + hit.range.start;
                end <= start && start - end <= 12 && {
                    let between = &folded[end..start];
                    between.split_whitespace().all(|w| cx.decider_links.iter().any(|l| l == w))
                }
            });
            let context = if decides {
                Context::Decider
            } else if review {
                Context::Deliverer
            } else if cx.owner_after.is_match(after)
                || cx.author_before.is_match(before)
                || cx.author_after.is_match(after)
            {
                Context::Author
            } else if cx.trainer.find(before).is_some_and(|m| {
                // "TA trained by the SaLT": the SaLT trains. "Mobility training
                // from a habilitation specialist": the training is the
                // provision, and the specialist gives it, unless someone
                // else was named first ("a TA who has had training from the EP").
                m.as_str().starts_with("trained")
                    || out.roles.iter().any(|r| r.range.start < base + m.start() && r.range.start >= base)
            }) {
                Context::Trainer
            } else if cx.supervisor.is_match(before) && role.regulated {
                Context::Supervisor
            } else if part.role == crate::types::provision::Role::Qualification {
                // A training column says who trained or supervises the
                // deliverer ("Following the written programme of the OT"),
                // unless it opens with who delivers and then their training
                // ("Goruchwyliwr amser cinio, Mrs Rowlands; hyfforddiant …").
                if role.regulated {
                    Context::Supervisor
                } else if before.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() {
                    Context::Deliverer
                } else {
                    Context::Trainer
                }
            } else {
                Context::Deliverer
            };
            out.roles.push(Mention { range: base + hit.range.start..base + hit.range.end, role: hit.entry, context });
        }
        if let Some(m) = cx.named_staff_group.find(text) {
            let idx = people.roles.iter().position(|r| r.label == "teacher").unwrap_or(0);
            out.roles.push(Mention { range: base + m.start()..base + m.end(), role: idx, context: Context::Deliverer });
        }
        for hit in people.vague_names.find(text) {
            let overlaps_role =
                out.roles.iter().any(|m| m.range.start < base + hit.range.end && base + hit.range.start < m.range.end);
            // "the school's Mental Health Lead": the school owns the post, it
            // is not the deliverer.
            if overlaps_role || text[hit.range.end..].starts_with("'s ") {
                continue;
            }
            let positional_ok = part.role == crate::types::provision::Role::Provider
                || cx.deliverer_before.is_match(&text[..hit.range.start])
                || (at_clause_start(text, hit.range.start) && cx.subject_after.is_match(&text[hit.range.end..]));
            if hit.entry == VAGUE_ANYWHERE || positional_ok {
                out.vague.push(base + hit.range.start..base + hit.range.end);
            }
        }
        let can_match = people.qual_set.matches(text);
        let present = people.qual_present.len();
        for re in people.qual_present.iter().enumerate().filter(|(i, _)| can_match[*i]).map(|(_, re)| re) {
            out.qual_present.extend(re.find_iter(text).map(|m| base + m.start()..base + m.end()));
        }
        for caps in people.trained_suffix.captures_iter(text) {
            let word = caps.get(1).unwrap().as_str();
            if !people.trained_suffix_stop.iter().any(|s| s == word) {
                let m = caps.get(0).unwrap();
                out.qual_present.push(base + m.start()..base + m.end());
            }
        }
        // "Level 3" counts where the part names someone ("Level 3 TA",
        // "Mr Rhys Lewis (Level 3)"), not in what is delivered ("Talkabout
        // (Level 1: body language)").
        let names_someone = part.role == crate::types::provision::Role::Qualification
            || out.roles.iter().any(|m| base <= m.range.start && m.range.end <= base + text.len());
        let vague_count = people.qual_vague.len();
        if names_someone {
            for (i, re) in people.qual_beside_person.iter().enumerate() {
                if can_match[present + vague_count + i] {
                    out.qual_present.extend(re.find_iter(text).map(|m| base + m.start()..base + m.end()));
                }
            }
        }
        for re in people.qual_vague.iter().enumerate().filter(|(i, _)| can_match[present + i]).map(|(_, re)| re) {
            for m in re.find_iter(text) {
                // "RWI-trained TA", "Team Teach trained staff": the word
                // before "trained" names the training.
                if m.as_str().starts_with("trained") {
                    let before = text[..m.start()].trim_end();
                    let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
                    // "the Year 3 teaching assistant, trained, …": a word
                    // closed by punctuation names no training.
                    let closed = prev.ends_with(|c: char| !(c.is_alphanumeric() || c == '-'));
                    let named = text[..m.start()].ends_with('-')
                        || (!prev.is_empty() && !closed && !people.trained_suffix_stop.iter().any(|w| w == prev));
                    if named {
                        continue;
                    }
                }
                out.qual_vague.push(base + m.start()..base + m.end());
            }
        }
    }
    // "with relevant training": the vague reading of the same words wins.
    let vague = out.qual_vague.clone();
    out.qual_present.retain(|p| !vague.iter().any(|v| v.start < p.end && p.start < v.end));
    crate::sort::sort_by_key(&mut out.qual_present, |r| r.start);
    out
}

fn at_clause_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.is_empty() || before.ends_with(['.', ';', ':', '|', '(', '-'])
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
