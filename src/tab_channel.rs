//! The other tabs of a panel with a storage key, over a `BroadcastChannel` named after the key,
//! with a Web Lock of the same name to pick the tab that leads. The bookkeeping is
//! [`agent_kpi_host::tabs::TabSync`]; this only moves its messages.

use agent_kpi_host::tabs::TabMessage;
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    fn lead_when_free(name: &str, on_leading: &Closure<dyn FnMut()>) -> js_sys::Function;
}

/// How long a new tab waits for the leader's state before it goes on alone.
pub const STATE_WAIT_MS: u32 = 1_500;

/// This tab's end of the channel. Dropping it leaves the group and lets go of the lock.
pub struct TabChannel {
    channel: BroadcastChannel,
    release: js_sys::Function,
    _listener: EventListener,
    _on_leading: Closure<dyn FnMut()>,
}

impl TabChannel {
    /// Joins the tabs of `key`: `on_message` hears what the others post, `on_leading` runs once
    /// this tab holds the lock. `None` where the browser has no `BroadcastChannel`.
    pub fn join(
        key: &str,
        on_message: impl Fn(TabMessage) + 'static,
        on_leading: impl FnMut() + 'static,
    ) -> Option<TabChannel> {
        // Named after the save's key, which is in the widget's namespace already.
        let channel = BroadcastChannel::new(key).ok()?;
        let listener = EventListener::new(&channel, "message", move |event| {
            let text = event
                .dyn_ref::<MessageEvent>()
                .and_then(|e| e.data().as_string());
            // Another version's message, or garbage: not ours to act on.
            if let Some(message) = text.and_then(|t| TabMessage::from_json(&t)) {
                on_message(message);
            }
        });
        let on_leading = Closure::<dyn FnMut()>::new(on_leading);
        let release = lead_when_free(key, &on_leading);
        Some(TabChannel {
            channel,
            release,
            _listener: listener,
            _on_leading: on_leading,
        })
    }

    /// Posts `message` to every other tab of the group.
    pub fn post(&self, message: &TabMessage) {
        let _ = self
            .channel
            .post_message(&JsValue::from_str(&message.to_json()));
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
        self.channel.close();
    }
}
