//! When the widget panics anyway. In wasm a panic ends the module for the rest of the page's
//! life, so the hook does what it can before that: logs it, tells each host (a `kpi-error`
//! event, an `agent-kpi:error` message) and puts a notice in each panel instead of leaving it
//! frozen with stale figures.

use std::cell::RefCell;

type Witness = Box<dyn Fn(&str)>;

thread_local! {
    static WITNESSES: RefCell<Vec<(u32, Witness)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: RefCell<u32> = const { RefCell::new(0) };
}

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

/// Tells every witness about a panic.
pub fn report(message: &str) {
    WITNESSES.with(|w| {
        // A panic inside a witness must not panic again here.
        if let Ok(witnesses) = w.try_borrow() {
            for (_, witness) in witnesses.iter() {
                witness(message);
            }
        }
    });
}
