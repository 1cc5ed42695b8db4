//! The KPI engine: events in, figures out. Plain Rust, no browser: it builds, tests, fuzzes and
//! benches natively, and the UI and feeds are thin layers over it.
//!
//! ```
//! use agent_kpi::engine::{Engine, Kpi, Window, FixedOffset};
//!
//! let mut engine = Engine::default();
//! let report = engine.push_text(r#"
//! {"id":"1","ts":"2026-11-23T09:00:00Z","type":"agent_state","state":"available"}
//! {"id":"2","ts":"2026-11-23T09:01:00Z","type":"contact_offered","contact_id":"c1","channel":"voice"}
//! {"id":"3","ts":"2026-11-23T09:01:10Z","type":"contact_answered","contact_id":"c1"}
//! {"id":"4","ts":"2026-11-23T09:05:10Z","type":"contact_ended","contact_id":"c1"}
//! {"id":"5","ts":"2026-11-23T09:06:10Z","type":"wrap_up_ended","contact_id":"c1"}
//! "#);
//! assert_eq!(report.accepted, 5);
//!
//! let as_of = 1_795_428_000_000; // 2026-11-23T10:00:00Z, an hour after logging in
//! let figures = engine.snapshot(Window::Today, as_of, &FixedOffset::UTC);
//! assert_eq!(figures.value(Kpi::Aht), Some(300.0)); // 4 min talk + 1 min ACW
//! assert_eq!(figures.value(Kpi::Cph), Some(1.0)); // one contact in one staffed hour
//! ```

mod event;
mod ids;
mod parse;
mod snapshot;
mod state;
mod tally;
mod time;

pub use event::{AgentState, Channel, Event, EventKind, SurveySubject};
pub use parse::{parse_batch, parse_event, Parsed};
pub use snapshot::{round_ratio, Figure, IngestCounts, Kpi, Snapshot, Window};
pub use time::{
    day_start, interval_of, local_day, start_of_day, FixedOffset, Millis, Zone, DAY, HOUR,
    INTERVAL, MINUTE, SECOND,
};

use ids::SeenIds;
use serde::Serialize;
use state::KpiState;

/// What became of one pushed batch, as the host sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    pub accepted: u64,
    pub duplicates: u64,
    pub unknown: u64,
    pub rejected: Vec<Rejection>,
}

/// One event turned away: its position in the batch and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub index: usize,
    pub reason: String,
}

/// What became of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    Duplicate,
}

/// The engine of one agent's panel.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    state: KpiState,
    seen: SeenIds,
    counts: IngestCounts,
}

impl Engine {
    /// Takes a batch of events as text (a JSON array, NDJSON, or one object) and reports what
    /// became of each. Never fails: bad events are counted and described, the rest count.
    pub fn push_text(&mut self, text: &str) -> IngestReport {
        let mut report = IngestReport::default();
        parse_batch(text, |index, parsed| match parsed {
            Parsed::Event(event) => match self.push_event(event) {
                Outcome::Accepted => report.accepted += 1,
                Outcome::Duplicate => report.duplicates += 1,
            },
            Parsed::Unknown { .. } => {
                self.counts.unknown += 1;
                report.unknown += 1;
            }
            Parsed::Rejected { reason } => {
                self.counts.rejected += 1;
                report.rejected.push(Rejection { index, reason });
            }
        });
        report
    }

    /// Takes one validated event.
    pub fn push_event(&mut self, event: Event) -> Outcome {
        if !self.seen.insert(&event.id, event.ts) {
            self.counts.duplicates += 1;
            return Outcome::Duplicate;
        }
        self.counts.accepted += 1;
        self.state.apply(&event);
        Outcome::Accepted
    }

    /// The figures of `window` at the instant `as_of`, with local days in `zone`.
    pub fn snapshot(&self, window: Window, as_of: Millis, zone: &dyn Zone) -> Snapshot {
        let tally = match window {
            Window::Today => self.state.tally_between(start_of_day(zone, as_of), as_of),
        };
        let ingest = IngestCounts {
            ignored: self.state.ignored.count,
            ..self.counts
        };
        Snapshot::from_tally(window, as_of, &tally, ingest)
    }

    /// Reasons of the latest events that did not fit their contact's lifecycle.
    pub fn recent_ignored(&self) -> impl Iterator<Item = &str> {
        self.state.ignored.recent.iter().map(String::as_str)
    }
}
