//! The front page of a plan: the child's name, the school, the ALNCo and
//! the date of the IDP, read from the label: value pairs before Section 2B
//! ("Child: Mabli Wyn Pritchard", a table row "School | Ysgol Gynradd Nant
//! y Dderwen", "**Ysgol / School:** Ysgol Gymraeg Coed y Gog"). The labels,
//! English and Welsh, are data (`lexicon/front-page.toml`).
//!
//! A letter uses these when its sender gives none. The date of birth is
//! recognised only so that it is never taken for the plan's date, and is
//! never kept.

use crate::types::model::{Block, BlockKind};
use crate::types::report::FrontPage;
use serde::Deserialize;
use std::sync::LazyLock;

const FRONT_TOML: &str = crate::builtin::builtin!("lexicon/front-page.toml");

/// How far into a plan the front page can be, in blocks.
const MAX_BLOCKS: usize = 80;
/// The longest value taken (a label followed by a paragraph is not a field).
const MAX_VALUE: usize = 120;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[cfg_attr(test, derive(Debug))]
struct Labels {
    child: Vec<String>,
    school: Vec<String>,
    alnco: Vec<String>,
    idp_date: Vec<String>,
    date_of_birth: Vec<String>,
}

crate::builtin::from_value!(kebab Labels { child, school, alnco, idp_date, date_of_birth });

static LABELS: LazyLock<Labels> = LazyLock::new(|| crate::builtin::read(FRONT_TOML).unwrap_or_default());

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Child,
    School,
    Alnco,
    IdpDate,
    Birth,
}

/// The key a label names, if any: "Ysgol / School" matches either half.
fn key(label: &str) -> Option<Key> {
    let l = LABELS.deref_labels();
    let norm =
        |s: &str| crate::text::fold(s.trim().trim_end_matches(':').trim().trim_matches('*').trim()).replace('’', "'");
    let whole = norm(label);
    let halves: Vec<String> = std::iter::once(whole.clone()).chain(whole.split('/').map(norm)).collect();
    for h in &halves {
        for (k, list) in l {
            if list.iter().any(|x| x == h) {
                return Some(k);
            }
        }
    }
    None
}

impl Labels {
    fn deref_labels(&self) -> [(Key, &Vec<String>); 5] {
        // Birth first: "date of birth" must never be read as a date.
        [
            (Key::Birth, &self.date_of_birth),
            (Key::Child, &self.child),
            (Key::School, &self.school),
            (Key::Alnco, &self.alnco),
            (Key::IdpDate, &self.idp_date),
        ]
    }
}

/// A value as a letter can use it: trimmed, a trailing full stop and a
/// lower-case note in brackets ("(dyfeisiedig)") dropped; `None` if empty,
/// a placeholder or too long to be a field.
fn clean(value: &str) -> Option<String> {
    let mut v = value.trim().trim_matches('*').trim().trim_end_matches('.').trim().to_string();
    if let Some(open) = v.rfind(" (")
        && v.ends_with(')')
        && v[open + 2..v.len() - 1].chars().all(|c| c.is_lowercase() || c == ' ')
    {
        v.truncate(open);
    }
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    let blank = v.is_empty()
        || v.len() > MAX_VALUE
        || v.starts_with('[')
        || v.chars().all(|c| !c.is_alphanumeric())
        || crate::text::fold(&v).starts_with("click or tap");
    (!blank).then_some(v)
}

/// Whether a block opens Section 2 (or a later one): the front page ends
/// there.
fn ends_front(text: &str) -> bool {
    let f = crate::text::fold(text);
    ["2a", "2b", "section 2", "adran 2", "part 2", "rhan 2"].iter().any(|w| {
        f.match_indices(w).any(|(i, _)| {
            let before = f[..i].chars().next_back();
            let after = f[i + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Read the front page's details from a plan's blocks.
pub fn read(blocks: &[Block]) -> FrontPage {
    let mut front = FrontPage::default();
    let set = |k: Key, v: &str, front: &mut FrontPage| {
        let slot = match k {
            Key::Child => &mut front.child,
            Key::School => &mut front.school,
            Key::Alnco => &mut front.alnco,
            Key::IdpDate => &mut front.idp_date,
            Key::Birth => return,
        };
        if slot.is_none() {
            *slot = clean(v);
        }
    };
    for b in blocks.iter().take(MAX_BLOCKS) {
        match &b.kind {
            BlockKind::Heading { text, .. } => {
                if ends_front(text) {
                    break;
                }
            }
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => {
                if p.all_bold() && ends_front(&p.text) {
                    break;
                }
                for line in p.text.lines() {
                    if let Some((label, value)) = line.split_once(':')
                        && let Some(k) = key(label)
                    {
                        set(k, value, &mut front);
                    }
                }
            }
            BlockKind::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<&str> = row.cells.iter().map(|c| c.text()).collect();
                    if cells.first().is_some_and(|c| ends_front(c)) {
                        break;
                    }
                    // "Label | value", or "Label | value | Label | value".
                    for pair in cells.chunks(2) {
                        if let [label, value] = pair
                            && let Some(k) = key(label)
                        {
                            set(k, value, &mut front);
                        } else if let [one] = pair
                            && let Some((label, value)) = one.split_once(':')
                            && let Some(k) = key(label)
                        {
                            set(k, value, &mut front);
                        }
                    }
                }
            }
            BlockKind::TextBox(_) | BlockKind::Comment(_) => {}
        }
    }
    front
}

/// "Mrs Glenys Owen" → "Mrs Owen": a greeting by title and surname; a name
/// without a title is greeted whole ("Glenys Owen"). A role after a comma
/// or in brackets is dropped ("Mr Iwan Pritchard, ALNCo").
pub fn greeting_name(name: &str) -> String {
    let name = name.split([',', '(']).next().unwrap_or(name).trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "parch", "yr athro"];
    match words.as_slice() {
        [title, .., surname]
            if words.len() >= 3 && TITLES.contains(&title.trim_end_matches('.').to_lowercase().as_str()) =>
        {
            format!("{title} {surname}")
        }
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::model::Paragraph;

    fn para(t: &str) -> Block {
        Block { kind: BlockKind::Paragraph(Paragraph::plain(t)), span: Default::default() }
    }

    #[test]
    fn labels_are_read_and_the_date_of_birth_is_not() {
        let blocks = vec![
            para(
                "Child: Mabli Wyn Pritchard\nDate of birth: 02/05/2018\nSchool: Ysgol Gynradd Bryn Gwenith, Gwynedd\nALNCo: Mrs Glenys Owen\nDate of IDP: 14 October 2025",
            ),
            para("Section 2B: Additional learning provision"),
        ];
        let f = read(&blocks);
        assert_eq!(f.child.as_deref(), Some("Mabli Wyn Pritchard"));
        assert_eq!(f.school.as_deref(), Some("Ysgol Gynradd Bryn Gwenith, Gwynedd"));
        assert_eq!(f.alnco.as_deref(), Some("Mrs Glenys Owen"));
        assert_eq!(f.idp_date.as_deref(), Some("14 October 2025"));
    }

    #[test]
    fn welsh_and_bilingual_labels() {
        let f = read(&[
            para("**Enw / Name:** Anest Gwawr Bebb\n**Ysgol / School:** Ysgol Gymraeg Coed y Gog"),
            para("Plentyn: Elis Parri (dyfeisiedig)."),
        ]);
        assert_eq!(f.child.as_deref(), Some("Anest Gwawr Bebb"));
        assert_eq!(f.school.as_deref(), Some("Ysgol Gymraeg Coed y Gog"));
        let f = read(&[para("Plentyn: Elis Parri (dyfeisiedig).")]);
        assert_eq!(f.child.as_deref(), Some("Elis Parri"));
    }

    #[test]
    fn greetings_use_title_and_surname() {
        assert_eq!(greeting_name("Mr Iwan Pritchard"), "Mr Pritchard");
        assert_eq!(greeting_name("Mrs Glenys Owen, ALNCo"), "Mrs Owen");
        assert_eq!(greeting_name("Glenys Owen"), "Glenys Owen");
        assert_eq!(greeting_name("Mr Bebb"), "Mr Bebb");
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<Labels>("lexicon/front-page.toml", false);
    }
}
