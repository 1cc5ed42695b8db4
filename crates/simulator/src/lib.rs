//! A believable agent day, as a feed: the events a CTI and CRM would send for one agent, in
//! contract JSON. The standalone preview plays it in accelerated time; tests and benches use it
//! as a source of realistic events. It goes through the same parse path as any host's events.
//!
//! Pure: it knows the contract's JSON, not the engine (whose tests check that a whole
//! simulated day is valid and fits every lifecycle).
//!
//! ```
//! use agent_kpi_simulator::{Simulator, SimulatorOptions, HOUR};
//!
//! let start = 1_795_420_800_000; // 2026-11-23T08:00:00Z
//! let mut sim = Simulator::new(SimulatorOptions { start, seed: 7, ..Default::default() });
//! let morning = sim.advance_to(start + 2 * HOUR);
//! assert!(morning.lines().count() > 20);
//! assert!(morning.starts_with(r#"{"id":"#));
//! ```

/// Epoch milliseconds, as the engine counts time.
pub type Millis = i64;
pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One agent's consecutive 12-hour shifts from `first` (epoch ms), a day apart, the `d`th
/// simulated with seed `seed + d`: an endless, reproducible supply of realistic events, one
/// NDJSON text a shift, for benchmarks and flood tests.
pub fn shifts(first: Millis, seed: u64) -> impl Iterator<Item = String> {
    (0..).map(move |day: i64| {
        let start = first + day * DAY;
        let mut sim = Simulator::new(SimulatorOptions {
            start,
            seed: seed + day as u64,
            ..Default::default()
        });
        sim.advance_to(start + 12 * HOUR)
    })
}

/// What kind of day to simulate.
#[derive(Clone, Debug)]
pub struct SimulatorOptions {
    /// When the agent logs in (epoch ms).
    pub start: Millis,
    /// Length of the shift, breaks included.
    pub shift: Millis,
    /// Seed of the random choices: the same seed gives the same day.
    pub seed: u64,
    /// Mean idle time between contacts.
    pub mean_idle: Millis,
}

impl Default for SimulatorOptions {
    fn default() -> Self {
        SimulatorOptions {
            start: 0,
            shift: 9 * HOUR,
            seed: 1,
            mean_idle: 70 * SECOND,
        }
    }
}

/// Breaks after the start of the shift: (offset, length, reason).
const BREAKS: [(Millis, Millis, &str); 3] = [
    (2 * HOUR, 15 * MINUTE, "break"),
    (4 * HOUR, 45 * MINUTE, "lunch"),
    (6 * HOUR + 30 * MINUTE, 15 * MINUTE, "break"),
];

const REASONS: [&str; 8] = [
    "billing",
    "delivery status",
    "password reset",
    "plan change",
    "technical issue",
    "cancellation",
    "refund",
    "address change",
];

const QUEUES: [&str; 3] = ["general", "premium", "tech"];

/// Per channel: (name, share of contacts in percent, mean talk, mean ACW).
const CHANNELS: [(&str, u32, Millis, Millis); 4] = [
    ("voice", 55, 5 * MINUTE, 50 * SECOND),
    ("chat", 25, 8 * MINUTE, 40 * SECOND),
    ("email", 15, 6 * MINUTE, 90 * SECOND),
    ("sms", 5, 4 * MINUTE, 30 * SECOND),
];

/// Generates the day episode by episode (one contact, one break), handing out the events up to
/// any instant asked for.
pub struct Simulator {
    options: SimulatorOptions,
    rng: fastrand::Rng,
    /// Events planned but not yet handed out, by time (then by planning order).
    pending: BTreeMap<(Millis, u64), Value>,
    /// When the agent is next free to plan an episode.
    free_at: Millis,
    breaks_taken: usize,
    logged_out: bool,
    next_event: u64,
    next_contact: u64,
}

impl Simulator {
    pub fn new(options: SimulatorOptions) -> Simulator {
        let mut sim = Simulator {
            rng: fastrand::Rng::with_seed(options.seed),
            pending: BTreeMap::new(),
            free_at: options.start,
            breaks_taken: 0,
            logged_out: false,
            next_event: 0,
            next_contact: 0,
            options,
        };
        sim.emit(sim.free_at, "agent_state", json!({"state": "available"}));
        sim
    }

    /// The events up to and including `until`, as NDJSON (empty once the shift is over).
    pub fn advance_to(&mut self, until: Millis) -> String {
        while self.free_at <= until && !self.logged_out {
            self.plan_episode();
        }
        let mut out = String::new();
        while let Some(entry) = self.pending.first_entry() {
            if entry.key().0 > until {
                break;
            }
            out.push_str(&entry.remove().to_string());
            out.push('\n');
        }
        out
    }

    /// True once the agent has logged out and every event has been handed out.
    pub fn is_finished(&self) -> bool {
        self.logged_out && self.pending.is_empty()
    }

    fn emit(&mut self, ts: Millis, kind: &str, fields: Value) {
        self.next_event += 1;
        let mut event = json!({"id": format!("sim-{}-{}", self.options.seed, self.next_event), "ts": ts, "type": kind});
        if let (Some(event), Value::Object(fields)) = (event.as_object_mut(), fields) {
            event.extend(fields);
        }
        self.pending.insert((ts, self.next_event), event);
    }

    fn plan_episode(&mut self) {
        let t = self.free_at;
        let shift_end = self.options.start + self.options.shift;
        if t >= shift_end {
            self.emit(t, "agent_state", json!({"state": "offline"}));
            self.logged_out = true;
            return;
        }
        if let Some(&(offset, length, reason)) = BREAKS.get(self.breaks_taken) {
            if t >= self.options.start + offset {
                self.breaks_taken += 1;
                self.emit(
                    t,
                    "agent_state",
                    json!({"state": "break", "reason": reason}),
                );
                self.free_at = t + length;
                self.emit(self.free_at, "agent_state", json!({"state": "available"}));
                return;
            }
        }
        self.plan_contact(t);
    }

    /// One contact: offered after an idle spell, then missed, abandoned, or handled.
    fn plan_contact(&mut self, free: Millis) {
        let offered = free + self.exponential(self.options.mean_idle);
        let (channel, _, mean_talk, mean_acw) = self.pick_channel();
        self.next_contact += 1;
        let contact_id = format!("c-{}-{}", self.options.seed, self.next_contact);
        let reason = REASONS[self.rng.usize(..REASONS.len())];
        let wait = self.between(0, 40 * SECOND);
        let queue = QUEUES[self.rng.usize(..QUEUES.len())];
        let customer_key = format!("cust-{}", self.rng.u32(1..400));
        self.emit(
            offered,
            "contact_offered",
            json!({
                "contact_id": contact_id, "channel": channel, "queued_at": offered - wait,
                "queue": queue, "customer_key": customer_key, "reason": reason,
            }),
        );
        let ring = self.between(2 * SECOND, 12 * SECOND);
        let roll = self.rng.u32(0..100);
        if roll < 3 {
            self.emit(
                offered + ring,
                "contact_abandoned",
                json!({"contact_id": contact_id}),
            );
            self.free_at = offered + ring;
            return;
        }
        if roll < 6 {
            self.emit(
                offered + 15 * SECOND,
                "contact_missed",
                json!({"contact_id": contact_id}),
            );
            self.free_at = offered + 15 * SECOND;
            return;
        }
        let answered = offered + ring;
        self.emit(
            answered,
            "contact_answered",
            json!({"contact_id": contact_id}),
        );
        let mut t = answered + self.exponential(mean_talk / 2) + mean_talk / 2;
        if channel == "voice" && self.rng.u32(0..100) < 30 {
            let hold_start = answered + (t - answered) / 2;
            let hold = self.between(20 * SECOND, 150 * SECOND);
            self.emit(
                hold_start,
                "hold_started",
                json!({"contact_id": contact_id}),
            );
            self.emit(
                hold_start + hold,
                "hold_ended",
                json!({"contact_id": contact_id}),
            );
            t += hold;
        }
        let resolved = self.rng.u32(0..100) < 78;
        if self.rng.u32(0..100) < 5 {
            self.emit(
                t,
                "contact_transferred",
                json!({"contact_id": contact_id, "to": "tier2"}),
            );
        } else {
            self.emit(t, "contact_ended", json!({"contact_id": contact_id}));
        }
        self.emit(t, "agent_state", json!({"state": "after_contact_work"}));
        let acw = self.exponential(mean_acw / 2) + mean_acw / 2;
        t += acw;
        self.emit(
            t,
            "wrap_up_ended",
            json!({"contact_id": contact_id, "resolved": resolved, "reason": reason,
                   "disposition": if resolved { "resolved" } else { "follow-up" }}),
        );
        self.emit(t, "agent_state", json!({"state": "available"}));
        if channel == "email" || (!resolved && self.rng.u32(0..100) < 50) {
            self.plan_case(t, &contact_id);
        }
        if self.rng.u32(0..100) < 20 {
            let happy = self.rng.u32(0..100) < 80;
            let (csat, nps, ces) = if happy {
                (self.rng.u8(4..=5), self.rng.u8(7..=10), self.rng.u8(5..=7))
            } else {
                (self.rng.u8(1..=3), self.rng.u8(0..=6), self.rng.u8(1..=4))
            };
            self.emit(
                t + SECOND,
                "survey",
                json!({"contact_id": contact_id, "csat": csat, "nps": nps, "ces": ces}),
            );
        }
        self.free_at = t + SECOND;
    }

    /// A case opened at `t` for a contact's follow-up: updated, closed later in the shift (at
    /// its end at the latest, when the agent clears the backlog), and sometimes reopened.
    fn plan_case(&mut self, t: Millis, contact_id: &str) {
        let shift_end = self.options.start + self.options.shift;
        if t + 30 * MINUTE > shift_end {
            return;
        }
        let case_id = format!("case-{contact_id}");
        let priority = if self.rng.u32(0..100) < 20 {
            "high"
        } else {
            "normal"
        };
        self.emit(
            t,
            "case_opened",
            json!({"case_id": case_id, "status": "new", "priority": priority}),
        );
        let last_call = shift_end - self.between(MINUTE, 20 * MINUTE);
        let update = t + self.between(10 * MINUTE, 2 * HOUR);
        let closed = (update + self.between(5 * MINUTE, 3 * HOUR)).min(last_call);
        let reopened = closed + self.between(10 * MINUTE, HOUR);
        if update < closed {
            self.emit(
                update,
                "case_updated",
                json!({"case_id": case_id, "status": "pending"}),
            );
        }
        if closed > t {
            self.emit(closed, "case_closed", json!({"case_id": case_id}));
        }
        if self.rng.u32(0..100) < 7 && reopened < last_call {
            self.emit(reopened, "case_reopened", json!({"case_id": case_id}));
            self.emit(last_call, "case_closed", json!({"case_id": case_id}));
        }
    }

    fn pick_channel(&mut self) -> (&'static str, u32, Millis, Millis) {
        let mut roll = self.rng.u32(0..100);
        for channel in CHANNELS {
            if roll < channel.1 {
                return channel;
            }
            roll -= channel.1;
        }
        CHANNELS[0]
    }

    /// A random duration with mean `mean`, exponentially distributed, whole seconds.
    fn exponential(&mut self, mean: Millis) -> Millis {
        let u = self.rng.f64().max(1e-9);
        let ms = -(mean as f64) * u.ln();
        (ms / 1000.0).round() as Millis * SECOND
    }

    /// A random whole-second duration in `[low, high]`.
    fn between(&mut self, low: Millis, high: Millis) -> Millis {
        self.rng.i64(low / SECOND..=high / SECOND) * SECOND
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: Millis = 1_795_420_800_000;

    #[test]
    fn the_same_seed_gives_the_same_day() {
        let day = |seed| {
            let mut sim = Simulator::new(SimulatorOptions {
                start: START,
                seed,
                ..Default::default()
            });
            sim.advance_to(START + 3 * HOUR)
        };
        assert_eq!(day(3), day(3));
        assert_ne!(day(3), day(4));
    }
}
