//! idp-audit's own data files, read once here rather than each time the
//! program starts: every TOML file below becomes Rust data, one static
//! tree of values per file (`src/builtin.rs`'s `Value`) in
//! `$OUT_DIR/builtin.rs`, which `src/builtin.rs` compiles in. The values
//! are the same; the checker then reads them with no parser at all: no
//! TOML reader in the page's WebAssembly build (a third of a megabyte of
//! code), and no deserializer for them. The command line still reads the
//! TOML files a configuration adds.

use std::fmt::Write;
use std::path::Path;
use toml::Value;

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
    let mut rust = String::from("pub(crate) static FILES: &[(&str, Value)] = &[\n");
    for file in FILES {
        println!("cargo::rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        // In the file's own order (the `preserve_order` feature), so a
        // reader sees the keys as it would in the TOML.
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{file} is not valid TOML: {e}"));
        write!(rust, "    ({file:?}, ").unwrap();
        emit(&mut rust, &Value::Table(table));
        rust.push_str("),\n");
    }
    rust.push_str("];\n");
    let dest = Path::new(&out).join("builtin.rs");
    std::fs::write(&dest, rust).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// `value` as a Rust expression of `src/builtin.rs`'s `Value`.
fn emit(rust: &mut String, value: &Value) {
    match value {
        Value::String(s) => write!(rust, "Value::Str({s:?})").unwrap(),
        Value::Boolean(b) => write!(rust, "Value::Bool({b})").unwrap(),
        Value::Integer(i) => {
            let i =
                i32::try_from(*i).unwrap_or_else(|_| panic!("{i}: idp-audit's files have no integer beyond 32 bits"));
            write!(rust, "Value::Int({i})").unwrap()
        }
        // `{:?}` writes the shortest digits that read back as the same
        // f64, always with a point or an exponent.
        Value::Float(f) => write!(rust, "Value::Float(&{f:?})").unwrap(),
        // A date as its text, which `toml_datetime::Datetime` parses.
        Value::Datetime(d) => write!(rust, "Value::Str(\"{d}\")").unwrap(),
        // An array of strings (most of the lexicon) as one string, its
        // items joined by U+001F, the unit separator, which no item holds:
        // text, as small as the TOML's, and no pointer for each item.
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_str) => {
            let items: Vec<&str> = items.iter().map(|item| item.as_str().expect("a string")).collect();
            assert!(items.iter().all(|item| !item.contains('\u{1f}')), "a string of idp-audit's holds U+001F");
            write!(rust, "Value::Strs({:?})", items.join("\u{1f}")).unwrap();
        }
        Value::Array(items) => {
            rust.push_str("Value::Array(&[");
            for item in items {
                emit(rust, item);
                rust.push(',');
            }
            rust.push_str("])");
        }
        Value::Table(table) => {
            rust.push_str("Value::Table(&[");
            for (key, item) in table {
                write!(rust, "({key:?}, ").unwrap();
                emit(rust, item);
                rust.push_str("),");
            }
            rust.push_str("])");
        }
    }
}
