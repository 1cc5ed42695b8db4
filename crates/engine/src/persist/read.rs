//! Reading a save back, by hand, from the [`Json`] tree of its text.
//!
//! Saves were read by serde's derived `Deserialize`: a visitor for each struct and enum, each
//! its own code in the bundle. [`FromSaved`] reads the same JSON from a tree, in a few lines a
//! type (docs/performance.md, "Bundle"); [`super::write::saved_fields`] declares a struct's
//! reader and writer at once.

use crate::json::read::{Json, NULL};
use crate::list_map::ListMap;
use crate::SortedMap;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;

/// Why a save could not be read: where (the keys on the way, outermost first) and what.
pub type Unreadable = String;

/// A value read back from the JSON its [`crate::json::ToJson`] wrote.
pub trait FromSaved: Sized {
    fn from_saved(value: &Json) -> Result<Self, Unreadable>;
}

/// The field `key` of the object `value`; missing reads as `null`, as serde reads an `Option`.
pub fn field<T: FromSaved>(value: &Json, key: &str) -> Result<T, Unreadable> {
    T::from_saved(lookup(value, key)).map_err(|e| within(key, e))
}

// Neither generic nor inlined, these two are in the bundle once, not once a type read.

#[inline(never)]
fn lookup<'v, 'a>(value: &'v Json<'a>, key: &str) -> &'v Json<'a> {
    value.field(key)
}

/// `error`, found within `key`.
#[inline(never)]
pub fn within(key: &str, error: Unreadable) -> Unreadable {
    format!("{key}: {error}")
}

/// What an enum's variant was saved as: its name, and its fields (`null` for a unit variant).
pub fn variant<'v, 'a>(value: &'v Json<'a>) -> Result<(&'v str, &'v Json<'a>), Unreadable> {
    match value {
        Json::String(name) => Ok((name, &NULL)),
        Json::Object(one) => match one.as_slice() {
            [(name, fields)] => Ok((name, fields)),
            _ => Err(unexpected("a variant", value)),
        },
        _ => Err(unexpected("a variant", value)),
    }
}

/// That `wanted` was expected where `found` is.
pub fn unexpected(wanted: &str, found: &Json) -> Unreadable {
    format!("{wanted} was expected, not {}", found.kind())
}

impl FromSaved for i64 {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        value
            .as_i64()
            .ok_or_else(|| unexpected("an integer", value))
    }
}

impl FromSaved for u64 {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        value
            .as_u64()
            .ok_or_else(|| unexpected("a whole number", value))
    }
}

impl FromSaved for u32 {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        u32::try_from(u64::from_saved(value)?).map_err(|_| unexpected("a number", value))
    }
}

impl FromSaved for usize {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        usize::try_from(u64::from_saved(value)?).map_err(|_| unexpected("a size", value))
    }
}

impl FromSaved for u8 {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        u8::try_from(u64::from_saved(value)?).map_err(|_| unexpected("a small number", value))
    }
}

impl FromSaved for f64 {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        value.as_f64().ok_or_else(|| unexpected("a number", value))
    }
}

impl FromSaved for bool {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        value
            .as_bool()
            .ok_or_else(|| unexpected("a boolean", value))
    }
}

impl FromSaved for String {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| unexpected("a string", value))
    }
}

/// `()` is saved as `null`.
impl FromSaved for () {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        match value {
            Json::Null => Ok(()),
            _ => Err(unexpected("null", value)),
        }
    }
}

impl<T: FromSaved> FromSaved for Option<T> {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        match value {
            Json::Null => Ok(None),
            _ => T::from_saved(value).map(Some),
        }
    }
}

impl<A: FromSaved, B: FromSaved> FromSaved for (A, B) {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        match value.as_array() {
            Some([a, b]) => Ok((A::from_saved(a)?, B::from_saved(b)?)),
            _ => Err(unexpected("a pair", value)),
        }
    }
}

fn array<'v, 'a>(value: &'v Json<'a>) -> Result<&'v [Json<'a>], Unreadable> {
    value
        .as_array()
        .ok_or_else(|| unexpected("an array", value))
}

impl<T: FromSaved> FromSaved for Vec<T> {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        array(value)?.iter().map(T::from_saved).collect()
    }
}

impl<T: FromSaved> FromSaved for VecDeque<T> {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        array(value)?.iter().map(T::from_saved).collect()
    }
}

impl<T: FromSaved, const N: usize> FromSaved for [T; N] {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        let items: Vec<T> = Vec::from_saved(value)?;
        items
            .try_into()
            .map_err(|_| unexpected("an array of another length", value))
    }
}

/// A map's key, which JSON writes as a string.
pub trait KeyFromSaved: Sized {
    fn from_key(key: &str) -> Option<Self>;
}

impl KeyFromSaved for u64 {
    fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }
}

impl KeyFromSaved for i64 {
    fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }
}

impl KeyFromSaved for String {
    fn from_key(key: &str) -> Option<Self> {
        Some(key.to_string())
    }
}

/// The entries of an object, keys read as `K` and values as `V`.
fn entries<'v, K: KeyFromSaved, V: FromSaved>(
    value: &'v Json,
) -> Result<impl Iterator<Item = Result<(K, V), Unreadable>> + 'v, Unreadable> {
    let object = value
        .as_object()
        .ok_or_else(|| unexpected("an object", value))?;
    Ok(object.iter().map(|(key, value)| {
        let read = K::from_key(key).ok_or_else(|| within(key, "not a key here".into()))?;
        Ok((read, V::from_saved(value).map_err(|e| within(key, e))?))
    }))
}

/// A key given twice reads as its last value, as into a map.
impl<K: KeyFromSaved + Ord, V: FromSaved> FromSaved for SortedMap<K, V> {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        entries(value)?.collect()
    }
}

/// A key given twice reads as its last value, as into a map.
impl<K: KeyFromSaved + PartialEq, V: FromSaved> FromSaved for ListMap<K, V> {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        entries(value)?.collect()
    }
}

impl<K, V, S> FromSaved for HashMap<K, V, S>
where
    K: KeyFromSaved + Eq + std::hash::Hash,
    V: FromSaved,
    S: BuildHasher + Default,
{
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        entries(value)?.collect()
    }
}
