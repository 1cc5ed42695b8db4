//! agent-kpi's browser shell: the `<agent-kpi-panel>` element, the iframe page, the Leptos panel,
//! and the browser's side of feeds, storage and tabs. Built for wasm32 only.
//!
//! The layers are crates, and the arrows run one way (ARCHITECTURE.md):
//! - [`agent_kpi_engine`]: contract events in, figures out; pure, tested natively.
//! - [`agent_kpi_host`]: what every embedding shares (protocol, tab sync, words, formatting);
//!   pure, tested natively.
//! - this crate: the browser around them; its tests run in headless Chromium.
//! - `src/main.rs` and `src/bin/preview.rs`: the widget hosts load, and the standalone preview.

pub mod element;
pub mod embed;
mod fresh;
pub mod js_text;
mod panel;
pub mod panic;
pub mod preview;
mod store;
pub mod stream;
mod tab_channel;
mod ticker;
pub mod widget;
pub mod zones;

pub use panel::Panel;
pub use store::{Alert, KpiStore, MAX_PUSH_EVENTS, MAX_PUSH_UNITS};
pub use zones::{BrowserZone, NamedZone};

/// Starts what a host page asks for: always the `<agent-kpi-panel>` element, and the iframe
/// protocol on a page whose body says `data-agent-kpi="embed"`.
pub fn start() {
    panic::install();
    element::define();
    let mode = leptos::prelude::document()
        .body()
        .and_then(|body| body.get_attribute("data-agent-kpi"));
    if mode.as_deref() == Some("embed") {
        embed::start();
    }
}

/// Starts the standalone preview (the preview page's own bin).
pub fn start_preview() {
    panic::install();
    preview::start();
}
