// `agent-kpi/adapters/twilio.js`: Twilio TaskRouter (twilio-taskrouter 2.x), with Flex's `Actions`.
import type { Channel } from '../agent-kpi.js';
import type { AdapterTarget, Detach, StateTable, VendorObject } from './common.js';

/** TaskRouter activity names (lower case) → contract states; a host's `states` wins over these. */
export const DEFAULT_STATES: StateTable;
/** Task channel unique names → contract channels. */
export const DEFAULT_CHANNELS: Record<string, Channel>;

export interface TwilioOptions {
  /** Activity name → contract state, over `DEFAULT_STATES`. */
  states?: StateTable;
  /** Wrap-up codes that mean resolved. */
  resolvedCodes?: string[];
  /** The task's wrap-up code (by default `attributes.conversations.outcome`). */
  wrapUpCode?: (task: VendorObject) => string | undefined;
  /** The reason on `wrap_up_ended` (by default the task's `reason`). */
  contactReason?: (task: VendorObject) => string | undefined;
  /** A hashed customer key; none by default. */
  customerKey?: (task: VendorObject) => string | undefined;
  /** Task cancel reasons that mean the customer left (`['hangup']`). */
  abandonReasons?: string[];
  /** Task channel name → contract channel, over `DEFAULT_CHANNELS`. */
  channels?: Record<string, Channel>;
  /** Flex `Actions`, for hold. */
  actions?: {
    addListener(name: string, listener: (payload: VendorObject) => void): unknown;
    removeListener(name: string, listener: (payload: VendorObject) => void): unknown;
  };
  /** The clock for hold, which has no vendor time (`Date.now`). */
  now?: () => number;
  /** Told of input the adapter skipped. */
  onError?: (error: unknown) => void;
}

/** Feeds `target` from the host's TaskRouter `Worker`; returns `detach`. */
export function attach(worker: object, target: AdapterTarget, options?: TwilioOptions): Detach;
