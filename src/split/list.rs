//! Lists: one provision per top-level item, its sub-items joined to it;
//! an item that titles an area of need over full-sentence sub-items is a
//! heading, and each sub-item a provision.

use crate::types::model::{Block, BlockKind, collapse_ws};

/// For each top-level list item that titles an area of need rather than
/// states a provision, the level of the provisions under it: a short title
/// ("Language and vocabulary", no full stop or colon) over two or more
/// sub-items that are each a sentence of their own. A title over a single
/// detail ("Quiet space at lunch" / "Access to the library…") stays one
/// provision with it.
pub(super) fn area_titles(blocks: &[&Block], top_level: u8) -> Vec<Option<u8>> {
    let mut out = vec![None; blocks.len()];
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::ListItem { level, para, .. } = &block.kind else { continue };
        if *level != top_level {
            continue;
        }
        let title = collapse_ws(&para.text);
        let words = title.split_whitespace().count();
        if words == 0 || words > 8 || title.ends_with(['.', ':', ';']) || title.contains(':') {
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
                    let t = para.text.trim();
                    let sentence = t.starts_with(|c: char| c.is_uppercase())
                        && t.ends_with('.')
                        && t.split_whitespace().count() >= 5;
                    children.push((*level, sentence));
                }
                BlockKind::ListItem { .. } | BlockKind::Heading { .. } | BlockKind::Table(_) => break,
                _ => {}
            }
        }
        let Some(child_level) = children.iter().map(|&(l, _)| l).min() else { continue };
        let direct: Vec<bool> = children.iter().filter(|&&(l, _)| l == child_level).map(|&(_, s)| s).collect();
        if direct.len() >= 2 && direct.iter().all(|&sentence| sentence) {
            out[i] = Some(child_level);
        }
    }
    out
}
