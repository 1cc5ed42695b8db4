//! How figures read on the panel (numbers, durations, times of day); the words are in
//! [`super::i18n`]. Pure functions, tested natively.

use agent_kpi_engine::json::read;
use agent_kpi_engine::{Kpi, Millis, Unit, DAY, MINUTE};

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

/// `x` with `decimals` decimals, as `format!("{x:.decimals$}")` writes it (the exact binary
/// value rounded half to even, the sign kept on a negative value that rounds to zero), without
/// the standard library's float formatting, a large part of the bundle's code.
pub fn fixed_point(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return agent_kpi_engine::float_text(x);
    }
    let bits = x.to_bits();
    let (m, e) = match (bits >> 52) & 0x7ff {
        0 => (bits & ((1 << 52) - 1), -1074),
        biased => ((bits & ((1 << 52) - 1)) | (1 << 52), biased as i64 - 1075),
    };
    // |x| × 10^decimals = m × 10^decimals × 2^e, rounded half to even, in decimal digits.
    let scaled = u128::from(m) * 10u128.pow(decimals.min(20));
    let digits = if e >= 0 {
        if e < i64::from(scaled.leading_zeros()) {
            decimal(scaled << e)
        } else {
            times_power_of_two(scaled, e as u32)
        }
    } else if -e >= 128 {
        "0".to_string()
    } else {
        let shift = (-e) as u32;
        let (whole, rest) = (scaled >> shift, scaled & ((1 << shift) - 1));
        let half = 1u128 << (shift - 1);
        let up = rest > half || (rest == half && whole % 2 == 1);
        decimal(whole + u128::from(up))
    };
    let decimals = decimals as usize;
    let digits = format!("{digits:0>width$}", width = decimals + 1);
    let (whole, fraction) = digits.split_at(digits.len() - decimals);
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// `n` in decimal digits, through `u64` (whose formatting the bundle has anyway).
fn decimal(n: u128) -> String {
    const E19: u128 = 10_000_000_000_000_000_000;
    match u64::try_from(n) {
        Ok(n) => n.to_string(),
        Err(_) if n / E19 <= u128::from(u64::MAX) => {
            format!("{}{:019}", (n / E19) as u64, (n % E19) as u64)
        }
        Err(_) => format!(
            "{}{:019}{:019}",
            (n / E19 / E19) as u64,
            (n / E19 % E19) as u64,
            (n % E19) as u64
        ),
    }
}

/// `n × 2^e` in decimal digits, for numbers past `u128`.
fn times_power_of_two(n: u128, e: u32) -> String {
    // Base 10^9 limbs, least significant first.
    let mut limbs: Vec<u64> = Vec::new();
    let mut rest = n;
    while rest > 0 {
        limbs.push((rest % 1_000_000_000) as u64);
        rest /= 1_000_000_000;
    }
    for _ in 0..e {
        let mut carry = 0;
        for limb in &mut limbs {
            let doubled = *limb * 2 + carry;
            *limb = doubled % 1_000_000_000;
            carry = doubled / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut text = limbs.last().map(u64::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        text.push_str(&format!("{limb:09}"));
    }
    text
}

/// The text of a figure's value as the panel shows it.
pub fn value(kpi: Kpi, value: Option<f64>) -> String {
    let Some(v) = value else {
        return "no data".to_string();
    };
    match kpi.unit() {
        Unit::Count => fixed_point(v, 0),
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
    fixed_point((v * scale).round() / scale, decimals as u32)
}

/// The text of a value in the narrow strip: rates as whole percents, the rest as [`value`].
pub fn compact(kpi: Kpi, value: Option<f64>) -> String {
    match (kpi.unit(), value) {
        (Unit::Rate, Some(v)) => format!("{}%", fixed(v * 100.0, 0)),
        _ => self::value(kpi, value),
    }
}

/// A finite number as `str::parse::<f64>` reads it (`600`, `+1.5`, `.5`, `5.`, `2E3`; `None`
/// where `parse` fails or gives an infinity or NaN), without the standard parser, whose
/// tables would come into the download. Exact up to 15 significant digits and powers of
/// ten up to 22 (any number a URL carries); beyond, the JSON reader reads it as serde_json
/// does, to within a few bits.
pub fn finite_number(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let exponent = match exponent {
        None => "0",
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            e
        }
    };
    let significant = format!("{whole}{fraction}");
    let significant = significant.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    let shift = exponent
        .parse::<i64>()
        .ok()
        .map(|e| e - fraction.len() as i64 + (significant.len() - trimmed.len()) as i64);
    let value = match shift {
        // Both parts exact as f64, so one rounding: the correctly rounded result.
        Some(shift) if trimmed.len() <= 15 && (-22..=22).contains(&shift) => {
            let digits = trimmed.parse::<u64>().unwrap_or(0) as f64;
            let scale = 10f64.powi(shift.unsigned_abs() as i32);
            if shift < 0 {
                digits / scale
            } else {
                digits * scale
            }
        }
        _ => {
            // As JSON: no `+`, no leading zeros, digits on both sides of the point.
            let whole = match whole.trim_start_matches('0') {
                "" => "0",
                digits => digits,
            };
            let point = if fraction.is_empty() { "" } else { "." };
            let json = format!("{whole}{point}{fraction}e{exponent}");
            read::parse(&json).ok()?.as_f64()?
        }
    };
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_parse_reads_them() {
        for text in [
            "600",
            "60",
            "1",
            "0",
            "-0",
            "+600",
            "-2.5",
            ".5",
            "5.",
            "007",
            "0.1",
            "3600.000",
            "1e3",
            "1E3",
            "2.5e-1",
            "1e+2",
            "1e400",
            "-1e400",
            "1e-400",
            "inf",
            "-inf",
            "infinity",
            "NaN",
            "nan",
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            " 600",
            "600 ",
            "0x10",
            "6_00",
            "１",
            "12345678901234567890",
            "0.30000000000000004",
        ] {
            let expected = text.parse::<f64>().ok().filter(|n| n.is_finite());
            assert_eq!(finite_number(text), expected, "{text:?}");
        }
    }

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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod number_props {
    use super::{decimal, finite_number, fixed_point};

    #[test]
    fn decimals_of_u128() {
        for n in [
            0,
            9,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            10u128.pow(38),
            u128::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
    use proptest::prelude::*;

    #[test]
    fn fixed_points_as_format_writes_them() {
        for x in [
            0.0,
            -0.0,
            0.25,
            0.35,
            -0.04,
            2.5,
            3.5,
            -2.5,
            0.125,
            1e-7,
            99.95,
            1e21,
            1e300,
            f64::MAX,
            f64::MIN,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            for decimals in 0..4 {
                assert_eq!(
                    fixed_point(x, decimals),
                    format!("{x:.*}", decimals as usize)
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn any_fixed_point(bits in any::<u64>(), decimals in 0..4_u32) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(fixed_point(x, decimals), format!("{x:.*}", decimals as usize));
        }

        #[test]
        fn everyday_fixed_points(n in -10_000_000_i64..10_000_000, scale in 0..6_i32, decimals in 0..4_u32) {
            let x = n as f64 / 10f64.powi(scale);
            prop_assert_eq!(fixed_point(x, decimals), format!("{x:.*}", decimals as usize));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        /// Short numbers, the kind a URL carries, exactly as `parse` reads them.
        #[test]
        fn like_parse(text in "[+-]?[0-9]{0,7}(\\.[0-9]{0,7})?([eE][+-]?[0-9])?") {
            let expected = text.parse::<f64>().ok().filter(|n| n.is_finite());
            prop_assert_eq!(finite_number(&text), expected, "{:?}", text);
        }

        /// Long ones to within a few bits.
        #[test]
        fn long_ones_nearly(text in "[+-]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{1,3})?") {
            let expected = text.parse::<f64>().ok().filter(|n| n.is_finite());
            let got = finite_number(&text);
            prop_assert_eq!(got.is_some(), expected.is_some(), "{:?}", text);
            if let (Some(got), Some(expected)) = (got, expected) {
                prop_assert!((got - expected).abs() <= expected.abs() * 1e-13, "{:?}", text);
            }
        }
    }
}
