//! Readers: bytes in, [`Document`] out.
//!
//! The reader is chosen from the bytes (zip magic, OLE magic, `%PDF`, text),
//! not from the file name alone: plans arrive renamed, and a `.docx` that is
//! really a PDF must get a clear word, not a zip error.

pub mod docx;
pub mod html_table;
pub mod markdown;
pub mod nfc;
pub mod sniff;
pub mod text;
pub mod text_table;
pub mod xml;

use crate::limits::Limits;
use crate::model::Document;
use std::fmt;
use std::path::Path;

pub use sniff::Sniffed;

/// Why a file could not be read, in words a parent can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ReadError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ReadError { kind, message: message.into() }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

/// The kinds of unreadable file, as reported in `document.error.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be opened or read (missing, a folder, no permission).
    Io,
    Empty,
    /// A password-protected Office file.
    Encrypted,
    /// An old binary Word `.doc` file.
    LegacyDoc,
    Pdf,
    Rtf,
    /// A zip that is an Excel workbook, PowerPoint deck or OpenDocument file.
    WrongOfficeType,
    /// A zip or XML that is broken or truncated.
    Corrupt,
    /// Bytes that are not text and not a known document type.
    Binary,
    /// A configured limit was hit (size, depth, entries).
    Limit,
    /// idp-audit itself failed on this file (a bug).
    Internal,
    /// A report or letter idp-audit wrote, not a plan.
    OwnOutput,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::LegacyDoc => "legacy_doc",
            ErrorKind::Pdf => "pdf",
            ErrorKind::Rtf => "rtf",
            ErrorKind::WrongOfficeType => "wrong_office_type",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Binary => "binary",
            ErrorKind::Limit => "limit",
            ErrorKind::Internal => "internal",
            ErrorKind::OwnOutput => "own_output",
        }
    }
}

/// The error for a file idp-audit wrote itself.
pub(crate) fn own_output_error(what: &str) -> ReadError {
    ReadError::new(
        ErrorKind::OwnOutput,
        format!(
            "This is {what} that idp-audit wrote, not a plan. Check the plan it was written from; when a folder is \
             checked, idp-audit skips such files."
        ),
    )
}

/// Read a plan from its bytes. `path` is used only as a hint (the extension
/// decides between Markdown and plain text when the bytes are text).
pub fn read_bytes(bytes: &[u8], path: &Path, limits: &Limits) -> Result<Document, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(limits.file_too_big(bytes.len() as u64));
    }
    let mut doc = match sniff::sniff(bytes, path) {
        Sniffed::Zip => docx::read_plan(bytes, limits),
        Sniffed::Markdown(text) => markdown::read(&text.text, limits).map(|mut d| {
            text.add_notices(&mut d);
            d
        }),
        Sniffed::Text(text) => text::read(&text.text, limits).map(|mut d| {
            text.add_notices(&mut d);
            d
        }),
        Sniffed::Refused(err) => Err(err),
    }?;
    nfc::document(&mut doc);
    Ok(doc)
}
