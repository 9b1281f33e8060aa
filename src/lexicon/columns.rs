//! Column header roles and statutory sub-field labels (`lexicon/columns.toml`).

use crate::types::provision::{Role, SubField};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) const COLUMNS_TOML: &str = include_str!("../../lexicon/columns.toml");

#[derive(Deserialize)]
struct File {
    column: Vec<ColumnEntry>,
    subfield: Vec<SubFieldEntry>,
}

#[derive(Deserialize)]
struct ColumnEntry {
    role: Role,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
struct SubFieldEntry {
    key: SubField,
    code: u8,
    patterns: Vec<String>,
}

struct Compiled {
    columns: Vec<(Role, Regex)>,
    subfields: Vec<(SubField, u8, Regex)>,
}

/// Header and label patterns run on folded bytes with Unicode off: folding
/// has already taken accents and curly quotes to ASCII, and ASCII classes
/// compile in a fraction of the time of Unicode ones (this is startup
/// time, paid by every run).
fn alternation(patterns: &[String]) -> Regex {
    let joined = patterns.iter().map(|p| format!("(?:{})", crate::text::fold_pattern(p))).collect::<Vec<_>>().join("|");
    RegexBuilder::new(&joined).case_insensitive(true).unicode(false).build().expect("lexicon/columns.toml: bad pattern")
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let file: File = toml::from_str(COLUMNS_TOML).expect("lexicon/columns.toml does not parse");
    Compiled {
        columns: file.column.iter().map(|c| (c.role, alternation(&c.patterns))).collect(),
        subfields: file.subfield.iter().map(|s| (s.key, s.code, alternation(&s.patterns))).collect(),
    }
});

/// Compile the header and label patterns now rather than at the first table.
pub fn warm() {
    LazyLock::force(&COMPILED);
    LazyLock::force(&SUB_CODE);
}

/// The role of a column from its header text.
pub(crate) fn column_role(header: &str) -> Role {
    let header = header.trim();
    if header.is_empty() {
        return Role::Other;
    }
    let header = crate::text::fold(header);
    COMPILED.columns.iter().find(|(_, re)| re.is_match(header.as_bytes())).map(|(r, _)| *r).unwrap_or(Role::Other)
}

static SUB_CODE: LazyLock<Regex> =
    LazyLock::new(|| RegexBuilder::new(r"^\W*2\s*B\s*\.\s*([1-7])\b").unicode(false).build().unwrap());

/// The sub-field a label names: by its code ("2B.4 …") or, for a short
/// label without one, by its words ("Outcome", "Start date").
pub(crate) fn subfield(label: &str) -> Option<SubField> {
    let label = label.trim();
    if let Some(c) = SUB_CODE.captures(label.as_bytes()) {
        let code = c[1][0] - b'0';
        return COMPILED.subfields.iter().find(|(_, n, _)| *n == code).map(|(k, _, _)| *k);
    }
    if label.split_whitespace().count() > 8 {
        return None;
    }
    let label = crate::text::fold(label);
    COMPILED.subfields.iter().find(|(_, _, re)| re.is_match(label.as_bytes())).map(|(k, _, _)| *k)
}

/// True when the label carries a 2B.N code.
pub(crate) fn has_subfield_code(label: &str) -> bool {
    SUB_CODE.is_match(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_get_roles() {
        assert_eq!(column_role("Provision"), Role::Description);
        assert_eq!(column_role("Additional learning provision (ALP)"), Role::Description);
        assert_eq!(column_role("Who will deliver"), Role::Provider);
        assert_eq!(column_role("Delivered by"), Role::Provider);
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
    fn subfield_labels() {
        assert_eq!(subfield("2B.1 Outcome:"), Some(SubField::Outcome));
        assert_eq!(subfield("2B.3 Is the ALP to be provided in Welsh?"), Some(SubField::Welsh));
        assert_eq!(subfield("2B.2 Additional learning provision (description):"), Some(SubField::Alp));
        assert_eq!(subfield("Organisation providing the ALP"), Some(SubField::Organisation));
        assert_eq!(subfield("Rationale"), Some(SubField::Rationale));
        assert_eq!(subfield("Review / end date"), Some(SubField::Review));
        assert_eq!(subfield("Speech and language therapy weekly"), None);
    }
}
