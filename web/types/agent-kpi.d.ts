// Types of agent-kpi for hosts written in TypeScript: the `<agent-kpi-panel>` element, the events
// it takes (the contract's, docs/contract.md), the figures it gives, its DOM events, and the
// iframe's postMessage protocol. Checked against the widget itself: tests/package/ compiles a
// typed host with `tsc --strict` and runs it in headless Chromium, and a file of wrong uses
// must fail to compile.

/** Resolves to the element's class once `<agent-kpi-panel>` is defined on the page (the wasm
 * module loaded). */
declare const ready: Promise<{ new (): AgentKpiPanel; prototype: AgentKpiPanel }>;
export default ready;

// ---------------------------------------------------------------------------------------------
// Events in (contract 1.1)

/** Epoch milliseconds, or an RFC 3339 string. */
export type Timestamp = number | string;

export type Channel = 'voice' | 'chat' | 'email' | 'sms' | 'messaging' | 'social' | 'web' | 'video' | 'other';

export type AgentStateName = 'available' | 'busy' | 'after_contact_work' | 'break' | 'training' | 'offline';

/** The fields every event has. */
export interface EventBase {
  /** Schema version: 1 (missing means 1). */
  v?: 1;
  /** Unique per event, 1 to 128 characters: an id seen before is a duplicate, counted once. */
  id: string;
  ts: Timestamp;
}

export interface ContactOffered extends EventBase {
  type: 'contact_offered';
  contact_id: string;
  channel: Channel;
  queued_at?: Timestamp;
  customer_key?: string;
  queue?: string;
  reason?: string;
  direction?: 'inbound' | 'outbound';
}

export interface ContactAnswered extends EventBase { type: 'contact_answered'; contact_id: string }
export interface ContactMissed extends EventBase { type: 'contact_missed'; contact_id: string }
export interface ContactAbandoned extends EventBase { type: 'contact_abandoned'; contact_id: string }
export interface ContactWithdrawn extends EventBase { type: 'contact_withdrawn'; contact_id: string }
export interface HoldStarted extends EventBase { type: 'hold_started'; contact_id: string }
export interface HoldEnded extends EventBase { type: 'hold_ended'; contact_id: string }
export interface ContactTransferred extends EventBase { type: 'contact_transferred'; contact_id: string; to?: string }
export interface ContactEnded extends EventBase { type: 'contact_ended'; contact_id: string; resolved?: boolean }

export interface WrapUpEnded extends EventBase {
  type: 'wrap_up_ended';
  contact_id: string;
  resolved?: boolean;
  disposition?: string;
  reason?: string;
}

export interface AgentState extends EventBase { type: 'agent_state'; state: AgentStateName; reason?: string }

export interface CaseOpened extends EventBase { type: 'case_opened'; case_id: string; status?: string; priority?: string }
export interface CaseUpdated extends EventBase { type: 'case_updated'; case_id: string; status?: string; owner?: string }
export interface CaseClosed extends EventBase { type: 'case_closed'; case_id: string }
export interface CaseReopened extends EventBase { type: 'case_reopened'; case_id: string }

/** A customer's answer about a contact or a case: CSAT 1–5, NPS 0–10, CES 1–7. */
export type Survey = EventBase & {
  type: 'survey';
  csat?: number;
  nps?: number;
  ces?: number;
} & ({ contact_id: string; case_id?: never } | { case_id: string; contact_id?: never });

/** The team's or centre's figure for comparison (`scope` such as `team`, `team/voice`). */
export interface Baseline extends EventBase { type: 'baseline'; kpi: KpiId; value: number; scope?: string }

/** One event of the contract, told apart by `type`. */
export type KpiEvent =
  | ContactOffered | ContactAnswered | ContactMissed | ContactAbandoned | ContactWithdrawn
  | HoldStarted | HoldEnded | ContactTransferred | ContactEnded | WrapUpEnded
  | AgentState | CaseOpened | CaseUpdated | CaseClosed | CaseReopened | Survey | Baseline;

// ---------------------------------------------------------------------------------------------
// Figures out

export type KpiId =
  | 'handled' | 'aht' | 'talk' | 'hold' | 'acw' | 'cph' | 'occupancy' | 'utilization' | 'asa'
  | 'answer_rate' | 'abandon_rate' | 'service_level' | 'fcr' | 'csat' | 'nps' | 'ces' | 'cpc'
  | 'backlog' | 'oldest_case_age' | 'stale_cases' | 'cases_closed' | 'time_to_close'
  | 'reopen_rate' | 'top_reasons';

export type WindowId = 'today' | 'shift' | 'rolling_60m';

export type Status = 'good' | 'warn' | 'bad';

/** One figure: durations in seconds, rates as fractions 0..1. */
export interface Figure {
  /** `null` where `n` is 0. */
  value: number | null;
  /** The sample behind the value. */
  n: number;
  /** Where a target is set. */
  status?: Status;
  target?: number;
  /** The team's figure (a `baseline` event of scope `team`). */
  baseline?: number;
  /** FCR: resolved contacts whose repeat window is still open. */
  provisional?: number;
  /** CES: the share of answers of 5 to 7. */
  share?: number;
  /** Top reasons: the ten most frequent, with their counts. */
  items?: { reason: string; count: number }[];
}

export interface IngestCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  unknown: number;
  ignored: number;
  /** Events refused for a `ts` too far ahead of the page's clock (among the rejected). */
  future: number;
}

/** All figures of one window at one instant. */
export interface Snapshot {
  window: WindowId;
  as_of: number;
  /** Where the window starts (epoch ms). */
  from: number;
  kpis: Partial<Record<KpiId, Figure>>;
  /** Contact figures per channel, for the channels with a contact in the window. */
  channels: Partial<Record<Channel, Partial<Record<KpiId, Figure>>>>;
  ingest: IngestCounts;
  /** While events arrive from the future: how far ahead the latest was, and when. */
  from_the_future?: { ahead: number; at: number };
}

export interface SnapshotOptions {
  window?: WindowId;
  /** Epoch ms: the figures as they stood then (within what the widget holds). */
  as_of?: number;
  /** An IANA time zone for `today`'s midnight. */
  time_zone?: string;
}

/** One event turned away: its position in the batch and why. */
export interface Rejection { index: number; reason: string }

/** What became of a push. */
export interface IngestReport {
  accepted: number;
  duplicates: number;
  unknown: number;
  rejected: Rejection[];
}

/** What `push` returns: the report, or for a big batch `queued`, its report coming later in
 * `kpi-ingested`. */
export interface PushResult extends IngestReport { queued?: true }

/** A KPI that moved into `warn` or `bad`. */
export interface Alert {
  kpi: KpiId;
  status: Status;
  previous: Status | null;
  value: number | null;
  target: number | null;
  window: WindowId;
}

/** A configuration key or value that was not applied, and why (the rest applied). */
export interface ConfigError { path: string; message: string }

// ---------------------------------------------------------------------------------------------
// Configuration

/** A target: higher or lower is better (the KPI's own way unless given), with bands. */
export type Target = number | { value: number; direction?: 'higher' | 'lower'; warn?: number; bad?: number };

export interface Config {
  preset?: 'balanced' | 'productivity' | 'quality';
  /** The strip's KPIs, most important first. */
  kpis?: KpiId[];
  targets?: Partial<Record<KpiId, Target>>;
  windows?: WindowId[];
  time_zone?: string;
  short_abandon_seconds?: number;
  service_level_seconds?: number;
  fcr_repeat_days?: number;
  stale_case_hours?: number;
  lateness_minutes?: number;
  max_clock_skew_minutes?: number;
  cost_per_hour?: number;
  currency?: string;
  agent_id?: string;
  /** 16 characters or more: customer keys are hashed under it. */
  customer_key_secret?: string;
  acw_budget_seconds?: number;
  /** The fewest contacts, surveys or cases a figure needs before it is judged (default 5). */
  min_sample?: number;
  locale?: 'en' | 'ja';
  theme?: 'auto' | 'light' | 'dark';
  /** A Server-Sent Events (`http(s)://`) or WebSocket (`ws(s)://`) URL of events, or `null`. */
  src?: string | null;
  allowed_origins?: string[];
}

// ---------------------------------------------------------------------------------------------
// The element

/** The details of the element's events, by name. */
export interface AgentKpiPanelEventDetails {
  /** The figures after every update. */
  'kpi-change': Snapshot;
  /** A KPI moved into `warn` or `bad`. */
  'kpi-alert': Alert;
  /** A push turned events away. */
  'kpi-rejected': Rejection[];
  /** A queued (big) batch is all in. */
  'kpi-ingested': IngestReport;
  /** The widget stopped after an internal error. */
  'kpi-error': { kind: 'panic'; message: string };
}

export type AgentKpiPanelEventMap = {
  [K in keyof AgentKpiPanelEventDetails]: CustomEvent<AgentKpiPanelEventDetails[K]>;
};

/** `<agent-kpi-panel>`: one agent's KPI panel, its own state per element. */
export interface AgentKpiPanel extends HTMLElement {
  /** Takes one event, an array of events, or JSON / NDJSON text. */
  push(events: KpiEvent | readonly KpiEvent[] | string): PushResult;
  /** Applies a configuration (an object or its JSON); returns what was not applied. */
  configure(config: Config | string): ConfigError[];
  /** The contract's figures; throws on options it cannot answer. */
  snapshot(options?: SnapshotOptions): Snapshot;
  /** Forgets every event; the configuration stays. */
  reset(): void;
  addEventListener<K extends keyof AgentKpiPanelEventMap>(
    type: K,
    listener: (this: AgentKpiPanel, event: AgentKpiPanelEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof AgentKpiPanelEventMap>(
    type: K,
    listener: (this: AgentKpiPanel, event: AgentKpiPanelEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The element's attributes, as markup (and JSX) gives them. */
export interface AgentKpiPanelAttributes {
  /** A configuration as JSON. */
  config?: string;
  locale?: 'en' | 'ja';
  theme?: 'auto' | 'light' | 'dark';
  /** A live stream of events (SSE or WebSocket URL). */
  src?: string;
  /** Keeps the figures across reloads and shares them between tabs under this key. */
  'storage-key'?: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'agent-kpi-panel': AgentKpiPanel;
  }
  // The element's events bubble out of it, so a document or container listener hears them too.
  interface HTMLElementEventMap extends AgentKpiPanelEventMap {}
}

// ---------------------------------------------------------------------------------------------
// The iframe (embed.html): postMessage between the host page and the frame

/** Host → frame. */
export type HostMessage =
  | { type: 'agent-kpi:events'; events: KpiEvent | KpiEvent[] | string; id?: string | number }
  | { type: 'agent-kpi:config'; config: Config }
  | ({ type: 'agent-kpi:snapshot'; id?: string | number } & SnapshotOptions);

/** Frame → host. */
export type FrameMessage =
  | { type: 'agent-kpi:ready'; schema: 1; version: string }
  | { type: 'agent-kpi:resize'; height: number }
  | { type: 'agent-kpi:alert'; alert: Alert }
  | { type: 'agent-kpi:snapshot'; id: string | number | null; snapshot: Snapshot; dropped_messages: number }
  | { type: 'agent-kpi:ingested'; id: string | number; report: IngestReport }
  | { type: 'agent-kpi:error'; kind: 'config'; errors: ConfigError[] }
  | { type: 'agent-kpi:error'; kind: 'rejected'; rejected: Rejection[] }
  | { type: 'agent-kpi:error'; kind: 'snapshot' | 'protocol' | 'message' | 'panic'; id?: string | number | null; message: string };
