//! The JSON report (`--format json`), per shared/contracts/report.schema.json
//! (schema version 1). Fields may be added; none is renamed or removed.

use crate::DocumentReport;
use crate::types::FindingKind;
use crate::types::provision::Location;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    documents: usize,
    provisions: usize,
    vague: usize,
    errors: usize,
    no_section_2b: usize,
    /// Findings per rule id.
    by_rule: &'a std::collections::BTreeMap<crate::types::RuleId, usize>,
}

#[derive(Serialize)]
struct Document<'a> {
    path: String,
    format: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section_2b: Option<SectionOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notices: Vec<NoticeOut<'a>>,
    /// Findings about the plan as a whole (IDP0xx, kind "plan"), such as no
    /// Section 2B; a provision's own findings stay in its `findings`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingOut<'a>>,
    provisions: Vec<ProvisionOut<'a>>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    kind: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    heading: Option<&'a str>,
    found_by: &'static str,
}

#[derive(Serialize)]
struct NoticeOut<'a> {
    code: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct ProvisionOut<'a> {
    index: usize,
    text: &'a str,
    kind: &'static str,
    elements: ElementsOut<'a>,
    findings: Vec<FindingOut<'a>>,
    /// Findings about the plan's own `idp-audit:` comments (IDP901), kept out
    /// of `findings`, whose kinds schema version 1 fixes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<FindingOut<'a>>,
    verdict: &'static str,
    /// A suggested specified and quantified wording, for a vague provision.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested_rewrite: Option<&'a str>,
    fields: Fields<'a>,
    location: &'a Location,
}

#[derive(Serialize)]
struct ElementsOut<'a> {
    frequency: ElementOut<'a>,
    duration: ElementOut<'a>,
    provider: ElementOut<'a>,
    qualification: ElementOut<'a>,
    group: ElementOut<'a>,
}

#[derive(Serialize)]
struct ElementOut<'a> {
    status: &'static str,
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<ValueOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<Span>,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

/// An element's value: its fields by name, whole numbers as integers.
struct ValueOut<'a>(&'a crate::types::Value);

impl Serialize for ValueOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::types::Field;
        let fields = self.0.fields();
        let mut map = s.serialize_map(Some(fields.len()))?;
        for (key, field) in &fields {
            match *field {
                Field::Number(n) if n.fract() == 0.0 && n.abs() < 1e9 => map.serialize_entry(key, &(n as i64))?,
                Field::Number(n) => map.serialize_entry(key, &n)?,
                Field::Text(t) => map.serialize_entry(key, t)?,
                Field::Flag(b) => map.serialize_entry(key, &b)?,
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: crate::types::RuleId,
    name: &'static str,
    kind: crate::types::FindingKind,
    severity: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    matched: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<Span>,
}

fn element(e: &crate::types::Element) -> ElementOut<'_> {
    ElementOut {
        status: e.status.as_str(),
        text: e.text.as_deref(),
        value: e.value.as_ref().map(ValueOut),
        span: e.span.as_ref().map(|r| Span { start: r.start, end: r.end }),
    }
}

fn finding(f: &crate::types::Finding) -> FindingOut<'_> {
    FindingOut {
        rule: f.rule,
        name: crate::rules::rule(f.rule).name,
        kind: f.kind,
        severity: f.severity.as_str(),
        message: &f.message,
        matched: f.matched.as_deref(),
        span: f.span.as_ref().map(|r| Span { start: r.start, end: r.end }),
    }
}

fn provision(p: &crate::Provision) -> ProvisionOut<'_> {
    let c = &p.check;
    ProvisionOut {
        index: p.index,
        text: &p.raw.text,
        kind: c.kind.as_str(),
        elements: ElementsOut {
            frequency: element(&c.elements.frequency),
            duration: element(&c.elements.duration),
            provider: element(&c.elements.provider),
            qualification: element(&c.elements.qualification),
            group: element(&c.elements.group),
        },
        findings: c.findings.iter().filter(|f| f.kind != FindingKind::Suppression).map(finding).collect(),
        suppressions: c.findings.iter().filter(|f| f.kind == FindingKind::Suppression).map(finding).collect(),
        verdict: c.verdict.as_str(),
        suggested_rewrite: p.rewrite.as_ref().map(|r| r.text.as_str()),
        fields: Fields(&p.raw),
        location: &p.raw.location,
    }
}

/// The provision's parts as an object in their order: column header (or
/// sub-field key) to text.
struct Fields<'a>(&'a crate::types::provision::RawProvision);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.fields.len()))?;
        for f in &self.0.fields {
            map.serialize_entry(&f.name, self.0.field_text(f))?;
        }
        map.end()
    }
}

/// The JSON report, streamed: the head, each document as it comes, then
/// the summary. Each document is pretty-printed on its own and indented
/// into place (JSON strings never hold a raw newline, so this is safe).
#[derive(Default)]
pub struct Json {
    run: super::RunInfo,
}

impl Json {
    pub fn new(run: super::RunInfo) -> Self {
        Json { run }
    }
}

/// Renders one plan in place; holds nothing of the run.
struct JsonPlan;

/// The configuration in effect, for the report's head.
#[derive(Serialize)]
struct ConfigurationOut<'a> {
    file: &'a str,
    found_in_parent_folder: bool,
}

impl super::Sink for Json {
    fn begin(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let tool = serde_json::to_string_pretty(&Tool { name: "idp-audit", version: env!("CARGO_PKG_VERSION") })?
            .replace('\n', "\n  ");
        write!(out, "{{\n  \"schema_version\": \"1\",\n  \"tool\": {tool},")?;
        if let Some(file) = &self.run.config {
            let c = ConfigurationOut { file, found_in_parent_folder: self.run.config_from_parent };
            write!(out, "\n  \"configuration\": {},", serde_json::to_string_pretty(&c)?.replace('\n', "\n  "))?;
        }
        write!(out, "\n  \"documents\": [")
    }

    fn document(&mut self, out: &mut dyn std::io::Write, d: &DocumentReport, first: bool) -> std::io::Result<()> {
        super::write_rendered(&JsonPlan, out, d, first)
    }

    fn plan_renderer(&self) -> Option<Box<dyn super::PlanRenderer>> {
        Some(Box::new(JsonPlan))
    }

    fn end(&mut self, out: &mut dyn std::io::Write, t: &super::Totals) -> std::io::Result<()> {
        let summary = Summary {
            documents: t.documents,
            provisions: t.provisions,
            vague: t.vague,
            errors: t.errors,
            no_section_2b: t.no_section_2b,
            by_rule: &t.by_rule,
        };
        let summary = serde_json::to_string_pretty(&summary)?.replace('\n', "\n  ");
        let close = if t.documents == 0 { "]" } else { "\n  ]" };
        writeln!(out, "{close},\n  \"summary\": {summary}\n}}")
    }
}

impl super::PlanRenderer for JsonPlan {
    fn render(&self, out: &mut Vec<u8>, d: &DocumentReport, first: bool) -> std::io::Result<()> {
        out.reserve(16 * 1024);
        out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        // Written in place, already indented to its depth in the report.
        let mut ser = serde_json::Serializer::with_formatter(&mut *out, Nested { depth: 2, has_value: false });
        document(d).serialize(&mut ser)?;
        Ok(())
    }
}

/// serde_json's pretty layout (two spaces a level) for a value that starts
/// `depth` levels deep: a plan's object inside the report's `documents`.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.newline(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.newline(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The whole report for plans already in memory.
pub fn render(docs: &[DocumentReport]) -> String {
    super::render(super::Format::Json, docs, super::Style::default())
}

fn document(d: &DocumentReport) -> Document<'_> {
    Document {
        path: super::path_text(&d.path),
        format: d.format.map(|f| f.as_str()).unwrap_or("other"),
        status: d.status.as_str(),
        error: d.error.as_ref().map(|e| ErrorOut { kind: e.kind.as_str(), message: &e.message }),
        section_2b: d.section.as_ref().map(|s| SectionOut {
            heading: s.heading.as_deref(),
            found_by: match s.found_by {
                crate::types::report::FoundBy::Code => "code",
                crate::types::report::FoundBy::Title => "title",
                crate::types::report::FoundBy::TableHeader => "table_header",
                crate::types::report::FoundBy::Named => "named",
            },
        }),
        notices: d.notices.iter().map(|n| NoticeOut { code: n.code, message: &n.message }).collect(),
        findings: d.findings.iter().map(finding).collect(),
        provisions: d.provisions.iter().map(provision).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::PlanRenderer;

    /// The in-place layout must be byte for byte serde_json's pretty
    /// printing, shifted to the plan's depth in the report.
    #[test]
    fn plans_written_in_place_match_pretty_printing_indented() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let opts = crate::Options::default();
        for plan in ["md/bilingual_table.md", "md/no_2b.md", "docx/example_idp.docx", "missing.md"] {
            let d = crate::audit_file(&dir.join(plan), &opts);
            let pretty = serde_json::to_vec_pretty(&document(&d)).unwrap();
            let mut want = b",\n    ".to_vec();
            for (i, line) in pretty.split(|&b| b == b'\n').enumerate() {
                if i > 0 {
                    want.extend_from_slice(b"\n    ");
                }
                want.extend_from_slice(line);
            }
            let mut got = Vec::new();
            JsonPlan.render(&mut got, &d, false).unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap(), "{plan}");
        }
    }
}
