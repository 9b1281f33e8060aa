//! The delivery letter: `idp-audit delivery PLAN LOG --letter FILE`.
//!
//! To the ALNCo, copied to the Headteacher, as the parents' guides advise:
//! each provision that fell short, quoted from Section 2B, with the period,
//! the figures and the dates; the duty to secure the provision (sections
//! 12(7)(a) and 14(10)(a) of the 2018 Act, `docs/legal-sources.md` entries
//! 3 and 4); a written reply within 10 school days and the school's own
//! monitoring records; and what comes next (the local authority, then the
//! Public Services Ombudsman for Wales). It is built as the revision
//! letter's model ([`crate::letter::Letters`]) and laid out by the same
//! Word and Markdown writers, so it looks like the other letter.
//!
//! The letter is in English only: its words (`text/en.toml`) have no Welsh
//! version yet, and a Welsh letter is refused rather than half-translated.

use super::render::sessions_and_minutes;
use super::{Delivery, Figures, ProvisionDelivery, Status};
use crate::DocumentReport;
use crate::language::Lang;
use crate::letter::deadline::{self, DayKind, TermDates};
use crate::letter::{Letter, Letters, Part, long_date};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const EN_TOML: &str = crate::builtin::builtin!("src/delivery/text/en.toml");

static EN: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| crate::builtin::read(EN_TOML).unwrap_or_default());

/// The sentence under `key`, its slots filled; a missing key gives itself
/// in brackets (a test checks none is).
fn get(key: &str, slots: &[(&str, &str)]) -> String {
    let Some(t) = EN.get(key) else { return format!("[{key}]") };
    let mut s = t.clone();
    for (name, value) in slots {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

fn word(key: &str) -> String {
    get(key, &[])
}

/// What the sender tells idp-audit; the rest comes from the plan's front
/// page, or is a placeholder in square brackets.
#[derive(Debug, Clone, Default)]
pub struct Sender {
    pub parent: Option<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub child: Option<String>,
    pub school: Option<String>,
    pub school_address: Option<String>,
    /// The ALNCo's name.
    pub to: Option<String>,
}

/// Why no letter was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoLetter {
    /// No measured provision fell short: nothing to ask.
    NoShortfall,
}

impl std::fmt::Display for NoLetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoLetter::NoShortfall => f.write_str(
                "the log shows no shortfall in any provision it could measure, so no delivery letter was written.",
            ),
        }
    }
}

fn given(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn lines(s: &Option<String>) -> Vec<String> {
    let Some(a) = given(s) else { return Vec::new() };
    let sep: &[char] = if a.contains('\n') { &['\n'] } else { &[','] };
    a.split(sep).map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn figures(f: &Figures) -> String {
    sessions_and_minutes(f)
}

fn short(p: &ProvisionDelivery) -> bool {
    p.status == Status::Measured && p.shortfall.is_some_and(|s| s.minutes > 0 || s.sessions.unwrap_or(0) > 0)
}

/// The letter for a delivery report, dated `date`.
pub fn build(
    d: &Delivery,
    report: &DocumentReport,
    sender: &Sender,
    date: Date,
    terms: &TermDates,
) -> Result<Letters, NoLetter> {
    let short_ones: Vec<&ProvisionDelivery> = d.provisions.iter().filter(|p| short(p)).collect();
    if short_ones.is_empty() {
        return Err(NoLetter::NoShortfall);
    }
    let front = &report.front;
    let parent = given(&sender.parent);
    let child = given(&sender.child).or_else(|| front.child.clone());
    let school = given(&sender.school).or_else(|| front.school.clone());
    let alnco = given(&sender.to).or_else(|| front.alnco.clone());
    let address = lines(&sender.address);
    let school_address = lines(&sender.school_address);
    let contact = given(&sender.contact);
    let mut missing = Vec::new();
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
    let parent_s = parent.clone().unwrap_or_else(|| word("your-name"));
    let child_s = child.clone().unwrap_or_else(|| word("child-placeholder"));
    let school_s = school.clone().unwrap_or_else(|| word("school-placeholder"));
    let alnco_s = alnco.clone().unwrap_or_else(|| word("alnco-placeholder"));
    let greet = alnco.as_deref().map(crate::front::greeting_name).unwrap_or_else(|| word("alnco-placeholder"));
    let since = long_date(d.since, false, Lang::En);
    let until = long_date(d.until, false, Lang::En);
    let reply = deadline::reply_by(date, terms);
    let reply_by = long_date(reply.date, true, Lang::En);
    let days_word = word(match reply.kind {
        DayKind::School => "school-days",
        DayKind::Working => "working-days",
    });
    let school_days = d.school_days.to_string();
    let n_short = short_ones.len().to_string();
    let base: Vec<(&'static str, String)> = vec![
        ("child", child_s.clone()),
        ("school", school_s.clone()),
        ("since", since.clone()),
        ("until", until.clone()),
        ("deadline", reply_by.clone()),
    ];
    let fill = |key: &str, extra: &[(&str, &str)]| {
        let mut refs: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
        refs.extend_from_slice(extra);
        get(key, &refs)
    };

    let mut body = Vec::new();
    body.push(Part::Paragraph(fill("opening", &[])));
    let n_phrase = if short_ones.len() == 1 { word("record-one") } else { get("record-many", &[("n", &n_short)]) };
    body.push(Part::Paragraph(fill("record", &[("days", &school_days), ("n", &n_phrase)])));
    body.push(Part::Heading(word("law-heading")));
    body.push(Part::Paragraph(word("law-duty")));

    body.push(Part::Heading(word("summary-heading")));
    body.push(Part::Table {
        header: vec![
            word("table-number"),
            word("table-provision"),
            word("table-required"),
            word("table-delivered"),
            word("table-shortfall"),
        ],
        rows: short_ones
            .iter()
            .map(|p| {
                vec![
                    p.index.to_string(),
                    p.name.clone(),
                    p.required.as_ref().map(sessions_and_minutes).unwrap_or_default(),
                    sessions_and_minutes(&p.delivered),
                    p.shortfall.as_ref().map(sessions_and_minutes).unwrap_or_default(),
                ]
            })
            .collect(),
    });

    body.push(Part::Heading(word("provisions-heading")));
    let letter_text = crate::letter::text::text(Lang::En);
    for p in &short_ones {
        let idx = p.index.to_string();
        body.push(Part::Heading(get("provision-heading", &[("n", &idx), ("name", &p.name)])));
        if let Some(prov) = report.provisions.iter().find(|r| r.index == p.index) {
            body.push(Part::Subheading(crate::letter::describe(&prov.raw.location, letter_text)));
            body.push(Part::Paragraph(word("says")));
            body.push(Part::Quote(crate::letter::quoted(&prov.raw, Lang::En)));
        }
        let (Some(req), Some(sf)) = (&p.required, &p.shortfall) else { continue };
        body.push(Part::Paragraph(fill(
            "figures",
            &[("required", &figures(req)), ("delivered", &figures(&p.delivered)), ("shortfall", &figures(sf))],
        )));
        let mut detail = Vec::new();
        let one_or_many = |key: &str, n: usize| if n == 1 { format!("{key}-one") } else { key.to_string() };
        if !p.cancelled.is_empty() {
            detail.push(fill(&one_or_many("cancelled", p.cancelled.len()), &[("dates", &dated(&p.cancelled))]));
        }
        if !p.shortened.is_empty() {
            let dates: Vec<Date> = p.shortened.iter().map(|(d, _)| *d).collect();
            let each = p.minutes_each.unwrap_or(0).to_string();
            detail.push(fill(&one_or_many("shortened", dates.len()), &[("minutes", &each), ("dates", &dated(&dates))]));
        }
        if !p.other_provider.is_empty() {
            // Grouped by who gave them: "On 14 Jan and 21 Jan ... by a supply teacher".
            let mut by_who: Vec<(String, Vec<Date>)> = Vec::new();
            for (date, who) in &p.other_provider {
                match by_who.iter_mut().find(|(w, _)| w.eq_ignore_ascii_case(who)) {
                    Some((_, dates)) => dates.push(*date),
                    None => by_who.push((who.clone(), vec![*date])),
                }
            }
            let provider = p.provider.clone().unwrap_or_default();
            for (who, dates) in by_who {
                let key = one_or_many("other-provider", dates.len());
                detail.push(fill(&key, &[("dates", &dated(&dates)), ("who", &who), ("provider", provider.trim())]));
            }
        }
        if p.child_absent.sessions.unwrap_or(0) > 0 {
            detail.push(fill("absent", &[]));
        }
        if !detail.is_empty() {
            body.push(Part::Paragraph(detail.join(" ")));
        }
        // The weeks that owed or had something (not a block's weeks before
        // it starts, nor a holiday).
        let weeks: Vec<&super::WeekFigures> =
            p.weekly.iter().filter(|w| w.required.unwrap_or(0) > 0 || w.delivered > 0).collect();
        if !weeks.is_empty() && weeks.len() <= 16 {
            body.push(Part::Paragraph(word("weeks-heading")));
            body.push(Part::Table {
                header: vec![word("week"), word("week-required"), word("week-delivered")],
                rows: {
                    let top = weeks.iter().map(|w| w.required.unwrap_or(0).max(w.delivered)).max().unwrap_or(0);
                    weeks
                        .iter()
                        .map(|w| {
                            vec![
                                long_date(w.monday, false, Lang::En),
                                bar(w.required.unwrap_or(0), top),
                                bar(w.delivered, top),
                            ]
                        })
                        .collect()
                },
            });
        }
    }
    // Only a vague one: a provision given "in every lesson" is specific,
    // just not counted in sessions, and the school need change nothing.
    let unquantified: Vec<&ProvisionDelivery> =
        d.provisions.iter().filter(|p| p.status == Status::NotQuantified && p.vague).collect();
    if !unquantified.is_empty() {
        body.push(Part::Heading(word("unquantified-heading")));
        for p in &unquantified {
            let idx = p.index.to_string();
            body.push(Part::Paragraph(get("unquantified", &[("n", &idx), ("name", &p.name)])));
        }
    }
    body.push(Part::Heading(word("ask-heading")));
    body.push(Part::Paragraph(format!(
        "{} {}",
        fill("ask-confirm", &[("days", &days_word)]),
        word(match reply.kind {
            DayKind::School => "counted-school",
            DayKind::Working => "counted-working",
        })
    )));
    body.push(Part::Paragraph(fill("ask-records", &[])));
    body.push(Part::Paragraph(fill("next", &[])));
    body.push(Part::Paragraph(word("thanks")));

    let mut sender_lines = vec![parent_s.clone()];
    if address.is_empty() {
        sender_lines.push(word("your-address"));
    } else {
        sender_lines.extend(address.iter().cloned());
    }
    sender_lines.push(contact.clone().unwrap_or_else(|| word("your-contact")));
    let mut recipient = vec![alnco_s, word("alnco-role"), school_s];
    if school_address.is_empty() {
        recipient.push(word("school-address"));
    } else {
        recipient.extend(school_address.iter().cloned());
    }
    recipient.push(word("copy-head"));
    let mut note = vec![
        word("note-about"),
        word("note-before"),
        get("note-count", &[("source", &d.terms_source)]),
        get("note-date", &[("date", &long_date(date, false, Lang::En))]),
    ];
    if !unquantified.is_empty() {
        note.push(word("note-unquantified"));
    }
    if d.unknown_term_days > 0 {
        let n = d.unknown_term_days.to_string();
        note.push(get("note-unknown-terms", &[("n", &n)]));
    }
    let subject = fill("subject", &[]);
    let letter = Letter {
        lang: Lang::En,
        sender: sender_lines,
        date: long_date(date, false, Lang::En),
        recipient,
        salutation: get("salutation", &[("name", &greet)]),
        subject: subject.clone(),
        body,
        sign_off: word("sign-off"),
        signature: vec![parent_s, fill("parent-of", &[])],
        note,
        page_words: (word("footer-page"), word("footer-of")),
    };
    Ok(Letters {
        letters: vec![letter],
        title: subject,
        author: parent.unwrap_or_else(|| "idp-audit".to_string()),
        date,
        deadline: reply.date,
        deadline_kind: reply.kind,
        provisions: short_ones.len(),
        missing_details: missing,
    })
}

/// A number with a bar in front drawn in block characters, as long as the
/// number is against `top` (12 blocks at most): the week-by-week table is
/// then a chart in every format the letter is written in.
fn bar(minutes: u32, top: u32) -> String {
    const BLOCKS: u32 = 12;
    let n = (minutes * BLOCKS + top / 2).checked_div(top).unwrap_or(0);
    if n == 0 { minutes.to_string() } else { format!("{} {minutes}", "\u{2588}".repeat(n as usize)) }
}

/// Dates in the letter, written out: "11 February and 25 February 2026".
fn dated(dates: &[Date]) -> String {
    let items: Vec<String> = dates.iter().map(|x| long_date(*x, false, Lang::En)).collect();
    crate::report::words::join_or(&items, "and")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_parse_and_every_key_used_is_there() {
        let words: BTreeMap<String, String> = crate::builtin::read(EN_TOML).unwrap();
        let code = include_str!("letter.rs");
        let used = regex::Regex::new(r#"(?:word|get|fill|one_or_many)\(&?(?:one_or_many\()?"([a-z-]+)""#).unwrap();
        let mut n = 0;
        for c in used.captures_iter(code) {
            n += 1;
            assert!(words.contains_key(&c[1]), "{} is used but not in text/en.toml", &c[1]);
        }
        assert!(n > 20, "the pattern finds the keys the code uses ({n})");
        // The singular of each sentence that has one.
        for key in ["cancelled", "shortened", "other-provider"] {
            assert!(words.contains_key(&format!("{key}-one")), "{key}-one");
        }
    }
}

#[cfg(test)]
mod builtin_tests {
    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<std::collections::BTreeMap<String, String>>(
            "src/delivery/text/en.toml",
            false,
        );
    }
}
