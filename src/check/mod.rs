//! Analyse one provision: its kind, the four elements (frequency, duration,
//! provider, qualification) and the group, each with its status, words and
//! value, and the hedges in it. What the rules make of that (findings, the
//! verdict) is in `rules/`.
//!
//! The rule book is the evaluation guideline (GUIDELINE.md): a provision is
//! `vague` if a required element is missing or vague, or a hedge governs it.
//!
//! Every match runs on the provision's folded text, read part by part: a
//! frequency column gives the frequency, a review date is not a frequency,
//! and hedge-like words in an outcome or rationale do not hedge the
//! provision.

mod elements;
mod hedges;
mod kind;
mod people;
pub mod signals;

use crate::lexicon::Lexicon;
use crate::text::Folded;
use crate::types::provision::RawProvision;
use crate::types::provision::Role;
use crate::types::{Elements, HedgeEffects, Kind, RuleId};
use std::ops::Range;

/// What a provision states, before any rule has a say.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub kind: Kind,
    pub elements: Elements,
    /// The hedges in it, in the order they stand in the text.
    pub hedges: Vec<HedgeFound>,
}

/// A hedge phrase of the lexicon, found where it governs the provision.
#[derive(Debug, Clone)]
pub struct HedgeFound {
    /// Byte range in the provision's text.
    pub span: Range<usize>,
    /// Index into the lexicon's hedge entries.
    pub entry: usize,
}

/// A part of the provision (a cell or sub-field) in folded coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub role: Role,
    pub range: Range<usize>,
    /// Empty, or only a dash or "n/a".
    pub blank: bool,
}

/// Analyse one provision.
/// `effects` says what a hedge of each rule does to the element it stands
/// in (each hedge rule declares it in its own file).
pub(crate) fn analyse(raw: &RawProvision, lex: &Lexicon, effects: &dyn Fn(RuleId) -> HedgeEffects) -> Analysis {
    let folded = Folded::new(&raw.text);
    let parts: Vec<Part> = if raw.fields.is_empty() {
        vec![Part { role: Role::Description, range: 0..folded.text.len(), blank: lex.context.is_blank(&raw.text) }]
    } else {
        raw.fields
            .iter()
            .map(|f| Part {
                role: f.role,
                range: folded.folded_range(&f.range),
                blank: lex.context.is_blank(raw.field_text(f)),
            })
            .collect()
    };
    // The hedges first: a condition in the cell that says how often, or a
    // decision put off in the cell that says who, leaves that element open.
    let found = hedges::find(lex, &raw.text, &folded, &parts);
    let mut ctx = elements::Context::new(raw, &folded, &parts, lex, &found, effects);
    let kind = ctx.kind();
    let elements = ctx.elements(kind);
    let hedges = found.into_iter().map(|h| HedgeFound { span: folded.original(h.range), entry: h.entry }).collect();
    Analysis { kind, elements, hedges }
}
