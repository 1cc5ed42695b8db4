//! Where events come from. Each feed hands contract JSON to the engine through the same parse
//! path: the simulator (pure, tested natively), and in the browser the host's live streams.

pub mod pieces;
pub mod protocol;
pub mod simulator;
#[cfg(target_arch = "wasm32")]
pub mod stream;
pub mod tabs;
