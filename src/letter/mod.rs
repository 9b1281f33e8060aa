//! The letter to the school: `idp-audit letter PLAN --out FILE`.
//!
//! A parent who has found vague provision in Section 2B writes to the ALNCo
//! asking for it to be revised. The letter follows the parents' guides:
//! the legal standard, stated once; a table of the provisions asked about;
//! then for each what Section 2B now says, what it does not state and the
//! wording asked for instead; a reply date 10 school days on (working days
//! where the term dates are not known), and what happens if none comes.
//!
//! The letter is written in English, in Welsh, or in both (the Welsh first,
//! as Welsh public bodies publish, then the English after a page break);
//! by default in the plan's own language. Its words are data
//! (`text/en.toml`, `text/cy.toml`). The child, school, ALNCo and the date
//! of the IDP come from the sender, or else from the plan's front page.
//!
//! [`build`] turns a [`DocumentReport`] and the [`LetterDetails`] into
//! typed [`Letters`]; [`docx`], [`markdown`] and [`plain`] only lay them
//! out, so every format says the same words. A detail nobody gave (the
//! parent's name, the school's address) is a placeholder in square
//! brackets, never a guess.

pub mod deadline;
pub mod docx;
pub mod markdown;
pub(crate) mod output;
pub mod plain;
pub mod text;

use crate::language::{Lang, PlanLanguage};
use crate::report::words;
use crate::types::provision::{Layout, Location, RawProvision};
use crate::types::{ElementName, FindingKind, Kind, Verdict};
use crate::{DocumentReport, Options, Provision};
use deadline::{DayKind, TermDates};
use jiff::civil::{Date, Weekday};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use text::Text;

pub use output::OutputFormat;

/// The languages a letter can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Languages {
    En,
    Cy,
    /// Both: the Welsh letter first, then the English.
    Both,
}

impl Languages {
    /// The letters to write, in order.
    pub fn order(self) -> &'static [Lang] {
        match self {
            Languages::En => &[Lang::En],
            Languages::Cy => &[Lang::Cy],
            Languages::Both => &[Lang::Cy, Lang::En],
        }
    }

    /// The language of a plan: a bilingual plan gets both.
    pub fn of_plan(p: PlanLanguage) -> Self {
        match p {
            PlanLanguage::English => Languages::En,
            PlanLanguage::Welsh => Languages::Cy,
            PlanLanguage::Bilingual => Languages::Both,
        }
    }
}

/// What the person sending the letter tells idp-audit. Anything left out
/// is taken from the plan's front page, or becomes a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterDetails {
    /// The letter's date; the reply date counts from it.
    pub date: Date,
    pub parent: Option<String>,
    /// The parent's address, one line each (or commas).
    pub address: Option<String>,
    /// An email address or phone number.
    pub contact: Option<String>,
    pub child: Option<String>,
    pub school: Option<String>,
    pub school_address: Option<String>,
    /// The ALNCo's name.
    pub to: Option<String>,
    /// `None`: the plan's own language.
    pub lang: Option<Languages>,
    /// The school's own term dates (`None`: Wales's usual school year).
    pub terms: Option<Arc<TermDates>>,
}

impl LetterDetails {
    /// Details dated `date`, with every name left to the plan or a
    /// placeholder.
    pub fn new(date: Date) -> Self {
        LetterDetails {
            date,
            parent: None,
            address: None,
            contact: None,
            child: None,
            school: None,
            school_address: None,
            to: None,
            lang: None,
            terms: None,
        }
    }
}

/// Today's date where the computer is (a letter is dated in local time,
/// not UTC: at 00:30 in British Summer Time it is already tomorrow).
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

pub use crate::dates::parse_date;

// ---------------------------------------------------------------------------
// The model.

/// The letters for one plan, in order: one, or the Welsh and the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letters {
    pub letters: Vec<Letter>,
    /// The document's title and author (the parent, or idp-audit), and its
    /// date, for the Word file's properties.
    pub title: String,
    pub author: String,
    pub date: Date,
    /// The reply date.
    pub deadline: Date,
    pub deadline_kind: DayKind,
    /// How many provisions the letter asks to have revised.
    pub provisions: usize,
    /// The details nobody gave, left as placeholders for the sender to fill
    /// in ("your address"), in English for the command's message.
    pub missing_details: Vec<&'static str>,
}

/// A whole letter in one language, in order, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub lang: Lang,
    /// The sender's name and address, one line each.
    pub sender: Vec<String>,
    /// The letter's date, written out ("1 December 2025").
    pub date: String,
    /// The ALNCo's name, role, school and address, one line each.
    pub recipient: Vec<String>,
    pub salutation: String,
    /// The subject line: the child and the IDP.
    pub subject: String,
    pub body: Vec<Part>,
    pub sign_off: String,
    /// The name under the signature, and who they are.
    pub signature: Vec<String>,
    /// Outside the letter: what idp-audit is, and what to do before sending.
    pub note: Vec<String>,
    /// "Page" and "of", for the page numbers.
    pub page_words: (String, String),
}

/// One piece of the letter's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Paragraph(String),
    /// A heading: a section of the letter, or one provision.
    Heading(String),
    /// A smaller line under a provision's heading: where it is in the plan.
    Subheading(String),
    /// Words quoted as they are (from the plan, or the wording asked for),
    /// one line per part of the provision.
    Quote(Vec<QuoteLine>),
    /// A table: its header and rows of cells.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteLine {
    /// The column or sub-field it came from ("How often"), when the plan
    /// has one.
    pub label: Option<String>,
    pub text: String,
}

impl Letter {
    /// Every piece of text in the letter, in order (for counting
    /// placeholders and for tests).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let body = self.body.iter().flat_map(|p| -> Vec<&str> {
            match p {
                Part::Paragraph(t) | Part::Heading(t) | Part::Subheading(t) => vec![t.as_str()],
                Part::Quote(lines) => lines
                    .iter()
                    .flat_map(|l| l.label.as_deref().into_iter().chain(std::iter::once(l.text.as_str())))
                    .collect(),
                Part::Table { header, rows } => {
                    header.iter().chain(rows.iter().flatten()).map(String::as_str).collect()
                }
            }
        });
        self.sender
            .iter()
            .map(String::as_str)
            .chain([self.date.as_str()])
            .chain(self.recipient.iter().map(String::as_str))
            .chain([self.salutation.as_str(), self.subject.as_str()])
            .chain(body)
            .chain([self.sign_off.as_str()])
            .chain(self.signature.iter().map(String::as_str))
    }

    /// The gaps in square brackets the letter leaves, the note aside.
    pub fn placeholders(&self) -> usize {
        self.texts().map(|t| pieces(t).iter().filter(|p| p.placeholder).count()).sum()
    }
}

impl Letters {
    /// The gaps in square brackets the letters leave.
    pub fn placeholders(&self) -> usize {
        self.letters.iter().map(Letter::placeholders).sum()
    }
}

/// A run of text, and whether it is a placeholder in square brackets (a
/// renderer highlights those, so the gaps are easy to find and fill).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    pub text: &'a str,
    pub placeholder: bool,
}

/// Split text into plain runs and "[placeholder]" runs (brackets kept).
/// A year in brackets is a law report's citation ("[1998] ELR 129"), not a
/// gap.
pub(crate) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find('[').map(|i| at + i) {
        let Some(close) = text[open..].find(']').map(|i| open + i) else { break };
        at = close + 1;
        let inside = &text[open + 1..close];
        if inside.is_empty() || inside.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if open > plain_from {
            out.push(Piece { text: &text[plain_from..open], placeholder: false });
        }
        out.push(Piece { text: &text[open..=close], placeholder: true });
        plain_from = close + 1;
    }
    if plain_from < text.len() {
        out.push(Piece { text: &text[plain_from..], placeholder: false });
    }
    out
}

// ---------------------------------------------------------------------------
// Building the letter.

/// Why no letter was written for a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoLetter {
    /// The plan could not be read (the reader's message says why).
    Unreadable(String),
    NoSection2B,
    /// Every provision is specific (or Section 2B lists none): there is
    /// nothing to ask the school to change. Not an error.
    NothingVague {
        provisions: usize,
    },
    /// The vague provisions are one-off events (a visit, an assessment)
    /// whose date and deliverer the plan states: only their training is
    /// unstated, which a letter does not ask for. Not an error.
    OnlyEvents {
        vague: usize,
    },
}

impl NoLetter {
    /// True when this is a problem with the plan, not good news.
    pub fn is_error(&self) -> bool {
        !matches!(self, NoLetter::NothingVague { .. } | NoLetter::OnlyEvents { .. })
    }
}

impl fmt::Display for NoLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoLetter::Unreadable(msg) => write!(f, "The plan could not be read, so no letter was written. {msg}"),
            NoLetter::NoSection2B => f.write_str(
                "No Section 2B was found in this plan, so there is no provision to quote and no letter was written. \
                 If the plan does describe its provision, look for a heading such as \"Section 2B\" or \"Adran 2B\"; \
                 `idp-audit dump PLAN` shows what idp-audit read.",
            ),
            NoLetter::NothingVague { provisions: 0 } => f.write_str(
                "Section 2B was found, but it lists no provision, so there is nothing to quote and no letter was \
                 written.",
            ),
            NoLetter::NothingVague { provisions } => write!(
                f,
                "{} in Section 2B {} specific, so there is nothing to ask the school to change. No letter was written.",
                match provisions {
                    1 => "The one provision".to_string(),
                    n => format!("All {n} provisions"),
                },
                if *provisions == 1 { "is" } else { "are" }
            ),
            NoLetter::OnlyEvents { vague } => write!(
                f,
                "{} in Section 2B {} one-off (a visit, an assessment) whose date and deliverer the plan states; \
                 idp-audit does not ask for the training of whoever delivers a one-off, so there is nothing to ask the \
                 school to change. No letter was written.",
                words::count(*vague, "vague provision", "vague provisions"),
                if *vague == 1 { "is a" } else { "are each a" }
            ),
        }
    }
}

/// The languages of a plan's Section 2B.
pub fn plan_language(report: &DocumentReport) -> PlanLanguage {
    crate::language::plan_language(report.provisions.iter().map(|p| p.raw.text.as_str()))
}

/// The letters for a checked plan, with the lexicon the plan was checked
/// with (for the rewrites).
pub fn build_with(report: &DocumentReport, details: &LetterDetails, opts: &Options) -> Result<Letters, NoLetter> {
    match report.status {
        crate::Status::Error => {
            let msg = report.error.as_ref().map(|e| e.message.clone()).unwrap_or_default();
            return Err(NoLetter::Unreadable(msg));
        }
        crate::Status::NoSection2B => return Err(NoLetter::NoSection2B),
        crate::Status::Ok => {}
    }
    let vague: Vec<&Provision> =
        report.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague && worth_asking(p)).collect();
    if vague.is_empty() {
        return Err(match report.vague_count() {
            0 => NoLetter::NothingVague { provisions: report.provisions.len() },
            n => NoLetter::OnlyEvents { vague: n },
        });
    }
    let langs = details.lang.unwrap_or_else(|| Languages::of_plan(plan_language(report)));
    let facts = Facts::new(report, details);
    let terms = details.terms.as_deref().unwrap_or_else(|| TermDates::builtin());
    let deadline = deadline::reply_by(details.date, terms);
    let letters: Vec<Letter> =
        langs.order().iter().map(|&lang| one_letter(lang, &vague, report, &facts, &deadline, terms, opts)).collect();
    let first = &letters[0];
    Ok(Letters {
        title: first.subject.clone(),
        author: facts.parent.clone().unwrap_or_else(|| "idp-audit".to_string()),
        date: details.date,
        deadline: deadline.date,
        deadline_kind: deadline.kind,
        provisions: vague.len(),
        missing_details: facts.missing.clone(),
        letters,
    })
}

/// The letters for a checked plan (the built-in lexicon).
pub fn build(report: &DocumentReport, details: &LetterDetails) -> Result<Letters, NoLetter> {
    build_with(report, details, &Options::default())
}

fn given(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// The details the letter uses, from the sender or else the plan.
struct Facts {
    date: Date,
    parent: Option<String>,
    address: Vec<String>,
    contact: Option<String>,
    child: Option<String>,
    school: Option<String>,
    school_address: Vec<String>,
    alnco: Option<String>,
    idp_date: Option<String>,
    missing: Vec<&'static str>,
}

/// An address as lines: its own lines, or its commas.
fn address_lines(a: &Option<String>) -> Vec<String> {
    let Some(a) = given(a) else { return Vec::new() };
    let sep: &[char] = if a.contains('\n') { &['\n'] } else { &[','] };
    a.split(sep).map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

impl Facts {
    fn new(report: &DocumentReport, d: &LetterDetails) -> Self {
        let front = &report.front;
        let mut missing = Vec::new();
        let parent = given(&d.parent);
        let child = given(&d.child).or_else(|| front.child.clone());
        let school = given(&d.school).or_else(|| front.school.clone());
        let alnco = given(&d.to).or_else(|| front.alnco.clone());
        let address = address_lines(&d.address);
        let school_address = address_lines(&d.school_address);
        let contact = given(&d.contact);
        for (has, what) in [
            (parent.is_some(), "your name"),
            (child.is_some(), "your child's name"),
            (school.is_some(), "the school's name"),
            (alnco.is_some(), "the ALNCo's name"),
            (!address.is_empty(), "your address"),
            (contact.is_some(), "your email address or phone number"),
            (!school_address.is_empty(), "the school's address"),
        ] {
            if !has {
                missing.push(what);
            }
        }
        Facts {
            date: d.date,
            parent,
            address,
            contact,
            child,
            school,
            school_address,
            alnco,
            idp_date: front.idp_date.clone(),
            missing,
        }
    }
}

/// The letter in one language.
fn one_letter(
    lang: Lang,
    vague: &[&Provision],
    report: &DocumentReport,
    f: &Facts,
    deadline: &deadline::Deadline,
    terms: &TermDates,
    opts: &Options,
) -> Letter {
    let t = text::text(lang);
    let or = |v: &Option<String>, key: &str| v.clone().unwrap_or_else(|| t.word(key));
    let parent = or(&f.parent, "your-name");
    let child = or(&f.child, "child-placeholder");
    let school = or(&f.school, "school-placeholder");
    let alnco = or(&f.alnco, "alnco-placeholder");
    let greet = f.alnco.as_deref().map(crate::front::greeting_name).unwrap_or_else(|| t.word("alnco-placeholder"));
    let idp_date = f.idp_date.as_deref().map(|d| written_date(d, lang));
    let reply_by = long_date(deadline.date, true, lang);
    let total = report.provisions.len().to_string();
    // "Seven of its 12 provisions": a sentence does not start with a digit
    // in English; Welsh keeps digits, which spares their mutation.
    let n = match lang {
        Lang::En => number_word(vague.len()),
        Lang::Cy => vague.len().to_string(),
    };
    let slots: Vec<(&str, &str)> = vec![
        ("child", child.as_str()),
        ("school", school.as_str()),
        ("idp_date", idp_date.as_deref().unwrap_or("")),
        ("n", n.as_str()),
        ("total", total.as_str()),
        ("deadline", reply_by.as_str()),
    ];
    let dated = idp_date.is_some();

    let mut body = Vec::new();
    body.push(Part::Paragraph(t.get(if dated { "opening-dated" } else { "opening" }, &slots)));
    let read = match (vague.len(), report.provisions.len()) {
        (1, 1) => "read-all-one",
        (v, all) if v == all => "read-all",
        (1, _) => "read-one",
        _ => "read-many",
    };
    let after = if vague.len() == 1 { "read-after-one" } else { "read-after" };
    body.push(Part::Paragraph(format!("{} {}", t.get(read, &slots), t.word(after))));
    body.push(Part::Heading(t.word("law-heading")));
    body.push(Part::Paragraph(t.word("law-act")));
    body.push(Part::Paragraph(t.word("law-cases")));

    // The summary table.
    body.push(Part::Heading(t.word("summary-heading")));
    let prepared: Vec<(String, String, Vec<String>, String)> = vague
        .iter()
        .map(|p| {
            let rewrite = match &p.rewrite {
                Some(_) => crate::rewrite::rewrite_in(&p.raw, &p.check, opts.lexicon(), lang).text,
                None => t.word("no-rewrite"),
            };
            (short_name(p, lang), lacks_summary(p, t, lang), reasons(p, t, lang), rewrite)
        })
        .collect();
    body.push(Part::Table {
        header: vec![t.word("table-number"), t.word("table-provision"), t.word("table-lacks")],
        rows: vague
            .iter()
            .zip(&prepared)
            .map(|(p, (name, lacks, _, _))| vec![p.index.to_string(), name.clone(), lacks.clone()])
            .collect(),
    });

    body.push(Part::Heading(t.word("provisions-heading")));
    for (p, (name, _, why, rewrite)) in vague.iter().zip(&prepared) {
        let idx = p.index.to_string();
        body.push(Part::Heading(t.get("provision-heading", &[("n", &idx), ("name", name)])));
        body.push(Part::Subheading(describe(&p.raw.location, t)));
        body.push(Part::Paragraph(t.word("now-says")));
        body.push(Part::Quote(quoted(&p.raw, lang)));
        body.push(Part::Paragraph(why.join(" ")));
        // In the statutory form's layout the rewrite is of 2B.2 alone; the
        // outcome, dates and rationale stay as they are.
        body.push(Part::Paragraph(if p.raw.location.layout == Layout::Element && p.raw.fields.len() > 1 {
            t.word("ask-for-element")
        } else {
            t.word("ask-for")
        }));
        body.push(Part::Quote(vec![QuoteLine { label: None, text: rewrite.clone() }]));
    }
    if prepared.iter().any(|(_, _, _, r)| pieces(r).iter().any(|p| p.placeholder)) {
        body.push(Part::Paragraph(t.word("gaps")));
    }
    let days = t.word(match deadline.kind {
        DayKind::School => "school-days",
        DayKind::Working => "working-days",
    });
    let counted = t.word(match deadline.kind {
        DayKind::School => "counted-school",
        DayKind::Working => "counted-working",
    });
    body.push(Part::Paragraph(format!("{} {counted}", t.get("reply", &[("days", &days), ("deadline", &reply_by)]))));
    body.push(Part::Paragraph(t.get("escalate", &slots)));
    body.push(Part::Paragraph(t.word("thanks")));

    let mut note = vec![
        t.word("note-about"),
        t.word("note-before"),
        t.get("note-date", &[("date", &long_date(f.date, false, lang))]),
    ];
    if deadline.kind == DayKind::School {
        note.push(t.get("note-terms", &[("source", &terms.source)]));
    }
    if !deadline.unknown_years.is_empty() {
        let years: Vec<String> = deadline.unknown_years.iter().map(|y| y.to_string()).collect();
        note.push(t.get("note-holidays", &[("years", &join(&years, &t.word("list-and"), lang))]));
    }

    let mut sender = vec![parent.clone()];
    if f.address.is_empty() {
        sender.push(t.word("your-address"));
    } else {
        sender.extend(f.address.iter().cloned());
    }
    sender.push(f.contact.clone().unwrap_or_else(|| t.word("your-contact")));
    let mut recipient = vec![alnco.clone(), t.word("alnco-role"), school.clone()];
    if f.school_address.is_empty() {
        recipient.push(t.word("school-address"));
    } else {
        recipient.extend(f.school_address.iter().cloned());
    }
    Letter {
        lang,
        sender,
        date: long_date(f.date, false, lang),
        recipient,
        salutation: t.get("salutation", &[("name", &greet)]),
        subject: t.get(if dated { "subject-dated" } else { "subject" }, &slots),
        body,
        sign_off: t.word("sign-off"),
        signature: vec![parent, t.get("parent-of", &slots)],
        note,
        page_words: (t.word("footer-page"), t.word("footer-of")),
    }
}

/// "Section 2B, table 1, row 3" in the letter's language.
pub(crate) fn describe(loc: &Location, t: &Text) -> String {
    let mut parts = Vec::new();
    let n = |v: Option<usize>| v.map(|v| v.to_string());
    let mut add = |key: &str, slot: &str, v: Option<usize>| {
        if let Some(v) = n(v) {
            parts.push(t.get(key, &[(slot, &v)]));
        }
    };
    match loc.layout {
        Layout::Table => {
            add("place-table", "table", loc.table);
            add("place-row", "row", loc.row);
            add("place-column", "column", loc.column);
            add("place-item", "item", loc.item);
        }
        Layout::Element => add("place-element", "element", loc.element),
        Layout::List => add("place-item", "item", loc.item),
        Layout::Paragraph => add("place-paragraph", "item", loc.item),
    }
    if parts.is_empty() {
        return "Section 2B".to_string();
    }
    t.get("location", &[("place", &parts.join(", "))])
}

/// A provision's name for its heading and the table: the first words of
/// what it is, in the letter's language where the plan has both.
fn short_name(p: &Provision, lang: Lang) -> String {
    let raw = &p.raw;
    let what = raw
        .fields
        .iter()
        .find(|f| f.role == crate::types::provision::Role::Description && !raw.field_text(f).trim().is_empty())
        .map(|f| raw.field_text(f))
        .unwrap_or(&raw.text);
    let what = &what[crate::language::part_in(what, lang)];
    let what = what.split(['|', ':', ';', '(']).next().unwrap_or(what);
    let words: Vec<&str> = what.split_whitespace().collect();
    const MAX: usize = 8;
    let mut s = words.iter().take(MAX).copied().collect::<Vec<_>>().join(" ");
    s = s.trim_end_matches([',', '.', '-', '–']).to_string();
    if words.len() > MAX {
        s.push('…');
    }
    if s.is_empty() { format!("{}", p.index) } else { s }
}

/// The provision as the plan has it, in the letter's language where it
/// says everything twice: a table row or element block one part per line,
/// labelled with its column or sub-field; a list item or paragraph as one
/// line. Empty parts are left out (what is missing is said in words after
/// the quote); the words are the plan's own.
pub(crate) fn quoted(raw: &RawProvision, lang: Lang) -> Vec<QuoteLine> {
    let own = |s: &str| s[crate::language::part_in(s, lang)].trim().to_string();
    if raw.fields.len() <= 1 {
        return vec![QuoteLine { label: None, text: own(&raw.text) }];
    }
    raw.fields
        .iter()
        .filter_map(|f| {
            let text = own(raw.field_text(f));
            if text.is_empty() {
                return None;
            }
            let label = if raw.location.layout == Layout::Element {
                subfield_label(&f.name, lang).map(str::to_string)
            } else {
                Some(own(&f.name)).filter(|n| !n.is_empty())
            };
            Some(QuoteLine { label, text })
        })
        .collect()
}

/// The statutory form's label for a sub-field key.
fn subfield_label(key: &str, lang: Lang) -> Option<&'static str> {
    Some(match (key, lang) {
        ("outcome", Lang::En) => "2B.1 Outcome",
        ("alp", Lang::En) => "2B.2 Provision",
        ("welsh", Lang::En) => "2B.3 In Welsh",
        ("organisation", Lang::En) => "2B.4 Organisation",
        ("start", Lang::En) => "2B.5 Start date",
        ("review", Lang::En) => "2B.6 Review date",
        ("rationale", Lang::En) => "2B.7 Rationale",
        ("outcome", Lang::Cy) => "2B.1 Deilliant",
        ("alp", Lang::Cy) => "2B.2 Darpariaeth",
        ("welsh", Lang::Cy) => "2B.3 Yn Gymraeg",
        ("organisation", Lang::Cy) => "2B.4 Sefydliad",
        ("start", Lang::Cy) => "2B.5 Dyddiad dechrau",
        ("review", Lang::Cy) => "2B.6 Dyddiad adolygu",
        ("rationale", Lang::Cy) => "2B.7 Rhesymeg",
        _ => return None,
    })
}

/// The words of a span as the letter quotes them: where they are a whole
/// half of a part written in two languages, the other half when that is
/// the letter's language ("Yn ôl yr angen" for "As needed").
fn words_in(raw: &RawProvision, span: Option<&std::ops::Range<usize>>, words: &str, lang: Lang) -> String {
    let Some(span) = span else { return words.to_string() };
    let field = raw.fields.iter().find(|f| f.range.start <= span.start && span.end <= f.range.end);
    let range = field.map(|f| f.range.clone()).unwrap_or(0..raw.text.len());
    let text = &raw.text[range.clone()];
    if let Some([a, b]) = crate::language::twins(text) {
        for (this, other) in [(&a, &b), (&b, &a)] {
            let r = range.start + this.range.start..range.start + this.range.end;
            if r.start >= span.start.saturating_sub(1) && r.end <= span.end + 1 && other.lang == Some(lang) {
                return text[other.range.clone()].trim().to_string();
            }
        }
    }
    words.to_string()
}

/// The elements a provision lacks, as "how often", "for how long", with
/// the vague words quoted: (missing, vague).
fn gaps_in(p: &Provision, t: &Text, lang: Lang) -> (Vec<String>, Vec<String>) {
    let (missing, mut vague) = shaped_gaps(p);
    // A one-off event's "how often" is when it happens.
    let event = crate::rewrite::is_event(&p.raw, &p.check);
    let key = |n: ElementName| if event && n == ElementName::Frequency { "when" } else { n.as_str() };
    let q = |n: ElementName| t.word(&format!("q-{}", key(n)));
    let topic = |n: ElementName| t.word(&format!("t-{}", key(n)));
    let mut missing: Vec<String> = missing.iter().map(|&n| q(n)).collect();
    let resource = p.check.kind == Kind::Resource;
    if resource && missing.len() == 2 {
        missing = vec![t.word("q-resource")];
    }
    let quote = |n: ElementName, text: &Option<String>| {
        let el = p.check.elements.get(n);
        match text {
            Some(w) if !w.trim().is_empty() => {
                format!("{} (\u{201c}{}\u{201d})", topic(n), words_in(&p.raw, el.span.as_ref(), w.trim(), lang))
            }
            _ => topic(n),
        }
    };
    if resource && vague.len() == 2 && vague[0].1 == vague[1].1 {
        vague.truncate(1);
        let (n, text) = &vague[0];
        let el = p.check.elements.get(*n);
        let v = match text {
            Some(w) => {
                format!("{} (\u{201c}{}\u{201d})", t.word("t-resource"), words_in(&p.raw, el.span.as_ref(), w, lang))
            }
            None => t.word("t-resource"),
        };
        return (missing, vec![v]);
    }
    (missing, vague.iter().map(|(n, text)| quote(*n, text)).collect())
}

/// The required elements a provision does not state, and those it states
/// vaguely (with the words), for the wording the letter asks for: a
/// one-off event ("a visit in July") needs a date and who, not a rate,
/// a length or training.
fn shaped_gaps(p: &Provision) -> (Vec<ElementName>, Vec<(ElementName, Option<String>)>) {
    let (missing, vague) = words::gaps(&p.check);
    let need = |n: &ElementName| crate::rewrite::asks_for(&p.raw, &p.check, *n);
    (missing.into_iter().filter(need).collect(), vague.into_iter().filter(|(n, _)| need(n)).collect())
}

/// Whether the letter has anything to ask of a vague provision: a gap its
/// shape calls for, or a hedge.
fn worth_asking(p: &Provision) -> bool {
    let (missing, vague) = shaped_gaps(p);
    !missing.is_empty()
        || !vague.is_empty()
        || p.check.findings.iter().any(|f| f.kind == FindingKind::Hedge && f.affects_verdict)
}

/// Why the provision falls short, in sentences: what it does not state,
/// then what each hedge does, once each.
fn reasons(p: &Provision, t: &Text, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let (missing, vague) = gaps_in(p, t, lang);
    let or = t.word("list-or");
    let and = t.word("list-and");
    match (missing.is_empty(), vague.is_empty()) {
        (true, true) => {}
        (false, true) => out.push(t.get("does-not-state", &[("list", &join(&missing, &or, lang))])),
        (true, false) => out.push(t.get("vague-about", &[("list", &join(&vague, &and, lang))])),
        (false, false) => {
            out.push(t.get("both", &[("missing", &join(&missing, &or, lang)), ("vague", &join(&vague, &and, lang))]))
        }
    }
    let (_, vague_words) = shaped_gaps(p);
    let quoted: Vec<String> = vague_words.iter().filter_map(|(_, w)| w.as_deref()).map(crate::text::fold).collect();
    let mut seen: Vec<(String, crate::types::RuleId)> = Vec::new();
    for f in p.check.findings.iter().filter(|f| f.kind == FindingKind::Hedge) {
        let matched = f.matched.as_deref().unwrap_or("");
        // The words in the letter's language: the finding's twin when the
        // plan says it in both and the twin is the letter's.
        let in_lang = match &f.twin {
            Some(twin)
                if crate::language::mix(matched).lang() != Some(lang)
                    && crate::language::mix(twin).lang() == Some(lang) =>
            {
                twin.as_str()
            }
            _ => matched,
        };
        let folded = crate::text::fold(matched);
        // One plan can repeat a hedge across cells ("when needed" in the
        // provision and in How often): say it once. And "“Regularly” does
        // not say how often" only repeats "it is vague about how often
        // (“Regularly”)".
        let key = (crate::text::fold(in_lang), f.rule);
        if seen.contains(&key) || (crate::rules::rule(f.rule).repeats_vague_element && quoted.contains(&folded)) {
            continue;
        }
        seen.push(key);
        let Some(sentence) = crate::rules::letter_sentence(f.rule).map(|s| match lang {
            Lang::En => s.en,
            Lang::Cy => s.cy,
        }) else {
            continue;
        };
        let words = in_lang.trim();
        let words = if sentence.starts_with("“{}”") { sentence_case(words) } else { words.to_string() };
        out.push(sentence.replace("{}", &words));
    }
    if out.is_empty() {
        out.push(t.word("nothing-measurable"));
    }
    out
}

/// What the table says a provision lacks: the elements, then the hedges'
/// words, briefly ("how often; for how long; “as needed”").
fn lacks_summary(p: &Provision, t: &Text, lang: Lang) -> String {
    let (missing, vague) = gaps_in(p, t, lang);
    let mut items: Vec<String> = missing;
    items.extend(vague);
    for f in p.check.findings.iter().filter(|f| f.kind == FindingKind::Hedge) {
        let matched = f.matched.as_deref().unwrap_or("");
        let words = match &f.twin {
            Some(twin)
                if crate::language::mix(twin).lang() == Some(lang)
                    && crate::language::mix(matched).lang() != Some(lang) =>
            {
                twin.as_str()
            }
            _ => matched,
        };
        let w = words.trim().to_lowercase();
        if !items.iter().any(|i| i.to_lowercase().contains(&w)) {
            items.push(format!("\u{201c}{}\u{201d}", words.trim()));
        }
    }
    let mut s = items.join("; ");
    if let Some(c) = s.chars().next() {
        s = c.to_uppercase().collect::<String>() + &s[c.len_utf8()..];
    }
    s
}

/// "Seven", for a number that starts an English sentence (digits past
/// twelve).
fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] =
        ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// Join phrases as the language does: "a, b or c"; in Welsh "a, b na
/// phwy…" with the aspirate mutation "na" and "a" bring ("nac"/"ac"
/// before a vowel).
fn join(items: &[String], conj: &str, lang: Lang) -> String {
    match lang {
        Lang::En => words::join_or(items, conj),
        Lang::Cy => match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => {
                let vowel = last.chars().next().is_some_and(|c| "aeiouwyâêîôûŵŷ".contains(c.to_ascii_lowercase()));
                let (c, word) =
                    if vowel { (format!("{conj}c"), last.clone()) } else { (conj.to_string(), aspirate(last)) };
                format!("{} {c} {word}", rest.join(", "))
            }
        },
    }
}

/// The aspirate mutation of a phrase's first word: c, p, t become ch,
/// ph, th ("pwy" → "phwy").
fn aspirate(phrase: &str) -> String {
    for (from, to) in [("c", "ch"), ("p", "ph"), ("t", "th")] {
        if let Some(rest) = phrase.strip_prefix(from)
            && !rest.starts_with('h')
        {
            return format!("{to}{rest}");
        }
    }
    phrase.to_string()
}

/// The first letter in upper case, after any opening quote (a hedge
/// message starts with the plan's words, which may be mid-sentence ones).
fn sentence_case(s: &str) -> String {
    match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => format!("{}{}{}", &s[..i], c.to_uppercase(), &s[i + c.len_utf8()..]),
        None => s.to_string(),
    }
}

/// "1 December 2025", or with the weekday "Monday 15 December 2025" (a
/// reply date is easier to act on when it says the day); in Welsh "Dydd
/// Llun 15 Rhagfyr 2025".
pub fn long_date(d: Date, weekday: bool, lang: Lang) -> String {
    let t = text::text(lang);
    let month = t.months.get((d.month() - 1) as usize).cloned().unwrap_or_default();
    if !weekday {
        return format!("{} {month} {}", d.day(), d.year());
    }
    let i = match d.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    };
    let day = t.weekdays.get(i).cloned().unwrap_or_default();
    format!("{day} {} {month} {}", d.day(), d.year())
}

/// A date as the plan wrote it ("14 October 2025", "14/10/2025"), written
/// in the letter's language; kept as it is if it is not a date idp-audit
/// can read.
fn written_date(s: &str, lang: Lang) -> String {
    // "10 Tachwedd 2025 / 10 November 2025": the date once, in the letter's
    // language.
    if let Some((a, b)) = s.split_once(" / ") {
        for half in [a, b] {
            let w = written_date(half, lang);
            if w != half.trim() || parse_date(half.trim()).is_ok() {
                return w;
            }
        }
    }
    if let Ok(d) = parse_date(s.trim()) {
        return long_date(d, false, lang);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if let [day, month, year] = words.as_slice() {
        let day: Option<i8> = day.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok();
        let year: Option<i16> = year.trim_end_matches(['.', ',']).parse().ok();
        let m = [Lang::En, Lang::Cy].iter().find_map(|&l| {
            text::text(l).months.iter().position(|n| n.eq_ignore_ascii_case(month.trim_end_matches(',')))
        });
        if let (Some(day), Some(m), Some(year)) = (day, m, year)
            && let Ok(d) = Date::new(year, m as i8 + 1, day)
        {
            return long_date(d, false, lang);
        }
    }
    s.trim().to_string()
}

// ---------------------------------------------------------------------------
// The command.

/// What `idp-audit letter` was asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    pub plan: PathBuf,
    pub out: PathBuf,
    /// Replace `out` if it exists (never the plan itself).
    pub force: bool,
    pub details: LetterDetails,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written {
        out: PathBuf,
        format: OutputFormat,
        letter: Box<Letters>,
    },
    /// No vague provision: no letter, and nothing wrong.
    NothingToAsk(String),
}

/// Why the command failed, in words that say what to do.
#[derive(Debug)]
pub struct LetterError(pub String);

impl fmt::Display for LetterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LetterError {}

/// Check the plan and write the letter: the whole `letter` command. The
/// output is checked before the plan is read, so a mistyped `--out` that
/// names the plan is refused before anything happens.
pub fn run(req: &Request, opts: &Options) -> Result<Outcome, LetterError> {
    let format = output::check_target(&req.plan, &req.out, req.force)?;
    let report = crate::audit_file(&req.plan, opts);
    let letter = match build_with(&report, &req.details, opts) {
        Ok(l) => l,
        Err(e) if e.is_error() => return Err(LetterError(e.to_string())),
        Err(e) => return Ok(Outcome::NothingToAsk(e.to_string())),
    };
    let bytes = match format {
        OutputFormat::Docx => docx::render(&letter),
        OutputFormat::Markdown => markdown::render(&letter).into_bytes(),
        OutputFormat::Text => plain::render(&letter).into_bytes(),
    };
    output::write_atomically(&req.plan, &req.out, &bytes, req.force)?;
    Ok(Outcome::Written { out: req.out.clone(), format, letter: Box::new(letter) })
}

/// The line the command prints after writing a letter.
pub fn written_message(out: &Path, letter: &Letters) -> String {
    let langs: Vec<String> = letter.letters.iter().map(|l| text::text(l.lang).word("lang-name")).collect();
    let days = match letter.deadline_kind {
        DayKind::School => "10 school days",
        DayKind::Working => "10 working days (the term dates for then are not known)",
    };
    let mut s = format!(
        "Wrote the letter ({}) to {}: it asks for {} from Section 2B to be revised, with a written reply within {days}, by {}.",
        langs.join(" and "),
        out.display(),
        words::count(letter.provisions, "provision", "provisions"),
        long_date(letter.deadline, true, Lang::En)
    );
    if !letter.missing_details.is_empty() {
        let details: Vec<String> = letter.missing_details.iter().map(|d| d.to_string()).collect();
        s.push_str(&format!(
            " Before you send it, fill in {} where the letter has them in [square brackets], and read it through.",
            words::join_or(&details, "and")
        ));
    }
    s.push_str(" idp-audit checks wording; it is not legal advice.");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn pieces_find_placeholders() {
        let split = |s| pieces(s).iter().map(|p| (p.text, p.placeholder)).collect::<Vec<_>>();
        assert_eq!(
            split("Dear [ALNCo's name], see [x] and [y"),
            vec![("Dear ", false), ("[ALNCo's name]", true), (", see ", false), ("[x]", true), (" and [y", false)]
        );
        assert_eq!(
            split("L v Clarke [1998] ELR 129, [number] times"),
            vec![("L v Clarke [1998] ELR 129, ", false), ("[number]", true), (" times", false)]
        );
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(long_date(date(2025, 12, 1), false, Lang::En), "1 December 2025");
        assert_eq!(long_date(date(2025, 12, 15), true, Lang::En), "Monday 15 December 2025");
        assert_eq!(long_date(date(2025, 12, 15), true, Lang::Cy), "Dydd Llun 15 Rhagfyr 2025");
        assert_eq!(written_date("14 October 2025", Lang::Cy), "14 Hydref 2025");
        assert_eq!(written_date("14/10/2025", Lang::En), "14 October 2025");
        assert_eq!(written_date("Autumn 2025", Lang::En), "Autumn 2025");
        assert_eq!(written_date("10 Tachwedd 2025 / 10 November 2025", Lang::En), "10 November 2025");
        assert_eq!(written_date("10 Tachwedd 2025 / 10 November 2025", Lang::Cy), "10 Tachwedd 2025");
    }

    #[test]
    fn welsh_lists_take_the_aspirate_mutation() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            join(&v(&["pa mor aml", "pwy fydd yn ei darparu"]), "na", Lang::Cy),
            "pa mor aml na phwy fydd yn ei darparu"
        );
        assert_eq!(join(&v(&["pa mor aml", "am ba hyd"]), "na", Lang::Cy), "pa mor aml nac am ba hyd");
        assert_eq!(join(&v(&["a", "b", "maint y grŵp"]), "a", Lang::Cy), "a, b a maint y grŵp");
    }
}
