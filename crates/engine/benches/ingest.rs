//! Native ingest benchmark: 1 M simulated events through the public text path (parse +
//! validate + ingest), with the engine's heap measured as the count grows.
//!
//! Run: `cargo bench -p agent-kpi-engine --bench ingest` (prints a table; asserts nothing about speed).

use agent_kpi_engine::{parse_batch, Engine, FixedOffset, Millis, Parsed, Window, DAY, HOUR};
use agent_kpi_simulator::{Simulator, SimulatorOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Events to ingest; `AGENT_KPI_BENCH_EVENTS` sets another number (for profiling runs).
fn total() -> usize {
    std::env::var("AGENT_KPI_BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}
/// 2026-01-01T08:00:00Z.
const FIRST_SHIFT: Millis = 1_767_254_400_000;

fn main() {
    let mut engine = Engine::default();
    let mut events = 0usize;
    let mut busy = Duration::ZERO;
    let total = total();
    let mut checkpoints: Vec<usize> = [100_000, 250_000, 500_000, 750_000]
        .into_iter()
        .filter(|c| *c < total)
        .chain([total])
        .collect();
    let mut rows = Vec::new();
    let mut day = 0;
    let mut last = FIRST_SHIFT;
    while events < total {
        let start = FIRST_SHIFT + day * DAY;
        let mut sim = Simulator::new(SimulatorOptions {
            start,
            seed: day as u64 + 1,
            ..Default::default()
        });
        let text = sim.advance_to(start + 12 * HOUR);
        let count = text.lines().count();
        let began = Instant::now();
        let report = engine.push_text(&text);
        busy += began.elapsed();
        assert!(report.rejected.is_empty());
        events += count;
        last = start + 12 * HOUR;
        drop(text);
        if checkpoints.first().is_some_and(|c| events >= *c) {
            checkpoints.remove(0);
            rows.push((events, busy, LIVE.load(Relaxed), engine.footprint()));
        }
        day += 1;
    }
    println!("native ingest: parse + validate + ingest, NDJSON one simulated day per batch");
    println!(
        "{:>10} {:>8} {:>14} {:>12}  footprint",
        "events", "days", "events/s", "heap"
    );
    for (n, time, heap, footprint) in &rows {
        println!(
            "{:>10} {:>8} {:>14.0} {:>9.2} MB  {:?}",
            n,
            day,
            *n as f64 / time.as_secs_f64(),
            *heap as f64 / 1e6,
            footprint
        );
    }
    println!(
        "peak heap during the run: {:.2} MB",
        PEAK.load(Relaxed) as f64 / 1e6
    );

    // The two halves apart, over 300 simulated days: parsing text into events, and the engine
    // taking parsed events.
    let texts: Vec<String> = (0..(total / 3_300).max(10) as i64)
        .map(|day| {
            let start = FIRST_SHIFT + day * DAY;
            let options = SimulatorOptions {
                start,
                seed: day as u64 + 1,
                ..Default::default()
            };
            Simulator::new(options).advance_to(start + 12 * HOUR)
        })
        .collect();
    let began = Instant::now();
    let mut parsed = Vec::new();
    for text in &texts {
        parse_batch(text, |_, p| {
            if let Parsed::Event(event) = p {
                parsed.push(event);
            }
        });
    }
    let parse_time = began.elapsed();
    let count = parsed.len();
    let mut fresh = Engine::default();
    let began = Instant::now();
    for event in parsed {
        fresh.push_event(event);
    }
    let ingest_time = began.elapsed();
    println!(
        "parse only: {:.0} events/s; ingest of parsed events only: {:.0} events/s ({count} events)",
        count as f64 / parse_time.as_secs_f64(),
        count as f64 / ingest_time.as_secs_f64()
    );

    // Out of order: every 10th event of a day arrives 8 events later (minutes late, within the
    // lateness bound). A day a batch (sorted into runs where that changes nothing), and one
    // event a push (each late one replayed into its place).
    let late: Vec<String> = texts
        .iter()
        .map(|text| {
            let mut lines: Vec<&str> = text.lines().collect();
            for i in (10..lines.len().saturating_sub(8)).step_by(10) {
                let line = lines.remove(i);
                lines.insert(i + 8, line);
            }
            lines.join("\n")
        })
        .collect();
    let runs: [(&str, &[String], bool); 3] = [
        ("in order, a day a batch", &texts, false),
        ("every 10th event late, a day a batch", &late, false),
        ("every 10th event late, an event a push", &late, true),
    ];
    for (label, batches, one_by_one) in runs {
        let mut engine = Engine::default();
        let began = Instant::now();
        for text in batches {
            if one_by_one {
                for line in text.lines() {
                    engine.push_text(line);
                }
            } else {
                engine.push_text(text);
            }
        }
        let took = began.elapsed();
        println!(
            "{label}: {:.0} events/s, {} events replayed",
            count as f64 / took.as_secs_f64(),
            engine.replayed_events()
        );
    }

    // Reading the figures: a snapshot of each window after all that history.
    let mut samples: Vec<Duration> = (0..200)
        .map(|_| {
            let began = Instant::now();
            std::hint::black_box(engine.snapshot(Window::Today, last, &FixedOffset::UTC));
            std::hint::black_box(engine.snapshot(Window::Rolling60m, last, &FixedOffset::UTC));
            began.elapsed()
        })
        .collect();
    #[allow(clippy::disallowed_methods)] // a bench: not in the bundle
    samples.sort();
    println!(
        "snapshot (today + rolling 60 min): median {:?}, p99 {:?}",
        samples[samples.len() / 2],
        samples[samples.len() * 99 / 100]
    );
}
