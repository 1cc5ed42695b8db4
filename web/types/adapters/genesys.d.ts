// `agent-kpi/adapters/genesys.js`: Genesys Cloud, by its streaming client or the Embeddable
// Framework's relayed events.
import type { AdapterTarget, Detach, StateTable, VendorObject } from './common.js';

/** System presences (`ON_QUEUE`, …) → contract states while off queue; a host's `states` wins. */
export const DEFAULT_STATES: StateTable;

interface GenesysCommonOptions {
  /** Presence name or id → contract state, over `DEFAULT_STATES`. */
  states?: StateTable;
  /** Wrap-up codes (ids or names) that mean resolved. */
  resolvedCodes?: string[];
  /** The clock for events with no vendor time (`Date.now`). */
  now?: () => number;
}

export interface GenesysOptions extends GenesysCommonOptions {
  /** The agent's Genesys user id: whose topics to subscribe to. */
  userId: string;
  /** Queue and wrap-up code ids → names. */
  names?: Record<string, string>;
  /** The customer's key from a conversation; none by default. */
  customerKey?: (conversation: VendorObject) => string | undefined;
  /** What the host read by REST on (re)loading, since the client replays nothing. */
  current?: {
    /** A conversations query's result, or its `entities`. */
    conversations?: VendorObject[] | { entities?: VendorObject[] };
    routingStatus?: VendorObject;
    presence?: VendorObject;
  };
}

export interface GenesysEmbeddableOptions extends GenesysCommonOptions {
  /** The origins to hear (default: any `https://apps.` origin of a Genesys Cloud region). */
  origins?: string[];
  /** If given, the only window to hear: the softphone's frame. */
  source?: MessageEventSource | null;
  /** The customer's key from an interaction; none by default. */
  customerKey?: (interaction: VendorObject) => string | undefined;
}

/**
 * Feeds `target` from the host's streaming client (genesys-cloud-streaming-client), on the
 * agent's conversations, routing status and presence topics; returns `detach`.
 */
export function attach(client: { notifications: object }, target: AdapterTarget, options: GenesysOptions): Detach;
/** Feeds `target` from the Embeddable Framework's events relayed to `win`; returns `detach`. */
export function attachEmbeddable(win: Window, target: AdapterTarget, options?: GenesysEmbeddableOptions): Detach;
