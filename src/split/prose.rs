//! Prose: one provision per paragraph, when Section 2B is written as prose;
//! an introduction to the section and "(continued)" notes are not provisions.

/// Prose paragraphs that are not provisions: an introduction ending in a
/// colon, a "(continued)" note, "None".
pub(super) fn is_prose_provision(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.ends_with(':') {
        return false;
    }
    let lower = t.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(bare, "none" | "n/a" | "na" | "dim" | "continued" | "parhad" | "") {
        return false;
    }
    // An introduction to the section, not a provision: "This part of the
    // plan sets out…", "The governing body will secure the following…".
    const INTROS: &[&str] =
        &["this part", "this section", "the following", "below is", "below are", "the table below", "mae'r adran hon"];
    const INTRO_PHRASES: &[&str] = &[
        "sets out the",
        "set out below",
        "the following additional learning provision",
        "the following provision",
        "listed below",
    ];
    !(INTROS.iter().any(|i| bare.starts_with(i)) || INTRO_PHRASES.iter().any(|i| lower.contains(i)))
}
