//! Prints the size of a saved engine (what `storage-key` keeps in localStorage) as simulated
//! 12-hour shifts, one a day, go in: the days, the events, the ids held and the save's bytes,
//! and how long a save takes to write and to read back. For docs/performance.md ("Saves").
//!
//! `cargo run --release -p agent-kpi-engine --example save_size -- 200`

use agent_kpi_engine::{Config, Engine, FixedOffset};
use agent_kpi_simulator::shifts;
use std::sync::Arc;
use std::time::Instant;

/// 2026-01-01T08:00:00Z.
const FIRST_SHIFT: i64 = 1_767_254_400_000;

fn main() {
    let days: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let mut engine = Engine::default();
    let mut events = 0;
    println!("days\tevents\tids\tsave bytes\twrite ms\tread ms");
    for (day, shift) in shifts(FIRST_SHIFT, 1).take(days).enumerate() {
        events += engine.push_text(&shift).accepted;
        let day = day + 1;
        if day % 20 == 0 || day == days {
            let started = Instant::now();
            let saved = engine.save().expect("the engine saves");
            let write = started.elapsed();
            let started = Instant::now();
            let restored = Engine::restore(&saved, Config::default(), Arc::new(FixedOffset::UTC));
            let read = started.elapsed();
            assert!(restored.is_ok(), "the save reads back");
            println!(
                "{day}\t{events}\t{}\t{}\t{:.1}\t{:.1}",
                engine.footprint().event_ids,
                saved.len(),
                write.as_secs_f64() * 1e3,
                read.as_secs_f64() * 1e3
            );
        }
    }
}
