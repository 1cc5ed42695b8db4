//! Many tabs, one agent. Panels that keep their state under the same storage key (two tabs of
//! the same console, say) share their events, so they show the same figures. This is the
//! bookkeeping, pure so it is tested natively; `ui::tab_channel` carries the messages over a
//! `BroadcastChannel` and picks the leader with a Web Lock.
//!
//! - Every tab sends the batches its host pushed, in numbered messages (one for all the batches
//!   of a task: a host pushing event by event costs one message, not thousands), to all the
//!   others, and takes every message it receives, once: each tab keeps a full replica of the
//!   same engine. A reset of the panel goes the same way, numbered with the batches.
//! - One tab leads: it alone saves the state, and it answers a tab that opens with its whole
//!   state and the last batch it took from each tab. The new tab applies that state, then only
//!   the batches the state did not hold yet — none twice, none lost.
//! - When the leader's page goes, another tab leads from what it has, which is everything: it
//!   took the same batches.
//!
//! ```
//! use agent_kpi_engine::{Engine, FixedOffset, Window};
//! use agent_kpi_host::tabs::{Received, TabSync};
//!
//! let (mut first, mut first_engine) = (TabSync::new("a"), Engine::default());
//! first.lead(&mut first_engine);
//! let (mut second, mut second_engine) = (TabSync::new("b"), Engine::default());
//! // The second tab says hello; the leader answers with its state.
//! let reply = first.receive(second.hello(), &mut first_engine);
//! let Received::Reply(mut replies) = reply else { panic!("the leader answers") };
//! let state = replies.pop().expect("its state");
//! assert_eq!(second.receive(state, &mut second_engine), Received::Changed);
//! // Whatever a host pushes in one tab reaches the other.
//! let text = r#"{"id":"1","ts":1767254400000,"type":"agent_state","state":"available"}"#;
//! first_engine.push_text(text);
//! first.share(text);
//! let batch = first.flush().expect("a batch to send");
//! assert_eq!(second.receive(batch, &mut second_engine), Received::Changed);
//! let figures = |engine: &Engine| engine.snapshot(Window::Today, 1767258000000, &FixedOffset::UTC);
//! assert_eq!(figures(&second_engine), figures(&first_engine));
//! ```

use agent_kpi_engine::json::read::{self, Json};
use agent_kpi_engine::json::to_json;
use agent_kpi_engine::persist::read::FromSaved;
use agent_kpi_engine::{json_fields, Engine, ListMap};
use std::borrow::Cow;

/// One message between tabs, as JSON on the channel: `{"kind": "batch", "from": …, "n": …,
/// "texts": […]}` and so on, with the fields of its kind ([`TabMessage::to_json`]).
#[derive(Clone, Debug, PartialEq)]
pub enum TabMessage {
    /// The `n`th message of batches (1, 2, …) the host of tab `from` pushed.
    Batch {
        from: String,
        n: u64,
        texts: Vec<String>,
    },
    /// The `n`th message of tab `from` (numbered with its batches): its host reset the panel,
    /// so every tab forgets every event taken before it.
    Reset { from: String, n: u64 },
    /// A tab that just opened asks the leader for the state.
    Hello { from: String },
    /// The leader's answer to tab `to`: its engine, saved, and the last batch it had taken
    /// from each tab.
    State {
        to: String,
        save: String,
        applied: Applied,
    },
}

/// The last batch taken from each tab, by the tab's id (a handful of tabs: a list).
pub type Applied = ListMap<String, u64>;

/// A message as it is written on the channel: its kind and every field any kind has, those of
/// other kinds left out; borrowed from the message (a state carries a whole save).
#[derive(Default)]
struct OnChannel<'a> {
    kind: Cow<'a, str>,
    from: Option<Cow<'a, str>>,
    n: Option<u64>,
    texts: Option<Cow<'a, [String]>>,
    to: Option<Cow<'a, str>>,
    save: Option<Cow<'a, str>>,
    applied: Option<Cow<'a, Applied>>,
}

json_fields!(OnChannel<'a> { kind } skip_none {
    from,
    n,
    texts,
    to,
    save,
    applied
});

impl TabMessage {
    /// The message as JSON text, for the channel.
    pub fn to_json(&self) -> String {
        fn text(text: &str) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(text))
        }
        let kind = |kind: &'static str| OnChannel {
            kind: Cow::Borrowed(kind),
            ..OnChannel::default()
        };
        let on_channel = match self {
            TabMessage::Batch { from, n, texts } => OnChannel {
                from: text(from),
                n: Some(*n),
                texts: Some(Cow::Borrowed(texts.as_slice())),
                ..kind("batch")
            },
            TabMessage::Reset { from, n } => OnChannel {
                from: text(from),
                n: Some(*n),
                ..kind("reset")
            },
            TabMessage::Hello { from } => OnChannel {
                from: text(from),
                ..kind("hello")
            },
            TabMessage::State { to, save, applied } => OnChannel {
                to: text(to),
                save: text(save),
                applied: Some(Cow::Borrowed(applied)),
                ..kind("state")
            },
        };
        to_json(&on_channel)
    }

    /// A message from the channel; `None` for anything else (garbage, or a kind this version
    /// does not know). Read through the engine's [`Json`] tree (a derived reader would be code
    /// of its own), its texts moved out rather than copied.
    pub fn from_json(text: &str) -> Option<TabMessage> {
        let Json::Object(fields) = read::parse(text).ok()? else {
            return None;
        };
        // One pass that takes each field by value (taking them out by key would compile the
        // map's removal, for nothing); a field of the wrong type is as good as missing.
        let mut m = OnChannel::default();
        for (key, value) in fields {
            match &*key {
                "kind" => m.kind = Cow::Owned(text_of(value)?),
                "from" => m.from = text_of(value).map(Cow::Owned),
                "n" => m.n = value.as_u64(),
                "texts" => m.texts = texts_of(value).map(Cow::Owned),
                "to" => m.to = text_of(value).map(Cow::Owned),
                "save" => m.save = text_of(value).map(Cow::Owned),
                "applied" => m.applied = Applied::from_saved(&value).ok().map(Cow::Owned),
                _ => {}
            }
        }
        let owned = |text: Option<Cow<str>>| text.map(Cow::into_owned);
        Some(match &*m.kind {
            "batch" => TabMessage::Batch {
                from: owned(m.from)?,
                n: m.n?,
                texts: m.texts?.into_owned(),
            },
            "reset" => TabMessage::Reset {
                from: owned(m.from)?,
                n: m.n?,
            },
            "hello" => TabMessage::Hello {
                from: owned(m.from)?,
            },
            "state" => TabMessage::State {
                to: owned(m.to)?,
                save: owned(m.save)?,
                applied: m.applied?.into_owned(),
            },
            _ => return None,
        })
    }
}

/// The text a JSON value is, moved out of it.
fn text_of(value: Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.into_owned()),
        _ => None,
    }
}

/// The texts a JSON array of strings holds, moved out of it.
fn texts_of(value: Json) -> Option<Vec<String>> {
    match value {
        Json::Array(texts) => texts.into_iter().map(text_of).collect(),
        _ => None,
    }
}

/// What a received message did.
#[derive(Clone, Debug, PartialEq)]
pub enum Received {
    /// Nothing to show: not for this tab, already taken, or held until the state comes.
    Nothing,
    /// The engine changed: redraw.
    Changed,
    /// Post these to the other tabs, in order.
    Reply(Vec<TabMessage>),
}

/// One tab's part in the group.
#[derive(Debug)]
pub struct TabSync {
    tab: String,
    /// Messages of batches this tab has sent.
    sent: u64,
    /// Batches taken here but not sent yet.
    outbox: Vec<String>,
    /// The last message of batches taken from each tab (this one included).
    applied: Applied,
    leading: bool,
    /// Until the leader's state comes: the batches received meanwhile (applied over that
    /// state), and this tab's own (applied already, and again over the state where it lacks
    /// them).
    joining: Option<Joining>,
}

#[derive(Debug, Default)]
struct Joining {
    received: Vec<(String, u64, Shared)>,
    own: Vec<(u64, Shared)>,
}

/// What one numbered message of a tab carries.
#[derive(Clone, Debug)]
enum Shared {
    Texts(Vec<String>),
    Reset,
}

impl TabSync {
    /// A tab named `tab` (unique among the open tabs), waiting for the leader's state.
    pub fn new(tab: &str) -> TabSync {
        TabSync {
            tab: tab.to_string(),
            sent: 0,
            outbox: Vec::new(),
            applied: Applied::default(),
            leading: false,
            joining: Some(Joining::default()),
        }
    }

    /// What to post once, on opening: a leader that hears it answers with its state.
    pub fn hello(&self) -> TabMessage {
        TabMessage::Hello {
            from: self.tab.clone(),
        }
    }

    pub fn is_leading(&self) -> bool {
        self.leading
    }

    /// Whether this tab saves the state for the group: it leads, or it has just opened and
    /// heard no other tab's batches yet. Then no leader has answered and there may be none (a
    /// page reloaded before its lock came would otherwise leave unsaved what it was pushed); a
    /// leader that has not answered yet takes this tab's batches and saves after it.
    pub fn saves(&self) -> bool {
        self.leading
            || self
                .joining
                .as_ref()
                .is_some_and(|joining| joining.received.is_empty())
    }

    /// This tab's host pushed `text`, and the engine took it: to be sent with the next
    /// [`TabSync::flush`].
    pub fn share(&mut self, text: &str) {
        self.outbox.push(text.to_string());
    }

    /// The message for the others with the batches shared since the last flush, if any.
    pub fn flush(&mut self) -> Option<TabMessage> {
        if self.outbox.is_empty() {
            return None;
        }
        let texts = std::mem::take(&mut self.outbox);
        let n = self.next_own(Shared::Texts(texts.clone()));
        Some(TabMessage::Batch {
            from: self.tab.clone(),
            n,
            texts,
        })
    }

    /// This tab's host reset the panel: the engine forgets every event, and so will the other
    /// tabs' on the message returned (batches not sent yet need not be: they are forgotten too).
    pub fn reset(&mut self, engine: &mut Engine) -> TabMessage {
        self.outbox.clear();
        engine.forget_events();
        let n = self.next_own(Shared::Reset);
        TabMessage::Reset {
            from: self.tab.clone(),
            n,
        }
    }

    /// Numbers this tab's next message, taken here already.
    fn next_own(&mut self, shared: Shared) -> u64 {
        self.sent += 1;
        self.applied.insert(self.tab.clone(), self.sent);
        if let Some(joining) = &mut self.joining {
            joining.own.push((self.sent, shared));
        }
        self.sent
    }

    /// This tab leads from now on (it holds the lock). No state will come: what was held for
    /// it is applied now.
    pub fn lead(&mut self, engine: &mut Engine) -> Received {
        self.leading = true;
        self.stop_waiting(engine)
    }

    /// No state came in time (no leader answered): go on with what this tab has.
    pub fn stop_waiting(&mut self, engine: &mut Engine) -> Received {
        let Some(joining) = self.joining.take() else {
            return Received::Nothing;
        };
        if self.take_held(joining.received, engine) {
            Received::Changed
        } else {
            Received::Nothing
        }
    }

    /// Takes a message from another tab.
    pub fn receive(&mut self, message: TabMessage, engine: &mut Engine) -> Received {
        match message {
            TabMessage::Batch { from, n, texts } => {
                self.receive_shared(from, n, Shared::Texts(texts), engine)
            }
            TabMessage::Reset { from, n } => self.receive_shared(from, n, Shared::Reset, engine),
            TabMessage::Hello { from } if self.leading && from != self.tab => {
                // What the engine took but the others were not sent yet goes first: the state
                // holds it, and says so.
                let unsent = self.flush();
                // Without a save (it cannot fail with a state the engine made), the joining
                // tab hears no state and goes on alone when its wait is over.
                let state = engine.save().ok().map(|save| TabMessage::State {
                    to: from,
                    save,
                    applied: self.applied.clone(),
                });
                Received::Reply(unsent.into_iter().chain(state).collect())
            }
            TabMessage::State { to, save, applied } if to == self.tab => {
                let Some(joining) = self.joining.take() else {
                    return Received::Nothing;
                };
                let restored =
                    Engine::restore(&save, engine.config().clone(), engine.zone().clone());
                // An unreadable state (another version of the widget in the other tab, say):
                // go on with this tab's own engine.
                if let Ok(mut restored) = restored {
                    // The clock is this tab's, not part of the state; the customer secret is
                    // kept beside the save, which this tab read too.
                    if let Some(now) = engine.wall_clock() {
                        restored.set_wall_clock(now);
                    }
                    if let Some(secret) = engine.customer_secret() {
                        restored.set_customer_secret(secret);
                    }
                    *engine = restored;
                    self.applied = applied;
                    let tab = self.tab.clone();
                    for (n, shared) in joining.own {
                        self.take(&tab, n, &shared, engine);
                    }
                    self.applied.insert(tab, self.sent);
                }
                self.take_held(joining.received, engine);
                Received::Changed
            }
            _ => Received::Nothing,
        }
    }

    /// A numbered message of another tab: taken, or held while this tab waits for the state.
    fn receive_shared(
        &mut self,
        from: String,
        n: u64,
        shared: Shared,
        engine: &mut Engine,
    ) -> Received {
        if let Some(joining) = &mut self.joining {
            joining.received.push((from, n, shared));
            Received::Nothing
        } else if self.take(&from, n, &shared, engine) {
            Received::Changed
        } else {
            Received::Nothing
        }
    }

    /// Applies the messages held while joining, those not taken yet; whether any was.
    fn take_held(&mut self, held: Vec<(String, u64, Shared)>, engine: &mut Engine) -> bool {
        let mut taken = false;
        for (from, n, shared) in held {
            taken |= self.take(&from, n, &shared, engine);
        }
        taken
    }

    /// Applies message `n` of tab `from` unless it was taken already; whether it was now.
    fn take(&mut self, from: &str, n: u64, shared: &Shared, engine: &mut Engine) -> bool {
        let last = self.applied.get(from).copied().unwrap_or(0);
        if n <= last {
            return false;
        }
        match shared {
            Shared::Texts(texts) => {
                for text in texts {
                    engine.push_text(text);
                }
            }
            Shared::Reset => engine.forget_events(),
        }
        self.applied.insert(from.to_string(), n);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_kpi_engine::{FixedOffset, Window, MINUTE};

    const START: i64 = 1_767_254_400_000;

    fn event(i: i64) -> String {
        format!(
            r#"{{"id":"e{i}","ts":{},"type":"agent_state","state":"{}"}}"#,
            START + i * MINUTE,
            if i % 2 == 0 { "available" } else { "busy" }
        )
    }

    struct Tab {
        sync: TabSync,
        engine: Engine,
    }

    impl Tab {
        fn open(name: &str) -> Tab {
            Tab {
                sync: TabSync::new(name),
                engine: Engine::default(),
            }
        }
        fn push(&mut self, text: &str) -> TabMessage {
            self.engine.push_text(text);
            self.sync.share(text);
            self.sync.flush().expect("a batch to send")
        }
        fn hear(&mut self, message: &TabMessage) -> Received {
            self.sync.receive(message.clone(), &mut self.engine)
        }
        fn figures(&self) -> String {
            let as_of = START + 120 * MINUTE;
            serde_json::to_string(
                &self
                    .engine
                    .snapshot(Window::Today, as_of, &FixedOffset::UTC),
            )
            .unwrap_or_default()
        }
    }

    #[test]
    fn messages_travel_as_json_objects_tagged_by_kind() {
        let mut applied = Applied::default();
        applied.insert("a".to_string(), 3);
        let messages = [
            (
                TabMessage::Batch {
                    from: "a".into(),
                    n: 2,
                    texts: vec!["{}".into()],
                },
                r#"{"kind":"batch","from":"a","n":2,"texts":["{}"]}"#,
            ),
            (
                TabMessage::Reset {
                    from: "b".into(),
                    n: 5,
                },
                r#"{"kind":"reset","from":"b","n":5}"#,
            ),
            (
                TabMessage::Hello { from: "c".into() },
                r#"{"kind":"hello","from":"c"}"#,
            ),
            (
                TabMessage::State {
                    to: "c".into(),
                    save: "{\"version\":3}".into(),
                    applied,
                },
                r#"{"kind":"state","to":"c","save":"{\"version\":3}","applied":{"a":3}}"#,
            ),
        ];
        for (message, json) in messages {
            // The shape tabs of earlier versions write and read.
            assert_eq!(message.to_json(), json);
            assert_eq!(TabMessage::from_json(json), Some(message));
        }
        // Another kind, a kind without its fields, or not a message: not acted on.
        for other in [
            r#"{"kind":"sing","from":"a"}"#,
            r#"{"kind":"batch","from":"a"}"#,
            r#"{"kind":"batch","from":"a","n":1,"texts":["{}",1]}"#,
            r#"{"kind":"state","to":"c","save":"{}","applied":{"a":"3"}}"#,
            r#"{"kind":7,"from":"a"}"#,
            "[1]",
        ] {
            assert_eq!(TabMessage::from_json(other), None, "{other}");
        }
    }

    #[test]
    fn a_tab_that_opens_late_gets_everything_once() {
        let mut a = Tab::open("a");
        a.sync.lead(&mut a.engine);
        let early = a.push(&event(1));
        let mut b = Tab::open("b");
        let hello = b.sync.hello();
        // Before the leader hears the hello, it takes another batch and b pushes one of its
        // own; b hears a's batches while it waits for the state.
        let before_state = a.push(&event(2));
        let own = b.push(&event(3));
        assert_eq!(a.hear(&own), Received::Changed);
        let Received::Reply(mut replies) = a.hear(&hello) else {
            panic!("the leader answers a hello");
        };
        let state = replies.pop().expect("the state comes last");
        let after_state = a.push(&event(4));
        assert_eq!(b.hear(&early), Received::Nothing, "held until the state");
        b.hear(&before_state);
        assert_eq!(b.hear(&state), Received::Changed);
        b.hear(&after_state);
        assert_eq!(b.figures(), a.figures());
        let accepted = |tab: &Tab| {
            tab.engine
                .snapshot(Window::Today, START, &FixedOffset::UTC)
                .ingest
        };
        assert_eq!(accepted(&b).accepted, 4);
        assert_eq!(accepted(&b).duplicates, 0, "nothing taken twice");
    }

    #[test]
    fn a_tab_that_joins_knows_the_ids_taken_and_keeps_its_own_clock() {
        let mut a = Tab::open("a");
        a.sync.lead(&mut a.engine);
        // Events of hours ago, then a clock: a's ids and state reach b whole.
        for i in 0..90 {
            a.push(&event(i));
        }
        let mut b = Tab::open("b");
        b.engine.set_wall_clock(START + 100 * MINUTE);
        let Received::Reply(mut replies) = a.hear(&b.sync.hello()) else {
            panic!("the leader answers a hello");
        };
        assert_eq!(
            b.hear(&replies.pop().expect("the state")),
            Received::Changed
        );
        assert_eq!(b.engine.wall_clock(), Some(START + 100 * MINUTE));
        // b's host sends the whole morning again (a reload): nothing counts twice.
        let morning: Vec<String> = (0..90).map(event).collect();
        let report = b.engine.push_text(&morning.join("\n"));
        assert_eq!((report.accepted, report.duplicates), (0, 90));
        let counted_once = b
            .figures()
            .replace(r#""duplicates":90"#, r#""duplicates":0"#);
        assert_eq!(counted_once, a.figures());
    }

    #[test]
    fn the_batches_of_a_task_go_in_one_message() {
        let mut a = Tab::open("a");
        a.sync.lead(&mut a.engine);
        let mut b = Tab::open("b");
        b.sync.stop_waiting(&mut b.engine);
        for i in 1..=3 {
            a.engine.push_text(&event(i));
            a.sync.share(&event(i));
        }
        let message = a.sync.flush().expect("one message");
        assert_eq!(a.sync.flush(), None, "nothing left to send");
        assert_eq!(b.hear(&message), Received::Changed);
        assert_eq!(b.figures(), a.figures());
        // A hello to the leader sends what it had not sent yet first, and its state knows it.
        a.engine.push_text(&event(4));
        a.sync.share(&event(4));
        let mut c = Tab::open("c");
        let Received::Reply(replies) = a.hear(&c.sync.hello()) else {
            panic!("the leader answers a hello");
        };
        assert_eq!(replies.len(), 2);
        for reply in &replies {
            b.hear(reply);
        }
        for reply in replies.iter().rev() {
            c.hear(reply); // the state first, then the batch it already holds
        }
        assert_eq!(b.figures(), a.figures());
        assert_eq!(c.figures(), a.figures());
        let ingest = c
            .engine
            .snapshot(Window::Today, START, &FixedOffset::UTC)
            .ingest;
        assert_eq!((ingest.accepted, ingest.duplicates), (4, 0));
    }

    #[test]
    fn the_next_leader_has_everything() {
        let mut a = Tab::open("a");
        a.sync.lead(&mut a.engine);
        let mut b = Tab::open("b");
        let Received::Reply(mut replies) = a.hear(&b.sync.hello()) else {
            panic!("the leader answers a hello");
        };
        let state = replies.pop().expect("the state comes last");
        b.hear(&state);
        let from_a = a.push(&event(1));
        b.hear(&from_a);
        let from_b = b.push(&event(2));
        a.hear(&from_b);
        // a closes; b leads, and a third tab joins it.
        drop(a);
        b.sync.lead(&mut b.engine);
        assert!(b.sync.is_leading());
        let mut c = Tab::open("c");
        let Received::Reply(mut replies) = b.hear(&c.sync.hello()) else {
            panic!("the new leader answers");
        };
        let state = replies.pop().expect("the state comes last");
        c.hear(&state);
        c.hear(&from_a);
        assert_eq!(c.figures(), b.figures());
        assert_eq!(
            c.engine
                .snapshot(Window::Today, START, &FixedOffset::UTC)
                .ingest
                .accepted,
            2
        );
    }

    #[test]
    fn a_tab_saves_while_it_leads_or_has_heard_no_other_yet() {
        let mut a = Tab::open("a");
        assert!(a.sync.saves(), "just opened, alone as far as it knows");
        a.push(&event(1));
        assert!(a.sync.saves(), "its own batches say nothing of other tabs");
        a.sync.lead(&mut a.engine);
        assert!(a.sync.saves(), "the leader");

        // A tab that hears another's batches while it waits, or the leader's state, leaves
        // the saving to the leader.
        let mut b = Tab::open("b");
        b.hear(&a.push(&event(2)));
        assert!(!b.sync.saves());
        let mut c = Tab::open("c");
        let Received::Reply(mut replies) = a.hear(&c.sync.hello()) else {
            panic!("the leader answers a hello");
        };
        c.hear(&replies.pop().expect("the state"));
        assert!(!c.sync.saves());
        // Nor does one whose wait ended with no state (a tab holds the lock and does not
        // answer: another version of the widget, say) save over that tab's.
        let mut d = Tab::open("d");
        d.sync.stop_waiting(&mut d.engine);
        assert!(!d.sync.saves());
        d.sync.lead(&mut d.engine);
        assert!(d.sync.saves(), "until it leads");
    }

    #[test]
    fn without_a_leader_a_tab_goes_on_alone() {
        let mut b = Tab::open("b");
        let mut other = Tab::open("x");
        other.sync.stop_waiting(&mut other.engine);
        let batch = other.push(&event(1));
        assert_eq!(b.hear(&batch), Received::Nothing);
        assert_eq!(b.sync.stop_waiting(&mut b.engine), Received::Changed);
        assert_eq!(b.figures(), other.figures());
        // Followers do not answer hellos; states for other tabs are not for it.
        assert_eq!(b.hear(&Tab::open("c").sync.hello()), Received::Nothing);
    }

    #[test]
    fn a_reset_in_one_tab_resets_them_all_even_one_still_joining() {
        let mut a = Tab::open("a");
        a.sync.lead(&mut a.engine);
        let mut b = Tab::open("b");
        b.sync.stop_waiting(&mut b.engine);
        for i in 1..=3 {
            b.hear(&a.push(&event(i)));
        }
        // c opens; before the state comes, b resets and pushes anew.
        let mut c = Tab::open("c");
        let Received::Reply(mut replies) = a.hear(&c.sync.hello()) else {
            panic!("the leader answers a hello");
        };
        let state = replies.pop().expect("the state");
        let reset = b.sync.reset(&mut b.engine);
        let after = b.push(&event(4));
        for message in [&reset, &after] {
            assert_eq!(a.hear(message), Received::Changed);
            assert_eq!(c.hear(message), Received::Nothing, "held until the state");
        }
        c.hear(&state);
        // Heard twice, a reset is taken once: events after it stay.
        assert_eq!(a.hear(&reset), Received::Nothing);
        let accepted = |tab: &Tab| {
            tab.engine
                .snapshot(Window::Today, START, &FixedOffset::UTC)
                .ingest
                .accepted
        };
        for tab in [&a, &b, &c] {
            assert_eq!(accepted(tab), 1, "only the event after the reset");
            assert_eq!(tab.figures(), b.figures());
        }
    }
}
