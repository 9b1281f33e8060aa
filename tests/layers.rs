//! The layers point one way. Each module of `src/` may import only from
//! the modules in the layers below it (and from itself): the shared types
//! at the bottom import nothing of the pipeline; a reader never asks the
//! locator; the checker never reaches into the rules; a report format
//! never runs a stage of the pipeline. `docs/architecture.md` draws the
//! same map.
//!
//! This reads the source: every `crate::module` path outside a file's
//! `#[cfg(test)]` module counts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may import from any layer below its
/// own, and from itself.
const LAYERS: &[&[&str]] = &[
    &["builtin", "sort"],
    &["text", "dates", "own_output", "language"],
    &["types"],
    &["lexicon"],
    &["read"],
    &["locate", "front"],
    &["split"],
    &["check"],
    &["rules"],
    &["rewrite"],
    &["pipeline"],
    &["report"],
    &["letter"],
    &["batch", "delivery"],
    &["config"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The crate modules a source file names: `crate::x`, and the `x` of
/// `use crate::{x, y::z}`. Its `#[cfg(test)] mod tests` is left out.
fn imports(source: &str) -> Vec<String> {
    let code = match source.find("#[cfg(test)]\nmod tests") {
        Some(i) => &source[..i],
        None => source,
    };
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push(name);
        }
        rest = after;
    }
    out
}

#[test]
fn every_import_points_down() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue; // the crate root and the binary may use everything
        }
        let Some(own) = layer_of(&module) else {
            unplaced.push(module);
            continue;
        };
        for name in imports(&std::fs::read_to_string(file).unwrap()) {
            if name == module {
                continue;
            }
            match layer_of(&name) {
                Some(l) if l < own => {}
                // Re-exports at the crate root (`crate::Options`) are the
                // pipeline's and the report's; they count as those.
                None if matches!(name.as_str(), "Options" | "audit_file" | "audit_bytes" | "read_file") => {
                    if own <= layer_of("pipeline").unwrap() {
                        wrong.entry(rel.display().to_string()).or_default().push(name);
                    }
                }
                None if matches!(name.as_str(), "DocumentReport" | "Provision" | "SectionInfo" | "Status") => {}
                _ => wrong.entry(rel.display().to_string()).or_default().push(name),
            }
        }
    }
    assert!(unplaced.is_empty(), "modules in no layer (add them to LAYERS and docs/architecture.md): {unplaced:?}");
    assert!(wrong.is_empty(), "imports that point up or sideways:\n{wrong:#?}");
}

#[test]
fn the_import_reader_sees_grouped_and_plain_paths() {
    let src = "use crate::types::model::Block;\nuse crate::{read, split::Section};\nfn f() { crate::rules::get(\"x\"); }\n\
               #[cfg(test)]\nmod tests { use crate::batch; }\n";
    assert_eq!(imports(src), ["types", "read", "split", "rules"]);
}
