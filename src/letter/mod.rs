//! The letter to the school: `idp-audit letter PLAN --out FILE`.
//!
//! A parent who has found vague provision in Section 2B writes to the ALNCo
//! asking for it to be revised. The letter follows the parents' guide: for
//! each vague provision, what Section 2B currently states, why that does
//! not meet Chapter 23 of the ALN Code, what it does not state, and the
//! wording asked for instead; then a reply date 10 working days on, and
//! what happens if none comes.
//!
//! [`build`] turns a [`DocumentReport`] and the [`LetterDetails`] into one
//! typed [`Letter`]; [`docx`] and [`markdown`] only lay it out, so the two
//! formats always say the same words. A detail nobody gave (the parent's
//! name, the school's address) is a placeholder in square brackets, never
//! a guess.

pub mod deadline;
pub mod docx;
pub mod markdown;
mod output;

use crate::report::words;
use crate::types::provision::{Layout, RawProvision};
use crate::types::{FindingKind, Verdict};
use crate::{DocumentReport, Options, Provision, Status};
use jiff::civil::{Date, Weekday};
use std::fmt;
use std::path::{Path, PathBuf};

pub use output::OutputFormat;

/// The letter's language. Only English so far; a Welsh letter is a second
/// set of words for the same model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
}

/// What the person sending the letter tells idp-audit. Anything left out
/// becomes a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterDetails {
    /// The letter's date; the reply date counts from it.
    pub date: Date,
    pub parent: Option<String>,
    pub child: Option<String>,
    pub school: Option<String>,
    /// The ALNCo's name.
    pub to: Option<String>,
    pub lang: Lang,
}

impl LetterDetails {
    /// Details dated `date`, with every name left as a placeholder.
    pub fn new(date: Date) -> Self {
        LetterDetails { date, parent: None, child: None, school: None, to: None, lang: Lang::En }
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

/// A whole letter, in order, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
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
    /// The reply date.
    pub deadline: Date,
    /// Years the reply date ran through without known bank holidays.
    pub unknown_holiday_years: Vec<i16>,
    /// How many provisions the letter asks to have revised.
    pub provisions: usize,
    /// The details nobody gave, left as placeholders for the sender to fill
    /// in ("your address").
    pub missing_details: Vec<&'static str>,
}

/// One piece of the letter's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Paragraph(String),
    /// A heading naming one provision.
    Heading(String),
    /// Words quoted as they are (from the plan, or the wording asked for),
    /// one line per part of the provision.
    Quote(Vec<QuoteLine>),
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
                Part::Paragraph(t) | Part::Heading(t) => vec![t.as_str()],
                Part::Quote(lines) => lines
                    .iter()
                    .flat_map(|l| l.label.as_deref().into_iter().chain(std::iter::once(l.text.as_str())))
                    .collect(),
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
}

impl NoLetter {
    /// True when this is a problem with the plan, not good news.
    pub fn is_error(&self) -> bool {
        !matches!(self, NoLetter::NothingVague { .. })
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
        }
    }
}

/// The letter for a checked plan.
pub fn build(report: &DocumentReport, details: &LetterDetails) -> Result<Letter, NoLetter> {
    match report.status {
        Status::Error => {
            let msg = report.error.as_ref().map(|e| e.message.clone()).unwrap_or_default();
            return Err(NoLetter::Unreadable(msg));
        }
        Status::NoSection2B => return Err(NoLetter::NoSection2B),
        Status::Ok => {}
    }
    let vague: Vec<&Provision> = report.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague).collect();
    if vague.is_empty() {
        return Err(NoLetter::NothingVague { provisions: report.provisions.len() });
    }
    let Lang::En = details.lang;
    Ok(english(&vague, details))
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The letter in English, in the parents' guide's order.
fn english(vague: &[&Provision], d: &LetterDetails) -> Letter {
    let mut missing_details = Vec::new();
    let mut or_missing = |value: &Option<String>, placeholder: &'static str, what: &'static str| match given(value) {
        Some(v) => v.to_string(),
        None => {
            missing_details.push(what);
            placeholder.to_string()
        }
    };
    let parent = or_missing(&d.parent, "[Your name]", "your name");
    let child = or_missing(&d.child, "[your child's full name]", "your child's name");
    let school = or_missing(&d.school, "[school name]", "the school's name");
    let alnco = or_missing(&d.to, "[ALNCo's name]", "the ALNCo's name");
    missing_details.extend(["your address", "your email address or phone number", "the school's address"]);
    let deadline = deadline::reply_by(d.date);
    let reply_by = long_date(deadline.date, true);

    let mut body = vec![
        Part::Paragraph(format!(
            "I am writing about the Individual Development Plan (IDP) for my child, {child}, at {school}."
        )),
        Part::Paragraph(
            "Section 10 of the Additional Learning Needs and Education Tribunal (Wales) Act 2018 requires an IDP to \
             describe the additional learning provision that a child's learning difficulty or disability calls for. \
             Chapter 23 of the ALN Code for Wales 2021 requires that provision to be detailed, specific and \
             quantifiable (paragraph 23.37), so that it is clear what will be provided, how often, for how long and \
             by whom."
                .to_string(),
        ),
        Part::Paragraph(
            "Decisions in England on the equivalent duty there, L v Clarke and Somerset [1998] ELR 129 and \
             Worcestershire CC v SE [2020] UKUT 217 (AAC), take the same approach: provision should be set out \
             clearly enough that there is no doubt about what is to be provided."
                .into(),
        ),
        Part::Paragraph(format!(
            "I have read Section 2B of the IDP, and {} not meet that standard. For each one I set out below what \
             Section 2B currently states, what it does not state, and the wording I ask you to use instead.",
            match vague.len() {
                1 => "one of its provisions does".to_string(),
                n => format!("{} of its provisions do", number_word(n)),
            }
        )),
    ];
    for p in vague {
        body.push(Part::Heading(format!("Provision {} ({})", p.index, p.raw.location.describe())));
        body.push(Part::Paragraph("Section 2B currently states:".into()));
        body.push(Part::Quote(quoted(&p.raw)));
        let mut why = String::from(
            "This does not meet the requirements of Chapter 23 of the ALN Code for Wales 2021, which requires \
             additional learning provision to be detailed, specific and quantifiable.",
        );
        for s in reasons(p) {
            why.push(' ');
            why.push_str(&s);
        }
        body.push(Part::Paragraph(why));
        // Its own line, like "Section 2B currently states:", so that only
        // it has to stay on the page with the wording that follows.
        // In the statutory form's layout the rewrite is of 2B.2 alone; the
        // outcome, dates and rationale stay as they are.
        body.push(Part::Paragraph(if p.raw.location.layout == Layout::Element && p.raw.fields.len() > 1 {
            "I request that 2B.2 (the provision) be revised to:".into()
        } else {
            "I request that it be revised to:".into()
        }));
        let rewrite = p.rewrite.as_ref().map(|r| r.text.clone()).unwrap_or_else(|| {
            "[wording that states what will be provided, how often, for how long, and by whom]".to_string()
        });
        body.push(Part::Quote(vec![QuoteLine { label: None, text: rewrite }]));
    }
    if vague.iter().any(|p| p.rewrite.as_ref().is_some_and(|r| r.placeholders > 0)) {
        body.push(Part::Paragraph(
            "Where the wording I ask for leaves a gap in square brackets, such as “[number] times a week”, please \
             fill it in with the provision that my child's needs call for, so that the revised plan states it."
                .into(),
        ));
    }
    body.push(Part::Paragraph(format!(
        "Please reply in writing within {} working days of the date of this letter, that is by {reply_by}, to \
         confirm that Section 2B will be revised as set out above and to tell me when I will receive the revised \
         IDP.",
        number_word(deadline::WORKING_DAYS as usize)
    )));
    body.push(Part::Paragraph(format!(
        "If I have not received a reply by {reply_by}, or if the school does not agree to revise Section 2B, I will \
         ask the local authority to reconsider the IDP."
    )));
    body.push(Part::Paragraph("Thank you. I look forward to hearing from you.".into()));

    let mut note = vec![
        "About this letter (delete this note before you send it): idp-audit drafted it from the wording of \
         Section 2B of the IDP. idp-audit checks wording; it is not legal advice. SNAP Cymru (0808 8010 608) gives \
         free, independent advice about additional learning needs."
            .to_string(),
        "Before you send it: fill in or delete the details in square brackets at the top and bottom, and read each \
         wording you are asking for. Its gaps in square brackets can stay for the school to fill in, or you can \
         fill them in yourself if you know what your child needs. Keep a copy and a note of the date you sent it."
            .to_string(),
        format!(
            "The reply date assumes the letter is sent on {}. If you send it later, make the letter again, giving \
             the date you will send it.",
            long_date(d.date, false)
        ),
    ];
    if !deadline.unknown_years.is_empty() {
        let years: Vec<String> = deadline.unknown_years.iter().map(|y| y.to_string()).collect();
        note.push(format!(
            "idp-audit does not know the bank holidays for {}, so the reply date skips weekends only there: check \
             it on a calendar.",
            words::join_or(&years, "and")
        ));
    }

    Letter {
        sender: vec![parent.clone(), "[Your address]".into(), "[Your email address or phone number]".into()],
        date: long_date(d.date, false),
        recipient: vec![
            alnco.clone(),
            "Additional Learning Needs Co-ordinator (ALNCo)".into(),
            school.clone(),
            "[School address]".into(),
        ],
        salutation: format!("Dear {alnco},"),
        subject: format!("Individual Development Plan for {child}: request to revise Section 2B"),
        body,
        sign_off: "Yours sincerely,".into(),
        signature: vec![parent, format!("Parent of {child}")],
        note,
        deadline: deadline.date,
        unknown_holiday_years: deadline.unknown_years,
        provisions: vague.len(),
        missing_details,
    }
}

/// The provision as the plan has it: a table row or element block one part
/// per line, labelled with its column or sub-field; a list item or
/// paragraph as one line. Empty parts are left out (what is missing is
/// said in words after the quote); the words are the plan's own.
fn quoted(raw: &RawProvision) -> Vec<QuoteLine> {
    if raw.fields.len() <= 1 {
        return vec![QuoteLine { label: None, text: raw.text.trim().to_string() }];
    }
    raw.fields
        .iter()
        .filter_map(|f| {
            let text = raw.field_text(f).trim();
            if text.is_empty() {
                return None;
            }
            let label = if raw.location.layout == Layout::Element {
                subfield_label(&f.name).map(str::to_string)
            } else {
                Some(f.name.trim().to_string()).filter(|n| !n.is_empty())
            };
            Some(QuoteLine { label, text: text.to_string() })
        })
        .collect()
}

/// The statutory form's label for a sub-field key.
fn subfield_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "outcome" => "2B.1 Outcome",
        "alp" => "2B.2 Provision",
        "welsh" => "2B.3 In Welsh",
        "organisation" => "2B.4 Organisation",
        "start" => "2B.5 Start date",
        "review" => "2B.6 Review date",
        "rationale" => "2B.7 Rationale",
        _ => return None,
    })
}

/// Why the provision falls short, in sentences: what it does not state,
/// then what each hedge does ("“As required” makes it conditional…").
fn reasons(p: &Provision) -> Vec<String> {
    let mut out = Vec::new();
    let gaps = does_not_state(p);
    if !gaps.is_empty() {
        out.push(gaps);
    }
    let (_, vague) = words::gaps(&p.check);
    let quoted: Vec<String> = vague.iter().filter_map(|(_, t)| t.as_deref()).map(crate::text::fold).collect();
    let mut seen: Vec<(String, crate::types::RuleId)> = Vec::new();
    for f in p.check.findings.iter().filter(|f| f.kind == FindingKind::Hedge) {
        let words = crate::text::fold(f.matched.as_deref().unwrap_or(""));
        // One plan can repeat a hedge across cells ("when needed" in the
        // provision and in How often): say it once. And "“Regularly” does
        // not say how often" only repeats "it is vague about how often
        // (“Regularly”)".
        let key = (words.clone(), f.rule);
        if seen.contains(&key) || (crate::rules::rule(f.rule).repeats_vague_element && quoted.contains(&words)) {
            continue;
        }
        seen.push(key);
        out.push(sentence_case(&curly(f.message.trim())));
    }
    if out.is_empty() {
        out.push("It does not state what will be provided in terms that can be measured.".into());
    }
    out
}

/// "It does not state how often or for how long, and it is vague about who
/// will deliver it (“staff”)." The reports' words (`words::what_is_missing`,
/// so the letter and the report never disagree), in a letter's register.
fn does_not_state(p: &Provision) -> String {
    let s = words::what_is_missing(&p.check);
    match s.strip_prefix("It does not say ") {
        Some(rest) => format!("It does not state {rest}"),
        None => s,
    }
}

/// Straight double quotes as typographic ones, in pairs.
fn curly(s: &str) -> String {
    let mut open = true;
    s.chars()
        .map(|c| {
            if c == '"' {
                let q = if open { '\u{201c}' } else { '\u{201d}' };
                open = !open;
                q
            } else {
                c
            }
        })
        .collect()
}

/// The first letter in upper case, after any opening quote (a hedge
/// message starts with the plan's words, which may be mid-sentence ones).
fn sentence_case(s: &str) -> String {
    match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => format!("{}{}{}", &s[..i], c.to_uppercase(), &s[i + c.len_utf8()..]),
        None => s.to_string(),
    }
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] =
        ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// "1 December 2025", or with the weekday "Monday 15 December 2025" (a
/// reply date is easier to act on when it says the day).
pub(crate) fn long_date(d: Date, weekday: bool) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS[(d.month() - 1) as usize];
    if !weekday {
        return format!("{} {month} {}", d.day(), d.year());
    }
    let day = match d.weekday() {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    };
    format!("{day} {} {month} {}", d.day(), d.year())
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
        letter: Box<Letter>,
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
    let letter = match build(&report, &req.details) {
        Ok(l) => l,
        Err(e) if e.is_error() => return Err(LetterError(e.to_string())),
        Err(e) => return Ok(Outcome::NothingToAsk(e.to_string())),
    };
    let bytes = match format {
        OutputFormat::Docx => docx::render(&letter),
        OutputFormat::Markdown => markdown::render(&letter).into_bytes(),
    };
    output::write_atomically(&req.plan, &req.out, &bytes, req.force)?;
    Ok(Outcome::Written { out: req.out.clone(), format, letter: Box::new(letter) })
}

/// The line the command prints after writing a letter.
pub fn written_message(out: &Path, letter: &Letter) -> String {
    let mut s = format!(
        "Wrote the letter to {}: it asks for {} from Section 2B to be revised, with a written reply by {}.",
        out.display(),
        words::count(letter.provisions, "provision", "provisions"),
        long_date(letter.deadline, true)
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
        assert_eq!(long_date(date(2025, 12, 1), false), "1 December 2025");
        assert_eq!(long_date(date(2025, 12, 15), true), "Monday 15 December 2025");
    }

    #[test]
    fn curly_quotes_pair_up() {
        assert_eq!(curly(r#""As required" means "maybe""#), "\u{201c}As required\u{201d} means \u{201c}maybe\u{201d}");
    }
}
