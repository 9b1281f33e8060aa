//! Lists: one provision per top-level item, its sub-items joined to it;
//! an item that titles an area of need over full-sentence sub-items is a
//! heading, and each sub-item a provision.

use crate::lexicon::columns::Columns;
use crate::types::model::{Block, BlockKind, collapse_ws};
use crate::types::provision::Role;

/// For each short bold title over list items that are the parts of one
/// provision, each "Label: value" with labels that name parts ("How
/// often: …", "Who: …", "Training: …", as a collapsible block or a notes
/// app writes them), the index just past those items. Three items or more,
/// naming two parts or more, and every item labelled.
pub(super) fn titled_records(cols: &Columns, blocks: &[&Block]) -> Vec<Option<usize>> {
    let mut out = vec![None; blocks.len()];
    let part = |text: &str| -> Option<Role> {
        let (label, value) = text.split_once(':')?;
        if value.trim().is_empty() || label.split_whitespace().count() > 8 {
            return None;
        }
        Some(cols.role(label)).filter(|r| *r != Role::Other)
    };
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Paragraph(p) = &block.kind else { continue };
        let title = collapse_ws(&p.text);
        if !p.all_bold() || title.is_empty() || title.split_whitespace().count() > 20 {
            continue;
        }
        let mut roles = Vec::new();
        let mut end = i + 1;
        while let Some(BlockKind::ListItem { para, .. }) = blocks.get(end).map(|b| &b.kind) {
            match part(&para.text) {
                Some(r) => roles.push(r),
                None => break,
            }
            end += 1;
        }
        let ends_run = !matches!(blocks.get(end).map(|b| &b.kind), Some(BlockKind::ListItem { .. }));
        crate::sort::sort_by_key(&mut roles, |r| *r as u8);
        let items = end - i - 1;
        roles.dedup();
        if items >= 3 && roles.len() >= 2 && ends_run {
            out[i] = Some(end);
        }
    }
    out
}

/// A list item that is a sentence of its own: a capital, five words or
/// more, a full stop at the end, and no label opening it ("Who: the TA.").
pub(super) fn is_own_sentence(text: &str) -> bool {
    let t = text.trim();
    let head: String = t.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    t.starts_with(|c: char| c.is_uppercase())
        && t.ends_with('.')
        && t.split_whitespace().count() >= 5
        && !head.contains(':')
}

/// For each top-level list item that titles an area of need rather than
/// states a provision, the level of the provisions under it: a short title
/// ("Language and vocabulary", no full stop or colon) over two or more
/// sub-items that are each a sentence of their own. A title over a single
/// detail ("Quiet space at lunch" / "Access to the library…") stays one
/// provision with it. A lead-in ending with a colon over three or more
/// actions of six words or more is a title too; over fragments ("weekly",
/// "30 minutes", "by the SLT") it is one provision with its details.
pub(super) fn area_titles(blocks: &[&Block], top_level: u8) -> Vec<Option<u8>> {
    let mut out = vec![None; blocks.len()];
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::ListItem { level, para, .. } = &block.kind else { continue };
        if *level != top_level {
            continue;
        }
        let title = collapse_ws(&para.text);
        let words = title.split_whitespace().count();
        // A lead-in ("Transition to Year 6 (summer term 2027):") over
        // actions of their own.
        let lead_in = title.ends_with(':') && (1..=12).contains(&words);
        if !lead_in && (words == 0 || words > 8 || title.ends_with(['.', ':', ';']) || title.contains(':')) {
            continue;
        }
        let mut children: Vec<(u8, bool)> = Vec::new();
        for next in &blocks[i + 1..] {
            match &next.kind {
                BlockKind::ListItem { level, para, .. } if *level > top_level => {
                    // A sentence of its own: a capital, five words or more,
                    // a full stop. Fragments ("one 50-minute lesson per
                    // fortnight", "from a specialist teacher") detail one
                    // provision.
                    // Under a lead-in, an action of its own may open in
                    // lower case and end with ';' ("a photo book of the
                    // new classroom, given to her by 30 June;"): six words
                    // or more.
                    let t = para.text.trim();
                    let sentence = if lead_in {
                        t.split_whitespace().count() >= 6
                    } else {
                        t.starts_with(|c: char| c.is_uppercase())
                            && t.ends_with('.')
                            && t.split_whitespace().count() >= 5
                    };
                    children.push((*level, sentence));
                }
                BlockKind::ListItem { .. } | BlockKind::Heading { .. } | BlockKind::Table(_) => break,
                _ => {}
            }
        }
        let Some(child_level) = children.iter().map(|&(l, _)| l).min() else { continue };
        let direct: Vec<bool> = children.iter().filter(|&&(l, _)| l == child_level).map(|&(_, s)| s).collect();
        // Two parts under a lead-in are as often one provision told in two
        // clauses ("Lunchtime support: a supervisor …; games in the
        // library"); three or more are a list of actions.
        let enough = if lead_in { 3 } else { 2 };
        if direct.len() >= enough && direct.iter().all(|&sentence| sentence) {
            out[i] = Some(child_level);
            continue;
        }
        // An outline three levels deep (an area, its provisions, their
        // details: "Literacy" / "Toe by Toe" / "Who: TA", "When: 4x a
        // week"): a short title whose sub-items mostly have sub-items of
        // their own titles them, and each sub-item is a provision.
        let parents = children
            .iter()
            .enumerate()
            .filter(|&(k, &(l, _))| {
                l == child_level && children.get(k + 1).is_some_and(|&(next, _)| next > child_level)
            })
            .count();
        if !lead_in && !direct.is_empty() && parents * 3 >= direct.len() * 2 {
            out[i] = Some(child_level);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::model::{Paragraph, SourceSpan};

    fn item(level: u8, text: &str) -> Block {
        Block {
            kind: BlockKind::ListItem { level, ordered: true, para: Paragraph::plain(text) },
            span: SourceSpan { line: None, bytes: None },
        }
    }

    #[test]
    fn a_lead_in_over_actions_is_a_title_and_over_details_is_not() {
        let actions = [
            item(0, "Transition to secondary school (summer term):"),
            item(1, "a photo book of the new form room and tutor, given to him by 30 June;"),
            item(1, "three 30-minute visits to the new school in July, with his mentor;"),
            item(1, "a meeting of his old and new teachers to share his strategies, by 16 July."),
            item(0, "Reading support every morning for 10 minutes."),
        ];
        let blocks: Vec<&Block> = actions.iter().collect();
        assert_eq!(area_titles(&blocks, 0), vec![Some(1), None, None, None, None]);
        // Two parts: one provision told in two clauses.
        let blocks: Vec<&Block> = actions[..3].iter().collect();
        assert_eq!(area_titles(&blocks, 0), vec![None; 3]);

        let details =
            [item(0, "Speech and language therapy:"), item(1, "weekly"), item(1, "30 minutes"), item(1, "by the SLT")];
        let blocks: Vec<&Block> = details.iter().collect();
        assert_eq!(area_titles(&blocks, 0), vec![None; 4]);
    }

    #[test]
    fn a_sentence_of_its_own_has_a_capital_five_words_a_full_stop_and_no_label() {
        assert!(is_own_sentence("Vocabulary work before each new unit, 10 minutes, with a TA."));
        assert!(!is_own_sentence("weekly, 20 minutes, 1:1;"));
        assert!(!is_own_sentence("a core vocabulary of 100 signs chosen by the therapist."));
        assert!(!is_own_sentence("Tirion chooses when."));
        assert!(!is_own_sentence("Who: the class teaching assistant, every day."));
    }

    #[test]
    fn an_area_over_provisions_with_details_of_their_own_is_a_title() {
        let outline = [
            item(0, "Literacy"),
            item(1, "Toe by Toe reading programme"),
            item(2, "Who: TA (Mr Ryan Pugh)"),
            item(2, "When: 4x a week, 15 mins"),
            item(1, "Coloured overlay"),
            item(2, "All lessons"),
            item(1, "Reading buddy"),
            item(0, "Maths"),
        ];
        let blocks: Vec<&Block> = outline.iter().collect();
        assert_eq!(area_titles(&blocks, 0), vec![Some(1), None, None, None, None, None, None, None]);
        // One provision with details of its own under an area: still a title.
        let blocks: Vec<&Block> = outline[..4].iter().collect();
        assert_eq!(area_titles(&blocks, 0), vec![Some(1), None, None, None]);
        // A provision whose details are one level down stays one provision.
        let blocks: Vec<&Block> = outline[1..4].iter().collect();
        assert_eq!(area_titles(&blocks, 1), vec![None; 3]);
    }
}
