//! Readers: bytes in, [`Document`] out.
//!
//! The reader is chosen from the bytes (zip magic, OLE magic, `%PDF`, text),
//! not from the file name alone: plans arrive renamed, and a `.docx` that is
//! really a PDF must get a clear word, not a zip error.

pub mod docx;
pub mod html;
pub mod html_table;
pub(crate) mod layout;
pub mod markdown;
pub mod nfc;
pub(crate) mod pandoc_table;
pub mod pdf;
pub mod sniff;
pub mod text;
pub(crate) mod text_cards;
pub mod text_cells;
pub mod text_layout;
pub mod text_repair;
pub mod text_table;
pub mod xml;

use crate::types::error::{ErrorKind, ReadError};
use crate::types::limits::Limits;
use crate::types::model::Document;
use std::path::Path;

pub(crate) use sniff::Sniffed;

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
        Sniffed::Pdf => pdf::read(bytes, limits),
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
    // What the layout means is the same whatever the format: frames, typed
    // list markers, tick-box options.
    layout::apply(&mut doc);
    nfc::document(&mut doc);
    Ok(doc)
}
