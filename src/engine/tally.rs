//! Additive sums behind every figure.
//!
//! A [`Tally`] holds numerators and denominators, never ratios, so tallies of intervals add up to
//! the tally of a day, and every ratio is a sum over a sum.

use super::event::{AgentState, Channel};
use super::time::Millis;

/// Sums of the contacts booked in one span of time, for one channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactTally {
    /// Answered contacts whose after-contact work ended.
    pub handled: u64,
    /// Talk time of the handled contacts (answered to ended, less hold).
    pub talk_ms: Millis,
    /// Hold time of the handled contacts.
    pub hold_ms: Millis,
    /// After-contact work of the handled contacts (ended to wrap-up ended).
    pub acw_ms: Millis,
}

impl ContactTally {
    pub fn add(&mut self, other: &ContactTally) {
        self.handled += other.handled;
        self.talk_ms += other.talk_ms;
        self.hold_ms += other.hold_ms;
        self.acw_ms += other.acw_ms;
    }

    pub fn handle_ms(&self) -> Millis {
        self.talk_ms + self.hold_ms + self.acw_ms
    }

    pub fn is_empty(&self) -> bool {
        *self == ContactTally::default()
    }
}

/// Time the agent spent in each condition, in one span of time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeTally {
    /// In `available`, `busy` or `after_contact_work` (the CPH denominator).
    pub staffed_ms: Millis,
    /// In any state but `offline`.
    pub logged_in_ms: Millis,
}

impl TimeTally {
    /// The contribution of `duration` spent in `state`.
    pub fn piece(state: AgentState, duration: Millis) -> TimeTally {
        let when = |yes: bool| if yes { duration } else { 0 };
        TimeTally {
            staffed_ms: when(state.is_staffed()),
            logged_in_ms: when(state.is_logged_in()),
        }
    }

    pub fn add(&mut self, other: &TimeTally) {
        self.staffed_ms += other.staffed_ms;
        self.logged_in_ms += other.logged_in_ms;
    }
}

/// Everything booked in one span of time: the agent's time and the contacts per channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub time: TimeTally,
    pub channels: [ContactTally; Channel::COUNT],
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.time.add(&other.time);
        for (mine, theirs) in self.channels.iter_mut().zip(&other.channels) {
            mine.add(theirs);
        }
    }

    pub fn channel(&self, channel: Channel) -> &ContactTally {
        &self.channels[channel.index()]
    }

    pub fn channel_mut(&mut self, channel: Channel) -> &mut ContactTally {
        &mut self.channels[channel.index()]
    }

    /// All channels together.
    pub fn contacts(&self) -> ContactTally {
        let mut total = ContactTally::default();
        for channel in &self.channels {
            total.add(channel);
        }
        total
    }
}
