//! The standalone preview: the panel fed by the built-in simulator. Built and served by Trunk.

fn main() {
    #[cfg(target_arch = "wasm32")]
    agent_kpi::ui::preview::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The preview runs in the browser: see the README (scripts/preview.sh).");
}
