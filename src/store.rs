//! The panel's state: one engine, the clock it is read at, and the latest snapshot as a signal.
//! Feeds push into it; the panel only reads the signal; embedding layers listen for updates.

use crate::panic::{stopped, STOPPED_REASON};
use crate::tab_channel::{TabChannel, STATE_WAIT_MS};
use agent_kpi_engine::{
    Config, ConfigError, Configure, CustomerSecret, Engine, FixedOffset, IngestReport,
    IntervalFigures, Kpi, LiveCase, LiveContact, Millis, OffsetCache, SharedZone, Snapshot, Status,
    Window, Zone,
};
use agent_kpi_host::panel_config::{PanelConfig, WidgetConfig};
use agent_kpi_host::pieces::Pieces;
use agent_kpi_host::saves;
use agent_kpi_host::tabs::{Received, TabSync};
use leptos::prelude::*;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    fn zone_offset_minutes(zone: &str, utc_ms: f64) -> f64;
    fn next_task(callback: JsValue);
    fn encode_utf8_into(text: &js_sys::JsString, from: u32, view: &js_sys::Uint8Array) -> JsValue;
}

/// The browser's own time zone, read from `Date`: it needs no `Intl`, whose first use costs a
/// cold start 20 to 45 ms (to name the zone).
#[derive(Default)]
pub struct BrowserZone {
    /// A `Date` is made for each question, and the engine asks at every event.
    offsets: Mutex<OffsetCache>,
}

impl BrowserZone {
    fn ask_date(utc: Millis) -> Millis {
        let date = js_sys::Date::new(&JsValue::from_f64(utc as f64));
        // getTimezoneOffset is UTC minus local, in minutes.
        -(date.get_timezone_offset() as Millis) * 60_000
    }
}

impl Zone for BrowserZone {
    fn offset_at(&self, utc: Millis) -> Millis {
        remembered(&self.offsets, utc, BrowserZone::ask_date)
    }
}

/// The offset at `utc`, from `offsets` or else from `ask`.
fn remembered(offsets: &Mutex<OffsetCache>, utc: Millis, ask: impl Fn(Millis) -> Millis) -> Millis {
    match offsets.lock() {
        Ok(mut offsets) => offsets.offset_at(utc, ask),
        Err(_) => ask(utc),
    }
}

/// An IANA time zone by name, as the browser's `Intl` knows it.
pub struct NamedZone {
    name: String,
    /// The offset of UTC and the `Etc/GMT±N` zones, which `Intl` need not be asked about.
    fixed: Option<FixedOffset>,
    /// `Intl` takes microseconds a question, and the engine asks at every event.
    offsets: Mutex<OffsetCache>,
}

impl NamedZone {
    /// The zone called `name`, where the browser knows one.
    pub fn new(name: &str) -> Option<NamedZone> {
        let fixed = FixedOffset::named(name);
        (fixed.is_some() || zone_offset_minutes(name, 0.0).is_finite()).then(|| NamedZone {
            name: name.to_string(),
            fixed,
            offsets: Mutex::new(OffsetCache::default()),
        })
    }

    fn ask_intl(&self, utc: Millis) -> Millis {
        let minutes = zone_offset_minutes(&self.name, utc as f64);
        if minutes.is_finite() {
            minutes as Millis * 60_000
        } else {
            0
        }
    }
}

impl Zone for NamedZone {
    fn offset_at(&self, utc: Millis) -> Millis {
        if let Some(fixed) = self.fixed {
            return fixed.offset_at(utc);
        }
        remembered(&self.offsets, utc, |at| self.ask_intl(at))
    }
}

/// The page's localStorage, where the browser gives one (not in some private modes, nor to a
/// frame of another site where third-party storage is blocked). Read through web-sys rather
/// than gloo-storage, whose `raw()` throws where there is none.
fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// 16 random bytes from the browser's `crypto.getRandomValues`.
fn random_secret() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let drawn = window()
        .crypto()
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes));
    if drawn.is_err() {
        // No Web Crypto (not in any browser the widget supports): the best left.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// The secret kept beside the save `key`; a new one, kept there, where there is none (or it is
/// unreadable: a new secret loses only FCR repeats across it).
fn stored_secret(storage: &web_sys::Storage, key: &str) -> [u8; 16] {
    let name = saves::secret_key(key);
    let stored = storage.get_item(&name).ok().flatten();
    if let Some(secret) = stored.as_deref().and_then(saves::secret_from_text) {
        return secret;
    }
    let secret = random_secret();
    let _ = storage.set_item(&name, &saves::secret_text(&secret));
    secret
}

/// The index of the saves this origin holds, as stored.
fn saves_index(storage: &web_sys::Storage) -> saves::SavesIndex {
    saves::SavesIndex::from_json(storage.get_item(saves::INDEX).ok().flatten().as_deref())
}

/// Removes the saves (and their set-aside copies) not written for longer than the history is
/// kept, with their entries in the index.
fn forget_expired_saves(storage: &web_sys::Storage, now: Millis) {
    let mut index = saves_index(storage);
    let expired = index.expired(now);
    if expired.is_empty() {
        return;
    }
    for key in expired {
        let _ = storage.remove_item(&key);
        let _ = storage.remove_item(&format!("{key}:unreadable"));
        let _ = storage.remove_item(&saves::secret_key(&key));
    }
    let _ = storage.set_item(saves::INDEX, &index.to_json());
}

/// A JavaScript value as JSON text (empty where it has none, such as a function).
pub(crate) fn json_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .map(|text| rust_text(&text))
        .unwrap_or_default()
}

/// The most UTF-16 units one push of text may take (a JSON array or NDJSON, a stream's message,
/// the iframe's message): a bigger one is refused whole, before it is copied into wasm memory,
/// which never shrinks. About 130 000 events.
pub const MAX_PUSH_UNITS: u32 = 32 * 1024 * 1024;
/// The most events one push of an array may hold (taken a piece at a time).
pub const MAX_PUSH_EVENTS: u32 = 2_000_000;

/// UTF-16 units from which a string is written into wasm memory by the browser's encoder.
const LONG_TEXT: u32 = 16 * 1024;

/// A JavaScript string as Rust text. wasm-bindgen copies a string into wasm memory character by
/// character; the browser's `TextEncoder.encodeInto`, writing straight into it, is several
/// times faster on long text (docs/performance.md, "In the browser").
pub(crate) fn rust_text(text: &js_sys::JsString) -> String {
    let units = text.length();
    if units < LONG_TEXT {
        return String::from(text);
    }
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // ASCII takes a byte a unit; should there be more, the rest fits in three bytes a unit.
    // (`vec!` of zeros asks the allocator for zeroed memory, which fresh wasm memory already is.)
    let mut room = units as usize;
    let mut bytes: Vec<u8> = vec![0; room];
    let (mut read, mut written) = (0, 0);
    while read < units {
        bytes.resize(written + room, 0);
        // A view of the free room, made after `resize` has grown the memory, if it did: the
        // encoder writes into it before wasm runs again.
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            bytes[written..].as_mut_ptr() as u32,
            room as u32,
        );
        let done = encode_utf8_into(text, read, &view);
        let count = |key: &str| {
            js_sys::Reflect::get(&done, &JsValue::from_str(key))
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0)
        };
        // At most what there was to read and room to write, whatever the glue said.
        let units_read = (count("read") as u32).min(units - read);
        let bytes_written = (count("written") as usize).min(room);
        if units_read == 0 {
            break; // cannot happen with room for three bytes a unit; never loop on it
        }
        read += units_read;
        written += bytes_written;
        room = 3 * (units - read) as usize;
    }
    bytes.truncate(written);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// What a push hears once the widget has stopped.
fn stopped_report() -> IngestReport {
    IngestReport {
        rejected: vec![agent_kpi_engine::Rejection {
            index: 0,
            reason: STOPPED_REASON.to_string(),
        }],
        ..IngestReport::default()
    }
}

/// [`stopped_report`], as a batched push hears it.
fn stopped_push() -> Pushed {
    Pushed {
        report: stopped_report(),
        queued: false,
    }
}

/// The wall clock, in epoch milliseconds.
pub fn wall_clock() -> Millis {
    js_sys::Date::now() as Millis
}

/// A KPI that moved into `warn` or `bad`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    pub kpi: Kpi,
    pub status: Status,
    /// Where it stood before (`None`: no figure or no target before).
    pub previous: Option<Status>,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub window: Window,
}

/// What listeners hear after each update of the figures.
pub struct Update<'a> {
    pub snapshot: &'a Snapshot,
    pub alerts: &'a [Alert],
    pub report: Option<&'a IngestReport>,
}

type Listener = Box<dyn Fn(&Update)>;

struct Inner {
    engine: Engine,
    clock: Box<dyn Fn() -> Millis>,
    /// What batched pushes took since the panel last drew, waiting for the next frame.
    pending: Option<IngestReport>,
    /// Where the engine is saved (its localStorage key, namespaced), and when it last was
    /// (wall clock).
    storage_key: Option<String>,
    saved_at: f64,
    save_scheduled: bool,
    /// The last save failed (storage full): the next waits [`STORAGE_RETRY_MS`].
    save_failed: bool,
    /// A `pagehide` listener saves on the way out (one for the store's life).
    saves_on_pagehide: bool,
    /// When the figures were last published (wall clock).
    published_at: f64,
    /// The statuses of the last snapshot, to tell when one worsens.
    statuses: BTreeMap<Kpi, Status>,
    listeners: Vec<Listener>,
    /// The other tabs keeping the same storage key, where there are any.
    tabs: Option<Tabs>,
    /// Big batches waiting to be taken in pieces, in the order they came.
    queue: VecDeque<Queued>,
}

impl Inner {
    /// The engine, told the time of this panel's clock: events from further ahead than the
    /// configured skew are refused (contract 1.1).
    fn engine_now(&mut self) -> &mut Engine {
        self.engine.set_wall_clock((self.clock)());
        &mut self.engine
    }
}

/// After a save failed (the storage is full), the next is tried this much later (ms).
const STORAGE_RETRY_MS: f64 = 10_000.0;

/// A batch bigger than this (bytes of text, or events in an array) is taken in pieces.
const BIG_BATCH_BYTES: usize = 256 * 1024;
const BIG_BATCH_EVENTS: u32 = 2_000;
/// Events in one piece: a few hundred microseconds of work.
const PIECE_EVENTS: usize = 500;
/// Pieces are taken for this long at a time (ms), then the page gets to draw.
const PIECE_BUDGET_MS: f64 = 8.0;
/// While pieces are being taken, the panel redraws at most this often (ms).
const CATCHING_UP_REDRAW_MS: f64 = 250.0;

/// What a push did: its report, and whether the batch was queued instead (then `done` hears
/// the whole report once it is all taken in).
pub struct Pushed {
    pub report: IngestReport,
    pub queued: bool,
}

/// Told the whole report of a queued batch, once it is taken in.
pub type Done = Box<dyn FnOnce(&IngestReport)>;

/// A big batch, taken in pieces across tasks.
struct Queued {
    batch: QueuedBatch,
    report: IngestReport,
    done: Option<Done>,
}

enum QueuedBatch {
    Text(Pieces),
    /// A JavaScript array of events, turned into text a piece at a time.
    Array {
        items: js_sys::Array,
        next: u32,
    },
}

impl QueuedBatch {
    /// The next piece as text, and the batch position of its first event.
    fn next_piece(&mut self) -> Option<(String, usize)> {
        match self {
            QueuedBatch::Text(pieces) => pieces
                .next_piece(PIECE_EVENTS)
                .map(|(text, first)| (text.into_owned(), first)),
            QueuedBatch::Array { items, next } => {
                let first = *next;
                if first >= items.length() {
                    return None;
                }
                *next = first
                    .saturating_add(PIECE_EVENTS as u32)
                    .min(items.length());
                Some((json_text(&items.slice(first, *next)), first as usize))
            }
        }
    }
}

/// This panel's part in a group of tabs (see [`agent_kpi_host::tabs`]).
struct Tabs {
    sync: TabSync,
    channel: TabChannel,
    /// A flush of what was shared is due at the end of this task.
    flushing: bool,
    /// Told when this tab comes to lead.
    on_leading: Vec<Rc<dyn Fn()>>,
    /// Ends the wait for the leader's state.
    _wait: gloo_timers::callback::Timeout,
}

/// One panel's engine and its published figures. Cheap to clone: clones share the engine.
#[derive(Clone)]
pub struct KpiStore {
    inner: Rc<RefCell<Inner>>,
    snapshot: RwSignal<Snapshot>,
    window: RwSignal<Window>,
    /// The panel's part of the configuration (the engine keeps its own part).
    config: RwSignal<PanelConfig>,
    feed: RwSignal<Option<agent_kpi_host::feed_state::FeedState>>,
    trend: RwSignal<Vec<IntervalFigures>>,
    /// The latest alert, in words, for the panel's live region.
    alert: RwSignal<Option<Alert>>,
    live: RwSignal<Live>,
    team_aht: RwSignal<BTreeMap<agent_kpi_engine::Channel, f64>>,
    /// A notice for the agent: about storage, or what the host got wrong.
    notice: RwSignal<Option<agent_kpi_host::i18n::UiText>>,
}

/// What is happening now: the contacts with the agent and the open cases, at `now`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    pub now: Millis,
    pub contacts: Vec<LiveContact>,
    pub cases: Vec<LiveCase>,
}

impl KpiStore {
    /// A store read at the wall clock, with local days in the browser's own zone.
    pub fn in_browser() -> KpiStore {
        KpiStore::new(wall_clock, BrowserZone::default())
    }

    /// A store read at `clock` (epoch ms) with local days in `zone`.
    pub fn new(
        clock: impl Fn() -> Millis + 'static,
        zone: impl Zone + Send + Sync + 'static,
    ) -> KpiStore {
        let config = PanelConfig::default();
        let mut engine = Engine::new(Config::default(), Arc::new(zone));
        // A panel that keeps nothing hashes customer keys under a secret of its page's life.
        engine.set_customer_secret(CustomerSecret::new(random_secret()));
        let window = config.windows.first().copied().unwrap_or(Window::Today);
        let snapshot = engine.snapshot(window, clock(), engine.zone().as_ref());
        KpiStore {
            inner: Rc::new(RefCell::new(Inner {
                engine,
                clock: Box::new(clock),
                pending: None,
                storage_key: None,
                saved_at: 0.0,
                save_scheduled: false,
                save_failed: false,
                saves_on_pagehide: false,
                published_at: 0.0,
                statuses: BTreeMap::new(),
                listeners: Vec::new(),
                tabs: None,
                queue: VecDeque::new(),
            })),
            snapshot: RwSignal::new(snapshot),
            window: RwSignal::new(window),
            config: RwSignal::new(config),
            feed: RwSignal::new(None),
            trend: RwSignal::new(Vec::new()),
            alert: RwSignal::new(None),
            live: RwSignal::new(Live::default()),
            team_aht: RwSignal::new(BTreeMap::new()),
            notice: RwSignal::new(None),
        }
    }

    /// Takes a batch of events as text and republishes the figures.
    pub fn push_text(&self, text: &str) -> IngestReport {
        if stopped() {
            return stopped_report();
        }
        let report = self.inner.borrow_mut().engine_now().push_text(text);
        self.publish(Some(&report));
        report
    }

    /// Keeps the engine in the browser's localStorage under `scope` (namespaced: see
    /// [`agent_kpi_host::saves`]): restores what is saved there now, and saves again at most once a
    /// second and when the page is hidden. A panel that kept another scope before saves it,
    /// leaves its tabs and starts from this one's save, so no agent's events move into another
    /// one's. A save of an earlier version under the key as given (`legacy`) is taken over where
    /// it reads as one; anything else there is the host's, and left alone. An unreadable save of
    /// our own is set aside (under its key + `:unreadable`) with a notice; no storage, a notice.
    pub fn keep_in_storage(&self, scope: &str, legacy: Option<&str>) {
        use agent_kpi_host::i18n::UiText;
        if stopped() {
            return;
        }
        let key = saves::save_key(scope);
        let keeping = self.inner.borrow().storage_key.clone();
        if keeping.as_deref() == Some(key.as_str()) {
            return;
        }
        if keeping.is_some() {
            self.stop_storing();
            self.inner.borrow_mut().engine.forget_events();
        }
        let Some(storage) = local_storage() else {
            self.notice.set(Some(UiText::NoStorage));
            self.publish(None);
            return;
        };
        forget_expired_saves(&storage, js_sys::Date::now() as Millis);
        if let Some(saved) = storage.get_item(&key).ok().flatten() {
            match self.restored(&saved) {
                Ok(engine) => self.inner.borrow_mut().engine = engine,
                Err(reason) => {
                    web_sys::console::warn_1(&JsValue::from_str(&format!("agent-kpi: {reason}")));
                    let _ = storage.set_item(&format!("{key}:unreadable"), &saved);
                    let _ = storage.remove_item(&key);
                    self.notice.set(Some(UiText::UnreadableSave));
                }
            }
        } else if let Some((legacy, saved)) =
            legacy.and_then(|l| Some((l, storage.get_item(l).ok().flatten()?)))
        {
            // Moved only once it is written under the new key: never a lost day.
            if let Ok(engine) = self.restored(&saved) {
                self.inner.borrow_mut().engine = engine;
                if storage.set_item(&key, &saved).is_ok() {
                    let _ = storage.remove_item(legacy);
                }
            }
        }
        let listen = {
            let mut inner = self.inner.borrow_mut();
            // The secret kept beside this key (the host's own, where it configured one, is
            // the engine's already).
            if inner.engine.config().customer_key_secret.is_none() {
                let secret = stored_secret(&storage, &key);
                inner
                    .engine
                    .set_customer_secret(CustomerSecret::new(secret));
            }
            inner.storage_key = Some(key.clone());
            !std::mem::replace(&mut inner.saves_on_pagehide, true)
        };
        if listen {
            let store = self.clone();
            gloo_events::EventListener::new(&window(), "pagehide", move |_| store.save_now())
                .forget();
        }
        self.join_tabs(&key);
        self.publish(None);
    }

    /// Saves one last time and stops keeping the engine in storage (the host took the storage
    /// key away); the figures stay on screen.
    pub fn stop_storing(&self) {
        self.save_now();
        self.inner.borrow_mut().storage_key = None;
        self.leave_tabs();
    }

    /// An engine from `saved`, with this store's configuration and zone.
    fn restored(&self, saved: &str) -> Result<Engine, String> {
        let inner = self.inner.borrow();
        let (config, zone) = (inner.engine.config().clone(), inner.engine.zone().clone());
        Engine::restore(saved, config, zone)
    }

    /// Shares the events with the other tabs of this storage key, so they all show the same
    /// figures; the leading tab alone saves.
    fn join_tabs(&self, key: &str) {
        let (hearing, leading) = (self.clone(), self.clone());
        let Some(channel) = TabChannel::join(
            key,
            move |message| hearing.tab_step(|sync, engine| sync.receive(message, engine)),
            move || {
                leading.tab_step(TabSync::lead);
                let listeners = leading
                    .inner
                    .borrow()
                    .tabs
                    .as_ref()
                    .map(|t| t.on_leading.clone());
                for listener in listeners.unwrap_or_default() {
                    listener();
                }
            },
        ) else {
            return;
        };
        let tab = format!("{:x}", (js_sys::Math::random() * 2f64.powi(52)) as u64);
        let sync = TabSync::new(&tab);
        channel.post(&sync.hello());
        let waited = self.clone();
        let wait = gloo_timers::callback::Timeout::new(STATE_WAIT_MS, move || {
            waited.tab_step(TabSync::stop_waiting)
        });
        self.inner.borrow_mut().tabs = Some(Tabs {
            sync,
            channel,
            flushing: false,
            on_leading: Vec::new(),
            _wait: wait,
        });
    }

    /// Runs one step of the tab bookkeeping over the engine, and does what it says.
    fn tab_step(&self, step: impl FnOnce(&mut TabSync, &mut Engine) -> Received) {
        if stopped() {
            return;
        }
        let received = {
            let mut inner = self.inner.borrow_mut();
            inner.engine_now();
            let Inner { tabs, engine, .. } = &mut *inner;
            let Some(tabs) = tabs else {
                return;
            };
            step(&mut tabs.sync, engine)
        };
        match received {
            Received::Nothing => {}
            Received::Changed => self.redraw_soon(None),
            Received::Reply(messages) => {
                if let Some(tabs) = &self.inner.borrow().tabs {
                    for message in &messages {
                        tabs.channel.post(message);
                    }
                }
            }
        }
    }

    /// Whether this panel follows another tab's (it shares a storage key with a tab that leads).
    pub fn is_following(&self) -> bool {
        let inner = self.inner.borrow();
        inner
            .tabs
            .as_ref()
            .is_some_and(|tabs| !tabs.sync.is_leading())
    }

    /// Calls `listener` when this tab comes to lead its group.
    pub fn when_leading(&self, listener: impl Fn() + 'static) {
        if let Some(tabs) = &mut self.inner.borrow_mut().tabs {
            tabs.on_leading.push(Rc::new(listener));
        }
    }

    /// Leaves the group of tabs (the panel is going away), letting the next tab lead.
    pub fn leave_tabs(&self) {
        let tabs = self.inner.borrow_mut().tabs.take();
        drop(tabs);
    }

    /// Saves the engine where [`KpiStore::keep_in_storage`] said, now. Where the storage is
    /// full, saves too old to show anything go first; if it still is, the panel says so, keeps
    /// the day in memory (the last save stays as it was) and tries again every few seconds.
    pub fn save_now(&self) {
        use agent_kpi_host::i18n::UiText;
        // The state a panic left behind is not saved over the last good one.
        if stopped() {
            return;
        }
        // Among tabs, the leader saves for all.
        if self.is_following() {
            return;
        }
        let (key, saved) = {
            let inner = self.inner.borrow();
            let Some(key) = inner.storage_key.clone() else {
                return;
            };
            (key, inner.engine.save())
        };
        let Some(storage) = local_storage() else {
            return;
        };
        let now = js_sys::Date::now();
        let mut written = storage.set_item(&key, &saved).is_ok();
        if !written {
            forget_expired_saves(&storage, now as Millis);
            written = storage.set_item(&key, &saved).is_ok();
        }
        if written {
            let mut index = saves_index(&storage);
            index.written(&key, now as Millis);
            let _ = storage.set_item(saves::INDEX, &index.to_json());
        }
        {
            let mut inner = self.inner.borrow_mut();
            inner.saved_at = now;
            inner.save_failed = !written;
        }
        match (written, self.notice.get_untracked()) {
            (false, _) => self.notice.set(Some(UiText::StorageFull)),
            (true, Some(UiText::StorageFull)) => self.notice.set(None),
            _ => {}
        }
    }

    /// A notice for the agent: about storage, or what the host got wrong.
    pub fn notice(&self) -> Signal<Option<agent_kpi_host::i18n::UiText>> {
        self.notice.into()
    }

    /// Shows `text` as the panel's notice.
    pub fn show_notice(&self, text: agent_kpi_host::i18n::UiText) {
        self.notice.set(Some(text));
    }

    /// Takes a batch of events as text, and redraws at the next animation frame, once for
    /// every batch taken meanwhile: a flood of small pushes costs one redraw a frame. A big
    /// batch (over 256 KB), and any batch while one is still waiting, is queued and taken in
    /// pieces, a few milliseconds at a time, so the page keeps drawing; `done` hears its whole
    /// report then.
    pub fn push_text_batched(&self, text: String, done: Option<Done>) -> Pushed {
        if stopped() {
            return stopped_push();
        }
        if text.len() > BIG_BATCH_BYTES || !self.inner.borrow().queue.is_empty() {
            return self.enqueue(QueuedBatch::Text(Pieces::new(text)), done);
        }
        Pushed {
            report: self.take_now(&text, 0),
            queued: false,
        }
    }

    /// As [`KpiStore::push_text_batched`], for text still in JavaScript: refused whole, unread,
    /// where it is longer than [`MAX_PUSH_UNITS`].
    pub fn push_js_text(&self, text: &js_sys::JsString, done: Option<Done>) -> Pushed {
        match text.length() {
            units if units > MAX_PUSH_UNITS => self.refuse_push(format!(
                "batch: {units} characters, more than the {MAX_PUSH_UNITS} one push may take: push it in parts"
            )),
            _ => self.push_text_batched(rust_text(text), done),
        }
    }

    /// Turns a whole push away unread, with `reason`, and says so as any push's report would.
    pub fn refuse_push(&self, reason: String) -> Pushed {
        if stopped() {
            return stopped_push();
        }
        let report = self.inner.borrow_mut().engine.refuse_batch(reason);
        self.redraw_soon(Some(&report));
        Pushed {
            report,
            queued: false,
        }
    }

    /// As [`KpiStore::push_text_batched`], for a JavaScript array of events: turned into text
    /// a piece at a time when it is long.
    pub fn push_array_batched(&self, items: js_sys::Array, done: Option<Done>) -> Pushed {
        if stopped() {
            return stopped_push();
        }
        if items.length() > MAX_PUSH_EVENTS {
            return self.refuse_push(format!(
                "batch: {} events, more than the {MAX_PUSH_EVENTS} one push may take: push them in parts",
                items.length()
            ));
        }
        if items.length() > BIG_BATCH_EVENTS || !self.inner.borrow().queue.is_empty() {
            return self.enqueue(QueuedBatch::Array { items, next: 0 }, done);
        }
        self.push_text_batched(json_text(&items), done)
    }

    /// Ingests `text` (from position `first` of its batch) now, shares it with the other tabs,
    /// and redraws soon.
    fn take_now(&self, text: &str, first: usize) -> IngestReport {
        let (report, flush) = {
            let mut inner = self.inner.borrow_mut();
            let mut report = IngestReport::default();
            report.add(inner.engine_now().push_text(text), first);
            let flush = inner.tabs.as_mut().is_some_and(|tabs| {
                tabs.sync.share(text);
                !std::mem::replace(&mut tabs.flushing, true)
            });
            (report, flush)
        };
        if flush {
            // Everything the host pushes in this task goes to the other tabs in one message.
            let store = self.clone();
            let flush = Closure::once_into_js(move || store.flush_tabs());
            window().queue_microtask(flush.unchecked_ref());
        }
        self.redraw_soon(Some(&report));
        report
    }

    fn flush_tabs(&self) {
        if let Some(tabs) = &mut self.inner.borrow_mut().tabs {
            tabs.flushing = false;
            if let Some(message) = tabs.sync.flush() {
                tabs.channel.post(&message);
            }
        }
    }

    fn enqueue(&self, batch: QueuedBatch, done: Option<Done>) -> Pushed {
        let first = {
            let mut inner = self.inner.borrow_mut();
            inner.queue.push_back(Queued {
                batch,
                report: IngestReport::default(),
                done,
            });
            inner.queue.len() == 1
        };
        if first {
            self.take_queued_soon();
        }
        Pushed {
            report: IngestReport::default(),
            queued: true,
        }
    }

    fn take_queued_soon(&self) {
        let store = self.clone();
        next_task(Closure::once_into_js(move || store.take_queued()));
    }

    /// Takes pieces of the queued batches for a few milliseconds, then lets the page draw and
    /// comes back in the next task.
    fn take_queued(&self) {
        if stopped() {
            return;
        }
        let started = js_sys::Date::now();
        loop {
            let piece = {
                let mut inner = self.inner.borrow_mut();
                let Some(front) = inner.queue.front_mut() else {
                    return;
                };
                front.batch.next_piece()
            };
            match piece {
                Some((text, first)) => {
                    let report = self.take_now(&text, first);
                    if let Some(front) = self.inner.borrow_mut().queue.front_mut() {
                        front.report.add(report, 0);
                    }
                }
                None => {
                    let finished = self.inner.borrow_mut().queue.pop_front();
                    if let Some(Queued {
                        report,
                        done: Some(done),
                        ..
                    }) = finished
                    {
                        done(&report);
                    }
                }
            }
            if js_sys::Date::now() - started >= PIECE_BUDGET_MS {
                break;
            }
        }
        if !self.inner.borrow().queue.is_empty() {
            self.take_queued_soon();
        }
    }

    /// Redraws at the next animation frame, once for everything that happened meanwhile;
    /// `report` (this host's pushes) is added to what listeners hear then.
    fn redraw_soon(&self, report: Option<&IngestReport>) {
        let first = {
            let mut inner = self.inner.borrow_mut();
            let first = inner.pending.is_none();
            let pending = inner.pending.get_or_insert_with(IngestReport::default);
            if let Some(report) = report {
                pending.add(report.clone(), 0);
            }
            first
        };
        if first {
            self.redraw_at_next_frame();
        }
    }

    fn redraw_at_next_frame(&self) {
        let store = self.clone();
        request_animation_frame(move || {
            // While a big batch goes in, redraw a few times a second, not every frame: the
            // figures move too fast to read anyway, and the time goes to the batch.
            let catching_up = {
                let inner = store.inner.borrow();
                !inner.queue.is_empty()
                    && js_sys::Date::now() - inner.published_at < CATCHING_UP_REDRAW_MS
            };
            if catching_up {
                store.redraw_at_next_frame();
                return;
            }
            let pending = store.inner.borrow_mut().pending.take();
            store.publish_with(pending.as_ref(), false);
        });
    }

    /// Applies a configuration object over the current one; returns what was not applied.
    pub fn configure(&self, json: &str) -> Vec<ConfigError> {
        if stopped() {
            return vec![ConfigError {
                path: String::new(),
                message: STOPPED_REASON.to_string(),
            }];
        }
        let mut config = WidgetConfig {
            engine: self.inner.borrow().engine.config().clone(),
            panel: self.config.get_untracked(),
        };
        let mut errors = config.apply_json(json);
        let WidgetConfig {
            engine: engine_config,
            panel: mut config,
        } = config;
        let zone: Option<SharedZone> = match config.time_zone.as_deref() {
            Some(name) => match NamedZone::new(name) {
                Some(zone) => Some(Arc::new(zone)),
                None => {
                    errors.push(ConfigError {
                        path: "time_zone".into(),
                        message: format!("{name:?} is not a time zone this browser knows"),
                    });
                    config.time_zone = None;
                    None
                }
            },
            None => None,
        };
        {
            let mut inner = self.inner.borrow_mut();
            inner.engine.set_config(engine_config);
            if let Some(zone) = zone {
                inner.engine.set_zone(zone);
            }
        }
        if !config.windows.contains(&self.window.get_untracked()) {
            self.window.set(config.windows[0]);
        }
        self.config.set(config);
        self.publish(None);
        errors
    }

    /// Forgets every event, here and in the other tabs with the same storage key; the
    /// configuration stays.
    pub fn reset(&self) {
        if stopped() {
            return;
        }
        let let_go: Vec<Queued> = {
            let mut inner = self.inner.borrow_mut();
            let Inner { tabs, engine, .. } = &mut *inner;
            match tabs {
                // The other tabs with the same key forget them too.
                Some(tabs) => tabs.channel.post(&tabs.sync.reset(engine)),
                None => engine.forget_events(),
            }
            inner.statuses.clear();
            inner.queue.drain(..).collect()
        };
        // A big batch still going in was pushed before the reset: the rest of it is let go too,
        // and a host waiting for it hears what of it went in.
        for queued in let_go {
            if let Some(done) = queued.done {
                done(&queued.report);
            }
        }
        self.publish(None);
    }

    /// Recomputes the figures at the clock's current time (time figures move with the clock).
    pub fn refresh(&self) {
        self.publish(None);
    }

    fn publish(&self, report: Option<&IngestReport>) {
        self.publish_with(report, true);
    }

    /// Publishes the figures; `whole_trend: false` recomputes only the trend's intervals that
    /// changed (for redraws after events, many a second in a flood).
    fn publish_with(&self, report: Option<&IngestReport>, whole_trend: bool) {
        if stopped() {
            return;
        }
        let window = self.window.get_untracked();
        let (snapshot, alerts, trend, live, team_aht) = {
            let mut inner = self.inner.borrow_mut();
            inner.published_at = js_sys::Date::now();
            let as_of = (inner.clock)();
            let live = Live {
                now: as_of,
                contacts: inner.engine.live_contacts(),
                cases: inner.engine.live_cases(),
            };
            let zone = inner.engine.zone().clone();
            let snapshot = inner.engine.snapshot(window, as_of, zone.as_ref());
            // Between full redraws, only the intervals that changed are recomputed.
            let mut trend = if whole_trend {
                Vec::new()
            } else {
                self.trend
                    .try_update_untracked(std::mem::take)
                    .unwrap_or_default()
            };
            inner.engine.update_trend(&mut trend, as_of, zone.as_ref());
            // Inserted one by one: `collect` would bring a sort of its own into the bundle.
            let mut statuses = BTreeMap::new();
            for (kpi, f) in &snapshot.kpis {
                if let Some(status) = f.status {
                    statuses.insert(*kpi, status);
                }
            }
            let alerts = worsened(&inner.statuses, &statuses)
                .map(|(kpi, status, previous)| Alert {
                    kpi,
                    status,
                    previous,
                    value: snapshot.value(kpi),
                    target: snapshot.kpi(kpi).and_then(|f| f.target),
                    window,
                })
                .collect::<Vec<_>>();
            inner.statuses = statuses;
            let team_aht = inner.engine.team_aht_by_channel();
            (snapshot, alerts, trend, live, team_aht)
        };
        let inner = self.inner.borrow();
        let update = Update {
            snapshot: &snapshot,
            alerts: &alerts,
            report,
        };
        for listener in &inner.listeners {
            listener(&update);
        }
        drop(inner);
        if let Some(alert) = alerts.last() {
            self.alert.set(Some(alert.clone()));
        }
        let save_due = {
            let mut inner = self.inner.borrow_mut();
            let wait = if inner.save_failed {
                STORAGE_RETRY_MS
            } else {
                1_000.0
            };
            let due = inner.storage_key.is_some()
                && !inner.save_scheduled
                && js_sys::Date::now() - inner.saved_at >= wait;
            inner.save_scheduled |= due;
            due
        };
        if save_due {
            // In a task of its own, after this frame is painted: a save of a long history takes
            // milliseconds that the frame showing the new figures should not wait for.
            let store = self.clone();
            next_task(Closure::once_into_js(move || {
                store.inner.borrow_mut().save_scheduled = false;
                store.save_now();
            }));
        }
        self.trend.set(trend);
        self.live.set(live);
        if self.team_aht.with_untracked(|t| *t != team_aht) {
            self.team_aht.set(team_aht);
        }
        self.snapshot.set(snapshot);
    }

    /// Shows `window` from now on.
    pub fn set_window(&self, window: Window) {
        self.window.set(window);
        self.publish(None);
    }

    /// Today's 15-minute intervals, for sparklines.
    pub fn trend(&self) -> Signal<Vec<IntervalFigures>> {
        self.trend.into()
    }

    /// The daily history, oldest first, up to today (computed on demand).
    pub fn history(&self) -> Vec<agent_kpi_engine::DayFigures> {
        let inner = self.inner.borrow();
        inner.engine.history((inner.clock)())
    }

    /// The team's AHT per channel, from `baseline` events of scope `team/<channel>`.
    pub fn team_aht(&self) -> Signal<BTreeMap<agent_kpi_engine::Channel, f64>> {
        self.team_aht.into()
    }

    /// The contacts and cases open now.
    pub fn live(&self) -> Signal<Live> {
        self.live.into()
    }

    /// The latest alert, for the live region.
    pub fn latest_alert(&self) -> Signal<Option<Alert>> {
        self.alert.into()
    }

    /// Calls `listener` after every update of the figures.
    pub fn listen(&self, listener: impl Fn(&Update) + 'static) {
        self.inner.borrow_mut().listeners.push(Box::new(listener));
    }

    /// The figures a host asks for by name: `window` (the shown one where `None`), `as_of` (now
    /// where `None`) and an IANA `time_zone` (the engine's where `None`).
    pub fn snapshot_for(
        &self,
        window: Option<&str>,
        as_of: Option<Millis>,
        time_zone: Option<&str>,
    ) -> Result<Snapshot, String> {
        if stopped() {
            return Err(STOPPED_REASON.to_string());
        }
        let window = match window {
            Some(id) => Window::from_id(id).ok_or_else(|| format!("unknown window {id:?}"))?,
            None => self.window.get_untracked(),
        };
        let zone = match time_zone {
            Some(name) => {
                Some(NamedZone::new(name).ok_or_else(|| format!("unknown time zone {name:?}"))?)
            }
            None => None,
        };
        let inner = self.inner.borrow();
        let engine = &inner.engine;
        let zone: &dyn Zone = match &zone {
            Some(named) => named,
            None => engine.zone().as_ref(),
        };
        let as_of = match as_of {
            Some(as_of) => {
                // Figures that old are kept by day: the window would read empty, or only in part.
                engine.check_held(window, as_of, zone)?;
                as_of
            }
            None => (inner.clock)(),
        };
        Ok(engine.snapshot(window, as_of, zone))
    }

    /// The latest figures.
    pub fn snapshot(&self) -> Signal<Snapshot> {
        self.snapshot.into()
    }

    /// The window the panel shows.
    pub fn window(&self) -> RwSignal<Window> {
        self.window
    }

    pub fn config(&self) -> Signal<PanelConfig> {
        self.config.into()
    }

    /// The state of the live stream feeding this store, if one does.
    pub fn feed_state(&self) -> RwSignal<Option<agent_kpi_host::feed_state::FeedState>> {
        self.feed
    }
}

/// The KPIs whose status is now `warn` or `bad` and was better (or absent) before.
fn worsened<'a>(
    before: &'a BTreeMap<Kpi, Status>,
    now: &'a BTreeMap<Kpi, Status>,
) -> impl Iterator<Item = (Kpi, Status, Option<Status>)> + 'a {
    let rank = |s: Status| match s {
        Status::Good => 0,
        Status::Warn => 1,
        Status::Bad => 2,
    };
    now.iter().filter_map(move |(kpi, status)| {
        let previous = before.get(kpi).copied();
        let worse = rank(*status) > previous.map_or(0, rank);
        worse.then_some((*kpi, *status, previous))
    })
}
