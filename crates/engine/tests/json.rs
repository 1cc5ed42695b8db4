//! Hosts read the figures and reports as `agent_kpi_engine::json` writes them, by hand. serde's
//! derived `Serialize` of the same types is the reference, text for text, on simulated days
//! with every kind of field in them: targets and statuses, baselines, provisional FCR, CES
//! shares, top reasons, channels, an event from the future, rejections.
#![cfg(not(target_arch = "wasm32"))]

use agent_kpi_engine::json::{to_json, ToJson};
use agent_kpi_engine::{Config, Configure, Engine, FixedOffset, Millis, Window, HOUR, MINUTE};
use agent_kpi_simulator::{Simulator, SimulatorOptions};
use serde::Serialize;
use std::sync::Arc;

/// 2026-11-23T08:00:00Z.
const START: Millis = 1_795_420_800_000;

/// `value` as hosts read it, which must be the text serde writes; returned for a look inside.
fn written<T: ToJson + Serialize>(value: &T) -> String {
    let by_hand = to_json(value);
    let by_serde = serde_json::to_string(value).expect("serialisable");
    assert_eq!(by_hand, by_serde);
    by_hand
}

#[test]
fn figures_and_reports_are_written_as_serde_writes_them() {
    let zone = FixedOffset::hours(9);
    for seed in 1..=6 {
        let mut config = Config::default();
        let errors = config.apply_json(r#"{"preset": "balanced", "cost_per_hour": 31.5}"#);
        assert!(errors.is_empty(), "{errors:?}");
        let mut engine = Engine::new(config, Arc::new(zone));
        let mut simulator = Simulator::new(SimulatorOptions {
            start: START,
            seed,
            ..Default::default()
        });
        let end = START + 10 * HOUR;
        engine.set_wall_clock(end);
        let mut everything = written(&engine.push_text(&simulator.advance_to(end)));

        let late = format!(
            concat!(
                r#"{{"id":"b{seed}","ts":{ts},"type":"baseline","kpi":"aht","value":402.5,"scope":"team"}}"#,
                "\n",
                r#"{{"id":"x{seed}","ts":{ts},"type":"contact_answered"}}"#,
                "\n",
                r#"{{"id":"s{seed}","ts":"soon","type":"contact_answered","contact_id":"c"}}"#,
                "\n",
                r#"{{"id":"f{seed}","ts":{future},"type":"agent_state","state":"available"}}"#,
            ),
            seed = seed,
            ts = end - MINUTE,
            future = end + HOUR,
        );
        let report = engine.push_text(&late);
        assert_eq!(report.rejected.len(), 3, "{report:?}");
        everything += &written(&report);

        for window in Window::ALL {
            everything += &written(&engine.snapshot(window, end, &zone));
        }
        everything += &written(&engine.trend(end, &zone));
        everything += &written(&engine.history(end + 2 * 24 * HOUR));
        for field in [
            "\"status\":\"good\"",
            "\"status\":\"bad\"",
            "\"target\":",
            "\"baseline\":402.5",
            "\"provisional\":",
            "\"share\":",
            "\"items\":[{\"reason\":",
            "\"channels\":{\"",
            "\"from_the_future\":{\"ahead\":",
            "\"value\":null",
            "\"reason\":\"contact_id: missing\"",
            "\"reason\":\"ts: not an RFC 3339 timestamp",
        ] {
            assert!(everything.contains(field), "seed {seed}: no {field}");
        }
    }
}
