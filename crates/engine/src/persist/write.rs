//! Writing a save, by hand, as JSON text.
//!
//! Each type in a save writes itself with [`ToSaved`], in the JSON that serde's derived
//! `Serialize` wrote into the saves before (fields in the order they are declared, an enum as
//! `"Variant"` or `{"Variant": …}`, a map's keys as strings), so that [`super::read`] reads old
//! saves and new ones alike. By hand, because the derived writers and serde_json's serializer
//! were the largest part of the save's code in the bundle (docs/performance.md, "Bundle"), and
//! so that a save is written from the engine's state in place rather than from a copy of it.
//! serde_json stays the reference in the tests: strings are escaped and numbers written as it
//! writes them.

use std::collections::{BTreeMap, HashMap, VecDeque};

/// A value as it is written into a save.
pub trait ToSaved {
    fn write_saved(&self, out: &mut Out);
}

/// The JSON text of a save, as it is written. Each item of an object or array is followed by a
/// comma, and closing the object or array takes the last one back.
#[derive(Default)]
pub struct Out(String);

impl Out {
    /// The text written.
    pub fn into_text(self) -> String {
        self.0
    }

    /// `text` as it is: JSON already.
    pub fn raw(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// Opens an object (`{`) or an array (`[`).
    pub fn open(&mut self, bracket: char) {
        self.0.push(bracket);
    }

    /// Closes what [`Out::open`] opened with `bracket` (`}` or `]`).
    pub fn close(&mut self, bracket: char) {
        if self.0.ends_with(',') {
            self.0.pop();
        }
        self.0.push(bracket);
    }

    /// One item of an array, or the value of a key just written.
    pub fn item<T: ToSaved + ?Sized>(&mut self, value: &T) {
        value.write_saved(self);
        self.0.push(',');
    }

    /// One field of an object: `key` is its name written as JSON with the colon (`"name":`),
    /// as [`saved_fields!`] makes it at compile time.
    pub fn field<T: ToSaved + ?Sized>(&mut self, key: &str, value: &T) {
        self.0.push_str(key);
        self.item(value);
    }

    /// An array of `items`.
    pub fn list<'a, T: ToSaved + 'a>(&mut self, items: impl IntoIterator<Item = &'a T>) {
        self.open('[');
        for item in items {
            self.item(item);
        }
        self.close(']');
    }

    /// An enum's variant with fields, `{"name": fields}`, as serde tags it.
    pub fn variant<T: ToSaved + ?Sized>(&mut self, name: &str, fields: &T) {
        self.open('{');
        self.str(name);
        self.0.push(':');
        self.item(fields);
        self.close('}');
    }

    /// An enum's variant with named fields, `{"name":{…}}`, as serde tags it: `fields` writes
    /// them with [`Out::field`].
    pub fn variant_fields(&mut self, name: &str, fields: impl FnOnce(&mut Out)) {
        self.open('{');
        self.str(name);
        self.0.push_str(":{");
        fields(self);
        self.close('}');
        self.0.push(',');
        self.close('}');
    }

    /// `text` as a JSON string, escaped as serde_json escapes it: `"`, `\` and the control
    /// characters, those with a short escape by it, the others as `\u00xx`.
    pub fn str(&mut self, text: &str) {
        self.0.push('"');
        let mut plain_from = 0;
        for (at, byte) in text.bytes().enumerate() {
            let short = match byte {
                b'"' => '"',
                b'\\' => '\\',
                b'\n' => 'n',
                b'\r' => 'r',
                b'\t' => 't',
                0x08 => 'b',
                0x0c => 'f',
                0..=0x1f => 'u',
                _ => continue,
            };
            // Escaped bytes are ASCII, so `at` is on a character's boundary.
            self.0
                .push_str(text.get(plain_from..at).unwrap_or_default());
            self.0.push('\\');
            self.0.push(short);
            if short == 'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.0.push_str("00");
                self.0.push(char::from(HEX[usize::from(byte >> 4)]));
                self.0.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
            plain_from = at + 1;
        }
        self.0.push_str(text.get(plain_from..).unwrap_or_default());
        self.0.push('"');
    }

    fn integer(&mut self, n: impl itoa::Integer) {
        self.0.push_str(itoa::Buffer::new().format(n));
    }
}

/// `value` as the JSON text of a save.
pub fn saved_text<T: ToSaved + ?Sized>(value: &T) -> String {
    let mut out = Out::default();
    value.write_saved(&mut out);
    out.into_text()
}

macro_rules! integers {
    ($($int:ty),*) => {$(
        impl ToSaved for $int {
            fn write_saved(&self, out: &mut Out) {
                out.integer(*self);
            }
        }
    )*};
}
integers!(u8, u32, u64, i64, usize);

/// As serde_json writes it: the shortest digits that read back as the same number, and `null`
/// for a number JSON cannot hold.
impl ToSaved for f64 {
    fn write_saved(&self, out: &mut Out) {
        match self.is_finite() {
            true => out.raw(zmij::Buffer::new().format_finite(*self)),
            false => out.raw("null"),
        }
    }
}

impl ToSaved for bool {
    fn write_saved(&self, out: &mut Out) {
        out.raw(if *self { "true" } else { "false" });
    }
}

impl ToSaved for str {
    fn write_saved(&self, out: &mut Out) {
        out.str(self);
    }
}

impl ToSaved for String {
    fn write_saved(&self, out: &mut Out) {
        out.str(self);
    }
}

/// `()` is saved as `null`.
impl ToSaved for () {
    fn write_saved(&self, out: &mut Out) {
        out.raw("null");
    }
}

impl<T: ToSaved + ?Sized> ToSaved for &T {
    fn write_saved(&self, out: &mut Out) {
        (**self).write_saved(out);
    }
}

impl<T: ToSaved> ToSaved for Option<T> {
    fn write_saved(&self, out: &mut Out) {
        match self {
            Some(value) => value.write_saved(out),
            None => out.raw("null"),
        }
    }
}

impl<A: ToSaved, B: ToSaved> ToSaved for (A, B) {
    fn write_saved(&self, out: &mut Out) {
        out.open('[');
        out.item(&self.0);
        out.item(&self.1);
        out.close(']');
    }
}

impl<T: ToSaved> ToSaved for [T] {
    fn write_saved(&self, out: &mut Out) {
        out.list(self);
    }
}

impl<T: ToSaved, const N: usize> ToSaved for [T; N] {
    fn write_saved(&self, out: &mut Out) {
        out.list(self);
    }
}

impl<T: ToSaved> ToSaved for Vec<T> {
    fn write_saved(&self, out: &mut Out) {
        out.list(self);
    }
}

impl<T: ToSaved> ToSaved for VecDeque<T> {
    fn write_saved(&self, out: &mut Out) {
        out.list(self);
    }
}

/// A map's key, which JSON writes as a string.
pub trait KeyToSaved {
    fn write_key(&self, out: &mut Out);
}

impl KeyToSaved for u64 {
    fn write_key(&self, out: &mut Out) {
        out.raw("\"");
        out.integer(*self);
        out.raw("\"");
    }
}

impl KeyToSaved for i64 {
    fn write_key(&self, out: &mut Out) {
        out.raw("\"");
        out.integer(*self);
        out.raw("\"");
    }
}

impl KeyToSaved for String {
    fn write_key(&self, out: &mut Out) {
        out.str(self);
    }
}

/// An object of `entries`, in their order.
pub fn entries<'a, K: KeyToSaved + 'a, V: ToSaved + 'a>(
    out: &mut Out,
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) {
    out.open('{');
    for (key, value) in entries {
        key.write_key(out);
        out.raw(":");
        out.item(value);
    }
    out.close('}');
}

impl<K: KeyToSaved, V: ToSaved> ToSaved for BTreeMap<K, V> {
    fn write_saved(&self, out: &mut Out) {
        entries(out, self);
    }
}

/// In the map's own order, as serde wrote it.
impl<K: KeyToSaved, V: ToSaved, S> ToSaved for HashMap<K, V, S> {
    fn write_saved(&self, out: &mut Out) {
        entries(out, self);
    }
}

/// Writes and reads the named fields of a struct, in the order given (that of their
/// declaration, as serde's derive wrote them): [`ToSaved`] and [`super::read::FromSaved`] in
/// one declaration, so that they cannot disagree. Fields after `or_default`, which saves of
/// earlier formats lack, read as their default where missing; fields after `if_true` (flags)
/// are written only when true and read as false where missing.
macro_rules! saved_fields {
    ($type:ident { $($field:ident),* $(,)? }
        $(or_default { $($newer:ident),* $(,)? })?
        $(if_true { $($flag:ident),* $(,)? })?) => {
        impl $crate::persist::read::FromSaved for $type {
            fn from_saved(value: &serde_json::Value) -> Result<Self, String> {
                use $crate::persist::read::field;
                Ok($type {
                    $($field: field(value, stringify!($field))?,)*
                    $($($newer: field::<Option<_>>(value, stringify!($newer))?.unwrap_or_default(),)*)?
                    $($($flag: field::<Option<bool>>(value, stringify!($flag))?.unwrap_or(false),)*)?
                })
            }
        }

        impl $crate::persist::write::ToSaved for $type {
            fn write_saved(&self, out: &mut $crate::persist::write::Out) {
                out.open('{');
                $(out.field(concat!("\"", stringify!($field), "\":"), &self.$field);)*
                $($(out.field(concat!("\"", stringify!($newer), "\":"), &self.$newer);)*)?
                $($(if self.$flag {
                    out.field(concat!("\"", stringify!($flag), "\":"), &true);
                })*)?
                out.close('}');
            }
        }
    };
}
pub(crate) use saved_fields;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// serde_json is the reference for strings: any text, control characters, quotes,
        /// backslashes and non-ASCII among them.
        #[test]
        fn a_string_is_escaped_as_serde_json_escapes_it(text in "(?s).{0,40}|[\\x00-\\x20\"\\\\\u{7f}é長]{0,20}") {
            prop_assert_eq!(saved_text(text.as_str()), serde_json::to_string(&text).unwrap_or_default());
        }

        #[test]
        fn numbers_are_written_as_serde_json_writes_them(int in any::<i64>(), whole in any::<u64>(), bits in any::<u64>()) {
            prop_assert_eq!(saved_text(&int), serde_json::to_string(&int).unwrap_or_default());
            prop_assert_eq!(saved_text(&whole), serde_json::to_string(&whole).unwrap_or_default());
            let float = f64::from_bits(bits);
            prop_assert_eq!(saved_text(&float), serde_json::to_string(&float).unwrap_or_default());
        }
    }

    #[test]
    fn containers_are_written_as_serde_json_writes_them() {
        let mut by_key = BTreeMap::new();
        by_key.insert(-3_i64, vec![(1_u64, Some(2.5_f64)), (2, None)]);
        by_key.insert(7, Vec::new());
        type Pairs = Vec<(u64, Option<f64>)>;
        let nested: BTreeMap<String, BTreeMap<i64, Pairs>> = BTreeMap::from([
            ("a\"b".to_string(), by_key),
            ("".to_string(), BTreeMap::new()),
        ]);
        let reference = serde_json::to_string(&nested).unwrap_or_default();
        assert_eq!(saved_text(&nested), reference);
        assert_eq!(saved_text(&[(); 2]), "[null,null]");
        assert_eq!(saved_text(&VecDeque::from([true, false])), "[true,false]");
        let empty: Vec<u8> = Vec::new();
        assert_eq!(saved_text(&empty), "[]");
    }
}
