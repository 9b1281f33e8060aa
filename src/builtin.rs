//! idp-audit's own data files (`lexicon/*.toml`, `data/*.toml`, the
//! letters' words), compiled in. `build.rs` reads each TOML file when
//! idp-audit is built and writes its values as JSON, which [`builtin!`]
//! includes: at run time they need only the JSON reader the reports use
//! anyway, and the page's WebAssembly build has no TOML reader at all.
//! The files a configuration names (extra lexicon files, term dates) are
//! TOML, read by the same [`read`] on the command line.

use serde::de::DeserializeOwned;
use std::fmt;

/// The compiled-in text of one of idp-audit's own TOML files, named by its
/// path in the repository (`builtin!("lexicon/hedges.toml")`), for [`read`].
macro_rules! builtin {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $file, ".json"))
    };
}
pub(crate) use builtin;

/// Why a data file could not be read.
#[derive(Debug)]
pub(crate) enum Error {
    /// A compiled-in file that does not fit what reads it (a test catches it).
    Json(serde_json::Error),
    /// A TOML file from configuration.
    #[cfg(not(target_arch = "wasm32"))]
    Toml(toml::de::Error),
    /// A file from configuration in the page, which has none.
    #[cfg(target_arch = "wasm32")]
    NotBuiltIn,
}

/// Read a data file: compiled in by [`builtin!`] (`build.rs` starts each
/// with a NUL, which no TOML file can) or, on the command line, a TOML
/// file's text.
pub(crate) fn read<T: DeserializeOwned>(src: &str) -> Result<T, Error> {
    let json = src.strip_prefix('\0');
    #[cfg(not(target_arch = "wasm32"))]
    {
        match json.map(serde_json::from_str) {
            Some(Ok(value)) => return Ok(value),
            // Compiled-in JSON that does not fit what reads it.
            Some(Err(e)) if e.is_data() => return Err(Error::Json(e)),
            // Not JSON at all: a configuration's file that happens to
            // start with a NUL, which TOML will say is not TOML.
            _ => {}
        }
        toml::from_str(src).map_err(Error::Toml)
    }
    #[cfg(target_arch = "wasm32")]
    match json {
        Some(json) => serde_json::from_str(json).map_err(Error::Json),
        None => Err(Error::NotBuiltIn),
    }
}

impl Error {
    /// What is wrong, as the parser says it (no place, no trailing stop).
    pub(crate) fn message(&self) -> String {
        match self {
            Error::Json(e) => e.to_string(),
            #[cfg(not(target_arch = "wasm32"))]
            Error::Toml(e) => e.message().to_string(),
            #[cfg(target_arch = "wasm32")]
            Error::NotBuiltIn => "the page reads no data files but idp-audit's own".to_string(),
        }
    }

    /// What is wrong and where, as "line L, column C: what is wrong.",
    /// without the snippet of the file's text a TOML error quotes (the
    /// file may be anything a user pointed the configuration at).
    pub(crate) fn located(&self, src: &str) -> String {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Error::Toml(e) => {
                let what = e.message().trim_end().trim_end_matches('.');
                match e.span() {
                    Some(span) => {
                        let mut at = span.start.min(src.len());
                        while !src.is_char_boundary(at) {
                            at -= 1;
                        }
                        let before = &src[..at];
                        let line = before.matches('\n').count() + 1;
                        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                        format!("line {line}, column {column}: {what}.")
                    }
                    None => format!("{what}."),
                }
            }
            other => {
                let _ = src;
                format!("{}.", other.message())
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}
