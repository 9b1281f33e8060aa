//! Column header roles and statutory sub-field labels (`lexicon/columns.toml`).

use super::LexiconError;
use super::lazy::LazyRegex;
use crate::types::provision::{Role, SubField};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) const COLUMNS_TOML: &str = crate::builtin::builtin!("lexicon/columns.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct File {
    #[serde(default)]
    column: Vec<ColumnEntry>,
    #[serde(default)]
    subfield: Vec<SubFieldEntry>,
}

crate::builtin::from_value!(File { column = Vec::new, subfield = Vec::new });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct ColumnEntry {
    role: Role,
    patterns: Vec<String>,
}

crate::builtin::from_value!(ColumnEntry { role, patterns });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct SubFieldEntry {
    key: SubField,
    code: u8,
    patterns: Vec<String>,
}

crate::builtin::from_value!(SubFieldEntry { key, code, patterns });

/// The column and sub-field vocabulary: for each role, one pattern (the
/// alternation of its entries), in the order the files give them. Files a
/// configuration adds come first, so their headers win.
#[derive(Debug, Clone)]
pub struct Columns {
    columns: Vec<(Role, LazyRegex)>,
    subfields: Vec<(SubField, u8, LazyRegex)>,
}

/// Header and label patterns run on folded bytes with Unicode off: folding
/// has already taken accents and curly quotes to ASCII, and ASCII classes
/// compile in a fraction of the time of Unicode ones (this is startup
/// time, paid by every run).
/// The built-in file's patterns are parsed when they first run (a test
/// checks them); a configuration's are checked now, naming the file.
fn alternation(file: &str, patterns: &[String], builtin: bool) -> Result<LazyRegex, LexiconError> {
    let joined = patterns.iter().map(|p| format!("(?:{})", crate::text::fold_pattern(p))).collect::<Vec<_>>().join("|");
    LazyRegex::for_bytes(joined, true, !builtin)
        .map_err(|e| LexiconError::new(file, format!("a column pattern is not a valid regular expression: {e}")))
}

/// Load the column vocabulary from files in `(name, contents)` form, the
/// first taking precedence.
pub fn load(sources: &[(&str, &str)]) -> Result<Columns, LexiconError> {
    let mut columns = Vec::new();
    let mut subfields = Vec::new();
    for (name, src) in sources {
        let builtin = std::ptr::eq(*src, COLUMNS_TOML);
        let file: File = crate::builtin::read(src).map_err(|e| LexiconError::parse(name, src, &e))?;
        for c in file.column {
            columns.push((c.role, alternation(name, &c.patterns, builtin)?));
        }
        for s in file.subfield {
            if !(1..=7).contains(&s.code) {
                return Err(LexiconError::new(name, format!("subfield {:?}: code must be 1 to 7 (2B.1–2B.7)", s.key)));
            }
            subfields.push((s.key, s.code, alternation(name, &s.patterns, builtin)?));
        }
    }
    Ok(Columns { columns, subfields })
}

static SUB_CODE: LazyLock<Regex> =
    LazyLock::new(|| RegexBuilder::new(r"^\W*2\s*B\s*\.\s*([1-7])\b").unicode(false).build().unwrap());

impl Columns {
    /// The role of a column from its header text.
    pub fn role(&self, header: &str) -> Role {
        let header = header.trim();
        if header.is_empty() {
            return Role::Other;
        }
        let header = crate::text::fold(header);
        self.columns.iter().find(|(_, re)| re.is_match_bytes(header.as_bytes())).map(|(r, _)| *r).unwrap_or(Role::Other)
    }

    /// The sub-field a label names: by its code ("2B.4 …") or, for a short
    /// label without one, by its words ("Outcome", "Start date").
    pub fn subfield(&self, label: &str) -> Option<SubField> {
        let label = label.trim();
        if let Some(c) = SUB_CODE.captures(label.as_bytes()) {
            let code = c[1][0] - b'0';
            return self.subfields.iter().find(|(_, n, _)| *n == code).map(|(k, _, _)| *k);
        }
        if label.split_whitespace().count() > 8 {
            return None;
        }
        let label = crate::text::fold(label);
        self.subfields.iter().find(|(_, _, re)| re.is_match_bytes(label.as_bytes())).map(|(k, _, _)| *k)
    }
}

impl Columns {
    /// The role a per-element label gives its value. Mostly its sub-field's,
    /// but an authority that numbers its own labels ("2B.5 How often and for
    /// how long" where the statutory 2B.5 is the start date) is read by its
    /// words: a label whose code points at a field never read for elements
    /// (an outcome, a date, the language, a rationale) or at the
    /// organisation, while its words name how often, how long, who or their
    /// training ("2B.4 Who will deliver it (training)"), takes the words' role.
    pub fn element_role(&self, label: &str, sub: SubField) -> Role {
        let code_role = sub.role();
        if code_role == Role::Description || !has_subfield_code(label) {
            return code_role;
        }
        let words = SUB_CODE.replace(label.trim().as_bytes(), &b""[..]);
        let words = String::from_utf8_lossy(&words);
        let words = words.trim();
        // Words that name the code's own sub-field ("2B.4 Organisation
        // providing the ALP") keep its role.
        if self.subfield(words) == Some(sub) {
            return code_role;
        }
        match self.role(words) {
            r @ (Role::Frequency | Role::Duration | Role::FrequencyDuration | Role::Provider | Role::Qualification) => {
                r
            }
            _ => code_role,
        }
    }
}

/// The role of a column from its header text, by the built-in vocabulary.
/// The readers use it to recognise a table's header row where the layout
/// itself does not mark one (text copied out of a PDF); the splitter judges
/// the columns again with the configured lexicon.
pub(crate) fn column_role(header: &str) -> Role {
    crate::lexicon::Lexicon::builtin().columns.role(header)
}

static NUMBERED_CODE: LazyLock<Regex> =
    LazyLock::new(|| RegexBuilder::new(r"^\W*2\s*B\s*\.\s*(?:[89]|[1-9]\d)\b").unicode(false).build().unwrap());

/// True when a text starts with a 2B.N code past the statutory form's
/// seven sub-fields ("2B.8", "2B.14"): the plan numbers its provisions
/// 2B.1, 2B.2 …, and its codes are references, not sub-field labels.
pub fn numbers_provisions(text: &str) -> bool {
    NUMBERED_CODE.is_match(text.as_bytes())
}

static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| RegexBuilder::new(r"^[ \t]*2\s*B\s*\.\s*\d{1,2}\.?[ \t]+\S").unicode(false).build().unwrap());

/// The bytes a "2B.N" reference takes at the start of a text, with the
/// white space after it, when words follow.
pub fn reference_len(text: &str) -> Option<usize> {
    REFERENCE.find(text.as_bytes()).map(|m| m.end() - 1)
}

/// True when the label carries a 2B.N code.
pub fn has_subfield_code(label: &str) -> bool {
    SUB_CODE.is_match(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subfield(label: &str) -> Option<SubField> {
        crate::lexicon::Lexicon::builtin().columns.subfield(label)
    }

    #[test]
    fn every_builtin_pattern_is_valid() {
        // The built-in patterns are parsed when they first run: each must
        // be valid, as a configuration's are checked at load.
        // A copy of the file is not the built-in one: it is checked at load.
        let copy = String::from(COLUMNS_TOML);
        let checked = load(&[("columns.toml", copy.as_str())]).unwrap();
        let all = checked.columns.iter().map(|(_, re)| re).chain(checked.subfields.iter().map(|(_, _, re)| re));
        for re in all {
            assert!(re.hir_is_checked(), "{}", re.as_str());
        }
    }

    #[test]
    fn headers_get_roles() {
        assert_eq!(column_role("Provision"), Role::Description);
        assert_eq!(column_role("Additional learning provision (ALP)"), Role::Description);
        assert_eq!(column_role("Who will deliver"), Role::Provider);
        assert_eq!(column_role("Delivered by"), Role::Provider);
        assert_eq!(column_role("Staff (training)"), Role::Provider);
        assert_eq!(column_role("Staff and training"), Role::Provider);
        assert_eq!(column_role("Training"), Role::Qualification);
        assert_eq!(column_role("Staff a hyfforddiant"), Role::Provider);
        assert_eq!(column_role("Amlder a hyd"), Role::FrequencyDuration);
        assert_eq!(column_role("Hyd"), Role::Duration);
        assert_eq!(column_role("Frequency and duration"), Role::FrequencyDuration);
        assert_eq!(column_role("When and for how long"), Role::FrequencyDuration);
        assert_eq!(column_role("How often"), Role::Frequency);
        assert_eq!(column_role("Duration"), Role::Duration);
        assert_eq!(column_role("Start date"), Role::Start);
        assert_eq!(column_role("Review"), Role::Review);
        assert_eq!(column_role("Group"), Role::Group);
        assert_eq!(column_role("Training"), Role::Qualification);
        assert_eq!(column_role("Hyfforddiant / Training"), Role::Qualification);
        assert_eq!(column_role("Staff qualifications"), Role::Qualification);
        assert_eq!(column_role("Who (and their training)"), Role::Provider);
        assert_eq!(column_role("Staff"), Role::Provider);
        assert_eq!(column_role("Staff (role and training)"), Role::Provider);
        assert_eq!(column_role("Staff and training"), Role::Provider);
        assert_eq!(column_role("Pwy / Who"), Role::Provider);
        assert_eq!(column_role("Outcome"), Role::Outcome);
        // A column asking for several elements holds the whole provision.
        assert_eq!(column_role("Details (how often, how long, by whom)"), Role::Description);
        assert_eq!(column_role("Manylion (pa mor aml, am ba hyd, gan bwy)"), Role::Description);
        assert_eq!(column_role("Provider details"), Role::Provider);
        assert_eq!(column_role(""), Role::Other);
    }

    #[test]
    fn a_numbered_label_whose_words_name_another_element_is_read_by_its_words() {
        let cols = &crate::lexicon::Lexicon::builtin().columns;
        let role = |label: &str| cols.element_role(label, subfield(label).unwrap());
        // An authority's own numbering: its 2B.5 is how often, not the start.
        assert_eq!(role("2B.5 How often and for how long"), Role::FrequencyDuration);
        assert_eq!(role("2B.4 Who will deliver it (training)"), Role::Provider);
        // The statutory labels keep their sub-field's role.
        assert_eq!(role("2B.4 Organisation providing the ALP"), Role::Organisation);
        assert_eq!(role("2B.5 Start date"), Role::Start);
        assert_eq!(role("2B.6 Review date"), Role::Review);
        assert_eq!(role("2B.2 Description of the provision"), Role::Description);
    }

    #[test]
    fn subfield_labels() {
        assert_eq!(subfield("2B.1 Outcome:"), Some(SubField::Outcome));
        assert_eq!(subfield("2B.3 Is the ALP to be provided in Welsh?"), Some(SubField::Welsh));
        assert_eq!(subfield("2B.2 Additional learning provision (description):"), Some(SubField::Alp));
        assert_eq!(subfield("Organisation providing the ALP"), Some(SubField::Organisation));
        assert_eq!(subfield("Rationale"), Some(SubField::Rationale));
        assert_eq!(subfield("Review / end date"), Some(SubField::Review));
        assert_eq!(subfield("Speech and language therapy weekly"), None);
    }

    #[test]
    fn extra_column_files_come_first() {
        let extra = "[[column]]\nrole = \"frequency\"\npatterns = ['^amlder arall$']\n[[column]]\nrole = \"provider\"\npatterns = ['^provision$']\n";
        let cols = load(&[("ours.toml", extra), ("lexicon/columns.toml", COLUMNS_TOML)]).unwrap();
        assert_eq!(cols.role("Amlder arall"), Role::Frequency);
        // An extra file may even change what a built-in header means.
        assert_eq!(cols.role("Provision"), Role::Provider);
        assert_eq!(cols.role("How often"), Role::Frequency);
        let err = load(&[("bad.toml", "[[column]]\nrole = \"often\"\npatterns = ['x']\n")]).unwrap_err();
        assert_eq!(err.file, "bad.toml");
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("lexicon/columns.toml", false);
    }
}
