//! Where figures are booked: 15-minute interval tallies for the recent past, daily tallies for
//! history, and a journal of the latest bookings, for windows that start inside an interval
//! (rolling 60 minutes, the shift) and for taking back the bookings of events that are replayed
//! in a new order.
//!
//! Memory is bounded: intervals are kept for [`INTERVALS_KEPT`], days for [`DAYS_KEPT`], and the
//! journal for as long as the windows and replays need it, at most [`JOURNAL_CAP`] bookings
//! beyond what a replay needs.

use crate::event::{Channel, Name};
use crate::json::read::Json;
use crate::json::{entries, JsonOut, ToJson};
use crate::json_fields;
use crate::persist::read::{field, variant, FromSaved, Unreadable};
use crate::persist::write::saved_fields;
use crate::tally::{CaseTally, Condition, ContactDelta, Tally, TimeTally};
use crate::time::{day_start, interval_of, interval_start, local_day, Millis, Zone, DAY};
use crate::SortedMap;
use std::collections::VecDeque;

/// Intervals older than this (behind the newest booking) are folded into their day.
pub const INTERVALS_KEPT: Millis = 2 * DAY;
/// Daily history kept, in days.
pub const DAYS_KEPT: usize = 180;
/// The longest stretch of agent time booked at once: the daily history held, with a day's
/// margin either side for the zone.
const LONGEST_STRETCH: Millis = (DAYS_KEPT as Millis + 2) * DAY;
/// Most bookings the journal holds. Past it, a window that starts inside an interval counts
/// that interval whole.
pub const JOURNAL_CAP: usize = 50_000;

/// One thing booked at an instant.
#[derive(Clone, Debug, PartialEq)]
pub enum Booking {
    /// Agent time from the booking's instant to `to`, within one interval.
    Time {
        to: Millis,
        condition: Condition,
    },
    /// A change to the contact sums of a channel (`None`: surveys on no channel).
    Contact {
        channel: Option<Channel>,
        delta: ContactDelta,
    },
    /// A completed contact's reason.
    Reason {
        channel: Channel,
        reason: Name,
    },
    Case(CaseTally),
}

impl Booking {
    /// Adds to `tally` what of this booking, made at `at`, lies in `[from, until)`; with
    /// `sign` −1, takes it away.
    fn add_within(&self, at: Millis, from: Millis, until: Millis, tally: &mut Tally, sign: i64) {
        match self {
            Booking::Time { to, condition } => {
                let (start, end) = (at.max(from), (*to).min(until));
                if end > start {
                    tally
                        .time
                        .add(&TimeTally::piece(*condition, sign * (end - start)));
                }
            }
            _ if at < from || at >= until => {}
            Booking::Contact { channel, delta } => tally.contacts_mut(*channel).apply(delta, sign),
            Booking::Reason { channel, reason } => tally.add_reason(*channel, reason, sign),
            Booking::Case(sums) => tally.cases.add(&CaseTally {
                closed: sign * sums.closed,
                close_n: sign * sums.close_n,
                close_ms: sign * sums.close_ms,
                reopened: sign * sums.reopened,
            }),
        }
    }
}

/// A booking in the journal: which event made it (its step), and when it counts.
#[derive(Clone, Debug)]
struct Entry {
    step: u64,
    at: Millis,
    booking: Booking,
}

/// Tallies in the order of their index (an interval's or a day's), written nearly always at
/// the newest. A deque rather than an ordered map: a tally is large (about 2 KB), and a tree
/// moves its values whenever it splits, merges or is split off.
#[derive(Clone, Debug, Default)]
struct Tallies(VecDeque<(i64, Tally)>);

impl Tallies {
    /// The tally of `index`, added where there is none.
    fn entry(&mut self, index: i64) -> &mut Tally {
        let found = match self.0.back() {
            Some((last, _)) if *last < index => Err(self.0.len()),
            Some((last, _)) if *last == index => Ok(self.0.len() - 1),
            _ => self.0.binary_search_by_key(&index, |(i, _)| *i),
        };
        let at = found.unwrap_or_else(|at| {
            self.0.insert(at, (index, Tally::default()));
            at
        });
        &mut self.0[at].1
    }

    /// The tallies of `first..=last`, in order.
    fn range(&self, first: i64, last: i64) -> impl Iterator<Item = (i64, &Tally)> {
        let start = self.0.partition_point(|(i, _)| *i < first);
        self.0
            .range(start..)
            .take_while(move |(i, _)| *i <= last)
            .map(|(i, t)| (*i, t))
    }

    /// Takes out the first tally if its index is below `index`.
    fn pop_below(&mut self, index: i64) -> Option<(i64, Tally)> {
        match self.0.front() {
            Some((first, _)) if *first < index => self.0.pop_front(),
            _ => None,
        }
    }

    fn iter(&self) -> impl Iterator<Item = (i64, &Tally)> {
        self.0.iter().map(|(i, t)| (*i, t))
    }
}

/// Saved as a map from index to tally, as the ordered map it replaced.
impl ToJson for Tallies {
    fn write_json(&self, out: &mut JsonOut) {
        entries(out, self.0.iter().map(|(index, tally)| (index, tally)));
    }
}

impl FromSaved for Tallies {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        let map = SortedMap::<i64, Tally>::from_saved(value)?;
        Ok(Tallies(map.into_iter().collect()))
    }
}

saved_fields!(Entry { step, at, booking });

impl ToJson for Booking {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            Booking::Time { to, condition } => out.variant_fields("Time", |out| {
                out.field("\"to\":", to);
                out.field("\"condition\":", condition);
            }),
            Booking::Contact { channel, delta } => out.variant_fields("Contact", |out| {
                out.field("\"channel\":", channel);
                out.field("\"delta\":", delta);
            }),
            Booking::Reason { channel, reason } => out.variant_fields("Reason", |out| {
                out.field("\"channel\":", channel);
                out.field("\"reason\":", reason);
            }),
            Booking::Case(sums) => out.variant("Case", sums),
        }
    }
}

impl FromSaved for Booking {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        let (name, fields) = variant(value)?;
        Ok(match name {
            "Time" => Booking::Time {
                to: field(fields, "to")?,
                condition: field(fields, "condition")?,
            },
            "Contact" => Booking::Contact {
                channel: field(fields, "channel")?,
                delta: field(fields, "delta")?,
            },
            "Reason" => Booking::Reason {
                channel: field(fields, "channel")?,
                reason: field(fields, "reason")?,
            },
            "Case" => Booking::Case(CaseTally::from_saved(fields)?),
            other => return Err(format!("{other:?} is not a booking")),
        })
    }
}

// Saved without `changed_from`, which a restored ledger starts without.
json_fields!(Ledger {
    intervals,
    days,
    folded_below,
    journal,
    journal_complete_from
});

impl FromSaved for Ledger {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        Ok(Ledger {
            intervals: field(value, "intervals")?,
            days: field(value, "days")?,
            folded_below: field(value, "folded_below")?,
            journal: field(value, "journal")?,
            journal_complete_from: field(value, "journal_complete_from")?,
            changed_from: None,
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct Ledger {
    intervals: Tallies,
    /// Local day (in the engine's zone) → its tally, for intervals folded away.
    days: Tallies,
    /// Intervals below this index have been folded into days.
    folded_below: i64,
    /// Bookings in the order they were made.
    journal: VecDeque<Entry>,
    /// The journal holds every booking made at or after this instant.
    journal_complete_from: Millis,
    /// The earliest instant whose tally a booking (or its undoing) changed since
    /// [`Ledger::take_changed_from`] was last called.
    changed_from: Option<Millis>,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger {
            folded_below: i64::MIN,
            journal_complete_from: i64::MIN,
            ..Ledger::default()
        }
    }

    /// The tally that holds the instant `at`: its interval's, or its day's once folded.
    fn tally_at(&mut self, at: Millis, zone: &dyn Zone) -> &mut Tally {
        self.mark_changed(at);
        let index = interval_of(at);
        if index < self.folded_below {
            self.days.entry(local_day(zone, at))
        } else {
            self.intervals.entry(index)
        }
    }

    /// Notes that figures from `at` on may have changed without a booking (the agent's time
    /// since the last event, counted when read, now counts as something else).
    pub fn mark_changed(&mut self, at: Millis) {
        self.changed_from = Some(self.changed_from.map_or(at, |from| from.min(at)));
    }

    /// The earliest instant whose tally changed since the last call, if any did.
    pub fn take_changed_from(&mut self) -> Option<Millis> {
        self.changed_from.take()
    }

    /// Books `booking`, made by the event of `step`, at the instant `at`.
    pub fn book(&mut self, step: u64, at: Millis, booking: Booking, zone: &dyn Zone) {
        booking.add_within(at, Millis::MIN, Millis::MAX, self.tally_at(at, zone), 1);
        self.journal.push_back(Entry { step, at, booking });
    }

    /// Books agent time `[from, to)` in `condition`, cut at interval boundaries.
    pub fn book_time(
        &mut self,
        step: u64,
        from: Millis,
        to: Millis,
        condition: Condition,
        zone: &dyn Zone,
    ) {
        // A stretch longer than the history held (a clock that jumped years, say) is booked
        // from where the history still holds it: the days before would be let go at once.
        let from = from.max(to.saturating_sub(LONGEST_STRETCH));
        // A stretch that reaches past the intervals kept folds them now, as the next
        // maintenance would, and books its part before them a day at a time.
        let fold_below = interval_of(to - INTERVALS_KEPT);
        if interval_of(from) < fold_below {
            self.fold_below(fold_below, zone);
        }
        let mut t = from;
        while t < to {
            let index = interval_of(t);
            let interval_end = to.min(interval_start(index + 1));
            let end = if index < self.folded_below {
                let day_end = day_start(zone, local_day(zone, t) + 1);
                to.min(day_end).min(interval_start(self.folded_below))
            } else {
                interval_end
            };
            // Always forward, whatever the zone says of its days.
            let end = if end > t { end } else { interval_end };
            self.book(step, t, Booking::Time { to: end, condition }, zone);
            t = end;
        }
    }

    /// The step after those of every booking in the journal.
    pub fn next_step(&self) -> u64 {
        self.journal.iter().map(|e| e.step + 1).max().unwrap_or(0)
    }

    /// Takes back every booking made by the events of `step` on, newest first.
    pub fn undo_from(&mut self, step: u64, zone: &dyn Zone) {
        while self.journal.back().is_some_and(|e| e.step >= step) {
            if let Some(entry) = self.journal.pop_back() {
                let tally = self.tally_at(entry.at, zone);
                entry
                    .booking
                    .add_within(entry.at, Millis::MIN, Millis::MAX, tally, -1);
            }
        }
    }

    /// Folds intervals older than [`INTERVALS_KEPT`] before `now` into days, forgets days past
    /// [`DAYS_KEPT`], and trims the journal to the bookings made at `journal_from` or later or
    /// by the events of `keep_step` on (which a replay may take back).
    pub fn maintain(&mut self, now: Millis, journal_from: Millis, keep_step: u64, zone: &dyn Zone) {
        self.fold_below(interval_of(now - INTERVALS_KEPT), zone);
        while let Some(entry) = self.journal.front() {
            let wanted = entry.at >= journal_from && self.journal.len() <= JOURNAL_CAP;
            if wanted || entry.step >= keep_step {
                break;
            }
            self.journal_complete_from = self.journal_complete_from.max(entry.at + 1);
            self.journal.pop_front();
        }
    }

    /// Folds the intervals below `index` into their days (from then on, what is booked there
    /// goes to its day) and forgets days past [`DAYS_KEPT`].
    fn fold_below(&mut self, index: i64, zone: &dyn Zone) {
        if index > self.folded_below {
            self.folded_below = index;
            while let Some((index, tally)) = self.intervals.pop_below(index) {
                let day = self.days.entry(local_day(zone, interval_start(index)));
                day.add(&tally);
                day.trim_reasons();
            }
        }
        while self.days.0.len() > DAYS_KEPT {
            self.days.0.pop_front();
        }
    }

    /// Adds to `total` what was booked in `[from, to)`: whole intervals, and where `from` lies
    /// inside an interval, that interval's bookings from `from` on (from the journal).
    pub fn add_between(&self, from: Millis, to: Millis, total: &mut Tally) {
        if to <= from {
            return;
        }
        let first = interval_of(from);
        let last = interval_of(to - 1);
        let partial = from != interval_start(first) && from >= self.journal_complete_from;
        let whole_from = if partial { first + 1 } else { first };
        for (_, tally) in self.intervals.range(whole_from, last) {
            total.add(tally);
        }
        if partial {
            let first_end = interval_start(first + 1).min(to);
            for entry in &self.journal {
                entry
                    .booking
                    .add_within(entry.at, from, first_end, total, 1);
            }
        }
    }

    /// Where the intervals start: what was booked before it is folded into its day. `None`
    /// before the first maintenance.
    pub fn intervals_from(&self) -> Option<Millis> {
        (self.folded_below != i64::MIN).then(|| interval_start(self.folded_below))
    }

    /// The daily tallies folded so far, by local day, oldest first.
    pub fn days(&self) -> impl Iterator<Item = (i64, &Tally)> {
        self.days.iter()
    }

    /// How many intervals, days and journal bookings are held.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (
            self.intervals.0.len(),
            self.days.0.len(),
            self.journal.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::AgentState;
    use crate::time::{FixedOffset, HOUR};

    const AVAILABLE: Condition = Condition {
        state: Some(AgentState::Available),
        handling: false,
    };

    /// Logged-in time by day or interval index.
    type Held = Vec<(i64, Millis)>;

    /// The day and interval tallies of `ledger`.
    fn held(ledger: &Ledger) -> (Held, Held) {
        let of = |t: &Tallies| t.iter().map(|(i, t)| (i, t.time.logged_in_ms)).collect();
        (of(&ledger.days), of(&ledger.intervals))
    }

    #[test]
    fn a_stretch_of_days_booked_at_once_is_booked_as_hour_by_hour() {
        let zone = FixedOffset::hours(9);
        let from = 1_795_420_800_000 + 5 * HOUR + 7;
        let to = from + 5 * DAY + 3 * HOUR;
        let mut at_once = Ledger::new();
        at_once.book_time(1, from, to, AVAILABLE, &zone);
        at_once.maintain(to, to - HOUR, 1, &zone);
        let mut by_hour = Ledger::new();
        let mut t = from;
        while t < to {
            let end = to.min(t + HOUR);
            by_hour.book_time(1, t, end, AVAILABLE, &zone);
            t = end;
        }
        by_hour.maintain(to, to - HOUR, 1, &zone);
        assert_eq!(held(&at_once), held(&by_hour));
        assert_eq!(at_once.days.0.len(), 5, "{:?}", held(&at_once).0);
        // Taken back whole (the step is still one a replay may take back).
        at_once.undo_from(1, &zone);
        assert!(held(&at_once)
            .0
            .iter()
            .chain(&held(&at_once).1)
            .all(|(_, ms)| *ms == 0));
    }

    #[test]
    fn a_clock_that_jumps_decades_books_no_more_than_the_history_held() {
        let zone = FixedOffset::UTC;
        let from = 1_795_420_800_000;
        let to = from + 57 * 365 * DAY;
        let mut ledger = Ledger::new();
        ledger.book_time(1, from, to, AVAILABLE, &zone);
        ledger.maintain(to, to - HOUR, 2, &zone);
        let (intervals, days, journal) = ledger.sizes();
        assert!(
            days <= DAYS_KEPT && intervals <= 200 && journal < 400,
            "{days} {intervals} {journal}"
        );
        let kept: Millis = held(&ledger)
            .0
            .iter()
            .chain(&held(&ledger).1)
            .map(|(_, ms)| ms)
            .sum();
        assert!(
            kept >= DAYS_KEPT as Millis * DAY,
            "the history held is full: {kept}"
        );
    }

    /// Written as serde's derive wrote them into earlier saves, and read back as they were.
    #[test]
    fn bookings_are_saved_tagged_by_kind() {
        let bookings = [
            (
                Booking::Contact {
                    channel: None,
                    delta: ContactDelta::Abandoned { short: true },
                },
                r#"{"Contact":{"channel":null,"delta":{"Abandoned":{"short":true}}}}"#,
            ),
            (
                Booking::Contact {
                    channel: Some(Channel::Chat),
                    delta: ContactDelta::Repeated,
                },
                r#"{"Contact":{"channel":"chat","delta":"Repeated"}}"#,
            ),
            (
                Booking::Case(CaseTally {
                    closed: 1,
                    ..CaseTally::default()
                }),
                r#"{"Case":[1]}"#,
            ),
            (
                Booking::Time {
                    to: 60_000,
                    condition: Condition {
                        state: None,
                        handling: true,
                    },
                },
                r#"{"Time":{"to":60000,"condition":{"state":null,"handling":true}}}"#,
            ),
        ];
        for (booking, json) in bookings {
            assert_eq!(crate::json::to_json(&booking), json);
            let value = crate::json::read::parse(json).unwrap_or_default();
            assert_eq!(Booking::from_saved(&value), Ok(booking));
        }
    }

    #[test]
    fn tallies_stay_in_index_order_however_they_are_written() {
        let mut tallies = Tallies::default();
        for index in [5, 7, 7, 2, 6, 9, 1] {
            tallies.entry(index).cases.closed += 1;
        }
        let held: Vec<(i64, i64)> = tallies.iter().map(|(i, t)| (i, t.cases.closed)).collect();
        assert_eq!(held, [(1, 1), (2, 1), (5, 1), (6, 1), (7, 2), (9, 1)]);
        let range: Vec<i64> = tallies.range(3, 7).map(|(i, _)| i).collect();
        assert_eq!(range, [5, 6, 7]);
        assert_eq!(tallies.range(8, 3).count(), 0);
        let json = crate::json::to_json(&tallies);
        assert!(json.starts_with(r#"{"1":{"#), "saved as a map: {json}");
        let back = crate::json::read::parse(&json).map_err(|e| e.to_string());
        let back = back
            .and_then(|v| Tallies::from_saved(&v))
            .unwrap_or_default();
        assert_eq!(
            back.iter().map(|(i, _)| i).collect::<Vec<_>>(),
            [1, 2, 5, 6, 7, 9]
        );
        let popped: Vec<i64> =
            std::iter::from_fn(|| tallies.pop_below(6).map(|(i, _)| i)).collect();
        assert_eq!(popped, [1, 2, 5]);
        assert_eq!(tallies.0.len(), 3);
    }
}
