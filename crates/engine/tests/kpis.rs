//! A worked example per KPI of the contract, every expected figure computed by hand.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use agent_kpi_engine::{
    Channel, Config, Configure, Engine, FixedOffset, Kpi, ReasonCount, Status, Window,
};
use common::{at, figure, value_n, Feed};
use std::sync::Arc;

fn today(engine: &Engine, hms: &str) -> agent_kpi_engine::Snapshot {
    engine.snapshot(Window::Today, at(hms), &FixedOffset::UTC)
}

/// Six contacts offered: answered fast and slow, abandoned short and long, missed.
fn answering() -> Feed {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        // c1: waited 10 s in queue and rang 8 s: 18 s, within the 20 s service level.
        .offer(
            "09:00:00",
            "c1",
            "voice",
            r#""queued_at":"2026-11-23T08:59:50Z""#,
        )
        .on("09:00:08", "contact_answered", "c1", "")
        .on("09:05:00", "contact_ended", "c1", "")
        .on("09:05:30", "wrap_up_ended", "c1", "")
        // c2: no queued_at, so the wait runs from the offer: 30 s.
        .offer("09:10:00", "c2", "voice", "")
        .on("09:10:30", "contact_answered", "c2", "")
        .on("09:14:00", "contact_ended", "c2", "")
        .on("09:14:30", "wrap_up_ended", "c2", "")
        // c3: abandoned after 3 s, a short abandon; c4: after 40 s.
        .offer("09:20:00", "c3", "chat", "")
        .on("09:20:03", "contact_abandoned", "c3", "")
        .offer("09:25:00", "c4", "chat", "")
        .on("09:25:40", "contact_abandoned", "c4", "")
        // c5: rang and was not accepted.
        .offer("09:30:00", "c5", "voice", "")
        .on("09:30:15", "contact_missed", "c5", "")
        // c6: queued a minute before the offer: waited 65 s.
        .offer("09:40:00", "c6", "email", r#""queued_at":1795426740000"#)
        .on("09:40:05", "contact_answered", "c6", "")
        .on("09:50:00", "contact_ended", "c6", "")
        .on("09:51:00", "wrap_up_ended", "c6", "");
    f
}

#[test]
fn answer_rate_abandon_rate_service_level_and_asa() {
    let snap = today(&answering().engine(), "10:00:00");
    // Offered 6, one short abandon: 5 count. Answered 3.
    assert_eq!(value_n(&snap, Kpi::AnswerRate), (Some(0.6), 5));
    // One abandon that is not short, of 5.
    assert_eq!(value_n(&snap, Kpi::AbandonRate), (Some(0.2), 5));
    // Within 20 s: c1 only; of answered 3 + abandoned 2 − short 1 = 4.
    assert_eq!(value_n(&snap, Kpi::ServiceLevel), (Some(0.25), 4));
    // (18 + 30 + 65) / 3 = 37.67 s.
    assert_eq!(value_n(&snap, Kpi::Asa), (Some(37.7), 3));

    // Voice: c1, c2 answered, c5 missed.
    assert_eq!(
        snap.channel_value(Channel::Voice, Kpi::AnswerRate),
        Some(0.6667)
    );
    assert_eq!(snap.channel_value(Channel::Voice, Kpi::Asa), Some(24.0));
    assert_eq!(
        snap.channel_value(Channel::Voice, Kpi::ServiceLevel),
        Some(0.5)
    );
    // Chat: both abandoned, one short: 0 of 1 answered, 1 of 1 abandoned.
    assert_eq!(
        snap.channel_value(Channel::Chat, Kpi::AnswerRate),
        Some(0.0)
    );
    assert_eq!(
        snap.channel_value(Channel::Chat, Kpi::AbandonRate),
        Some(1.0)
    );
    assert_eq!(snap.channel_value(Channel::Chat, Kpi::Handled), None);
}

#[test]
fn short_abandon_and_service_level_thresholds_come_from_configuration() {
    let mut config = Config::default();
    let errors = config.apply_json(r#"{"short_abandon_seconds": 2, "service_level_seconds": 30}"#);
    assert!(errors.is_empty(), "{errors:?}");
    let engine = answering().engine_with(Engine::new(config, Arc::new(FixedOffset::UTC)));
    let snap = today(&engine, "10:00:00");
    // No short abandon now (3 s > 2 s): 6 count, 2 abandoned.
    assert_eq!(value_n(&snap, Kpi::AnswerRate), (Some(0.5), 6));
    assert_eq!(value_n(&snap, Kpi::AbandonRate), (Some(0.3333), 6));
    // Within 30 s: c1 and c2 (30 s counts); of 3 + 2.
    assert_eq!(value_n(&snap, Kpi::ServiceLevel), (Some(0.4), 5));
}

#[test]
fn occupancy_counts_concurrent_chats_once_and_utilization_counts_logged_in_time() {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        // Two chats overlapping: H is 09:00–09:31, 31 minutes (their sum would be 43).
        .contact("a", "chat", "09:00:00", "09:20:00", "09:22:00")
        .contact("b", "chat", "09:10:00", "09:30:00", "09:31:00")
        .state("10:00:00", "break");
    let engine = f.engine();

    let snap = today(&engine, "10:00:00");
    // H ∪ A: available all hour = 60 min. 31 / 60.
    assert_eq!(value_n(&snap, Kpi::Occupancy), (Some(0.5167), 3600));
    assert_eq!(value_n(&snap, Kpi::Utilization), (Some(0.5167), 3600));

    // Half an hour of break later: no change to occupancy (break is not available), but
    // utilization's logged-in time grows to 90 minutes: 31 / 90.
    let snap = today(&engine, "10:30:00");
    assert_eq!(value_n(&snap, Kpi::Occupancy), (Some(0.5167), 3600));
    assert_eq!(value_n(&snap, Kpi::Utilization), (Some(0.3444), 5400));
    // Two contacts in one staffed hour.
    assert_eq!(snap.value(Kpi::Cph), Some(2.0));
    // a: talk 20 min, ACW 2; b: talk 20, ACW 1. AHT = (1320 + 1260) / 2.
    assert_eq!(snap.value(Kpi::Aht), Some(1290.0));
}

/// Resolved contacts, repeats, and surveys on contacts and a case.
fn quality() -> Feed {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        .offer(
            "09:00:00",
            "x1",
            "voice",
            r#""customer_key":"k1","reason":"billing""#,
        )
        .on("09:00:00", "contact_answered", "x1", "")
        .on("09:04:00", "contact_ended", "x1", "")
        .on("09:05:00", "wrap_up_ended", "x1", r#""resolved":true"#)
        .offer(
            "09:10:00",
            "x2",
            "voice",
            r#""customer_key":"k2","reason":"delivery""#,
        )
        .on("09:10:00", "contact_answered", "x2", "")
        .on("09:14:00", "contact_ended", "x2", r#""resolved":true"#)
        .on("09:15:00", "wrap_up_ended", "x2", "")
        // k1 calls back about billing: x1 was not resolved first time.
        .offer(
            "09:20:00",
            "x3",
            "voice",
            r#""customer_key":"k1","reason":"billing""#,
        )
        .on("09:20:00", "contact_answered", "x3", "")
        .on("09:24:00", "contact_ended", "x3", "")
        .on("09:25:00", "wrap_up_ended", "x3", r#""resolved":false"#)
        // k2 calls about something else: x2 stands. The wrap-up's reason wins over the offer's.
        .offer(
            "09:30:00",
            "x4",
            "voice",
            r#""customer_key":"k2","reason":"refund""#,
        )
        .on("09:30:00", "contact_answered", "x4", "")
        .on("09:34:00", "contact_ended", "x4", "")
        .on(
            "09:35:00",
            "wrap_up_ended",
            "x4",
            r#""reason":"cancellation""#,
        )
        // Resolved but with no customer key: not in FCR.
        .offer("09:40:00", "x5", "voice", "")
        .on("09:40:00", "contact_answered", "x5", "")
        .on("09:44:00", "wrap_up_ended", "x5", r#""resolved":true"#)
        .offer("09:45:00", "x6", "voice", r#""customer_key":"k3""#)
        .on("09:45:00", "contact_answered", "x6", "")
        .on("09:50:00", "wrap_up_ended", "x6", r#""resolved":true"#)
        .event(
            "09:51:00",
            "survey",
            r#""contact_id":"x1","csat":5,"nps":10,"ces":6"#,
        )
        .event(
            "09:52:00",
            "survey",
            r#""contact_id":"x2","csat":3,"nps":6,"ces":4"#,
        )
        .event(
            "09:53:00",
            "survey",
            r#""contact_id":"x3","csat":4,"nps":8,"ces":7"#,
        )
        .event(
            "09:54:00",
            "survey",
            r#""case_id":"case-9","csat":1,"nps":0"#,
        );
    f
}

#[test]
fn fcr_counts_repeats_within_the_window_and_reports_provisional_contacts() {
    let engine = quality().engine();
    let snap = today(&engine, "10:00:00");
    // Resolved with a key: x1, x2, x6. x1 was repeated. 2 / 3.
    let fcr = figure(&snap, Kpi::Fcr);
    assert_eq!((fcr.value, fcr.n), (Some(0.6667), 3));
    // x2 and x6 are still inside their 7-day repeat window.
    assert_eq!(fcr.provisional, Some(2));

    // Six days later k2 calls about delivery again: inside x2's window, a repeat. Eight days
    // later k3 calls: past x6's window, no repeat. The day's FCR is now final: 1 / 3.
    let mut f = quality();
    f.offer(
        "150:00:00",
        "x7",
        "chat",
        r#""customer_key":"k2","reason":"delivery""#,
    )
    .offer("201:00:00", "x8", "chat", r#""customer_key":"k3""#);
    let engine = f.engine();
    let history = engine.history(at("201:00:00"));
    let day = history
        .iter()
        .find(|d| d.date == "2026-11-23")
        .expect("the day is kept");
    assert_eq!(
        (day.kpis[&Kpi::Fcr].value, day.kpis[&Kpi::Fcr].n),
        (Some(0.3333), 3)
    );
    assert_eq!(history.last().map(|d| d.date.as_str()), Some("2026-12-01"));
}

#[test]
fn csat_nps_and_ces_from_surveys() {
    let snap = today(&quality().engine(), "10:00:00");
    // CSAT 5, 3, 4, 1: two of four are 4 or 5.
    assert_eq!(value_n(&snap, Kpi::Csat), (Some(0.5), 4));
    // NPS 10, 6, 8, 0: one promoter, two detractors, of four: −25.
    assert_eq!(value_n(&snap, Kpi::Nps), (Some(-25.0), 4));
    // CES 6, 4, 7: mean 5.67; two of three are 5 to 7.
    let ces = figure(&snap, Kpi::Ces);
    assert_eq!((ces.value, ces.n, ces.share), (Some(5.67), 3, Some(0.6667)));
    // The three contact surveys are on voice; the case survey is on no channel.
    assert_eq!(snap.channel_value(Channel::Voice, Kpi::Csat), Some(0.6667));
    assert_eq!(snap.channels[&Channel::Voice][&Kpi::Csat].n, 3);
}

#[test]
fn top_reasons_by_frequency_with_the_wrap_up_reason_first() {
    let snap = today(&quality().engine(), "10:00:00");
    let top = figure(&snap, Kpi::TopReasons);
    let item = |reason: &str, count| ReasonCount {
        reason: reason.to_string(),
        count,
    };
    assert_eq!(
        top.items.as_deref(),
        Some(
            &[
                item("billing", 2),
                item("cancellation", 1),
                item("delivery", 1)
            ][..]
        )
    );
    assert_eq!(top.n, 4);
}

#[test]
fn cost_per_contact_from_logged_in_hours() {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        .contact("a", "voice", "09:05:00", "09:10:00", "09:11:00")
        .contact("b", "voice", "09:20:00", "09:25:00", "09:26:00")
        .state("09:30:00", "break")
        .contact("c", "chat", "09:35:00", "09:40:00", "09:41:00");
    let snap = today(&f.engine(), "10:00:00");
    assert!(snap.kpi(Kpi::Cpc).is_none(), "no cost per hour configured");

    let mut config = Config::default();
    config.apply_json(r#"{"cost_per_hour": 30}"#);
    let engine = f.engine_with(Engine::new(config, Arc::new(FixedOffset::UTC)));
    // One logged-in hour (the break included) at 30 for 3 contacts.
    assert_eq!(
        value_n(&today(&engine, "10:00:00"), Kpi::Cpc),
        (Some(10.0), 3)
    );
}

#[test]
fn cases_backlog_age_stale_closed_time_to_close_and_reopen_rate() {
    let mut f = Feed::new();
    f.case("-39:00:00", "case_opened", "A", "") // 2026-11-21 09:00, never touched again
        .case("-12:00:00", "case_opened", "D", "") // 2026-11-22 12:00
        .case("08:00:00", "case_opened", "B", "")
        .case("08:30:00", "case_opened", "C", "")
        .case("09:00:00", "case_closed", "E", "") // opened before the widget knew
        .case("09:00:00", "case_opened", "F", "")
        .case("09:30:00", "case_closed", "C", "")
        .case("10:00:00", "case_updated", "B", r#""status":"pending""#)
        .case("10:30:00", "case_updated", "F", r#""owner":"someone-else""#)
        .case("11:00:00", "case_closed", "D", "")
        .case("11:30:00", "case_reopened", "D", "");
    let mut config = Config::default();
    config.apply_json(r#"{"agent_id": "me"}"#);
    let engine = f.engine_with(Engine::new(config, Arc::new(FixedOffset::UTC)));
    let snap = today(&engine, "12:00:00");

    // Closed today: C, E, D.
    assert_eq!(value_n(&snap, Kpi::CasesClosed), (Some(3.0), 3));
    // C took 1 h, D 23 h; E's opening is unknown. (3600 + 82800) / 2.
    assert_eq!(value_n(&snap, Kpi::TimeToClose), (Some(43_200.0), 2));
    // D reopened, of 3 closed.
    assert_eq!(value_n(&snap, Kpi::ReopenRate), (Some(0.3333), 3));
    // Open now: A, B, D (F went to someone else). n: the 3 open and the 2 closed known (C, E).
    assert_eq!(value_n(&snap, Kpi::Backlog), (Some(3.0), 5));
    // A has been open 51 hours.
    assert_eq!(snap.value(Kpi::OldestCaseAge), Some(183_600.0));
    // Only A is unchanged for more than 24 hours.
    assert_eq!(value_n(&snap, Kpi::StaleCases), (Some(1.0), 3));
}

#[test]
fn targets_give_status_and_baselines_ride_along() {
    let mut config = Config::default();
    let errors = config.apply_json(
        r#"{"targets": {
            "aht": {"value": 420, "bad": 480},
            "asa": 20,
            "answer_rate": {"value": 0.8, "warn": 0.7, "bad": 0.5},
            "service_level": {"value": 0.8, "bad": 0.5}
        }}"#,
    );
    assert!(errors.is_empty(), "{errors:?}");
    let mut f = answering();
    f.event("09:59:00", "baseline", r#""kpi":"aht","value":400.5"#)
        .event(
            "09:59:01",
            "baseline",
            r#""kpi":"aht","value":390,"scope":"centre""#,
        );
    let engine = f.engine_with(Engine::new(config, Arc::new(FixedOffset::UTC)));
    let snap = today(&engine, "10:00:00");
    // AHT (322 + 240 + 655) / 3 = 405.7 ≤ 420: good.
    let aht = figure(&snap, Kpi::Aht);
    assert_eq!(aht.value, Some(405.7));
    assert_eq!(
        (aht.status, aht.target, aht.baseline),
        (Some(Status::Good), Some(420.0), Some(400.5))
    );
    // ASA 37.7 > 20, no bad band: warn.
    assert_eq!(figure(&snap, Kpi::Asa).status, Some(Status::Warn));
    // Answer rate 0.6: below warn 0.7, above bad 0.5: warn.
    assert_eq!(figure(&snap, Kpi::AnswerRate).status, Some(Status::Warn));
    // Service level 0.25 < 0.5: bad.
    assert_eq!(figure(&snap, Kpi::ServiceLevel).status, Some(Status::Bad));
    // No target: no status.
    assert_eq!(figure(&snap, Kpi::Cph).status, None);
    assert_eq!(engine.baselines()["centre"][&Kpi::Aht], 390.0);
}

#[test]
fn snapshot_json_has_the_contract_shape() {
    let snap = today(&answering().engine(), "10:00:00");
    // As hosts read it.
    let json: serde_json::Value =
        serde_json::from_str(&agent_kpi_engine::json::to_json(&snap)).expect("JSON");
    assert_eq!(json["window"], "today");
    assert_eq!(json["as_of"], at("10:00:00"));
    assert_eq!(json["kpis"]["asa"]["value"], 37.7);
    assert_eq!(json["kpis"]["asa"]["n"], 3);
    assert_eq!(json["kpis"]["csat"]["value"], serde_json::Value::Null);
    assert_eq!(json["kpis"]["csat"]["n"], 0);
    assert_eq!(json["channels"]["voice"]["asa"]["value"], 24.0);
    assert_eq!(json["ingest"]["accepted"], 19);
    for kpi in Kpi::ALL {
        if kpi != Kpi::Cpc {
            assert!(json["kpis"].get(kpi.id()).is_some(), "{} missing", kpi.id());
        }
    }
}

#[test]
fn live_contacts_and_cases_say_where_each_stands() {
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        .offer("09:10:00", "talking", "voice", "")
        .on("09:10:05", "contact_answered", "talking", "")
        .offer("09:11:00", "chat-1", "chat", "")
        .on("09:11:02", "contact_answered", "chat-1", "")
        .on("09:12:00", "hold_started", "talking", "")
        .on("09:13:00", "contact_ended", "chat-1", "")
        .offer("09:14:00", "ringing", "chat", "")
        .case("-30:00:00", "case_opened", "old", "")
        .case("09:00:00", "case_opened", "new", "");
    let engine = f.engine();
    let live: Vec<(String, &str, i64)> = engine
        .live_contacts()
        .into_iter()
        .map(|c| (c.contact_id, c.phase.id(), c.since))
        .collect();
    assert_eq!(
        live,
        [
            ("talking".to_string(), "hold", at("09:12:00")),
            ("chat-1".to_string(), "acw", at("09:13:00")),
            ("ringing".to_string(), "ringing", at("09:14:00")),
        ]
    );
    let cases: Vec<String> = engine.live_cases().into_iter().map(|c| c.case_id).collect();
    assert_eq!(cases, ["old", "new"]);
}

/// The panel's clock asks `has_live_contacts` after every update, which must say what the
/// list would: checked after each event of a simulated morning, with and without contacts.
#[test]
fn has_live_contacts_says_whether_the_list_has_any() {
    let start = at("08:00:00");
    let mut simulator =
        agent_kpi_simulator::Simulator::new(agent_kpi_simulator::SimulatorOptions {
            start,
            seed: 5,
            ..Default::default()
        });
    let mut engine = Engine::default();
    let (mut with, mut without) = (0, 0);
    for line in simulator.advance_to(start + 4 * 3_600_000).lines() {
        engine.push_text(line);
        let listed = !engine.live_contacts().is_empty();
        assert_eq!(engine.has_live_contacts(), listed, "after {line}");
        if listed {
            with += 1;
        } else {
            without += 1;
        }
    }
    assert!(with > 0 && without > 0, "{with} with, {without} without");
}

#[test]
fn aht_adjusted_for_the_channel_mix() {
    // Two chats of 600 s and one call of 240 s: AHT 480 s. The team takes 300 s on voice and
    // 700 s on chat: at the team's rates this mix gives (1 × 300 + 2 × 700) / 3 = 566.7 s, so
    // this agent is faster than the team for their mix, though slower than its plain 400 s.
    let mut f = Feed::new();
    f.state("09:00:00", "available")
        .contact("v", "voice", "09:00:00", "09:04:00", "09:04:00")
        .contact("c1", "chat", "09:10:00", "09:20:00", "09:20:00")
        .contact("c2", "chat", "09:30:00", "09:40:00", "09:40:00")
        .event("09:50:00", "baseline", r#""kpi":"aht","value":400"#)
        .event(
            "09:50:00",
            "baseline",
            r#""kpi":"aht","value":300,"scope":"team/voice""#,
        )
        .event(
            "09:50:00",
            "baseline",
            r#""kpi":"aht","value":700,"scope":"team/chat""#,
        );
    let engine = f.engine();
    let snap = today(&engine, "10:00:00");
    assert_eq!(snap.value(Kpi::Aht), Some(480.0));
    assert_eq!(figure(&snap, Kpi::Aht).baseline, Some(400.0));
    let team = engine.team_aht_by_channel();
    assert_eq!(team.iter().flatten().count(), 2);
    assert_eq!(
        agent_kpi_engine::mix_adjusted_aht(&snap, &team),
        Some(566.7)
    );
}
