//! The page's stand-in for stringprep (see its Cargo.toml): the one
//! function lopdf uses, for the passwords it has to prepare.

use std::borrow::Cow;
use std::fmt;

/// A password the page cannot prepare.
#[derive(Debug)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the page prepares only passwords of printable ASCII characters")
    }
}

impl std::error::Error for Error {}

/// SASLprep (RFC 4013) of a printable ASCII string, which leaves it as it
/// is, as the real crate's fast path does; anything else is an error.
pub fn saslprep(s: &str) -> Result<Cow<'_, str>, Error> {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) { Ok(Cow::Borrowed(s)) } else { Err(Error) }
}
