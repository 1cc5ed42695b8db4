//! A store's part in the group of tabs that keep the same storage key: the browser's side of
//! [`agent_kpi_host::tabs`], over a `BroadcastChannel` and a Web Lock.

use super::{Inner, KpiStore};
use crate::panic::stopped;
use crate::tab_channel::{TabChannel, STATE_WAIT_MS};
use agent_kpi_engine::Engine;
use agent_kpi_host::tabs::{Received, TabSync};
use std::rc::Rc;

/// This panel's part in a group of tabs (see [`agent_kpi_host::tabs`]).
pub(super) struct Tabs {
    sync: TabSync,
    channel: TabChannel,
    /// A flush of what was shared is due at the end of this task.
    flushing: bool,
    /// Told when this tab comes to lead.
    on_leading: Vec<Rc<dyn Fn()>>,
    /// Ends the wait for the leader's state.
    _wait: gloo_timers::callback::Timeout,
}

impl Tabs {
    /// Shares `text`, taken here, with the other tabs; true where a flush must be set for the
    /// end of this task (the first text of the task).
    pub(super) fn share(&mut self, text: &str) -> bool {
        self.sync.share(text);
        !std::mem::replace(&mut self.flushing, true)
    }

    /// Forgets every event here and in the other tabs.
    pub(super) fn reset(&mut self, engine: &mut Engine) {
        self.channel.post(&self.sync.reset(engine));
    }
}

impl KpiStore {
    /// Shares the events with the other tabs of this storage key, so they all show the same
    /// figures; the leading tab alone saves (and a tab that has heard from no other yet).
    pub(super) fn join_tabs(&self, key: &str) {
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
                // The leader saves for all: what this tab took while it followed, too.
                leading.schedule_save();
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
    pub(super) fn tab_step(&self, step: impl FnOnce(&mut TabSync, &mut Engine) -> Received) {
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

    /// Whether this panel saves its state: alone, or for its group of tabs
    /// ([`TabSync::saves`]: the leader, or a tab that has just opened and heard no other yet).
    pub fn saves_for_its_tabs(&self) -> bool {
        let inner = self.inner.borrow();
        inner.tabs.as_ref().is_none_or(|tabs| tabs.sync.saves())
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

    pub(super) fn flush_tabs(&self) {
        if let Some(tabs) = &mut self.inner.borrow_mut().tabs {
            tabs.flushing = false;
            if let Some(message) = tabs.sync.flush() {
                tabs.channel.post(&message);
            }
        }
    }
}
