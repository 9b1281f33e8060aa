//! Cues for a provision's kind (`lexicon/kinds.toml`).

use super::LexiconError;
use super::phrases::PhraseSet;
use crate::types::Kind;
use serde::Deserialize;

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct File {
    kind: Vec<Entry>,
    adult_action: Option<AdultAction>,
}

crate::builtin::from_value!(File { kind, adult_action });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct AdultAction {
    phrases: Vec<String>,
}

crate::builtin::from_value!(AdultAction { phrases });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct Entry {
    kind: Kind,
    weight: f64,
    phrases: Vec<String>,
}

crate::builtin::from_value!(Entry { kind, weight, phrases });

#[derive(Debug, Clone)]
pub struct KindCues {
    /// Phrase -> index into `cues`.
    pub phrases: PhraseSet,
    pub cues: Vec<(Kind, f64)>,
    /// Words that make an adult's action the point of a resource.
    pub adult_action: PhraseSet,
}

pub fn load(sources: &[(&str, &str)]) -> Result<KindCues, LexiconError> {
    let mut cues = Vec::new();
    let mut phrases: Vec<(String, usize)> = Vec::new();
    let mut actions: Vec<String> = Vec::new();
    for (name, src) in sources {
        let f: File = crate::builtin::read(src).map_err(|e| LexiconError::parse(name, src, &e))?;
        if let Some(a) = f.adult_action {
            actions.extend(a.phrases);
        }
        for e in f.kind {
            let idx = cues.len();
            cues.push((e.kind, e.weight));
            phrases.extend(e.phrases.into_iter().map(|p| (p, idx)));
        }
    }
    Ok(KindCues {
        phrases: PhraseSet::new(phrases.iter().map(|(p, i)| (p.as_str(), *i))),
        cues,
        adult_action: PhraseSet::new(actions.iter().map(|p| (p.as_str(), 0))),
    })
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("lexicon/kinds.toml", false);
    }
}
