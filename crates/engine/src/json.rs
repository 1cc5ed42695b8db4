//! JSON text written by hand: the saves, and the figures and reports hosts read.
//!
//! Each type writes itself with [`ToJson`], in the JSON serde's derived `Serialize` wrote
//! before (fields in the order they are declared, an enum as `"variant"` or `{"Variant": …}`,
//! a map's keys as strings), so that old saves and new ones read alike and hosts see the same
//! objects. By hand, because the derived writers and serde_json's serializer weighed more in
//! the bundle than this (docs/performance.md, "Bundle"), and so that a save is written from the
//! engine's state in place rather than from a copy of it. serde_json stays the reference in the
//! tests: strings are escaped and numbers written as it writes them, and each type's object is
//! the one its derived `Serialize` writes.

pub mod read;

use std::collections::{BTreeMap, HashMap, VecDeque};

/// A JSON value kept as its text, to be written back as it came: the id a host gives a message,
/// echoed in the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(String);

impl JsonText {
    /// `value`'s text.
    pub fn of(value: &read::Json) -> JsonText {
        JsonText(to_json(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `null`.
impl Default for JsonText {
    fn default() -> JsonText {
        JsonText("null".into())
    }
}

impl ToJson for JsonText {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw(&self.0);
    }
}

/// A value as JSON text.
pub trait ToJson {
    fn write_json(&self, out: &mut JsonOut);
}

/// JSON text, as it is written. Each item of an object or array is followed by a
/// comma, and closing the object or array takes the last one back.
#[derive(Default)]
pub struct JsonOut(String);

impl JsonOut {
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

    /// Closes what [`JsonOut::open`] opened with `bracket` (`}` or `]`).
    pub fn close(&mut self, bracket: char) {
        if self.0.ends_with(',') {
            self.0.pop();
        }
        self.0.push(bracket);
    }

    /// One item of an array, or the value of a key just written.
    pub fn item<T: ToJson + ?Sized>(&mut self, value: &T) {
        value.write_json(self);
        self.0.push(',');
    }

    /// One field of an object: `key` is its name written as JSON with the colon (`"name":`),
    /// as [`saved_fields!`] makes it at compile time.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.0.push_str(key);
        self.item(value);
    }

    /// An array of `items`.
    pub fn list<'a, T: ToJson + 'a>(&mut self, items: impl IntoIterator<Item = &'a T>) {
        self.open('[');
        for item in items {
            self.item(item);
        }
        self.close(']');
    }

    /// An enum's variant with fields, `{"name": fields}`, as serde tags it.
    pub fn variant<T: ToJson + ?Sized>(&mut self, name: &str, fields: &T) {
        self.open('{');
        self.str(name);
        self.0.push(':');
        self.item(fields);
        self.close('}');
    }

    /// An enum's variant with named fields, `{"name":{…}}`, as serde tags it: `fields` writes
    /// them with [`JsonOut::field`].
    pub fn variant_fields(&mut self, name: &str, fields: impl FnOnce(&mut JsonOut)) {
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

/// `value` as JSON text.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonOut::default();
    value.write_json(&mut out);
    out.into_text()
}

macro_rules! integers {
    ($($int:ty),*) => {$(
        impl ToJson for $int {
            fn write_json(&self, out: &mut JsonOut) {
                out.integer(*self);
            }
        }
    )*};
}
integers!(u8, u32, i32, u64, i64, usize);

/// As serde_json writes it: the shortest digits that read back as the same number, and `null`
/// for a number JSON cannot hold.
impl ToJson for f64 {
    fn write_json(&self, out: &mut JsonOut) {
        match self.is_finite() {
            true => out.raw(zmij::Buffer::new().format_finite(*self)),
            false => out.raw("null"),
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw(if *self { "true" } else { "false" });
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self);
    }
}

/// `()` is saved as `null`.
impl ToJson for () {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("null");
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut JsonOut) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            Some(value) => value.write_json(out),
            None => out.raw("null"),
        }
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, out: &mut JsonOut) {
        out.open('[');
        out.item(&self.0);
        out.item(&self.1);
        out.close(']');
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut JsonOut) {
        out.list(self);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut JsonOut) {
        out.list(self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonOut) {
        out.list(self);
    }
}

impl<T: ToJson> ToJson for VecDeque<T> {
    fn write_json(&self, out: &mut JsonOut) {
        out.list(self);
    }
}

/// A map's key, which JSON writes as a string.
pub trait JsonKey {
    fn write_key(&self, out: &mut JsonOut);
}

impl JsonKey for u64 {
    fn write_key(&self, out: &mut JsonOut) {
        out.raw("\"");
        out.integer(*self);
        out.raw("\"");
    }
}

impl JsonKey for i64 {
    fn write_key(&self, out: &mut JsonOut) {
        out.raw("\"");
        out.integer(*self);
        out.raw("\"");
    }
}

impl JsonKey for String {
    fn write_key(&self, out: &mut JsonOut) {
        out.str(self);
    }
}

/// An object of `entries`, in their order.
pub fn entries<'a, K: JsonKey + 'a, V: ToJson + 'a>(
    out: &mut JsonOut,
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

impl<K: JsonKey, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write_json(&self, out: &mut JsonOut) {
        entries(out, self);
    }
}

/// In the map's own order, as serde wrote it.
impl<K: JsonKey, V: ToJson, S> ToJson for HashMap<K, V, S> {
    fn write_json(&self, out: &mut JsonOut) {
        entries(out, self);
    }
}

impl<T: ToJson + ToOwned + ?Sized> ToJson for std::borrow::Cow<'_, T> {
    fn write_json(&self, out: &mut JsonOut) {
        (**self).write_json(out);
    }
}

/// Any JSON value (a request's `id` the iframe echoes, a configuration attribute), as
/// serde_json writes it: objects in their map's order.
impl ToJson for serde_json::Value {
    fn write_json(&self, out: &mut JsonOut) {
        use serde_json::Value;
        match self {
            Value::Null => out.raw("null"),
            Value::Bool(flag) => flag.write_json(out),
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(whole), _, _) => whole.write_json(out),
                (None, Some(int), _) => int.write_json(out),
                (None, None, Some(float)) => float.write_json(out),
                (None, None, None) => out.raw("null"),
            },
            Value::String(text) => out.str(text),
            Value::Array(items) => out.list(items),
            Value::Object(map) => map.write_json(out),
        }
    }
}

impl ToJson for serde_json::Map<String, serde_json::Value> {
    fn write_json(&self, out: &mut JsonOut) {
        entries(out, self);
    }
}

/// Writes a struct as the object serde's derived `Serialize` writes it: its fields in the
/// order given (their declaration's), named as they are or as `field = "name"` renames them;
/// the fields after `skip_none` are left out where `None`, as
/// `#[serde(skip_serializing_if = "Option::is_none")]` leaves them out.
///
/// ```
/// use agent_kpi_engine::{json::to_json, json_fields};
///
/// struct Reply { kind: &'static str, n: u64, note: Option<String> }
/// json_fields!(Reply { kind = "type", n } skip_none { note });
///
/// let reply = Reply { kind: "ack", n: 2, note: None };
/// assert_eq!(to_json(&reply), r#"{"type":"ack","n":2}"#);
/// ```
#[macro_export]
macro_rules! json_fields {
    ($type:ident $(<$life:lifetime>)? { $($field:ident $(= $name:literal)?),* $(,)? }
        $(skip_none { $($optional:ident $(= $optional_name:literal)?),* $(,)? })?) => {
        impl$(<$life>)? $crate::json::ToJson for $type$(<$life>)? {
            fn write_json(&self, out: &mut $crate::json::JsonOut) {
                out.open('{');
                $(out.field($crate::json_key!($field $(= $name)?), &self.$field);)*
                $($(if let Some(value) = &self.$optional {
                    out.field($crate::json_key!($optional $(= $optional_name)?), value);
                })*)?
                out.close('}');
            }
        }
    };
}

/// A field's key as [`JsonOut::field`] takes it, `"name":`, made at compile time.
#[doc(hidden)]
#[macro_export]
macro_rules! json_key {
    ($field:ident) => {
        concat!("\"", stringify!($field), "\":")
    };
    ($field:ident = $name:literal) => {
        concat!("\"", $name, "\":")
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// serde_json is the reference for strings: any text, control characters, quotes,
        /// backslashes and non-ASCII among them.
        #[test]
        fn a_string_is_escaped_as_serde_json_escapes_it(text in "(?s).{0,40}|[\\x00-\\x20\"\\\\\u{7f}é長]{0,20}") {
            prop_assert_eq!(to_json(text.as_str()), serde_json::to_string(&text).unwrap_or_default());
        }

        #[test]
        fn numbers_are_written_as_serde_json_writes_them(int in any::<i64>(), whole in any::<u64>(), bits in any::<u64>()) {
            prop_assert_eq!(to_json(&int), serde_json::to_string(&int).unwrap_or_default());
            prop_assert_eq!(to_json(&whole), serde_json::to_string(&whole).unwrap_or_default());
            let float = f64::from_bits(bits);
            prop_assert_eq!(to_json(&float), serde_json::to_string(&float).unwrap_or_default());
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
        assert_eq!(to_json(&nested), reference);
        assert_eq!(to_json(&[(); 2]), "[null,null]");
        assert_eq!(to_json(&VecDeque::from([true, false])), "[true,false]");
        let empty: Vec<u8> = Vec::new();
        assert_eq!(to_json(&empty), "[]");
    }

    /// Any JSON value: numbers of every kind, strings of any characters, nested.
    fn any_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "(?s).{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("(?s).{0,4}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn a_value_is_written_as_serde_json_writes_it(value in any_value()) {
            prop_assert_eq!(to_json(&value), serde_json::to_string(&value).unwrap_or_default());
        }
    }

    #[test]
    fn a_nested_value_is_written_as_serde_json_writes_it() {
        let value = serde_json::json!({"b": [1, -2, 2.5, 1e300, null, true, "x\n"], "a": {"": {}}, "c": []});
        assert_eq!(
            to_json(&value),
            serde_json::to_string(&value).unwrap_or_default()
        );
    }
}
