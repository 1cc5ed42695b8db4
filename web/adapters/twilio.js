// Twilio adapter: the host's TaskRouter `Worker` (in a Flex plugin, `manager.workerClient`) and,
// where Flex runs, its `Actions` for hold, turned into contract events. One reservation is this
// agent's leg of a task: `contact_id` is the task sid, and every id also carries the reservation
// sid, so a task offered twice (re-routed, transferred back) keeps its legs apart.
import { eventId, millis, sinkOf, stateOf } from './common.js';

/** TaskRouter activity names (lower case) → contract state; an `available` activity is available. */
export const DEFAULT_STATES = {
  available: 'available', idle: 'available', offline: 'offline', unavailable: 'break',
  break: 'break', lunch: 'break', training: 'training', busy: 'busy', reserved: 'busy',
};

/** Task channel unique names → contract channel; other names count as `other`. */
export const DEFAULT_CHANNELS = {
  voice: 'voice', chat: 'chat', sms: 'sms', email: 'email', video: 'video', web: 'web',
  messaging: 'messaging', whatsapp: 'messaging', social: 'social', messenger: 'social',
};

const HOLD_ACTIONS = { afterHoldCall: true, afterUnholdCall: false };
const RESERVATION_EVENTS = ['accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapup', 'completed'];

/**
 * Feeds `target` from a TaskRouter `Worker` and returns `detach()`, which removes every listener.
 *
 * @param {object} worker the host's `Worker` (twilio-taskrouter 2.x); never a second copy.
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>` or a forwarder.
 * @param {object} [options]
 * @param {Record<string,string>} [options.states] activity name → contract state, over `DEFAULT_STATES`.
 * @param {string[]} [options.resolvedCodes] wrap-up codes that mean resolved.
 * @param {(task: object) => string|undefined} [options.wrapUpCode] the task's wrap-up code
 *   (default: the attributes' `conversations.outcome`, where Flex dispositions put it).
 * @param {(task: object) => string|undefined} [options.contactReason] the reason on `wrap_up_ended`
 *   (default: the task's `reason`, given to `task.complete(reason)` or `wrapUp({reason})`).
 * @param {(task: object) => string|undefined} [options.customerKey] a hashed customer key; none by default.
 * @param {string[]} [options.abandonReasons] task cancel reasons that mean the customer left (`['hangup']`).
 * @param {Record<string,string>} [options.channels] task channel name → contract channel, over `DEFAULT_CHANNELS`.
 * @param {{addListener: Function, removeListener: Function}} [options.actions] Flex `Actions`, for hold.
 * @param {() => number} [options.now] the clock for hold, which has no vendor time (`Date.now`).
 * @param {(error: unknown) => void} [options.onError] told of input the adapter skipped.
 * @returns {() => void} detach
 */
export function attach(worker, target, options = {}) {
  const push = sinkOf(target);
  const now = options.now ?? Date.now;
  const resolvedCodes = new Set(options.resolvedCodes ?? []);
  const abandonReasons = new Set((options.abandonReasons ?? ['hangup']).map((r) => r.toLowerCase()));
  const channels = { ...DEFAULT_CHANNELS, ...options.channels };
  const codeOf = options.wrapUpCode ?? ((task) => task.attributes?.conversations?.outcome);
  const reasonOf = options.contactReason ?? ((task) => task.reason);
  const legs = new Map(); // reservation sid → { task, phase: offered|talking|wrapping, held }
  const subscribed = new Map(); // Reservation object → its listeners
  const unsubscribe = [];

  // A vendor callback never throws: what cannot be mapped is skipped (and told to onError).
  const guard = (fn) => (...args) => {
    try {
      const events = fn(...args);
      if (events) push(events.filter(Boolean));
    } catch (error) {
      options.onError?.(error);
    }
  };
  const listen = (emitter, name, fn) => {
    emitter.on(name, fn);
    unsubscribe.push(() => emitter.removeListener(name, fn));
  };

  /** A contract event, or null without a time; fields left undefined or empty are left out. */
  const make = (type, ts, idParts, fields) => {
    if (ts === undefined) return null;
    const out = { v: 1, id: eventId('twilio', ...idParts), ts, type };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') out[key] = value;
    return out;
  };
  /** An event of reservation `r`'s leg, id `twilio:<type>:<task sid>:<reservation sid>`. */
  const event = (type, r, at, fields = {}, idType = type) => (typeof r?.task?.sid === 'string'
    ? make(type, millis(at), [idType, r.task.sid, r.sid], { contact_id: r.task.sid, ...fields })
    : null);

  const offered = (r) => {
    const task = r.task;
    if (!legs.has(r.sid)) legs.set(r.sid, { task: task.sid, phase: 'offered', held: false });
    const attributes = task.attributes ?? {};
    const outbound = attributes.direction === 'outbound' || attributes.outbound_to !== undefined;
    // A transferred-in task waits from the transfer, not from the first queue entry.
    const queued = millis(r.transfer?.dateCreated) ?? millis(task.dateCreated);
    return event('contact_offered', r, r.dateCreated, {
      channel: channels[task.taskChannelUniqueName] ?? 'other',
      queue: task.queueName ?? undefined,
      direction: outbound ? 'outbound' : undefined,
      queued_at: outbound ? undefined : queued,
      customer_key: options.customerKey?.(task) ?? undefined,
    });
  };
  const answered = (r, at) => {
    const leg = legs.get(r.sid);
    if (leg?.phase === 'offered') leg.phase = 'talking';
    return event('contact_answered', r, at);
  };
  // The conversation ends once per leg, told by a transfer or by the wrap-up: one id for both,
  // so a replay that sees it the other way round is still a duplicate.
  const ended = (r) => {
    const leg = legs.get(r.sid);
    if (leg?.phase === 'wrapping') return null;
    if (leg) Object.assign(leg, { phase: 'wrapping', held: false });
    const out = r.task.transfers?.outgoing;
    if (out && !['failed', 'canceled'].includes(String(out.status).toLowerCase())) {
      return event('contact_transferred', r, r.dateUpdated, { to: out.to }, 'contact_ended');
    }
    return event('contact_ended', r, r.dateUpdated);
  };
  const unanswered = (type) => (r) => {
    legs.delete(r.sid);
    release(r);
    return [event(type, r, r.dateUpdated)];
  };

  const handlers = {
    accepted: (r) => [answered(r, r.dateUpdated)],
    rejected: unanswered('contact_missed'),
    timeout: unanswered('contact_missed'),
    rescinded: unanswered('contact_withdrawn'), // another worker's reservation was accepted
    // Canceled while it rang: the task itself canceled for a reason that says the customer left
    // is an abandon; anything else (re-routed, TTL, failed accept) took the offer back. The
    // reason may come only with the task's own `canceled` just after: decide then, or when the
    // SDK forgets the leg (5 s after its clean-up), with what is known.
    canceled: (r) => {
      const task = r.task;
      const decide = () => unanswered(task.status === 'canceled' && abandonReasons.has(String(task.reason).toLowerCase())
        ? 'contact_abandoned' : 'contact_withdrawn')(r);
      if (task.status !== 'canceled' || task.reason || typeof task.on !== 'function') return decide();
      const later = guard(() => {
        clearTimeout(timer);
        task.removeListener('canceled', later);
        return decide();
      });
      const timer = setTimeout(later, 5000);
      listen(task, 'canceled', later);
      unsubscribe.push(() => clearTimeout(timer));
      return null;
    },
    wrapup: (r) => [ended(r)],
    completed: (r) => {
      const events = [ended(r)];
      const code = codeOf(r.task) ?? undefined;
      events.push(event('wrap_up_ended', r, r.dateUpdated, {
        disposition: code,
        resolved: code === undefined ? undefined : resolvedCodes.has(code),
        reason: reasonOf(r.task) ?? undefined,
      }));
      legs.delete(r.sid);
      release(r);
      return events;
    },
  };

  const track = (r) => {
    if (subscribed.has(r)) return;
    const listeners = RESERVATION_EVENTS.map((name) => [name, guard(handlers[name])]);
    for (const [name, fn] of listeners) r.on(name, fn);
    subscribed.set(r, listeners);
  };
  const release = (r) => {
    for (const [name, fn] of subscribed.get(r) ?? []) r.removeListener(name, fn);
    subscribed.delete(r);
  };

  const agentState = () => {
    const activity = worker.activity;
    if (!activity) return null;
    const name = activity.name;
    const state = options.states?.[name] ?? (activity.available ? 'available' : stateOf(name, options.states, DEFAULT_STATES));
    const ts = millis(worker.dateStatusChanged);
    return make('agent_state', ts, ['agent_state', worker.sid, activity.sid, ts], { state, reason: name });
  };

  // On `ready` (first connect, page reload, websocket reconnect) the SDK refills its reservations
  // without `reservationCreated`: emit each from its status (the ids make repeats duplicates) and
  // listen to the new objects. A leg first seen in wrap-up has no answer time: its offer's is used.
  const replay = () => {
    const events = [agentState()];
    for (const r of worker.reservations?.values() ?? []) {
      track(r);
      if (!['pending', 'accepted', 'wrapping'].includes(r.status)) continue;
      events.push(offered(r));
      if (r.status !== 'pending') events.push(answered(r, r.status === 'accepted' ? r.dateUpdated : r.dateCreated));
      if (r.status === 'wrapping') events.push(ended(r));
    }
    return events;
  };

  // Flex only: TaskRouter has no hold events. The payload's task is Flex's ITask (`sid` is the
  // reservation); its time is the arrival time.
  const hold = (on) => (payload) => {
    const sid = payload?.task?.sid ?? payload?.sid;
    const leg = legs.get(sid);
    if (!leg || leg.phase !== 'talking' || leg.held === on) return null;
    leg.held = on;
    const type = on ? 'hold_started' : 'hold_ended';
    const ts = millis(now());
    return [make(type, ts, [type, leg.task, sid, ts], { contact_id: leg.task })];
  };

  listen(worker, 'reservationCreated', guard((r) => {
    track(r);
    return [offered(r)];
  }));
  listen(worker, 'activityUpdated', guard(() => [agentState()]));
  listen(worker, 'ready', guard(replay));
  guard(replay)();
  if (options.actions) {
    for (const [name, on] of Object.entries(HOLD_ACTIONS)) {
      const fn = guard(hold(on));
      options.actions.addListener(name, fn);
      unsubscribe.push(() => options.actions.removeListener(name, fn));
    }
  }

  return function detach() {
    for (const off of unsubscribe.splice(0)) off();
    for (const r of [...subscribed.keys()]) release(r);
    legs.clear();
  };
}
