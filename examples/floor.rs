//! The floor for the batch benchmark: the least work any checker must do on
//! the same files. For each plan, in the same sorted order as `idp-audit
//! check`: read the file; for a DOCX, unzip `word/document.xml` and walk
//! every quick-xml event (counting text bytes); for Markdown or text, read
//! the bytes. One thread, nothing checked, nothing reported.
//!
//! `cargo run --release --example floor -- FOLDER…` (or plan files)

use std::io::Read;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("a folder").map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "docx" || e == "md" || e == "txt") {
            out.push(p);
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        files(Path::new(&arg), &mut paths);
    }
    let (mut bytes, mut events, mut text) = (0u64, 0u64, 0u64);
    for p in &paths {
        let Ok(data) = std::fs::read(p) else { continue };
        bytes += data.len() as u64;
        if p.extension().is_some_and(|e| e == "docx") {
            // A real folder holds broken files too: the floor skips what it
            // cannot open (a damaged zip, no document part, bad XML) as the
            // checker reports it, so neither does more than read it.
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&data[..])) else { continue };
            let mut xml = Vec::new();
            let Ok(mut part) = zip.by_name("word/document.xml") else { continue };
            if part.read_to_end(&mut xml).is_err() {
                continue;
            }
            let mut reader = quick_xml::Reader::from_reader(&xml[..]);
            let mut buf = Vec::new();
            loop {
                match reader.read_event_into(&mut buf) {
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                    Ok(quick_xml::events::Event::Text(t)) => text += t.len() as u64,
                    Ok(_) => {}
                }
                events += 1;
                buf.clear();
            }
        } else {
            text += data.len() as u64;
        }
    }
    println!("{} files, {bytes} bytes, {events} XML events, {text} text bytes", paths.len());
}
