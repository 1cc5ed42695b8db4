//! Every kind of bad input yields its own reason, and leaves the other figures intact.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use agent_kpi_engine::{
    parse_event, AgentState, Channel, Config, Engine, EventKind, FixedOffset, Kpi, Parsed, Window,
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

#[test]
fn configuration_errors_name_their_path_and_the_rest_applies() {
    let mut config = Config::default();
    let errors = config.apply_json(
        r#"{
            "kpis": ["aht", "speed"],
            "targets": {"aht": {"value": 400, "direction": "sideways"}, "fcr": 0.8, "nope": 1},
            "windows": ["today", "week"],
            "time_zone": "Asia/Tokyo",
            "service_level_seconds": -3,
            "fcr_repeat_days": 3,
            "cost_per_hour": "a lot",
            "currency": "yen",
            "locale": "fr",
            "theme": "dark",
            "allowed_origins": ["https://crm.example.com", "*"],
            "colour": "blue"
        }"#,
    );
    let paths: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "allowed_origins[1]",
                "\"*\" is not an origin: \"*\" would let any page hear the agent's figures"
            ),
            ("colour", "unknown key"),
            ("cost_per_hour", "expected a number, got a string"),
            (
                "currency",
                "expected a three-letter ISO 4217 code, got \"yen\""
            ),
            ("kpis[1]", "unknown KPI id \"speed\""),
            ("locale", "expected \"ja\" or \"en\", got \"fr\""),
            ("service_level_seconds", "-3 is outside 0..3600"),
            (
                "targets.aht.direction",
                "expected \"higher\" or \"lower\", got \"sideways\""
            ),
            ("targets.nope", "unknown KPI id"),
            ("windows[1]", "unknown window \"week\""),
        ]
    );
    // What was good still applies.
    assert_eq!(config.targets.get(&Kpi::Fcr).map(|t| t.value), Some(0.8));
    assert_eq!(config.time_zone.as_deref(), Some("Asia/Tokyo"));
    assert_eq!(config.fcr_repeat_ms, 3 * 86_400_000);
    assert_eq!(config.theme, agent_kpi_engine::Theme::Dark);
    // And what was bad left the defaults alone.
    assert_eq!(config.service_level_ms, 20_000);
    assert_eq!(config.kpis, Config::default().kpis);
    assert!(config.allowed_origins.is_empty());

    let errors = Config::default().apply_json("[1]");
    assert_eq!(
        (errors[0].path.as_str(), errors[0].message.as_str()),
        ("", "expected an object")
    );
}

#[test]
fn a_preset_sets_kpis_and_targets_that_the_same_object_refines() {
    let mut config = Config::default();
    let errors = config
        .apply_json(r#"{"preset": "quality", "targets": {"fcr": 0.75}, "kpis": ["fcr", "csat"]}"#);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.kpis, [Kpi::Fcr, Kpi::Csat]);
    assert_eq!(config.targets[&Kpi::Fcr].value, 0.75);
    assert_eq!(config.targets[&Kpi::Nps].value, 30.0);
    assert!(!config.targets.contains_key(&Kpi::AbandonRate));

    let mut config = Config::default();
    config.apply_json(r#"{"preset": "productivity"}"#);
    assert_eq!(config.kpis[..2], [Kpi::AnswerRate, Kpi::AbandonRate]);
    let errors = config.apply_json(r#"{"preset": "speed"}"#);
    assert_eq!(errors[0].path, "preset");
}

#[test]
fn origins_are_written_as_the_browser_writes_them_or_refused_with_the_reason() {
    use agent_kpi_engine::normalize_origin;
    for (given, origin) in [
        ("https://crm.example.com", "https://crm.example.com"),
        ("HTTPS://CRM.Example.COM", "https://crm.example.com"),
        ("https://crm.example.com:443", "https://crm.example.com"),
        ("http://localhost:80/", "http://localhost"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        (" https://xn--r8jz45g.jp ", "https://xn--r8jz45g.jp"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
    ] {
        assert_eq!(normalize_origin(given), Ok(origin.to_string()), "{given}");
    }
    for (given, why) in [
        ("*", "would let any page hear"),
        ("null", "any sandboxed frame"),
        ("crm.example.com", "expected scheme://host[:port]"),
        ("ftp://crm.example.com", "http or https"),
        ("https://crm.example.com/app", "no path"),
        ("https://crm.example.com?x=1", "no path"),
        ("https://crm.example.com#top", "no path"),
        ("https://agent@crm.example.com", "no user name"),
        ("https://", "the host must be"),
        ("https://*.example.com", "the host must be"),
        ("https://例え.jp", "punycode"),
        ("https://crm.example.com:0", "1 to 65535"),
        ("https://crm.example.com:70000", "1 to 65535"),
        ("https://crm.example.com:+443", "1 to 65535"),
        ("https://crm.example.com:", "1 to 65535"),
    ] {
        let refused = normalize_origin(given).expect_err(given);
        assert!(refused.contains(why), "{given}: {refused}");
    }
}
