// `agent-kpi/adapters/salesforce.js`: Salesforce Omni-Channel, and the voice of a Service Cloud
// Voice partner connector.
import type { Channel } from '../agent-kpi.js';
import type { AdapterTarget, Detach, Listenable, StateTable, VendorObject } from './common.js';

/** Omni-Channel statuses (API name or label, lower case) → contract states; `states` wins. */
export const DEFAULT_STATES: StateTable;
/** A work item's record id key prefix → contract channel; other prefixes count as `other`. */
export const DEFAULT_CHANNELS: Record<string, Channel>;

export interface OmniOptions {
  /** Status API name or label → contract state, over `DEFAULT_STATES`. */
  states?: StateTable;
  /** Key prefix → channel, over `DEFAULT_CHANNELS`. */
  channels?: Record<string, Channel>;
  /** Take VoiceCall work items (default true); false where `teeVoice` feeds the same panel. */
  voice?: boolean;
  /** The customer's key of a work item; none by default. */
  customerKey?: (item: { workItemId: string; workId?: string; channel: Channel }) => string | undefined;
  /** The clock (`Date.now`): Omni events carry no time of their own. */
  now?: () => number;
  /** Told of input the adapter skipped. */
  onError?: (error: unknown) => void;
}

export interface VoiceOptions {
  /** `WRAP_UP_ENDED` dispositions that mean resolved. */
  resolvedCodes?: string[];
  /** The partner's `PhoneCall.reason` of an unanswered hang-up → outcome; others are missed. */
  hangupReasons?: Record<string, 'missed' | 'abandoned' | 'withdrawn'>;
  /** The customer's key from the `PhoneCall`; none by default. */
  customerKey?: (call: VendorObject) => string | undefined;
  /** The clock for states the connector gives no time for (`Date.now`). */
  now?: () => number;
  /** Told of input the adapter skipped. */
  onError?: (error: unknown) => void;
}

/** Feeds `target` from the host's bridge re-emitting Omni-Channel's console events; returns `detach`. */
export function attachOmni(api: Listenable, target: AdapterTarget, options?: OmniOptions): Detach;
/** The same as `attachOmni`. */
export { attachOmni as attach };
/** Feeds `target` from the partner connector's voice events, heard on its window; returns `detach`. */
export function teeVoice(connectorWindow: Listenable, target: AdapterTarget, options?: VoiceOptions): Detach;
