//! The fast path of parsing an event: a scanner specialised to the event schema.
//!
//! It reads the plain form hosts send (an object whose strings carry no escapes, integers for
//! the integer fields, nothing nested in the fields no figure reads) straight into the same
//! [`Wire`] that serde fills, borrowing every string from the input. Anything else (an escape,
//! a fraction or an exponent where an integer is read, a duplicate field, a nested value, a
//! `value` field, malformed JSON) makes it give up, and the event goes through serde, which
//! stays the reference: it reads every input, and names the field at fault in a rejection.
//!
//! So that the two never disagree, the scanner accepts only inputs that serde reads into the
//! same [`Wire`]; `tests/scanner.rs` (edge cases, a simulated day, the hostile corpus, mutated
//! events) and the fuzz target check every outcome, reasons included, against serde alone.

use super::parse::{Text, Unread, Wire, WireTime};
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

/// Whether any byte of `word` is a quote, a backslash or a control character (below 0x20):
/// the classic tests for a zero byte and for a byte below a bound, on eight bytes at once.
#[inline(always)]
fn needs_a_look(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, bound: u64| x.wrapping_sub(ONES * bound) & !x & HIGHS;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    (below(quote, 1) | below(backslash, 1) | below(word, 0x20)) != 0
}

/// The fields of [`Wire`].
#[derive(Clone, Copy, Debug, PartialEq)]
enum Field {
    V,
    Id,
    Ts,
    Type,
    ContactId,
    Channel,
    QueuedAt,
    CustomerKey,
    Queue,
    Reason,
    To,
    Resolved,
    Disposition,
    State,
    CaseId,
    Status,
    Priority,
    Owner,
    Csat,
    Nps,
    Ces,
    Kpi,
    Value,
    Scope,
}

/// The field a key names, if any (serde ignores the others): told apart by length and a
/// letter or two, then checked whole.
fn field(key: &[u8]) -> Option<Field> {
    let letter = |i: usize| key.get(i).copied().unwrap_or(0);
    let field = match (key.len(), letter(0)) {
        (1, _) => Field::V,
        (2, b'i') => Field::Id,
        (2, _) if letter(1) == b's' => Field::Ts,
        (2, _) => Field::To,
        (3, b'n') => Field::Nps,
        (3, b'c') => Field::Ces,
        (3, _) => Field::Kpi,
        (4, b't') => Field::Type,
        (4, _) => Field::Csat,
        (5, b's') if letter(1) == b't' => Field::State,
        (5, b's') => Field::Scope,
        (5, b'q') => Field::Queue,
        (5, b'v') => Field::Value,
        (5, _) => Field::Owner,
        (6, b'r') => Field::Reason,
        (6, _) => Field::Status,
        (7, _) if letter(1) == b'h' => Field::Channel,
        (7, _) => Field::CaseId,
        (8, b'r') => Field::Resolved,
        (8, _) => Field::Priority,
        (9, _) => Field::QueuedAt,
        (10, _) => Field::ContactId,
        (11, _) => Field::Disposition,
        (12, _) => Field::CustomerKey,
        _ => return None,
    };
    (key == field.name().as_bytes()).then_some(field)
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::V => "v",
            Field::Id => "id",
            Field::Ts => "ts",
            Field::Type => "type",
            Field::ContactId => "contact_id",
            Field::Channel => "channel",
            Field::QueuedAt => "queued_at",
            Field::CustomerKey => "customer_key",
            Field::Queue => "queue",
            Field::Reason => "reason",
            Field::To => "to",
            Field::Resolved => "resolved",
            Field::Disposition => "disposition",
            Field::State => "state",
            Field::CaseId => "case_id",
            Field::Status => "status",
            Field::Priority => "priority",
            Field::Owner => "owner",
            Field::Csat => "csat",
            Field::Nps => "nps",
            Field::Ces => "ces",
            Field::Kpi => "kpi",
            Field::Value => "value",
            Field::Scope => "scope",
        }
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
                let key = self.string_body()?;
                self.skip_whitespace();
                self.expect(b':')?;
                self.skip_whitespace();
                match field(key.as_bytes()) {
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
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' if !LINE => self.at += 1,
                _ => break,
            }
        }
    }

    /// The rest of a string whose opening quote was read, up to its closing quote; `None` for
    /// an escape or a control character (serde's to unescape or refuse).
    #[inline(always)]
    fn string_body(&mut self) -> Option<&'a str> {
        let start = self.at;
        let mut end = start;
        // Eight bytes a step while none of them ends the string or needs a look.
        while let Some(chunk) = self.bytes.get(end..end + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            if needs_a_look(u64::from_le_bytes(word)) {
                break;
            }
            end += 8;
        }
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' | 0..0x20 => return None,
                _ => end += 1,
            }
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

    /// `null` (then `Some(None)`), or what `read` reads.
    #[inline(always)]
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            return Some(None);
        }
        read(self).map(Some)
    }

    #[inline(always)]
    fn text(&mut self) -> Option<Text<'a>> {
        self.expect(b'"')?;
        self.string_body().map(|s| Text(Cow::Borrowed(s)))
    }

    /// An integer as serde_json reads it into an `i64`: no fraction, no exponent, no leading
    /// zero, not `-0` (a float to serde_json), at most 18 digits (so it fits).
    fn integer(&mut self) -> Option<i64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut value: i64 = 0;
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
        match field {
            Field::V => wire.v = self.nullable(Self::integer)?,
            Field::Id => wire.id = self.nullable(Self::text)?,
            Field::Ts => wire.ts = self.nullable(Self::time)?,
            Field::Type => wire.kind = self.nullable(Self::text)?,
            Field::ContactId => wire.contact_id = self.nullable(Self::text)?,
            Field::Channel => wire.channel = self.nullable(Self::text)?,
            Field::QueuedAt => wire.queued_at = self.nullable(Self::time)?,
            Field::CustomerKey => wire.customer_key = self.nullable(Self::text)?,
            Field::Queue => wire._queue = self.nullable(Self::unread)?,
            Field::Reason => wire.reason = self.nullable(Self::text)?,
            Field::To => wire._to = self.nullable(Self::unread)?,
            Field::Resolved => wire.resolved = self.nullable(Self::boolean)?,
            Field::Disposition => wire._disposition = self.nullable(Self::unread)?,
            Field::State => wire.state = self.nullable(Self::text)?,
            Field::CaseId => wire.case_id = self.nullable(Self::text)?,
            Field::Status => wire._status = self.nullable(Self::unread)?,
            Field::Priority => wire._priority = self.nullable(Self::unread)?,
            Field::Owner => wire.owner = self.nullable(Self::text)?,
            Field::Csat => wire.csat = self.nullable(Self::integer)?,
            Field::Nps => wire.nps = self.nullable(Self::integer)?,
            Field::Ces => wire.ces = self.nullable(Self::integer)?,
            Field::Kpi => wire.kpi = self.nullable(Self::text)?,
            // A float, which serde_json reads with its own rounding: serde's, always.
            Field::Value => return None,
            Field::Scope => wire.scope = self.nullable(Self::text)?,
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
    use crate::engine::parse::{parse_with_serde, Parsed};

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
