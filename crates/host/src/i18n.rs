//! Every word the panel shows, in English and Japanese. Pure, tested natively.

use crate::feed_state::FeedState;
use crate::glance::NextStep;
use crate::panel_config::Locale;
use agent_kpi_engine::{
    Channel, Direction, Kpi, LivePhase, Millis, Status, Window, DAY, HOUR, MINUTE,
};

/// A group of the expanded view: productivity never stands alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Productivity,
    Answering,
    Quality,
    Cases,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Productivity,
        Group::Answering,
        Group::Quality,
        Group::Cases,
    ];

    /// The group's name in markup (`data-group`).
    pub fn id(self) -> &'static str {
        match self {
            Group::Productivity => "productivity",
            Group::Answering => "answering",
            Group::Quality => "quality",
            Group::Cases => "cases",
        }
    }

    /// The KPIs of the group, in the order shown: those [`place`]d in it, by position.
    pub fn kpis(self) -> Vec<Kpi> {
        // Position by position rather than sorted: no sort to bring into the bundle for this.
        (0..Kpi::COUNT)
            .filter_map(|at| {
                Kpi::ALL
                    .into_iter()
                    .find(|&kpi| place(kpi) == Some((self, at)))
            })
            .collect()
    }
}

/// Where a KPI is shown in the expanded view: its group and its position there (from 0), or
/// `None` for the figures shown outside the groups (handled and AHT's parts above them, the top
/// reasons in their own list). No `_` arm: a new KPI is placed before it compiles.
pub fn place(kpi: Kpi) -> Option<(Group, usize)> {
    use Group::*;
    match kpi {
        Kpi::Handled | Kpi::Talk | Kpi::Hold | Kpi::Acw | Kpi::TopReasons => None,
        Kpi::Aht => Some((Productivity, 0)),
        Kpi::Cph => Some((Productivity, 1)),
        Kpi::Occupancy => Some((Productivity, 2)),
        Kpi::Utilization => Some((Productivity, 3)),
        Kpi::Cpc => Some((Productivity, 4)),
        Kpi::Asa => Some((Answering, 0)),
        Kpi::AnswerRate => Some((Answering, 1)),
        Kpi::ServiceLevel => Some((Answering, 2)),
        Kpi::AbandonRate => Some((Answering, 3)),
        Kpi::Fcr => Some((Quality, 0)),
        Kpi::Csat => Some((Quality, 1)),
        Kpi::Nps => Some((Quality, 2)),
        Kpi::Ces => Some((Quality, 3)),
        Kpi::Backlog => Some((Cases, 0)),
        Kpi::StaleCases => Some((Cases, 1)),
        Kpi::OldestCaseAge => Some((Cases, 2)),
        Kpi::CasesClosed => Some((Cases, 3)),
        Kpi::TimeToClose => Some((Cases, 4)),
        Kpi::ReopenRate => Some((Cases, 5)),
    }
}

/// The words of one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub locale: Locale,
}

impl Words {
    pub fn new(locale: Locale) -> Words {
        Words { locale }
    }

    fn pick(&self, en: &'static str, ja: &'static str) -> &'static str {
        match self.locale {
            Locale::En => en,
            Locale::Ja => ja,
        }
    }

    /// The BCP 47 tag of the language (for `lang` and number formatting).
    pub fn tag(&self) -> &'static str {
        self.pick("en", "ja")
    }

    pub fn kpi(&self, kpi: Kpi) -> &'static str {
        match kpi {
            Kpi::Handled => self.pick("Handled", "処理件数"),
            Kpi::Aht => "AHT",
            Kpi::Talk => self.pick("Talk", "通話"),
            Kpi::Hold => self.pick("Hold", "保留"),
            Kpi::Acw => self.pick("ACW", "後処理"),
            Kpi::Cph => self.pick("CPH", "件/時"),
            Kpi::Occupancy => self.pick("Occupancy", "稼働率"),
            Kpi::Utilization => self.pick("Utilization", "利用率"),
            Kpi::Asa => "ASA",
            Kpi::AnswerRate => self.pick("Answer rate", "応答率"),
            Kpi::AbandonRate => self.pick("Abandon rate", "放棄率"),
            Kpi::ServiceLevel => self.pick("Service level", "サービスレベル"),
            Kpi::Fcr => "FCR",
            Kpi::Csat => "CSAT",
            Kpi::Nps => "NPS",
            Kpi::Ces => "CES",
            Kpi::Cpc => self.pick("Cost/contact", "1件当たりコスト"),
            Kpi::Backlog => self.pick("Backlog", "未完了ケース"),
            Kpi::OldestCaseAge => self.pick("Oldest case", "最古のケース"),
            Kpi::StaleCases => self.pick("Stale cases", "停滞ケース"),
            Kpi::CasesClosed => self.pick("Cases closed", "完了ケース"),
            Kpi::TimeToClose => self.pick("Time to close", "平均完了時間"),
            Kpi::ReopenRate => self.pick("Reopen rate", "再オープン率"),
            Kpi::TopReasons => self.pick("Top reasons", "主な問い合わせ理由"),
        }
    }

    /// What an abbreviated name stands for, said once in the figure's explanation.
    pub fn spelled_out(&self, kpi: Kpi) -> Option<&'static str> {
        Some(match kpi {
            Kpi::Aht => self.pick("average handle time", "平均処理時間"),
            Kpi::Acw => self.pick("after-contact work", "アフターコールワーク"),
            Kpi::Cph => self.pick("contacts per staffed hour", "対応可能1時間当たりの処理件数"),
            Kpi::Asa => self.pick("average speed of answer", "平均応答速度"),
            Kpi::Fcr => self.pick("first-contact resolution", "一次解決率"),
            Kpi::Csat => self.pick("customer satisfaction", "顧客満足度"),
            Kpi::Nps => self.pick("net promoter score", "ネット・プロモーター・スコア"),
            Kpi::Ces => self.pick("customer effort score", "顧客努力指標"),
            _ => return None,
        })
    }

    /// What the agent can do about `kpi` when it is off target or to watch, in plain words.
    /// No `_` arm: a new KPI has its advice before it compiles.
    pub fn advice(&self, kpi: Kpi) -> &'static str {
        match kpi {
            Kpi::Handled | Kpi::Cph => self.pick(
                "go available again as soon as a contact is done",
                "対応が終わったらすぐ受付可に戻りましょう",
            ),
            Kpi::Aht => self.pick(
                "steer to the answer sooner and keep after-contact work short",
                "早めに解決へ導き、後処理を短くまとめましょう",
            ),
            Kpi::Talk => self.pick(
                "steer the conversation to the answer sooner",
                "会話を早めに解決へ導きましょう",
            ),
            Kpi::Hold => self.pick(
                "look answers up before you hold, and check back within a minute",
                "保留の前にナレッジを確認し、保留は1分以内に戻りましょう",
            ),
            Kpi::Acw => self.pick(
                "write your notes during the contact",
                "メモは対応中に取りましょう",
            ),
            Kpi::Occupancy | Kpi::Utilization => self.pick(
                "stay available between contacts",
                "対応の合間は受付可のままにしましょう",
            ),
            Kpi::Asa | Kpi::ServiceLevel | Kpi::AbandonRate => self.pick(
                "answer offers as soon as they ring",
                "着信にはすぐ応答しましょう",
            ),
            Kpi::AnswerRate => self.pick(
                "accept the offers that come while you are available",
                "受付可の間に届いた着信は受けましょう",
            ),
            Kpi::Fcr | Kpi::ReopenRate => self.pick(
                "check the issue is solved before you close",
                "終える前に解決したか確認しましょう",
            ),
            Kpi::Csat | Kpi::Nps | Kpi::Ces => self.pick(
                "sum up what you did and check the customer is satisfied",
                "対応内容をまとめ、お客様の納得を確認しましょう",
            ),
            Kpi::Cpc => self.pick(
                "shorter handling lowers the cost of each contact",
                "処理時間を短くすると1件当たりのコストが下がります",
            ),
            Kpi::Backlog | Kpi::CasesClosed => self.pick(
                "close the cases that are done",
                "完了したケースをクローズしましょう",
            ),
            Kpi::OldestCaseAge | Kpi::StaleCases | Kpi::TimeToClose => self.pick(
                "follow up the cases that have waited longest",
                "長く止まっているケースから対応しましょう",
            ),
            Kpi::TopReasons => "",
        }
    }

    /// A target, as its tile shows it: `goal ≤ 8:00` where lower is better (`direction`),
    /// `goal ≥ 80%` where higher is.
    pub fn goal(&self, direction: Direction, target: &str) -> String {
        let sign = match direction {
            Direction::Lower => "≤",
            Direction::Higher => "≥",
        };
        match self.locale {
            Locale::En => format!("goal {sign}{target}"),
            Locale::Ja => format!("目標{sign}{target}"),
        }
    }

    /// The line under the strip.
    pub fn next_step(
        &self,
        step: &NextStep,
        figure: impl Fn(Kpi) -> (String, Option<String>),
    ) -> String {
        match *step {
            NextStep::Fix { kpi, status } => {
                let (value, goal) = figure(kpi);
                let goal = goal.map(|g| match self.locale {
                    Locale::En => format!(" ({g})"),
                    Locale::Ja => format!("（{g}）"),
                });
                let goal = goal.unwrap_or_default();
                match self.locale {
                    Locale::En => format!(
                        "{} {value} — {}{goal}: {}.",
                        self.kpi(kpi),
                        self.status(status),
                        self.advice(kpi)
                    ),
                    Locale::Ja => format!(
                        "{} {value}{goal}は{}。{}。",
                        self.kpi(kpi),
                        match status {
                            Status::Warn => "要注意",
                            _ => self.status(status),
                        },
                        self.advice(kpi)
                    ),
                }
            }
            NextStep::OnTrack { met } => match self.locale {
                Locale::En if met == 1 => "On track: your goal is met.".to_string(),
                Locale::En => format!("On track: all {met} goals met."),
                Locale::Ja => format!("順調です。目標{met}件すべて達成しています。"),
            },
            NextStep::TooFewYet => self
                .pick(
                    "Too few contacts yet to judge against your goals.",
                    "目標と比べるにはまだ件数が足りません。",
                )
                .to_string(),
            NextStep::NothingYet => self
                .pick("No contacts yet.", "まだ対応はありません。")
                .to_string(),
        }
    }

    /// How the figure is computed, in one line: in English as the KPI's declaration says it
    /// ([`Kpi::formula`]).
    pub fn formula(&self, kpi: Kpi) -> &'static str {
        match self.locale {
            Locale::En => kpi.formula(),
            Locale::Ja => formula_ja(kpi),
        }
    }

    pub fn window(&self, window: Window) -> &'static str {
        match window {
            Window::Today => self.pick("Today", "今日"),
            Window::Shift => self.pick("Shift", "シフト"),
            Window::Rolling60m => self.pick("Last 60 min", "直近60分"),
        }
    }

    pub fn group(&self, group: Group) -> &'static str {
        match group {
            Group::Productivity => self.pick("Productivity", "生産性"),
            Group::Answering => self.pick("Answering", "応答"),
            Group::Quality => self.pick("Quality", "品質"),
            Group::Cases => self.pick("Cases", "ケース"),
        }
    }

    /// The status in a word, so it never rests on colour alone.
    pub fn status(&self, status: Status) -> &'static str {
        match status {
            Status::Good => self.pick("on target", "目標達成"),
            Status::Warn => self.pick("watch", "注意"),
            Status::Bad => self.pick("off target", "未達"),
        }
    }

    /// The preview's line over the panel: the simulated time of day and the speed.
    pub fn simulated_day(&self, time: &str, speed: &str) -> String {
        match self.locale {
            Locale::En => format!("Simulated day · {time} · {speed}× speed"),
            Locale::Ja => format!("シミュレーション中の1日 · {time} · {speed}倍速"),
        }
    }

    pub fn no_data(&self) -> &'static str {
        self.pick("no data", "データなし")
    }

    pub fn unit(&self, kpi: Kpi) -> &'static str {
        match kpi {
            Kpi::Cph => self.pick("/h", "件/時"),
            _ => "",
        }
    }

    pub fn channel(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Voice => self.pick("voice", "電話"),
            Channel::Chat => self.pick("chat", "チャット"),
            Channel::Email => self.pick("email", "メール"),
            Channel::Sms => self.pick("SMS", "SMS"),
            Channel::Messaging => self.pick("messaging", "メッセージ"),
            Channel::Social => self.pick("social", "SNS"),
            Channel::Web => self.pick("web", "Web"),
            Channel::Video => self.pick("video", "ビデオ"),
            Channel::Other => self.pick("other", "その他"),
        }
    }

    /// The live stream's state.
    pub fn feed(&self, state: FeedState) -> String {
        match (self.locale, state) {
            (Locale::En, FeedState::Open) => "live".into(),
            (Locale::Ja, FeedState::Open) => "接続中".into(),
            (Locale::En, FeedState::Connecting) => "connecting…".into(),
            (Locale::Ja, FeedState::Connecting) => "接続しています…".into(),
            (Locale::En, FeedState::Retrying { attempt, .. }) => {
                format!("reconnecting ({attempt})")
            }
            (Locale::Ja, FeedState::Retrying { attempt, .. }) => format!("再接続中({attempt})"),
        }
    }

    /// A duration with its unit, as the expanded view shows it: `9:28 min` or `2:22 h`;
    /// `9分28秒` or `2時間22分`.
    pub fn duration(&self, seconds: f64) -> String {
        let total = seconds.round().max(0.0) as u64;
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        match (self.locale, h > 0) {
            (Locale::En, false) => format!("{m}:{s:02} min"),
            (Locale::En, true) => format!("{h}:{m:02} h"),
            // A word joiner (U+2060) between the units: a line never breaks inside a duration.
            (Locale::Ja, false) => format!("{m}分\u{2060}{s}秒"),
            (Locale::Ja, true) => format!("{h}時間\u{2060}{m}分"),
        }
    }

    /// What a figure's `n` counts, in the unit that means something to an agent: `3 handled`,
    /// `12 surveys`, `over 1:00 h` (staffed time); `None` for a figure that is a fact (a count,
    /// the open cases now) rather than an estimate from a sample. No `_` arm.
    pub fn sample(&self, kpi: Kpi, n: u64) -> Option<String> {
        let (en, ja) = match kpi {
            Kpi::Handled
            | Kpi::Backlog
            | Kpi::OldestCaseAge
            | Kpi::StaleCases
            | Kpi::CasesClosed
            | Kpi::TopReasons => return None,
            Kpi::Occupancy | Kpi::Utilization => {
                let time = self.duration(n as f64);
                return Some(match self.locale {
                    Locale::En => format!("over {time}"),
                    Locale::Ja => format!("{time}中"),
                });
            }
            Kpi::Aht | Kpi::Talk | Kpi::Hold | Kpi::Acw | Kpi::Cph | Kpi::Cpc => ("handled", "件"),
            Kpi::Asa => ("answered", "件応答"),
            Kpi::AnswerRate | Kpi::AbandonRate | Kpi::ServiceLevel => ("offered", "件着信"),
            Kpi::Fcr => ("resolved", "件解決"),
            Kpi::Csat | Kpi::Nps | Kpi::Ces => ("surveys", "件の回答"),
            Kpi::TimeToClose | Kpi::ReopenRate => ("closed", "件完了"),
        };
        Some(match self.locale {
            Locale::En => format!("{n} {en}"),
            Locale::Ja => format!("{n}{ja}"),
        })
    }

    /// An age: `m:ss` or `h:mm:ss` under a day, then days and hours.
    pub fn age(&self, seconds: f64) -> String {
        let total = seconds.max(0.0) as u64;
        if total < 86_400 {
            return super::format::duration(seconds);
        }
        let (days, hours) = (total / 86_400, total % 86_400 / 3_600);
        match self.locale {
            Locale::En => format!("{days} d {hours} h"),
            Locale::Ja => format!("{days}日{hours}時間"),
        }
    }

    /// The name of a live contact's phase.
    pub fn phase(&self, phase: LivePhase) -> &'static str {
        match phase {
            LivePhase::Ringing => self.pick("Ringing", "着信中"),
            LivePhase::Talk => self.pick("Talk", "通話"),
            LivePhase::Hold => self.pick("Hold", "保留"),
            LivePhase::Acw => self.pick("ACW", "後処理"),
        }
    }

    /// Which part of AHT moved: `part` took `delta` (a duration, signed) more in the last
    /// interval than on average today.
    pub fn aht_change(&self, part: Kpi, delta: &str, longer: bool) -> String {
        match (self.locale, longer) {
            (Locale::En, true) => format!(
                "Last 15 min: {} {delta} above your average today",
                self.kpi(part)
            ),
            (Locale::En, false) => format!(
                "Last 15 min: {} {delta} below your average today",
                self.kpi(part)
            ),
            (Locale::Ja, true) => {
                format!("直近15分の{}は今日の平均より{delta}長め", self.kpi(part))
            }
            (Locale::Ja, false) => {
                format!("直近15分の{}は今日の平均より{delta}短め", self.kpi(part))
            }
        }
    }

    /// What CPH is made of: `handled` contacts in `hours` staffed hours.
    pub fn cph_parts(&self, handled: u64, hours: &str) -> String {
        match self.locale {
            Locale::En => format!("{handled} handled in {hours} staffed hours"),
            Locale::Ja => format!("対応可能{hours}時間で{handled}件"),
        }
    }

    /// The channel-mix comparison: at the team's AHT per channel this mix gives `expected`;
    /// the agent's is `actual` (`diff` signed).
    pub fn mix_aht(&self, expected: &str, actual: &str, diff: &str) -> String {
        match self.locale {
            Locale::En => {
                format!("Your channel mix at the team's AHT: {expected}; yours {actual} ({diff})")
            }
            Locale::Ja => {
                format!("チームのチャネル別AHTでこの構成なら {expected}、あなたは {actual}({diff})")
            }
        }
    }

    /// The notice that events arrive from the future: the latest `ahead_ms` ahead of this
    /// computer's clock (contract 1.1).
    pub fn from_the_future(&self, ahead_ms: Millis) -> String {
        // Said in the largest whole unit: "3 days", "5 hours", "16 minutes".
        let (days, hours, minutes) = (ahead_ms / DAY, ahead_ms / HOUR, ahead_ms / MINUTE);
        match self.locale {
            Locale::En => {
                let ahead = match (days, hours) {
                    (1, _) => "1 day".to_string(),
                    (d, _) if d > 1 => format!("{d} days"),
                    (_, 1) => "1 hour".to_string(),
                    (_, h) if h > 1 => format!("{h} hours"),
                    _ => format!("{minutes} minutes"),
                };
                format!(
                    "Events arrive from the future (the latest {ahead} ahead of this computer's clock): the host's or this computer's clock is wrong. They are not counted."
                )
            }
            Locale::Ja => {
                let ahead = match (days, hours) {
                    (d, _) if d > 0 => format!("{d}日"),
                    (_, h) if h > 0 => format!("{h}時間"),
                    _ => format!("{minutes}分"),
                };
                format!(
                    "未来の時刻のイベントが届いています（直近のものはこの端末の時計より{ahead}先）。ホストかこの端末の時計がずれています。これらは集計していません。"
                )
            }
        }
    }

    /// `n` of `what` (`UiText::Events`, `UiText::Rejected`, `UiText::Days`), spaced as each
    /// language spaces a count: "247 events", "247件のイベント", "7 days", "7日".
    pub fn counted(&self, n: impl std::fmt::Display, what: UiText) -> String {
        match self.locale {
            Locale::En => format!("{n} {}", self.ui(what)),
            Locale::Ja => format!("{n}{}", self.ui(what)),
        }
    }

    pub fn ui(&self, text: UiText) -> &'static str {
        match text {
            UiText::Panel => self.pick("My KPIs", "マイKPI"),
            UiText::Expand => self.pick("Show all figures", "すべての指標を表示"),
            UiText::Collapse => self.pick("Show the strip only", "ストリップのみ表示"),
            UiText::Window => self.pick("Window", "期間"),
            UiText::Target => self.pick("target", "目標"),
            UiText::Team => self.pick("team", "チーム"),
            UiText::Events => self.pick("events", "件のイベント"),
            UiText::Rejected => self.pick("rejected", "件を拒否"),
            UiText::Channels => self.pick("By channel", "チャネル別"),
            UiText::Reasons => self.pick("Top reasons", "主な問い合わせ理由"),
            UiText::Provisional => self.pick("provisional", "暫定"),
            UiText::SmallSample => self.pick("too few to judge yet", "件数が少ないため判定なし"),
            UiText::TooFewYet => self.pick("too few", "件数不足"),
            UiText::NoDataYet => self.pick("no data yet", "まだデータなし"),
            UiText::NoHistory => self.pick(
                "No earlier days yet: each day's figures are kept for 180 days.",
                "過去の日のデータはまだありません。各日の数値は180日間保存されます。",
            ),
            UiText::Now => self.pick("Now", "現在"),
            UiText::Budget => self.pick("budget", "目安"),
            UiText::OpenCases => self.pick("Longest unchanged cases", "変化のないケース"),
            UiText::History => self.pick("Daily history", "日別の推移"),
            UiText::Days => self.pick("days", "日"),
            UiText::Mix => self.pick("Mix", "構成"),
            UiText::NoStorage => self.pick(
                "This browser keeps no storage for the panel: figures last until the page closes.",
                "このブラウザでは保存できません。数値はページを閉じるまで保持されます。",
            ),
            UiText::StorageFull => self.pick(
                "Storage is full: the figures since the last save are kept in memory until there is room again.",
                "保存領域がいっぱいです。前回の保存以降の数値は、空きができるまでメモリ上に保持されます。",
            ),
            UiText::UnreadableSave => self.pick(
                "An earlier save could not be read and was set aside; the panel starts afresh.",
                "以前の保存データを読み込めなかったため退避しました。新しく開始します。",
            ),
            UiText::LastInterval => self.pick("last 15 min", "直近15分"),
            UiText::StorageRefused => self.pick(
                "The page around this panel is not one it may keep figures for: they last until the page closes.",
                "このパネルの埋め込み元には数値を保存できません。ページを閉じるまで保持されます。",
            ),
            UiText::RefusedOrigins => self.pick(
                "The page around this panel gave it origins it cannot trust (\"*\", \"null\", a path): it talks only to the ones it can, and to none if none is left.",
                "このパネルの埋め込み元が信頼できないオリジン（\"*\"、\"null\"、パス付きなど）を指定しました。有効なオリジンとのみ通信し、無ければ通信しません。",
            ),
        }
    }
}

/// [`Words::formula`] in Japanese. No `_` arm: a new KPI has its words before it compiles.
fn formula_ja(kpi: Kpi) -> &'static str {
    match kpi {
        Kpi::Handled => "後処理まで終えた応答済みコンタクト数",
        Kpi::Aht => "(通話 + 保留 + 後処理) ÷ 処理件数",
        Kpi::Talk => "(応答→終了 − 保留) ÷ 処理件数",
        Kpi::Hold => "保留時間 ÷ 処理件数",
        Kpi::Acw => "(終了→後処理終了) ÷ 処理件数",
        Kpi::Cph => "処理件数 ÷ 対応可能時間",
        Kpi::Occupancy => "対応時間 ÷ (対応 ∪ 待機)",
        Kpi::Utilization => "対応時間 ÷ ログイン時間",
        Kpi::Asa => "キュー(または着信)から応答までの平均待ち時間",
        Kpi::AnswerRate => "応答数 ÷ (着信数 − 短時間放棄)",
        Kpi::AbandonRate => "放棄数 ÷ (着信数 − 短時間放棄)",
        Kpi::ServiceLevel => "T秒以内の応答 ÷ (応答 + 放棄 − 短時間放棄)",
        Kpi::Fcr => "7日以内に再問い合わせのない解決 ÷ 解決数",
        Kpi::Csat => "4〜5の回答 ÷ 回答数",
        Kpi::Nps => "9〜10の割合 − 0〜6の割合",
        Kpi::Ces => "平均回答 1〜7(高いほど容易)",
        Kpi::Cpc => "ログイン時間 × 時間単価 ÷ 処理件数",
        Kpi::Backlog => "現在の未完了ケース",
        Kpi::OldestCaseAge => "最も古い未完了ケースの経過時間",
        Kpi::StaleCases => "24時間以上変化のないケース",
        Kpi::CasesClosed => "完了したケース",
        Kpi::TimeToClose => "オープン→完了の平均",
        Kpi::ReopenRate => "再オープン ÷ 完了",
        Kpi::TopReasons => "最も多い問い合わせ理由10件",
    }
}

/// Words of the panel's own controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiText {
    Panel,
    Expand,
    Collapse,
    Window,
    Target,
    Team,
    Events,
    Rejected,
    Channels,
    Reasons,
    Provisional,
    /// A figure whose sample is too small for a status ([`crate::verdict`]).
    SmallSample,
    /// The same, in the few words a tile has room for.
    TooFewYet,
    /// A group of the expanded view with no figure yet.
    NoDataYet,
    /// The daily history before there is a day in it.
    NoHistory,
    Now,
    Budget,
    OpenCases,
    History,
    Days,
    Mix,
    LastInterval,
    NoStorage,
    StorageFull,
    UnreadableSave,
    RefusedOrigins,
    StorageRefused,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_spaced_as_each_language_spaces_them() {
        let (en, ja) = (Words::new(Locale::En), Words::new(Locale::Ja));
        assert_eq!(en.counted(247, UiText::Events), "247 events");
        assert_eq!(ja.counted(247, UiText::Events), "247件のイベント");
        assert_eq!(ja.counted(3, UiText::Rejected), "3件を拒否");
        assert_eq!(en.counted(7, UiText::Days), "7 days");
        assert_eq!(ja.counted(7, UiText::Days), "7日");
    }

    #[test]
    fn the_future_is_said_in_its_largest_whole_unit() {
        let (en, ja) = (Words::new(Locale::En), Words::new(Locale::Ja));
        assert!(en
            .from_the_future(3 * DAY + 5 * HOUR)
            .starts_with("Events arrive from the future (the latest 3 days ahead"));
        assert!(en
            .from_the_future(HOUR + MINUTE)
            .contains("latest 1 hour ahead"));
        assert!(en
            .from_the_future(16 * MINUTE)
            .contains("latest 16 minutes ahead"));
        assert!(ja
            .from_the_future(3 * DAY)
            .contains("この端末の時計より3日先"));
        assert!(ja.from_the_future(16 * MINUTE).contains("時計より16分先"));
    }

    #[test]
    fn every_kpi_has_words_in_both_languages() {
        for locale in [Locale::En, Locale::Ja] {
            let words = Words::new(locale);
            for kpi in Kpi::ALL {
                assert!(!words.kpi(kpi).is_empty());
                assert!(!words.formula(kpi).is_empty());
            }
        }
        assert_eq!(Words::new(Locale::Ja).kpi(Kpi::AnswerRate), "応答率");
        assert_eq!(Words::new(Locale::Ja).no_data(), "データなし");
    }

    #[test]
    fn the_line_under_the_strip_says_what_to_do_in_both_languages() {
        let (en, ja) = (Words::new(Locale::En), Words::new(Locale::Ja));
        let fix = NextStep::Fix {
            kpi: Kpi::Occupancy,
            status: Status::Bad,
        };
        let figure = |_| ("47%".to_string(), Some(en.goal(Direction::Higher, "75%")));
        assert_eq!(
            en.next_step(&fix, figure),
            "Occupancy 47% — off target (goal ≥75%): stay available between contacts."
        );
        let figure = |_| ("47%".to_string(), Some(ja.goal(Direction::Higher, "75%")));
        assert_eq!(
            ja.next_step(&fix, figure),
            "稼働率 47%（目標≥75%）は未達。対応の合間は受付可のままにしましょう。"
        );
        let watch = NextStep::Fix {
            kpi: Kpi::Aht,
            status: Status::Warn,
        };
        assert_eq!(
            ja.next_step(&watch, |_| ("7:50".to_string(), None)),
            "AHT 7:50は要注意。早めに解決へ導き、後処理を短くまとめましょう。"
        );
        let no_goal = |_| ("7:50".to_string(), None);
        let watch = NextStep::Fix {
            kpi: Kpi::Aht,
            status: Status::Warn,
        };
        assert_eq!(
            en.next_step(&watch, no_goal),
            "AHT 7:50 — watch: steer to the answer sooner and keep after-contact work short."
        );
        let none = |_| (String::new(), None);
        assert_eq!(
            en.next_step(&NextStep::OnTrack { met: 3 }, none),
            "On track: all 3 goals met."
        );
        assert_eq!(
            ja.next_step(&NextStep::OnTrack { met: 3 }, none),
            "順調です。目標3件すべて達成しています。"
        );
        // Advice for every KPI that can have a status, in both languages.
        for kpi in Kpi::ALL.into_iter().filter(|k| *k != Kpi::TopReasons) {
            assert!(
                !en.advice(kpi).is_empty() && !ja.advice(kpi).is_empty(),
                "{kpi:?}"
            );
        }
    }

    #[test]
    fn durations_and_samples_carry_their_units() {
        let (en, ja) = (Words::new(Locale::En), Words::new(Locale::Ja));
        assert_eq!(en.duration(568.0), "9:28 min");
        assert_eq!(en.duration(8_553.0), "2:22 h");
        assert_eq!(ja.duration(568.0), "9分\u{2060}28秒");
        assert_eq!(ja.duration(8_553.0), "2時間\u{2060}22分");
        assert_eq!(en.sample(Kpi::Aht, 3).as_deref(), Some("3 handled"));
        assert_eq!(en.sample(Kpi::Csat, 12).as_deref(), Some("12 surveys"));
        assert_eq!(ja.sample(Kpi::Csat, 12).as_deref(), Some("12件の回答"));
        // Occupancy's sample is time: an hour, not "n=3600".
        assert_eq!(
            en.sample(Kpi::Occupancy, 3_600).as_deref(),
            Some("over 1:00 h")
        );
        assert_eq!(
            ja.sample(Kpi::Occupancy, 3_600).as_deref(),
            Some("1時間\u{2060}0分中")
        );
        assert_eq!(en.sample(Kpi::Backlog, 4), None);
    }

    #[test]
    fn ages_read_in_days_past_a_day() {
        assert_eq!(Words::new(Locale::En).age(3_723.0), "1:02:03");
        assert_eq!(
            Words::new(Locale::En).age(2.0 * 86_400.0 + 3.0 * 3_600.0),
            "2 d 3 h"
        );
        assert_eq!(Words::new(Locale::Ja).age(86_400.0), "1日0時間");
    }

    #[test]
    fn group_ids_are_their_names_in_lower_case() {
        for group in Group::ALL {
            assert_eq!(group.id(), format!("{group:?}").to_lowercase());
        }
    }

    #[test]
    fn every_kpi_is_in_one_group_or_deliberately_in_none() {
        for kpi in Kpi::ALL {
            let holding: Vec<Group> = Group::ALL
                .into_iter()
                .filter(|g| g.kpis().contains(&kpi))
                .collect();
            let expected: Vec<Group> = place(kpi).map(|(g, _)| g).into_iter().collect();
            assert_eq!(holding, expected, "{kpi:?}");
        }
        // Each group's positions run from 0 with no gap and no position taken twice.
        for group in Group::ALL {
            let placed = Kpi::ALL
                .into_iter()
                .filter(|&k| matches!(place(k), Some((g, _)) if g == group))
                .count();
            assert_eq!(group.kpis().len(), placed, "{group:?}");
            for (at, kpi) in group.kpis().into_iter().enumerate() {
                assert_eq!(place(kpi), Some((group, at)));
            }
        }
    }

    #[test]
    fn the_groups_are_as_they_were_when_they_were_hand_kept_lists() {
        use Kpi::*;
        let lists: Vec<Vec<Kpi>> = Group::ALL.into_iter().map(Group::kpis).collect();
        assert_eq!(
            lists,
            [
                vec![Aht, Cph, Occupancy, Utilization, Cpc],
                vec![Asa, AnswerRate, ServiceLevel, AbandonRate],
                vec![Fcr, Csat, Nps, Ces],
                vec![
                    Backlog,
                    StaleCases,
                    OldestCaseAge,
                    CasesClosed,
                    TimeToClose,
                    ReopenRate
                ],
            ]
        );
        // Shown outside the groups: handled and AHT's parts above them, the reasons below.
        let outside: Vec<Kpi> = Kpi::ALL
            .into_iter()
            .filter(|&k| place(k).is_none())
            .collect();
        assert_eq!(outside, [Handled, Talk, Hold, Acw, TopReasons]);
    }

    #[test]
    fn the_english_formula_is_the_declared_one() {
        for kpi in Kpi::ALL {
            assert_eq!(Words::new(Locale::En).formula(kpi), kpi.formula());
            assert_ne!(Words::new(Locale::Ja).formula(kpi), kpi.formula());
        }
        assert_eq!(
            Words::new(Locale::En).formula(Kpi::Hold),
            "hold time ÷ handled"
        );
        assert_eq!(
            Words::new(Locale::Ja).formula(Kpi::Hold),
            "保留時間 ÷ 処理件数"
        );
    }
}
