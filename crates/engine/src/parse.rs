//! JSON in, typed events out: validation with a precise reason for every event turned away.
//!
//! Parsing never panics and never gives up on a batch because of one bad event: each event is
//! parsed on its own, and a bad one yields a [`Parsed::Rejected`] that names the field and what
//! was wrong with it.

use crate::event::{AgentState, Channel, Event, EventKind, Name, SurveySubject};
use crate::kpi::Kpi;
use crate::recent::hash_bytes;
use crate::scan;
use crate::time::Millis;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The earliest and latest `ts` taken (2000-01-01 and 2100-01-01, UTC). Anything outside is a
/// clock or encoding error, and would otherwise open windows decades wide.
pub const EARLIEST_TS: Millis = 946_684_800_000;
pub const LATEST_TS: Millis = 4_102_444_800_000;

/// Longest identifier taken (`id`, `contact_id`, `case_id`, `customer_key`), in characters.
pub const MAX_ID_CHARS: usize = 128;
/// Longer free text (reasons, queue names, statuses) is cut to this many characters.
pub const MAX_TEXT_CHARS: usize = 256;
/// The most bytes one event may take (a line of NDJSON, an element of an array): a bigger one
/// is refused unread. The largest valid event, every field at its longest, is under 4 KB.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

/// The outcome of parsing one event.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    Event(Event),
    /// Well-formed, but of a type this version does not know: skipped and counted.
    Unknown {
        type_name: String,
    },
    /// Turned away, with the reason (`field: what was wrong`).
    Rejected {
        reason: String,
    },
}

/// Parses one event from its JSON text.
pub fn parse_event(json: &str) -> Parsed {
    // The plain form, by the scanner; anything else by serde (see `scan`).
    let mut wire = Wire::default();
    match scan::scan(json, &mut wire) {
        Some(()) => wire.finish(),
        None => parse_with_serde(json),
    }
}

/// Parses one event with serde: the reference, for every input.
pub(super) fn parse_with_serde(json: &str) -> Parsed {
    // Serde would read a struct from an array too; an event is an object.
    if !json.trim_start().starts_with('{') {
        return reject("event: expected a JSON object".into());
    }
    let wire = match read_wire(json) {
        Ok(wire) => wire,
        Err(reason) => return reject(reason),
    };
    match wire.to_event() {
        Ok(parsed) => parsed,
        Err(reason) => reject(reason),
    }
}

/// Parses a batch: a JSON array of events, NDJSON (one event a line), or one event. A text that
/// is not one valid JSON array is read as NDJSON, so that one bad line costs only itself, the
/// first line too (contract 1.1). `each` is called with every event's position in the batch
/// (array index, or line number from 0 among the non-blank lines) and its outcome, in order.
pub fn parse_batch(text: &str, mut each: impl FnMut(usize, Parsed)) {
    let trimmed = text.trim_start();
    if let Some(elements) = json_array(trimmed) {
        for (index, element) in elements.into_iter().enumerate() {
            each(index, within_bounds(element.get(), parse_event));
        }
        return;
    }
    // NDJSON: the lines of the text as `str::lines` cuts them, blank ones skipped. The scanner
    // reads a plain line as it finds where it ends; any other line is cut out and parsed alone.
    let mut rest = trimmed;
    let mut index = 0;
    while !rest.is_empty() {
        let mut wire = Wire::default();
        if let Some(next) = scan::scan_line(rest, &mut wire) {
            // The line as `str::lines` has it, for its length.
            let line = rest.get(..next).unwrap_or_default();
            let line = line.strip_suffix('\n').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let parsed = match line.len() > MAX_EVENT_BYTES {
                true => too_big(line.len()),
                false => wire.finish(),
            };
            each(index, parsed);
            index += 1;
            rest = rest.get(next..).unwrap_or_default();
            continue;
        }
        let line = match rest.split_once('\n') {
            Some((line, next)) => {
                rest = next;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        if !line.trim().is_empty() {
            each(index, within_bounds(line, parse_event));
            index += 1;
        }
    }
}

/// `json` through `parse`, unless it is more than [`MAX_EVENT_BYTES`].
fn within_bounds(json: &str, parse: fn(&str) -> Parsed) -> Parsed {
    match json.len() > MAX_EVENT_BYTES {
        true => too_big(json.len()),
        false => parse(json),
    }
}

fn too_big(bytes: usize) -> Parsed {
    reject(format!(
        "event: {bytes} bytes, more than the {MAX_EVENT_BYTES} one event may take"
    ))
}

/// The elements of `text` where it is one valid JSON array (whitespace around it allowed),
/// each as its JSON text; `None` for anything else.
fn json_array(text: &str) -> Option<Vec<&RawValue>> {
    match text.starts_with('[') {
        true => serde_json::from_str(text).ok(),
        false => None,
    }
}

/// Whether `text` is one valid JSON array, which [`parse_batch`] reads as an array rather than
/// as NDJSON.
pub fn is_json_array(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('[') && serde_json::from_str::<de::IgnoredAny>(text).is_ok()
}

/// [`parse_event`] with serde alone, as every event was parsed before the scanner: the
/// reference the scanner is tested and fuzzed against.
#[doc(hidden)]
pub fn parse_event_reference(json: &str) -> Parsed {
    parse_with_serde(json)
}

/// [`parse_batch`] with serde alone and the lines cut by `str::lines`, as before the scanner:
/// the reference for tests and fuzzing.
#[doc(hidden)]
pub fn parse_batch_reference(text: &str, mut each: impl FnMut(usize, Parsed)) {
    let trimmed = text.trim_start();
    if let Some(elements) = json_array(trimmed) {
        for (index, element) in elements.into_iter().enumerate() {
            each(index, within_bounds(element.get(), parse_with_serde));
        }
        return;
    }
    for (index, line) in trimmed
        .lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
    {
        each(index, within_bounds(line, parse_with_serde));
    }
}

fn reject(reason: String) -> Parsed {
    Parsed::Rejected { reason }
}

/// A serde_json error without its "at line 1 column 7" tail, which says nothing about an event.
fn plain(err: &serde_json::Error) -> String {
    let text = err.to_string();
    // The tail serde_json writes, cut off as a whole (a search for it would bring a substring
    // searcher into the bundle for this alone).
    let tail = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&tail) {
        Some(plain) => plain.to_string(),
        None => text,
    }
}

/// `json` read into a [`Wire`], or why it is not an event, naming the field at fault. Read
/// through `serde_path_to_error` even when it is fine, so that the derived reader is compiled
/// for one deserializer only: serde is the slow path, for events the scanner gives up on.
fn read_wire(json: &str) -> Result<Wire<'_>, String> {
    let mut de = serde_json::Deserializer::from_str(json);
    let err = match serde_path_to_error::deserialize::<_, Wire>(&mut de) {
        Ok(wire) => match de.end() {
            Ok(()) => return Ok(wire),
            Err(err) => return Err(format!("invalid JSON: {}", plain(&err))),
        },
        Err(err) => err,
    };
    let inner = err.inner();
    if inner.is_syntax() || inner.is_eof() {
        return Err(format!("invalid JSON: {}", plain(inner)));
    }
    let path = err.path().to_string();
    Err(if path == "." {
        format!("event: {}", plain(inner))
    } else {
        format!("{path}: {}", plain(inner))
    })
}

/// A string field, borrowed from the input where it holds no escapes.
#[derive(Clone)]
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// A string field no figure reads: its type is checked, its text not kept.
pub(super) struct Unread;

impl<'de> Deserialize<'de> for Unread {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Text::deserialize(deserializer).map(|_| Unread)
    }
}

/// `ts` and `queued_at` as sent: epoch milliseconds or an RFC 3339 string.
pub(super) enum WireTime<'a> {
    Millis(i64),
    Text(Cow<'a, str>),
}

impl<'de: 'a, 'a> Deserialize<'de> for WireTime<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimeVisitor;
        impl<'de> Visitor<'de> for TimeVisitor {
            type Value = WireTime<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("epoch milliseconds (integer) or an RFC 3339 string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(WireTime::Millis(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(WireTime::Millis)
                    .map_err(|_| E::custom("out of range"))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(WireTime::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WireTime::Text(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_any(TimeVisitor)
    }
}

/// Every field any event type may carry, as sent. Unknown fields are ignored, so hosts may send
/// more than the contract asks for.
#[derive(Default, Deserialize)]
pub(super) struct Wire<'a> {
    pub(super) v: Option<i64>,
    #[serde(borrow)]
    pub(super) id: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) ts: Option<WireTime<'a>>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) contact_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) channel: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) queued_at: Option<WireTime<'a>>,
    #[serde(borrow)]
    pub(super) customer_key: Option<Text<'a>>,
    #[serde(rename = "queue")]
    pub(super) _queue: Option<Unread>,
    #[serde(borrow)]
    pub(super) reason: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) direction: Option<Text<'a>>,
    #[serde(rename = "to")]
    pub(super) _to: Option<Unread>,
    pub(super) resolved: Option<bool>,
    #[serde(rename = "disposition")]
    pub(super) _disposition: Option<Unread>,
    #[serde(borrow)]
    pub(super) state: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) case_id: Option<Text<'a>>,
    #[serde(rename = "status")]
    pub(super) _status: Option<Unread>,
    #[serde(rename = "priority")]
    pub(super) _priority: Option<Unread>,
    #[serde(borrow)]
    pub(super) owner: Option<Text<'a>>,
    pub(super) csat: Option<i64>,
    pub(super) nps: Option<i64>,
    pub(super) ces: Option<i64>,
    #[serde(borrow)]
    pub(super) kpi: Option<Text<'a>>,
    pub(super) value: Option<f64>,
    #[serde(borrow)]
    pub(super) scope: Option<Text<'a>>,
}

impl Wire<'_> {
    /// The event this holds, or why it is rejected.
    fn finish(&self) -> Parsed {
        match self.to_event() {
            Ok(parsed) => parsed,
            Err(reason) => reject(reason),
        }
    }

    pub(super) fn to_event(&self) -> Result<Parsed, String> {
        if let Some(v) = self.v {
            if v != 1 {
                return Err(format!(
                    "v: unsupported schema version {v} (this widget reads 1)"
                ));
            }
        }
        let id = identifier("id", self.id.as_ref())?;
        let ts = instant("ts", self.ts.as_ref())?;
        let type_name = self.kind.as_ref().ok_or("type: missing")?;
        let contact_id = || identifier("contact_id", self.contact_id.as_ref());
        let case_id = || identifier("case_id", self.case_id.as_ref());
        let kind = match type_name.0.as_ref() {
            "contact_offered" => EventKind::ContactOffered {
                contact_id: contact_id()?,
                channel: Channel::from_name(required("channel", self.channel.as_ref())?),
                queued_at: self
                    .queued_at
                    .as_ref()
                    .map(|t| instant("queued_at", Some(t)))
                    .transpose()?,
                customer_key: optional_key("customer_key", self.customer_key.as_ref())?,
                reason: text(self.reason.as_ref()),
                outbound: outbound(self.direction.as_ref())?,
            },
            "contact_answered" => EventKind::ContactAnswered {
                contact_id: contact_id()?,
            },
            "contact_missed" => EventKind::ContactMissed {
                contact_id: contact_id()?,
            },
            "contact_abandoned" => EventKind::ContactAbandoned {
                contact_id: contact_id()?,
            },
            "contact_withdrawn" => EventKind::ContactWithdrawn {
                contact_id: contact_id()?,
            },
            "hold_started" => EventKind::HoldStarted {
                contact_id: contact_id()?,
            },
            "hold_ended" => EventKind::HoldEnded {
                contact_id: contact_id()?,
            },
            "contact_transferred" => EventKind::ContactTransferred {
                contact_id: contact_id()?,
            },
            "contact_ended" => EventKind::ContactEnded {
                contact_id: contact_id()?,
                resolved: self.resolved,
            },
            "wrap_up_ended" => EventKind::WrapUpEnded {
                contact_id: contact_id()?,
                resolved: self.resolved,
                reason: text(self.reason.as_ref()),
            },
            "agent_state" => EventKind::AgentState {
                state: AgentState::from_name(required("state", self.state.as_ref())?),
            },
            "case_opened" => EventKind::CaseOpened {
                case_id: case_id()?,
            },
            "case_updated" => EventKind::CaseUpdated {
                case_id: case_id()?,
                owner: optional_identifier("owner", self.owner.as_ref())?,
            },
            "case_closed" => EventKind::CaseClosed {
                case_id: case_id()?,
            },
            "case_reopened" => EventKind::CaseReopened {
                case_id: case_id()?,
            },
            "survey" => {
                let subject = match (self.contact_id.is_some(), self.case_id.is_some()) {
                    (true, _) => SurveySubject::Contact(contact_id()?),
                    (false, true) => SurveySubject::Case(case_id()?),
                    (false, false) => {
                        return Err(
                            "contact_id: missing (a survey names a contact_id or a case_id)".into(),
                        )
                    }
                };
                let csat = score("csat", self.csat, 1, 5)?;
                let nps = score("nps", self.nps, 0, 10)?;
                let ces = score("ces", self.ces, 1, 7)?;
                if csat.is_none() && nps.is_none() && ces.is_none() {
                    return Err("survey: carries none of csat, nps, ces".into());
                }
                EventKind::Survey {
                    subject,
                    csat,
                    nps,
                    ces,
                }
            }
            "baseline" => EventKind::Baseline {
                kpi: {
                    let id = required("kpi", self.kpi.as_ref())?;
                    Kpi::from_id(id).ok_or_else(|| format!("kpi: unknown KPI id {id:?}"))?
                },
                value: match self.value {
                    Some(value) if value.is_finite() => value,
                    Some(_) => return Err("value: not a finite number".into()),
                    None => return Err("value: missing".into()),
                },
                scope: text(self.scope.as_ref()),
            },
            other => {
                return Ok(Parsed::Unknown {
                    type_name: other.chars().take(MAX_ID_CHARS).collect(),
                })
            }
        };
        Ok(Parsed::Event(Event { id, ts, kind }))
    }
}

fn required<'a>(field: &str, value: Option<&'a Text<'_>>) -> Result<&'a str, String> {
    value
        .map(|t| t.0.as_ref())
        .ok_or_else(|| format!("{field}: missing"))
}

fn identifier(field: &str, value: Option<&Text<'_>>) -> Result<Name, String> {
    let value = required(field, value)?;
    check_identifier(field, value)?;
    Ok(Name::new(value))
}

fn check_identifier(field: &str, value: &str) -> Result<(), String> {
    // Up to MAX_ID_CHARS bytes is up to as many characters: only longer ones are counted.
    let chars = match value.len() {
        len @ 0..=MAX_ID_CHARS => len,
        _ => value.chars().count(),
    };
    if chars == 0 || chars > MAX_ID_CHARS {
        return Err(format!(
            "{field}: must be 1 to {MAX_ID_CHARS} characters (got {chars})"
        ));
    }
    Ok(())
}

fn optional_identifier(field: &str, value: Option<&Text<'_>>) -> Result<Option<Name>, String> {
    value.map(|v| identifier(field, Some(v))).transpose()
}

/// An optional identifier kept only as its hash.
fn optional_key(field: &str, value: Option<&Text<'_>>) -> Result<Option<u64>, String> {
    value
        .map(|v| check_identifier(field, &v.0).map(|()| hash_bytes(v.0.as_bytes())))
        .transpose()
}

/// Free text, cut to [`MAX_TEXT_CHARS`] so a hostile host cannot grow memory through it.
fn text(value: Option<&Text<'_>>) -> Option<Name> {
    value.map(|v| {
        if v.0.len() <= MAX_TEXT_CHARS {
            return Name::new(&v.0);
        }
        match v.0.char_indices().nth(MAX_TEXT_CHARS) {
            Some((cut, _)) => Name::new(&v.0[..cut]),
            None => Name::new(&v.0),
        }
    })
}

fn instant(field: &str, value: Option<&WireTime<'_>>) -> Result<Millis, String> {
    let ms = match value.ok_or_else(|| format!("{field}: missing"))? {
        WireTime::Millis(ms) => *ms,
        WireTime::Text(text) => super::timestamp::parse_timestamp(text)
            .map_err(|err| format!("{field}: not an RFC 3339 timestamp ({err})"))?,
    };
    if !(EARLIEST_TS..LATEST_TS).contains(&ms) {
        return Err(format!(
            "{field}: {ms} is outside the years 2000 to 2099 (epoch milliseconds expected)"
        ));
    }
    Ok(ms)
}

/// Whether an offer's `direction` says the agent called or wrote first. A value other than the
/// two the contract names is refused: taken for inbound, an outbound call would count as an
/// offer the agent answered.
fn outbound(direction: Option<&Text<'_>>) -> Result<bool, String> {
    match direction.map(|d| d.0.as_ref()) {
        None | Some("inbound") => Ok(false),
        Some("outbound") => Ok(true),
        Some(other) => Err(format!(
            "direction: expected \"inbound\" or \"outbound\", got {:?}",
            other.chars().take(MAX_ID_CHARS).collect::<String>()
        )),
    }
}

fn score(field: &str, value: Option<i64>, low: i64, high: i64) -> Result<Option<u8>, String> {
    match value {
        None => Ok(None),
        Some(v) if (low..=high).contains(&v) => Ok(Some(v as u8)),
        Some(v) => Err(format!("{field}: {v} is outside {low}..{high}")),
    }
}
