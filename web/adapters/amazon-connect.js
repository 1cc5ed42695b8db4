// Amazon Connect adapter: the host's Streams instance (`window.connect`, amazon-connect-streams
// 2.x, after `connect.core.initCCP`) → agent-kpi contract 1.1 events. Streams diffs the agent
// snapshots the CCP iframe posts and fires `contact::<event>::<contactId>` on its bus; this
// module listens there, never calls the CCP and never loads a second copy of Streams.
import { eventId, millis, sinkOf, stateOf } from './common.js';

const VENDOR = 'amazon-connect';

/**
 * Connect's agent state names → contract states: the system states, and names centres often
 * give their own statuses (matched in any case). A host's `states` table wins over these. A
 * name neither knows goes by its state type: routable is available, offline is offline, system
 * is busy; any other (custom statuses, error states such as `MissedCallAgent`) is a break.
 */
export const DEFAULT_STATES = {
  Available: 'available',
  Offline: 'offline',
  Busy: 'busy',
  PendingBusy: 'busy',
  Pending: 'busy',
  CallingCustomer: 'busy',
  Dialing: 'busy',
  Joining: 'busy',
  PendingAvailable: 'busy',
  AfterCallWork: 'after_contact_work',
  training: 'training',
};
const BY_TYPE = { routable: 'available', offline: 'offline', system: 'busy' };

const CHANNELS = { voice: 'voice', queue_callback: 'voice', chat: 'chat', email: 'email', task: 'other' };
const SUBTYPES = { 'connect:SMS': 'sms', 'connect:WhatsApp': 'messaging', 'connect:Apple': 'messaging' };
// Initiation methods where the agent reached out; a transfer is offered to this agent like any call.
const OUTBOUND = new Set(['outbound', 'agent_reply', 'campaign_preview', 'external_outbound']);
const TRANSFERS = new Set(['transfer', 'queue_transfer']);
const own = (map, key) => (typeof key === 'string' && Object.hasOwn(map, key) ? map[key] : undefined);

/**
 * Feeds `target` from the host's Amazon Connect Streams instance.
 *
 * @param {object} connect the host's `window.connect`, on which `initCCP` has been called.
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>` or any `push(events)`.
 * @param {object} [options]
 * @param {Record<string, string>} [options.states] agent state name → contract state, over `DEFAULT_STATES`.
 * @param {string[]} [options.resolvedCodes] dispositions that mean resolved (`wrap_up_ended.resolved`).
 * @param {string | ((contact: object) => string | undefined)} [options.disposition] the contact
 *   attribute holding the wrap-up code, or a function of the Streams contact; none by default.
 * @param {string | ((contact: object) => string | undefined)} [options.reason] the same for the contact reason.
 * @param {string | ((contact: object) => string | undefined)} [options.customerKey] the
 *   customer's key, or the attribute holding it (hash it if it must not leave the page); none by default.
 * @param {(error: unknown) => void} [options.onError] told of a callback that could not be mapped.
 * @returns {() => void} detach: drops every subscription this call made.
 */
export function attach(connect, target, options = {}) {
  const push = sinkOf(target);
  if (typeof connect?.contact !== 'function' || !connect.core?.getEventBus?.()) {
    // Streams' bus exists once initCCP has run; subscriptions made before it would be lost.
    throw new TypeError("agent-kpi amazon-connect adapter: pass the page's connect after connect.core.initCCP");
  }
  const { states = {}, resolvedCodes = [], customerKey, disposition, reason, onError = () => {} } = options;
  const resolved = new Set(resolvedCodes);
  const subs = [];
  const contacts = new Map(); // contactId → what this page has seen of it
  let detached = false;
  let lastState;
  let batch;

  const guard = (fn) => (...args) => {
    if (detached) return;
    try {
      fn(...args);
    } catch (error) {
      onError(error);
    }
  };
  const attempt = (fn) => {
    try {
      return fn();
    } catch (error) {
      onError(error);
      return undefined;
    }
  };
  const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
  const pick = (source, contact) => text(attempt(() => (typeof source === 'function'
    ? source(contact) : source ? contact.getAttributes()?.[source]?.value : undefined)));

  // Snapshot Dates are the server's clock; the page's is that minus the skew Streams measured
  // when the snapshot arrived. Ids keep the server's time, so a replay with another skew matches.
  const local = (serverMs) => {
    const skew = attempt(() => connect.core.getSkew());
    return serverMs === undefined ? undefined : Math.round(serverMs - (Number.isFinite(skew) ? skew : 0));
  };
  const snapshotAt = () => millis(connect.core.getAgentDataProvider().getAgentData().snapshot.snapshotTimestamp);

  // Streams fires one snapshot's callbacks synchronously, agent state first. They leave in one
  // push, agent states last: at equal ts the engine keeps arrival order, and a voice contact's
  // wrap-up must land before the `available` that would otherwise close its ACW without it.
  function emit(type, at, fields, ...idParts) {
    const ts = local(at);
    if (ts === undefined) return false; // no vendor time: nothing to place it by
    const event = { v: 1, id: eventId(VENDOR, type, ...idParts).slice(0, 128), ts, type };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) event[key] = value;
    if (!batch) {
      batch = { contacts: [], agent: [] };
      queueMicrotask(() => {
        const { contacts: first, agent } = batch;
        batch = undefined;
        attempt(() => push([...first, ...agent]));
      });
    }
    batch[type === 'agent_state' ? 'agent' : 'contacts'].push(event);
    return true;
  }

  function agentState(agent) {
    const { name, type, startTimestamp } = agent.getState() ?? {};
    const at = millis(startTimestamp);
    const id = eventId(name, at);
    if (typeof name !== 'string' || id === lastState) return; // connect.agent and Init→state both tell it
    lastState = id;
    const table = own(DEFAULT_STATES, name) ? states : { [name]: own(BY_TYPE, type), ...states };
    const state = stateOf(name, table, DEFAULT_STATES);
    const why = state === 'break' || state === 'training' ? name : undefined;
    emit('agent_state', at, { state, reason: why }, name, at);
  }

  const stateAt = (contact) => millis(contact.getState()?.timestamp);
  const channelOf = (contact) =>
    own(SUBTYPES, attempt(() => contact.getContactSubtype())) ?? own(CHANNELS, contact.getType()) ?? 'other';
  function outbound(contact) {
    const method = contact.getInitiationMethod();
    if (OUTBOUND.has(method)) return true;
    // Voice and chat tell it by the customer's leg: `inbound`, or `outbound` when the agent dialled.
    return !TRANSFERS.has(method) && attempt(() => contact.isInbound()) === false;
  }

  // One contact can ring this agent more than once (missed, back in the queue, offered again,
  // same contactId): the offer's own time tells the rounds apart, and a reload replays it as is.
  function offer(contact, rec) {
    if (rec.offered && !rec.closed) return;
    rec.closed = false;
    const at = stateAt(contact);
    const out = outbound(contact);
    rec.round = at;
    rec.offered = emit('contact_offered', at, {
      contact_id: rec.id,
      channel: channelOf(contact),
      direction: out ? 'outbound' : 'inbound',
      queued_at: out ? undefined : local(millis(contact.getQueueTimestamp())),
      queue: text(contact.getQueue()?.name),
      customer_key: pick(customerKey, contact),
      reason: pick(reason, contact),
    }, rec.id, at);
  }

  // A reload replays `connected` alone: the offer was sent by the page before, not again here.
  function answer(contact, rec) {
    if (rec.closed || rec.answered) return;
    rec.answered = true;
    emit('contact_answered', stateAt(contact), { contact_id: rec.id }, rec.id);
  }

  function missed(contact, rec) {
    // Ring-out, reject and a caller who hung up while it rang all land here (spec 1.4).
    if (!rec.offered || rec.answered || rec.closed) return;
    rec.closed = true;
    emit('contact_missed', stateAt(contact), { contact_id: rec.id }, rec.id, rec.round);
  }

  // `acw` is Streams' ANY→ended; `onEnded` also fires for missed contacts, so it is not used.
  function ended(contact, rec) {
    if (rec.closed || rec.ended !== undefined) return;
    const at = stateAt(contact);
    if (rec.offered && !rec.answered) {
      // Ended, not missed or rejected, before anyone answered: the customer left.
      rec.closed = true;
      emit('contact_abandoned', at, { contact_id: rec.id }, rec.id, rec.round);
      return;
    }
    rec.ended = at; // seen first in ACW (a reload): it was answered before
    // No transfer event in Streams: a third party still on the line when the agent's leg ends.
    const third = attempt(() => contact.getThirdPartyConnections().find((c) => c.isActive()));
    if (third) {
      const endpoint = attempt(() => third.getEndpoint());
      emit('contact_transferred', at, { contact_id: rec.id, to: text(endpoint?.name) ?? text(endpoint?.type) }, rec.id);
    } else {
      emit('contact_ended', at, { contact_id: rec.id }, rec.id);
    }
  }

  // Hold has no event: the customer's leg flips to `hold` and back, with its own state time.
  function hold(contact, rec) {
    if (!rec.answered || rec.ended !== undefined || rec.closed || channelOf(contact) !== 'voice') return;
    const leg = contact.getInitialConnection();
    const on = leg?.isOnHold() ?? false;
    if (on === (rec.hold ?? false)) return;
    rec.hold = on;
    const at = millis(leg.getState()?.timestamp);
    emit(on ? 'hold_started' : 'hold_ended', at, { contact_id: rec.id }, rec.id, at);
  }

  // The contact left the snapshot: the agent cleared it (ACW done) or the offer was taken back.
  function destroyed(contact, rec) {
    forget(rec);
    if (rec.closed) return;
    const at = snapshotAt(); // no ts of its own: the snapshot it vanished in
    if (rec.answered || rec.ended !== undefined) {
      const code = pick(disposition, contact);
      emit('wrap_up_ended', wrapAt(contact, rec, at), {
        contact_id: rec.id,
        disposition: code,
        resolved: code !== undefined && resolved.size > 0 ? resolved.has(code) : undefined,
        reason: pick(reason, contact),
      }, rec.id);
    } else if (rec.offered) {
      // Gone while still ringing, with no missed, rejected or ended state: Connect took it back.
      emit('contact_withdrawn', at, { contact_id: rec.id }, rec.id, rec.round);
    }
  }

  // A voice call's ACW ends when the agent leaves AfterCallWork, which can be a little before
  // the snapshot that drops the contact; chats leave the agent's state alone.
  function wrapAt(contact, rec, at) {
    if (channelOf(contact) !== 'voice' || rec.ended === undefined) return at;
    const { name, startTimestamp } = new connect.Agent().getState();
    const start = millis(startTimestamp);
    return name !== 'AfterCallWork' && start >= rec.ended && start <= at ? start : at;
  }

  function forget(rec) {
    contacts.delete(rec.id);
    for (const sub of rec.subs) attempt(() => sub.unsubscribe());
  }

  const handlers = {
    onIncoming: offer, // queue callbacks are offered as `incoming`, then `connecting` once accepted
    onConnecting: offer,
    onConnected: answer,
    onMissed: missed,
    onACW: ended,
    onRefresh: hold,
    onDestroy: destroyed,
  };
  function track(contact) {
    const id = contact.getContactId();
    // A supervisor's monitoring or barge-in leg is not this agent's own contact.
    if (contacts.has(id) || attempt(() => contact.getAgentConnection()?.getType()) === 'monitoring') return;
    const rec = { id, subs: [] };
    contacts.set(id, rec);
    for (const [on, handle] of Object.entries(handlers)) {
      // Transition events carry a live Contact; `destroyed` the last snapshot of the gone one.
      rec.subs.push(contact[on](guard((vendor) => handle(vendor ?? contact, rec))));
    }
    return rec;
  }

  // Streams replays each contact's state on its first snapshot (INIT→state); contacts that were
  // there before this attach get no `contact::init` again, so they are replayed here alike.
  const REPLAY = { incoming: offer, connecting: offer, connected: answer, paused: answer, ended };
  const late = connect.agent.initialized === true;
  subs.push(connect.contact(guard(track)));
  subs.push(connect.agent(guard((agent) => {
    agentState(agent);
    subs.push(agent.onStateChange(guard(({ agent: now }) => agentState(now))));
    if (!late) return;
    for (const contact of agent.getContacts()) {
      guard(() => {
        const rec = track(contact);
        if (!rec) return;
        own(REPLAY, contact.getState()?.type)?.(contact, rec);
        hold(contact, rec);
      })();
    }
  })));

  return function detach() {
    detached = true;
    for (const sub of subs) attempt(() => sub.unsubscribe());
    for (const rec of [...contacts.values()]) forget(rec);
  };
}
