//! A ghost set: what no node knows but the properties read (every vote ever cast, every decision
//! made). Worlds share it until a step adds to it (copy on write), and it keeps an order-free digest
//! of its elements (the sum of their hashes, updated on each insert), so hashing it for the
//! checker's fingerprint costs one number instead of a walk over every element, which most steps
//! would otherwise repeat on a set they did not change.

use super::check::hash_of;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

#[derive(Debug)]
pub struct Ghost<T> {
    set: Arc<BTreeSet<T>>,
    digest: u64,
}

impl<T: Ord + Clone + Hash> Ghost<T> {
    /// Adds `x`; whether it was new (the set is copied only then, if another world shares it).
    pub fn insert(&mut self, x: T) -> bool {
        if self.set.contains(&x) {
            return false;
        }
        self.digest = self.digest.wrapping_add(hash_of(&x));
        Arc::make_mut(&mut self.set).insert(x);
        true
    }
}

impl<T> Deref for Ghost<T> {
    type Target = BTreeSet<T>;
    fn deref(&self) -> &BTreeSet<T> {
        &self.set
    }
}

impl<T> Default for Ghost<T> {
    fn default() -> Ghost<T> {
        Ghost {
            set: Arc::default(),
            digest: 0,
        }
    }
}

impl<T> Clone for Ghost<T> {
    fn clone(&self) -> Ghost<T> {
        Ghost {
            set: Arc::clone(&self.set),
            digest: self.digest,
        }
    }

    /// Touches no reference count when both already share one set (as a scratch world mostly does).
    fn clone_from(&mut self, source: &Ghost<T>) {
        if !Arc::ptr_eq(&self.set, &source.set) {
            self.set = Arc::clone(&source.set);
            self.digest = source.digest;
        }
    }
}

impl<T: Ord + Hash> FromIterator<T> for Ghost<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Ghost<T> {
        let set: BTreeSet<T> = items.into_iter().collect();
        let digest = set.iter().fold(0u64, |d, x| d.wrapping_add(hash_of(x)));
        Ghost {
            set: Arc::new(set),
            digest,
        }
    }
}

impl<T: PartialEq> PartialEq for Ghost<T> {
    fn eq(&self, other: &Ghost<T>) -> bool {
        self.set == other.set
    }
}

impl<T: Eq> Eq for Ghost<T> {}

/// Equal sets have equal digests, so this agrees with `Eq`.
impl<T> Hash for Ghost<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.digest);
    }
}

impl<T: Serialize> Serialize for Ghost<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.set.serialize(s)
    }
}

impl<'de, T: Deserialize<'de> + Ord + Hash> Deserialize<'de> for Ghost<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ghost<T>, D::Error> {
        Ok(BTreeSet::<T>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::Ghost;
    use std::hash::{BuildHasher, RandomState};

    #[test]
    fn equal_sets_hash_alike_whatever_the_order_of_inserts() {
        let mut a = Ghost::default();
        let mut b = Ghost::default();
        for x in [3, 1, 2] {
            assert!(a.insert(x));
        }
        for x in [2, 3, 1, 3] {
            b.insert(x);
        }
        assert!(!a.insert(1), "already in");
        let s = RandomState::new();
        assert_eq!(a, b);
        assert_eq!(s.hash_one(&a), s.hash_one(&b));
        let c: Ghost<i32> = [1, 2, 3].into_iter().collect();
        assert_eq!(s.hash_one(&a), s.hash_one(&c));
        b.insert(4);
        assert_ne!(a, b);
        assert_ne!(s.hash_one(&a), s.hash_one(&b));
        // A shared copy is not changed by an insert into the other.
        let shared = a.clone();
        a.insert(9);
        assert!(!shared.contains(&9) && a.contains(&9));
    }
}
