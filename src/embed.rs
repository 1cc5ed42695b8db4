//! The iframe embedding: `embed.html` shows one panel and talks to its host page with
//! `postMessage`. Every message type starts with `agent-kpi:`.
//!
//! Host → frame: `agent-kpi:events` `{events}` (an array, one event, or JSON / NDJSON text),
//! `agent-kpi:config` `{config}`, `agent-kpi:snapshot` `{id, window?, as_of?, time_zone?}`.
//! Frame → host: `agent-kpi:ready` `{schema, version}`, `agent-kpi:snapshot` `{id, snapshot,
//! dropped_messages}`, `agent-kpi:resize` `{height}`, `agent-kpi:alert` (an alert), and
//! `agent-kpi:error` `{kind, …}`.
//!
//! `?storage_key=…` keeps the state across reloads, as the web component's `storage-key` does,
//! scoped to the origin of the page that frames the widget (which must be an allowed one).
//!
//! Only the origins listed in the URL (`?origins=https://crm.example,…`, each normalised as the
//! browser writes origins; `*`, `null`, paths and anything malformed refused, with a notice in
//! the frame) are heard, and only from the window that embeds the frame (its parent, or the
//! window that opened it). A configuration's `allowed_origins` can narrow that list, never widen
//! it. Anything else is dropped and counted. The frame posts only to those origins, never to
//! `*`.

use crate::element::to_js;
use crate::js_text::{json_text, rust_text};
use crate::store::{Alert, Done, KpiStore, MAX_PUSH_UNITS};
use crate::widget::{crash_notice, Widget};
use agent_kpi_engine::json::{read, JsonText};
use agent_kpi_engine::{json_fields, ConfigError, IngestReport, Rejection, Snapshot};
use agent_kpi_host::i18n::UiText;
use agent_kpi_host::origins::normalize_origin;
use agent_kpi_host::protocol::HostMessage;
use gloo_events::EventListener;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, ResizeObserver};

/// The contract's schema version and this widget's, announced in `ready`.
const SCHEMA: u32 = 1;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A message to the host page: its `type`, and the fields that type carries (the others are
/// left out), written straight to JSON text.
#[derive(Default)]
struct ToHost<'a> {
    message_type: &'static str,
    /// The kind of an `agent-kpi:error`.
    kind: Option<&'a str>,
    id: Option<&'a JsonText>,
    schema: Option<u32>,
    version: Option<&'static str>,
    snapshot: Option<&'a Snapshot>,
    dropped_messages: Option<u64>,
    report: Option<&'a IngestReport>,
    alert: Option<&'a Alert>,
    height: Option<i32>,
    errors: Option<&'a [ConfigError]>,
    rejected: Option<&'a [Rejection]>,
    message: Option<&'a str>,
}

json_fields!(ToHost<'a> { message_type = "type" } skip_none {
    kind,
    id,
    schema,
    version,
    snapshot,
    dropped_messages,
    report,
    alert,
    height,
    errors,
    rejected,
    message
});

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
    widget: Widget,
    /// The origins the frame's URL allows, normalised: fixed for the frame's life.
    url_origins: Vec<String>,
    /// The origins the frame talks to: the URL's, narrowed by the configuration's.
    origins: RefCell<Vec<String>>,
    /// Messages from any other origin, dropped.
    dropped: Cell<u64>,
    last_height: Cell<i32>,
}

/// Starts embed mode: the panel in this page, and the message protocol with the host.
pub fn start() {
    let Some(body) = document().body() else {
        return;
    };
    if let Some(sheet) = crate::element::panel_styles() {
        document().set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    }
    let widget = Widget::mount(body);
    let store = widget.store().clone();
    let params =
        web_sys::UrlSearchParams::new_with_str(&window().location().search().unwrap_or_default())
            .ok();
    let param = |name: &str| params.as_ref().and_then(|p| p.get(name));
    let (url_origins, refused) = url_origins(&param("origins").unwrap_or_default());
    for reason in &refused {
        web_sys::console::warn_1(&JsValue::from_str(&format!("agent-kpi: origins: {reason}")));
    }
    if !refused.is_empty() || url_origins.is_empty() {
        // No message can reach the host about it: the agent sees it.
        store.show_notice(UiText::RefusedOrigins);
    }
    let frame = Rc::new(Frame {
        widget,
        url_origins,
        origins: RefCell::new(Vec::new()),
        dropped: Cell::new(0),
        last_height: Cell::new(-1),
    });
    if let Some(config) = param("config") {
        let errors = frame.widget.configure(&config);
        if !errors.is_empty() {
            frame.post(&ToHost {
                errors: Some(&errors),
                ..ToHost::error("config")
            });
        }
    }
    frame.narrow_origins();
    if let Some(key) = param("storage_key") {
        // Scoped to the page that frames the widget, which must be an allowed one: a page of
        // another origin that frames it with the same key finds nothing of the agent's.
        match embedding_origin().filter(|o| frame.origins.borrow().contains(o)) {
            Some(host) => frame
                .widget
                .keep_in_storage(&agent_kpi_host::saves::frame_scope(&host, &key), Some(&key)),
            // With no origin to trust, the notice about the origins says what is wrong.
            None if frame.origins.borrow().is_empty() => {}
            None => store.show_notice(UiText::StorageRefused),
        }
    }

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
    crate::panic::on_panic(move |message| {
        on_panic.post(&ToHost {
            message: Some(message),
            ..ToHost::error("panic")
        });
        // The agent sees it too, over the figures that no longer move.
        if let (Some(notice), Some(body)) = (crash_notice(), document().body()) {
            let _ = body.prepend_with_node_1(&notice);
        }
    });
    observe_height(frame.clone());
    frame.post(&ToHost {
        schema: Some(SCHEMA),
        version: Some(VERSION),
        ..ToHost::of("agent-kpi:ready")
    });
}

/// The origins of the frame's `?origins=` list, normalised, and the reasons for those refused.
fn url_origins(list: &str) -> (Vec<String>, Vec<String>) {
    let (mut origins, mut refused) = (Vec::new(), Vec::new());
    for entry in list.split(',').filter(|e| !e.trim().is_empty()) {
        match normalize_origin(entry) {
            Ok(origin) if !origins.contains(&origin) => origins.push(origin),
            Ok(_) => {}
            Err(reason) => refused.push(reason),
        }
    }
    (origins, refused)
}

/// The origin of the page that frames this one, where the browser tells it: from
/// `location.ancestorOrigins` (Chromium, WebKit), else from the referrer.
fn embedding_origin() -> Option<String> {
    // Not in web-sys: read as a property.
    let get = |object: &JsValue, key: &JsValue| js_sys::Reflect::get(object, key).ok();
    let from_ancestors = get(&window().location(), &"ancestorOrigins".into())
        .filter(|origins| origins.is_object())
        .and_then(|origins| get(&origins, &0.into()))
        .and_then(|first| first.as_string());
    let origin = from_ancestors.or_else(|| {
        let referrer = document().referrer();
        web_sys::Url::new(&referrer).ok().map(|url| url.origin())
    })?;
    normalize_origin(&origin).ok()
}

/// The window whose messages the frame takes: the page that embeds it, or, where the frame is
/// a page of its own, the one that opened it.
fn host_window() -> Option<web_sys::Window> {
    let window = window();
    match window.parent() {
        Ok(Some(parent)) if !js_sys::Object::is(&parent, &window) => Some(parent),
        _ => window
            .opener()
            .ok()
            .filter(|o| o.is_object())
            .map(JsCast::unchecked_into),
    }
}

impl Frame {
    fn store(&self) -> &KpiStore {
        self.widget.store()
    }

    /// The origins to talk to: the URL's, narrowed by the configuration's `allowed_origins`
    /// where it names any (a configuration can never add one).
    fn narrow_origins(&self) {
        let allowed = self.store().config().get_untracked().allowed_origins;
        let origins = self
            .url_origins
            .iter()
            .filter(|o| allowed.is_empty() || allowed.contains(o))
            .cloned()
            .collect();
        *self.origins.borrow_mut() = origins;
    }

    /// Posts `message` to the host, at each allowed origin (only the host's own receives it).
    fn post(&self, message: &ToHost) {
        let Some(host) = host_window() else {
            return;
        };
        let data = to_js(message);
        for origin in self.origins.borrow().iter() {
            let _ = host.post_message(&data, origin);
        }
    }

    fn receive(&self, event: &MessageEvent) {
        if crate::panic::stopped() {
            return;
        }
        let origin = event.origin();
        // From an allowed origin, and from the host's window itself: a frame of the same origin
        // elsewhere in the page, or a window it opened, is someone else.
        let from_host = match (event.source(), host_window()) {
            (Some(source), Some(host)) => js_sys::Object::is(&source, &host),
            _ => false,
        };
        if !from_host || !self.origins.borrow().contains(&origin) {
            self.dropped.set(self.dropped.get() + 1);
            return;
        }
        // An array of events goes in a piece at a time, as the web component takes one: turned
        // into JSON text whole, a big one would hold the page (and the host's) for seconds.
        if let Some((events, id)) = events_array(&event.data()) {
            self.take_events(Batch::Array(events), id, event, &origin);
            return;
        }
        let reply = |message: ToHost| reply_to(event.source().as_ref(), &origin, &message);
        let Ok(json) = js_sys::JSON::stringify(&event.data()) else {
            return;
        };
        // Measured before it is copied into wasm memory, which never shrinks.
        if json.length() > MAX_PUSH_UNITS {
            let message = format!(
                "a message of {} characters, more than the {MAX_PUSH_UNITS} the frame takes: send it in parts",
                json.length()
            );
            reply(ToHost {
                message: Some(&message),
                ..ToHost::error("message")
            });
            return;
        }
        let Some(message) = HostMessage::decode(&rust_text(&json)) else {
            // Not for us (another widget on the page, say): ignored quietly.
            return;
        };
        match message {
            HostMessage::Events { text, id } => {
                self.take_events(Batch::Text(text), id, event, &origin);
            }
            HostMessage::Config { json } => {
                let errors = self.widget.configure(&json);
                self.narrow_origins();
                if !errors.is_empty() {
                    reply(ToHost {
                        errors: Some(&errors),
                        ..ToHost::error("config")
                    });
                }
            }
            HostMessage::Snapshot(request) => {
                let snapshot = self.store().snapshot_for(
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
    fn take_events(&self, batch: Batch, id: Option<JsonText>, event: &MessageEvent, origin: &str) {
        let done = id.clone().map(|id| {
            let (source, origin) = (event.source(), origin.to_string());
            Box::new(move |report: &IngestReport| {
                reply_to(source.as_ref(), &origin, &ingested(&id, report));
            }) as Done
        });
        let pushed = match batch {
            Batch::Text(text) => self.store().push_text_batched(text, done),
            Batch::Array(events) => self.store().push_array_batched(events, done),
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
fn events_array(data: &JsValue) -> Option<(js_sys::Array, Option<JsonText>)> {
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
        .and_then(|id| Some(JsonText::of(&read::parse(&json_text(&id)).ok()?)));
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
fn ingested<'a>(id: &'a JsonText, report: &'a IngestReport) -> ToHost<'a> {
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
