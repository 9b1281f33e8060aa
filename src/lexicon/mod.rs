//! The lexicon: vocabulary kept as data in `lexicon/*.toml`, compiled into
//! the binary (as Rust data, by `build.rs`: see [`crate::builtin`]) and built
//! once on first use.
//!
//! Keeping words out of code lets an advocate read, review and extend them;
//! `idp-audit.toml` can add files in the same format. Matching runs on
//! folded text (see [`crate::text`]), with aho-corasick for phrases and
//! regular expressions for patterns, all compiled once: checking is linear
//! in the text.

pub mod automaton;
pub mod columns;
pub mod context;
pub mod gates;
pub mod hedges;
pub mod kinds;
pub mod lazy;
pub mod people;
pub mod phrases;
pub mod quantities;
pub mod sections;
pub mod welsh;

use std::fmt;
use std::sync::LazyLock;

pub(crate) const HEDGES_TOML: &str = crate::builtin::builtin!("lexicon/hedges.toml");
pub(crate) const ROLES_TOML: &str = crate::builtin::builtin!("lexicon/roles.toml");
pub(crate) const QUALIFICATIONS_TOML: &str = crate::builtin::builtin!("lexicon/qualifications.toml");
pub(crate) const NUMBERS_TOML: &str = crate::builtin::builtin!("lexicon/numbers.toml");
pub(crate) const PATTERNS_TOML: &str = crate::builtin::builtin!("lexicon/patterns.toml");
pub(crate) const KINDS_TOML: &str = crate::builtin::builtin!("lexicon/kinds.toml");
pub(crate) const CONTEXT_TOML: &str = crate::builtin::builtin!("lexicon/context.toml");

/// A lexicon file that could not be used: which, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub file: String,
    pub message: String,
}

impl LexiconError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        LexiconError { file: file.to_string(), message: message.into() }
    }

    /// A file that is not valid TOML, or not a lexicon: where, and what is
    /// wrong, never the file's own text (it may be anything a user pointed
    /// the configuration at).
    pub(crate) fn parse(file: &str, src: &str, e: &crate::builtin::Error) -> Self {
        LexiconError::new(file, e.located(src))
    }
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for LexiconError {}

/// Extra lexicon files (from configuration), by kind, as (name, contents).
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub hedges: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
    pub qualifications: Vec<(String, String)>,
    pub patterns: Vec<(String, String)>,
    /// Files that add context exceptions to hedges already in the lexicon.
    pub exceptions: Vec<(String, String)>,
    /// Column headers and sub-field labels, checked before the built-in ones.
    pub columns: Vec<(String, String)>,
    /// Phrases never to report as hedges (an allow-list), folded.
    pub allow: Vec<String>,
}

/// Everything the checker matches against.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub hedges: hedges::Hedges,
    pub people: people::People,
    pub numbers: quantities::Numbers,
    pub patterns: quantities::Patterns,
    pub kinds: kinds::KindCues,
    pub context: context::Context,
    /// What a column header or a 2B.1–2B.7 label says its cells hold.
    pub columns: columns::Columns,
    pub allow: Vec<String>,
}

impl Lexicon {
    /// The built-in lexicon plus any extra files.
    pub fn build(extra: &Extra) -> Result<Lexicon, LexiconError> {
        let with = |builtin: (&'static str, &'static str), more: &[(String, String)]| -> Vec<(String, String)> {
            let mut v = vec![(builtin.0.to_string(), builtin.1.to_string())];
            v.extend(more.iter().cloned());
            v
        };
        let hedge_src = with(("lexicon/hedges.toml", HEDGES_TOML), &extra.hedges);
        let role_src = with(("lexicon/roles.toml", ROLES_TOML), &extra.roles);
        let qual_src = with(("lexicon/qualifications.toml", QUALIFICATIONS_TOML), &extra.qualifications);
        let pattern_src = with(("lexicon/patterns.toml", PATTERNS_TOML), &extra.patterns);
        let refs = |v: &[(String, String)]| v.iter().map(|(a, b)| (a.clone(), b.clone())).collect::<Vec<_>>();
        let as_str = |v: &[(String, String)]| -> Vec<(String, String)> { refs(v) };
        let hs = as_str(&hedge_src);
        let rs = as_str(&role_src);
        let qs = as_str(&qual_src);
        // Reading the quantity patterns for their gates is the largest
        // single piece of startup: it runs on a thread of its own while
        // this one builds the rest (and the table-header patterns that
        // splitting uses).
        let pattern_texts = pattern_src.iter().map(|(_, b)| b.as_str()).collect::<Vec<_>>();
        let rest = || {
            let mut hedges = hedges::load(&hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>())?;
            for (name, src) in &extra.exceptions {
                hedges::add_exceptions(&mut hedges, name, src)?;
            }
            let people = people::load(
                &rs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>(),
                &qs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>(),
            )?;
            let kinds = kinds::load(&[("lexicon/kinds.toml", KINDS_TOML)])?;
            let context = context::load("lexicon/context.toml", CONTEXT_TOML)?;
            let mut column_src: Vec<(&str, &str)> =
                extra.columns.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            column_src.push(("lexicon/columns.toml", columns::COLUMNS_TOML));
            let columns = columns::load(&column_src)?;
            Ok::<_, LexiconError>((hedges, people, kinds, context, columns))
        };
        #[cfg(not(target_arch = "wasm32"))]
        let (quantities, rest) = std::thread::scope(|scope| {
            let quantities = scope.spawn(|| {
                let quantities = quantities::load(NUMBERS_TOML, &pattern_texts);
                // The section vocabulary, which finding Section 2B needs
                // first of all, compiles here too, beside the rest.
                sections::get();
                quantities
            });
            let rest = rest();
            (quantities.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), rest)
        });
        // WebAssembly in a page has no threads: the same work, one part
        // after the other.
        #[cfg(target_arch = "wasm32")]
        let (quantities, rest) = (quantities::load(NUMBERS_TOML, &pattern_texts), rest());
        let (hedges, people, kinds, context, columns) = rest?;
        let (numbers, patterns) = quantities?;
        Ok(Lexicon {
            hedges,
            people,
            numbers,
            patterns,
            kinds,
            context,
            columns,
            allow: extra.allow.iter().map(|a| crate::text::fold(a)).collect(),
        })
    }

    /// Compile every pattern that otherwise compiles on first use.
    pub fn warm(&self) {
        for p in &self.patterns.list {
            p.regex.get();
        }
        for re in self.people.qual_present.iter().chain(&self.people.qual_vague).chain(&self.people.qual_beside_person)
        {
            re.get();
        }
        for (re, _) in &self.hedges.patterns {
            re.get();
        }
        for re in self.hedges.entries.iter().flat_map(|h| &h.except) {
            re.get();
        }
        for re in self.context.patterns() {
            re.get();
        }
        // The phrase automata last: a plan can search them as NFAs meanwhile.
        let people = &self.people;
        for set in [
            &self.hedges.phrases,
            &people.role_names,
            &people.vague_names,
            &people.delivered,
            &people.heads.names,
            &self.kinds.phrases,
            &self.kinds.adult_action,
        ] {
            set.warm();
        }
        self.patterns.gates.warm();
        self.hedges.pattern_gates.warm();
        people.qual_set.warm();
    }

    /// The built-in lexicon, built once.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: LazyLock<Lexicon> =
            LazyLock::new(|| Lexicon::build(&Extra::default()).expect("the built-in lexicon is valid"));
        &BUILTIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_builds() {
        let lex = Lexicon::builtin();
        assert!(lex.hedges.entries.len() > 100);
        assert!(lex.people.roles.len() > 10);
        assert!(lex.patterns.list.len() > 20);
    }

    #[test]
    fn every_pattern_compiled_on_first_use_compiles() {
        // The lazily compiled patterns fall back to matching nothing if they
        // cannot compile; none of the built-in ones may need to.
        let lex = Lexicon::builtin();
        let lazy = lex
            .patterns
            .list
            .iter()
            .map(|p| &p.regex)
            .chain(&lex.people.qual_present)
            .chain(&lex.people.qual_vague)
            .chain(&lex.people.qual_beside_person)
            .chain(lex.hedges.entries.iter().flat_map(|h| &h.except))
            .chain(lex.hedges.patterns.iter().map(|(re, _)| re))
            .chain(lex.context.patterns());
        let mut n = 0;
        for re in lazy {
            regex::Regex::new(re.as_str()).unwrap_or_else(|e| panic!("{}: {e}", re.as_str()));
            n += 1;
        }
        assert!(n > 60, "{n}");
    }

    #[test]
    fn bad_extra_regexes_are_reported_at_load_naming_the_file() {
        let extra = Extra {
            qualifications: vec![("my-quals.toml".into(), "present = ['\\btrained (in']\n".into())],
            ..Default::default()
        };
        let err = Lexicon::build(&extra).unwrap_err();
        assert_eq!(err.file, "my-quals.toml");
        assert!(err.message.contains("not a valid regular expression"), "{}", err.message);

        let extra = Extra {
            patterns: vec![(
                "my-patterns.toml".into(),
                "[[pattern]]\nid = \"fortnightly-ish\"\nelement = \"frequency\"\nsignal = \"rate\"\npattern = '\\bfort(nightly'\n"
                    .into(),
            )],
            ..Default::default()
        };
        let err = Lexicon::build(&extra).unwrap_err();
        assert!(err.message.contains("fortnightly-ish"), "{}", err.message);

        let extra = Extra {
            exceptions: vec![(
                "my-exceptions.toml".into(),
                "[[hedge]]\nphrase = \"as needed\"\nexcept = ['(as needed']\n".into(),
            )],
            ..Default::default()
        };
        let err = Lexicon::build(&extra).unwrap_err();
        assert_eq!(err.file, "my-exceptions.toml");
        assert!(err.message.contains("not a valid regular expression"), "{}", err.message);
    }

    #[test]
    fn bad_extra_file_names_itself() {
        let extra = Extra {
            hedges: vec![("my-hedges.toml".into(), "[[hedge]]\nphrase = \"x\"\nrule = \"IDP201\"\nbogus = 1\n".into())],
            ..Default::default()
        };
        let err = Lexicon::build(&extra).unwrap_err();
        assert_eq!(err.file, "my-hedges.toml");
        assert!(err.message.contains("bogus"), "{}", err.message);
    }
}
