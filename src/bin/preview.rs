//! The standalone preview page's entry: the panel in a stand-in console, fed by the built-in
//! simulator. A bin of its own so that the widget hosts load (`src/main.rs`) carries neither
//! the preview nor the simulator. Built by Trunk.

fn main() {
    agent_kpi::start_preview();
}
