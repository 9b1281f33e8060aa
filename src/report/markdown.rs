//! The Markdown report (`--format markdown`): the human report, printable
//! and easy to paste into an email or a case file. Each vague provision is
//! quoted with the words that make it vague in bold, what it leaves out,
//! and a suggested rewrite.

use super::{Sink, Totals, words};
use crate::types::{FindingKind, Severity, Verdict};
use crate::{DocumentReport, Provision, Status};
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Default)]
pub struct Markdown {
    run: super::RunInfo,
}

impl Markdown {
    pub fn new(run: super::RunInfo) -> Self {
        Markdown { run }
    }
}

/// Renders one plan; holds nothing of the run.
struct MarkdownPlan;

impl super::PlanRenderer for MarkdownPlan {
    fn render(&self, out: &mut Vec<u8>, d: &DocumentReport, _first: bool) -> io::Result<()> {
        out.extend_from_slice(document(d).as_bytes());
        Ok(())
    }
}

impl Sink for Markdown {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mark = crate::own_output::markdown_mark("a report");
        writeln!(out, "{mark}# idp-audit report")?;
        if let Some(line) = self.run.config_line() {
            writeln!(out, "\n*{}*", escape(&line))?;
        }
        Ok(())
    }

    fn document(&mut self, out: &mut dyn Write, d: &DocumentReport, first: bool) -> io::Result<()> {
        super::write_rendered(&MarkdownPlan, out, d, first)
    }

    fn plan_renderer(&self) -> Option<Box<dyn super::PlanRenderer>> {
        Some(Box::new(MarkdownPlan))
    }

    fn end(&mut self, out: &mut dyn Write, t: &Totals) -> io::Result<()> {
        let mut s = String::new();
        if t.documents > 1 {
            s.push_str(&summary(t));
        }
        let _ = writeln!(s, "\n---\n\n*{}*", escape(super::human::DISCLAIMER));
        out.write_all(s.as_bytes())
    }
}

/// Findings about the plan as a whole, each with its rule id.
fn plan_findings(s: &mut String, d: &DocumentReport) {
    for f in &d.findings {
        let _ = writeln!(s, "\n**{}** `{}`", escape(&f.message), f.rule);
    }
}

fn document(d: &DocumentReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\n## {}\n", escape(&super::path_text(&d.path)));
    match d.status {
        Status::Error => {
            let msg = d.error.as_ref().map(|e| e.message.as_str()).unwrap_or("unknown error");
            let _ = writeln!(s, "**Could not read this file.** {}", escape(msg));
            return s;
        }
        Status::NoSection2B => {
            if d.findings.is_empty() {
                let _ = writeln!(
                    s,
                    "**No Section 2B was found in this plan**, so there is no additional learning provision to \
                     check. If the plan does describe its provision, look for a heading such as \"Section 2B\" or \
                     \"Adran 2B\"."
                );
            }
            plan_findings(&mut s, d);
            notices(&mut s, d);
            return s;
        }
        Status::Ok => {}
    }
    let total = d.provisions.len();
    let vague = d.vague_count();
    let line = if total == 0 {
        "Section 2B was found, but it lists no provision.".to_string()
    } else if vague == 0 {
        format!("{} in Section 2B, all specific.", words::count(total, "provision", "provisions"))
    } else {
        format!("{} in Section 2B, {vague} vague.", words::count(total, "provision", "provisions"))
    };
    let _ = writeln!(s, "**{line}**");
    plan_findings(&mut s, d);
    notices(&mut s, d);
    for p in d.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague) {
        provision(&mut s, p);
    }
    let specific: Vec<String> =
        d.provisions.iter().filter(|p| p.check.verdict == Verdict::Specific).map(|p| p.index.to_string()).collect();
    if !specific.is_empty() && vague > 0 {
        let _ = writeln!(s, "\nSpecific provisions: {}.", specific.join(", "));
    }
    s
}

fn notices(s: &mut String, d: &DocumentReport) {
    for n in &d.notices {
        let _ = writeln!(s, "\n> **Note:** {}", escape(&n.message));
    }
}

fn provision(s: &mut String, p: &Provision) {
    let _ = writeln!(s, "\n### Provision {}: vague\n", p.index);
    let _ = writeln!(s, "*{}*\n", escape(&p.raw.location.describe()));
    let spans: Vec<std::ops::Range<usize>> =
        p.check.findings.iter().filter(|f| f.severity > Severity::Info).filter_map(|f| f.span.clone()).collect();
    let _ = writeln!(s, "> {}\n", emphasised(&p.raw.text, &spans));
    let missing = words::what_is_missing(&p.check);
    let ids: Vec<String> = p
        .check
        .findings
        .iter()
        .filter(|f| f.kind != FindingKind::Hedge && f.affects_verdict)
        .map(|f| format!("`{}`", f.rule))
        .collect();
    let mut ids = ids;
    crate::sort::sort(&mut ids);
    if !missing.is_empty() {
        let _ = writeln!(s, "{} {}\n", escape(&missing), ids.join(" "));
    }
    let mut said: Vec<String> = Vec::new();
    for f in p.check.findings.iter().filter(|f| f.kind == FindingKind::Hedge || !f.affects_verdict) {
        if said.contains(&f.message.to_lowercase()) {
            continue;
        }
        said.push(f.message.to_lowercase());
        let _ = writeln!(s, "- {} `{}`", escape(&f.message), f.rule);
    }
    if let Some(r) = &p.rewrite {
        if !said.is_empty() {
            s.push('\n');
        }
        let _ = writeln!(s, "**You could ask for it to say:** {}", escape(&r.text));
    }
}

/// The provision with the byte ranges `spans` in bold.
fn emphasised(text: &str, spans: &[std::ops::Range<usize>]) -> String {
    let mut marks: Vec<std::ops::Range<usize>> = spans.to_vec();
    crate::sort::sort_by_key(&mut marks, |r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in marks {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for r in merged {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        out.push_str(&escape(&text[at..r.start]));
        let inner = text[r.clone()].trim();
        if inner.is_empty() {
            out.push_str(&escape(&text[r.clone()]));
        } else {
            let lead = &text[r.start..r.start + (text[r.clone()].len() - text[r.clone()].trim_start().len())];
            out.push_str(lead);
            let _ = write!(out, "**{}**", escape(inner));
            let trail_start = r.start + lead.len() + inner.len();
            out.push_str(&text[trail_start..r.end]);
        }
        at = r.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Totals per rule and a line per plan, for a batch.
pub fn summary(t: &Totals) -> String {
    let mut s = String::from("\n## Summary\n\n");
    let _ = writeln!(s, "{}.\n", words::totals(t));
    if !t.by_rule.is_empty() {
        s.push_str("| rule | findings | title |\n|---|---:|---|\n");
        for (id, n) in &t.by_rule {
            let title = crate::rules::rule(*id).summary;
            let _ = writeln!(s, "| `{id}` | {n} | {title} |");
        }
        s.push('\n');
    }
    s.push_str("| plan | provisions | vague | most frequent rule |\n|---|---:|---:|---|\n");
    for p in &t.plans {
        let status = match p.status {
            Status::Error => "could not be read".to_string(),
            Status::NoSection2B => "no Section 2B".to_string(),
            Status::Ok => p.worst_rule.map(|r| format!("`{r}`")).unwrap_or_else(|| "–".into()),
        };
        let _ =
            writeln!(s, "| {} | {} | {} | {} |", escape(&p.path).replace('|', "\\|"), p.provisions, p.vague, status);
    }
    s
}

/// Escape the characters Markdown would read as markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::printable(text).chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_marks_the_matched_words_and_markup_is_escaped() {
        let t = "Access to *therapy* as required";
        assert_eq!(emphasised(t, &[0..9, 20..31]), "**Access to** \\*therapy\\* **as required**");
    }

    #[test]
    fn overlapping_spans_merge() {
        assert_eq!(emphasised("up to 15 minutes", &[0..5, 0..16]), "**up to 15 minutes**");
    }
}
