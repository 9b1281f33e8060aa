//! Welsh and English in a plan: which language a piece of text is in, and
//! the two halves of a cell that says the same thing in both ("Three times
//! a week Tair gwaith yr wythnos", "As needed / Yn ôl yr angen").
//!
//! A bilingual provision is one provision in two languages: the rules
//! report a hedge once, not once per language, and a suggested rewrite is
//! written in one language from the half in that language. The words that
//! mark each language are data (`lexicon/languages.toml`); the spelling of
//! a word counts too (a circumflex, an initial "ll" or "dd", "-tion").
//!
//! Welsh mutations: [`soft`] gives a word's soft mutation (after "gan",
//! "i", "o"), [`unmutate_soft`] undoes one where a rewrite drops the word
//! that caused it ("…i ddarllen" with "i" dropped must read "darllen").

use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

const LANGUAGES_TOML: &str = crate::builtin::builtin!("lexicon/languages.toml");

/// A language idp-audit reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(Debug))]
struct File {
    welsh: Vec<String>,
    english: Vec<String>,
}

crate::builtin::from_value!(File { welsh, english });

struct Words {
    welsh: HashSet<String>,
    english: HashSet<String>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    // Compiled in; a test parses it, so this cannot fail in a release.
    let f: File = crate::builtin::read(LANGUAGES_TOML).unwrap_or(File { welsh: Vec::new(), english: Vec::new() });
    Words { welsh: f.welsh.into_iter().collect(), english: f.english.into_iter().collect() }
});

/// The language a single word marks, if it marks one. `name_like` is true
/// for a capitalised word inside a sentence, which counts for neither.
pub fn word_lang(word: &str, name_like: bool) -> Option<Lang> {
    word_lang_listed(word, name_like).map(|(lang, _)| lang)
}

/// [`word_lang`], and whether the word is in the word lists (what
/// [`is_common_word`] says of it in either language) rather than marked by
/// its spelling.
fn word_lang_listed(word: &str, name_like: bool) -> Option<(Lang, bool)> {
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’');
    let w: String = if bare.contains('’') { bare.replace('’', "'").to_lowercase() } else { bare.to_lowercase() };
    if w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) || name_like {
        return None;
    }
    let words = &*WORDS;
    if words.welsh.contains(&w) {
        return Some((Lang::Cy, true));
    }
    if words.english.contains(&w) {
        return Some((Lang::En, true));
    }
    spelled(word, &w).map(|lang| (lang, false))
}

/// The language a word's spelling marks (`w` is the word trimmed, folded
/// to lower case, with straight apostrophes).
fn spelled(word: &str, w: &str) -> Option<Lang> {
    // Acronyms (ELSA, TA, SaLT) are either.
    if word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return None;
    }
    if w.contains(['ŵ', 'ŷ', 'â', 'ê', 'î', 'ô', 'û'])
        || ["dd", "ff", "ll", "rh", "ngh", "mh", "nh"].iter().any(|p| w.starts_with(p))
        || ["ydd", "iaeth", "iadau", "aidd", "wch", "wyr", "au"].iter().any(|s| w.ends_with(s) && w.len() > s.len() + 1)
        || w.contains("wy")
    {
        return Some(Lang::Cy);
    }
    if w.contains(['k', 'q', 'v', 'x', 'z'])
        || ["tion", "ing", "ment", "ness", "ly"].iter().any(|s| w.ends_with(s) && w.len() > s.len() + 1)
        || w.contains("ee")
        || w.contains("oo")
        || w.contains("sh")
    {
        return Some(Lang::En);
    }
    None
}

/// Whether a word (any case) is one of the everyday words of `lang` in
/// `lexicon/languages.toml`.
pub fn is_common_word(word: &str, lang: Lang) -> bool {
    let w = word.to_lowercase().replace('’', "'");
    match lang {
        Lang::Cy => WORDS.welsh.contains(&w),
        Lang::En => WORDS.english.contains(&w),
    }
}

/// Words of each language in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mix {
    pub en: usize,
    pub cy: usize,
    /// Of those, the words found in the word lists (not by spelling alone).
    pub listed: usize,
}

impl Mix {
    fn add(&mut self, other: Mix) {
        self.en += other.en;
        self.cy += other.cy;
        self.listed += other.listed;
    }

    fn minus(self, other: Mix) -> Mix {
        Mix { en: self.en - other.en, cy: self.cy - other.cy, listed: self.listed - other.listed }
    }

    /// The language most of the marked words are in, if one clearly leads.
    pub fn lang(self) -> Option<Lang> {
        if self.cy > self.en {
            Some(Lang::Cy)
        } else if self.en > self.cy {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// The words of a text with their byte ranges.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Count the marked words of each language in `text`.
pub fn mix(text: &str) -> Mix {
    let mut m = Mix::default();
    for (i, r) in words(text).into_iter().enumerate() {
        m.add(word_mix(&text[r.clone()], i == 0 || starts_sentence(text, r.start)));
    }
    m
}

/// Whether the word at `at` follows the end of a sentence or a field.
fn starts_sentence(text: &str, at: usize) -> bool {
    text[..at].trim_end().ends_with(['.', ':', '/', '|', '¶'])
}

/// What one word adds to a `Mix`, at the start of a sentence or not.
fn word_mix(w: &str, sentence_start: bool) -> Mix {
    let mut m = Mix::default();
    let name_like = !sentence_start && w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
    let Some((lang, listed)) = word_lang_listed(w, name_like) else { return m };
    match lang {
        Lang::En => m.en = 1,
        Lang::Cy => m.cy = 1,
    }
    m.listed = usize::from(listed);
    m
}

/// The mixes of the first 0, 1, … `ws.len()` words of `text`, each word
/// counted as it stands in the whole text (the first at a sentence's start).
fn sums_ahead(text: &str, ws: &[Range<usize>]) -> Vec<Mix> {
    let mut ahead = Vec::with_capacity(ws.len() + 1);
    ahead.push(Mix::default());
    for (j, r) in ws.iter().enumerate() {
        let mut sum = ahead[j];
        sum.add(word_mix(&text[r.clone()], j == 0 || starts_sentence(text, r.start)));
        ahead.push(sum);
    }
    ahead
}

/// `mix` of the words before the `k`th and of the words from it on, from
/// the sums: the same counts, since a word's marks depend only on the word
/// and on what ends just before it, except that each half's first word
/// starts its sentence.
fn halves_mix(text: &str, ws: &[Range<usize>], ahead: &[Mix], k: usize) -> (Mix, Mix) {
    let mut b = word_mix(&text[ws[k].clone()], true);
    b.add(ahead[ws.len()].minus(ahead[k + 1]));
    (ahead[k], b)
}

/// One half of a bilingual text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twin {
    pub range: Range<usize>,
    /// `None` when the half marks no language ("ELSA ELSA", "20 20").
    pub lang: Option<Lang>,
}

/// Words a first half never ends with: a sentence broken after them is not
/// a whole half ("Transition visits to Ysgol Gyfun Llangefni").
const NO_END: &[&str] = &[
    "to", "at", "in", "of", "the", "a", "an", "by", "from", "with", "for", "and", "or", "on", "i", "gan", "gyda", "o",
    "yn", "y", "yr", "ar", "am", "ac", "neu", "mewn",
];

/// The two halves of a text that says the same in Welsh and in English:
/// split at " / " between two languages, or where the words change from
/// one language to the other and the second half starts a sentence. A
/// text repeated ("ELSA ELSA") is two halves of the same words. `None` for
/// a text in one language.
pub fn twins(text: &str) -> Option<[Twin; 2]> {
    let trimmed_start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    if end <= trimmed_start {
        return None;
    }
    // "As needed / Yn ôl yr angen"
    let mut slashes = text.match_indices(" / ").map(|(i, _)| i);
    if let Some(at) = slashes.next()
        && slashes.next().is_none()
    {
        let (a, b) = (trimmed_start..at, at + 3..end);
        let (ma, mb) = (mix(&text[a.clone()]), mix(&text[b.clone()]));
        if let (Some(la), Some(lb)) = (ma.lang(), mb.lang())
            && la != lb
        {
            return Some([Twin { range: a, lang: Some(la) }, Twin { range: b, lang: Some(lb) }]);
        }
    }
    let ws: Vec<Range<usize>> = words(&text[..end]).into_iter().filter(|r| r.start >= trimmed_start).collect();
    if ws.len() < 2 {
        return None;
    }
    // "ELSA ELSA", "30 30": the same words twice.
    if ws.len().is_multiple_of(2) {
        let h = ws.len() / 2;
        let fold = |rs: &[Range<usize>]| rs.iter().map(|r| text[r.clone()].to_lowercase()).collect::<Vec<_>>();
        if fold(&ws[..h]) == fold(&ws[h..]) {
            let (a, b) = (ws[0].start..ws[h - 1].end, ws[h].start..end);
            let lang = mix(&text[a.clone()]).lang();
            return Some([Twin { range: a, lang }, Twin { range: b, lang }]);
        }
    }
    // Each half's mix is a difference of two sums (see `sums_ahead`), not a
    // count over its words: a cell of many capitalised words has as many
    // places to split. The sums are made once a place to split turns up.
    let mut ahead: Option<Vec<Mix>> = None;
    let mut best: Option<(usize, usize, Lang, Lang)> = None;
    for k in 1..ws.len() {
        let second = &text[ws[k].start..];
        if !second.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            continue;
        }
        let last_first = text[ws[k - 1].clone()].trim_end_matches([',', ';']).to_lowercase();
        if NO_END.contains(&last_first.as_str()) {
            continue;
        }
        let ahead = ahead.get_or_insert_with(|| sums_ahead(text, &ws));
        let (a, b) = halves_mix(text, &ws, ahead, k);
        for (la, lb, own_a, other_a, own_b, other_b) in
            [(Lang::En, Lang::Cy, a.en, a.cy, b.cy, b.en), (Lang::Cy, Lang::En, a.cy, a.en, b.en, b.cy)]
        {
            // Each half needs a word its language's list knows: spelling
            // alone ("Llangefni") is a name as often as a sentence.
            if own_a == 0 || own_b == 0 || other_a + other_b > 0 || a.listed == 0 || b.listed == 0 {
                continue;
            }
            let score = own_a + own_b;
            if best.is_none_or(|(s, ..)| score > s) {
                best = Some((score, k, la, lb));
            }
        }
    }
    let (_, k, la, lb) = best?;
    Some([Twin { range: ws[0].start..ws[k - 1].end, lang: Some(la) }, Twin { range: ws[k].start..end, lang: Some(lb) }])
}

/// The part of `text` in `lang`: its half in that language when it has two,
/// else all of it (trimmed). A half that marks no language ("ELSA ELSA")
/// gives the first.
pub fn part_in(text: &str, lang: Lang) -> Range<usize> {
    match twins(text) {
        Some([a, b]) => {
            if b.lang == Some(lang) {
                b.range
            } else {
                a.range
            }
        }
        None => {
            let start = text.len() - text.trim_start().len();
            start..text.trim_end().len().max(start)
        }
    }
}

/// The soft mutation of a Welsh word ("cymhorthydd" → "gymhorthydd",
/// "darllen" → "ddarllen"); a word that does not mutate is returned as it
/// is. The case of the first letter is kept.
pub fn soft(word: &str) -> String {
    // An acronym ("ELSA", "CADY") is said letter by letter and written as it is.
    if word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return word.to_string();
    }
    let upper = word.chars().next().is_some_and(char::is_uppercase);
    let lower = word.to_lowercase();
    let rules: &[(&str, &str)] = &[
        ("ch", "ch"),
        ("th", "th"),
        ("ph", "ph"),
        ("dd", "dd"),
        ("ff", "ff"),
        ("ng", "ng"),
        ("ll", "l"),
        ("rh", "r"),
        ("c", "g"),
        ("p", "b"),
        ("t", "d"),
        ("g", ""),
        ("b", "f"),
        ("d", "dd"),
        ("m", "f"),
    ];
    let mut out = lower.clone();
    for (from, to) in rules {
        if let Some(rest) = lower.strip_prefix(from) {
            out = format!("{to}{rest}");
            break;
        }
    }
    if upper { capitalise(&out) } else { out }
}

/// Undo a soft mutation where it is certain: "dd" → "d", "f" → "b" or "m"
/// is not certain, so only the forms listed in `radicals` (words known in
/// their radical form) are undone by search; without a match the word is
/// returned as it is. "ddarllen" → "darllen", "gymorth" → "cymorth".
pub fn unmutate_soft(word: &str, radicals: &[&str]) -> String {
    let lower = word.to_lowercase();
    for r in radicals {
        if soft(r) == lower && *r != lower {
            let upper = word.chars().next().is_some_and(char::is_uppercase);
            return if upper { capitalise(r) } else { r.to_string() };
        }
    }
    // Certain without a word list: "dd" is only ever a soft-mutated "d"
    // at the start of a Welsh word, and "l" before a vowel usually "ll"
    // is not certain, so only "dd" is undone.
    if let Some(rest) = lower.strip_prefix("dd") {
        let upper = word.chars().next().is_some_and(char::is_uppercase);
        let r = format!("d{rest}");
        return if upper { capitalise(&r) } else { r };
    }
    word.to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Which languages a plan's Section 2B is written in, from its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanLanguage {
    English,
    Welsh,
    Bilingual,
}

/// The languages of a set of texts (a Section 2B's provisions).
pub fn plan_language<'a>(texts: impl IntoIterator<Item = &'a str>) -> PlanLanguage {
    let mut total = Mix::default();
    for t in texts {
        let m = mix(t);
        total.en += m.en;
        total.cy += m.cy;
    }
    let all = (total.en + total.cy).max(1);
    if total.cy * 4 >= all && total.en * 4 >= all {
        PlanLanguage::Bilingual
    } else if total.cy > total.en {
        PlanLanguage::Welsh
    } else {
        PlanLanguage::English
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halves(t: &str) -> Option<(String, String)> {
        twins(t).map(|[a, b]| (t[a.range].to_string(), t[b.range].to_string()))
    }

    #[test]
    fn the_word_list_parses() {
        let f: File = crate::builtin::read(LANGUAGES_TOML).unwrap();
        assert!(f.welsh.len() > 100 && f.english.len() > 100);
        let both: Vec<&String> = f.welsh.iter().filter(|w| f.english.contains(w)).collect();
        assert!(both.is_empty(), "in both lists: {both:?}");
    }

    #[test]
    fn a_listed_word_is_a_common_word_of_either_language() {
        for w in
            ["Wythnos", "week,", "lle", "bo’n", "bo'n", "(TA)", "Llangefni", "sessions.", "ELSA", "30", "yn", "the"]
        {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’');
            let common = is_common_word(bare, Lang::Cy) || is_common_word(bare, Lang::En);
            let listed = word_lang_listed(w, false);
            assert_eq!(listed.map(|(lang, _)| lang), word_lang(w, false), "{w}");
            assert_eq!(listed.is_some_and(|(_, l)| l), listed.is_some() && common, "{w}");
        }
    }

    #[test]
    fn halves_counted_from_sums_are_counted_as_mix_counts_them() {
        for text in [
            "Three times a week Tair gwaith yr wythnos",
            "Support in class. Where possible Cefnogaeth yn y dosbarth: Lle bo modd / ELSA Mrs Jones",
            "Time in the nurture room (Y Nyth) Amser yn yr ystafell anogaeth (Y Nyth) Llangefni Tuesday",
            "Sesiwn | Weekly Speech And Language Therapy Gyda'r Therapydd. Iaith a lleferydd",
        ] {
            let ws = words(text);
            let ahead = sums_ahead(text, &ws);
            for k in 1..ws.len() {
                let (a, b) = halves_mix(text, &ws, &ahead, k);
                assert_eq!(a, mix(&text[ws[0].start..ws[k - 1].end]), "{text:?} before word {k}");
                assert_eq!(b, mix(&text[ws[k].start..]), "{text:?} from word {k}");
            }
        }
    }

    #[test]
    fn twins_are_found_where_the_language_changes() {
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            halves("Three times a week Tair gwaith yr wythnos"),
            s("Three times a week", "Tair gwaith yr wythnos")
        );
        assert_eq!(halves("30 minutes 30 munud"), s("30 minutes", "30 munud"));
        assert_eq!(halves("Teaching assistant Cymhorthydd addysgu"), s("Teaching assistant", "Cymhorthydd addysgu"));
        assert_eq!(halves("As needed / Yn ôl yr angen"), s("As needed", "Yn ôl yr angen"));
        assert_eq!(halves("ELSA ELSA"), s("ELSA", "ELSA"));
        assert_eq!(
            halves("Support in class where possible Cefnogaeth yn y dosbarth lle bo modd"),
            s("Support in class where possible", "Cefnogaeth yn y dosbarth lle bo modd")
        );
        assert_eq!(
            halves("Tric a Chlic phonics catch-up Dal i fyny gyda ffoneg Tric a Chlic"),
            s("Tric a Chlic phonics catch-up", "Dal i fyny gyda ffoneg Tric a Chlic")
        );
        assert_eq!(
            halves("Time in the nurture room (Y Nyth) Amser yn yr ystafell anogaeth (Y Nyth)"),
            s("Time in the nurture room (Y Nyth)", "Amser yn yr ystafell anogaeth (Y Nyth)")
        );
    }

    #[test]
    fn one_language_with_names_is_not_split() {
        for t in [
            "Transition visits to Ysgol Gyfun Llangefni",
            "Support from an adult in PE",
            "Cymorth gan oedolyn yn y dosbarth",
            "Reading with Mrs Siân Edwards every morning",
            "Weekly, 30 minutes",
        ] {
            assert_eq!(halves(t), None, "{t}");
        }
    }

    #[test]
    fn mutations() {
        assert_eq!(soft("cymhorthydd"), "gymhorthydd");
        assert_eq!(soft("Darllen"), "Ddarllen");
        assert_eq!(soft("therapydd"), "therapydd");
        assert_eq!(soft("llyfr"), "lyfr");
        assert_eq!(unmutate_soft("ddarllen", &[]), "darllen");
        assert_eq!(unmutate_soft("gymorth", &["cymorth"]), "cymorth");
        assert_eq!(unmutate_soft("weithio", &["gweithio"]), "gweithio");
        assert_eq!(unmutate_soft("athro", &["gweithio"]), "athro");
    }

    #[test]
    fn plan_languages() {
        assert_eq!(plan_language(["Speech and language therapy weekly"]), PlanLanguage::English);
        assert_eq!(plan_language(["Cymorth gan oedolyn yn y dosbarth bob wythnos"]), PlanLanguage::Welsh);
        assert_eq!(plan_language(["Three times a week Tair gwaith yr wythnos"]), PlanLanguage::Bilingual);
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The compiled-in file reads as serde reads the TOML file.
    #[test]
    fn builtin_reads_as_toml() {
        crate::builtin::assert_reads_as_toml::<File>("lexicon/languages.toml", false);
    }
}
