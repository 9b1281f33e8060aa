//! Welsh initial mutations, so that a Welsh word in the lexicon is found in
//! the forms a sentence gives it: "cymhorthydd" after "gan" is
//! "gymhorthydd", after "gyda" it is "chymhorthydd", after "fy" it is
//! "nghymhorthydd"; "rheolaidd" after a feminine noun is "reolaidd".
//!
//! Only the first word of a phrase mutates. Forms that would collide with
//! a common English word ("gall" → "all") are left out, since the lexicon
//! matches bilingual text.

/// Words a mutated form must never become: they are everyday English.
const ENGLISH: &[&str] = &[
    "a", "all", "an", "and", "as", "at", "be", "but", "by", "do", "for", "go", "he", "her", "him", "his", "i", "if",
    "in", "is", "it", "me", "my", "no", "not", "of", "on", "one", "or", "our", "so", "than", "that", "the", "them",
    "then", "there", "they", "this", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who", "will",
    "with", "you", "your", "ran", "rant", "ally", "alla", "allay", "ever", "era", "end", "ends", "area",
];

/// The radical (dictionary) form and its soft, nasal and aspirate mutations.
pub(crate) fn forms(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_string()];
    let (first, rest) = match phrase.find(' ') {
        Some(i) => (&phrase[..i], &phrase[i..]),
        None => (phrase, ""),
    };
    for m in word_forms(first) {
        if m.chars().count() >= 3 && !ENGLISH.contains(&m.as_str()) {
            let f = format!("{m}{rest}");
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

fn word_forms(w: &str) -> Vec<String> {
    let swap = |from: &str, to: &str| -> Option<String> { w.strip_prefix(from).map(|r| format!("{to}{r}")) };
    // Longer prefixes first: "ll" before "l", "rh" before "r"; "ch", "th",
    // "ph", "dd", "ff" and "ng" are letters of their own that do not mutate.
    let rules: &[(&str, &[&str])] = &[
        ("ch", &[]),
        ("th", &[]),
        ("ph", &[]),
        ("dd", &[]),
        ("ff", &[]),
        ("ng", &[]),
        ("ll", &["l"]),
        ("rh", &["r"]),
        ("c", &["g", "ngh", "ch"]),
        ("p", &["b", "mh", "ph"]),
        ("t", &["d", "nh", "th"]),
        ("g", &["", "ng"]),
        ("b", &["f", "m"]),
        ("d", &["dd", "n"]),
        ("m", &["f"]),
    ];
    for (from, tos) in rules {
        if w.starts_with(from) {
            return tos.iter().filter_map(|to| swap(from, to)).collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_nasal_and_aspirate() {
        let f = forms("cymhorthydd dysgu");
        for want in ["cymhorthydd dysgu", "gymhorthydd dysgu", "nghymhorthydd dysgu", "chymhorthydd dysgu"] {
            assert!(f.contains(&want.to_string()), "{want} in {f:?}");
        }
        assert!(forms("rheolaidd").contains(&"reolaidd".to_string()));
        assert_eq!(forms("therapydd"), vec!["therapydd".to_string()]);
        assert!(forms("cwnselydd").contains(&"chwnselydd".to_string()));
        assert!(forms("mynediad at").contains(&"fynediad at".to_string()));
    }

    #[test]
    fn no_english_words_are_made() {
        assert_eq!(forms("gall"), vec!["gall".to_string(), "ngall".to_string()]);
        assert!(!forms("gallai").contains(&"allai".to_string()) || !ENGLISH.contains(&"allai"));
    }
}
