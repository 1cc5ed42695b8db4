//! The configuration object as a widget reads it: the engine's keys and the panel's, each bad
//! one reported with its path while the rest applies; presets; origins as the browser writes
//! them.

use agent_kpi_engine::{Configure, Kpi};
use agent_kpi_host::origins::normalize_origin;
use agent_kpi_host::panel_config::{PanelConfig, Theme, WidgetConfig};
use std::collections::BTreeSet;

/// The engine alone takes its own keys and calls the panel's unknown: a host that configures
/// an engine directly hears of a key it meant for a panel.
#[test]
fn the_engine_takes_its_keys_and_the_widget_both_parts() {
    let json = r#"{"service_level_seconds": 30, "locale": "ja", "kpis": ["aht"]}"#;
    let mut engine = agent_kpi_engine::Config::default();
    let errors: Vec<String> = engine
        .apply_json(json)
        .into_iter()
        .map(|e| e.path)
        .collect();
    // In the order written.
    assert_eq!(errors, ["locale", "kpis"]);
    assert_eq!(engine.service_level_ms, 30_000);
    let mut widget = WidgetConfig::default();
    assert!(widget.apply_json(json).is_empty());
    assert_eq!(widget.engine.service_level_ms, 30_000);
    assert_eq!(widget.panel.kpis, [Kpi::Aht]);
}

/// A widget says where the agent stands before any host configures it: the balanced preset's
/// strip and targets. Another preset replaces them; a host's targets refine either.
#[test]
fn a_widget_starts_from_the_balanced_preset_with_its_targets() {
    let config = WidgetConfig::default();
    let targeted: BTreeSet<Kpi> = config.engine.targets.keys().copied().collect();
    assert_eq!(
        targeted,
        BTreeSet::from([
            Kpi::Aht,
            Kpi::Cph,
            Kpi::Occupancy,
            Kpi::AnswerRate,
            Kpi::Fcr,
            Kpi::Csat
        ])
    );
    assert_eq!(config.engine.targets[&Kpi::Aht].value, 420.0);
    assert_eq!(config.engine.targets[&Kpi::Aht].bad, Some(540.0));
    assert_eq!(config.panel.kpis[..3], [Kpi::Aht, Kpi::Cph, Kpi::Occupancy]);
    // An engine alone has none: targets are the widget's default, not the contract's.
    assert!(agent_kpi_engine::Config::default().targets.is_empty());

    let mut quality = WidgetConfig::default();
    assert!(quality.apply_json(r#"{"preset": "quality"}"#).is_empty());
    assert!(
        !quality.engine.targets.contains_key(&Kpi::Cph),
        "balanced's CPH target went"
    );
    assert_eq!(quality.engine.targets[&Kpi::Nps].value, 30.0);

    let mut refined = WidgetConfig::default();
    assert!(refined
        .apply_json(r#"{"targets": {"aht": 300}}"#)
        .is_empty());
    assert_eq!(refined.engine.targets[&Kpi::Aht].value, 300.0);
    assert_eq!(
        refined.engine.targets[&Kpi::Cph].value,
        6.0,
        "the rest stay"
    );
}

#[test]
fn configuration_errors_name_their_path_and_the_rest_applies() {
    let mut config = WidgetConfig::default();
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
    // In the order written.
    assert_eq!(
        paths,
        [
            ("kpis[1]", "unknown KPI id \"speed\""),
            (
                "targets.aht.direction",
                "expected \"higher\" or \"lower\", got \"sideways\""
            ),
            ("targets.nope", "unknown KPI id"),
            ("windows[1]", "unknown window \"week\""),
            ("service_level_seconds", "-3 is outside 0..3600"),
            ("cost_per_hour", "expected a number, got a string"),
            (
                "currency",
                "expected a three-letter ISO 4217 code, got \"yen\""
            ),
            ("locale", "expected \"ja\" or \"en\", got \"fr\""),
            (
                "allowed_origins[1]",
                "\"*\" is not an origin: \"*\" would let any page hear the agent's figures"
            ),
            ("colour", "unknown key"),
        ]
    );
    // What was good still applies.
    assert_eq!(
        config.engine.targets.get(&Kpi::Fcr).map(|t| t.value),
        Some(0.8)
    );
    assert_eq!(config.panel.time_zone.as_deref(), Some("Asia/Tokyo"));
    assert_eq!(config.engine.fcr_repeat_ms, 3 * 86_400_000);
    assert_eq!(config.panel.theme, Theme::Dark);
    // And what was bad left the defaults alone.
    assert_eq!(config.engine.service_level_ms, 20_000);
    assert_eq!(config.panel.kpis, PanelConfig::default().kpis);
    assert!(config.panel.allowed_origins.is_empty());

    let errors = WidgetConfig::default().apply_json("[1]");
    assert_eq!(
        (errors[0].path.as_str(), errors[0].message.as_str()),
        ("", "expected an object")
    );
}

#[test]
fn a_preset_sets_kpis_and_targets_that_the_same_object_refines() {
    let mut config = WidgetConfig::default();
    let errors = config
        .apply_json(r#"{"preset": "quality", "targets": {"fcr": 0.75}, "kpis": ["fcr", "csat"]}"#);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.panel.kpis, [Kpi::Fcr, Kpi::Csat]);
    assert_eq!(config.engine.targets[&Kpi::Fcr].value, 0.75);
    assert_eq!(config.engine.targets[&Kpi::Nps].value, 30.0);
    assert!(!config.engine.targets.contains_key(&Kpi::AbandonRate));

    let mut config = WidgetConfig::default();
    config.apply_json(r#"{"preset": "productivity"}"#);
    assert_eq!(config.panel.kpis[..2], [Kpi::AnswerRate, Kpi::AbandonRate]);
    let errors = config.apply_json(r#"{"preset": "speed"}"#);
    assert_eq!(errors[0].path, "preset");
}

#[test]
fn origins_are_written_as_the_browser_writes_them_or_refused_with_the_reason() {
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

#[test]
fn the_minimum_sample_is_a_whole_number_from_1_to_1000() {
    let mut config = WidgetConfig::default();
    assert_eq!(config.panel.min_sample, 5);
    assert!(config.apply_json(r#"{"min_sample": 12}"#).is_empty());
    assert_eq!(config.panel.min_sample, 12);
    for (bad, why) in [
        ("0", "0 is outside 1..1000"),
        ("2.5", "expected a whole number, got 2.5"),
        ("\"5\"", "expected a number, got a string"),
    ] {
        let errors = config.apply_json(&format!(r#"{{"min_sample": {bad}}}"#));
        assert_eq!(
            (errors[0].path.as_str(), errors[0].message.as_str()),
            ("min_sample", why)
        );
    }
    assert_eq!(
        config.panel.min_sample, 12,
        "a bad value leaves the last good one"
    );
}

/// A key given twice counts once, at its last value, as in any JSON object: the first is not
/// reported, however many keys the object has.
#[test]
fn a_key_given_twice_counts_at_its_last_value() {
    let mut config = WidgetConfig::default();
    let errors = config.apply_json(r#"{"cost_per_hour": -1, "locale": "ja", "cost_per_hour": 30}"#);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.engine.cost_per_hour, Some(30.0));
    let errors = config.apply_json(
        r#"{"targets": {"aht": "soon", "aht": 300}, "min_sample": 5, "min_sample": 0}"#,
    );
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["min_sample"]);
    assert_eq!(config.engine.targets[&Kpi::Aht].value, 300.0);
    // Many keys: each unknown one reported once, in the order written.
    let keys: Vec<String> = (0..20_000)
        .map(|i| format!(r#""k{}": {i}"#, 19_999 - i))
        .collect();
    let errors = WidgetConfig::default().apply_json(&format!("{{{}}}", keys.join(",")));
    assert_eq!(errors.len(), 20_000);
    assert_eq!(errors[0].path, "k19999");
    assert_eq!(errors[19_999].path, "k0");
}
