//! The panel: a compact strip of the centre's chosen KPIs, and one click or key away, every
//! figure grouped as productivity, answering, quality and cases, side by side.

use crate::fresh::Fresh;
use crate::store::{KpiStore, Live};
use agent_kpi_engine::{
    Channel, Direction, Figure, IntervalFigures, Kpi, LivePhase, Snapshot, Status, Unit, Window,
};
use agent_kpi_host::feed_state::FeedState;
use agent_kpi_host::format;
use agent_kpi_host::glance::{self, NextStep};
use agent_kpi_host::i18n::{Group, UiText, Words};
use agent_kpi_host::panel_config::{Locale, PanelConfig, Theme};
use agent_kpi_host::verdict;
use leptos::prelude::*;

/// Most KPIs the strip shows.
const STRIP_MAX: usize = 6;

/// The parts of AHT, in the order they happen.
const AHT_PARTS: [Kpi; 3] = [Kpi::Talk, Kpi::Hold, Kpi::Acw];

/// What the panel's parts read: signals only, so every part can be `Copy`.
#[derive(Clone, Copy)]
struct View {
    snapshot: Signal<Snapshot>,
    trend: Signal<Vec<IntervalFigures>>,
    config: Signal<PanelConfig>,
    live: Signal<Live>,
    team_aht: Signal<[Option<f64>; Channel::COUNT]>,
    words: Memo<Words>,
    store: StoredValue<KpiStore, LocalStorage>,
}

impl View {
    fn figure(&self, kpi: Kpi) -> Option<Figure> {
        self.snapshot.with(|s| s.kpi(kpi).cloned())
    }

    /// The status the panel shows: none while the sample is too small to judge.
    fn verdict(&self, kpi: Kpi) -> Option<Status> {
        let min_sample = self.min_sample();
        self.snapshot
            .with(|s| glance::status_of(s, kpi, min_sample))
    }

    /// A figure shown, but too small a sample to judge.
    fn small_sample(&self, kpi: Kpi) -> bool {
        let min_sample = self.min_sample();
        self.snapshot.with(|s| {
            s.kpi(kpi)
                .is_some_and(|f| verdict::is_small_sample(kpi, f, min_sample))
        })
    }

    /// The configured sample below which a figure is not judged.
    fn min_sample(&self) -> u64 {
        self.config.with(|c| c.min_sample)
    }

    /// `kpi`'s target as its tile says it (`goal ≥ 80%`), where one is set.
    fn goal_text(&self, kpi: Kpi) -> Option<String> {
        let target = self.figure(kpi)?.target?;
        let direction: Direction = self.store.with_value(|s| s.direction(kpi));
        Some(
            self.words
                .get()
                .goal(direction, &format::compact(kpi, Some(target))),
        )
    }

    /// The value with its unit, as the expanded view shows it (durations as `9:28 min`).
    fn value_text(&self, kpi: Kpi) -> String {
        let w = self.words.get();
        match self.figure(kpi).and_then(|f| f.value) {
            Some(v) if kpi.unit() == Unit::Seconds => w.duration(v),
            value @ Some(_) => format::value(kpi, value),
            None => w.no_data().to_string(),
        }
    }

    /// As [`View::value_text`], narrower, for the strip.
    fn compact_text(&self, kpi: Kpi) -> String {
        self.text_with(kpi, format::compact)
    }

    fn text_with(&self, kpi: Kpi, format: fn(Kpi, Option<f64>) -> String) -> String {
        let value = self.figure(kpi).and_then(|f| f.value);
        match value {
            Some(_) => format(kpi, value),
            None => self.words.get().no_data().to_string(),
        }
    }
}

/// The agent's KPI panel over `store`.
#[component]
pub fn Panel(store: KpiStore) -> impl IntoView {
    let window = store.window();
    let feed = store.feed_state();
    let alert = store.latest_alert();
    let notice = store.notice();
    let config = store.config();
    let (snapshot, trend, live, team_aht) = (
        store.snapshot(),
        store.trend(),
        store.live(),
        store.team_aht(),
    );
    let store = StoredValue::new_local(store);
    let view = View {
        snapshot,
        trend,
        config,
        live,
        team_aht,
        words: Memo::new(move |_| Words::new(config.with(|c| c.locale.unwrap_or(Locale::En)))),
        store,
    };
    let expanded = RwSignal::new(false);
    // The daily history, read only while the expanded view shows it.
    let history = Memo::new(move |_| {
        view.snapshot.track();
        if expanded.get() {
            store.with_value(|s| s.history())
        } else {
            Vec::new()
        }
    });
    let words = view.words;
    let theme = move || match config.with(|c| c.theme) {
        Theme::Auto => None,
        Theme::Light => Some("light"),
        Theme::Dark => Some("dark"),
    };
    // The centre's KPIs (the top reasons are a list, not a tile), most important first.
    let chosen = move || {
        config.with(|c| {
            c.kpis
                .iter()
                .copied()
                .filter(|k| *k != Kpi::TopReasons)
                .collect::<Vec<_>>()
        })
    };
    // Off target first, then to watch: what needs the agent is where the eye lands. Not while
    // the pointer or the focus is on the strip, though: a tile never moves from under them (a
    // moved tile would lose the focus it has); the order catches up when they leave.
    let (pointer_on_strip, focus_in_strip) = (RwSignal::new(false), RwSignal::new(false));
    let shown = StoredValue::new(Vec::<Kpi>::new());
    let strip = move || {
        let holding = pointer_on_strip.get() || focus_in_strip.get();
        if holding && shown.with_value(|tiles| !tiles.is_empty()) {
            return shown.get_value();
        }
        let mut tiles = view
            .snapshot
            .with(|s| glance::worst_first(s, &chosen(), view.min_sample()));
        tiles.truncate(STRIP_MAX);
        shown.set_value(tiles.clone());
        tiles
    };
    let next_step = move || {
        view.snapshot
            .with(|s| glance::next_step(s, &chosen(), view.min_sample()))
    };
    let alert_text = move || {
        alert.get().map(|a| {
            let w = words.get();
            let value = match a.value {
                Some(_) => format::value(a.kpi, a.value),
                None => w.no_data().to_string(),
            };
            format!("{}: {} ({value})", w.kpi(a.kpi), w.status(a.status))
        })
    };
    view! {
        <section
            class="akpi"
            role="region"
            aria-label=move || words.get().ui(UiText::Panel)
            lang=move || words.get().tag()
            data-theme=theme
            data-expanded=move || expanded.get().to_string()
            // Esc dismisses the explanation of the focused tile or row without moving the focus
            // (WCAG 1.4.13), until the focus leaves it: a mark on the element, no signal.
            on:keydown=move |e| {
                if e.key() == "Escape" {
                    mark_tip(e.target(), Some("closed"));
                }
            }
            on:focusout=move |e| mark_tip(e.target(), None)
        >
            <header class="akpi-head">
                <WindowSwitch view window on_pick=move |w| store.with_value(|s| s.set_window(w)) />
                <span class="akpi-grow"></span>
                {move || feed.get().map(|state| Fresh(view! { <FeedBadge state words /> }))}
                <button
                    class="akpi-toggle"
                    type="button"
                    aria-expanded=move || expanded.get().to_string()
                    aria-label=move || {
                        words.get().ui(if expanded.get() { UiText::Collapse } else { UiText::Expand })
                    }
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    <span aria-hidden="true">{move || if expanded.get() { "▴" } else { "▾" }}</span>
                </button>
            </header>
            <ul
                class="akpi-strip"
                on:pointerenter=move |_| pointer_on_strip.set(true)
                on:pointerleave=move |_| pointer_on_strip.set(false)
                on:focusin=move |_| focus_in_strip.set(true)
                on:focusout=move |e| focus_in_strip.set(focus_stays_within(&e))
            >
                <For each=strip key=|kpi| *kpi let:kpi>
                    <Tile view kpi />
                </For>
            </ul>
            <NextLine view step=next_step />
            {move || {
                // Updated in place when its words change (a screen reader says it once).
                let w = words.get();
                let storage = notice.get().map(|text| w.ui(text).to_string());
                let clock = view.snapshot.with(|s| s.from_the_future.map(|f| w.from_the_future(f.ahead)));
                let text = [storage, clock].into_iter().flatten().collect::<Vec<_>>().join(" ");
                (!text.is_empty()).then(|| view! { <p class="akpi-notice" role="status">{text}</p> })
            }}
            <LiveLine view />
            {move || {
                expanded.get().then(|| Fresh(view! {
                    <Expanded view />
                    <History view history />
                }))
            }}
            <div class="akpi-sr" role="status" aria-live="polite">{alert_text}</div>
        </section>
    }
}

/// Today / shift / last 60 minutes, as a group of toggle buttons.
#[component]
fn WindowSwitch(
    view: View,
    window: RwSignal<Window>,
    on_pick: impl Fn(Window) + Copy + Send + 'static,
) -> impl IntoView {
    let words = view.words;
    let windows = move || view.config.with(|c| c.windows.clone());
    view! {
        <div class="akpi-windows" role="group" aria-label=move || words.get().ui(UiText::Window)>
            <For each=windows key=|w| *w let:w>
                <button
                    type="button"
                    class="akpi-window"
                    data-window=w.id()
                    aria-pressed=move || (window.get() == w).to_string()
                    on:click=move |_| on_pick(w)
                >
                    {move || words.get().window(w)}
                </button>
            </For>
        </div>
    }
}

/// The one thing to do next, in plain words, under the strip: about the most urgent of the
/// centre's KPIs, or that all is on track.
#[component]
fn NextLine(view: View, step: impl Fn() -> NextStep + Copy + Send + 'static) -> impl IntoView {
    let status = move || match step() {
        NextStep::Fix { status, .. } => Some(status),
        NextStep::OnTrack { .. } => Some(Status::Good),
        NextStep::TooFewYet | NextStep::NothingYet => None,
    };
    let text = move || {
        view.words
            .get()
            .next_step(&step(), |kpi| (view.compact_text(kpi), view.goal_text(kpi)))
    };
    view! {
        <p class="akpi-next" data-status=move || status_key(status())>
            <span class="akpi-mark" aria-hidden="true">{move || status_mark(status())}</span>
            {text}
        </p>
    }
}

/// How many events came in, and how many were turned away: for whoever set the feed up, at
/// the foot of the expanded view.
#[component]
fn Ingest(view: View) -> impl IntoView {
    let text = move || {
        let w = view.words.get();
        view.snapshot.with(|s| {
            let i = &s.ingest;
            let mut text = w.counted(i.accepted, UiText::Events);
            if i.rejected > 0 {
                text.push_str(&format!(" · {}", w.counted(i.rejected, UiText::Rejected)));
            }
            text
        })
    };
    view! { <p class="akpi-ingest">{text}</p> }
}

/// The status as a shape and a word, never colour alone.
fn status_mark(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Good) => "✓",
        Some(Status::Warn) => "▲",
        Some(Status::Bad) => "✕",
        None => "",
    }
}

fn status_key(status: Option<Status>) -> &'static str {
    status.map_or("none", Status::id)
}

/// One KPI of the strip: value, unit, status, a 15-minute sparkline, and its explanation on
/// hover or focus.
#[component]
fn Tile(view: View, kpi: Kpi) -> impl IntoView {
    let words = view.words;
    let status = move || view.verdict(kpi);
    let small = move || view.small_sample(kpi);
    let no_data = move || view.figure(kpi).and_then(|f| f.value).is_none();
    // The target, or that the sample is too small yet to judge against it.
    let goal = move || match small() {
        true => words.get().ui(UiText::TooFewYet).to_string(),
        false => view.goal_text(kpi).unwrap_or_default(),
    };
    let tip_id = format!("akpi-tip-{}", kpi.id());
    let described_by = tip_id.clone();
    view! {
        <li
            class="akpi-tile"
            data-kpi=kpi.id()
            data-status=move || status_key(status())
            class:akpi-small=small
            tabindex="0"
            aria-describedby=described_by
        >
            <span class="akpi-label">{move || words.get().kpi(kpi)}</span>
            <span class="akpi-figure">
                <span class="akpi-value" class:akpi-nodata=no_data>{move || view.compact_text(kpi)}</span>
                <span class="akpi-mark" aria-hidden="true">{move || status_mark(status())}</span>
                <span class="akpi-sr">{move || status().map(|s| words.get().status(s))}</span>
            </span>
            <span class="akpi-goal">{goal}</span>
            <Sparkline view kpi />
        </li>
        // Its explanation, the next item of the strip: shown while the tile is hovered or
        // focused, placed by the strip's grid under all the tiles at the strip's whole width,
        // so it never leaves the panel nor covers what is under the strip.
        <li class="akpi-detail" data-kpi=kpi.id() id=tip_id aria-hidden="true">
            {move || tip_text(view, kpi)}
        </li>
    }
}

/// The explanation of a figure (hidden; a tile's or row's description, shown for a row on hover
/// or focus).
#[component]
fn Tip(view: View, kpi: Kpi, id: String) -> impl IntoView {
    view! { <span class="akpi-tip" role="tooltip" id=id>{move || tip_text(view, kpi)}</span> }
}

/// A figure's explanation: its formula, window, sample, target, and the team's figure.
fn tip_text(view: View, kpi: Kpi) -> String {
    let w = view.words.get();
    let figure = view.figure(kpi).unwrap_or_default();
    let min_sample = view.min_sample();
    let window = view.snapshot.with(|s| s.window);
    let name = match w.spelled_out(kpi) {
        Some(long) => format!("{} ({long})", w.kpi(kpi)),
        None => w.kpi(kpi).to_string(),
    };
    let mut lines = vec![
        format!("{name} — {}", w.formula(kpi)),
        format!("{} · n = {}", w.window(window), figure.n),
    ];
    if let Some(target) = figure.target {
        let status = verdict::verdict(kpi, &figure, min_sample)
            .map(|s| format!(" · {}", w.status(s)))
            .unwrap_or_default();
        lines.push(format!(
            "{} {}{}",
            w.ui(UiText::Target),
            format::value(kpi, Some(target)),
            status
        ));
    }
    if let Some(baseline) = figure.baseline {
        let diff = figure
            .value
            .map(|v| {
                format!(
                    " ({}{})",
                    if v >= baseline { "+" } else { "−" },
                    format::value(kpi, Some((v - baseline).abs()))
                )
            })
            .unwrap_or_default();
        lines.push(format!(
            "{} {}{}",
            w.ui(UiText::Team),
            format::value(kpi, Some(baseline)),
            diff
        ));
    }
    let last_interval = view.trend.with(|t| {
        t.iter()
            .rev()
            .nth(1)
            .and_then(|i| i.kpis.get(&kpi))
            .and_then(|f| f.value)
    });
    if last_interval.is_some() {
        lines.push(format!(
            "{} {}",
            w.ui(UiText::LastInterval),
            format::value(kpi, last_interval)
        ));
    }
    if let Some(provisional) = figure.provisional.filter(|p| *p > 0) {
        lines.push(format!("{}: {provisional}", w.ui(UiText::Provisional)));
    }
    if verdict::is_small_sample(kpi, &figure, min_sample) {
        lines.push(w.ui(UiText::SmallSample).to_string());
    }
    lines.join("\n")
}

/// The 15-minute values of `kpi` over the shift as a line, with its target as a dashed one.
#[component]
fn Sparkline(view: View, kpi: Kpi) -> impl IntoView {
    // Computed for the line and for the target apart: cheaper in the bundle than a memo.
    let line = move || {
        let target = view.figure(kpi).and_then(|f| f.target);
        view.trend.with(|trend| {
            let values: Vec<Option<f64>> = trend
                .iter()
                .map(|i| i.kpis.get(&kpi).and_then(|f| f.value))
                .collect();
            // From the first interval with a figure (the shift's start), not from midnight.
            let first = values
                .iter()
                .position(Option::is_some)
                .unwrap_or(values.len());
            sparkline(values.get(first..).unwrap_or_default(), target)
        })
    };
    view! {
        <svg class="akpi-spark" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            // Always there, hidden without a target: cheaper than a line made and dropped.
            <polyline
                class="akpi-spark-goal"
                points=move || line().target_y.map(|y| format!("0,{y} 100,{y}")).unwrap_or_default()
            />
            <polyline points=move || line().points />
        </svg>
    }
}

/// A sparkline in a 100 × 10 box: the points of its line, and the height of its target.
#[derive(Clone, Debug, PartialEq)]
struct SparkLine {
    points: String,
    target_y: Option<String>,
}

/// `values` across a 100 × 10 box, gaps skipped, the range (with `target`, where there is one)
/// scaled to fit.
fn sparkline(values: &[Option<f64>], target: Option<f64>) -> SparkLine {
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    // A target is drawn only beside a line.
    let target = target.filter(|_| !known.is_empty());
    let (low, high) = known
        .iter()
        .map(|(_, v)| *v)
        .chain(target)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let span = (high - low).max(f64::EPSILON);
    let y = |v: f64| format::fixed_point(9.5 - (v - low) / span * 9.0, 1);
    let last = values.len().saturating_sub(1).max(1) as f64;
    let points = known
        .iter()
        .map(|(i, v)| {
            format!(
                "{},{}",
                format::fixed_point(*i as f64 / last * 100.0, 1),
                y(*v)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    SparkLine {
        points,
        target_y: target.map(y),
    }
}

/// Every figure, grouped, with AHT's parts, the channels and the top reasons.
#[component]
fn Expanded(view: View) -> impl IntoView {
    let words = view.words;
    view! {
        <div class="akpi-expanded">
            <AhtParts view />
            <Explain view />
            <div class="akpi-groups">
                {Group::ALL
                    .into_iter()
                    .map(|group| {
                        let any_value = move || {
                            view.snapshot.with(|s| group.kpis().iter().any(|k| s.value(*k).is_some()))
                        };
                        // A group with no figure yet starts folded, its line saying so: one
                        // line and one tab stop, not a column of "no data".
                        let open = untrack(any_value);
                        view! {
                            <details class="akpi-group" data-group=group.id() open=open>
                                <summary>
                                    <h3>{move || words.get().group(group)}</h3>
                                    <span class="akpi-n">
                                        {move || (!any_value()).then(|| words.get().ui(UiText::NoDataYet))}
                                    </span>
                                </summary>
                                <dl>
                                    {group.kpis().iter().map(|kpi| view! { <Row view kpi=*kpi /> }).collect_view()}
                                </dl>
                                {(group == Group::Cases).then(|| view! { <StaleCases view /> })}
                            </details>
                        }
                    })
                    .collect_view()}
            </div>
            <Channels view />
            <Reasons view />
            <Ingest view />
        </div>
    }
}

/// One figure in the expanded view.
#[component]
fn Row(view: View, kpi: Kpi) -> impl IntoView {
    let words = view.words;
    let figure = move || view.figure(kpi);
    let status = move || view.verdict(kpi);
    let hidden = move || figure().is_none();
    let has_value = move || figure().and_then(|f| f.value).is_some();
    // The sample in what it counts ("3 handled", "over 1:00 h"), where it is one.
    let sample = move || {
        figure()
            .filter(|f| f.value.is_some())
            .and_then(|f| words.get().sample(kpi, f.n))
    };
    let tip_id = format!("akpi-rowtip-{}", kpi.id());
    let described_by = tip_id.clone();
    view! {
        <div
            class="akpi-row"
            data-kpi=kpi.id()
            data-status=move || status_key(status())
            class:akpi-hidden=hidden
            class:akpi-nodata=move || !has_value()
            // Only a figure has an explanation worth a tab stop.
            tabindex=move || has_value().then_some("0")
            aria-describedby=described_by
        >
            <dt>{move || words.get().kpi(kpi)}</dt>
            <dd>
                <span class="akpi-value">{move || view.value_text(kpi)}</span>
                <span class="akpi-unit">{move || has_value().then(|| words.get().unit(kpi))}</span>
                <span class="akpi-mark" aria-hidden="true">{move || status_mark(status())}</span>
                <span class="akpi-sr">{move || status().map(|s| words.get().status(s))}</span>
                <span class="akpi-n">{sample}</span>
            </dd>
            <Tip view kpi id=tip_id />
        </div>
    }
}

/// True where the focus leaving with `event` goes to another element inside the same one.
fn focus_stays_within(event: &web_sys::FocusEvent) -> bool {
    use wasm_bindgen::JsCast;
    let node = |target: Option<web_sys::EventTarget>| {
        target.and_then(|t| t.dyn_into::<web_sys::Node>().ok())
    };
    match (node(event.current_target()), node(event.related_target())) {
        (Some(within), Some(to)) => within.contains(Some(&to)),
        _ => false,
    }
}

/// Sets (or with `None` removes) the `data-tip` mark of the tile or row `target` is in.
fn mark_tip(target: Option<web_sys::EventTarget>, mark: Option<&str>) {
    use wasm_bindgen::JsCast;
    let Some(row) = target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".akpi-tile, .akpi-row").ok().flatten())
    else {
        return;
    };
    let _ = match mark {
        Some(mark) => row.set_attribute("data-tip", mark),
        None => row.remove_attribute("data-tip"),
    };
}

/// AHT as a bar of talk, hold and ACW, against its target where one is set.
#[component]
fn AhtParts(view: View) -> impl IntoView {
    let words = view.words;
    let seconds = move |kpi: Kpi| view.figure(kpi).and_then(|f| f.value).unwrap_or(0.0);
    let target = move || view.figure(Kpi::Aht).and_then(|f| f.target);
    // The bar's full width: the larger of AHT and its target.
    let scale = move || {
        let total: f64 = AHT_PARTS.iter().map(|k| seconds(*k)).sum();
        total.max(target().unwrap_or(0.0)).max(f64::EPSILON)
    };
    let description = move || {
        let w = words.get();
        AHT_PARTS
            .iter()
            .map(|kpi| format!("{} {}", w.kpi(*kpi), w.duration(seconds(*kpi))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <div class="akpi-parts">
            <div class="akpi-bar" role="img" aria-label=move || format!("{}: {}", words.get().kpi(Kpi::Aht), description())>
                {AHT_PARTS
                    .into_iter()
                    .map(|kpi| {
                        view! {
                            <span
                                class=format!("akpi-seg akpi-seg-{}", kpi.id())
                                style:width=move || format!("{}%", format::fixed_point(seconds(kpi) / scale() * 100.0, 1))
                            ></span>
                        }
                    })
                    .collect_view()}
                {move || {
                    target().map(|t| {
                        view! {
                            <span class="akpi-target" style:left=format!("{}%", format::fixed_point(t / scale() * 100.0, 1))></span>
                        }
                    })
                }}
            </div>
            <ul class="akpi-legend">
                {AHT_PARTS
                    .into_iter()
                    .map(|kpi| {
                        view! {
                            <li data-kpi=kpi.id()>
                                <span class=format!("akpi-dot akpi-seg-{}", kpi.id())></span>
                                {move || words.get().kpi(kpi)}
                                " "
                                <span class="akpi-value">{move || words.get().duration(seconds(kpi))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// Handled, AHT, ASA and CSAT per channel.
#[component]
fn Channels(view: View) -> impl IntoView {
    let words = view.words;
    const COLUMNS: [Kpi; 4] = [Kpi::Handled, Kpi::Aht, Kpi::Asa, Kpi::Csat];
    let rows = move || {
        view.snapshot
            .with(|s| s.channels.keys().copied().collect::<Vec<Channel>>())
    };
    let mix = move || {
        let w = words.get();
        view.snapshot.with(|s| {
            let total: u64 = s
                .channels
                .values()
                .filter_map(|f| f.get(&Kpi::Handled))
                .map(|f| f.n)
                .sum();
            let shares = s
                .channels
                .iter()
                .filter_map(|(c, f)| f.get(&Kpi::Handled).filter(|f| f.n > 0).map(|f| (c, f.n)))
                .map(|(c, n)| {
                    format!(
                        "{} {}%",
                        w.channel(*c),
                        format::fixed_point(n as f64 / total.max(1) as f64 * 100.0, 0)
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ");
            let adjusted = view
                .team_aht
                .with(|team| agent_kpi_engine::mix_adjusted_aht(s, team));
            let comparison = adjusted.zip(s.value(Kpi::Aht)).map(|(expected, actual)| {
                let diff = actual - expected;
                let sign = if diff >= 0.0 { "+" } else { "−" };
                w.mix_aht(
                    &w.duration(expected),
                    &w.duration(actual),
                    &format!("{sign}{}", w.duration(diff.abs())),
                )
            });
            let shares = (!shares.is_empty()).then(|| format!("{}: {shares}", w.ui(UiText::Mix)));
            [shares, comparison]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    view! {
        <p class="akpi-explain akpi-mix">{mix}</p>
        <table class="akpi-channels">
            <caption>{move || words.get().ui(UiText::Channels)}</caption>
            <thead>
                <tr>
                    <th scope="col"></th>
                    {COLUMNS.map(|kpi| view! { <th scope="col">{move || words.get().kpi(kpi)}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                <For each=rows key=|c| *c let:channel>
                    <tr data-channel=channel.name()>
                        <th scope="row">{move || words.get().channel(channel)}</th>
                        {COLUMNS
                            .map(|kpi| {
                                let text = move || {
                                    let value = view.snapshot.with(|s| s.channel_value(channel, kpi));
                                    match value {
                                        Some(_) => format::value(kpi, value),
                                        None => "–".to_string(),
                                    }
                                };
                                view! { <td>{text}</td> }
                            })
                            .collect_view()}
                    </tr>
                </For>
            </tbody>
        </table>
    }
}

/// The ten most frequent contact reasons.
#[component]
fn Reasons(view: View) -> impl IntoView {
    let words = view.words;
    let items = move || {
        view.figure(Kpi::TopReasons)
            .and_then(|f| f.items)
            .unwrap_or_default()
            .into_iter()
            .map(|item| view! { <li>{item.reason}" "<span class="akpi-n">{item.count}</span></li> })
            .collect_view()
    };
    view! {
        <div class="akpi-reasons" data-kpi="top_reasons">
            <h3>{move || words.get().ui(UiText::Reasons)}</h3>
            <ol>{items}</ol>
        </div>
    }
}

/// The live stream's connection, in a word and a dot.
#[component]
fn FeedBadge(state: FeedState, words: Memo<Words>) -> impl IntoView {
    let text = move || words.get().feed(state);
    view! {
        <span class="akpi-feed" data-state=state.id()>
            <span class="akpi-feed-dot" aria-hidden="true"></span>
            {text}
        </span>
    }
}

/// The contacts with the agent now, each with the time in its phase; ACW past its budget turns
/// to `warn`.
#[component]
fn LiveLine(view: View) -> impl IntoView {
    let words = view.words;
    let items = move || {
        let budget = view.config.with(|c| c.acw_budget_ms);
        view.live.with(|live| {
            live.contacts
                .iter()
                .take(3)
                .map(|c| {
                    let elapsed = (live.now - c.since).max(0);
                    let over = c.phase == LivePhase::Acw && elapsed > budget;
                    let w = words.get();
                    let budget_text = (c.phase == LivePhase::Acw).then(|| {
                        format!(" / {} {}", format::duration(budget as f64 / 1000.0), w.ui(UiText::Budget))
                    });
                    let text = format!(
                        "{} {}{} · {}",
                        w.phase(c.phase),
                        format::duration(elapsed as f64 / 1000.0),
                        budget_text.unwrap_or_default(),
                        w.channel(c.channel)
                    );
                    let status = if over { "warn" } else { "none" };
                    view! {
                        <li data-phase=c.phase.id() data-status=status>
                            <span class="akpi-mark" aria-hidden="true">{if over { "▲" } else { "●" }}</span>
                            {text}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    // As `Show` would: built when the first contact comes, dropped when the last one goes.
    let any = Memo::new(move |_| view.live.with(|l| !l.contacts.is_empty()));
    move || {
        any.get().then(|| {
            Fresh(view! {
                <ul class="akpi-live" aria-label=move || words.get().ui(UiText::Now)>{items}</ul>
            })
        })
    }
}

/// One line of words on what moved AHT and what CPH is made of.
#[component]
fn Explain(view: View) -> impl IntoView {
    let words = view.words;
    let aht = move || {
        let w = words.get();
        let day = |kpi: Kpi| view.figure(kpi).and_then(|f| f.value);
        view.trend.with(|trend| {
            // The last complete interval (the last one is still running).
            let last = trend.iter().rev().nth(1)?;
            AHT_PARTS
                .iter()
                .filter_map(|kpi| {
                    let recent = last.kpis.get(kpi).and_then(|f| f.value)?;
                    Some((*kpi, recent - day(*kpi)?))
                })
                .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
                .filter(|(_, delta)| delta.abs() >= 1.0)
                .map(|(kpi, delta)| w.aht_change(kpi, &w.duration(delta.abs()), delta > 0.0))
        })
    };
    let cph = move || {
        let figure = view.figure(Kpi::Cph)?;
        let value = figure.value.filter(|v| *v > 0.0)?;
        let hours = figure.n as f64 / value;
        Some(
            words
                .get()
                .cph_parts(figure.n, &format::fixed_point(hours, 1)),
        )
    };
    view! {
        <p class="akpi-explain">
            {move || [aht(), cph()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
        </p>
    }
}

/// The open cases changed longest ago, with their age.
#[component]
fn StaleCases(view: View) -> impl IntoView {
    let words = view.words;
    let items = move || {
        view.live.with(|live| {
            live.cases
                .iter()
                .take(5)
                .map(|case| {
                    let age = (live.now - case.changed_at).max(0) as f64 / 1000.0;
                    view! {
                        <li data-case=case.case_id.clone()>
                            {case.case_id.clone()}" "<span class="akpi-n">{words.get().age(age)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let any = Memo::new(move |_| view.live.with(|l| !l.cases.is_empty()));
    move || {
        any.get().then(|| {
            Fresh(view! {
                <h4 class="akpi-sub">{move || words.get().ui(UiText::OpenCases)}</h4>
                <ul class="akpi-cases">{items}</ul>
            })
        })
    }
}

/// The centre's first KPI per day over the last 7, 30 or 180 days, as bars: from the first day
/// with a figure (a new agent's 180 days are not a hairline at the edge), with its target, the
/// top of the scale and the first and last dates.
#[component]
fn History(view: View, history: Memo<Vec<agent_kpi_engine::DayFigures>>) -> impl IntoView {
    let words = view.words;
    let days = RwSignal::new(7usize);
    let kpi = move || {
        view.config
            .with(|c| c.kpis.first().copied().unwrap_or(Kpi::Aht))
    };
    // The days shown, each with its value: the last `days`, from the first with a figure.
    let shown = move || {
        let kpi = kpi();
        history.with(|all| {
            let last = all
                .get(all.len().saturating_sub(days.get())..)
                .unwrap_or_default();
            let values: Vec<(String, Option<f64>)> = last
                .iter()
                .map(|d| (d.date.clone(), d.kpis.get(&kpi).and_then(|f| f.value)))
                .skip_while(|(_, value)| value.is_none())
                .collect();
            values
        })
    };
    let target = move || view.figure(kpi()).and_then(|f| f.target);
    // The top of the scale: the highest value, or the target where it is higher.
    let high = move || {
        shown()
            .iter()
            .filter_map(|(_, v)| *v)
            .chain(target())
            .fold(0.0_f64, f64::max)
            .max(f64::EPSILON)
    };
    let y = move |v: f64| format::fixed_point(30.0 - v / high() * 28.0, 2);
    let bars = move || {
        let kpi = kpi();
        let (values, high) = (shown(), high());
        // A slot a day, at least a week's: one day is a bar, not a block.
        let width = 100.0 / values.len().max(7) as f64;
        let first_slot = values.len().max(7) - values.len();
        values
            .into_iter()
            .enumerate()
            .map(|(i, (date, value))| {
                let x = (first_slot + i) as f64 * width;
                let h = value.map_or(0.0, |v| (v / high * 28.0).max(0.5));
                // "no data" in the panel's language, not format's English.
                let shown = match value {
                    Some(_) => format::value(kpi, value),
                    None => words.get().no_data().to_string(),
                };
                view! {
                    <rect
                        x=format::fixed_point(x + width * 0.1, 2)
                        y=format::fixed_point(30.0 - h, 2)
                        width=format::fixed_point(width * 0.8, 2)
                        height=format::fixed_point(h, 2)
                    >
                        <title>{format!("{date}: {shown}")}</title>
                    </rect>
                }
            })
            .collect_view()
    };
    let goal_line = move || {
        target()
            .map(|t| format!("0,{0} 100,{0}", y(t)))
            .unwrap_or_default()
    };
    // `YYYY-MM-DD` as `M/D`.
    let short_date = |date: &str| {
        let month = date.get(5..7).unwrap_or_default().trim_start_matches('0');
        let day = date.get(8..10).unwrap_or_default().trim_start_matches('0');
        format!("{month}/{day}")
    };
    let first_date = move || {
        shown()
            .first()
            .map(|(d, _)| short_date(d))
            .unwrap_or_default()
    };
    // One day has one date.
    let last_date = move || {
        let shown = shown();
        match shown.as_slice() {
            [_, .., (last, _)] => short_date(last),
            _ => String::new(),
        }
    };
    let top = move || {
        let kpi = kpi();
        match kpi.unit() {
            Unit::Seconds => words.get().duration(high()),
            _ => format::compact(kpi, Some(high())),
        }
    };
    let summary = move || {
        let w = words.get();
        format!(
            "{} · {} {}",
            w.ui(UiText::History),
            w.kpi(kpi()),
            w.counted(days.get(), UiText::Days)
        )
    };
    let empty = move || shown().is_empty();
    view! {
        <div class="akpi-history">
            <h3>{summary}</h3>
            <div class="akpi-windows" role="group" aria-label=move || words.get().ui(UiText::History)>
                {[7usize, 30, 180]
                    .map(|n| {
                        view! {
                            <button
                                type="button"
                                class="akpi-window"
                                data-days=n
                                aria-pressed=move || (days.get() == n).to_string()
                                on:click=move |_| days.set(n)
                            >
                                {move || words.get().counted(n, UiText::Days)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="akpi-empty" class:akpi-hidden=move || !empty()>{move || words.get().ui(UiText::NoHistory)}</p>
            <div class="akpi-chart" class:akpi-hidden=empty>
                <span class="akpi-axis-top">{top}</span>
                <svg class="akpi-days" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label=summary>
                    {bars}
                    <polyline class="akpi-days-goal" points=goal_line />
                </svg>
                <div class="akpi-axis-dates">
                    <span>{first_date}</span>
                    <span>{last_date}</span>
                </div>
            </div>
        </div>
    }
}
