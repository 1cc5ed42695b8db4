//! A live feed from the host's server: Server-Sent Events (`http(s)://…`) or a WebSocket
//! (`ws(s)://…`), one event or NDJSON per message, into a panel's store.
//!
//! It reconnects with backoff (1 s, doubling to 30 s) whenever the connection drops. Over SSE it
//! resumes where it left off: the browser sends `Last-Event-ID` when it reconnects by itself, and
//! a reconnection made here adds `last_event_id=` to the URL. Events seen twice across a
//! reconnection count once (their ids).

use crate::{KpiStore, MAX_PUSH_UNITS};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent, WebSocket};

use agent_kpi_host::feed_state::FeedState;

const FIRST_RETRY_MS: u32 = 1_000;
const LAST_RETRY_MS: u32 = 30_000;

/// The open connection, whichever kind.
enum Connection {
    Sse(EventSource),
    Socket(WebSocket),
}

impl Connection {
    fn close(&self) {
        match self {
            Connection::Sse(source) => source.close(),
            Connection::Socket(socket) => {
                let _ = socket.close();
            }
        }
    }
}

struct Inner {
    url: String,
    store: KpiStore,
    state: RwSignal<Option<FeedState>>,
    connection: Option<Connection>,
    listeners: Vec<EventListener>,
    retry: Option<Timeout>,
    attempt: u32,
    last_event_id: Option<String>,
    closed: bool,
}

/// A running stream feed; dropping it closes the connection.
pub struct StreamFeed {
    inner: Rc<RefCell<Inner>>,
}

impl Drop for StreamFeed {
    fn drop(&mut self) {
        let mut inner = self.inner.borrow_mut();
        inner.closed = true;
        inner.retry = None;
        inner.listeners.clear();
        if let Some(connection) = inner.connection.take() {
            connection.close();
        }
        inner.state.set(None);
    }
}

impl StreamFeed {
    /// Connects `store` to the stream at `url`, showing the connection in `state`.
    pub fn connect(url: &str, store: KpiStore, state: RwSignal<Option<FeedState>>) -> StreamFeed {
        let inner = Rc::new(RefCell::new(Inner {
            url: url.to_string(),
            store,
            state,
            connection: None,
            listeners: Vec::new(),
            retry: None,
            attempt: 0,
            last_event_id: None,
            closed: false,
        }));
        open(&inner);
        StreamFeed { inner }
    }
}

fn open(inner: &Rc<RefCell<Inner>>) {
    let mut this = inner.borrow_mut();
    if this.closed {
        return;
    }
    this.listeners.clear();
    this.state.set(Some(FeedState::Connecting));
    let socket = this.url.starts_with("ws://") || this.url.starts_with("wss://");
    let result = if socket {
        WebSocket::new(&this.url).map(|socket| {
            // Binary frames come as bytes (UTF-8 JSON, as some servers send it), not as a Blob.
            socket.set_binary_type(web_sys::BinaryType::Arraybuffer);
            Connection::Socket(socket)
        })
    } else {
        let url = match &this.last_event_id {
            Some(id) => with_query(&this.url, "last_event_id", id),
            None => this.url.clone(),
        };
        EventSource::new(&url).map(Connection::Sse)
    };
    let Ok(connection) = result else {
        drop(this);
        retry_later(inner);
        return;
    };
    let target: &web_sys::EventTarget = match &connection {
        Connection::Sse(source) => source.as_ref(),
        Connection::Socket(socket) => socket.as_ref(),
    };
    let weak = Rc::downgrade(inner);
    let on_open = EventListener::new(target, "open", {
        let weak = weak.clone();
        move |_| {
            if let Some(inner) = weak.upgrade() {
                let mut this = inner.borrow_mut();
                this.attempt = 0;
                this.state.set(Some(FeedState::Open));
            }
        }
    });
    let on_message = EventListener::new(target, "message", {
        let weak = weak.clone();
        move |event| {
            let (Some(inner), Some(event)) = (weak.upgrade(), event.dyn_ref::<MessageEvent>())
            else {
                return;
            };
            if crate::panic::stopped() {
                return;
            }
            let store = {
                let mut this = inner.borrow_mut();
                let id = event.last_event_id();
                if !id.is_empty() {
                    this.last_event_id = Some(id);
                }
                this.store.clone()
            };
            let data = event.data();
            if let Some(text) = data.dyn_ref::<js_sys::JsString>() {
                store.push_js_text(text, None);
            } else if let Some(bytes) = data.dyn_ref::<js_sys::ArrayBuffer>() {
                // UTF-8 takes at least a byte a UTF-16 unit: the same bound, before the copy.
                if bytes.byte_length() > MAX_PUSH_UNITS {
                    store.refuse_push(format!(
                        "batch: a message of {} bytes, more than the {MAX_PUSH_UNITS} one push may take",
                        bytes.byte_length()
                    ));
                } else {
                    let bytes = js_sys::Uint8Array::new(bytes).to_vec();
                    store.push_text_batched(String::from_utf8_lossy(&bytes).into_owned(), None);
                }
            }
        }
    });
    let failure = if socket { "close" } else { "error" };
    let on_failure = EventListener::new(target, failure, move |_| {
        let Some(inner) = weak.upgrade() else { return };
        let gave_up = match &inner.borrow().connection {
            // EventSource retries by itself while CONNECTING; once CLOSED it has given up.
            Some(Connection::Sse(source)) => source.ready_state() == EventSource::CLOSED,
            _ => true,
        };
        if gave_up {
            if let Some(connection) = inner.borrow_mut().connection.take() {
                connection.close();
            }
            retry_later(&inner);
        } else {
            let attempt = inner.borrow().attempt + 1;
            inner.borrow_mut().attempt = attempt;
            inner.borrow().state.set(Some(FeedState::Retrying {
                attempt,
                delay_ms: FIRST_RETRY_MS,
            }));
        }
    });
    this.listeners = vec![on_open, on_message, on_failure];
    this.connection = Some(connection);
}

/// Schedules the next attempt, each one waiting twice as long as the last (up to 30 s).
fn retry_later(inner: &Rc<RefCell<Inner>>) {
    // A widget stopped by a panic connects no more.
    if crate::panic::stopped() {
        return;
    }
    let mut this = inner.borrow_mut();
    if this.closed {
        return;
    }
    this.attempt += 1;
    let delay_ms = FIRST_RETRY_MS
        .saturating_mul(1 << (this.attempt - 1).min(5))
        .min(LAST_RETRY_MS);
    this.state.set(Some(FeedState::Retrying {
        attempt: this.attempt,
        delay_ms,
    }));
    let weak = Rc::downgrade(inner);
    this.retry = Some(Timeout::new(delay_ms, move || {
        if let Some(inner) = weak.upgrade() {
            open(&inner);
        }
    }));
}

/// `url` with `name=value` added to its query.
fn with_query(url: &str, name: &str, value: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    let value: String = js_sys::encode_uri_component(value).into();
    format!("{url}{separator}{name}={value}")
}
