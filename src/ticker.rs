//! What moves a panel on with the clock when nothing is pushed, and no more: a panel lives in a
//! console all shift, often on a thin client, so an idle panel must cost nothing.
//!
//! - With a contact live, its timer moves each second (the live line alone is redrawn), and the
//!   figures at each new minute.
//! - With none, the figures move at each new minute (a window's edge, occupancy's clock), and
//!   nothing runs in between.
//!
//! A push that brings a contact live re-arms the second's tick at once.

use crate::store::KpiStore;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

const SECOND: f64 = 1_000.0;
const MINUTE: f64 = 60_000.0;

/// A panel's clock ticks. Dropping it cancels the next one.
pub struct Ticker {
    store: KpiStore,
    next: RefCell<Option<Timeout>>,
    /// When the pending tick is due (wall clock, ms); infinite with none pending.
    due: Cell<f64>,
    /// The minute (wall clock) whose figures were last published by a tick.
    minute: Cell<f64>,
}

impl Ticker {
    /// Ticks for `store`, re-armed after each of its updates.
    pub fn start(store: KpiStore) -> Rc<Ticker> {
        let ticker = Rc::new(Ticker {
            store: store.clone(),
            next: RefCell::new(None),
            due: Cell::new(f64::INFINITY),
            minute: Cell::new(minute_of(js_sys::Date::now())),
        });
        // Weak: the store keeps its listeners, and the ticker keeps the store.
        let weak = Rc::downgrade(&ticker);
        store.listen(move |_| {
            if let Some(ticker) = weak.upgrade() {
                arm(&ticker);
            }
        });
        arm(&ticker);
        ticker
    }
}

fn minute_of(at: f64) -> f64 {
    (at / MINUTE).floor()
}

/// Schedules the next tick: at the next second while a contact is live, else at the next
/// minute; an earlier tick already pending stays.
fn arm(ticker: &Rc<Ticker>) {
    let now = js_sys::Date::now();
    let step = if ticker.store.has_live_contacts() {
        SECOND
    } else {
        MINUTE
    };
    let due = ((now / step).floor() + 1.0) * step;
    if ticker.due.get() <= due {
        return;
    }
    let weak: Weak<Ticker> = Rc::downgrade(ticker);
    let timeout = Timeout::new((due - now).ceil() as u32, move || {
        if let Some(ticker) = weak.upgrade() {
            tick(&ticker);
        }
    });
    ticker.due.set(due);
    // Replacing the pending timeout cancels it.
    *ticker.next.borrow_mut() = Some(timeout);
}

fn tick(ticker: &Rc<Ticker>) {
    ticker.due.set(f64::INFINITY);
    ticker.next.borrow_mut().take();
    let minute = minute_of(js_sys::Date::now());
    if minute != ticker.minute.get() {
        ticker.minute.set(minute);
        // Publishes, and its listener re-arms the next tick.
        ticker.store.refresh();
    } else {
        ticker.store.move_timers();
    }
    arm(ticker);
}
