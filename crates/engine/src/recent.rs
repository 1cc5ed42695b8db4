//! Keys remembered for a while: recently completed contacts (surveys), closed cases. (Event
//! ids have their own keeper, `ids`.)
//!
//! Memory stays bounded: a key is forgotten once the newest instant seen is more than the
//! retention past it, and at most a fixed number are held. Keys are kept as 64-bit hashes
//! ([`hash_bytes`]), never as given.
//!
//! Two different texts with the same hash would be taken for one. For texts that are not
//! crafted to collide the odds are about n² / 2⁶⁵ among n texts held at once: for the most
//! ever held (40 000 event ids, in `ids`) about 4 in 10¹¹, for the dozens of contacts or cases open at
//! once far less. What it would cost is bounded: an event taken for a duplicate and dropped, or
//! the events of one contact (or case) applied to another with the same hash, skewing the
//! figures of those two. A host able to craft collisions could as well send false events.

use crate::json::read::Json;
use crate::json::{JsonOut, ToJson};
use crate::persist::read::{field, FromSaved, Unreadable};
use crate::time::Millis;
use std::collections::hash_map::Entry;
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

#[derive(Clone, Debug)]
pub struct RecentKeys<V> {
    entries: HashKeyed<(Millis, V)>,
    /// In insertion order, with each key's instant, for forgetting.
    order: VecDeque<(Millis, u64)>,
    newest: Millis,
    retention: Millis,
    cap: usize,
}

impl<V: ToJson> ToJson for RecentKeys<V> {
    fn write_json(&self, out: &mut JsonOut) {
        out.open('{');
        out.field("\"entries\":", &self.entries);
        out.field("\"order\":", &self.order);
        out.field("\"newest\":", &self.newest);
        out.field("\"retention\":", &self.retention);
        out.field("\"cap\":", &self.cap);
        out.close('}');
    }
}

impl<V: FromSaved> FromSaved for RecentKeys<V> {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        Ok(RecentKeys {
            entries: field(value, "entries")?,
            order: field(value, "order")?,
            newest: field(value, "newest")?,
            retention: field(value, "retention")?,
            cap: field(value, "cap")?,
        })
    }
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

    /// Remembers `key` (a hash) at `at` with `value`, replacing what it had.
    pub fn insert(&mut self, key: u64, at: Millis, value: V) {
        // Already listed at `at` (the same event applied again, in a replay or a restore):
        // listed once, so that repeats do not count towards the cap.
        let listed = matches!(self.entries.insert(key, (at, value)), Some((was, _)) if was == at);
        if !listed {
            self.order.push_back((at, key));
        }
        self.newest = self.newest.max(at);
        self.forget_old();
    }

    pub fn get(&self, key: u64) -> Option<&V> {
        self.entries.get(&key).map(|(_, v)| v)
    }

    pub fn remove(&mut self, key: u64) -> Option<V> {
        // Its place in `order` is skipped when it comes up.
        self.entries.remove(&key).map(|(_, v)| v)
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
            // Forget the key only if this is its latest entry (one lookup: this runs for
            // nearly every event).
            if let Entry::Occupied(entry) = self.entries.entry(hash) {
                if entry.get().0 == at {
                    entry.remove();
                }
            }
        }
    }
}

/// A 64-bit hash, stable across builds and platforms (saved keys stay valid), that reads eight
/// bytes a step: each step (xor, multiply by an odd constant, rotate) is a bijection of the
/// state, so texts of one length that differ in one 8-byte word never collide, and the length
/// is mixed in first. The end is MurmurHash3's finaliser, so that every bit of the result
/// depends on every bit of the text, as hash tables that use the hash as it is need.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = (bytes.len() as u64 ^ 0x243f_6a88_85a3_08d3).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0; 8];
        w.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(w))
            .wrapping_mul(K)
            .rotate_left(31);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0; 8];
        w[..rest.len()].copy_from_slice(rest);
        hash = (hash ^ u64::from_le_bytes(w))
            .wrapping_mul(K)
            .rotate_left(31);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR;

    fn hash_key(text: &str) -> u64 {
        hash_bytes(text.as_bytes())
    }

    #[test]
    fn a_key_is_forgotten_once_the_retention_past_the_newest() {
        let mut recent = RecentKeys::new(HOUR, 100);
        recent.insert(hash_key("a"), 0, ());
        recent.insert(hash_key("b"), HOUR, ());
        assert!(recent.get(hash_key("a")).is_some(), "an hour old: kept");
        recent.insert(hash_key("c"), HOUR + 1, ());
        assert!(recent.get(hash_key("a")).is_none(), "more than an hour old");
    }

    #[test]
    fn holds_at_most_its_cap() {
        let mut seen = RecentKeys::new(HOUR, 1000);
        for i in 0..1010 {
            seen.insert(hash_key(&i.to_string()), 0, ());
        }
        assert_eq!(seen.count(), 1000);
        assert_eq!(seen.order.len(), 1000);
    }

    #[test]
    fn a_replaced_key_lives_as_long_as_its_latest_entry() {
        let mut recent = RecentKeys::new(HOUR, 100);
        recent.insert(hash_key("c"), 0, 1);
        recent.insert(hash_key("c"), HOUR, 2);
        recent.insert(hash_key("d"), HOUR + 10, 3);
        assert_eq!(recent.get(hash_key("c")), Some(&2));
    }

    #[test]
    fn a_key_given_again_at_the_same_instant_is_listed_once() {
        // A cap of 2: were the repeats listed, "a" would be pushed out by them.
        let mut recent = RecentKeys::new(HOUR, 2);
        recent.insert(hash_key("a"), 0, 1);
        for _ in 0..5 {
            recent.insert(hash_key("b"), 10, 2);
        }
        assert_eq!(recent.order.len(), 2);
        assert_eq!(recent.get(hash_key("a")), Some(&1));
        assert_eq!(recent.get(hash_key("b")), Some(&2));
    }

    #[test]
    fn the_hash_is_stable_and_tells_similar_texts_apart() {
        // Saved keys depend on these values: a change here is a change of the save format.
        assert_eq!(hash_key(""), 0x226e_0401_4447_0ef3);
        assert_eq!(hash_key("sim-1-1"), 0x2ef6_bdb3_da4f_55ec);
        assert_eq!(
            hash_key("8f14e45f-ceea-467f-a8f0-5a1e2a1b3c4d"),
            0xbe9e_fa44_3688_24e7
        );
        assert_ne!(hash_key("a"), hash_key("a\0"));
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000 {
            for text in [format!("sim-{i}"), format!("c-1-{i}"), format!("{i:036}")] {
                assert!(seen.insert(hash_key(&text)), "{text}");
            }
        }
    }
}
