//! The figures as the contract hands them out ("Reading the figures").

use super::event::Channel;
use super::tally::{ContactTally, Tally};
use super::time::Millis;
use serde::Serialize;
use std::collections::BTreeMap;

/// A KPI id of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    Handled,
    Aht,
    Talk,
    Hold,
    Acw,
    Cph,
}

impl Kpi {
    pub const ALL: [Kpi; 6] = [
        Kpi::Handled,
        Kpi::Aht,
        Kpi::Talk,
        Kpi::Hold,
        Kpi::Acw,
        Kpi::Cph,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kpi::Handled => "handled",
            Kpi::Aht => "aht",
            Kpi::Talk => "talk",
            Kpi::Hold => "hold",
            Kpi::Acw => "acw",
            Kpi::Cph => "cph",
        }
    }

    pub fn from_id(id: &str) -> Option<Kpi> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A window of time the figures cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Local midnight to now.
    Today,
}

/// One figure: its value (`None` where `n` is 0) and the sample behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub value: Option<f64>,
    pub n: u64,
}

impl Figure {
    fn new(n: u64, value: impl FnOnce() -> f64) -> Figure {
        Figure {
            value: (n > 0).then(value),
            n,
        }
    }
}

/// How many events came in and what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestCounts {
    /// Valid events taken in.
    pub accepted: u64,
    /// Events whose `id` was already seen: ignored.
    pub duplicates: u64,
    /// Events turned away by validation, each with a reason.
    pub rejected: u64,
    /// Events of a type this version does not know: skipped.
    pub unknown: u64,
    /// Valid events that did not fit their contact's lifecycle (a hold on a contact never
    /// answered, say): counted among the accepted, changed no figure.
    pub ignored: u64,
}

/// All figures of one window at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub window: Window,
    pub as_of: Millis,
    pub kpis: BTreeMap<Kpi, Figure>,
    /// Per channel, for the channels with any contact in the window.
    pub channels: BTreeMap<Channel, BTreeMap<Kpi, Figure>>,
    pub ingest: IngestCounts,
}

impl Snapshot {
    /// The figure of `kpi`, overall.
    pub fn kpi(&self, kpi: Kpi) -> Option<&Figure> {
        self.kpis.get(&kpi)
    }

    /// The value of `kpi`, overall, where there is one.
    pub fn value(&self, kpi: Kpi) -> Option<f64> {
        self.kpi(kpi).and_then(|f| f.value)
    }

    pub(crate) fn from_tally(
        window: Window,
        as_of: Millis,
        tally: &Tally,
        ingest: IngestCounts,
    ) -> Snapshot {
        let staffed_ms = tally.time.staffed_ms;
        let channels = Channel::ALL
            .into_iter()
            .filter(|c| !tally.channel(*c).is_empty())
            .map(|c| (c, contact_figures(tally.channel(c), staffed_ms)))
            .collect();
        Snapshot {
            window,
            as_of,
            kpis: contact_figures(&tally.contacts(), staffed_ms),
            channels,
            ingest,
        }
    }
}

/// The figures of a set of contacts. `staffed_ms` is the agent's staffed time in the window
/// (the CPH denominator; per channel it is the same time, so channel CPHs add up).
fn contact_figures(c: &ContactTally, staffed_ms: Millis) -> BTreeMap<Kpi, Figure> {
    let n = c.handled;
    let mean_seconds =
        |total_ms: Millis| Figure::new(n, || round_ratio(total_ms as i128, n as i128 * 1000, 10));
    BTreeMap::from([
        (Kpi::Handled, Figure::new(n, || n as f64)),
        (Kpi::Aht, mean_seconds(c.handle_ms())),
        (Kpi::Talk, mean_seconds(c.talk_ms)),
        (Kpi::Hold, mean_seconds(c.hold_ms)),
        (Kpi::Acw, mean_seconds(c.acw_ms)),
        (
            Kpi::Cph,
            Figure::new(if staffed_ms > 0 { n } else { 0 }, || {
                round_ratio(n as i128 * 3_600_000, staffed_ms as i128, 100)
            }),
        ),
    ])
}

/// `num / den` rounded to the nearest `1 / scale`, halves away from zero, in exact integer
/// arithmetic so that the same sums always give the same decimals.
pub fn round_ratio(num: i128, den: i128, scale: i128) -> f64 {
    if den == 0 {
        return 0.0;
    }
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    let scaled = num * scale;
    let rounded = if scaled >= 0 {
        (2 * scaled + den) / (2 * den)
    } else {
        -((-2 * scaled + den) / (2 * den))
    };
    rounded as f64 / scale as f64
}

#[cfg(test)]
mod tests {
    use super::round_ratio;

    #[test]
    fn rounds_halves_away_from_zero() {
        assert_eq!(round_ratio(1, 8, 100), 0.13); // 0.125
        assert_eq!(round_ratio(-1, 8, 100), -0.13);
        assert_eq!(round_ratio(2, 3, 10), 0.7);
        assert_eq!(round_ratio(5, 0, 10), 0.0);
    }
}
