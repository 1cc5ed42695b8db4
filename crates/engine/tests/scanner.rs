//! The scanner (the fast path of parsing) against serde (the reference): whatever the input,
//! parsing gives what serde alone gives, events, unknown types and rejection reasons alike.
#![cfg(not(target_arch = "wasm32"))]

use agent_kpi_engine::{
    parse_batch, parse_batch_reference, parse_event, parse_event_reference, Parsed,
};
use agent_kpi_simulator::{Simulator, SimulatorOptions};
use proptest::prelude::*;

const START: i64 = 1_795_420_800_000;

fn simulated_day() -> String {
    let options = SimulatorOptions {
        start: START,
        seed: 5,
        ..Default::default()
    };
    Simulator::new(options).advance_to(START + 12 * 3_600_000)
}

fn batch(text: &str, parse: fn(&str, &mut dyn FnMut(usize, Parsed))) -> Vec<(usize, Parsed)> {
    let mut out = Vec::new();
    parse(text, &mut |index, parsed| out.push((index, parsed)));
    out
}

fn fast(text: &str, each: &mut dyn FnMut(usize, Parsed)) {
    parse_batch(text, each);
}

fn reference(text: &str, each: &mut dyn FnMut(usize, Parsed)) {
    parse_batch_reference(text, each);
}

fn assert_agree(json: &str) {
    assert_eq!(parse_event(json), parse_event_reference(json), "{json}");
    assert_eq!(batch(json, fast), batch(json, reference), "{json:?}");
}

const EVENT: &str = r#"{"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#;

/// Inputs at the edges of what the scanner reads: each must come out as serde has it.
const EDGES: &[&str] = &[
    EVENT,
    r#"{"id":"a\u0041","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":-0,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":01,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":0,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1.0,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1e3,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":123456789012345678,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1234567890123456789,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":12345678901234567890,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":-1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":-,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":null,"type":"agent_state","state":"busy"}"#,
    r#"{"id":null,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","id":"b","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","id":null,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"x":1,"x":2,"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":{"y":[1,{"z":null}]},"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":[],"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":-,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":01,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":1.,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":-0.5e+10,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":1E-7,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":1e,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":99999999999999999999999999,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":tru,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":nul,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":true,"y":false,"z":null,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    "{\"id\":\"a\tb\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
    "{\"id\":\"a\u{7f}b\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
    r#"{"id":"日本語の識別子","ts":1795420800000,"type":"agent_state","state":"休憩"}"#,
    r#"{}"#,
    r#"{ }"#,
    r#"{"#,
    r#"}"#,
    r#"[]"#,
    r#"{"id":"a",}"#,
    r#"{"id":"a" "ts":1}"#,
    r#"{"id" "a"}"#,
    r#"{"id":"a"}}"#,
    r#"{"id":"a"} x"#,
    r#"{"id":"a""#,
    r#"{"id":"a"#,
    r#"{"id":"#,
    r#"{"id""#,
    " \t{\"id\":\"a\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}\r",
    " \u{a0}{\"id\":\"a\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
    "\u{feff}{\"id\":\"a\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
    r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":"yes"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":tru}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":null}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":false}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":5.0}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":-0}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":-3}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","case_id":"k","nps":10,"ces":7,"csat":null}"#,
    r#"{"v":1,"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"v":2,"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"v":"1","id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"v":null,"id":"a","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht","value":300}"#,
    r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht","value":0.1,"scope":"team/voice"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":5}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":"voice","queue":5}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":"voice","queue":null,"to":"x","disposition":"y","status":"z","priority":"p"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_offered","contact_id":"c","channel":"voice","queued_at":"2026-11-23T08:59:00Z","customer_key":"k","reason":"billing"}"#,
    r#"{"id":"a","ts":"2026-11-23T09:00:00+09:00","type":"case_updated","case_id":"k","owner":"me"}"#,
    r#"{"id":"a","ts":"yesterday","type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"screen_pop"}"#,
    r#"{"ID":"a","Ts":1795420800000,"type":"agent_state","state":"busy","statee":1,"reasons":2}"#,
    // What only the slow path reads: escaped keys, values of every type where one type belongs,
    // fields no one reads that hold anything JSON allows (and some it does not).
    r#"{"\u0069d":"a","ts":1795420800000,"type":"agent_state","state":"busy","i\u0064":"b"}"#,
    r#"{"id":"a","ts":[1795420800000],"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":{"ms":1},"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":true,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1.5,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":-0.0,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1e23,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":18446744073709551615,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":-9223372036854775809,"type":"agent_state","state":"busy"}"#,
    r#"{"id":["a","b"],"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":{"a":1,"a":[}}"#,
    r#"{"id":"a\ud83d\ude00","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a\ud83d","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":"\ud83d\u00zz","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":"\ude00","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":[1,],"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":{"k":1,},"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":{"k" 1},"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":[1 2],"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":{1:2},"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":[}","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":1e999,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":-,"ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","x":"\q","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":18446744073709551615}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":1e2}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":"5"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"survey","contact_id":"c","csat":[5]}"#,
    r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht","value":"300"}"#,
    r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht","value":1e400}"#,
    r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht","value":1.7976931348623157e308}"#,
    r#"{"id":"a","ts":1795420800000,"type":"baseline","kpi":"aht","value":-12345678901234567890123.5e-3}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":1}"#,
    r#"{"id":"a","ts":1795420800000,"type":"contact_ended","contact_id":"c","resolved":"true"}"#,
    r#"{"id":"a","id":"#,
    r#"{"id":"a","ts":1795420800000,"ts""#,
    "{\"id\":\"a\",\"x\":\"\u{1}\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
    "{\"id\":\"a\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "\u{b}{\"id\":\"a\",\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
];

#[test]
fn edge_cases_come_out_as_serde_has_them() {
    for json in EDGES {
        assert_agree(json);
    }
    let long = format!(
        r#"{{"id":"{}","ts":1795420800000,"type":"wrap_up_ended","contact_id":"{}","reason":"{}"}}"#,
        "i".repeat(129),
        "é".repeat(128),
        "r".repeat(1000)
    );
    assert_agree(&long);
}

#[test]
fn a_simulated_day_and_the_corpus_come_out_as_serde_has_them() {
    let day = simulated_day();
    assert_agree(&day);
    for line in day.lines() {
        assert_agree(line);
    }
    for name in [
        "broken-json.ndjson",
        "deep-object.ndjson",
        "lifecycle-chaos.ndjson",
        "nesting.json",
        "numbers.ndjson",
        "reused-ids.ndjson",
        "wrong-types.ndjson",
    ] {
        let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_agree(&text);
        for line in text.lines() {
            assert_agree(line);
        }
    }
}

#[test]
fn batches_are_cut_into_lines_as_before() {
    let lines = [
        EVENT,
        "",
        "   ",
        "\u{a0}",
        "\r",
        r#"{"id":"b","ts":1795420800000,"type":"agent_state","state":"busy"}  "#,
        r#"{"id":"c","ts":1795420800000,"type":"agent_state","state":"busy"} {"#,
        r#"  {"id":"d","ts":1795420800000,"type":"agent_state","state":"busy"}"#,
    ];
    for separator in ["\n", "\r\n", "\r", "\n\n", " \n", "\n\r\n"] {
        let text = lines.join(separator);
        assert_agree(&text);
        assert_agree(&format!("{text}{separator}"));
        assert_agree(&format!("{separator}{text}"));
    }
    // An object broken over lines is two bad lines, as `str::lines` cuts it.
    assert_agree(
        "{\"id\":\"a\",\n\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}",
    );
    assert_agree("{\"id\":\"a\",\r\n\"ts\":1}\r\n");
    // In an array, an element may span lines.
    assert_agree(
        "[\n{\"id\":\"a\",\n\"ts\":1795420800000,\"type\":\"agent_state\",\"state\":\"busy\"}\n]",
    );
}

/// Characters that matter to JSON and to the scanner, to mutate events with.
const ALPHABET: &[char] = &[
    '{', '}', '[', ']', '"', '\\', ':', ',', ' ', '\n', '\r', '\t', '-', '+', '.', 'e', 'E', '0',
    '1', '9', 'n', 'u', 'l', 't', 'r', 'f', 'a', 's', '\u{1}', '\u{a0}', 'é',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_events_come_out_as_serde_has_them(
        base in proptest::sample::select(EDGES),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..3, proptest::sample::select(ALPHABET)), 1..6),
    ) {
        let mut chars: Vec<char> = base.chars().collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len() + 1);
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => { chars.remove(i); }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        let json: String = chars.into_iter().collect();
        prop_assert_eq!(parse_event(&json), parse_event_reference(&json), "{}", json);
        prop_assert_eq!(batch(&json, fast), batch(&json, reference), "{:?}", json);
    }

    #[test]
    fn batches_of_mutated_lines_come_out_as_serde_has_them(
        picks in proptest::collection::vec((proptest::sample::select(EDGES), proptest::sample::select(&["\n", "\r\n", "\r", " \n", "\n\n"][..])), 1..8),
    ) {
        let text: String = picks.iter().flat_map(|(line, sep)| [*line, *sep]).collect();
        prop_assert_eq!(batch(&text, fast), batch(&text, reference), "{:?}", text);
    }
}
