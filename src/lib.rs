//! agent-kpi: a contact-centre agent's own KPIs, computed in the browser from their event stream
//! and shown in a compact panel inside the console they already use.
//!
//! - [`engine`]: events in, figures out; pure Rust, tested natively.
//! - [`feeds`]: where events come from (the simulator, and in the browser the host's feeds).
//! - [`ui`]: the Leptos panel over the engine (its formatting is pure and tested natively).

pub mod engine;
pub mod feeds;
pub mod ui;
