//! A plain dump of what idp-audit read: the document model, where Section 2B
//! was found, and the provisions with their fields. For people debugging a
//! plan that reads oddly, and for snapshot tests of the readers.

use crate::pipeline::Options;
use crate::types::error::ReadError;
use crate::types::model::{Block, BlockKind, Document, Table};
use crate::types::provision::RawProvision;
use std::fmt::Write;
use std::path::Path;

/// What idp-audit read from a plan, as text: blocks, Section 2B, provisions.
pub fn dump_file(path: &Path, opts: &Options) -> Result<String, ReadError> {
    let bytes = crate::pipeline::read_file(path, &opts.limits)?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dump_bytes(&bytes, path, opts)))
        .unwrap_or_else(|panic| Err(crate::pipeline::internal_error(path, panic)))
}

fn dump_bytes(bytes: &[u8], path: &Path, opts: &Options) -> Result<String, ReadError> {
    let doc = crate::read::read_bytes(bytes, path, &opts.limits)?;
    let mut out = String::from("== blocks\n");
    out.push_str(&blocks(&doc));
    let located = match &opts.section_2b {
        Some(name) => crate::locate::locate_named(&doc.blocks, name),
        None => crate::locate::locate(&doc.blocks),
    };
    match located {
        Some(section) => {
            out.push_str(&format!(
                "== section 2B ({:?}): {}\n",
                section.found_by,
                section.heading.as_deref().unwrap_or("(no heading)")
            ));
            out.push_str(&provisions(&crate::split::split(&section, &opts.limits, opts.lexicon())?));
        }
        None => out.push_str("== no section 2B\n"),
    }
    Ok(out)
}

pub fn blocks(doc: &Document) -> String {
    let mut out = String::new();
    for n in &doc.notices {
        let _ = writeln!(out, "! {}: {}", n.code, n.message);
    }
    for b in &doc.blocks {
        block(&mut out, b, 0);
    }
    out
}

fn block(out: &mut String, b: &Block, indent: usize) {
    let pad = "  ".repeat(indent);
    let line = b.span.line.map(|l| format!(" @{l}")).unwrap_or_default();
    match &b.kind {
        BlockKind::Heading { level, text } => {
            let _ = writeln!(out, "{pad}H{level}{line}: {}", text.replace('\n', "⏎"));
        }
        BlockKind::Paragraph(p) => {
            let bold = if p.all_bold() { " [bold]" } else { "" };
            let _ = writeln!(out, "{pad}P{line}{bold}: {}", p.text.replace('\n', "⏎"));
        }
        BlockKind::ListItem { level, ordered, para } => {
            let mark = if *ordered { "1." } else { "-" };
            let _ = writeln!(out, "{pad}L{level}{line} {mark} {}", para.text.replace('\n', "⏎"));
        }
        BlockKind::Table(t) => table(out, t, indent),
        BlockKind::TextBox(inner) => {
            let _ = writeln!(out, "{pad}TEXTBOX");
            for b in inner {
                block(out, b, indent + 1);
            }
        }
        BlockKind::Comment(c) => {
            let _ = writeln!(out, "{pad}<!-- {c} -->");
        }
    }
}

fn table(out: &mut String, t: &Table, indent: usize) {
    let pad = "  ".repeat(indent);
    let _ = writeln!(out, "{pad}TABLE");
    for (i, row) in t.rows.iter().enumerate() {
        let head = if row.header { " [header]" } else { "" };
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                let mut s = format!("c{}", c.col);
                if c.span > 1 {
                    s.push_str(&format!("+{}", c.span - 1));
                }
                if c.merged_from_above {
                    s.push('^');
                }
                format!(
                    "{s}={}",
                    c.paragraphs().iter().map(|p| p.text.replace('\n', "⏎")).collect::<Vec<_>>().join("¶")
                )
            })
            .collect();
        let _ = writeln!(out, "{pad}  R{}{head}: {}", i + 1, cells.join(" | "));
        for c in &row.cells {
            for n in c.nested() {
                table(out, n, indent + 2);
            }
        }
    }
}

pub fn provisions(items: &[RawProvision]) -> String {
    let mut out = String::new();
    for (i, p) in items.iter().enumerate() {
        let _ = writeln!(out, "#{} [{}]: {}", i + 1, p.location.describe(), p.text);
        for f in &p.fields {
            let merged = if f.merged { " (merged from above)" } else { "" };
            let _ = writeln!(out, "    {} ({:?}){merged}: {}", f.name, f.role, p.field_text(f));
        }
        for c in &p.comments {
            let _ = writeln!(out, "    <!-- {c} -->");
        }
    }
    out
}
