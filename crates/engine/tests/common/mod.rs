//! Helpers of the native engine tests: events written tersely, at times of one UTC day.
#![allow(dead_code)]

use agent_kpi_engine::{Engine, Figure, Kpi, Snapshot};

/// 2026-11-23T00:00:00Z in epoch milliseconds.
pub const DAY_START: i64 = 1_795_392_000_000;

/// Epoch ms of `hh:mm:ss` on 2026-11-23, UTC (hours past 24 run into the next day; a leading
/// `-` counts back from midnight).
pub fn at(hms: &str) -> i64 {
    let (sign, hms) = match hms.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, hms),
    };
    let parts: Vec<i64> = hms
        .split(':')
        .map(|p| p.parse().expect("hh:mm:ss"))
        .collect();
    DAY_START + sign * ((parts[0] * 60 + parts[1]) * 60 + parts.get(2).copied().unwrap_or(0)) * 1000
}

/// NDJSON events with ids numbered in the order written.
#[derive(Default)]
pub struct Feed {
    lines: Vec<String>,
}

impl Feed {
    pub fn new() -> Feed {
        Feed::default()
    }

    /// One event of `kind` at `hms` with extra fields (`"k":v,…`, may be empty).
    pub fn event(&mut self, hms: &str, kind: &str, extra: &str) -> &mut Feed {
        let id = self.lines.len() + 1;
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(",{extra}")
        };
        self.lines.push(format!(
            r#"{{"id":"e{id}","ts":{},"type":"{kind}"{extra}}}"#,
            at(hms)
        ));
        self
    }

    pub fn state(&mut self, hms: &str, state: &str) -> &mut Feed {
        self.event(hms, "agent_state", &format!(r#""state":"{state}""#))
    }

    /// A `contact_offered`, with extra fields.
    pub fn offer(&mut self, hms: &str, contact: &str, channel: &str, extra: &str) -> &mut Feed {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(",{extra}")
        };
        self.event(
            hms,
            "contact_offered",
            &format!(r#""contact_id":"{contact}","channel":"{channel}"{extra}"#),
        )
    }

    /// An event of `kind` about `contact`, with extra fields.
    pub fn on(&mut self, hms: &str, kind: &str, contact: &str, extra: &str) -> &mut Feed {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(",{extra}")
        };
        self.event(hms, kind, &format!(r#""contact_id":"{contact}"{extra}"#))
    }

    /// A whole contact: offered and answered at `start`, ended at `end`, wrapped up at `wrap`.
    pub fn contact(
        &mut self,
        contact: &str,
        channel: &str,
        start: &str,
        end: &str,
        wrap: &str,
    ) -> &mut Feed {
        self.offer(start, contact, channel, "")
            .on(start, "contact_answered", contact, "")
            .on(end, "contact_ended", contact, "")
            .on(wrap, "wrap_up_ended", contact, "")
    }

    pub fn case(&mut self, hms: &str, kind: &str, case: &str, extra: &str) -> &mut Feed {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(",{extra}")
        };
        self.event(hms, kind, &format!(r#""case_id":"{case}"{extra}"#))
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// An engine fed these events, with every one accepted.
    pub fn engine(&self) -> Engine {
        self.engine_with(Engine::default())
    }

    pub fn engine_with(&self, mut engine: Engine) -> Engine {
        let report = engine.push_text(&self.text());
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        assert_eq!(report.accepted as usize, self.lines.len());
        engine
    }
}

/// The figure of `kpi`, which must be reported.
pub fn figure(snap: &Snapshot, kpi: Kpi) -> &Figure {
    snap.kpi(kpi)
        .unwrap_or_else(|| panic!("{kpi:?} is not reported"))
}

/// (value, n) of `kpi`.
pub fn value_n(snap: &Snapshot, kpi: Kpi) -> (Option<f64>, u64) {
    let f = figure(snap, kpi);
    (f.value, f.n)
}
