//! A suggested rewrite of a vague provision: what a parent can ask the
//! school to write instead.
//!
//! The rewrite keeps every element the provision already states, drops the
//! hedges, and puts a clear placeholder in square brackets for what is
//! missing or vague: "[number] times a week", "[a speech and language
//! therapist]". It never invents a number. The credential a role should
//! hold comes from the lexicon (`roles.toml`).
//!
//! A rewrite is written in one language, English or Welsh ([`rewrite_in`]):
//! from a provision that says the same in both ("Three times a week Tair
//! gwaith yr wythnos") it takes the half in that language; its placeholders
//! and joining words are that language's (`lexicon/rewrite.toml`); a
//! Welsh hedge dropped from before a mutated word leaves the word in its
//! radical form, or keeps the word that mutated it. Its shape follows the
//! provision's kind: a session or support gets how often, how long, who
//! and what training; a one-off event a date and who; a resource when and
//! where; a review who and by when. A trainer is suggested only where the
//! provision names what that trainer delivers.

use crate::language::Lang;
use crate::lexicon::Lexicon;
use crate::types::provision::RawProvision;
use crate::types::provision::Role;
use crate::types::report::Rewrite;
use crate::types::{Checked, ElementName, Finding, FindingKind, Kind, Status};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

const REWRITE_TOML: &str = crate::builtin::builtin!("lexicon/rewrite.toml");

/// One language's words for a rewrite.
#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(Debug))]
pub(crate) struct Words {
    pub frequency_session: String,
    pub frequency_support: String,
    pub frequency_resource: String,
    pub frequency_review: String,
    pub frequency_event: String,
    pub duration_session: String,
    pub duration_support: String,
    pub duration_resource: String,
    pub provider: String,
    pub provider_in_place: String,
    pub provider_suggested: String,
    pub provider_by: String,
    pub qualification: String,
    pub trained_in: String,
    pub trained_in_approach: String,
    pub trained_by: String,
    pub group_size: String,
    pub group: String,
    pub amount: String,
    pub fixed_date: String,
    #[serde(default)]
    pub credentials: HashMap<String, String>,
}

crate::builtin::from_value!(kebab Words {
    frequency_session,
    frequency_support,
    frequency_resource,
    frequency_review,
    frequency_event,
    duration_session,
    duration_support,
    duration_resource,
    provider,
    provider_in_place,
    provider_suggested,
    provider_by,
    qualification,
    trained_in,
    trained_in_approach,
    trained_by,
    group_size,
    group,
    amount,
    fixed_date,
    credentials = HashMap::new,
});

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(Debug))]
pub(crate) struct WordsFile {
    pub event_words: Vec<String>,
    pub en: Words,
    pub cy: Words,
}

crate::builtin::from_value!(kebab WordsFile { event_words, en, cy });

/// The rewrite words, compiled in (a test parses them).
pub(crate) static WORDS: LazyLock<WordsFile> = LazyLock::new(|| crate::builtin::read(REWRITE_TOML).unwrap_or_default());

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &WORDS.en,
        Lang::Cy => &WORDS.cy,
    }
}

/// The Welsh placeholders and joining words a rewrite can write, for the
/// dictionary test.
pub fn welsh_words() -> Vec<String> {
    let w = &WORDS.cy;
    let mut out = vec![
        w.frequency_session.clone(),
        w.frequency_support.clone(),
        w.frequency_resource.clone(),
        w.frequency_review.clone(),
        w.frequency_event.clone(),
        w.duration_session.clone(),
        w.duration_support.clone(),
        w.duration_resource.clone(),
        w.provider.clone(),
        w.provider_in_place.clone(),
        w.provider_suggested.clone(),
        w.provider_by.clone(),
        w.qualification.clone(),
        w.trained_in.clone(),
        w.trained_in_approach.clone(),
        w.trained_by.clone(),
        w.group_size.clone(),
        w.group.clone(),
        w.amount.clone(),
        w.fixed_date.clone(),
    ];
    out.extend(w.credentials.values().cloned());
    out.extend(WELSH_PER.iter().map(|(_, w)| w.to_string()));
    out
}

/// The longest provision given a suggested rewrite.
pub(crate) const MAX_BYTES: usize = 8_000;

/// One change to the provision's text: replace `range` (possibly empty: an
/// insertion) with `with`.
#[derive(Debug, Clone)]
struct Edit {
    range: Range<usize>,
    with: String,
    /// Element replacements win over hedge deletions they overlap.
    strength: u8,
}

/// Suggest a specified and quantified wording for a provision, in the
/// provision's own language (English for one written in both).
pub fn rewrite(raw: &RawProvision, c: &Checked, lex: &Lexicon) -> Rewrite {
    rewrite_in(raw, c, lex, own_language(raw))
}

/// The language a provision is written in: Welsh when most of its marked
/// words are, English otherwise (and for one written in both).
pub fn own_language(raw: &RawProvision) -> Lang {
    let m = crate::language::mix(&raw.text);
    if m.cy > m.en * 2 { Lang::Cy } else { Lang::En }
}

/// What a rewrite works from: the provision, the part of each field in the
/// rewrite's language, and that language.
struct Ctx<'a> {
    raw: &'a RawProvision,
    lang: Lang,
    /// Per field (or the whole text when there are no fields), the byte
    /// range of its part in `lang`.
    sel: Vec<Range<usize>>,
    /// The provision is in the other language only (an English plan, a
    /// Welsh rewrite): its own words are kept for what it is, and what it
    /// states is written from the values.
    cross: bool,
}

impl<'a> Ctx<'a> {
    fn new(raw: &'a RawProvision, lang: Lang) -> Self {
        let parts: Vec<Range<usize>> = if raw.fields.is_empty() {
            std::iter::once(0..raw.text.len()).collect()
        } else {
            raw.fields.iter().map(|f| f.range.clone()).collect()
        };
        let sel: Vec<Range<usize>> = parts
            .iter()
            .map(|r| {
                let p = crate::language::part_in(&raw.text[r.clone()], lang);
                r.start + p.start..r.start + p.end
            })
            .collect();
        let mut m = crate::language::Mix::default();
        for r in &sel {
            let x = crate::language::mix(&raw.text[r.clone()]);
            m.en += x.en;
            m.cy += x.cy;
        }
        let cross = m.lang().is_some_and(|l| l != lang);
        Ctx { raw, lang, sel, cross }
    }

    /// The field index whose selected part holds `span`.
    fn selected(&self, span: &Range<usize>) -> Option<usize> {
        self.sel.iter().position(|r| r.start <= span.start && span.end <= r.end)
    }

    /// The field (or whole text) holding `span`.
    fn field_of(&self, span: &Range<usize>) -> Option<usize> {
        if self.raw.fields.is_empty() {
            return Some(0);
        }
        self.raw.fields.iter().position(|f| f.range.start <= span.start && span.end <= f.range.end)
    }

    /// The words cover a whole field, or a whole half of one written in two
    /// languages: the field's index.
    fn fills(&self, span: &Range<usize>) -> Option<usize> {
        if self.raw.fields.len() <= 1 {
            // One part: only a whole half of a bilingual text counts.
            let t = &self.raw.text;
            let [a, b] = crate::language::twins(t)?;
            return [a.range, b.range].iter().any(|h| covers(h, span)).then_some(0);
        }
        let i = self.field_of(span)?;
        let f = &self.raw.fields[i];
        let t = &self.raw.text[f.range.clone()];
        let lead = t.len() - t.trim_start().len();
        let whole = f.range.start + lead..f.range.start + t.trim_end().len();
        if covers(&whole, span) {
            return Some(i);
        }
        let [a, b] = crate::language::twins(t)?;
        let halves = [
            f.range.start + a.range.start..f.range.start + a.range.end,
            f.range.start + b.range.start..f.range.start + b.range.end,
        ];
        halves.iter().any(|h| covers(h, span)).then_some(i)
    }
}

/// `span` covers `whole`, give or take a character either side.
fn covers(whole: &Range<usize>, span: &Range<usize>) -> bool {
    whole.start >= span.start.saturating_sub(1) && whole.end <= span.end + 1
}

/// The elements the wording asked for must state, by the provision's shape:
/// a one-off event needs a date and who, not a rate or training.
pub fn required_elements(raw: &RawProvision, c: &Checked) -> &'static [ElementName] {
    Shape::of(raw, c).required()
}

/// Whether a text names when something happens: a date ("14 July 2026",
/// "14/07/2026", "ym mis Gorffennaf 2026") or a named term ("in the summer
/// term", "tymor yr haf").
pub(crate) fn names_when(text: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "ionawr",
        "chwefror",
        "mawrth",
        "ebrill",
        "mai",
        "mehefin",
        "gorffennaf",
        "awst",
        "medi",
        "hydref",
        "tachwedd",
        "rhagfyr",
    ];
    const TERMS: &[&str] =
        &["summer term", "autumn term", "spring term", "tymor yr haf", "tymor yr hydref", "tymor y gwanwyn"];
    let folded = crate::text::fold(text);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let month_year =
        words.windows(2).any(|w| MONTHS.contains(&w[0]) && w[1].len() == 4 && w[1].chars().all(|c| c.is_ascii_digit()));
    let numeric = folded.split_whitespace().any(|w| {
        let parts: Vec<&str> = w.trim_matches(|c: char| !c.is_ascii_digit()).split(['/', '.', '-']).collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    });
    month_year || numeric || TERMS.iter().any(|t| folded.contains(t))
}

/// The elements still to ask for: a one-off event that names when it
/// happens needs no date asked for.
pub fn asks_for(raw: &RawProvision, c: &Checked, name: ElementName) -> bool {
    let shape = Shape::of(raw, c);
    shape.required().contains(&name)
        && !(shape == Shape::Event && name == ElementName::Frequency && names_when(&raw.text))
}

/// Whether the provision is a one-off event (a visit, an assessment), whose
/// "how often" is a date.
pub fn is_event(raw: &RawProvision, c: &Checked) -> bool {
    Shape::of(raw, c) == Shape::Event
}

/// Suggest a specified and quantified wording for a provision, in `lang`.
pub fn rewrite_in(raw: &RawProvision, c: &Checked, lex: &Lexicon, lang: Lang) -> Rewrite {
    let ctx = Ctx::new(raw, lang);
    let w = words(lang);
    let mut edits: Vec<Edit> = Vec::new();
    for f in &c.findings {
        if let Some(e) = hedge_edit(&ctx, f) {
            edits.push(e);
        }
    }
    let shape = Shape::of(raw, c);
    let placeholders = Placeholders::new(raw, c, lex, lang, shape);
    // Placeholders to add, each with the element it stands for.
    let mut missing: Vec<(ElementName, String)> = Vec::new();
    for &name in shape.required() {
        if !asks_for(raw, c, name) {
            continue;
        }
        let el = c.elements.get(name);
        // A resource says when it is used or how much in one statement: one
        // placeholder for both.
        if c.kind == Kind::Resource
            && name == ElementName::Duration
            && missing.iter().any(|(n, _)| *n == ElementName::Frequency)
        {
            continue;
        }
        match el.status {
            Status::Vague => {
                // A ceiling keeps its number once "up to" goes ("up to 15
                // minutes" -> "15 minutes"): the number is the school's own.
                // So does a schedule or coverage that only waited on a
                // condition ("throughout the day" once "where possible" goes).
                if el.value.is_some() {
                    continue;
                }
                let Some(span) = el.span.clone() else {
                    missing.push((name, placeholders.appended(name)));
                    continue;
                };
                // A decision put off ("Date to be confirmed") becomes its
                // placeholder where it stands, by its hedge's edit.
                if edits.iter().any(|e| e.range == span && e.with.starts_with('[')) {
                    continue;
                }
                // Vague words in a part the rewrite does not restate (the
                // organisation sub-field) leave the element to be added.
                if !rendered(raw, &span) {
                    missing.push((name, placeholders.appended(name)));
                    continue;
                }
                // Who and with what training are replaced where they stand
                // ("with [role]"); a whole cell that says only "As required"
                // likewise. Vague words about how often or how long inside a
                // sentence ("Regular check-ins", "if he needs it") are
                // dropped and the placeholder added.
                let in_place = matches!(name, ElementName::Provider | ElementName::Qualification);
                // Words with a number in them are the school's own ("3 x 30
                // minutes | Mon, Wed, Fri"): keep them, and add what is missing.
                let has_number = raw.text[span.clone()].chars().any(|c| c.is_ascii_digit());
                // A vague provider in a Who column: the whole column goes
                // ("LRC staff", "Staff y Cylch").
                let who_column = name == ElementName::Provider
                    && raw.fields.len() > 1
                    && ctx.field_of(&span).is_some_and(|i| raw.fields[i].role == Role::Provider);
                let field = if who_column { ctx.field_of(&span) } else { ctx.fills(&span) };
                if has_number && !in_place {
                    missing.push((name, placeholders.appended(name)));
                } else if let Some(i) = field.filter(|_| raw.fields.len() > 1 || ctx.selected(&span).is_none()) {
                    // The whole part (in the rewrite's language) goes; a
                    // Who column's placeholder says "delivered by" itself.
                    let with = if name == ElementName::Provider && raw.fields.len() > 1 {
                        placeholders.appended(name)
                    } else {
                        placeholders.in_place(name)
                    };
                    edits.push(Edit { range: ctx.sel[i].clone(), with, strength: 2 });
                } else if ctx.selected(&span).is_none() {
                    // In the other language's half: that half is not
                    // restated; add the placeholder.
                    missing.push((name, placeholders.appended(name)));
                } else if in_place {
                    edits.push(Edit { range: span, with: placeholders.in_place(name), strength: 2 });
                } else {
                    let span = clause_of(&raw.text, span);
                    edits.push(Edit { range: span, with: String::new(), strength: 1 });
                    missing.push((name, placeholders.appended(name)));
                }
            }
            Status::Missing => {
                let p = placeholders.appended(name);
                // A missing qualification goes straight after the provider
                // when the provider is named ("a teaching assistant trained
                // in [the programme]"), after any name in brackets.
                if name == ElementName::Qualification
                    && c.elements.provider.status == Status::Present
                    && !ctx.cross
                    && let Some(at) = c.elements.provider.span.as_ref()
                {
                    // In a Who column, after the whole part in the
                    // rewrite's language ("Class teacher or teaching
                    // assistant", then the training).
                    let cell = raw
                        .fields
                        .iter()
                        .position(|f| f.role == Role::Provider && f.range.start <= at.start && at.end <= f.range.end);
                    let end = match cell {
                        // Only after a person ("Teaching assistant", "Mrs
                        // Bowen, HLTA"), not after other words ("Independent,
                        // TA to check").
                        Some(i) if !names_a_person(&raw.text[ctx.sel[i].clone()], lex) => {
                            missing.push((name, p));
                            continue;
                        }
                        Some(i) => ctx.sel[i].end,
                        None if ctx.selected(at).is_some() => after_brackets(&raw.text, at.end),
                        None => {
                            missing.push((name, p));
                            continue;
                        }
                    };
                    edits.push(Edit { range: end..end, with: format!(" {p}"), strength: 1 });
                } else {
                    missing.push((name, p));
                }
            }
            _ => {}
        }
    }
    if c.elements.group.status == Status::Vague
        && let Some(span) = c.elements.group.span.clone()
    {
        // "small group" -> "small group of [number]", in the half in the
        // rewrite's language.
        let small = match lang {
            Lang::En => ["small group", "small"],
            Lang::Cy => ["grŵp bach", "bach"],
        };
        let at = if ctx.selected(&span).is_some() {
            let words = raw.text[span.clone()].to_lowercase();
            small.iter().any(|s| words.contains(s)).then_some(span.end)
        } else {
            ctx.sel.iter().find_map(|r| find_ci(&raw.text[r.clone()], small[0]).map(|i| r.start + i + small[0].len()))
        };
        if let Some(at) = at {
            edits.push(Edit { range: at..at, with: format!(" {}", w.group_size), strength: 1 });
        }
    }
    let edits = resolve(edits);

    let mut text = if raw.fields.len() > 1 {
        from_fields(&ctx, c, &edits, &missing, lex)
    } else {
        let r = ctx.sel[0].clone();
        let t = apply(&ctx, r, &edits);
        let t = t.trim_end().trim_end_matches(['.', ',', ';']).to_string();
        let t = if ctx.cross { format!("\u{2018}{}\u{2019}", t.trim()) } else { t };
        let extra: Vec<&str> = missing.iter().map(|(_, p)| p.as_str()).collect();
        if extra.is_empty() { t } else { format!("{t}, {}", extra.join(", ")) }
    };
    text = tidy(&text);
    let placeholders = text.matches('[').count();
    Rewrite { text, placeholders }
}

/// The shape of the wording asked for: what a provision of its kind must
/// state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Kind(Kind),
    /// A one-off: a visit, an assessment, a meeting.
    Event,
}

impl Shape {
    pub(crate) fn of(raw: &RawProvision, c: &Checked) -> Shape {
        if matches!(c.kind, Kind::Session | Kind::Support) {
            let folded = crate::text::fold(&raw.text);
            let event = WORDS.event_words.iter().any(|w| {
                folded.match_indices(w.as_str()).any(|(i, _)| {
                    !folded[..i].chars().next_back().is_some_and(char::is_alphanumeric)
                        && !folded[i + w.len()..].chars().next().is_some_and(char::is_alphanumeric)
                })
            });
            // A rate the plan states ("weekly") makes it a session after all.
            let rate = c.elements.frequency.value.as_ref().is_some_and(|v| v.per.is_some());
            if event && !rate {
                return Shape::Event;
            }
        }
        Shape::Kind(c.kind)
    }

    pub(crate) fn required(self) -> &'static [ElementName] {
        match self {
            Shape::Kind(k) => k.required(),
            Shape::Event => &[ElementName::Frequency, ElementName::Provider],
        }
    }
}

/// The roles of the parts a rewrite restates (see [`from_fields`]).
const RENDERED: [Role; 7] = [
    Role::Description,
    Role::FrequencyDuration,
    Role::Frequency,
    Role::Duration,
    Role::Group,
    Role::Provider,
    Role::Qualification,
];

/// The span lies in a part the rewrite restates.
fn rendered(raw: &RawProvision, span: &Range<usize>) -> bool {
    raw.fields.len() <= 1
        || raw
            .fields
            .iter()
            .any(|f| RENDERED.contains(&f.role) && f.range.start <= span.start && span.end <= f.range.end)
}

/// A condition ("if he finds them helpful", "when he is tired") runs to the
/// end of its clause; other vague words are just themselves.
fn clause_of(text: &str, span: Range<usize>) -> Range<usize> {
    let lower = text[span.clone()].to_lowercase();
    if !["if ", "when ", "whenever ", "unless ", "once "].iter().any(|w| lower.starts_with(w)) {
        return span;
    }
    let end = text[span.end..].find(['.', ',', ';', '|', '(', ')']).map_or(text.len(), |i| span.end + i);
    span.start..end
}

/// The offset just past a name in brackets after `at` ("HLTA (Mrs Jarvis)").
fn after_brackets(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let trimmed = rest.trim_start();
    if trimmed.starts_with('(')
        && let Some(close) = trimmed.find(')')
    {
        return at + (rest.len() - trimmed.len()) + close + 1;
    }
    at
}

/// What a hedge finding does to the text: most are dropped; a word of
/// discretion becomes "will"; a decision put off becomes a placeholder. In
/// a provision written in two languages the hedge is found in the half in
/// the rewrite's language (the finding's twin words).
fn hedge_edit(ctx: &Ctx, f: &Finding) -> Option<Edit> {
    if f.kind != FindingKind::Hedge {
        return None;
    }
    let raw = ctx.raw;
    let mut span = f.span.clone()?;
    if ctx.selected(&span).is_none() {
        // The same hedge in the other half, if the plan has it there.
        let twin = f.twin.as_deref()?;
        span = ctx
            .sel
            .iter()
            .find_map(|r| find_ci(&raw.text[r.clone()], twin).map(|i| r.start + i..r.start + i + twin.len()))?;
    }
    let words = raw.text[span.clone()].to_lowercase();
    let at_start = raw.text[..span.start].trim_end().is_empty()
        || raw.text[..span.start].trim_end().ends_with(['|', '.', ':', ';'])
        || ctx.sel.iter().any(|r| r.start == span.start);
    // Each hedge rule says what its words become (its file's `replace`),
    // in English; a Welsh rewrite has its own words for the placeholders
    // and drops the rest (Welsh has no one word for "will").
    let english = crate::rules::rule(f.rule).replacement(&words, at_start).unwrap_or("");
    let with = match ctx.lang {
        Lang::En => english.to_string(),
        Lang::Cy => match english {
            "[amount]" => words_cy().amount.clone(),
            "[a fixed date]" => words_cy().fixed_date.clone(),
            // "cyfleoedd i weithio" in mid-sentence: "i weithio".
            "to" => "i".to_string(),
            _ => String::new(),
        },
    };
    // "will be encouraged to use": "will use".
    if with.is_empty() && ctx.lang == Lang::En && words.starts_with("encouraged") {
        let before = raw.text[..span.start].trim_end();
        if before.to_lowercase().ends_with(" be") {
            span = before.len() - 2..span.end;
        }
    }
    let field_end = |span: &Range<usize>| {
        ctx.field_of(span)
            .map_or(raw.text.len(), |i| if raw.fields.is_empty() { raw.text.len() } else { raw.fields[i].range.end })
    };
    // "Weekly for 6 weeks* (Subject to availability of the NHS service.)":
    // a hedge that opens an aside in brackets takes the aside with it, and
    // the note's mark before it.
    if with.is_empty() && raw.text[..span.start].trim_end().ends_with('(') {
        let open = raw.text[..span.start].trim_end().len() - 1;
        if let Some(close) = raw.text[span.end..field_end(&span)].find(')') {
            let before = raw.text[..open].trim_end();
            let start = before.trim_end_matches(['*', '†', '‡']).len();
            return Some(Edit { range: start..span.end + close + 1, with, strength: 0 });
        }
    }
    // "at the discretion of the class teacher", "dependent on": the
    // condition's object goes with it.
    if with.is_empty()
        && ["of", "on", "by", "upon", "ar", "gan", "o"].iter().any(|p| words.ends_with(&format!(" {p}")))
        && !words.starts_with("cyfle")
        && !words.starts_with("mynediad")
    {
        // To the end of the clause, within the part it is in.
        let limit = field_end(&span);
        let end = raw.text[span.end..limit].find(['.', ',', ';', '|', '(', ')']).map_or(limit, |i| span.end + i);
        span = span.start..end;
    }
    Some(Edit { range: span, with, strength: 0 })
}

fn words_cy() -> &'static Words {
    &WORDS.cy
}

/// The byte offset of `needle` in `hay`, ignoring case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.to_lowercase();
    hay.char_indices().map(|(i, _)| i).find(|&i| hay[i..].to_lowercase().starts_with(&n))
}

/// Drop edits that overlap a stronger one; keep the rest in order.
fn resolve(mut edits: Vec<Edit>) -> Vec<Edit> {
    crate::sort::sort_by(&mut edits, |a, b| b.strength.cmp(&a.strength).then(a.range.start.cmp(&b.range.start)));
    let mut kept: Vec<Edit> = Vec::new();
    for e in edits {
        let clash = kept.iter().any(|k| {
            if e.range.is_empty() || k.range.is_empty() {
                // An insertion clashes only with a replacement that swallows its point.
                let (point, other) =
                    if e.range.is_empty() { (e.range.start, &k.range) } else { (k.range.start, &e.range) };
                other.start < point && point < other.end
            } else {
                e.range.start < k.range.end && k.range.start < e.range.end
            }
        });
        if !clash {
            kept.push(e);
        } else if e.with.is_empty() && !e.range.is_empty() {
            // Two deletions that overlap delete both ("At the discretion"
            // and "At the discretion of the SaLT service").
            if let Some(k) = kept.iter_mut().find(|k| {
                k.with.is_empty() && !k.range.is_empty() && e.range.start < k.range.end && k.range.start < e.range.end
            }) {
                k.range = k.range.start.min(e.range.start)..k.range.end.max(e.range.end);
            }
        }
    }
    crate::sort::sort_by_key(&mut kept, |e| (e.range.start, e.range.end));
    kept
}

/// Welsh words after which the next word takes the soft mutation.
const SOFT_TRIGGERS: &[&str] = &["i", "o", "am", "ar", "at", "gan", "heb", "dan", "drwy", "trwy", "wrth", "hyd", "neu"];

/// `text[within]` with the edits inside it applied. In Welsh, a word left
/// first after a dropped hedge that ended in a word that mutates what
/// follows ("cyfle i ddarllen") goes back to its radical form ("darllen")
/// where that is certain; where it is not, the mutating word stays.
fn apply(ctx: &Ctx, within: Range<usize>, edits: &[Edit]) -> String {
    let text = &ctx.raw.text;
    let mut out = String::new();
    let mut at = within.start;
    for e in edits.iter().filter(|e| within.start <= e.range.start && e.range.end <= within.end) {
        if e.range.start < at {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
        if ctx.lang == Lang::Cy && !e.range.is_empty() {
            let dropped = text[e.range.clone()].to_lowercase();
            let last = dropped.split_whitespace().next_back().unwrap_or("");
            let replaced_by_trigger = e.with.trim() == last;
            if SOFT_TRIGGERS.contains(&last) && !replaced_by_trigger {
                let rest = &text[at..within.end];
                let lead = rest.len() - rest.trim_start().len();
                let word_len = rest[lead..].find(char::is_whitespace).unwrap_or(rest.len() - lead);
                let word = &rest[lead..lead + word_len];
                let radical = crate::language::unmutate_soft(word, RADICALS);
                if radical != word {
                    out.push_str(&rest[..lead]);
                    out.push_str(&radical);
                    at += lead + word_len;
                } else if !word.is_empty() && crate::language::soft(word) == word.to_lowercase() {
                    // Not a mutated form: nothing to undo.
                } else if !word.is_empty() {
                    out.push_str(last);
                    out.push(' ');
                }
            }
        }
    }
    out.push_str(&text[at..within.end]);
    out
}

/// Welsh words a rewrite may leave first after a dropped hedge, in their
/// radical form, so that a soft mutation can be undone for certain.
const RADICALS: &[&str] = &[
    "gweithio",
    "gwneud",
    "gwrando",
    "gwella",
    "cymryd",
    "cael",
    "cymorth",
    "cefnogaeth",
    "defnyddio",
    "dysgu",
    "darllen",
    "datblygu",
    "trafod",
    "chwarae",
    "siarad",
    "mynd",
    "bod",
    "meddwl",
    "paratoi",
    "ymarfer",
    "gorffwys",
    "cyfathrebu",
    "canolbwyntio",
    "teimlo",
    "rhannu",
    "llenwi",
    "llunio",
    "rheoli",
    "gwisgo",
    "gwirio",
    "cwblhau",
    "trefnu",
    "tynnu",
    "cyfrannu",
    "magu",
    "meithrin",
    "mwynhau",
    "bwyta",
    "cysgu",
    "cyrraedd",
    "gadael",
];

/// A table row or element block as one sentence: what, how often, how
/// long, the group, then who delivers it, each from the field's part in
/// the rewrite's language. Dates, outcomes, rationales and columns of
/// other things stay where they are in the plan. Placeholders go where
/// their element would be.
fn from_fields(ctx: &Ctx, c: &Checked, edits: &[Edit], missing: &[(ElementName, String)], lex: &Lexicon) -> String {
    debug_assert_eq!(RENDERED.len(), 7);
    let raw = ctx.raw;
    let slots: [(Role, &[ElementName]); 7] = [
        (Role::Description, &[]),
        (Role::FrequencyDuration, &[]),
        (Role::Frequency, &[ElementName::Frequency]),
        (Role::Duration, &[ElementName::Duration]),
        (Role::Group, &[]),
        (Role::Provider, &[ElementName::Provider]),
        (Role::Qualification, &[ElementName::Qualification]),
    ];
    let mut pieces: Vec<String> = Vec::new();
    let mut description = String::new();
    for (role, elements) in slots {
        for (i, _) in raw.fields.iter().enumerate().filter(|(_, f)| f.role == role) {
            let piece = apply(ctx, ctx.sel[i].clone(), edits);
            let piece =
                piece.trim().trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '.' | ',' | '/')).trim().to_string();
            if piece.is_empty() || lex.context.is_blank(&piece) {
                continue;
            }
            // An edit made the whole part a placeholder: it is already in
            // the rewrite's language.
            let placeholder_only =
                piece.starts_with('[') || edits.iter().any(|e| e.range == ctx.sel[i] && e.strength == 2);
            let piece = match role {
                Role::Description => {
                    description = crate::text::fold(&piece);
                    if ctx.cross { format!("\u{2018}{piece}\u{2019}") } else { piece }
                }
                // Said in the description already ("…in a small group |
                // Small group", "…from the Educational Psychologist |
                // Educational Psychologist"); a provider only where the
                // description says it delivers ("ELSA sessions | ELSA" keeps
                // the ELSA).
                _ if !description.is_empty() && said_already(&description, &crate::text::fold(&piece), role) => {
                    continue;
                }
                _ if placeholder_only => piece,
                // What is left of a vague rate or length once its vague words
                // go ("Date TBC" -> "Date"): a label, not a value.
                Role::Frequency | Role::Duration | Role::FrequencyDuration
                    if piece.split_whitespace().count() == 1
                        && !piece.chars().any(|c| c.is_ascii_digit())
                        && c.elements
                            .get(if role == Role::Duration { ElementName::Duration } else { ElementName::Frequency })
                            .status
                            == Status::Vague =>
                {
                    continue;
                }
                Role::Frequency | Role::Duration | Role::FrequencyDuration if ctx.cross => {
                    let el = if role == Role::Duration { &c.elements.duration } else { &c.elements.frequency };
                    let both = role == Role::FrequencyDuration;
                    match el.value.as_ref().and_then(|v| stated(v, ctx.lang, both, c.elements.duration.value.as_ref()))
                    {
                        Some(s) => s,
                        None => format!("\u{2018}{piece}\u{2019}"),
                    }
                }
                Role::Provider => provider_words(ctx, c, &piece, lex),
                Role::Qualification => qualification_words(ctx.lang, &piece, ctx.cross),
                _ if ctx.cross => format!("\u{2018}{piece}\u{2019}"),
                _ => lower_first(&piece),
            };
            pieces.push(piece);
        }
        for (name, p) in missing {
            if elements.contains(name) {
                pieces.push(p.clone());
            }
        }
    }
    // The training follows its person without a comma ("a teaching
    // assistant trained in …").
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            let after_person = ["delivered by ", "gan "].iter().any(|b| pieces[i - 1].starts_with(b));
            let joined = after_person
                && (["trained ", "wedi’i ", "registered ", "sydd â", "holding "].iter().any(|j| p.starts_with(j))
                    || (p.starts_with('[') && p.contains("registered")));
            out.push_str(if joined { " " } else { ", " });
        }
        out.push_str(p);
    }
    out
}

/// Who delivers it, joined to the rest: "delivered by a teaching
/// assistant", "gan gynorthwyydd addysgu".
fn provider_words(ctx: &Ctx, c: &Checked, piece: &str, lex: &Lexicon) -> String {
    match ctx.lang {
        Lang::En => {
            if ctx.cross {
                if let Some(role) = provider_role(c, lex) {
                    return format!("delivered by {} {}", article_for(&role.label), role.label);
                }
                return format!("delivered by \u{2018}{piece}\u{2019}");
            }
            let who = with_role_article(piece, lex);
            if starts_with_any(&who, &["by ", "from ", "with ", "gan ", "gyda "]) {
                who
            } else if names_a_person(piece, lex) {
                format!("delivered by {who}")
            } else {
                // Words that are not a person ("Independent, TA to check"):
                // the plan's own, named as what they answer.
                format!("who: \u{2018}{piece}\u{2019}")
            }
        }
        Lang::Cy => {
            if ctx.cross {
                if let Some(welsh) = provider_role(c, lex).and_then(|r| r.welsh.first()) {
                    return format!("gan {}", mutate_phrase(welsh));
                }
                return format!("gan \u{2018}{piece}\u{2019}");
            }
            if starts_with_any(piece, &["gan ", "gyda ", "gydag "]) {
                return piece.to_string();
            }
            // A role's name mutates after "gan"; a person's name does not;
            // an everyday word is in lower case ("gan unrhyw aelod o staff").
            let folded = crate::text::fold(piece);
            let role_first = lex.people.role_names.find(&folded).into_iter().any(|h| h.range.start == 0);
            let first = piece.split_whitespace().next().unwrap_or("");
            if role_first {
                format!("gan {}", mutate_phrase(&lower_first(piece)))
            } else if crate::language::is_common_word(first, Lang::Cy) {
                format!("gan {}", mutate_phrase(&lower_first_letter(piece)))
            } else {
                format!("gan {piece}")
            }
        }
    }
}

/// Whether a Who part starts with someone: a role, an article or
/// determiner, or a title and name.
fn names_a_person(text: &str, lex: &Lexicon) -> bool {
    let folded = crate::text::fold(text.trim());
    if lex.people.role_names.find(&folded).into_iter().any(|h| h.range.start == 0) {
        return true;
    }
    let first = folded.split_whitespace().next().unwrap_or("");
    [
        "a", "an", "the", "her", "his", "their", "mr", "mrs", "ms", "miss", "mx", "dr", "any", "all", "each", "two",
        "y", "yr", "ei", "eu", "unrhyw", "pob",
    ]
    .contains(&first.trim_end_matches('.'))
}

/// The soft mutation of a phrase's first word.
fn mutate_phrase(phrase: &str) -> String {
    match phrase.split_once(' ') {
        Some((first, rest)) => format!("{} {rest}", crate::language::soft(first)),
        None => crate::language::soft(phrase),
    }
}

/// The role the provider element names, if the lexicon knows it: its
/// value's role, or the role its words start with.
fn provider_role<'l>(c: &Checked, lex: &'l Lexicon) -> Option<&'l crate::lexicon::people::Role> {
    let el = &c.elements.provider;
    if let Some(label) = el.value.as_ref().and_then(|v| v.role.as_deref()) {
        return lex.people.roles.iter().find(|r| r.label == label);
    }
    let folded = crate::text::fold(el.text.as_deref()?);
    let hit = lex.people.role_names.find(&folded).into_iter().find(|h| h.range.start == 0)?;
    lex.people.roles.get(hit.entry)
}

/// A part that only repeats the description: a group ("Small group"), or
/// a provider the description names as the one who delivers ("from the
/// Educational Psychologist").
fn said_already(description: &str, piece: &str, role: Role) -> bool {
    if role != Role::Provider {
        return description.contains(piece);
    }
    ["by ", "from ", "with ", "the ", "gan ", "gyda ", "y "]
        .iter()
        .any(|p| description.contains(&format!("{p}{piece}")))
}

/// A Training column joined to the rest: "trained in …" as it is, else
/// "with …"; in Welsh "wedi’i hyfforddi …" as it is, else in brackets.
fn qualification_words(lang: Lang, piece: &str, cross: bool) -> String {
    let lower = piece.to_lowercase();
    if cross {
        return format!("\u{2018}{piece}\u{2019}");
    }
    match lang {
        Lang::En => {
            let joins = ["trained", "holding", "holds", "registered", "who ", "qualified", "hcpc", "with "];
            if joins.iter().any(|j| lower.starts_with(j)) { piece.to_string() } else { format!("with {piece}") }
        }
        Lang::Cy => {
            let joins = ["wedi", "sydd", "sy’n", "sy'n", "gyda", "â ", "yn "];
            if joins.iter().any(|j| lower.starts_with(j)) { lower_first(piece) } else { format!("({piece})") }
        }
    }
}

/// What a rate or length states, written from its value in `lang`: "3
/// times a week", "ddwywaith yr wythnos", "30 munud". `None` for a value
/// that says neither.
fn stated(
    v: &crate::types::Value,
    lang: Lang,
    with_length: bool,
    length: Option<&crate::types::Value>,
) -> Option<String> {
    let mut parts = Vec::new();
    if let (Some(count), Some(per)) = (v.count, v.per.as_deref()) {
        parts.push(rate(count, per, lang)?);
    }
    let minutes = v.minutes.or_else(|| if with_length { length.and_then(|l| l.minutes) } else { None });
    if let Some(m) = minutes {
        parts.push(match lang {
            Lang::En => format!("{} minutes", amount(m)),
            Lang::Cy => format!("{} munud", amount(m)),
        });
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn amount(a: crate::types::Amount) -> String {
    let n = |x: f64| if x.fract() == 0.0 { format!("{}", x as i64) } else { format!("{x}") };
    if a.is_single() { n(a.low) } else { format!("{}–{}", n(a.low), n(a.high)) }
}

/// Periods of a rate in Welsh, with their article ("yr wythnos", "y dydd").
const WELSH_PER: &[(&str, &str)] = &[
    ("day", "y dydd"),
    ("week", "yr wythnos"),
    ("fortnight", "bob pythefnos"),
    ("month", "y mis"),
    ("half_term", "bob hanner tymor"),
    ("term", "y tymor"),
    ("year", "y flwyddyn"),
];

fn rate(count: crate::types::Amount, per: &str, lang: Lang) -> Option<String> {
    let single = count.is_single().then_some(count.low);
    match lang {
        Lang::En => {
            let period = match per {
                "half_term" => "half-term".to_string(),
                p => p.to_string(),
            };
            Some(match single {
                Some(1.0) => format!("once a {period}"),
                Some(2.0) => format!("twice a {period}"),
                _ => format!("{} times a {period}", amount(count)),
            })
        }
        Lang::Cy => {
            let period = WELSH_PER.iter().find(|(k, _)| *k == per)?.1;
            Some(match single {
                Some(1.0) => format!("unwaith {period}"),
                Some(2.0) => format!("ddwywaith {period}"),
                _ => format!("{} gwaith {period}", amount(count)),
            })
        }
    }
}

/// "Teaching assistant" -> "a teaching assistant"; "Educational
/// Psychologist" -> "an educational psychologist"; names, acronyms and
/// plurals as they are ("Mrs Bowen, HLTA", "TAs", "two LSAs").
fn with_role_article(piece: &str, lex: &Lexicon) -> String {
    let first = piece.split_whitespace().next().unwrap_or("");
    if matches!(
        first,
        "Any" | "All" | "The" | "Two" | "Three" | "Each" | "Every" | "Her" | "His" | "Their" | "Unrhyw" | "Pob"
    ) {
        return lower_first_letter(piece);
    }
    let folded = crate::text::fold(piece);
    let Some(hit) = lex.people.role_names.find(&folded).into_iter().find(|h| h.range.start == 0) else {
        return piece.to_string();
    };
    let role_words = &piece[..hit.range.end.min(piece.len())];
    let acronym = role_words.split_whitespace().any(|w| w.chars().filter(|c| c.is_uppercase()).count() > 1);
    let plural = folded[..hit.range.end].ends_with('s') && !folded[..hit.range.end].ends_with("ss");
    if acronym {
        // "Nurture TA" -> "a nurture TA": the acronym stays, the words round it
        // are in lower case.
        let words: Vec<String> = role_words
            .split_whitespace()
            .map(|w| if w.chars().filter(|c| c.is_uppercase()).count() > 1 { w.to_string() } else { w.to_lowercase() })
            .collect();
        let piece = format!("{}{}", words.join(" "), &piece[role_words.len()..]);
        return if plural { piece } else { format!("{} {piece}", article_for(&piece)) };
    }
    let lowered = format!("{}{}", role_words.to_lowercase(), &piece[role_words.len()..]);
    if plural { lowered } else { format!("{} {lowered}", article_for(&lowered)) }
}

fn article_for(word: &str) -> &'static str {
    let w = word.trim_start();
    let first = w.chars().next().unwrap_or('x').to_ascii_lowercase();
    // Acronyms said letter by letter: "an HLTA", "an SLT", "an LSA", "an OT".
    let acronym =
        w.split_whitespace().next().is_some_and(|f| f.len() <= 6 && f.chars().all(|c| c.is_ascii_uppercase()));
    let vowel = if acronym { "aefhilmnorsx".contains(first) } else { "aeiou".contains(first) };
    if vowel { "an" } else { "a" }
}

/// The placeholders for this provision, in plain words, in one language.
struct Placeholders<'a> {
    shape: Shape,
    lang: Lang,
    provider_role: Option<&'a crate::lexicon::people::Role>,
    /// The role that delivers what the provision names ("speech and
    /// language therapy": a speech and language therapist).
    suggested_role: Option<&'a crate::lexicon::people::Role>,
    /// A professional the provision's own words name ("SaLT carry-over",
    /// "physiotherapy stretches"), other than whoever delivers it: the one
    /// to suggest as the trainer.
    trainer: Option<&'a crate::lexicon::people::Role>,
}

impl<'a> Placeholders<'a> {
    fn new(raw: &RawProvision, c: &Checked, lex: &'a Lexicon, lang: Lang, shape: Shape) -> Self {
        let roles = &lex.people.roles;
        let provider_role = provider_role(c, lex);
        // What the provision is: its description, or all of it.
        let what: String = raw
            .fields
            .iter()
            .filter(|f| f.role == Role::Description)
            .map(|f| raw.field_text(f))
            .collect::<Vec<_>>()
            .join(" ");
        let what = if what.trim().is_empty() { raw.text.clone() } else { what };
        let folded = crate::text::fold(&what);
        let suggested_role = lex.people.delivered.first_entry_in(&crate::text::fold(&raw.text)).map(|i| &roles[i]);
        let trainer = lex
            .people
            .delivered
            .first_entry_in(&folded)
            .or_else(|| lex.people.role_names.find(&folded).into_iter().map(|h| h.entry).find(|&i| roles[i].regulated))
            .map(|i| &roles[i])
            .filter(|r| r.regulated && r.credential.contains("HCPC"))
            .filter(|r| provider_role.is_none_or(|p| p.label != r.label));
        Placeholders { shape, lang, provider_role, suggested_role, trainer }
    }

    /// A placeholder added to the end of the provision's wording.
    fn appended(&self, name: ElementName) -> String {
        let w = words(self.lang);
        match name {
            ElementName::Provider => match (self.suggested_role, self.lang) {
                (Some(r), Lang::En) => {
                    w.provider_suggested.replace("{role}", &format!("{} {}", article_for(&r.label), r.label))
                }
                (Some(r), Lang::Cy) if !r.welsh.is_empty() => {
                    w.provider_suggested.replace("{role}", &mutate_phrase(&r.welsh[0]))
                }
                _ => w.provider.clone(),
            },
            _ => self.in_place(name),
        }
    }

    /// A placeholder standing where the vague words stood.
    fn in_place(&self, name: ElementName) -> String {
        let w = words(self.lang);
        match (name, self.shape) {
            (ElementName::Frequency, Shape::Event) => w.frequency_event.clone(),
            (ElementName::Frequency, Shape::Kind(Kind::Resource)) => w.frequency_resource.clone(),
            (ElementName::Frequency, Shape::Kind(Kind::Review)) => w.frequency_review.clone(),
            (ElementName::Frequency, Shape::Kind(Kind::Support)) => w.frequency_support.clone(),
            (ElementName::Frequency, _) => w.frequency_session.clone(),
            (ElementName::Duration, Shape::Kind(Kind::Resource)) => w.duration_resource.clone(),
            (ElementName::Duration, Shape::Kind(Kind::Support)) => w.duration_support.clone(),
            (ElementName::Duration, _) => w.duration_session.clone(),
            (ElementName::Provider, _) => match (self.suggested_role, self.lang) {
                (Some(r), Lang::En) => format!("[{} {}]", article_for(&r.label), r.label),
                (Some(r), Lang::Cy) if !r.welsh.is_empty() => format!("[{}]", r.welsh[0]),
                _ => w.provider_in_place.clone(),
            },
            (ElementName::Qualification, _) => self.qualification(),
            (ElementName::Group, _) => w.group.clone(),
        }
    }

    /// The training or credential to ask for: a regulated role's
    /// registration; for anyone else, the programme they are trained in,
    /// and by whom only where the provision names that professional.
    fn qualification(&self) -> String {
        let w = words(self.lang);
        let Some(role) = self.provider_role.or(self.suggested_role) else { return w.qualification.clone() };
        let credential = role.credential.trim();
        if credential.is_empty() {
            return w.qualification.clone();
        }
        if credential.contains("[the programme") {
            let mut s =
                if credential.contains("approach") { w.trained_in_approach.clone() } else { w.trained_in.clone() };
            if let Some(t) = self.trainer {
                let name = match self.lang {
                    Lang::En => t.label.clone(),
                    Lang::Cy => t.welsh.first().cloned().unwrap_or_else(|| t.label.clone()),
                };
                s.push(' ');
                s.push_str(&w.trained_by.replace("{role}", &name));
            }
            return s;
        }
        match self.lang {
            Lang::En if credential.contains('[') => credential.to_string(),
            Lang::En => format!("[{credential}]"),
            Lang::Cy => match w.credentials.get(&role.label) {
                Some(c) if c.contains('[') => c.clone(),
                Some(c) => format!("[{c}]"),
                None => w.qualification.clone(),
            },
        }
    }
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    let lower = s.to_lowercase();
    prefixes.iter().any(|p| lower.starts_with(p))
}

fn lower_first_letter(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Lower-case the first letter, unless the first word is an acronym or a
/// name ("TA", "SaLT", "Mrs Jones").
fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let keep = first_word.chars().filter(|c| c.is_uppercase()).count() > 1
        || matches!(first_word, "Mr" | "Mrs" | "Ms" | "Miss" | "Dr" | "Mx")
        || first_word.chars().nth(1).is_some_and(char::is_uppercase);
    if keep {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Mend what deletions leave behind: doubled spaces, a space before a
/// comma, empty brackets, a dangling "to" or comma, a lower-case start.
fn tidy(text: &str) -> String {
    let mut t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        (" ,", ","),
        (" .", "."),
        (",,", ","),
        (", ,", ","),
        ("()", ""),
        ("( )", ""),
        (" ;", ";"),
        (", .", "."),
        (",.", "."),
        (" /,", ","),
        ("/ ,", ","),
        (" / .", "."),
        (" in,", ","),
        (" at,", ","),
        (" during,", ","),
        ("a a ", "a "),
        ("  ", " "),
    ] {
        while t.contains(from) {
            t = t.replace(from, to);
        }
    }
    let t = t.trim().trim_start_matches([',', ';', ':', '-', '–']).trim();
    let mut t = t.trim_end_matches([',', ';', ':', '-', '–', '/']).trim_end().to_string();
    for dangling in [" to", " for", " and", " with", " of"] {
        if let Some(stripped) = t.strip_suffix(dangling) {
            t = stripped.trim_end_matches(',').to_string();
        }
    }
    let mut chars = t.chars();
    let mut out: String = match chars.next() {
        Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Options, audit_bytes};
    use std::path::Path;

    fn rewrite_of(item: &str) -> String {
        let plan = format!("# P\n\n## Section 2B\n\n- {item}\n");
        let r = audit_bytes(plan.as_bytes(), Path::new("t.md"), &Options::default());
        let p = &r.provisions[0];
        super::rewrite(&p.raw, &p.check, Options::default().lexicon()).text
    }

    #[test]
    fn access_as_required_becomes_a_full_placeholder_sentence() {
        let r = rewrite_of("Access to speech and language therapy as required.");
        assert!(!r.to_lowercase().contains("access to") && !r.contains("as required"), "{r}");
        assert!(r.starts_with("Speech and language therapy"), "{r}");
        assert!(r.contains("[number] times a week") && r.contains("[number] minutes"), "{r}");
        assert!(r.contains("[a speech and language therapist]"), "{r}");
        assert!(r.contains("Health and Care Professions Council"), "{r}");
    }

    #[test]
    fn stated_elements_are_kept_and_no_number_is_invented() {
        let r = rewrite_of("Reading with a teaching assistant, 3 times a week for up to 15 minutes.");
        assert!(r.contains("3 times a week"), "{r}");
        assert!(r.contains("15 minutes") && !r.to_lowercase().contains("up to"), "{r}");
        assert!(r.contains("teaching assistant trained in [the programme]"), "{r}");
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        assert_eq!(digits(&r), "315", "{r}");
    }

    #[test]
    fn vague_words_become_placeholders_in_place() {
        let r = rewrite_of("Regular check-ins with a trusted adult.");
        assert!(!r.to_lowercase().contains("regular"), "{r}");
        assert!(r.contains("[role, e.g. a teaching assistant]") || r.contains("delivered by ["), "{r}");
        assert!(r.contains("[number] times a week"), "{r}");
    }

    fn rewrite_in_lang(plan_2b: &str, lang: crate::language::Lang) -> Vec<String> {
        let plan = format!("# P\n\n## Section 2B\n\n{plan_2b}\n");
        let r = audit_bytes(plan.as_bytes(), Path::new("t.md"), &Options::default());
        r.provisions
            .iter()
            .filter(|p| p.rewrite.is_some())
            .map(|p| super::rewrite_in(&p.raw, &p.check, Options::default().lexicon(), lang).text)
            .collect()
    }

    #[test]
    fn the_shape_follows_the_kind() {
        use crate::language::Lang::En;
        // A one-off event: a date and who, never a weekly rate or training.
        let r = rewrite_in_lang("- Extra transition visits to the secondary school.", En).remove(0);
        assert!(r.contains("[on which date or dates]") && !r.contains("times a week") && !r.contains("trained"), "{r}");
        // Equipment: when and where it is used.
        let r = rewrite_of("Access to a quiet space when needed.");
        assert!(r.contains("used [when and where"), "{r}");
        // A trainer only where the provision names that professional's work.
        let r = rewrite_of("Numicon sessions with a teaching assistant, 3 times a week, 20 minutes.");
        assert!(!r.contains("therapist"), "{r}");
        let r = rewrite_of("SaLT carry-over programme with a teaching assistant, 3 times a week, 15 minutes.");
        assert!(r.contains("trained in [the programme] by the speech and language therapist"), "{r}");
    }

    #[test]
    fn a_bilingual_row_is_rewritten_in_one_language() {
        use crate::language::Lang::{Cy, En};
        let row = "| Provision | Who | How often |\n|---|---|---|\n| Support in class where possible Cefnogaeth yn y \
                   dosbarth lle bo modd | Teaching assistant Cymhorthydd addysgu | Three times a week Tair gwaith yr \
                   wythnos |";
        let en = rewrite_in_lang(row, En).remove(0);
        let cy = rewrite_in_lang(row, Cy).remove(0);
        assert!(en.starts_with("Support in class, three times a week") && !en.contains("Cefnogaeth"), "{en}");
        assert!(!en.contains("where possible") && en.contains("delivered by a teaching assistant"), "{en}");
        assert!(cy.starts_with("Cefnogaeth yn y dosbarth, tair gwaith yr wythnos") && !cy.contains("Support"), "{cy}");
        assert!(!cy.contains("lle bo modd") && cy.contains("gan gymhorthydd addysgu wedi’i hyfforddi"), "{cy}");
    }

    #[test]
    fn a_dropped_welsh_hedge_leaves_no_stranded_mutation() {
        use crate::language::Lang::Cy;
        let r = rewrite_in_lang("- Cyfleoedd i weithio gyda phartner bob dydd gan athro dosbarth.", Cy).remove(0);
        assert!(r.starts_with("Gweithio gyda phartner"), "{r}");
        let r = rewrite_in_lang("- Bydd yn cael cyfle i ddarllen yn uchel gartref.", Cy);
        assert!(r.iter().all(|r| !r.contains(". ddarllen") && !r.starts_with("Ddarllen")), "{r:?}");
    }

    #[test]
    fn discretion_becomes_will() {
        let r = rewrite_of("ELSA sessions may be offered by the school ELSA, weekly for 30 minutes.");
        assert!(r.contains("will be offered"), "{r}");
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<WordsFile>("lexicon/rewrite.toml", true);
    }
}
