//! One panel as a host gets it, whatever carries it: the store with its engine, the Leptos panel
//! mounted in a container, the ticker that moves figures and timers on with the clock, the live
//! stream `src` names, the save in localStorage, and the notice after a panic.
//!
//! The web component (`element.rs`) and the iframe (`embed.rs`) are thin transports over it:
//! each turns its host's calls (methods and attributes; messages) into these, and its updates
//! into custom events or messages. So they cannot drift apart: a configuration taken by either
//! connects its `src`, and a save kept by either hands the stream to the tab that leads.

use crate::store::KpiStore;
use crate::stream::StreamFeed;
use crate::ticker::Ticker;
use crate::Panel;
use agent_kpi_engine::ConfigError;
use leptos::prelude::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlElement;

/// A mounted panel and what keeps it live. Dropping it unmounts the panel, stops its ticker and
/// stream, and leaves the other tabs.
pub struct Widget {
    store: KpiStore,
    /// The live stream, where `src` names one and this tab leads (see [`follow_src`]).
    feed: Rc<Feed>,
    _mounted: Box<dyn Any>,
    _ticker: Rc<Ticker>,
}

/// A panel's live stream and its URL.
type Feed = RefCell<Option<(String, StreamFeed)>>;

impl Drop for Widget {
    fn drop(&mut self) {
        self.store.leave_tabs();
    }
}

impl Widget {
    /// A new panel, with an engine of its own, drawn into `container`.
    pub fn mount(container: HtmlElement) -> Widget {
        let store = KpiStore::in_browser();
        let panel_store = store.clone();
        let mounted =
            leptos::mount::mount_to(container, move || view! { <Panel store=panel_store /> });
        Widget {
            _ticker: Ticker::start(store.clone()),
            store,
            feed: Rc::new(RefCell::new(None)),
            _mounted: Box::new(mounted),
        }
    }

    /// The store: pushes, snapshots and updates go straight to it.
    pub fn store(&self) -> &KpiStore {
        &self.store
    }

    /// Applies a configuration object (JSON text); returns what was not applied. Connects to
    /// the stream its `src` names, or drops the one it no longer names.
    pub fn configure(&self, json: &str) -> Vec<ConfigError> {
        let errors = self.store.configure(json);
        follow_src(&self.store, &self.feed);
        errors
    }

    /// Keeps the panel's state in localStorage under `scope` (see `KpiStore::keep_in_storage`),
    /// shared with the other tabs of that scope: only the leading tab holds the stream.
    pub fn keep_in_storage(&self, scope: &str, legacy: Option<&str>) {
        self.store.keep_in_storage(scope, legacy);
        let (store, feed) = (self.store.clone(), self.feed.clone());
        self.store.when_leading(move || follow_src(&store, &feed));
        follow_src(&self.store, &self.feed);
    }

    /// Saves one last time and stops keeping the state (the host took the key away); a tab
    /// that followed another's stream now holds its own.
    pub fn stop_storing(&self) {
        self.store.stop_storing();
        follow_src(&self.store, &self.feed);
    }
}

/// Connects to the configured stream, or drops the connection, when `src` changed. Among tabs
/// sharing a storage key only the leading tab holds the stream (the others get its events from
/// it), so a follower drops it and connects when it comes to lead.
fn follow_src(store: &KpiStore, feed: &Feed) {
    let wanted = if store.is_following() {
        None
    } else {
        store.config().get_untracked().src
    };
    let mut feed = feed.borrow_mut();
    if feed.as_ref().map(|(url, _)| url) == wanted.as_ref() {
        return;
    }
    *feed = wanted.map(|url| {
        let stream = StreamFeed::connect(&url, store.clone(), store.feed_state());
        (url, stream)
    });
}

/// The notice an agent sees after a panic, over figures that no longer move: an element to put
/// where the panel is.
pub fn crash_notice() -> Option<web_sys::Element> {
    let notice = document().create_element("div").ok()?;
    notice.set_class_name("akpi-crash");
    let _ = notice.set_attribute("role", "alert");
    notice.set_text_content(Some(crate::panic::CRASH_NOTICE));
    Some(notice)
}
