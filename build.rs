//! idp-audit's own data files, read once here rather than each time the
//! program starts: every TOML file below becomes JSON in `OUT_DIR`
//! (`lexicon/hedges.toml` → `$OUT_DIR/lexicon/hedges.toml.json`), which
//! `src/builtin.rs` compiles in. The values are the same; the checker
//! then needs only a JSON reader for them, which it has anyway, and no
//! TOML reader at all in the page's WebAssembly build (a third of a
//! megabyte of code). The command line still reads the TOML files a
//! configuration adds.

use std::path::Path;

const FILES: &[&str] = &[
    "lexicon/columns.toml",
    "lexicon/context.toml",
    "lexicon/front-page.toml",
    "lexicon/hedges.toml",
    "lexicon/kinds.toml",
    "lexicon/languages.toml",
    "lexicon/numbers.toml",
    "lexicon/patterns.toml",
    "lexicon/qualifications.toml",
    "lexicon/rewrite.toml",
    "lexicon/roles.toml",
    "lexicon/sections.toml",
    "src/letter/text/en.toml",
    "src/letter/text/cy.toml",
    "src/delivery/text/en.toml",
    "data/bank-holidays-wales.toml",
    "data/term-dates-wales.toml",
];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for file in FILES {
        println!("cargo::rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        // In the file's own order (the `preserve_order` feature), so a
        // reader sees the keys as it would in the TOML.
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{file} is not valid TOML: {e}"));
        // A NUL first: no TOML file starts with one, so `builtin::read`
        // tells a compiled-in file from a file a configuration names.
        let json = format!("\0{}", serde_json::to_string(&table).expect("a TOML table is JSON"));
        let dest = Path::new(&out).join(format!("{file}.json"));
        std::fs::create_dir_all(dest.parent().expect("a file has a folder")).expect("OUT_DIR is writable");
        std::fs::write(&dest, json).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
    }
}
