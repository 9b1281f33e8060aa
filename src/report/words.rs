//! Plain-English phrasing shared by the human, Markdown and letter reports:
//! what a provision leaves out, said the way a parent would say it.

use crate::types::{Checked, ElementName, Status};

/// What the element answers, as the end of "It does not say …".
pub(crate) fn question(name: ElementName) -> &'static str {
    match name {
        ElementName::Frequency => "how often",
        ElementName::Duration => "for how long",
        ElementName::Provider => "who will deliver it",
        ElementName::Qualification => "what training or qualification they have",
        ElementName::Group => "the size of the group",
    }
}

/// The element as a topic, as the end of "It is vague about …".
pub(crate) fn topic(name: ElementName) -> &'static str {
    match name {
        ElementName::Frequency => "how often",
        ElementName::Duration => "how long",
        ElementName::Provider => "who will deliver it",
        ElementName::Qualification => "their training or qualification",
        ElementName::Group => "the size of the group",
    }
}

/// Join phrases as English does: "a", "a or b", "a, b, or c".
pub(crate) fn join_or(items: &[String], conj: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conj} {b}"),
        [rest @ .., last] => format!("{}, {conj} {last}", rest.join(", ")),
    }
}

/// The required elements the provision does not state, and those it states
/// only vaguely (with the vague words), in element order.
pub fn gaps(c: &Checked) -> (Vec<ElementName>, Vec<(ElementName, Option<String>)>) {
    let mut missing = Vec::new();
    let mut vague = Vec::new();
    for &name in c.kind.required() {
        let el = c.elements.get(name);
        match el.status {
            Status::Missing => missing.push(name),
            Status::Vague => vague.push((name, el.text.clone())),
            _ => {}
        }
    }
    (missing, vague)
}

/// "It does not say how often or for how long, and it is vague about who
/// will deliver it ("staff")." Empty when nothing required is missing or
/// vague.
pub fn what_is_missing(c: &Checked) -> String {
    let (missing, mut vague) = gaps(c);
    let mut missing: Vec<String> = missing.iter().map(|&n| question(n).to_string()).collect();
    // Equipment states when it is used and how much in one: say it once.
    if c.kind == crate::types::Kind::Resource {
        if missing.len() == 2 {
            missing = vec!["when or where it is used".to_string()];
        }
        if vague.len() == 2 && vague[0].1 == vague[1].1 {
            vague.truncate(1);
            let text = vague[0].1.clone();
            return finish(&missing, &[quoted("when or where it is used", text.as_deref())]);
        }
    }
    let vague: Vec<String> = vague.iter().map(|(n, text)| quoted(topic(*n), text.as_deref())).collect();
    finish(&missing, &vague)
}

fn quoted(topic: &str, text: Option<&str>) -> String {
    match text {
        Some(t) if !t.trim().is_empty() => format!("{topic} (\u{201c}{}\u{201d})", t.trim()),
        _ => topic.to_string(),
    }
}

fn finish(missing: &[String], vague: &[String]) -> String {
    match (missing.is_empty(), vague.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!("It does not say {}.", join_or(missing, "or")),
        (true, false) => format!("It is vague about {}.", join_or(vague, "and")),
        (false, false) => {
            format!("It does not say {}, and it is vague about {}.", join_or(missing, "or"), join_or(vague, "and"))
        }
    }
}

/// A batch's totals in words: "3 plans, 40 provisions (12 vague), 1 file
/// could not be read".
pub fn totals(t: &super::Totals) -> String {
    let unread =
        if t.errors > 0 { format!(", {} could not be read", count(t.errors, "file", "files")) } else { String::new() };
    format!(
        "{}, {} ({} vague){unread}",
        count(t.documents, "plan", "plans"),
        count(t.provisions, "provision", "provisions"),
        t.vague
    )
}

/// "1 provision", "3 provisions".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_like_english() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_or(&s(&["a"]), "or"), "a");
        assert_eq!(join_or(&s(&["a", "b"]), "or"), "a or b");
        assert_eq!(join_or(&s(&["a", "b", "c"]), "or"), "a, b, or c");
    }
}
