// Salesforce adapter, two halves that may feed one panel:
// - `attachOmni`: Omni-Channel's console events (work assigned / accepted / declined / closed,
//   chat ended, status changed), forwarded by a small Aura bridge (docs/adapters/salesforce.md).
//   They carry no timestamps: `ts` is their arrival time. `contact_id` is the work item's record
//   id, and ids also carry the AgentWork id (`workId`), so a work item offered twice keeps its
//   legs apart.
// - `teeVoice`: Service Cloud Voice partner telephony. Inside the host's own connector page it
//   watches the MessagePort that @salesforce/scv-connector-base (3.6.x) posts to Salesforce on,
//   so it sees exactly what Salesforce sees, after the base's validation: the partner's
//   `publishEvent` calls, and what the base dispatches itself (accept, decline, end and hold
//   from the Salesforce softphone, and the active calls it replays after a reload).
//   `contact_id` is the vendor's `callId`.
import { eventId, millis, sinkOf, stateOf } from './common.js';

/** Omni-Channel presence status (API name or label, lower case) → contract state. */
export const DEFAULT_STATES = {
  available: 'available', online: 'available', busy: 'busy', break: 'break', lunch: 'break',
  away: 'break', training: 'training', offline: 'offline',
};

/** Record id key prefix of a work item → contract channel; other prefixes count as `other`. */
export const DEFAULT_CHANNELS = { '0LQ': 'voice', '570': 'chat', '0Mw': 'messaging' };

const OMNI_EVENTS = [
  'omniChannelWorkAssigned', 'omniChannelWorkAccepted', 'omniChannelWorkDeclined',
  'omniChannelWorkClosed', 'conversationChatEnded', 'omniChannelStatusChanged', 'omniChannelLogout',
];

const ev = (type, contactId, ts, fields, leg) =>
  clean({ id: eventId('salesforce', type, contactId, leg), ts, type, contact_id: contactId, ...fields });

// Fields a vendor left out stay out of the JSON.
function clean(event) {
  for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key];
  return event;
}

const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);

// The host's customer key, where it gives a usable one (the widget hashes it under its secret).
function keyOf(customerKey, item) {
  const key = customerKey?.(item);
  return typeof key === 'string' && key.length > 0 && key.length <= 128 ? key : undefined;
}

// A vendor callback never throws: what cannot be mapped is skipped (and told to onError).
function guarded(push, onError) {
  return (fn) => (...args) => {
    try {
      const events = fn(...args);
      if (events?.length) push(events.filter(Boolean));
    } catch (error) {
      onError?.(error);
    }
  };
}

/**
 * Feeds `target` from Omni-Channel console events and returns `detach()`.
 *
 * @param {{addEventListener(name: string, cb: Function): void, removeEventListener(name: string, cb: Function): void}} api
 *   the host's bridge that re-emits the Aura events (`omniChannelWorkAssigned`, …, without the
 *   `lightning:` namespace); a listener receives the event's params as a plain object, a
 *   `CustomEvent` whose `detail` holds them, or the Aura event itself (`getParams()`).
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>` or a forwarder.
 * @param {object} [options]
 * @param {Record<string,string>} [options.states] status API name or label → contract state, over `DEFAULT_STATES`.
 * @param {Record<string,string>} [options.channels] key prefix → channel, over `DEFAULT_CHANNELS`.
 * @param {boolean} [options.voice] take VoiceCall work items (default true); false where `teeVoice`
 *   feeds the same panel, which would otherwise count each call twice under two ids.
 * @param {(item: {workItemId: string, workId?: string, channel: string}) => string|undefined} [options.customerKey]
 * @param {() => number} [options.now] the clock (`Date.now`): Omni events carry no time of their own.
 * @param {(error: unknown) => void} [options.onError] told of input the adapter skipped.
 * @returns {() => void} detach
 */
export function attachOmni(api, target, options = {}) {
  const push = sinkOf(target);
  const now = options.now ?? Date.now;
  const channels = { ...DEFAULT_CHANNELS, ...options.channels };
  const voice = options.voice ?? true;
  const pending = new Map(); // work item id → AgentWork id, offered and not yet accepted or declined

  // The work item's channel from its record id, or undefined when it is not ours to count.
  const channelOf = (id) => {
    if (!text(id)) return undefined;
    const channel = channels[id.slice(0, 3)] ?? 'other';
    return channel === 'voice' && !voice ? undefined : channel;
  };
  const offer = (p, ts) => ev('contact_offered', p.workItemId, ts, {
    channel: channelOf(p.workItemId),
    customer_key: keyOf(options.customerKey, { ...p, channel: channelOf(p.workItemId) }),
  }, p.workId);

  const on = {
    omniChannelWorkAssigned(p, ts) {
      if (!channelOf(p.workItemId)) return [];
      pending.set(p.workItemId, p.workId);
      return [offer(p, ts)];
    },
    // An accept for work never seen assigned (the console re-announcing it after a reload)
    // offers it too: the same id makes it a duplicate wherever the offer was already counted.
    omniChannelWorkAccepted(p, ts) {
      if (!channelOf(p.workItemId)) return [];
      const seen = pending.delete(p.workItemId);
      return [seen ? null : offer(p, ts), ev('contact_answered', p.workItemId, ts, {}, p.workId)];
    },
    omniChannelWorkDeclined(p, ts) {
      if (!channelOf(p.workItemId)) return [];
      pending.delete(p.workItemId);
      return [ev('contact_missed', p.workItemId, ts, {}, p.workId)];
    },
    // Closed before it was accepted: Omni took the request back (unverified: see the doc).
    // Closed after: the tab was closed, the ACW timer ran out, or the status went Completed.
    omniChannelWorkClosed(p, ts) {
      if (!channelOf(p.workItemId)) return [];
      const wasPending = pending.delete(p.workItemId);
      return [ev(wasPending ? 'contact_withdrawn' : 'wrap_up_ended', p.workItemId, ts, {}, p.workId)];
    },
    conversationChatEnded(p, ts) {
      return channelOf(p.recordId) ? [ev('contact_ended', p.recordId, ts)] : [];
    },
    omniChannelStatusChanged(p, ts) {
      const events = [];
      // A push timeout declines the offers that were ringing (the status change says so).
      if (p.reason === 'OmniPushTimeout') {
        for (const [workItemId, workId] of pending) events.push(ev('contact_missed', workItemId, ts, {}, workId));
        pending.clear();
      }
      const names = [p.statusApiName, p.statusName].filter(text);
      const name = names.find((n) => options.states?.[n] ?? DEFAULT_STATES[n.toLowerCase()]) ?? names[0];
      // No vendor time exists: the arrival time goes into the id, so a status re-announced
      // after a reload is a new event (restating the same state, it changes no figure).
      events.push(clean({
        id: eventId('salesforce', 'agent_state', p.statusId ?? name, ts), ts, type: 'agent_state',
        state: stateOf(name, options.states, DEFAULT_STATES), reason: text(p.statusName),
      }));
      return events;
    },
    omniChannelLogout(p, ts) {
      return [{ id: eventId('salesforce', 'agent_state', 'offline', ts), ts, type: 'agent_state', state: 'offline' }];
    },
  };

  const guard = guarded(push, options.onError);
  const listeners = OMNI_EVENTS.map((name) => {
    const listener = guard((arg) => {
      const p = 'detail' in Object(arg) ? arg.detail : typeof arg?.getParams === 'function' ? arg.getParams() : arg;
      return p && typeof p === 'object' ? on[name](p, now()) : [];
    });
    api.addEventListener(name, listener);
    return [name, listener];
  });
  return () => {
    for (const [name, listener] of listeners) api.removeEventListener(name, listener);
  };
}

/**
 * Tees the Service Cloud Voice connector base (@salesforce/scv-connector-base 3.6.x) into
 * `target`, and returns `detach()`. Call it in the partner connector's page next to
 * `initializeConnector`, before Salesforce sends `SETUP_CONNECTOR`: it takes the MessagePort
 * of that first message, as the base does, and translates what the base posts on it.
 *
 * @param {{addEventListener: Function, removeEventListener: Function}} connectorWindow the
 *   connector page's `window`, where the base listens for `SETUP_CONNECTOR`.
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>` or a forwarder.
 * @param {object} [options]
 * @param {string[]} [options.resolvedCodes] `WRAP_UP_ENDED` dispositions that mean resolved.
 * @param {Record<string,'missed'|'abandoned'|'withdrawn'>} [options.hangupReasons] the partner's
 *   `PhoneCall.reason` of an unanswered hang-up → outcome; unlisted reasons are missed.
 * @param {(call: object) => string|undefined} [options.customerKey] from the `PhoneCall`; none by default.
 * @param {() => number} [options.now] the clock for states the connector gives no time for (`Date.now`).
 * @param {(error: unknown) => void} [options.onError] told of input the adapter skipped.
 * @returns {() => void} detach
 */
export function teeVoice(connectorWindow, target, options = {}) {
  const push = sinkOf(target);
  const now = options.now ?? Date.now;
  const resolvedCodes = new Set(options.resolvedCodes ?? []);
  const reasons = options.hangupReasons ?? {};
  const calls = new Map(); // callId → { outbound, answered, held, thirdParty, declined, done, last }
  let current; // the callId in conversation (a voice agent is on one call at a time)
  let lastEnded; // the callId whose wrap-up a WRAP_UP_ENDED without a callId closes

  // A state's time is the call's `callStateTimestamp` where the connector moved it for this
  // state; a connector that stamps only the ring (Salesforce's demo connector does) gets the
  // arrival time for the later states.
  const stamp = (rec, call) => {
    const at = millis(call?.callInfo?.callStateTimestamp);
    rec.last = at !== undefined && (rec.last === undefined || at > rec.last) ? at : now();
    return rec.last;
  };

  const offer = (call) => {
    const id = text(call?.callId);
    const type = String(call?.callType ?? 'inbound').toLowerCase();
    // A consult leg or an agent-to-agent call is no customer contact.
    if (!id || calls.has(id) || type === 'addparticipant' || type === 'internalcall') return [];
    const rec = { outbound: type === 'outbound' };
    calls.set(id, rec);
    const info = call.callInfo ?? {};
    return [ev('contact_offered', id, stamp(rec, call), rec.outbound ? { channel: 'voice', direction: 'outbound' } : {
      channel: 'voice', queued_at: millis(info.queueTimestamp), queue: text(info.queueName),
      customer_key: keyOf(options.customerKey, call),
    })];
  };

  const answer = (call) => {
    const id = text(call?.callId);
    // A connected call never seen offered: replayed after a reload, offered and answered at its stamp.
    const events = id && !calls.has(id) ? offer(call) : [];
    const rec = calls.get(id);
    if (!rec || rec.answered || rec.done) return events;
    rec.answered = true;
    current = id;
    // A replayed call says whether it is on hold; its hold_started was sent before the reload.
    rec.held = Boolean(call.callInfo?.isOnHold ?? call.callAttributes?.isOnHold);
    const ts = events.length ? rec.last : stamp(rec, call);
    return [...events, ev('contact_answered', id, ts)];
  };

  const end = (call, ts) => {
    const id = text(call?.callId);
    const rec = calls.get(id);
    if (!rec || rec.done) return [];
    rec.done = true;
    ts ??= stamp(rec, call);
    if (current === id) current = undefined;
    if (rec.answered) {
      lastEnded = id;
      return [ev(rec.thirdParty ? 'contact_transferred' : 'contact_ended', id, ts)];
    }
    const given = !rec.declined && Object.hasOwn(reasons, call.reason) ? reasons[call.reason] : undefined;
    return [ev(given === 'abandoned' || given === 'withdrawn' ? `contact_${given}` : 'contact_missed', id, ts)];
  };

  const wrap = (callId, code) => {
    const id = text(callId) ?? lastEnded;
    const rec = calls.get(id);
    // A call unknown here may have ended before a reload: its wrap-up still counts.
    if (!id || (rec && !rec.answered)) return [];
    const disposition = text(code);
    return [ev('wrap_up_ended', id, now(), {
      disposition, resolved: disposition === undefined ? undefined : resolvedCodes.has(disposition),
    })];
  };

  const hold = ({ isCustomerOnHold: onHold, calls: list }) => {
    const rec = calls.get(current);
    if (!rec || typeof onHold !== 'boolean' || onHold === rec.held) return [];
    rec.held = onHold;
    const call = Object.values(list ?? {}).find((c) => c?.callId === current);
    const ts = stamp(rec, call);
    return [ev(onHold ? 'hold_started' : 'hold_ended', current, ts, {}, ts)];
  };

  // A participant added to the call in conversation: if the agent hangs up while they are on,
  // the agent has handed the customer to them (a blind transfer is exactly that). If the
  // customer's leg ended instead, the conversation with the customer is over.
  const participant = ({ initialCallHasEnded }) => {
    const rec = calls.get(current);
    if (!rec) return [];
    if (!initialCallHasEnded) {
      rec.thirdParty = true;
      return [];
    }
    rec.thirdParty = false;
    return end({ callId: current }, now());
  };

  const dispatched = {
    CALL_STARTED: offer,
    QUEUED_CALL_STARTED: offer,
    CALL_CONNECTED: answer,
    HOLD_TOGGLE: hold,
    PARTICIPANT_ADDED: participant,
    PARTICIPANT_CONNECTED: participant,
    PARTICIPANT_REMOVED: () => {
      const rec = calls.get(current);
      if (rec) rec.thirdParty = false;
      return [];
    },
    // The base dispatches one PhoneCall or an array of them.
    HANGUP: (payload) => [].concat(payload ?? []).flatMap((call) => end(call)),
    // Nothing new where HANGUP came first; a safety net where it did not.
    AFTER_CALL_WORK_STARTED: (p) => (calls.get(p?.callId)?.answered ? end({ callId: p.callId }, now()) : []),
    WRAP_UP_ENDED: (p) => wrap(p?.callId, p?.disposition),
  };

  const guard = guarded(push, options.onError);
  let port;
  let original;
  let live = false; // the base accepted this port (it posted on it): only then trust what comes in

  // What the base posts to Salesforce: translated after the base has posted it (a payload
  // that failed its validation was never posted, so it is never translated either).
  const outgoing = guard((message) => {
    live = true;
    if (message?.type === 'CONNECTOR_READY') {
      const call = message.payload?.callInProgress;
      return call?.state === 'ringing' ? offer(call) : call?.state === 'connected' ? answer(call) : [];
    }
    if (message?.type !== 'TELEPHONY_EVENT_DISPATCHED') return [];
    const { telephonyEventType: type, telephonyEventPayload: payload } = message.payload ?? {};
    return Object.hasOwn(dispatched, type) ? dispatched[type](payload) : [];
  });
  // What Salesforce asks of the connector: a decline makes the coming hang-up a missed offer;
  // the agent's wrap-up done in Salesforce ends ACW.
  const incoming = guard(({ data }) => {
    if (!live) return [];
    if (data?.type === 'DECLINE_CALL') {
      const rec = calls.get(data.call?.callId);
      if (rec) rec.declined = true;
    }
    return data?.type === 'WRAP_UP_CALL' ? wrap(data.call?.callId) : [];
  });

  const onSetup = (message) => {
    if (message?.data?.type !== 'SETUP_CONNECTOR' || !message.ports?.[0]) return;
    connectorWindow.removeEventListener('message', onSetup); // the base too takes only the first
    port = message.ports[0];
    original = port.postMessage;
    port.postMessage = function postMessage(...args) {
      const result = original.apply(this, args);
      outgoing(args[0]);
      return result;
    };
    port.addEventListener('message', incoming);
  };
  connectorWindow.addEventListener('message', onSetup);

  return () => {
    connectorWindow.removeEventListener('message', onSetup);
    if (port) {
      port.postMessage = original;
      port.removeEventListener('message', incoming);
    }
  };
}

export { attachOmni as attach };
