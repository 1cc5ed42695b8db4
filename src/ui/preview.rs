//! The standalone preview: the panel in a mock console, fed by the simulator in accelerated time.

use super::{format, BrowserZone, KpiStore, Panel};
use crate::engine::{start_of_day, Millis, Zone, HOUR, MINUTE};
use crate::feeds::simulator::{self, Simulator, SimulatorOptions};
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
    let shift_start = start_of_day(&BrowserZone, real_now) + 8 * HOUR;
    let sim_now = Rc::new(Cell::new(shift_start + HEAD_START));
    let store = KpiStore::new(
        {
            let sim_now = sim_now.clone();
            move || sim_now.get()
        },
        BrowserZone,
    );
    let sim = Simulator::new(SimulatorOptions {
        start: shift_start,
        seed: real_now as u64,
        ..Default::default()
    });
    simulator::play(store.clone(), sim, sim_now, speed).forget();

    let snapshot = store.snapshot();
    let panel_store = store.clone();
    let clock = move || {
        let as_of = snapshot.with(|s| s.as_of);
        format::time_of_day(as_of + BrowserZone.offset_at(as_of))
    };
    let body = move || {
        view! {
            <p class="preview-clock" aria-live="off">
                "Simulated day · " <time>{clock}</time> {format!(" · {}× speed", crate::engine::float_text(speed))}
            </p>
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
