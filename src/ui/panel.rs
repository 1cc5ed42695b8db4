//! The compact panel: the strip of headline figures and what AHT is made of.

use super::format;
use crate::engine::{Kpi, Snapshot};
use leptos::prelude::*;

/// The figures of the strip, in order, with their labels.
const STRIP: [(Kpi, &str); 3] = [
    (Kpi::Handled, "Handled"),
    (Kpi::Aht, "AHT"),
    (Kpi::Cph, "Contacts/h"),
];

/// The parts of AHT, in the order they happen.
const AHT_PARTS: [(Kpi, &str); 3] = [(Kpi::Talk, "Talk"), (Kpi::Hold, "Hold"), (Kpi::Acw, "ACW")];

/// The agent's KPI panel, drawn from a snapshot signal.
#[component]
pub fn Panel(#[prop(into)] snapshot: Signal<Snapshot>) -> impl IntoView {
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
        <section class="akpi" aria-label="My KPIs today">
            <header class="akpi-head">
                <span class="akpi-title">"Today"</span>
                <span class="akpi-ingest">{ingest}</span>
            </header>
            <ul class="akpi-strip">
                {STRIP
                    .into_iter()
                    .map(|(kpi, label)| view! { <Tile kpi label snapshot /> })
                    .collect_view()}
            </ul>
            <AhtParts snapshot />
        </section>
    }
}

/// One headline figure.
#[component]
fn Tile(kpi: Kpi, label: &'static str, snapshot: Signal<Snapshot>) -> impl IntoView {
    let value = move || snapshot.with(|s| format::value(kpi, s.value(kpi)));
    let no_data = move || snapshot.with(|s| s.value(kpi).is_none());
    view! {
        <li class="akpi-tile" data-kpi=kpi.id()>
            <span class="akpi-label">{label}</span>
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
        let total: f64 = AHT_PARTS.iter().map(|(k, _)| seconds(*k)).sum();
        if total > 0.0 {
            seconds(kpi) / total * 100.0
        } else {
            0.0
        }
    };
    let description = move || {
        AHT_PARTS
            .iter()
            .map(|(kpi, label)| format!("{label} {}", format::duration(seconds(*kpi))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <div class="akpi-parts">
            <div class="akpi-bar" role="img" aria-label=move || format!("AHT parts: {}", description())>
                {AHT_PARTS
                    .into_iter()
                    .map(|(kpi, _)| {
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
                    .map(|(kpi, label)| {
                        view! {
                            <li data-kpi=kpi.id()>
                                <span class=format!("akpi-dot akpi-seg-{}", kpi.id())></span>
                                {label}
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
