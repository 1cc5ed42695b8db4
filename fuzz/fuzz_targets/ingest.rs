//! Every JSON entry point over arbitrary bytes: events (parse + ingest + snapshot, in any
//! split; the scanner against serde; the JSON reader against serde_json), the configuration object (what the `config` attribute
//! carries), the iframe's `postMessage` protocol as decoded from the message's JSON, and a
//! saved state to restore. Nothing may panic or break the engine's invariants; under a clock,
//! nothing from the future is taken; the same batches sent again change no figure; a save of a
//! fed engine must restore to the same figures, and keep them the same after a late event.
#![no_main]

use agent_kpi_engine::{
    parse_batch, parse_batch_reference, Config, Configure, Engine, FixedOffset, Kpi, Window, HOUR,
};
use agent_kpi_host::panel_config::WidgetConfig;
use agent_kpi_host::protocol::HostMessage;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a configuration twist and a batch split; the rest is the input.
    let Some((&knobs, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // The scanner (the fast path of parsing) gives what serde alone gives, reasons included.
    let (mut fast, mut reference) = (Vec::new(), Vec::new());
    parse_batch(&text, |index, parsed| fast.push((index, parsed)));
    parse_batch_reference(&text, |index, parsed| reference.push((index, parsed)));
    assert_eq!(fast, reference);
    // The JSON reader of saves, configuration and messages refuses what serde_json refuses,
    // with its message (values are compared by the property tests in json_read.rs).
    match (
        agent_kpi_engine::json::read::parse(&text),
        serde_json::from_str::<serde_json::Value>(&text),
    ) {
        (Ok(_), Ok(_)) => {}
        (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
        (ours, theirs) => panic!("the reader: {ours:?}, serde_json: {theirs:?}"),
    }
    let mut config = Config::default();
    if knobs & 1 == 1 {
        config.apply_json(r#"{"lateness_minutes": 0, "short_abandon_seconds": 0}"#);
    }
    let zone = Arc::new(FixedOffset::hours(i64::from(knobs >> 4) - 8));
    let mut engine = Engine::new(config.clone(), zone.clone());
    let split = usize::from(knobs >> 1 & 7);
    // With an odd split, the page's clock reads a moment in the years of the corpus's events.
    let clock = (split % 2 == 1).then(|| 1_795_420_800_000 + i64::from(knobs) * 7 * HOUR);
    if let Some(clock) = clock {
        engine.set_wall_clock(clock);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut accepted = 0;
    for chunk in lines.chunks(split.max(1)) {
        let report = engine.push_text(&chunk.join("\n"));
        accepted += report.accepted;
    }
    if let (Some(clock), Some(newest)) = (clock, engine.newest()) {
        assert!(
            newest <= clock + 15 * 60_000,
            "an event from the future was taken"
        );
    }
    // Also the whole text as one batch (an array, perhaps) into a second engine.
    Engine::default().push_text(&text);

    let as_of = engine.newest().unwrap_or(0) + HOUR;
    for window in [Window::Today, Window::Shift, Window::Rolling60m] {
        let snap = engine.snapshot(window, as_of, &FixedOffset::UTC);
        assert_eq!(snap.ingest.accepted, accepted);
        for figure in snap.kpis.values() {
            if figure.n == 0 {
                assert!(figure.value.is_none());
            }
            if let Some(v) = figure.value {
                assert!(v.is_finite());
            }
        }
        for kpi in [Kpi::AnswerRate, Kpi::Occupancy, Kpi::Utilization, Kpi::Csat] {
            if let Some(v) = snap.value(kpi) {
                assert!((0.0..=1.0).contains(&v), "{kpi:?} = {v}");
            }
        }
    }
    let _ = engine.trend(as_of, &FixedOffset::UTC);
    let _ = engine.history(as_of);

    // The same batches sent again (a reload, a reconnection): nothing taken, no figure moved.
    let figures = |engine: &Engine| {
        Window::ALL.map(|w| {
            let snap = engine.snapshot(w, as_of, &FixedOffset::UTC);
            (snap.kpis, snap.channels)
        })
    };
    let before = figures(&engine);
    for chunk in lines.chunks(split.max(1)) {
        assert_eq!(
            engine.push_text(&chunk.join("\n")).accepted,
            0,
            "a re-sent event was taken"
        );
    }
    assert_eq!(figures(&engine), before);
    let _ = serde_json::to_string(&engine.snapshot(Window::Today, as_of, &FixedOffset::UTC));

    // The same text as a configuration, an iframe message and a save: refused with reasons,
    // never a panic. Events in a message go through the engine like any others.
    let _ = WidgetConfig::default().apply_json(&text);
    match HostMessage::decode(&text) {
        Some(HostMessage::Events { text, .. }) => {
            Engine::default().push_text(&text);
        }
        Some(HostMessage::Config { json }) => {
            WidgetConfig::default().apply_json(&json);
        }
        _ => {}
    }
    let _ = Engine::restore(&text, Config::default(), Arc::new(FixedOffset::UTC));

    // A save of what was fed restores to the same figures.
    let mut restored = Engine::restore(&engine.save().expect("an engine saves"), config, zone)
        .expect("an engine's own save is readable");
    for window in [Window::Today, Window::Shift, Window::Rolling60m] {
        assert_eq!(
            engine.snapshot(window, as_of, &FixedOffset::UTC).kpis,
            restored.snapshot(window, as_of, &FixedOffset::UTC).kpis
        );
    }
    // And a late event after the reload counts as it would have without it.
    if let Some(newest) = engine.newest() {
        let late = format!(
            r#"{{"id":"fuzz-late","ts":{},"type":"agent_state","state":"break"}}"#,
            newest.saturating_sub(60_000)
        );
        engine.push_text(&late);
        restored.push_text(&late);
        for window in [Window::Today, Window::Shift, Window::Rolling60m] {
            assert_eq!(
                engine.snapshot(window, as_of, &FixedOffset::UTC).kpis,
                restored.snapshot(window, as_of, &FixedOffset::UTC).kpis
            );
        }
    }
});
