//! A store's save in localStorage: restoring it, saving at most once a second and on the way
//! out, the secret customer keys are hashed under, and old saves let go.

use super::KpiStore;
use crate::js_text::rust_text;
use crate::panic::stopped;
use agent_kpi_engine::{CustomerSecret, Engine, Millis};
use agent_kpi_host::saves;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The page's localStorage, where the browser gives one (not in some private modes, nor to a
/// frame of another site where third-party storage is blocked). Read through web-sys rather
/// than gloo-storage, whose `raw()` throws where there is none.
fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A `Storage` whose `getItem` leaves its text in JavaScript: a save is hundreds of
    /// kilobytes, which [`rust_text`] brings into wasm faster than wasm-bindgen's copy of a
    /// `String`.
    type TextStorage;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_text(this: &TextStorage, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;
}

/// The text stored under `key`, where there is any.
fn stored_text(storage: &web_sys::Storage, key: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    storage
        .unchecked_ref::<TextStorage>()
        .get_text(key)
        .ok()
        .flatten()
        .map(|text| rust_text(&text))
}

/// 16 random bytes from the browser's `crypto.getRandomValues`.
pub(super) fn random_secret() -> [u8; 16] {
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

/// After a save failed (the storage is full), the next is tried this much later (ms).
pub(super) const STORAGE_RETRY_MS: f64 = 10_000.0;

impl KpiStore {
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
        self.inner.borrow_mut().saved_revision = None;
        if let Some(saved) = stored_text(&storage, &key) {
            match self.restored(&saved) {
                Ok(engine) => self.restore_from_storage(engine),
                Err(reason) => {
                    web_sys::console::warn_1(&JsValue::from_str(&format!("agent-kpi: {reason}")));
                    let _ = storage.set_item(&format!("{key}:unreadable"), &saved);
                    let _ = storage.remove_item(&key);
                    self.notice.set(Some(UiText::UnreadableSave));
                }
            }
        } else if let Some((legacy, saved)) =
            legacy.and_then(|l| Some((l, stored_text(&storage, l)?)))
        {
            // Moved only once it is written under the new key: never a lost day.
            if let Ok(engine) = self.restored(&saved) {
                self.restore_from_storage(engine);
                if storage.set_item(&key, &saved).is_ok() {
                    let _ = storage.remove_item(legacy);
                } else {
                    self.inner.borrow_mut().saved_revision = None;
                }
            }
        }
        let listen = {
            let mut inner = self.inner.borrow_mut();
            // The secret kept beside this key (the host's own, where it configured one, is
            // the engine's already).
            if inner.engine.config().customer_key_secret.is_none() {
                let secret = stored_secret(&storage, &key);
                // A save whose customer keys were not hashed under a secret yet moves the
                // engine's revision here, and is written again, hashed.
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

    /// Takes `engine`, restored from the save in storage, which holds it as it is.
    fn restore_from_storage(&self, engine: Engine) {
        let mut inner = self.inner.borrow_mut();
        inner.saved_revision = Some(engine.revision());
        inner.engine = engine;
    }

    /// An engine from `saved`, with this store's configuration and zone.
    pub(super) fn restored(&self, saved: &str) -> Result<Engine, String> {
        let inner = self.inner.borrow();
        let (config, zone) = (inner.engine.config().clone(), inner.engine.zone().clone());
        Engine::restore(saved, config, zone)
    }

    /// Saves the engine where [`KpiStore::keep_in_storage`] said, now. Where the storage is
    /// full, saves too old to show anything go first; if it still is, the panel says so, keeps
    /// the day in memory (the last save stays as it was) and tries again every few seconds.
    /// Saves within a second of a change, the last change of a burst included (at most one save
    /// a second), or [`STORAGE_RETRY_MS`] after a save that failed: whatever comes next, a push
    /// or nothing, the latest events are kept.
    pub(super) fn schedule_save(&self) {
        let delay = {
            let mut inner = self.inner.borrow_mut();
            if inner.storage_key.is_none() || inner.save_scheduled || inner.saved() {
                return;
            }
            inner.save_scheduled = true;
            let wait = if inner.save_failed {
                STORAGE_RETRY_MS
            } else {
                1_000.0
            };
            (inner.saved_at + wait - js_sys::Date::now()).max(0.0)
        };
        let store = self.clone();
        let save = move || {
            store.inner.borrow_mut().save_scheduled = false;
            store.save_now();
        };
        if delay > 0.0 {
            gloo_timers::callback::Timeout::new(delay.ceil() as u32, save).forget();
        } else {
            // In a task of its own, after this frame is painted: a save of a long history takes
            // milliseconds that the frame showing the new figures should not wait for.
            super::next_task(wasm_bindgen::closure::Closure::once_into_js(save));
        }
    }

    pub fn save_now(&self) {
        use agent_kpi_host::i18n::UiText;
        // The state a panic left behind is not saved over the last good one.
        if stopped() {
            return;
        }
        // Among tabs, the leader saves for all (a tab that has heard from no other yet, too).
        if !self.saves_for_its_tabs() {
            return;
        }
        let (key, saved, revision) = {
            let inner = self.inner.borrow();
            let Some(key) = inner.storage_key.clone() else {
                return;
            };
            if inner.saved() {
                return;
            }
            match inner.engine.save() {
                Ok(saved) => (key, saved, inner.engine.revision()),
                Err(error) => {
                    // The last save stays as it was.
                    web_sys::console::warn_1(&JsValue::from_str(&format!("agent-kpi: {error}")));
                    return;
                }
            }
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
            if written {
                inner.saved_revision = Some(revision);
            }
        }
        if !written {
            // Tried again in a while, whether or not the figures change.
            self.schedule_save();
        }
        match (written, self.notice.get_untracked()) {
            (false, _) => self.notice.set(Some(UiText::StorageFull)),
            (true, Some(UiText::StorageFull)) => self.notice.set(None),
            _ => {}
        }
    }
}
