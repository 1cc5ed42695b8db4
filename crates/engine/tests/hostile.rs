//! Hostile input, kept as regression tests: a corpus of nasty batches (tests/corpus) and
//! generated giants. None may panic; each bad event is turned away with a reason or clamped as
//! documented; the figures stay well-formed.
#![cfg(not(target_arch = "wasm32"))]

use agent_kpi_engine::{Engine, FixedOffset, Kpi, Snapshot, Window};

const AS_OF: i64 = 1_795_428_000_000;

fn corpus(name: &str) -> String {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every figure has a value only where it has a sample, and every value is finite.
fn assert_well_formed(snap: &Snapshot) {
    let figures = snap
        .kpis
        .values()
        .chain(snap.channels.values().flat_map(|c| c.values()));
    for figure in figures {
        if figure.n == 0 {
            assert_eq!(figure.value, None);
        }
        if let Some(v) = figure.value {
            assert!(v.is_finite(), "{figure:?}");
        }
    }
    for kpi in [
        Kpi::AnswerRate,
        Kpi::AbandonRate,
        Kpi::ServiceLevel,
        Kpi::Occupancy,
        Kpi::Utilization,
    ] {
        if let Some(v) = snap.value(kpi) {
            assert!((0.0..=1.0).contains(&v), "{kpi:?} = {v}");
        }
    }
}

/// Pushes `text` (NDJSON, or anything but one valid JSON array) whole, and line by line into a
/// second engine: both take the same events, so they must agree on every figure and count but
/// the rejections (a line that is a JSON array by itself, `[]`, is a batch of no events pushed
/// alone, and a bad line of the whole).
fn push_both_ways(text: &str) -> (Engine, agent_kpi_engine::IngestReport) {
    let mut whole = Engine::default();
    let report = whole.push_text(text);
    let mut lines = Engine::default();
    for line in text.lines() {
        lines.push_text(line);
    }
    let (a, b) = (
        whole.snapshot(Window::Today, AS_OF, &FixedOffset::UTC),
        lines.snapshot(Window::Today, AS_OF, &FixedOffset::UTC),
    );
    assert_well_formed(&a);
    assert_well_formed(&b);
    let rejected = b.ingest.rejected;
    assert_eq!(
        a,
        Snapshot {
            ingest: agent_kpi_engine::IngestCounts {
                rejected: a.ingest.rejected,
                ..b.ingest
            },
            ..b
        },
        "whole and line by line"
    );
    assert!(rejected <= a.ingest.rejected);
    (whole, report)
}

#[test]
fn wrong_types_are_rejected_each_with_its_field() {
    let (_, report) = push_both_ways(&corpus("wrong-types.ndjson"));
    assert_eq!(report.accepted, 0);
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 11);
    for (reason, field) in
        reasons
            .iter()
            .zip(["id:", "ts:", "type:", "contact_id:", "csat:", "value:"])
    {
        assert!(reason.starts_with(field), "{reason}");
    }
    assert!(
        reasons[6..]
            .iter()
            .all(|r| *r == "event: expected a JSON object"),
        "{reasons:?}"
    );
}

#[test]
fn impossible_numbers_and_times_are_rejected() {
    let (_, report) = push_both_ways(&corpus("numbers.ndjson"));
    assert_eq!(report.accepted, 0, "{:?}", report.rejected);
    assert_eq!(report.rejected.len(), 9);
    assert!(report.rejected[3]
        .reason
        .contains("outside the years 2000 to 2099"));
    assert!(report.rejected[5].reason.starts_with("nps:"));
    assert!(report.rejected[8].reason.starts_with("queued_at:"));
}

#[test]
fn deep_nesting_is_rejected_without_blowing_the_stack() {
    let (_, report) = push_both_ways(&corpus("nesting.json"));
    assert_eq!(report.accepted, 0);
    assert_eq!(report.rejected.len(), 1);
    // Deep nesting in a field the contract does not read is skipped: the event counts.
    let (_, report) = push_both_ways(&corpus("deep-object.ndjson"));
    assert_eq!(report.accepted, 1);
    // Far deeper, in both shapes: still no stack overflow, one reason each.
    for (open, close) in [("[", "]"), (r#"{"a":"#, "}")] {
        let text = format!("{}1{}", open.repeat(200_000), close.repeat(200_000));
        let (_, report) = push_both_ways(&text);
        assert_eq!(report.accepted, 0);
        assert_eq!(report.rejected.len(), 1, "{open}");
    }
}

#[test]
fn giant_strings_are_rejected_or_cut() {
    let id = "x".repeat(200);
    // Under the 64 KB an event may take: read, and cut.
    let reason = "r".repeat(60_000);
    let state = "s".repeat(50_000);
    let text = [
        format!(r#"{{"id":"{id}","ts":1795420800000,"type":"agent_state","state":"busy"}}"#),
        format!(r#"{{"id":"h2","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":"voice","reason":"{reason}"}}"#),
        r#"{"id":"h3","ts":1795420800000,"type":"contact_answered","contact_id":"c"}"#.to_string(),
        r#"{"id":"h4","ts":1795420900000,"type":"wrap_up_ended","contact_id":"c"}"#.to_string(),
        format!(r#"{{"id":"h5","ts":1795420800000,"type":"agent_state","state":"{state}"}}"#),
    ]
    .join("\n");
    let (engine, report) = push_both_ways(&text);
    assert_eq!(report.accepted, 4);
    assert_eq!(
        report.rejected[0].reason,
        "id: must be 1 to 128 characters (got 200)"
    );
    let snap = engine.snapshot(Window::Today, AS_OF, &FixedOffset::UTC);
    let top = snap
        .kpi(Kpi::TopReasons)
        .and_then(|f| f.items.clone())
        .unwrap_or_default();
    assert_eq!(
        top[0].reason.len(),
        256,
        "free text is cut to 256 characters"
    );
}

#[test]
fn an_id_reused_for_different_events_counts_the_first_only() {
    let (engine, report) = push_both_ways(&corpus("reused-ids.ndjson"));
    assert_eq!((report.accepted, report.duplicates), (1, 2));
    assert!(
        engine.live_contacts().is_empty(),
        "the offer under a reused id was ignored"
    );
}

#[test]
fn broken_json_costs_only_its_own_line() {
    let (_, report) = push_both_ways(&corpus("broken-json.ndjson"));
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejected.len(), 5);
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "invalid JSON: EOF while parsing a value",
            "invalid JSON: trailing characters",
            "event: expected a JSON object",
            "invalid JSON: expected `,` or `}`",
            // A lone surrogate in an escape.
            "invalid JSON: unexpected end of hex escape",
        ]
    );
}

#[test]
fn lifecycle_chaos_is_ignored_and_counted() {
    let (engine, report) = push_both_ways(&corpus("lifecycle-chaos.ndjson"));
    assert_eq!(report.accepted, 12);
    let snap = engine.snapshot(Window::Today, AS_OF, &FixedOffset::UTC);
    assert!(
        snap.ingest.ignored >= 5,
        "{:?}",
        engine.recent_ignored().collect::<Vec<_>>()
    );
    assert_well_formed(&snap);
}

#[test]
fn a_clock_that_jumps_decades_keeps_memory_bounded() {
    // Found by the fuzz target: logged in (and on a call) in 2026, the next event in 2083. The
    // time between was booked 15 minutes at a time, two million tallies; now only what the
    // history holds is booked, the days before it a day at a time.
    let text = [
        r#"{"id":"j1","ts":1795420800000,"type":"agent_state","state":"available"}"#,
        r#"{"id":"j2","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":"chat"}"#,
        r#"{"id":"j3","ts":1795420810000,"type":"contact_answered","contact_id":"c"}"#,
        r#"{"id":"j4","ts":3590841200000,"type":"agent_state","state":"busy"}"#,
        r#"{"id":"j5","ts":1795420900000,"type":"contact_ended","contact_id":"c"}"#,
    ]
    .join("\n");
    let (engine, report) = push_both_ways(&text);
    // With no clock to tell the jump is wrong, 2083 is taken, and the contact's end, 57 years
    // before it, is older than any event id still held: refused.
    assert_eq!((report.accepted, report.rejected.len()), (4, 1));
    assert!(report.rejected[0].reason.starts_with("ts: before 2083-"));
    // About the 180 days of history and two days of intervals (a day or two more between
    // maintenances), where the jump used to take gigabytes.
    let footprint = engine.footprint();
    assert!(
        footprint.days <= 2 * 182 && footprint.intervals <= 200 && footprint.journal < 1_000,
        "{footprint:?}"
    );
    // Under the page's clock (contract 1.1) the jump is refused, and the day is not blanked:
    // the answer and the time logged in still count.
    let mut clocked = Engine::default();
    clocked.set_wall_clock(AS_OF);
    let report = clocked.push_text(&text);
    assert_eq!((report.accepted, report.rejected.len()), (4, 1));
    let today = clocked.snapshot(Window::Today, AS_OF, &FixedOffset::UTC);
    assert_eq!(
        (today.value(Kpi::Asa), today.kpi(Kpi::Asa).map(|f| f.n)),
        (Some(10.0), Some(1))
    );
    assert_eq!(today.kpi(Kpi::Utilization).map(|f| f.n), Some(7_200));
}

#[test]
fn an_event_bigger_than_64_kb_is_refused_unread_and_the_rest_counts() {
    let big = format!(
        r#"{{"id":"b1","ts":1795420800000,"type":"agent_state","state":"busy","note":"{}"}}"#,
        "n".repeat(1_000_000)
    );
    let fine = r#"{"id":"b2","ts":1795420800000,"type":"agent_state","state":"available"}"#;
    for text in [format!("{big}\n{fine}"), format!("[{big},{fine}]")] {
        let report = Engine::default().push_text(&text);
        assert_eq!(report.accepted, 1);
        assert_eq!(report.rejected.len(), 1);
        assert_eq!(
            report.rejected[0].reason,
            "event: 1000076 bytes, more than the 65536 one event may take"
        );
    }
}

#[test]
fn a_reason_that_quotes_the_input_is_cut() {
    let text = format!(
        r#"{{"id":"q1","ts":1795420800000,"type":"survey","contact_id":"c","csat":"{}"}}"#,
        "5".repeat(10_000)
    );
    let report = Engine::default().push_text(&text);
    let reason = &report.rejected[0].reason;
    assert!(
        reason.starts_with("csat: invalid type: string \"555"),
        "{reason}"
    );
    assert_eq!(reason.chars().count(), 301);
    assert!(reason.ends_with('…'));
}

#[test]
fn baselines_are_held_for_32_scopes_and_the_next_ones_ignored_with_the_reason() {
    let text: Vec<String> = (0..40)
        .map(|i| {
            format!(
                r#"{{"id":"bl{i}","ts":1795420800000,"type":"baseline","kpi":"aht","value":300,"scope":"team/{i}"}}"#
            )
        })
        .collect();
    let (engine, report) = push_both_ways(&text.join("\n"));
    assert_eq!(report.accepted, 40);
    assert_eq!(engine.footprint().baseline_scopes, 32);
    let snap = engine.snapshot(Window::Today, AS_OF, &FixedOffset::UTC);
    assert_eq!(snap.ingest.ignored, 8);
    assert!(engine
        .recent_ignored()
        .any(|r| r.ends_with("baseline: 32 scopes are held already, not \"team/39\"")));
}
