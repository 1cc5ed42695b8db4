//! Instants, intervals and local days.
//!
//! Every instant is Unix epoch milliseconds ([`Millis`]). Local days come from a [`Zone`], which
//! only has to answer "what is the UTC offset at this instant": the browser answers it from its
//! own clock, tests from a fixed offset or a real tz database.

use crate::recent::HashKeyed;

/// Unix epoch milliseconds.
pub type Millis = i64;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// Length of one trend interval. Every UTC offset in use is a multiple of 15 minutes, so local
/// midnights fall on interval boundaries in every time zone.
pub const INTERVAL: Millis = 15 * MINUTE;

/// Index of the 15-minute interval that holds `t` (counted from the epoch, UTC).
pub fn interval_of(t: Millis) -> i64 {
    t.div_euclid(INTERVAL)
}

/// Start of interval `index`.
pub fn interval_start(index: i64) -> Millis {
    index * INTERVAL
}

/// A duration in words a host reads in a reason, to its two largest units: `3 d 2 h`,
/// `16 min 40 s`, `15 min`, `250 ms`.
pub fn duration_text(ms: Millis) -> String {
    let units = [
        (DAY, "d"),
        (HOUR, "h"),
        (MINUTE, "min"),
        (SECOND, "s"),
        (1, "ms"),
    ];
    let ms = ms.max(0);
    let Some(first) = units.iter().position(|(unit, _)| ms >= *unit) else {
        return "0 ms".to_string();
    };
    let (unit, name) = units[first];
    let mut text = format!("{} {name}", ms / unit);
    if let Some((next, next_name)) = units.get(first + 1) {
        let rest = ms % unit / next;
        if rest > 0 {
            text.push_str(&format!(" {rest} {next_name}"));
        }
    }
    text
}

/// A time zone, reduced to the one question the engine asks of it.
pub trait Zone {
    /// Offset of local time from UTC at the instant `utc`, in milliseconds (east positive).
    fn offset_at(&self, utc: Millis) -> Millis;
}

/// A zone with one offset all year, such as UTC or Asia/Tokyo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedOffset(pub Millis);

impl FixedOffset {
    pub const UTC: FixedOffset = FixedOffset(0);

    pub fn hours(h: i64) -> Self {
        FixedOffset(h * HOUR)
    }
}

impl Zone for FixedOffset {
    fn offset_at(&self, _utc: Millis) -> Millis {
        self.0
    }
}

impl FixedOffset {
    /// The zone called `name` where it never changes its offset: `UTC` and `GMT` (also under
    /// `Etc/`), and `Etc/GMT-14` to `Etc/GMT+12`, whose sign is POSIX's (`Etc/GMT-9` is nine
    /// hours ahead of UTC). `None` for any other name, which may well be a zone, one with changes.
    pub fn named(name: &str) -> Option<FixedOffset> {
        let (name, in_etc) = match name.strip_prefix("Etc/") {
            Some(rest) => (rest, true),
            None => (name, false),
        };
        if name == "UTC" || name == "GMT" {
            return Some(FixedOffset::UTC);
        }
        let signed = name.strip_prefix("GMT").filter(|_| in_etc)?;
        let (behind, digits) = match signed.strip_prefix('+') {
            Some(digits) => (true, digits),
            None => (false, signed.strip_prefix('-')?),
        };
        if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match (behind, digits.parse::<i64>().ok()?) {
            (true, hours @ 1..=12) => Some(FixedOffset::hours(-hours)),
            (false, hours @ 1..=14) => Some(FixedOffset::hours(hours)),
            _ => None,
        }
    }
}

/// Offsets a slow zone (the browser's `Intl`, microseconds a question) already gave, so that it
/// is asked about once a day of events rather than once an event.
///
/// A UTC day whose two midnights have the same offset is taken to have it throughout: zones
/// change their offset a few times a year at most, never there and back within a day. A day whose
/// midnights differ holds a change, and is answered quarter hour by quarter hour: every change
/// since the 1970s falls on a quarter hour of UTC. Memory is bounded: past [`Self::KEPT`]
/// answers of a kind, those are forgotten and asked again when needed.
///
/// ```
/// use agent_kpi_engine::{OffsetCache, HOUR};
/// let mut cache = OffsetCache::default();
/// let mut asked = 0;
/// let mut tokyo = |_utc| { asked += 1; 9 * HOUR };
/// for hour in 0..48 {
///     assert_eq!(cache.offset_at(hour * HOUR, &mut tokyo), 9 * HOUR);
/// }
/// assert_eq!(asked, 3); // the midnights of days 0, 1 and 2
/// ```
#[derive(Clone, Debug, Default)]
pub struct OffsetCache {
    /// The offset at each UTC midnight asked about, by day number ([`spread`]).
    midnights: HashKeyed<Millis>,
    /// Offsets within days that hold a change, by quarter hour (`interval_of`, [`spread`]).
    quarters: HashKeyed<Millis>,
    /// The last day answered, and its offset when it has one throughout: most questions in a
    /// row are about the same day.
    last_day: Option<(i64, Option<Millis>)>,
}

impl OffsetCache {
    /// Answers of each kind kept before they are forgotten (a season's days, weeks of quarters).
    pub const KEPT: usize = 4_096;

    /// The offset at `utc`, from what `ask` said before or from asking it now.
    pub fn offset_at(&mut self, utc: Millis, mut ask: impl FnMut(Millis) -> Millis) -> Millis {
        let day = utc.div_euclid(DAY);
        let throughout = match self.last_day {
            Some((last, throughout)) if last == day => throughout,
            _ => {
                let start = self.midnight(day, &mut ask);
                let end = self.midnight(day + 1, &mut ask);
                let throughout = (start == end).then_some(start);
                self.last_day = Some((day, throughout));
                throughout
            }
        };
        if let Some(offset) = throughout {
            return offset;
        }
        let quarter = interval_of(utc);
        let quarter_key = spread(quarter);
        if let Some(offset) = self.quarters.get(&quarter_key) {
            return *offset;
        }
        if self.quarters.len() >= Self::KEPT {
            self.quarters.clear();
        }
        let offset = ask(interval_start(quarter));
        self.quarters.insert(quarter_key, offset);
        offset
    }

    fn midnight(&mut self, day: i64, ask: &mut impl FnMut(Millis) -> Millis) -> Millis {
        if let Some(offset) = self.midnights.get(&spread(day)) {
            return *offset;
        }
        if self.midnights.len() >= Self::KEPT {
            self.midnights.clear();
        }
        let offset = ask(day.saturating_mul(DAY));
        self.midnights.insert(spread(day), offset);
        offset
    }
}

/// A day's or quarter's number as a key of a [`HashKeyed`] map, which takes its keys as their
/// own hashes: multiplied by an odd constant, a one-to-one map that spreads neighbours apart.
fn spread(n: i64) -> u64 {
    (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Local calendar day number (days since 1970-01-01 local) that holds the instant `t`.
pub fn local_day(zone: &dyn Zone, t: Millis) -> i64 {
    (t + zone.offset_at(t)).div_euclid(DAY)
}

/// The first instant of local day `day`: its midnight, or, where a clock change skips
/// midnight, the first instant that exists on that day.
pub fn day_start(zone: &dyn Zone, day: i64) -> Millis {
    let local_midnight = day * DAY;
    // Try the offsets in force just before and just after the day begins; the right start is the
    // earliest instant that is already on `day` locally.
    let guess_before = local_midnight - zone.offset_at(local_midnight - DAY / 2);
    let guess_after = local_midnight - zone.offset_at(local_midnight + DAY / 2);
    let (first, second) = if guess_before <= guess_after {
        (guess_before, guess_after)
    } else {
        (guess_after, guess_before)
    };
    for candidate in [first, second] {
        if local_day(zone, candidate) == day && local_day(zone, candidate - 1) < day {
            return candidate;
        }
    }
    // Midnight itself does not exist (the clock jumped over it): the day starts at the jump,
    // which lies between the two guesses. Offsets change on whole minutes, so search minutes.
    let (mut lo, mut hi) = (first, second);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if local_day(zone, mid) >= day {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Start of the local day that holds `t`.
pub fn start_of_day(zone: &dyn Zone, t: Millis) -> Millis {
    day_start(zone, local_day(zone, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duration_is_said_in_its_two_largest_units() {
        for (ms, text) in [
            (3 * DAY, "3 d"),
            (3 * DAY + 2 * HOUR + 5 * MINUTE, "3 d 2 h"),
            (16 * MINUTE + 40 * SECOND, "16 min 40 s"),
            (15 * MINUTE, "15 min"),
            (SECOND + 250, "1 s 250 ms"),
            (250, "250 ms"),
            (0, "0 ms"),
        ] {
            assert_eq!(duration_text(ms), text);
        }
    }

    #[test]
    fn day_start_in_a_fixed_zone() {
        let tokyo = FixedOffset::hours(9);
        // 2026-11-23T10:00:00+09:00 is 01:00 UTC; its local day began at 2026-11-22T15:00Z.
        let t = 1_795_395_600_000;
        assert_eq!(start_of_day(&tokyo, t), t - 10 * HOUR);
    }

    #[test]
    fn interval_index_floors_negative_times() {
        assert_eq!(interval_of(-1), -1);
        assert_eq!(interval_of(0), 0);
        assert_eq!(interval_of(INTERVAL - 1), 0);
    }
}
