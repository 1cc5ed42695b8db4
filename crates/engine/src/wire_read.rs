//! The slow path of parsing an event: what the scanner (`scan.rs`) gives up on, read by hand
//! into a [`Wire`] as serde's derived reader of it reads it over serde_json, reason for reason.
//!
//! serde stays the reference (`parse::parse_event_reference`): `tests/scanner.rs` and the fuzz
//! target hold every outcome, reasons included, equal to it. Reading by hand takes serde_json's
//! reader and the derived visitors out of the bundle (docs/performance.md, "Bundle").
//!
//! What serde does, and so this: the fields are read in the order written, and the first fault
//! ends the reading, whether a type (`ts: invalid type: …`) or the syntax after it (`invalid
//! JSON: …`). A field's value is looked at as serde_json's typed readers look at it: an array
//! or object where a string or number belongs is refused before it is read; a field given twice
//! is refused before its value is read; a field no one reads is stepped over as serde_json's
//! `ignore_value` steps over it.

use crate::json::read::{Json, JsonError, Reader, Wrong};
use crate::scan::Field;
use crate::wire::{Text, Unread, Wire, WireTime};

/// What ended a reading.
enum Fault {
    /// Not JSON.
    Syntax(JsonError),
    /// JSON, but not an event's: the field at fault, where there is one, and what.
    Data(Option<Field>, String),
}

impl From<JsonError> for Fault {
    fn from(error: JsonError) -> Fault {
        Fault::Syntax(error)
    }
}

/// `json` (which starts with `{`, whitespace aside) read into a [`Wire`], or why it is not an
/// event, in serde's words: `invalid JSON: …`, `event: …`, or `field: …`.
pub(crate) fn read_wire(json: &str) -> Result<Wire<'_>, String> {
    let mut reader = Reader::new(json);
    let read = object(&mut reader).and_then(|wire| {
        reader.end()?;
        Ok(wire)
    });
    read.map_err(|fault| match fault {
        Fault::Syntax(error) => format!("invalid JSON: {}", error.message()),
        Fault::Data(Some(field), message) => format!("{}: {message}", field.name()),
        Fault::Data(None, message) => format!("event: {message}"),
    })
}

/// The object, as the derived reader takes its fields.
fn object<'a>(reader: &mut Reader<'a>) -> Result<Wire<'a>, Fault> {
    let mut wire = Wire::default();
    // The fields read so far, one bit each.
    let mut seen = 0u32;
    // After JSON's whitespace (a caller's `trim_start` takes others too).
    match reader.skip_whitespace() {
        Some(b'{') => reader.at += 1,
        _ => return Err(reader.peek_error(Wrong::ExpectedValue).into()),
    }
    reader.members(|reader, key| {
        let field = Field::ALL.into_iter().find(|field| field.name() == key);
        if let Some(field) = field {
            let bit = 1 << field as u32;
            if seen & bit != 0 {
                let message = format!("duplicate field `{}`", field.name());
                return Err(Fault::Data(None, message));
            }
            seen |= bit;
        }
        reader.colon()?;
        match field {
            Some(field) => read_field(reader, field, &mut wire).map_err(|fault| match fault {
                Fault::Data(_, message) => Fault::Data(Some(field), message),
                syntax => syntax,
            }),
            None => Ok(reader.ignore_value()?),
        }
    })?;
    Ok(wire)
}

/// The value of `field` into `wire`: `null` as none, anything else as the field's type.
fn read_field<'a>(reader: &mut Reader<'a>, field: Field, wire: &mut Wire<'a>) -> Result<(), Fault> {
    if reader.skip_whitespace() == Some(b'n') {
        reader.word(b"null", Json::Null)?;
        return Ok(());
    }
    match field {
        Field::V => wire.v = Some(integer(reader)?),
        Field::Id => wire.id = Some(text(reader)?),
        Field::Ts => wire.ts = Some(time(reader)?),
        Field::Type => wire.kind = Some(text(reader)?),
        Field::ContactId => wire.contact_id = Some(text(reader)?),
        Field::Channel => wire.channel = Some(text(reader)?),
        Field::QueuedAt => wire.queued_at = Some(time(reader)?),
        Field::CustomerKey => wire.customer_key = Some(text(reader)?),
        Field::Queue => wire._queue = Some(text(reader).map(|_| Unread)?),
        Field::Reason => wire.reason = Some(text(reader)?),
        Field::Direction => wire.direction = Some(text(reader)?),
        Field::To => wire._to = Some(text(reader).map(|_| Unread)?),
        Field::Resolved => wire.resolved = Some(boolean(reader)?),
        Field::Disposition => wire._disposition = Some(text(reader).map(|_| Unread)?),
        Field::State => wire.state = Some(text(reader)?),
        Field::CaseId => wire.case_id = Some(text(reader)?),
        Field::Status => wire._status = Some(text(reader).map(|_| Unread)?),
        Field::Priority => wire._priority = Some(text(reader).map(|_| Unread)?),
        Field::Owner => wire.owner = Some(text(reader)?),
        Field::Csat => wire.csat = Some(integer(reader)?),
        Field::Nps => wire.nps = Some(integer(reader)?),
        Field::Ces => wire.ces = Some(integer(reader)?),
        Field::Kpi => wire.kpi = Some(text(reader)?),
        Field::Value => wire.value = Some(float(reader)?),
        Field::Scope => wire.scope = Some(text(reader)?),
    }
    Ok(())
}

/// One value as serde_json's typed readers look at it: an array or an object is refused as
/// not `expected` unread; anything else is read whole (its syntax checked) for the caller to
/// take or refuse.
fn scalar<'a>(reader: &mut Reader<'a>, expected: &str) -> Result<Json<'a>, Fault> {
    let kind = match reader.skip_whitespace() {
        None => return Err(reader.peek_error(Wrong::EofInValue).into()),
        Some(b'[') => "sequence",
        Some(b'{') => "map",
        Some(_) => return Ok(reader.value()?),
    };
    Err(invalid_type(kind, expected))
}

fn invalid_type(found: &str, expected: &str) -> Fault {
    Fault::Data(None, format!("invalid type: {found}, expected {expected}"))
}

/// A value that is not of the type expected, as serde names it (its `Unexpected`).
fn unexpected(value: &Json) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(flag) => format!("boolean `{flag}`"),
        Json::Number(_) => match (value.as_u64(), value.as_i64()) {
            (Some(whole), _) => format!("integer `{whole}`"),
            (None, Some(integer)) => format!("integer `{integer}`"),
            // As serde_json writes a float: `1.5`, `100.0`, `1e+23`.
            (None, None) => {
                let mut text = zmij::Buffer::new();
                let text = text.format(value.as_f64().unwrap_or_default());
                format!("floating point `{text}`")
            }
        },
        Json::String(text) => format!("string {text:?}"),
        Json::Array(_) => "sequence".into(),
        Json::Object(_) => "map".into(),
    }
}

fn text<'a>(reader: &mut Reader<'a>) -> Result<Text<'a>, Fault> {
    match scalar(reader, "a string")? {
        Json::String(text) => Ok(Text(text)),
        other => Err(invalid_type(&unexpected(&other), "a string")),
    }
}

const TIME: &str = "epoch milliseconds (integer) or an RFC 3339 string";

fn time<'a>(reader: &mut Reader<'a>) -> Result<WireTime<'a>, Fault> {
    let value = scalar(reader, TIME)?;
    match (&value, value.as_i64(), value.as_u64()) {
        (Json::String(text), _, _) => Ok(WireTime::Text(text.clone())),
        (_, Some(millis), _) => Ok(WireTime::Millis(millis)),
        (_, None, Some(_)) => Err(Fault::Data(None, "out of range".into())),
        _ => Err(invalid_type(&unexpected(&value), TIME)),
    }
}

fn integer(reader: &mut Reader) -> Result<i64, Fault> {
    let value = scalar(reader, "i64")?;
    match (value.as_i64(), value.as_u64()) {
        (Some(integer), _) => Ok(integer),
        (None, Some(whole)) => Err(Fault::Data(
            None,
            format!("invalid value: integer `{whole}`, expected i64"),
        )),
        _ => Err(invalid_type(&unexpected(&value), "i64")),
    }
}

fn float(reader: &mut Reader) -> Result<f64, Fault> {
    let value = scalar(reader, "f64")?;
    value
        .as_f64()
        .ok_or_else(|| invalid_type(&unexpected(&value), "f64"))
}

fn boolean(reader: &mut Reader) -> Result<bool, Fault> {
    let value = scalar(reader, "a boolean")?;
    value
        .as_bool()
        .ok_or_else(|| invalid_type(&unexpected(&value), "a boolean"))
}
