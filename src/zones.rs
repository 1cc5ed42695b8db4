//! Time zones as the browser knows them: its own (from `Date`) and any IANA zone by name (from
//! `Intl`), each answer remembered, since the engine asks at every event.

use agent_kpi_engine::{FixedOffset, Millis, OffsetCache, Zone};
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    fn zone_offset_minutes(zone: &str, utc_ms: f64) -> f64;
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
