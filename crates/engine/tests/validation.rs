//! Every kind of bad input yields its own reason, and leaves the other figures intact.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use agent_kpi_engine::{
    parse_event, AgentState, Channel, Engine, EventKind, FixedOffset, Kpi, Parsed, Window,
};
use common::{at, Feed};

fn reason(json: &str) -> String {
    match parse_event(json) {
        Parsed::Rejected { reason } => reason,
        other => panic!("{json} was not rejected: {other:?}"),
    }
}

#[test]
fn each_bad_event_names_its_field_and_fault() {
    let cases = [
        (
            r#"{"v":2,"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
            "v: unsupported schema version 2 (this widget reads 1)",
        ),
        (
            r#"{"v":"1","id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
            "v: invalid type: string \"1\", expected i64",
        ),
        (
            r#"{"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
            "id: missing",
        ),
        (
            r#"{"id":"","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
            "id: must be 1 to 128 characters (got 0)",
        ),
        (
            r#"{"id":"a","type":"agent_state","state":"busy"}"#,
            "ts: missing",
        ),
        (
            r#"{"id":"a","ts":"yesterday","type":"agent_state","state":"busy"}"#,
            "ts: not an RFC 3339 timestamp",
        ),
        (
            r#"{"id":"a","ts":-5,"type":"agent_state","state":"busy"}"#,
            "ts: -5 is outside the years 2000 to 2099",
        ),
        (
            r#"{"id":"a","ts":1795420800000.5,"type":"agent_state","state":"busy"}"#,
            "ts: invalid type: floating point",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"state":"busy"}"#,
            "type: missing",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"agent_state"}"#,
            "state: missing",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"contact_offered","contact_id":"c"}"#,
            "channel: missing",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":"voice","queued_at":"soon"}"#,
            "queued_at: not an RFC 3339 timestamp",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":"yes"}"#,
            "resolved: invalid type: string \"yes\", expected a boolean",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":6}"#,
            "csat: 6 is outside 1..5",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","nps":-1}"#,
            "nps: -1 is outside 0..10",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"survey","case_id":"k","ces":0}"#,
            "ces: 0 is outside 1..7",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c"}"#,
            "survey: carries none of csat, nps, ces",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"survey","csat":3}"#,
            "contact_id: missing (a survey names a contact_id or a case_id)",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht"}"#,
            "value: missing",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"speed","value":3}"#,
            "kpi: unknown KPI id \"speed\"",
        ),
        (
            r#"{"id":"a","ts":1795420800000,"type":"case_opened"}"#,
            "case_id: missing",
        ),
        (r#"[1,2]"#, "event: expected a JSON object"),
        (r#""hello""#, "event: expected a JSON object"),
        (
            r#"{"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"} trailing"#,
            "invalid JSON: trailing characters",
        ),
    ];
    for (json, expected) in cases {
        let got = reason(json);
        assert!(
            got.starts_with(expected),
            "{json}\n  got:      {got}\n  expected: {expected}"
        );
    }
    let long_id = format!(
        r#"{{"id":"{}","ts":1795420800000,"type":"agent_state","state":"busy"}}"#,
        "x".repeat(129)
    );
    assert_eq!(
        reason(&long_id),
        "id: must be 1 to 128 characters (got 129)"
    );
}

#[test]
fn lenient_values_are_read_as_the_contract_says() {
    let parsed = |json: &str| match parse_event(json) {
        Parsed::Event(event) => event,
        other => panic!("{json}: {other:?}"),
    };
    // Unknown channel: other. Unknown state: break. `v` missing: 1. Extra fields: ignored.
    let offer = parsed(
        r#"{"id":"a","ts":"2026-11-23T09:00:00+09:00","type":"contact_offered","contact_id":"c","channel":"carrier-pigeon","extra":{"x":1}}"#,
    );
    assert_eq!(offer.ts, 1_795_392_000_000);
    assert!(matches!(
        offer.kind,
        EventKind::ContactOffered {
            channel: Channel::Other,
            ..
        }
    ));
    let state =
        parsed(r#"{"v":1,"id":"b","ts":1795420800000,"type":"agent_state","state":"lunch"}"#);
    assert!(matches!(
        state.kind,
        EventKind::AgentState {
            state: AgentState::Break,
            ..
        }
    ));
    // Free text is cut, not rejected.
    let long = "r".repeat(10_000);
    let wrap = parsed(&format!(
        r#"{{"id":"c","ts":1795420800000,"type":"wrap_up_ended","contact_id":"c","reason":"{long}"}}"#
    ));
    let EventKind::WrapUpEnded {
        reason: Some(reason),
        ..
    } = wrap.kind
    else {
        panic!("{wrap:?}")
    };
    assert_eq!(reason.len(), 256);
    // An unknown type is skipped and counted, not rejected.
    assert_eq!(
        parse_event(r#"{"id":"d","ts":1795420800000,"type":"screen_pop"}"#),
        Parsed::Unknown {
            type_name: "screen_pop".into()
        }
    );
}

#[test]
fn bad_events_leave_the_other_figures_intact() {
    let mut good = Feed::new();
    good.state("09:00:00", "available")
        .contact("a", "voice", "09:10:00", "09:15:00", "09:16:00")
        .event("09:20:00", "survey", r#""contact_id":"a","csat":5"#);
    let clean = good.engine();
    let mut noisy = Engine::default();
    let mut text = String::new();
    for (i, line) in good.lines().iter().enumerate() {
        text.push_str(line);
        text.push('\n');
        text.push_str(&format!(
            r#"{{"id":"bad{i}","ts":1795420800000,"type":"survey","contact_id":"a","csat":9}}"#
        ));
        text.push('\n');
        text.push_str("{\"id\": oops\n");
    }
    let report = noisy.push_text(&text);
    assert_eq!(report.accepted, 6);
    assert_eq!(report.rejected.len(), 12);
    let as_of = at("10:00:00");
    let (a, b) = (
        clean.snapshot(Window::Today, as_of, &FixedOffset::UTC),
        noisy.snapshot(Window::Today, as_of, &FixedOffset::UTC),
    );
    assert_eq!(a.kpis, b.kpis);
    assert_eq!(b.ingest.rejected, 12);
    assert_eq!(b.value(Kpi::Csat), Some(1.0));
}
