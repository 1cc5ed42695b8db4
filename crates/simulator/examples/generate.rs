//! Prints `count` simulated events as NDJSON: one agent's consecutive 12-hour shifts from
//! 2019-01-01T08:00Z, day `d` simulated with seed `seed + d` (default seed 1), as the native
//! bench feeds them. For the flood tests and the in-browser benchmark. A million events are
//! six and a half years of shifts, so they start far enough back to end before today: a panel
//! refuses events from the future (contract 1.1).
//!
//! `cargo run --release -p agent-kpi-simulator --example generate -- 1000000 > events.ndjson`

use agent_kpi_simulator::shifts;
use std::io::{BufWriter, Write};

/// 2019-01-01T08:00:00Z.
const FIRST_SHIFT: i64 = 1_546_329_600_000;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = match args.next().map(|n| n.parse()) {
        Some(Ok(count)) => count,
        _ => {
            eprintln!("usage: generate <count> [seed]");
            std::process::exit(2);
        }
    };
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut written = 0;
    for shift in shifts(FIRST_SHIFT, seed) {
        for line in shift.lines() {
            if written == count {
                return out.flush();
            }
            writeln!(out, "{line}")?;
            written += 1;
        }
    }
    out.flush()
}
