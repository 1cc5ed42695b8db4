//! Replays a file of events (NDJSON or a JSON array, on stdin) through the engine and prints
//! the snapshot the widget would show, as JSON: the native reference for the browser's flood
//! tests, and a way to check the panel's figures against an export of the same events.
//!
//! `cargo run -p agent-kpi-host --example replay -- --as-of 1767297600000 [--window today] [--utc-offset 9]
//!  [--config '{"targets": {"aht": 420}}'] < events.ndjson`

use agent_kpi_engine::{Configure, Engine, FixedOffset, Window};
use agent_kpi_host::panel_config::WidgetConfig;
use agent_kpi_host::pieces::Pieces;
use std::io::Read;
use std::sync::Arc;

fn main() {
    let (mut as_of, mut window, mut offset, mut config) =
        (None, Window::Today, 0, WidgetConfig::default());
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--as-of" => as_of = value.parse().ok(),
            "--window" => window = Window::from_id(&value).unwrap_or_else(|| fail(&value)),
            "--utc-offset" => offset = value.parse().unwrap_or_else(|_| fail(&value)),
            "--config" => {
                for error in config.apply_json(&value) {
                    eprintln!("config {}: {}", error.path, error.message);
                }
            }
            _ => fail(&flag),
        }
    }
    let mut text = String::new();
    if let Err(err) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("stdin: {err}");
        std::process::exit(1);
    }
    let zone = Arc::new(FixedOffset::hours(offset));
    // The configuration object as a widget reads it; the zone is `--utc-offset`'s.
    let mut engine = Engine::new(config.engine, zone.clone());
    // In pieces, as the widget takes a big batch.
    let mut pieces = Pieces::new(text);
    while let Some((piece, _)) = pieces.next_piece(10_000) {
        engine.push_text(&piece);
    }
    let as_of = as_of.or(engine.newest()).unwrap_or(0);
    // As the widget's snapshot() refuses it: the figures would be empty, or partial.
    if let Err(reason) = engine.check_held(window, as_of, zone.as_ref()) {
        eprintln!("replay: {reason}");
        std::process::exit(1);
    }
    let snapshot = engine.snapshot(window, as_of, zone.as_ref());
    match serde_json::to_string_pretty(&snapshot) {
        Ok(json) => println!("{json}"),
        Err(err) => eprintln!("snapshot: {err}"),
    }
}

fn fail(what: &str) -> ! {
    eprintln!(
        "replay: cannot use {what:?}; see the usage at the top of crates/host/examples/replay.rs"
    );
    std::process::exit(2);
}
