//! Whether a figure is enough to judge. A status on a handful of contacts is noise ("CSAT off
//! target" on one survey, "FCR 100 %" while every resolved contact may still come back), so the
//! panel shows no status, and raises no alert, until the sample is big enough: the figure
//! itself still shows, marked as a small sample.
//!
//! ```
//! use agent_kpi_engine::{Figure, Kpi, Status};
//! use agent_kpi_host::verdict::verdict;
//!
//! let one_survey = Figure { value: Some(0.0), n: 1, status: Some(Status::Bad), ..Figure::default() };
//! assert_eq!(verdict(Kpi::Csat, &one_survey, 5), None);
//! assert_eq!(verdict(Kpi::Csat, &Figure { n: 5, ..one_survey }, 5), Some(Status::Bad));
//! ```

use agent_kpi_engine::{Figure, Kpi, Status};

/// The fewest contacts, surveys or cases a figure needs before the panel judges it, unless the
/// configuration says otherwise (`min_sample`).
pub const DEFAULT_MIN_SAMPLE: u64 = 5;

/// The staffed time (seconds) occupancy and utilization need before the panel judges them.
pub const MIN_STAFFED_SECONDS: u64 = 15 * 60;

/// What a KPI's `n` counts, for judging whether it is enough.
enum Sample {
    /// A fact, not an estimate (a count, the open cases now): always judged.
    Fact,
    /// Seconds of staffed or logged-in time.
    Time,
    /// Contacts, surveys or closed cases.
    Count,
}

/// Checked for every KPI at compile time: a new KPI must say what its sample is.
fn sample(kpi: Kpi) -> Sample {
    match kpi {
        Kpi::Handled
        | Kpi::Backlog
        | Kpi::OldestCaseAge
        | Kpi::StaleCases
        | Kpi::CasesClosed
        | Kpi::TopReasons => Sample::Fact,
        Kpi::Occupancy | Kpi::Utilization => Sample::Time,
        Kpi::Aht
        | Kpi::Talk
        | Kpi::Hold
        | Kpi::Acw
        | Kpi::Cph
        | Kpi::Asa
        | Kpi::AnswerRate
        | Kpi::AbandonRate
        | Kpi::ServiceLevel
        | Kpi::Fcr
        | Kpi::Csat
        | Kpi::Nps
        | Kpi::Ces
        | Kpi::Cpc
        | Kpi::TimeToClose
        | Kpi::ReopenRate => Sample::Count,
    }
}

/// True where `figure` has a value but too small a sample to judge: fewer than `min_sample`
/// contacts, surveys or cases; under [`MIN_STAFFED_SECONDS`] for the time-based figures; for
/// FCR, every resolved contact still provisional.
pub fn is_small_sample(kpi: Kpi, figure: &Figure, min_sample: u64) -> bool {
    if figure.value.is_none() {
        return false;
    }
    let all_provisional = figure.provisional.is_some_and(|p| p >= figure.n);
    match sample(kpi) {
        Sample::Fact => false,
        Sample::Time => figure.n < MIN_STAFFED_SECONDS,
        Sample::Count => figure.n < min_sample || (kpi == Kpi::Fcr && all_provisional),
    }
}

/// The status the panel shows and alerts on: the figure's against its target, or `None` while
/// its sample is too small to judge ([`is_small_sample`]).
pub fn verdict(kpi: Kpi, figure: &Figure, min_sample: u64) -> Option<Status> {
    match is_small_sample(kpi, figure, min_sample) {
        true => None,
        false => figure.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(value: f64, n: u64, status: Status) -> Figure {
        Figure {
            value: Some(value),
            n,
            status: Some(status),
            ..Figure::default()
        }
    }

    #[test]
    fn a_status_needs_the_minimum_sample_of_its_kind() {
        // CSAT off target on one survey: no verdict; on five: bad.
        assert_eq!(verdict(Kpi::Csat, &figure(0.0, 1, Status::Bad), 5), None);
        assert_eq!(verdict(Kpi::Csat, &figure(0.0, 4, Status::Bad), 5), None);
        assert_eq!(
            verdict(Kpi::Csat, &figure(0.0, 5, Status::Bad), 5),
            Some(Status::Bad)
        );
        // The minimum is the host's to set.
        assert_eq!(
            verdict(Kpi::Csat, &figure(0.0, 1, Status::Bad), 1),
            Some(Status::Bad)
        );
        // Occupancy over ten minutes of staffed time: none; over a quarter of an hour: judged.
        assert_eq!(
            verdict(Kpi::Occupancy, &figure(0.3, 600, Status::Bad), 5),
            None
        );
        assert_eq!(
            verdict(Kpi::Occupancy, &figure(0.3, 900, Status::Bad), 5),
            Some(Status::Bad)
        );
        // A backlog is a fact, judged from one case.
        assert_eq!(
            verdict(Kpi::Backlog, &figure(1.0, 1, Status::Warn), 5),
            Some(Status::Warn)
        );
    }

    #[test]
    fn fcr_is_not_judged_while_every_resolved_contact_is_provisional() {
        let provisional = |p| Figure {
            provisional: Some(p),
            ..figure(1.0, 10, Status::Good)
        };
        assert!(is_small_sample(Kpi::Fcr, &provisional(10), 5));
        assert_eq!(verdict(Kpi::Fcr, &provisional(10), 5), None);
        assert_eq!(verdict(Kpi::Fcr, &provisional(9), 5), Some(Status::Good));
    }

    #[test]
    fn no_figure_is_not_a_small_sample() {
        let none = Figure::default();
        assert!(!is_small_sample(Kpi::Csat, &none, 5));
        assert_eq!(verdict(Kpi::Csat, &none, 5), None);
    }
}
