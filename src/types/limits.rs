//! Limits that keep a hostile or broken file from eating the machine.
//!
//! Every limit has a sensible default and can be raised in `idp-audit.toml`
//! (`[limits]`). Hitting one is a clear error for that file only.
//!
//! Each limit is enforced where the cost arises, before it arises:
//! - `max_file_bytes`: before the file is read (its length), and while it is
//!   read (a file that grows, or a pipe, is read through a `take`);
//! - `max_zip_entries`: when the zip's central directory is opened;
//! - `max_part_bytes`: on the size a part's header declares, and again while
//!   it inflates (through a `take(limit + 1)`), because the header can lie;
//! - `max_xml_depth` and `max_table_depth`: as the XML is walked, with an
//!   explicit stack, so depth never becomes call depth;
//! - `max_markdown_depth`: on the raw lines, before pulldown-cmark sees them;
//! - `max_table_rows`, `max_table_columns` and `max_table_cells`: as each
//!   row and cell of a table is read (Word, Markdown, HTML and text tables
//!   alike), before it is stored;
//! - `max_pdf_objects`: once lopdf has loaded the PDF (each stream it
//!   inflates while loading, object streams included, is bounded by
//!   `max_part_bytes`); `max_pdf_pages` as the page tree is walked;
//!   `max_pdf_chars` as the pages' content is run, each page's content
//!   inflating to at most `max_part_bytes`;
//! - `max_provisions` and `max_provision_bytes`: as Section 2B is split, on
//!   each provision as it is built (a merged cell repeated down many rows
//!   would otherwise be copied into every row's provision first), before any
//!   provision is checked.

use super::error::{ErrorKind, ReadError};
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
    /// Most rows in one table.
    pub max_table_rows: usize,
    /// Most grid columns one table row may reach (merged cells count every
    /// column they span).
    pub max_table_columns: usize,
    /// Most cells in one table.
    pub max_table_cells: usize,
    /// Most provisions reported for one plan.
    pub max_provisions: usize,
    /// Longest provision checked, in bytes of its text (and, counted apart,
    /// of the names of its fields).
    pub max_provision_bytes: usize,
    /// Most objects a PDF may hold.
    pub max_pdf_objects: usize,
    /// Most pages a PDF may have.
    pub max_pdf_pages: usize,
    /// Most characters read from the pages of a PDF.
    pub max_pdf_chars: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_zip_entries: 10_000,
            // The largest real document.xml measured was 33 MB (a stress
            // file); plans are well under 5 MB. 64 MiB keeps a zip bomb's
            // cost to one such buffer.
            max_part_bytes: 64 * 1024 * 1024,
            max_xml_depth: 512,
            max_table_depth: 32,
            max_markdown_depth: 64,
            // Tables: real plans have a few dozen rows of at most a dozen
            // columns (Word itself stops at 63 columns). The readers and the
            // splitter take time and memory in proportion to a table's
            // cells, so these only keep a hostile table from being held at
            // all; each is two orders of magnitude past any plan.
            max_table_rows: 10_000,
            max_table_columns: 1_000,
            max_table_cells: 100_000,
            // These two bound the checker's work. Real plans have at most a
            // few dozen provisions (24 in the fixtures and dev sets), the
            // longest 735 bytes (a table row with every cell joined). The
            // checker's time grows with the square of a provision's length
            // (15 s for one of 512 KB), so one 40 MB "provision" (a whole
            // file read as one paragraph) would never finish; and Welsh text
            // costs it about 20 µs a byte. At these limits the worst a file
            // can ask for is 8 MB of provisions, a few minutes; a real plan
            // takes well under a second.
            max_provisions: 1_000,
            max_provision_bytes: 64 * 1024,
            // PDFs: a plan of a few dozen pages has a few thousand objects
            // (a tagged PDF has one per paragraph, cell and row), tens of
            // pages and under 200,000 characters. lopdf holds every object
            // in memory, about 100 bytes each at the least, and each page's
            // characters are held while the document is rebuilt.
            max_pdf_objects: 500_000,
            max_pdf_pages: 2_000,
            max_pdf_chars: 5_000_000,
        }
    }
}

impl Limits {
    /// The deepest table nesting idp-audit reads, whatever `max_table_depth`
    /// says: nested tables are nested values in the document model, and
    /// cloning, dropping and printing them recurse once per level. At this
    /// depth that stays far inside a 2 MiB thread stack (the test
    /// `deep_nesting_never_overflows_the_stack_even_with_raised_limits`
    /// checks it); no real plan nests tables more than three deep.
    pub const TABLE_DEPTH_CEILING: usize = 256;

    /// The table depth actually enforced: the configured limit, capped at
    /// [`Limits::TABLE_DEPTH_CEILING`].
    pub fn table_depth(&self) -> usize {
        self.max_table_depth.min(Self::TABLE_DEPTH_CEILING)
    }

    /// The error for a hit limit: what was found, the limit's name and value,
    /// and how to raise it.
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

    /// Check a table being read against the table limits: its rows and
    /// cells so far, and the grid columns its current row reaches.
    pub fn check_table(&self, rows: usize, columns: usize, cells: usize) -> Result<(), ReadError> {
        if rows > self.max_table_rows {
            return Err(Self::exceeded(
                "max_table_rows",
                &format!("A table has more than {} rows, far more than any real plan", self.max_table_rows),
                self.max_table_rows,
            ));
        }
        if columns > self.max_table_columns {
            return Err(Self::exceeded(
                "max_table_columns",
                &format!(
                    "A table row reaches more than {} columns (merged cells count every column they span), far more \
                     than any real plan",
                    self.max_table_columns
                ),
                self.max_table_columns,
            ));
        }
        if cells > self.max_table_cells {
            return Err(Self::exceeded(
                "max_table_cells",
                &format!("A table has more than {} cells, far more than any real plan", self.max_table_cells),
                self.max_table_cells,
            ));
        }
        Ok(())
    }

    pub fn file_too_big(&self, size: u64) -> ReadError {
        Self::exceeded(
            "max_file_bytes",
            &format!("The file is {} bytes, larger than any plan idp-audit expects", size),
            self.max_file_bytes,
        )
    }
}

/// The error for a limit that cannot be raised further: idp-audit's own
/// ceiling, not the configured value, was hit.
pub fn ceiling(name: &str, what: &str, value: impl std::fmt::Display) -> ReadError {
    ReadError::new(
        ErrorKind::Limit,
        format!(
            "{what} (limit {name}: idp-audit reads at most {value}, even when idp-audit.toml sets more under \
             [limits]). No real plan is built like this: open it in Word, simplify the layout, and save a new copy."
        ),
    )
}

fn suggest_double(v: &str) -> String {
    v.parse::<u64>().map(|n| n.saturating_mul(2).to_string()).unwrap_or_else(|_| v.to_string())
}
