//! idp-audit's own data files (`lexicon/*.toml`, `data/*.toml`, the
//! letters' words), compiled in. `build.rs` reads each TOML file when
//! idp-audit is built and writes its values as Rust data, a static tree of
//! [`Value`]s per file, which [`read`] turns into the type that reads the
//! file ([`FromValue`], written for each by [`from_value!`]). At run time
//! they need no parser and no serde, and the page's WebAssembly build has
//! neither a TOML reader nor the code that deserializes the lexicon's
//! types. The files a configuration names (extra lexicon files, term
//! dates) are TOML, read into the same types by serde through the same
//! [`read`] on the command line.

use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// One value of a compiled-in file, as `build.rs` writes it. A date is
/// its text (`"2025-09-01"`).
pub(crate) enum Value {
    Str(&'static str),
    Int(i32),
    Float(&'static f64),
    Bool(bool),
    /// A (non-empty) array of strings: its items joined by U+001F, which
    /// none holds.
    Strs(&'static str),
    Array(&'static [Value]),
    Table(&'static [(&'static str, Value)]),
}

// `FILES`: each compiled-in file, by its path in the repository.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The name of one of idp-audit's own TOML files, by its path in the
/// repository (`builtin!("lexicon/hedges.toml")`), for [`read`]: a NUL and
/// the path, as no TOML file starts.
macro_rules! builtin {
    ($file:literal) => {
        concat!("\0", $file)
    };
}
pub(crate) use builtin;

/// Why a data file could not be read. (A compiled-in file that does not
/// fit what reads it is a bug, which [`FromValue`] panics on: the tests
/// read every one.)
#[derive(Debug)]
pub(crate) enum Error {
    /// A TOML file from configuration.
    #[cfg(not(target_arch = "wasm32"))]
    Toml(toml::de::Error),
    /// A file from configuration in the page, which has none.
    #[cfg(target_arch = "wasm32")]
    NotBuiltIn,
}

/// Read a data file: compiled in, named by [`builtin!`] (a NUL and its
/// path), or, on the command line, a TOML file's text.
pub(crate) fn read<T: FromValue + DeserializeOwned>(src: &str) -> Result<T, Error> {
    let builtin = src.strip_prefix('\0').and_then(|name| FILES.iter().find(|(file, _)| *file == name));
    match builtin {
        Some((_, value)) => Ok(T::from_value(value)),
        // A configuration's file (one that happens to start with a NUL is
        // not TOML, and TOML says so).
        #[cfg(not(target_arch = "wasm32"))]
        None => toml::from_str(src).map_err(Error::Toml),
        #[cfg(target_arch = "wasm32")]
        None => Err(Error::NotBuiltIn),
    }
}

/// A type a compiled-in file's values are read into: what serde's
/// `Deserialize` does for a TOML file, for the values `build.rs` wrote.
/// Keys a type does not have are passed over (a test reads every built-in
/// file with serde too, which refuses them where the type says so). The
/// values are idp-audit's own, checked by the tests: one that does not fit
/// is a bug, and a panic.
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> Self;

    /// The value of a key left out, where the type has one (`Option`'s
    /// `None`); a field's own default comes first.
    fn missing() -> Option<Self> {
        None
    }
}

impl Value {
    /// What the value is, for a message.
    fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Strs(_) | Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }

    /// A table's keys and values.
    pub(crate) fn table(&self) -> impl Iterator<Item = (&'static str, &'static Value)> {
        match self {
            Value::Table(entries) => entries.iter().map(|(key, value)| (*key, value)),
            other => other.wrong("a table"),
        }
    }

    /// The panic for a value that is not what its reader takes.
    #[cold]
    fn wrong(&self, what: &str) -> ! {
        panic!("idp-audit's compiled-in data has {} where {what} belongs", self.kind())
    }
}

/// The field `name` of a table, as [`from_value!`] reads it: the key
/// `name`, or with `kebab` its words joined by hyphens (serde's
/// `rename_all = "kebab-case"`); when the key is left out, `default`, or
/// the type's [`FromValue::missing`].
pub(crate) fn field<T: FromValue>(table: &Value, name: &str, kebab: bool, default: Option<fn() -> T>) -> T {
    let same = |key: &str| {
        key.len() == name.len()
            && key.bytes().zip(name.bytes()).all(|(k, n)| k == n || (kebab && k == b'-' && n == b'_'))
    };
    match table.table().find(|(key, _)| same(key)) {
        Some((_, value)) => T::from_value(value),
        None => match default.map(|d| d()).or_else(T::missing) {
            Some(value) => value,
            None => panic!("idp-audit's compiled-in data has no `{name}`"),
        },
    }
}

/// [`FromValue`] for a struct, field by field, as its `Deserialize`:
/// `from_value!(Entry { rule, lang = en, except = Vec::new })` (a field
/// `= f` is serde's `default = "f"`); `from_value!(kebab Words { .. })`
/// for `rename_all = "kebab-case"`; `field as "key"` for a renamed one.
macro_rules! from_value {
    (kebab $ty:ident { $($rest:tt)* }) => {
        $crate::builtin::from_value!(@impl true $ty { $($rest)* });
    };
    ($ty:ident { $($rest:tt)* }) => {
        $crate::builtin::from_value!(@impl false $ty { $($rest)* });
    };
    (@impl $kebab:literal $ty:ident { $($field:ident $(as $key:literal)? $(= $default:expr)?),* $(,)? }) => {
        impl $crate::builtin::FromValue for $ty {
            fn from_value(value: &$crate::builtin::Value) -> Self {
                $ty {
                    $($field: $crate::builtin::field(
                        value,
                        $crate::builtin::from_value!(@key $field $($key)?),
                        $kebab,
                        $crate::builtin::from_value!(@default $($default)?),
                    ),)*
                }
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
    (@default) => { None };
    (@default $default:expr) => { Some($default as fn() -> _) };
}
pub(crate) use from_value;

/// [`FromValue`] for enums of names (`rule = "vague"`), through their own
/// `Deserialize` from a string: `enum_from_value!(Role, SubField)`.
macro_rules! enum_from_value {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::builtin::FromValue for $ty {
            fn from_value(value: &$crate::builtin::Value) -> Self {
                use serde::de::{Deserialize, IntoDeserializer};
                let s = <&str as $crate::builtin::FromValue>::from_value(value);
                <$ty>::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(s))
                    .unwrap_or_else(|e| panic!("idp-audit's compiled-in data: {e}"))
            }
        }
    )*};
}
pub(crate) use enum_from_value;

impl FromValue for &'static str {
    fn from_value(value: &Value) -> Self {
        match value {
            Value::Str(s) => s,
            other => other.wrong("a string"),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Self {
        <&str>::from_value(value).to_string()
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Self {
        match value {
            Value::Bool(b) => *b,
            other => other.wrong("a boolean"),
        }
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Self {
        match value {
            Value::Float(f) => **f,
            Value::Int(i) => f64::from(*i),
            other => other.wrong("a number"),
        }
    }
}

impl FromValue for u8 {
    fn from_value(value: &Value) -> Self {
        match value {
            Value::Int(i) => u8::try_from(*i).unwrap_or_else(|_| value.wrong("a byte")),
            other => other.wrong("an integer"),
        }
    }
}

impl FromValue for toml_datetime::Datetime {
    fn from_value(value: &Value) -> Self {
        <&str>::from_value(value).parse().unwrap_or_else(|_| value.wrong("a date"))
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Self {
        Some(T::from_value(value))
    }

    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: &Value) -> Self {
        match value {
            Value::Strs(items) => items.split('\u{1f}').map(|s| T::from_value(&Value::Str(s))).collect(),
            Value::Array(items) => items.iter().map(T::from_value).collect(),
            other => other.wrong("an array"),
        }
    }
}

impl<T: FromValue> FromValue for [T; 2] {
    fn from_value(value: &Value) -> Self {
        <[T; 2]>::try_from(Vec::from_value(value)).unwrap_or_else(|_| value.wrong("two values"))
    }
}

impl<T: FromValue> FromValue for HashMap<String, T> {
    fn from_value(value: &Value) -> Self {
        value.table().map(|(k, v)| (k.to_string(), T::from_value(v))).collect()
    }
}

impl<T: FromValue> FromValue for BTreeMap<String, T> {
    /// Key by key, as serde does (`collect` would sort the pairs first,
    /// with a sort of its own in the page).
    fn from_value(value: &Value) -> Self {
        let mut map = BTreeMap::new();
        for (k, v) in value.table() {
            map.insert(k.to_string(), T::from_value(v));
        }
        map
    }
}

impl Error {
    /// What is wrong, as the parser says it (no place, no trailing stop).
    pub(crate) fn message(&self) -> String {
        match self {
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
            #[cfg(target_arch = "wasm32")]
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

/// Test that the compiled-in `file` reads into `T` ([`FromValue`]) as its
/// TOML text does through serde, which also refuses keys `T` does not
/// have where `T` says so. Compared by their `Debug`, line by line in
/// order, or with `unordered` as sorted lines (a `HashMap`'s order is its
/// own each time).
#[cfg(test)]
pub(crate) fn assert_reads_as_toml<T: FromValue + DeserializeOwned + fmt::Debug>(file: &str, unordered: bool) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let serde: T = toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let ours: T = read(&format!("\0{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
    let lines = |value: &T| {
        let mut lines: Vec<String> = format!("{value:#?}").lines().map(str::to_string).collect();
        if unordered {
            lines.sort();
        }
        lines
    };
    assert_eq!(lines(&ours), lines(&serde), "{file}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_compiled_in_once() {
        let mut names: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        let all = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all);
        assert!(read::<std::collections::BTreeMap<String, String>>("\0src/delivery/text/en.toml").is_ok());
    }

    #[test]
    fn a_file_not_compiled_in_is_toml() {
        let e = read::<std::collections::BTreeMap<String, String>>("\0no/such.toml").unwrap_err();
        assert!(matches!(e, Error::Toml(_)), "{e:?}");
    }
}
