// Genesys Cloud → agent-kpi contract events, by either of the two routes a Genesys page has:
// - `attach(client, target, options)`: the notifications of the host's own
//   `genesys-cloud-streaming-client` (the agent's conversations, routing status and presence);
// - `attachEmbeddable(window, target, options)`: the Embeddable Framework's Interaction and
//   UserAction events, relayed to the CRM page by the host's framework.js as
//   `postMessage(JSON.stringify({type: 'interactionSubscription', data: {category, interaction}}))`
//   (and `userActionSubscription`), as Genesys's own example does.
// Both read a whole contact each time (a conversation notification is a full snapshot, so is an EF
// interaction) and emit only what is new for it: duplicates, replays and reloads give the same ids.
import { sinkOf, millis, stateOf, eventId } from './common.js';

const VENDOR = 'genesys';

/** Presence (`systemPresence`, as `ON_QUEUE`) → contract state, while the agent is off queue. */
export const DEFAULT_STATES = {
  ON_QUEUE: 'available', AVAILABLE: 'break', BUSY: 'break', AWAY: 'break', BREAK: 'break',
  MEAL: 'break', MEETING: 'break', IDLE: 'break', TRAINING: 'training', OFFLINE: 'offline',
};
// On queue, the routing status says what the agent does (not configurable: the platform's own).
const ROUTING = { IDLE: 'available', INTERACTING: 'busy', COMMUNICATING: 'busy', NOT_RESPONDING: 'break' };
// Which array of a participant holds its communications, and the contract channel of each.
const MEDIA = [['calls', 'voice'], ['callbacks', 'voice'], ['chats', 'chat'], ['emails', 'email'],
  ['messages', 'messaging'], ['socialExpressions', 'social'], ['videos', 'video'],
  ['screenshares', 'other'], ['cobrowsesessions', 'other']];
// How an offer that was never answered ended, by the agent leg's `disconnectType`; any other
// type (timeout, client, endpoint, transfer.noanswer …) is the agent's miss.
const UNANSWERED = {
  peer: 'contact_abandoned', system: 'contact_withdrawn', transfer: 'contact_withdrawn',
  'transfer.forward': 'contact_withdrawn', 'transfer.consult': 'contact_withdrawn',
  'transfer.conference': 'contact_withdrawn',
};
// The Embeddable Framework's own pages are served from `https://apps.<region domain>`.
const EF_ORIGIN = /^https:\/\/apps\.(mypurecloud\.[a-z.]+|[a-z0-9-]+\.pure\.cloud)$/;

/**
 * Feeds `target` from the host's streaming client (`new Client({...})` of
 * `genesys-cloud-streaming-client`), subscribing to the agent's `v2.users.<id>.conversations`,
 * `.routingStatus` and `.presence` topics.
 * @param {object} client the host's streaming client (its `notifications` extension is used)
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>` or any `push(events)`
 * @param {object} options `userId` (required: the agent's Genesys user id), `states`,
 *   `resolvedCodes`, `names` (queue and wrap-up code ids → names), `customerKey(conversation)`,
 *   `current` ({conversations, routingStatus, presence} the host read by REST on (re)loading),
 *   `now` (the clock for events with no vendor time; default `Date.now`)
 * @returns {() => void} detach
 */
export function attach(client, target, options = {}) {
  const { userId } = options;
  if (!client?.notifications || typeof userId !== 'string' || userId === '') {
    throw new TypeError('agent-kpi genesys adapter: a streaming client and options.userId are needed');
  }
  const feed = feeder(target, options);
  const handlers = {
    conversations: guard((conversation) => feed.contacts(readConversation(conversation, userId, options))),
    routingStatus: guard((body) => feed.routing(body?.routingStatus ?? body)),
    presence: guard((body) => feed.presence(body)),
  };
  const topics = Object.keys(handlers).map((name) => [`v2.users.${userId}.${name}`, handlers[name]]);
  // Immediate subscriptions: one XMPP subscribe each, leaving the host's bulk topics alone.
  for (const [topic, handler] of topics) client.notifications.subscribe(topic, handler, true)?.catch?.(() => {});
  // The client replays nothing on a (re)load: the host's REST reads of that moment stand in.
  // Routing status first: with both known, no presence-only state is made up in between.
  const { conversations, routingStatus, presence } = options.current ?? {};
  if (routingStatus) handlers.routingStatus(routingStatus);
  if (presence) handlers.presence(presence);
  for (const conversation of conversations?.entities ?? conversations ?? []) handlers.conversations(conversation);
  return () => {
    for (const [topic, handler] of topics) client.notifications.unsubscribe(topic, handler, true)?.catch?.(() => {});
  };
}

/**
 * Feeds `target` from the Embeddable Framework's events, relayed by the host's framework.js to
 * this page by `postMessage` (a JSON string or an object: `{type: 'interactionSubscription',
 * data: {category, interaction}}` and `{type: 'userActionSubscription', data: {category, data}}`).
 * @param {Window} win the CRM page's window, which receives the relayed messages
 * @param {{push(events: object[]): unknown}} target an `<agent-kpi-panel>` or any `push(events)`
 * @param {object} options `origins` (the origins to hear; default any `https://apps.` origin of a
 *   Genesys Cloud region), `source` (if given, the only window to hear: the softphone's frame),
 *   `states`, `resolvedCodes`, `customerKey(interaction)`, `now` (default `Date.now`)
 * @returns {() => void} detach
 */
export function attachEmbeddable(win, target, options = {}) {
  const feed = feeder(target, options);
  const heard = (origin) => (options.origins ? options.origins.includes(origin) : EF_ORIGIN.test(origin));
  const onMessage = guard((event) => {
    if (!heard(event.origin) || (options.source && event.source !== options.source)) return;
    const message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
    const { category, interaction, data } = message?.data ?? {};
    if (message?.type === 'interactionSubscription') {
      feed.contacts([readInteraction(category, interaction, options)]);
    } else if (message?.type === 'userActionSubscription' && category === 'status') {
      feed.presence({ presenceDefinition: { systemPresence: data?.status } });
    } else if (message?.type === 'userActionSubscription' && category === 'routingStatus') {
      feed.routing({ status: data?.routingStatus?.status ?? data?.routingStatus ?? data?.status });
    }
  });
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}

// A vendor callback never throws: what cannot be read is skipped.
function guard(handler) {
  return (input) => {
    try {
      handler(input);
    } catch {
      // odd input: nothing to map
    }
  };
}

/** One contact leg per agent participant of the user in a conversation notification. */
function readConversation(conversation, userId, options) {
  if (typeof conversation?.id !== 'string' || !Array.isArray(conversation.participants)) return [];
  const { participants } = conversation;
  const names = options.names ?? {};
  const mine = participants.filter((p) => p?.userId === userId && (p.purpose === 'agent' || p.purpose === 'user'));
  return mine.map((participant, leg) => {
    const [comms, channel] = MEDIA.find(([key]) => participant[key]?.length > 0) ?? [];
    if (!comms) return undefined;
    const comm = participant[comms].at(-1);
    if (typeof comm !== 'object' || comm === null) return undefined;
    const state = String(comm.state ?? '').toLowerCase();
    const ended = state === 'disconnected' || state === 'terminated';
    // The queue entry: when the conversation's ACD participant for this queue connected.
    const acd = participants.filter((p) => p?.purpose === 'acd' && (!participant.queueId || p.queueId === participant.queueId)).at(-1);
    const wrapup = participant.wrapup ?? comm.wrapup;
    const acw = comm.afterCallWork;
    const endedAt = millis(comm.disconnectedTime) ?? millis(participant.endTime);
    const code = wrapup?.code;
    return {
      key: participant.id ?? `${conversation.id}:${leg}`,
      // A user's later legs in one conversation (a consult, a transfer back) are contacts of their own.
      contactId: leg === 0 ? conversation.id : `${conversation.id}:${participant.id}`,
      channel: channel === 'messaging' && comm.type === 'sms' ? 'sms' : channel,
      direction: comm.direction === 'outbound' ? 'outbound' : 'inbound',
      queue: names[participant.queueId] ?? participant.queueId,
      queuedAt: millis(acd?.connectedTime),
      customer: conversation,
      alerting: state === 'alerting' || state === 'offering',
      connectedAt: state === 'connected' || ended ? millis(comm.connectedTime) : undefined,
      held: comm.held === true && !ended,
      holdSince: millis(comm.startHoldTime),
      ended,
      endedAt,
      transferred: String(comm.disconnectType ?? '').startsWith('transfer'),
      unanswered: UNANSWERED[comm.disconnectType] ?? 'contact_missed',
      // Wrap-up done: its code's end, else the participant's ACW end, else a completed ACW.
      wrapped: Boolean(wrapup || participant.endAcwTime || ['complete', 'skipped', 'notApplicable'].includes(acw?.state)),
      wrapAt: millis(wrapup?.endTime) ?? millis(participant.endAcwTime) ?? millis(acw?.endTime)
        ?? (acw?.state === 'notApplicable' ? endedAt : undefined),
      codes: [code, names[code]],
      disposition: names[code] ?? code,
    };
  }).filter(Boolean);
}

/** The contact leg an Embeddable Framework interaction event describes. */
function readInteraction(category, payload, options) {
  const interaction = payload?.new ?? payload; // some relays give {old, new}
  if (typeof interaction?.id !== 'string') return undefined;
  const state = String(interaction.state ?? '').toUpperCase();
  const ended = interaction.isDisconnected === true || state === 'DISCONNECTED';
  const endedAt = millis(interaction.endTime);
  const start = millis(interaction.startTime);
  const direction = /^out/i.test(interaction.direction ?? '') ? 'outbound' : 'inbound';
  const wrapSeconds = Number(interaction.dispositionDurationSeconds);
  return {
    key: interaction.id,
    contactId: interaction.id,
    channel: interaction.isChat ? 'chat' : interaction.isEmail ? 'email' : interaction.isMessage ? 'messaging'
      : interaction.isVoicemail ? 'other' : 'voice',
    direction,
    queue: interaction.queueName || undefined,
    // Approximate (the conversation's start plus its IVR time), and only where a relay gives a start.
    queuedAt: start !== undefined && direction === 'inbound'
      ? start + 1000 * (Number(interaction.totalIvrDurationSeconds) || 0) : undefined,
    customer: interaction,
    alerting: state === 'ALERTING',
    connectedAt: millis(interaction.connectedTime),
    held: false, // EF tells no hold: it stays inside talk time
    ended,
    endedAt,
    transferred: category === 'blindTransfer' || category === 'completeConsultTransfer',
    unanswered: 'contact_missed', // EF gives no disconnect reason: a caller's hang-up reads as a miss
    // EF `acw` comes when wrap-up is DONE (ACW started at disconnect): it ended its duration later.
    wrapped: interaction.isDone === true,
    wrapAt: endedAt !== undefined && Number.isFinite(wrapSeconds) ? endedAt + 1000 * wrapSeconds : undefined,
    codes: [interaction.disposition],
    disposition: interaction.disposition || undefined,
  };
}

/** What both routes share: contact legs diffed into contract events, and the agent's state. */
function feeder(target, options) {
  const sink = sinkOf(target);
  const now = options.now ?? (() => Date.now());
  const legs = new Map();
  let presence;
  let routing;
  let last;

  function contacts(observations) {
    const events = [];
    for (const leg of observations) if (leg) diff(leg, events);
    sink(events);
  }

  // Emits what `o` shows of its leg that was not emitted yet, in the contact's order.
  function diff(o, events) {
    const at = now();
    let seen = legs.get(o.key);
    if (!seen) legs.set(o.key, (seen = {}));
    const push = (type, ts, fields = {}, ...idParts) => events.push({
      v: 1, id: eventId(VENDOR, type, o.contactId, ...idParts), ts, type, contact_id: o.contactId, ...fields,
    });
    const outbound = o.direction === 'outbound';
    if (!seen.offered) {
      // A leg starts where it rings or connects (an outbound one only where it connects: a dial
      // nobody answered is no contact), or, first seen on a reload, where it ended.
      if (outbound ? o.connectedAt === undefined : !(o.alerting || o.connectedAt !== undefined || o.ended)) return;
      seen.offered = true;
      const customerKey = keyOf(o.customer);
      push('contact_offered', o.alerting ? at : o.connectedAt ?? o.endedAt ?? at, {
        channel: o.channel, direction: o.direction,
        ...(o.queue && { queue: String(o.queue) }),
        ...(!outbound && o.queuedAt !== undefined && { queued_at: o.queuedAt }),
        ...(customerKey && { customer_key: customerKey }),
      });
    }
    if (!seen.answered && o.connectedAt !== undefined) {
      seen.answered = true;
      push('contact_answered', o.connectedAt);
    }
    if (seen.answered && !seen.ended) {
      // Hold: its start is the vendor's; its end has no time of its own (arrival, or the disconnect).
      const since = o.held ? o.holdSince ?? seen.hold ?? at : undefined;
      if (seen.hold !== undefined && seen.hold !== since) {
        push('hold_ended', o.ended ? o.endedAt ?? at : at, {}, seen.hold);
        seen.hold = undefined;
      }
      if (since !== undefined && seen.hold === undefined) {
        push('hold_started', since, {}, since);
        seen.hold = since;
      }
    }
    if (o.transferred) seen.transferred = true;
    if (!seen.ended && (o.ended || seen.transferred)) {
      seen.ended = true;
      const ts = o.endedAt ?? at;
      // A transfer ends this agent's conversation in place of contact_ended.
      if (seen.answered) push(seen.transferred ? 'contact_transferred' : 'contact_ended', ts);
      else if (!outbound) push(o.unanswered, ts);
    }
    if (seen.answered && seen.ended && !seen.wrapped && o.wrapped) {
      seen.wrapped = true;
      const codes = options.resolvedCodes;
      push('wrap_up_ended', o.wrapAt ?? at, {
        ...(o.disposition && { disposition: String(o.disposition) }),
        ...(codes && { resolved: o.codes.some((code) => code !== undefined && codes.includes(code)) }),
      });
    }
  }

  function keyOf(contact) {
    try {
      const key = options.customerKey?.(contact);
      return typeof key === 'string' && key !== '' ? key : undefined;
    } catch {
      return undefined;
    }
  }

  function presenceFrom(body) {
    const definition = body?.presenceDefinition ?? {};
    const raw = definition.systemPresence;
    if (typeof raw !== 'string') return;
    presence = { id: definition.id, key: raw.trim().toUpperCase().replace(/[\s-]+/g, '_'), ts: millis(body.modifiedDate) ?? now() };
    agentState();
  }

  function routingFrom(body) {
    if (typeof body?.status !== 'string') return;
    routing = { status: body.status.toUpperCase(), ts: millis(body.startTime) ?? now() };
    agentState();
  }

  // On queue the routing status decides (a status other than OFF_QUEUE says the agent is on
  // queue, whatever presence is known); off queue the presence, through the host's table.
  function agentState() {
    let state;
    let reason;
    let ts;
    if (routing && (!presence || presence.key === 'ON_QUEUE')) {
      state = ROUTING[routing.status];
      if (!state) return; // OFF_QUEUE while presence still says on queue: the presence follows
      reason = state === 'break' ? routing.status : undefined;
      ts = routing.ts;
    } else if (presence) {
      const table = options.states ?? {};
      state = table[presence.id] ?? stateOf(presence.key, table, DEFAULT_STATES);
      reason = state === 'break' || state === 'training' ? presence.key : undefined;
      ts = presence.ts;
    } else {
      return;
    }
    if (last?.state === state && last?.reason === reason) return;
    last = { state, reason };
    sink([{ v: 1, id: eventId(VENDOR, 'agent_state', state, ts), ts, type: 'agent_state', state, ...(reason && { reason }) }]);
  }

  return { contacts, presence: presenceFrom, routing: routingFrom };
}
