//! Typed events of schema version 1 (see `docs/contract.md`).

use super::kpi::Kpi;
use super::time::Millis;
use serde::{Deserialize, Serialize};

/// One validated event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub ts: Millis,
    pub kind: EventKind,
}

/// What happened, with the fields each type carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    ContactOffered {
        contact_id: String,
        channel: Channel,
        queued_at: Option<Millis>,
        /// The customer key, hashed as it is parsed: the widget never keeps it as given.
        customer_key: Option<u64>,
        queue: Option<String>,
        reason: Option<String>,
    },
    ContactAnswered {
        contact_id: String,
    },
    ContactMissed {
        contact_id: String,
    },
    ContactAbandoned {
        contact_id: String,
    },
    HoldStarted {
        contact_id: String,
    },
    HoldEnded {
        contact_id: String,
    },
    ContactTransferred {
        contact_id: String,
        to: Option<String>,
    },
    ContactEnded {
        contact_id: String,
        resolved: Option<bool>,
    },
    WrapUpEnded {
        contact_id: String,
        resolved: Option<bool>,
        disposition: Option<String>,
        reason: Option<String>,
    },
    AgentState {
        state: AgentState,
        reason: Option<String>,
    },
    CaseOpened {
        case_id: String,
        status: Option<String>,
        priority: Option<String>,
    },
    CaseUpdated {
        case_id: String,
        status: Option<String>,
        owner: Option<String>,
    },
    CaseClosed {
        case_id: String,
    },
    CaseReopened {
        case_id: String,
    },
    Survey {
        subject: SurveySubject,
        csat: Option<u8>,
        nps: Option<u8>,
        ces: Option<u8>,
    },
    Baseline {
        kpi: Kpi,
        value: f64,
        scope: Option<String>,
    },
}

impl EventKind {
    /// The `type` this kind has on the wire.
    pub fn type_name(&self) -> &'static str {
        match self {
            EventKind::ContactOffered { .. } => "contact_offered",
            EventKind::ContactAnswered { .. } => "contact_answered",
            EventKind::ContactMissed { .. } => "contact_missed",
            EventKind::ContactAbandoned { .. } => "contact_abandoned",
            EventKind::HoldStarted { .. } => "hold_started",
            EventKind::HoldEnded { .. } => "hold_ended",
            EventKind::ContactTransferred { .. } => "contact_transferred",
            EventKind::ContactEnded { .. } => "contact_ended",
            EventKind::WrapUpEnded { .. } => "wrap_up_ended",
            EventKind::AgentState { .. } => "agent_state",
            EventKind::CaseOpened { .. } => "case_opened",
            EventKind::CaseUpdated { .. } => "case_updated",
            EventKind::CaseClosed { .. } => "case_closed",
            EventKind::CaseReopened { .. } => "case_reopened",
            EventKind::Survey { .. } => "survey",
            EventKind::Baseline { .. } => "baseline",
        }
    }
}

/// What a survey answer is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveySubject {
    Contact(String),
    Case(String),
}

/// The medium of a contact. Unknown names count as [`Channel::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Voice,
    Chat,
    Email,
    Sms,
    Messaging,
    Social,
    Web,
    Video,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 9] = [
        Channel::Voice,
        Channel::Chat,
        Channel::Email,
        Channel::Sms,
        Channel::Messaging,
        Channel::Social,
        Channel::Web,
        Channel::Video,
        Channel::Other,
    ];
    pub const COUNT: usize = Self::ALL.len();

    pub fn from_name(name: &str) -> Channel {
        Self::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .unwrap_or(Channel::Other)
    }

    pub fn name(self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Messaging => "messaging",
            Channel::Social => "social",
            Channel::Web => "web",
            Channel::Video => "video",
            Channel::Other => "other",
        }
    }

    /// Position in [`Channel::ALL`], for per-channel arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The agent's presence. Unknown names count as [`AgentState::Break`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentState {
    Available,
    Busy,
    AfterContactWork,
    Break,
    Training,
    Offline,
}

impl AgentState {
    pub fn from_name(name: &str) -> AgentState {
        match name {
            "available" => AgentState::Available,
            "busy" => AgentState::Busy,
            "after_contact_work" => AgentState::AfterContactWork,
            "training" => AgentState::Training,
            "offline" => AgentState::Offline,
            _ => AgentState::Break,
        }
    }

    /// Logged-in time is every state but `offline`.
    pub fn is_logged_in(self) -> bool {
        self != AgentState::Offline
    }

    /// Staffed time (the CPH denominator): ready for, or working on, contacts.
    pub fn is_staffed(self) -> bool {
        matches!(
            self,
            AgentState::Available | AgentState::Busy | AgentState::AfterContactWork
        )
    }
}
