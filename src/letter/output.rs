//! Writing the letter file: the format from the extension, refusing to
//! write over the plan (or, without `--force`, over anything), and an
//! atomic write so a crash or a full disk never leaves half a letter.

use super::LetterError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The letter's file format, from `--out`'s extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Docx,
    Markdown,
    /// Plain text, for the body of an email.
    Text,
}

impl OutputFormat {
    pub(crate) fn from_path(path: &Path) -> Option<Self> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("docx") => Some(OutputFormat::Docx),
            Some("md" | "markdown") => Some(OutputFormat::Markdown),
            Some("txt" | "text") => Some(OutputFormat::Text),
            _ => None,
        }
    }
}

/// Check `out` before anything is read or written: a format idp-audit can
/// write, not the plan, not a folder, and not an existing file unless
/// `force`.
pub(crate) fn check_target(plan: &Path, out: &Path, force: bool) -> Result<OutputFormat, LetterError> {
    let Some(format) = OutputFormat::from_path(out) else {
        return Err(LetterError(format!(
            "--out {} does not end in .docx, .md or .txt. Give a name such as letter-to-school.docx (a Word \
             document), letter-to-school.txt (plain text, to paste into an email) or letter-to-school.md (Markdown); \
             the ending chooses the format.",
            out.display()
        )));
    };
    if same_file(plan, out) {
        return Err(LetterError(format!(
            "--out {} is the plan itself, and idp-audit never writes over a plan. Give the letter a new name, such \
             as letter-to-school.docx.",
            out.display()
        )));
    }
    match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => {
            return Err(LetterError(format!(
                "--out {} is a folder. Give a file name inside it, such as {}.",
                out.display(),
                out.join("letter-to-school.docx").display()
            )));
        }
        Ok(_) if !force => {
            return Err(LetterError(format!(
                "{} already exists, so it was left as it is. Choose another name, or add --force to replace it.",
                out.display()
            )));
        }
        _ => {}
    }
    let dir = parent_dir(out);
    if !dir.is_dir() {
        return Err(LetterError(format!(
            "The folder {} does not exist. Create it first, or give --out a file in a folder that exists.",
            dir.display()
        )));
    }
    Ok(format)
}

/// The folder a path is in ("letter.docx" is in ".").
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The same file, by canonical path, or (on Unix) by device and inode, which
/// also catches a hard link to the plan under another name. `out` usually
/// does not exist yet: then its folder is canonicalised and its name added.
pub(crate) fn same_file(plan: &Path, out: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(plan), std::fs::metadata(out))
            && a.dev() == b.dev()
            && a.ino() == b.ino()
        {
            return true;
        }
    }
    let Ok(plan) = plan.canonicalize() else { return false };
    let out = match out.canonicalize() {
        Ok(p) => p,
        Err(_) => match (parent_dir(out).canonicalize(), out.file_name()) {
            (Ok(dir), Some(name)) => dir.join(name),
            _ => return false,
        },
    };
    plan == out
}

/// Write `bytes` to a temporary file beside `out`, flush it to disk, then
/// move it into place in one step. Without `force` the move is a hard link,
/// which fails if `out` appeared meanwhile (so nothing is ever replaced by
/// surprise); on file systems without hard links (FAT USB sticks) it falls
/// back to a rename after a last check.
pub(crate) fn write_atomically(plan: &Path, out: &Path, bytes: &[u8], force: bool) -> Result<(), LetterError> {
    let dir = parent_dir(out);
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "letter".into());
    let io_err = |e: std::io::Error| {
        LetterError(format!(
            "The letter could not be written to {} ({e}). Check that the folder is not read-only and the disk is not \
             full, or choose another folder.",
            out.display()
        ))
    };
    let (tmp, mut file) = create_temp(&dir, &name).map_err(io_err)?;
    let cleanup = |e: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        io_err(e)
    };
    file.write_all(bytes).and_then(|_| file.sync_all()).map_err(cleanup)?;
    drop(file);
    // The plan is checked again at the last moment: a file can be swapped
    // for a link to the plan between the first check and now.
    if same_file(plan, out) {
        let _ = std::fs::remove_file(&tmp);
        return Err(LetterError(format!("--out {} is the plan itself; nothing was written.", out.display())));
    }
    if force {
        return std::fs::rename(&tmp, out).map_err(cleanup);
    }
    match std::fs::hard_link(&tmp, out) {
        Ok(()) => {
            let _ = std::fs::remove_file(&tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(&tmp);
            Err(LetterError(format!(
                "{} appeared while the letter was being written, so it was left as it is. Choose another name, or \
                 add --force to replace it.",
                out.display()
            )))
        }
        Err(_) => {
            if out.exists() {
                let _ = std::fs::remove_file(&tmp);
                return Err(LetterError(format!(
                    "{} already exists, so it was left as it is. Choose another name, or add --force to replace it.",
                    out.display()
                )));
            }
            std::fs::rename(&tmp, out).map_err(cleanup)
        }
    }
}

/// A new, hidden temporary file beside the letter (the same folder, so the
/// final move is a rename within one file system, never a copy).
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.{pid}.{attempt}.tmp"));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("idp-audit-letter-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn format_comes_from_the_extension() {
        assert_eq!(OutputFormat::from_path(Path::new("a/Letter.DOCX")), Some(OutputFormat::Docx));
        assert_eq!(OutputFormat::from_path(Path::new("letter.md")), Some(OutputFormat::Markdown));
        assert_eq!(OutputFormat::from_path(Path::new("letter.txt")), Some(OutputFormat::Text));
        assert_eq!(OutputFormat::from_path(Path::new("letter.pdf")), None);
        assert_eq!(OutputFormat::from_path(Path::new("letter")), None);
    }

    #[test]
    fn the_plan_is_recognised_under_another_spelling_and_as_a_hard_link() {
        let d = scratch("same");
        let plan = d.join("plan.md");
        std::fs::write(&plan, "plan").unwrap();
        assert!(same_file(&plan, &d.join(".").join("plan.md")));
        assert!(!same_file(&plan, &d.join("letter.md")));
        #[cfg(unix)]
        {
            std::fs::hard_link(&plan, d.join("linked.md")).unwrap();
            assert!(same_file(&plan, &d.join("linked.md")));
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn writes_replace_only_with_force_and_leave_no_temporary_file() {
        let d = scratch("write");
        let plan = d.join("plan.md");
        std::fs::write(&plan, "plan").unwrap();
        let out = d.join("letter.md");
        write_atomically(&plan, &out, b"one", false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        let err = write_atomically(&plan, &out, b"two", false).unwrap_err();
        assert!(err.0.contains("--force"), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write_atomically(&plan, &out, b"three", true).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"three");
        let left: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert_eq!(std::fs::read(&plan).unwrap(), b"plan");
        let _ = std::fs::remove_dir_all(&d);
    }
}
