//! A provision as found in the plan, before it is checked: its text, its
//! parts (cells, sub-fields) with the role each plays, and where it was.

use super::model::SourceSpan;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A provision as found in the plan, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawProvision {
    /// The whole provision as one line; a table row's cells joined by " | ".
    pub text: String,
    /// Its parts (cells, sub-fields), each a byte range of `text`.
    pub fields: Vec<Field>,
    pub location: Location,
    /// HTML comments written just before it (Markdown), for suppressions.
    pub comments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The column header, or the sub-field key (outcome, alp, …).
    pub name: String,
    pub role: Role,
    pub range: Range<usize>,
    /// The cell's text was carried down from a vertically merged cell.
    pub merged: bool,
}

impl RawProvision {
    pub fn field_text(&self, f: &Field) -> &str {
        &self.text[f.range.clone()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Table,
    Element,
    List,
    Paragraph,
}

/// Where a provision was in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub layout: Layout,
    /// 1-based table within Section 2B.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    /// 1-based row within that table, counting header rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// 1-based grid column, in a table laid out one provision per column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// 1-based element of ALP, in the per-element layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<usize>,
    /// 1-based list item or paragraph within Section 2B.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    /// 1-based line in the source file (Markdown, text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip)]
    pub bytes: Option<Range<usize>>,
}

impl Location {
    pub fn new(layout: Layout, span: &SourceSpan) -> Self {
        Location { line: span.line, bytes: span.bytes.clone(), ..Location::unplaced(layout) }
    }

    /// A location that says only the layout: for a text checked on its own,
    /// outside any plan.
    pub fn unplaced(layout: Layout) -> Self {
        Location { layout, table: None, row: None, column: None, element: None, item: None, line: None, bytes: None }
    }

    /// "Section 2B, table 1, row 3", for people and SARIF logical locations.
    pub fn describe(&self) -> String {
        let mut s = String::from("Section 2B");
        match self.layout {
            Layout::Table => {
                if let Some(t) = self.table {
                    s.push_str(&format!(", table {t}"));
                }
                if let Some(r) = self.row {
                    s.push_str(&format!(", row {r}"));
                }
                if let Some(c) = self.column {
                    s.push_str(&format!(", column {c}"));
                }
                // One of several items in a cell of the row.
                if let Some(i) = self.item {
                    s.push_str(&format!(", item {i}"));
                }
            }
            Layout::Element => {
                if let Some(e) = self.element {
                    s.push_str(&format!(", element {e}"));
                }
            }
            Layout::List => {
                if let Some(i) = self.item {
                    s.push_str(&format!(", item {i}"));
                }
            }
            Layout::Paragraph => {
                if let Some(i) = self.item {
                    s.push_str(&format!(", paragraph {i}"));
                }
            }
        }
        s
    }
}

/// What a part of a provision holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Description,
    Provider,
    /// The provider's training or qualification ("Training", "Qualification").
    Qualification,
    Frequency,
    Duration,
    FrequencyDuration,
    Group,
    Start,
    Review,
    Outcome,
    Rationale,
    Welsh,
    Organisation,
    Other,
}

impl Role {
    /// Parts the checker reads for elements and hedges. Outcomes and
    /// rationales describe the child and the reasons; dates and the Welsh
    /// field are checked only for a decision put off ("TBC").
    pub fn is_provision(self) -> bool {
        !matches!(self, Role::Outcome | Role::Rationale | Role::Start | Role::Review | Role::Welsh)
    }

    pub fn is_date(self) -> bool {
        matches!(self, Role::Start | Role::Review)
    }
}

/// A statutory sub-field of one element of ALP (2B.1 to 2B.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubField {
    Outcome,
    Alp,
    Welsh,
    Organisation,
    Start,
    Review,
    Rationale,
}

crate::builtin::enum_from_value!(Role, SubField);

impl SubField {
    pub fn key(self) -> &'static str {
        match self {
            SubField::Outcome => "outcome",
            SubField::Alp => "alp",
            SubField::Welsh => "welsh",
            SubField::Organisation => "organisation",
            SubField::Start => "start",
            SubField::Review => "review",
            SubField::Rationale => "rationale",
        }
    }

    pub fn role(self) -> Role {
        match self {
            SubField::Outcome => Role::Outcome,
            SubField::Alp => Role::Description,
            SubField::Welsh => Role::Welsh,
            SubField::Organisation => Role::Organisation,
            SubField::Start => Role::Start,
            SubField::Review => Role::Review,
            SubField::Rationale => Role::Rationale,
        }
    }

    pub fn order(self) -> u8 {
        self as u8 + 1
    }
}
