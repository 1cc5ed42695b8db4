//! After a panic the widget stops, in a page of its own (the stop is for the page's life, and
//! the tests of a file share one page).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Calls the element's JavaScript method `name` with `args`.
fn call(element: &web_sys::Element, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let method: js_sys::Function = js_sys::Reflect::get(element, &name.into())?.unchecked_into();
    method.apply(element, &args.iter().collect())
}

#[wasm_bindgen_test]
async fn a_panic_stops_the_widget_once_with_one_notice_and_one_error() {
    agent_kpi::element::define();
    let element = document().create_element("agent-kpi-panel").unwrap();
    let kinds = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = kinds.clone();
    let _listener = gloo_events::EventListener::new(&element, "kpi-error", move |event| {
        let detail = event.unchecked_ref::<web_sys::CustomEvent>().detail();
        let kind = js_sys::Reflect::get(&detail, &"kind".into())
            .ok()
            .and_then(|k| k.as_string());
        seen.borrow_mut().push(kind.unwrap_or_default());
    });
    document().body().unwrap().append_child(&element).unwrap();
    let event =
        r#"{"id":"1","ts":"2026-11-23T09:00:00Z","type":"agent_state","state":"available"}"#;
    let before = call(&element, "push", &[event.into()]).unwrap();
    let accepted = |report: &JsValue| js_sys::Reflect::get(report, &"accepted".into()).ok();
    assert_eq!(accepted(&before).and_then(|a| a.as_f64()), Some(1.0));

    // The first panic, and one while stopping: told once.
    agent_kpi::panic::report("boom");
    agent_kpi::panic::report("boom again");
    let root = element.shadow_root().expect("an open shadow root");
    let notices = root.query_selector_all(".akpi-crash").unwrap();
    assert_eq!(notices.length(), 1);
    let notice = notices.item(0).unwrap();
    assert!(notice
        .text_content()
        .unwrap_or_default()
        .contains("Reload the page"));
    assert_eq!(*kinds.borrow(), ["panic"]);

    // Nothing runs any more: a push takes nothing and says why, a snapshot is refused, and the
    // ticker's second passes with no new notice nor error.
    let after = call(&element, "push", &[event.replace("\"1\"", "\"2\"").into()]).unwrap();
    assert_eq!(accepted(&after).and_then(|a| a.as_f64()), Some(0.0));
    let rejected = js_sys::Reflect::get(&after, &"rejected".into()).unwrap();
    let reason = js_sys::Reflect::get(&js_sys::Array::from(&rejected).get(0), &"reason".into());
    assert_eq!(
        reason.ok().and_then(|r| r.as_string()).as_deref(),
        Some(agent_kpi::panic::STOPPED_REASON)
    );
    assert!(call(&element, "snapshot", &[]).is_err());
    gloo_timers::future::TimeoutFuture::new(1_200).await;
    assert_eq!(root.query_selector_all(".akpi-crash").unwrap().length(), 1);
    assert_eq!(*kinds.borrow(), ["panic"]);
}
