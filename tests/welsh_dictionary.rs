//! Every Welsh word idp-audit writes is a word of the Welsh dictionary:
//! the Welsh letter (`src/letter/text/cy.toml`, its sentences, month and
//! day names and the rules' explanations), and the Welsh placeholders,
//! joining words and credentials of a suggested rewrite
//! (`lexicon/rewrite.toml`). The dictionary is Bangor University's hunspell
//! `cy_GB` (data/dict/, LGPL-3.0+; see data/dict/SOURCE.md), read with the
//! `spellbook` crate, which applies its mutation prefixes.
//!
//! The words that are not Welsh are listed here, each for a reason: names
//! of cases and bodies, abbreviations, the English words the letter quotes
//! from English judgments and from the English text of the Code, and the
//! name of idp-audit's configuration key.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Not Welsh, on purpose.
const NOT_WELSH: &[(&str, &str)] = &[
    // Abbreviations.
    ("CDU", "Cynllun Datblygu Unigol, the official abbreviation"),
    ("CADY", "Cydlynydd Anghenion Dysgu Ychwanegol"),
    ("HCPC", "Health and Care Professions Council"),
    ("ELSA", "emotional literacy support assistant"),
    ("AMBDA", "a dyslexia qualification"),
    ("APC", "a dyslexia qualification"),
    ("SNAP", "SNAP Cymru, a charity's name"),
    ("ELR", "Education Law Reports"),
    ("UKUT", "the Upper Tribunal's neutral citation"),
    ("AAC", "Administrative Appeals Chamber"),
    ("CC", "County Council, in a case name"),
    ("SE", "a party's initials, in a case name"),
    ("v", "versus, in a case name"),
    ("L", "a party's initial, in a case name"),
    ("e", "e.e. (er enghraifft), an abbreviation"),
    // Case names.
    ("Clarke", "L v Clarke and Somerset CC"),
    ("Somerset", "L v Clarke and Somerset CC"),
    ("Worcestershire", "Worcestershire CC v SE"),
    // idp-audit and its configuration.
    ("idp", "idp-audit"),
    ("audit", "idp-audit"),
    ("toml", "idp-audit.toml"),
    ("term", "term-dates, a key of idp-audit.toml"),
    ("dates", "term-dates, a key of idp-audit.toml"),
    // English quoted from English judgments and the English Code.
    ("and", "quoted English"),
    ("detailed", "quoted English: the Code's words"),
    ("specific", "quoted English: the Code's words"),
    ("quantifiable", "quoted English: the Code's words"),
    ("so", "quoted English: L v Clarke"),
    ("clear", "quoted English: L v Clarke"),
    ("as", "quoted English: L v Clarke"),
    ("to", "quoted English: L v Clarke"),
    ("leave", "quoted English: L v Clarke"),
    ("no", "quoted English: L v Clarke"),
    ("room", "quoted English: L v Clarke"),
    ("for", "quoted English: L v Clarke"),
    ("doubt", "quoted English: L v Clarke"),
    ("what", "quoted English: L v Clarke"),
    ("has", "quoted English: L v Clarke"),
    ("been", "quoted English: L v Clarke"),
    ("decided", "quoted English: L v Clarke"),
    ("is", "quoted English: L v Clarke"),
    ("necessary", "quoted English: L v Clarke"),
    ("support", "quoted English: Worcestershire, para 74"),
    ("input", "quoted English: Worcestershire, para 74"),
    ("interventions", "quoted English: Worcestershire, para 74"),
    ("opportunities", "quoted English: Worcestershire, para 74"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every Welsh text idp-audit writes, as (where, text).
fn welsh_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let cy: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("src/letter/text/cy.toml")).unwrap()).unwrap();
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::String(s) => out.push((prefix.to_string(), s.clone())),
            toml::Value::Array(a) => a.iter().for_each(|x| walk(prefix, x, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| walk(&format!("{prefix}.{k}"), x, out)),
            _ => {}
        }
    }
    for (k, v) in &cy {
        walk(&format!("cy.toml {k}"), v, &mut out);
    }
    for r in idp_audit::rules::RULES {
        if let Some(s) = idp_audit::rules::letter_sentence(r.id) {
            out.push((format!("{} letter sentence", r.id), s.cy.to_string()));
        }
    }
    for w in idp_audit::rewrite::welsh_words() {
        out.push(("rewrite.toml [cy]".to_string(), w));
    }
    out
}

/// The words of a text: slots ("{child}") dropped, split at anything but a
/// letter, an apostrophe or a hyphen; an apostrophe starts a clitic of its
/// own ("Rwy’n" is "Rwy" and "'n"), and a hyphen splits a compound, as the
/// dictionary's BREAK rule does.
fn words(text: &str) -> Vec<String> {
    let mut t = String::new();
    let mut in_slot = false;
    for c in text.chars() {
        match c {
            '{' => in_slot = true,
            '}' => in_slot = false,
            _ if in_slot => {}
            '’' => t.push('\''),
            _ => t.push(c),
        }
    }
    let mut out = Vec::new();
    // A token with a digit is a number, a date or a citation ("2B",
    // "10(b)"), not a word.
    let tokens: Vec<&str> = t.split_whitespace().filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect();
    for raw in tokens.iter().flat_map(|w| w.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))) {
        for part in raw.split('-') {
            let part = part.trim_matches('\'');
            if part.is_empty() {
                continue;
            }
            let mut pieces = part.split('\'');
            if let Some(first) = pieces.next().filter(|p| !p.is_empty()) {
                out.push(first.to_string());
            }
            for clitic in pieces.filter(|p| !p.is_empty()) {
                out.push(format!("'{clitic}"));
            }
        }
    }
    out
}

#[test]
fn every_welsh_word_is_in_the_welsh_dictionary() {
    let aff = std::fs::read_to_string(root().join("data/dict/cy_GB.aff")).unwrap();
    let dic = std::fs::read_to_string(root().join("data/dict/cy_GB.dic")).unwrap();
    let dict = spellbook::Dictionary::new(&aff, &dic).expect("the Welsh dictionary loads");
    // The dictionary itself: it knows a mutated form, and a misspelling is not one.
    for good in ["therapydd", "ddwywaith", "nghynorthwyydd", "chynorthwyydd", "wythnos", "Cymraeg"] {
        assert!(dict.check(good), "{good} should be Welsh");
    }
    for bad in ["thherapydd", "wythnoss", "delivered"] {
        assert!(!dict.check(bad), "{bad} should not be Welsh");
    }
    let allowed: BTreeSet<&str> = NOT_WELSH.iter().map(|(w, _)| *w).collect();
    let mut checked = BTreeSet::new();
    let mut used_exceptions = BTreeSet::new();
    let mut wrong = Vec::new();
    for (place, text) in welsh_texts() {
        for w in words(&text) {
            if allowed.contains(w.as_str()) {
                used_exceptions.insert(w.clone());
                continue;
            }
            checked.insert(w.clone());
            if !dict.check(&w) {
                wrong.push(format!("{w} ({place})"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    eprintln!(
        "Welsh dictionary: {} distinct words checked, {} listed exceptions used (of {})",
        checked.len(),
        used_exceptions.len(),
        NOT_WELSH.len()
    );
    assert!(wrong.is_empty(), "not in the Welsh dictionary:\n{}", wrong.join("\n"));
    let unused: Vec<&&str> = allowed.iter().filter(|w| !used_exceptions.contains(**w)).collect();
    assert!(unused.is_empty(), "exceptions no Welsh text needs any more: {unused:?}");
}
