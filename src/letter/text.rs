//! The letter's words, as data: `text/en.toml` and `text/cy.toml`,
//! compiled in. Every sentence has a key and named slots ("{child}"); the
//! two files have the same keys (a test checks), so a sentence added to
//! one is added to the other.

use crate::language::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub(crate) const EN_TOML: &str = crate::builtin::builtin!("src/letter/text/en.toml");
pub(crate) const CY_TOML: &str = crate::builtin::builtin!("src/letter/text/cy.toml");

/// One language's words.
#[derive(Debug, Default, Deserialize)]
pub struct Text {
    /// The month names, January first.
    pub months: Vec<String>,
    /// The weekday names, Monday first.
    pub weekdays: Vec<String>,
    /// Every other sentence, by key.
    #[serde(flatten)]
    pub words: BTreeMap<String, String>,
}

/// As its `Deserialize`: `months`, `weekdays`, and every other key in `words`.
impl crate::builtin::FromValue for Text {
    fn from_value(value: &crate::builtin::Value) -> Self {
        use crate::builtin::field;
        let words = value.table().filter(|(key, _)| !matches!(*key, "months" | "weekdays"));
        Text {
            months: field(value, "months", false, None),
            weekdays: field(value, "weekdays", false, None),
            words: words.map(|(key, v)| (key.to_string(), String::from_value(v))).collect(),
        }
    }
}

static EN: LazyLock<Text> = LazyLock::new(|| crate::builtin::read(EN_TOML).unwrap_or_default());
static CY: LazyLock<Text> = LazyLock::new(|| crate::builtin::read(CY_TOML).unwrap_or_default());

/// The words of `lang`.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Cy => &CY,
    }
}

impl Text {
    /// The sentence under `key`, its slots filled. A key that is missing
    /// gives itself in brackets (a test checks none is).
    pub fn get(&self, key: &str, slots: &[(&str, &str)]) -> String {
        let Some(t) = self.words.get(key) else { return format!("[{key}]") };
        let mut s = t.clone();
        for (name, value) in slots {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// The sentence under `key`, with no slots.
    pub fn word(&self, key: &str) -> String {
        self.get(key, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_parse_and_have_the_same_keys_and_slots() {
        let en: Text = crate::builtin::read(EN_TOML).unwrap();
        let cy: Text = crate::builtin::read(CY_TOML).unwrap();
        assert_eq!(en.words.keys().collect::<Vec<_>>(), cy.words.keys().collect::<Vec<_>>());
        assert_eq!((en.months.len(), en.weekdays.len()), (12, 7));
        assert_eq!((cy.months.len(), cy.weekdays.len()), (12, 7));
        let slots = |s: &str| {
            let mut v: Vec<String> =
                s.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(a, _)| a.to_string()).collect();
            v.sort();
            v
        };
        for (k, e) in &en.words {
            assert_eq!(slots(e), slots(&cy.words[k]), "{k}: the slots differ");
        }
        // Each hedge rule's own sentence, in both languages, has its slot.
        for r in crate::rules::RULES {
            if let Some(s) = crate::rules::letter_sentence(r.id) {
                assert!(s.en.contains("{}") && s.cy.contains("{}"), "{}", r.id);
            }
        }
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<Text>("src/letter/text/en.toml", false);
        crate::builtin::assert_reads_as_toml::<Text>("src/letter/text/cy.toml", false);
    }
}
