//! The project carries copies of what its tests need from the shared
//! reference material (the JSON and SARIF contracts, the scorer, the
//! development set, the real-world DOCX corpus), so that a clone builds and
//! passes its tests on its own. Where the reference sits beside the clone
//! (`../shared`, as in CI), each copy must still equal its source: a
//! contract or label changed there must be brought here, not drift.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (copy in the project, source in ../shared)
const COPIES: &[(&str, &str)] = &[
    ("contracts/report.schema.json", "contracts/report.schema.json"),
    ("contracts/sarif-schema-2.1.0.json", "contracts/sarif-schema-2.1.0.json"),
    ("scripts/score.py", "eval/score.py"),
    ("fixtures/dev", "eval/dev"),
    ("fixtures/docx-wild", "corpus/docx-wild"),
];

/// Every file under `dir`, as paths relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_copy_is_in_the_project() {
    for (copy, _) in COPIES {
        let p = root().join(copy);
        assert!(p.exists(), "{} is missing from the project", p.display());
        if p.is_dir() {
            assert!(!files(&p).is_empty(), "{} is empty", p.display());
        }
    }
}

#[test]
fn copies_equal_the_shared_reference_when_it_is_beside_the_clone() {
    let shared = root().join("../shared");
    if !shared.is_dir() {
        // A clone on its own: the copies are all there is to compare.
        eprintln!("../shared is not beside this clone; nothing to compare the copies with");
        return;
    }
    let mut differ = Vec::new();
    for (copy, source) in COPIES {
        let (copy, source) = (root().join(copy), shared.join(source));
        if source.is_dir() {
            // The reference's own build scripts (eval/dev/src) are not needed here.
            let wanted: Vec<PathBuf> = files(&source).into_iter().filter(|p| !p.starts_with("src")).collect();
            if files(&copy) != wanted {
                differ.push(format!("{}: the files differ from {}", copy.display(), source.display()));
            }
            for rel in wanted {
                if std::fs::read(copy.join(&rel)).ok() != std::fs::read(source.join(&rel)).ok() {
                    differ.push(format!("{}", copy.join(&rel).display()));
                }
            }
        } else if std::fs::read(&copy).ok() != std::fs::read(&source).ok() {
            differ.push(format!("{}", copy.display()));
        }
    }
    assert!(differ.is_empty(), "copies that no longer equal ../shared:\n{}", differ.join("\n"));
}
