//! The widget's browser entry, the bundle hosts load (`web/agent-kpi.js`, `web/embed.js`):
//! defines `<agent-kpi-panel>`, and in the iframe page speaks its protocol. Built by Trunk.

fn main() {
    #[cfg(target_arch = "wasm32")]
    agent_kpi::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The preview runs in the browser: see the README (scripts/preview.sh).");
}
