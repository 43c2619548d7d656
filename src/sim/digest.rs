//! A stable 64-bit digest of a trace, equal natively and in wasm.
//!
//! `std`'s hashers are not promised stable across releases and hash `usize` at the platform's width, so
//! traces are digested as their JSON text with FNV-1a (64-bit), which is a few lines and fully specified.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Digest(u64);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Digest {
    fn default() -> Self {
        Digest(OFFSET)
    }
}

impl Digest {
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self
    }

    /// Folds in the JSON text of `value` followed by a separator.
    pub fn json<T: Serialize>(self, value: &T) -> Self {
        // Serialising our own plain data types cannot fail; an error would still be folded in as text.
        let text = serde_json::to_vec(value).unwrap_or_else(|e| e.to_string().into_bytes());
        self.bytes(&text).bytes(b"\n")
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
}
