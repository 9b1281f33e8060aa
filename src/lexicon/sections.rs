//! The section vocabulary (`lexicon/sections.toml`): the headings of the
//! IDP form and the page furniture around them, for the locator and the
//! text reader. Built in and built once: a plan's sections are named the
//! same way whatever extra lexicon a user gives.

use super::lazy::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) const SECTIONS_TOML: &str = crate::builtin::builtin!("lexicon/sections.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct File {
    code: String,
    mention: String,
    alp_title: String,
    not_2b_title: String,
    provision_header: String,
    element: String,
    strong_section: String,
    page_number: String,
    page_of: String,
    marking: String,
    join_words: Vec<String>,
}

crate::builtin::from_value!(File {
    code,
    mention,
    alp_title,
    not_2b_title,
    provision_header,
    element,
    strong_section,
    page_number,
    page_of,
    marking,
    join_words,
});

/// The section vocabulary, compiled.
#[derive(Debug)]
pub struct Sections {
    /// A section code at the start of a heading (groups kw, num, letter, sub, after).
    pub code: Regex,
    /// Section 2B named in running text.
    pub mention: Regex,
    pub alp_title: Regex,
    pub not_2b_title: Regex,
    pub provision_header: Regex,
    pub element: Regex,
    pub strong_section: Regex,
    pub page_number: Regex,
    pub page_of: Regex,
    /// A protective marking ("CONFIDENTIAL / CYFRINACHOL"): page furniture.
    pub marking: Regex,
    pub join_words: Vec<String>,
}

impl Sections {
    fn parse(src: &str) -> Result<Sections, String> {
        let f: File = crate::builtin::read(src).map_err(|e| e.located(src))?;
        let re = |key: &str, s: &str| Regex::new(s).map_err(|e| format!("{key}: {e}"));
        Ok(Sections {
            code: re("code", &f.code)?,
            mention: re("mention", &f.mention)?,
            alp_title: re("alp_title", &f.alp_title)?,
            not_2b_title: re("not_2b_title", &f.not_2b_title)?,
            provision_header: re("provision_header", &f.provision_header)?,
            element: re("element", &f.element)?,
            strong_section: re("strong_section", &f.strong_section)?,
            page_number: re("page_number", &f.page_number)?,
            page_of: re("page_of", &f.page_of)?,
            marking: re("marking", &f.marking)?,
            join_words: f.join_words,
        })
    }
}

/// The built-in section vocabulary.
pub fn get() -> &'static Sections {
    static SECTIONS: LazyLock<Sections> = LazyLock::new(|| {
        Sections::parse(SECTIONS_TOML).unwrap_or_else(|e| panic!("lexicon/sections.toml is not valid: {e}"))
    });
    &SECTIONS
}

/// "Element 2", "Elfen 3 o'r DDdY": the heading of one element of ALP in
/// the statutory per-element layout.
pub(crate) fn is_element_heading(text: &str) -> bool {
    // The cheap bounds first: this is asked of table cells row after row,
    // and a cell can be a megabyte long.
    text.len() <= 400
        && text.chars().count() <= 100
        && get().element.is_match(text)
        && text.split_whitespace().count() <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_sections_compile_and_read_headings() {
        let s = get();
        assert!(s.code.is_match("Section 2B: Additional learning provision"));
        assert!(s.alp_title.is_match("Disgrifiad o'r ddarpariaeth ddysgu ychwanegol"));
        assert!(is_element_heading("Elfen 3 o'r DDdY"));
        assert!(!is_element_heading("Speech and language therapy twice a week"));
        assert!(s.page_number.is_match("Tudalen 3 o 4 / Page 3 of 4"));
        assert!(s.join_words.iter().any(|w| w == "gan"));
        for marking in ["CONFIDENTIAL", "Cyfrinachol", "CYFRINACHOL / CONFIDENTIAL", "CDU / IDP – Mabli – CYFRINACHOL"]
        {
            assert!(s.marking.is_match(marking), "{marking}");
        }
        assert!(!s.marking.is_match("Notes are kept confidential by the school."));
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("lexicon/sections.toml", false);
    }
}
