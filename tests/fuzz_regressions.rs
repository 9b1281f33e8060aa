//! Inputs the fuzzers found that crashed idp-audit, each fixed at its cause
//! and kept here so that it stays fixed. The fuzz targets' own checks are
//! repeated: no panic, no internal error, spans within their text.

use idp_audit::lexicon::Lexicon;
use idp_audit::rules::check;
use idp_audit::types::FindingKind;
use idp_audit::types::provision::{Layout, Location, RawProvision};
use idp_audit::{Options, audit_bytes};
use std::path::Path;

fn provision(text: &str) -> RawProvision {
    RawProvision {
        text: text.to_string(),
        fields: Vec::new(),
        location: Location::unplaced(Layout::List),
        comments: Vec::new(),
    }
}

fn spans_within(text: &str, c: &idp_audit::types::Checked) {
    for f in &c.findings {
        if let Some(s) = &f.span {
            assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?}");
        }
    }
}

/// check_text, `crash-f34f85fa…`: "ELSA\xE0\x8Cessions may b…". The bad
/// bytes become U+FFFD (three bytes each) right before a word, and the
/// test "is the child the subject of *may*?" stepped one byte past the
/// separator it found, into the middle of the U+FFFD, and panicked.
#[test]
fn check_text_a_multibyte_separator_before_the_subject_of_may() {
    const CRASH: &[u8] = &[
        69, 76, 83, 65, 224, 140, 101, 115, 115, 105, 111, 110, 115, 32, 109, 97, 121, 32, 98, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101, 32, 111, 102, 102, 101, 114, 101, 100, 46,
    ];
    let text = String::from_utf8_lossy(CRASH).into_owned();
    let c = check(&provision(&text), Lexicon::builtin(), &Default::default());
    spans_within(&text, &c);
    let r = audit_bytes(CRASH, Path::new("crash.txt"), &Options::default());
    assert!(r.error.as_ref().is_none_or(|e| e.kind != idp_audit::types::error::ErrorKind::Internal), "{:?}", r.error);

    // The same shape, readable: the child is still found as the subject
    // after a non-ASCII separator, so "may" is her permission, not a hedge.
    for sep in ["\u{FFFD}", "\u{2022}", "\u{2192}", "\u{2713}"] {
        let text = format!("Fan in class: {sep}Nia may use her fan when she is hot");
        let c = check(&provision(&text), Lexicon::builtin(), &Default::default());
        spans_within(&text, &c);
        let may = c.findings.iter().filter(|f| f.kind == FindingKind::Hedge).filter_map(|f| f.matched.as_deref());
        assert!(!may.clone().any(|m| m.eq_ignore_ascii_case("may")), "{sep}: {:?}", may.collect::<Vec<_>>());
    }
}

/// markdown, `fuzz/seeds/markdown/html-entity-inside-a-letter.md` (found by
/// the markdown target within seconds, and by a plan): in an HTML table
/// cell, "Therapi iaith & cyfarfod â'r rhieni". The entity decoder looked
/// for the ';' of "&name;" in the 12 bytes after the '&' by slicing the
/// text there, and the 12th byte fell inside the 'â': a panic, so the plan
/// was an internal error. It now searches the bytes; a '&' with no ';'
/// soon after is text.
#[test]
fn markdown_an_ampersand_twelve_bytes_before_a_welsh_letter() {
    let input = include_bytes!("../fuzz/seeds/markdown/html-entity-inside-a-letter.md");
    let r = audit_bytes(input, Path::new("plan.md"), &Options::default());
    assert!(r.error.is_none(), "{:?}", r.error);
    let texts: Vec<&str> = r.provisions.iter().map(|p| p.raw.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("Therapi iaith & cyfarfod â'r rhieni")), "{texts:?}");
    for p in &r.provisions {
        spans_within(&p.raw.text, &p.check);
    }
    // Every position of a multi-byte letter after an '&'.
    for pad in 0..14 {
        let html = format!("## Section 2B\n\n<table><tr><td>{}&{}ŵâ;</td></tr></table>\n", "Gwersi ", "x".repeat(pad));
        let r = audit_bytes(html.as_bytes(), Path::new("plan.md"), &Options::default());
        assert!(
            r.error.as_ref().is_none_or(|e| e.kind != idp_audit::types::error::ErrorKind::Internal),
            "{:?}",
            r.error
        );
    }
}
