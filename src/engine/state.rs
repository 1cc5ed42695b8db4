//! The KPI state: open contacts, the agent's presence, and the tallies of each 15-minute
//! interval. Events are applied in time order; each one costs work bounded by what is open now.

use super::event::{AgentState, Channel, Event, EventKind};
use super::tally::{ContactTally, Tally, TimeTally};
use super::time::{interval_of, interval_start, Millis};
use std::collections::{BTreeMap, VecDeque};

/// How many of the latest ignored events keep their reason, for display.
const RECENT_REASONS: usize = 20;

/// Where a contact is in its life with this agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Presented, not yet accepted.
    Offered,
    /// In conversation (talk or hold).
    Conversation,
    /// Conversation over, after-contact work running.
    AfterWork,
}

#[derive(Clone, Debug)]
struct Contact {
    channel: Channel,
    phase: Phase,
    answered_at: Millis,
    /// Set while the customer is on hold.
    hold_since: Option<Millis>,
    hold_ms: Millis,
    ended_at: Millis,
}

impl Contact {
    fn offered(channel: Channel) -> Contact {
        Contact {
            channel,
            phase: Phase::Offered,
            answered_at: 0,
            hold_since: None,
            hold_ms: 0,
            ended_at: 0,
        }
    }

    /// Ends the conversation at `at`: a running hold ends with it, and ACW starts.
    fn end_conversation(&mut self, at: Millis) {
        if let Some(since) = self.hold_since.take() {
            self.hold_ms += (at - since).max(0);
        }
        self.ended_at = at;
        self.phase = Phase::AfterWork;
    }

    /// The contact's handle time, complete at `at` (the end of its ACW).
    fn booked(&self, at: Millis) -> ContactTally {
        ContactTally {
            handled: 1,
            talk_ms: (self.ended_at - self.answered_at - self.hold_ms).max(0),
            hold_ms: self.hold_ms,
            acw_ms: (at - self.ended_at).max(0),
        }
    }
}

/// Events that were valid but did not fit the contact's lifecycle (a hold on a contact never
/// answered, say): counted, with the latest reasons kept.
#[derive(Clone, Debug, Default)]
pub struct Ignored {
    pub count: u64,
    pub recent: VecDeque<String>,
}

#[derive(Clone, Debug, Default)]
pub struct KpiState {
    contacts: BTreeMap<String, Contact>,
    agent_state: Option<AgentState>,
    /// Time is booked up to here; `None` before the first event.
    clock: Option<Millis>,
    intervals: BTreeMap<i64, Tally>,
    pub ignored: Ignored,
}

impl KpiState {
    /// Applies one event. Events must come in `ts` order; one that is earlier than the last is
    /// applied at its own time for contact figures, and books no agent time backwards.
    pub fn apply(&mut self, event: &Event) {
        let ts = event.ts;
        self.advance_clock(ts);
        if let Err(reason) = self.apply_kind(ts, &event.kind) {
            self.ignored.count += 1;
            if self.ignored.recent.len() == RECENT_REASONS {
                self.ignored.recent.pop_front();
            }
            self.ignored.recent.push_back(format!(
                "{} ({}): {reason}",
                event.id,
                event.kind.type_name()
            ));
        }
    }

    fn apply_kind(&mut self, ts: Millis, kind: &EventKind) -> Result<(), String> {
        match kind {
            EventKind::ContactOffered {
                contact_id,
                channel,
                ..
            } => {
                if let Some(existing) = self.contacts.get(contact_id) {
                    if existing.phase != Phase::Offered {
                        return Err(format!("contact {contact_id} is already answered"));
                    }
                }
                self.contacts
                    .insert(contact_id.clone(), Contact::offered(*channel));
                Ok(())
            }
            EventKind::ContactAnswered { contact_id } => self.answer(ts, contact_id),
            EventKind::ContactMissed { contact_id }
            | EventKind::ContactAbandoned { contact_id } => {
                self.contact_in(contact_id, &[Phase::Offered])?;
                self.contacts.remove(contact_id);
                Ok(())
            }
            EventKind::HoldStarted { contact_id } => {
                let contact = self.contact_in(contact_id, &[Phase::Conversation])?;
                if contact.hold_since.is_some() {
                    return Err(format!("contact {contact_id} is already on hold"));
                }
                contact.hold_since = Some(ts);
                Ok(())
            }
            EventKind::HoldEnded { contact_id } => {
                let contact = self.contact_in(contact_id, &[Phase::Conversation])?;
                let since = contact
                    .hold_since
                    .take()
                    .ok_or_else(|| format!("contact {contact_id} is not on hold"))?;
                contact.hold_ms += (ts - since).max(0);
                Ok(())
            }
            EventKind::ContactTransferred { contact_id, .. }
            | EventKind::ContactEnded { contact_id, .. } => {
                self.contact_in(contact_id, &[Phase::Conversation])?
                    .end_conversation(ts);
                Ok(())
            }
            EventKind::WrapUpEnded { contact_id, .. } => {
                let contact =
                    self.contact_in(contact_id, &[Phase::Conversation, Phase::AfterWork])?;
                if contact.phase == Phase::Conversation {
                    // No contact_ended arrived: the conversation ran until the wrap-up.
                    contact.end_conversation(ts);
                }
                self.complete(contact_id, ts);
                Ok(())
            }
            EventKind::AgentState { state, .. } => {
                match state {
                    AgentState::Available => self.complete_all_after_work(ts),
                    AgentState::Offline => {
                        self.end_conversations(ts, |_| true);
                        self.complete_all_after_work(ts);
                    }
                    _ => {}
                }
                self.agent_state = Some(*state);
                Ok(())
            }
            // Cases, surveys and baselines feed figures this slice does not compute yet.
            EventKind::CaseOpened { .. }
            | EventKind::CaseUpdated { .. }
            | EventKind::CaseClosed { .. }
            | EventKind::CaseReopened { .. }
            | EventKind::Survey { .. }
            | EventKind::Baseline { .. } => Ok(()),
        }
    }

    fn answer(&mut self, ts: Millis, contact_id: &str) -> Result<(), String> {
        let channel = self.contact_in(contact_id, &[Phase::Offered])?.channel;
        // Implicit endings: a voice call answered closes any other voice call still in
        // conversation, and any answered contact ends the ACW of the ones before it.
        if channel == Channel::Voice {
            self.end_conversations(ts, |c| c.channel == Channel::Voice);
        }
        self.complete_all_after_work(ts);
        let contact = self.contact_in(contact_id, &[Phase::Offered])?;
        contact.phase = Phase::Conversation;
        contact.answered_at = ts;
        Ok(())
    }

    fn contact_in(&mut self, contact_id: &str, phases: &[Phase]) -> Result<&mut Contact, String> {
        let contact = self
            .contacts
            .get_mut(contact_id)
            .ok_or_else(|| format!("no open contact {contact_id}"))?;
        if phases.contains(&contact.phase) {
            Ok(contact)
        } else {
            Err(format!(
                "contact {contact_id} is {}",
                match contact.phase {
                    Phase::Offered => "not answered yet",
                    Phase::Conversation => "still in conversation",
                    Phase::AfterWork => "already ended",
                }
            ))
        }
    }

    fn end_conversations(&mut self, ts: Millis, which: impl Fn(&Contact) -> bool) {
        for contact in self.contacts.values_mut() {
            if contact.phase == Phase::Conversation && which(contact) {
                contact.end_conversation(ts);
            }
        }
    }

    fn complete_all_after_work(&mut self, ts: Millis) {
        let done: Vec<String> = self
            .contacts
            .iter()
            .filter(|(_, c)| c.phase == Phase::AfterWork)
            .map(|(id, _)| id.clone())
            .collect();
        for contact_id in done {
            self.complete(&contact_id, ts);
        }
    }

    /// Books a contact whose after-contact work ended at `ts`, and forgets it.
    fn complete(&mut self, contact_id: &str, ts: Millis) {
        if let Some(contact) = self.contacts.remove(contact_id) {
            let booked = contact.booked(ts);
            self.interval_mut(ts)
                .channel_mut(contact.channel)
                .add(&booked);
        }
    }

    fn interval_mut(&mut self, t: Millis) -> &mut Tally {
        self.intervals.entry(interval_of(t)).or_default()
    }

    /// Books the agent's time from the clock up to `to` in the state held meanwhile.
    fn advance_clock(&mut self, to: Millis) {
        let from = match self.clock {
            Some(from) if from < to => from,
            Some(_) => return,
            None => {
                self.clock = Some(to);
                return;
            }
        };
        self.clock = Some(to);
        if let Some(state) = self.agent_state {
            for (index, piece) in split_time(state, from, to) {
                self.intervals.entry(index).or_default().time.add(&piece);
            }
        }
    }

    /// The sums of everything booked in `[start, end)`, with the agent's time since the last
    /// event counted up to `end`. `start` must be an interval boundary.
    pub fn tally_between(&self, start: Millis, end: Millis) -> Tally {
        let mut total = Tally::default();
        if end <= start {
            return total;
        }
        for (_, tally) in self
            .intervals
            .range(interval_of(start)..=interval_of(end - 1))
        {
            total.add(tally);
        }
        if let (Some(clock), Some(state)) = (self.clock, self.agent_state) {
            for (_, piece) in split_time(state, clock.max(start), end) {
                total.time.add(&piece);
            }
        }
        total
    }
}

/// `[from, to)` spent in `state`, cut at interval boundaries: (interval index, its part).
/// Nothing for offline time, which no figure counts.
fn split_time(
    state: AgentState,
    from: Millis,
    to: Millis,
) -> impl Iterator<Item = (i64, TimeTally)> {
    let mut t = from;
    std::iter::from_fn(move || {
        if t >= to || !state.is_logged_in() {
            return None;
        }
        let index = interval_of(t);
        let end = to.min(interval_start(index + 1));
        let piece = TimeTally::piece(state, end - t);
        t = end;
        Some((index, piece))
    })
}
