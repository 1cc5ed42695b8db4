//! The panel's part of the contract's configuration object (which KPIs it shows, its windows,
//! language, theme, time zone, ACW budget, currency, live stream and allowed origins), and
//! [`WidgetConfig`], which reads one whole object into the engine's part and the panel's.
//!
//! ```
//! use agent_kpi_engine::{Configure, Kpi};
//! use agent_kpi_host::panel_config::{Locale, WidgetConfig};
//!
//! let mut config = WidgetConfig::default();
//! let errors = config.apply_json(r#"{"locale": "ja", "kpis": ["fcr", "csat"], "targets": {"fcr": 0.8}}"#);
//! assert!(errors.is_empty());
//! assert_eq!(config.panel.locale, Some(Locale::Ja));
//! assert_eq!(config.panel.kpis, [Kpi::Fcr, Kpi::Csat]);
//! assert_eq!(config.engine.targets[&Kpi::Fcr].value, 0.8);
//! ```

use crate::origins::normalize_origin;
use crate::verdict::DEFAULT_MIN_SAMPLE;
use agent_kpi_engine::config::{duration, list, number, report, string, Checked, Problem};
use agent_kpi_engine::json::read::Json;
use agent_kpi_engine::{
    float_text, Config, ConfigError, Configure, Kpi, Millis, Preset, Window, SECOND,
};

/// The panel's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    En,
    Ja,
}

/// The panel's colours: following the system unless set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

/// What the panel shows, and how it reaches its feed and its host.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelConfig {
    /// The KPIs of the strip, in order.
    pub kpis: Vec<Kpi>,
    /// The windows the panel offers; the first is shown first.
    pub windows: Vec<Window>,
    /// IANA time zone of "today" and of daily history; `None` for the browser's.
    pub time_zone: Option<String>,
    /// After-contact work longer than this turns the panel's ACW timer to `warn`.
    pub acw_budget_ms: Millis,
    /// The fewest contacts, surveys or cases a figure needs before the panel shows its status
    /// and alerts on it ([`crate::verdict`]).
    pub min_sample: u64,
    /// ISO 4217 code of the cost per contact, for display.
    pub currency: Option<String>,
    /// `None` for the browser's language.
    pub locale: Option<Locale>,
    pub theme: Theme,
    /// Origins allowed to talk to the widget (postMessage hosts), normalised
    /// ([`normalize_origin`]). The iframe's own list comes from its URL; this can only narrow
    /// it.
    pub allowed_origins: Vec<String>,
    /// A live stream of events to connect to: Server-Sent Events (`http(s)://`) or a
    /// WebSocket (`ws(s)://`).
    pub src: Option<String>,
}

impl Default for PanelConfig {
    fn default() -> Self {
        PanelConfig {
            kpis: Preset::Balanced.kpis().to_vec(),
            windows: vec![Window::Today, Window::Shift, Window::Rolling60m],
            time_zone: None,
            acw_budget_ms: 60 * SECOND,
            min_sample: DEFAULT_MIN_SAMPLE,
            currency: None,
            locale: None,
            theme: Theme::Auto,
            allowed_origins: Vec::new(),
            src: None,
        }
    }
}

impl Configure for PanelConfig {
    /// Shows the preset's KPIs.
    fn apply_preset(&mut self, preset: Preset) {
        self.kpis = preset.kpis().to_vec();
    }

    fn apply_key(&mut self, key: &str, value: &Json, errors: &mut Vec<ConfigError>) -> bool {
        let result: Checked<()> = match key {
            "kpis" => list(value, kpi).map(|kpis| self.kpis = kpis),
            "windows" => list(value, |v| {
                let name = string(v)?;
                Window::from_id(name).ok_or_else(|| format!("unknown window {name:?}").into())
            })
            .and_then(|w| match w.is_empty() {
                true => Err("expected at least one window".into()),
                false => Ok(w),
            })
            .map(|w| self.windows = w),
            "time_zone" => string(value).map(|z| self.time_zone = Some(z.to_string())),
            "acw_budget_seconds" => {
                duration(value, SECOND, 0.0, 3600.0).map(|d| self.acw_budget_ms = d)
            }
            "min_sample" => number(value, 1.0, 1000.0)
                .and_then(|n| match n.fract() == 0.0 {
                    true => Ok(n as u64),
                    // Not `{n}`: the standard float formatting is a large part of a bundle.
                    false => Err(format!("expected a whole number, got {}", float_text(n)).into()),
                })
                .map(|n| self.min_sample = n),
            "currency" => string(value).and_then(|c| {
                if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
                    self.currency = Some(c.to_string());
                    Ok(())
                } else {
                    Err(format!("expected a three-letter ISO 4217 code, got {c:?}").into())
                }
            }),
            "locale" => string(value)
                .and_then(|l| match l {
                    "en" => Ok(Locale::En),
                    "ja" => Ok(Locale::Ja),
                    other => Err(format!("expected \"ja\" or \"en\", got {other:?}").into()),
                })
                .map(|l| self.locale = Some(l)),
            "theme" => string(value)
                .and_then(|t| match t {
                    "auto" => Ok(Theme::Auto),
                    "light" => Ok(Theme::Light),
                    "dark" => Ok(Theme::Dark),
                    other => Err(format!(
                        "expected \"auto\", \"light\" or \"dark\", got {other:?}"
                    )
                    .into()),
                })
                .map(|t| self.theme = t),
            "allowed_origins" => list(value, origin).map(|o| self.allowed_origins = o),
            "src" => stream_url(value).map(|u| self.src = u),
            _ => return false,
        };
        report(key, result, errors);
        true
    }
}

/// The whole configuration object as a widget reads it: the engine's keys and the panel's.
/// A widget starts from the balanced preset, targets included, so that an agent's panel says
/// where they stand before any host configures it.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetConfig {
    pub engine: Config,
    pub panel: PanelConfig,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        let mut config = WidgetConfig {
            engine: Config::default(),
            panel: PanelConfig::default(),
        };
        config.apply_preset(Preset::Balanced);
        config
    }
}

impl Configure for WidgetConfig {
    fn apply_preset(&mut self, preset: Preset) {
        self.engine.apply_preset(preset);
        self.panel.apply_preset(preset);
    }

    fn apply_key(&mut self, key: &str, value: &Json, errors: &mut Vec<ConfigError>) -> bool {
        self.engine.apply_key(key, value, errors) || self.panel.apply_key(key, value, errors)
    }
}

fn kpi(value: &Json) -> Checked<Kpi> {
    let id = string(value)?;
    Kpi::from_id(id).ok_or_else(|| format!("unknown KPI id {id:?}").into())
}

/// An origin as `scheme://host[:port]`, with nothing after it.
fn origin(value: &Json) -> Checked<String> {
    normalize_origin(string(value)?).map_err(Problem::from)
}

/// A stream URL (`http(s)://` or `ws(s)://`), or `null` / `""` for none.
fn stream_url(value: &Json) -> Checked<Option<String>> {
    if value.is_null() {
        return Ok(None);
    }
    let text = string(value)?;
    if text.is_empty() {
        return Ok(None);
    }
    let known = ["http://", "https://", "ws://", "wss://"];
    if known.iter().any(|scheme| text.starts_with(scheme)) && !text.contains(char::is_whitespace) {
        Ok(Some(text.to_string()))
    } else {
        Err(format!("{text:?} is not an http(s) or ws(s) URL").into())
    }
}
