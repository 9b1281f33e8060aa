//! The human report (`--format human`, the default): for a parent reading
//! one plan, or an advocate skimming many. Plain English first, rule ids at
//! the end of the line for advocates.
//!
//! Each vague provision is quoted, wrapped to the terminal's width, with
//! the words that make it vague underlined underneath (the way rustc points
//! at code), then what it leaves out.

use super::words;
use crate::check::{FindingKind, Verdict};
use crate::{DocumentReport, Provision, Status};
use std::fmt::Write;

pub use super::Style;

#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

pub const DISCLAIMER: &str = "idp-audit checks the wording of Section 2B against the ALN Code for Wales 2021 (chapter 23). It is not legal \
     advice; SNAP Cymru (0808 8010 608) gives free, independent advice.";

/// The human report, one plan at a time, then the totals for a batch.
#[derive(Clone, Copy)]
pub struct Human {
    style: Style,
    paint: Paint,
}

impl Human {
    pub fn new(style: Style) -> Self {
        Human { style, paint: Paint { on: style.color } }
    }
}

impl super::PlanRenderer for Human {
    fn render(&self, out: &mut Vec<u8>, d: &DocumentReport, first: bool) -> std::io::Result<()> {
        let mut text = String::new();
        if !first {
            text.push('\n');
        }
        document(&mut text, d, self.style, &self.paint);
        out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

impl super::Sink for Human {
    fn begin(&mut self, _out: &mut dyn std::io::Write) -> std::io::Result<()> {
        Ok(())
    }

    fn document(&mut self, out: &mut dyn std::io::Write, d: &DocumentReport, first: bool) -> std::io::Result<()> {
        super::write_rendered(self, out, d, first)
    }

    fn plan_renderer(&self) -> Option<Box<dyn super::PlanRenderer>> {
        Some(Box::new(*self))
    }

    fn end(&mut self, out: &mut dyn std::io::Write, t: &super::Totals) -> std::io::Result<()> {
        let paint = &self.paint;
        let mut text = String::new();
        if t.documents > 1 {
            let _ = writeln!(text, "\n{}: {}.", paint.bold("In all"), words::totals(t));
        }
        if t.documents > 1 {
            let _ = write!(text, "\n{}", super::summary::text(t));
        }
        let _ = writeln!(text, "\n{}", paint.dim(&wrap_indented(DISCLAIMER, self.style.width, 0)));
        out.write_all(text.as_bytes())
    }
}

/// The whole report for plans already in memory.
pub fn render(docs: &[DocumentReport], style: Style) -> String {
    super::render(super::Format::Human, docs, style)
}

fn document(out: &mut String, d: &DocumentReport, style: Style, paint: &Paint) {
    let _ = writeln!(out, "{}", paint.bold(&d.path.display().to_string()));
    match d.status {
        Status::Error => {
            let msg = d.error.as_ref().map(|e| e.message.as_str()).unwrap_or("unknown error");
            let _ = writeln!(out, "  {}", paint.red("Could not read this file."));
            let _ = writeln!(out, "  {}", wrap_indented(msg, style.width, 2));
            return;
        }
        Status::NoSection2B => {
            let _ = writeln!(
                out,
                "  {}",
                wrap_indented(
                    "No Section 2B was found in this plan, so there is no additional learning provision to check. \
                     If the plan does describe its provision, look for a heading such as \"Section 2B\" or \
                     \"Adran 2B\"; `idp-audit dump` shows what was read.",
                    style.width,
                    2
                )
            );
            notices(out, d, style);
            return;
        }
        Status::Ok => {}
    }
    let total = d.provisions.len();
    let vague = d.vague_count();
    let summary = if total == 0 {
        "Section 2B was found, but it lists no provision.".to_string()
    } else if vague == 0 {
        format!("{} in Section 2B, all specific.", words::count(total, "provision", "provisions"))
    } else {
        format!("{} in Section 2B, {} vague.", words::count(total, "provision", "provisions"), vague)
    };
    let _ = writeln!(out, "  {}", if vague > 0 { paint.yellow(&summary) } else { paint.green(&summary) });
    notices(out, d, style);
    for p in d.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague) {
        out.push('\n');
        provision(out, p, style, paint);
    }
    for p in d.provisions.iter().filter(|p| p.check.verdict != Verdict::Vague) {
        for f in p.check.findings.iter().filter(|f| f.rule.kind == FindingKind::Suppression) {
            let _ = writeln!(
                out,
                "\n  {} {}\n  {} {}",
                paint.bold(&format!("Provision {}", p.index)),
                paint.dim(&format!("({})", p.raw.location.describe())),
                wrap_indented(&f.message, style.width.saturating_sub(8), 2),
                paint.dim(f.rule.id)
            );
        }
    }
    let specific: Vec<String> =
        d.provisions.iter().filter(|p| p.check.verdict == Verdict::Specific).map(|p| p.index.to_string()).collect();
    if !specific.is_empty() && vague > 0 {
        let _ = writeln!(
            out,
            "\n  {} {}.",
            paint.green(if specific.len() == 1 { "Specific:" } else { "Specific provisions:" }),
            specific.join(", ")
        );
    }
}

fn notices(out: &mut String, d: &DocumentReport, style: Style) {
    for n in &d.notices {
        let _ = writeln!(out, "  Note: {}", wrap_indented(&n.message, style.width, 8));
    }
}

fn provision(out: &mut String, p: &Provision, style: Style, paint: &Paint) {
    use crate::check::{FindingKind, Severity};
    let _ = writeln!(
        out,
        "  {} {}",
        paint.bold(&format!("Provision {}", p.index)),
        paint.dim(&format!("({}): vague", p.raw.location.describe()))
    );
    let spans: Vec<std::ops::Range<usize>> =
        p.check.findings.iter().filter(|f| f.severity > Severity::Info).filter_map(|f| f.span.clone()).collect();
    for line in underlined(&p.raw.text, &spans, style.width.saturating_sub(6).max(30)) {
        let _ = writeln!(out, "  {} {}", paint.dim("|"), line.text);
        if let Some(marks) = line.marks {
            let _ = writeln!(out, "  {} {}", paint.dim("|"), paint.red(&marks));
        }
    }
    // What is missing, in one sentence, with its rule ids at the end.
    let missing = words::what_is_missing(&p.check);
    let element_ids: Vec<&str> = p
        .check
        .findings
        .iter()
        .filter(|f| f.rule.kind != FindingKind::Hedge && f.rule.affects_verdict)
        .map(|f| f.rule.id)
        .collect();
    let mut element_ids = element_ids;
    element_ids.sort_unstable();
    if !missing.is_empty() {
        let _ = writeln!(out, "  {}", with_ids(&missing, &element_ids, style.width, 2, paint));
    }
    let mut said: Vec<String> = Vec::new();
    for f in p.check.findings.iter().filter(|f| f.rule.kind == FindingKind::Hedge) {
        if said.contains(&f.message.to_lowercase()) {
            continue;
        }
        said.push(f.message.to_lowercase());
        let _ = writeln!(out, "  - {}", with_ids(&f.message, &[f.rule.id], style.width, 4, paint));
    }
    for f in p.check.findings.iter().filter(|f| f.rule.kind != FindingKind::Hedge && !f.rule.affects_verdict) {
        let _ = writeln!(out, "  - {}", with_ids(&f.message, &[f.rule.id], style.width, 4, paint));
    }
    if let Some(r) = &p.rewrite {
        let _ = writeln!(out, "  {}", paint.green("You could ask for it to say:"));
        let _ = writeln!(out, "    {}", wrap_indented(&r.text, style.width, 4));
    }
}

/// `text` wrapped, with the rule ids at the end of its last line (dim), for
/// advocates.
fn with_ids(text: &str, ids: &[&str], width: usize, indent: usize, paint: &Paint) -> String {
    let tail = ids.join(" ");
    let wrapped = wrap_indented(text, width.saturating_sub(tail.len() + 1), indent);
    if tail.is_empty() { wrapped } else { format!("{wrapped} {}", paint.dim(&tail)) }
}

/// One wrapped line of a quoted provision and, under it, carets under the
/// underlined bytes.
pub struct QuotedLine {
    pub text: String,
    pub marks: Option<String>,
}

/// Wrap `text` at word boundaries to `width` characters and mark `spans`
/// (byte ranges of `text`) with `^` under each line.
pub fn underlined(text: &str, spans: &[std::ops::Range<usize>], width: usize) -> Vec<QuotedLine> {
    let mut lines = Vec::new();
    for (start, end) in wrap_ranges(text, width) {
        let line = &text[start..end];
        let mut marks = String::new();
        let mut any = false;
        for (i, c) in line.char_indices() {
            let at = start + i;
            let hit = spans.iter().any(|s| s.start <= at && at < s.end);
            any |= hit;
            let _ = c;
            marks.push(if hit { '^' } else { ' ' });
        }
        let marks = marks.trim_end().to_string();
        lines.push(QuotedLine { text: line.to_string(), marks: any.then_some(marks) });
    }
    lines
}

/// Byte ranges of the lines of `text` wrapped at spaces to `width` chars.
fn wrap_ranges(text: &str, width: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut last_space: Option<usize> = None;
    let mut chars_in_line = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == ' ' {
            last_space = Some(i);
        }
        chars_in_line += 1;
        if chars_in_line > width
            && let Some(sp) = last_space.filter(|&sp| sp > line_start)
        {
            out.push((line_start, sp));
            line_start = sp + 1;
            last_space = None;
            chars_in_line = text[line_start..i + c.len_utf8()].chars().count();
        }
        let _ = iter.peek();
    }
    if line_start < text.len() || out.is_empty() {
        out.push((line_start, text.len()));
    }
    out
}

/// Wrap prose to `width`, continuing lines indented by `indent` spaces.
pub fn wrap_indented(text: &str, width: usize, indent: usize) -> String {
    let w = width.saturating_sub(indent).max(20);
    let pad = " ".repeat(indent);
    wrap_ranges(text, w).into_iter().map(|(s, e)| &text[s..e]).collect::<Vec<_>>().join(&format!("\n{pad}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_sit_under_the_words() {
        let text = "Access to therapy as required.";
        let lines = underlined(text, &[0..9, 18..29], 80);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].marks.as_deref(), Some("^^^^^^^^^         ^^^^^^^^^^^"));
    }

    #[test]
    fn wrapping_keeps_carets_on_their_line() {
        let text = "one two three four five six seven eight nine ten as required";
        let at = text.find("as required").unwrap();
        let lines = underlined(text, &[at..text.len(), 0..0], 20);
        assert!(lines.len() > 2);
        let last = lines.last().unwrap();
        assert!(last.text.ends_with("as required"));
        let marks = last.marks.as_deref().unwrap();
        assert_eq!(marks.trim_start().len(), "as required".len());
        assert!(lines[0].marks.is_none());
        for l in &lines {
            assert!(l.text.chars().count() <= 20, "{:?}", l.text);
        }
    }

    #[test]
    fn a_long_word_is_not_cut() {
        let lines = wrap_ranges("supercalifragilistic word", 5);
        assert_eq!(lines[0], (0, 20));
    }
}
