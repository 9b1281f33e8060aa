//! The batch summary at the end of a report of several plans: findings per
//! rule over the batch, and one line per plan (provisions, vague, the rule
//! that fired most). Built from [`Totals`] alone, so any streaming sink can
//! print it: [`text`] for the human report, [`markdown`] for Markdown.

use super::{PlanRow, Totals};
use crate::types::RuleId;
use crate::{Status, rules};
use std::fmt::Write;

/// One rule's line: how often it fired over the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleLine {
    pub id: RuleId,
    pub name: &'static str,
    pub summary: &'static str,
    pub findings: usize,
}

/// The rules that fired, most findings first (ties by id).
pub(crate) fn rule_lines(t: &Totals) -> Vec<RuleLine> {
    let mut v: Vec<RuleLine> = t
        .by_rule
        .iter()
        .map(|(id, n)| {
            let r = rules::rule(*id);
            RuleLine { id: *id, name: r.name, summary: r.summary, findings: *n }
        })
        .collect();
    crate::sort::sort_by(&mut v, |a, b| b.findings.cmp(&a.findings).then(a.id.cmp(&b.id)));
    v
}

/// A plan's cells: path, provisions, vague, and the worst rule (or why
/// there are no figures).
pub(crate) fn plan_cells(p: &PlanRow) -> [String; 4] {
    match p.status {
        Status::Error => [p.path.clone(), "-".into(), "-".into(), "could not be read".into()],
        Status::NoSection2B => [p.path.clone(), "-".into(), "-".into(), "no Section 2B found".into()],
        Status::Ok => [
            p.path.clone(),
            p.provisions.to_string(),
            p.vague.to_string(),
            p.worst_rule.map(|id| rules::rule(id).label()).unwrap_or_else(|| "-".into()),
        ],
    }
}

const PLAN_HEAD: [&str; 4] = ["plan", "provisions", "vague", "most frequent rule"];
/// The same columns' headings on a narrow terminal.
const PLAN_HEAD_NARROW: [&str; 4] = ["plan", "prov.", "vague", "rule"];

/// The summary as aligned plain-text tables (for the human report), each
/// line at most `width` columns: on a narrow terminal the rules' titles are
/// left out, then the plans' worst rule shows its id alone, then long paths
/// lose their leading folders ("…/2025/cerys.docx").
pub fn text(t: &Totals, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    let lines = rule_lines(t);
    if !lines.is_empty() {
        out.push_str("Findings by rule:\n");
        let w_count = lines.iter().map(|l| l.findings.to_string().len()).max().unwrap_or(1);
        let w_label = lines.iter().map(|l| l.id.to_string().len() + 1 + l.name.len()).max().unwrap_or(0);
        let w_summary = lines.iter().map(|l| l.summary.width()).max().unwrap_or(0);
        let with_titles = 2 + w_count + 2 + w_label + 2 + w_summary <= width;
        for l in &lines {
            let label = format!("{} {}", l.id, l.name);
            let line = if with_titles {
                format!("  {:>w_count$}  {label:<w_label$}  {}", l.findings, l.summary)
            } else {
                format!("  {:>w_count$}  {label}", l.findings)
            };
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out.push('\n');
    }
    out.push_str("Plans:\n");
    let mut rows: Vec<[String; 4]> = t.plans.iter().map(plan_cells).collect();
    let mut head = PLAN_HEAD;
    let widths = |rows: &[[String; 4]], head: &[&str; 4]| {
        let mut w = head.map(|h| h.width());
        for r in rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.width());
            }
        }
        w
    };
    let total = |w: &[usize; 4]| 2 + w[0] + 2 + w[1] + 2 + w[2] + 2 + w[3];
    if total(&widths(&rows, &head)) > width {
        head = PLAN_HEAD_NARROW;
        for (row, plan) in rows.iter_mut().zip(&t.plans) {
            row[3] = match plan.status {
                Status::Ok => plan.worst_rule.map_or("-".to_string(), |id| id.to_string()),
                Status::Error => "unreadable".to_string(),
                Status::NoSection2B => "no 2B".to_string(),
            };
        }
    }
    let w = widths(&rows, &head);
    if total(&w) > width {
        let room = width.saturating_sub(total(&w) - w[0]).max(12);
        for row in &mut rows {
            row[0] = shorten_path(&row[0], room);
        }
    }
    let w = widths(&rows, &head);
    let line = |cells: [&str; 4]| {
        let pad = |s: &str, n: usize| " ".repeat(n.saturating_sub(s.width()));
        format!(
            "  {}{}  {}{}  {}{}  {}",
            cells[0],
            pad(cells[0], w[0]),
            pad(cells[1], w[1]),
            cells[1],
            pad(cells[2], w[2]),
            cells[2],
            cells[3]
        )
        .trim_end()
        .to_string()
    };
    let _ = writeln!(out, "{}", line(head));
    for r in &rows {
        let _ = writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3]]));
    }
    out
}

/// A path cut to `room` columns by dropping its leading characters: the
/// file's own name is what tells plans apart.
fn shorten_path(path: &str, room: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if path.width() <= room {
        return path.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1; // the ellipsis
    for c in path.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        kept.push(c);
    }
    kept.push('…');
    kept.iter().rev().collect()
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

/// The summary as GitHub-flavoured Markdown tables (for a Markdown report).
pub fn markdown(t: &Totals) -> String {
    let mut out = String::new();
    let lines = rule_lines(t);
    if !lines.is_empty() {
        out.push_str("| rule | name | findings | what it means |\n|---|---|---:|---|\n");
        for l in &lines {
            let _ = writeln!(out, "| {} | {} | {} | {} |", l.id, l.name, l.findings, md_cell(l.summary));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "| {} |\n|---|---:|---:|---|", PLAN_HEAD.join(" | "));
    for p in &t.plans {
        let c = plan_cells(p);
        let _ = writeln!(out, "| {} | {} | {} | {} |", md_cell(&c[0]), c[1], c[2], md_cell(&c[3]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals() -> Totals {
        let mut t = Totals::default();
        t.by_rule.insert(RuleId::new(201), 3);
        t.by_rule.insert(RuleId::new(102), 5);
        t.by_rule.insert(RuleId::new(203), 3);
        t.plans.push(PlanRow {
            path: "plans/a|b.md".into(),
            status: Status::Ok,
            provisions: 12,
            vague: 4,
            worst_rule: Some(RuleId::new(102)),
            problem: None,
        });
        t.plans.push(PlanRow {
            path: "plans/broken.docx".into(),
            status: Status::Error,
            provisions: 0,
            vague: 0,
            worst_rule: None,
            problem: Some("The file is damaged.".into()),
        });
        t
    }

    #[test]
    fn rules_most_findings_first_then_by_id() {
        let ids: Vec<String> = rule_lines(&totals()).iter().map(|l| l.id.to_string()).collect();
        assert_eq!(ids, ["IDP102", "IDP201", "IDP203"]);
    }

    #[test]
    fn narrow_terminals_get_narrower_tables() {
        let t = totals();
        for width in [40, 50, 60] {
            let s = text(&t, width);
            for line in s.lines() {
                assert!(unicode_width::UnicodeWidthStr::width(line) <= width, "{width}: {line:?}\n{s}");
            }
        }
        let s = text(&t, 40);
        assert!(s.contains("  5  IDP102 duration-missing\n"), "{s}");
        assert!(s.contains(" 12      4  IDP102\n"), "{s}");
        assert!(s.contains("prov.  vague  rule\n"), "{s}");
        assert_eq!(shorten_path("plans/2025/year4/cerys.docx", 14), "…r4/cerys.docx");
        assert_eq!(shorten_path("cerys.docx", 14), "cerys.docx");
    }

    #[test]
    fn text_tables_line_up() {
        let s = text(&totals(), 120);
        assert!(s.contains("  5  IDP102 duration-missing       "), "{s}");
        assert!(s.contains("\n  plan               provisions  vague  most frequent rule\n"), "{s}");
        assert!(s.contains("\n  plans/a|b.md               12      4  IDP102 (duration-missing)\n"), "{s}");
        assert!(s.contains("\n  plans/broken.docx           -      -  could not be read\n"), "{s}");
    }

    #[test]
    fn markdown_escapes_pipes() {
        let s = markdown(&totals());
        assert!(s.contains("| plans/a\\|b.md | 12 | 4 | IDP102 (duration-missing) |"), "{s}");
        assert!(s.contains("| IDP102 | duration-missing | 5 |"), "{s}");
    }
}
