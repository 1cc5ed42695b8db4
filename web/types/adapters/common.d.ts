// What the vendor adapters share (`agent-kpi/adapters/common.js`), and the helpers a host's own
// adapter for another platform can use.
import type { AgentStateName, KpiEvent } from '../agent-kpi.js';

/** Where an adapter pushes its events: an `<agent-kpi-panel>`, or a host forwarding them. */
export interface AdapterTarget {
  push(events: KpiEvent[]): unknown;
}

/** Drops every subscription `attach` made. */
export type Detach = () => void;

/** A vendor's state or presence names → contract states, over the adapter's `DEFAULT_STATES`. */
export type StateTable = Record<string, AgentStateName>;

/**
 * The objects vendor SDKs hand to a host's callbacks (a task, a contact, a conversation):
 * untyped here, so that a host may annotate them with its SDK's own types.
 */
export type VendorObject = any;

/** A host's object with `addEventListener` and `removeEventListener` (a window, a bridge). */
export interface Listenable {
  addEventListener(type: string, listener: (event: VendorObject) => void): unknown;
  removeEventListener(type: string, listener: (event: VendorObject) => void): unknown;
}

/** The function that pushes non-empty batches into `target`; throws if it has no `push`. */
export function sinkOf(target: AdapterTarget): (events: KpiEvent[]) => void;
/** Epoch milliseconds from a `Date`, epoch ms (or s, with `unit: 's'`) or ISO 8601 text. */
export function millis(value: unknown, unit?: 'ms' | 's'): number | undefined;
/** The contract state of a presence name: `table`, then `defaults`, else a break. */
export function stateOf(name: unknown, table: StateTable | undefined, defaults: StateTable): AgentStateName;
/** An event id from the vendor's own identifiers, `vendor:type:part:…`, empty parts left out. */
export function eventId(...parts: Array<string | number | null | undefined>): string;
