//! A float as text, as `format!("{x}")` writes it, without the standard library's float
//! formatting (Grisu and Dragon with their tables, a large part of the bundle's code):
//! the shortest digits that read back as the same number come from zmij, as serde_json's do,
//! and are laid out here as `Display` lays them out.

/// `x` as `format!("{x}")` writes it: the shortest digits that read back as `x`, never in
/// exponent form (`3600`, `0.25`, `-0`, `0.0000001`, `1000000000000000000000`).
pub fn float_text(x: f64) -> String {
    if !x.is_finite() {
        let text = if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        return text.to_string();
    }
    // zmij (as serde_json) writes finite numbers as `[-]d[.ddd][e[-]x]`, shortest round trip.
    let mut shortest = zmij::Buffer::new();
    let json = shortest.format_finite(x);
    let (negative, body) = match json.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, json),
    };
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    // Where the decimal point falls among `digits`.
    let mut point = whole.len() as i64 + exponent;
    let trimmed = digits.trim_start_matches('0');
    point -= (digits.len() - trimmed.len()) as i64;
    let digits = trimmed.trim_end_matches('0');
    // Where `x` lies exactly halfway between these digits and the next ones up, Display takes
    // the upper (serde_json the even ones).
    let rounded_up;
    let digits = match digits.parse::<u64>() {
        Ok(d) if halfway_above(x, d, point - digits.len() as i64) => {
            rounded_up = (d + 1).to_string();
            point += (rounded_up.len() - digits.len()) as i64;
            rounded_up.trim_end_matches('0')
        }
        _ => digits,
    };
    let mut text = String::with_capacity(digits.len() + 8);
    if negative {
        text.push('-');
    }
    let zeros = |n: i64| "0".repeat(n.max(0) as usize);
    if digits.is_empty() {
        text.push('0');
    } else if point <= 0 {
        text.push_str("0.");
        text.push_str(&zeros(-point));
        text.push_str(digits);
    } else if point as usize >= digits.len() {
        text.push_str(digits);
        text.push_str(&zeros(point - digits.len() as i64));
    } else {
        let (left, right) = digits.split_at(point as usize);
        text.push_str(left);
        text.push('.');
        text.push_str(right);
    }
    text
}

/// Whether `|x|` is exactly `(d + ½) × 10^k`.
fn halfway_above(x: f64, d: u64, k: i64) -> bool {
    let bits = x.to_bits() & !(1 << 63);
    let (mut m, mut e) = match bits >> 52 {
        0 => (bits, -1074),
        biased => ((bits & ((1 << 52) - 1)) | (1 << 52), biased as i64 - 1075),
    };
    if m == 0 {
        return false;
    }
    while m % 2 == 0 {
        m /= 2;
        e += 1;
    }
    // (2d + 1) × 10^k / 2 = (2d + 1) × 5^k × 2^(k - 1): odd part and power of two must match.
    let odd = |fives: i64| (0..fives).try_fold(u128::from(2 * d + 1), |n, _| n.checked_mul(5));
    if k >= 1 {
        e == k - 1 && odd(k) == Some(u128::from(m))
    } else {
        // m × 5^(-k) × 2^(e + 1 - k) = 2d + 1
        e + 1 - k == 0
            && (0..-k)
                .try_fold(u128::from(m), |n, _| n.checked_mul(5))
                .is_some_and(|n| n == u128::from(2 * d + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::float_text;

    #[test]
    fn as_display_writes() {
        for x in [
            0.0,
            -0.0,
            1.0,
            3600.0,
            0.25,
            -2.5,
            0.1,
            1e9,
            1e21,
            1e22,
            1e-7,
            123456.789,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            // Halfway between 936613620755024.2 and .3: Display takes the upper.
            f64::from_bits(4_830_848_109_879_841_410),
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(float_text(x), format!("{x}"));
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::float_text;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn any_float(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(float_text(x), format!("{x}"));
        }

        /// Exact binary values near where 16 and 17 digits run out: the halfway cases.
        #[test]
        fn near_halfway(m in (1_u64 << 45)..(1 << 53), e in -12_i32..100) {
            let x = m as f64 * 2f64.powi(e);
            prop_assert_eq!(float_text(x), format!("{x}"));
            prop_assert_eq!(float_text(-x), format!("{}", -x));
        }

        #[test]
        fn decimals(n in -1_000_000_000_i64..1_000_000_000, scale in 0..12_i32) {
            let x = n as f64 / 10f64.powi(scale);
            prop_assert_eq!(float_text(x), format!("{x}"));
        }
    }
}
