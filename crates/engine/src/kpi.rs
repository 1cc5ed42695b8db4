//! The KPI ids of the contract and what kind of figure each is.

use crate::saved::{FromSaved, KeyFromSaved, Unreadable};
use serde::Serialize;
use serde_json::Value;

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
    Occupancy,
    Utilization,
    Asa,
    AnswerRate,
    AbandonRate,
    ServiceLevel,
    Fcr,
    Csat,
    Nps,
    Ces,
    Cpc,
    Backlog,
    OldestCaseAge,
    StaleCases,
    CasesClosed,
    TimeToClose,
    ReopenRate,
    TopReasons,
}

impl FromSaved for Kpi {
    fn from_saved(value: &Value) -> Result<Kpi, Unreadable> {
        value
            .as_str()
            .and_then(Kpi::from_id)
            .ok_or_else(|| format!("{value} is not a KPI"))
    }
}

impl KeyFromSaved for Kpi {
    fn from_key(key: &str) -> Option<Kpi> {
        Kpi::from_id(key)
    }
}

/// Which way a figure is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

/// What a figure's value measures, which decides its rounding and how it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A count of contacts or cases.
    Count,
    /// Seconds, rounded to 0.1.
    Seconds,
    /// A fraction 0..1, rounded to 0.0001 (shown as %).
    Rate,
    /// Contacts per staffed hour, rounded to 0.01.
    PerHour,
    /// A score (NPS −100..100 to 0.1, CES 1..7 to 0.01).
    Score,
    /// Money per contact, rounded to 0.01.
    Money,
}

impl Kpi {
    pub const ALL: [Kpi; 24] = [
        Kpi::Handled,
        Kpi::Aht,
        Kpi::Talk,
        Kpi::Hold,
        Kpi::Acw,
        Kpi::Cph,
        Kpi::Occupancy,
        Kpi::Utilization,
        Kpi::Asa,
        Kpi::AnswerRate,
        Kpi::AbandonRate,
        Kpi::ServiceLevel,
        Kpi::Fcr,
        Kpi::Csat,
        Kpi::Nps,
        Kpi::Ces,
        Kpi::Cpc,
        Kpi::Backlog,
        Kpi::OldestCaseAge,
        Kpi::StaleCases,
        Kpi::CasesClosed,
        Kpi::TimeToClose,
        Kpi::ReopenRate,
        Kpi::TopReasons,
    ];

    /// The contract's id, as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Kpi::Handled => "handled",
            Kpi::Aht => "aht",
            Kpi::Talk => "talk",
            Kpi::Hold => "hold",
            Kpi::Acw => "acw",
            Kpi::Cph => "cph",
            Kpi::Occupancy => "occupancy",
            Kpi::Utilization => "utilization",
            Kpi::Asa => "asa",
            Kpi::AnswerRate => "answer_rate",
            Kpi::AbandonRate => "abandon_rate",
            Kpi::ServiceLevel => "service_level",
            Kpi::Fcr => "fcr",
            Kpi::Csat => "csat",
            Kpi::Nps => "nps",
            Kpi::Ces => "ces",
            Kpi::Cpc => "cpc",
            Kpi::Backlog => "backlog",
            Kpi::OldestCaseAge => "oldest_case_age",
            Kpi::StaleCases => "stale_cases",
            Kpi::CasesClosed => "cases_closed",
            Kpi::TimeToClose => "time_to_close",
            Kpi::ReopenRate => "reopen_rate",
            Kpi::TopReasons => "top_reasons",
        }
    }

    pub fn from_id(id: &str) -> Option<Kpi> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Which way is better, unless a target says otherwise.
    pub fn direction(self) -> Direction {
        match self {
            Kpi::Handled
            | Kpi::Cph
            | Kpi::Occupancy
            | Kpi::Utilization
            | Kpi::AnswerRate
            | Kpi::ServiceLevel
            | Kpi::Fcr
            | Kpi::Csat
            | Kpi::Nps
            | Kpi::Ces
            | Kpi::CasesClosed
            | Kpi::TopReasons => Direction::Higher,
            Kpi::Aht
            | Kpi::Talk
            | Kpi::Hold
            | Kpi::Acw
            | Kpi::Asa
            | Kpi::AbandonRate
            | Kpi::Cpc
            | Kpi::Backlog
            | Kpi::OldestCaseAge
            | Kpi::StaleCases
            | Kpi::TimeToClose
            | Kpi::ReopenRate => Direction::Lower,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Kpi::Handled | Kpi::Backlog | Kpi::StaleCases | Kpi::CasesClosed | Kpi::TopReasons => {
                Unit::Count
            }
            Kpi::Aht
            | Kpi::Talk
            | Kpi::Hold
            | Kpi::Acw
            | Kpi::Asa
            | Kpi::OldestCaseAge
            | Kpi::TimeToClose => Unit::Seconds,
            Kpi::Occupancy
            | Kpi::Utilization
            | Kpi::AnswerRate
            | Kpi::AbandonRate
            | Kpi::ServiceLevel
            | Kpi::Fcr
            | Kpi::Csat
            | Kpi::ReopenRate => Unit::Rate,
            Kpi::Cph => Unit::PerHour,
            Kpi::Nps | Kpi::Ces => Unit::Score,
            Kpi::Cpc => Unit::Money,
        }
    }

    /// True for the figures that exist per channel (the contact figures).
    pub fn per_channel(self) -> bool {
        matches!(
            self,
            Kpi::Handled
                | Kpi::Aht
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
                | Kpi::TopReasons
        )
    }
}
