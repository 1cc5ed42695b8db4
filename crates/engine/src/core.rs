//! The state machine of one agent: open contacts, presence, cases, the FCR repeat keys still in
//! their window, and baselines. Events are applied in time order; each books what it completes
//! into a [`Ledger`] and costs work bounded by what is open now.

use crate::config::Config;
use crate::event::{AgentState, Channel, Event, EventKind, Name, SurveySubject};
use crate::json::read::Json;
use crate::json::{JsonOut, ToJson};
use crate::kpi::Kpi;
use crate::ledger::{Booking, Ledger};
use crate::list_map::ListMap;
use crate::persist::read::{variant, FromSaved, Unreadable};
use crate::persist::write::saved_fields;
use crate::recent::{HashKeyed, RecentKeys};
use crate::tally::{CaseTally, Condition, ContactDelta, Tally, TimeTally};
use crate::time::{Millis, Zone, DAY, HOUR};
use crate::SortedMap;
use serde::Serialize;
use std::collections::VecDeque;

/// How many of the latest ignored events keep their reason, for display.
const RECENT_REASONS: usize = 20;
/// Most contacts open at once; past it the oldest is dropped (a host that never closes them).
pub const MAX_OPEN_CONTACTS: usize = 10_000;
/// Most cases open at once; past it the oldest is dropped.
pub const MAX_OPEN_CASES: usize = 10_000;
/// Most FCR candidates (resolved contacts still in their repeat window) held.
pub const MAX_FCR_CANDIDATES: usize = 50_000;
/// Most scopes of baselines held (`team`, `team/voice`, `centre` …); a baseline of one more
/// is ignored, with the reason.
pub const MAX_BASELINE_SCOPES: usize = 32;
/// Completed contacts remembered for placing their surveys on a channel.
const SURVEY_MEMORY: Millis = 7 * DAY;
const SURVEY_MEMORY_CAP: usize = 20_000;
/// Closed cases remembered so that a reopen finds its opening time.
const CLOSED_CASE_MEMORY: Millis = 30 * DAY;
const CLOSED_CASE_CAP: usize = 20_000;

/// The rules and zone events are applied under.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub config: &'a Config,
    pub zone: &'a dyn Zone,
}

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
    id: Name,
    channel: Channel,
    phase: Phase,
    offered_at: Millis,
    /// When the customer started waiting: `queued_at`, else the offer.
    waiting_since: Millis,
    answered_at: Millis,
    /// Set while the customer is on hold.
    hold_since: Option<Millis>,
    hold_ms: Millis,
    ended_at: Millis,
    customer: Option<u64>,
    reason: Option<Name>,
    resolved: Option<bool>,
    /// The agent called or wrote first: in no offer-based figure, and not in FCR.
    outbound: bool,
}

impl Contact {
    /// Ends the conversation at `at`: a running hold ends with it, and ACW starts.
    fn end_conversation(&mut self, at: Millis, resolved: Option<bool>) {
        if let Some(since) = self.hold_since.take() {
            self.hold_ms += (at - since).max(0);
        }
        self.ended_at = at;
        self.phase = Phase::AfterWork;
        self.resolved = resolved.or(self.resolved);
    }

    fn is_active(&self) -> bool {
        self.phase != Phase::Offered
    }
}

/// An open case.
#[derive(Clone, Debug)]
struct Case {
    id: Name,
    /// `None` for a case the widget first saw reopened or updated.
    opened_at: Option<Millis>,
    /// Last change of status or owner (or the opening).
    changed_at: Millis,
}

/// A resolved contact whose repeat window is still open.
#[derive(Clone, Copy, Debug)]
struct FcrCandidate {
    /// The hash of its customer key.
    customer: u64,
    completed_at: Millis,
    channel: Channel,
    reason: Option<u64>,
    repeated: bool,
}

/// The FCR candidates, in the order they completed, with each customer's chained from the
/// latest: held in two flat tables, so that copying the core for a checkpoint allocates no
/// more than twice, however many customers there are.
#[derive(Clone, Debug, Default)]
struct Candidates {
    list: Vec<FcrCandidate>,
    /// For each candidate in `list`, the position of its customer's previous one.
    previous: Vec<Option<u32>>,
    /// Each customer's latest candidate.
    latest: HashKeyed<u32>,
}

impl Candidates {
    fn len(&self) -> usize {
        self.list.len()
    }

    fn iter(&self) -> impl Iterator<Item = &FcrCandidate> {
        self.list.iter()
    }

    fn push(&mut self, candidate: FcrCandidate) {
        let Ok(at) = u32::try_from(self.list.len()) else {
            return;
        };
        self.previous
            .push(self.latest.insert(candidate.customer, at));
        self.list.push(candidate);
    }

    /// Calls `f` with each candidate of `customer`, latest first.
    fn for_customer(&mut self, customer: u64, mut f: impl FnMut(&mut FcrCandidate)) {
        let mut next = self.latest.get(&customer).copied();
        while let Some(at) = next.map(|at| at as usize) {
            next = self.previous.get(at).copied().flatten();
            if let Some(candidate) = self.list.get_mut(at) {
                f(candidate);
            }
        }
    }

    /// Keeps the candidates `keep` says yes to.
    fn retain(&mut self, keep: impl Fn(&FcrCandidate) -> bool) {
        self.list.retain(keep);
        self.relink();
    }

    fn relink(&mut self) {
        self.latest.clear();
        self.previous.clear();
        for (at, candidate) in self.list.iter().enumerate() {
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            self.previous
                .push(self.latest.insert(candidate.customer, at));
        }
    }
}

/// Saved as the list alone; the links are made again when read.
impl ToJson for Candidates {
    fn write_json(&self, out: &mut JsonOut) {
        out.list(&self.list);
    }
}

impl FromSaved for Candidates {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        let mut candidates = Candidates {
            list: Vec::from_saved(value)?,
            ..Candidates::default()
        };
        candidates.relink();
        Ok(candidates)
    }
}

impl ToJson for Phase {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(match self {
            Phase::Offered => "Offered",
            Phase::Conversation => "Conversation",
            Phase::AfterWork => "AfterWork",
        });
    }
}

impl FromSaved for Phase {
    fn from_saved(value: &Json) -> Result<Self, Unreadable> {
        match variant(value)?.0 {
            "Offered" => Ok(Phase::Offered),
            "Conversation" => Ok(Phase::Conversation),
            "AfterWork" => Ok(Phase::AfterWork),
            other => Err(format!("{other:?} is not a phase of a contact")),
        }
    }
}

saved_fields!(Contact {
    id,
    channel,
    phase,
    offered_at,
    waiting_since,
    answered_at,
    hold_since,
    hold_ms,
    ended_at,
    customer,
    reason,
    resolved,
} if_true {
    // Saves before contract 1.1 have no outbound contacts.
    outbound
});
saved_fields!(Case {
    id,
    opened_at,
    changed_at
});
saved_fields!(FcrCandidate {
    customer,
    completed_at,
    channel,
    reason,
    repeated,
});
saved_fields!(Ignored { count, recent });
saved_fields!(Core {
    contacts,
    state,
    clock,
    handling,
    shift_start,
    cases,
    closed_cases,
    fcr,
    baselines,
    ignored,
});
saved_fields!(Recall { completed_channels });

/// A contact with this agent now: where it is and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveContact {
    pub contact_id: String,
    pub channel: Channel,
    pub phase: LivePhase,
    /// When the current phase began (epoch ms).
    pub since: Millis,
}

/// Where a live contact stands, as the agent sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LivePhase {
    /// Offered, not yet answered.
    Ringing,
    Talk,
    Hold,
    /// After-contact work.
    Acw,
}

impl LivePhase {
    /// Its name in JSON and in the panel's markup.
    pub fn id(self) -> &'static str {
        match self {
            LivePhase::Ringing => "ringing",
            LivePhase::Talk => "talk",
            LivePhase::Hold => "hold",
            LivePhase::Acw => "acw",
        }
    }
}

/// An open case, for the list of the oldest and stale ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveCase {
    pub case_id: String,
    /// When it was opened, where the widget saw it.
    pub opened_at: Option<Millis>,
    /// Its last change of status or owner.
    pub changed_at: Millis,
}

/// Events that were valid but did not fit their contact's or case's lifecycle: counted, with
/// the latest reasons kept.
#[derive(Clone, Debug, Default)]
pub struct Ignored {
    pub count: u64,
    pub recent: VecDeque<String>,
}

/// What is open now, for the figures that are about "now" rather than a window.
pub struct OpenCases<'a> {
    cases: &'a HashKeyed<Case>,
    pub closed_known: usize,
}

impl OpenCases<'_> {
    pub fn count(&self) -> usize {
        self.cases.len()
    }

    /// Age of the oldest open case whose opening the widget saw.
    pub fn oldest_age(&self, now: Millis) -> Option<Millis> {
        self.cases
            .values()
            .filter_map(|c| c.opened_at)
            .min()
            .map(|opened| (now - opened).max(0))
    }

    /// Open cases unchanged for longer than `threshold`.
    pub fn stale(&self, now: Millis, threshold: Millis) -> usize {
        self.cases
            .values()
            .filter(|c| now - c.changed_at > threshold)
            .count()
    }
}

#[derive(Clone, Debug)]
pub struct Core {
    /// Open contacts, by the hash of their id.
    contacts: HashKeyed<Contact>,
    state: Option<AgentState>,
    /// Agent time is booked up to here; `None` before the first event.
    clock: Option<Millis>,
    /// Contacts in conversation or ACW.
    handling: usize,
    /// Start of the current (or, while offline, the last) run of logged-in time.
    shift_start: Option<Millis>,
    /// Open cases, by the hash of their id.
    cases: HashKeyed<Case>,
    closed_cases: RecentKeys<Option<Millis>>,
    fcr: Candidates,
    /// Latest baseline per scope and KPI: (its `ts`, value). A few of each: lists.
    baselines: ListMap<String, ListMap<Kpi, (Millis, f64)>>,
    pub ignored: Ignored,
}

impl Default for Core {
    fn default() -> Self {
        Core {
            contacts: HashKeyed::default(),
            state: None,
            clock: None,
            handling: 0,
            shift_start: None,
            cases: HashKeyed::default(),
            closed_cases: RecentKeys::new(CLOSED_CASE_MEMORY, CLOSED_CASE_CAP),
            fcr: Candidates::default(),
            baselines: ListMap::default(),
            ignored: Ignored::default(),
        }
    }
}

/// What is remembered whatever the order events are applied in, so it is kept once, outside the
/// checkpoints: the channel of each recently completed contact (a contact's channel never
/// changes), to place its survey.
#[derive(Clone, Debug)]
pub struct Recall {
    completed_channels: RecentKeys<Channel>,
}

impl Default for Recall {
    fn default() -> Self {
        Recall {
            completed_channels: RecentKeys::new(SURVEY_MEMORY, SURVEY_MEMORY_CAP),
        }
    }
}

/// A core applying one event: the state, where it books, and the rules.
struct Apply<'c> {
    core: &'c mut Core,
    ledger: &'c mut Ledger,
    recall: &'c mut Recall,
    rules: Rules<'c>,
    /// The event's place in the order of application, which tags its bookings.
    step: u64,
    ts: Millis,
}

impl Core {
    /// Applies one event, the `step`-th applied. Events should come in `ts` order; one earlier
    /// than the last is booked at its own time but books no agent time backwards.
    pub fn apply(
        &mut self,
        event: &Event,
        step: u64,
        ledger: &mut Ledger,
        recall: &mut Recall,
        rules: Rules,
    ) {
        let ts = event.ts;
        self.advance_clock(ts, step, ledger, rules.zone);
        let result = Apply {
            core: self,
            ledger,
            recall,
            rules,
            step,
            ts,
        }
        .kind(&event.kind);
        if let Err(reason) = result {
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

    fn condition(&self) -> Condition {
        Condition {
            state: self.state,
            handling: self.handling > 0,
        }
    }

    /// Books the agent's time from the clock up to `to` in the condition held meanwhile.
    fn advance_clock(&mut self, to: Millis, step: u64, ledger: &mut Ledger, zone: &dyn Zone) {
        match self.clock {
            Some(from) if from < to => {
                let condition = self.condition();
                if TimeTally::piece(condition, 1) != TimeTally::default() {
                    ledger.book_time(step, from, to, condition, zone);
                }
                self.clock = Some(to);
            }
            Some(_) => {}
            None => self.clock = Some(to),
        }
    }

    /// Adds to `tally` the agent's time in `[from, to)` not yet booked: since the last event,
    /// in the condition held now.
    pub fn add_open_time(&self, from: Millis, to: Millis, tally: &mut Tally) {
        if let Some(clock) = self.clock {
            let start = clock.max(from);
            if to > start {
                tally
                    .time
                    .add(&TimeTally::piece(self.condition(), to - start));
            }
        }
    }

    /// The instant up to which events have been applied.
    pub fn clock(&self) -> Option<Millis> {
        self.clock
    }

    pub fn shift_start(&self) -> Option<Millis> {
        self.shift_start
    }

    pub fn open_cases(&self) -> OpenCases<'_> {
        OpenCases {
            cases: &self.cases,
            closed_known: self.closed_cases.count(),
        }
    }

    /// The latest baseline of `kpi` in `scope`.
    pub fn baseline(&self, kpi: Kpi, scope: &str) -> Option<f64> {
        self.baselines
            .get(scope)?
            .get(&kpi)
            .map(|(_, value)| *value)
    }

    /// All latest baselines, by scope and KPI.
    pub fn baselines(&self) -> SortedMap<&str, SortedMap<Kpi, f64>> {
        self.baselines
            .iter()
            .map(|(scope, kpis)| {
                let values = kpis
                    .iter()
                    .map(|(kpi, (_, value))| (*kpi, *value))
                    .collect();
                (scope.as_str(), values)
            })
            .collect()
    }

    /// Resolved contacts completed in `[from, to)` whose repeat window is still open at `now`
    /// and that have not been repeated: per channel.
    pub fn fcr_provisional(
        &self,
        from: Millis,
        to: Millis,
        now: Millis,
        repeat: Millis,
    ) -> [u64; Channel::COUNT] {
        let mut counts = [0; Channel::COUNT];
        for candidate in self.fcr.iter() {
            let in_window = (from..to).contains(&candidate.completed_at);
            if in_window && !candidate.repeated && candidate.completed_at + repeat > now {
                counts[candidate.channel.index()] += 1;
            }
        }
        counts
    }

    /// Whether [`Core::live_contacts`] has any: every open contact is with the agent.
    pub fn has_live_contacts(&self) -> bool {
        !self.contacts.is_empty()
    }

    /// The contacts with the agent now, longest first.
    pub fn live_contacts(&self) -> Vec<LiveContact> {
        let mut live: Vec<(Millis, &Name, LiveContact)> = self
            .contacts
            .values()
            .map(|c| {
                let (phase, since) = match (c.phase, c.hold_since) {
                    (Phase::Offered, _) => (LivePhase::Ringing, c.offered_at),
                    (Phase::Conversation, Some(hold)) => (LivePhase::Hold, hold),
                    (Phase::Conversation, None) => (LivePhase::Talk, c.answered_at),
                    (Phase::AfterWork, _) => (LivePhase::Acw, c.ended_at),
                };
                let contact = LiveContact {
                    contact_id: c.id.to_string(),
                    channel: c.channel,
                    phase,
                    since,
                };
                (since, &c.id, contact)
            })
            .collect();
        super::order::sort_by(&mut live, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        live.into_iter().map(|(_, _, contact)| contact).collect()
    }

    /// Open cases, oldest change first.
    pub fn live_cases(&self) -> Vec<LiveCase> {
        let mut cases: Vec<&Case> = self.cases.values().collect();
        super::order::sort_by(&mut cases, |a, b| {
            (a.changed_at, a.opened_at, &a.id).cmp(&(b.changed_at, b.opened_at, &b.id))
        });
        cases
            .into_iter()
            .map(|c| LiveCase {
                case_id: c.id.to_string(),
                opened_at: c.opened_at,
                changed_at: c.changed_at,
            })
            .collect()
    }

    /// Replaces every customer key held (a hash) by `key` of it.
    pub fn rekey_customers(&mut self, key: impl Fn(u64) -> u64) {
        for contact in self.contacts.values_mut() {
            contact.customer = contact.customer.map(&key);
        }
        for candidate in &mut self.fcr.list {
            candidate.customer = key(candidate.customer);
        }
        self.fcr.relink();
    }

    /// How many contacts and cases are open, FCR candidates and baseline scopes held.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.contacts.len(),
            self.cases.len(),
            self.fcr.len(),
            self.baselines.len(),
        )
    }

    /// The earliest instant the journal must still hold for the windows (the shift's start,
    /// or an hour and a quarter back).
    pub fn journal_horizon(&self) -> Millis {
        let clock = self.clock.unwrap_or(0);
        let rolling = clock - HOUR - HOUR / 4;
        match self.shift_start {
            Some(start) => start.max(clock - DAY).min(rolling),
            None => rolling,
        }
    }

    /// Forgets FCR candidates whose repeat window closed before `now` (their figures are
    /// final and booked).
    pub fn forget_settled_fcr(&mut self, now: Millis, repeat: Millis) {
        self.fcr.retain(|c| c.completed_at + repeat > now);
    }
}

impl Apply<'_> {
    fn book(&mut self, at: Millis, booking: Booking) {
        self.ledger.book(self.step, at, booking, self.rules.zone);
    }

    fn book_contact(&mut self, at: Millis, channel: Option<Channel>, delta: ContactDelta) {
        self.book(at, Booking::Contact { channel, delta });
    }

    fn kind(&mut self, kind: &EventKind) -> Result<(), String> {
        let ts = self.ts;
        match kind {
            EventKind::ContactOffered {
                contact_id,
                channel,
                queued_at,
                customer_key,
                reason,
                outbound,
            } => {
                let key = contact_id.key();
                if let Some(existing) = self.core.contacts.get(&key) {
                    if existing.is_active() {
                        return Err(format!("contact {contact_id} is already answered"));
                    }
                    // Offered again with no outcome for the first offer: that one was missed.
                    let (channel, offered_at) = (existing.channel, existing.offered_at);
                    if !existing.outbound {
                        self.book_contact(offered_at, Some(channel), ContactDelta::Missed);
                    }
                }
                if self.core.contacts.len() >= MAX_OPEN_CONTACTS {
                    self.drop_oldest_contact();
                }
                let customer = *customer_key;
                // An outbound contact is the agent's doing, not the customer coming back.
                if let (Some(customer), false) = (customer, *outbound) {
                    self.mark_repeats(customer, reason.as_ref().map(Name::key));
                }
                self.core.contacts.insert(
                    key,
                    Contact {
                        id: contact_id.clone(),
                        channel: *channel,
                        phase: Phase::Offered,
                        offered_at: ts,
                        // A queue entry after the offer is a clock error: wait from the offer.
                        waiting_since: queued_at.map_or(ts, |q| q.min(ts)),
                        answered_at: 0,
                        hold_since: None,
                        hold_ms: 0,
                        ended_at: 0,
                        customer,
                        reason: reason.clone(),
                        resolved: None,
                        outbound: *outbound,
                    },
                );
                if !outbound {
                    self.book_contact(ts, Some(*channel), ContactDelta::Offered);
                }
                Ok(())
            }
            EventKind::ContactAnswered { contact_id } => self.answer(contact_id),
            EventKind::ContactMissed { contact_id } => {
                self.end_offer(contact_id, ContactDelta::Missed)
            }
            EventKind::ContactAbandoned { contact_id } => {
                let offered_at = self.contact_in(contact_id, &[Phase::Offered])?.offered_at;
                let short = ts - offered_at <= self.rules.config.short_abandon_ms;
                self.end_offer(contact_id, ContactDelta::Abandoned { short })
            }
            EventKind::ContactWithdrawn { contact_id } => {
                self.end_offer(contact_id, ContactDelta::Withdrawn)
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
            EventKind::ContactTransferred { contact_id, .. } => {
                self.contact_in(contact_id, &[Phase::Conversation])?
                    .end_conversation(ts, None);
                Ok(())
            }
            EventKind::ContactEnded {
                contact_id,
                resolved,
            } => {
                self.contact_in(contact_id, &[Phase::Conversation])?
                    .end_conversation(ts, *resolved);
                Ok(())
            }
            EventKind::WrapUpEnded {
                contact_id,
                resolved,
                reason,
                ..
            } => {
                let contact =
                    self.contact_in(contact_id, &[Phase::Conversation, Phase::AfterWork])?;
                if contact.phase == Phase::Conversation {
                    // No contact_ended arrived: the conversation ran until the wrap-up.
                    contact.end_conversation(ts, None);
                }
                contact.resolved = resolved.or(contact.resolved);
                if let Some(reason) = reason {
                    contact.reason = Some(reason.clone());
                }
                self.complete(contact_id.key());
                Ok(())
            }
            EventKind::AgentState { state, .. } => {
                match state {
                    // A voice contact's ACW ends when the agent is ready again; a chat's or
                    // email's only by its own wrap-up (contract 1.1), or at logging off.
                    AgentState::Available => {
                        self.complete_after_work(|c| c.channel == Channel::Voice)
                    }
                    AgentState::Offline => {
                        self.end_conversations(|_| true);
                        self.complete_after_work(|_| true);
                    }
                    _ => {}
                }
                let was_logged_in = self.core.state.is_some_and(AgentState::is_logged_in);
                if state.is_logged_in() && !was_logged_in {
                    self.core.shift_start = Some(ts);
                }
                self.core.state = Some(*state);
                Ok(())
            }
            EventKind::CaseOpened { case_id } => {
                if self.core.cases.contains_key(&case_id.key()) {
                    return Err(format!("case {case_id} is already open"));
                }
                self.open_case(case_id, Some(ts));
                Ok(())
            }
            EventKind::CaseUpdated { case_id, owner } => {
                let key = case_id.key();
                let case = self
                    .core
                    .cases
                    .get_mut(&key)
                    .ok_or_else(|| format!("no open case {case_id}"))?;
                case.changed_at = ts;
                let agent = self.rules.config.agent_id.as_deref();
                if let (Some(owner), Some(agent)) = (owner, agent) {
                    if owner != agent {
                        // Handed to someone else: out of this agent's backlog, not closed.
                        self.core.cases.remove(&key);
                    }
                }
                Ok(())
            }
            EventKind::CaseClosed { case_id } => {
                let key = case_id.key();
                let opened_at = match self.core.cases.remove(&key) {
                    Some(case) => case.opened_at,
                    None if self.core.closed_cases.get(key).is_some() => {
                        return Err(format!("case {case_id} is already closed"))
                    }
                    // Opened before the widget started: it counts, without a time to close.
                    None => None,
                };
                self.core.closed_cases.insert(key, ts, opened_at);
                let close_ms = opened_at.map(|opened| (ts - opened).max(0));
                self.book(
                    ts,
                    Booking::Case(CaseTally {
                        closed: 1,
                        close_n: i64::from(close_ms.is_some()),
                        close_ms: close_ms.unwrap_or(0),
                        reopened: 0,
                    }),
                );
                Ok(())
            }
            EventKind::CaseReopened { case_id } => {
                let key = case_id.key();
                if self.core.cases.contains_key(&key) {
                    return Err(format!("case {case_id} is open, not closed"));
                }
                // The time to close of a reopened case runs from its first opening.
                let opened_at = self.core.closed_cases.remove(key).flatten();
                self.open_case(case_id, opened_at);
                self.book(
                    ts,
                    Booking::Case(CaseTally {
                        reopened: 1,
                        ..Default::default()
                    }),
                );
                Ok(())
            }
            EventKind::Survey {
                subject,
                csat,
                nps,
                ces,
            } => {
                let channel = match subject {
                    SurveySubject::Contact(id) => {
                        let key = id.key();
                        self.core
                            .contacts
                            .get(&key)
                            .map(|c| c.channel)
                            .or_else(|| self.recall.completed_channels.get(key).copied())
                    }
                    SurveySubject::Case(_) => None,
                };
                let delta = ContactDelta::Survey {
                    csat: *csat,
                    nps: *nps,
                    ces: *ces,
                };
                self.book_contact(ts, channel, delta);
                Ok(())
            }
            EventKind::Baseline { kpi, value, scope } => {
                let kpi = *kpi;
                let scope = scope.as_deref().unwrap_or("team").to_string();
                let baselines = &self.core.baselines;
                if baselines.len() >= MAX_BASELINE_SCOPES && !baselines.contains_key(scope.as_str())
                {
                    return Err(format!(
                        "baseline: {MAX_BASELINE_SCOPES} scopes are held already, not {scope:?}"
                    ));
                }
                let latest = self
                    .core
                    .baselines
                    .entry(scope, ListMap::default)
                    .entry(kpi, || (ts, *value));
                if ts >= latest.0 {
                    *latest = (ts, *value);
                }
                Ok(())
            }
        }
    }

    fn answer(&mut self, contact_id: &Name) -> Result<(), String> {
        let ts = self.ts;
        let channel = self.contact_in(contact_id, &[Phase::Offered])?.channel;
        // Implicit endings: a voice call answered closes any other voice call still in
        // conversation, and any answered contact ends the ACW of the voice calls before it.
        if channel == Channel::Voice {
            self.end_conversations(|c| c.channel == Channel::Voice);
        }
        self.complete_after_work(|c| c.channel == Channel::Voice);
        let sl_ms = self.rules.config.service_level_ms;
        let contact = self.contact_in(contact_id, &[Phase::Offered])?;
        contact.phase = Phase::Conversation;
        contact.answered_at = ts;
        let (offered_at, wait) = (contact.offered_at, (ts - contact.waiting_since).max(0));
        let outbound = contact.outbound;
        self.core.handling += 1;
        if !outbound {
            let in_service_level = wait <= sl_ms;
            self.book_contact(
                offered_at,
                Some(channel),
                ContactDelta::Answered { in_service_level },
            );
            self.book_contact(ts, Some(channel), ContactDelta::Waited { wait_ms: wait });
        }
        Ok(())
    }

    /// An offer that ends unanswered: booked as `outcome` in the window of the offer (an
    /// outbound contact's in none), and the contact forgotten.
    fn end_offer(&mut self, contact_id: &Name, outcome: ContactDelta) -> Result<(), String> {
        let contact = self.contact_in(contact_id, &[Phase::Offered])?;
        let (channel, offered_at, outbound) =
            (contact.channel, contact.offered_at, contact.outbound);
        self.core.contacts.remove(&contact_id.key());
        if !outbound {
            self.book_contact(offered_at, Some(channel), outcome);
        }
        Ok(())
    }

    fn contact_in(&mut self, contact_id: &Name, phases: &[Phase]) -> Result<&mut Contact, String> {
        let contact = self
            .core
            .contacts
            .get_mut(&contact_id.key())
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

    fn end_conversations(&mut self, which: impl Fn(&Contact) -> bool) {
        let ts = self.ts;
        for contact in self.core.contacts.values_mut() {
            if contact.phase == Phase::Conversation && which(contact) {
                contact.end_conversation(ts, None);
            }
        }
    }

    /// Ends the after-contact work of the contacts in ACW that `which` picks.
    fn complete_after_work(&mut self, which: impl Fn(&Contact) -> bool) {
        let mut done: Vec<(&Name, u64)> = self
            .core
            .contacts
            .iter()
            .filter(|(_, c)| c.phase == Phase::AfterWork && which(c))
            .map(|(key, c)| (&c.id, *key))
            .collect();
        if done.is_empty() {
            return;
        }
        // In the order of their ids, whatever the order of the map.
        super::order::sort_by(&mut done, Ord::cmp);
        let done: Vec<u64> = done.into_iter().map(|(_, key)| key).collect();
        for key in done {
            self.complete(key);
        }
    }

    /// Books a contact whose after-contact work ends now, and forgets it.
    fn complete(&mut self, key: u64) {
        let ts = self.ts;
        let Some(contact) = self.core.contacts.remove(&key) else {
            return;
        };
        self.core.handling = self.core.handling.saturating_sub(1);
        let resolved_with_key =
            contact.resolved == Some(true) && contact.customer.is_some() && !contact.outbound;
        let handled = ContactDelta::Handled {
            talk_ms: (contact.ended_at - contact.answered_at - contact.hold_ms).max(0),
            hold_ms: contact.hold_ms,
            acw_ms: (ts - contact.ended_at).max(0),
            resolved_with_key,
        };
        self.book_contact(ts, Some(contact.channel), handled);
        let reason_key = contact.reason.as_ref().map(Name::key);
        if let Some(reason) = contact.reason {
            self.book(
                ts,
                Booking::Reason {
                    channel: contact.channel,
                    reason,
                },
            );
        }
        self.recall
            .completed_channels
            .insert(key, ts, contact.channel);
        if let (true, Some(customer)) = (resolved_with_key, contact.customer) {
            if self.core.fcr.len() >= MAX_FCR_CANDIDATES {
                self.core
                    .forget_settled_fcr(ts, self.rules.config.fcr_repeat_ms);
            }
            if self.core.fcr.len() >= MAX_FCR_CANDIDATES {
                // A flood of resolved contacts: this one counts as resolved first time, but
                // a repeat of it can no longer be seen.
                return;
            }
            self.core.fcr.push(FcrCandidate {
                customer,
                completed_at: ts,
                channel: contact.channel,
                reason: reason_key,
                repeated: false,
            });
        }
    }

    /// A new contact of `customer`: the resolved contacts before it within the repeat window
    /// (with the same reason, where both have one) were not resolved first time.
    fn mark_repeats(&mut self, customer: u64, reason: Option<u64>) {
        let ts = self.ts;
        let repeat = self.rules.config.fcr_repeat_ms;
        let mut corrections = Vec::new();
        self.core.fcr.for_customer(customer, |candidate| {
            let within = candidate.completed_at < ts && ts - candidate.completed_at <= repeat;
            let same_reason = match (candidate.reason, reason) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if within && same_reason && !candidate.repeated {
                candidate.repeated = true;
                corrections.push((candidate.completed_at, candidate.channel));
            }
        });
        for (completed_at, channel) in corrections {
            self.book_contact(completed_at, Some(channel), ContactDelta::Repeated);
        }
    }

    fn open_case(&mut self, case_id: &Name, opened_at: Option<Millis>) {
        if self.core.cases.len() >= MAX_OPEN_CASES {
            let oldest = self
                .core
                .cases
                .iter()
                .min_by(|(_, a), (_, b)| (a.changed_at, &a.id).cmp(&(b.changed_at, &b.id)))
                .map(|(key, _)| *key);
            if let Some(oldest) = oldest {
                self.core.cases.remove(&oldest);
            }
        }
        self.core.cases.insert(
            case_id.key(),
            Case {
                id: case_id.clone(),
                opened_at,
                changed_at: self.ts,
            },
        );
    }

    /// Makes room for a new contact by forgetting the one offered longest ago.
    fn drop_oldest_contact(&mut self) {
        let oldest = self
            .core
            .contacts
            .iter()
            .min_by(|(_, a), (_, b)| (a.offered_at, &a.id).cmp(&(b.offered_at, &b.id)))
            .map(|(key, c)| (*key, c.is_active()));
        if let Some((key, active)) = oldest {
            self.core.contacts.remove(&key);
            if active {
                self.core.handling = self.core.handling.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(customer: u64, completed_at: Millis) -> FcrCandidate {
        FcrCandidate {
            customer,
            completed_at,
            channel: Channel::Voice,
            reason: None,
            repeated: false,
        }
    }

    fn of(candidates: &mut Candidates, customer: u64) -> Vec<Millis> {
        let mut seen = Vec::new();
        candidates.for_customer(customer, |c| seen.push(c.completed_at));
        seen
    }

    #[test]
    fn candidates_are_chained_per_customer_and_survive_a_sweep_and_a_save() {
        let mut candidates = Candidates::default();
        for (customer, at) in [(1, 10), (2, 20), (1, 30), (3, 40), (1, 50), (2, 60)] {
            candidates.push(candidate(customer, at));
        }
        assert_eq!(of(&mut candidates, 1), [50, 30, 10]);
        assert_eq!(of(&mut candidates, 2), [60, 20]);
        assert_eq!(of(&mut candidates, 4), Vec::<Millis>::new());
        candidates.retain(|c| c.completed_at > 25);
        assert_eq!(candidates.len(), 4);
        assert_eq!(of(&mut candidates, 1), [50, 30]);
        assert_eq!(of(&mut candidates, 2), [60]);
        let json = crate::json::to_json(&candidates);
        let back = crate::json::read::parse(&json).map_err(|e| e.to_string());
        let mut back = back
            .and_then(|v| Candidates::from_saved(&v))
            .unwrap_or_default();
        assert_eq!(of(&mut back, 1), [50, 30]);
        assert_eq!(of(&mut back, 3), [40]);
    }
}
