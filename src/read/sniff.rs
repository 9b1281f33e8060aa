//! Decide what a file is from its first bytes.

use super::{ErrorKind, ReadError};
use crate::types::model::Document;
use std::path::Path;

/// What the bytes turned out to be.
#[derive(Debug)]
pub(crate) enum Sniffed {
    /// A zip package: a DOCX, or another Office/OpenDocument file the DOCX
    /// reader will name.
    Zip,
    /// A PDF (its header, after a byte-order mark or white space at most).
    Pdf,
    Markdown(Decoded),
    Text(Decoded),
    /// Something idp-audit cannot read, with the reason and what to do.
    Refused(ReadError),
}

/// Text decoded from bytes, with what the decoding had to do.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    /// Invalid UTF-8 was replaced with U+FFFD.
    pub lossy: bool,
    /// The file was UTF-16 (with a byte-order mark) and was converted.
    pub utf16: bool,
    /// NUL bytes that were dropped from otherwise readable text.
    pub nuls: usize,
}

impl Decoded {
    pub(crate) fn add_notices(&self, doc: &mut Document) {
        if self.lossy {
            doc.notice(
                "invalid_utf8",
                "Some bytes of this file are not valid UTF-8 text; they were replaced with \u{FFFD}. \
                 Save the file as UTF-8 to be sure every word is checked.",
            );
        }
        if self.utf16 {
            doc.notice("utf16", "The file is UTF-16 text; it was converted to UTF-8 to be read.");
        }
        if self.nuls > 0 {
            let what = if self.nuls == 1 { "a NUL byte".to_string() } else { format!("{} NUL bytes", self.nuls) };
            doc.notice(
                "nul_bytes",
                format!(
                    "The file holds {what} (zero bytes, which text never has: a sign of a damaged copy or a \
                     program that saved it oddly). They were left out and the rest was read; check that the plan \
                     reads as it should, or save it again as UTF-8 text."
                ),
            );
        }
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(crate) fn sniff(bytes: &[u8], path: &Path) -> Sniffed {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Sniffed::Refused(ReadError::new(
            ErrorKind::Empty,
            "The file is empty. Check that it was saved or downloaded completely.",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") || bytes.starts_with(b"PK\x07\x08") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Sniffed::Refused(ole_error(bytes));
    }
    let head = &bytes[..bytes.len().min(1024)];
    // A PDF starts with its header: a plan that only mentions "%PDF-" in
    // its text is not one. A byte-order mark or white space before it is
    // allowed, as some tools write them.
    let start = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    if start.trim_ascii_start().starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    if head.starts_with(b"{\\rtf") {
        return Sniffed::Refused(ReadError::new(
            ErrorKind::Rtf,
            "This is a Rich Text (.rtf) file. Open it in Word or LibreOffice and save it as .docx.",
        ));
    }
    let decoded = match decode_text(bytes) {
        Some(d) => d,
        None => {
            return Sniffed::Refused(ReadError::new(
                ErrorKind::Binary,
                "This file is not a Word document, Markdown or text file that idp-audit can read. \
                 Save the plan as .docx (or copy its text into a .txt file) and try again.",
            ));
        }
    };
    if let Some(what) = crate::own_output::in_text(&decoded.text) {
        return Sniffed::Refused(super::own_output_error(what));
    }
    let trimmed = decoded.text.trim_start();
    if trimmed.starts_with("<?xml") && (trimmed.contains("<w:wordDocument") || trimmed.contains("<pkg:package")) {
        return Sniffed::Refused(ReadError::new(
            ErrorKind::WrongOfficeType,
            "This is a Word XML file (.xml), not a .docx. Open it in Word and save it as .docx.",
        ));
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => Sniffed::Markdown(decoded),
        Some("txt" | "text") => Sniffed::Text(decoded),
        _ if looks_like_markdown(&decoded.text) => Sniffed::Markdown(decoded),
        _ => Sniffed::Text(decoded),
    }
}

fn ole_error(bytes: &[u8]) -> ReadError {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        find(bytes, &utf16).is_some()
    };
    // An email first: its attachments are streams inside it, and an
    // attached plan would otherwise be taken for the file itself.
    if has("__substg1.0_") {
        ReadError::new(
            ErrorKind::WrongOfficeType,
            "This is an Outlook email message (.msg), not the plan itself. Open the email, save the attached plan \
             (the .docx file) to your computer, and check that file.",
        )
    } else if has("EncryptedPackage") || has("EncryptionInfo") {
        ReadError::new(
            ErrorKind::Encrypted,
            "This file is password-protected: open it in Word, remove the password \
             (File > Info > Protect Document > Encrypt with Password, then clear it), \
             save as .docx, and check that copy.",
        )
    } else if has("WordDocument") {
        ReadError::new(
            ErrorKind::LegacyDoc,
            "This is an old Word 97-2003 document (.doc). Open it in Word or LibreOffice and save it \
             as .docx (Word Document), then check that copy.",
        )
    } else if has("PowerPoint Document") {
        ReadError::new(
            ErrorKind::WrongOfficeType,
            "This is an old PowerPoint presentation (.ppt), not a plan. Check the plan itself, saved from Word \
             as .docx.",
        )
    } else if has("Workbook") || has("Book") {
        ReadError::new(
            ErrorKind::WrongOfficeType,
            "This is an Excel spreadsheet, not a plan. If the plan is in it, copy Section 2B into a \
             Word document and save it as .docx.",
        )
    } else {
        ReadError::new(
            ErrorKind::LegacyDoc,
            "This is an old Microsoft Office file, not a .docx. Open it and save it as a Word \
             Document (.docx), then check that copy.",
        )
    }
}

/// Decode text bytes: UTF-8 (with or without BOM, lossily if need be) or
/// UTF-16 with a BOM. `None` when the bytes are not text at all.
fn decode_text(bytes: &[u8]) -> Option<Decoded> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Some(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Some(utf16(rest, u16::from_be_bytes));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(8192)];
    // Text has few control characters; binary has many. A NUL byte or two
    // in text (a damaged copy, an editor's slip) is dropped with a notice;
    // many, anywhere in the file, make it binary.
    let controls = head.iter().filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))).count();
    if controls * 20 > head.len().max(1) {
        return None;
    }
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls * 20 > bytes.len() {
        return None;
    }
    let without_nuls;
    let bytes = if nuls > 0 {
        without_nuls = bytes.iter().copied().filter(|&b| b != 0).collect::<Vec<u8>>();
        &without_nuls[..]
    } else {
        bytes
    };
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(Decoded { text: s.to_owned(), lossy: false, utf16: false, nuls }),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            // Mostly-undecodable bytes are binary, not text with a few bad bytes.
            let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
            if bad * 10 > text.chars().count().max(1) {
                return None;
            }
            Some(Decoded { text, lossy: true, utf16: false, nuls })
        }
    }
}

fn utf16(rest: &[u8], to_u16: fn([u8; 2]) -> u16) -> Decoded {
    let units = rest.chunks_exact(2).map(|c| to_u16([c[0], c[1]]));
    let mut lossy = !rest.len().is_multiple_of(2);
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                lossy = true;
                '\u{FFFD}'
            })
        })
        .collect();
    Decoded { text, lossy, utf16: true, nuls: 0 }
}

fn looks_like_markdown(text: &str) -> bool {
    text.lines().take(400).any(|l| {
        let l = l.trim_start();
        l.starts_with('#') || l.starts_with("|") || l.starts_with("**") || l.starts_with("- ") || l.starts_with("* ")
    })
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8], name: &str) -> String {
        match sniff(bytes, Path::new(name)) {
            Sniffed::Zip => "zip".into(),
            Sniffed::Pdf => "pdf".into(),
            Sniffed::Markdown(_) => "markdown".into(),
            Sniffed::Text(_) => "text".into(),
            Sniffed::Refused(e) => e.kind.as_str().into(),
        }
    }

    #[test]
    fn chooses_from_bytes_not_name() {
        assert_eq!(kind(b"%PDF-1.7\n...", "plan.docx"), "pdf");
        assert_eq!(kind(b"PK\x03\x04rest", "plan.txt"), "zip");
        assert_eq!(kind(b"", "plan.docx"), "empty");
        assert_eq!(kind(b"  \n", "plan.md"), "empty");
        assert_eq!(kind(b"{\\rtf1 hello}", "plan.doc"), "rtf");
        assert_eq!(kind(&[0u8, 1, 2, 3, 0, 0, 7, 8], "plan.md"), "binary");
        // "%PDF-" counts only as the first bytes (after a BOM or spaces).
        assert_eq!(kind(b"\xEF\xBB\xBF \n%PDF-1.4\n", "plan.md"), "pdf");
        assert_eq!(kind(b"# Plan\n\nThe old copy was a %PDF-1.4 file.\n", "plan.md"), "markdown");
        // One NUL byte in text is dropped with a notice; a file of them is binary.
        match sniff(b"## Section 2B\n\n- Speech therapy\x00 weekly\n", Path::new("plan.md")) {
            Sniffed::Markdown(d) => assert!(d.nuls == 1 && d.text.contains("therapy weekly")),
            other => panic!("{other:?}"),
        }
        assert_eq!(kind(&[0u8; 4096], "plan.md"), "binary");
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut enc = OLE_MAGIC.to_vec();
        enc.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(kind(&enc, "a.docx"), "encrypted");
        let mut doc = OLE_MAGIC.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(kind(&doc, "a.doc"), "legacy_doc");
    }

    #[test]
    fn text_encodings() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("## Section 2B".encode_utf16().flat_map(|u| u.to_le_bytes()));
        match sniff(&le, Path::new("a.md")) {
            Sniffed::Markdown(d) => {
                assert_eq!(d.text, "## Section 2B");
                assert!(d.utf16);
            }
            other => panic!("{other:?}"),
        }
        match sniff(b"Section 2B\n\xFFhello", Path::new("a.txt")) {
            Sniffed::Text(d) => assert!(d.lossy && d.text.contains('\u{FFFD}')),
            other => panic!("{other:?}"),
        }
        assert_eq!(kind(b"# Plan\n", "plan"), "markdown");
        assert_eq!(kind(b"Plan\nSection 2B\n", "plan"), "text");
    }
}
