//! Keys remembered for a while: event ids (duplicates), recently completed contacts (surveys).
//!
//! Memory stays bounded: a key is forgotten once the newest instant seen is more than the
//! retention past it, and at most a fixed number are held. Keys are kept as 64-bit hashes,
//! never as given.

use super::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// Keys here are already hashes: the map uses them as they are.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed here; fold anything else in anyway.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by a hash computed with [`hash_key`].
pub type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecentKeys<V> {
    entries: HashKeyed<(Millis, V)>,
    /// In insertion order, with each key's instant, for forgetting.
    order: VecDeque<(Millis, u64)>,
    newest: Millis,
    retention: Millis,
    cap: usize,
}

impl<V> RecentKeys<V> {
    pub fn new(retention: Millis, cap: usize) -> Self {
        RecentKeys {
            entries: HashKeyed::default(),
            order: VecDeque::new(),
            newest: Millis::MIN,
            retention,
            cap,
        }
    }

    /// Remembers `key` at `at` with `value`; false (and nothing changed) where it is already
    /// remembered.
    pub fn insert_new(&mut self, key: &str, at: Millis, value: V) -> bool {
        let hash = hash_key(key);
        if self.entries.contains_key(&hash) {
            return false;
        }
        self.entries.insert(hash, (at, value));
        self.order.push_back((at, hash));
        self.newest = self.newest.max(at);
        self.forget_old();
        true
    }

    /// Remembers `key` at `at` with `value`, replacing what it had.
    pub fn insert(&mut self, key: &str, at: Millis, value: V) {
        let hash = hash_key(key);
        self.entries.insert(hash, (at, value));
        self.order.push_back((at, hash));
        self.newest = self.newest.max(at);
        self.forget_old();
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(&hash_key(key)).map(|(_, v)| v)
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        // Its place in `order` is skipped when it comes up.
        self.entries.remove(&hash_key(key)).map(|(_, v)| v)
    }

    /// How many keys are remembered.
    pub fn count(&self) -> usize {
        self.entries.len()
    }

    fn forget_old(&mut self) {
        let horizon = self.newest.saturating_sub(self.retention);
        while let Some(&(at, hash)) = self.order.front() {
            if at >= horizon && self.order.len() <= self.cap {
                break;
            }
            self.order.pop_front();
            // Forget the key only if this is its latest entry.
            if self
                .entries
                .get(&hash)
                .is_some_and(|(latest, _)| *latest == at)
            {
                self.entries.remove(&hash);
            }
        }
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms, so saved keys stay valid.
pub fn hash_key(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::HOUR;

    #[test]
    fn a_repeated_key_is_refused_until_it_expires() {
        let mut seen = RecentKeys::new(HOUR, 100);
        assert!(seen.insert_new("a", 0, ()));
        assert!(!seen.insert_new("a", 0, ()));
        assert!(seen.insert_new("b", HOUR + 1, ()));
        assert!(
            seen.insert_new("a", HOUR + 2, ()),
            "forgotten once an hour older than the newest"
        );
    }

    #[test]
    fn holds_at_most_its_cap() {
        let mut seen = RecentKeys::new(HOUR, 1000);
        for i in 0..1010 {
            seen.insert_new(&i.to_string(), 0, ());
        }
        assert_eq!(seen.count(), 1000);
        assert_eq!(seen.order.len(), 1000);
    }

    #[test]
    fn a_replaced_key_lives_as_long_as_its_latest_entry() {
        let mut recent = RecentKeys::new(HOUR, 100);
        recent.insert("c", 0, 1);
        recent.insert("c", HOUR, 2);
        recent.insert("d", HOUR + 10, 3);
        assert_eq!(recent.get("c"), Some(&2));
    }
}
