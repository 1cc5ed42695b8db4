//! A map kept as a list of pairs, in the order its keys were first inserted: for maps of a
//! handful of entries (the scopes of baselines, a page's saves, its tabs), where a `BTreeMap` of
//! each key and value type brings a B-tree's code of its own into the bundle, 2 to 8 KB each
//! (docs/performance.md, "Bundle"). Lookups are linear. Written and read as a JSON object, as a
//! map is.
//!
//! ```
//! use agent_kpi_engine::ListMap;
//! let mut tabs = ListMap::default();
//! tabs.insert("b".to_string(), 2);
//! tabs.insert("a".to_string(), 1);
//! tabs.insert("b".to_string(), 3);
//! assert_eq!(tabs.get("b"), Some(&3));
//! assert_eq!(agent_kpi_engine::json::to_json(&tabs), r#"{"b":3,"a":1}"#);
//! // Equal as maps: whatever the order the keys came in.
//! let mut again = ListMap::default();
//! again.insert("a".to_string(), 1);
//! again.insert("b".to_string(), 3);
//! assert_eq!(tabs, again);
//! ```

use crate::json::{entries, JsonKey, JsonOut, ToJson};
use std::borrow::Borrow;

#[derive(Clone, Debug)]
pub struct ListMap<K, V>(Vec<(K, V)>);

/// Equal as maps are: the same keys with the same values, in whatever order they came.
impl<K: PartialEq, V: PartialEq> PartialEq for ListMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .0
                .iter()
                .all(|(key, value)| other.get(key) == Some(value))
    }
}

impl<K, V> Default for ListMap<K, V> {
    fn default() -> Self {
        ListMap(Vec::new())
    }
}

impl<K, V> ListMap<K, V> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in the order their keys were first inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// The keys, in the order they were first inserted.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(key, _)| key)
    }
}

/// `map[&key]`, for tests and examples: panics where `key` is missing, as a map's index does.
impl<K: PartialEq + Borrow<Q>, V, Q: PartialEq + ?Sized> std::ops::Index<&Q> for ListMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no entry for the key"),
        }
    }
}

impl<K: PartialEq, V> FromIterator<(K, V)> for ListMap<K, V> {
    /// As into a map: a key given twice keeps its last value, in its first place.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = ListMap::default();
        for (key, value) in pairs {
            map.insert(key, value);
        }
        map
    }
}

impl<K: PartialEq, V> ListMap<K, V> {
    pub fn get<Q: PartialEq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0
            .iter()
            .find(|(known, _)| known.borrow() == key)
            .map(|(_, value)| value)
    }

    pub fn contains_key<Q: PartialEq + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.get(key).is_some()
    }

    /// Sets the value of `key`: in its place where it is there, last where it is new.
    pub fn insert(&mut self, key: K, value: V) {
        match self.0.iter_mut().find(|(known, _)| *known == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`, made by `make` (and put last) where there is none.
    pub fn entry(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.0.iter().position(|(known, _)| *known == key) {
            Some(at) => at,
            None => {
                self.0.push((key, make()));
                self.0.len() - 1
            }
        };
        // `at` is an entry's position: found, or the one just pushed.
        &mut self.0[at].1
    }

    /// Keeps the entries for which `keep` holds, in their order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.0.retain(|(key, value)| keep(key, value));
    }
}

impl<K: JsonKey, V: ToJson> ToJson for ListMap<K, V> {
    fn write_json(&self, out: &mut JsonOut) {
        entries(out, self.iter());
    }
}
