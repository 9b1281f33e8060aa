//! Limits that keep a hostile or broken file from eating the machine.
//!
//! Every limit has a sensible default and can be raised in `idp-audit.toml`
//! (`[limits]`). Hitting one is a clear error for that file only.

use crate::read::{ErrorKind, ReadError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Most entries a DOCX (zip) package may hold.
    pub max_zip_entries: usize,
    /// Largest inflated size of any one part of a DOCX package, in bytes.
    pub max_part_bytes: u64,
    /// Deepest XML element nesting in a DOCX part.
    pub max_xml_depth: usize,
    /// Deepest nesting of tables inside table cells.
    pub max_table_depth: usize,
    /// Deepest nesting of Markdown block quotes and lists.
    pub max_markdown_depth: usize,
    /// Most provisions reported for one plan.
    pub max_provisions: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_part_bytes: 256 * 1024 * 1024,
            max_xml_depth: 512,
            max_table_depth: 32,
            max_markdown_depth: 64,
            max_provisions: 5_000,
        }
    }
}

impl Limits {
    pub fn exceeded(name: &str, what: &str, value: impl std::fmt::Display) -> ReadError {
        ReadError::new(
            ErrorKind::Limit,
            format!(
                "{what} (limit {name} = {value}). If this really is a plan, raise the limit in \
                 idp-audit.toml under [limits], e.g. `{name} = {}`.",
                suggest_double(&value.to_string())
            ),
        )
    }

    pub fn file_too_big(&self, size: u64) -> ReadError {
        Self::exceeded(
            "max_file_bytes",
            &format!("The file is {} bytes, larger than any plan idp-audit expects", size),
            self.max_file_bytes,
        )
    }
}

fn suggest_double(v: &str) -> String {
    v.parse::<u64>().map(|n| n.saturating_mul(2).to_string()).unwrap_or_else(|_| v.to_string())
}
