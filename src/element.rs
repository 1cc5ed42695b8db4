//! `<agent-kpi-panel>`: the web component a host page adds with one script. Each element has its
//! own engine and panel in its own shadow root; the wasm module is shared by all of them.
//!
//! ```html
//! <script type="module" src="https://widgets.example/agent-kpi/agent-kpi.js"></script>
//! <agent-kpi-panel config='{"targets": {"aht": 420}}' locale="ja"></agent-kpi-panel>
//! <script type="module">
//!   const panel = document.querySelector('agent-kpi-panel');
//!   panel.addEventListener('kpi-alert', (e) => console.log(e.detail));
//!   panel.push({ id: '1', ts: Date.now(), type: 'agent_state', state: 'available' });
//! </script>
//! ```

use crate::store::{Done, Pushed, Update};
use crate::widget::{crash_notice, Widget};
use agent_kpi_engine::json::read;
use agent_kpi_engine::json::{to_json, ToJson};
use agent_kpi_engine::json_fields;
use agent_kpi_host::protocol::SnapshotRequest;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    fn define_panel_element(mount: &Closure<dyn Fn(HtmlElement, ShadowRoot) -> PanelHandle>);
}

/// The panel's styles, adopted by each shadow root (global CSS does not reach into it) and by
/// the iframe's page, which so fetches no stylesheet of its own for the panel.
const PANEL_CSS: &str = include_str!("../style/panel.css");

/// Defines `<agent-kpi-panel>` on this page (once).
pub fn define() {
    let mount = Closure::<dyn Fn(HtmlElement, ShadowRoot) -> PanelHandle>::new(mount);
    define_panel_element(&mount);
    // The element class keeps calling it for every new panel, for the life of the page.
    mount.forget();
}

/// One element's panel: what its JavaScript methods call.
#[wasm_bindgen]
pub struct PanelHandle {
    widget: Widget,
    host: HtmlElement,
    /// Its registration with the panic hook.
    panic_witness: u32,
}

impl Drop for PanelHandle {
    fn drop(&mut self) {
        crate::panic::forget(self.panic_witness);
    }
}

/// On a panic: `kpi-error` on the element, and a notice in its shadow root.
fn witness_panics(host: &HtmlElement, root: &ShadowRoot) -> u32 {
    let (host, root) = (host.clone(), root.clone());
    crate::panic::on_panic(move |message| {
        dispatch(
            &host,
            "kpi-error",
            &to_js(&PanicDetail {
                kind: "panic",
                message,
            }),
        );
        if let Some(notice) = crash_notice() {
            let _ = root.append_child(&notice);
        }
    })
}

fn mount(host: HtmlElement, root: ShadowRoot) -> PanelHandle {
    if let Some(sheet) = panel_styles() {
        root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    }
    let container: HtmlElement = document()
        .create_element("div")
        .map(|el| el.unchecked_into())
        .unwrap_or_else(|_| host.clone());
    let _ = root.append_child(&container);
    let widget = Widget::mount(container);
    let events_host = host.clone();
    widget
        .store()
        .listen(move |update| dispatch_update(&events_host, update));
    let panic_witness = witness_panics(&host, &root);
    PanelHandle {
        widget,
        host,
        panic_witness,
    }
}

/// A constructed sheet of the panel's styles, to adopt.
pub(crate) fn panel_styles() -> Option<CssStyleSheet> {
    let sheet = CssStyleSheet::new().ok()?;
    sheet.replace_sync(PANEL_CSS).ok()?;
    Some(sheet)
}

/// `kpi-change` after every update, `kpi-alert` for each KPI that moved into warn or bad,
/// `kpi-rejected` when a push turned events away. All bubble out of the shadow root.
fn dispatch_update(host: &HtmlElement, update: &Update) {
    // After the panel has drawn the new figures.
    let host = host.clone();
    let change = to_js(update.snapshot);
    let alerts: Vec<JsValue> = update.alerts.iter().map(to_js).collect();
    let rejected = update
        .report
        .filter(|r| !r.rejected.is_empty())
        .map(|r| to_js(&r.rejected));
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        dispatch(&host, "kpi-change", &change);
        for alert in &alerts {
            dispatch(&host, "kpi-alert", alert);
        }
        if let Some(rejected) = &rejected {
            dispatch(&host, "kpi-rejected", rejected);
        }
    });
}

fn dispatch(host: &HtmlElement, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// The detail of a `kpi-error` after a panic.
struct PanicDetail<'a> {
    kind: &'static str,
    message: &'a str,
}

json_fields!(PanicDetail<'a> { kind, message });

/// A value as a plain JavaScript object: its JSON text, parsed by the browser.
pub(crate) fn to_js<T: ToJson + ?Sized>(value: &T) -> JsValue {
    js_sys::JSON::parse(&to_json(value)).unwrap_or(JsValue::NULL)
}

/// A push's report as a JavaScript object, built directly: a host pushing event by event
/// calls this thousands of times a second, and a JSON round trip would cost more than the
/// event itself.
fn pushed_to_js(pushed: &Pushed) -> JsValue {
    let object = js_sys::Object::new();
    let set = |target: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
    };
    let report = &pushed.report;
    set(&object, "accepted", JsValue::from(report.accepted as f64));
    set(
        &object,
        "duplicates",
        JsValue::from(report.duplicates as f64),
    );
    set(&object, "unknown", JsValue::from(report.unknown as f64));
    let rejected = js_sys::Array::new();
    for rejection in &report.rejected {
        let item = js_sys::Object::new();
        set(&item, "index", JsValue::from(rejection.index as f64));
        set(&item, "reason", JsValue::from_str(&rejection.reason));
        rejected.push(&item);
    }
    set(&object, "rejected", rejected.into());
    if pushed.queued {
        set(&object, "queued", JsValue::TRUE);
    }
    object.into()
}

impl PanelHandle {
    /// Dispatches `kpi-ingested` with the report of a queued batch, once it is all in.
    fn when_ingested(&self) -> Done {
        let host = self.host.clone();
        Box::new(move |report| dispatch(&host, "kpi-ingested", &to_js(report)))
    }
}

#[wasm_bindgen]
impl PanelHandle {
    /// Takes events as text (one object, an array, or NDJSON); returns
    /// `{accepted, duplicates, unknown, rejected: [{index, reason}]}`, or `{…, queued: true}`
    /// for a big batch, taken in pieces: `kpi-ingested` then brings its whole report.
    pub fn push(&self, text: js_sys::JsString) -> JsValue {
        pushed_to_js(
            &self
                .widget
                .store()
                .push_js_text(&text, Some(self.when_ingested())),
        )
    }

    /// As `push`, for an array of events (turned into text a piece at a time when it is long).
    pub fn push_array(&self, items: js_sys::Array) -> JsValue {
        pushed_to_js(
            &self
                .widget
                .store()
                .push_array_batched(items, Some(self.when_ingested())),
        )
    }

    /// Applies a configuration object; returns the errors `[{path, message}]` (the rest
    /// applied).
    pub fn configure(&self, json: &str) -> JsValue {
        to_js(&self.widget.configure(json))
    }

    /// The contract's snapshot for `{window, as_of, time_zone}` (each optional).
    pub fn snapshot(&self, options: &str) -> Result<JsValue, JsError> {
        let options = snapshot_options(options)
            .map_err(|e| JsError::new(&format!("snapshot options: {e}")))?;
        let snapshot = self
            .widget
            .store()
            .snapshot_for(
                options.window.as_deref(),
                options.as_of,
                options.time_zone.as_deref(),
            )
            .map_err(|e| JsError::new(&format!("snapshot options: {e}")))?;
        Ok(to_js(&snapshot))
    }

    /// Forgets every event (the configuration stays).
    pub fn reset(&self) {
        self.widget.store().reset();
    }

    /// An observed attribute changed (`config`, `locale`, `theme`, `src`, `storage-key`).
    pub fn attribute(&self, name: &str, value: Option<String>) {
        let json = match (name, value) {
            ("config", Some(value)) => value,
            // `{"<name>": "<value>"}`
            ("locale" | "theme" | "src", Some(value)) => {
                format!("{{{}:{}}}", to_json(name), to_json(&value))
            }
            ("src", None) => r#"{"src": null}"#.to_string(),
            ("storage-key", None) => {
                self.widget.stop_storing();
                return;
            }
            ("storage-key", Some(key)) => {
                // Saves of earlier versions were under the key as given.
                self.widget.keep_in_storage(&key, Some(&key));
                return;
            }
            _ => return,
        };
        for error in self.widget.configure(&json) {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "agent-kpi-panel {name}: {}: {}",
                error.path, error.message
            )));
        }
    }
}

/// What `snapshot()` is asked for: the iframe's `agent-kpi:snapshot` fields, and no others.
fn snapshot_options(json: &str) -> Result<SnapshotRequest, String> {
    let options = read::parse(json).map_err(|e| e.to_string())?;
    let Some(fields) = options.as_object() else {
        return Err(format!("expected an object, got {}", options.kind()));
    };
    let known = ["window", "as_of", "time_zone"];
    if let Some((unknown, _)) = fields
        .iter()
        .find(|(key, _)| !known.contains(&key.as_ref()))
    {
        return Err(format!(
            "unknown field `{unknown}`, expected one of `window`, `as_of`, `time_zone`"
        ));
    }
    SnapshotRequest::read(&options)
}
