//! The panel's state: one engine, the clock it is read at, and the latest figures as signals.
//! Feeds push into it; the panel only reads the signals; embedding layers listen for updates.
//!
//! One job a file: taking pushes ([`queue`]), keeping the save ([`storage`]), sharing it with
//! the other tabs ([`tabs`]); this file holds the state, the configuration, and publishing.

mod queue;
mod storage;
mod tabs;

use queue::Queued;
pub use queue::{Done, Pushed, MAX_PUSH_EVENTS, MAX_PUSH_UNITS};
use storage::random_secret;
use tabs::Tabs;

use crate::panic::{stopped, STOPPED_REASON};
use crate::zones::{BrowserZone, NamedZone};
use agent_kpi_engine::{
    json_fields, ConfigError, Configure, CustomerSecret, Direction, Engine, IngestReport,
    IntervalFigures, Kpi, LiveCase, LiveContact, Millis, SharedZone, Snapshot, Status, Window,
    Zone,
};
use agent_kpi_host::panel_config::{PanelConfig, WidgetConfig};
use agent_kpi_host::verdict;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    fn next_task(callback: JsValue);
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
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub kpi: Kpi,
    pub status: Status,
    /// Where it stood before (`None`: no figure or no target before).
    pub previous: Option<Status>,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub window: Window,
}

json_fields!(Alert {
    kpi,
    status,
    previous,
    value,
    target,
    window
});

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
    /// The engine's revision that the save in storage holds (restored or written): until the
    /// engine moves past it, there is nothing to save.
    saved_revision: Option<u64>,
    /// A `pagehide` listener saves on the way out (one for the store's life).
    saves_on_pagehide: bool,
    /// When the figures were last published (wall clock).
    published_at: f64,
    /// The statuses of the last snapshot, in the KPIs' order, to tell when one worsens (a list:
    /// a map of these types would be a B-tree's code of its own in the bundle).
    statuses: Vec<(Kpi, Status)>,
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

    /// Whether the save in storage holds the engine as it is now.
    fn saved(&self) -> bool {
        self.saved_revision == Some(self.engine.revision())
    }
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
    team_aht: RwSignal<[Option<f64>; agent_kpi_engine::Channel::COUNT]>,
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
        // The balanced preset's strip and targets until a host configures the panel.
        let WidgetConfig {
            engine: rules,
            panel: config,
        } = WidgetConfig::default();
        let mut engine = Engine::new(rules, Arc::new(zone));
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
                saved_revision: None,
                saves_on_pagehide: false,
                published_at: 0.0,
                statuses: Vec::new(),
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
            team_aht: RwSignal::new([None; agent_kpi_engine::Channel::COUNT]),
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

    /// A notice for the agent: about storage, or what the host got wrong.
    pub fn notice(&self) -> Signal<Option<agent_kpi_host::i18n::UiText>> {
        self.notice.into()
    }

    /// Shows `text` as the panel's notice.
    pub fn show_notice(&self, text: agent_kpi_host::i18n::UiText) {
        self.notice.set(Some(text));
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
                Some(tabs) => tabs.reset(engine),
                None => engine.forget_events(),
            }
            inner.statuses.clear();
            inner.queue.drain(..).collect()
        };
        // A big batch still going in was pushed before the reset: the rest of it is let go too,
        // and a host waiting for it hears what of it went in.
        for queued in let_go {
            queued.let_go();
        }
        self.publish(None);
    }

    /// Recomputes the figures at the clock's current time (time figures move with the clock).
    pub fn refresh(&self) {
        self.publish(None);
    }

    /// True while a contact is with the agent (ringing, in conversation or in ACW). Read from the
    /// engine, so it is already true in the listeners of the update that brought the contact.
    pub fn has_live_contacts(&self) -> bool {
        self.inner.borrow().engine.has_live_contacts()
    }

    /// Moves the live timers (the contacts' time in their phase, the cases' age) to the clock's
    /// current time, and nothing else: a second's tick redraws the live line alone.
    pub fn move_timers(&self) {
        if stopped() {
            return;
        }
        let now = (self.inner.borrow().clock)();
        self.live.write().now = now;
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
            // The statuses the panel shows: none on too small a sample, so no alert either.
            let min_sample = self.config.with_untracked(|c| c.min_sample);
            let statuses: Vec<(Kpi, Status)> = snapshot
                .kpis
                .iter()
                .filter_map(|(kpi, f)| Some((*kpi, verdict::verdict(*kpi, f, min_sample)?)))
                .collect();
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
        self.schedule_save();
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
    pub fn team_aht(&self) -> Signal<[Option<f64>; agent_kpi_engine::Channel::COUNT]> {
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

    /// Which way `kpi` is better: its target's direction where one is set, else the KPI's own.
    /// Not a signal: a new configuration publishes new figures, which read it again.
    pub fn direction(&self, kpi: Kpi) -> Direction {
        self.inner
            .borrow()
            .engine
            .config()
            .targets
            .get(&kpi)
            .map_or(kpi.direction(), |target| target.direction)
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
    before: &'a [(Kpi, Status)],
    now: &'a [(Kpi, Status)],
) -> impl Iterator<Item = (Kpi, Status, Option<Status>)> + 'a {
    let rank = |s: Status| match s {
        Status::Good => 0,
        Status::Warn => 1,
        Status::Bad => 2,
    };
    now.iter().filter_map(move |(kpi, status)| {
        let previous = before
            .iter()
            .find(|(known, _)| known == kpi)
            .map(|(_, status)| *status);
        let worse = rank(*status) > previous.map_or(0, rank);
        worse.then_some((*kpi, *status, previous))
    })
}
