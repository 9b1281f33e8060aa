//! SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards and CI.
//!
//! One result per finding, with its stable rule id and the rule's metadata
//! (short and full description, help), a level from its severity, a
//! location (Markdown and text: the file and line; DOCX: the file and a
//! logical location such as "Section 2B, table 1, row 3"), and a partial
//! fingerprint that stays the same from run to run while the provision's
//! words do. A finding about the plan as a whole (no Section 2B) is a
//! result located at the file. A file that could not be read is a tool
//! notification, and the run's `executionSuccessful` is then false: the
//! tool did not check everything it was given.
//!
//! Results stream out as plans are checked; the tool description, which
//! JSON lets come after them, is written at the end.

use super::{Sink, Totals};
use crate::rules::{RULES, Rule};
use crate::types::{Finding, Severity};
use crate::{DocumentReport, Provision, Status};
use serde_json::{Value, json};

/// Plan text without control characters, which SARIF viewers would show raw.
fn printable(text: &str) -> String {
    crate::text::printable(text).into_owned()
}
use std::io::{self, Write};

pub struct Sarif {
    results: usize,
    notifications: Vec<Value>,
    run: super::RunInfo,
}

impl Sarif {
    pub fn new() -> Self {
        Sarif { results: 0, notifications: Vec::new(), run: super::RunInfo::default() }
    }

    pub(crate) fn with_run(self, run: super::RunInfo) -> Self {
        Sarif { run, ..self }
    }
}

impl Default for Sarif {
    fn default() -> Self {
        Self::new()
    }
}

impl Sarif {
    /// One result, indented into place in the streamed `results` array.
    fn write_result(&mut self, out: &mut dyn Write, r: &Value) -> io::Result<()> {
        out.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
        let text = serde_json::to_string_pretty(r)?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "        {line}")?;
        }
        self.results += 1;
        Ok(())
    }
}

impl Sink for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"results\": ["
        )
    }

    fn document(&mut self, out: &mut dyn Write, d: &DocumentReport, _first: bool) -> io::Result<()> {
        if d.status == Status::Error {
            let message = d.error.as_ref().map(|e| e.message.clone()).unwrap_or_default();
            self.notifications.push(json!({
                "level": "error",
                "message": {"text": message},
                "descriptor": {"id": d.error.as_ref().map(|e| e.kind.as_str()).unwrap_or("error")},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri_of(&d.path)}}}],
            }));
            return Ok(());
        }
        for f in &d.findings {
            self.write_result(out, &plan_result(d, f))?;
        }
        for p in &d.provisions {
            for (n, f) in p.check.findings.iter().enumerate() {
                self.write_result(out, &result(d, p, f, n))?;
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, _t: &Totals) -> io::Result<()> {
        let rules: Vec<Value> = RULES.iter().map(|r| rule(r)).collect();
        let tail = json!({
            "tool": {"driver": {
                "name": "idp-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [invocation(self.notifications.is_empty(), &self.notifications, &self.run)],
            "columnKind": "unicodeCodePoints",
        });
        // The run's remaining members, after the streamed results.
        let body = serde_json::to_string_pretty(&tail)?;
        let inner = body.trim_start_matches('{').trim_end_matches('}').trim_matches('\n');
        let inner: Vec<String> = inner.lines().map(|l| format!("    {l}")).collect();
        let close = if self.results == 0 { "]" } else { "\n      ]" };
        writeln!(out, "{close},\n{}\n    }}\n  ]\n}}", inner.join("\n"))
    }
}

/// The run's invocation: whether every file given was checked, the files
/// that were not, and the configuration file in effect.
fn invocation(successful: bool, notifications: &[Value], run: &super::RunInfo) -> Value {
    let mut inv = json!({
        "executionSuccessful": successful,
        "toolExecutionNotifications": notifications,
    });
    if let Some(file) = &run.config {
        inv["properties"] = json!({"configuration": file, "configurationFromParentFolder": run.config_from_parent});
    }
    inv
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(r: &Rule) -> Value {
    let what = r.section("What it checks");
    let why = r.section("Why it matters");
    let fix = r.section("How to fix it");
    json!({
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": if what.is_empty() { r.summary.to_string() } else { what.clone() }},
        "help": {
            "text": format!("{fix}\n\nWhy it matters: {why}"),
            "markdown": format!("{fix}\n\n**Why it matters:** {why}\n\nRun `idp-audit explain {}` for more.", r.id),
        },
        "defaultConfiguration": {"level": level(r.severity), "enabled": true},
        "properties": {"tags": [match r.kind {
            crate::types::FindingKind::Hedge => "hedge",
            crate::types::FindingKind::MissingElement => "missing-element",
            crate::types::FindingKind::VagueElement => "vague-element",
            crate::types::FindingKind::Suppression => "suppression",
            crate::types::FindingKind::Plan => "plan",
        }], "affectsVerdict": r.affects_verdict},
    })
}

/// A finding about the plan as a whole: located at the file, no region.
fn plan_result(d: &DocumentReport, f: &Finding) -> Value {
    let index = RULES.iter().position(|r| r.id == f.rule).unwrap_or(0);
    let path = super::path_text(&d.path);
    json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri_of(&d.path)}}}],
        "partialFingerprints": {"idpAudit/v1": fingerprint(&path, &f.rule.to_string(), "", None, 0)},
    })
}

fn result(d: &DocumentReport, p: &Provision, f: &Finding, n: usize) -> Value {
    let index = RULES.iter().position(|r| r.id == f.rule).unwrap_or(0);
    let path = super::path_text(&d.path);
    let mut physical = json!({"artifactLocation": {"uri": uri_of(&d.path)}});
    if let Some(line) = p.raw.location.line {
        let mut region = json!({"startLine": line});
        if let Some(m) = &f.matched {
            region["snippet"] = json!({"text": printable(m)});
        }
        physical["region"] = region;
    }
    let place = p.raw.location.describe();
    json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": printable(&format!("Provision {} ({place}): {}", p.index, f.message))},
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{"name": place, "kind": "element"}],
        }],
        "partialFingerprints": {"idpAudit/v1": fingerprint(&path, &f.rule.to_string(), &p.raw.text, f.matched.as_deref(), n)},
        "properties": {"provision": p.index, "kind": p.check.kind.as_str(), "text": printable(&p.raw.text)},
    })
}

/// Stable across runs, and across edits elsewhere in the plan: the rule,
/// the provision's words (white space and case folded), the words matched
/// and which finding of the provision it is.
fn fingerprint(path: &str, rule: &str, text: &str, matched: Option<&str>, n: usize) -> String {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let file = std::path::Path::new(path).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let key = format!("{file}\u{1f}{rule}\u{1f}{}\u{1f}{}\u{1f}{n}", norm(text), norm(matched.unwrap_or("")));
    // FNV-1a, 64 bits: small, fixed, and the same on every machine.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A relative reference (or file URI for an absolute path) for a path,
/// every byte of the name kept (percent-encoded), UTF-8 or not.
fn uri_of(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        uri_bytes(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        uri(&path.display().to_string())
    }
}

/// A relative reference (or file URI for an absolute path) for a path.
#[cfg_attr(unix, allow(dead_code))]
fn uri(path: &str) -> String {
    uri_bytes(path.replace('\\', "/").as_bytes())
}

fn uri_bytes(path: &[u8]) -> String {
    let mut out = String::new();
    if path.starts_with(b"/") {
        out.push_str("file://");
    }
    for &b in path {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn uris_are_escaped() {
        assert_eq!(uri_of(Path::new("plans/Ffion Jones IDP.docx")), "plans/Ffion%20Jones%20IDP.docx");
        assert_eq!(uri_of(Path::new("/home/a/b.md")), "file:///home/a/b.md");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let latin1 = std::path::Path::new(std::ffi::OsStr::from_bytes(b"plans/caf\xe9.md"));
            assert_eq!(uri_of(latin1), "plans/caf%E9.md");
            assert_eq!(crate::report::path_text(latin1), "plans/caf\\xE9.md");
        }
    }

    #[test]
    fn fingerprints_ignore_spacing_and_case_but_not_words() {
        let a = fingerprint("a/p.md", "IDP201", "Support  as needed", Some("as needed"), 0);
        let b = fingerprint("b/p.md", "IDP201", "support as needed", Some("As needed"), 0);
        let c = fingerprint("a/p.md", "IDP201", "Support where possible", Some("where possible"), 0);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
