//! A stable 64-bit digest of a trace, equal natively and in wasm.
//!
//! FNV-1a (64-bit) fed through `std::hash::Hash`, with every `usize` (lengths included) written as 8
//! bytes, so a 32-bit wasm build and a 64-bit native build of the same code digest the same bytes.
//! (`std`'s own hashers are neither specified nor platform-independent.)

use std::hash::{Hash, Hasher};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Digest(u64);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Digest {
    fn default() -> Self {
        Digest(OFFSET)
    }
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write(&(n as u64).to_le_bytes());
    }

    fn write_isize(&mut self, n: isize) {
        self.write(&(n as i64).to_le_bytes());
    }
}

impl Digest {
    pub fn bytes(self, bytes: &[u8]) -> Self {
        let mut h = Fnv(self.0);
        h.write(bytes);
        Digest(h.0)
    }

    /// Folds in `value`.
    pub fn hash<T: Hash>(self, value: &T) -> Self {
        let mut h = Fnv(self.0);
        value.hash(&mut h);
        Digest(h.0)
    }

    pub fn value(self) -> u64 {
        self.0
    }

    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_known_vectors() {
        assert_eq!(Digest::default().bytes(b"").value(), 0xcbf29ce484222325);
        assert_eq!(Digest::default().bytes(b"a").value(), 0xaf63dc4c8601ec8c);
        assert_eq!(
            Digest::default().bytes(b"foobar").value(),
            0x85944171f73967e8
        );
    }

    #[test]
    fn lengths_are_hashed_at_a_fixed_width() {
        let d = Digest::default().hash(&vec![1u8, 2]);
        let expected = Digest::default().bytes(&2u64.to_le_bytes()).bytes(&[1, 2]);
        assert_eq!(d, expected);
    }
}
