// Webex Contact Center → agent-kpi contract events, from the `Desktop` object a Desktop widget
// already has (`@wxcc-desktop/sdk`, after `await Desktop.config.init(...)`). The SDK hands
// widgets the platform's raw messages (`Msg{type, orgId, trackingId, data}`): `data.eventTime`
// is epoch ms and becomes `ts`. Agent presence (`agentStateInfo` "updated") carries no time at
// all: there the adapter uses the time the callback came (see `presence` below).
// Mapping, options and limits: docs/adapters/webex.md.
import { eventId, millis, sinkOf, stateOf } from './common.js';

/** Presence names (lower case) → contract states; the host's `states` option goes over them. */
export const DEFAULT_STATES = {
  available: 'available',
  idle: 'break',
  rona: 'break',
  break: 'break',
  lunch: 'break',
  meeting: 'break',
  training: 'training',
  coaching: 'training',
  loggedout: 'offline',
};

const CHANNELS = {
  telephony: 'voice',
  chat: 'chat',
  email: 'email',
  sms: 'sms',
  social: 'social',
  facebook: 'messaging',
  whatsapp: 'messaging',
  appleMessages: 'messaging',
  googleMessages: 'messaging',
};

const Y2000 = 946684800000; // older "times" are not epoch ms (seconds, zeros): not trusted
const PRESENCE_KEY = 'agent-kpi:webex:presence';

const text = (value, max = 256) =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;
const time = (value) => {
  const ms = millis(value);
  return ms !== undefined && ms > Y2000 ? ms : undefined;
};
const withoutUndefined = (event) =>
  Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));

/**
 * Feeds `target` from a Webex Contact Center Desktop widget's `Desktop`.
 *
 * @param {object} Desktop the widget's `Desktop` from `@wxcc-desktop/sdk`, after
 *   `await Desktop.config.init(...)` (listeners added before that are not bound by the SDK).
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>`, or anything with
 *   `push(events)`.
 * @param {object} [options]
 * @param {Record<string, string>} [options.states] presence name (`Available`, or an idle code's
 *   name) → contract state, over {@link DEFAULT_STATES}; unknown names are breaks.
 * @param {string[]} [options.resolvedCodes] wrap-up codes (names or ids) that mean resolved.
 * @param {(data: object) => string | undefined} [options.customerKey] the customer key of a
 *   contact (given the message's `data`, with its `interaction`); none by default.
 * @param {(data: object) => number | undefined} [options.queuedAt] when the customer entered
 *   the queue (epoch ms); by default `interaction.queuedTimestamp` where the platform gives it.
 * @param {Storage | null} [options.storage] where the presence last sent is kept across console
 *   reloads (default `sessionStorage`; `null` keeps nothing).
 * @returns {() => void} detach: removes every listener the adapter added.
 */
export function attach(Desktop, target, options = {}) {
  const sink = sinkOf(target);
  const resolved = new Set(options.resolvedCodes ?? []);
  const customerKey = options.customerKey ?? (() => undefined);
  const queuedAt = options.queuedAt ?? ((data) => data.interaction?.queuedTimestamp);
  let storage = null;
  try {
    storage = options.storage === undefined ? globalThis.sessionStorage ?? null : options.storage;
  } catch {
    storage = null; // a sandboxed frame may refuse sessionStorage outright
  }
  const sent = new Set(); // ids already pushed: the SDK repeats itself (ContactEnded + AgentWrapup)
  const contacts = new Map(); // interactionId → { id: contact_id, offerTime, over }
  let presence; // { state, reason, event } last sent

  const send = (events) => {
    const fresh = events.filter((e) => e && !sent.has(e.id));
    for (const e of fresh) sent.add(e.id);
    sink(fresh);
  };
  // Every vendor callback goes through here: odd input is skipped, never thrown back at the SDK.
  const guard = (map) => (msg) => {
    try {
      send(map(msg?.data ?? {}));
    } catch {
      /* a message this adapter cannot read changes nothing */
    }
  };

  // The contact this message is about. An interaction offered again after its earlier leg with
  // this agent is over (a RONA, then routed back; a transfer back) is a new contact, named after
  // its offer's eventTime, so that its ids do not collide with the first leg's.
  function contactOf(data, offer = false) {
    const iid = text(data.interactionId ?? data.interaction?.interactionId, 64);
    if (iid === undefined) return undefined;
    let c = contacts.get(iid);
    if (!c || (offer && c.over && c.offerTime !== data.eventTime)) {
      const leg = c ? String(at(data)) : undefined;
      c = { id: eventId(iid, leg), offerTime: offer ? data.eventTime : undefined, over: false };
      contacts.set(iid, c);
    }
    if (offer) c.offerTime ??= data.eventTime;
    return c;
  }

  // ts: the message's eventTime (epoch ms); a message without one counts when it came.
  const at = (data) => time(data.eventTime) ?? Date.now();
  const event = (type, c, ts, fields = {}, repeat = undefined) =>
    c && withoutUndefined({ v: 1, id: eventId('webex', type, c.id, repeat), ts, type, contact_id: c.id, ...fields });

  function offered(c, data, ts) {
    const i = data.interaction ?? {};
    const cpd = i.callProcessingDetails ?? {};
    const outbound = /^outbound$/i.test(i.contactDirection?.type ?? '');
    const queued = outbound ? undefined : time(queuedAt(data));
    return event('contact_offered', c, ts, {
      channel: CHANNELS[i.mediaType ?? i.mediaChannel] ?? 'other',
      direction: outbound ? 'outbound' : 'inbound',
      queued_at: queued !== undefined && queued <= ts ? queued : undefined,
      queue: text(data.queueName) ?? text(cpd.virtualTeamName),
      reason: text(cpd.reason),
      customer_key: text(customerKey(data), 128),
    });
  }
  // Where this agent stands in the interaction (the participant keyed by the agent's id).
  const me = (data) => data.interaction?.participants?.[data.agentId] ?? {};
  // The customer's call: holds on consult legs are not the customer's.
  const mainMedia = (i = {}) => {
    const media = Object.values(i.media ?? {});
    return media.find((m) => m?.mType === 'mainCall') ?? i.media?.[i.interactionId] ?? media[0];
  };
  // A hold's id and ts come from the media's holdTimestamp, which a reload's replay repeats.
  const hold = (c, data) => {
    const ts = time(mainMedia(data.interaction)?.holdTimestamp) ?? at(data);
    return event('hold_started', c, ts, {}, ts);
  };
  // The end of this agent's conversation: ContactEnded, AgentWrapup and a transfer all share
  // one id, so whichever comes first counts and the others are duplicates.
  const ended = (c, ts, type = 'contact_ended', fields = {}) =>
    c && { ...event(type, c, ts, fields), id: eventId('webex', 'contact_ended', c.id) };
  // This leg is over (missed, abandoned, withdrawn, wrapped up): a later offer is a new leg.
  const finish = (c) => {
    if (c) c.over = true;
    return c;
  };

  // The interaction as it stands (AgentContact after a reload, or the Desktop's task map):
  // each phase it has passed, with the same ids as when it happened live. A consult another
  // agent asked this one for is not this agent's contact (nor is it counted live).
  function hydrate(data) {
    if (data.isConsulted === true) return [];
    const c = contactOf(data);
    const i = data.interaction ?? {};
    const ts = at(data);
    const mine = me(data);
    const events = [offered(c, data, time(mine.joinTimestamp) ?? ts)];
    if (i.state === 'new') return events;
    events.push(event('contact_answered', c, time(mine.joinTimestamp) ?? ts));
    if (/^wrap/i.test(i.state ?? '') || mine.isWrapUp) {
      events.push(ended(c, time(mine.wrapUpTimestamp) ?? ts));
    } else if (mainMedia(i)?.isHold) {
      events.push(hold(c, data));
    }
    return events;
  }

  const contactHandlers = {
    eAgentOfferContact: (data) => {
      const c = contactOf(data, true);
      return [offered(c, data, at(data))];
    },
    // An answer implies its offer: one made before the adapter attached is sent here.
    eAgentContactAssigned: (data) => {
      const c = contactOf(data);
      return [offered(c, data, at(data)), event('contact_answered', c, at(data))];
    },
    eAgentOfferContactRona: (data) => [event('contact_missed', finish(contactOf(data)), at(data))],
    // The platform could not connect the offer (neither the agent's doing nor the customer's).
    eAgentContactAssignFailed: (data) => [event('contact_withdrawn', finish(contactOf(data)), at(data))],
    eAgentInviteFailed: (data) => [event('contact_withdrawn', finish(contactOf(data)), at(data))],
    eAgentContactHeld: (data) => [hold(contactOf(data), data)],
    eAgentContactUnHeld: (data) => [event('hold_ended', contactOf(data), at(data), {}, at(data))],
    // Before assignment (the interaction still `new`) the customer hung up: an abandon.
    eAgentContactEnded: (data) => {
      const c = contactOf(data);
      if (!c) return [];
      const state = data.interaction?.state;
      const answered = state ? state !== 'new' : sent.has(eventId('webex', 'contact_answered', c.id));
      if (!answered) return [event('contact_abandoned', finish(c), at(data))];
      const end = ended(c, at(data));
      if (sent.has(end.id)) return []; // already transferred or ended: nothing more to say
      const events = [end];
      // agentsPendingWrapUp names the agents who owe a wrap-up; without this one, none follows.
      const pending = data.agentsPendingWrapUp;
      if (Array.isArray(pending) && !pending.includes(data.agentId)) {
        events.push(event('wrap_up_ended', finish(c), at(data)));
      }
      return events;
    },
    eAgentWrapup: (data) => [ended(contactOf(data), at(data))],
    eAgentContactWrappedUp: (data) => {
      const c = finish(contactOf(data));
      const code = text(data.wrapUpAuxCodeId);
      const known = Desktop.agentStateInfo?.latestData?.wrapupCodes ?? [];
      const name = text(known.find((w) => w?.id === code)?.name) ?? code;
      const isResolved = code !== undefined && (resolved.has(code) || resolved.has(name));
      return [event('wrap_up_ended', c, at(data), { disposition: name, resolved: isResolved || undefined })];
    },
    eAgentContact: hydrate,
  };
  // Transfers that are done (not one still in progress, which can fail).
  for (const name of ['eAgentblindTransferred', 'eAgentvteamTransfer', 'eConsultTransfer', 'eAgentConferenceTransferred']) {
    contactHandlers[name] = (data) => [ended(contactOf(data), at(data), 'contact_transferred')];
  }

  // Presence. Desktop's "updated" says what changed, never when: ts is the arrival time. The
  // presence last sent is kept (sessionStorage) so that a reload, which replays the current
  // presence, sends that same event again (same id, same ts): a duplicate, not a new state.
  function current() {
    const { status, subStatus, idleCode } = Desktop.agentStateInfo?.latestData ?? {};
    if (typeof status !== 'string' || status === '') return undefined;
    const name = /logged ?out/i.test(status)
      ? 'LoggedOut'
      : subStatus === 'Available' ? 'Available' : text(idleCode?.name) ?? text(idleCode?.id) ?? 'Idle';
    return { state: stateOf(name, options.states, DEFAULT_STATES), reason: name === 'Available' ? undefined : name };
  }
  function presenceEvent(now) {
    if (!now || (presence && presence.state === now.state && presence.reason === now.reason)) return [];
    if (!presence) {
      let kept;
      try {
        kept = JSON.parse(storage?.getItem(PRESENCE_KEY) ?? 'null');
      } catch {
        kept = null;
      }
      if (kept?.event && kept.state === now.state && kept.reason === now.reason) {
        presence = kept;
        return [kept.event];
      }
    }
    const ts = Date.now();
    const e = withoutUndefined({ v: 1, id: eventId('webex', 'agent_state', ts), ts, type: 'agent_state', state: now.state, reason: now.reason });
    presence = { ...now, event: e };
    try {
      storage?.setItem(PRESENCE_KEY, JSON.stringify(presence));
    } catch {
      /* full or refused: the next reload sends its presence anew */
    }
    return [e];
  }
  const onUpdated = guard(() => presenceEvent(current()));
  const onLogout = guard(() => presenceEvent({ state: stateOf('LoggedOut', options.states, DEFAULT_STATES), reason: 'LoggedOut' }));

  const listeners = Object.entries(contactHandlers).map(([name, map]) => [name, guard(map)]);
  for (const [name, listener] of listeners) Desktop.agentContact?.addEventListener(name, listener);
  Desktop.agentStateInfo?.addEventListener('updated', onUpdated);
  Desktop.logout?.addEventListener('eAgentLogoutSuccess', onLogout);
  onUpdated(); // the presence the Desktop already knows

  // The interactions already in progress, should their AgentContact replay have come before
  // this attach. The map's values are read like AgentContact's `data`.
  let attached = true;
  Promise.resolve()
    .then(() => Desktop.actions?.getTaskMap?.())
    .then((tasks) => {
      if (!attached || !tasks) return;
      for (const task of tasks.values?.() ?? Object.values(tasks)) guard(hydrate)({ data: task });
    })
    .catch(() => {});

  return function detach() {
    attached = false;
    for (const [name, listener] of listeners) Desktop.agentContact?.removeEventListener(name, listener);
    Desktop.agentStateInfo?.removeEventListener('updated', onUpdated);
    Desktop.logout?.removeEventListener('eAgentLogoutSuccess', onLogout);
  };
}
