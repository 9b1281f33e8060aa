//! Why a file could not be read: a kind a program can act on, and a
//! message a parent can.

use std::fmt;

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
    /// A password-protected Office file or PDF.
    Encrypted,
    /// An old binary Word `.doc` file.
    LegacyDoc,
    /// A PDF that cannot be read as a plan (no longer given for PDFs in
    /// general: they are read).
    Pdf,
    /// A PDF with no text: a scanned image, or pages of drawings only.
    Scanned,
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
            ErrorKind::Scanned => "scanned_pdf",
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
