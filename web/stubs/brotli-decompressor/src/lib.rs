//! The page's stand-in for brotli-decompressor (see its Cargo.toml): the
//! one type lopdf uses, which reads nothing and says why.

use std::io::{self, Read};

/// A Brotli reader that refuses: every read is an error.
pub struct Decompressor<R>(std::marker::PhantomData<R>);

impl<R: Read> Decompressor<R> {
    pub fn new(_input: R, _buffer_size: usize) -> Self {
        Decompressor(std::marker::PhantomData)
    }
}

impl<R: Read> Read for Decompressor<R> {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "the page does not read Brotli streams"))
    }
}
