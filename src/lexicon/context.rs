//! The context lexicon (`lexicon/context.toml`): the words and patterns
//! that decide what a phrase means where it stands (a role after "trained
//! by" trains; "may" after a child's name is a permission; a blank cell).

use super::LexiconError;
use super::lazy::LazyRegex;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct File {
    blank_cells: Vec<String>,
    intro_openings: Vec<String>,
    intro_phrases: Vec<String>,
    continued: Vec<String>,
    asides: AsidesFile,
    people: PeopleFile,
    kinds: KindsFile,
    quantities: QuantitiesFile,
}

crate::builtin::from_value!(File {
    blank_cells,
    intro_openings,
    intro_phrases,
    continued,
    asides,
    people,
    kinds,
    quantities
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct PeopleFile {
    trainer: String,
    author_before: String,
    author_after: String,
    owner_after: String,
    supervisor: String,
    deliverer_before: String,
    subject_after: String,
    named_staff_group: String,
    named_person: String,
    staff_subjects: Vec<String>,
    not_permission_verbs: Vec<String>,
    child_subjects: Vec<String>,
    child_subjects_cy: Vec<String>,
    after_regular: Vec<String>,
    clause_stops: Vec<String>,
    decider_links: Vec<String>,
    credentials: Credentials,
    no_training: String,
}

crate::builtin::from_value!(PeopleFile {
    trainer,
    author_before,
    author_after,
    owner_after,
    supervisor,
    deliverer_before,
    subject_after,
    named_staff_group,
    named_person,
    staff_subjects,
    not_permission_verbs,
    child_subjects,
    child_subjects_cy,
    after_regular,
    clause_stops,
    decider_links,
    credentials,
    no_training,
});

/// Words that say what sort of credential a qualification statement is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub supervision: Vec<String>,
    pub registration: Vec<String>,
    pub training: Vec<String>,
}

crate::builtin::from_value!(Credentials { supervision, registration, training });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct KindsFile {
    training_for_adults: String,
    training_words: Vec<String>,
    adults: Vec<String>,
    exam_words: Vec<String>,
    occasion_words: Vec<String>,
    when_before: String,
    permission_words: Vec<String>,
    permission_words_cy: Vec<String>,
    meeting_words: Vec<String>,
    one_to_one: Vec<String>,
    modifier_words: Vec<String>,
    alone_words: Vec<String>,
    alone_goal_words: Vec<String>,
    alone_followers: Vec<String>,
    exam_helpers: Vec<String>,
    training_stems: Vec<String>,
    exam_occasions: Vec<String>,
}

crate::builtin::from_value!(KindsFile {
    training_for_adults,
    training_words,
    adults,
    exam_words,
    occasion_words,
    when_before,
    permission_words,
    permission_words_cy,
    meeting_words,
    one_to_one,
    modifier_words,
    alone_words,
    alone_goal_words,
    alone_followers,
    exam_helpers,
    training_stems,
    exam_occasions,
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct AsidesFile {
    provision_words: Vec<String>,
    aside_openings: Vec<String>,
    table_references: Vec<String>,
    wishes: Vec<String>,
    replaced_openings: Vec<String>,
    quantity_hint: String,
}

crate::builtin::from_value!(AsidesFile {
    provision_words,
    aside_openings,
    table_references,
    wishes,
    replaced_openings,
    quantity_hint
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct QuantitiesFile {
    session_span: String,
    daily_occasion: String,
    rate_header: String,
    length_header: String,
    vague_quantifiers: Vec<String>,
    named_by_time: Vec<String>,
    once_followers: Vec<String>,
    condition_words: Vec<String>,
    point_in_time: Vec<String>,
    span_not_after: Vec<String>,
    need_words: Vec<String>,
    time_taken: Vec<String>,
    not_occasion_before: Vec<String>,
    occasion_before: Vec<String>,
    bare_schedule: Vec<String>,
}

crate::builtin::from_value!(QuantitiesFile {
    session_span,
    daily_occasion,
    rate_header,
    length_header,
    vague_quantifiers,
    named_by_time,
    once_followers,
    condition_words,
    point_in_time,
    span_not_after,
    need_words,
    time_taken,
    not_occasion_before,
    occasion_before,
    bare_schedule,
});

/// The context lexicon, loaded.
#[derive(Debug, Clone)]
pub struct Context {
    /// A cell holding only one of these says nothing ("n/a", "dim"): each
    /// as its words (split as `is_blank` splits a cell).
    blank_cells: Vec<Vec<String>>,
    /// Opening words and phrases of a paragraph that introduces Section 2B.
    pub intro_openings: Vec<String>,
    pub intro_phrases: Vec<String>,
    /// A paragraph saying only that the table goes on.
    pub continued: Vec<String>,
    pub asides: Asides,
    pub people: People,
    pub kinds: Kinds,
    pub quantities: Quantities,
}

/// Who does what: see `lexicon/context.toml`, `[people]`.
#[derive(Debug, Clone)]
pub struct People {
    pub trainer: LazyRegex,
    pub author_before: LazyRegex,
    pub author_after: LazyRegex,
    pub owner_after: LazyRegex,
    pub supervisor: LazyRegex,
    pub deliverer_before: LazyRegex,
    pub subject_after: LazyRegex,
    pub named_staff_group: LazyRegex,
    pub named_person: LazyRegex,
    pub staff_subjects: Vec<String>,
    pub not_permission_verbs: Vec<String>,
    pub child_subjects: Vec<String>,
    pub child_subjects_cy: Vec<String>,
    pub after_regular: Vec<String>,
    pub clause_stops: Vec<String>,
    pub decider_links: Vec<String>,
    pub credentials: Credentials,
    /// A training cell that says there is none ("No specific training",
    /// "Dim hyfforddiant penodol"): the training is missing, not stated.
    pub no_training: LazyRegex,
}

/// Words that decide a kind: see `[kinds]`.
#[derive(Debug, Clone)]
pub struct Kinds {
    pub training_for_adults: LazyRegex,
    pub training_words: Vec<String>,
    pub adults: Vec<String>,
    pub exam_words: Vec<String>,
    pub occasion_words: Vec<String>,
    pub when_before: LazyRegex,
    /// "Mali may …", "Nel can …": with the child before them, the child's
    /// permission (an adjustment the child uses, so a resource).
    pub permission_words: Vec<String>,
    /// "Caiff Deio …", "Gall Osian …": Welsh, the child after them.
    pub permission_words_cy: Vec<String>,
    /// Meetings: with the learner one to one (`one_to_one`), a session.
    pub meeting_words: Vec<String>,
    pub one_to_one: Vec<String>,
    /// After the head of a description, these open a phrase that says
    /// what the thing is done with or on: a cue in it names less.
    pub modifier_words: Vec<String>,
    /// "Kacper works independently", "on her own", "yn annibynnol": the
    /// learner does it with no adult running it, so it is a thing the
    /// learner uses (a resource), whoever checks on it.
    pub alone_words: Vec<String>,
    /// Words before an `alone_words` phrase in its clause that make it a
    /// goal ("able to read independently", "to travel on his own").
    pub alone_goal_words: Vec<String>,
    /// Words that may follow an `alone_words` phrase ("on her own in
    /// study periods"); any other word after it makes it a noun's
    /// ("on his own laptop").
    pub alone_followers: Vec<String>,
    /// A reader or scribe (`exam_helpers`) in a provision about exams
    /// (`exam_occasions`) is an access arrangement, a resource.
    pub exam_helpers: Vec<String>,
    pub exam_occasions: Vec<String>,
    /// Word starts that state a reader's training ("trained", "hyfforddiant"):
    /// an exam reader with training stated stays an adult's support.
    pub training_stems: Vec<String>,
}

/// What tells a provision written as a sentence from an aside, where a
/// section's tables leave room for both: see `[asides]`.
#[derive(Debug, Clone)]
pub struct Asides {
    /// Words that say something will be done ("will", "bydd"), matched
    /// as whole words or phrases.
    pub provision_words: Vec<String>,
    /// First words of a note, an outcome, a caption or a key.
    pub aside_openings: Vec<String>,
    /// Words that point at the table rather than at the child.
    pub table_references: Vec<String>,
    /// What the child or the family would like ("would like to be"): a
    /// wish, whose "would" promises nothing.
    pub wishes: Vec<String>,
    /// A rate, a length or a date: enough to make a sentence a provision.
    pub quantity_hint: LazyRegex,
    /// First words inside brackets that quote a replaced wording ("(Was:").
    pub replaced_openings: Vec<String>,
}

/// Words about amounts and times: see `[quantities]`.
#[derive(Debug, Clone)]
pub struct Quantities {
    pub session_span: LazyRegex,
    /// A cell saying when that names only daily times of the school day,
    /// or a clock time: the provision happens each day then.
    pub daily_occasion: LazyRegex,
    /// A column header that names a rate's period ("Sessions per week"):
    /// a bare count under it is a rate.
    pub rate_header: LazyRegex,
    pub length_header: LazyRegex,
    pub vague_quantifiers: Vec<String>,
    pub named_by_time: Vec<String>,
    pub once_followers: Vec<String>,
    pub condition_words: Vec<String>,
    pub point_in_time: Vec<String>,
    pub span_not_after: Vec<String>,
    pub need_words: Vec<String>,
    /// Resources that are time the child takes: see `time_taken`.
    pub time_taken: Vec<String>,
    pub not_occasion_before: Vec<String>,
    pub occasion_before: Vec<String>,
    pub bare_schedule: Vec<String>,
}

impl Context {
    /// Every pattern, for warming and for the test that each compiles.
    pub(crate) fn patterns(&self) -> [&LazyRegex; 17] {
        let p = &self.people;
        [
            &p.trainer,
            &p.author_before,
            &p.author_after,
            &p.owner_after,
            &p.supervisor,
            &p.deliverer_before,
            &p.subject_after,
            &p.named_staff_group,
            &p.named_person,
            &p.no_training,
            &self.kinds.training_for_adults,
            &self.kinds.when_before,
            &self.quantities.session_span,
            &self.quantities.daily_occasion,
            &self.quantities.rate_header,
            &self.quantities.length_header,
            &self.asides.quantity_hint,
        ]
    }

    /// Whether a cell says nothing: empty, only dashes, dots and slashes,
    /// or one of the blank words.
    /// A bilingual cell says it in both languages ("Dim / None",
    /// "Amherthnasol Not applicable"): it is blank when its words are blank
    /// words and nothing else.
    pub(crate) fn is_blank(&self, s: &str) -> bool {
        let lower = s.to_lowercase().replace("n/a", "na");
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let mut at = 0;
        while at < words.len() {
            let step = self
                .blank_cells
                .iter()
                .filter_map(|phrase| {
                    let n = phrase.len();
                    (n > 0 && words.len() - at >= n && phrase.iter().zip(&words[at..at + n]).all(|(p, w)| p == w))
                        .then_some(n)
                })
                .max();
            match step {
                Some(n) => at += n,
                None => return false,
            }
        }
        true
    }
}

pub fn load(name: &str, src: &str) -> Result<Context, LexiconError> {
    let f: File = crate::builtin::read(src).map_err(|e| LexiconError::parse(name, src, &e))?;
    // The built-in file's patterns are parsed when they first run (a test
    // checks them all); any other file's are checked now.
    let builtin = std::ptr::eq(src, super::CONTEXT_TOML);
    let re = |key: &str, source: String| {
        if builtin {
            return Ok(LazyRegex::builtin(source));
        }
        LazyRegex::new(source)
            .map_err(|e| LexiconError::new(name, format!("{key} is not a valid regular expression: {e}")))
    };
    let p = f.people;
    let k = f.kinds;
    let q = f.quantities;
    Ok(Context {
        blank_cells: f
            .blank_cells
            .iter()
            .map(|b| b.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect())
            .collect(),
        intro_openings: f.intro_openings,
        intro_phrases: f.intro_phrases,
        continued: f.continued,
        asides: Asides {
            provision_words: f.asides.provision_words,
            aside_openings: f.asides.aside_openings,
            table_references: f.asides.table_references,
            wishes: f.asides.wishes,
            quantity_hint: re("asides.quantity_hint", f.asides.quantity_hint)?,
            replaced_openings: f.asides.replaced_openings,
        },
        people: People {
            trainer: re("people.trainer", p.trainer)?,
            author_before: re("people.author_before", p.author_before)?,
            author_after: re("people.author_after", p.author_after)?,
            owner_after: re("people.owner_after", p.owner_after)?,
            supervisor: re("people.supervisor", p.supervisor)?,
            deliverer_before: re("people.deliverer_before", p.deliverer_before)?,
            subject_after: re("people.subject_after", p.subject_after)?,
            named_staff_group: re("people.named_staff_group", p.named_staff_group)?,
            named_person: re("people.named_person", p.named_person)?,
            staff_subjects: p.staff_subjects,
            not_permission_verbs: p.not_permission_verbs,
            child_subjects: p.child_subjects,
            child_subjects_cy: p.child_subjects_cy,
            after_regular: p.after_regular,
            clause_stops: p.clause_stops,
            decider_links: p.decider_links,
            credentials: p.credentials,
            no_training: re("people.no_training", p.no_training)?,
        },
        kinds: Kinds {
            training_for_adults: re("kinds.training_for_adults", k.training_for_adults)?,
            training_words: k.training_words,
            adults: k.adults,
            exam_words: k.exam_words,
            occasion_words: k.occasion_words,
            when_before: re("kinds.when_before", k.when_before)?,
            permission_words: k.permission_words,
            permission_words_cy: k.permission_words_cy,
            meeting_words: k.meeting_words,
            one_to_one: k.one_to_one,
            modifier_words: k.modifier_words,
            alone_words: k.alone_words,
            alone_goal_words: k.alone_goal_words,
            alone_followers: k.alone_followers,
            exam_helpers: k.exam_helpers,
            training_stems: k.training_stems,
            exam_occasions: k.exam_occasions,
        },
        quantities: Quantities {
            session_span: re("quantities.session_span", q.session_span)?,
            daily_occasion: re("quantities.daily_occasion", q.daily_occasion)?,
            rate_header: re("quantities.rate_header", q.rate_header)?,
            length_header: re("quantities.length_header", q.length_header)?,
            vague_quantifiers: q.vague_quantifiers,
            named_by_time: q.named_by_time,
            once_followers: q.once_followers,
            condition_words: q.condition_words,
            point_in_time: q.point_in_time,
            span_not_after: q.span_not_after,
            need_words: q.need_words,
            time_taken: q.time_taken,
            not_occasion_before: q.not_occasion_before,
            occasion_before: q.occasion_before,
            bare_schedule: q.bare_schedule,
        },
    })
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("lexicon/context.toml", false);
    }
}
