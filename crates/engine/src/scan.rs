//! The fast path of parsing an event: a scanner specialised to the event schema.
//!
//! It reads the plain form hosts send (an object whose strings carry no escapes, integers for
//! the integer fields, nothing nested in the fields no figure reads) straight into the same
//! [`Wire`] that serde fills, borrowing every string from the input. Anything else (an escape,
//! a fraction or an exponent where an integer is read, a duplicate field, a nested value, a
//! `value` field, malformed JSON) makes it give up, and the event goes through the slow reader
//! (`wire_read.rs`), which reads every input and names the field at fault in a rejection.
//!
//! serde's derived reader of [`Wire`] over serde_json stays the reference for both:
//! `tests/scanner.rs` (edge cases, a simulated day, the hostile corpus, mutated events) and the
//! fuzz target check every outcome, reasons included, against serde alone.

use crate::wire::{Text, Unread, Wire, WireTime};
use std::borrow::Cow;

/// Reads the whole of `json` into `wire`, or `None` where serde must do it.
pub(super) fn scan<'a>(json: &'a str, wire: &mut Wire<'a>) -> Option<()> {
    let mut s = Scanner::<false>::new(json);
    s.object(wire)?;
    (s.at == s.bytes.len()).then_some(())
}

/// Reads the first line of `text` into `wire` where it holds one event (with nothing but
/// whitespace around it), and says how far the next line starts; `None` where serde must read
/// the line. A line is what `str::lines` makes of the text: up to a line feed, less the
/// carriage return before it.
pub(super) fn scan_line<'a>(text: &'a str, wire: &mut Wire<'a>) -> Option<usize> {
    let mut s = Scanner::<true>::new(text);
    s.object(wire)?;
    match s.next() {
        None => Some(s.at),
        Some(b'\n') => Some(s.at),
        Some(_) => None,
    }
}

/// The bytes of `word` (eight bytes of text, the first the lowest) that end a string or need a
/// look: a quote, a backslash, a control character (below 0x20). The classic tests for a zero
/// byte and for a byte below a bound, on eight bytes at once: their lowest flag is always
/// right (a flag above it may be wrong), so it says where the first such byte is.
#[inline(always)]
fn string_stops(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, bound: u64| x.wrapping_sub(ONES * bound) & !x & HIGHS;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    below(quote, 1) | below(backslash, 1) | below(word, 0x20)
}

/// The value of eight ASCII digits (the first the lowest byte of `word`), or `None` where a
/// byte is not a digit: the SWAR method of fast_float and simdjson.
#[inline(always)]
fn eight_digits(word: u64) -> Option<i64> {
    let all_digits = (word.wrapping_add(0x4646_4646_4646_4646)
        | word.wrapping_sub(0x3030_3030_3030_3030))
        & 0x8080_8080_8080_8080
        == 0;
    if !all_digits {
        return None;
    }
    let mut v = word - 0x3030_3030_3030_3030;
    v = v * 10 + (v >> 8);
    const MASK: u64 = 0x0000_00ff_0000_00ff;
    let v = ((v & MASK).wrapping_mul(0x000f_4240_0000_0064)
        + ((v >> 16) & MASK).wrapping_mul(0x0000_2710_0000_0001))
        >> 32;
    Some(v as i64)
}

/// Makes [`Field`] and its list and names from one row per field of [`Wire`]: its variant
/// and its name in JSON.
///
/// A macro so that the list of fields and their names are not two more lists to keep in step
/// by hand. The order is [`Wire`]'s (a test holds them equal); a field's position is its bit in
/// the fields seen so far, so there are at most 32.
macro_rules! fields {
    ($($variant:ident = $name:literal,)*) => {
        /// The fields of [`Wire`].
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub(crate) enum Field {
            $($variant,)*
        }

        impl Field {
            pub(crate) const ALL: [Field; [$(Field::$variant),*].len()] = [$(Field::$variant),*];

            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }
        }
    };
}

fields! {
    V = "v",
    Id = "id",
    Ts = "ts",
    Type = "type",
    ContactId = "contact_id",
    Channel = "channel",
    QueuedAt = "queued_at",
    CustomerKey = "customer_key",
    Queue = "queue",
    Reason = "reason",
    Direction = "direction",
    To = "to",
    Resolved = "resolved",
    Disposition = "disposition",
    State = "state",
    CaseId = "case_id",
    Status = "status",
    Priority = "priority",
    Owner = "owner",
    Csat = "csat",
    Nps = "nps",
    Ces = "ces",
    Kpi = "kpi",
    Value = "value",
    Scope = "scope",
}

// The fields seen in an object are bits of a `u32`.
const _: () = assert!(Field::ALL.len() <= 32);

/// A field's name and closing quote as two little-endian words, with the masks of the bytes
/// they take (at most 13 of 16).
struct Key {
    bytes: [u64; 2],
    mask: [u64; 2],
    len: usize,
}

impl Key {
    const fn of(field: Field) -> Key {
        let name = field.name().as_bytes();
        let mut key = Key {
            bytes: [0; 2],
            mask: [0; 2],
            len: name.len() + 1,
        };
        let mut i = 0;
        while i < key.len {
            let byte = if i < name.len() { name[i] } else { b'"' };
            key.bytes[i / 8] |= (byte as u64) << (8 * (i % 8));
            key.mask[i / 8] |= 0xff << (8 * (i % 8));
            i += 1;
        }
        key
    }
}

/// The [`Key`] of every field, by its position in [`Field`].
const KEYS: [Key; Field::ALL.len()] = {
    let mut keys = [const {
        Key {
            bytes: [0; 2],
            mask: [0; 2],
            len: 0,
        }
    }; Field::ALL.len()];
    let mut i = 0;
    while i < Field::ALL.len() {
        keys[Field::ALL[i] as usize] = Key::of(Field::ALL[i]);
        i += 1;
    }
    keys
};

/// The fields in the order of the first byte of their name (in declaration order among those
/// of one first byte), and where each first byte's run starts: the fields whose name starts
/// with `b` are `fields[starts[b]..starts[b + 1]]`. Made at compile time from the declaration.
struct ByFirstByte {
    fields: [Field; Field::ALL.len()],
    starts: [u8; 257],
}

static BY_FIRST_BYTE: ByFirstByte = {
    let mut table = ByFirstByte {
        fields: Field::ALL,
        starts: [0; 257],
    };
    let mut filled = 0;
    let mut byte = 0;
    while byte < 256 {
        table.starts[byte] = filled as u8;
        let mut i = 0;
        while i < Field::ALL.len() {
            // An empty name would stop the build here (no first byte).
            if Field::ALL[i].name().as_bytes()[0] as usize == byte {
                table.fields[filled] = Field::ALL[i];
                filled += 1;
            }
            i += 1;
        }
        byte += 1;
    }
    table.starts[256] = filled as u8;
    table
};

impl Field {
    /// The fields whose name starts with `letter`.
    #[inline(always)]
    fn starting_with(letter: u8) -> &'static [Field] {
        let starts = &BY_FIRST_BYTE.starts;
        let at = usize::from(letter);
        let (from, to) = (starts[at], starts[at + 1]);
        BY_FIRST_BYTE
            .fields
            .get(usize::from(from)..usize::from(to))
            .unwrap_or(&[])
    }
}

/// Where a scan stands in its text. With `LINE`, a line feed ends the text: it is not
/// whitespace, as a line never holds one.
struct Scanner<'a, const LINE: bool> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a, const LINE: bool> Scanner<'a, LINE> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    /// One object, and the whitespace after it.
    fn object(&mut self, wire: &mut Wire<'a>) -> Option<()> {
        // The fields read so far, one bit each: a field given twice is serde's to refuse.
        let mut seen = 0u32;
        self.skip_whitespace();
        self.expect(b'{')?;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                self.expect(b'"')?;
                let key = self.key()?;
                self.skip_whitespace();
                self.expect(b':')?;
                self.skip_whitespace();
                match key {
                    Some(field) => {
                        let bit = 1 << field as u32;
                        if seen & bit != 0 {
                            return None;
                        }
                        seen |= bit;
                        self.field(field, wire)?;
                    }
                    None => self.skip_plain_value()?,
                }
                self.skip_whitespace();
                match self.next()? {
                    b',' => self.skip_whitespace(),
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        self.skip_whitespace();
        Some(())
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    #[inline(always)]
    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    /// JSON's whitespace (serde's too): space, tab, line feed (but in a line), carriage
    /// return.
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            if b > b' ' {
                break;
            }
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' if !LINE => self.at += 1,
                _ => break,
            }
        }
    }

    /// A key whose opening quote was read: `Some(field)` for the field it names, `None` for
    /// a key no field has (serde ignores those).
    #[inline(always)]
    fn key(&mut self) -> Option<Option<Field>> {
        let rest = self.bytes.get(self.at..)?;
        let candidates = Field::starting_with(*rest.first()?);
        if let Some(words) = rest.get(..16) {
            // Sixteen bytes at hand: each name (with its closing quote) compared as two
            // masked words.
            let word = |i: usize| words.get(i..i + 8).and_then(|w| w.try_into().ok());
            let (first, second) = (u64::from_le_bytes(word(0)?), u64::from_le_bytes(word(8)?));
            for &field in candidates {
                let key = &KEYS[field as usize];
                if first & key.mask[0] == key.bytes[0] && second & key.mask[1] == key.bytes[1] {
                    self.at += key.len;
                    return Some(Some(field));
                }
            }
        } else {
            for &field in candidates {
                let name = field.name().as_bytes();
                if rest.get(..name.len()) == Some(name) && rest.get(name.len()) == Some(&b'"') {
                    self.at += name.len() + 1;
                    return Some(Some(field));
                }
            }
        }
        self.string_body()?;
        Some(None)
    }

    /// The rest of a string whose opening quote was read, up to its closing quote; `None` for
    /// an escape or a control character (serde's to unescape or refuse).
    #[inline(always)]
    fn string_body(&mut self) -> Option<&'a str> {
        let start = self.at;
        let mut end = start;
        // Eight bytes a step while none of them ends the string or needs a look; then the
        // first that does.
        loop {
            let Some(chunk) = self.bytes.get(end..end + 8) else {
                // Fewer than eight bytes left: one at a time.
                while let Some(&b) = self.bytes.get(end) {
                    if b == b'"' || b == b'\\' || b < 0x20 {
                        break;
                    }
                    end += 1;
                }
                break;
            };
            let stops = string_stops(u64::from_le_bytes(chunk.try_into().ok()?));
            if stops != 0 {
                end += stops.trailing_zeros() as usize / 8;
                break;
            }
            end += 8;
        }
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        // Cut at ASCII quotes: always on character boundaries.
        self.text.get(start..end)
    }

    /// `null`, `true` or `false` where `word` starts here.
    #[inline(always)]
    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    #[inline(always)]
    fn text(&mut self) -> Option<Text<'a>> {
        self.expect(b'"')?;
        self.string_body().map(|s| Text(Cow::Borrowed(s)))
    }

    /// An integer as serde_json reads it into an `i64`: no fraction, no exponent, no leading
    /// zero, not `-0` (a float to serde_json), at most 18 digits (so it fits).
    #[inline(always)]
    fn integer(&mut self) -> Option<i64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut value: i64 = 0;
        // Eight digits a step (an epoch in milliseconds has 13), then one at a time.
        while self.at - start <= 10 {
            let Some(chunk) = self.bytes.get(self.at..self.at + 8) else {
                break;
            };
            let Some(eight) = eight_digits(u64::from_le_bytes(chunk.try_into().ok()?)) else {
                break;
            };
            value = value * 100_000_000 + eight;
            self.at += 8;
        }
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            if self.at - start == 18 {
                return None;
            }
            value = value * 10 + i64::from(digit - b'0');
            self.at += 1;
        }
        let digits = self.at - start;
        let leading_zero = digits > 1 && self.bytes.get(start) == Some(&b'0');
        if digits == 0 || leading_zero || (negative && value == 0) {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = self.peek() {
            return None;
        }
        Some(if negative { -value } else { value })
    }

    #[inline(always)]
    fn time(&mut self) -> Option<WireTime<'a>> {
        match self.peek()? {
            b'"' => self.text().map(|t| WireTime::Text(t.0)),
            _ => self.integer().map(WireTime::Millis),
        }
    }

    #[inline(always)]
    fn boolean(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' => self.literal(b"true").map(|()| true),
            _ => self.literal(b"false").map(|()| false),
        }
    }

    #[inline(always)]
    fn unread(&mut self) -> Option<Unread> {
        self.text().map(|_| Unread)
    }

    /// Reads the value of `field` into `wire`.
    fn field(&mut self, field: Field, wire: &mut Wire<'a>) -> Option<()> {
        // `null` is `None`, which the field is until read (and it is read once).
        if self.peek() == Some(b'n') {
            return self.literal(b"null");
        }
        match field {
            Field::V => wire.v = Some(self.integer()?),
            Field::Id => wire.id = Some(self.text()?),
            Field::Ts => wire.ts = Some(self.time()?),
            Field::Type => wire.kind = Some(self.text()?),
            Field::ContactId => wire.contact_id = Some(self.text()?),
            Field::Channel => wire.channel = Some(self.text()?),
            Field::QueuedAt => wire.queued_at = Some(self.time()?),
            Field::CustomerKey => wire.customer_key = Some(self.text()?),
            Field::Queue => wire._queue = Some(self.unread()?),
            Field::Reason => wire.reason = Some(self.text()?),
            Field::Direction => wire.direction = Some(self.text()?),
            Field::To => wire._to = Some(self.unread()?),
            Field::Resolved => wire.resolved = Some(self.boolean()?),
            Field::Disposition => wire._disposition = Some(self.unread()?),
            Field::State => wire.state = Some(self.text()?),
            Field::CaseId => wire.case_id = Some(self.text()?),
            Field::Status => wire._status = Some(self.unread()?),
            Field::Priority => wire._priority = Some(self.unread()?),
            Field::Owner => wire.owner = Some(self.text()?),
            Field::Csat => wire.csat = Some(self.integer()?),
            Field::Nps => wire.nps = Some(self.integer()?),
            Field::Ces => wire.ces = Some(self.integer()?),
            Field::Kpi => wire.kpi = Some(self.text()?),
            // A float, which serde_json reads with its own rounding: serde's, always.
            Field::Value => return None,
            Field::Scope => wire.scope = Some(self.text()?),
        }
        Some(())
    }

    /// Steps over the value of a field no one reads: a string, number or literal (what serde
    /// would accept there); an object or array is serde's.
    fn skip_plain_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.text().map(drop),
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => None,
        }
    }

    /// A number of JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn skip_number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.skip_digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.one_or_more_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.one_or_more_digits()?;
        }
        Some(())
    }

    #[inline(always)]
    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn one_or_more_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.skip_digits();
        (self.at > start).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_with_serde, Parsed};

    /// What the scanner makes of `json`, where it reads it.
    fn scanned(json: &str) -> Option<Parsed> {
        let mut wire = Wire::default();
        scan(json, &mut wire)?;
        Some(match wire.to_event() {
            Ok(parsed) => parsed,
            Err(reason) => Parsed::Rejected { reason },
        })
    }

    #[test]
    fn every_field_is_found_by_its_name() {
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, i);
            let name = field.name();
            assert!(Field::starting_with(name.as_bytes()[0]).contains(&field));
            // With sixteen bytes at hand and without.
            for tail in ["", r#":1,"a_longer_key":2"#] {
                let text = format!("{name}\"{tail}");
                let mut s = Scanner::<false>::new(&text);
                assert_eq!(s.key(), Some(Some(field)), "{text}");
                assert_eq!(s.at, name.len() + 1);
                let text = format!("{name}s\"{tail}");
                assert_eq!(Scanner::<false>::new(&text).key(), Some(None), "{text}");
            }
        }
    }

    /// The names of the fields serde's derived reader of [`Wire`] reads: the names it hands to
    /// `deserialize_struct`, recorded by a deserializer that reads nothing.
    fn wire_fields() -> &'static [&'static str] {
        use serde::de::{Error, Visitor};
        struct Recorder<'r>(&'r mut &'static [&'static str]);
        impl<'de> serde::Deserializer<'de> for Recorder<'_> {
            type Error = serde::de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(Error::custom("only a struct's fields are recorded"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _name: &'static str,
                fields: &'static [&'static str],
                _visitor: V,
            ) -> Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(Error::custom("recorded"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut fields: &'static [&'static str] = &[];
        let _ = <Wire as serde::Deserialize>::deserialize(Recorder(&mut fields));
        fields
    }

    #[test]
    fn the_scanner_reads_the_fields_serde_reads() {
        let scanned: Vec<&str> = Field::ALL.into_iter().map(Field::name).collect();
        assert_eq!(scanned, wire_fields());
    }

    #[test]
    fn each_field_is_a_candidate_for_its_first_letter_and_no_other() {
        for letter in 0..=u8::MAX {
            let expected: Vec<Field> = Field::ALL
                .into_iter()
                .filter(|f| f.name().as_bytes().first() == Some(&letter))
                .collect();
            assert_eq!(Field::starting_with(letter), expected, "{}", letter as char);
        }
    }

    #[test]
    fn eight_digits_at_once() {
        let word = |text: &[u8; 8]| u64::from_le_bytes(*text);
        assert_eq!(eight_digits(word(b"12345678")), Some(12_345_678));
        assert_eq!(eight_digits(word(b"00000000")), Some(0));
        assert_eq!(eight_digits(word(b"99999999")), Some(99_999_999));
        for bad in [
            b"1234567/",
            b"1234567:",
            b"a2345678",
            b"1234 678",
            b"\x001234567",
            &[0xb9; 8],
        ] {
            assert_eq!(eight_digits(word(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn the_plain_form_is_scanned() {
        for json in [
            r#"{"id":"sim-1-1","state":"available","ts":1767254400000,"type":"agent_state"}"#,
            r#"{"channel":"chat","contact_id":"c-1-1","customer_key":"cust-120","id":"sim-1-2","queue":"general","queued_at":1767254398000,"reason":"delivery status","ts":1767254429000,"type":"contact_offered"}"#,
            r#" { "id" : "a" , "ts" : "2026-11-23T09:00:00Z" , "type" : "wrap_up_ended" , "contact_id" : "c", "resolved": true, "extra": [] } "#,
        ] {
            let json = json.replace(r#", "extra": []"#, r#", "extra": -1.5e-3"#);
            assert!(scan(&json, &mut Wire::default()).is_some(), "{json}");
            assert_eq!(scanned(&json), Some(parse_with_serde(&json)), "{json}");
        }
    }
}
