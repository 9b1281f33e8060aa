//! Prose: one provision per paragraph, when Section 2B is written as prose;
//! an introduction to the section and "(continued)" notes are not provisions.
//! Short bold titles over the paragraphs are either areas of need over
//! provisions of their own, or each provision's own title over its details
//! written a sentence to a line: see [`titles`].

use crate::types::model::{Block, BlockKind, collapse_ws};

/// What a short bold line in prose is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Title {
    /// An area of need over provisions of their own: not a provision.
    Area,
    /// A provision's own title: it and the paragraphs up to (not
    /// including) this block index are one provision.
    Provision { end: usize },
}

/// More titles than this in one Section 2B are not areas of need (the Code
/// names four broad areas; plans add one or two): each titles a provision.
const MAX_AREAS: usize = 6;

pub(super) fn is_title(b: &Block) -> bool {
    let BlockKind::Paragraph(p) = &b.kind else { return false };
    let t = collapse_ws(&p.text);
    let words = t.split_whitespace().count();
    p.all_bold() && (1..=10).contains(&words) && !t.ends_with(['.', ':', ';'])
}

/// A line that opens with a label of a few words and a colon ("Delivered
/// by: …", "How often / how long:", "Training:" left empty).
fn is_label_line(b: &Block) -> bool {
    const LABEL_WORDS: usize = 5;
    let BlockKind::Paragraph(p) = &b.kind else { return false };
    let Some((label, _)) = p.text.split_once(':') else { return false };
    let words = label.split_whitespace().count();
    (1..=LABEL_WORDS).contains(&words) && !label.contains(['.', ';'])
}

/// For each block of a prose section, whether it is a bold title, and of
/// what. A title over one paragraph is that provision's title, as in a
/// list; over several, titles are areas of need, unless there are more of
/// them than a plan has areas, when each titles the sentences under it
/// ("Cymorth un-i-un" / "Bydd Gwenno'n cael…" / "Mae hyn yn 15 awr…").
pub(super) fn titles(blocks: &[&Block]) -> Vec<Option<Title>> {
    let mut out = vec![None; blocks.len()];
    let at: Vec<usize> = (0..blocks.len()).filter(|&i| is_title(blocks[i])).collect();
    // A title over "Label: value" lines (a form's block for one provision)
    // is always that provision's own, and ends at the first line that is
    // not one: a note after the last block is not part of it.
    let records: Vec<bool> = at.iter().map(|&i| blocks.get(i + 1).is_some_and(|b| is_label_line(b))).collect();
    let ends: Vec<usize> = at
        .iter()
        .zip(&records)
        .map(|(&i, &record)| {
            (i + 1..blocks.len())
                .find(|&j| {
                    is_title(blocks[j])
                        || !matches!(blocks[j].kind, BlockKind::Paragraph(_))
                        || record && !is_label_line(blocks[j])
                })
                .unwrap_or(blocks.len())
        })
        .collect();
    let many = at.len() > MAX_AREAS;
    for ((&i, &end), &record) in at.iter().zip(&ends).zip(&records) {
        let under = end - i - 1;
        out[i] = Some(match under {
            0 => continue,
            1 => Title::Provision { end },
            _ if many || record => Title::Provision { end },
            _ => Title::Area,
        });
    }
    out
}

/// Prose paragraphs that are not provisions: an introduction ending in a
/// colon, a "(continued)" note, "None", or an introduction to the section
/// in the lexicon's words (`intro_openings`, `intro_phrases` in
/// `lexicon/context.toml`: "This part of the plan sets out…", "Mae pob
/// darpariaeth yn Gymraeg oni nodir fel arall").
pub(super) fn is_prose_provision(cx: &crate::lexicon::context::Context, text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.ends_with(':') {
        return false;
    }
    let lower = t.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(bare, "none" | "n/a" | "na" | "dim" | "continued" | "parhad" | "") {
        return false;
    }
    !(cx.intro_openings.iter().any(|i| bare.starts_with(i.as_str()))
        || cx.intro_phrases.iter().any(|i| lower.contains(i.as_str())))
}

/// Around a section's tables, and in a row merged across a whole table,
/// whether a paragraph is a provision rather than an aside: a sentence that
/// says something will be done ("Owain's parents will receive a written
/// report every term") or that gives a rate, a length or a date, and that is
/// not a note, an outcome, a caption or a key, nor about the table itself
/// (`[asides]` in `lexicon/context.toml`). A title of a few words is not one.
pub(super) fn is_provision_sentence(lex: &crate::lexicon::Lexicon, text: &str) -> bool {
    let cx = &lex.context;
    if !is_prose_provision(cx, text) {
        return false;
    }
    let t = text.trim();
    // The key to a table's marks ("* = in every session", "** = 10 minutes").
    let unmarked = t.trim_start_matches(['*', '†', '‡', '¹', '²', '³', '#']).trim_start();
    if unmarked.len() < t.len() && unmarked.starts_with(['=', ':']) {
        return false;
    }
    if t.starts_with('(') && t.ends_with(')') || t.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase) {
        return false;
    }
    let folded = crate::text::fold(text);
    let words: Vec<&str> =
        folded.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).collect();
    if words.len() < 4 {
        return false;
    }
    let a = &cx.asides;
    let mut padded = format!(" {} ", words.join(" "));
    for wish in &a.wishes {
        padded = padded.replace(&format!(" {wish} "), " ");
    }
    let has = |phrase: &str| padded.contains(&format!(" {phrase} "));
    if a.aside_openings.iter().any(|o| padded.starts_with(&format!(" {o} "))) {
        return false;
    }
    if a.table_references.iter().any(|r| has(r)) {
        return false;
    }
    // A sentence that hedges ("Cyfleoedd i siarad â'r CydADY pan fo angen")
    // is a provision, a vague one.
    a.provision_words.iter().any(|w| has(w))
        || a.quantity_hint.is_match(&folded)
        || !lex.hedges.phrases.find(&folded).is_empty()
        || lex.hedges.patterns_for(&folded).any(|(re, _)| re.is_match(&folded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::model::Paragraph;

    fn para(text: &str, bold: bool) -> Block {
        let mut p = Paragraph::plain(text);
        if bold {
            p.bold = std::iter::once(0..text.len()).collect();
        }
        Block { kind: BlockKind::Paragraph(p), span: Default::default() }
    }

    #[test]
    fn an_introduction_to_the_section_is_not_a_provision() {
        let cx = &crate::lexicon::Lexicon::builtin().context;
        assert!(!is_prose_provision(cx, "Mae pob darpariaeth yn Gymraeg oni nodir fel arall."));
        assert!(!is_prose_provision(cx, "This section sets out the provision the school will secure."));
        assert!(!is_prose_provision(cx, "Provision for Ela:"));
        assert!(is_prose_provision(cx, "Therapi iaith a lleferydd bob wythnos am 30 munud gan y therapydd."));
    }

    #[test]
    fn around_tables_a_sentence_of_what_will_be_done_is_a_provision_and_an_aside_is_not() {
        let cx = crate::lexicon::Lexicon::builtin();
        for provision in [
            "The class teacher will meet Tomos's parents once a term for 30 minutes.",
            "Independent travel training with the travel trainer: Tuesdays and Thursdays, 45 minutes.",
            "Bydd y cynorthwyydd addysgu yn darllen gyda hi bob bore.",
            "A check-in with her key adult each morning.",
            "Cyfleoedd i siarad â'r CydADY pan fo angen.",
        ] {
            assert!(is_provision_sentence(cx, provision), "{provision}");
        }
        for aside in [
            "Note: Mason's mum prefers contact by text message.",
            "Outcome 1: Cai will take part in a group conversation.",
            "The provision below will be delivered in Welsh.",
            "Dylan and his parents helped write this section at the meeting.",
            "Mae Gwen wrth ei bodd yn nofio ac yn canu yn y côr.",
            "Table 2: Wellbeing",
            "Also:",
            "Other support",
            "(The health part is still with the health board, I will send it on.)",
            "cyn 31 Mai 2027, dan arweiniad y CADY.",
            "** = 10 minutes",
            "This plan was agreed with Lili and her mum on 12 November 2026.",
        ] {
            assert!(!is_provision_sentence(cx, aside), "{aside}");
        }
    }

    #[test]
    fn a_few_titles_over_several_provisions_are_areas_of_need() {
        let blocks = [
            para("Communication", true),
            para("Speech and language therapy weekly for 30 minutes with the SaLT.", false),
            para("A visual timetable on her desk in every lesson.", false),
            para("Wellbeing", true),
            para("ELSA sessions weekly for 30 minutes.", false),
            para("A quiet room at lunchtime.", false),
        ];
        let refs: Vec<&Block> = blocks.iter().collect();
        let t = titles(&refs);
        assert_eq!(t[0], Some(Title::Area));
        assert_eq!(t[3], Some(Title::Area));
    }

    #[test]
    fn a_title_over_one_paragraph_is_that_provisions_title() {
        let blocks = [para("Quiet space", true), para("A quiet room at lunchtime.", false), para("Next", true)];
        let refs: Vec<&Block> = blocks.iter().collect();
        assert_eq!(titles(&refs)[0], Some(Title::Provision { end: 2 }));
    }

    #[test]
    fn a_title_over_label_lines_is_one_provision_up_to_the_first_other_line() {
        let blocks = [
            para("ALP item 1", true),
            para("Provision: Toe by Toe", false),
            para("How often / how long: Twice weekly, 40 minutes", false),
            para("Training:", false),
            para("ALP item 2", true),
            para("Provision: Laptop", false),
            para("Delivered by:", false),
            para("Callum wants to train as a bricklayer.", false),
        ];
        let refs: Vec<&Block> = blocks.iter().collect();
        let t = titles(&refs);
        assert_eq!(t[0], Some(Title::Provision { end: 4 }));
        assert_eq!(t[4], Some(Title::Provision { end: 7 }));
    }

    #[test]
    fn more_titles_than_areas_each_title_the_sentences_under_them() {
        let mut blocks = Vec::new();
        for n in 0..7 {
            blocks.push(para(&format!("Provision {n}"), true));
            blocks.push(para("Sessions happen every Monday.", false));
            blocks.push(para("Each session lasts 20 minutes.", false));
        }
        let refs: Vec<&Block> = blocks.iter().collect();
        let t = titles(&refs);
        assert_eq!(t[0], Some(Title::Provision { end: 3 }));
        assert_eq!(t[18], Some(Title::Provision { end: 21 }));
    }
}
