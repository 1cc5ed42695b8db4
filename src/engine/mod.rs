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
//! assert_eq!(figures.value(Kpi::Asa), Some(10.0));
//! ```
//!
//! # Arrival order
//!
//! Events may arrive late and out of order by up to the configured lateness. The engine keeps
//! the events of that last stretch in `ts` order (ties in arrival order) on top of a settled
//! state: an event in order costs one step; one out of order replays the stretch. Figures are
//! always those of the events sorted by `ts`.

mod config;
mod core;
mod event;
mod kpi;
mod ledger;
mod parse;
mod recent;
mod snapshot;
mod tally;
mod time;

pub use config::{Config, ConfigError, Locale, Status, Target, Theme};
pub use event::{AgentState, Channel, Event, EventKind, SurveySubject};
pub use kpi::{Direction, Kpi, Unit};
pub use parse::{parse_batch, parse_event, Parsed};
pub use snapshot::{round_ratio, Figure, IngestCounts, ReasonCount, Snapshot, Window};
pub use time::{
    day_start, interval_of, local_day, start_of_day, FixedOffset, Millis, Zone, DAY, HOUR,
    INTERVAL, MINUTE, SECOND,
};

use self::core::{Core, Rules};
use ledger::Ledger;
use recent::RecentKeys;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tally::Tally;

/// How long past the newest event an id is remembered. A host that replays its recent events
/// after a reload replays less than this.
pub const ID_RETENTION: Millis = HOUR;
/// The most event ids held at once, whatever the rate of events.
pub const MAX_IDS: usize = 100_000;
/// The most events held unsettled. Under a flood the lateness bound shrinks to this many.
pub const MAX_PENDING: usize = 20_000;
/// Settle at least this many events at once, so a replay is paid for by many events.
const SETTLE_BATCH: usize = 4_096;

/// A time zone that can be shared by the engine and its callers.
pub type SharedZone = Arc<dyn Zone + Send + Sync>;

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

/// The figures of one 15-minute interval, for trends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IntervalFigures {
    pub start: Millis,
    pub kpis: BTreeMap<Kpi, Figure>,
}

/// The figures of one past day, from the daily history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayFigures {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    pub kpis: BTreeMap<Kpi, Figure>,
}

/// How much the engine holds: every part bounded, none growing with the events ever seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Footprint {
    pub intervals: usize,
    pub days: usize,
    pub journal: usize,
    pub pending: usize,
    pub open_contacts: usize,
    pub open_cases: usize,
    pub fcr_candidates: usize,
    pub event_ids: usize,
}

/// The engine of one agent's panel.
#[derive(Clone)]
pub struct Engine {
    config: Config,
    zone: SharedZone,
    seen: RecentKeys<()>,
    counts: IngestCounts,
    /// Every event before the pending ones, applied.
    settled: Core,
    settled_ledger: Ledger,
    /// The latest events, sorted by `ts` (ties in arrival order).
    pending: Vec<Event>,
    /// `settled` with `pending` applied on top; its bookings go to `overlay`.
    live: Core,
    overlay: Ledger,
    /// `live` is behind `pending` and must be replayed before it is read.
    stale: bool,
    newest: Option<Millis>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Config::default(), Arc::new(FixedOffset::UTC))
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("counts", &self.counts)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with `config`, keeping its daily history in `zone`.
    pub fn new(config: Config, zone: SharedZone) -> Engine {
        Engine {
            config,
            zone,
            seen: RecentKeys::new(ID_RETENTION, MAX_IDS),
            counts: IngestCounts::default(),
            settled: Core::default(),
            settled_ledger: Ledger::new(),
            pending: Vec::new(),
            live: Core::default(),
            overlay: Ledger::new(),
            stale: false,
            newest: None,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the configuration. Thresholds (short abandon, service level, FCR repeat
    /// window) apply to events from now on; targets and cost apply to every figure.
    pub fn set_config(&mut self, config: Config) {
        self.config = config;
    }

    /// The zone of daily history and of `today` where no other is asked for.
    pub fn zone(&self) -> &SharedZone {
        &self.zone
    }

    /// The latest `ts` of any accepted event.
    pub fn newest(&self) -> Option<Millis> {
        self.newest
    }

    /// Takes a batch of events as text (a JSON array, NDJSON, or one object) and reports what
    /// became of each. Never fails: bad events are counted and described, the rest count.
    pub fn push_text(&mut self, text: &str) -> IngestReport {
        let mut report = IngestReport::default();
        parse_batch(text, |index, parsed| match parsed {
            Parsed::Event(event) => match self.take(event) {
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
        self.catch_up();
        report
    }

    /// Takes one validated event.
    pub fn push_event(&mut self, event: Event) -> Outcome {
        let outcome = self.take(event);
        self.catch_up();
        outcome
    }

    /// Takes an event into the pending stretch; `live` may be left stale for [`catch_up`].
    fn take(&mut self, event: Event) -> Outcome {
        if !self.seen.insert_new(&event.id, event.ts, ()) {
            self.counts.duplicates += 1;
            return Outcome::Duplicate;
        }
        self.counts.accepted += 1;
        self.newest = Some(self.newest.map_or(event.ts, |n| n.max(event.ts)));
        let settled_to = self.settled.clock().unwrap_or(Millis::MIN);
        let in_order = self.pending.last().is_none_or(|last| event.ts >= last.ts);
        if event.ts < settled_to {
            // Later than the lateness bound: counted where it belongs, without reordering.
            let rules = Rules {
                config: &self.config,
                zone: self.zone.as_ref(),
            };
            self.settled.apply(&event, &mut self.settled_ledger, rules);
            self.stale = true;
        } else if in_order && !self.stale {
            let rules = Rules {
                config: &self.config,
                zone: self.zone.as_ref(),
            };
            self.live.apply(&event, &mut self.overlay, rules);
            self.pending.push(event);
        } else {
            let at = self.pending.partition_point(|e| e.ts <= event.ts);
            self.pending.insert(at, event);
            self.stale = true;
        }
        if self.pending.len() > MAX_PENDING + SETTLE_BATCH {
            self.settle();
        }
        Outcome::Accepted
    }

    /// Settles what has left the lateness bound and brings `live` up to date.
    fn catch_up(&mut self) {
        self.settle();
        if self.stale {
            self.replay();
        }
    }

    /// Applies the pending events older than the lateness bound to the settled state, when
    /// enough have gathered to pay for replaying the rest.
    fn settle(&mut self) {
        let Some(newest) = self.newest else { return };
        let watermark = newest - self.config.lateness_ms;
        let old = self.pending.partition_point(|e| e.ts < watermark);
        let count = old.max(self.pending.len().saturating_sub(MAX_PENDING));
        let remaining = self.pending.len() - count;
        if count == 0 || !(self.stale || count >= remaining || count >= SETTLE_BATCH) {
            return;
        }
        let rules = Rules {
            config: &self.config,
            zone: self.zone.as_ref(),
        };
        for event in self.pending.drain(..count) {
            self.settled.apply(&event, &mut self.settled_ledger, rules);
        }
        let now = self.settled.clock().unwrap_or(newest);
        self.settled
            .forget_settled_fcr(now - self.config.lateness_ms, self.config.fcr_repeat_ms);
        self.settled_ledger
            .maintain(now, self.settled.journal_horizon(), self.zone.as_ref());
        self.stale = true;
        self.replay();
    }

    /// Rebuilds `live` from the settled state and the pending events.
    fn replay(&mut self) {
        self.live = self.settled.clone();
        self.overlay = Ledger::new();
        let rules = Rules {
            config: &self.config,
            zone: self.zone.as_ref(),
        };
        for event in &self.pending {
            self.live.apply(event, &mut self.overlay, rules);
        }
        self.stale = false;
    }

    /// The sums of `[from, to)`, with the agent's time since the last event counted up to `to`.
    fn tally_between(&self, from: Millis, to: Millis) -> Tally {
        let mut tally = Tally::default();
        self.settled_ledger.add_between(from, to, &mut tally);
        self.overlay.add_between(from, to, &mut tally);
        self.live.add_open_time(from, to, &mut tally);
        tally
    }

    /// Where `window` starts, for figures at `as_of` with local days in `zone`.
    pub fn window_start(&self, window: Window, as_of: Millis, zone: &dyn Zone) -> Millis {
        match window {
            Window::Today => start_of_day(zone, as_of),
            Window::Rolling60m => as_of - HOUR,
            Window::Shift => self.live.shift_start().unwrap_or(as_of).min(as_of),
        }
    }

    /// The figures of `window` at the instant `as_of`, with local days in `zone`.
    pub fn snapshot(&self, window: Window, as_of: Millis, zone: &dyn Zone) -> Snapshot {
        let from = self.window_start(window, as_of, zone);
        let tally = self.tally_between(from, as_of);
        let inputs = snapshot::Inputs {
            tally: &tally,
            config: &self.config,
            cases: Some(self.live.open_cases()),
            provisional: self
                .live
                .fcr_provisional(from, as_of, as_of, self.config.fcr_repeat_ms),
            as_of,
        };
        let mut kpis = snapshot::overall(&inputs);
        for (kpi, figure) in kpis.iter_mut() {
            if let Some(target) = self.config.targets.get(kpi) {
                figure.target = Some(target.value);
                figure.status = figure.value.map(|v| target.status(v));
            }
            figure.baseline = self.live.baseline(*kpi, "team");
        }
        let channels = Channel::ALL
            .into_iter()
            .filter(|c| !tally.channel(*c).is_empty())
            .map(|c| (c, snapshot::channel(&inputs, c)))
            .collect();
        Snapshot {
            window,
            as_of,
            from,
            kpis,
            channels,
            ingest: IngestCounts {
                ignored: self.live.ignored.count,
                ..self.counts
            },
        }
    }

    /// Today's 15-minute intervals up to `as_of`, each with its figures (the current one up to
    /// `as_of`, divided by the time elapsed in it).
    pub fn trend(&self, as_of: Millis, zone: &dyn Zone) -> Vec<IntervalFigures> {
        let day = start_of_day(zone, as_of);
        let mut intervals = Vec::new();
        let mut start = day;
        while start < as_of {
            let end = (start + INTERVAL).min(as_of);
            let tally = self.tally_between(start, end);
            let inputs = snapshot::Inputs {
                tally: &tally,
                config: &self.config,
                cases: None,
                provisional: self.live.fcr_provisional(
                    start,
                    end,
                    as_of,
                    self.config.fcr_repeat_ms,
                ),
                as_of,
            };
            intervals.push(IntervalFigures {
                start,
                kpis: snapshot::overall(&inputs),
            });
            start += INTERVAL;
        }
        intervals
    }

    /// The past days of the daily history (in the engine's zone), oldest first, up to and
    /// including the day of `as_of`.
    pub fn history(&self, as_of: Millis) -> Vec<DayFigures> {
        let zone = self.zone.as_ref();
        let mut days: BTreeMap<i64, Tally> = self.settled_ledger.days().clone();
        let today = local_day(zone, as_of);
        // Days (or their parts) still held as intervals: add them up a day at a time.
        let mut day = local_day(zone, as_of - ledger::INTERVALS_KEPT - DAY);
        while day <= today {
            let from = day_start(zone, day);
            let to = day_start(zone, day + 1).min(as_of);
            let tally = self.tally_between(from, to);
            if tally != Tally::default() {
                days.entry(day).or_default().add(&tally);
            }
            day += 1;
        }
        days.into_iter()
            .map(|(day, tally)| {
                let inputs = snapshot::Inputs {
                    tally: &tally,
                    config: &self.config,
                    cases: None,
                    provisional: [0; Channel::COUNT],
                    as_of,
                };
                DayFigures {
                    date: civil_date(day),
                    kpis: snapshot::overall(&inputs),
                }
            })
            .collect()
    }

    /// All latest baselines, by scope and KPI.
    pub fn baselines(&self) -> BTreeMap<&str, BTreeMap<Kpi, f64>> {
        self.live.baselines()
    }

    /// How much the engine holds now.
    pub fn footprint(&self) -> Footprint {
        let (intervals, days, journal) = self.settled_ledger.sizes();
        let (open_contacts, open_cases, fcr_candidates) = self.live.sizes();
        Footprint {
            intervals,
            days,
            journal,
            pending: self.pending.len(),
            open_contacts,
            open_cases,
            fcr_candidates,
            event_ids: self.seen.count(),
        }
    }

    /// Reasons of the latest events that did not fit their contact's or case's lifecycle.
    pub fn recent_ignored(&self) -> impl Iterator<Item = &str> {
        self.live.ignored.recent.iter().map(String::as_str)
    }
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01.
fn civil_date(day: i64) -> String {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .map(|d| d.to_string())
        .unwrap_or_default()
}
