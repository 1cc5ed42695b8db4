//! Timestamps as text: the RFC 3339 strings events may carry in `ts` and `queued_at`, and the
//! `YYYY-MM-DD` dates of the daily history.
//!
//! The parser takes what the `jiff` crate's `Timestamp` parser takes (its Temporal ISO 8601
//! grammar: RFC 3339 with an offset, plus the basic format, a space or lower-case `t` for `T`,
//! offsets without minutes or with seconds, and RFC 9557 annotations), and gives the same
//! instant; the native tests check it against jiff. It is written out here because jiff's
//! parser and its error messages weigh on the widget's download (docs/performance.md,
//! "Bundle").

use crate::time::Millis;

/// Days from 0000-03-01 to 1970-01-01 (proleptic Gregorian).
const EPOCH_SHIFT: i64 = 719_468;
/// Days of a 400-year era.
const ERA_DAYS: i64 = 146_097;
/// The earliest and latest instant jiff represents, in Unix seconds.
const MIN_SECONDS: i64 = -377_705_023_201;
const MAX_SECONDS: i64 = 253_402_207_200;
/// The largest UTC offset, in seconds (±25:59:59).
const MAX_OFFSET_SECONDS: i64 = 25 * 3600 + 59 * 60 + 59;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * ERA_DAYS + day_of_era - EPOCH_SHIFT
}

/// The proleptic Gregorian date (year, month, day) of a day counted from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + EPOCH_SHIFT;
    let era = days.div_euclid(ERA_DAYS);
    let day_of_era = days - era * ERA_DAYS;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01, as jiff prints a date (years before 0 as
/// `-YYYYYY`); empty outside the years -9999 to 9999.
pub fn date_text(day: i64) -> String {
    let (year, month, day) = civil_from_days(day);
    match year {
        0..=9999 => format!("{year:04}-{month:02}-{day:02}"),
        -9999..=-1 => format!("-{:06}-{month:02}-{day:02}", -year),
        _ => String::new(),
    }
}

/// An instant as RFC 3339 in UTC to the second (`2026-11-23T09:00:00Z`), for reasons a host
/// reads.
pub fn instant_text(t: Millis) -> String {
    let seconds = t.div_euclid(1000);
    let in_day = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_text(seconds.div_euclid(86_400)),
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// What is left of the text being parsed.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    /// Takes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.0 = &self.0[1..];
        }
        found
    }

    /// Whether the next two bytes are digits.
    fn two_digits_next(&self) -> bool {
        self.0.len() >= 2 && self.0[..2].iter().all(u8::is_ascii_digit)
    }

    /// Exactly `n` bytes, all digits, as a number in `low..=high`.
    fn number(
        &mut self,
        n: usize,
        low: i64,
        high: i64,
        what: &'static str,
    ) -> Result<i64, &'static str> {
        if self.0.len() < n {
            return Err(what);
        }
        let (digits, rest) = self.0.split_at(n);
        let mut value = 0;
        for &b in digits {
            if !b.is_ascii_digit() {
                return Err(what);
            }
            value = value * 10 + i64::from(b - b'0');
        }
        if !(low..=high).contains(&value) {
            return Err(what);
        }
        self.0 = rest;
        Ok(value)
    }

    /// An optional fraction (`.` or `,` and one to nine digits) as nanoseconds.
    fn fraction(&mut self) -> Result<i64, &'static str> {
        if !(self.eat(b'.') || self.eat(b',')) {
            return Ok(0);
        }
        let digits = self
            .0
            .iter()
            .take(9)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return Err("expected digits after the decimal separator");
        }
        let mut nanos = 0;
        for (i, &b) in self.0[..digits].iter().enumerate() {
            nanos += i64::from(b - b'0') * 10_i64.pow(8 - i as u32);
        }
        self.0 = &self.0[digits..];
        Ok(nanos)
    }

    /// `YYYY-MM-DD` or `YYYYMMDD` (a six-digit year with a sign also), as days since 1970.
    fn date(&mut self) -> Result<i64, &'static str> {
        let year = match self.peek() {
            Some(sign @ (b'+' | b'-')) => {
                self.0 = &self.0[1..];
                let year = self.number(6, 0, 9999, "expected a six-digit year after the sign")?;
                if sign == b'-' {
                    if year == 0 {
                        return Err("the year -000000 does not exist");
                    }
                    -year
                } else {
                    year
                }
            }
            _ => self.number(4, 0, 9999, "expected a four-digit year")?,
        };
        let extended = self.peek() == Some(b'-');
        self.separator(extended)?;
        let month = self.number(2, 1, 12, "expected a two-digit month")?;
        self.separator(extended)?;
        let day = self.number(2, 1, 31, "expected a two-digit day")?;
        if day > days_in_month(year, month) {
            return Err("no such day in that month");
        }
        Ok(days_from_civil(year, month, day))
    }

    /// The `-` between the parts of a date in the extended format; none in the basic one.
    fn separator(&mut self, extended: bool) -> Result<(), &'static str> {
        match (extended, self.eat(b'-')) {
            (true, true) | (false, false) => Ok(()),
            (true, false) => Err("expected `-` between the parts of the date"),
            (false, true) => Err("unexpected `-` in a date without separators"),
        }
    }

    /// `hh[:mm[:ss[.fff]]]` or `hh[mm[ss[.fff]]]`, as (seconds of the day, nanoseconds).
    fn time(&mut self) -> Result<(i64, i64), &'static str> {
        let hour = self.number(2, 0, 23, "expected a two-digit hour")?;
        let extended = self.peek() == Some(b':');
        if !self.next_part(extended) {
            return Ok((hour * 3600, 0));
        }
        let minute = self.number(2, 0, 59, "expected two-digit minutes")?;
        if !self.next_part(extended) {
            return Ok((hour * 3600 + minute * 60, 0));
        }
        // A leap second counts as the second before it.
        let second = self.number(2, 0, 60, "expected two-digit seconds")?.min(59);
        let nanos = self.fraction()?;
        Ok((hour * 3600 + minute * 60 + second, nanos))
    }

    /// Whether another part of a time or offset follows: after a `:` in the extended format,
    /// where two digits come in the basic one.
    fn next_part(&mut self, extended: bool) -> bool {
        if extended {
            self.eat(b':')
        } else {
            self.two_digits_next()
        }
    }

    /// `Z`, or `±hh[:mm[:ss[.fff]]]` (or without colons), in seconds east of UTC.
    fn offset(&mut self) -> Result<i64, &'static str> {
        let negative = match self.peek() {
            Some(b'Z' | b'z') => {
                self.0 = &self.0[1..];
                return Ok(0);
            }
            Some(b'+') => false,
            Some(b'-') => true,
            _ => return Err("expected an offset (`Z` or `±hh:mm`)"),
        };
        self.0 = &self.0[1..];
        let mut seconds = self.number(2, 0, 25, "expected two-digit offset hours")? * 3600;
        let extended = self.peek() == Some(b':');
        if self.next_part(extended) {
            seconds += self.number(2, 0, 59, "expected two-digit offset minutes")? * 60;
            if self.next_part(extended) {
                seconds += self.number(2, 0, 59, "expected two-digit offset seconds")?;
                if self.fraction()? >= 500_000_000 {
                    seconds += 1;
                }
            }
        }
        if seconds > MAX_OFFSET_SECONDS {
            return Err("the offset is out of range");
        }
        Ok(if negative { -seconds } else { seconds })
    }

    /// RFC 9557 annotations (`[Europe/Paris]`, `[u-ca=iso8601]`): checked and ignored, as the
    /// offset alone fixes the instant.
    fn annotations(&mut self) -> Result<(), &'static str> {
        const BAD: &str = "invalid annotation";
        if self.peek() != Some(b'[') {
            return Ok(());
        }
        // The first may name a time zone: an offset or an IANA name.
        let start = self.0;
        self.0 = &self.0[1..];
        self.eat(b'!');
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.annotation_offset()?;
            if !self.eat(b']') {
                return Err(BAD);
            }
        } else {
            self.name_part()?;
            if self.peek() == Some(b'=') {
                // A key: not a time zone after all.
                self.0 = start;
            } else {
                while self.eat(b'/') {
                    self.name_part()?;
                }
                if !self.eat(b']') {
                    return Err(BAD);
                }
            }
        }
        // Then `[key=value(-value)*]`, none of them critical (`!`).
        while self.eat(b'[') {
            if self.eat(b'!') {
                return Err("unsupported critical annotation");
            }
            let key_char =
                |b: u8| b == b'_' || b == b'-' || b.is_ascii_digit() || b.is_ascii_lowercase();
            if !matches!(self.peek(), Some(b'_' | b'a'..=b'z')) {
                return Err(BAD);
            }
            self.skip_while(key_char);
            if !self.eat(b'=') {
                return Err(BAD);
            }
            loop {
                if !self.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
                    return Err(BAD);
                }
                self.skip_while(|b| b.is_ascii_alphanumeric());
                if !self.eat(b'-') {
                    break;
                }
            }
            if !self.eat(b']') {
                return Err(BAD);
            }
        }
        Ok(())
    }

    /// One part of an IANA time zone name (between slashes).
    fn name_part(&mut self) -> Result<(), &'static str> {
        if !matches!(self.peek(), Some(b'_' | b'.' | b'A'..=b'Z' | b'a'..=b'z')) {
            return Err("invalid time zone annotation");
        }
        self.skip_while(|b| matches!(b, b'_' | b'.' | b'+' | b'-') || b.is_ascii_alphanumeric());
        Ok(())
    }

    /// The offset of a time zone annotation: `±hh[:mm]` or `±hh[mm]`, whole minutes.
    fn annotation_offset(&mut self) -> Result<(), &'static str> {
        const BAD: &str = "invalid offset annotation";
        self.0 = &self.0[1..];
        self.number(2, 0, 25, BAD)?;
        let extended = self.peek() == Some(b':');
        if self.next_part(extended) {
            self.number(2, 0, 59, BAD)?;
            if self.peek() == Some(b':') {
                return Err(BAD);
            }
        }
        Ok(())
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        let n = self.0.iter().take_while(|b| keep(**b)).count();
        self.0 = &self.0[n..];
    }
}

/// The instant of a timestamp such as `2026-11-23T09:00:00Z` or `2026-11-23T18:00:00.250+09:00`,
/// in Unix epoch milliseconds (a fraction of a millisecond cut off toward zero); or what is
/// wrong with it.
pub fn parse_timestamp(text: &str) -> Result<Millis, &'static str> {
    let mut cursor = Cursor(text.as_bytes());
    let day = cursor.date()?;
    if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
        return Err("expected a time after the date");
    }
    let (seconds_of_day, nanos) = cursor.time()?;
    let offset = cursor.offset()?;
    cursor.annotations()?;
    if !cursor.0.is_empty() {
        return Err("unexpected text after the timestamp");
    }
    let seconds = day * 86_400 + seconds_of_day - offset;
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err("out of range");
    }
    // Whole milliseconds toward zero, as jiff counts them.
    let millis = if seconds < 0 {
        (nanos + 999_999) / 1_000_000
    } else {
        nanos / 1_000_000
    };
    Ok(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_jiff_prints_them() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(-1), "1969-12-31");
        assert_eq!(date_text(20_415), "2025-11-23");
        assert_eq!(date_text(11_016), "2000-02-29");
        assert_eq!(date_text(days_from_civil(-1, 3, 1)), "-000001-03-01");
        assert_eq!(date_text(days_from_civil(10_000, 1, 1)), "");
        for day in [-800_000, -1, 0, 59, 365, 10_957, 11_016, 20_415, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn timestamps() {
        let at = 1_795_424_400_000; // 2026-11-23T09:00:00Z
        assert_eq!(parse_timestamp("2026-11-23T09:00:00Z"), Ok(at));
        assert_eq!(parse_timestamp("2026-11-23T18:00:00+09:00"), Ok(at));
        assert_eq!(parse_timestamp("20261123T090000.250Z"), Ok(at + 250));
        assert_eq!(parse_timestamp("2026-11-23 09:00z[Europe/Paris]"), Ok(at));
        assert_eq!(parse_timestamp("2026-11-23T09:00:60Z"), Ok(at + 59_000));
        assert!(parse_timestamp("2026-11-23T09:00:00").is_err());
        assert!(parse_timestamp("2026-11-23").is_err());
        assert!(parse_timestamp("2026-02-29T09:00Z").is_err());
        assert!(parse_timestamp("2026-11-23T09:00Z[!u-ca=iso8601]").is_err());
    }
}

/// The parser against jiff's, which it replaces: the same strings taken, at the same instant.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod against_jiff {
    use super::parse_timestamp;
    use proptest::prelude::*;

    fn jiff(text: &str) -> Option<i64> {
        text.parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.as_millisecond())
    }

    fn same(text: &str) {
        assert_eq!(parse_timestamp(text).ok(), jiff(text), "{text:?}");
    }

    #[test]
    fn edge_cases() {
        for text in [
            "2026-11-23T09:00:00Z",
            "2026-11-23t09:00:00z",
            "2026-11-23 09:00:00+09:00",
            "2026-11-23T09Z",
            "2026-11-23T0900Z",
            "2026-11-23T09:00Z",
            "2026-11-23T09:0000Z",
            "2026-11-23T0900:00Z",
            "2026-11-23T09:00:00.Z",
            "2026-11-23T09:00:00.123456789Z",
            "2026-11-23T09:00:00.1234567891Z",
            "2026-11-23T09:00:00,5Z",
            "2026-11-23T23:59:60Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:00:00+25:59",
            "2026-11-23T09:00:00+26:00",
            "2026-11-23T09:00:00+25:59:59.5",
            "2026-11-23T09:00:00+25:59:59.4",
            "2026-11-23T09:00:00-00:00",
            "2026-11-23T09:00:00+0530",
            "2026-11-23T09:00:00+05",
            "2026-11-23T09:00:00+05:3",
            "2026-11-23T09:00:00+05:30:1",
            "2026-11-23T09:00:00+053000,6",
            "2026-11-23T09:00:00",
            "2026-11-2309:00:00Z",
            "20261123T090000Z",
            "2026-1123T09:00Z",
            "202611-23T09:00Z",
            "+002026-11-23T09:00Z",
            "-002026-11-23T09:00Z",
            "-000000-01-01T00:00Z",
            "+000000-01-01T00:00Z",
            "0000-01-01T00:00Z",
            "-009999-01-01T00:00Z",
            "-009999-01-02T01:59:59Z",
            "-009999-01-02T01:59:58.5Z",
            "-009999-01-01T00:00-25:59",
            "9999-12-31T23:59:59.999Z",
            "9999-12-30T22:00:00.999Z",
            "9999-12-30T22:00:01Z",
            "1969-12-31T23:59:59.9995Z",
            "2024-02-29T00:00Z",
            "2023-02-29T00:00Z",
            "1900-02-29T00:00Z",
            "2000-02-29T00:00Z",
            "2026-04-31T00:00Z",
            "2026-00-10T00:00Z",
            "2026-13-10T00:00Z",
            "2026-11-00T00:00Z",
            "2026-11-23T09:00Z[Europe/Paris]",
            "2026-11-23T09:00Z[!Europe/Paris]",
            "2026-11-23T09:00Z[+05:30]",
            "2026-11-23T09:00Z[+0530]",
            "2026-11-23T09:00Z[+05:30:00]",
            "2026-11-23T09:00Z[+053000]",
            "2026-11-23T09:00Z[Z]",
            "2026-11-23T09:00Z[u-ca=iso8601]",
            "2026-11-23T09:00Z[!u-ca=iso8601]",
            "2026-11-23T09:00Z[Asia/Tokyo][u-ca=iso8601][foo=bar-baz]",
            "2026-11-23T09:00Z[Asia/Tokyo][Europe/Paris]",
            "2026-11-23T09:00Z[u-ca=]",
            "2026-11-23T09:00Z[U-ca=x]",
            "2026-11-23T09:00Z[u-ca=x-]",
            "2026-11-23T09:00Z[1abc]",
            "2026-11-23T09:00Z[a/]",
            "2026-11-23T09:00Z[a/b/c_d.e+f-g]",
            "2026-11-23T09:00Z[]",
            "2026-11-23T09:00Z[",
            "2026-11-23T09:00Z]",
            "2026-11-23T09:00Z ",
            " 2026-11-23T09:00Z",
            "2026-11-23T09:00Z[a]x",
            "2026-11-23T09:00Z[a=b/c]",
            "2026-11-23T09:00Z[a/b=c]",
            "",
            "yesterday",
            "2026",
            "2026-11-23",
            "2026-11-23T",
            "2026-11-23T9:00Z",
            "２026-11-23T09:00Z",
        ] {
            same(text);
        }
    }

    /// Pieces of timestamps, right and wrong, to be put together.
    const DATES: &[&str] = &[
        "2026-11-23",
        "20261123",
        "2000-02-29",
        "2001-02-29",
        "+002026-01-31",
        "-000001-12-31",
        "1999-12-31",
        "2099-12-31",
        "2100-01-01",
        "2026-1123",
        "2026-11-3",
        "2026/11/23",
        "",
    ];
    const SEPARATORS: &[&str] = &["T", "t", " ", "", "_", "TT"];
    const TIMES: &[&str] = &[
        "09",
        "09:30",
        "0930",
        "09:30:15",
        "093015",
        "23:59:60",
        "09:30:15.5",
        "09:30:15,123456789",
        "09:30:15.0000000001",
        "24:00",
        "09:60",
        "9:30",
        "09:3",
        "09:30:",
        "09:30:15.",
        "0930:15",
    ];
    const OFFSETS: &[&str] = &[
        "Z",
        "z",
        "+00:00",
        "-00:00",
        "+09:00",
        "-05:30",
        "+0530",
        "+05",
        "+25:59",
        "+26:00",
        "+05:30:15",
        "+053015",
        "+05:30:15.5",
        "-25:59:59.6",
        "+5:00",
        "",
        "UTC",
    ];
    const ANNOTATIONS: &[&str] = &[
        "",
        "[Europe/Paris]",
        "[!Asia/Tokyo]",
        "[+05:30]",
        "[-0800]",
        "[u-ca=iso8601]",
        "[!u-ca=iso8601]",
        "[Etc/GMT+5]",
        "[a=b]",
        "[=b]",
        "[x]",
        "[.x/_y]",
        "]",
        "[",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn put_together(
            date in prop::sample::select(DATES),
            separator in prop::sample::select(SEPARATORS),
            time in prop::sample::select(TIMES),
            offset in prop::sample::select(OFFSETS),
            first in prop::sample::select(ANNOTATIONS),
            second in prop::sample::select(ANNOTATIONS),
        ) {
            same(&format!("{date}{separator}{time}{offset}{first}{second}"));
        }

        #[test]
        fn one_byte_changed(
            date in prop::sample::select(DATES),
            time in prop::sample::select(TIMES),
            offset in prop::sample::select(OFFSETS),
            annotation in prop::sample::select(ANNOTATIONS),
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"0123456789:-+.,TtZz[]!=/_ aAx".as_slice()),
            how in 0..3u8,
        ) {
            let mut text = format!("{date}T{time}{offset}{annotation}").into_bytes();
            let i = at.index(text.len() + 1);
            match how {
                0 => text.insert(i, byte),
                1 if i < text.len() => { text.remove(i); }
                _ if i < text.len() => text[i] = byte,
                _ => {}
            }
            same(std::str::from_utf8(&text).unwrap());
        }

        #[test]
        fn any_date(day in -4_371_587_i64..=2_932_896) {
            let date = jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(day)).unwrap();
            prop_assert_eq!(super::date_text(day), date.to_string());
        }

        #[test]
        fn any_instant_written_to_the_second(ms in 946_684_800_000_i64..4_102_444_800_000) {
            let instant = jiff::Timestamp::from_millisecond(ms).unwrap();
            let whole = instant.round(jiff::Unit::Second).unwrap();
            let whole = if whole > instant { whole - jiff::SignedDuration::from_secs(1) } else { whole };
            prop_assert_eq!(super::instant_text(ms), whole.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
        }

        #[test]
        fn any_instant(seconds in -377_705_023_201_i64..=253_402_207_200, nanos in 0..1_000_000_000_i32, offset in -93_599..=93_599_i32) {
            let instant = jiff::Timestamp::new(seconds, nanos).unwrap();
            let offset = jiff::tz::Offset::from_seconds(offset).unwrap();
            let text = instant.display_with_offset(offset).to_string();
            same(&text);
        }
    }
}
