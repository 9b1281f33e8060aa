//! The lexicon: vocabulary kept as data in `lexicon/*.toml`, compiled into
//! the binary with `include_str!` and parsed once on first use.
//!
//! Keeping words out of code lets an advocate read, review and extend them
//! (and `idp-audit.toml` can add more) without touching Rust.

pub mod columns;

pub use columns::{Role, SubField};
