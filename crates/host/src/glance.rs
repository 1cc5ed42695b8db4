//! What the strip tells an agent at a glance: its tiles worst first, and the one thing to do
//! next. Pure, over a snapshot: the panel only draws it.
//!
//! ```
//! use agent_kpi_engine::{Figure, Kpi, Snapshot, Status};
//! use agent_kpi_host::glance::{next_step, worst_first, NextStep};
//!
//! let mut snapshot = Snapshot::default();
//! let judged = |status| Figure { value: Some(1.0), n: 20, status: Some(status), ..Figure::default() };
//! snapshot.kpis.insert(Kpi::Aht, judged(Status::Good));
//! snapshot.kpis.insert(Kpi::Csat, judged(Status::Bad));
//! let chosen = [Kpi::Aht, Kpi::Cph, Kpi::Csat];
//! assert_eq!(worst_first(&snapshot, &chosen, 5), [Kpi::Csat, Kpi::Aht, Kpi::Cph]);
//! assert_eq!(next_step(&snapshot, &chosen, 5), NextStep::Fix { kpi: Kpi::Csat, status: Status::Bad });
//! ```

use crate::verdict::verdict;
use agent_kpi_engine::{Kpi, Snapshot, Status};

/// How urgent a status is: off target first, then watch, then the rest.
fn urgency(status: Option<Status>) -> u8 {
    match status {
        Some(Status::Bad) => 0,
        Some(Status::Warn) => 1,
        Some(Status::Good) | None => 2,
    }
}

/// The status the panel shows for `kpi` in `snapshot`: none without a target, or on too small
/// a sample.
pub fn status_of(snapshot: &Snapshot, kpi: Kpi, min_sample: u64) -> Option<Status> {
    snapshot
        .kpi(kpi)
        .and_then(|figure| verdict(kpi, figure, min_sample))
}

/// `chosen` (the centre's KPIs, most important first) with those off target first, then those
/// to watch, each group in the centre's order.
pub fn worst_first(snapshot: &Snapshot, chosen: &[Kpi], min_sample: u64) -> Vec<Kpi> {
    // Three passes rather than a sort: stable, and no sort in the bundle.
    (0..=2)
        .flat_map(|rank| {
            chosen
                .iter()
                .copied()
                .filter(move |kpi| urgency(status_of(snapshot, *kpi, min_sample)) == rank)
        })
        .collect()
}

/// The line under the strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// The most urgent of the chosen KPIs is off target or to watch: what to do about it.
    Fix { kpi: Kpi, status: Status },
    /// Every chosen KPI that has a target and enough of a sample meets it (`met` of them).
    OnTrack { met: usize },
    /// Events, but no chosen KPI with a target and a sample big enough to judge yet.
    TooFewYet,
    /// No event taken yet.
    NothingYet,
}

/// What the line under the strip says, for the `chosen` KPIs of `snapshot`.
pub fn next_step(snapshot: &Snapshot, chosen: &[Kpi], min_sample: u64) -> NextStep {
    let statuses: Vec<(Kpi, Status)> = chosen
        .iter()
        .filter_map(|kpi| Some((*kpi, status_of(snapshot, *kpi, min_sample)?)))
        .collect();
    let most_urgent = statuses
        .iter()
        .copied()
        .filter(|(_, status)| *status != Status::Good)
        .min_by_key(|(_, status)| urgency(Some(*status)));
    match most_urgent {
        Some((kpi, status)) => NextStep::Fix { kpi, status },
        None if !statuses.is_empty() => NextStep::OnTrack {
            met: statuses.len(),
        },
        None if snapshot.ingest.accepted == 0 => NextStep::NothingYet,
        None => NextStep::TooFewYet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_kpi_engine::Figure;

    fn figure(status: Option<Status>, n: u64) -> Figure {
        Figure {
            value: Some(0.5),
            n,
            status,
            ..Figure::default()
        }
    }

    fn snapshot(figures: &[(Kpi, Figure)]) -> Snapshot {
        let mut snapshot = Snapshot::default();
        for (kpi, figure) in figures {
            snapshot.kpis.insert(*kpi, figure.clone());
        }
        snapshot
    }

    #[test]
    fn off_target_comes_first_then_watch_each_in_the_centre_s_order() {
        use Kpi::*;
        let s = snapshot(&[
            (Aht, figure(Some(Status::Warn), 10)),
            (Cph, figure(Some(Status::Good), 10)),
            (Occupancy, figure(Some(Status::Bad), 3_600)),
            (AnswerRate, figure(None, 10)),
            (Fcr, figure(Some(Status::Warn), 10)),
            (Csat, figure(Some(Status::Bad), 10)),
        ]);
        let chosen = [Aht, Cph, Occupancy, AnswerRate, Fcr, Csat];
        assert_eq!(
            worst_first(&s, &chosen, 5),
            [Occupancy, Csat, Aht, Fcr, Cph, AnswerRate]
        );
        assert_eq!(
            next_step(&s, &chosen, 5),
            NextStep::Fix {
                kpi: Occupancy,
                status: Status::Bad
            }
        );
        // A small sample is no verdict: CSAT on 2 surveys neither leads nor is fixed first.
        let s = snapshot(&[
            (Csat, figure(Some(Status::Bad), 2)),
            (Aht, figure(Some(Status::Warn), 10)),
        ]);
        assert_eq!(worst_first(&s, &[Aht, Csat], 5), [Aht, Csat]);
        assert_eq!(worst_first(&s, &[Csat, Aht], 5), [Aht, Csat]);
        assert_eq!(
            next_step(&s, &[Csat, Aht], 5),
            NextStep::Fix {
                kpi: Aht,
                status: Status::Warn
            }
        );
    }

    #[test]
    fn the_line_says_on_track_too_few_or_nothing_yet() {
        use Kpi::*;
        let good = snapshot(&[
            (Aht, figure(Some(Status::Good), 10)),
            (Csat, figure(Some(Status::Good), 10)),
            (Cph, figure(None, 10)),
        ]);
        assert_eq!(
            next_step(&good, &[Aht, Cph, Csat], 5),
            NextStep::OnTrack { met: 2 }
        );
        let mut few = snapshot(&[(Aht, figure(Some(Status::Bad), 2))]);
        few.ingest.accepted = 9;
        assert_eq!(next_step(&few, &[Aht, Csat], 5), NextStep::TooFewYet);
        assert_eq!(
            next_step(&Snapshot::default(), &[Aht, Csat], 5),
            NextStep::NothingYet
        );
    }
}
