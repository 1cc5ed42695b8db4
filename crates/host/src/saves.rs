//! Where a panel's state lives in the browser's localStorage, which it shares with the host
//! page (the web component) or with every page that frames the widget (the iframe). Pure, so it
//! is tested natively; the store does the reading and writing.
//!
//! - Every key the widget writes starts with [`PREFIX`], its own namespace, versioned: a host's
//!   own `storage-key` never names one of the host's own entries.
//! - The iframe's saves are scoped to the origin of the page that frames it ([`frame_scope`]):
//!   a page of another origin that frames the widget with the same `storage_key` finds nothing.
//! - An index ([`INDEX`]) says when each save was last written; a save not written for longer
//!   than the history is kept ([`KEEP_SAVES_FOR`]) is removed ([`SavesIndex::expired`]).

use agent_kpi_engine::json::read::{self, Json};
use agent_kpi_engine::{json, ListMap, Millis, ID_RETENTION};

/// The start of every key the widget writes.
pub const PREFIX: &str = "agent-kpi:v1:";
/// The key of the index of saves.
pub const INDEX: &str = "agent-kpi:v1:index";
/// A save not written for this long holds nothing the panel would still show.
pub const KEEP_SAVES_FOR: Millis = ID_RETENTION;

/// The localStorage key of the save of `scope` (a web component's `storage-key`, or a
/// [`frame_scope`]).
pub fn save_key(scope: &str) -> String {
    format!("{PREFIX}{scope}")
}

/// The localStorage key of the secret customer keys are hashed under, beside the save `key`:
/// apart from it, so that a save copied out of the browser gives no customer key back.
pub fn secret_key(save_key: &str) -> String {
    format!("{save_key}:secret")
}

/// A secret as stored (32 hexadecimal digits), or `None` where it is not one.
pub fn secret_from_text(text: &str) -> Option<[u8; 16]> {
    let digits = text.as_bytes();
    if digits.len() != 32 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
        let pair = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(bytes)
}

/// A secret as stored.
pub fn secret_text(bytes: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

/// The scope of an iframe's `storage_key` under the origin of the page that frames it.
pub fn frame_scope(host_origin: &str, storage_key: &str) -> String {
    format!("frame:{host_origin}:{storage_key}")
}

/// When each save was last written (wall clock, epoch ms), by its key (a handful: a list); an
/// entry that is not a time is kept as none, to be taken out as expired.
#[derive(Debug, Default, PartialEq)]
pub struct SavesIndex(ListMap<String, Option<Millis>>);

impl SavesIndex {
    /// The index as stored; an unreadable one is taken as empty (the saves it listed are then
    /// kept until written again).
    pub fn from_json(json: Option<&str>) -> SavesIndex {
        let index = json.and_then(|j| read::parse(j).ok());
        let entries = index.as_ref().and_then(Json::as_object).unwrap_or_default();
        let times = entries
            .iter()
            .map(|(key, at)| (key.to_string(), at.as_i64()));
        SavesIndex(times.collect())
    }

    pub fn to_json(&self) -> String {
        json::to_json(&self.0)
    }

    /// Notes that the save under `key` was written at `now`.
    pub fn written(&mut self, key: &str, now: Millis) {
        self.0.insert(key.to_string(), Some(now));
    }

    /// Takes out, and returns, the keys of saves not written since [`KEEP_SAVES_FOR`] before
    /// `now` (and entries that are not a time).
    pub fn expired(&mut self, now: Millis) -> Vec<String> {
        let mut old = Vec::new();
        self.0.retain(|key, at| {
            let kept = matches!(at, Some(written) if *written >= now - KEEP_SAVES_FOR);
            if !kept {
                old.push(key.clone());
            }
            kept
        });
        old
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_kpi_engine::DAY;

    #[test]
    fn keys_are_namespaced_and_frames_scoped_by_their_host() {
        assert_eq!(save_key("today"), "agent-kpi:v1:today");
        let key = save_key(&frame_scope("https://crm.example.com", "today"));
        assert_eq!(key, "agent-kpi:v1:frame:https://crm.example.com:today");
        assert_ne!(key, save_key(&frame_scope("https://evil.example", "today")));
    }

    #[test]
    fn a_secret_is_stored_as_hexadecimal_and_read_back() {
        let bytes: [u8; 16] = std::array::from_fn(|i| (i * 17) as u8);
        let text = secret_text(&bytes);
        assert_eq!(text, "00112233445566778899aabbccddeeff");
        assert_eq!(secret_from_text(&text), Some(bytes));
        for bad in [
            "",
            "00",
            &"g".repeat(32),
            &"0".repeat(31),
            &"0".repeat(33),
            &"é".repeat(16),
        ] {
            assert_eq!(secret_from_text(bad), None, "{bad}");
        }
        assert_eq!(
            secret_key("agent-kpi:v1:today"),
            "agent-kpi:v1:today:secret"
        );
    }

    #[test]
    fn saves_not_written_for_longer_than_the_history_expire() {
        let now = 1_795_420_800_000;
        let mut index =
            SavesIndex::from_json(Some(r#"{"agent-kpi:v1:gone": 1, "agent-kpi:v1:odd": "x"}"#));
        index.written("agent-kpi:v1:today", now);
        index.written("agent-kpi:v1:last-spring", now - KEEP_SAVES_FOR - DAY);
        index.written("agent-kpi:v1:last-month", now - 30 * DAY);
        let mut expired = index.expired(now);
        #[allow(clippy::disallowed_methods)] // a test: not in the bundle
        expired.sort();
        assert_eq!(
            expired,
            [
                "agent-kpi:v1:gone",
                "agent-kpi:v1:last-spring",
                "agent-kpi:v1:odd"
            ]
        );
        let kept = SavesIndex::from_json(Some(&index.to_json()));
        assert_eq!(kept, index);
        assert_eq!(kept.0.len(), 2);
        assert_eq!(SavesIndex::from_json(Some("[1]")), SavesIndex::default());
        // A key given twice keeps its last time, as a JSON object does.
        let twice = SavesIndex::from_json(Some(r#"{"agent-kpi:v1:a": 1, "agent-kpi:v1:a": 2}"#));
        assert_eq!(twice.to_json(), r#"{"agent-kpi:v1:a":2}"#);
        assert_eq!(SavesIndex::from_json(None), SavesIndex::default());
    }
}
