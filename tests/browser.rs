//! The panel in a real browser: mounted into the page, fed events, read back from the DOM.
#![cfg(target_arch = "wasm32")]

use agent_kpi::{KpiStore, NamedZone, Panel};
use agent_kpi_engine::FixedOffset;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-11-23T10:00:00Z.
const TEN_AM: i64 = 1_795_428_000_000;

/// A fresh element in the page for one test (tests in a file share one page), with the
/// panel's styles in the page.
fn fresh_host() -> web_sys::HtmlElement {
    let document = document();
    if document.get_element_by_id("panel-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("panel-css");
        style.set_text_content(Some(include_str!("../style/panel.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

/// Two voice contacts between 09:00 and 10:00 UTC: 300 s and 420 s of handle time.
const EVENTS: &str = r#"[
  {"id":"1","ts":"2026-11-23T09:00:00Z","type":"agent_state","state":"available"},
  {"id":"2","ts":"2026-11-23T09:10:00Z","type":"contact_offered","contact_id":"a","channel":"voice"},
  {"id":"3","ts":"2026-11-23T09:10:00Z","type":"contact_answered","contact_id":"a"},
  {"id":"4","ts":"2026-11-23T09:14:00Z","type":"contact_ended","contact_id":"a"},
  {"id":"5","ts":"2026-11-23T09:15:00Z","type":"wrap_up_ended","contact_id":"a"},
  {"id":"6","ts":"2026-11-23T09:20:00Z","type":"contact_offered","contact_id":"b","channel":"voice"},
  {"id":"7","ts":"2026-11-23T09:20:00Z","type":"contact_answered","contact_id":"b"},
  {"id":"8","ts":"2026-11-23T09:22:00Z","type":"hold_started","contact_id":"b"},
  {"id":"9","ts":"2026-11-23T09:23:00Z","type":"hold_ended","contact_id":"b"},
  {"id":"10","ts":"2026-11-23T09:26:00Z","type":"contact_ended","contact_id":"b"},
  {"id":"11","ts":"2026-11-23T09:27:00Z","type":"wrap_up_ended","contact_id":"b"},
  {"id":"12","ts":"2026-11-23T09:28:00Z","type":"contact_answered"}
]"#;

/// A panel over a store read at 10:00 UTC, mounted in a fresh host of `width` pixels.
fn panel(width: u32, config: &str) -> (web_sys::HtmlElement, KpiStore) {
    let host = fresh_host();
    let _ = host.set_attribute("style", &format!("width: {width}px"));
    let store = KpiStore::new(|| TEN_AM, FixedOffset::UTC);
    assert!(store.configure(config).is_empty());
    let panel_store = store.clone();
    let mounted =
        leptos::mount::mount_to(host.clone(), move || view! { <Panel store=panel_store /> });
    // The panel stays for the rest of the page (each test has its own host).
    std::mem::forget(mounted);
    (host, store)
}

/// Opens the expanded view.
async fn expand(host: &web_sys::HtmlElement) {
    let toggle: web_sys::HtmlElement = host
        .query_selector(".akpi-toggle")
        .unwrap()
        .expect("a toggle")
        .unchecked_into();
    toggle.click();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn panel_shows_the_figures_pushed_into_it() {
    let (host, store) = panel(320, r#"{"kpis": ["handled", "aht", "cph"]}"#);
    leptos::task::tick().await;
    assert_eq!(text_of(&host, "[data-kpi=handled] .akpi-value"), "no data");

    let report = store.push_text(EVENTS);
    assert_eq!(report.accepted, 11);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].reason, "contact_id: missing");
    leptos::task::tick().await;

    assert_eq!(text_of(&host, "[data-kpi=handled] .akpi-value"), "2");
    // (300 + 420) / 2 = 360 s.
    assert_eq!(text_of(&host, "[data-kpi=aht] .akpi-value"), "6:00");
    // Two contacts in one staffed hour.
    assert_eq!(text_of(&host, "[data-kpi=cph] .akpi-value"), "2.0");
    // The expanded view has every figure: ASA 0 s (answered at the offer), both answered; and
    // at its foot, what came in (for whoever set the feed up, not on the strip).
    assert!(host.query_selector(".akpi-ingest").unwrap().is_none());
    expand(&host).await;
    assert_eq!(text_of(&host, ".akpi-ingest"), "11 events · 1 rejected");
    assert_eq!(
        text_of(&host, ".akpi-row[data-kpi=asa] .akpi-value"),
        "0:00 min"
    );
    // Each sample in what it counts; none for a figure that is a fact, or with no figure.
    assert_eq!(
        text_of(&host, ".akpi-row[data-kpi=asa] .akpi-n"),
        "2 answered"
    );
    assert_eq!(text_of(&host, ".akpi-row[data-kpi=csat] .akpi-n"), "");
    // A group with no figure yet is folded, and says so.
    let quality = host
        .query_selector("[data-group=quality]")
        .unwrap()
        .expect("the quality group");
    assert!(!quality.has_attribute("open"));
    assert_eq!(
        text_of(&host, "[data-group=quality] summary"),
        "Qualityno data yet"
    );
    assert!(host
        .query_selector("[data-group=productivity]")
        .unwrap()
        .is_some_and(|g| g.has_attribute("open")));
    assert_eq!(
        text_of(&host, ".akpi-row[data-kpi=answer_rate] .akpi-value"),
        "100.0%"
    );
    assert_eq!(
        text_of(&host, ".akpi-row[data-kpi=csat] .akpi-value"),
        "no data"
    );
    assert_eq!(
        text_of(&host, ".akpi-channels [data-channel=voice] td"),
        "2"
    );
    // Talk (240 + 300) / 2 = 270 s, hold 60 / 2 = 30 s, ACW 60 s.
    assert_eq!(
        text_of(&host, ".akpi-legend [data-kpi=talk] .akpi-value"),
        "4:30 min"
    );
    assert_eq!(
        text_of(&host, ".akpi-legend [data-kpi=hold] .akpi-value"),
        "0:30 min"
    );
    assert_eq!(
        text_of(&host, ".akpi-legend [data-kpi=acw] .akpi-value"),
        "1:00 min"
    );
}

#[wasm_bindgen_test]
async fn two_panels_keep_their_own_figures() {
    let (first, store_a) = panel(320, r#"{"kpis": ["handled"]}"#);
    let (second, _store_b) = panel(320, r#"{"kpis": ["handled"]}"#);
    store_a.push_text(EVENTS);
    leptos::task::tick().await;
    assert_eq!(text_of(&first, "[data-kpi=handled] .akpi-value"), "2");
    assert_eq!(
        text_of(&second, "[data-kpi=handled] .akpi-value"),
        "no data"
    );
}

fn rect_of(node: &web_sys::Node) -> web_sys::DomRect {
    node.unchecked_ref::<web_sys::Element>()
        .get_bounding_client_rect()
}

fn rect(host: &web_sys::HtmlElement, selector: &str) -> web_sys::DomRect {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .get_bounding_client_rect()
}

#[wasm_bindgen_test]
async fn the_strip_fits_a_side_bar_and_nothing_overflows_down_to_240_px() {
    let six = r#"{"preset": "productivity"}"#;
    let (wide, store) = panel(320, six);
    store.push_text(EVENTS);
    leptos::task::tick().await;
    let tiles = wide.query_selector_all(".akpi-strip .akpi-tile").unwrap();
    assert_eq!(tiles.length(), 6);
    // Two rows of three at 320 px (values of 16 px read all shift), never four and two: the
    // strip is two tiles high.
    let strip = rect(&wide, ".akpi-strip");
    let tile = rect_of(&tiles.item(0).unwrap());
    assert!(
        strip.height() <= 2.0 * tile.height() + 4.0,
        "strip is {} px high at 320 px, a tile {} px",
        strip.height(),
        tile.height()
    );
    let tops: Vec<i32> = (0..tiles.length())
        .map(|i| rect_of(&tiles.item(i).unwrap()).top().round() as i32)
        .collect();
    assert_eq!(
        tops.iter().filter(|t| **t == tops[0]).count(),
        3,
        "{tops:?}"
    );

    let (narrow, store) = panel(240, six);
    store.push_text(EVENTS);
    leptos::task::tick().await;
    let section = rect(&narrow, ".akpi");
    assert!(section.width() <= 240.0);
    for selector in [".akpi", ".akpi-head", ".akpi-strip"] {
        let el: web_sys::HtmlElement = narrow
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .unchecked_into();
        assert!(
            el.scroll_width() <= el.client_width() + 1,
            "{selector} overflows at 240 px"
        );
    }
    let tiles = narrow.query_selector_all(".akpi-tile").unwrap();
    for i in 0..tiles.length() {
        let tile: web_sys::HtmlElement = tiles.item(i).unwrap().unchecked_into();
        let r = tile.get_bounding_client_rect();
        assert!(r.right() <= section.right() + 0.5, "tile {i} sticks out");
    }
}

/// The texts of the strip's tiles, in the order shown.
fn strip_order(host: &web_sys::HtmlElement) -> Vec<String> {
    let tiles = host.query_selector_all(".akpi-strip .akpi-tile").unwrap();
    (0..tiles.length())
        .filter_map(|i| tiles.item(i))
        .filter_map(|t| {
            t.unchecked_into::<web_sys::Element>()
                .get_attribute("data-kpi")
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_strip_leads_with_what_is_off_target_and_says_what_to_do() {
    // AHT 360 s against a goal of 300 s, 330 at worst: off target, judged on two contacts.
    let (host, store) = panel(
        320,
        r#"{"kpis": ["handled", "asa", "aht"], "targets": {"aht": {"value": 300, "bad": 330}}, "min_sample": 1}"#,
    );
    leptos::task::tick().await;
    assert_eq!(strip_order(&host), ["handled", "asa", "aht"]);
    assert_eq!(text_of(&host, ".akpi-next"), "No contacts yet.");
    // While the focus is on the strip, no tile moves from under it (nor loses the focus).
    let first: web_sys::HtmlElement = host
        .query_selector(".akpi-tile")
        .unwrap()
        .expect("a tile")
        .unchecked_into();
    first.focus().unwrap();
    store.push_text(EVENTS);
    leptos::task::tick().await;
    assert_eq!(strip_order(&host), ["handled", "asa", "aht"]);
    let focused = host
        .query_selector(".akpi-tile:focus")
        .unwrap()
        .and_then(|t| t.get_attribute("data-kpi"));
    assert_eq!(focused.as_deref(), Some("handled"));
    // The focus gone, the order catches up.
    first.blur().unwrap();
    leptos::task::tick().await;
    assert_eq!(strip_order(&host), ["aht", "handled", "asa"]);
    assert_eq!(text_of(&host, "[data-kpi=aht] .akpi-goal"), "goal ≤5:00");
    assert_eq!(text_of(&host, ".akpi-next [aria-hidden]"), "✕");
    assert_eq!(
        text_of(&host, ".akpi-next"),
        "✕AHT 6:00 — off target (goal ≤5:00): steer to the answer sooner and keep after-contact work short."
    );
    // Met: back to the centre's order, and the line says so.
    assert!(store.configure(r#"{"targets": {"aht": 400}}"#).is_empty());
    leptos::task::tick().await;
    assert_eq!(strip_order(&host), ["handled", "asa", "aht"]);
    assert_eq!(text_of(&host, ".akpi-next"), "✓On track: your goal is met.");
    // On too few contacts there is no verdict, and the tile says why.
    assert!(store.configure(r#"{"min_sample": 5}"#).is_empty());
    leptos::task::tick().await;
    assert_eq!(text_of(&host, "[data-kpi=aht] .akpi-goal"), "too few");
    assert_eq!(
        text_of(&host, ".akpi-next"),
        "Too few contacts yet to judge against your goals."
    );
}

#[wasm_bindgen_test]
async fn focusing_a_tile_explains_it() {
    // Two contacts: judged only with the minimum sample lowered to one.
    let (host, store) = panel(
        320,
        r#"{"kpis": ["aht"], "targets": {"aht": 300}, "min_sample": 1}"#,
    );
    store.push_text(EVENTS);
    store.push_text(
        r#"{"id":"b1","ts":"2026-11-23T09:59:00Z","type":"baseline","kpi":"aht","value":330}"#,
    );
    leptos::task::tick().await;
    let tile: web_sys::HtmlElement = host
        .query_selector("[data-kpi=aht]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let tip = host
        .query_selector("#akpi-tip-aht")
        .unwrap()
        .expect("a tooltip");
    let window = web_sys::window().unwrap();
    let display = |el: &web_sys::Element| {
        window
            .get_computed_style(el)
            .unwrap()
            .unwrap()
            .get_property_value("display")
            .unwrap()
    };
    assert_eq!(display(&tip), "none");
    tile.focus().unwrap();
    assert_eq!(display(&tip), "block");
    assert_eq!(
        tile.get_attribute("aria-describedby").as_deref(),
        Some("akpi-tip-aht")
    );
    let text = tip.text_content().unwrap_or_default();
    // AHT 360 s against a 300 s target: watch; the team's 330 s, 30 s less.
    for part in [
        "(talk + hold + ACW) ÷ handled",
        "Today · n = 2",
        "target 5:00 · watch",
        "team 5:30 (+0:30)",
    ] {
        assert!(text.contains(part), "{part:?} not in {text:?}");
    }
    assert_eq!(tile.get_attribute("data-status").as_deref(), Some("warn"));
    assert_eq!(text_of(&host, "[data-kpi=aht] .akpi-sr"), "watch");
}

#[wasm_bindgen_test]
async fn japanese_labels_and_no_data() {
    let (host, store) = panel(320, r#"{"locale": "ja", "kpis": ["answer_rate", "csat"]}"#);
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, "[data-kpi=answer_rate] .akpi-label"),
        "応答率"
    );
    assert_eq!(text_of(&host, "[data-kpi=csat] .akpi-value"), "データなし");
    store.push_text(EVENTS);
    leptos::task::tick().await;
    // The strip shows whole percents.
    assert_eq!(text_of(&host, "[data-kpi=answer_rate] .akpi-value"), "100%");
    assert_eq!(text_of(&host, "[data-window=today]"), "今日");
    let section = host.query_selector(".akpi").unwrap().unwrap();
    assert_eq!(section.get_attribute("lang").as_deref(), Some("ja"));
}

#[wasm_bindgen_test]
async fn the_window_switch_changes_the_figures() {
    let (host, store) = panel(320, r#"{"kpis": ["handled"]}"#);
    store.push_text(EVENTS);
    leptos::task::tick().await;
    assert_eq!(text_of(&host, "[data-kpi=handled] .akpi-value"), "2");
    let rolling: web_sys::HtmlElement = host
        .query_selector("[data-window=rolling_60m]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    rolling.click();
    leptos::task::tick().await;
    // 09:00–10:00 still holds both contacts; the title says which window.
    assert_eq!(
        rolling.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(text_of(&host, "[data-kpi=handled] .akpi-value"), "2");
    assert_eq!(
        store.snapshot().get_untracked().window,
        agent_kpi_engine::Window::Rolling60m
    );
}

#[wasm_bindgen_test]
async fn live_timers_stale_cases_and_explanations() {
    let (host, store) = panel(480, r#"{"kpis": ["aht"], "acw_budget_seconds": 90}"#);
    store.push_text(EVENTS);
    store.push_text(
        r#"[
      {"id":"l1","ts":"2026-11-23T09:50:00Z","type":"contact_offered","contact_id":"call","channel":"voice"},
      {"id":"l2","ts":"2026-11-23T09:50:00Z","type":"contact_answered","contact_id":"call"},
      {"id":"l3","ts":"2026-11-23T09:55:00Z","type":"contact_offered","contact_id":"chat","channel":"chat"},
      {"id":"l4","ts":"2026-11-23T09:55:00Z","type":"contact_answered","contact_id":"chat"},
      {"id":"l5","ts":"2026-11-23T09:58:00Z","type":"contact_ended","contact_id":"chat"},
      {"id":"l6","ts":"2026-11-21T10:00:00Z","type":"case_opened","case_id":"C-7"}
    ]"#,
    );
    leptos::task::tick().await;
    // At 10:00 the call has been in talk 10 minutes; the chat in ACW 2 minutes, past 1:30.
    assert_eq!(
        text_of(&host, ".akpi-live [data-phase=talk]"),
        "●Talk 10:00 · voice"
    );
    let acw = host
        .query_selector(".akpi-live [data-phase=acw]")
        .unwrap()
        .unwrap();
    assert_eq!(
        acw.text_content().unwrap(),
        "▲ACW 2:00 / 1:30 budget · chat"
    );
    assert_eq!(acw.get_attribute("data-status").as_deref(), Some("warn"));
    expand(&host).await;
    // Opened two days ago, never changed.
    assert_eq!(
        text_of(&host, ".akpi-cases [data-case=C-7] .akpi-n"),
        "2 d 0 h"
    );
    // Two contacts in one staffed hour.
    assert!(text_of(&host, ".akpi-explain").contains("2 handled in 1.0 staffed hours"));
}

#[wasm_bindgen_test]
async fn the_daily_history_shows_a_bar_per_day() {
    let (host, store) = panel(480, r#"{"kpis": ["aht"]}"#);
    expand(&host).await;
    // Before any day: a line that says so, not an empty chart.
    let hidden = |selector: &str| {
        host.query_selector(selector)
            .unwrap()
            .is_some_and(|el| el.class_list().contains("akpi-hidden"))
    };
    assert!(hidden(".akpi-chart") && !hidden(".akpi-empty"));
    assert_eq!(
        text_of(&host, ".akpi-empty"),
        "No earlier days yet: each day's figures are kept for 180 days."
    );
    store.push_text(EVENTS);
    leptos::task::tick().await;
    assert!(!hidden(".akpi-chart") && hidden(".akpi-empty"));
    // One day: one date under the chart; the scale reaches up to the goal (7:00, from the
    // balanced preset), above the day's 6:00, and the goal is drawn.
    assert_eq!(text_of(&host, ".akpi-axis-dates"), "11/23");
    assert_eq!(text_of(&host, ".akpi-axis-top"), "7:00 min");
    let goal = host
        .query_selector(".akpi-days-goal")
        .unwrap()
        .and_then(|g| g.get_attribute("points"));
    assert_eq!(goal.as_deref(), Some("0,2.00 100,2.00"));
    let bars = host.query_selector_all(".akpi-days rect").unwrap();
    assert_eq!(bars.length(), 1);
    assert_eq!(text_of(&host, ".akpi-days rect title"), "2026-11-23: 6:00");
    let month: web_sys::HtmlElement = host
        .query_selector("[data-days='30']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    month.click();
    leptos::task::tick().await;
    assert!(text_of(&host, ".akpi-history h3").ends_with("30 days"));
}

#[wasm_bindgen_test]
async fn the_channel_mix_is_compared_fairly_with_the_team() {
    let (host, store) = panel(480, r#"{"kpis": ["aht"]}"#);
    store.push_text(EVENTS);
    store.push_text(
        r#"[
      {"id":"m1","ts":"2026-11-23T09:40:00Z","type":"contact_offered","contact_id":"c","channel":"chat"},
      {"id":"m2","ts":"2026-11-23T09:40:00Z","type":"contact_answered","contact_id":"c"},
      {"id":"m3","ts":"2026-11-23T09:50:00Z","type":"wrap_up_ended","contact_id":"c"},
      {"id":"t1","ts":"2026-11-23T09:55:00Z","type":"baseline","kpi":"aht","value":300,"scope":"team/voice"},
      {"id":"t2","ts":"2026-11-23T09:55:00Z","type":"baseline","kpi":"aht","value":900,"scope":"team/chat"}
    ]"#,
    );
    expand(&host).await;
    // Voice 300 s and 420 s, chat 600 s: AHT 440 s. At the team's rates (2 × 300 + 900) / 3
    // = 500 s: this agent is a minute faster for their mix.
    assert_eq!(
        text_of(&host, ".akpi-mix"),
        "Mix: voice 67% · chat 33% · Your channel mix at the team's AHT: 8:20 min; yours 7:20 min (−1:00 min)"
    );
}

#[wasm_bindgen_test]
async fn local_midnight_in_the_configured_zone_rolls_the_day_over() {
    // 2026-11-24T00:30+09:00 in Tokyo is 15:30 UTC on the 23rd.
    let now = std::rc::Rc::new(std::cell::Cell::new(1_795_447_800_000_i64));
    let clock = now.clone();
    let store = KpiStore::new(move || clock.get(), FixedOffset::UTC);
    assert!(store.configure(r#"{"time_zone": "Asia/Tokyo"}"#).is_empty());
    // Logged in from 23:30 Tokyo; one contact before midnight, one after.
    store.push_text(
        r#"[
      {"id":"a","ts":"2026-11-23T23:30:00+09:00","type":"agent_state","state":"available"},
      {"id":"b","ts":"2026-11-23T23:40:00+09:00","type":"contact_offered","contact_id":"x","channel":"voice"},
      {"id":"c","ts":"2026-11-23T23:40:00+09:00","type":"contact_answered","contact_id":"x"},
      {"id":"d","ts":"2026-11-23T23:50:00+09:00","type":"wrap_up_ended","contact_id":"x"},
      {"id":"e","ts":"2026-11-24T00:10:00+09:00","type":"contact_offered","contact_id":"y","channel":"chat"},
      {"id":"f","ts":"2026-11-24T00:10:00+09:00","type":"contact_answered","contact_id":"y"},
      {"id":"g","ts":"2026-11-24T00:16:00+09:00","type":"wrap_up_ended","contact_id":"y"}
    ]"#,
    );
    let today = store.snapshot().get_untracked();
    // Today began at midnight Tokyo: one contact (6 min), 30 staffed minutes: CPH 2.
    assert_eq!(today.from, 1_795_446_000_000);
    assert_eq!(today.value(agent_kpi_engine::Kpi::Handled), Some(1.0));
    assert_eq!(today.value(agent_kpi_engine::Kpi::Aht), Some(360.0));
    assert_eq!(today.value(agent_kpi_engine::Kpi::Cph), Some(2.0));
    // The shift still spans both days.
    let shift = store.snapshot_for(Some("shift"), None, None);
    let shift = shift.expect("the shift's figures");
    assert_eq!(shift.value(agent_kpi_engine::Kpi::Handled), Some(2.0));
    // Yesterday is in the daily history, under its Tokyo date.
    let days: Vec<String> = store.history().into_iter().map(|d| d.date).collect();
    assert_eq!(days, ["2026-11-23", "2026-11-24"]);
}

#[wasm_bindgen_test]
fn named_zones_give_the_offset_on_each_side_of_a_clock_change() {
    use agent_kpi_engine::{Zone, HOUR};
    // Berlin moves from +1 h to +2 h at 2026-03-29T01:00:00Z; the offsets are remembered by
    // quarter hour, so ask around the change, then again from memory.
    let berlin = NamedZone::new("Europe/Berlin").expect("a zone every browser knows");
    let change = 1_774_746_000_000;
    for _ in 0..2 {
        assert_eq!(berlin.offset_at(change - 1), HOUR);
        assert_eq!(berlin.offset_at(change), 2 * HOUR);
        assert_eq!(berlin.offset_at(change + 14 * 60_000), 2 * HOUR);
        assert_eq!(berlin.offset_at(change - 15 * 60_000), HOUR);
    }
    assert!(NamedZone::new("Mars/Olympus_Mons").is_none());
    // Fixed zones are answered without the browser, with POSIX's sign for Etc/GMT±N.
    let tokyo_time = NamedZone::new("Etc/GMT-9").expect("a fixed zone");
    assert_eq!(tokyo_time.offset_at(change), 9 * HOUR);
    let utc = NamedZone::new("UTC").expect("a fixed zone");
    assert_eq!(utc.offset_at(change), 0);
}
