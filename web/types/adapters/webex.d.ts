// `agent-kpi/adapters/webex.js`: a Webex Contact Center Desktop widget (@wxcc-desktop/sdk).
import type { AdapterTarget, Detach, StateTable, VendorObject } from './common.js';

/** Presence names (lower case) → contract states; a host's `states` wins over these. */
export const DEFAULT_STATES: StateTable;

export interface WebexOptions {
  /** Presence name (`Available`, or an idle code's name) → contract state, over `DEFAULT_STATES`. */
  states?: StateTable;
  /** Wrap-up codes (names or ids) that mean resolved. */
  resolvedCodes?: string[];
  /** The customer key of a contact, given the message's `data`; none by default. */
  customerKey?: (data: VendorObject) => string | undefined;
  /** When the customer entered the queue, epoch ms (by default `interaction.queuedTimestamp`). */
  queuedAt?: (data: VendorObject) => number | undefined;
  /** Where the presence last sent is kept across reloads (`sessionStorage`; `null` keeps nothing). */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** Feeds `target` from the widget's `Desktop`, after `Desktop.config.init()`; returns `detach`. */
export function attach(Desktop: object, target: AdapterTarget, options?: WebexOptions): Detach;
