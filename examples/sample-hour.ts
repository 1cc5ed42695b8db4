// An hour of one agent's events for the framework examples: two voice contacts, the second
// long enough that AHT goes over a goal of 5:00 (an alert), and one chat.
import type { KpiEvent } from 'agent-kpi';

export function sampleHour(now: number = Date.now()): KpiEvent[] {
  const at = (minute: number) => now - (60 - minute) * 60_000;
  return [
    { id: 'h-state', ts: at(0), type: 'agent_state', state: 'available' },
    { id: 'h-o1', ts: at(2), type: 'contact_offered', contact_id: 'c1', channel: 'voice', queued_at: at(2) - 8_000 },
    { id: 'h-a1', ts: at(2), type: 'contact_answered', contact_id: 'c1' },
    { id: 'h-e1', ts: at(6), type: 'contact_ended', contact_id: 'c1', resolved: true },
    { id: 'h-w1', ts: at(7), type: 'wrap_up_ended', contact_id: 'c1', reason: 'billing' },
    { id: 'h-o2', ts: at(10), type: 'contact_offered', contact_id: 'c2', channel: 'voice' },
    { id: 'h-a2', ts: at(10), type: 'contact_answered', contact_id: 'c2' },
    { id: 'h-e2', ts: at(19), type: 'contact_ended', contact_id: 'c2' },
    { id: 'h-w2', ts: at(21), type: 'wrap_up_ended', contact_id: 'c2', reason: 'delivery' },
    { id: 'h-o3', ts: at(25), type: 'contact_offered', contact_id: 'c3', channel: 'chat' },
    { id: 'h-a3', ts: at(25), type: 'contact_answered', contact_id: 'c3' },
    { id: 'h-e3', ts: at(33), type: 'contact_ended', contact_id: 'c3', resolved: true },
    { id: 'h-w3', ts: at(34), type: 'wrap_up_ended', contact_id: 'c3' },
    { id: 'h-s3', ts: at(35), type: 'survey', contact_id: 'c3', csat: 5 },
  ];
}

/** What each example shows, and its browser test reads (`window.kpiHost`). */
export interface HostResult {
  accepted: number;
  aht: number | null;
  alerts: string[];
}

declare global {
  interface Window {
    kpiHost?: HostResult;
  }
}
