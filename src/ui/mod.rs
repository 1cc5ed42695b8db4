//! The panel the agent sees, in Leptos, over the engine's snapshot.

pub mod format;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
pub mod preview;
#[cfg(target_arch = "wasm32")]
mod store;

#[cfg(target_arch = "wasm32")]
pub use panel::Panel;
#[cfg(target_arch = "wasm32")]
pub use store::{BrowserZone, KpiStore};
