//! An event as it comes over the wire: the fields serde reads into [`Wire`] (the reference the
//! fast scanner in `scan.rs` is checked against, and the slow path for what it gives up on) and
//! the checks that turn them into a typed [`Event`], with the reason for each field at fault.

use crate::event::{AgentState, Channel, Event, EventKind, Name, SurveySubject};
use crate::kpi::Kpi;
use crate::recent::hash_bytes;
use crate::time::Millis;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

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

/// A rejection with its reason.
pub(crate) fn reject(reason: String) -> Parsed {
    Parsed::Rejected { reason }
}

/// The earliest and latest `ts` taken (2000-01-01 and 2100-01-01, UTC). Anything outside is a
/// clock or encoding error, and would otherwise open windows decades wide.
pub const EARLIEST_TS: Millis = 946_684_800_000;
pub const LATEST_TS: Millis = 4_102_444_800_000;

/// Longest identifier taken (`id`, `contact_id`, `case_id`, `customer_key`), in characters.
pub const MAX_ID_CHARS: usize = 128;
/// Longer free text (reasons, queue names, statuses) is cut to this many characters.
pub const MAX_TEXT_CHARS: usize = 256;
/// A string field, borrowed from the input where it holds no escapes.
#[derive(Clone)]
pub(crate) struct Text<'a>(pub(crate) Cow<'a, str>);

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
pub(crate) struct Unread;

impl<'de> Deserialize<'de> for Unread {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Text::deserialize(deserializer).map(|_| Unread)
    }
}

/// `ts` and `queued_at` as sent: epoch milliseconds or an RFC 3339 string.
pub(crate) enum WireTime<'a> {
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
pub(crate) struct Wire<'a> {
    pub(crate) v: Option<i64>,
    #[serde(borrow)]
    pub(crate) id: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) ts: Option<WireTime<'a>>,
    #[serde(borrow, rename = "type")]
    pub(crate) kind: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) contact_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) channel: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) queued_at: Option<WireTime<'a>>,
    #[serde(borrow)]
    pub(crate) customer_key: Option<Text<'a>>,
    #[serde(rename = "queue")]
    pub(crate) _queue: Option<Unread>,
    #[serde(borrow)]
    pub(crate) reason: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) direction: Option<Text<'a>>,
    #[serde(rename = "to")]
    pub(crate) _to: Option<Unread>,
    pub(crate) resolved: Option<bool>,
    #[serde(rename = "disposition")]
    pub(crate) _disposition: Option<Unread>,
    #[serde(borrow)]
    pub(crate) state: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) case_id: Option<Text<'a>>,
    #[serde(rename = "status")]
    pub(crate) _status: Option<Unread>,
    #[serde(rename = "priority")]
    pub(crate) _priority: Option<Unread>,
    #[serde(borrow)]
    pub(crate) owner: Option<Text<'a>>,
    pub(crate) csat: Option<i64>,
    pub(crate) nps: Option<i64>,
    pub(crate) ces: Option<i64>,
    #[serde(borrow)]
    pub(crate) kpi: Option<Text<'a>>,
    pub(crate) value: Option<f64>,
    #[serde(borrow)]
    pub(crate) scope: Option<Text<'a>>,
}

impl Wire<'_> {
    /// The event this holds, or why it is rejected.
    pub(crate) fn finish(&self) -> Parsed {
        match self.to_event() {
            Ok(parsed) => parsed,
            Err(reason) => reject(reason),
        }
    }

    pub(crate) fn to_event(&self) -> Result<Parsed, String> {
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
