//! Instants, intervals and local days.
//!
//! Every instant is Unix epoch milliseconds ([`Millis`]). Local days come from a [`Zone`], which
//! only has to answer "what is the UTC offset at this instant": the browser answers it from its
//! own clock, tests from a fixed offset or a real tz database.

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
