// `agent-kpi/adapters/amazon-connect.js`: Amazon Connect Streams (amazon-connect-streams 2.x).
import type { AdapterTarget, Detach, StateTable, VendorObject } from './common.js';

/** Connect's agent state names → contract states; a host's `states` wins over these. */
export const DEFAULT_STATES: StateTable;

/** A contact attribute's name, or a function of the Streams contact. */
export type ContactField = string | ((contact: VendorObject) => string | undefined);

export interface AmazonConnectOptions {
  /** Agent state name → contract state, over `DEFAULT_STATES`. */
  states?: StateTable;
  /** Dispositions that mean resolved (`wrap_up_ended.resolved`). */
  resolvedCodes?: string[];
  /** The contact attribute holding the wrap-up code, or a function of the contact; none by default. */
  disposition?: ContactField;
  /** The same for the contact reason. */
  reason?: ContactField;
  /** The customer's key, or the attribute holding it; none by default. */
  customerKey?: ContactField;
  /** Told of a callback that could not be mapped. */
  onError?: (error: unknown) => void;
}

/**
 * Feeds `target` from the host's Streams instance (`window.connect`, after
 * `connect.core.initCCP`); returns `detach`.
 */
export function attach(connect: object, target: AdapterTarget, options?: AmazonConnectOptions): Detach;
