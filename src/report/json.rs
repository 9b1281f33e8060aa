//! The JSON report (`--format json`), per shared/contracts/report.schema.json
//! (schema version 1). Fields may be added; none is renamed or removed.

use crate::split::Location;
use crate::{DocumentReport, Status};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

#[derive(Serialize)]
struct Report<'a> {
    schema_version: &'static str,
    tool: Tool,
    documents: Vec<Document<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    provisions: usize,
    vague: usize,
    errors: usize,
    no_section_2b: usize,
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
    fields: Fields<'a>,
    location: &'a Location,
}

/// The provision's parts as an object in their order: column header (or
/// sub-field key) to text.
struct Fields<'a>(&'a crate::split::RawProvision);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.fields.len()))?;
        for f in &self.0.fields {
            map.serialize_entry(&f.name, self.0.field_text(f))?;
        }
        map.end()
    }
}

pub fn render(docs: &[DocumentReport]) -> String {
    let documents: Vec<Document> = docs.iter().map(document).collect();
    let report = Report {
        schema_version: "1",
        tool: Tool { name: "idp-audit", version: env!("CARGO_PKG_VERSION") },
        summary: Summary {
            documents: docs.len(),
            provisions: docs.iter().map(|d| d.provisions.len()).sum(),
            vague: 0,
            errors: docs.iter().filter(|d| d.status == Status::Error).count(),
            no_section_2b: docs.iter().filter(|d| d.status == Status::NoSection2B).count(),
        },
        documents,
    };
    let mut out = serde_json::to_string_pretty(&report).expect("the report serialises");
    out.push('\n');
    out
}

fn document(d: &DocumentReport) -> Document<'_> {
    Document {
        path: d.path.display().to_string(),
        format: d.format.map(|f| f.as_str()).unwrap_or("other"),
        status: d.status.as_str(),
        error: d.error.as_ref().map(|e| ErrorOut { kind: e.kind.as_str(), message: &e.message }),
        section_2b: d.section.as_ref().map(|s| SectionOut {
            heading: s.heading.as_deref(),
            found_by: match s.found_by {
                crate::locate::FoundBy::Code => "code",
                crate::locate::FoundBy::Title => "title",
                crate::locate::FoundBy::TableHeader => "table_header",
            },
        }),
        notices: d.notices.iter().map(|n| NoticeOut { code: n.code, message: &n.message }).collect(),
        provisions: d
            .provisions
            .iter()
            .map(|p| ProvisionOut {
                index: p.index,
                text: &p.raw.text,
                fields: Fields(&p.raw),
                location: &p.raw.location,
            })
            .collect(),
    }
}
