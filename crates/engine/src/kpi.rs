//! The KPI ids of the contract and what kind of figure each is.
//!
//! Every KPI is declared once, in the table below (`kpis!`): its variant, its contract id
//! (which is also its JSON name), which way is better, its unit, whether it exists per channel,
//! and its formula in plain English. Everything else about a KPI in this module is generated
//! from that row.

use crate::json::read::Json;
use crate::json::{to_json, JsonKey, JsonOut, ToJson};
use crate::persist::read::{FromSaved, KeyFromSaved, Unreadable};
use serde::{Serialize, Serializer};

/// Makes [`Kpi`] and its facts from one row per KPI.
///
/// A macro because an enum's variants cannot otherwise carry facts of their own: without it,
/// the list of all KPIs and each `match` (id, direction, unit, per channel, formula) would be
/// separate lists to keep in step by hand. The rows' order is the enum's order, which is also
/// the order of the figures in a snapshot's JSON and in a save's maps: rows are not moved (a
/// new one may go anywhere; it adds its own key and moves no other).
macro_rules! kpis {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident {
            id: $id:literal,
            better: $better:ident,
            unit: $unit:ident,
            per_channel: $per_channel:literal,
            formula: $formula:literal $(,)?
        }
    )*) => {
        /// A KPI id of the contract.
        ///
        /// Ordered as declared: the order of the figures in a snapshot's maps and in a save.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kpi {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!("`", $id, "`: ", $formula, ".")]
                $variant,
            )*
        }

        impl Kpi {
            /// How many KPIs the contract has.
            pub const COUNT: usize = [$(Kpi::$variant),*].len();

            /// Every KPI, in the order declared.
            pub const ALL: [Kpi; Kpi::COUNT] = [$(Kpi::$variant),*];

            /// The contract's id, as in JSON.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Kpi::$variant => $id,)*
                }
            }

            /// The KPI of a contract id.
            // Two rows of one id would make an arm unreachable: refused, not warned about.
            #[deny(unreachable_patterns)]
            pub fn from_id(id: &str) -> Option<Kpi> {
                match id {
                    $($id => Some(Kpi::$variant),)*
                    _ => None,
                }
            }

            /// Which way is better, unless a target says otherwise.
            pub const fn direction(self) -> Direction {
                match self {
                    $(Kpi::$variant => Direction::$better,)*
                }
            }

            /// What the figure's value measures.
            pub const fn unit(self) -> Unit {
                match self {
                    $(Kpi::$variant => Unit::$unit,)*
                }
            }

            /// True for the figures that exist per channel (the contact figures).
            pub const fn per_channel(self) -> bool {
                match self {
                    $(Kpi::$variant => $per_channel,)*
                }
            }

            /// How the figure is computed, in one line of plain English (the contract's
            /// formula, `docs/kpis.md`, said short).
            pub const fn formula(self) -> &'static str {
                match self {
                    $(Kpi::$variant => $formula,)*
                }
            }
        }
    };
}

kpis! {
    /// Contacts handled.
    Handled { id: "handled", better: Higher, unit: Count, per_channel: true,
        formula: "Answered contacts whose after-contact work ended" }
    /// Average handle time.
    Aht { id: "aht", better: Lower, unit: Seconds, per_channel: true,
        formula: "(talk + hold + ACW) ÷ handled" }
    /// Average talk time, hold left out.
    Talk { id: "talk", better: Lower, unit: Seconds, per_channel: true,
        formula: "(answered → ended − hold) ÷ handled" }
    /// Average hold time.
    Hold { id: "hold", better: Lower, unit: Seconds, per_channel: true,
        formula: "hold time ÷ handled" }
    /// Average after-contact work.
    Acw { id: "acw", better: Lower, unit: Seconds, per_channel: true,
        formula: "(ended → wrap-up ended) ÷ handled" }
    /// Contacts handled per staffed hour.
    Cph { id: "cph", better: Higher, unit: PerHour, per_channel: true,
        formula: "handled ÷ staffed hours" }
    /// The share of the time handling or available spent handling.
    Occupancy { id: "occupancy", better: Higher, unit: Rate, per_channel: false,
        formula: "handling time ÷ (handling ∪ available)" }
    /// The share of the logged-in time spent handling.
    Utilization { id: "utilization", better: Higher, unit: Rate, per_channel: false,
        formula: "handling time ÷ logged-in time" }
    /// Average speed of answer (inbound).
    Asa { id: "asa", better: Lower, unit: Seconds, per_channel: true,
        formula: "mean wait from queue (or offer) to answer" }
    /// The share of inbound offers answered.
    AnswerRate { id: "answer_rate", better: Higher, unit: Rate, per_channel: true,
        formula: "answered ÷ (offered − short abandons)" }
    /// The share of inbound offers abandoned, short abandons left out.
    AbandonRate { id: "abandon_rate", better: Lower, unit: Rate, per_channel: true,
        formula: "abandoned ÷ (offered − short abandons)" }
    /// The share of contacts answered within the service-level threshold.
    ServiceLevel { id: "service_level", better: Higher, unit: Rate, per_channel: true,
        formula: "answered within T ÷ (answered + abandoned − short)" }
    /// First-contact resolution (inbound, with a customer key).
    Fcr { id: "fcr", better: Higher, unit: Rate, per_channel: true,
        formula: "resolved with no repeat in 7 days ÷ resolved" }
    /// Customer satisfaction: the share of satisfied survey answers.
    Csat { id: "csat", better: Higher, unit: Rate, per_channel: true,
        formula: "answers of 4–5 ÷ answers" }
    /// Net promoter score, −100 to 100.
    Nps { id: "nps", better: Higher, unit: Score, per_channel: true,
        formula: "% of 9–10 − % of 0–6" }
    /// Customer effort score, 1 to 7.
    Ces { id: "ces", better: Higher, unit: Score, per_channel: true,
        formula: "mean answer, 1–7 (higher is easier)" }
    /// Cost per contact (where a cost per hour is configured).
    Cpc { id: "cpc", better: Lower, unit: Money, per_channel: false,
        formula: "logged-in hours × cost per hour ÷ handled" }
    /// Open cases now.
    Backlog { id: "backlog", better: Lower, unit: Count, per_channel: false,
        formula: "open cases now" }
    /// The age of the oldest open case.
    OldestCaseAge { id: "oldest_case_age", better: Lower, unit: Seconds, per_channel: false,
        formula: "now − opening of the oldest open case" }
    /// Open cases left unchanged too long.
    StaleCases { id: "stale_cases", better: Lower, unit: Count, per_channel: false,
        formula: "open cases unchanged for over 24 h" }
    /// Cases closed.
    CasesClosed { id: "cases_closed", better: Higher, unit: Count, per_channel: false,
        formula: "cases closed" }
    /// Average time from a case's opening to its close.
    TimeToClose { id: "time_to_close", better: Lower, unit: Seconds, per_channel: false,
        formula: "mean opened → closed" }
    /// The share of closed cases reopened.
    ReopenRate { id: "reopen_rate", better: Lower, unit: Rate, per_channel: false,
        formula: "reopened ÷ closed" }
    /// The most frequent contact reasons.
    TopReasons { id: "top_reasons", better: Higher, unit: Count, per_channel: true,
        formula: "the ten most frequent contact reasons" }
}

/// A KPI is written as its id: a JSON string, and the key of a map of figures.
impl Serialize for Kpi {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl ToJson for Kpi {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self.id());
    }
}

impl JsonKey for Kpi {
    fn write_key(&self, out: &mut JsonOut) {
        out.str(self.id());
    }
}

impl FromSaved for Kpi {
    fn from_saved(value: &Json) -> Result<Kpi, Unreadable> {
        value
            .as_str()
            .and_then(Kpi::from_id)
            .ok_or_else(|| format!("{} is not a KPI", to_json(value)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// `AnswerRate` → `answer_rate`: what `#[serde(rename_all = "snake_case")]` made of a
    /// variant's name before the ids were declared.
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn each_kpi_is_written_as_its_id_which_serde_wrote_before() {
        let mut figures = BTreeMap::new();
        for kpi in Kpi::ALL {
            assert_eq!(kpi.id(), snake_case(&format!("{kpi:?}")));
            let json = serde_json::to_string(&kpi).expect("a string");
            assert_eq!(json, format!("\"{}\"", kpi.id()));
            assert_eq!(Kpi::from_id(kpi.id()), Some(kpi));
            figures.insert(kpi, 1);
        }
        // As a map key, in the order declared.
        let json = serde_json::to_string(&figures).expect("a map");
        let keys: Vec<String> = Kpi::ALL
            .iter()
            .map(|k| format!("\"{}\":1", k.id()))
            .collect();
        assert_eq!(json, format!("{{{}}}", keys.join(",")));
        assert_eq!(Kpi::from_id("Handled"), None);
        assert_eq!(Kpi::from_id(""), None);
    }

    #[test]
    fn all_holds_every_kpi_once_in_their_order() {
        assert_eq!(Kpi::ALL.len(), Kpi::COUNT);
        for (i, kpi) in Kpi::ALL.into_iter().enumerate() {
            assert_eq!(kpi as usize, i);
            assert!(!kpi.formula().is_empty());
        }
        assert!(Kpi::ALL.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
