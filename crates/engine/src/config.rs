//! The engine's part of the contract's configuration object: the rules its figures follow
//! (targets, thresholds, lateness, cost, the customer-key secret). Every key optional, each bad
//! key or value reported with its path and ignored while the rest still applies. The panel's
//! part (which KPIs it shows, language, theme, stream, origins) is the host crate's
//! `PanelConfig`; the two read one object through [`Configure`].
//!
//! ```
//! use agent_kpi_engine::{Config, Configure, Kpi};
//!
//! let mut config = Config::default();
//! let errors = config.apply_json(r#"{"service_level_seconds": 30, "targets": {"aht": 420, "csat": "high"}}"#);
//! assert_eq!(config.service_level_ms, 30_000);
//! assert_eq!(config.targets[&Kpi::Aht].value, 420.0);
//! assert_eq!(errors.len(), 1);
//! assert_eq!(errors[0].path, "targets.csat");
//! ```

use crate::json::read::{self, Json};
use crate::json::{to_json, JsonOut, ToJson};
use crate::json_fields;
use crate::kpi::{Direction, Kpi};
use crate::list_map::ListMap;
use crate::time::{Millis, DAY, HOUR, MINUTE, SECOND};
use serde::Serialize;
use std::borrow::Cow;

/// A target for one KPI, with its bands.
///
/// `value` is the target itself. The status is `good` while the figure is on the better side of
/// `warn` (which defaults to `value`), `bad` once it is past `bad` (where set), and `warn` in
/// between. A figure exactly at a threshold counts on the better side.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Target {
    pub value: f64,
    pub direction: Direction,
    pub warn: Option<f64>,
    pub bad: Option<f64>,
}

/// A starting choice of KPIs and targets for a kind of centre.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Productivity and quality side by side (the default).
    Balanced,
    /// Campaign and sales centres: response, abandonment and throughput first.
    Productivity,
    /// Subscription and support centres: resolution and satisfaction first.
    Quality,
}

impl Preset {
    pub fn from_id(id: &str) -> Option<Preset> {
        match id {
            "balanced" => Some(Preset::Balanced),
            "productivity" => Some(Preset::Productivity),
            "quality" => Some(Preset::Quality),
            _ => None,
        }
    }

    /// The KPIs of the strip, in order.
    pub fn kpis(self) -> &'static [Kpi] {
        match self {
            Preset::Balanced => &[
                Kpi::Aht,
                Kpi::Cph,
                Kpi::Occupancy,
                Kpi::Fcr,
                Kpi::Csat,
                Kpi::AnswerRate,
            ],
            Preset::Productivity => &[
                Kpi::AnswerRate,
                Kpi::AbandonRate,
                Kpi::Cph,
                Kpi::Aht,
                Kpi::ServiceLevel,
                Kpi::Occupancy,
            ],
            Preset::Quality => &[
                Kpi::Fcr,
                Kpi::Csat,
                Kpi::Nps,
                Kpi::Ces,
                Kpi::Aht,
                Kpi::ReopenRate,
            ],
        }
    }

    /// Starting targets: (value, the threshold past which it is bad).
    pub fn targets(self) -> Vec<(Kpi, Target)> {
        let target = |kpi: Kpi, value: f64, bad: f64| {
            (
                kpi,
                Target {
                    bad: Some(bad),
                    ..Target::new(kpi, value)
                },
            )
        };
        let common = [
            target(Kpi::Aht, 420.0, 540.0),
            target(Kpi::AnswerRate, 0.9, 0.8),
            target(Kpi::Fcr, 0.7, 0.6),
            target(Kpi::Csat, 0.8, 0.7),
        ];
        let mut targets = common.to_vec();
        targets.extend(match self {
            Preset::Balanced => vec![
                target(Kpi::Cph, 6.0, 4.0),
                target(Kpi::Occupancy, 0.75, 0.6),
            ],
            Preset::Productivity => vec![
                target(Kpi::Cph, 8.0, 6.0),
                target(Kpi::AbandonRate, 0.05, 0.1),
                target(Kpi::ServiceLevel, 0.8, 0.6),
                target(Kpi::Occupancy, 0.8, 0.65),
            ],
            Preset::Quality => vec![
                target(Kpi::Nps, 30.0, 0.0),
                target(Kpi::Ces, 5.0, 4.0),
                target(Kpi::ReopenRate, 0.1, 0.2),
            ],
        });
        targets
    }
}

/// Where a figure stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Good,
    Warn,
    Bad,
}

impl Status {
    /// Its name in JSON and in the panel's markup.
    pub fn id(self) -> &'static str {
        match self {
            Status::Good => "good",
            Status::Warn => "warn",
            Status::Bad => "bad",
        }
    }
}

impl ToJson for Status {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self.id());
    }
}

impl Target {
    pub fn new(kpi: Kpi, value: f64) -> Target {
        Target {
            value,
            direction: kpi.direction(),
            warn: None,
            bad: None,
        }
    }

    pub fn status(&self, figure: f64) -> Status {
        // `beyond(t)`: the figure is on the worse side of threshold t.
        let beyond = |t: f64| match self.direction {
            Direction::Higher => figure < t,
            Direction::Lower => figure > t,
        };
        if self.bad.is_some_and(beyond) {
            Status::Bad
        } else if beyond(self.warn.unwrap_or(self.value)) {
            Status::Warn
        } else {
            Status::Good
        }
    }
}

/// A configuration key or value that was not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    /// Where in the object, as `targets.aht.warn`.
    pub path: String,
    pub message: String,
}

json_fields!(ConfigError { path, message });

/// The engine's configuration, with the contract's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub targets: ListMap<Kpi, Target>,
    /// An abandon within this long of the offer is short (excluded from the rates).
    pub short_abandon_ms: Millis,
    /// Answered within this long of entering the queue counts for service level.
    pub service_level_ms: Millis,
    /// A later contact of the same customer within this long makes a resolved one a repeat.
    pub fcr_repeat_ms: Millis,
    /// An open case unchanged for longer than this is stale.
    pub stale_case_ms: Millis,
    /// How late and out of order events may arrive and still count as if sorted.
    pub lateness_ms: Millis,
    /// How far ahead of the widget's clock an event's `ts` may be; one further ahead is
    /// refused (contract 1.1).
    pub max_clock_skew_ms: Millis,
    /// Cost of one logged-in hour, for cost per contact.
    pub cost_per_hour: Option<f64>,
    /// The agent's own id, to tell when a case's new owner is someone else.
    pub agent_id: Option<String>,
    /// A passphrase of the host's (16 characters or more) that customer keys are hashed under,
    /// instead of the random secret the panel keeps beside its save. Never written out.
    pub customer_key_secret: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            targets: ListMap::default(),
            short_abandon_ms: 5 * SECOND,
            service_level_ms: 20 * SECOND,
            fcr_repeat_ms: 7 * DAY,
            stale_case_ms: 24 * HOUR,
            lateness_ms: 10 * MINUTE,
            max_clock_skew_ms: 15 * MINUTE,
            cost_per_hour: None,
            agent_id: None,
            customer_key_secret: None,
        }
    }
}

/// A value that was not applied: where below the key (`[2]`, `.warn`) and why.
pub struct Problem {
    pub at: String,
    pub message: String,
}

impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem {
            at: String::new(),
            message,
        }
    }
}

impl From<&str> for Problem {
    fn from(message: &str) -> Problem {
        message.to_string().into()
    }
}

/// A value read from a configuration object, or why it was not.
pub type Checked<T> = Result<T, Problem>;

/// What a configuration object configures: the engine's rules here, the panel's settings in the
/// host crate, both at once there. Each takes the keys that are its own.
pub trait Configure {
    /// Applies a preset's part that is this one's.
    fn apply_preset(&mut self, preset: Preset);

    /// Applies one key of the object, reporting a bad value in `errors`; `false` where the key
    /// is not this one's.
    fn apply_key(&mut self, key: &str, value: &Json, errors: &mut Vec<ConfigError>) -> bool;

    /// Applies the keys of a JSON configuration object over this one. Returns what was not
    /// applied; everything else was.
    fn apply_json(&mut self, json: &str) -> Vec<ConfigError> {
        match read::parse(json) {
            Ok(value) => self.apply_value(&value),
            Err(err) => vec![ConfigError {
                path: String::new(),
                message: format!("invalid JSON: {err}"),
            }],
        }
    }

    /// As [`Configure::apply_json`], from a parsed value.
    fn apply_value(&mut self, value: &Json) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let Some(object) = value.as_object() else {
            errors.push(ConfigError {
                path: String::new(),
                message: "expected an object".into(),
            });
            return errors;
        };
        // A preset first: the object's own `kpis` and `targets` then refine it.
        if let Some(preset) = value.get("preset") {
            match preset.as_str().and_then(Preset::from_id) {
                Some(preset) => self.apply_preset(preset),
                None => errors.push(ConfigError {
                    path: "preset".into(),
                    message: format!(
                        "expected \"balanced\", \"productivity\" or \"quality\", got {}",
                        to_json(preset)
                    ),
                }),
            }
        }
        for (key, value) in last_of_each(object).filter(|(key, _)| *key != "preset") {
            if !self.apply_key(key, value, &mut errors) {
                errors.push(ConfigError {
                    path: key.to_string(),
                    message: "unknown key".into(),
                });
            }
        }
        errors
    }
}

/// The members of an object in the order written, a key given twice only at its last value
/// (which alone counts, as in any JSON object read into a map). In O(n log n): the positions
/// sorted by key find each key's last, so that an object of a hundred thousand keys does not
/// hold the page.
pub fn last_of_each<'v, 'a>(
    members: &'v [(Cow<'a, str>, Json<'a>)],
) -> impl Iterator<Item = (&'v str, &'v Json<'a>)> {
    let key = |at: usize| members.get(at).map(|(key, _)| key.as_ref());
    let mut by_key: Vec<usize> = (0..members.len()).collect();
    crate::order::sort_by(&mut by_key, |a, b| key(*a).cmp(&key(*b)).then(a.cmp(b)));
    let mut last = vec![false; members.len()];
    for (i, &at) in by_key.iter().enumerate() {
        let next = by_key.get(i + 1).copied();
        if next.is_none_or(|next| key(next) != key(at)) {
            if let Some(flag) = last.get_mut(at) {
                *flag = true;
            }
        }
    }
    members
        .iter()
        .zip(last)
        .filter_map(|((key, value), last)| last.then_some((key.as_ref(), value)))
}

/// `result` of the value of `key`, as an error at `key` and below where it failed.
pub fn report(key: &str, result: Checked<()>, errors: &mut Vec<ConfigError>) {
    if let Err(problem) = result {
        errors.push(ConfigError {
            path: format!("{key}{}", problem.at),
            message: problem.message,
        });
    }
}

impl Configure for Config {
    /// Replaces the targets with the preset's: a preset is a starting point, which the same
    /// object's (and later objects') `targets` refine.
    fn apply_preset(&mut self, preset: Preset) {
        self.targets = preset.targets().into_iter().collect();
    }

    fn apply_key(&mut self, key: &str, value: &Json, errors: &mut Vec<ConfigError>) -> bool {
        let result: Checked<()> = match key {
            "targets" => {
                self.apply_targets(value, errors);
                Ok(())
            }
            "short_abandon_seconds" => {
                duration(value, SECOND, 0.0, 3600.0).map(|d| self.short_abandon_ms = d)
            }
            "service_level_seconds" => {
                duration(value, SECOND, 0.0, 3600.0).map(|d| self.service_level_ms = d)
            }
            "fcr_repeat_days" => duration(value, DAY, 0.0, 90.0).map(|d| self.fcr_repeat_ms = d),
            "stale_case_hours" => {
                duration(value, HOUR, 0.0, 24.0 * 365.0).map(|d| self.stale_case_ms = d)
            }
            "lateness_minutes" => {
                duration(value, MINUTE, 0.0, 24.0 * 60.0).map(|d| self.lateness_ms = d)
            }
            "max_clock_skew_minutes" => {
                duration(value, MINUTE, 0.0, 7.0 * 24.0 * 60.0).map(|d| self.max_clock_skew_ms = d)
            }
            "cost_per_hour" => number(value, 0.0, 1e9).map(|c| self.cost_per_hour = Some(c)),
            "agent_id" => string(value).map(|a| self.agent_id = Some(a.to_string())),
            "customer_key_secret" => string(value)
                .and_then(|secret| match secret.chars().count() >= 16 {
                    true => Ok(secret.to_string()),
                    false => Err("expected a passphrase of at least 16 characters".into()),
                })
                .map(|secret| self.customer_key_secret = Some(secret)),
            _ => return false,
        };
        report(key, result, errors);
        true
    }
}

impl Config {
    fn apply_targets(&mut self, value: &Json, errors: &mut Vec<ConfigError>) {
        let mut fail = |path: String, message: String| errors.push(ConfigError { path, message });
        let Some(targets) = value.as_object() else {
            fail("targets".into(), "expected an object of KPI ids".into());
            return;
        };
        for (id, spec) in last_of_each(targets) {
            let path = format!("targets.{id}");
            let Some(kpi) = Kpi::from_id(id) else {
                fail(path, "unknown KPI id".into());
                continue;
            };
            match target(kpi, spec, &path) {
                Ok(t) => {
                    self.targets.insert(kpi, t);
                }
                Err((path, message)) => fail(path, message),
            }
        }
    }
}

/// A target: a number, or `{value, direction, warn, bad}`.
fn target(kpi: Kpi, spec: &Json, path: &str) -> Result<Target, (String, String)> {
    let at = |key: &str| format!("{path}.{key}");
    if let Some(object) = spec.as_object() {
        let mut t = Target::new(kpi, 0.0);
        let value = spec
            .get("value")
            .ok_or_else(|| (at("value"), "missing".to_string()))?;
        t.value = number(value, f64::MIN, f64::MAX).map_err(|p| (at("value"), p.message))?;
        for (key, v) in last_of_each(object) {
            match key {
                "value" => {}
                "direction" => {
                    t.direction = match string(v).map_err(|p| (at(key), p.message))? {
                        "higher" => Direction::Higher,
                        "lower" => Direction::Lower,
                        other => {
                            return Err((
                                at(key),
                                format!("expected \"higher\" or \"lower\", got {other:?}"),
                            ))
                        }
                    }
                }
                "warn" => {
                    t.warn = Some(number(v, f64::MIN, f64::MAX).map_err(|p| (at(key), p.message))?)
                }
                "bad" => {
                    t.bad = Some(number(v, f64::MIN, f64::MAX).map_err(|p| (at(key), p.message))?)
                }
                _ => return Err((at(key), "unknown key".into())),
            }
        }
        Ok(t)
    } else {
        number(spec, f64::MIN, f64::MAX)
            .map(|value| Target::new(kpi, value))
            .map_err(|_| {
                (
                    path.to_string(),
                    "expected a number or {value, direction, warn, bad}".into(),
                )
            })
    }
}

pub fn string<'v>(value: &'v Json) -> Checked<&'v str> {
    value
        .as_str()
        .ok_or_else(|| format!("expected a string, got {}", value.kind()).into())
}

pub fn number(value: &Json, low: f64, high: f64) -> Checked<f64> {
    let n = value
        .as_f64()
        .ok_or_else(|| Problem::from(format!("expected a number, got {}", value.kind())))?;
    if (low..=high).contains(&n) {
        Ok(n)
    } else {
        let [n, low, high] = [n, low, high].map(super::float_text);
        Err(format!("{n} is outside {low}..{high}").into())
    }
}

/// A number of `unit`s, as milliseconds.
pub fn duration(value: &Json, unit: Millis, low: f64, high: f64) -> Checked<Millis> {
    number(value, low, high).map(|n| (n * unit as f64).round() as Millis)
}

/// Each element of an array through `each`; the first bad one fails the list as `[i]: …`.
pub fn list<T>(value: &Json, each: impl Fn(&Json) -> Checked<T>) -> Checked<Vec<T>> {
    let items = value
        .as_array()
        .ok_or_else(|| Problem::from(format!("expected an array, got {}", value.kind())))?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            each(v).map_err(|p| Problem {
                at: format!("[{i}]{}", p.at),
                message: p.message,
            })
        })
        .collect()
}
