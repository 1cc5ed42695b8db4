//! The panel's state: one engine, the clock it is read at, and the latest snapshot as a signal.
//! Feeds push into it; the panel only reads the signal.

use crate::engine::{Engine, IngestReport, Millis, Snapshot, Window, Zone};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// The browser's own time zone, read from `Date`.
pub struct BrowserZone;

impl Zone for BrowserZone {
    fn offset_at(&self, utc: Millis) -> Millis {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(utc as f64));
        // getTimezoneOffset is UTC minus local, in minutes.
        -(date.get_timezone_offset() as Millis) * 60_000
    }
}

/// The wall clock, in epoch milliseconds.
pub fn wall_clock() -> Millis {
    js_sys::Date::now() as Millis
}

struct Inner {
    engine: Engine,
    clock: Box<dyn Fn() -> Millis>,
    zone: Box<dyn Zone>,
}

/// One panel's engine and its published figures. Cheap to clone: clones share the engine.
#[derive(Clone)]
pub struct KpiStore {
    inner: Rc<RefCell<Inner>>,
    snapshot: RwSignal<Snapshot>,
}

impl KpiStore {
    /// A store read at `clock` (epoch ms) with local days in `zone`.
    pub fn new(clock: impl Fn() -> Millis + 'static, zone: impl Zone + 'static) -> KpiStore {
        let engine = Engine::default();
        let snapshot = engine.snapshot(Window::Today, clock(), &zone);
        KpiStore {
            inner: Rc::new(RefCell::new(Inner {
                engine,
                clock: Box::new(clock),
                zone: Box::new(zone),
            })),
            snapshot: RwSignal::new(snapshot),
        }
    }

    /// Takes a batch of events as text and republishes the figures.
    pub fn push_text(&self, text: &str) -> IngestReport {
        let report = self.inner.borrow_mut().engine.push_text(text);
        self.refresh();
        report
    }

    /// Recomputes the figures at the clock's current time (time figures move with the clock).
    pub fn refresh(&self) {
        let snapshot = {
            let inner = self.inner.borrow();
            inner
                .engine
                .snapshot(Window::Today, (inner.clock)(), inner.zone.as_ref())
        };
        self.snapshot.set(snapshot);
    }

    /// The latest figures.
    pub fn snapshot(&self) -> Signal<Snapshot> {
        self.snapshot.into()
    }

    /// The clock's current time.
    pub fn now(&self) -> Millis {
        (self.inner.borrow().clock)()
    }
}
