//! The standalone preview: the panel in a mock console, fed by the simulator in accelerated time.

use crate::{BrowserZone, KpiStore, Panel};
use agent_kpi_engine::{start_of_day, Millis, Zone, HOUR, MINUTE};
use agent_kpi_host::format;
use agent_kpi_host::i18n::Words;
use agent_kpi_host::panel_config::Locale;
use agent_kpi_simulator::{Simulator, SimulatorOptions};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Simulated seconds per real second, unless the URL says `?speed=`.
const DEFAULT_SPEED: f64 = 60.0;
/// The simulated day opens this far into the shift, so the panel has figures at once.
const HEAD_START: Millis = 90 * MINUTE;

/// Starts the preview in the page's `#agent-kpi-preview` element (or the body).
pub fn start() {
    let speed = query_param("speed")
        .and_then(|s| format::finite_number(&s))
        .unwrap_or(DEFAULT_SPEED)
        .clamp(1.0, 3600.0);
    let real_now = super::store::wall_clock();
    let zone = BrowserZone::default();
    let shift_start = start_of_day(&zone, real_now) + 8 * HOUR;
    let sim_now = Rc::new(Cell::new(shift_start + HEAD_START));
    let store = KpiStore::new(
        {
            let sim_now = sim_now.clone();
            move || sim_now.get()
        },
        BrowserZone::default(),
    );
    let sim = Simulator::new(SimulatorOptions {
        start: shift_start,
        seed: real_now as u64,
        ..Default::default()
    });
    // `?locale=ja` and `?theme=dark` as a host would configure them (a bad value is let go).
    for key in ["locale", "theme"] {
        if let Some(value) = query_param(key) {
            store.configure(&serde_json::json!({ key: value }).to_string());
        }
    }
    play(store.clone(), sim, sim_now, speed).forget();

    let snapshot = store.snapshot();
    let config = store.config();
    let panel_store = store.clone();
    let line = move || {
        let as_of = snapshot.with(|s| s.as_of);
        let time = format::time_of_day(as_of + zone.offset_at(as_of));
        let words = Words::new(config.with(|c| c.locale.unwrap_or(Locale::En)));
        words.simulated_day(&time, &agent_kpi_engine::float_text(speed))
    };
    let body = move || {
        view! {
            <p class="preview-clock" aria-live="off">{line}</p>
            <Panel store=panel_store />
        }
    };
    let slot = document().get_element_by_id("agent-kpi-preview");
    match slot.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
        Some(slot) => leptos::mount::mount_to(slot, body).forget(),
        None => leptos::mount::mount_to_body(body),
    }
}

fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Plays `sim` into `store` in accelerated time: every tick moves `clock` on by `speed` times the
/// real time elapsed and pushes the events up to it. Drop the returned interval to stop.
pub fn play(
    store: KpiStore,
    mut sim: Simulator,
    clock: std::rc::Rc<std::cell::Cell<Millis>>,
    speed: f64,
) -> gloo_timers::callback::Interval {
    const TICK_MS: u32 = 250;
    store.push_text(&sim.advance_to(clock.get()));
    gloo_timers::callback::Interval::new(TICK_MS, move || {
        clock.set(clock.get() + (f64::from(TICK_MS) * speed) as Millis);
        let events = sim.advance_to(clock.get());
        if events.is_empty() {
            store.refresh();
        } else {
            store.push_text(&events);
        }
    })
}
