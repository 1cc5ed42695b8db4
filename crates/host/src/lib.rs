//! What every embedding of agent-kpi shares, whatever carries it (the web component, the
//! iframe, a later transport): pure Rust over the engine, tested natively.
//!
//! - [`pieces`]: big batches cut at line ends, so a push never holds the page for long.
//! - [`protocol`]: the iframe's postMessage protocol, read and checked.
//! - [`tabs`]: what one tab tells another so that they show the same figures.
//! - [`saves`]: where a panel keeps its save, and the index of saves.
//! - [`i18n`], [`format`]: the panel's words in each language, and its numbers.
//! - [`feed_state`]: where a live stream's connection stands.
//! - [`verdict`]: whether a figure's sample is big enough to judge it against its target;
//!   [`glance`]: the strip's tiles worst first, and the one thing to do next.
//! - [`panel_config`]: the panel's part of the configuration object, and the whole object read
//!   into the engine's part and the panel's; [`origins`]: origins as the browser writes them.

pub mod feed_state;
pub mod format;
pub mod glance;
pub mod i18n;
pub mod origins;
pub mod panel_config;
pub mod pieces;
pub mod protocol;
pub mod saves;
pub mod tabs;
pub mod verdict;
