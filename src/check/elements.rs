//! Element statuses from the signals, part by part.
//!
//! A row's own columns count: when a provision has a frequency column with
//! something in it, the frequency is read from that column; a dedicated
//! column with words but no definite frequency ("As agreed") is vague. With
//! no such column the whole provision is read. Start and review dates,
//! outcomes and rationales are never read for elements.

use super::hedges::HedgeHit;
use super::people::{self, Context as MentionContext, PeopleFound};
use super::signals::{self, Found};
use super::{Part, kind};
use crate::lexicon::Lexicon;
use crate::lexicon::context::Credentials;
use crate::lexicon::quantities::{PatternElement, Signal};
use crate::text::Folded;
use crate::types::provision::RawProvision;
use crate::types::provision::Role;
use crate::types::{Element, Elements, HedgeEffects, Kind, RuleId, Status, Value};
use std::ops::Range;

pub(super) struct Context<'a> {
    raw: &'a RawProvision,
    folded: &'a Folded,
    parts: &'a [Part],
    lex: &'a Lexicon,
    /// Pattern matches, each with the index of the part it lies in.
    found: Vec<(usize, Found)>,
    /// The hedges that govern the provision (folded ranges).
    hedges: &'a [HedgeHit],
    /// What a hedge of each rule does to its element.
    effects: &'a dyn Fn(RuleId) -> HedgeEffects,
}

/// Which effect a hedge has, as its rule declares it.
type Effect = fn(&HedgeEffects) -> bool;
/// A condition ("where possible"): a rate beside it is not definite.
const CONDITIONAL: Effect = |e| e.conditional;
/// A decision put off ("TBC"): who delivers it is still open.
const DEFERRED: Effect = |e| e.deferred;
/// A condition, or a decision put off.
const CONDITIONAL_OR_DEFERRED: Effect = |e| e.conditional || e.deferred;
/// Discretion, access, an opportunity or advice: nothing is promised.
const NOT_PROMISED: Effect = |e| e.not_promised;
/// The decision handed to the role named after the words.
const DECIDING: Effect = |e| e.deciding;
/// A quantity that quantifies nothing ("some"): how much is open.
const UNQUANTIFIED: Effect = |e| e.unquantified;

impl<'a> Context<'a> {
    pub fn new(
        raw: &'a RawProvision,
        folded: &'a Folded,
        parts: &'a [Part],
        lex: &'a Lexicon,
        hedges: &'a [HedgeHit],
        effects: &'a dyn Fn(RuleId) -> HedgeEffects,
    ) -> Self {
        let found = signals::find(lex, &folded.text)
            .into_iter()
            .filter_map(|f| {
                let part = parts.iter().position(|p| p.range.start <= f.range.start && f.range.end <= p.range.end)?;
                Some((part, f))
            })
            .collect();
        Context { raw, folded, parts, lex, found, hedges, effects }
    }

    /// Does this hedge have this effect?
    fn has(&self, h: &HedgeHit, effect: Effect) -> bool {
        effect(&(self.effects)(self.lex.hedges.entries[h.entry].rule))
    }

    /// A hedge with this effect in the given part.
    fn hedge_in(&self, part: usize, effect: Effect) -> Option<&HedgeHit> {
        let r = &self.parts[part].range;
        self.hedges.iter().find(|h| r.start <= h.range.start && h.range.end <= r.end && self.has(h, effect))
    }

    /// The parts read for how often, how long and the group: not a
    /// training column ("trained 2024, refreshed annually" is no rate).
    fn provision_parts(&self) -> Vec<usize> {
        (0..self.parts.len())
            .filter(|&i| self.parts[i].role.is_provision() && self.parts[i].role != Role::Qualification)
            .collect()
    }

    /// The part is a bare count ("1", "2") under a column header naming a
    /// period ("Sessions per week").
    fn bare_count_under_rate_header(&self, part: usize) -> bool {
        self.bare_number_under(part, 2, &self.lex.context.quantities.rate_header)
    }

    /// The part is a bare number ("20", "45", "1.5") under a column header
    /// naming the unit of a length ("Minutes per session", "Length
    /// (mins)", "Hours").
    fn bare_length_under_length_header(&self, part: usize) -> bool {
        self.bare_number_under(part, 4, &self.lex.context.quantities.length_header)
    }

    /// The part opens with a count times a length and no unit ("5x10",
    /// "3 x 20", "1x45 for 8 wks") under a header that names the period
    /// ("Freq / Dur (per week)", "Amlder a hyd (… yr wythnos)"): so many
    /// sessions of so many minutes each period.
    fn compact_rate_under_rate_header(&self, part: usize) -> bool {
        let text = self.folded.text[self.parts[part].range.clone()].trim_start();
        let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
        let count = digits(text);
        if count == 0 || count > 2 {
            return false;
        }
        let rest = text[count..].trim_start();
        let Some(rest) = rest.strip_prefix(['x', '×']) else { return false };
        let rest = rest.trim_start();
        let length = digits(rest);
        let unitless = length > 0
            && length <= 3
            && rest[length..]
                .trim_start()
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic() || rest[length..].starts_with(' '));
        unitless
            && self
                .raw
                .fields
                .get(part)
                .is_some_and(|f| self.lex.context.quantities.rate_header.is_match(&crate::text::fold(&f.name)))
    }

    fn bare_number_under(&self, part: usize, max_len: usize, header: &crate::lexicon::lazy::Regex) -> bool {
        let text = self.folded.text[self.parts[part].range.clone()].trim();
        let number = !text.is_empty()
            && text.len() <= max_len
            && text.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && text.bytes().all(|b| b.is_ascii_digit() || (b == b'.' && max_len > 2))
            && text.bytes().any(|b| b != b'0' && b != b'.');
        number && self.raw.fields.get(part).is_some_and(|f| header.is_match(&crate::text::fold(&f.name)))
    }

    fn filled(&self, roles: &[Role]) -> Vec<usize> {
        (0..self.parts.len()).filter(|&i| roles.contains(&self.parts[i].role) && !self.parts[i].blank).collect()
    }

    fn element(&self, status: Status, range: Option<Range<usize>>, value: Option<Value>) -> Element {
        let span = range.map(|r| self.folded.original(r));
        let text = span.as_ref().map(|s| self.raw.text[s.clone()].to_string());
        Element { status, text, span, value }
    }

    fn part_element(&self, status: Status, part: usize) -> Element {
        let r = self.parts[part].range.clone();
        self.element(status, Some(r), None)
    }

    pub fn kind(&mut self) -> Kind {
        let mut description: Vec<&Part> =
            self.parts.iter().filter(|p| p.role == Role::Description && !p.blank).collect();
        if description.is_empty() {
            description = self.parts.iter().filter(|p| p.role.is_provision() && !p.blank).take(1).collect();
        }
        let provision = self.provision_parts();
        let coverage = self.found.iter().any(|(p, f)| provision.contains(p) && f.signal == Signal::Coverage);
        let permission = description
            .iter()
            .find_map(|p| super::hedges::child_permission(self.lex, &self.raw.text, self.folded, p.range.clone()));
        // "Walking frame | – | Whenever she moves between rooms": a provider
        // column that says no one delivers it, with no one named in what
        // is provided, is a thing the child has or uses.
        let providers: Vec<&Part> = self.parts.iter().filter(|p| p.role == Role::Provider).collect();
        let nobody = !providers.is_empty()
            && providers.iter().all(|p| {
                let t = self.folded.text[p.range.clone()].trim();
                !t.is_empty() && (p.blank || t.chars().all(|c| matches!(c, '-' | '–' | '—' | '/' | '.' | ' ')))
            })
            && description
                .iter()
                .all(|p| super::people::roles_in(self.lex, &self.folded.text[p.range.clone()]).is_empty());
        let own: Vec<&Part> =
            self.parts.iter().filter(|p| matches!(p.role, Role::Description | Role::Provider) && !p.blank).collect();
        let alone = kind::learner_alone(self.lex, &self.folded.text, &own);
        // A hedge saying what the provision depends on ("dependent on", "yn
        // dibynnu ar") governs the rest of its clause: what it waits on
        // ("… ar asesiad y bwrdd iechyd"). ("Access to" does not: its
        // object is the thing provided.)
        let text = self.folded.text.as_str();
        let hedged: Vec<Range<usize>> = self
            .hedges
            .iter()
            .map(|h| {
                let words = text[h.range.clone()].trim_end();
                if [" on", " upon", " ar"].iter().any(|p| words.ends_with(p)) {
                    let rest = &text[h.range.end..];
                    h.range.start..h.range.end + rest.find([',', '.', ';', '|', '(']).unwrap_or(rest.len())
                } else {
                    h.range.clone()
                }
            })
            .collect();
        let clues = kind::Clues { coverage, permission, alone, hedged: &hedged, nobody };
        kind::classify(self.lex, &self.folded.text, &description, &clues)
    }

    pub fn elements(&mut self, kind: Kind) -> Elements {
        let mut frequency = self.frequency(kind);
        let mut duration = self.duration(kind);
        if kind == Kind::Resource {
            // For equipment, when and how long it is used are one statement:
            // "for all reading tasks" says both.
            if frequency.status == Status::Missing && duration.status == Status::Present {
                frequency = duration.clone();
            }
            // Not for time the child takes ("movement breaks", "time in the
            // quiet den"): how long a break lasts is a length of its own.
            if duration.status == Status::Missing && frequency.status != Status::Missing && !self.is_time_taken() {
                duration = frequency.clone();
            }
        }
        let parts: Vec<&Part> =
            self.parts.iter().filter(|p| p.role.is_provision() && p.role != Role::Organisation && !p.blank).collect();
        let deciding: Vec<usize> = self.hedges.iter().filter(|h| self.has(h, DECIDING)).map(|h| h.range.end).collect();
        let found = people::find(self.lex, &self.folded.text, &parts, kind == Kind::Review, &deciding);
        let (provider, qualification) = if kind == Kind::Resource && !self.adult_action() {
            (Element::status(Status::NotApplicable), Element::status(Status::NotApplicable))
        } else {
            (self.provider(kind, &found), self.qualification(kind, &found))
        };
        let group = self.group(kind);
        Elements { frequency, duration, provider, qualification, group }
    }

    /// A condition (IDP201, IDP207) on a schedule stated in a cell of its
    /// own: in that cell, or in the description beside it. (In a provision
    /// written as one sentence the condition may qualify any part of it:
    /// "seated near the front, with his back to the window, where
    /// possible".)
    fn condition_on_schedule(&self) -> Option<&HedgeHit> {
        let schedule = self.filled(&[Role::Frequency, Role::FrequencyDuration]);
        if schedule.is_empty() {
            return None;
        }
        let description = self.filled(&[Role::Description]);
        schedule.iter().chain(&description).find_map(|&p| self.hedge_in(p, CONDITIONAL))
    }

    /// The provision offers access or an opportunity (IDP203), leaves it to
    /// the school (IDP202: "may be given") or only advises it (IDP209): the
    /// thing itself is not promised.
    fn offers_access(&self) -> bool {
        self.hedges.iter().any(|h| self.has(h, NOT_PROMISED))
    }

    /// A hedge with this effect anywhere in the provision.
    fn hedged(&self, effect: Effect) -> Option<&HedgeHit> {
        self.hedges.iter().find(|h| self.has(h, effect))
    }

    /// A trigger that is an event or the child's own choice or state ("when
    /// the hall is noisy", "when he shows his card", "when she feels
    /// anxious"), not someone else's judgement or availability ("when staff
    /// feel", "when time allows"). A need ("when he needs it") is the
    /// child's own trigger only for something the child uses (`resource`):
    /// ear defenders "when Ava-Rose needs them" are there whenever she does,
    /// where support "when he needs it" waits on an adult to judge the need.
    fn is_event(&self, f: &Found, resource: bool) -> bool {
        let cx = &self.lex.context.quantities;
        // "if Kieran is eligible": a condition the lexicon already names.
        let condition = self.hedges.iter().any(|h| h.range.start < f.range.end && f.range.start < h.range.end);
        let words: Vec<&str> = self.folded.text[f.range.clone()]
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        let is_need = |w: &str| cx.need_words.iter().any(|n| n == w);
        let is_condition = |w: &str| cx.condition_words.iter().any(|c| c == w);
        // The need is the child's when the child is who needs: "when
        // Ava-Rose needs", not "when the class needs" or "whenever needed".
        let childs_need =
            resource && words.get(1).is_some_and(|&w| w != "the" && w != "staff" && !is_need(w) && !is_condition(w));
        !condition
            && !words.iter().any(|&w| if childs_need && is_need(w) { false } else { is_condition(w) || is_need(w) })
    }

    /// A resource that is time the child takes ("movement breaks", "time
    /// out", "seibiant"), named in the description.
    fn is_time_taken(&self) -> bool {
        let cx = &self.lex.context.quantities;
        self.parts.iter().filter(|p| p.role == Role::Description).any(|p| {
            let padded = format!(" {} ", &self.folded.text[p.range.clone()]);
            cx.time_taken.iter().any(|t| padded.contains(&format!(" {t} ")))
        })
    }

    /// A resource whose point is an adult's action ("daily listening check").
    fn adult_action(&self) -> bool {
        self.parts
            .iter()
            .filter(|p| p.role == Role::Description)
            .any(|p| !self.lex.kinds.adult_action.find(&self.folded.text[p.range.clone()]).is_empty())
    }

    fn in_scope<'s>(&'s self, scope: &'s [usize]) -> impl Iterator<Item = &'s Found> + 's {
        self.found.iter().filter(move |(p, _)| scope.contains(p)).map(|(_, f)| f)
    }

    fn frequency(&self, kind: Kind) -> Element {
        let primary = self.filled(&[Role::Frequency, Role::FrequencyDuration]);
        let dedicated = self.filled(&[Role::Frequency]);
        let dedicated_scope = primary.clone();
        let scope = if primary.is_empty() { self.provision_parts() } else { primary };
        let sigs: Vec<&Found> = self
            .in_scope(&scope)
            .filter(|f| {
                matches!(f.element, PatternElement::Frequency | PatternElement::Coverage) || f.signal == Signal::Total
            })
            .collect();
        // A match inside a longer one is part of it: "per week" in "up to 3
        // hours per week" is not a weekly rate of its own.
        let sigs = outermost(sigs, |f| f.range.clone());
        // "Sessions per week | 1": a bare count under a header that names the
        // period is the rate.
        if let Some(&p) = dedicated.iter().find(|&&p| self.bare_count_under_rate_header(p)) {
            return self.part_element(Status::Present, p);
        }
        if let Some(&p) = dedicated_scope.iter().find(|&&p| self.compact_rate_under_rate_header(p)) {
            return self.part_element(Status::Present, p);
        }
        // "Weekly, subject to pool availability": a rate that waits on a
        // condition in the cell that says how often is not definite.
        if let Some(h) = dedicated_scope.iter().find_map(|&p| self.hedge_in(p, CONDITIONAL)) {
            return self.element(Status::Vague, Some(h.range.clone()), None);
        }
        if let Some(v) = sigs.iter().find(|f| f.signal == Signal::VagueCount) {
            return self.element(Status::Vague, Some(v.range.clone()), None);
        }
        // Equipment the child uses when an event happens or when the child
        // chooses ("when he shows his card", "when the hall is noisy") is
        // there as often and as long as that happens; for anything else, and
        // when the provision only offers access to it, a trigger leaves the
        // schedule open.
        // A review tied to an event ("training for new staff when staff
        // change", "review when she moves class") happens each time it
        // does; one that waits on a condition ("if progress is not made")
        // may never happen.
        let when_event = |f: &Found| {
            let said = &self.folded.text[f.range.clone()];
            ["when ", "whenever ", "each time ", "every time ", "pan ", "bob tro "].iter().any(|w| said.starts_with(w))
        };
        let childs_trigger = |f: &&Found| {
            f.signal == Signal::Trigger
                && (kind == Kind::Resource || (kind == Kind::Review && when_event(f)))
                && !self.offers_access()
                && self.is_event(f, kind == Kind::Resource)
        };
        // A vague rate ("regularly") or a trigger ("as and when required")
        // says the schedule is not fixed, whatever else the text names.
        let vague_rate =
            sigs.iter().find(|f| matches!(f.signal, Signal::VagueRate | Signal::Trigger) && !childs_trigger(f));
        let once = sigs.iter().find(|f| f.signal == Signal::Once);
        let dated = sigs.iter().find(|f| matches!(f.signal, Signal::Dated | Signal::Deadline));
        // A date in the cell that says when is when a one-off happens ("Spring
        // term 2027"), unless it is when the provision starts or stops.
        // A date in the cell that says when, or after "in" or "on" ("visits
        // in June 2027"), is when a one-off happens, unless it is when the
        // provision starts or stops ("from January 2027").
        let dated_here = dated.filter(|d| {
            let cx = &self.lex.context.quantities;
            // "in the summer term 2027": past the article.
            let text = &self.folded.text;
            let before = previous_word(text, d.range.start).and_then(|w| {
                if matches!(w, "the" | "y" | "yr") {
                    let at = text[..d.range.start].trim_end_matches(' ').len() - w.len();
                    previous_word(text, at)
                } else {
                    Some(w)
                }
            });
            let is = |words: &[String]| before.is_some_and(|p| words.iter().any(|w| w == p));
            kind == Kind::Review
                || is(&cx.occasion_before)
                || (!dedicated_scope.is_empty() && !is(&cx.not_occasion_before))
        });
        let pick = |s: Signal| sigs.iter().find(|f| f.signal == s && !f.is_ceiling());
        let best = pick(Signal::Rate)
            .or_else(|| pick(Signal::Total))
            .or_else(|| pick(Signal::Adverb))
            .or_else(|| pick(Signal::Every))
            .or_else(|| pick(Signal::Days))
            .or_else(|| if kind == Kind::Review { sigs.iter().find(|f| f.signal == Signal::Deadline) } else { None })
            // A word about the rate ("regularly", "flexible") outweighs a
            // schedule or a single occasion.
            .or_else(|| if vague_rate.is_some() { None } else { pick(Signal::Schedule) })
            .or_else(|| if vague_rate.is_some() { None } else { pick(Signal::Coverage) })
            .or_else(|| if vague_rate.is_some() { None } else { sigs.iter().find(|f| childs_trigger(f)) })
            .or_else(|| once.filter(|_| dated.is_some()))
            // A one-off by a date ("training by 30 November", "fitted by 1
            // December 2026") says when, whatever its kind.
            .or_else(|| if vague_rate.is_some() { None } else { sigs.iter().find(|f| f.signal == Signal::Deadline) })
            .or_else(|| if vague_rate.is_some() { None } else { dated_here })
            .or_else(|| if vague_rate.is_some() { None } else { once });
        if let Some(f) = best {
            // Nor is one that the cell saying what makes conditional ("Talk
            // Time session if the assistant is available | Every Friday").
            // The schedule it states is kept as the value: with the
            // condition gone, it stands ("Every Friday").
            if let Some(h) = self.condition_on_schedule() {
                return self.element(Status::Vague, Some(h.range.clone()), f.value.clone());
            }
            // "Visits in the summer term 2026, to be arranged": a one-off's
            // date that is itself put off or conditional says when only
            // roughly. (A date in a cell of its own stands: "Spring term
            // 2027, dates TBC" fixes the term.)
            if matches!(f.signal, Signal::Dated | Signal::Deadline | Signal::Once)
                && dedicated_scope.is_empty()
                && let Some(h) = self.hedged(CONDITIONAL_OR_DEFERRED)
            {
                return self.element(Status::Vague, Some(h.range.clone()), f.value.clone());
            }
            let mut value = f.value.clone();
            if f.signal == Signal::Once
                && let (Some(v), Some(d)) = (value.as_mut(), dated)
            {
                v.date = Some(self.folded.text[d.range.clone()].to_string());
            }
            return self.element(Status::Present, Some(f.range.clone()), value);
        }
        if let Some(f) = sigs
            .iter()
            .find(|f| matches!(f.signal, Signal::VagueRate | Signal::Vague | Signal::Trigger) || f.is_ceiling())
        {
            // A ceiling keeps its number ("up to three times a week"): the
            // element is vague, but a reader still sees what was offered.
            return self.element(Status::Vague, Some(f.range.clone()), f.value.clone().filter(|_| f.is_ceiling()));
        }
        // "Time | Monday | … | Friday": a provision set in a timetable's
        // day columns runs on the days whose cells it fills.
        if let Some(p) = (0..self.parts.len()).find(|&i| {
            !self.parts[i].blank && self.raw.fields.get(i).is_some_and(|f| self.lex.numbers.is_weekday_name(&f.name))
        }) {
            return self.part_element(Status::Present, p);
        }
        if let Some(&p) = dedicated_scope.iter().find(|&&p| self.names_occasions(p)) {
            return self.part_element(Status::Present, p);
        }
        if let Some(&p) = dedicated.first() {
            return self.part_element(Status::Vague, p);
        }
        Element::status(Status::Missing)
    }

    /// The cell saying when names only times of the school day that come
    /// every day, or a clock time ("Home time", "8.50–9.05 (soft start)"),
    /// or which lessons ("English, science and humanities lessons": each
    /// of them; the column supplies the "in"). Bare "lessons" or "in the
    /// lessons" says where, not which (`bare_schedule`).
    fn names_occasions(&self, part: usize) -> bool {
        let cx = &self.lex.context.quantities;
        let text = self.folded.text[self.parts[part].range.clone()].trim();
        if cx.daily_occasion.is_match(text) {
            return true;
        }
        let Some(which) = text.strip_suffix(" lessons") else {
            return false;
        };
        let words: Vec<&str> = which.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        words.len() <= 8
            && words.iter().all(|w| w.chars().all(|c| c.is_alphabetic() || c == '&' || c == '\'' || c == '-'))
            && words.iter().any(|w| !cx.bare_schedule.iter().any(|b| b == w))
            && !words.iter().any(|w| cx.vague_quantifiers.iter().any(|q| q == w))
    }

    fn duration(&self, kind: Kind) -> Element {
        if kind == Kind::Review {
            return Element::status(Status::NotApplicable);
        }
        let primary = self.filled(&[Role::Duration, Role::FrequencyDuration]);
        let dedicated = self.filled(&[Role::Duration]);
        // "Minutes per session | 20": a bare number under a header that
        // names the unit is the length.
        if let Some(&p) = dedicated.iter().find(|&&p| self.bare_length_under_length_header(p)) {
            return self.part_element(Status::Present, p);
        }
        if let Some(&p) = primary.iter().find(|&&p| self.compact_rate_under_rate_header(p)) {
            return self.part_element(Status::Present, p);
        }
        let in_duration_column = !primary.is_empty();
        let scope = if primary.is_empty() { self.provision_parts() } else { primary };
        let sigs: Vec<&Found> = self.in_scope(&scope).collect();
        let definite = sigs.iter().find(|f| match f.signal {
            Signal::Length | Signal::Total | Signal::Amount => !f.is_ceiling(),
            Signal::Slot | Signal::Course | Signal::Coverage => true,
            Signal::Rate => f.length.is_some() && !f.is_ceiling(),
            Signal::Schedule => {
                // "1:1 support in the pool in swimming lessons" covers
                // those lessons, for support and resources, unless the
                // provision is conditional or vague about when ("in PE
                // lessons as appropriate", "in lessons | when required").
                matches!(kind, Kind::Support | Kind::Resource)
                    && self.folded.text[f.range.clone()].ends_with("lessons")
                    && !self.found.iter().any(|(_, g)| {
                        matches!(g.signal, Signal::Vague | Signal::VagueRate | Signal::VagueCount | Signal::Trigger)
                    })
            }
            _ => false,
        });
        let measured = |f: &Found| {
            matches!(f.signal, Signal::Length | Signal::Total | Signal::Amount | Signal::Slot)
                || (f.signal == Signal::Rate && f.length.is_some())
        };
        // A duration cell that says only when ("Ar ddiwedd pob gwers") leaves
        // the amount to the description ("Pàs i adael pob gwers 5 munud yn
        // gynnar").
        let all_parts = self.provision_parts();
        let fallback = if in_duration_column && !definite.is_some_and(|f| measured(f)) {
            self.in_scope(&all_parts).find(|f| !f.is_ceiling() && measured(f))
        } else {
            None
        };
        let definite: Option<&Found> = fallback.or(definite.copied());
        // "A high level of adult supervision on each school trip": when, but
        // how much is left open. Only a stated length or amount says how much.
        let measured = definite.is_some_and(measured);
        // "Every lesson, where possible": coverage that waits on a condition
        // covers nothing for certain.
        if !measured
            && let Some(f) = definite
            && let Some(h) = self.condition_on_schedule()
        {
            // What it covers is kept as the value: with the condition gone,
            // it stands ("throughout the day").
            return self.element(Status::Vague, Some(h.range.clone()), f.value.clone());
        }
        if !measured && let Some(h) = self.hedged(UNQUANTIFIED) {
            return self.element(Status::Vague, Some(h.range.clone()), None);
        }
        if let Some(f) = definite {
            let value = if f.signal == Signal::Rate { f.length.clone() } else { f.value.clone() };
            return self.element(Status::Present, Some(f.range.clone()), value);
        }
        // "One afternoon" in a duration column: a span of the school day.
        if in_duration_column && let Some(r) = self.span_in(&scope) {
            return self.element(Status::Present, Some(r), None);
        }
        // Support or a resource at "Snack time and lunch" covers those
        // times (a clock time says how long itself).
        if matches!(kind, Kind::Support | Kind::Resource)
            && !in_duration_column
            && let Some(&p) = self.filled(&[Role::Frequency]).iter().find(|&&p| self.names_occasions(p))
            && !self.folded.text[self.parts[p].range.clone()].trim_start().starts_with(|c: char| c.is_ascii_digit())
        {
            return self.part_element(Status::Present, p);
        }
        if let Some(f) = sigs.iter().find(|f| {
            (matches!(f.signal, Signal::Length | Signal::Total | Signal::Amount | Signal::Rate) && f.is_ceiling())
                || (f.element == PatternElement::Duration && f.signal == Signal::Vague)
        }) {
            return self.element(Status::Vague, Some(f.range.clone()), f.value.clone().filter(|_| f.is_ceiling()));
        }
        // A resource's duration cell that says when it is used ("Every
        // school day", "Pan fydd Cadi yn gofyn amdanynt") says how long:
        // whenever that is (GUIDELINE: "when/where it is used").
        if kind == Kind::Resource
            && let Some(&p) = dedicated.iter().find(|&&p| self.says_when_used(p))
        {
            return self.part_element(Status::Present, p);
        }
        if let Some(&p) = dedicated.first() {
            return self.part_element(Status::Vague, p);
        }
        Element::status(Status::Missing)
    }

    /// The part states a definite schedule or the child's own trigger, with
    /// no hedge in it, and nothing in the provision caps or leaves open how
    /// much ("up to 25% extra time").
    fn says_when_used(&self, part: usize) -> bool {
        let r = &self.parts[part].range;
        let hedged = self.hedges.iter().any(|h| r.start <= h.range.start && h.range.end <= r.end);
        !hedged
            && !self.offers_access()
            && self.hedged(UNQUANTIFIED).is_none()
            && !self.found.iter().any(|(_, f)| f.is_ceiling())
            && self.in_scope(&[part]).any(|f| match f.signal {
                Signal::Every | Signal::Days | Signal::Schedule | Signal::Adverb => true,
                Signal::Rate => !f.is_ceiling(),
                Signal::Trigger => self.is_event(f, false),
                _ => false,
            })
    }

    fn span_in(&self, scope: &[usize]) -> Option<Range<usize>> {
        let cx = &self.lex.context.quantities;
        scope.iter().find_map(|&p| {
            let r = self.parts[p].range.clone();
            cx.session_span
                .find_iter(&self.folded.text[r.clone()])
                .map(|m| r.start + m.start()..r.start + m.end())
                // "twice a day" is a rate, not a day.
                .find(|m| {
                    !previous_word(&self.folded.text, m.start).is_some_and(|w| cx.span_not_after.iter().any(|n| n == w))
                })
        })
    }

    fn provider(&self, kind: Kind, found: &PeopleFound) -> Element {
        // A role in the provider's own column outranks one named in passing
        // in the description ("Social Stories about supply teachers | ALNCo").
        let in_provider_column = |m: &&people::Mention| {
            self.parts
                .iter()
                .any(|p| p.role == Role::Provider && p.range.start <= m.range.start && m.range.end <= p.range.end)
        };
        let deliverers = || found.roles.iter().filter(|m| m.context == MentionContext::Deliverer);
        // "Mrs Carys Bowen, HLTA": the listed role says more than the name
        // or a title found by its head noun.
        let post = self.lex.people.heads.role;
        let listed = |m: &&people::Mention| Some(m.role) != post;
        let deliverer = deliverers()
            .filter(in_provider_column)
            .find(listed)
            .or_else(|| deliverers().find(in_provider_column))
            .or_else(|| deliverers().next());
        // "Trained Drawing and Talking practitioner – TBC": who it will be is
        // still to be decided.
        if let Some(h) = self.filled(&[Role::Provider]).into_iter().find_map(|p| self.hedge_in(p, DEFERRED)) {
            return self.element(Status::Vague, Some(h.range.clone()), None);
        }
        if let Some(m) = deliverer {
            let role = &self.lex.people.roles[m.role];
            let value = Value { role: Some(role.label.clone()), regulated: Some(role.regulated), ..Value::default() };
            return self.element(Status::Present, Some(m.range.clone()), Some(value));
        }
        if kind == Kind::Resource {
            return Element::status(Status::NotApplicable);
        }
        let in_column = |v: &&std::ops::Range<usize>| {
            self.parts.iter().any(|p| p.role == Role::Provider && p.range.start <= v.start && v.end <= p.range.end)
        };
        if let Some(v) = found.vague.iter().find(in_column).or_else(|| found.vague.first()) {
            return self.element(Status::Vague, Some(v.clone()), None);
        }
        if let Some(&p) = self.filled(&[Role::Provider]).first() {
            return self.part_element(Status::Vague, p);
        }
        if let Some(&p) = self.filled(&[Role::Organisation]).first() {
            return self.part_element(Status::Vague, p);
        }
        Element::status(Status::Missing)
    }

    fn qualification(&self, kind: Kind, found: &PeopleFound) -> Element {
        if kind == Kind::Review {
            return Element::status(Status::NotApplicable);
        }
        let roles = &self.lex.people.roles;
        // "Makaton Level 1; other staff will be trained where possible": the
        // cell that states the training makes it conditional or puts it off.
        if let Some(h) =
            self.filled(&[Role::Qualification]).into_iter().find_map(|p| self.hedge_in(p, CONDITIONAL_OR_DEFERRED))
        {
            return self.element(Status::Vague, Some(h.range.clone()), None);
        }
        if let Some(r) = found.qual_present.first() {
            let kind = credential_type(&self.lex.context.people.credentials, &self.folded.text[r.clone()]);
            let whole = self.clause_from(r.clone());
            let credential = &self.raw.text[self.folded.original(whole.clone())];
            let value =
                Value { credential: Some(credential.to_string()), credential_type: Some(kind), ..Value::default() };
            return self.element(Status::Present, Some(whole), Some(value));
        }
        let regulated = found.roles.iter().find(|m| {
            roles[m.role].regulated && matches!(m.context, MentionContext::Deliverer | MentionContext::Supervisor)
        });
        if let Some(m) = regulated {
            let value = Value { regulated_profession: Some(roles[m.role].label.clone()), ..Value::default() };
            return self.element(Status::Present, Some(m.range.clone()), Some(value));
        }
        if kind == Kind::Resource {
            return match found.qual_vague.first() {
                Some(r) => self.element(Status::Vague, Some(r.clone()), None),
                None => Element::status(Status::NotApplicable),
            };
        }
        if let Some(r) = found.qual_vague.first() {
            return self.element(Status::Vague, Some(r.clone()), None);
        }
        // A training column with something in it states the training
        // ("Talkabout training (2025)"), unless what it says is vague
        // (caught above).
        let says_none =
            |p: &usize| self.lex.context.people.no_training.is_match(&self.folded.text[self.parts[*p].range.clone()]);
        if let Some(&p) = self.filled(&[Role::Qualification]).iter().find(|p| !says_none(p)) {
            let r = self.parts[p].range.clone();
            let credential = &self.raw.text[self.folded.original(r.clone())];
            let value = Value {
                credential: Some(credential.to_string()),
                credential_type: Some(credential_type(
                    &self.lex.context.people.credentials,
                    &self.folded.text[r.clone()],
                )),
                ..Value::default()
            };
            return self.element(Status::Present, Some(r), Some(value));
        }
        let vague_title =
            found.roles.iter().find(|m| m.context == MentionContext::Deliverer && roles[m.role].vague_qualification);
        if let Some(m) = vague_title {
            return self.element(Status::Vague, Some(m.range.clone()), None);
        }
        Element::status(Status::Missing)
    }

    /// Widen a qualification match ("trained in") to the rest of its clause
    /// ("trained in Talkabout by the school's SaLT"), within its part.
    fn clause_from(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let Some(part) = self.parts.iter().find(|p| p.range.start <= r.start && r.end <= p.range.end) else {
            return r;
        };
        let text = &self.folded.text;
        let rest = &text[r.end..part.range.end];
        let mut end = rest.find(['.', ';', ',', '|', '(', ')', '\n']).unwrap_or(rest.len());
        for stop in &self.lex.context.people.clause_stops {
            if let Some(i) = rest[..end].find(stop.as_str()) {
                end = end.min(i);
            }
        }
        // Keep a clause short: a credential, not the rest of the provision.
        if end > 70 {
            return r;
        }
        let mut e = r.end + end;
        while e > r.end && text.as_bytes()[e - 1] == b' ' {
            e -= 1;
        }
        r.start..e
    }

    fn group(&self, kind: Kind) -> Element {
        let scope = self.provision_parts();
        let sigs: Vec<&Found> = self.in_scope(&scope).filter(|f| f.element == PatternElement::Group).collect();
        if let Some(f) = sigs.iter().find(|f| f.signal == Signal::Size) {
            return self.element(Status::Present, Some(f.range.clone()), f.value.clone());
        }
        if matches!(kind, Kind::Resource | Kind::Review) {
            return Element::status(Status::NotApplicable);
        }
        if let Some(f) = sigs.iter().find(|f| f.signal == Signal::Vague) {
            return self.element(Status::Vague, Some(f.range.clone()), None);
        }
        Element::status(Status::Missing)
    }
}

/// What sort of credential a qualification statement is.
fn credential_type(words: &Credentials, text: &str) -> &'static str {
    let has = |w: &[String]| w.iter().any(|x| text.contains(x.as_str()));
    if has(&words.supervision) {
        "supervision"
    } else if has(&words.registration) {
        "registration"
    } else if has(&words.training) {
        "training"
    } else {
        "qualification"
    }
}

/// The items not lying inside a strictly longer one, in their order. One
/// sweep over the items sorted by start (ties: longer first), so a long
/// provision with many matches stays linear-ish, not quadratic.
pub(super) fn outermost<T: Copy>(items: Vec<T>, range: impl Fn(&T) -> Range<usize>) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| (range(&items[i]).start, std::cmp::Reverse(range(&items[i]).end)));
    let mut keep = vec![true; items.len()];
    let mut reach: Option<Range<usize>> = None;
    for &i in &order {
        let r = range(&items[i]);
        if let Some(g) = &reach
            && r.end <= g.end
            && *g != r
        {
            keep[i] = false;
            continue;
        }
        if reach.as_ref().is_none_or(|g| r.end > g.end) {
            reach = Some(r);
        }
    }
    items.into_iter().zip(keep).filter_map(|(x, k)| k.then_some(x)).collect()
}

/// The word just before `at`, if only spaces stand between.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let trimmed = text[..at].trim_end_matches(' ');
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
    let w = &trimmed[start..];
    (!w.is_empty() && trimmed.len() < at).then_some(w)
}
