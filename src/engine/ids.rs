//! Which event ids have been seen, so a repeated event counts once.
//!
//! Memory stays bounded: an id is forgotten once the newest event is more than
//! [`ID_RETENTION`] past it, and at most [`MAX_IDS`] are held. Ids are kept as 64-bit hashes,
//! never as given.

use super::time::{Millis, HOUR};
use std::collections::{HashSet, VecDeque};

/// How long past the newest event an id is remembered. A host that replays its recent events
/// after a reload replays less than this.
pub const ID_RETENTION: Millis = HOUR;

/// The most ids held at once, whatever the rate of events.
pub const MAX_IDS: usize = 100_000;

#[derive(Clone, Debug, Default)]
pub struct SeenIds {
    hashes: HashSet<u64>,
    /// In arrival order, with each event's `ts`, for forgetting.
    order: VecDeque<(Millis, u64)>,
    newest: Millis,
}

impl SeenIds {
    /// Records `id`; false where it was already seen.
    pub fn insert(&mut self, id: &str, ts: Millis) -> bool {
        let hash = fnv1a(id.as_bytes());
        if !self.hashes.insert(hash) {
            return false;
        }
        self.order.push_back((ts, hash));
        self.newest = self.newest.max(ts);
        while let Some(&(oldest_ts, oldest)) = self.order.front() {
            let expired = oldest_ts < self.newest - ID_RETENTION;
            if !expired && self.order.len() <= MAX_IDS {
                break;
            }
            self.hashes.remove(&oldest);
            self.order.pop_front();
        }
        true
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms, so saved ids stay valid.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_id_is_a_duplicate_until_it_expires() {
        let mut seen = SeenIds::default();
        assert!(seen.insert("a", 0));
        assert!(!seen.insert("a", 0));
        assert!(seen.insert("b", ID_RETENTION + 1));
        assert!(
            seen.insert("a", ID_RETENTION + 2),
            "forgotten once an hour older than the newest"
        );
    }

    #[test]
    fn holds_at_most_max_ids() {
        let mut seen = SeenIds::default();
        for i in 0..MAX_IDS + 10 {
            seen.insert(&i.to_string(), 0);
        }
        assert_eq!(seen.hashes.len(), MAX_IDS);
        assert_eq!(seen.order.len(), MAX_IDS);
    }
}
