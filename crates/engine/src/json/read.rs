//! JSON text read by hand into a tree that borrows from it: saves, configuration, messages.
//!
//! serde_json's reader built a `Value` whose every key and string was a `String` of its own and
//! every object a `BTreeMap`; restoring a save spent a third of its time there and a fifth
//! dropping the tree (docs/performance.md, "Saves"). [`Json`] borrows each string without an
//! escape and keeps an object's members in a `Vec`, in the order written. It reads what
//! serde_json reads and refuses what it refuses, with the same message at the same line and
//! column: the tests hold it to serde_json (a dev dependency), text for text.

use std::borrow::Cow;
use std::fmt;

/// A JSON value, borrowing from the text it was read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Json<'a> {
    #[default]
    Null,
    Bool(bool),
    /// A number as written (JSON's grammar checked, and finite), read as the type asked for.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// The members in the order written. A key given twice reads as its last value, as in
    /// serde_json's `Value`.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// What a missing field reads as.
pub static NULL: Json<'static> = Json::Null;

impl<'a> Json<'a> {
    /// The value of `key` in an object: its last, where it is given twice.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The value of `key`, or `null` where there is none (or this is no object).
    pub fn field(&self, key: &str) -> &Json<'a> {
        self.get(key).unwrap_or(&NULL)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// An integer written without fraction or exponent that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.integer_text()?.parse().ok()
    }

    /// A whole number written without fraction or exponent that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.integer_text()?.parse().ok()
    }

    /// The text of a number that may be an integer: `-0` is a float to serde_json.
    fn integer_text(&self) -> Option<&str> {
        match self {
            Json::Number(text) if *text != "-0" => Some(text),
            _ => None,
        }
    }

    /// Any number, as an `f64`: the value serde_json reads from the same text.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(text) => float_of(text),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members of an object, in the order written.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// What kind of value this is, in words.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// `value["key"]`: [`Json::field`].
impl<'a> std::ops::Index<&str> for Json<'a> {
    type Output = Json<'a>;

    fn index(&self, key: &str) -> &Json<'a> {
        self.field(key)
    }
}

/// Written back as JSON: numbers as they were written, strings escaped again.
impl super::ToJson for Json<'_> {
    fn write_json(&self, out: &mut super::JsonOut) {
        match self {
            Json::Null => out.raw("null"),
            Json::Bool(flag) => flag.write_json(out),
            Json::Number(text) => out.raw(text),
            Json::String(text) => out.str(text),
            Json::Array(items) => out.list(items),
            Json::Object(members) => {
                out.open('{');
                for (key, value) in members {
                    out.str(key);
                    out.raw(":");
                    out.item(value);
                }
                out.close('}');
            }
        }
    }
}

/// Why a text is not JSON, and where: serde_json's message and position for the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    what: Wrong,
    line: usize,
    column: usize,
}

impl JsonError {
    /// serde_json's message, without the position.
    pub fn message(&self) -> &'static str {
        self.what.message()
    }

    /// Whether the text ended before its value did.
    pub fn is_eof(&self) -> bool {
        matches!(
            self.what,
            Wrong::EofInList | Wrong::EofInObject | Wrong::EofInString | Wrong::EofInValue
        )
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what.message(),
            self.line,
            self.column
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wrong {
    EofInList,
    EofInObject,
    EofInString,
    EofInValue,
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedIdent,
    ExpectedValue,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    ControlCharacter,
    KeyMustBeAString,
    LoneSurrogate,
    TrailingComma,
    TrailingCharacters,
    EndOfHexEscape,
    TooDeep,
}

impl Wrong {
    /// serde_json's words for it.
    fn message(self) -> &'static str {
        match self {
            Wrong::EofInList => "EOF while parsing a list",
            Wrong::EofInObject => "EOF while parsing an object",
            Wrong::EofInString => "EOF while parsing a string",
            Wrong::EofInValue => "EOF while parsing a value",
            Wrong::ExpectedColon => "expected `:`",
            Wrong::ExpectedListCommaOrEnd => "expected `,` or `]`",
            Wrong::ExpectedObjectCommaOrEnd => "expected `,` or `}`",
            Wrong::ExpectedIdent => "expected ident",
            Wrong::ExpectedValue => "expected value",
            Wrong::InvalidEscape => "invalid escape",
            Wrong::InvalidNumber => "invalid number",
            Wrong::NumberOutOfRange => "number out of range",
            Wrong::ControlCharacter => {
                "control character (\\u0000-\\u001F) found while parsing a string"
            }
            Wrong::KeyMustBeAString => "key must be a string",
            Wrong::LoneSurrogate => "lone leading surrogate in hex escape",
            Wrong::TrailingComma => "trailing comma",
            Wrong::TrailingCharacters => "trailing characters",
            Wrong::EndOfHexEscape => "unexpected end of hex escape",
            Wrong::TooDeep => "recursion limit exceeded",
        }
    }
}

/// Reads `text` as one JSON value, with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Json<'_>, JsonError> {
    let mut reader = Reader::new(text);
    let value = reader.value()?;
    reader.end()?;
    Ok(value)
}

/// The items of `text` where it is one JSON array (whitespace around it allowed), each as its
/// text; `None` for anything else. As serde_json reads a `Vec<&RawValue>`: each item checked by
/// [`Reader::ignore_value`].
pub fn array_items(text: &str) -> Option<Vec<&str>> {
    let mut reader = Reader::new(text);
    if reader.skip_whitespace()? != b'[' {
        return None;
    }
    reader.at += 1;
    let mut items = Vec::new();
    reader
        .items(|reader| {
            let start = reader.at;
            reader.ignore_value()?;
            items.push(text.get(start..reader.at).unwrap_or_default());
            Ok(())
        })
        .ok()?;
    reader.end().ok()?;
    Some(items)
}

/// Arrays and objects may nest 127 deep, as in serde_json: no text runs the stack out.
const MAX_DEPTH: u8 = 128;

/// Where a reading stands in its text; the event reader (`wire_read.rs`) reads with it too.
pub(crate) struct Reader<'a> {
    text: &'a str,
    /// The byte read next.
    pub(crate) at: usize,
    depth_left: u8,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: 0,
            depth_left: MAX_DEPTH,
        }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    /// Nothing but whitespace left.
    pub(crate) fn end(&mut self) -> Result<(), JsonError> {
        match self.skip_whitespace() {
            Some(_) => Err(self.peek_error(Wrong::TrailingCharacters)),
            None => Ok(()),
        }
    }

    /// The next byte that is not whitespace, not taken.
    pub(crate) fn skip_whitespace(&mut self) -> Option<u8> {
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.at += 1,
                other => return other,
            }
        }
    }

    /// `what`, at the byte last taken (serde_json's `error`).
    fn error(&self, what: Wrong) -> JsonError {
        self.error_at(what, self.at)
    }

    /// `what`, at the byte looked at and not taken (serde_json's `peek_error`).
    pub(crate) fn peek_error(&self, what: Wrong) -> JsonError {
        self.error_at(what, (self.at + 1).min(self.text.len()))
    }

    #[cold]
    fn error_at(&self, what: Wrong, at: usize) -> JsonError {
        let before = self.text.as_bytes().get(..at).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let lines = before.iter().filter(|&&b| b == b'\n').count();
        JsonError {
            what,
            line: 1 + lines,
            column: at - line_start,
        }
    }

    pub(crate) fn value(&mut self) -> Result<Json<'a>, JsonError> {
        let Some(first) = self.skip_whitespace() else {
            return Err(self.peek_error(Wrong::EofInValue));
        };
        match first {
            b'n' => self.word(b"null", Json::Null),
            b't' => self.word(b"true", Json::Bool(true)),
            b'f' => self.word(b"false", Json::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.at += 1;
                Ok(Json::String(self.string()?))
            }
            b'[' | b'{' => {
                self.depth_left -= 1;
                if self.depth_left == 0 {
                    return Err(self.peek_error(Wrong::TooDeep));
                }
                self.at += 1;
                let value = match first {
                    b'[' => self.array(),
                    _ => self.object(),
                };
                self.depth_left += 1;
                value
            }
            _ => Err(self.peek_error(Wrong::ExpectedValue)),
        }
    }

    pub(crate) fn word(&mut self, word: &[u8], value: Json<'a>) -> Result<Json<'a>, JsonError> {
        self.at += 1;
        for expected in word.get(1..).unwrap_or_default() {
            match self.next() {
                None => return Err(self.error(Wrong::EofInValue)),
                Some(byte) if byte != *expected => return Err(self.error(Wrong::ExpectedIdent)),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    /// After `[`: the items, and the `]`.
    fn array(&mut self) -> Result<Json<'a>, JsonError> {
        let mut items = Vec::new();
        self.items(|reader| {
            items.push(reader.value()?);
            Ok(())
        })?;
        Ok(Json::Array(items))
    }

    /// After `[`: each item through `item`, and the `]`.
    fn items(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        let mut first = true;
        loop {
            let mut peek = self.skip_whitespace();
            match peek {
                Some(b']') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b',') if !first => {
                    self.at += 1;
                    peek = self.skip_whitespace();
                }
                Some(_) if first => first = false,
                Some(_) => return Err(self.peek_error(Wrong::ExpectedListCommaOrEnd)),
                None => return Err(self.peek_error(Wrong::EofInList)),
            }
            match peek {
                Some(b']') => return Err(self.peek_error(Wrong::TrailingComma)),
                Some(_) => item(self)?,
                None => return Err(self.peek_error(Wrong::EofInValue)),
            }
        }
    }

    /// After `{`: the members, and the `}`.
    fn object(&mut self) -> Result<Json<'a>, JsonError> {
        let mut members = Vec::new();
        self.members(|reader, key| {
            reader.colon()?;
            members.push((key, reader.value()?));
            Ok(())
        })?;
        Ok(Json::Object(members))
    }

    /// After `{`: each member's key read, then given to `member` (which reads the colon after
    /// it, [`Reader::colon`], and its value), and the `}`. The event reader takes an object's
    /// members with it too, its faults of its own (`E`) beside JSON's.
    pub(crate) fn members<E: From<JsonError>>(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut first = true;
        loop {
            let mut peek = self.skip_whitespace();
            match peek {
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b',') if !first => {
                    self.at += 1;
                    peek = self.skip_whitespace();
                }
                Some(_) if first => first = false,
                Some(_) => return Err(self.peek_error(Wrong::ExpectedObjectCommaOrEnd).into()),
                None => return Err(self.peek_error(Wrong::EofInObject).into()),
            }
            match peek {
                Some(b'"') => self.at += 1,
                Some(b'}') => return Err(self.peek_error(Wrong::TrailingComma).into()),
                Some(_) => return Err(self.peek_error(Wrong::KeyMustBeAString).into()),
                None => return Err(self.peek_error(Wrong::EofInValue).into()),
            }
            let key = self.string()?;
            member(self, key)?;
        }
    }

    /// The colon after a member's key.
    pub(crate) fn colon(&mut self) -> Result<(), JsonError> {
        match self.skip_whitespace() {
            Some(b':') => {
                self.at += 1;
                Ok(())
            }
            Some(_) => Err(self.peek_error(Wrong::ExpectedColon)),
            None => Err(self.peek_error(Wrong::EofInObject)),
        }
    }

    /// After the opening quote: the string, and its closing quote.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        // Copied out only from the first escape on.
        let mut copied: Option<String> = None;
        let mut run = start;
        loop {
            while matches!(bytes.get(self.at), Some(&b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            let piece = self.text.get(run..self.at).unwrap_or_default();
            match self.next() {
                None => return Err(self.error(Wrong::EofInString)),
                Some(b'"') => {
                    return Ok(match copied {
                        None => Cow::Borrowed(piece),
                        Some(mut text) => {
                            text.push_str(piece);
                            Cow::Owned(text)
                        }
                    })
                }
                Some(b'\\') => {
                    let text = copied.get_or_insert_with(String::new);
                    text.push_str(piece);
                    self.escape(text)?;
                    run = self.at;
                }
                Some(_) => return Err(self.error(Wrong::ControlCharacter)),
            }
        }
    }

    /// After a backslash: the escape, onto `text`.
    fn escape(&mut self, text: &mut String) -> Result<(), JsonError> {
        let unescaped = match self.next() {
            None => return Err(self.error(Wrong::EofInString)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => self.unicode_escape()?,
            Some(_) => return Err(self.error(Wrong::InvalidEscape)),
        };
        text.push(unescaped);
        Ok(())
    }

    /// After `\u`: the character, from one escape or a pair of surrogates.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex_escape()?;
        if (0xDC00..=0xDFFF).contains(&first) {
            return Err(self.error(Wrong::LoneSurrogate));
        }
        if !(0xD800..=0xDBFF).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.error(Wrong::InvalidEscape));
        }
        for expected in [b'\\', b'u'] {
            match self.peek() {
                None => return Err(self.error(Wrong::EofInString)),
                Some(byte) => {
                    self.at += 1;
                    if byte != expected {
                        return Err(self.error(Wrong::EndOfHexEscape));
                    }
                }
            }
        }
        let second = self.hex_escape()?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            return Err(self.error(Wrong::LoneSurrogate));
        }
        let code = (((first - 0xD800) << 10) | (second - 0xDC00)) + 0x1_0000;
        char::from_u32(code).ok_or_else(|| self.error(Wrong::InvalidEscape))
    }

    /// Four hex digits.
    fn hex_escape(&mut self) -> Result<u32, JsonError> {
        let Some(digits) = self.text.as_bytes().get(self.at..self.at + 4) else {
            self.at = self.text.len();
            return Err(self.error(Wrong::EofInString));
        };
        self.at += 4;
        digits
            .iter()
            .try_fold(0, |code, &digit| {
                Some(code << 4 | char::from(digit).to_digit(16)?)
            })
            .ok_or_else(|| self.error(Wrong::InvalidEscape))
    }

    /// A number, checked as serde_json checks it, kept as its text.
    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next() {
            None => return Err(self.error(Wrong::EofInValue)),
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(Wrong::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.error(Wrong::InvalidNumber)),
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            whole = false;
            self.at += 1;
            let digits_from = self.at;
            self.digits();
            if self.at == digits_from {
                return Err(match self.peek() {
                    Some(_) => self.peek_error(Wrong::InvalidNumber),
                    None => self.peek_error(Wrong::EofInValue),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            whole = false;
            let mantissa = self.text.get(start..self.at).unwrap_or_default();
            let zero = !mantissa.bytes().any(|b| matches!(b, b'1'..=b'9'));
            self.at += 1;
            let positive = self.peek() != Some(b'-');
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            let mut exponent: i32 = match self.next() {
                None => return Err(self.error(Wrong::EofInValue)),
                Some(digit @ b'0'..=b'9') => i32::from(digit - b'0'),
                Some(_) => return Err(self.error(Wrong::InvalidNumber)),
            };
            // Where the exponent outgrows an `i32`, serde_json stops: out of range, unless
            // the number is zero or the exponent negative (then it is zero).
            while let Some(digit @ b'0'..=b'9') = self.peek() {
                self.at += 1;
                match exponent
                    .checked_mul(10)
                    .and_then(|e| e.checked_add(i32::from(digit - b'0')))
                {
                    Some(bigger) => exponent = bigger,
                    None if positive && !zero => return Err(self.error(Wrong::NumberOutOfRange)),
                    None => {
                        self.digits();
                        break;
                    }
                }
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        // An integer too big for 64 bits is a float to serde_json, as to `as_f64`.
        let fits = whole
            && (text.len() < 19 || text.parse::<u64>().is_ok() || text.parse::<i64>().is_ok());
        if !fits && float_of(text).is_none() {
            return Err(self.error(Wrong::NumberOutOfRange));
        }
        Ok(Json::Number(text))
    }

    /// Steps over one value, checking it as serde_json's `ignore_value` does (what it does for
    /// a field no one reads, and for each item of an array of raw values): nesting is not
    /// limited, a `\u` escape needs four hex digits but not a pair of surrogates, a number
    /// only its grammar, and a few faults have other names than [`Reader::value`] gives them.
    pub(crate) fn ignore_value(&mut self) -> Result<(), JsonError> {
        // The brackets open around the value being read, innermost last.
        let mut open: Vec<u8> = Vec::new();
        loop {
            let Some(first) = self.skip_whitespace() else {
                return Err(self.peek_error(Wrong::EofInValue));
            };
            let mut after_value = true;
            match first {
                b'n' => drop(self.word(b"null", Json::Null)?),
                b't' => drop(self.word(b"true", Json::Null)?),
                b'f' => drop(self.word(b"false", Json::Null)?),
                b'-' | b'0'..=b'9' => self.ignore_number()?,
                b'"' => {
                    self.at += 1;
                    self.ignore_string()?;
                }
                b'[' | b'{' => {
                    open.push(first);
                    self.at += 1;
                    after_value = false;
                }
                _ => return Err(self.peek_error(Wrong::ExpectedValue)),
            }
            // Close what ends here; stop where the outermost value has ended.
            loop {
                let Some(&bracket) = open.last() else {
                    return Ok(());
                };
                match self.skip_whitespace() {
                    Some(b',') if after_value => {
                        self.at += 1;
                        break;
                    }
                    Some(b']') if bracket == b'[' => {}
                    Some(b'}') if bracket == b'{' => {}
                    Some(_) if after_value => {
                        return Err(self.peek_error(match bracket {
                            b'[' => Wrong::ExpectedListCommaOrEnd,
                            _ => Wrong::ExpectedObjectCommaOrEnd,
                        }))
                    }
                    Some(_) => break,
                    None => {
                        return Err(self.peek_error(match bracket {
                            b'[' => Wrong::EofInList,
                            _ => Wrong::EofInObject,
                        }))
                    }
                }
                self.at += 1;
                open.pop();
                after_value = true;
            }
            // In an object, a key and its colon before the next value.
            if open.last() == Some(&b'{') {
                match self.skip_whitespace() {
                    Some(b'"') => self.at += 1,
                    Some(_) => return Err(self.peek_error(Wrong::KeyMustBeAString)),
                    None => return Err(self.peek_error(Wrong::EofInObject)),
                }
                self.ignore_string()?;
                self.colon()?;
            }
        }
    }

    /// After the opening quote: up to the closing one, each escape checked for its form.
    fn ignore_string(&mut self) -> Result<(), JsonError> {
        loop {
            match self.next() {
                None => return Err(self.error(Wrong::EofInString)),
                Some(b'"') => return Ok(()),
                Some(b'\\') => match self.next() {
                    None => return Err(self.error(Wrong::EofInString)),
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                    Some(b'u') => drop(self.hex_escape()?),
                    Some(_) => return Err(self.error(Wrong::InvalidEscape)),
                },
                Some(byte) if byte < 0x20 => return Err(self.error(Wrong::ControlCharacter)),
                Some(_) => {}
            }
        }
    }

    /// A number's grammar alone, as `ignore_value` checks it.
    fn ignore_number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next() {
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(Wrong::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error(Wrong::InvalidNumber)),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            let from = self.at;
            self.digits();
            if self.at == from {
                return Err(self.peek_error(Wrong::InvalidNumber));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            match self.next() {
                Some(b'0'..=b'9') => self.digits(),
                _ => return Err(self.error(Wrong::InvalidNumber)),
            }
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }
}

/// The value of a number's text (checked against JSON's grammar) as serde_json computes it
/// without its `float_roundtrip` feature, bit for bit: the digits that fit a `u64` times a power
/// of ten from a table. Rust's own parser is exact, to the last bit, but its tables and slow
/// path weigh about 10 KB of the bundle; a value a digit or two short of the nearest `f64` is
/// what hosts got from serde_json all along. `None` where it is out of range.
fn float_of(text: &str) -> Option<f64> {
    let (positive, digits) = match text.strip_prefix('-') {
        Some(rest) => (false, rest),
        None => (true, text),
    };
    let mut bytes = digits.bytes().peekable();
    let mut significand: u64 = 0;
    let mut exponent: i32 = 0;
    // The next digit onto the significand, unless it would overflow.
    let grow = |significand: &mut u64, digit: u8| -> bool {
        let grown = significand
            .checked_mul(10)
            .and_then(|s| s.checked_add(u64::from(digit - b'0')));
        grown.map(|grown| *significand = grown).is_some()
    };
    // Integer digits past a `u64` only scale it.
    let mut overflowed = false;
    while let Some(digit @ b'0'..=b'9') = bytes.peek().copied() {
        bytes.next();
        overflowed = overflowed || !grow(&mut significand, digit);
        if overflowed {
            exponent += 1;
        }
    }
    // Fraction digits past a `u64` are dropped, every one after the first that overflows.
    if bytes.peek() == Some(&b'.') {
        bytes.next();
        let mut overflowed = false;
        while let Some(digit @ b'0'..=b'9') = bytes.peek().copied() {
            bytes.next();
            overflowed = overflowed || !grow(&mut significand, digit);
            if !overflowed {
                exponent -= 1;
            }
        }
    }
    if let Some(b'e' | b'E') = bytes.next() {
        let positive_exponent = bytes.peek() != Some(&b'-');
        if let Some(b'+' | b'-') = bytes.peek() {
            bytes.next();
        }
        let mut power: i32 = 0;
        for digit in bytes {
            let Some(grown) = power
                .checked_mul(10)
                .and_then(|p| p.checked_add(i32::from(digit - b'0')))
            else {
                // Past an `i32`: out of range, or zero.
                return match significand != 0 && positive_exponent {
                    true => None,
                    false => Some(if positive { 0.0 } else { -0.0 }),
                };
            };
            power = grown;
        }
        exponent = match positive_exponent {
            true => exponent.saturating_add(power),
            false => exponent.saturating_sub(power),
        };
    }
    let mut value = significand as f64;
    loop {
        match POW10.get(exponent.unsigned_abs() as usize) {
            Some(&power) if exponent >= 0 => {
                value *= power;
                if value.is_infinite() {
                    return None;
                }
                break;
            }
            Some(&power) => {
                value /= power;
                break;
            }
            None if value == 0.0 => break,
            None if exponent >= 0 => return None,
            None => {
                value /= 1e308;
                exponent += 308;
            }
        }
    }
    Some(if positive { value } else { -value })
}

/// 1e0 to 1e308, each the nearest `f64`, as serde_json's table has them.
#[rustfmt::skip]
static POW10: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23,
    1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35,
    1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47,
    1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59,
    1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71,
    1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83,
    1e84, 1e85, 1e86, 1e87, 1e88, 1e89, 1e90, 1e91, 1e92, 1e93, 1e94, 1e95,
    1e96, 1e97, 1e98, 1e99, 1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107,
    1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119,
    1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131,
    1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143,
    1e144, 1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155,
    1e156, 1e157, 1e158, 1e159, 1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167,
    1e168, 1e169, 1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179,
    1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191,
    1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203,
    1e204, 1e205, 1e206, 1e207, 1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215,
    1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227,
    1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239,
    1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250, 1e251,
    1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263,
    1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274, 1e275,
    1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287,
    1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299,
    1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
];
