//! Find hedges: lexicon phrases and patterns, minus their context exceptions.

use super::Part;
use crate::lexicon::Lexicon;
use crate::lexicon::context::People;
use crate::types::provision::Role;
use std::ops::Range;

#[derive(Debug, Clone)]
pub(crate) struct HedgeHit {
    /// Folded byte range.
    pub range: Range<usize>,
    /// Index into the lexicon's hedge entries.
    pub entry: usize,
}

pub fn find(lex: &Lexicon, original: &str, folded: &crate::text::Folded, parts: &[Part]) -> Vec<HedgeHit> {
    let text = folded.text.as_str();
    let mut hits: Vec<HedgeHit> =
        lex.hedges.phrases.find(text).into_iter().map(|h| HedgeHit { range: h.range, entry: h.entry }).collect();
    for (re, entry) in lex.hedges.patterns_for(text) {
        hits.extend(re.find_iter(text).map(|m| HedgeHit { range: m.start()..m.end(), entry: *entry }));
    }
    // Longest first at each start; drop hits inside a longer one (and
    // duplicates of the same words), in one sweep.
    crate::sort::sort_by(&mut hits, |a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
    let mut kept: Vec<HedgeHit> = Vec::with_capacity(hits.len());
    let mut reach = 0usize;
    for h in hits {
        if !kept.is_empty() && h.range.end <= reach {
            continue;
        }
        reach = reach.max(h.range.end);
        kept.push(h);
    }
    kept.retain(|h| {
        let entry = &lex.hedges.entries[h.entry];
        let Some(part) = parts.iter().find(|p| p.range.start <= h.range.start && h.range.end <= p.range.end) else {
            return false;
        };
        let in_scope =
            part.role.is_provision() || (entry.in_dates && (part.role.is_date() || part.role == Role::Welsh));
        if !in_scope || (entry.group_cap_ok && part.role == Role::Group) {
            return false;
        }
        if in_replaced_wording(
            &lex.context.asides.replaced_openings,
            &text[part.range.clone()],
            h.range.start - part.range.start,
        ) {
            return false;
        }
        let window = window(text, part.range.clone(), h.range.clone());
        let excepted = entry.except.iter().any(|re| {
            re.find_iter(&text[window.clone()])
                .any(|m| window.start + m.start() <= h.range.start && h.range.end <= window.start + m.end())
        });
        if excepted {
            return false;
        }
        if entry.child_subject_ok {
            let cx = &lex.context.people;
            let child = if entry.lang == "cy" {
                child_follows(cx, original, folded, part.range.clone(), h.range.clone())
            } else {
                child_is_subject(cx, original, folded, part.range.clone(), h.range.clone())
            };
            if child {
                return false;
            }
        }
        let matched = &text[h.range.clone()];
        !lex.allow.iter().any(|a| {
            a == matched
                || text[window.clone()].match_indices(a.as_str()).any(|(i, _)| {
                    let s = window.start + i;
                    s <= h.range.start && h.range.end <= s + a.len()
                })
        })
    });
    kept
}

/// Is byte `at` of `part` inside brackets that quote the wording a review
/// replaced ("(Was: every half term, as needed.)")?
fn in_replaced_wording(openings: &[String], part: &str, at: usize) -> bool {
    let before = &part[..at];
    let Some(open) = before.rfind('(') else { return false };
    if before[open..].contains(')') {
        return false;
    }
    let inside = before[open + 1..].trim_start();
    openings.iter().any(|o| {
        inside.strip_prefix(o.as_str()).is_some_and(|rest| rest.starts_with([':', ' ', ',']) || rest.is_empty())
    })
}

/// Where, in this part, the child is given a permission ("Gwen may ask …",
/// "Caiff Deio adael …"): the start of the first such word, in folded
/// coordinates. The same test as for "may" as a hedge: the child is the
/// subject, and the verb is not passive or a guess at a need.
pub(crate) fn child_permission(
    lex: &Lexicon,
    original: &str,
    folded: &crate::text::Folded,
    part: Range<usize>,
) -> Option<usize> {
    let text = folded.text.as_str();
    let cx = &lex.context.people;
    let kinds = &lex.context.kinds;
    let words =
        kinds.permission_words.iter().map(|w| (w, false)).chain(kinds.permission_words_cy.iter().map(|w| (w, true)));
    let mut first: Option<usize> = None;
    for (word, welsh) in words {
        for (i, _) in text[part.clone()].match_indices(word.as_str()) {
            let start = part.start + i;
            let end = start + word.len();
            let bounded = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                && text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '\'');
            if !bounded || first.is_some_and(|f| f <= start) {
                continue;
            }
            let child = if welsh {
                child_follows(cx, original, folded, part.clone(), start..end)
            } else {
                child_is_subject(cx, original, folded, part.clone(), start..end)
            };
            if child {
                first = Some(start);
                break;
            }
        }
    }
    first
}

/// The folded text around a hit, within its part, for context exceptions.
fn window(text: &str, part: Range<usize>, hit: Range<usize>) -> Range<usize> {
    let mut s = hit.start.saturating_sub(60).max(part.start);
    let mut e = (hit.end + 60).min(part.end);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

/// The length of the char at byte `i` (a separator before a word need not
/// be one byte: U+FFFD from a bad byte is three; found by fuzzing).
fn char_len(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(1, char::len_utf8)
}

/// "Mali may use her fan": the child is the subject of "may" (a named
/// person, capitalised in the original, or he/she/they) and the verb is not
/// passive ("may be given" is the school's discretion).
fn child_is_subject(
    cx: &People,
    original: &str,
    folded: &crate::text::Folded,
    part: Range<usize>,
    hit: Range<usize>,
) -> bool {
    let text = folded.text.as_str();
    let after = text[hit.end..part.end].trim_start();
    if after.starts_with("be ") || after.starts_with("not ") {
        return false;
    }
    // "Kieran may need support": a guess about the child's needs, which
    // leaves the provision open, not a permission.
    if cx
        .not_permission_verbs
        .iter()
        .any(|v| after.starts_with(v.as_str()) && after[v.len()..].starts_with([' ', ',', '.']))
    {
        return false;
    }
    let before = text[part.start..hit.start].trim_end();
    let Some(word_start) = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|i| i + char_len(before, i))
        .or(Some(0))
    else {
        return false;
    };
    let word = &before[word_start..];
    if word.is_empty() || cx.staff_subjects.iter().any(|w| w == word) {
        return false;
    }
    // "Mrs Jones may offer…": a titled name is staff, not the child.
    if cx.named_person.find_iter(before).any(|m| m.end() == before.len()) {
        return false;
    }
    if cx.child_subjects.iter().any(|w| w == word) {
        return true;
    }
    // A capitalised name in the original text, not at the start of a sentence
    // where "The" or "Staff" would also be capitalised.
    let orig = folded.original(part.start + word_start..part.start + word_start + word.len());
    let orig_word = &original[orig];
    orig_word.chars().next().is_some_and(char::is_uppercase) && !orig_word.chars().all(|c| c.is_uppercase())
}

/// Welsh puts the subject after the verb: "Gall Osian ddefnyddio ei
/// gardiau" (Osian may use his cards) is the child's permission; "Gall y
/// staff…" or "Gall sesiynau gael eu cynnig" is the school's discretion.
fn child_follows(
    cx: &People,
    original: &str,
    folded: &crate::text::Folded,
    part: Range<usize>,
    hit: Range<usize>,
) -> bool {
    let text = folded.text.as_str();
    let after = &text[hit.end..part.end];
    let trimmed = after.trim_start();
    let start = hit.end + (after.len() - trimmed.len());
    let word: &str = trimmed.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-')).next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    if cx.child_subjects_cy.iter().any(|w| w == word) {
        return true;
    }
    let orig = folded.original(start..start + word.len());
    let orig_word = &original[orig];
    orig_word.chars().next().is_some_and(char::is_uppercase) && !orig_word.chars().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::in_replaced_wording;

    #[test]
    fn a_hedge_in_the_wording_a_review_replaced_is_not_the_provisions() {
        let openings = ["was".to_string(), "cynt".to_string()];
        let t = "45 minutes every fortnight. (was: every half term, as needed.)";
        assert!(in_replaced_wording(&openings, t, t.find("as needed").unwrap()));
        let t = "45 minutes every fortnight (as needed, was weekly)";
        assert!(!in_replaced_wording(&openings, t, t.find("as needed").unwrap()));
        let t = "(was: weekly) then as needed";
        assert!(!in_replaced_wording(&openings, t, t.find("as needed").unwrap()));
    }
}
