//! CRC-32 (the reflected IEEE polynomial `0xEDB88320`), with crc32fast's
//! interface: [`hash`] and [`Hasher`]. See Cargo.toml for why it is here.

use std::fmt;
use std::hash;

const POLY: u32 = 0xedb8_8320;

/// The CRC of each byte value, worked out when the page is compiled.
static TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ POLY } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

fn update(crc: u32, buf: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in buf {
        c = TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// a(x) × b(x) modulo the polynomial, reflected (as crc32fast and zlib do).
fn multiply(a: u32, mut b: u32) -> u32 {
    let mut p = 0u32;
    for i in 0..32 {
        p ^= b & ((a >> (31 - i)) & 1).wrapping_neg();
        b = (b >> 1) ^ ((b & 1).wrapping_neg() & POLY);
    }
    p
}

/// x^(8 × len) modulo the polynomial, reflected: multiplying a CRC by it
/// appends `len` zero bytes.
fn x8n(len: u64) -> u32 {
    let mut p = 0x8000_0000;
    let mut sq = 0x0080_0000;
    let mut n = len;
    while n != 0 {
        if n & 1 != 0 {
            p = multiply(sq, p);
        }
        sq = multiply(sq, sq);
        n >>= 1;
    }
    p
}

/// The CRC of `buf`.
pub fn hash(buf: &[u8]) -> u32 {
    update(0, buf)
}

/// A CRC worked out over several pieces of input.
#[derive(Clone)]
pub struct Hasher {
    amount: u64,
    state: u32,
}

impl Hasher {
    /// A hasher that has seen nothing.
    pub fn new() -> Self {
        Self::new_with_initial(0)
    }

    /// A hasher that goes on from the CRC `init`.
    pub fn new_with_initial(init: u32) -> Self {
        Self::new_with_initial_len(init, 0)
    }

    /// A hasher that goes on from the CRC `init` of `amount` bytes.
    pub fn new_with_initial_len(init: u32, amount: u64) -> Self {
        Hasher { amount, state: init }
    }

    /// Take in more bytes.
    pub fn update(&mut self, buf: &[u8]) {
        self.amount += buf.len() as u64;
        self.state = update(self.state, buf);
    }

    /// How many bytes this hasher has seen.
    pub fn total_len(&self) -> u64 {
        self.amount
    }

    /// The CRC of everything seen.
    pub fn finalize(self) -> u32 {
        self.state
    }

    /// Start again.
    pub fn reset(&mut self) {
        self.amount = 0;
        self.state = 0;
    }

    /// Go on as if `other`'s input had followed this hasher's.
    pub fn combine(&mut self, other: &Self) {
        self.state = multiply(x8n(other.amount), self.state) ^ other.state;
        self.amount += other.amount;
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("crc32fast::Hasher").finish()
    }
}

impl hash::Hasher for Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }

    fn finish(&self) -> u64 {
        u64::from(self.state)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn check_values() {
        assert_eq!(super::hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(super::hash(b""), 0);
        let mut a = super::Hasher::new();
        a.update(b"1234");
        let mut b = super::Hasher::new();
        b.update(b"56789");
        a.combine(&b);
        assert_eq!(a.finalize(), 0xcbf4_3926);
    }
}
