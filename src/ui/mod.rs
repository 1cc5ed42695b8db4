//! The panel the agent sees, in Leptos, over the engine's snapshot.

#[cfg(target_arch = "wasm32")]
pub mod element;
#[cfg(target_arch = "wasm32")]
pub mod embed;
pub mod format;
#[cfg(target_arch = "wasm32")]
mod fresh;
pub mod i18n;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
pub mod panic;
#[cfg(target_arch = "wasm32")]
pub mod preview;
pub mod saves;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod tab_channel;

#[cfg(target_arch = "wasm32")]
pub use panel::Panel;
#[cfg(target_arch = "wasm32")]
pub use store::{Alert, BrowserZone, KpiStore, NamedZone, MAX_PUSH_EVENTS, MAX_PUSH_UNITS};

/// Starts what a host page asks for: always the `<agent-kpi-panel>` element, and the iframe
/// protocol on a page whose body says `data-agent-kpi="embed"`.
#[cfg(target_arch = "wasm32")]
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
#[cfg(target_arch = "wasm32")]
pub fn start_preview() {
    panic::install();
    preview::start();
}
