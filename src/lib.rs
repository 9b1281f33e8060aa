//! idp-audit: checks that the additional learning provision in a Welsh
//! Individual Development Plan (Section 2B) is specified and quantified.
//!
//! Data flows one way, each stage importing only the ones below it:
//! [`read`] a plan into the format-free model → [`locate`] Section 2B →
//! [`split`] it into provisions → [`check`] what each states → [`rules`]
//! turn that into findings → [`rewrite`] suggests wording → [`report`] and
//! [`letter`] write it out. [`types`] at the bottom holds what they share;
//! [`pipeline`] runs the stages for one plan and [`batch`] for many.
//! `docs/architecture.md` has the map.

// Many plans on worker threads, and idp-audit.toml: the command line's,
// not the page's (web/), which has no threads and no files.
#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
mod builtin;
pub mod check;
#[cfg(not(target_arch = "wasm32"))]
pub mod config;
pub mod dates;
pub mod delivery;
pub mod front;
pub mod language;
pub mod letter;
pub mod lexicon;
pub mod locate;
pub mod own_output;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rewrite;
pub mod rules;
mod sort;
pub mod split;
pub mod text;
pub mod types;

pub use pipeline::{Options, audit_bytes, audit_file, install_panic_hook, read_file};
pub use report::dump::dump_file;
pub use types::report::{DocumentReport, Provision, SectionInfo, Status};
