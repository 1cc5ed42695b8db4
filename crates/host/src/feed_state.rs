//! Where a live stream's connection stands (the `src` of a panel's configuration), for the
//! panel's badge. The browser's streams set it; the words for it are in [`crate::i18n`].

/// The state of the connection to a live stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedState {
    Connecting,
    Open,
    /// Dropped; the next attempt comes after `delay_ms`.
    Retrying {
        attempt: u32,
        delay_ms: u32,
    },
}

impl FeedState {
    /// Its name in the panel's markup (`data-state`).
    pub fn id(self) -> &'static str {
        match self {
            FeedState::Connecting => "connecting",
            FeedState::Open => "open",
            FeedState::Retrying { .. } => "retrying",
        }
    }
}
