//! The standalone preview page's entry: the panel in a stand-in console, fed by the built-in
//! simulator. A bin of its own so that the widget hosts load (`src/main.rs`) carries neither
//! the preview nor the simulator. Built by Trunk.

fn main() {
    #[cfg(target_arch = "wasm32")]
    agent_kpi::ui::start_preview();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The preview runs in the browser: see the README (scripts/preview.sh).");
}
