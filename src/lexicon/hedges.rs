//! The hedge lexicon (`lexicon/hedges.toml`).

use super::LexiconError;
use super::phrases::PhraseSet;
use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    hedge: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    phrase: Option<String>,
    pattern: Option<String>,
    rule: String,
    #[serde(default = "en")]
    lang: String,
    #[serde(default)]
    except: Vec<String>,
    subject: Option<String>,
    scope: Option<String>,
    explain: Option<String>,
    fix: Option<String>,
}

fn en() -> String {
    "en".into()
}

/// One hedge entry, compiled.
#[derive(Debug, Clone)]
pub struct Hedge {
    /// The phrase or pattern, as written in the lexicon.
    pub source: String,
    pub rule: String,
    pub lang: String,
    pub except: Vec<Regex>,
    /// Not a hedge when the child is the subject (a permission).
    pub child_subject_ok: bool,
    /// Also checked in date and Welsh-language fields.
    pub in_dates: bool,
    pub explain: Option<String>,
    pub fix: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Hedges {
    pub entries: Vec<Hedge>,
    pub phrases: PhraseSet,
    /// (regex, entry index) for pattern entries.
    pub patterns: Vec<(Regex, usize)>,
}

pub fn load(sources: &[(&str, &str)]) -> Result<Hedges, LexiconError> {
    let mut entries = Vec::new();
    let mut phrase_list: Vec<(String, usize)> = Vec::new();
    let mut patterns = Vec::new();
    for (name, src) in sources {
        let file: File = toml::from_str(src).map_err(|e| LexiconError::parse(name, e))?;
        for e in file.hedge {
            let idx = entries.len();
            let source = match (&e.phrase, &e.pattern) {
                (Some(p), None) => {
                    phrase_list.push((p.clone(), idx));
                    p.clone()
                }
                (None, Some(p)) => {
                    let re = Regex::new(p).map_err(|err| {
                        LexiconError::new(name, format!("hedge pattern '{p}' is not a valid regular expression: {err}"))
                    })?;
                    patterns.push((re, idx));
                    p.clone()
                }
                _ => {
                    return Err(LexiconError::new(
                        name,
                        format!("a hedge entry for rule {} needs exactly one of `phrase` or `pattern`", e.rule),
                    ));
                }
            };
            let except = e
                .except
                .iter()
                .map(|x| {
                    Regex::new(x).map_err(|err| {
                        LexiconError::new(
                            name,
                            format!("exception '{x}' of hedge '{source}' is not a valid regular expression: {err}"),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(s) = &e.subject
                && s != "child"
            {
                return Err(LexiconError::new(
                    name,
                    format!("hedge '{source}': subject must be \"child\", not \"{s}\""),
                ));
            }
            if let Some(s) = &e.scope
                && s != "dates"
            {
                return Err(LexiconError::new(name, format!("hedge '{source}': scope must be \"dates\", not \"{s}\"")));
            }
            entries.push(Hedge {
                source,
                rule: e.rule,
                lang: e.lang,
                except,
                child_subject_ok: e.subject.is_some(),
                in_dates: e.scope.is_some(),
                explain: e.explain,
                fix: e.fix,
            });
        }
    }
    let phrases = PhraseSet::new(phrase_list.iter().map(|(p, i)| (p.as_str(), *i)));
    Ok(Hedges { entries, phrases, patterns })
}
