//! The compact panel: the strip of headline figures and what AHT is made of.

use super::format;
use crate::engine::{Kpi, Snapshot};
use crate::feeds::stream::FeedState;
use leptos::prelude::*;

/// The figures of the strip, in order.
const STRIP: [Kpi; 3] = [Kpi::Handled, Kpi::Aht, Kpi::Cph];

/// The parts of AHT, in the order they happen.
const AHT_PARTS: [Kpi; 3] = [Kpi::Talk, Kpi::Hold, Kpi::Acw];

/// The agent's KPI panel, drawn from a snapshot signal.
#[component]
pub fn Panel(
    #[prop(into)] snapshot: Signal<Snapshot>,
    /// The live stream's connection, where a stream feeds the panel.
    #[prop(optional, into)]
    feed: Option<Signal<Option<FeedState>>>,
) -> impl IntoView {
    let feed = move || feed.and_then(|f| f.get());
    let ingest = move || {
        snapshot.with(|s| {
            let i = &s.ingest;
            let mut text = format!("{} events", i.accepted);
            if i.rejected > 0 {
                text.push_str(&format!(" · {} rejected", i.rejected));
            }
            text
        })
    };
    view! {
        <section class="akpi" aria-label="My KPIs">
            <header class="akpi-head">
                <span class="akpi-title">
                    {move || snapshot.with(|s| format::window_label(s.window))}
                </span>
                <span class="akpi-ingest">{ingest}</span>
                {move || feed().map(|state| view! { <FeedBadge state /> })}
            </header>
            <ul class="akpi-strip">
                {STRIP.into_iter().map(|kpi| view! { <Tile kpi snapshot /> }).collect_view()}
            </ul>
            <AhtParts snapshot />
            <AllFigures snapshot />
        </section>
    }
}

/// One headline figure.
#[component]
fn Tile(kpi: Kpi, snapshot: Signal<Snapshot>) -> impl IntoView {
    let value = move || snapshot.with(|s| format::value(kpi, s.value(kpi)));
    let no_data = move || snapshot.with(|s| s.value(kpi).is_none());
    view! {
        <li class="akpi-tile" data-kpi=kpi.id()>
            <span class="akpi-label">{format::label(kpi)}</span>
            <span class="akpi-figure">
                <span class="akpi-value" class:akpi-nodata=no_data>{value}</span>
                <span class="akpi-unit">{format::unit(kpi)}</span>
            </span>
        </li>
    }
}

/// AHT as a bar of talk, hold and ACW, with their averages.
#[component]
fn AhtParts(snapshot: Signal<Snapshot>) -> impl IntoView {
    let seconds = move |kpi: Kpi| snapshot.with(|s| s.value(kpi).unwrap_or(0.0));
    let share = move |kpi: Kpi| {
        let total: f64 = AHT_PARTS.iter().map(|k| seconds(*k)).sum();
        if total > 0.0 {
            seconds(kpi) / total * 100.0
        } else {
            0.0
        }
    };
    let description = move || {
        AHT_PARTS
            .iter()
            .map(|kpi| {
                format!(
                    "{} {}",
                    format::label(*kpi),
                    format::duration(seconds(*kpi))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <div class="akpi-parts">
            <div class="akpi-bar" role="img" aria-label=move || format!("AHT parts: {}", description())>
                {AHT_PARTS
                    .into_iter()
                    .map(|kpi| {
                        view! {
                            <span
                                class=format!("akpi-seg akpi-seg-{}", kpi.id())
                                style:width=move || format!("{:.1}%", share(kpi))
                            ></span>
                        }
                    })
                    .collect_view()}
            </div>
            <ul class="akpi-legend">
                {AHT_PARTS
                    .into_iter()
                    .map(|kpi| {
                        view! {
                            <li data-kpi=kpi.id()>
                                <span class=format!("akpi-dot akpi-seg-{}", kpi.id())></span>
                                {format::label(kpi)}
                                " "
                                <span class="akpi-value">
                                    {move || snapshot.with(|s| format::value(kpi, s.value(kpi)))}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// Every figure of the window, as a plain list with its sample size.
#[component]
fn AllFigures(snapshot: Signal<Snapshot>) -> impl IntoView {
    let rows = Kpi::ALL
        .into_iter()
        .filter(|kpi| *kpi != Kpi::TopReasons)
        .map(|kpi| {
            let figure = move || snapshot.with(|s| s.kpi(kpi).cloned());
            let shown = move || figure().is_some();
            let value = move || format::value(kpi, figure().and_then(|f| f.value));
            let n = move || figure().map_or(0, |f| f.n);
            view! {
                <tr data-kpi=kpi.id() class:akpi-hidden=move || !shown()>
                    <th scope="row">{format::label(kpi)}</th>
                    <td class="akpi-value">{value}{format::unit(kpi)}</td>
                    <td class="akpi-n">"n="{n}</td>
                </tr>
            }
        })
        .collect_view();
    let reasons = move || {
        snapshot.with(|s| {
            s.kpi(Kpi::TopReasons)
                .and_then(|f| f.items.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|item| format!("{} ({})", item.reason, item.count))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    view! {
        <details class="akpi-all">
            <summary>"All figures"</summary>
            <table class="akpi-table">
                <tbody>{rows}</tbody>
            </table>
            <p class="akpi-reasons" data-kpi="top_reasons">"Top reasons: "{reasons}</p>
        </details>
    }
}

/// The live stream's connection, in a word and a dot.
#[component]
fn FeedBadge(state: FeedState) -> impl IntoView {
    let (key, text) = match state {
        FeedState::Open => ("open", "live".to_string()),
        FeedState::Connecting => ("connecting", "connecting…".to_string()),
        FeedState::Retrying { attempt, .. } => ("retrying", format!("reconnecting ({attempt})")),
    };
    view! {
        <span class="akpi-feed" data-state=key>
            <span class="akpi-feed-dot" aria-hidden="true"></span>
            {text}
        </span>
    }
}
