//! The browser entry: defines `<agent-kpi-panel>`, and on the preview page starts the panel fed
//! by the built-in simulator. Built by Trunk.

fn main() {
    #[cfg(target_arch = "wasm32")]
    agent_kpi::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The preview runs in the browser: see the README (scripts/preview.sh).");
}
