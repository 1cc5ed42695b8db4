//! The KPI engine: events in, figures out. Plain Rust, no browser: it builds, tests, fuzzes and
//! benches natively, and the UI and feeds are thin layers over it.
//!
//! ```
//! use agent_kpi_engine::{Engine, Kpi, Window, FixedOffset};
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
//! Events may arrive late and out of order by up to the configured lateness. The engine applies
//! each event in order as it comes and keeps copies of its state (checkpoints) every few hundred
//! events or every minute, with the events since the oldest one still needed. An event that
//! arrives out of order takes back the bookings made since the latest checkpoint before it and
//! replays from there with the event in its place. Figures are always those of the events sorted
//! by `ts` (ties in arrival order).

pub mod config;
mod core;
mod customers;
mod event;
mod float_text;
mod ids;
pub mod json;
mod kpi;
mod ledger;
mod list_map;
pub mod order;
mod parse;
pub mod persist;
mod recent;
mod scan;
mod snapshot;
mod sorted_map;
mod tally;
mod time;
mod timestamp;
mod wire;
mod wire_read;

pub use config::{Config, ConfigError, Configure, Preset, Status, Target};
pub use customers::CustomerSecret;
pub use event::{AgentState, Channel, Event, EventKind, Name, SurveySubject};
pub use float_text::float_text;
pub use ids::{ID_RETENTION, MAX_IDS};
pub use kpi::{Direction, Kpi, Unit};
pub use list_map::ListMap;
pub use parse::{is_json_array, parse_batch, parse_event, Parsed};
#[doc(hidden)]
pub use parse::{parse_batch_reference, parse_event_reference};
pub use persist::{SaveError, OLDEST_READABLE_SAVE, SAVE_VERSION};
pub use snapshot::{
    mix_adjusted_aht, round_ratio, Figure, FromTheFuture, IngestCounts, ReasonCount, Snapshot,
    Window,
};
pub use sorted_map::SortedMap;
pub use time::{
    day_start, interval_of, local_day, start_of_day, FixedOffset, Millis, OffsetCache, Zone, DAY,
    HOUR, INTERVAL, MINUTE, SECOND,
};

use self::core::{Core, Recall, Rules};
pub use self::core::{LiveCase, LiveContact, LivePhase};
use ids::{EventIds, Seen};
use ledger::Ledger;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Arc;
use tally::Tally;

/// The most characters of a rejection's reason: one that quotes the bad input says enough of it.
pub const MAX_REASON_CHARS: usize = 300;
/// How long the panel says that events arrive from the future after the latest did.
pub const FUTURE_NOTICE: Millis = 15 * MINUTE;
/// The most events held for reordering. Under a flood the lateness bound shrinks to this many.
pub const MAX_PENDING: usize = 20_000;
/// Events of a batch taken together, sorted by `ts` where that changes no figure.
const SORTED_RUN: usize = 512;
/// A checkpoint is taken every this many events: copying the state is paid for by many events,
/// and a late event replays at most about twice as many.
const CHECKPOINT_EVENTS: u64 = 512;

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

json_fields!(IngestReport {
    accepted,
    duplicates,
    unknown,
    rejected
});

impl IngestReport {
    /// Adds the report of a piece of a batch whose first event was at position `first`.
    pub fn add(&mut self, piece: IngestReport, first: usize) {
        self.accepted += piece.accepted;
        self.duplicates += piece.duplicates;
        self.unknown += piece.unknown;
        self.rejected
            .extend(piece.rejected.into_iter().map(|mut rejection| {
                rejection.index += first;
                rejection
            }));
    }
}

/// One event turned away: its position in the batch and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub index: usize,
    pub reason: String,
}

json_fields!(Rejection { index, reason });

/// What became of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    Duplicate,
    /// Valid, but turned away: it changed nothing.
    Refused(Refusal),
}

/// Why a valid event was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Its `ts` is `ahead` of the widget's clock, more than the `allowed` skew.
    FromTheFuture { ahead: Millis, allowed: Millis },
    /// It is older than `horizon`, before which event ids are no longer all remembered: it
    /// may have been taken before.
    BeforeHorizon { horizon: Millis },
}

impl Refusal {
    /// The reason a host reads in the ingest report.
    #[inline(never)]
    pub fn reason(&self) -> String {
        match *self {
            Refusal::FromTheFuture { ahead, allowed } => format!(
                "ts: {} ahead of this widget's clock (at most {} allowed): the clock of the host or of this computer is wrong",
                time::duration_text(ahead),
                time::duration_text(allowed)
            ),
            Refusal::BeforeHorizon { horizon } => format!(
                "ts: before {}, the oldest time whose event ids this widget still holds: it cannot tell whether this event was counted before",
                timestamp::instant_text(horizon)
            ),
        }
    }
}

/// The figures of one 15-minute interval, for trends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IntervalFigures {
    pub start: Millis,
    pub kpis: SortedMap<Kpi, Figure>,
}

json_fields!(IntervalFigures { start, kpis });

/// The figures of one past day, from the daily history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayFigures {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    pub kpis: SortedMap<Kpi, Figure>,
}

json_fields!(DayFigures { date, kpis });

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
    pub baseline_scopes: usize,
}

/// The engine of one agent's panel.
#[derive(Clone)]
pub struct Engine {
    config: Config,
    zone: SharedZone,
    /// The widget's clock, as last read ([`Engine::set_wall_clock`]); `None` bounds nothing.
    wall_clock: Option<Millis>,
    /// The ids of the events taken, for as long as their figures are held.
    ids: EventIds,
    counts: IngestCounts,
    /// The latest event refused for coming from the future.
    latest_future: Option<FromTheFuture>,
    /// The secret customer keys are hashed under, where the engine was given one.
    customer_secret: Option<CustomerSecret>,
    /// Whether the customer keys held were hashed under the secret (saves before it was, and
    /// an engine never given one, hold plain hashes).
    customers_keyed: bool,
    /// Every event taken, applied in `ts` order (ties in arrival order).
    core: Core,
    ledger: Ledger,
    recall: Recall,
    /// The events applied since the oldest checkpoint, in the order applied.
    log: VecDeque<Event>,
    /// The step (count of events applied before it) of `log[0]`.
    log_start: u64,
    /// Copies of `core` at points of the log, oldest first, to replay from when an event
    /// arrives out of order. The first is always at or before the lateness bound.
    checkpoints: VecDeque<Checkpoint>,
    newest: Option<Millis>,
    /// The latest `ts` applied: an event at or after it is in order.
    frontier: Millis,
    /// When the ledger and core last let go of what they no longer need.
    maintained_at: Millis,
    fcr_swept_at: Millis,
    /// Events applied again to put late ones in their place.
    replayed: u64,
    /// The buffer `push_text` gathers runs of events in (with their place in the batch), empty
    /// between batches: kept, so that each batch does not grow a new one (copying its events
    /// at every doubling).
    run: Vec<(usize, Event)>,
    /// See [`Engine::revision`].
    revision: u64,
}

/// The core as it was after the events before step `step` (the latest of them at `last_ts`).
#[derive(Clone)]
struct Checkpoint {
    step: u64,
    last_ts: Millis,
    core: Core,
}

/// Whether `events` are out of `ts` order, and can be sorted: no id comes twice among them
/// (of two events with one id, the first to arrive is the one taken).
fn needs_sorting(events: &[(usize, Event)]) -> bool {
    if events.windows(2).all(|pair| pair[0].1.ts <= pair[1].1.ts) {
        return false;
    }
    let mut ids: Vec<u64> = events.iter().map(|(_, event)| event.id.key()).collect();
    order::sort_by(&mut ids, u64::cmp);
    ids.windows(2).all(|pair| pair[0] != pair[1])
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
            .field("log", &self.log.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with `config`, keeping its daily history in `zone`.
    pub fn new(config: Config, zone: SharedZone) -> Engine {
        let mut engine = Engine {
            config,
            zone,
            wall_clock: None,
            ids: EventIds::default(),
            counts: IngestCounts::default(),
            latest_future: None,
            customer_secret: None,
            customers_keyed: false,
            core: Core::default(),
            ledger: Ledger::new(),
            recall: Recall::default(),
            log: VecDeque::new(),
            log_start: 0,
            checkpoints: VecDeque::from([Checkpoint {
                step: 0,
                last_ts: Millis::MIN,
                core: Core::default(),
            }]),
            newest: None,
            frontier: Millis::MIN,
            maintained_at: Millis::MIN,
            fcr_swept_at: Millis::MIN,
            replayed: 0,
            run: Vec::new(),
            revision: 0,
        };
        engine.apply_configured_secret();
        engine
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the configuration. Thresholds (short abandon, service level, FCR repeat
    /// window) apply to events from now on; targets and cost apply to every figure; a
    /// `customer_key_secret` to customer keys from now on (give it before the first events).
    pub fn set_config(&mut self, config: Config) {
        self.config = config;
        self.apply_configured_secret();
    }

    /// The host's own secret for customer keys, where the configuration gives one.
    fn apply_configured_secret(&mut self) {
        if let Some(text) = &self.config.customer_key_secret {
            self.set_customer_secret(CustomerSecret::from_text(text));
        }
    }

    /// Sets the zone of daily history (days already folded keep the zone they had).
    pub fn set_zone(&mut self, zone: SharedZone) {
        self.zone = zone;
    }

    /// The zone of daily history and of `today` where no other is asked for.
    pub fn zone(&self) -> &SharedZone {
        &self.zone
    }

    /// The latest `ts` of any accepted event.
    pub fn newest(&self) -> Option<Millis> {
        self.newest
    }

    /// The widget's clock reads `now` (epoch ms): from here on, an event whose `ts` is more than
    /// the configured `max_clock_skew_minutes` past it is refused. The engine reads no clock
    /// of its own: the browser gives the page's, a native caller its own. An engine never told
    /// the time refuses nothing for it (a replay of recorded days, say).
    pub fn set_wall_clock(&mut self, now: Millis) {
        self.wall_clock = Some(now);
    }

    /// Hashes customer keys under `secret` from now on (see `engine::customers`). Those held
    /// as plain hashes (from a save written before, or taken before any secret) are hashed
    /// under it now, so a customer's earlier contacts still match later ones.
    pub fn set_customer_secret(&mut self, secret: CustomerSecret) {
        self.customer_secret = Some(secret);
        if !self.customers_keyed {
            self.revision += 1;
            self.customers_keyed = true;
            let key = |plain: u64| secret.key(plain);
            self.core.rekey_customers(key);
            for checkpoint in &mut self.checkpoints {
                checkpoint.core.rekey_customers(key);
            }
            for event in &mut self.log {
                event.kind.rekey_customer(key);
            }
        }
    }

    /// The secret customer keys are hashed under, where there is one.
    pub fn customer_secret(&self) -> Option<CustomerSecret> {
        self.customer_secret
    }

    /// The widget's clock as last read, where it was.
    pub fn wall_clock(&self) -> Option<Millis> {
        self.wall_clock
    }

    /// Turns a whole batch away unread (it is bigger than one push may take, say), counting it
    /// as one rejection with `reason`.
    pub fn refuse_batch(&mut self, reason: String) -> IngestReport {
        self.revision += 1;
        self.counts.rejected += 1;
        IngestReport {
            rejected: vec![Rejection { index: 0, reason }],
            ..IngestReport::default()
        }
    }

    /// Takes a batch of events as text (a JSON array, NDJSON, or one object) and reports what
    /// became of each. Never fails: bad events are counted and described, the rest count.
    pub fn push_text(&mut self, text: &str) -> IngestReport {
        self.revision += 1;
        let mut report = IngestReport::default();
        let mut run = std::mem::take(&mut self.run);
        parse_batch(text, |index, parsed| match parsed {
            Parsed::Event(event) => {
                run.push((index, event));
                if run.len() == SORTED_RUN {
                    self.push_run(&mut run, &mut report);
                }
            }
            Parsed::Unknown { .. } => {
                self.counts.unknown += 1;
                report.unknown += 1;
            }
            Parsed::Rejected { reason } => {
                self.counts.rejected += 1;
                report.rejected.push(Rejection {
                    index,
                    reason: cut_reason(reason),
                });
            }
        });
        self.push_run(&mut run, &mut report);
        self.run = run;
        // Refusals come as their runs are taken, after the parser's rejections.
        order::sort_by(&mut report.rejected, |a, b| a.index.cmp(&b.index));
        report
    }

    /// Takes a run of events of one batch, each stretch of it in `ts` order where that gives the
    /// figures arrival order would: a late event costs a replay (of up to a few checkpoints'
    /// worth of events), and a batch whose events are a little out of order would pay it for
    /// every other event.
    fn push_run(&mut self, run: &mut Vec<(usize, Event)>, report: &mut IngestReport) {
        let mut rest = VecDeque::from(std::mem::take(run));
        while !rest.is_empty() {
            // An event that cannot be sorted in goes alone, in its place of arrival.
            let sortable = self.sortable_stretch(&rest).max(1);
            let stretch = &mut rest.make_contiguous()[..sortable];
            if needs_sorting(stretch) {
                // Stable: events of one `ts` keep their arrival order, as a replay keeps them.
                order::sort_by(stretch, |a, b| a.1.ts.cmp(&b.1.ts));
            }
            // Taken where they lie, not copied out first: an event is big to copy.
            for (index, event) in rest.drain(..sortable) {
                match self.take_event(event) {
                    Outcome::Accepted => report.accepted += 1,
                    Outcome::Duplicate => report.duplicates += 1,
                    Outcome::Refused(refusal) => report.rejected.push(Rejection {
                        index,
                        reason: refusal.reason(),
                    }),
                }
            }
        }
        // Between runs: the horizon an event was checked against stays put within its run.
        self.ids.forget_old();
        // The emptied buffer goes back, so that the next run does not grow a new one.
        *run = Vec::from(rest);
    }

    /// How many events from the front of `events` give, sorted by `ts`, the figures they give in
    /// arrival order: each arrives within the lateness bound of the newest before it and after
    /// the oldest checkpoint (so a replay would put it in its place), and the engine is not
    /// shedding its reordering log in a flood.
    fn sortable_stretch(&self, events: &VecDeque<(usize, Event)>) -> usize {
        if self.log.len() + events.len() > MAX_PENDING {
            return 0;
        }
        let reorderable_from = self.checkpoints.front().map_or(Millis::MAX, |c| c.last_ts);
        let mut newest = self.newest.unwrap_or(Millis::MIN);
        events
            .iter()
            .take_while(|(_, event)| {
                newest = newest.max(event.ts);
                event.ts >= newest.saturating_sub(self.config.lateness_ms)
                    && event.ts >= reorderable_from
            })
            .count()
    }

    /// Takes one validated event. In `ts` order it is applied at once; out of order, the
    /// events after the latest checkpoint before it are replayed with it in its place.
    pub fn push_event(&mut self, event: Event) -> Outcome {
        self.revision += 1;
        let outcome = self.take_event(event);
        self.ids.forget_old();
        outcome
    }

    /// [`Engine::push_event`], but for letting go of old ids, which waits for the end of the run.
    fn take_event(&mut self, mut event: Event) -> Outcome {
        let allowed = self.config.max_clock_skew_ms;
        if let Some(clock) = self.wall_clock.filter(|clock| event.ts - clock > allowed) {
            let ahead = event.ts - clock;
            self.counts.rejected += 1;
            self.counts.future += 1;
            self.latest_future = Some(FromTheFuture { ahead, at: clock });
            return Outcome::Refused(Refusal::FromTheFuture { ahead, allowed });
        }
        match self.ids.insert(event.id.key(), event.ts) {
            Seen::New => {}
            Seen::Duplicate => {
                self.counts.duplicates += 1;
                return Outcome::Duplicate;
            }
            Seen::BeforeHorizon(horizon) => {
                self.counts.rejected += 1;
                return Outcome::Refused(Refusal::BeforeHorizon { horizon });
            }
        }
        if let Some(secret) = self.customer_secret {
            event.kind.rekey_customer(|plain| secret.key(plain));
        }
        self.counts.accepted += 1;
        self.newest = Some(self.newest.map_or(event.ts, |n| n.max(event.ts)));
        let in_order = event.ts >= self.frontier;
        // The latest checkpoint whose events all came at or before this one.
        let checkpoint = || self.checkpoints.iter().rposition(|c| c.last_ts <= event.ts);
        match (in_order, checkpoint()) {
            (false, Some(index)) => self.replay_with(index, event),
            // In order, or later than every checkpoint can reorder: applied as it comes, in
            // the window where it belongs.
            _ => self.apply_next(event),
        }
        self.forget_settled();
        Outcome::Accepted
    }

    /// Applies `event` after the last one and appends it to the log.
    fn apply_next(&mut self, event: Event) {
        let step = self.log_start + self.log.len() as u64;
        // From the clock on, time not yet booked is counted when read, as the agent's condition
        // has it: this event may change that condition, and so the figures from there on.
        if let Some(clock) = self.core.clock() {
            self.ledger.mark_changed(clock.min(event.ts));
        }
        let rules = Rules {
            config: &self.config,
            zone: self.zone.as_ref(),
        };
        self.core
            .apply(&event, step, &mut self.ledger, &mut self.recall, rules);
        self.frontier = self.frontier.max(event.ts);
        self.log.push_back(event);
        self.maybe_checkpoint();
    }

    /// Puts `event` in its place after checkpoint `index` and replays from there.
    fn replay_with(&mut self, index: usize, event: Event) {
        self.checkpoints.truncate(index + 1);
        let Some(checkpoint) = self.checkpoints.back() else {
            return;
        };
        let from = (checkpoint.step - self.log_start) as usize;
        self.ledger.undo_from(checkpoint.step, self.zone.as_ref());
        self.core = checkpoint.core.clone();
        // The replay raises it again event by event: the checkpoints it takes on the way must
        // say how far their own events reached, or the next late event finds none of them and
        // replays from further back every time.
        self.frontier = checkpoint.last_ts;
        // After every event of its `ts` already there: ties keep arrival order.
        let place = from
            + self
                .log
                .range(from..)
                .take_while(|e| e.ts <= event.ts)
                .count();
        self.log.insert(place, event);
        let replayed: Vec<Event> = self.log.drain(from..).collect();
        self.replayed += (replayed.len() as u64).saturating_sub(1);
        for event in replayed {
            self.apply_next(event);
        }
    }

    /// Takes a checkpoint every [`CHECKPOINT_EVENTS`] events.
    fn maybe_checkpoint(&mut self) {
        let step = self.log_start + self.log.len() as u64;
        let last_ts = self.frontier;
        let due = self
            .checkpoints
            .back()
            .is_none_or(|c| step - c.step >= CHECKPOINT_EVENTS);
        if due {
            self.checkpoints.push_back(Checkpoint {
                step,
                last_ts,
                core: self.core.clone(),
            });
        }
    }

    /// Lets go of what no event within the lateness bound can need: checkpoints before the
    /// last one at or before the bound, the log before it, old journal bookings and intervals.
    fn forget_settled(&mut self) {
        let Some(newest) = self.newest else { return };
        let bound = newest - self.config.lateness_ms;
        while self.checkpoints.len() >= 2 {
            let next = &self.checkpoints[1];
            let flooded = self.log.len() > MAX_PENDING;
            if next.last_ts >= bound && !flooded {
                break;
            }
            self.checkpoints.pop_front();
        }
        let Some(oldest) = self.checkpoints.front() else {
            return;
        };
        let keep_step = oldest.step;
        if keep_step > self.log_start {
            self.log.drain(..(keep_step - self.log_start) as usize);
            self.log_start = keep_step;
        }
        let now = self.core.clock().unwrap_or(newest);
        let journal_full = self.ledger.sizes().2 > ledger::JOURNAL_CAP;
        if now >= self.maintained_at.saturating_add(INTERVAL) || journal_full {
            self.maintained_at = now;
            // FCR candidates outlive their repeat window by up to a day: a sweep a day is enough.
            if now >= self.fcr_swept_at.saturating_add(DAY) {
                self.fcr_swept_at = now;
                self.core
                    .forget_settled_fcr(bound, self.config.fcr_repeat_ms);
            }
            self.ledger.maintain(
                now,
                self.core.journal_horizon(),
                keep_step,
                self.zone.as_ref(),
            );
        }
    }

    /// The sums of `[from, to)`, with the agent's time since the last event counted up to `to`.
    fn tally_between(&self, from: Millis, to: Millis) -> Tally {
        let mut tally = Tally::default();
        self.ledger.add_between(from, to, &mut tally);
        self.core.add_open_time(from, to, &mut tally);
        tally
    }

    /// Where `window` starts, for figures at `as_of` with local days in `zone`.
    pub fn window_start(&self, window: Window, as_of: Millis, zone: &dyn Zone) -> Millis {
        match window {
            Window::Today => start_of_day(zone, as_of),
            Window::Rolling60m => as_of - HOUR,
            Window::Shift => self.core.shift_start().unwrap_or(as_of).min(as_of),
        }
    }

    /// How far back a window can start and still be read whole: before this instant (about two
    /// days behind the newest event) the figures are kept by day only, in the daily history, and
    /// a window reads nothing of them. `None` before the engine first let go of any.
    pub fn held_from(&self) -> Option<Millis> {
        self.ledger.intervals_from()
    }

    /// Whether `window` at `as_of` can be read whole; where it starts before
    /// [`Engine::held_from`], the reason it cannot (its figures would be empty, or partial).
    pub fn check_held(&self, window: Window, as_of: Millis, zone: &dyn Zone) -> Result<(), String> {
        let from = self.window_start(window, as_of, zone);
        match self.held_from() {
            Some(held_from) if from < held_from => Err(format!(
                "the {} window at {as_of} starts before {held_from}: figures more than two days older than the newest event are kept by day only, in the history",
                window.id()
            )),
            _ => Ok(()),
        }
    }

    /// The figures of `window` at the instant `as_of`, with local days in `zone`.
    pub fn snapshot(&self, window: Window, as_of: Millis, zone: &dyn Zone) -> Snapshot {
        let from = self.window_start(window, as_of, zone);
        let tally = self.tally_between(from, as_of);
        let inputs = snapshot::Inputs {
            tally: &tally,
            config: &self.config,
            cases: Some(self.core.open_cases()),
            provisional: self
                .core
                .fcr_provisional(from, as_of, as_of, self.config.fcr_repeat_ms),
            as_of,
        };
        let mut kpis = snapshot::overall(&inputs);
        for (kpi, figure) in kpis.iter_mut() {
            if let Some(target) = self.config.targets.get(kpi) {
                figure.target = Some(target.value);
                figure.status = figure.value.map(|v| target.status(v));
            }
            figure.baseline = self.core.baseline(*kpi, "team");
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
                ignored: self.core.ignored.count,
                ..self.counts
            },
            from_the_future: self
                .latest_future
                .filter(|latest| (0..FUTURE_NOTICE).contains(&(as_of - latest.at))),
        }
    }

    /// Today's 15-minute intervals up to `as_of`, each with its figures (the current one up to
    /// `as_of`, divided by the time elapsed in it).
    pub fn trend(&self, as_of: Millis, zone: &dyn Zone) -> Vec<IntervalFigures> {
        self.trend_from(Millis::MIN, as_of, zone)
    }

    /// Brings `trend`, which this engine gave before, up to date at `as_of`, recomputing only
    /// the intervals that can have changed: the running one, and any a booking changed since
    /// (a late event, a long state ending). The provisional FCR counts of the others stay as
    /// they were, which matters only with an FCR window shorter than a day: a caller that shows
    /// them rebuilds the whole trend now and then (the panel does every second). A trend of
    /// another day is rebuilt.
    pub fn update_trend(
        &mut self,
        trend: &mut Vec<IntervalFigures>,
        as_of: Millis,
        zone: &dyn Zone,
    ) {
        let changed = self.ledger.take_changed_from();
        let day = start_of_day(zone, as_of);
        let from = match (trend.first(), trend.last()) {
            (Some(first), Some(last)) if first.start == day && last.start <= as_of => {
                changed.map_or(last.start, |at| at.min(last.start))
            }
            _ => Millis::MIN,
        };
        let fresh = self.trend_from(from, as_of, zone);
        let first_fresh = fresh.first().map_or(as_of, |i| i.start);
        trend.retain(|i| i.start >= day && i.start < first_fresh);
        trend.extend(fresh);
    }

    /// The intervals of [`Engine::trend`] from the one that holds `from` on.
    fn trend_from(&self, from: Millis, as_of: Millis, zone: &dyn Zone) -> Vec<IntervalFigures> {
        let day = start_of_day(zone, as_of);
        let mut intervals = Vec::new();
        // Today's intervals start at local midnight, which falls on an interval boundary.
        let mut start = if from > day {
            day + (from - day) / INTERVAL * INTERVAL
        } else {
            day
        };
        while start < as_of {
            let end = (start + INTERVAL).min(as_of);
            let tally = self.tally_between(start, end);
            let inputs = snapshot::Inputs {
                tally: &tally,
                config: &self.config,
                cases: None,
                provisional: self.core.fcr_provisional(
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
        let mut days: SortedMap<i64, Tally> = self
            .ledger
            .days()
            .map(|(day, tally)| (day, tally.clone()))
            .collect();
        let today = local_day(zone, as_of);
        // Days (or their parts) still held as intervals: add them up a day at a time.
        let mut day = local_day(zone, as_of - ledger::INTERVALS_KEPT - DAY);
        while day <= today {
            let from = day_start(zone, day);
            let to = day_start(zone, day + 1).min(as_of);
            let tally = self.tally_between(from, to);
            if tally != Tally::default() {
                days.entry(day, Tally::default).add(&tally);
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

    /// The team's AHT per channel (by [`Channel::index`]): `baseline` events of `kpi` `aht`
    /// with scope `team/<channel>`.
    pub fn team_aht_by_channel(&self) -> [Option<f64>; Channel::COUNT] {
        Channel::ALL.map(|c| {
            let scope = format!("team/{}", c.name());
            self.core.baseline(Kpi::Aht, &scope)
        })
    }

    /// All latest baselines, by scope and KPI.
    pub fn baselines(&self) -> SortedMap<&str, SortedMap<Kpi, f64>> {
        self.core.baselines()
    }

    /// The contacts with the agent now (ringing, in talk or hold, or in ACW), longest first.
    pub fn live_contacts(&self) -> Vec<LiveContact> {
        self.core.live_contacts()
    }

    /// Whether any contact is with the agent now: [`Engine::live_contacts`] is not empty,
    /// known without making the list.
    pub fn has_live_contacts(&self) -> bool {
        self.core.has_live_contacts()
    }

    /// The open cases, least recently changed first.
    pub fn live_cases(&self) -> Vec<LiveCase> {
        self.core.live_cases()
    }

    /// Forgets every event, as a new engine would have none; the configuration, zone, wall
    /// clock and customer secret stay.
    pub fn forget_events(&mut self) {
        let (wall_clock, secret) = (self.wall_clock, self.customer_secret);
        let revision = self.revision + 1;
        *self = Engine::new(self.config.clone(), self.zone.clone());
        self.wall_clock = wall_clock;
        self.revision = revision;
        if let Some(secret) = secret {
            self.set_customer_secret(secret);
        }
    }

    /// A number that moves whenever what a save of this engine holds may have changed (events
    /// taken, refused or forgotten, customer keys hashed anew), and only then: a caller that
    /// saved at one revision need not save again until it moves. It starts at 0, restored too.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Events applied again, since this engine was made, to put late events in their place:
    /// the cost of arrival order (each late event replays those after the checkpoint before it).
    pub fn replayed_events(&self) -> u64 {
        self.replayed
    }

    /// How much the engine holds now.
    pub fn footprint(&self) -> Footprint {
        let (intervals, days, journal) = self.ledger.sizes();
        let (open_contacts, open_cases, fcr_candidates, baseline_scopes) = self.core.sizes();
        Footprint {
            intervals,
            days,
            journal,
            pending: self.log.len(),
            open_contacts,
            open_cases,
            fcr_candidates,
            event_ids: self.ids.count(),
            baseline_scopes,
        }
    }

    /// Reasons of the latest events that did not fit their contact's or case's lifecycle.
    pub fn recent_ignored(&self) -> impl Iterator<Item = &str> {
        self.core.ignored.recent.iter().map(String::as_str)
    }
}

/// `reason`, cut to [`MAX_REASON_CHARS`] characters (with `…` where it was cut).
fn cut_reason(mut reason: String) -> String {
    if let Some((cut, _)) = reason.char_indices().nth(MAX_REASON_CHARS) {
        reason.truncate(cut);
        reason.push('…');
    }
    reason
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01.
fn civil_date(day: i64) -> String {
    timestamp::date_text(day)
}
