//! A suggested rewrite of a vague provision: what a parent can ask the
//! school to write instead.
//!
//! The rewrite keeps every element the provision already states, drops the
//! hedges, and puts a clear placeholder in square brackets for what is
//! missing or vague: "[number] times a week", "[a speech and language
//! therapist]". It never invents a number. The credential a role should
//! hold comes from the lexicon (`roles.toml`).

use crate::lexicon::Lexicon;
use crate::types::provision::RawProvision;
use crate::types::provision::Role;
use crate::types::report::Rewrite;
use crate::types::{Checked, ElementName, Finding, FindingKind, Kind, Status};
use std::ops::Range;

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

/// Suggest a specified and quantified wording for a provision.
pub fn rewrite(raw: &RawProvision, c: &Checked, lex: &Lexicon) -> Rewrite {
    let mut edits: Vec<Edit> = Vec::new();
    for f in &c.findings {
        if let Some(e) = hedge_edit(raw, f) {
            edits.push(e);
        }
    }
    let placeholders = Placeholders::new(raw, c, lex);
    // Placeholders to add, each with the element it stands for.
    let mut missing: Vec<(ElementName, String)> = Vec::new();
    for &name in c.kind.required() {
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
                if has_number && !in_place {
                    missing.push((name, placeholders.appended(name)));
                } else if in_place || fills_a_field(raw, &span) {
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
                    && let Some(at) = c.elements.provider.span.as_ref()
                {
                    // In a Who column, after the whole cell ("Class teacher
                    // or teaching assistant", then the training).
                    let cell = raw
                        .fields
                        .iter()
                        .find(|f| f.role == Role::Provider && f.range.start <= at.start && at.end <= f.range.end);
                    let end = match cell {
                        Some(f) => f.range.start + raw.text[f.range.clone()].trim_end().len(),
                        None => after_brackets(&raw.text, at.end),
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
        let words = raw.text[span.clone()].to_lowercase();
        if words.contains("small") || words.contains("bach") {
            edits.push(Edit { range: span.end..span.end, with: " of [number]".into(), strength: 1 });
        }
    }
    let edits = resolve(edits);

    let mut text = if raw.fields.len() > 1 {
        from_fields(raw, &edits, &missing, lex)
    } else {
        let t = apply(&raw.text, 0..raw.text.len(), &edits);
        let t = t.trim_end().trim_end_matches(['.', ',', ';']).to_string();
        let extra: Vec<&str> = missing.iter().map(|(_, p)| p.as_str()).collect();
        if extra.is_empty() { t } else { format!("{t}, {}", extra.join(", ")) }
    };
    text = tidy(&text);
    let placeholders = text.matches('[').count();
    Rewrite { text, placeholders }
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

/// The vague words cover a whole part of the provision (a table cell).
fn fills_a_field(raw: &RawProvision, span: &Range<usize>) -> bool {
    raw.fields.len() > 1
        && raw.fields.iter().any(|f| {
            let t = &raw.text[f.range.clone()];
            let lead = t.len() - t.trim_start().len();
            let trail = t.len() - t.trim_end().len();
            f.range.start + lead >= span.start.saturating_sub(1) && f.range.end - trail <= span.end + 1
        })
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
/// discretion becomes "will"; a decision put off becomes a placeholder.
fn hedge_edit(raw: &RawProvision, f: &Finding) -> Option<Edit> {
    if f.kind != FindingKind::Hedge {
        return None;
    }
    let mut span = f.span.clone()?;
    let words = raw.text[span.clone()].to_lowercase();
    let at_start = raw.text[..span.start].trim_end().is_empty()
        || raw.text[..span.start].trim_end().ends_with(['|', '.', ':', ';']);
    // Each hedge rule says what its words become (its file's `replace`).
    let with = crate::rules::rule(f.rule).replacement(&words, at_start).unwrap_or("").to_string();
    // "at the discretion of the class teacher", "dependent on": the
    // condition's object goes with it.
    if with.is_empty() && ["of", "on", "by", "upon"].iter().any(|p| words.ends_with(&format!(" {p}"))) {
        let end = raw.text[span.end..].find(['.', ',', ';', '|', '(', ')']).map_or(raw.text.len(), |i| span.end + i);
        span = span.start..end;
    }
    Some(Edit { range: span, with, strength: 0 })
}

/// Drop edits that overlap a stronger one; keep the rest in order.
fn resolve(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by(|a, b| b.strength.cmp(&a.strength).then(a.range.start.cmp(&b.range.start)));
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
        }
    }
    kept.sort_by_key(|e| (e.range.start, e.range.end));
    kept
}

/// `text[within]` with the edits inside it applied.
fn apply(text: &str, within: Range<usize>, edits: &[Edit]) -> String {
    let mut out = String::new();
    let mut at = within.start;
    for e in edits.iter().filter(|e| within.start <= e.range.start && e.range.end <= within.end) {
        if e.range.start < at {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&text[at..within.end]);
    out
}

/// A table row or element block as one sentence: what, how often, how
/// long, the group, then who delivers it. Dates, outcomes, rationales and
/// columns of other things stay where they are in the plan. Placeholders
/// go where their element would be.
fn from_fields(raw: &RawProvision, edits: &[Edit], missing: &[(ElementName, String)], lex: &Lexicon) -> String {
    debug_assert_eq!(RENDERED.len(), 7);
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
        for f in raw.fields.iter().filter(|f| f.role == role) {
            let piece = apply(&raw.text, f.range.clone(), edits);
            let piece =
                piece.trim().trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '.' | ',' | '/')).trim().to_string();
            if piece.is_empty() || lex.context.is_blank(&piece) {
                continue;
            }
            let piece = match role {
                Role::Description => {
                    description = crate::text::fold(&piece);
                    piece
                }
                // Said in the description already ("…in a small group |
                // Small group", "…from the Educational Psychologist |
                // Educational Psychologist").
                _ if !description.is_empty() && description.contains(&crate::text::fold(&piece)) => continue,
                Role::Provider => {
                    let who = with_role_article(&piece, lex);
                    if starts_with_any(&who, &["by ", "from ", "with ", "gan ", "gyda "]) {
                        who
                    } else {
                        format!("delivered by {who}")
                    }
                }
                Role::Qualification => {
                    let lower = piece.to_lowercase();
                    let joins =
                        ["trained", "holding", "holds", "registered", "who ", "qualified", "hcpc", "with ", "wedi"];
                    if joins.iter().any(|j| lower.starts_with(j)) { piece } else { format!("with {piece}") }
                }
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
    pieces.join(", ")
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
        return if plural { piece.to_string() } else { format!("{} {piece}", article_for(piece)) };
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

/// The placeholders for this provision, in plain words.
struct Placeholders<'a> {
    kind: Kind,
    provider_role: Option<&'a crate::lexicon::people::Role>,
    suggested_role: Option<&'a crate::lexicon::people::Role>,
}

impl<'a> Placeholders<'a> {
    fn new(raw: &RawProvision, c: &Checked, lex: &'a Lexicon) -> Self {
        let roles = &lex.people.roles;
        let provider_role = c
            .elements
            .provider
            .value
            .as_ref()
            .and_then(|v| v.role.as_deref())
            .and_then(|label| roles.iter().find(|r| r.label == label));
        let folded = crate::text::fold(&raw.text);
        let suggested_role = lex.people.delivered.first_entry_in(&folded).map(|i| &roles[i]);
        Placeholders { kind: c.kind, provider_role, suggested_role }
    }

    /// A placeholder added to the end of the provision's wording.
    fn appended(&self, name: ElementName) -> String {
        match name {
            ElementName::Provider => format!("delivered by {}", self.in_place(name)),
            _ => self.in_place(name),
        }
    }

    /// A placeholder standing where the vague words stood.
    fn in_place(&self, name: ElementName) -> String {
        match (name, self.kind) {
            (ElementName::Frequency, Kind::Resource) => "used [when and where, e.g. in every lesson]".into(),
            (ElementName::Frequency, Kind::Review) => "[by a named date, or how often]".into(),
            (ElementName::Frequency, Kind::Support) => "[how often, e.g. every day]".into(),
            (ElementName::Frequency, _) => "[number] times a week".into(),
            (ElementName::Duration, Kind::Resource) => "[for how long, or how much]".into(),
            (ElementName::Duration, Kind::Support) => {
                "in [which lessons or times of day], [number] hours a week".into()
            }
            (ElementName::Duration, _) => "for [number] minutes each time".into(),
            (ElementName::Provider, _) => match self.suggested_role {
                Some(r) => format!("[{} {}]", article_for(&r.label), r.label),
                None => "[role, e.g. a teaching assistant]".into(),
            },
            (ElementName::Qualification, _) => {
                let role = self.provider_role.or(self.suggested_role);
                match role.map(|r| r.credential.trim()).filter(|c| !c.is_empty()) {
                    Some(c) if c.contains('[') => c.to_string(),
                    Some(c) => format!("[{c}]"),
                    None => "[their training or qualification]".into(),
                }
            }
            (ElementName::Group, _) => "[1:1, or a group of number]".into(),
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

    #[test]
    fn discretion_becomes_will() {
        let r = rewrite_of("ELSA sessions may be offered by the school ELSA, weekly for 30 minutes.");
        assert!(r.contains("will be offered"), "{r}");
    }
}
