//! The JSON reader against serde_json, its reference: the same values from the same texts, and
//! the same message at the same line and column for every text it refuses.

use agent_kpi_engine::json::read::{parse, Json};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Whether `ours` holds what serde_json's `Value` holds.
fn same(ours: &Json, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Number(_), Value::Number(number)) => {
            // The same bits, a float's sign included.
            let bits = |f: Option<f64>| f.map(f64::to_bits);
            ours.as_u64() == number.as_u64()
                && ours.as_i64() == number.as_i64()
                && bits(ours.as_f64()) == bits(number.as_f64())
        }
        (Json::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Json::Object(members), Value::Object(map)) => {
            // A key given twice reads as its last value, as serde_json's map keeps it.
            let keys: BTreeSet<&str> = members.iter().map(|(key, _)| key.as_ref()).collect();
            keys.len() == map.len()
                && map
                    .iter()
                    .all(|(key, theirs)| ours.get(key).is_some_and(|value| same(value, theirs)))
        }
        _ => false,
    }
}

fn agrees(text: &str) -> Result<(), TestCaseError> {
    match (parse(text), serde_json::from_str::<Value>(text)) {
        (Ok(ours), Ok(theirs)) => prop_assert!(
            same(&ours, &theirs),
            "{text:?}: {ours:?} against {theirs:?}"
        ),
        (Err(ours), Err(theirs)) => {
            prop_assert_eq!(ours.to_string(), theirs.to_string(), "{:?}", text)
        }
        (ours, theirs) => prop_assert!(false, "{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
    Ok(())
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "(?s).{0,6}|[\"\\\\\\x00-\\x1f\u{d7ff}\u{10000}é]{0,4}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c\"\\\\]{0,3}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Pieces of JSON and of what is almost JSON, to be strung together.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        "\"",
        "\\",
        " ",
        "\n",
        "\r",
        "\t",
        "\u{1}",
        "0",
        "1",
        "9",
        "-",
        "+",
        ".",
        "e",
        "E",
        "1e999",
        "-0",
        "00",
        "18446744073709551616",
        "true",
        "tru",
        "null",
        "nul",
        "false",
        "x",
        "\\u",
        "D83D",
        "DE00",
        "00e9",
        "\\n",
        "\\x",
        "é",
        "長",
        "\"a\"",
        "\"a\":",
        "[1,",
        "{\"k\":",
        "2.5",
        "1E+2",
        "1e-2",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn strung_pieces_read_as_serde_json_reads_them(pieces in prop::collection::vec(piece(), 0..14)) {
        agrees(&pieces.concat())?;
    }

    #[test]
    fn numbers_have_the_bits_serde_json_gives_them(
        text in "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,24})?([eE][+-]?[0-9]{1,3})?|-?[1-9][0-9]{0,3}e[+-]?[0-9]{9,11}",
    ) {
        agrees(&text)?;
    }

    #[test]
    fn values_read_back_as_serde_json_wrote_them(value in any_value(), pretty in any::<bool>()) {
        let text = match pretty {
            true => serde_json::to_string_pretty(&value),
            false => serde_json::to_string(&value),
        }.unwrap_or_default();
        agrees(&text)?;
    }

    #[test]
    fn broken_texts_are_refused_as_serde_json_refuses_them(
        value in any_value(),
        cut in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"[]{}:,\"\\ 0-.eax\n".to_vec()),
        how in 0..3u8,
    ) {
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let (head, tail) = text.split_at(at);
        let byte = char::from(byte);
        let broken = match how {
            0 => head.to_string(),
            1 => format!("{head}{byte}{tail}"),
            _ => format!("{head}{byte}{}", tail.get(1..).unwrap_or_default()),
        };
        agrees(&broken)?;
    }
}

#[test]
fn worked_examples_read_as_serde_json_reads_them() {
    let texts = [
        "",
        " ",
        "null",
        " true ",
        "[]",
        "{}",
        "[1,2]",
        "{\"a\":1,\"a\":2}",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "{1:2}",
        "\"\\ud83d\\ude00\"",
        "\"\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ud83dx\"",
        "\"\\ud83d\\n\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "01",
        "-",
        "1.",
        "1.e3",
        "1e",
        "1e+",
        "-a",
        "1e400",
        "-1e400",
        "1e-400",
        "0e99999999999",
        "123456789012345678901234567890",
        "-9223372036854775808",
        "-9223372036854775809",
        "-0",
        "nulL",
        "[\"a\"\n,\n\"b\"\n",
        "\"a\u{1}\"",
        "[1] x",
        "{\"a\":[{\"b\":\"c\\\"d\"}]}",
    ];
    for text in texts {
        if let Err(failure) = agrees(text) {
            panic!("{failure}");
        }
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [126, 127, 128, 129, 10_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for text in [arrays, objects] {
            if let Err(failure) = agrees(&text) {
                panic!("{depth}: {failure}");
            }
        }
    }
}

#[test]
fn strings_without_escapes_are_borrowed() {
    let Ok(Json::Array(items)) = parse(r#"["plain", "with \n escape"]"#) else {
        panic!("an array");
    };
    assert!(matches!(
        &items[0],
        Json::String(std::borrow::Cow::Borrowed("plain"))
    ));
    assert!(
        matches!(&items[1], Json::String(std::borrow::Cow::Owned(text)) if text == "with \n escape")
    );
}
