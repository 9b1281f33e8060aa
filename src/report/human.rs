//! The human report (`--format human`, the default): for a parent reading
//! one plan, or an advocate skimming many. Plain English first, rule ids at
//! the end of the line for advocates.
//!
//! Each vague provision is quoted, wrapped to the terminal's width, with
//! the words that make it vague underlined underneath (the way rustc points
//! at code), then what it leaves out.

use super::words;
use crate::types::{FindingKind, RuleId, Verdict};
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

pub(crate) const DISCLAIMER: &str = "idp-audit checks the wording of Section 2B against the ALN Code for Wales 2021 (chapter 23). It is not legal \
     advice; SNAP Cymru (0808 8010 608) gives free, independent advice.";

/// The human report, one plan at a time, then the totals for a batch.
#[derive(Clone)]
pub struct Human {
    style: Style,
    paint: Paint,
    run: super::RunInfo,
}

impl Human {
    pub fn new(style: Style) -> Self {
        Human { style, paint: Paint { on: style.color }, run: super::RunInfo::default() }
    }

    pub(crate) fn with_run(self, run: super::RunInfo) -> Self {
        Human { run, ..self }
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
    fn begin(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        writeln!(out, "{}", self.paint.dim(crate::own_output::HUMAN_TITLE))?;
        if let Some(line) = self.run.config_line() {
            writeln!(out, "{}", self.paint.dim(&wrap_indented(&line, self.style.width, 0)))?;
        }
        writeln!(out)
    }

    fn document(&mut self, out: &mut dyn std::io::Write, d: &DocumentReport, first: bool) -> std::io::Result<()> {
        super::write_rendered(self, out, d, first)
    }

    fn plan_renderer(&self) -> Option<Box<dyn super::PlanRenderer>> {
        Some(Box::new(self.clone()))
    }

    fn end(&mut self, out: &mut dyn std::io::Write, t: &super::Totals) -> std::io::Result<()> {
        let paint = &self.paint;
        let mut text = String::new();
        if t.documents > 1 {
            let all = wrap_indented(&format!("In all: {}.", words::totals(t)), self.style.width, 0);
            let rest = all.strip_prefix("In all").unwrap_or(&all);
            let _ = writeln!(text, "\n{}{rest}", paint.bold("In all"));
        }
        if t.documents > 1 {
            let _ = write!(text, "\n{}", super::summary::text(t, self.style.width));
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
    let _ = writeln!(out, "{}", paint.bold(&terminal_safe(&super::path_text(&d.path))));
    match d.status {
        Status::Error => {
            let msg = d.error.as_ref().map(|e| e.message.as_str()).unwrap_or("unknown error");
            let _ = writeln!(out, "  {}", paint.red("Could not read this file."));
            let _ = writeln!(out, "  {}", wrap_indented(msg, style.width, 2));
            return;
        }
        Status::NoSection2B => {
            if d.findings.is_empty() {
                // The rule is off; the plan still says why nothing was checked.
                let _ = writeln!(out, "  {}", wrap_indented(NO_SECTION_2B, style.width, 2));
            }
            plan_findings(out, d, style, paint);
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
    plan_findings(out, d, style, paint);
    notices(out, d, style);
    for p in d.provisions.iter().filter(|p| p.check.verdict == Verdict::Vague) {
        out.push('\n');
        provision(out, p, style, paint);
    }
    for p in d.provisions.iter().filter(|p| p.check.verdict != Verdict::Vague) {
        for f in p.check.findings.iter().filter(|f| f.kind == FindingKind::Suppression) {
            let heading = provision_heading(p.index, &format!("({})", p.raw.location.describe()), style.width, paint);
            let _ = writeln!(out, "\n  {heading}\n  {}", with_ids(&f.message, &[f.rule], style.width, 2, paint));
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

const NO_SECTION_2B: &str = "No Section 2B was found in this plan, so there is no additional learning provision to \
     check. If the plan does describe its provision, look for a heading such as \"Section 2B\" or \"Adran 2B\"; \
     `idp-audit dump` shows what was read.";

/// Findings about the plan as a whole, each with its rule id.
fn plan_findings(out: &mut String, d: &DocumentReport, style: Style, paint: &Paint) {
    for f in &d.findings {
        let text = with_ids(&f.message, &[f.rule], style.width, 2, paint);
        let _ =
            writeln!(out, "  {}", if f.severity == crate::types::Severity::Error { paint.red(&text) } else { text });
    }
}

fn notices(out: &mut String, d: &DocumentReport, style: Style) {
    for n in &d.notices {
        let _ = writeln!(out, "  Note: {}", wrap_indented(&n.message, style.width, 8));
    }
}

fn provision(out: &mut String, p: &Provision, style: Style, paint: &Paint) {
    use crate::types::{FindingKind, Severity};
    let heading = provision_heading(p.index, &format!("({}): vague", p.raw.location.describe()), style.width, paint);
    let _ = writeln!(out, "  {heading}");
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
    let element_ids: Vec<RuleId> =
        p.check.findings.iter().filter(|f| f.kind != FindingKind::Hedge && f.affects_verdict).map(|f| f.rule).collect();
    let mut element_ids = element_ids;
    crate::sort::sort(&mut element_ids);
    if !missing.is_empty() {
        let _ = writeln!(out, "  {}", with_ids(&missing, &element_ids, style.width, 2, paint));
    }
    let mut said: Vec<String> = Vec::new();
    for f in p.check.findings.iter().filter(|f| f.kind == FindingKind::Hedge) {
        if said.contains(&f.message.to_lowercase()) {
            continue;
        }
        said.push(f.message.to_lowercase());
        let _ = writeln!(out, "  - {}", with_ids(&f.message, &[f.rule], style.width, 4, paint));
    }
    for f in p.check.findings.iter().filter(|f| f.kind != FindingKind::Hedge && !f.affects_verdict) {
        let _ = writeln!(out, "  - {}", with_ids(&f.message, &[f.rule], style.width, 4, paint));
    }
    if let Some(r) = &p.rewrite {
        let _ = writeln!(out, "  {}", paint.green("You could ask for it to say:"));
        let _ = writeln!(out, "    {}", wrap_indented(&r.text, style.width, 4));
    }
}

/// `text` wrapped, with the rule ids at the end of its last line (dim), for
/// advocates.
fn with_ids(text: &str, ids: &[RuleId], width: usize, indent: usize, paint: &Paint) -> String {
    if ids.is_empty() {
        return wrap_indented(text, width, indent);
    }
    // The ids wrap as one word (joined by no-break spaces) after the text's
    // last word, so they start a line of their own only when they must.
    let ids: Vec<String> = ids.iter().map(RuleId::to_string).collect();
    let tail = ids.join("\u{a0}");
    let wrapped = wrap_indented(&format!("{text} {tail}"), width, indent);
    let head = wrapped.strip_suffix(tail.as_str()).unwrap_or(&wrapped);
    format!("{head}{}", paint.dim(&ids.join(" ")))
}

/// "Provision 3 (Section 2B, table 1, row 4): vague", wrapped to the width
/// after its two-space indent, the number bold and the rest dim.
fn provision_heading(index: usize, rest: &str, width: usize, paint: &Paint) -> String {
    let head = format!("Provision {index}");
    let wrapped = wrap_indented(&format!("{head} {rest}"), width, 2);
    let tail = wrapped.strip_prefix(head.as_str()).unwrap_or(&wrapped);
    format!("{}{}", paint.bold(&head), paint.dim(tail))
}

/// One wrapped line of a quoted provision and, under it, carets under the
/// underlined characters.
pub(crate) struct QuotedLine {
    pub text: String,
    pub marks: Option<String>,
}

/// What a character of plan text shows on a terminal: itself, or U+FFFD
/// for a control character (an escape sequence in a plan must never reach
/// the terminal as one).
fn shown(c: char) -> char {
    if c.is_control() || is_bidi_control(c) { '\u{fffd}' } else { c }
}

/// Bidirectional embedding and override marks, which can reorder what a
/// terminal shows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text safe to print on a terminal: control characters (escape sequences
/// among them) written as visible escapes, as in `\x1b`.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Wrap `text` at spaces to `width` terminal columns and mark `spans` (byte
/// ranges of `text`) with `^` under each line, each caret as wide as the
/// character above it (Welsh and accented letters one column, CJK two,
/// combining marks none).
pub(crate) fn underlined(text: &str, spans: &[std::ops::Range<usize>], width: usize) -> Vec<QuotedLine> {
    use unicode_width::UnicodeWidthChar;
    let mut lines = Vec::new();
    for (start, end) in wrap_ranges(text, width) {
        let mut shown_text = String::with_capacity(end - start);
        let mut marks = String::new();
        let mut any = false;
        for (i, c) in text[start..end].char_indices() {
            let at = start + i;
            let c = shown(c);
            shown_text.push(c);
            let hit = spans.iter().any(|s| s.start <= at && at < s.end);
            any |= hit;
            for _ in 0..c.width().unwrap_or(0) {
                marks.push(if hit { '^' } else { ' ' });
            }
        }
        let marks = marks.trim_end().to_string();
        lines.push(QuotedLine { text: shown_text, marks: any.then_some(marks) });
    }
    lines
}

/// Byte ranges of the lines of `text` wrapped at spaces to `width` terminal
/// columns (textwrap's first-fit, which never cuts a word: a word wider
/// than the line has a line of its own).
fn wrap_ranges(text: &str, width: usize) -> Vec<(usize, usize)> {
    use textwrap::core::Fragment;
    use textwrap::{WordSeparator, wrap_algorithms::wrap_first_fit};
    let words: Vec<textwrap::core::Word<'_>> = WordSeparator::AsciiSpace.find_words(text).collect();
    if words.is_empty() {
        return vec![(0, text.len())];
    }
    let offset = |w: &textwrap::core::Word<'_>| w.word.as_ptr() as usize - text.as_ptr() as usize;
    let mut out = Vec::new();
    for line in wrap_first_fit(&words, &[width as f64]) {
        let (Some(first), Some(last)) = (line.first(), line.last()) else { continue };
        let start = if out.is_empty() { 0 } else { offset(first) };
        let end = offset(last) + last.word.len();
        debug_assert!(last.width() >= 0.0);
        out.push((start, end));
    }
    if let Some(last) = out.last_mut() {
        // Trailing white space belongs to the last line.
        last.1 = text.len();
    }
    out
}

/// Wrap prose to `width` terminal columns, continuing lines indented by
/// `indent` spaces (the first line's indent is the caller's).
pub(crate) fn wrap_indented(text: &str, width: usize, indent: usize) -> String {
    let w = width.saturating_sub(indent).max(20);
    let safe = terminal_safe(text);
    let pad = format!("\n{}", " ".repeat(indent));
    let options = textwrap::Options::new(w).break_words(false).word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&safe, options).join(&pad)
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

    /// Carets count terminal columns, not bytes: Welsh letters (ŵ, ŷ, â) are
    /// two bytes and one column, a combining accent is none, CJK is two.
    #[test]
    fn carets_sit_under_welsh_and_wide_letters() {
        let text = "Cymorth gan gŵr â chi yn ôl yr angen";
        let at = text.find("yn ôl yr angen").unwrap();
        let lines = underlined(text, std::slice::from_ref(&(at..text.len())), 80);
        let marks = lines[0].marks.as_deref().unwrap();
        assert_eq!(marks.find('^'), Some(text[..at].chars().count()), "{marks}");
        assert_eq!(marks.trim_start().chars().count(), "yn ôl yr angen".chars().count());
        let decomposed = "o\u{302}l as needed";
        let at = decomposed.find("as needed").unwrap();
        let lines = underlined(decomposed, std::slice::from_ref(&(at..decomposed.len())), 80);
        assert_eq!(lines[0].marks.as_deref().unwrap().find('^'), Some(3), "the combining mark takes no column");
        let wide = "支援 as needed";
        let at = wide.find("as needed").unwrap();
        assert_eq!(
            underlined(wide, std::slice::from_ref(&(at..wide.len())), 80)[0].marks.as_deref().unwrap().find('^'),
            Some(5)
        );
    }

    #[test]
    fn lines_fit_the_width_in_columns() {
        let text = "Cefnogaeth un-i-un gan gynorthwyydd addysgu ŵyr yn ôl yr angen, dwywaith yr wythnos am ugain munud";
        for width in [20, 33, 40, 80] {
            for l in underlined(text, &[], width) {
                assert!(unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= width, "{width}: {:?}", l.text);
            }
        }
    }

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        let lines = underlined("Support \u{1b}[2J as needed", &[], 80);
        assert!(!lines[0].text.contains('\u{1b}'), "{:?}", lines[0].text);
        assert_eq!(terminal_safe("plan\u{1b}[31m.md"), "plan\\u{1b}[31m.md");
        assert!(!wrap_indented("a \u{1b}[2J b", 80, 2).contains('\u{1b}'));
    }
}
