//! The iframe embedding: `embed.html` shows one panel and talks to its host page with
//! `postMessage`. Every message type starts with `agent-kpi:`.
//!
//! Host → frame: `agent-kpi:events` `{events}` (an array, one event, or JSON / NDJSON text),
//! `agent-kpi:config` `{config}`, `agent-kpi:snapshot` `{id, window?, as_of?, time_zone?}`.
//! Frame → host: `agent-kpi:ready` `{schema, version}`, `agent-kpi:snapshot` `{id, snapshot,
//! dropped_messages}`, `agent-kpi:resize` `{height}`, `agent-kpi:alert` (an alert), and
//! `agent-kpi:error` `{kind, …}`.
//!
//! `?storage_key=…` keeps the state across reloads, as the web component's `storage-key` does.
//!
//! Only origins listed in the URL (`?origins=https://crm.example,…`) or the configuration's
//! `allowed_origins` are heard; anything else is dropped and counted. The frame posts only to
//! those origins, never to `*`.

use super::element::to_js;
use super::store::{json_text, Alert, Done, KpiStore};
use super::Panel;
use crate::engine::{ConfigError, IngestReport, Rejection, Snapshot};
use crate::feeds::protocol::HostMessage;
use gloo_events::EventListener;
use leptos::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, ResizeObserver};

/// The contract's schema version and this widget's, announced in `ready`.
const SCHEMA: u32 = 1;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A message to the host page: its `type`, and the fields that type carries (the others are
/// left out). Serialised straight to JSON text: built as a `serde_json::Value`, every type in it
/// would bring a second copy of its serialiser into the bundle.
#[derive(Default, Serialize)]
struct ToHost<'a> {
    #[serde(rename = "type")]
    message_type: &'static str,
    /// The kind of an `agent-kpi:error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snapshot: Option<&'a Snapshot>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped_messages: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a IngestReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alert: Option<&'a Alert>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [ConfigError]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<&'a [Rejection]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

impl<'a> ToHost<'a> {
    /// A message of `message_type`, its fields still to set.
    fn of(message_type: &'static str) -> ToHost<'a> {
        ToHost {
            message_type,
            ..ToHost::default()
        }
    }

    /// `agent-kpi:error` of `kind`.
    fn error(kind: &'a str) -> ToHost<'a> {
        ToHost {
            kind: Some(kind),
            ..ToHost::of("agent-kpi:error")
        }
    }
}

struct Frame {
    store: KpiStore,
    /// Origins allowed to talk to the frame.
    origins: RefCell<Vec<String>>,
    /// Messages from any other origin, dropped.
    dropped: Cell<u64>,
    last_height: Cell<i32>,
}

/// Starts embed mode: the panel in this page, and the message protocol with the host.
pub fn start() {
    let store = KpiStore::in_browser();
    let params =
        web_sys::UrlSearchParams::new_with_str(&window().location().search().unwrap_or_default())
            .ok();
    let param = |name: &str| params.as_ref().and_then(|p| p.get(name));
    let mut origins: Vec<String> = param("origins")
        .map(|list| {
            list.split(',')
                .map(|o| o.trim().trim_end_matches('/').to_string())
                .filter(|o| !o.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let frame = Rc::new(Frame {
        store: store.clone(),
        origins: RefCell::new(Vec::new()),
        dropped: Cell::new(0),
        last_height: Cell::new(-1),
    });
    if let Some(config) = param("config") {
        let errors = store.configure(&config);
        if !errors.is_empty() {
            frame.post(&ToHost {
                errors: Some(&errors),
                ..ToHost::error("config")
            });
        }
    }
    origins.extend(store.config().get_untracked().allowed_origins);
    if let Some(key) = param("storage_key") {
        store.keep_in_storage(&key);
    }
    *frame.origins.borrow_mut() = origins;

    let panel_store = store.clone();
    leptos::mount::mount_to_body(move || view! { <Panel store=panel_store /> });

    let on_update = frame.clone();
    store.listen(move |update| {
        for alert in update.alerts {
            on_update.post(&ToHost {
                alert: Some(alert),
                ..ToHost::of("agent-kpi:alert")
            });
        }
        if let Some(report) = update.report.filter(|r| !r.rejected.is_empty()) {
            on_update.post(&ToHost {
                rejected: Some(&report.rejected),
                ..ToHost::error("rejected")
            });
        }
    });

    let on_message = frame.clone();
    EventListener::new(&window(), "message", move |event| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            on_message.receive(event);
        }
    })
    .forget();

    let on_panic = frame.clone();
    super::panic::on_panic(move |message| {
        on_panic.post(&ToHost {
            message: Some(message),
            ..ToHost::error("panic")
        });
    });
    observe_height(frame.clone());
    let refresh = store.clone();
    gloo_timers::callback::Interval::new(1_000, move || refresh.refresh()).forget();
    frame.post(&ToHost {
        schema: Some(SCHEMA),
        version: Some(VERSION),
        ..ToHost::of("agent-kpi:ready")
    });
}

impl Frame {
    /// Posts `message` to the host, at each allowed origin (only the host's own receives it).
    fn post(&self, message: &ToHost) {
        let Ok(Some(parent)) = window().parent() else {
            return;
        };
        let data = to_js(message);
        for origin in self.origins.borrow().iter() {
            let _ = parent.post_message(&data, origin);
        }
    }

    fn receive(&self, event: &MessageEvent) {
        let origin = event.origin();
        if !self.origins.borrow().contains(&origin) {
            self.dropped.set(self.dropped.get() + 1);
            return;
        }
        // An array of events goes in a piece at a time, as the web component takes one: turned
        // into JSON text whole, a big one would hold the page (and the host's) for seconds.
        if let Some((events, id)) = events_array(&event.data()) {
            self.take_events(Batch::Array(events), id, event, &origin);
            return;
        }
        let json = json_text(&event.data());
        let Some(message) = HostMessage::decode(&json) else {
            // Not for us (another widget on the page, say): ignored quietly.
            return;
        };
        let reply = |message: ToHost| reply_to(event.source().as_ref(), &origin, &message);
        match message {
            HostMessage::Events { text, id } => {
                self.take_events(Batch::Text(text), id, event, &origin);
            }
            HostMessage::Config { json } => {
                let errors = self.store.configure(&json);
                let allowed = self.store.config().get_untracked().allowed_origins;
                let mut origins = self.origins.borrow_mut();
                for origin in allowed {
                    if !origins.contains(&origin) {
                        origins.push(origin);
                    }
                }
                drop(origins);
                if !errors.is_empty() {
                    reply(ToHost {
                        errors: Some(&errors),
                        ..ToHost::error("config")
                    });
                }
            }
            HostMessage::Snapshot(request) => {
                let snapshot = self.store.snapshot_for(
                    request.window.as_deref(),
                    request.as_of,
                    request.time_zone.as_deref(),
                );
                match snapshot {
                    Ok(snapshot) => reply(ToHost {
                        id: Some(&request.id),
                        snapshot: Some(&snapshot),
                        dropped_messages: Some(self.dropped.get()),
                        ..ToHost::of("agent-kpi:snapshot")
                    }),
                    Err(message) => reply(ToHost {
                        id: Some(&request.id),
                        message: Some(&message),
                        ..ToHost::error("snapshot")
                    }),
                }
            }
            HostMessage::Invalid { kind, id, message } => reply(ToHost {
                id: Some(&id),
                message: Some(&message),
                ..ToHost::error(kind)
            }),
        }
    }

    /// Takes a batch; with an id, the host hears when it is in: at once, or when the last
    /// piece of a big one is.
    fn take_events(&self, batch: Batch, id: Option<Value>, event: &MessageEvent, origin: &str) {
        let done = id.clone().map(|id| {
            let (source, origin) = (event.source(), origin.to_string());
            Box::new(move |report: &IngestReport| {
                reply_to(source.as_ref(), &origin, &ingested(&id, report));
            }) as Done
        });
        let pushed = match batch {
            Batch::Text(text) => self.store.push_text_batched(text, done),
            Batch::Array(events) => self.store.push_array_batched(events, done),
        };
        if let (Some(id), false) = (id, pushed.queued) {
            reply_to(
                event.source().as_ref(),
                origin,
                &ingested(&id, &pushed.report),
            );
        }
    }
}

/// Events the host sent: as text, or as an array of event objects.
enum Batch {
    Text(String),
    Array(js_sys::Array),
}

/// The events and id of an `agent-kpi:events` message whose events are an array.
fn events_array(data: &JsValue) -> Option<(js_sys::Array, Option<Value>)> {
    if !data.is_object() {
        return None;
    }
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    if field("type")?.as_string()? != "agent-kpi:events" {
        return None;
    }
    let events = field("events").filter(js_sys::Array::is_array)?;
    let id = field("id")
        .filter(|id| !id.is_undefined())
        .and_then(|id| serde_json::from_str(&json_text(&id)).ok());
    Some((events.unchecked_into(), id))
}

/// Answers the window a message came from, at its origin.
fn reply_to(source: Option<&js_sys::Object>, origin: &str, message: &ToHost) {
    // The source is the host's window, of another origin: an `instanceof Window` check fails
    // across origins, but postMessage is allowed.
    if let Some(source) = source {
        let source: &web_sys::Window = source.unchecked_ref();
        let _ = source.post_message(&to_js(message), origin);
    }
}

/// `agent-kpi:ingested`: what became of the batch the host sent under `id`.
fn ingested<'a>(id: &'a Value, report: &'a IngestReport) -> ToHost<'a> {
    ToHost {
        id: Some(id),
        report: Some(report),
        ..ToHost::of("agent-kpi:ingested")
    }
}

/// Posts `agent-kpi:resize` with the page's content height whenever it changes, so the host
/// can size the iframe with no scroll bar.
fn observe_height(frame: Rc<Frame>) {
    let callback = Closure::<dyn Fn()>::new(move || {
        let Some(body) = document().body() else {
            return;
        };
        let height = body.scroll_height();
        if height != frame.last_height.get() {
            frame.last_height.set(height);
            frame.post(&ToHost {
                height: Some(height),
                ..ToHost::of("agent-kpi:resize")
            });
        }
    });
    if let (Ok(observer), Some(body)) = (
        ResizeObserver::new(callback.as_ref().unchecked_ref()),
        document().body(),
    ) {
        observer.observe(&body);
        // The observer lives as long as the page.
        std::mem::forget(observer);
    }
    callback.forget();
}
