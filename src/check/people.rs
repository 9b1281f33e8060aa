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
use crate::lexicon::people::VAGUE_ANYWHERE;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Deliverer,
    Trainer,
    Supervisor,
    Author,
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
pub fn find(lex: &Lexicon, folded: &str, parts: &[&Part], review: bool) -> PeopleFound {
    let people = &lex.people;
    let cx = &lex.context.people;
    let mut out = PeopleFound::default();
    for part in parts {
        let text = &folded[part.range.clone()];
        let base = part.range.start;
        for hit in people.role_names.find(text) {
            let role = &people.roles[hit.entry];
            let after = &text[hit.range.end..];
            let next_word = after.trim_start().split(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or("");
            if !next_word.is_empty() && role.not_before.iter().any(|w| w == next_word) && !after.starts_with("'s") {
                continue;
            }
            let before = &text[..hit.range.start];
            let before = &before[floor_char(before, before.len().saturating_sub(120))..];
            let context = if review {
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
        for re in people.qual_present.iter().enumerate().filter(|(i, _)| can_match.matched(*i)).map(|(_, re)| re) {
            out.qual_present.extend(re.find_iter(text).map(|m| base + m.start()..base + m.end()));
        }
        for caps in people.trained_suffix.captures_iter(text) {
            let word = caps.get(1).unwrap().as_str();
            if !people.trained_suffix_stop.iter().any(|s| s == word) {
                let m = caps.get(0).unwrap();
                out.qual_present.push(base + m.start()..base + m.end());
            }
        }
        for re in people.qual_vague.iter().enumerate().filter(|(i, _)| can_match.matched(present + i)).map(|(_, re)| re)
        {
            for m in re.find_iter(text) {
                // "RWI-trained TA", "Team Teach trained staff": the word
                // before "trained" names the training.
                if m.as_str().starts_with("trained") {
                    let before = text[..m.start()].trim_end();
                    let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
                    let named = text[..m.start()].ends_with('-')
                        || (!prev.is_empty() && !people.trained_suffix_stop.iter().any(|w| w == prev));
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
    out.qual_present.sort_by_key(|r| r.start);
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
