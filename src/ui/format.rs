//! How figures read on the panel (numbers, durations, times of day); the words are in
//! [`super::i18n`]. Pure functions, tested natively.

use crate::engine::{Kpi, Millis, Unit, DAY, MINUTE};

/// Seconds as `m:ss`, or `h:mm:ss` from an hour up.
pub fn duration(seconds: f64) -> String {
    let total = seconds.round().max(0.0) as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A local time of day as `hh:mm`, from local epoch milliseconds.
pub fn time_of_day(local: Millis) -> String {
    let minutes = local.rem_euclid(DAY) / MINUTE;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The text of a figure's value as the panel shows it.
pub fn value(kpi: Kpi, value: Option<f64>) -> String {
    let Some(v) = value else {
        return "no data".to_string();
    };
    match kpi.unit() {
        Unit::Count => format!("{v:.0}"),
        Unit::Seconds => duration(v),
        Unit::Rate => format!("{}%", fixed(v * 100.0, 1)),
        Unit::PerHour => fixed(v, 1),
        Unit::Score if kpi == Kpi::Nps => fixed(v, 0),
        Unit::Score => fixed(v, 1),
        Unit::Money => fixed(v, 2),
    }
}

/// `v` with `decimals` decimals, halves rounded away from zero as the engine rounds (Rust's
/// formatting alone would round 4.25 to 4.2).
fn fixed(v: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    format!("{:.*}", decimals, (v * scale).round() / scale)
}

/// The text of a value in the narrow strip: rates as whole percents, the rest as [`value`].
pub fn compact(kpi: Kpi, value: Option<f64>) -> String {
    match (kpi.unit(), value) {
        (Unit::Rate, Some(v)) => format!("{}%", fixed(v * 100.0, 0)),
        _ => self::value(kpi, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_clock_times() {
        assert_eq!(duration(0.0), "0:00");
        assert_eq!(duration(437.4), "7:17");
        assert_eq!(duration(59.6), "1:00");
        assert_eq!(duration(3723.0), "1:02:03");
    }

    #[test]
    fn times_of_day() {
        assert_eq!(time_of_day(0), "00:00");
        assert_eq!(
            time_of_day(DAY + 9 * 3_600_000 + 5 * MINUTE + 59_999),
            "09:05"
        );
        assert_eq!(time_of_day(-MINUTE), "23:59");
    }

    #[test]
    fn values_by_kind() {
        assert_eq!(value(Kpi::Handled, Some(12.0)), "12");
        assert_eq!(value(Kpi::Aht, Some(510.0)), "8:30");
        assert_eq!(value(Kpi::Cph, Some(4.25)), "4.3");
        assert_eq!(value(Kpi::Cph, None), "no data");
        assert_eq!(value(Kpi::ServiceLevel, Some(0.8125)), "81.3%");
        assert_eq!(value(Kpi::Nps, Some(-25.0)), "-25");
        assert_eq!(value(Kpi::Ces, Some(5.67)), "5.7");
        assert_eq!(value(Kpi::Cpc, Some(10.0)), "10.00");
        assert_eq!(compact(Kpi::ServiceLevel, Some(0.8125)), "81%");
        assert_eq!(compact(Kpi::Aht, Some(510.0)), "8:30");
    }
}
