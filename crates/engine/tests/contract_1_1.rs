//! What contract 1.1 changed, each with a worked example: a re-sent day counts once, an event
//! from the future changes nothing, a bad first line costs only itself, chats keep their ACW,
//! outbound contacts and withdrawn offers stay out of the offer-based figures.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use agent_kpi_engine::{
    Channel, Config, Configure, Engine, FixedOffset, Kpi, Millis, Snapshot, Window, DAY, HOUR,
    MINUTE,
};
use agent_kpi_simulator::{Simulator, SimulatorOptions};
use common::{at, value_n, Feed};
use std::sync::Arc;

/// A simulated 9-hour shift from 08:00 on day `day` after 2026-11-23, as NDJSON.
fn shift(day: i64, seed: u64) -> String {
    let start = at("08:00:00") + day * DAY;
    let options = SimulatorOptions {
        start,
        seed,
        ..Default::default()
    };
    Simulator::new(options).advance_to(start + 9 * HOUR)
}

/// Everything `engine` shows at `as_of`: each window, today's trend, the daily history.
fn everything(engine: &Engine, as_of: Millis) -> String {
    let zone = FixedOffset::UTC;
    let windows: Vec<Snapshot> = Window::ALL
        .iter()
        .map(|w| engine.snapshot(*w, as_of, &zone))
        .collect();
    format!(
        "{:?}\n{:?}\n{:?}",
        windows,
        engine.trend(as_of, &zone),
        engine.history(as_of)
    )
}

fn restore(saved: &str) -> Engine {
    Engine::restore(saved, Config::default(), Arc::new(FixedOffset::UTC)).expect("a readable save")
}

#[test]
fn a_day_sent_twice_counts_once() {
    let day = shift(0, 5);
    let mut once = Engine::default();
    let first = once.push_text(&day);
    let mut twice = Engine::default();
    twice.push_text(&day);
    let again = twice.push_text(&day);
    assert_eq!((again.accepted, again.duplicates), (0, first.accepted));
    let as_of = at("18:00:00");
    // Every figure the same, and the ingest counts but for the duplicates.
    assert_eq!(
        everything(&twice, as_of).replace(&format!("duplicates: {}", first.accepted), "_"),
        everything(&once, as_of).replace("duplicates: 0", "_")
    );
    let snap = once.snapshot(Window::Today, as_of, &FixedOffset::UTC);
    assert!(value_n(&snap, Kpi::Handled).1 > 50);
}

#[test]
fn a_day_sent_again_a_day_later_and_after_a_reload_counts_once() {
    let (monday, tuesday) = (shift(0, 7), shift(1, 8));
    let mut once = Engine::default();
    once.push_text(&monday);
    once.push_text(&tuesday);
    // The host re-sends Monday on Tuesday evening: a day and more behind the newest event.
    let mut resent = Engine::default();
    resent.push_text(&monday);
    resent.push_text(&tuesday);
    let report = resent.push_text(&monday);
    assert_eq!(report.accepted, 0);
    // And after a reload: the save holds the ids, and both days re-sent count nothing.
    let mut reloaded = restore(&resent.save().expect("a save"));
    let report = reloaded.push_text(&format!("{monday}\n{tuesday}"));
    assert_eq!(report.accepted, 0);
    let as_of = at("18:00:00") + DAY;
    let without_duplicates = |engine: &Engine| {
        let text = everything(engine, as_of);
        let at = text.find("duplicates: ").unwrap_or(0);
        let end = text[at..].find(',').map_or(at, |e| at + e);
        text.replace(&text[at..end], "duplicates: _")
    };
    assert_eq!(without_duplicates(&resent), without_duplicates(&once));
    assert_eq!(without_duplicates(&reloaded), without_duplicates(&once));
    // Monday is in the history: the re-sent day fed it nothing.
    let history = reloaded.history(as_of);
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].kpis[&Kpi::Handled],
        once.history(as_of)[0].kpis[&Kpi::Handled]
    );
}

/// The worked hour of `tests/engine.rs`, told by the page's clock at 10:00.
fn worked_hour_at_ten() -> Engine {
    let mut feed = Feed::new();
    feed.state("09:00:00", "available")
        .contact("c1", "voice", "09:02:00", "09:08:10", "09:09:10")
        .contact("c2", "chat", "09:15:00", "09:25:05", "09:25:35");
    let mut engine = Engine::default();
    engine.set_wall_clock(at("10:00:00"));
    feed.engine_with(engine)
}

#[test]
fn an_event_from_the_future_is_refused_and_changes_nothing() {
    let mut engine = worked_hour_at_ten();
    let before = everything(&engine, at("10:00:00"));
    let newest = engine.newest();
    // Three days ahead of the page's clock: a host or PC clock gone wrong.
    let report = engine.push_text(&format!(
        r#"{{"id":"f1","ts":{},"type":"agent_state","state":"break"}}"#,
        at("10:00:00") + 3 * DAY
    ));
    assert_eq!(report.accepted, 0);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(
        report.rejected[0].reason,
        "ts: 3 d ahead of this widget's clock (at most 15 min allowed): the clock of the host or of this computer is wrong"
    );
    assert_eq!(engine.newest(), newest);
    let snap = engine.snapshot(Window::Today, at("10:00:00"), &FixedOffset::UTC);
    assert_eq!(value_n(&snap, Kpi::Handled), (Some(2.0), 2));
    assert_eq!((snap.ingest.rejected, snap.ingest.future), (1, 1));
    let latest = snap.from_the_future.expect("the panel is told");
    assert_eq!((latest.ahead, latest.at), (3 * DAY, at("10:00:00")));
    // Nothing else moved: the figures are those from before, but for the counts.
    let after = everything(&engine, at("10:00:00"));
    let counts_of = |text: &str| text.replace("rejected: 1", "rejected: 0");
    assert_eq!(
        counts_of(&after).replace("future: 1", "future: 0").replace(
            &format!(
                "from_the_future: Some(FromTheFuture {{ ahead: {}, at: {} }})",
                3 * DAY,
                at("10:00:00")
            ),
            "from_the_future: None"
        ),
        before
    );
    // The same event, once the clock has caught up, counts: it was not remembered.
    engine.set_wall_clock(at("10:00:00") + 3 * DAY);
    let report = engine.push_text(&format!(
        r#"{{"id":"f1","ts":{},"type":"agent_state","state":"break"}}"#,
        at("10:00:00") + 3 * DAY
    ));
    assert_eq!(report.accepted, 1);
}

#[test]
fn the_allowed_skew_is_configured_and_the_notice_lasts_fifteen_minutes() {
    let mut engine = worked_hour_at_ten();
    let ahead = |minutes: i64, id: &str| {
        format!(
            r#"{{"id":"{id}","ts":{},"type":"case_opened","case_id":"{id}"}}"#,
            at("10:00:00") + minutes * MINUTE
        )
    };
    // Up to 15 minutes ahead is a clock a little off: taken.
    assert_eq!(engine.push_text(&ahead(15, "k1")).accepted, 1);
    let report = engine.push_text(&ahead(16, "k2"));
    assert!(report.rejected[0].reason.starts_with("ts: 16 min ahead"));
    let mut config = Config::default();
    assert!(config
        .apply_json(r#"{"max_clock_skew_minutes": 60}"#)
        .is_empty());
    engine.set_config(config);
    assert_eq!(engine.push_text(&ahead(16, "k2")).accepted, 1);
    let notice = |minutes: i64| {
        engine
            .snapshot(
                Window::Today,
                at("10:00:00") + minutes * MINUTE,
                &FixedOffset::UTC,
            )
            .from_the_future
            .is_some()
    };
    assert!(notice(0) && notice(14));
    assert!(!notice(15));
}

#[test]
fn a_text_that_is_not_one_valid_array_is_read_line_by_line() {
    let day = shift(0, 3);
    let lines = day.lines().count();
    assert!(lines > 300);
    let mut engine = Engine::default();
    let report = engine.push_text(&format!("[1, 2, 3]\n{day}"));
    assert_eq!(report.accepted as usize, lines);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].index, 0);
    // A valid array is still one batch of events, each at its index.
    let array = format!("[{}]", day.lines().collect::<Vec<_>>().join(","));
    let report = Engine::default().push_text(&array);
    assert_eq!(report.accepted as usize, lines);
}

#[test]
fn a_chat_keeps_its_acw_while_others_are_answered_and_states_change() {
    let mut feed = Feed::new();
    feed.state("09:00:00", "available")
        // ch1: talk 300 s, then ACW from 09:05:05 to its own wrap-up at 09:09:05: 240 s,
        // though ch2 is answered at 09:06:05 and the agent goes busy and available again.
        .offer("09:00:00", "ch1", "chat", "")
        .on("09:00:05", "contact_answered", "ch1", "")
        .on("09:05:05", "contact_ended", "ch1", "")
        .offer("09:06:00", "ch2", "chat", "")
        .on("09:06:05", "contact_answered", "ch2", "")
        .state("09:07:00", "busy")
        .state("09:08:00", "available")
        .on("09:09:05", "wrap_up_ended", "ch1", "")
        // ch2: talk 540 s; no wrap-up, so ACW runs to logging off at 09:20:05: 300 s.
        .on("09:15:05", "contact_ended", "ch2", "")
        .state("09:20:05", "offline")
        // Voice still falls back: v1's ACW ends at the next `available` (60 s), v2's at the
        // next answer of any channel, a chat's (80 s).
        .state("10:00:00", "available")
        .offer("10:00:00", "v1", "voice", "")
        .on("10:00:00", "contact_answered", "v1", "")
        .on("10:04:10", "contact_ended", "v1", "")
        .state("10:05:10", "available")
        .offer("10:10:00", "v2", "voice", "")
        .on("10:10:00", "contact_answered", "v2", "")
        .on("10:12:10", "contact_ended", "v2", "")
        .offer("10:13:00", "ch3", "chat", "")
        .on("10:13:30", "contact_answered", "ch3", "");
    let engine = feed.engine();
    let snap = engine.snapshot(Window::Today, at("11:00:00"), &FixedOffset::UTC);
    let chat = &snap.channels[&Channel::Chat];
    // (300 + 540) / 2 = 420 talk; (240 + 300) / 2 = 270 ACW.
    assert_eq!(chat[&Kpi::Handled].value, Some(2.0));
    assert_eq!(chat[&Kpi::Talk].value, Some(420.0));
    assert_eq!(chat[&Kpi::Acw].value, Some(270.0));
    let voice = &snap.channels[&Channel::Voice];
    // v1: talk 250, ACW 60; v2: talk 130, ACW 80 (10:12:10 to ch3's answer at 10:13:30).
    assert_eq!(voice[&Kpi::Handled].value, Some(2.0));
    assert_eq!(voice[&Kpi::Talk].value, Some(190.0));
    assert_eq!(voice[&Kpi::Acw].value, Some(70.0));
    // ch3 is still in conversation: not handled.
    assert_eq!(value_n(&snap, Kpi::Handled), (Some(4.0), 4));
}

#[test]
fn outbound_contacts_and_withdrawn_offers_count_in_no_offer_based_figure() {
    let mut feed = Feed::new();
    feed.state("09:00:00", "available")
        // c1, inbound: waited 30 s from its queue entry; talk 240 s, ACW 60 s; resolved.
        .offer(
            "09:01:00",
            "c1",
            "voice",
            r#""queued_at":"2026-11-23T09:00:40Z","customer_key":"k1""#,
        )
        .on("09:01:10", "contact_answered", "c1", "")
        .on("09:05:10", "contact_ended", "c1", r#""resolved":true"#)
        .on("09:06:10", "wrap_up_ended", "c1", "")
        // o1, the agent calls the same customer back: talk 240 s, ACW 60 s. Handled, but no
        // offer, no wait, and not a repeat of c1 nor an FCR contact of its own.
        .offer(
            "09:10:00",
            "o1",
            "voice",
            r#""direction":"outbound","customer_key":"k1""#,
        )
        .on("09:10:30", "contact_answered", "o1", "")
        .on("09:14:30", "contact_ended", "o1", r#""resolved":true"#)
        .on("09:15:30", "wrap_up_ended", "o1", "")
        // o2, a call nobody picks up: nothing.
        .offer("09:20:00", "o2", "voice", r#""direction":"outbound""#)
        .on("09:20:45", "contact_missed", "o2", "")
        // c2, inbound, abandoned after 30 s.
        .offer("09:30:00", "c2", "voice", r#""direction":"inbound""#)
        .on("09:30:30", "contact_abandoned", "c2", "")
        // ch1, a chat another agent took first: never offered to this one.
        .offer("09:40:00", "ch1", "chat", "")
        .on("09:40:20", "contact_withdrawn", "ch1", "");
    let engine = feed.engine();
    let snap = engine.snapshot(Window::Today, at("10:00:00"), &FixedOffset::UTC);
    assert_eq!(value_n(&snap, Kpi::Handled), (Some(2.0), 2));
    assert_eq!(value_n(&snap, Kpi::Aht), (Some(300.0), 2));
    assert_eq!(value_n(&snap, Kpi::Cph), (Some(2.0), 2));
    // Handling 600 s of the 3 600 s available.
    assert_eq!(value_n(&snap, Kpi::Occupancy).0, Some(0.1667));
    // c1 answered, c2 abandoned: 1 / 2 each way; c1 waited 30 s (over the 20 s of service
    // level).
    assert_eq!(value_n(&snap, Kpi::AnswerRate), (Some(0.5), 2));
    assert_eq!(value_n(&snap, Kpi::AbandonRate), (Some(0.5), 2));
    assert_eq!(value_n(&snap, Kpi::ServiceLevel), (Some(0.0), 2));
    assert_eq!(value_n(&snap, Kpi::Asa), (Some(30.0), 1));
    // c1 alone is an FCR contact, not repeated by the agent's own call back.
    assert_eq!(value_n(&snap, Kpi::Fcr), (Some(1.0), 1));
    // Per channel: the chat has no offer left, so no offer-based figure.
    let voice = &snap.channels[&Channel::Voice];
    assert_eq!(voice[&Kpi::AnswerRate].n, 2);
    assert_eq!(voice[&Kpi::Handled].n, 2);
    assert!(!snap.channels.contains_key(&Channel::Chat));
    assert_eq!(snap.ingest.ignored, 0);
}

#[test]
fn a_direction_other_than_inbound_or_outbound_is_refused() {
    let report = Engine::default().push_text(&format!(
        r#"{{"id":"1","ts":{},"type":"contact_offered","contact_id":"c","channel":"voice","direction":"OUTBOUND"}}"#,
        at("09:00:00")
    ));
    assert_eq!(
        report.rejected[0].reason,
        r#"direction: expected "inbound" or "outbound", got "OUTBOUND""#
    );
}

#[test]
fn an_event_older_than_the_ids_held_is_refused_with_the_reason() {
    let mut engine = Engine::default();
    let event = |id: &str, ts: Millis| {
        format!(r#"{{"id":"{id}","ts":{ts},"type":"agent_state","state":"available"}}"#)
    };
    engine.push_text(&event("old", at("09:00:00")));
    // Half a year and two days on, the first day's ids are let go, and a day that old, sent
    // again, cannot be told from one never sent: refused, not counted twice.
    engine.push_text(&event("new", at("09:00:00") + 183 * DAY));
    let report = engine.push_text(&event("old", at("09:00:00")));
    assert_eq!(report.accepted, 0);
    assert_eq!(
        report.rejected[0].reason,
        "ts: before 2026-11-25T09:00:00Z, the oldest time whose event ids this widget still holds: it cannot tell whether this event was counted before"
    );
}
