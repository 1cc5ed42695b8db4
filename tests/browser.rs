//! The panel in a real browser: mounted into the page, fed events, read back from the DOM.
#![cfg(target_arch = "wasm32")]

use agent_kpi::engine::FixedOffset;
use agent_kpi::ui::{KpiStore, Panel};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-11-23T10:00:00Z.
const TEN_AM: i64 = 1_795_428_000_000;

/// A fresh element in the page for one test (tests in a file share one page).
fn fresh_host() -> web_sys::HtmlElement {
    let document = document();
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

#[wasm_bindgen_test]
async fn panel_shows_the_figures_pushed_into_it() {
    let host = fresh_host();
    let store = KpiStore::new(|| TEN_AM, FixedOffset::UTC);
    let snapshot = store.snapshot();
    let _mounted = leptos::mount::mount_to(host.clone(), move || view! { <Panel snapshot /> });

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
    // Talk (240 + 300) / 2 = 270 s, hold 60 / 2 = 30 s, ACW 60 s.
    assert_eq!(
        text_of(&host, ".akpi-legend [data-kpi=talk] .akpi-value"),
        "4:30"
    );
    assert_eq!(
        text_of(&host, ".akpi-legend [data-kpi=hold] .akpi-value"),
        "0:30"
    );
    assert_eq!(
        text_of(&host, ".akpi-legend [data-kpi=acw] .akpi-value"),
        "1:00"
    );
    assert_eq!(text_of(&host, ".akpi-ingest"), "11 events · 1 rejected");
    // The full list has every figure: ASA 0 s (answered at the offer), both answered.
    assert_eq!(
        text_of(&host, ".akpi-table [data-kpi=asa] .akpi-value"),
        "0:00"
    );
    assert_eq!(
        text_of(&host, ".akpi-table [data-kpi=answer_rate] .akpi-value"),
        "100.0%"
    );
    assert_eq!(
        text_of(&host, ".akpi-table [data-kpi=csat] .akpi-value"),
        "no data"
    );
}

#[wasm_bindgen_test]
async fn two_panels_keep_their_own_figures() {
    let (first, second) = (fresh_host(), fresh_host());
    let store_a = KpiStore::new(|| TEN_AM, FixedOffset::UTC);
    let store_b = KpiStore::new(|| TEN_AM, FixedOffset::UTC);
    let (snap_a, snap_b) = (store_a.snapshot(), store_b.snapshot());
    let _a = leptos::mount::mount_to(first.clone(), move || view! { <Panel snapshot=snap_a /> });
    let _b = leptos::mount::mount_to(second.clone(), move || view! { <Panel snapshot=snap_b /> });
    store_a.push_text(EVENTS);
    leptos::task::tick().await;
    assert_eq!(text_of(&first, "[data-kpi=handled] .akpi-value"), "2");
    assert_eq!(
        text_of(&second, "[data-kpi=handled] .akpi-value"),
        "no data"
    );
}
