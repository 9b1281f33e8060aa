//! What every fuzz target asserts besides "no panic, no hang": no internal
//! error, and every span idp-audit reports lies within its text on char
//! boundaries.

use idp_audit::types::error::ErrorKind;
use idp_audit::types::provision::RawProvision;
use idp_audit::{DocumentReport, Options, audit_bytes};
use std::ops::Range;
use std::path::Path;

/// Limits small enough that a fuzzer's input can reach each of them.
pub fn options() -> Options {
    let mut opts = Options::default();
    opts.limits.max_part_bytes = 8 * 1024 * 1024;
    opts
}

pub fn audit(data: &[u8], name: &str) -> DocumentReport {
    let report = audit_bytes(data, Path::new(name), &options());
    check_report(&report);
    report
}

pub fn check_report(report: &DocumentReport) {
    if let Some(e) = &report.error {
        assert_ne!(e.kind, ErrorKind::Internal, "internal error: {}", e.message);
        assert!(!e.message.is_empty());
    }
    for p in &report.provisions {
        check_raw(&p.raw);
        let text = &p.raw.text;
        for f in &p.check.findings {
            if let Some(s) = &f.span {
                assert_span(text, s, "finding");
                if let Some(m) = &f.matched {
                    assert_eq!(&text[s.clone()], m.as_str(), "a finding's matched words are its span");
                }
            }
        }
        let e = &p.check.elements;
        for el in [&e.frequency, &e.duration, &e.provider, &e.qualification, &e.group] {
            if let Some(s) = &el.span {
                assert_span(text, s, "element");
            }
        }
    }
}

pub fn check_raw(raw: &RawProvision) {
    for f in &raw.fields {
        assert_span(&raw.text, &f.range, "field");
    }
}

pub fn assert_span(text: &str, s: &Range<usize>, what: &str) {
    assert!(
        s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what} span {s:?} is not within the text ({} bytes) on char boundaries: {text:?}",
        text.len()
    );
}
