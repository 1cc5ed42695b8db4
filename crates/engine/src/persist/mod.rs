//! Saving an engine and restoring it: the save's format, its versions, and one reader for each.
//!
//! A save is the state at the engine's oldest checkpoint and the events since, so that a
//! restored engine can still reorder late events as the saved one could. Its types are written
//! by [`crate::json::ToJson`] and read back by [`read::FromSaved`] (for a struct, one
//! [`write::saved_fields!`] line beside it declares both), over the [`json::read::Json`] tree of its text.
//!
//! | format | what changed | read by |
//! |---|---|---|
//! | 2 | ids kept as texts inside the contacts and cases keyed by their hash; a new hash function; events without the fields no figure reads | [`format_2`] |
//! | 3 | tallies as arrays of their numbers (a third of the size) | [`format_3`] |
//! | 4 (contract 1.1) | event ids for as long as the history, packed; outbound contacts, withdrawn offers; customer keys keyed | [`format_4`] |
//!
//! A new format adds a reader here that reads the format before it and brings it up to date,
//! and a corpus save of its own (`crates/engine/tests/corpus/save-format-N.json`), so that
//! every earlier save still restores.

pub mod read;
pub mod write;

use crate::core::{Core, Recall};
use crate::ids::EventIds;
use crate::json::read::Json;
use crate::json::{self, JsonOut};
use crate::ledger::Ledger;
use crate::recent::HashKeyed;
use crate::snapshot::{FromTheFuture, IngestCounts};
use crate::time::Millis;
use crate::{Checkpoint, Config, Engine, Event, SharedZone};
use read::{field, Unreadable};
use std::collections::VecDeque;

/// The format version [`Engine::save`] writes.
pub const SAVE_VERSION: u32 = 4;
/// The oldest format [`Engine::restore`] reads.
pub const OLDEST_READABLE_SAVE: u32 = 2;

/// Why an engine could not be saved. It cannot happen with a state the engine made; a caller
/// keeps the last save it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaveError(&'static str);

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// What [`Engine::save`] writes, as it is read back: the state at the oldest checkpoint and the
/// events since, so that a restored engine can still reorder late events as the saved one could.
struct Saved {
    counts: IngestCounts,
    seen: EventIds,
    core: Core,
    core_last_ts: Millis,
    /// The ledger as it was at that checkpoint.
    ledger: Ledger,
    recall: Recall,
    log: Vec<Event>,
    newest: Option<Millis>,
    maintained_at: Millis,
    fcr_swept_at: Millis,
    latest_future: Option<FromTheFuture>,
    customers_keyed: bool,
}

/// A save of format 4, the current one.
fn format_4(value: &Json) -> Result<Saved, Unreadable> {
    saved_with(value, field(value, "seen")?)
}

/// A save of format 3: as 4, but its ids (`seen`) were those of the last hour only, as a map of
/// hash to `[ts, null]` (contract 1.0 remembered no more), and its customer keys may be plain
/// hashes (`customers_keyed` missing: they are keyed when the secret comes).
fn format_3(value: &Json) -> Result<Saved, Unreadable> {
    let seen = ids_of_format_3(&value["seen"]).map_err(|e| read::within("seen", e))?;
    saved_with(value, seen)
}

fn ids_of_format_3(seen: &Json) -> Result<EventIds, Unreadable> {
    let entries: HashKeyed<(Millis, ())> = field(seen, "entries")?;
    let ts_of = entries
        .into_iter()
        .map(|(key, (ts, ()))| (key, ts))
        .collect();
    Ok(EventIds::of_last_hour(field(seen, "newest")?, ts_of))
}

/// A save of format 2: as 3, but each tally was an object by field name rather than an array of
/// its numbers (the tallies' reader, `saved_numbers` in `tally.rs`, reads both).
fn format_2(value: &Json) -> Result<Saved, Unreadable> {
    format_3(value)
}

/// The fields every format since 2 has, around the ids each format wrote its own way.
fn saved_with(value: &Json, seen: EventIds) -> Result<Saved, Unreadable> {
    Ok(Saved {
        counts: field(value, "counts")?,
        seen,
        core: field(value, "core")?,
        core_last_ts: field(value, "core_last_ts")?,
        ledger: field(value, "ledger")?,
        recall: field(value, "recall")?,
        log: field(value, "log")?,
        newest: field(value, "newest")?,
        maintained_at: field(value, "maintained_at")?,
        fcr_swept_at: field(value, "fcr_swept_at")?,
        latest_future: field(value, "latest_future")?,
        customers_keyed: field::<Option<bool>>(value, "customers_keyed")?.unwrap_or_default(),
    })
}

impl Engine {
    /// The whole state as JSON, to be given back to [`Engine::restore`] (after a reload, say).
    /// Customer keys are in it only as hashes.
    pub fn save(&self) -> Result<String, SaveError> {
        let checkpoint = self
            .checkpoints
            .front()
            .ok_or(SaveError("the engine holds no checkpoint to save from"))?;
        let mut ledger = self.ledger.clone();
        ledger.undo_from(checkpoint.step, self.zone.as_ref());
        let from = (checkpoint.step - self.log_start) as usize;
        // The fields of `Saved`, in its order, written from the engine in place.
        let mut out = JsonOut::default();
        out.open('{');
        out.field("\"version\":", &SAVE_VERSION);
        out.field("\"counts\":", &self.counts);
        out.field("\"seen\":", &self.ids);
        out.field("\"core\":", &checkpoint.core);
        out.field("\"core_last_ts\":", &checkpoint.last_ts);
        out.field("\"ledger\":", &ledger);
        out.field("\"recall\":", &self.recall);
        out.raw("\"log\":");
        out.list(self.log.range(from..));
        out.raw(",");
        out.field("\"newest\":", &self.newest);
        out.field("\"maintained_at\":", &self.maintained_at);
        out.field("\"fcr_swept_at\":", &self.fcr_swept_at);
        out.field("\"latest_future\":", &self.latest_future);
        out.field("\"customers_keyed\":", &self.customers_keyed);
        out.close('}');
        Ok(out.into_text())
    }

    /// An engine from what [`Engine::save`] wrote, with `config` and `zone`. A save that cannot
    /// be read, or of another format version, is refused with the reason.
    pub fn restore(saved: &str, config: Config, zone: SharedZone) -> Result<Engine, String> {
        let unreadable = |e: String| format!("the save cannot be read: {e}");
        let saved = json::read::parse(saved).map_err(|e| unreadable(e.to_string()))?;
        // The version first: a save of another format need not read as this one.
        let version: u32 = field(&saved, "version").map_err(unreadable)?;
        let saved = match version {
            4 => format_4(&saved),
            3 => format_3(&saved),
            2 => format_2(&saved),
            _ => {
                return Err(format!(
                    "the save is of format {version} (this widget reads {OLDEST_READABLE_SAVE} to {SAVE_VERSION})"
                ))
            }
        }
        .map_err(unreadable)?;
        let mut engine = Engine::new(config, zone);
        // Steps go on from those of the bookings in the saved journal, so that a replay takes
        // back the bookings of the events from its checkpoint on, never those from before.
        let first_step = saved.ledger.next_step();
        engine.log_start = first_step;
        engine.counts = saved.counts;
        engine.ids = saved.seen;
        engine.core = saved.core.clone();
        engine.ledger = saved.ledger;
        engine.recall = saved.recall;
        engine.newest = saved.newest;
        engine.frontier = saved.core_last_ts;
        engine.maintained_at = saved.maintained_at;
        engine.fcr_swept_at = saved.fcr_swept_at;
        engine.latest_future = saved.latest_future;
        engine.customers_keyed = saved.customers_keyed;
        engine.checkpoints = VecDeque::from([Checkpoint {
            step: first_step,
            last_ts: saved.core_last_ts,
            core: saved.core,
        }]);
        for event in saved.log {
            engine.apply_next(event);
        }
        engine.apply_configured_secret();
        Ok(engine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Seen;

    #[test]
    fn the_ids_of_a_format_3_save_are_read_with_their_horizon() {
        // `seen` as format 3 wrote it: the ids of the last hour, each with its `ts`.
        let seen = json::read::parse(
            r#"{"entries": {"1": [1000, null], "2": [5000, null]},
                "order": [], "newest": 5000, "retention": 3600000, "cap": 100000}"#,
        )
        .unwrap_or_default();
        let Ok(mut ids) = ids_of_format_3(&seen) else {
            panic!("format 3's ids are readable");
        };
        assert_eq!(ids.count(), 2);
        assert_eq!(ids.insert(1, 1000), Seen::Duplicate);
        assert_eq!(ids.insert(3, 999), Seen::BeforeHorizon(1000));
        let broken =
            json::read::parse(r#"{"entries": {"1": "soon"}, "newest": 5000}"#).unwrap_or_default();
        assert!(ids_of_format_3(&broken).is_err());
    }
}
