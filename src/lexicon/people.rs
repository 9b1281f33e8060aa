//! Roles, vague roles (`lexicon/roles.toml`) and qualifications
//! (`lexicon/qualifications.toml`).

use super::LexiconError;
use super::lazy::LazyRegex;
use super::lazy::Regex;
use super::phrases::PhraseSet;
use serde::Deserialize;

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct RolesFile {
    #[serde(default)]
    role: Vec<RoleEntry>,
    vague: Option<VagueEntry>,
    heads: Option<HeadsEntry>,
}

crate::builtin::from_value!(RolesFile { role = Vec::new, vague, heads });

/// A post named by its title: see `[heads]` in `lexicon/roles.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct HeadsEntry {
    role: String,
    #[serde(default)]
    english: Vec<String>,
    #[serde(default)]
    english_modified: Vec<String>,
    #[serde(default)]
    english_of: Vec<String>,
    #[serde(default)]
    not_modifiers: Vec<String>,
    #[serde(default)]
    not_staff: Vec<String>,
    #[serde(default)]
    welsh: Vec<String>,
}

crate::builtin::from_value!(HeadsEntry {
    role,
    english = Vec::new,
    english_modified = Vec::new,
    english_of = Vec::new,
    not_modifiers = Vec::new,
    not_staff = Vec::new,
    welsh = Vec::new,
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct RoleEntry {
    label: String,
    names: Vec<String>,
    /// Welsh names, in their radical form: their mutated forms are added.
    #[serde(default)]
    welsh: Vec<String>,
    #[serde(default)]
    regulated: bool,
    qualification: Option<String>,
    #[serde(default)]
    credential: String,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    adult: bool,
    /// What the role delivers, as plans name it ("speech and language
    /// therapy"): a rewrite suggests the role when the plan names no one.
    #[serde(default)]
    delivers: Vec<String>,
}

crate::builtin::from_value!(RoleEntry {
    label,
    names,
    welsh = Vec::new,
    regulated = bool::default,
    qualification,
    credential = String::new,
    not_before = Vec::new,
    adult = bool::default,
    delivers = Vec::new,
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct VagueEntry {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    positional: Vec<String>,
    /// Welsh vague names (radical forms; mutations are added).
    #[serde(default)]
    welsh: Vec<String>,
    #[serde(default)]
    welsh_positional: Vec<String>,
}

crate::builtin::from_value!(VagueEntry { names = Vec::new, positional = Vec::new, welsh = Vec::new, welsh_positional = Vec::new });

#[derive(Debug, Clone)]
pub struct Role {
    pub label: String,
    pub regulated: bool,
    /// The title alone leaves the expertise vague ("specialist teacher").
    pub vague_qualification: bool,
    pub credential: String,
    pub not_before: Vec<String>,
    pub adult: bool,
    pub delivers: Vec<String>,
    /// Its Welsh names, radical forms, the usual one first (for a rewrite
    /// in Welsh).
    pub welsh: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct People {
    pub roles: Vec<Role>,
    /// Role names -> role index.
    pub role_names: PhraseSet,
    /// What each role delivers -> role index, for suggesting a role.
    pub delivered: PhraseSet,
    /// Vague names: payload 0 = vague anywhere, 1 = only as the deliverer.
    pub vague_names: PhraseSet,
    pub qual_present: Vec<LazyRegex>,
    pub qual_vague: Vec<LazyRegex>,
    /// Credentials stated only where the same part names a person ("Level
    /// 3 TA"); elsewhere the words describe the programme ("Talkabout
    /// (Level 1: body language)").
    pub qual_beside_person: Vec<LazyRegex>,
    /// `qual_present`, `qual_vague` then `qual_beside_person`, as one set: one pass says which can
    /// match, sparing the others on the many parts that state no
    /// qualification (and sparing their compilation until one can).
    pub qual_set: super::gates::Gates,
    pub trained_suffix: Regex,
    pub trained_suffix_stop: Vec<String>,
    pub heads: Heads,
}

/// How a head noun stands in a post's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadKind {
    /// An English head: a post on its own, its modifiers before it ("officer").
    English,
    /// An English head that is also an everyday word: a post only after a
    /// word that modifies it ("ALN lead").
    EnglishModified,
    /// An English head whose modifiers follow "of" ("head of Year 10").
    EnglishOf,
    /// A Welsh head: its modifiers follow it ("swyddog achos ADY").
    Welsh,
}

/// Head nouns of posts' titles (`[heads]` in `lexicon/roles.toml`).
#[derive(Debug, Clone)]
pub struct Heads {
    /// Head noun -> index into `kinds`.
    pub names: PhraseSet,
    pub kinds: Vec<HeadKind>,
    /// The role a post found by its head is reported as (index into `roles`).
    pub role: Option<usize>,
    pub not_modifiers: Vec<String>,
    pub not_staff: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct QualFile {
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    vague: Vec<String>,
    #[serde(default)]
    beside_person: Vec<String>,
    #[serde(default)]
    trained_suffix_stop: Vec<String>,
}

crate::builtin::from_value!(QualFile { present = Vec::new, vague = Vec::new, beside_person = Vec::new, trained_suffix_stop = Vec::new });

pub(crate) const VAGUE_ANYWHERE: usize = 0;
pub(crate) const VAGUE_AS_DELIVERER: usize = 1;

pub fn load(roles: &[(&str, &str)], quals: &[(&str, &str)]) -> Result<People, LexiconError> {
    let mut list = Vec::new();
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut vague: Vec<(String, usize)> = Vec::new();
    let mut head_names: Vec<(String, usize)> = Vec::new();
    let mut head_kinds: Vec<HeadKind> = Vec::new();
    let mut head_role: Option<String> = None;
    let mut not_modifiers: Vec<String> = Vec::new();
    let mut not_staff: Vec<String> = Vec::new();
    for (file, src) in roles {
        let f: RolesFile = crate::builtin::read(src).map_err(|e| LexiconError::parse(file, src, &e))?;
        for r in f.role {
            let idx = list.len();
            let welsh = r.welsh.iter().flat_map(|w| super::welsh::forms(w));
            for n in r.names.iter().cloned().chain(welsh) {
                names.push((n, idx));
            }
            if let Some(q) = &r.qualification
                && q != "vague"
            {
                return Err(LexiconError::new(file, format!("role '{}': qualification must be \"vague\"", r.label)));
            }
            list.push(Role {
                label: r.label,
                regulated: r.regulated,
                vague_qualification: r.qualification.is_some(),
                credential: r.credential,
                not_before: r.not_before.iter().map(|s| crate::text::fold(s)).collect(),
                adult: r.adult,
                delivers: r.delivers.iter().map(|s| crate::text::fold(s)).collect(),
                welsh: r.welsh.clone(),
            });
        }
        if let Some(h) = f.heads {
            let modified: Vec<String> = h.english_modified.iter().map(|w| crate::text::fold(w)).collect();
            let mut add = |name: String, kind: HeadKind| {
                head_names.push((name, head_kinds.len()));
                head_kinds.push(kind);
            };
            for w in &h.english {
                let kind = if modified.contains(&crate::text::fold(w)) {
                    HeadKind::EnglishModified
                } else {
                    HeadKind::English
                };
                add(w.clone(), kind);
            }
            for w in h.english_modified.iter().filter(|w| !h.english.contains(w)) {
                add(w.clone(), HeadKind::EnglishModified);
            }
            for w in &h.english_of {
                add(w.clone(), HeadKind::EnglishOf);
            }
            for w in h.welsh.iter().flat_map(|w| super::welsh::forms(w)) {
                add(w, HeadKind::Welsh);
            }
            not_modifiers.extend(h.not_modifiers.iter().map(|w| crate::text::fold(w)));
            not_staff.extend(h.not_staff.iter().map(|w| crate::text::fold(w)));
            head_role = Some(h.role);
        }
        if let Some(v) = f.vague {
            vague.extend(v.names.into_iter().map(|n| (n, VAGUE_ANYWHERE)));
            vague.extend(v.positional.into_iter().map(|n| (n, VAGUE_AS_DELIVERER)));
            vague.extend(v.welsh.iter().flat_map(|w| super::welsh::forms(w)).map(|n| (n, VAGUE_ANYWHERE)));
            vague.extend(
                v.welsh_positional.iter().flat_map(|w| super::welsh::forms(w)).map(|n| (n, VAGUE_AS_DELIVERER)),
            );
        }
    }
    let mut qual_present = Vec::new();
    let mut qual_vague = Vec::new();
    let mut qual_beside_person = Vec::new();
    let mut stop = Vec::new();
    // The syntax trees, in the gates' order: present, vague, beside a person.
    let mut trees = [Vec::new(), Vec::new(), Vec::new()];
    for (file, src) in quals {
        let f: QualFile = crate::builtin::read(src).map_err(|e| LexiconError::parse(file, src, &e))?;
        for (list, trees) in [f.present, f.vague, f.beside_person].into_iter().zip(&mut trees) {
            for p in list {
                let source = crate::text::fold_pattern(&p);
                let tree = regex_syntax::Parser::new()
                    .parse(&source)
                    .map_err(|e| LexiconError::new(file, format!("'{p}' is not a valid regular expression: {e}")))?;
                trees.push((source, tree));
            }
        }
        stop.extend(f.trained_suffix_stop);
    }
    let qual_set = super::gates::Gates::of_parsed(trees.iter().flatten().map(|(_, tree)| tree));
    let [present, vague_quals, beside] = trees;
    for (trees, into) in
        [(present, &mut qual_present), (vague_quals, &mut qual_vague), (beside, &mut qual_beside_person)]
    {
        into.extend(trees.into_iter().map(|(source, tree)| LazyRegex::of_parsed(source, tree)));
    }
    let delivered =
        PhraseSet::new(list.iter().enumerate().flat_map(|(i, r)| r.delivers.iter().map(move |d| (d.as_str(), i))));
    let role = match head_role {
        Some(label) => Some(list.iter().position(|r| r.label == label).ok_or_else(|| {
            LexiconError::new("roles", format!("[heads] role \"{label}\" is not the label of a [[role]]"))
        })?),
        None => None,
    };
    let heads = Heads {
        names: PhraseSet::new(head_names.iter().map(|(n, i)| (n.as_str(), *i))),
        kinds: head_kinds,
        role,
        not_modifiers,
        not_staff,
    };
    Ok(People {
        roles: list,
        role_names: PhraseSet::new(names.iter().map(|(n, i)| (n.as_str(), *i))),
        delivered,
        vague_names: PhraseSet::new(vague.iter().map(|(n, i)| (n.as_str(), *i))),
        qual_present,
        qual_vague,
        qual_beside_person,
        qual_set,
        trained_suffix: Regex::new(r"\b([a-z0-9'-]+)\s+trained\b").unwrap(),
        trained_suffix_stop: stop,
        heads,
    })
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<RolesFile>("lexicon/roles.toml", false);
        crate::builtin::assert_reads_as_toml::<QualFile>("lexicon/qualifications.toml", false);
    }
}
