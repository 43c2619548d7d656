//! The set of fingerprints a search has seen. Fingerprints are already good hashes, so the set is an
//! open-addressed table of them and nothing else: a lookup reads one slot (and its neighbours in the
//! same cache line), where a general hash set reads a control byte and then the slot. In a search of
//! half a million states this lookup is a cache miss on most steps, so one read instead of two shows.

/// The fingerprints seen so far.
pub struct Seen {
    /// Each slot is a fingerprint or `EMPTY`; at most half are full, so probes stay short.
    slots: Vec<u64>,
    len: usize,
}

/// A slot with no fingerprint. A fingerprint that happens to equal it is stored as `ZERO_STANDS_IN`.
const EMPTY: u64 = 0;
const ZERO_STANDS_IN: u64 = 0x9e37_79b9_7f4a_7c15;

impl Default for Seen {
    fn default() -> Seen {
        Seen {
            slots: vec![EMPTY; 1 << 10],
            len: 0,
        }
    }
}

impl Seen {
    /// How many fingerprints are in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `fingerprint`; whether it was new.
    pub fn insert(&mut self, fingerprint: u64) -> bool {
        let f = if fingerprint == EMPTY {
            ZERO_STANDS_IN
        } else {
            fingerprint
        };
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (f as usize) & mask;
        loop {
            match self.slots[i] {
                EMPTY => {
                    self.slots[i] = f;
                    self.len += 1;
                    return true;
                }
                s if s == f => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let bigger = vec![EMPTY; 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for f in old.into_iter().filter(|f| *f != EMPTY) {
            let mut i = (f as usize) & mask;
            while self.slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = f;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn each_fingerprint_is_new_once_also_zero_and_across_growth() {
        let mut s = Seen::default();
        let many: Vec<u64> = (0..5000u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        for f in &many {
            assert!(s.insert(*f), "{f} is new");
        }
        for f in &many {
            assert!(!s.insert(*f), "{f} was seen");
        }
        assert_eq!(s.len(), many.len());
        // Fingerprints that share their low bits (one slot) are told apart.
        let mut t = Seen::default();
        for k in 0..100u64 {
            assert!(t.insert(k << 40));
        }
        assert!(!t.insert(7 << 40));
        assert!(!t.is_empty());
    }
}
