//! A map kept as a list of pairs sorted by key: what the engine's figures and tallies are keyed
//! by (KPIs, channels, reasons, days) with a `BTreeMap`'s order and lookups, without a B-tree's
//! code for each key and value type in the bundle (2 to 8 KB each, docs/performance.md,
//! "Bundle"). Lookups are binary searches; an insert moves the entries after it, fine for maps
//! of tens to a few hundred entries, which is all the engine keeps in one. Iterates, compares
//! and is written as JSON in key order, as a `BTreeMap` is.
//!
//! ```
//! use agent_kpi_engine::SortedMap;
//! let mut reasons = SortedMap::new();
//! reasons.insert("refund".to_string(), 2);
//! reasons.insert("billing".to_string(), 1);
//! *reasons.entry("refund".to_string(), || 0) += 1;
//! assert_eq!(reasons.get("refund"), Some(&3));
//! assert_eq!(reasons.keys().collect::<Vec<_>>(), ["billing", "refund"]);
//! assert_eq!(agent_kpi_engine::json::to_json(&reasons), r#"{"billing":1,"refund":3}"#);
//! ```

use crate::json::{entries, JsonKey, JsonOut, ToJson};
use std::borrow::Borrow;
use std::cmp::Ordering;

/// Equal as maps are: with its keys kept in order, the same entries are the same list.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// The entries in key order, their values to change.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> {
        self.0.iter_mut().map(|(key, value)| (&*key, value))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.0.iter().map(|(key, _)| key)
    }

    /// The values, in their keys' order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, value)| value)
    }

    /// Keeps the entries for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(key, value)| keep(key, value));
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Where `key` is (`Ok`), or where it would go (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0
            .binary_search_by(|(known, _)| known.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        self.0.get(at).map(|(_, value)| value)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        self.0.get_mut(at).map(|(_, value)| value)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, and gives back the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    /// The value of `key`, made by `make` where there is none.
    pub fn entry(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.find(&key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, make()));
                at
            }
        };
        // `at` is an entry's position: found, or the one just inserted.
        &mut self.0[at].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        Some(self.0.remove(at).1)
    }
}

/// `map[&key]`: panics where `key` is missing, as a map's index does.
impl<K: Ord + Borrow<Q>, V, Q: Ord + ?Sized> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no entry for the key"),
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// As into a map: a key given twice keeps its last value. Sorted once at the end, with the
    /// engine's one sort ([`crate::order::sort_by`]), when the pairs come out of order.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut pairs: Vec<(K, V)> = pairs.into_iter().collect();
        let in_order = pairs.windows(2).all(|w| w[0].0 < w[1].0);
        if !in_order {
            // Stable: of equal keys, the last given is the last of its run, and kept.
            crate::order::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
            let mut kept: Vec<(K, V)> = Vec::with_capacity(pairs.len());
            for pair in pairs {
                match kept.last_mut() {
                    Some(last) if last.0.cmp(&pair.0) == Ordering::Equal => *last = pair,
                    _ => kept.push(pair),
                }
            }
            pairs = kept;
        }
        SortedMap(pairs)
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// The entries, in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, value)| (key, value))
    }
}

/// As a map: `{key: value, …}`.
impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: JsonKey, V: ToJson> ToJson for SortedMap<K, V> {
    fn write_json(&self, out: &mut JsonOut) {
        entries(out, self.iter());
    }
}

/// As serde writes a map: the reference the tests hold [`ToJson`] against.
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SortedMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Inserts, removals and collects as a `BTreeMap` does them, entry for entry and in order.
    #[test]
    fn behaves_as_a_btree_map() {
        let mut seed = 11u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        for round in 0..200 {
            let mut sorted = SortedMap::new();
            let mut reference = BTreeMap::new();
            for step in 0..(round % 60) {
                let key = next() % 25;
                match next() % 4 {
                    0 => assert_eq!(sorted.remove(&key), reference.remove(&key)),
                    1 => {
                        *sorted.entry(key, || 100) += step;
                        *reference.entry(key).or_insert(100) += step;
                    }
                    _ => assert_eq!(sorted.insert(key, step), reference.insert(key, step)),
                }
                assert_eq!(sorted.get(&key), reference.get(&key));
                assert_eq!(
                    sorted.iter().collect::<Vec<_>>(),
                    reference.iter().collect::<Vec<_>>()
                );
                assert_eq!(sorted.contains_key(&key), reference.contains_key(&key));
            }
            let pairs: Vec<(u32, u32)> = (0..round % 30).map(|_| (next() % 12, next())).collect();
            let collected: SortedMap<u32, u32> = pairs.iter().copied().collect();
            let reference: BTreeMap<u32, u32> = pairs.iter().copied().collect();
            assert_eq!(
                collected.into_iter().collect::<Vec<_>>(),
                reference.into_iter().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn equal_maps_are_equal_whatever_the_order_of_insertion() {
        let a: SortedMap<&str, i32> = [("b", 2), ("a", 1)].into_iter().collect();
        let mut b = SortedMap::new();
        b.insert("a", 1);
        b.insert("b", 2);
        assert_eq!(a, b);
        b.insert("b", 3);
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), r#"{"a": 1, "b": 2}"#);
    }
}
