//! Windows (today, shift, rolling 60 minutes), 15-minute trends, local days with clock changes,
//! and daily history; figures computed by hand.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use agent_kpi_engine::{
    start_of_day, Config, Engine, FixedOffset, Kpi, Millis, Window, Zone, DAY, HOUR, MINUTE,
};
use common::{at, value_n, Feed};
use std::sync::Arc;

/// An early session, a gap offline, then the current shift from 08:30.
fn two_sessions() -> Feed {
    let mut f = Feed::new();
    f.state("06:00:00", "available")
        .contact("s1", "voice", "06:10:00", "06:19:00", "06:20:00") // 600 s
        .state("07:00:00", "offline")
        .state("08:30:00", "available")
        .contact("s2", "voice", "08:32:00", "08:36:00", "08:37:00") // 300 s
        .contact("s3", "voice", "08:40:00", "08:45:00", "08:46:00") // 360 s
        .contact("s4", "voice", "08:50:00", "08:59:00", "09:00:00"); // 600 s
    f
}

#[test]
fn today_shift_and_rolling_hour_each_count_their_own_span() {
    let engine = two_sessions().engine();
    let as_of = at("09:38:00");
    let snap = |window| engine.snapshot(window, as_of, &FixedOffset::UTC);

    // Today: 4 contacts, (600 + 300 + 360 + 600) / 4 = 465 s; staffed 60 + 68 min:
    // 4 / (128 / 60) = 1.875 → 1.88.
    let today = snap(Window::Today);
    assert_eq!(today.from, at("00:00:00"));
    assert_eq!(today.value(Kpi::Handled), Some(4.0));
    assert_eq!(today.value(Kpi::Aht), Some(465.0));
    assert_eq!(today.value(Kpi::Cph), Some(1.88));

    // Shift: since 08:30, 68 minutes; s2, s3, s4: 1260 / 3 = 420 s; 3 / (68 / 60) = 2.65.
    let shift = snap(Window::Shift);
    assert_eq!(shift.from, at("08:30:00"));
    assert_eq!(shift.value(Kpi::Handled), Some(3.0));
    assert_eq!(shift.value(Kpi::Aht), Some(420.0));
    assert_eq!(shift.value(Kpi::Cph), Some(2.65));

    // Rolling hour: 08:38 to 09:38, which starts inside the 08:30 interval. s2 completed at
    // 08:37, before it. s3, s4: 480 s. Staffed all 60 minutes: CPH 2.
    let rolling = snap(Window::Rolling60m);
    assert_eq!(rolling.from, at("08:38:00"));
    assert_eq!(rolling.value(Kpi::Handled), Some(2.0));
    assert_eq!(rolling.value(Kpi::Aht), Some(480.0));
    assert_eq!(rolling.value(Kpi::Cph), Some(2.0));
    // Handling 08:40–08:46 and 08:50–09:00, 16 of 60 available minutes.
    assert_eq!(value_n(&rolling, Kpi::Occupancy), (Some(0.2667), 3600));
}

#[test]
fn the_shift_after_logging_out_is_the_last_one() {
    let mut f = two_sessions();
    f.state("10:00:00", "offline");
    let engine = f.engine();
    let shift = engine.snapshot(Window::Shift, at("11:00:00"), &FixedOffset::UTC);
    assert_eq!(shift.from, at("08:30:00"));
    // 3 contacts over the 90 staffed minutes to 10:00.
    assert_eq!(shift.value(Kpi::Cph), Some(2.0));
}

#[test]
fn trend_has_todays_intervals_with_the_current_one_divided_by_elapsed_time() {
    let engine = two_sessions().engine();
    let trend = engine.trend(at("09:38:00"), &FixedOffset::UTC);
    // 00:00 to 09:30: 39 intervals.
    assert_eq!(trend.len(), 39);
    assert_eq!(trend[0].start, at("00:00:00"));
    let interval = |hms: &str| {
        trend
            .iter()
            .find(|i| i.start == at(hms))
            .unwrap_or_else(|| panic!("no interval at {hms}"))
    };
    // 08:30–08:45: s2 completed (300 s); staffed 15 minutes: CPH 4.
    let i = interval("08:30:00");
    assert_eq!(i.kpis[&Kpi::Handled].value, Some(1.0));
    assert_eq!(i.kpis[&Kpi::Aht].value, Some(300.0));
    assert_eq!(i.kpis[&Kpi::Cph].value, Some(4.0));
    // 09:30, the current interval: 8 minutes elapsed, all available, nothing handled.
    let now = interval("09:30:00");
    assert_eq!(now.kpis[&Kpi::Handled].value, None);
    assert_eq!(
        (now.kpis[&Kpi::Occupancy].value, now.kpis[&Kpi::Occupancy].n),
        (Some(0.0), 480)
    );
    // Offline 07:00–08:30: nothing to divide.
    assert_eq!(interval("07:30:00").kpis[&Kpi::Utilization].value, None);
}

/// A real time zone from the tz database.
struct Named(jiff::tz::TimeZone);

impl Zone for Named {
    fn offset_at(&self, utc: Millis) -> Millis {
        let ts = jiff::Timestamp::from_millisecond(utc).expect("in range");
        i64::from(self.0.to_offset(ts).seconds()) * 1000
    }
}

fn new_york() -> Named {
    Named(jiff::tz::TimeZone::get("America/New_York").expect("in the bundled tz database"))
}

fn utc(text: &str) -> Millis {
    text.parse::<jiff::Timestamp>()
        .expect("RFC 3339")
        .as_millisecond()
}

/// Logged in from local midnight to 23:00 local, in New York.
fn logged_in_all_day(midnight_utc: &str, eleven_pm_utc: &str) -> (Engine, Millis) {
    let mut engine = Engine::new(Config::default(), Arc::new(new_york()));
    let text =
        format!(r#"{{"id":"a","ts":"{midnight_utc}","type":"agent_state","state":"training"}}"#);
    assert_eq!(engine.push_text(&text).accepted, 1);
    (engine, utc(eleven_pm_utc))
}

#[test]
fn a_23_hour_day_in_spring() {
    // 2026-03-08, New York: clocks go from 02:00 EST to 03:00 EDT.
    let (engine, eleven_pm) = logged_in_all_day("2026-03-08T05:00:00Z", "2026-03-09T03:00:00Z");
    let zone = new_york();
    assert_eq!(start_of_day(&zone, eleven_pm), utc("2026-03-08T05:00:00Z"));
    let snap = engine.snapshot(Window::Today, eleven_pm, &zone);
    // 00:00 to 23:00 local is 22 hours of logged-in time on this day.
    assert_eq!(snap.kpi(Kpi::Utilization).map(|f| f.n), Some(22 * 3600));
    // The whole day holds 92 intervals.
    let last_moment = utc("2026-03-09T04:00:00Z") - 1;
    assert_eq!(engine.trend(last_moment, &zone).len(), 92);
}

#[test]
fn a_25_hour_day_in_autumn() {
    // 2026-11-01, New York: clocks go from 02:00 EDT back to 01:00 EST.
    let (engine, eleven_pm) = logged_in_all_day("2026-11-01T04:00:00Z", "2026-11-02T04:00:00Z");
    let zone = new_york();
    let snap = engine.snapshot(Window::Today, eleven_pm, &zone);
    assert_eq!(snap.from, utc("2026-11-01T04:00:00Z"));
    assert_eq!(snap.kpi(Kpi::Utilization).map(|f| f.n), Some(24 * 3600));
    let last_moment = utc("2026-11-02T05:00:00Z") - 1;
    assert_eq!(engine.trend(last_moment, &zone).len(), 100);
}

#[test]
fn a_day_whose_midnight_does_not_exist_starts_at_the_jump() {
    // America/Santiago moved its clocks from 00:00 to 01:00 on 2024-09-08.
    let zone = Named(jiff::tz::TimeZone::get("America/Santiago").expect("bundled"));
    let noon = utc("2024-09-08T16:00:00Z"); // 12:00 local, UTC−3
    assert_eq!(start_of_day(&zone, noon), utc("2024-09-08T04:00:00Z"));
}

#[test]
fn history_keeps_180_days_of_daily_aggregates_and_memory_stays_flat() {
    let mut engine = Engine::default();
    let mut footprints = Vec::new();
    for day in 0..200 {
        let base = at("00:00:00") + day * DAY;
        let t = |offset: Millis| base + 9 * HOUR + offset;
        // One contact a day: the n-th day's contact lasts n + 60 seconds of talk.
        let text = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            format_args!(
                r#"{{"id":"s{day}","ts":{},"type":"agent_state","state":"available"}}"#,
                t(0)
            ),
            format_args!(
                r#"{{"id":"o{day}","ts":{},"type":"contact_offered","contact_id":"c{day}","channel":"chat","reason":"r{}"}}"#,
                t(MINUTE),
                day % 7
            ),
            format_args!(
                r#"{{"id":"a{day}","ts":{},"type":"contact_answered","contact_id":"c{day}"}}"#,
                t(MINUTE)
            ),
            format_args!(
                r#"{{"id":"e{day}","ts":{},"type":"contact_ended","contact_id":"c{day}"}}"#,
                t(2 * MINUTE + day * 1000)
            ),
            format_args!(
                r#"{{"id":"w{day}","ts":{},"type":"wrap_up_ended","contact_id":"c{day}"}}"#,
                t(2 * MINUTE + day * 1000)
            ),
            format_args!(
                r#"{{"id":"f{day}","ts":{},"type":"agent_state","state":"offline"}}"#,
                t(HOUR)
            ),
        );
        assert_eq!(engine.push_text(&text).accepted, 6);
        footprints.push(engine.footprint());
    }
    let as_of = at("00:00:00") + 199 * DAY + 12 * HOUR;
    let history = engine.history(as_of);
    // 180 folded days, and the last days still held as intervals.
    assert!(
        (180..=183).contains(&history.len()),
        "{} days",
        history.len()
    );
    assert_eq!(history.last().map(|d| d.date.as_str()), Some("2027-06-10"));
    // Day 199: talk 60 + 199 s.
    assert_eq!(
        history.last().and_then(|d| d.kpis[&Kpi::Aht].value),
        Some(259.0)
    );
    // The oldest days have been let go.
    assert!(history.iter().all(|d| d.date.as_str() > "2026-11-30"));

    // Memory: bounded, and no larger over the last 70 days than over the 70 before.
    let max = |days: std::ops::Range<usize>, f: fn(&agent_kpi_engine::Footprint) -> usize| {
        footprints[days].iter().map(f).max().unwrap_or(0)
    };
    let (earlier, later) = (60..130, 130..200);
    assert!(max(later.clone(), |f| f.intervals) <= 2 * 96 + 8);
    assert!(max(later.clone(), |f| f.days) <= 180);
    // Ids for as long as the history (181 days of 6 events), and no longer.
    let ids = max(later.clone(), |f| f.event_ids);
    assert!((6 * 180..=6 * 183).contains(&ids), "{ids} ids");
    assert_eq!(max(later.clone(), |f| f.open_contacts), 0);
    let parts: [fn(&agent_kpi_engine::Footprint) -> usize; 2] = [|f| f.journal, |f| f.pending];
    for part in parts {
        assert!(max(later.clone(), part) <= max(earlier.clone(), part) * 3 / 2 + 8);
        assert!(max(later.clone(), part) < 10_000);
    }
}

#[test]
fn an_event_later_than_the_lateness_bound_still_counts_in_its_window() {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        .contact("a", "chat", "09:00:00", "09:05:00", "09:06:00")
        .state("10:00:00", "busy")
        .state("10:30:00", "available");
    let mut engine = f.engine();
    // A survey of 09:07 arrives after events of 10:30: 83 minutes late.
    let report = engine.push_text(&format!(
        r#"{{"id":"late","ts":{},"type":"survey","contact_id":"a","csat":5}}"#,
        at("09:07:00")
    ));
    assert_eq!(report.accepted, 1);
    let snap = engine.snapshot(Window::Today, at("11:00:00"), &FixedOffset::UTC);
    assert_eq!(value_n(&snap, Kpi::Csat), (Some(1.0), 1));
    assert_eq!(
        snap.channel_value(agent_kpi_engine::Channel::Chat, Kpi::Csat),
        Some(1.0)
    );
}

#[test]
fn windows_reach_back_two_days_behind_the_newest_event_and_the_history_holds_the_rest() {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        .contact("a", "chat", "09:00:00", "09:05:00", "09:06:00");
    let mut engine = f.engine();
    // Held from two days behind the latest event: the whole of its day.
    assert!(engine.held_from().is_none_or(|from| from <= at("00:00:00")));
    let first_day =
        |engine: &Engine| engine.snapshot(Window::Today, at("12:00:00"), &FixedOffset::UTC);
    assert_eq!(value_n(&first_day(&engine), Kpi::Handled), (Some(1.0), 1));

    // An event three days later: the intervals more than two days behind it are folded into
    // their days, from 12:00 the day after the contact.
    let later = at("12:00:00") + 3 * DAY;
    let report = engine.push_text(&format!(
        r#"{{"id":"later","ts":{later},"type":"agent_state","state":"busy"}}"#
    ));
    assert_eq!(report.accepted, 1);
    assert_eq!(engine.held_from(), Some(at("12:00:00") + DAY));
    // A window of that first day now reads nothing, and is refused where asked for; the daily
    // history has the contact.
    let utc = &FixedOffset::UTC;
    let refused = engine.check_held(Window::Today, at("12:00:00"), utc);
    assert!(refused.is_err_and(|reason| reason.contains("kept by day only")));
    assert_eq!(engine.check_held(Window::Today, later, utc), Ok(()));
    assert_eq!(value_n(&first_day(&engine), Kpi::Handled), (None, 0));
    let history = engine.history(later);
    assert_eq!(
        history.first().and_then(|d| d.kpis[&Kpi::Handled].value),
        Some(1.0)
    );
}

/// The browser's zones are read through `OffsetCache`: it must answer as the zone itself at
/// every instant, across clock changes (whole hours, half hours, 2 a.m. local, midnight local),
/// while asking about once a day.
#[test]
fn the_offset_cache_answers_as_the_zone_itself() {
    let zones = [
        "America/New_York",
        "Europe/Berlin",
        "Australia/Lord_Howe", // moves by 30 minutes
        "America/Santiago",    // changes at local midnight
        "Asia/Kolkata",
        "UTC",
    ];
    // 2019-01-01 to 2027-01-01, every 7 min 13.7 s: every day, each at other minutes.
    let (from, to, step) = (
        utc("2019-01-01T00:00:00Z"),
        utc("2027-01-01T00:00:00Z"),
        433_700,
    );
    for name in zones {
        let zone = Named(jiff::tz::TimeZone::get(name).expect("bundled"));
        let mut cache = agent_kpi_engine::OffsetCache::default();
        let mut asked = 0;
        let mut ask = |at| {
            asked += 1;
            zone.offset_at(at)
        };
        let mut t = from;
        while t < to {
            assert_eq!(
                cache.offset_at(t, &mut ask),
                zone.offset_at(t),
                "{name} at {t}"
            );
            // Either side of each change, to the millisecond.
            for edge in [
                t - t.rem_euclid(15 * MINUTE),
                t - t.rem_euclid(15 * MINUTE) - 1,
            ] {
                assert_eq!(
                    cache.offset_at(edge, &mut ask),
                    zone.offset_at(edge),
                    "{name} at {edge}"
                );
            }
            t += step;
        }
        let days = (to - from) / DAY;
        // A day's midnight each, and 96 quarters for each day with a change (two a year at most).
        assert!(
            asked <= days + 2 + 8 * 2 * 96,
            "{name}: {asked} questions for {days} days"
        );
    }
}

/// UTC and the `Etc/GMT±N` zones are taken as fixed offsets, without asking the browser: each
/// must be the zone of that name in the tz database, and no other name may be taken so.
#[test]
fn fixed_zones_by_name_are_the_tz_database_zones() {
    use agent_kpi_engine::FixedOffset;
    let mut names = vec!["UTC", "GMT", "Etc/UTC", "Etc/GMT"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    names.extend((1..=12).map(|h| format!("Etc/GMT+{h}")));
    names.extend((1..=14).map(|h| format!("Etc/GMT-{h}")));
    for name in &names {
        let fixed = FixedOffset::named(name).unwrap_or_else(|| panic!("{name} not taken"));
        let zone = Named(jiff::tz::TimeZone::get(name).expect("bundled"));
        for t in [utc("2026-01-15T12:00:00Z"), utc("2026-07-15T12:00:00Z")] {
            assert_eq!(fixed.offset_at(t), zone.offset_at(t), "{name}");
        }
    }
    assert_eq!(FixedOffset::named("Etc/GMT-9"), Some(FixedOffset::hours(9)));
    for other in [
        "Asia/Tokyo",
        "Europe/London", // GMT in winter only
        "GMT+5",         // not a zone: only Etc/ has these
        "Etc/GMT+13",
        "Etc/GMT-15",
        "Etc/GMT+01",
        "Etc/GMT+",
        "Etc/GMT-1x",
        "Etc/GMT0", // a zone, but left to the browser like any other name
        "utc",
        "",
    ] {
        assert_eq!(FixedOffset::named(other), None, "{other}");
    }
}

/// The panel keeps today's trend and brings it up to date after each batch: it must always
/// equal the trend computed anew, late events and long states included.
#[test]
fn a_trend_kept_up_to_date_equals_the_trend_computed_anew() {
    use agent_kpi_simulator::{Simulator, SimulatorOptions};
    let start = utc("2026-11-23T08:00:00Z");
    let options = SimulatorOptions {
        start,
        seed: 5,
        ..Default::default()
    };
    let mut lines: Vec<String> = Simulator::new(options)
        .advance_to(start + 10 * HOUR)
        .lines()
        .map(str::to_string)
        .collect();
    // Every 10th event arrives 8 events late (minutes, within the lateness bound).
    for i in (10..lines.len().saturating_sub(8)).step_by(10) {
        let late = lines.remove(i);
        lines.insert(i + 8, late);
    }
    let mut engine = Engine::new(Config::default(), Arc::new(FixedOffset::UTC));
    let mut kept = Vec::new();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        engine.push_text(line);
        // Read at the newest event so far and, now and then, an hour later (a long state).
        let newest = engine.newest().expect("events taken");
        let as_of = if i % 25 == 0 {
            newest + HOUR
        } else {
            newest + MINUTE
        };
        engine.update_trend(&mut kept, as_of, &FixedOffset::UTC);
        let anew = engine.trend(as_of, &FixedOffset::UTC);
        let starts =
            |t: &[agent_kpi_engine::IntervalFigures]| t.iter().map(|i| i.start).collect::<Vec<_>>();
        assert_eq!(starts(&kept), starts(&anew), "after event {i}");
        if let Some((a, b)) = kept.iter().zip(&anew).find(|(a, b)| a != b) {
            let kpi = a.kpis.iter().find(|(k, f)| b.kpis.get(k) != Some(f));
            panic!(
                "after event {i}, interval {}: {kpi:?} kept, {:?} anew",
                a.start,
                kpi.map(|(k, _)| &b.kpis[k])
            );
        }
        checked += 1;
    }
    assert!(
        checked > 300 && kept.len() > 36,
        "{checked} checks, {} intervals",
        kept.len()
    );
}
