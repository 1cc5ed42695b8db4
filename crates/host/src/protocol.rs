//! The iframe's `postMessage` protocol, host → frame, decoded from the message's JSON. Pure, so
//! it is tested natively and fuzzed with the other entry points; `ui::embed` only moves the
//! messages in and out.
//!
//! ```
//! use agent_kpi_host::protocol::HostMessage;
//! let message = HostMessage::decode(r#"{"type": "agent-kpi:config", "config": {"locale": "ja"}}"#);
//! assert_eq!(message, Some(HostMessage::Config { json: r#"{"locale":"ja"}"#.into() }));
//! // Another widget's message on the same page: not ours, ignored.
//! assert_eq!(HostMessage::decode(r#"{"type": "crm:ping"}"#), None);
//! ```

use agent_kpi_engine::json::read::{self, Json};
use agent_kpi_engine::json::{to_json, JsonText};
use agent_kpi_engine::Millis;

/// What every message type of the protocol starts with.
pub const PREFIX: &str = "agent-kpi:";

/// One message from the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum HostMessage {
    /// `agent-kpi:events`: events as text for the engine (one object, an array, or JSON /
    /// NDJSON text), and the id to acknowledge them under, where the host gave one.
    Events { text: String, id: Option<JsonText> },
    /// `agent-kpi:config`: a configuration object, as JSON text.
    Config { json: String },
    /// `agent-kpi:snapshot`: the figures of a window, at an instant, in a zone.
    Snapshot(SnapshotRequest),
    /// A message of the protocol that is not well formed: answered with an error of this
    /// `kind` (`snapshot` for a bad request, `protocol` for an unknown type).
    Invalid {
        kind: &'static str,
        id: JsonText,
        message: String,
    },
}

/// What an `agent-kpi:snapshot` message asks for (each part optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SnapshotRequest {
    /// Echoed in the answer, so the host can match answers to requests.
    pub id: JsonText,
    pub window: Option<String>,
    pub as_of: Option<Millis>,
    pub time_zone: Option<String>,
}

impl HostMessage {
    /// Decodes a message's data (as JSON). `None` when it is not for this widget: no `type`, or
    /// one without the `agent-kpi:` prefix (another widget on the page, say).
    pub fn decode(json: &str) -> Option<HostMessage> {
        let data = read::parse(json).ok()?;
        let kind = data.get("type")?.as_str()?.strip_prefix(PREFIX)?;
        let id = data.get("id").map(JsonText::of);
        Some(match kind {
            "events" => HostMessage::Events {
                text: match data.get("events") {
                    Some(Json::String(text)) => text.to_string(),
                    Some(events) => to_json(events),
                    None => String::new(),
                },
                id,
            },
            "config" => HostMessage::Config {
                json: data.get("config").map(to_json).unwrap_or_default(),
            },
            "snapshot" => {
                let id = id.unwrap_or_default();
                match SnapshotRequest::read(&data) {
                    Ok(mut request) => {
                        request.id = id;
                        HostMessage::Snapshot(request)
                    }
                    Err(message) => HostMessage::Invalid {
                        kind: "snapshot",
                        id,
                        message,
                    },
                }
            }
            other => HostMessage::Invalid {
                kind: "protocol",
                id: id.unwrap_or_default(),
                message: format!("unknown message type {PREFIX}{other}"),
            },
        })
    }
}

impl SnapshotRequest {
    /// The request's parts from the fields of `data` (others are let be), or why they are not
    /// one; its id is left for the caller.
    pub fn read(data: &Json) -> Result<SnapshotRequest, String> {
        let text = |key: &str| match data.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.to_string())),
            Some(other) => Err(format!(
                "{key}: expected a string, found {}",
                to_json(other)
            )),
        };
        let as_of = match data.get("as_of") {
            None | Some(Json::Null) => None,
            Some(value) => Some(value.as_i64().ok_or_else(|| {
                format!(
                    "as_of: expected epoch milliseconds, found {}",
                    to_json(value)
                )
            })?),
        };
        Ok(SnapshotRequest {
            id: JsonText::default(),
            window: text("window")?,
            as_of,
            time_zone: text("time_zone")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> JsonText {
        JsonText::of(&read::parse(text).unwrap_or_default())
    }

    #[test]
    fn events_come_as_text_whatever_the_host_sent() {
        let array =
            HostMessage::decode(r#"{"type":"agent-kpi:events","events":[{"id":"a"}],"id":7}"#);
        assert_eq!(
            array,
            Some(HostMessage::Events {
                text: r#"[{"id":"a"}]"#.into(),
                id: Some(json("7"))
            })
        );
        let ndjson = HostMessage::decode(r#"{"type":"agent-kpi:events","events":"{}\n{}"}"#);
        assert_eq!(
            ndjson,
            Some(HostMessage::Events {
                text: "{}\n{}".into(),
                id: None
            })
        );
    }

    #[test]
    fn snapshot_requests_are_checked() {
        let request = HostMessage::decode(
            r#"{"type":"agent-kpi:snapshot","id":"q1","window":"shift","as_of":1767254400000}"#,
        );
        assert_eq!(
            request,
            Some(HostMessage::Snapshot(SnapshotRequest {
                id: json(r#""q1""#),
                window: Some("shift".into()),
                as_of: Some(1_767_254_400_000),
                time_zone: None,
            }))
        );
        let bad = HostMessage::decode(r#"{"type":"agent-kpi:snapshot","id":2,"as_of":"noon"}"#);
        assert_eq!(
            bad,
            Some(HostMessage::Invalid {
                kind: "snapshot",
                id: json("2"),
                message: r#"as_of: expected epoch milliseconds, found "noon""#.into()
            })
        );
    }

    #[test]
    fn other_messages_are_not_ours_or_unknown() {
        for foreign in [
            "",
            "null",
            "[]",
            r#"{"type":5}"#,
            r#"{"type":"crm:ready"}"#,
            "{",
        ] {
            assert_eq!(HostMessage::decode(foreign), None, "{foreign}");
        }
        assert_eq!(
            HostMessage::decode(r#"{"type":"agent-kpi:launch"}"#),
            Some(HostMessage::Invalid {
                kind: "protocol",
                id: JsonText::default(),
                message: "unknown message type agent-kpi:launch".into()
            })
        );
    }
}
