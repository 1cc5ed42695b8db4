//! The widget's browser entry, the bundle hosts load (`web/agent-kpi.js`, `web/embed.js`):
//! defines `<agent-kpi-panel>`, and in the iframe page speaks its protocol. Built by Trunk.

fn main() {
    agent_kpi::start();
}
