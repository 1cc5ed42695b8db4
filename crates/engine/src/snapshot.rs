//! The figures as the contract hands them out ("Reading the figures").

use crate::config::{Config, Status};
use crate::core::OpenCases;
use crate::event::Channel;
use crate::json::{JsonOut, ToJson};
use crate::json_fields;
use crate::kpi::{Kpi, Unit};
use crate::persist::write::saved_fields;
use crate::tally::{ContactTally, Tally, TimeTally};
use crate::time::{Millis, HOUR};
use crate::SortedMap;
use serde::Serialize;

/// A window of time the figures cover.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Window {
    /// Local midnight to now.
    #[default]
    #[serde(rename = "today")]
    Today,
    /// Since the first logged-in moment of the current (or last) run of logged-in time.
    #[serde(rename = "shift")]
    Shift,
    /// The last 60 minutes.
    #[serde(rename = "rolling_60m")]
    Rolling60m,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Today, Window::Shift, Window::Rolling60m];

    pub fn id(self) -> &'static str {
        match self {
            Window::Today => "today",
            Window::Shift => "shift",
            Window::Rolling60m => "rolling_60m",
        }
    }

    pub fn from_id(id: &str) -> Option<Window> {
        Self::ALL.into_iter().find(|w| w.id() == id)
    }
}

impl ToJson for Window {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self.id());
    }
}

/// How often one contact reason came up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
}

json_fields!(ReasonCount { reason, count });

/// One figure: its value (`None` where `n` is 0), the sample behind it, and where configured
/// or fed, its target, status and baseline.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figure {
    pub value: Option<f64>,
    pub n: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The team's figure (a `baseline` event of scope `team`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// FCR: resolved contacts whose repeat window is still open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisional: Option<u64>,
    /// CES: the share of answers of 5 to 7.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Top reasons: the ten most frequent, with their counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ReasonCount>>,
}

json_fields!(Figure { value, n } skip_none {
    status,
    target,
    baseline,
    provisional,
    share,
    items
});

impl Figure {
    /// A figure of sample `n` whose value, where `n > 0`, is `value()`.
    fn of(n: i64, value: impl FnOnce() -> f64) -> Figure {
        let n = n.max(0) as u64;
        Figure {
            value: (n > 0).then(value),
            n,
            ..Figure::default()
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
    /// Valid events that did not fit their contact's or case's lifecycle (a hold on a contact
    /// never answered, say): among the accepted, but they changed no figure.
    pub ignored: u64,
    /// Events refused because their `ts` was ahead of the widget's clock by more than the
    /// allowed skew: among the rejected.
    pub future: u64,
}

saved_fields!(IngestCounts {
    accepted,
    duplicates,
    rejected,
    unknown,
    ignored,
} or_default {
    // Not in saves before contract 1.1.
    future
});

/// The latest event refused for coming from the future: how far ahead of the widget's clock
/// it was, and when (by that clock).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FromTheFuture {
    pub ahead: Millis,
    pub at: Millis,
}

saved_fields!(FromTheFuture { ahead, at });

/// All figures of one window at one instant (by default, of no event: none).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Snapshot {
    pub window: Window,
    pub as_of: Millis,
    /// Where the window starts (epoch ms).
    pub from: Millis,
    pub kpis: SortedMap<Kpi, Figure>,
    /// Contact figures per channel, for the channels with any contact in the window.
    pub channels: SortedMap<Channel, SortedMap<Kpi, Figure>>,
    pub ingest: IngestCounts,
    /// Present while events arrive from the future (the latest in the 15 minutes before
    /// `as_of`): a host's or this computer's clock is wrong, and the panel says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_the_future: Option<FromTheFuture>,
}

json_fields!(Snapshot {
    window,
    as_of,
    from,
    kpis,
    channels,
    ingest
} skip_none {
    from_the_future
});

impl Snapshot {
    /// The figure of `kpi`, overall.
    pub fn kpi(&self, kpi: Kpi) -> Option<&Figure> {
        self.kpis.get(&kpi)
    }

    /// The value of `kpi`, overall, where there is one.
    pub fn value(&self, kpi: Kpi) -> Option<f64> {
        self.kpi(kpi).and_then(|f| f.value)
    }

    /// The value of `kpi` on `channel`, where there is one.
    pub fn channel_value(&self, channel: Channel, kpi: Kpi) -> Option<f64> {
        self.channels.get(&channel)?.get(&kpi)?.value
    }
}

/// The AHT this agent would have at the team's AHT per channel, given their own channel mix:
/// Σ handled(c) × team AHT(c) / Σ handled(c), over the channels with a team figure. Comparing
/// it with the agent's AHT is fair to an agent who takes more of a slower channel.
pub fn mix_adjusted_aht(
    snapshot: &Snapshot,
    team_aht: &[Option<f64>; Channel::COUNT],
) -> Option<f64> {
    let (weighted, handled) = snapshot
        .channels
        .iter()
        .filter_map(|(channel, figures)| {
            let n = figures.get(&Kpi::Handled)?.n as f64;
            Some((n * team_aht.get(channel.index()).copied().flatten()?, n))
        })
        .fold((0.0, 0.0), |(w, n), (dw, dn)| (w + dw, n + dn));
    (handled > 0.0).then(|| (weighted / handled * 10.0).round() / 10.0)
}

/// What the figures of a window are computed from.
pub(crate) struct Inputs<'a> {
    pub tally: &'a Tally,
    pub config: &'a Config,
    /// Open cases now; `None` for a past interval.
    pub cases: Option<OpenCases<'a>>,
    /// FCR candidates still provisional, per channel.
    pub provisional: [u64; Channel::COUNT],
    pub as_of: Millis,
}

/// Every figure of the window, overall.
pub(crate) fn overall(inputs: &Inputs) -> SortedMap<Kpi, Figure> {
    let t = inputs.tally;
    let time = &t.time;
    let provisional = inputs.provisional.iter().sum();
    let mut kpis = contact_figures(&t.contacts(), time, t.reason_counts(None), provisional);
    kpis.insert(
        Kpi::Occupancy,
        Figure::of(time.handling_or_available_ms / 1000, || {
            rounded(Unit::Rate, time.handling_ms, time.handling_or_available_ms)
        }),
    );
    kpis.insert(
        Kpi::Utilization,
        Figure::of(time.logged_in_ms / 1000, || {
            rounded(Unit::Rate, time.handling_logged_in_ms, time.logged_in_ms)
        }),
    );
    if let Some(cost) = inputs.config.cost_per_hour {
        let handled = t.contacts().handled;
        kpis.insert(
            Kpi::Cpc,
            Figure::of(handled, || {
                let hours = time.logged_in_ms as f64 / HOUR as f64;
                ((hours * cost / handled as f64) * 100.0).round() / 100.0
            }),
        );
    }
    let cases = &t.cases;
    kpis.insert(
        Kpi::CasesClosed,
        Figure::of(cases.closed, || cases.closed as f64),
    );
    kpis.insert(
        Kpi::TimeToClose,
        Figure::of(cases.close_n, || {
            rounded(Unit::Seconds, cases.close_ms, cases.close_n * 1000)
        }),
    );
    kpis.insert(
        Kpi::ReopenRate,
        Figure::of(cases.closed, || {
            rounded(Unit::Rate, cases.reopened, cases.closed)
        }),
    );
    if let Some(open) = &inputs.cases {
        let now = inputs.as_of;
        let count = open.count() as i64;
        kpis.insert(
            Kpi::Backlog,
            Figure::of(count + open.closed_known as i64, || count as f64),
        );
        let oldest = open.oldest_age(now);
        kpis.insert(
            Kpi::OldestCaseAge,
            Figure::of(i64::from(oldest.is_some()), || {
                rounded(Unit::Seconds, oldest.unwrap_or(0), 1000)
            }),
        );
        let stale = open.stale(now, inputs.config.stale_case_ms);
        kpis.insert(Kpi::StaleCases, Figure::of(count, || stale as f64));
    }
    kpis
}

/// The contact figures of one channel in the window.
pub(crate) fn channel(inputs: &Inputs, channel: Channel) -> SortedMap<Kpi, Figure> {
    let t = inputs.tally;
    contact_figures(
        t.channel(channel),
        &t.time,
        t.reason_counts(Some(channel)),
        inputs.provisional[channel.index()],
    )
}

/// The figures of a set of contacts. `time` is the agent's time in the window: per channel it is
/// the same time, so channel CPHs add up to the overall one.
fn contact_figures(
    c: &ContactTally,
    time: &TimeTally,
    reasons: Vec<(&str, i64)>,
    provisional: u64,
) -> SortedMap<Kpi, Figure> {
    let handled = c.handled;
    let mean_seconds =
        |total_ms: Millis| Figure::of(handled, || rounded(Unit::Seconds, total_ms, handled * 1000));
    let offered_net = c.offered - c.short_abandoned;
    let sl_base = c.answered + c.abandoned - c.short_abandoned;
    let fcr_first = c.fcr_resolved - c.fcr_repeated;
    let reasons_total: i64 = reasons.iter().map(|(_, count)| count).sum();
    SortedMap::from_iter([
        (Kpi::Handled, Figure::of(handled, || handled as f64)),
        (Kpi::Aht, mean_seconds(c.handle_ms())),
        (Kpi::Talk, mean_seconds(c.talk_ms)),
        (Kpi::Hold, mean_seconds(c.hold_ms)),
        (Kpi::Acw, mean_seconds(c.acw_ms)),
        (
            Kpi::Cph,
            Figure::of(if time.staffed_ms > 0 { handled } else { 0 }, || {
                rounded(Unit::PerHour, handled * HOUR, time.staffed_ms)
            }),
        ),
        (
            Kpi::Asa,
            Figure::of(c.asa_n, || {
                rounded(Unit::Seconds, c.asa_wait_ms, c.asa_n * 1000)
            }),
        ),
        (
            Kpi::AnswerRate,
            Figure::of(offered_net, || rounded(Unit::Rate, c.answered, offered_net)),
        ),
        (
            Kpi::AbandonRate,
            Figure::of(offered_net, || {
                rounded(Unit::Rate, c.abandoned - c.short_abandoned, offered_net)
            }),
        ),
        (
            Kpi::ServiceLevel,
            Figure::of(sl_base, || rounded(Unit::Rate, c.answered_in_sl, sl_base)),
        ),
        (
            Kpi::Fcr,
            Figure {
                provisional: Some(provisional),
                ..Figure::of(c.fcr_resolved, || {
                    rounded(Unit::Rate, fcr_first, c.fcr_resolved)
                })
            },
        ),
        (
            Kpi::Csat,
            Figure::of(c.csat_n, || rounded(Unit::Rate, c.csat_good, c.csat_n)),
        ),
        (
            Kpi::Nps,
            Figure::of(c.nps_n, || {
                round_ratio(
                    i128::from((c.nps_promoters - c.nps_detractors) * 100),
                    i128::from(c.nps_n),
                    10,
                )
            }),
        ),
        (
            Kpi::Ces,
            Figure {
                share: (c.ces_n > 0).then(|| rounded(Unit::Rate, c.ces_easy, c.ces_n)),
                ..Figure::of(c.ces_n, || {
                    round_ratio(i128::from(c.ces_sum), i128::from(c.ces_n), 100)
                })
            },
        ),
        (
            Kpi::TopReasons,
            Figure {
                items: Some(top_reasons(reasons)),
                ..Figure::of(reasons_total, || reasons_total as f64)
            },
        ),
    ])
}

/// The ten most frequent reasons, most frequent first (ties in name order).
fn top_reasons(counts: Vec<(&str, i64)>) -> Vec<ReasonCount> {
    let mut items: Vec<(&str, i64)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    super::order::sort_by(&mut items, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    items
        .into_iter()
        .take(10)
        .map(|(reason, count)| ReasonCount {
            reason: reason.to_string(),
            count: count as u64,
        })
        .collect()
}

/// `num / den` in `unit`, rounded as that unit is (a rate of two counts, seconds from
/// milliseconds over a count times 1000, contacts per hour from contacts × 3 600 000 over ms).
fn rounded(unit: Unit, num: i64, den: i64) -> f64 {
    let scale = match unit {
        Unit::Seconds | Unit::Score => 10,
        Unit::Rate => 10_000,
        Unit::PerHour | Unit::Money => 100,
        Unit::Count => 1,
    };
    round_ratio(i128::from(num), i128::from(den), scale)
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
