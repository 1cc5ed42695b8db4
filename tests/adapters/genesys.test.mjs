// The Genesys Cloud adapter, driven offline through a recorded agent session:
// - the real genesys-cloud-streaming-client 19.4.1, built but never connected: recorded pubsub
//   items go in where its XMPP stanza layer would emit them (`pubsub:event`), and its own
//   Notifications extension hands them to the adapter's topic handlers;
// - the Embeddable Framework's relay (no vendor library exists): recorded postMessage strings,
//   dispatched on a jsdom window as MessageEvents with their origins.
// The adapter's events go through the real engine (engine.mjs) and must give the figures worked
// out by hand below; replaying the console reload must change none of them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { snapshotOf, values } from './engine.mjs';
import { attach, attachEmbeddable } from '../../web/adapters/genesys.js';

// No network beyond loopback: every socket this process opens is written down and checked last.
const dialled = [];
const socketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]; // net.connect passes its normalised args
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  dialled.push(String(options.path ?? options.host ?? 'localhost'));
  return socketConnect.apply(this, args);
};
after(() => {
  const away = dialled.filter((host) => !['127.0.0.1', '::1', 'localhost'].includes(host));
  assert.deepEqual(away, [], 'no connection beyond loopback');
});

// The streaming client's webrtc extension and browserama read window, document and navigator as
// they load: the globals must be there before the require.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'https://crm.example.test/' });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
const require = createRequire(import.meta.url);
const { default: Client } = require('genesys-cloud-streaming-client');

const fixture = (name) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const session = fixture('genesys-session.json');
const efSession = fixture('genesys-ef-session.json');
const at = (iso) => Date.parse(iso);

// A host's client, as it would make it, minus connect(): nothing leaves the process.
function newClient() {
  return new Client({ host: 'wss://streaming.localhost.invalid', authToken: 'x', optOutOfWebrtcStatsTelemetry: true });
}

// What stanza does with a pubsub item: the client's own Notifications extension dispatches it.
function deliver(client, topic, body) {
  client.emit('pubsub:event', { pubsub: { items: { node: topic, published: [{ content: { json: body } }] } } });
}

const streamingOptions = (clock) => ({
  userId: session.userId,
  names: session.names,
  resolvedCodes: session.resolvedCodes,
  customerKey: (conversation) => conversation.participants.find((p) => p.purpose === 'customer')?.address,
  now: () => clock.now,
});

/**
 * Plays the recorded streaming session. With `reload`, the page goes away at the reload step and
 * a new one (a new client, a new attach) starts from the REST reads the recording holds;
 * without, one page hears everything.
 */
function playStreaming({ reload }) {
  const clock = { now: 0 };
  const events = [];
  const target = { push: (batch) => events.push(...batch) };
  let client = newClient();
  let detach = attach(client, target, streamingOptions(clock));
  let beforeReload = [];
  let replayed = [];
  for (const step of session.steps) {
    clock.now = at(step.at);
    if (step.reload) {
      if (!reload) continue;
      detach();
      beforeReload = events.slice();
      client = newClient();
      detach = attach(client, target, { ...streamingOptions(clock), current: step.reload });
      replayed = events.slice(beforeReload.length);
    } else {
      deliver(client, step.topic, structuredClone(step.body));
    }
  }
  detach();
  return { events, beforeReload, replayed };
}

// One line per event, to read against the recording: time (UTC), type, contact (C1…C8 in the
// streaming session, E1…E6 in the relayed one: the last digit of its id) or state.
const line = (event, prefix = 'C') => [new Date(event.ts).toISOString().slice(11, 19), event.type,
  event.contact_id ? `${prefix}${event.contact_id.slice(-1)}` : `${event.state}${event.reason ? ` ${event.reason}` : ''}`].join(' ');

const kpis = ['handled', 'aht', 'talk', 'hold', 'acw', 'asa', 'answer_rate', 'abandon_rate', 'service_level',
  'occupancy', 'utilization', 'cph', 'fcr'];
const pick = (figures) => Object.fromEntries(kpis.map((kpi) => [kpi, figures[kpi]]));
const channelFigures = (snapshot, channel) => pick(values({ kpis: snapshot.channels[channel] }));

test('streaming client: every notification is mapped once, in the contact\'s order', () => {
  const { events } = playStreaming({ reload: false });
  assert.deepEqual(events.map((e) => line(e)), [
    '09:00:00 agent_state available', // presence On Queue, then routing IDLE: one state
    '09:01:30 contact_offered C1', // ts: arrival (no alerting time in the model); the repeat at 09:01:31 suppressed
    '09:01:30 agent_state busy', // routing INTERACTING
    '09:01:40 contact_answered C1',
    '09:03:00 hold_started C1', // startHoldTime
    '09:03:45 hold_ended C1', // no time of its own: arrival
    '09:06:40 contact_ended C1', // disconnectedTime, disconnectType peer
    '09:07:40 wrap_up_ended C1', // wrapup.endTime
    '09:07:40 agent_state available',
    '09:10:20 contact_offered C2',
    '09:10:20 agent_state busy',
    '09:10:35 contact_missed C2', // alerting → disconnected, disconnectType timeout
    '09:10:35 agent_state break NOT_RESPONDING',
    '09:11:00 agent_state available',
    '09:15:50 contact_offered C3',
    '09:15:50 agent_state busy',
    '09:16:00 contact_abandoned C3', // alerting → disconnected, disconnectType peer
    '09:16:00 agent_state available',
    '09:20:10 contact_offered C4',
    '09:20:10 agent_state busy',
    '09:20:15 contact_answered C4',
    '09:24:15 contact_transferred C4', // disconnectType transfer: in place of contact_ended
    '09:24:45 wrap_up_ended C4', // the other agent's leg in the same conversation is not ours
    '09:24:45 agent_state available',
    '09:30:00 agent_state busy', // COMMUNICATING: the agent dials out
    '09:30:20 contact_offered C5', // outbound: offered and answered at the connection
    '09:30:20 contact_answered C5',
    '09:33:20 contact_ended C5',
    '09:33:50 wrap_up_ended C5', // afterCallWork.state complete, its endTime
    '09:33:50 agent_state available',
    '09:40:05 contact_offered C6',
    '09:40:05 agent_state busy',
    '09:40:10 contact_answered C6',
    '09:42:04 contact_offered C7',
    '09:42:09 contact_answered C7',
    '09:50:10 contact_ended C6',
    '09:51:10 wrap_up_ended C6',
    '09:52:09 contact_ended C7',
    '09:52:39 wrap_up_ended C7', // participant endAcwTime (the wrapup has no endTime)
    '09:52:39 agent_state available',
    '10:00:10 contact_offered C8',
    '10:00:10 agent_state busy',
    '10:00:20 contact_withdrawn C8', // alerting → disconnected, disconnectType transfer: taken back
    '10:00:20 agent_state available',
    '10:10:00 agent_state break BREAK', // presence Break; routing OFF_QUEUE says the same
    '10:25:00 agent_state available', // presence On Queue waits for routing IDLE
    '10:40:00 agent_state offline', // routing OFF_QUEUE waits for presence Offline
  ]);
  const byType = (type, n) => events.find((e) => e.type === type && e.contact_id?.endsWith(`c0${n}`));
  const c1 = byType('contact_offered', 1);
  assert.equal(c1.id, `genesys:contact_offered:${c1.contact_id}`);
  assert.equal(c1.contact_id, session.steps[2].body.id);
  assert.deepEqual([c1.channel, c1.direction, c1.queue, c1.queued_at, c1.customer_key],
    ['voice', 'inbound', 'Support', at('2026-03-02T09:01:00Z'), 'tel:+81355550101']);
  assert.equal(byType('hold_ended', 1).id, `genesys:hold_ended:${c1.contact_id}:${at('2026-03-02T09:03:00Z')}`);
  assert.deepEqual([byType('wrap_up_ended', 1).disposition, byType('wrap_up_ended', 1).resolved], ['Resolved', true]);
  assert.deepEqual([byType('wrap_up_ended', 4).disposition, byType('wrap_up_ended', 4).resolved], ['Transferred', false]);
  const c5 = byType('contact_offered', 5);
  assert.deepEqual([c5.direction, c5.queued_at, c5.queue], ['outbound', undefined, undefined]);
  assert.deepEqual([byType('contact_offered', 6).channel, byType('contact_offered', 6).queue], ['chat', 'Chat support']);
  assert.ok(events.every((e) => e.v === 1 && e.id.length <= 128 && Number.isInteger(e.ts)));
});

test('streaming client: the session gives the figures worked out by hand', () => {
  const { events } = playStreaming({ reload: true });
  const snapshot = snapshotOf(events, { asOf: at(session.asOf) });
  // Duplicates: the four events the reloaded page replays from its REST reads.
  assert.deepEqual(snapshot.ingest, { accepted: 47, duplicates: 4, rejected: 0, unknown: 0, ignored: 0, future: 0 });
  // Handled (answered, ACW ended): C1, C4, C5 (outbound), C6, C7 = 5.
  //   C1 talk 09:01:40→09:06:40 300 s − hold 45 s (09:03:00→09:03:45) = 255, ACW 60: 360
  //   C4 talk 09:20:15→09:24:15 (transfer) 240, ACW 30: 270
  //   C5 talk 09:30:20→09:33:20 180, ACW 30: 210
  //   C6 talk 09:40:10→09:50:10 600, ACW 60: 660
  //   C7 talk 09:42:09→09:52:09 600, ACW 30: 630
  // AHT 2130 / 5 = 426; talk 1875 / 5 = 375; hold 45 / 5 = 9; ACW 210 / 5 = 42.
  // ASA from queued_at (the ACD leg's connectedTime), inbound answered: C1 40, C4 15, C6 10,
  //   C7 9: 74 / 4 = 18.5.
  // Offered inbound, not withdrawn: C1, C2 (missed), C3 (abandoned after 10 s: not short), C4,
  //   C6, C7 = 6 (C5 is outbound, C8 withdrawn). Answer rate 4 / 6; abandon rate 1 / 6.
  // Service level (≤ 20 s): C4, C6, C7 = 3 / (4 answered + 1 abandoned) = 0.6.
  // Occupancy: H = 360 + 270 + 210 + (chats 09:40:10→09:52:39) 749 = 1589 s; available time
  //   90 + 160 + 290 + 250 + 315 + 375 + 451 + 580 + 900 = 3411 s, apart from H: 1589 / 5000.
  // Utilization: 1589 / logged in 09:00→10:40 6000 s = 0.2648.
  // CPH: 5 / staffed (6000 − 25 s NOT_RESPONDING − 900 s break = 5075 s) × 3600 = 3.55.
  // FCR: resolved inbound contacts with a customer key C1, C6, C7, no repeat: 3 / 3.
  const expected = {
    handled: 5, aht: 426, talk: 375, hold: 9, acw: 42, asa: 18.5, answer_rate: 0.6667, abandon_rate: 0.1667,
    service_level: 0.6, occupancy: 0.3178, utilization: 0.2648, cph: 3.55, fcr: 1,
  };
  assert.deepEqual(pick(values(snapshot)), expected);
  assert.equal(snapshot.kpis.fcr.n, 3);
  // Voice: C1, C4, C5: AHT 840 / 3 = 280, talk 675 / 3 = 225, hold 45 / 3 = 15, ACW 120 / 3 = 40;
  //   ASA (40 + 15) / 2 = 27.5; offered C1–C4: answered 2 / 4, abandoned 1 / 4; SL 1 / 3.
  assert.deepEqual(channelFigures(snapshot, 'voice'), {
    handled: 3, aht: 280, talk: 225, hold: 15, acw: 40, asa: 27.5, answer_rate: 0.5, abandon_rate: 0.25,
    service_level: 0.3333, occupancy: undefined, utilization: undefined, cph: 2.13, fcr: 1,
  });
  // Chat: C6, C7 at once: AHT (660 + 630) / 2 = 645, ACW 45, ASA (10 + 9) / 2 = 9.5, all answered.
  assert.deepEqual(channelFigures(snapshot, 'chat'), {
    handled: 2, aht: 645, talk: 600, hold: 0, acw: 45, asa: 9.5, answer_rate: 1, abandon_rate: 0,
    service_level: 1, occupancy: undefined, utilization: undefined, cph: 1.42, fcr: 1,
  });
});

test('streaming client: the console reload mid-hold changes no figure, its replay is all duplicates', () => {
  const once = playStreaming({ reload: false });
  const reloaded = playStreaming({ reload: true });
  const asOf = at(session.asOf);
  const plain = snapshotOf(once.events, { asOf });
  const again = snapshotOf(reloaded.events, { asOf });
  assert.deepEqual(again.kpis, plain.kpis);
  assert.deepEqual(again.channels, plain.channels);
  // The new page's first events (from the REST reads) repeat ids the old page sent: the agent's
  // state, and C1 offered, answered and on hold.
  const before = new Set(reloaded.beforeReload.map((e) => e.id));
  assert.deepEqual(reloaded.replayed.map((e) => line(e)),
    ['09:01:30 agent_state busy', '09:01:40 contact_offered C1', '09:01:40 contact_answered C1', '09:03:00 hold_started C1']);
  assert.ok(reloaded.replayed.every((e) => before.has(e.id)), 'every replayed event is a duplicate');
  assert.equal(again.ingest.duplicates, reloaded.replayed.length);
  // And the two runs send the same ids: the hold that spans the reload ends once, on the new page.
  assert.deepEqual(new Set(reloaded.events.map((e) => e.id)), new Set(once.events.map((e) => e.id)));
});

test('streaming client: odd notifications are skipped, never thrown; detach unsubscribes', () => {
  const events = [];
  const client = newClient();
  const topic = (name) => `v2.users.${session.userId}.${name}`;
  const detach = attach(client, { push: (batch) => events.push(...batch) }, { userId: session.userId });
  for (const body of [null, 7, 'x', {}, { id: 'c', participants: 'none' }, { id: 'c', participants: [null, { userId: session.userId, purpose: 'agent', calls: [null] }] },
    { participants: [{ userId: session.userId, purpose: 'agent', calls: [{ state: 'alerting' }] }] }]) {
    assert.doesNotThrow(() => deliver(client, topic('conversations'), body));
  }
  assert.doesNotThrow(() => deliver(client, topic('routingStatus'), { routingStatus: { status: 42 } }));
  assert.doesNotThrow(() => deliver(client, topic('presence'), { presenceDefinition: null }));
  // Another user's conversation is not this agent's.
  const alerting = structuredClone(session.steps[2].body);
  for (const p of alerting.participants) if (p.userId) p.userId = 'someone-else';
  deliver(client, topic('conversations'), alerting);
  assert.deepEqual(events, []);
  detach();
  deliver(client, topic('conversations'), session.steps[2].body);
  assert.deepEqual(events, []);
  assert.throws(() => attach(client, { push() {} }, {}), TypeError);
});

test('streaming client: presence goes through the host\'s table over the defaults; unknown is a break', () => {
  const stateOf = (systemPresence, states, id = 'p-1') => {
    const events = [];
    const presence = { presenceDefinition: { id, systemPresence }, modifiedDate: '2026-03-02T09:00:00Z' };
    attach(newClient(), { push: (batch) => events.push(...batch) }, { userId: session.userId, states, current: { presence } })();
    return events.map((e) => `${e.state}${e.reason ? ` ${e.reason}` : ''}`);
  };
  assert.deepEqual(stateOf('Meal'), ['break MEAL']);
  assert.deepEqual(stateOf('Training'), ['training TRAINING']);
  assert.deepEqual(stateOf('TRAINING', { TRAINING: 'break' }), ['break TRAINING']);
  assert.deepEqual(stateOf('Busy', { 'p-coaching': 'training' }, 'p-coaching'), ['training BUSY']); // a secondary presence
  assert.deepEqual(stateOf('Offline'), ['offline']);
  assert.deepEqual(stateOf('Gardening'), ['break GARDENING']);
  // On queue, with no routing status known yet, the agent is available.
  assert.deepEqual(stateOf('On Queue'), ['available']);
});

const efOptions = (clock) => ({
  resolvedCodes: efSession.resolvedCodes,
  customerKey: (interaction) => interaction.ani || undefined,
  now: () => clock.now,
});

/** Plays the recorded Embeddable Framework relay into a CRM page (a new one at the reload). */
function playEmbeddable({ reload, options = {} }) {
  const clock = { now: 0 };
  const events = [];
  const target = { push: (batch) => events.push(...batch) };
  const page = () => new JSDOM('<!doctype html><body></body>', { url: 'https://crm.example.test/' }).window;
  let win = page();
  let detach = attachEmbeddable(win, target, { ...efOptions(clock), ...options });
  let reloadedAt = events.length;
  for (const step of efSession.steps) {
    clock.now = at(step.at);
    if (step.reload) {
      if (!reload) continue;
      detach();
      win.close();
      win = page();
      detach = attachEmbeddable(win, target, { ...efOptions(clock), ...options });
      reloadedAt = events.length;
    } else {
      win.dispatchEvent(new win.MessageEvent('message', { data: step.data, origin: step.origin }));
    }
  }
  detach();
  win.close();
  return { events, reloadedAt };
}

test('Embeddable Framework: the relayed session gives the figures worked out by hand', () => {
  const { events } = playEmbeddable({ reload: true });
  assert.deepEqual(events.map((e) => line(e, 'E')), [
    '13:00:00 agent_state available', // status ON_QUEUE (no time: arrival)
    '13:01:00 contact_offered E1', '13:01:10 contact_answered E1', // connectedTime
    '13:05:10 contact_ended E1', // disconnect: endTime (ACW starts here)
    '13:05:50 wrap_up_ended E1', // acw (wrap-up DONE): endTime + dispositionDurationSeconds 40
    '13:10:00 contact_offered E2', '13:10:15 contact_missed E2', // never connected
    '13:15:20 contact_offered E3', '13:15:20 contact_answered E3', // outbound: from the connect
    '13:17:20 contact_ended E3', '13:17:40 wrap_up_ended E3',
    '13:20:00 contact_offered E4', '13:20:05 contact_answered E4',
    '13:22:00 contact_offered E5', '13:22:07 contact_answered E5', // the {old, new} change
    '13:25:00 agent_state available', // the reload: status again, with no time of its own
    '13:20:05 contact_offered E4', '13:20:05 contact_answered E4', // the reload: duplicates
    '13:22:07 contact_offered E5', '13:22:07 contact_answered E5',
    '13:30:05 contact_ended E4', '13:30:35 wrap_up_ended E4',
    '13:32:07 contact_ended E5', '13:32:37 wrap_up_ended E5',
    '13:40:00 contact_offered E6', '13:40:10 contact_answered E6',
    '13:42:10 contact_transferred E6', '13:42:30 wrap_up_ended E6', // blindTransfer, then acw
    '13:45:00 agent_state break BREAK', '13:55:00 agent_state offline',
  ]);
  assert.ok(!events.some((e) => e.contact_id?.endsWith('e9')), 'the other origin is not heard');
  const wrap = events.find((e) => e.type === 'wrap_up_ended');
  assert.deepEqual([wrap.disposition, wrap.resolved], ['Resolved', true]);
  const snapshot = snapshotOf(events, { asOf: at(efSession.asOf) });
  assert.deepEqual(snapshot.ingest, { accepted: 26, duplicates: 4, rejected: 0, unknown: 0, ignored: 0, future: 0 });
  // Handled: E1 (talk 240, ACW 40: 280), E3 outbound (120, 20: 140), E4 (600, 30: 630),
  //   E5 (600, 30: 630), E6 (120 to the transfer, 20: 140) = 5; AHT 1820 / 5 = 364,
  //   talk 1680 / 5 = 336, ACW 140 / 5 = 28, hold 0 (EF tells none).
  // ASA from the offer (EF's add has no start time): E1 10, E4 5, E5 7, E6 10: 32 / 4 = 8.
  // Offered inbound: E1, E2 (missed), E4, E5, E6 = 5, answered 4: 0.8; no abandon EF can tell.
  // Occupancy: H = 280 + 140 + (chats 13:20:05→13:32:37) 752 + 140 = 1312 s, all inside the
  //   available 13:00→13:45 (EF's status stays On Queue while handling): 1312 / 2700 = 0.4859.
  // Utilization 1312 / 3300 (13:00→13:55) = 0.3976; CPH 5 / 0.75 h = 6.67.
  // FCR: E1, E4, E5 resolved with a key (E3 is outbound, E6's Transferred is no resolution): 1.
  assert.deepEqual(pick(values(snapshot)), {
    handled: 5, aht: 364, talk: 336, hold: 0, acw: 28, asa: 8, answer_rate: 0.8, abandon_rate: 0,
    service_level: 1, occupancy: 0.4859, utilization: 0.3976, cph: 6.67, fcr: 1,
  });
  // Voice E1, E3, E6: AHT 560 / 3 = 186.7; chat E4, E5: 630.
  assert.equal(snapshot.channels.voice.aht.value, 186.7);
  assert.equal(snapshot.channels.chat.aht.value, 630);
});

test('Embeddable Framework: the reload changes no figure; the origin allowlist holds', () => {
  const asOf = at(efSession.asOf);
  const once = playEmbeddable({ reload: false });
  const reloaded = playEmbeddable({ reload: true });
  const plain = snapshotOf(once.events, { asOf });
  const again = snapshotOf(reloaded.events, { asOf });
  assert.deepEqual(again.kpis, plain.kpis);
  assert.deepEqual(again.channels, plain.channels);
  // Every replayed contact event is a duplicate; the status, which has no time, is sent again
  // (the same state: it changes nothing here).
  const ids = new Set(once.events.map((e) => e.id));
  const replay = reloaded.events.slice(reloaded.reloadedAt, reloaded.reloadedAt + 5);
  assert.deepEqual(replay.filter((e) => !ids.has(e.id)).map((e) => line(e)), ['13:25:00 agent_state available']);
  // Only the listed origins are heard; a listed origin from another window is not, with `source`.
  assert.deepEqual(playEmbeddable({ reload: false, options: { origins: ['https://apps.mypurecloud.ie'] } }).events, []);
  const framed = playEmbeddable({ reload: false, options: { source: {} } });
  assert.deepEqual(framed.events, []);
});
