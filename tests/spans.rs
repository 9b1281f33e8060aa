//! Property tests: whatever the text, every span idp-audit reports (findings,
//! elements, fields, bold runs, source bytes) lies within the text it
//! indexes, on char boundaries, and a finding's span is its matched words.
//!
//! The text is arbitrary Unicode, plan-like text salted with the characters
//! that change length when folded (İ, ẞ, ﬁ, K, combining marks), and
//! arbitrary Markdown built from the constructs plans use.

use idp_audit::lexicon::Lexicon;
use idp_audit::rules::check;
use idp_audit::types::model::{Block, BlockKind};
use idp_audit::types::provision::{Field, Layout, Location, RawProvision, Role};
use idp_audit::{DocumentReport, Options, audit_bytes};
use proptest::prelude::*;
use std::ops::Range;
use std::path::Path;

fn within(text: &str, r: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} span {r:?} not within {} bytes on char boundaries of {text:?}",
        text.len()
    );
    Ok(())
}

fn report_spans(r: &DocumentReport) -> Result<(), TestCaseError> {
    if let Some(e) = &r.error {
        prop_assert_ne!(e.kind, idp_audit::types::error::ErrorKind::Internal, "{}", e.message);
    }
    for p in &r.provisions {
        let text = &p.raw.text;
        for f in &p.raw.fields {
            within(text, &f.range, "field")?;
        }
        for f in &p.check.findings {
            if let Some(s) = &f.span {
                within(text, s, "finding")?;
                if let Some(m) = &f.matched {
                    prop_assert_eq!(&text[s.clone()], m.as_str());
                }
            }
        }
        let e = &p.check.elements;
        for el in [&e.frequency, &e.duration, &e.provider, &e.qualification, &e.group] {
            if let Some(s) = &el.span {
                within(text, s, "element")?;
                if let Some(t) = &el.text {
                    prop_assert_eq!(&text[s.clone()], t.as_str());
                }
            }
        }
    }
    Ok(())
}

/// Bold runs within their paragraph, and source bytes within the source.
fn block_spans(blocks: &[Block], src: &str) -> Result<(), TestCaseError> {
    for b in blocks {
        if let Some(r) = &b.span.bytes {
            within(src, r, "source")?;
        }
        match &b.kind {
            BlockKind::Paragraph(p) | BlockKind::ListItem { para: p, .. } => {
                for r in &p.bold {
                    within(&p.text, r, "bold")?;
                }
            }
            BlockKind::Table(t) => {
                for row in &t.rows {
                    for c in &row.cells {
                        for p in c.paragraphs() {
                            for r in &p.bold {
                                within(&p.text, r, "bold")?;
                            }
                        }
                    }
                }
            }
            BlockKind::TextBox(inner) => block_spans(inner, src)?,
            _ => {}
        }
    }
    Ok(())
}

/// The checker straight on one provision: whole, and cut into fields at
/// " | " as a table row is.
fn check_direct(text: &str) -> Result<(), TestCaseError> {
    const ROLES: [Role; 5] = [Role::Description, Role::Provider, Role::Frequency, Role::Duration, Role::Group];
    let mut fields = Vec::new();
    let mut start = 0;
    for (i, cell) in text.split(" | ").enumerate() {
        fields.push(Field {
            name: format!("column {i}"),
            role: ROLES[i % ROLES.len()],
            range: start..start + cell.len(),
            merged: false,
        });
        start += cell.len() + 3;
    }
    for fields in [Vec::new(), fields] {
        let raw = RawProvision {
            text: text.to_string(),
            fields,
            location: Location::unplaced(Layout::Table),
            comments: Vec::new(),
        };
        let c = check(&raw, Lexicon::builtin(), &Default::default());
        for f in &c.findings {
            if let Some(s) = &f.span {
                within(text, s, "finding")?;
            }
        }
        let e = &c.elements;
        for el in [&e.frequency, &e.duration, &e.provider, &e.qualification, &e.group] {
            if let Some(s) = &el.span {
                within(text, s, "element")?;
            }
        }
    }
    Ok(())
}

const WORDS: &[&str] = &[
    "as required",
    "where possible",
    "up to",
    "access to",
    "would benefit from",
    "TBC",
    "lle bo'n bosibl",
    "yn ôl yr angen",
    "hyd at",
    "mynediad at",
    "3x30mins/wk",
    "twice a week",
    "1:1",
    "daily",
    "weekly",
    "termly",
    "30 minutes",
    "20 mins",
    "for 10 weeks",
    "teaching assistant",
    "TA",
    "HLTA",
    "SaLT",
    "ELSA",
    "trained in ELKLAN Level 3",
    "HCPC-registered",
    "group of 4",
    "speech and language therapy",
    "ear defenders",
    "|",
    " | ",
    "\n",
    "\t",
    "\u{a0}",
    "’",
    "İ",
    "ẞ",
    "ß",
    "ﬁ",
    "\u{212a}",
    "Å",
    "e\u{301}",
    "ŵ",
    "Σ",
    "😀",
    "\u{200b}",
    "\u{FFFD}",
    "&amp;",
    "2B.1 Outcome:",
    "2B.2 ALP:",
    ".",
    ",",
    "(",
    ")",
    "-",
    "–",
    "0",
    "12",
    "½",
];

fn plan_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..40).prop_map(|w| w.join(" "))
}

fn markdown() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "",
        "# ",
        "## ",
        "## Section 2B\n",
        "### Element 1\n",
        "- ",
        "* ",
        "1. ",
        "  - ",
        "    ",
        "> ",
        "> - ",
        "| ",
        "|---|---|\n",
        "**",
        "```\n",
        "<!-- idp-audit: ignore IDP201 -->\n",
        "<br>",
        "\n",
    ]);
    let line = (prefix, plan_text(), prop::bool::ANY)
        .prop_map(|(p, t, pipe)| if pipe { format!("{p}{t} | {t} |") } else { format!("{p}{t}") });
    prop::collection::vec(line, 0..24)
        .prop_map(|lines| format!("# Plan\n\n## Section 2B: Description of ALP\n\n{}\n", lines.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn spans_of_arbitrary_text_lie_within_it(text in any::<String>()) {
        check_direct(&text)?;
        let md = format!("## Section 2B\n\n- {}\n", text.replace('\n', " "));
        report_spans(&audit_bytes(md.as_bytes(), Path::new("p.md"), &Options::default()))?;
        let txt = format!("Section 2B\n\n{text}\n");
        report_spans(&audit_bytes(txt.as_bytes(), Path::new("p.txt"), &Options::default()))?;
    }

    #[test]
    fn spans_of_plan_like_text_lie_within_it(text in plan_text()) {
        check_direct(&text)?;
        let md = format!("## Section 2B\n\n| Provision | Who | How often |\n|---|---|---|\n| {} |\n", text.replace('\n', " "));
        report_spans(&audit_bytes(md.as_bytes(), Path::new("p.md"), &Options::default()))?;
    }

    #[test]
    fn spans_of_arbitrary_markdown_lie_within_it(md in markdown()) {
        let doc = idp_audit::read::read_bytes(md.as_bytes(), Path::new("p.md"), &Default::default());
        if let Ok(doc) = doc {
            block_spans(&doc.blocks, &md)?;
        }
        report_spans(&audit_bytes(md.as_bytes(), Path::new("p.md"), &Options::default()))?;
    }
}
