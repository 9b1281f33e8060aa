//! The hedge lexicon (`lexicon/hedges.toml`).

use super::LexiconError;
use super::lazy::LazyRegex;
use super::phrases::PhraseSet;
use crate::types::RuleId;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct File {
    #[serde(default)]
    hedge: Vec<Entry>,
}

crate::builtin::from_value!(File { hedge = Vec::new });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
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
    /// `true`: a ceiling, which in a group-size column caps the group and
    /// protects the child ("Group: up to 8").
    #[serde(default)]
    group_cap_ok: bool,
    fix: Option<String>,
}

crate::builtin::from_value!(Entry { phrase, pattern, rule, lang = en, except = Vec::new, subject, scope, group_cap_ok = bool::default, fix });

fn en() -> String {
    "en".into()
}

/// One hedge entry, compiled.
#[derive(Debug, Clone)]
pub struct Hedge {
    /// The phrase or pattern, as written in the lexicon.
    pub source: String,
    /// The rule it reports under (its file holds the message and severity).
    pub rule: RuleId,
    pub lang: String,
    pub except: Vec<LazyRegex>,
    /// Not a hedge when the child is the subject (a permission).
    pub child_subject_ok: bool,
    /// Also checked in date and Welsh-language fields.
    pub in_dates: bool,
    /// Not a hedge in a group-size field: a cap on the group's size.
    pub group_cap_ok: bool,
    /// A fix more precise than the rule's own ("" for the rule's).
    pub fix: String,
}

#[derive(Debug, Clone)]
pub struct Hedges {
    pub entries: Vec<Hedge>,
    pub phrases: PhraseSet,
    /// (regex, entry index) for pattern entries.
    pub patterns: Vec<(LazyRegex, usize)>,
    /// Which of `patterns` can match a text: only those run (and compile).
    pub pattern_gates: super::gates::Gates,
}

impl Hedges {
    /// The pattern entries that can match `text`, in order.
    pub fn patterns_for<'a>(&'a self, text: &str) -> impl Iterator<Item = &'a (LazyRegex, usize)> + use<'a> {
        let can = self.pattern_gates.matches(text);
        self.patterns.iter().zip(can).filter_map(|(p, can)| can.then_some(p))
    }
}

pub fn load(sources: &[(&str, &str)]) -> Result<Hedges, LexiconError> {
    let mut entries = Vec::new();
    let mut phrase_list: Vec<(String, usize)> = Vec::new();
    let mut patterns = Vec::new();
    let files = sources
        .iter()
        .map(|(name, src)| {
            crate::builtin::read::<File>(src).map(|f| (*name, f)).map_err(|e| LexiconError::parse(name, src, &e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (name, file) in files {
        for e in file.hedge {
            let Some(rule) = RuleId::parse(&e.rule) else {
                return Err(LexiconError::new(
                    name,
                    format!(
                        "hedge entry for rule {:?}: a rule id is written like IDP201 (see `idp-audit rules`)",
                        e.rule
                    ),
                ));
            };
            let idx = entries.len();
            let source = match (&e.phrase, &e.pattern) {
                (Some(p), None) => {
                    // A Welsh phrase is found in its mutated forms too
                    // ("cefnogaeth reolaidd").
                    if e.lang == "cy" {
                        phrase_list.extend(super::welsh::forms(p).into_iter().map(|f| (f, idx)));
                    } else {
                        phrase_list.push((p.clone(), idx));
                    }
                    p.clone()
                }
                (None, Some(p)) => {
                    let source = crate::text::fold_pattern(p);
                    let tree = regex_syntax::Parser::new().parse(&source).map_err(|err| {
                        LexiconError::new(name, format!("hedge pattern '{p}' is not a valid regular expression: {err}"))
                    })?;
                    patterns.push((source, tree, idx));
                    p.clone()
                }
                _ => {
                    return Err(LexiconError::new(
                        name,
                        format!("a hedge entry for rule {} needs exactly one of `phrase` or `pattern`", e.rule),
                    ));
                }
            };
            let except = exceptions(name, &source, &e.except)?;
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
                rule,
                lang: e.lang,
                except,
                child_subject_ok: e.subject.is_some(),
                in_dates: e.scope.is_some(),
                group_cap_ok: e.group_cap_ok,
                fix: e.fix.unwrap_or_default(),
            });
        }
    }
    let phrases = PhraseSet::new(phrase_list.iter().map(|(p, i)| (p.as_str(), *i)));
    // The gates read the literals every match needs off the syntax trees;
    // each pattern then compiles from its tree when its gate first lets it
    // through.
    let pattern_gates = super::gates::Gates::of_parsed(patterns.iter().map(|(_, tree, _)| tree));
    let patterns = patterns.into_iter().map(|(source, tree, idx)| (LazyRegex::of_parsed(source, tree), idx)).collect();
    Ok(Hedges { entries, phrases, patterns, pattern_gates })
}

/// A hedge's context exceptions, syntax-checked now and compiled on first use.
fn exceptions(file: &str, hedge: &str, patterns: &[String]) -> Result<Vec<LazyRegex>, LexiconError> {
    patterns
        .iter()
        .map(|x| {
            LazyRegex::new(crate::text::fold_pattern(x)).map_err(|err| {
                LexiconError::new(
                    file,
                    format!("exception '{x}' of hedge '{hedge}' is not a valid regular expression: {err}"),
                )
            })
        })
        .collect()
}

/// An exceptions file: `[[hedge]]` entries in the format of `hedges.toml`
/// that name a hedge already in the lexicon (by its `phrase` or `pattern`,
/// and optionally its `rule`) and add `except` contexts to it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct ExceptionsFile {
    #[serde(default)]
    hedge: Vec<ExceptionEntry>,
}

crate::builtin::from_value!(ExceptionsFile { hedge = Vec::new });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct ExceptionEntry {
    phrase: Option<String>,
    pattern: Option<String>,
    rule: Option<String>,
    except: Vec<String>,
}

crate::builtin::from_value!(ExceptionEntry { phrase, pattern, rule, except });

/// Add the context exceptions of an exceptions file to the hedges it names.
pub(crate) fn add_exceptions(hedges: &mut Hedges, name: &str, src: &str) -> Result<(), LexiconError> {
    let file: ExceptionsFile = crate::builtin::read(src).map_err(|e| LexiconError::parse(name, src, &e))?;
    for e in file.hedge {
        let key = match (&e.phrase, &e.pattern) {
            (Some(p), None) | (None, Some(p)) => p,
            _ => {
                return Err(LexiconError::new(
                    name,
                    "each [[hedge]] entry of an exceptions file needs exactly one of `phrase` or `pattern`, naming a \
                     hedge in the lexicon",
                ));
            }
        };
        let except = exceptions(name, key, &e.except)?;
        let mut hit = false;
        for h in &mut hedges.entries {
            if h.source.eq_ignore_ascii_case(key) && e.rule.as_deref().is_none_or(|r| RuleId::parse(r) == Some(h.rule))
            {
                h.except.extend(except.iter().cloned());
                hit = true;
            }
        }
        if !hit {
            return Err(LexiconError::new(
                name,
                format!("there is no hedge '{key}' in the lexicon to add exceptions to (see lexicon/hedges.toml)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("lexicon/hedges.toml", false);
    }
}
