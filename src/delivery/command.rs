//! What the two commands do with files: read the term dates a
//! configuration names, and write the diary or the letter without ever
//! writing over the plan or the log (nor, without `--force`, over anything).

use super::DeliveryError;
use crate::letter::deadline::TermDates;
use std::path::Path;

/// The term dates in a file of `data/term-dates-wales.toml`'s format (the
/// file `[letter] term-dates` in idp-audit.toml names).
pub fn load_term_dates(path: &Path) -> Result<TermDates, DeliveryError> {
    let text = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && m.len() < 1_000_000)
        .and_then(|_| std::fs::read_to_string(path).ok())
        .ok_or_else(|| {
            DeliveryError(format!(
                "[letter] term-dates: {} could not be read. Give a file in the format of data/term-dates-wales.toml.",
                path.display()
            ))
        })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    TermDates::parse(&text, &name).map_err(|e| DeliveryError(format!("[letter] term-dates: {}: {e}", path.display())))
}

/// Write `bytes` to `out` (named by `flag` in messages), refusing to write
/// over any of `inputs`, or over an existing file without `force`.
pub fn write_output(inputs: &[&Path], out: &Path, flag: &str, bytes: &[u8], force: bool) -> Result<(), DeliveryError> {
    for input in inputs {
        if super::same_file(input, out) {
            return Err(DeliveryError(format!(
                "{flag} {} is one of the files being read ({}); idp-audit never writes over its input. Choose a new \
                 name.",
                out.display(),
                input.display()
            )));
        }
    }
    match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => {
            return Err(DeliveryError(format!("{flag} {} is a folder; give a file name inside it.", out.display())));
        }
        Ok(_) if !force => {
            return Err(DeliveryError(format!(
                "{} already exists, so it was left as it is. Choose another name, or add --force to replace it.",
                out.display()
            )));
        }
        _ => {}
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(DeliveryError(format!(
            "The folder {} does not exist. Create it first, or give {flag} a file in a folder that exists.",
            dir.display()
        )));
    }
    let first = inputs.first().copied().unwrap_or(out);
    crate::letter::output::write_atomically(first, out, bytes, force)
        .map_err(|e| DeliveryError(e.0.replace("The letter", "The file").replace("--out", flag)))
}
