//! Additive sums behind every figure.
//!
//! A [`Tally`] holds numerators and denominators, never ratios, so tallies of intervals add up to
//! the tally of a day, and every ratio is a sum over a sum. Fields are signed: a correction (a
//! resolved contact found to be repeated) is booked as a negative amount.

use crate::event::{AgentState, Channel, Name};
use crate::json::read::Json;
use crate::json::{JsonOut, ToJson};
use crate::persist::read::{field, unexpected, variant, FromSaved, Unreadable};
use crate::persist::write::saved_fields;
use crate::time::Millis;
use crate::SortedMap;

/// Distinct contact reasons kept per tally; more are counted under [`OTHER_REASONS`].
pub const MAX_REASONS: usize = 64;
/// Where reasons beyond [`MAX_REASONS`] are counted.
pub const OTHER_REASONS: &str = "(other reasons)";

/// Sums of the contacts of one channel booked in one span of time. Each field is booked at the
/// moment the contract counts it: handle time when the contact completes, answering figures in
/// the window of the offer, ASA at the answer, surveys at their own `ts`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContactTally {
    /// Answered contacts whose after-contact work ended.
    pub handled: i64,
    pub talk_ms: Millis,
    pub hold_ms: Millis,
    pub acw_ms: Millis,

    /// Contacts offered (booked at the offer).
    pub offered: i64,
    /// Offered contacts that were answered (booked at the offer).
    pub answered: i64,
    /// Offered contacts abandoned by the customer, short ones included (booked at the offer).
    pub abandoned: i64,
    /// Abandons within the short-abandon threshold of the offer (booked at the offer).
    pub short_abandoned: i64,
    /// Offered contacts the agent did not accept (booked at the offer).
    pub missed: i64,
    /// Answered within the service-level threshold (booked at the offer).
    pub answered_in_sl: i64,

    /// Contacts answered, and their total wait, for ASA (booked at the answer).
    pub asa_n: i64,
    pub asa_wait_ms: Millis,

    /// Resolved contacts with a customer key (booked at completion).
    pub fcr_resolved: i64,
    /// Of those, the ones followed by a repeat contact (booked at the original's completion).
    pub fcr_repeated: i64,

    pub csat_n: i64,
    /// CSAT answers of 4 or 5.
    pub csat_good: i64,
    pub nps_n: i64,
    /// NPS answers of 9 or 10.
    pub nps_promoters: i64,
    /// NPS answers of 0 to 6.
    pub nps_detractors: i64,
    pub ces_n: i64,
    pub ces_sum: i64,
    /// CES answers of 5 to 7.
    pub ces_easy: i64,
}

/// One change to a channel's contact sums, as a booking makes it (small, so the journal of
/// recent bookings stays light).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactDelta {
    Offered,
    /// The platform took an offer back: it counts as never made.
    Withdrawn,
    Missed,
    Abandoned {
        short: bool,
    },
    Answered {
        in_service_level: bool,
    },
    Waited {
        wait_ms: Millis,
    },
    Handled {
        talk_ms: Millis,
        hold_ms: Millis,
        acw_ms: Millis,
        resolved_with_key: bool,
    },
    /// A resolved contact turned out to be repeated.
    Repeated,
    Survey {
        csat: Option<u8>,
        nps: Option<u8>,
        ces: Option<u8>,
    },
}

impl ContactTally {
    /// Adds `delta` (`sign` 1), or takes it away again (`sign` −1).
    pub fn apply(&mut self, delta: &ContactDelta, sign: i64) {
        let one = |yes: bool| if yes { sign } else { 0 };
        match *delta {
            ContactDelta::Offered => self.offered += sign,
            ContactDelta::Withdrawn => self.offered -= sign,
            ContactDelta::Missed => self.missed += sign,
            ContactDelta::Abandoned { short } => {
                self.abandoned += sign;
                self.short_abandoned += one(short);
            }
            ContactDelta::Answered { in_service_level } => {
                self.answered += sign;
                self.answered_in_sl += one(in_service_level);
            }
            ContactDelta::Waited { wait_ms } => {
                self.asa_n += sign;
                self.asa_wait_ms += sign * wait_ms;
            }
            ContactDelta::Handled {
                talk_ms,
                hold_ms,
                acw_ms,
                resolved_with_key,
            } => {
                self.handled += sign;
                self.talk_ms += sign * talk_ms;
                self.hold_ms += sign * hold_ms;
                self.acw_ms += sign * acw_ms;
                self.fcr_resolved += one(resolved_with_key);
            }
            ContactDelta::Repeated => self.fcr_repeated += sign,
            ContactDelta::Survey { csat, nps, ces } => {
                self.csat_n += one(csat.is_some());
                self.csat_good += one(csat.is_some_and(|s| s >= 4));
                self.nps_n += one(nps.is_some());
                self.nps_promoters += one(nps.is_some_and(|s| s >= 9));
                self.nps_detractors += one(nps.is_some_and(|s| s <= 6));
                self.ces_n += one(ces.is_some());
                self.ces_sum += sign * ces.map_or(0, i64::from);
                self.ces_easy += one(ces.is_some_and(|s| s >= 5));
            }
        }
    }

    pub fn add(&mut self, o: &ContactTally) {
        self.handled += o.handled;
        self.talk_ms += o.talk_ms;
        self.hold_ms += o.hold_ms;
        self.acw_ms += o.acw_ms;
        self.offered += o.offered;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.short_abandoned += o.short_abandoned;
        self.missed += o.missed;
        self.answered_in_sl += o.answered_in_sl;
        self.asa_n += o.asa_n;
        self.asa_wait_ms += o.asa_wait_ms;
        self.fcr_resolved += o.fcr_resolved;
        self.fcr_repeated += o.fcr_repeated;
        self.csat_n += o.csat_n;
        self.csat_good += o.csat_good;
        self.nps_n += o.nps_n;
        self.nps_promoters += o.nps_promoters;
        self.nps_detractors += o.nps_detractors;
        self.ces_n += o.ces_n;
        self.ces_sum += o.ces_sum;
        self.ces_easy += o.ces_easy;
    }

    pub fn handle_ms(&self) -> Millis {
        self.talk_ms + self.hold_ms + self.acw_ms
    }

    pub fn is_empty(&self) -> bool {
        *self == ContactTally::default()
    }
}

/// What the agent was doing over a span of time, as the time figures need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The agent's state, `None` before any `agent_state` arrived.
    pub state: Option<AgentState>,
    /// At least one contact in talk, hold or ACW.
    pub handling: bool,
}

/// Time the agent spent in each condition, in one span of time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeTally {
    /// In `available`, `busy` or `after_contact_work` (the CPH denominator).
    pub staffed_ms: Millis,
    /// In any state but `offline` (utilization and cost denominators).
    pub logged_in_ms: Millis,
    /// In `available`.
    pub available_ms: Millis,
    /// With at least one contact in talk, hold or ACW (H).
    pub handling_ms: Millis,
    /// Handling or available (H ∪ A, the occupancy denominator).
    pub handling_or_available_ms: Millis,
    /// Handling while logged in (H ∩ logged-in, the utilization numerator).
    pub handling_logged_in_ms: Millis,
}

impl TimeTally {
    /// The contribution of `duration` spent in `condition`.
    pub fn piece(condition: Condition, duration: Millis) -> TimeTally {
        if condition.state.is_none() && !condition.handling {
            return TimeTally::default();
        }
        let when = |yes: bool| if yes { duration } else { 0 };
        let state = condition.state;
        let logged_in = state.is_some_and(AgentState::is_logged_in);
        let available = state == Some(AgentState::Available);
        TimeTally {
            staffed_ms: when(state.is_some_and(AgentState::is_staffed)),
            logged_in_ms: when(logged_in),
            available_ms: when(available),
            handling_ms: when(condition.handling),
            handling_or_available_ms: when(condition.handling || available),
            handling_logged_in_ms: when(condition.handling && logged_in),
        }
    }

    pub fn add(&mut self, o: &TimeTally) {
        self.staffed_ms += o.staffed_ms;
        self.logged_in_ms += o.logged_in_ms;
        self.available_ms += o.available_ms;
        self.handling_ms += o.handling_ms;
        self.handling_or_available_ms += o.handling_or_available_ms;
        self.handling_logged_in_ms += o.handling_logged_in_ms;
    }
}

/// Cases closed and reopened in one span of time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaseTally {
    pub closed: i64,
    /// Closed cases whose opening the widget saw, and their total time to close.
    pub close_n: i64,
    pub close_ms: Millis,
    pub reopened: i64,
}

impl CaseTally {
    pub fn add(&mut self, o: &CaseTally) {
        self.closed += o.closed;
        self.close_n += o.close_n;
        self.close_ms += o.close_ms;
        self.reopened += o.reopened;
    }
}

/// Saved as an array of its numbers, in the order of its fields, trailing zeros left out: the
/// tallies of 180 days are most of a save, and most of their numbers are zero (a channel not
/// worked that day is `[]`). Saves of format 2 wrote each as an object by field name; those
/// still read.
macro_rules! saved_as_numbers {
    ($tally:ident { $($field:ident),* $(,)? }) => {
        impl ToJson for $tally {
            fn write_json(&self, out: &mut JsonOut) {
                let numbers = [$(self.$field),*];
                let len = numbers.iter().rposition(|n| *n != 0).map_or(0, |last| last + 1);
                out.list(numbers.get(..len).unwrap_or_default());
            }
        }

        impl FromSaved for $tally {
            fn from_saved(value: &Json) -> Result<Self, Unreadable> {
                let numbers = saved_numbers(value, &[$(stringify!($field)),*])?;
                let mut numbers = numbers.into_iter();
                Ok($tally { $($field: numbers.next().unwrap_or(0)),* })
            }
        }
    };
}

saved_as_numbers!(ContactTally {
    handled,
    talk_ms,
    hold_ms,
    acw_ms,
    offered,
    answered,
    abandoned,
    short_abandoned,
    missed,
    answered_in_sl,
    asa_n,
    asa_wait_ms,
    fcr_resolved,
    fcr_repeated,
    csat_n,
    csat_good,
    nps_n,
    nps_promoters,
    nps_detractors,
    ces_n,
    ces_sum,
    ces_easy,
});
saved_as_numbers!(TimeTally {
    staffed_ms,
    logged_in_ms,
    available_ms,
    handling_ms,
    handling_or_available_ms,
    handling_logged_in_ms,
});
saved_as_numbers!(CaseTally {
    closed,
    close_n,
    close_ms,
    reopened
});

/// Reads a tally's numbers, in the order of `fields`: from an array, or from an object by field
/// name (format 2). Numbers not given are zero.
fn saved_numbers(value: &Json, fields: &[&str]) -> Result<Vec<i64>, Unreadable> {
    match value {
        Json::Array(_) => {
            let numbers = Vec::<i64>::from_saved(value)?;
            match numbers.len() <= fields.len() {
                true => Ok(numbers),
                false => Err(format!("at most {} numbers were expected", fields.len())),
            }
        }
        Json::Object(_) => fields
            .iter()
            .map(|name| field::<Option<i64>>(value, name).map(Option::unwrap_or_default))
            .collect(),
        _ => Err(unexpected("an array of numbers", value)),
    }
}

saved_fields!(Tally {
    time,
    channels,
    unattributed,
    cases,
    reasons
});
saved_fields!(Condition { state, handling });

impl ToJson for ContactDelta {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            ContactDelta::Offered => out.str("Offered"),
            ContactDelta::Withdrawn => out.str("Withdrawn"),
            ContactDelta::Missed => out.str("Missed"),
            ContactDelta::Repeated => out.str("Repeated"),
            ContactDelta::Abandoned { short } => out.variant_fields("Abandoned", |out| {
                out.field("\"short\":", short);
            }),
            ContactDelta::Answered { in_service_level } => out.variant_fields("Answered", |out| {
                out.field("\"in_service_level\":", in_service_level);
            }),
            ContactDelta::Waited { wait_ms } => out.variant_fields("Waited", |out| {
                out.field("\"wait_ms\":", wait_ms);
            }),
            ContactDelta::Handled {
                talk_ms,
                hold_ms,
                acw_ms,
                resolved_with_key,
            } => out.variant_fields("Handled", |out| {
                out.field("\"talk_ms\":", talk_ms);
                out.field("\"hold_ms\":", hold_ms);
                out.field("\"acw_ms\":", acw_ms);
                out.field("\"resolved_with_key\":", resolved_with_key);
            }),
            ContactDelta::Survey { csat, nps, ces } => out.variant_fields("Survey", |out| {
                out.field("\"csat\":", csat);
                out.field("\"nps\":", nps);
                out.field("\"ces\":", ces);
            }),
        }
    }
}

impl FromSaved for ContactDelta {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        let (name, fields) = variant(value)?;
        Ok(match name {
            "Offered" => ContactDelta::Offered,
            "Withdrawn" => ContactDelta::Withdrawn,
            "Missed" => ContactDelta::Missed,
            "Repeated" => ContactDelta::Repeated,
            "Abandoned" => ContactDelta::Abandoned {
                short: field(fields, "short")?,
            },
            "Answered" => ContactDelta::Answered {
                in_service_level: field(fields, "in_service_level")?,
            },
            "Waited" => ContactDelta::Waited {
                wait_ms: field(fields, "wait_ms")?,
            },
            "Handled" => ContactDelta::Handled {
                talk_ms: field(fields, "talk_ms")?,
                hold_ms: field(fields, "hold_ms")?,
                acw_ms: field(fields, "acw_ms")?,
                resolved_with_key: field(fields, "resolved_with_key")?,
            },
            "Survey" => ContactDelta::Survey {
                csat: field(fields, "csat")?,
                nps: field(fields, "nps")?,
                ces: field(fields, "ces")?,
            },
            other => return Err(format!("{other:?} is not a change to contact sums")),
        })
    }
}

/// Everything booked in one span of time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub time: TimeTally,
    pub channels: [ContactTally; Channel::COUNT],
    /// Surveys about contacts the widget cannot place on a channel (or about cases).
    pub unattributed: ContactTally,
    pub cases: CaseTally,
    /// Completed contacts per reason, by channel.
    pub reasons: SortedMap<Name, [i64; Channel::COUNT]>,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.time.add(&other.time);
        for (mine, theirs) in self.channels.iter_mut().zip(&other.channels) {
            mine.add(theirs);
        }
        self.unattributed.add(&other.unattributed);
        self.cases.add(&other.cases);
        for (reason, counts) in &other.reasons {
            let mine = self.reasons.entry(reason.clone(), Default::default);
            for (m, c) in mine.iter_mut().zip(counts) {
                *m += c;
            }
        }
    }

    pub fn channel(&self, channel: Channel) -> &ContactTally {
        &self.channels[channel.index()]
    }

    /// The contact sums of `channel`, or of surveys on no channel where `None`.
    pub fn contacts_mut(&mut self, channel: Option<Channel>) -> &mut ContactTally {
        match channel {
            Some(channel) => &mut self.channels[channel.index()],
            None => &mut self.unattributed,
        }
    }

    /// All channels together, with the surveys on no channel.
    pub fn contacts(&self) -> ContactTally {
        let mut total = self.unattributed;
        for channel in &self.channels {
            total.add(channel);
        }
        total
    }

    /// Books `count` contacts of `channel` with `reason` (a negative count takes them away),
    /// keeping at most [`MAX_REASONS`] distinct reasons.
    pub fn add_reason(&mut self, channel: Channel, reason: &Name, count: i64) {
        let kept = self.reasons.len() < MAX_REASONS || self.reasons.contains_key(reason.as_bytes());
        let name = match kept {
            true => reason.as_bytes(),
            false => OTHER_REASONS.as_bytes(),
        };
        let counts = match self.reasons.get_mut(name) {
            Some(counts) => counts,
            None if kept => self.reasons.entry(reason.clone(), Default::default),
            None => self
                .reasons
                .entry(Name::new(OTHER_REASONS), Default::default),
        };
        counts[channel.index()] += count;
        if counts.iter().all(|c| *c == 0) {
            self.reasons.remove(name);
        }
    }

    /// Keeps the [`MAX_REASONS`] most frequent reasons and counts the rest under
    /// [`OTHER_REASONS`] (after adding up many tallies, as a day's).
    pub fn trim_reasons(&mut self) {
        if self.reasons.len() <= MAX_REASONS {
            return;
        }
        let mut by_count: Vec<(Name, [i64; Channel::COUNT])> =
            std::mem::take(&mut self.reasons).into_iter().collect();
        let total = |counts: &[i64; Channel::COUNT]| counts.iter().sum::<i64>();
        super::order::sort_by(&mut by_count, |(a, a_counts), (b, b_counts)| {
            total(b_counts).cmp(&total(a_counts)).then_with(|| a.cmp(b))
        });
        let rest = by_count.split_off(MAX_REASONS - 1);
        self.reasons = by_count.into_iter().collect();
        let other = self
            .reasons
            .entry(Name::new(OTHER_REASONS), Default::default);
        for (_, counts) in rest {
            for (o, c) in other.iter_mut().zip(counts) {
                *o += c;
            }
        }
    }

    /// Reason counts of `channel`, or of all channels where `None`, in the reasons' order (a
    /// list: a map of these types would be a B-tree's code of its own in the bundle).
    pub fn reason_counts(&self, channel: Option<Channel>) -> Vec<(&str, i64)> {
        self.reasons
            .iter()
            .map(|(reason, counts)| {
                let count = match channel {
                    Some(channel) => counts[channel.index()],
                    None => counts.iter().sum(),
                };
                (reason.as_str(), count)
            })
            .filter(|(_, count)| *count != 0)
            .collect()
    }
}
