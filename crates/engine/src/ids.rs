//! The ids of the events taken, remembered for as long as a figure they could feed is held, so
//! that a re-sent day counts once (contract 1.1): hosts re-send whole days after a reload, a
//! stream after reconnecting, a vendor SDK when the console reloads.
//!
//! Each id is kept as its 64-bit hash ([`hash_bytes`](super::recent::hash_bytes)) with its
//! event's `ts`. Two bounds keep memory flat:
//! - time: ids of events more than [`ID_RETENTION`] older than the newest are forgotten (no
//!   figure of theirs is held any more);
//! - count: past [`MAX_IDS`], the ids of the oldest events are forgotten, a quarter of the
//!   bound at a time.
//!
//! Either way the *horizon* moves up to the oldest `ts` whose ids are all still held, and an
//! event older than the horizon is refused: the widget can no longer tell it from one it took
//! before, and counting it twice is worse than not counting it. The time bound holds event by
//! event; the count bound moves the horizon between runs of a batch only, so that within one
//! the horizon an event is checked against is the one it is taken under.

use crate::json::read::Json;
use crate::json::{JsonOut, ToJson};
use crate::ledger::DAYS_KEPT;
use crate::order;
use crate::persist::read::{field, FromSaved, Unreadable};
use crate::recent::HashKeyed;
use crate::time::{Millis, DAY};

/// How long past the newest event an id is remembered: the daily history, and today.
pub const ID_RETENTION: Millis = (DAYS_KEPT as Millis + 1) * DAY;
/// The most event ids held at once: about three months of a busy agent's events (the
/// simulator's 12-hour shifts, about 420 events each, fill it in 95 days). A save holds about 14
/// bytes of text for each; more would weigh on the host page's localStorage.
pub const MAX_IDS: usize = 40_000;

/// The ids of the events taken, each with its event's `ts`.
#[derive(Clone, Debug)]
pub struct EventIds {
    ts_of: HashKeyed<Millis>,
    /// Events before this are refused: ids from before it may have been forgotten.
    horizon: Millis,
    newest: Millis,
    /// Where the horizon stood when the ids were last swept for age.
    swept_to: Millis,
    cap: usize,
}

/// What became of an id offered to [`EventIds::insert`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    New,
    Duplicate,
    /// Older than the horizon (which it gives): it may have been taken before.
    BeforeHorizon(Millis),
}

impl Default for EventIds {
    fn default() -> Self {
        EventIds::with_cap(MAX_IDS)
    }
}

impl EventIds {
    pub fn with_cap(cap: usize) -> EventIds {
        EventIds {
            ts_of: HashKeyed::default(),
            horizon: Millis::MIN,
            newest: Millis::MIN,
            swept_to: Millis::MIN,
            cap,
        }
    }

    /// Remembers the id `key` (a hash) of an event at `ts`, unless it is remembered already or
    /// the event is older than the horizon.
    pub fn insert(&mut self, key: u64, ts: Millis) -> Seen {
        if self.ts_of.contains_key(&key) {
            return Seen::Duplicate;
        }
        // Older than the history behind the newest event: refused at once, whatever the ids
        // swept so far, so that a batch and its events pushed one by one agree.
        let horizon = self.horizon.max(self.newest.saturating_sub(ID_RETENTION));
        if ts < horizon {
            return Seen::BeforeHorizon(horizon);
        }
        self.ts_of.insert(key, ts);
        self.newest = self.newest.max(ts);
        Seen::New
    }

    pub fn count(&self) -> usize {
        self.ts_of.len()
    }

    /// Forgets what the bounds say to, moving the horizon up. Cheap unless there is something
    /// to forget: a pass over the ids at most once a day of event time, or once a quarter of
    /// the bound of new ids.
    pub fn forget_old(&mut self) {
        let by_age = self.newest.saturating_sub(ID_RETENTION);
        if by_age >= self.swept_to.saturating_add(DAY) {
            self.swept_to = by_age;
            self.raise_horizon(by_age);
        }
        if self.ts_of.len() > self.cap {
            // Down to a quarter below the bound, so that a flood sorts the ids' times once
            // every so many thousand events: the oldest `ts` kept is the cut.
            let keep = self.cap - self.cap / 4;
            let mut times: Vec<Millis> = self.ts_of.values().copied().collect();
            order::sort_by(&mut times, Ord::cmp);
            let cut = times
                .get(times.len() - keep)
                .copied()
                .unwrap_or(Millis::MAX);
            self.raise_horizon(cut);
            if self.ts_of.len() > self.cap {
                // Many events of one `ts` at the cut: all of them go.
                self.raise_horizon(cut.saturating_add(1));
            }
        }
    }

    fn raise_horizon(&mut self, to: Millis) {
        if to > self.horizon {
            self.horizon = to;
            self.ts_of.retain(|_, ts| *ts >= to);
        }
    }
}

/// Saved as the horizon and newest `ts`, and the ids packed in one string, in the order of
/// their `ts` (so a save is written the same whatever the map's order): for each, its `ts`
/// after the one before (from `base`, as a LEB128 varint) and its hash (8 bytes,
/// little-endian), in base64. As JSON numbers they would take twice the room, and they are
/// most of a save.
impl ToJson for EventIds {
    fn write_json(&self, out: &mut JsonOut) {
        let mut ids: Vec<(Millis, u64)> = self.ts_of.iter().map(|(k, ts)| (*ts, *k)).collect();
        order::sort_by(&mut ids, Ord::cmp);
        let base = ids.first().map_or(0, |(ts, _)| *ts);
        let mut packed = Vec::with_capacity(ids.len() * 11);
        let mut previous = base;
        for (ts, key) in ids {
            let mut step = ts.abs_diff(previous);
            previous = ts;
            while step >= 0x80 {
                packed.push((step as u8) | 0x80);
                step >>= 7;
            }
            packed.push(step as u8);
            packed.extend_from_slice(&key.to_le_bytes());
        }
        out.open('{');
        out.field("\"horizon\":", &self.horizon);
        out.field("\"newest\":", &self.newest);
        out.field("\"base\":", &base);
        out.field("\"packed\":", &base64::encode(&packed));
        out.close('}');
    }
}

impl FromSaved for EventIds {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        let mut ids = EventIds {
            horizon: field(value, "horizon")?,
            newest: field(value, "newest")?,
            ..EventIds::default()
        };
        let base: Millis = field(value, "base")?;
        let text: String = field(value, "packed")?;
        let packed = base64::decode(&text).ok_or("packed: not base64")?;
        // Room for them all at once (an id takes at least nine bytes): grown as they come, the
        // table was rehashed a dozen times over on restoring 40 000 ids.
        ids.ts_of.reserve(packed.len() / 9);
        let mut rest = packed.as_slice();
        let mut ts = base;
        while !rest.is_empty() {
            let (step, after) = varint(rest).ok_or("packed: an id's ts breaks off")?;
            let (key, after) = after
                .split_first_chunk::<8>()
                .ok_or("packed: an id breaks off")?;
            ts = ts.saturating_add(step);
            ids.ts_of.insert(u64::from_le_bytes(*key), ts);
            rest = after;
        }
        ids.swept_to = ids.horizon;
        Ok(ids)
    }
}

impl EventIds {
    /// The ids a save of contract 1.0 held (format 3 and older): those of the last hour, each
    /// with its `ts`. Nothing older was remembered: the horizon is where they start, or the
    /// newest event where there are none.
    pub(crate) fn of_last_hour(newest: Millis, ts_of: HashKeyed<Millis>) -> EventIds {
        let horizon = ts_of.values().copied().min().unwrap_or(newest);
        EventIds {
            ts_of,
            horizon,
            newest,
            swept_to: horizon,
            ..EventIds::default()
        }
    }
}

/// A LEB128 varint from the front of `bytes` (at most ten bytes), and what follows it.
fn varint(bytes: &[u8]) -> Option<(Millis, &[u8])> {
    let mut value: u64 = 0;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((Millis::try_from(value).ok()?, &bytes[i + 1..]));
        }
    }
    None
}

/// Base64 (RFC 4648, padded), written here rather than taken from the `base64` crate, which
/// costs the bundle more than the few lines it would save; the tests check these against it.
mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        // Bytes, made a string once: pushed as chars, a quarter of the time of a save went
        // into checking each one's UTF-8 length.
        let mut text = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            text.extend_from_slice(&[0, 1, 2, 3].map(|i| match i <= chunk.len() {
                true => ALPHABET[(n >> (18 - 6 * i)) as usize & 63],
                false => b'=',
            }));
        }
        // Letters, digits, `+`, `/` and `=`: always UTF-8.
        String::from_utf8(text).unwrap_or_default()
    }

    /// Not a place in [`ALPHABET`].
    const NOT_BASE64: u8 = u8::MAX;

    /// Each byte's place in [`ALPHABET`]: a search of the alphabet for each character was over
    /// half the time of restoring a save.
    const PLACES: [u8; 256] = {
        let mut places = [NOT_BASE64; 256];
        let mut place = 0;
        while place < ALPHABET.len() {
            places[ALPHABET[place] as usize] = place as u8;
            place += 1;
        }
        places
    };

    /// The number `group` (up to 4 characters) spells, 6 bits a character.
    fn sextets(group: &[u8]) -> Option<u32> {
        group
            .iter()
            .try_fold(0u32, |n, &c| match PLACES[usize::from(c)] {
                NOT_BASE64 => None,
                place => Some(n << 6 | u32::from(place)),
            })
    }

    /// The bytes of `text`, or `None` where it is not padded base64.
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let text = text.as_bytes();
        if !text.len().is_multiple_of(4) {
            return None;
        }
        let pad = text.iter().rev().take_while(|&&b| b == b'=').count();
        let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
        let mut groups = text[..text.len() - pad].chunks_exact(4);
        for group in &mut groups {
            bytes.extend_from_slice(&sextets(group)?.to_be_bytes()[1..]);
        }
        // The last group: 2 or 3 characters give 1 or 2 bytes, with no bits left over.
        let last = groups.remainder();
        let n = sextets(last)?;
        match (last.len(), pad) {
            (0, 0) => {}
            (2, 2) if n & 0xf == 0 => bytes.push((n >> 4) as u8),
            (3, 1) if n & 0x3 == 0 => bytes.extend_from_slice(&((n >> 2) as u16).to_be_bytes()),
            _ => return None,
        }
        Some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recent::hash_bytes;
    use crate::time::{HOUR, MINUTE};

    fn key(i: i64) -> u64 {
        hash_bytes(format!("e{i}").as_bytes())
    }

    fn saved_and_read(ids: &EventIds) -> Result<EventIds, Unreadable> {
        let json = crate::json::to_json(ids);
        EventIds::from_saved(&crate::json::read::parse(&json).map_err(|e| e.to_string())?)
    }

    #[test]
    fn an_id_is_a_duplicate_for_as_long_as_the_history_and_refused_past_it() {
        let mut ids = EventIds::default();
        assert_eq!(ids.insert(key(1), 0), Seen::New);
        // Five months of events later: still a duplicate.
        assert_eq!(ids.insert(key(2), 150 * DAY), Seen::New);
        ids.forget_old();
        assert_eq!(ids.insert(key(1), 0), Seen::Duplicate);
        // Past the history: forgotten, and an event that old is refused, never counted again.
        assert_eq!(ids.insert(key(3), ID_RETENTION + 2 * DAY), Seen::New);
        ids.forget_old();
        assert_eq!(ids.insert(key(1), 0), Seen::BeforeHorizon(2 * DAY));
        assert_eq!(ids.insert(key(4), 2 * DAY), Seen::New);
        assert_eq!(ids.count(), 3);
    }

    #[test]
    fn past_the_bound_the_oldest_go_and_events_as_old_are_refused() {
        let mut ids = EventIds::with_cap(32);
        for i in 0..33 {
            assert_eq!(ids.insert(key(i), i * MINUTE), Seen::New);
        }
        ids.forget_old();
        // 33 > 32: down to 24 (a quarter of the bound, 8, below it), the oldest nine gone.
        assert_eq!(ids.count(), 24);
        assert_eq!(ids.horizon, 9 * MINUTE);
        let before = ids.insert(key(8), 8 * MINUTE);
        assert_eq!(before, Seen::BeforeHorizon(9 * MINUTE));
        assert_eq!(ids.insert(key(9), 9 * MINUTE), Seen::Duplicate);
        assert_eq!(ids.insert(key(100), 9 * MINUTE), Seen::New);
    }

    #[test]
    fn a_flood_at_one_instant_cannot_hold_more_than_the_bound() {
        let mut ids = EventIds::with_cap(32);
        for i in 0..40 {
            ids.insert(key(i), HOUR);
        }
        ids.forget_old();
        assert_eq!(ids.count(), 0);
        assert_eq!(ids.insert(key(41), HOUR), Seen::BeforeHorizon(HOUR + 1));
    }

    #[test]
    fn a_save_reads_back_as_it_was_and_is_compact() {
        let mut ids = EventIds::default();
        for i in 0..1000 {
            ids.insert(key(i), 1_795_420_800_000 + i * 7_919 % 3_600_000);
        }
        ids.insert(key(-1), 1_795_420_800_000 + 40 * DAY);
        let back = saved_and_read(&ids).unwrap_or_default();
        assert_eq!(back.ts_of, ids.ts_of);
        assert_eq!((back.horizon, back.newest), (ids.horizon, ids.newest));
        // Each id in about 12 bytes of base64 (9 to 11 bytes packed).
        let json = crate::json::to_json(&ids);
        assert!(json.len() < 1001 * 16, "{} bytes", json.len());
        // The same save whatever the order the ids came in.
        let mut reversed = EventIds::default();
        for (key, ts) in &ids.ts_of {
            reversed.ts_of.insert(*key, *ts);
        }
        reversed.newest = ids.newest;
        assert_eq!(crate::json::to_json(&reversed), json);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn base64_as_the_base64_crate_writes_and_reads_it() {
        use ::base64::engine::general_purpose::STANDARD;
        use ::base64::Engine as _;
        let mut seed = 17u64;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    (seed >> 56) as u8
                })
                .collect();
            let text = base64::encode(&bytes);
            assert_eq!(text, STANDARD.encode(&bytes));
            assert_eq!(base64::decode(&text), Some(bytes));
        }
        for bad in [
            "A", "AA", "A===", "AB==", "ABC=", "AA=A", "====", "AAA-", "QQ==QQ==",
            // Either side of each range of the alphabet.
            "AAA@", "AAA[", "AAA`", "AAA{", "AAA/", "AAA:", "AAA.", "AAA,", "AAA*",
        ] {
            assert_eq!(
                base64::decode(bad).is_some(),
                STANDARD.decode(bad).is_ok(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_broken_save_is_refused_with_the_reason() {
        let saved = |packed: &str| {
            let json = format!(r#"{{"horizon":0,"newest":0,"base":0,"packed":"{packed}"}}"#);
            EventIds::from_saved(&crate::json::read::parse(&json).unwrap_or_default()).map(|_| ())
        };
        assert_eq!(saved(""), Ok(()));
        assert_eq!(saved("AAAA"), Err("packed: an id breaks off".to_string()));
        assert_eq!(
            saved("gICA"),
            Err("packed: an id's ts breaks off".to_string())
        );
        assert_eq!(saved("!!!!"), Err("packed: not base64".to_string()));
    }
}
