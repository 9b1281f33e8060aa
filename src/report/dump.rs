//! A plain dump of what idp-audit read: the document model, where Section 2B
//! was found, and the provisions with their fields. For people debugging a
//! plan that reads oddly, and for snapshot tests of the readers.

use crate::model::{Block, BlockKind, Document, Table};
use crate::split::RawProvision;
use std::fmt::Write;

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
