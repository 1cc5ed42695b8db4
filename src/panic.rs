//! When the widget panics anyway. In wasm a panic stops the code where it stood: a borrow it held
//! stays held, and the next timer to touch it would panic again, every second. So the first
//! panic stops the widget for the rest of the page's life: it is logged, each host is told once
//! (a `kpi-error` event, an `agent-kpi:error` message), each panel shows one notice instead of
//! stale figures, and from then on every way into the widget ([`stopped`]) does nothing. A
//! reload starts it again from its last save.

use std::cell::RefCell;

type Witness = Box<dyn Fn(&str)>;

thread_local! {
    static WITNESSES: RefCell<Vec<(u32, Witness)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: RefCell<u32> = const { RefCell::new(0) };
    static STOPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the widget has stopped after a panic: then nothing may run in it any more.
pub fn stopped() -> bool {
    STOPPED.with(|s| s.get())
}

/// The notice each panel shows once the widget has stopped.
pub const CRASH_NOTICE: &str = "The KPI panel stopped working. Reload the page to start it again. / KPIパネルが停止しました。ページを再読み込みしてください。";

/// What a host is told of anything it asks of the widget once it has stopped.
pub const STOPPED_REASON: &str =
    "the widget stopped after an internal error: reload the page to start it again";

/// Installs the panic hook (once per page is enough; again is harmless).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        report(&info.to_string());
    }));
}

/// Calls `witness` with the message of any panic, until [`forget`] is called with the id.
pub fn on_panic(witness: impl Fn(&str) + 'static) -> u32 {
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    WITNESSES.with(|w| w.borrow_mut().push((id, Box::new(witness))));
    id
}

pub fn forget(id: u32) {
    WITNESSES.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            w.retain(|(i, _)| *i != id);
        }
    });
}

/// Stops the widget and tells every witness about the panic; a panic after the first (one that
/// happened while stopping) changes nothing.
pub fn report(message: &str) {
    if STOPPED.with(|s| s.replace(true)) {
        return;
    }
    WITNESSES.with(|w| {
        // A panic inside a witness must not panic again here.
        if let Ok(witnesses) = w.try_borrow() {
            for (_, witness) in witnesses.iter() {
                witness(message);
            }
        }
    });
}
