//! Prints `count` simulated events as NDJSON: consecutive 12-hour shifts from
//! 2026-01-01T08:00Z, one a day, the day `d` simulated with seed `seed + d` (seed 1 by default,
//! as `benches/ingest.rs` does). The same arguments always print the same events.
//!
//! `cargo run --release --example generate -- <count> [seed] > events.ndjson`

use agent_kpi::engine::{Millis, DAY, HOUR};
use agent_kpi::feeds::simulator::{Simulator, SimulatorOptions};
use std::io::Write;

/// 2026-01-01T08:00:00Z.
const FIRST_SHIFT: Millis = 1_767_254_400_000;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| match args.get(i) {
        Some(arg) => arg.parse::<u64>().unwrap_or_else(|_| {
            eprintln!("usage: generate <count> [seed]");
            std::process::exit(2)
        }),
        None => default,
    };
    let (count, seed) = (number(0, 1_000_000), number(1, 1));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut left = count;
    let mut day = 0;
    while left > 0 {
        let start = FIRST_SHIFT + day * DAY;
        let options = SimulatorOptions {
            start,
            seed: seed + day as u64,
            ..Default::default()
        };
        let text = Simulator::new(options).advance_to(start + 12 * HOUR);
        for line in text.lines().take(left as usize) {
            writeln!(out, "{line}")?;
            left -= 1;
        }
        day += 1;
    }
    out.flush()
}
