//! Worked examples of the engine, with every expected figure computed by hand.
#![cfg(not(target_arch = "wasm32"))]

use agent_kpi_engine::{Channel, Engine, FixedOffset, Kpi, Window, HOUR, MINUTE};
use agent_kpi_simulator::{Simulator, SimulatorOptions};

/// 2026-11-23T00:00:00Z in epoch milliseconds.
const DAY_START: i64 = 1_795_392_000_000;

/// Epoch ms of `hh:mm:ss` on 2026-11-23, UTC.
fn at(hms: &str) -> i64 {
    let parts: Vec<i64> = hms.split(':').map(|p| p.parse().unwrap()).collect();
    DAY_START + ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000
}

/// One NDJSON line: `{"id":…,"ts":…,"type":…, extra}`.
fn line(id: &str, hms: &str, kind: &str, extra: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(",{extra}")
    };
    format!(r#"{{"id":"{id}","ts":{},"type":"{kind}"{extra}}}"#, at(hms))
}

fn state(id: &str, hms: &str, state: &str) -> String {
    line(id, hms, "agent_state", &format!(r#""state":"{state}""#))
}

fn contact(id: &str, hms: &str, kind: &str, contact: &str) -> String {
    line(id, hms, kind, &format!(r#""contact_id":"{contact}""#))
}

fn offer(id: &str, hms: &str, contact: &str, channel: &str) -> String {
    line(
        id,
        hms,
        "contact_offered",
        &format!(r#""contact_id":"{contact}","channel":"{channel}""#),
    )
}

/// An hour of a working day: three contacts on two channels, a hold, ACW (one call's closed
/// only by the agent going available), and a 15-minute break.
fn worked_hour() -> String {
    [
        state("e1", "09:00:00", "available"),
        // c1, voice: talk 6:00 less a 1:30 hold = 270 s, hold 90 s, ACW 60 s: 420 s.
        offer("e2", "09:02:00", "c1", "voice"),
        contact("e3", "09:02:10", "contact_answered", "c1"),
        contact("e4", "09:05:00", "hold_started", "c1"),
        contact("e5", "09:06:30", "hold_ended", "c1"),
        contact("e6", "09:08:10", "contact_ended", "c1"),
        state("e7", "09:08:10", "after_contact_work"),
        contact("e8", "09:09:10", "wrap_up_ended", "c1"),
        state("e9", "09:09:10", "available"),
        // c2, chat: talk 600 s, ACW 30 s: 630 s.
        offer("e10", "09:15:00", "c2", "chat"),
        contact("e11", "09:15:05", "contact_answered", "c2"),
        contact("e12", "09:25:05", "contact_ended", "c2"),
        contact("e13", "09:25:35", "wrap_up_ended", "c2"),
        // A break is not staffed time.
        state("e14", "09:30:00", "break"),
        state("e15", "09:45:00", "available"),
        // c3, voice: talk 360 s; no wrap_up_ended, so ACW ends when the agent goes
        // available at 09:58: 120 s. 480 s in all.
        offer("e16", "09:50:00", "c3", "voice"),
        contact("e17", "09:50:00", "contact_answered", "c3"),
        contact("e18", "09:56:00", "contact_ended", "c3"),
        state("e19", "09:58:00", "available"),
    ]
    .join("\n")
}

#[test]
fn worked_hour_gives_handled_aht_parts_and_cph() {
    let mut engine = Engine::default();
    let report = engine.push_text(&worked_hour());
    assert_eq!(report.accepted, 19);
    assert!(report.rejected.is_empty());

    let snap = engine.snapshot(Window::Today, at("10:00:00"), &FixedOffset::UTC);
    assert_eq!(snap.ingest.ignored, 0);
    assert_eq!(snap.value(Kpi::Handled), Some(3.0));
    // (270 + 600 + 360) / 3 = 410; 90 / 3 = 30; (60 + 30 + 120) / 3 = 70.
    assert_eq!(snap.value(Kpi::Talk), Some(410.0));
    assert_eq!(snap.value(Kpi::Hold), Some(30.0));
    assert_eq!(snap.value(Kpi::Acw), Some(70.0));
    // (420 + 630 + 480) / 3 = 510.
    assert_eq!(snap.value(Kpi::Aht), Some(510.0));
    // Staffed 09:00–10:00 less the 15-minute break = 0.75 h; 3 / 0.75 = 4.
    assert_eq!(snap.value(Kpi::Cph), Some(4.0));
    assert_eq!(snap.kpi(Kpi::Aht).map(|f| f.n), Some(3));

    let voice = &snap.channels[&Channel::Voice];
    // (420 + 480) / 2 = 450; 90 / 2 = 45; (60 + 120) / 2 = 90.
    assert_eq!(voice[&Kpi::Aht].value, Some(450.0));
    assert_eq!(voice[&Kpi::Hold].value, Some(45.0));
    assert_eq!(voice[&Kpi::Acw].value, Some(90.0));
    // Two voice contacts in 0.75 staffed hours: 2.666… → 2.67.
    assert_eq!(voice[&Kpi::Cph].value, Some(2.67));
    assert_eq!(snap.channels[&Channel::Chat][&Kpi::Aht].value, Some(630.0));
    assert!(!snap.channels.contains_key(&Channel::Email));
}

#[test]
fn staffed_time_grows_with_the_clock_between_events() {
    let mut engine = Engine::default();
    engine.push_text(&worked_hour());
    // Still available at 10:30: staffed 1.25 h, so CPH 3 / 1.25 = 2.4.
    let snap = engine.snapshot(Window::Today, at("10:30:00"), &FixedOffset::UTC);
    assert_eq!(snap.value(Kpi::Cph), Some(2.4));
}

#[test]
fn a_day_with_no_handled_contact_has_no_data_not_zero() {
    let mut engine = Engine::default();
    engine.push_text(&state("e1", "09:00:00", "available"));
    let snap = engine.snapshot(Window::Today, at("10:00:00"), &FixedOffset::UTC);
    for kpi in [Kpi::Handled, Kpi::Aht, Kpi::Cph] {
        let figure = snap.kpi(kpi).expect("every figure is reported");
        assert_eq!((figure.value, figure.n), (None, 0), "{kpi:?}");
    }
}

#[test]
fn today_starts_at_local_midnight_and_splits_time_there() {
    let mut engine = Engine::default();
    // Available from 23:30 the day before; at 00:30 today holds 30 staffed minutes. A contact
    // completed before midnight belongs to yesterday.
    let yesterday = |hms: &str| at(hms) - 24 * 3_600_000;
    let text = [
        format!(
            r#"{{"id":"a","ts":{},"type":"agent_state","state":"available"}}"#,
            yesterday("23:30:00")
        ),
        format!(
            r#"{{"id":"b","ts":{},"type":"contact_offered","contact_id":"x","channel":"voice"}}"#,
            yesterday("23:40:00")
        ),
        format!(
            r#"{{"id":"c","ts":{},"type":"contact_answered","contact_id":"x"}}"#,
            yesterday("23:40:00")
        ),
        format!(
            r#"{{"id":"d","ts":{},"type":"wrap_up_ended","contact_id":"x"}}"#,
            yesterday("23:50:00")
        ),
        offer("e", "00:10:00", "y", "chat"),
        contact("f", "00:10:00", "contact_answered", "y"),
        contact("g", "00:16:00", "wrap_up_ended", "y"),
    ]
    .join("\n");
    engine.push_text(&text);
    let snap = engine.snapshot(Window::Today, at("00:30:00"), &FixedOffset::UTC);
    assert_eq!(snap.value(Kpi::Handled), Some(1.0));
    assert_eq!(snap.value(Kpi::Aht), Some(360.0));
    // 1 contact / 0.5 h.
    assert_eq!(snap.value(Kpi::Cph), Some(2.0));

    // In Tokyo (UTC+9) the local day began at 15:00Z the day before, and holds both contacts
    // and the hour of staffed time since 23:30Z.
    let tokyo = engine.snapshot(Window::Today, at("00:30:00"), &FixedOffset::hours(9));
    assert_eq!(tokyo.value(Kpi::Handled), Some(2.0));
    assert_eq!(tokyo.value(Kpi::Cph), Some(2.0));
}

#[test]
fn bad_lines_are_counted_with_reasons_and_the_rest_still_count() {
    let mut engine = Engine::default();
    let text = [
        state("e1", "09:00:00", "available"),
        "{not json".to_string(),
        // contact_answered without its contact_id.
        line("e2", "09:01:00", "contact_answered", ""),
        line(
            "e3",
            "09:01:00",
            "contact_offered",
            r#""contact_id":"c1","channel":7"#,
        ),
        line("e4", "09:01:00", "shift_swapped", ""),
        offer("e5", "09:02:00", "c1", "voice"),
        contact("e6", "09:02:00", "contact_answered", "c1"),
        contact("e7", "09:07:00", "wrap_up_ended", "c1"),
        contact("e7", "09:07:00", "wrap_up_ended", "c1"),
    ]
    .join("\n");
    let report = engine.push_text(&text);
    assert_eq!(report.accepted, 4);
    assert_eq!(report.duplicates, 1);
    assert_eq!(report.unknown, 1);
    let reasons: Vec<(usize, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.index, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3);
    assert_eq!(reasons[0].0, 1);
    assert!(reasons[0].1.starts_with("invalid JSON"), "{}", reasons[0].1);
    assert_eq!(reasons[1], (2, "contact_id: missing"));
    assert_eq!(reasons[2].0, 3);
    assert!(
        reasons[2]
            .1
            .starts_with("channel: invalid type: integer `7`"),
        "{}",
        reasons[2].1
    );

    let snap = engine.snapshot(Window::Today, at("10:00:00"), &FixedOffset::UTC);
    assert_eq!(snap.value(Kpi::Handled), Some(1.0));
    assert_eq!(snap.value(Kpi::Aht), Some(300.0));
    assert_eq!(
        (
            snap.ingest.accepted,
            snap.ingest.duplicates,
            snap.ingest.rejected,
            snap.ingest.unknown
        ),
        (4, 1, 3, 1)
    );
}

#[test]
fn events_out_of_lifecycle_are_ignored_and_counted() {
    let mut engine = Engine::default();
    engine.push_text(
        &[
            contact("e1", "09:00:00", "hold_started", "ghost"),
            offer("e2", "09:01:00", "c1", "chat"),
            contact("e3", "09:02:00", "hold_ended", "c1"),
        ]
        .join("\n"),
    );
    let snap = engine.snapshot(Window::Today, at("10:00:00"), &FixedOffset::UTC);
    assert_eq!(snap.ingest.accepted, 3);
    assert_eq!(snap.ingest.ignored, 2);
    let reasons: Vec<&str> = engine.recent_ignored().collect();
    assert_eq!(
        reasons,
        [
            "e1 (hold_started): no open contact ghost",
            "e3 (hold_ended): contact c1 is not answered yet"
        ]
    );
}

#[test]
fn rfc3339_and_epoch_timestamps_agree() {
    let mut a = Engine::default();
    let mut b = Engine::default();
    a.push_text(&worked_hour());
    // The same hour with RFC 3339 timestamps, some in another offset.
    let rfc: String = worked_hour()
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let ts: i64 = l
                .split(r#""ts":"#)
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let stamp = jiff::Timestamp::from_millisecond(ts).unwrap();
            let text = if i % 2 == 0 {
                stamp.to_string()
            } else {
                stamp.display_with_offset(jiff::tz::offset(9)).to_string()
            };
            l.replace(&format!(r#""ts":{ts}"#), &format!(r#""ts":"{text}""#)) + "\n"
        })
        .collect();
    assert_eq!(b.push_text(&rfc).accepted, 19);
    let as_of = at("10:00:00");
    assert_eq!(
        a.snapshot(Window::Today, as_of, &FixedOffset::UTC),
        b.snapshot(Window::Today, as_of, &FixedOffset::UTC)
    );
}

#[test]
fn batches_as_json_arrays_report_positions() {
    let mut engine = Engine::default();
    let text = format!(
        "[{}, {{\"id\":\"x\"}}, {}]",
        state("e1", "09:00:00", "available"),
        offer("e2", "09:01:00", "c1", "voice")
    );
    let report = engine.push_text(&text);
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].index, 1);
    assert_eq!(report.rejected[0].reason, "ts: missing");

    // A text that is not one valid JSON array is NDJSON (contract 1.1): a truncated array on
    // one line is one bad line; on many, each line counts for itself.
    let report = engine.push_text(&format!("[{}, {{\"id\"", state("e3", "09:02:00", "break")));
    assert_eq!((report.accepted, report.rejected.len()), (0, 1));
    assert_eq!(report.rejected[0].index, 0);
    let text = format!(
        "[1, 2, 3]\n{}\n{}",
        state("e4", "09:03:00", "available"),
        offer("e5", "09:04:00", "c2", "chat")
    );
    let report = engine.push_text(&text);
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].index, 0);
    assert_eq!(report.rejected[0].reason, "event: expected a JSON object");
}

/// 2026-11-23T08:00:00Z: the simulated day's login.
const SIM_START: i64 = 1_795_420_800_000;

/// The simulator's day (the preview's feed, the tests' and benches' source of realistic events)
/// is valid contract JSON whose every contact and state finds its place.
#[test]
fn a_whole_simulated_day_is_valid_and_fits_every_lifecycle() {
    let mut sim = Simulator::new(SimulatorOptions {
        start: SIM_START,
        seed: 42,
        ..Default::default()
    });
    let mut engine = Engine::default();
    let mut t = SIM_START;
    while !sim.is_finished() {
        t += 5 * MINUTE;
        let report = engine.push_text(&sim.advance_to(t));
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        assert_eq!(report.duplicates, 0);
    }
    let snap = engine.snapshot(Window::Today, t, &FixedOffset::UTC);
    assert_eq!(
        snap.ingest.ignored,
        0,
        "{:?}",
        engine.recent_ignored().collect::<Vec<_>>()
    );
    let handled = snap.value(Kpi::Handled).unwrap_or(0.0);
    let aht = snap.value(Kpi::Aht).unwrap_or(0.0);
    assert!((40.0..120.0).contains(&handled), "handled {handled}");
    assert!((200.0..700.0).contains(&aht), "aht {aht}");
    assert!(snap.channels.len() >= 3);
    assert!(t < SIM_START + 10 * HOUR + 5 * MINUTE);
}
