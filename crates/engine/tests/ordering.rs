//! Properties: the figures are those of the events sorted by `ts`, whatever the arrival order
//! within the lateness bound, however the events are split into batches, and however often an
//! event is repeated.
#![cfg(not(target_arch = "wasm32"))]
// Tests sort freely: they are not in the bundle (clippy.toml).
#![allow(clippy::disallowed_methods)]

use agent_kpi_engine::{Engine, FixedOffset, Millis, Snapshot, Window, MINUTE};
use agent_kpi_simulator::{Simulator, SimulatorOptions};
use proptest::prelude::*;

/// 2026-11-23T08:00:00Z.
const START: Millis = 1_795_420_800_000;

/// A simulated morning as NDJSON lines, in `ts` order.
fn morning(seed: u64, hours: i64) -> Vec<String> {
    let mut sim = Simulator::new(SimulatorOptions {
        start: START,
        seed,
        ..Default::default()
    });
    sim.advance_to(START + hours * 60 * MINUTE)
        .lines()
        .map(str::to_string)
        .collect()
}

fn ts_of(line: &str) -> Millis {
    let value: serde_json::Value = serde_json::from_str(line).expect("simulator JSON");
    value["ts"].as_i64().expect("epoch ms")
}

/// Every window's figures at `as_of`, and today's trend, in one comparable value.
fn figures(engine: &Engine, as_of: Millis) -> (Vec<Snapshot>, String) {
    let zone = FixedOffset::hours(9);
    let windows = [Window::Today, Window::Shift, Window::Rolling60m]
        .into_iter()
        .map(|w| engine.snapshot(w, as_of, &zone))
        .collect();
    let trend = serde_json::to_string(&engine.trend(as_of, &zone)).expect("serialisable");
    (windows, trend)
}

/// When each event arrives, with its place among the sorted ones: each group of events sharing
/// a `ts` arrives `delays[i]` seconds late (`i` its first event's place, cycling through
/// `delays`); groups keep their inner order once sorted by (arrival, place).
fn arrivals(sorted: &[String], delays: &[i64]) -> Vec<(Millis, usize, String)> {
    let mut arrivals = Vec::new();
    let mut group_delay = 0;
    let mut last_ts = None;
    for (i, line) in sorted.iter().enumerate() {
        let ts = ts_of(line);
        if last_ts != Some(ts) {
            group_delay = delays[i % delays.len()] * 1000;
            last_ts = Some(ts);
        }
        arrivals.push((ts + group_delay, i, line.clone()));
    }
    arrivals
}

fn fed(lines: &[String]) -> Engine {
    let mut engine = Engine::default();
    for line in lines {
        engine.push_text(line);
    }
    engine
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Each group of events sharing a `ts` arrives up to 10 minutes late (so no event is older
    /// than the newest by more than the bound when it arrives); groups keep their inner order.
    #[test]
    fn arrival_order_within_the_lateness_bound_does_not_matter(
        seed in 1u64..10_000,
        delays in proptest::collection::vec(0i64..=10 * 60, 2_000),
    ) {
        let sorted = morning(seed, 3);
        let mut arrivals = arrivals(&sorted, &delays);
        arrivals.sort_by_key(|(arrival, i, _)| (*arrival, *i));
        let shuffled: Vec<String> = arrivals.into_iter().map(|(_, _, l)| l).collect();
        prop_assume!(shuffled != sorted);

        let as_of = START + 3 * 60 * MINUTE + 7 * MINUTE;
        let expected = figures(&fed(&sorted), as_of);
        let actual = figures(&fed(&shuffled), as_of);
        prop_assert_eq!(expected, actual);
    }

    /// The same out-of-order arrivals, pushed in batches cut anywhere (a batch's events are
    /// taken sorted where that changes nothing), with some events repeated: still the figures
    /// of the sorted events, and the first of each repeated id is the one taken.
    #[test]
    fn out_of_order_batches_with_repeats_give_the_sorted_figures(
        seed in 1u64..10_000,
        delays in proptest::collection::vec(0i64..=10 * 60, 500),
        cuts in proptest::collection::vec(0usize..5_000, 0..12),
        repeats in proptest::collection::vec(0usize..5_000, 0..12),
    ) {
        let sorted = morning(seed, 2);
        let mut arrivals = arrivals(&sorted, &delays);
        // A repeat arrives right after its original, a minute earlier: it must be ignored.
        for pick in &repeats {
            let (arrival, i, line) = arrivals[pick % arrivals.len()].clone();
            let ts = ts_of(&line);
            arrivals.push((arrival, i, line.replacen(&ts.to_string(), &(ts - 60_000).to_string(), 1)));
        }
        arrivals.sort_by_key(|(arrival, i, _)| (*arrival, *i));
        let shuffled: Vec<String> = arrivals.into_iter().map(|(_, _, l)| l).collect();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % shuffled.len()).collect();
        cuts.push(shuffled.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut engine = Engine::default();
        let mut from = 0;
        for to in cuts {
            engine.push_text(&shuffled[from..to].join("\n"));
            from = to;
        }
        let as_of = START + 2 * 60 * MINUTE + 7 * MINUTE;
        let (mut expected, expected_trend) = figures(&fed(&sorted), as_of);
        let (actual, actual_trend) = figures(&engine, as_of);
        for snap in expected.iter_mut() {
            snap.ingest.duplicates = repeats.len() as u64;
        }
        prop_assert_eq!(expected, actual);
        prop_assert_eq!(expected_trend, actual_trend);
    }

    /// Repeating events (within an hour of the newest) changes nothing but the duplicate count.
    #[test]
    fn duplicates_are_counted_and_change_no_figure(
        seed in 1u64..10_000,
        repeats in proptest::collection::vec((0usize..10_000, 0usize..20), 1..40),
    ) {
        let sorted = morning(seed, 2);
        // Repeat event `pick` right after the event `ahead` places after it.
        let mut after: Vec<Vec<&String>> = vec![Vec::new(); sorted.len()];
        for (pick, ahead) in &repeats {
            let original = pick % sorted.len();
            after[(original + ahead).min(sorted.len() - 1)].push(&sorted[original]);
        }
        let with_repeats: Vec<String> = sorted
            .iter()
            .zip(&after)
            .flat_map(|(line, repeats)| std::iter::once(line).chain(repeats.iter().copied()))
            .cloned()
            .collect();
        let as_of = START + 2 * 60 * MINUTE;
        let (mut expected, expected_trend) = figures(&fed(&sorted), as_of);
        let (actual, actual_trend) = figures(&fed(&with_repeats), as_of);
        for snap in expected.iter_mut() {
            snap.ingest.duplicates = repeats.len() as u64;
        }
        prop_assert_eq!(expected, actual);
        prop_assert_eq!(expected_trend, actual_trend);
    }

    /// One batch, one event at a time, or batches split anywhere: the same figures.
    #[test]
    fn splitting_batches_anywhere_does_not_matter(
        seed in 1u64..10_000,
        cuts in proptest::collection::vec(0usize..5_000, 0..30),
        as_array in any::<bool>(),
    ) {
        let lines = morning(seed, 2);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % lines.len()).collect();
        cuts.push(lines.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut engine = Engine::default();
        let mut from = 0;
        for to in cuts {
            let batch = &lines[from..to];
            let text = if as_array {
                format!("[{}]", batch.join(","))
            } else {
                batch.join("\n")
            };
            let report = engine.push_text(&text);
            prop_assert!(report.rejected.is_empty());
            from = to;
        }
        let as_of = START + 2 * 60 * MINUTE;
        prop_assert_eq!(figures(&fed(&lines), as_of), figures(&engine, as_of));
    }
}

/// An event later than every checkpoint is applied where it belongs without reordering; an
/// event that comes after it, out of order but within the bound, must still be sorted in.
#[test]
fn a_too_late_event_does_not_disturb_the_ordering_of_the_next() {
    // Three days: enough events that the first checkpoints are let go.
    let lines: Vec<String> = (0..3)
        .flat_map(|day| {
            let start = START + day * 24 * 60 * MINUTE;
            let options = SimulatorOptions {
                start,
                seed: day as u64 + 1,
                ..Default::default()
            };
            let text = Simulator::new(options).advance_to(start + 12 * 60 * MINUTE);
            text.lines().map(str::to_string).collect::<Vec<_>>()
        })
        .collect();
    assert!(lines.len() > 1_100, "{} events", lines.len());
    let last_ts = ts_of(lines.last().expect("events"));
    // A survey about the first hour, arriving at the end (hours late).
    let late = format!(
        r#"{{"id":"late-survey","ts":{},"type":"survey","case_id":"k","csat":5}}"#,
        START + 60 * MINUTE
    );
    // A state change five minutes before the newest event, arriving after the late survey.
    let early = format!(
        r#"{{"id":"early-break","ts":{},"type":"agent_state","state":"break"}}"#,
        last_ts - 5 * MINUTE
    );
    let mut arrived = lines.clone();
    arrived.push(late.clone());
    arrived.push(early.clone());

    let mut sorted: Vec<String> = lines;
    sorted.push(late);
    sorted.push(early);
    sorted.sort_by_key(|l| ts_of(l));

    let as_of = last_ts + 10 * MINUTE;
    let (expected, _) = figures(&fed(&sorted), as_of);
    let (actual, _) = figures(&fed(&arrived), as_of);
    for (e, a) in expected.iter().zip(&actual) {
        assert_eq!(e.kpis, a.kpis, "{:?}", e.window);
    }
    // In one batch: the agent goes busy, then a state change of hours ago arrives, too late to
    // be put in its place. It goes alone, where it arrived: the batch gives what the two one
    // by one give.
    let states = [
        format!(
            r#"{{"id":"now-busy","ts":{},"type":"agent_state","state":"busy"}}"#,
            last_ts + MINUTE
        ),
        format!(
            r#"{{"id":"old-break","ts":{},"type":"agent_state","state":"break"}}"#,
            START + 90 * MINUTE
        ),
    ];
    let mut one_by_one = fed(&arrived);
    let mut in_one_batch = fed(&arrived);
    for state in &states {
        one_by_one.push_text(state);
    }
    in_one_batch.push_text(&states.join("\n"));
    assert_eq!(figures(&in_one_batch, as_of), figures(&one_by_one, as_of));
}

/// Each contact's wrap-up arriving before the next contacts' offers (a minute ahead of them):
/// every other event is late. Each late event replays only the events since the checkpoint
/// before it, never more and more of the log; and the figures are those of the sorted events.
#[test]
fn many_late_events_each_replay_a_bounded_stretch() {
    let contacts = 3_000;
    let mut arrived = Vec::new();
    for i in 0..contacts {
        let start = START + i * 6_000;
        arrived.push(format!(r#"{{"id":"{i}o","ts":{start},"type":"contact_offered","contact_id":"c{i}","channel":"chat"}}"#));
        arrived.push(format!(
            r#"{{"id":"{i}a","ts":{start},"type":"contact_answered","contact_id":"c{i}"}}"#
        ));
        let end = start + 60_000;
        arrived.push(format!(
            r#"{{"id":"{i}w","ts":{end},"type":"wrap_up_ended","contact_id":"c{i}"}}"#
        ));
    }
    let mut sorted = arrived.clone();
    sorted.sort_by_key(|l| ts_of(l));
    let engine = fed(&arrived);
    let as_of = START + contacts * 6_000 + 2 * MINUTE;
    assert_eq!(figures(&engine, as_of).0, figures(&fed(&sorted), as_of).0);
    // About 2 late events a contact, each replaying at most two checkpoints' worth (512
    // events each) and the 30 events it is late by. A replay that went back further each time
    // (as when the checkpoints it takes say the wrong thing) would replay millions.
    let late = 2 * contacts as u64;
    assert!(
        engine.replayed_events() <= late * (2 * 512 + 30),
        "{} events replayed for {late} late ones",
        engine.replayed_events()
    );
    assert!(engine.replayed_events() >= late, "late events are replayed");
}
