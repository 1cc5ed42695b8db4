// The Amazon Connect adapter driven through the real amazon-connect-streams 2.28.2, offline.
// The main run is the CRM page's own path (spec 1.6, recipe B): Streams loaded in jsdom,
// `connect.core.initCCP` builds the CCP iframe and its conduit, and the test plays the CCP:
// `MessageEvent`s from the iframe's window carrying the recorded `agent::update` snapshots
// (tests/adapters/fixtures/amazon-connect-session.mjs). jsdom loads no iframe content and the
// test opens no socket: the Connect cloud is never contacted. The extra cases drive Streams'
// event bus directly (recipe A).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM, VirtualConsole } from 'jsdom';
import { attach, DEFAULT_STATES } from '../../web/adapters/amazon-connect.js';
import { snapshotOf, values } from './engine.mjs';
import * as session from './fixtures/amazon-connect-session.mjs';

const STREAMS = readFileSync(createRequire(import.meta.url).resolve('amazon-connect-streams'), 'utf8');
const { at, agentUpdate, V1, V2, V3, V4, V5, O1, C0, C1, C2, C3 } = session;

// What the host passes: its own name for a custom status, the contact attributes its flows and
// agents set, and the key of the customer (already a pseudonymous id here).
const OPTIONS = {
  states: { Coaching: 'training' },
  resolvedCodes: ['Resolved'],
  disposition: 'disposition',
  reason: 'reason',
  customerKey: (contact) => contact.getAttributes()?.customerId?.value,
};
const LOCAL = (hms) => Math.round(at(hms) * 1000) - session.SKEW_MS; // the page's clock
const AS_OF = Date.UTC(2025, 2, 14, 10, 20, 0);

const pages = new Set();
after(() => {
  // Streams keeps keep-alive timers on its window; closing the windows ends them.
  for (const page of pages) page.close();
});

/** A CRM page that runs Streams and has called initCCP; `fromCcp` plays the CCP iframe. */
function crmPage() {
  const errors = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('error', (...args) => errors.push(args.map(String).join(' ')));
  const dom = new JSDOM('<!doctype html><div id="ccp"></div>', {
    url: 'https://crm.example.test/', runScripts: 'outside-only', virtualConsole,
  });
  const { window } = dom;
  window.eval(STREAMS);
  const { connect } = window;
  connect.core.initCCP(window.document.getElementById('ccp'), {
    ccpUrl: 'https://example.my.connect.aws/ccp-v2/', loginPopup: false,
  });
  const iframe = window.document.querySelector('iframe');
  const upstream = [];
  iframe.contentWindow.postMessage = (message) => upstream.push(message.event);
  // Streams takes a message only from the CCP iframe's window (IFrameConduit), whatever its origin.
  const fromCcp = (event, data) =>
    window.dispatchEvent(new window.MessageEvent('message', { data: { event, data }, source: iframe.contentWindow }));
  fromCcp(connect.EventType.ACKNOWLEDGE, { id: 'ccp-port-1' });
  const page = { window, connect, fromCcp, upstream, errors, close: () => window.close() };
  pages.add(page);
  return page;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Plays the session into the adapter, page after page: a `reload` frame closes the page and
 * opens a new one (Streams, initCCP and the adapter all anew) that gets it as its first snapshot.
 * With `reloads: false` the reload frames are left out: the same morning without reloading.
 */
async function play({ reloads }) {
  const events = [];
  const replayed = [];
  const errors = [];
  let page;
  let detach;
  for (const frame of session.frames) {
    if (frame.reload && !reloads) continue;
    if (!page || frame.reload) {
      detach?.();
      page?.close();
      page = crmPage();
      detach = attach(page.connect, { push: (batch) => events.push(...batch) }, { ...OPTIONS, onError: (e) => errors.push(e) });
    }
    const before = events.length;
    page.fromCcp('agent::update', agentUpdate(frame));
    await settle();
    if (frame.reload) replayed.push(...events.slice(before));
  }
  detach();
  // Streams logs a subscriber that threw ('… event handler failed.'); the adapter only reads the
  // snapshots, so no CCP API request ever goes upstream.
  const handlerFailures = [...pages].flatMap((p) => p.errors).filter((line) => /handler failed/.test(line));
  const requests = [...pages].flatMap((p) => p.upstream).filter((event) => event === 'api_request');
  return { events, replayed, errors, handlerFailures, requests };
}

const withReloads = await play({ reloads: true });
const withoutReloads = await play({ reloads: false });
const byContact = (events, c) => events.filter((e) => e.contact_id === c.id).map((e) => e.type);

test('the session maps to contract events, one lifecycle per contact, with vendor times', () => {
  const { events, errors, handlerFailures, requests } = withoutReloads;
  assert.deepEqual(errors, []);
  assert.deepEqual(handlerFailures, []);
  assert.deepEqual(requests, []);
  // ts is the snapshot's server time minus the skew Streams measured; ids keep the server time.
  const first = events[0];
  assert.deepEqual(first, { v: 1, id: `amazon-connect:agent_state:Available:${at('09:00:00') * 1000}`,
    ts: LOCAL('09:00:00'), type: 'agent_state', state: 'available' });
  assert.deepEqual(events.find((e) => e.type === 'contact_offered' && e.contact_id === V1.id), {
    v: 1, id: `amazon-connect:contact_offered:${V1.id}:${at('09:01:00') * 1000}`, ts: LOCAL('09:01:00'), type: 'contact_offered',
    contact_id: V1.id, channel: 'voice', direction: 'inbound', queued_at: LOCAL('09:00:30'),
    queue: 'BasicQueue', customer_key: 'cust-1', reason: 'billing' });
  assert.deepEqual(byContact(events, V1),
    ['contact_offered', 'contact_answered', 'hold_started', 'hold_ended', 'contact_ended', 'wrap_up_ended']);
  // The wrap-up of a call takes the moment the agent left AfterCallWork (09:07:05), not the
  // snapshot 0.4 s later, and it comes before the `available` of that moment.
  const wrap = events.findIndex((e) => e.type === 'wrap_up_ended' && e.contact_id === V1.id);
  assert.deepEqual(events[wrap], { v: 1, id: `amazon-connect:wrap_up_ended:${V1.id}`, ts: LOCAL('09:07:05'),
    type: 'wrap_up_ended', contact_id: V1.id, disposition: 'Resolved', resolved: true, reason: 'billing' });
  assert.equal(events[wrap + 1].state, 'available');
  assert.equal(events[wrap + 1].ts, LOCAL('09:07:05'));
  // A ring-out (contact `error`, agent MissedCallAgent → break) and a caller who hung up while it
  // rang (contact `missed`) look alike to Streams: both are missed, neither abandoned.
  assert.deepEqual(byContact(events, V2), ['contact_offered', 'contact_missed']);
  assert.deepEqual(byContact(events, V3), ['contact_offered', 'contact_missed']);
  assert.deepEqual(events.find((e) => e.ts === LOCAL('09:10:20') && e.type === 'agent_state'),
    { v: 1, id: `amazon-connect:agent_state:MissedCallAgent:${at('09:10:20') * 1000}`, ts: LOCAL('09:10:20'),
      type: 'agent_state', state: 'break', reason: 'MissedCallAgent' });
  // A chat that ended before anyone answered: the customer left.
  assert.deepEqual(byContact(events, C0), ['contact_offered', 'contact_abandoned']);
  // The transfer: a third party (Billing) on the line as the agent's leg ends.
  assert.deepEqual(byContact(events, V4),
    ['contact_offered', 'contact_answered', 'hold_started', 'hold_ended', 'contact_transferred', 'wrap_up_ended']);
  assert.equal(events.find((e) => e.type === 'contact_transferred').to, 'Billing');
  // The call transferred in is a contact of its own (its own contactId), offered like any other.
  assert.equal(events.find((e) => e.type === 'contact_offered' && e.contact_id === V5.id).direction, 'inbound');
  assert.ok(!events.some((e) => e.contact_id === V5.initialContactId));
  // The outbound call: the customer's leg is `outbound`; no queue time.
  const dialled = events.find((e) => e.type === 'contact_offered' && e.contact_id === O1.id);
  assert.equal(dialled.direction, 'outbound');
  assert.equal(dialled.queued_at, undefined);
  assert.deepEqual(byContact(events, O1), ['contact_offered', 'contact_answered', 'contact_ended', 'wrap_up_ended']);
  assert.deepEqual(byContact(events, C1), ['contact_offered', 'contact_answered', 'contact_ended', 'wrap_up_ended']);
  assert.deepEqual(byContact(events, C2), ['contact_offered', 'contact_answered', 'contact_ended', 'wrap_up_ended']);
  // A chat gone from the snapshot while still ringing: taken back, in no figure.
  assert.deepEqual(byContact(events, C3), ['contact_offered', 'contact_withdrawn']);
  const states = events.filter((e) => e.type === 'agent_state').slice(-4).map((e) => [e.state, e.reason]);
  assert.deepEqual(states, [['break', 'Break'], ['training', 'Coaching'], ['available', undefined], ['offline', undefined]]);
});

test('the engine gives the figures worked out by hand, and the reloads change none', () => {
  const snapshot = snapshotOf(withReloads.events, { asOf: AS_OF, window: 'today' });
  assert.equal(snapshot.ingest.rejected, 0);
  assert.equal(snapshot.ingest.ignored, 0); // every event fits its contact's lifecycle
  // Handled, with (talk + hold + ACW) in seconds:
  //   V1  answered 09:01:05, hold 09:03:00–09:04:00, ended 09:06:05, wrapped 09:07:05: 240 + 60 + 60 = 360
  //   V4  answered 09:15:03, hold 09:17:00–09:17:30, transferred 09:18:03, wrapped 09:18:33: 150 + 30 + 30 = 210
  //   V5  answered 09:25:04, hold 09:26:00–09:27:00, ended 09:29:04, wrapped 09:29:34: 180 + 60 + 30 = 270
  //   O1  answered 09:32:15, ended 09:35:15, wrapped 09:35:45: 180 + 0 + 30 = 210 (outbound)
  //   C1  answered 09:40:10, ended 09:45:10, wrapped 09:46:10: 300 + 0 + 60 = 360
  //   C2  answered 09:42:05, ended 09:48:05, wrapped 09:48:35: 360 + 0 + 30 = 390
  // handled 6; AHT 1800 / 6 = 300; talk 1410 / 6 = 235; hold 150 / 6 = 25; ACW 240 / 6 = 40.
  // ASA (inbound answered, from queued_at): V1 35, V4 23, V5 14, C1 50, C2 15 → 137 / 5 = 27.4.
  // Offered inbound: V1 V2 V3 C0 V4 V5 C1 C2 = 8 (O1 is outbound, C3 withdrawn); answered 5,
  // missed 2 (V2, V3), abandoned 1 (C0, 40 s after the offer: not a short abandon).
  // Answer rate 5 / 8 = 0.625; abandon rate 1 / 8 = 0.125. (V3's caller hung up while it rang:
  // Connect cannot tell that from a ring-out, so it is a miss; told apart, abandonment would be 2 / 8.)
  // Service level (≤ 20 s): V5 14, C2 15 → 2 / (5 answered + 1 abandoned) = 0.3333.
  // FCR: resolved inbound with a key: V1 (cust-1), C1 (cust-3); C2 is cust-1 again after V1
  // completed, so V1 is repeated: 1 / 2 = 0.5 (O1 is resolved but outbound; V5 'Follow-up').
  // Agent time (s from 09:00, logged in 0–4500): break 620–660 (MissedCallAgent) and 3120–3720,
  // training 3720–4320, so staffed = 4500 − 40 − 600 − 600 = 3260; CPH 6 / (3260 / 3600) = 6.63.
  // H (a contact in talk, hold or ACW): V1 65–425, V4 903–1113, V5 1504–1774, O1 1935–2145,
  // C1 ∪ C2 2410–2915 = 360 + 210 + 270 + 210 + 505 = 1555.
  // A (available): 0–60, 425–600, 660–720, 728–900, 1113–1500, 1774–1920, 2145–3120, 4320–4500
  // = 60 + 175 + 60 + 172 + 387 + 146 + 975 + 180 = 2155, of which the chats' 505 are also H.
  // Occupancy 1555 / (1555 + 2155 − 505) = 1555 / 3205 = 0.4852; utilization 1555 / 4500 = 0.3456.
  const figures = values(snapshot);
  assert.deepEqual(
    Object.fromEntries(['handled', 'aht', 'talk', 'hold', 'acw', 'asa', 'answer_rate', 'abandon_rate',
      'service_level', 'fcr', 'cph', 'occupancy', 'utilization'].map((kpi) => [kpi, figures[kpi]])),
    { handled: 6, aht: 300, talk: 235, hold: 25, acw: 40, asa: 27.4, answer_rate: 0.625, abandon_rate: 0.125,
      service_level: 0.3333, fcr: 0.5, cph: 6.63, occupancy: 0.4852, utilization: 0.3456 });
  assert.equal(snapshot.kpis.answer_rate.n, 8);
  assert.equal(snapshot.kpis.asa.n, 5);
  assert.equal(snapshot.kpis.fcr.n, 2);
  // Per channel. Voice: V1 V4 V5 O1 handled, AHT (360 + 210 + 270 + 210) / 4 = 262.5; offered
  // V1–V5 = 5, answered 3 → 0.6, abandoned 0; ASA (35 + 23 + 14) / 3 = 24.
  // Chat: C1 C2 handled, AHT (360 + 390) / 2 = 375; offered C0 C1 C2 = 3, answered 2 → 0.6667,
  // abandoned 1 → 0.3333; ASA (50 + 15) / 2 = 32.5.
  const channel = (name) => values({ kpis: snapshot.channels[name] });
  const pick = ({ handled, aht, answer_rate, abandon_rate, asa }) => ({ handled, aht, answer_rate, abandon_rate, asa });
  assert.deepEqual(pick(channel('voice')), { handled: 4, aht: 262.5, answer_rate: 0.6, abandon_rate: 0, asa: 24 });
  assert.deepEqual(pick(channel('chat')), { handled: 2, aht: 375, answer_rate: 0.6667, abandon_rate: 0.3333, asa: 32.5 });
  // Top reasons: V1's 'billing' (from its offer and its wrap-up) is the only reason given.
  assert.deepEqual(snapshot.kpis.top_reasons.items, [{ reason: 'billing', count: 1 }]);

  // The same morning without the two reloads gives the very same figures.
  const straight = snapshotOf(withoutReloads.events, { asOf: AS_OF, window: 'today' });
  assert.equal(straight.ingest.rejected, 0);
  assert.deepEqual(straight.kpis, snapshot.kpis);
  assert.deepEqual(straight.channels, snapshot.channels);
});

test('what a reload replays carries the ids already sent: duplicates, whatever the new skew', () => {
  const { events, replayed, errors, handlerFailures } = withReloads;
  assert.deepEqual(errors, []);
  assert.deepEqual(handlerFailures, []);
  // Reload 1 (V5 on hold): Busy, V5 answered (Streams replays `connected` alone), on hold.
  // Reload 2: Available, C2 answered, C1 ended (its `acw` replayed; no `ended`).
  assert.deepEqual(replayed.map((e) => `${e.type}${e.contact_id ? ` ${e.contact_id.slice(0, 2)}` : ''}`), [
    'contact_answered 2d', 'hold_started 2d', 'agent_state',
    'contact_answered 0a', 'contact_ended 7f', 'agent_state']);
  const sent = new Map();
  for (const event of events) {
    if (replayed.includes(event)) continue;
    sent.set(event.id, event);
  }
  for (const event of replayed) {
    const original = sent.get(event.id);
    assert.ok(original, `replayed ${event.id} was sent before the reload`);
    // The new page measured another skew (2.3 s, then 1.8 s): the ts moves, the id does not.
    assert.ok([300, -200].includes(original.ts - event.ts), `${event.id}: ${original.ts - event.ts} ms`);
  }
  const snapshot = snapshotOf(events, { asOf: AS_OF, window: 'today' });
  assert.equal(snapshot.ingest.duplicates, replayed.length);
  assert.equal(withReloads.events.length - replayed.length, withoutReloads.events.length);
});

test('the default presence table, and a host table over it', async () => {
  assert.equal(DEFAULT_STATES.AfterCallWork, 'after_contact_work');
  assert.equal(DEFAULT_STATES.PendingBusy, 'busy');
  const { events } = withoutReloads;
  const states = new Map(events.filter((e) => e.type === 'agent_state').map((e) => [e.id.split(':')[2], e.state]));
  assert.deepEqual(Object.fromEntries(states), {
    Available: 'available', PendingBusy: 'busy', Busy: 'busy', AfterCallWork: 'after_contact_work',
    MissedCallAgent: 'break', CallingCustomer: 'busy', Break: 'break', Coaching: 'training', Offline: 'offline' });
  // Names no table knows go by their type; the host's table wins over the type.
  const page = busPage();
  const seen = [];
  attach(page.connect, { push: (batch) => seen.push(...batch) }, { states: { Ready: 'training' } });
  const frame = (hms, name, type) => ({ local: Math.round(at(hms) * 1000),
    snapshot: { state: { name, type, startTimestamp: at(hms) }, agentAvailabilityState: { state: name, timeStamp: at(hms) },
      nextState: null, contacts: [], snapshotTimestamp: at(hms) } });
  for (const [hms, name, type] of [['11:00:00', 'Open for business', 'routable'], ['11:01:00', 'SomeNewSystemState', 'system'],
    ['11:02:00', 'Team huddle', 'not_routable'], ['11:03:00', 'TRAINING', 'not_routable'], ['11:04:00', 'Ready', 'routable'],
    ['11:05:00', 'Signed out', 'offline']]) page.update(frame(hms, name, type));
  await settle();
  assert.deepEqual(seen.map((e) => e.state), ['available', 'busy', 'break', 'training', 'training', 'offline']);
});

// --- recipe A: Streams' event bus, for the cases the recorded session does not hold ------------

/** A page with Streams' bus and agent data provider set up by hand (no initCCP). */
function busPage() {
  const dom = new JSDOM('<!doctype html>', { url: 'https://crm.example.test/', runScripts: 'outside-only',
    virtualConsole: new VirtualConsole() });
  const { window } = dom;
  window.eval(STREAMS);
  const { connect } = window;
  connect.core.eventBus = new connect.EventBus();
  connect.core.agentDataProvider = new connect.core.AgentDataProvider(connect.core.getEventBus());
  connect.core.mediaFactory = new connect.MediaFactory({});
  const update = (frame) => connect.core.getEventBus().trigger(connect.AgentEvents.UPDATE, agentUpdate(frame));
  const page = { connect, update, errors: [], upstream: [], close: () => window.close() };
  pages.add(page);
  return page;
}

test('attached after Streams already has the agent: the contacts on hand are replayed like a reload', async () => {
  const page = busPage();
  const frames = session.frames.filter((f) => !f.reload);
  const answeredAt = frames.findIndex((f) => f.snapshot.snapshotTimestamp === at('09:01:05'));
  for (const frame of frames.slice(0, answeredAt + 1)) page.update(frame);
  const events = [];
  const detach = attach(page.connect, { push: (batch) => events.push(...batch) }, OPTIONS);
  await settle();
  // V1 rang before the attach: its offer is the panel's already (or, on a panel that never had
  // it, the answer alone fits no lifecycle and counts nothing).
  assert.deepEqual(events.map((e) => e.type), ['contact_answered', 'agent_state']);
  for (const frame of frames.slice(answeredAt + 1, answeredAt + 6)) page.update(frame);
  await settle();
  // Every id is one the straight run sent too.
  const straight = new Set(withoutReloads.events.map((e) => e.id));
  assert.ok(events.every((e) => straight.has(e.id)));
  assert.deepEqual(byContact(events, V1),
    ['contact_answered', 'hold_started', 'hold_ended', 'contact_ended', 'wrap_up_ended']);
  const sent = events.length;
  detach();
  page.update(frames[answeredAt + 6]);
  await settle();
  assert.equal(events.length, sent, 'nothing after detach');
});

test('odd input is skipped, never thrown; a supervisor monitoring a call is not a contact', async () => {
  const page = busPage();
  const events = [];
  const errors = [];
  attach(page.connect, { push: (batch) => events.push(...batch) }, { ...OPTIONS, onError: (e) => errors.push(e) });
  const base = session.frames[0];
  const monitored = {
    contactId: 'ffff0000-1111-4222-8333-444455556666', initialContactId: null, type: 'voice', initiationMethod: null,
    state: { type: 'connected', timestamp: at('09:00:10') }, queue: null, queueTimestamp: null, attributes: {},
    connections: [{ connectionId: 'mon-1', type: 'monitoring', initial: true, endpoint: null,
      state: { type: 'connected', timestamp: at('09:00:10') } }],
  };
  const odd = { contactId: 'odd-1', type: 'carrier_pigeon', state: { type: 'connecting', timestamp: 'soon' },
    queue: null, queueTimestamp: null, attributes: null, connections: [] };
  page.update(base);
  page.update({ ...base, snapshot: { ...base.snapshot, snapshotTimestamp: at('09:00:10'), contacts: [monitored, odd] } });
  page.update({ ...base, snapshot: { ...base.snapshot, snapshotTimestamp: at('09:00:20'), contacts: [] } });
  await settle();
  // The monitored call gave nothing; the odd contact (no usable time) gave nothing either.
  assert.deepEqual(events.map((e) => e.type), ['agent_state']);
});

test('a queue callback is offered as it comes in, and answered when the customer picks up', async () => {
  const page = busPage();
  const events = [];
  attach(page.connect, { push: (batch) => events.push(...batch) }, OPTIONS);
  const id = 'c4a1b2d3-0000-4abc-8def-00000000cb01';
  const callback = (state, ts, agentLeg, customerLeg) => ({
    contactId: id, initialContactId: 'c4a1b2d3-0000-4abc-8def-00000000cb00', type: 'queue_callback',
    initiationMethod: 'callback', state: { type: state, timestamp: ts }, queue: { name: 'BasicQueue' },
    queueTimestamp: null, attributes: {},
    connections: [
      { connectionId: 'cb-agent', type: 'agent', initial: false, endpoint: { type: 'agent' },
        state: { type: agentLeg, timestamp: ts } },
      { connectionId: 'cb-customer', type: 'inbound', initial: true, endpoint: { type: 'phone_number', phoneNumber: '+81300000000' },
        state: { type: customerLeg, timestamp: ts } }],
  });
  const frame = (hms, name, type, start, contacts = []) => ({
    local: Math.round(at(hms) * 1000) - session.SKEW_MS,
    snapshot: { state: { name, type, startTimestamp: at(start) }, agentAvailabilityState: { state: 'Available', timeStamp: at('10:20:00') },
      nextState: null, contacts, snapshotTimestamp: at(hms) } });
  for (const f of [
    frame('10:20:00', 'Available', 'routable', '10:20:00'),
    frame('10:30:00', 'Pending', 'not_routable', '10:30:00', [callback('incoming', at('10:30:00'), 'connecting', 'connected')]),
    frame('10:30:06', 'CallingCustomer', 'system', '10:30:06', [callback('connecting', at('10:30:06'), 'connected', 'connecting')]),
    frame('10:30:20', 'Busy', 'system', '10:30:20', [callback('connected', at('10:30:20'), 'connected', 'connected')]),
    frame('10:33:20', 'AfterCallWork', 'system', '10:33:20', [callback('ended', at('10:33:20'), 'disconnected', 'disconnected')]),
    frame('10:33:50.2', 'Available', 'routable', '10:33:50'),
  ]) page.update(f);
  await settle();
  const mine = events.filter((e) => e.contact_id === id);
  assert.deepEqual(mine.map((e) => [e.type, e.ts]), [
    ['contact_offered', LOCAL('10:30:00')], ['contact_answered', LOCAL('10:30:20')],
    ['contact_ended', LOCAL('10:33:20')], ['wrap_up_ended', LOCAL('10:33:50')]]);
  assert.equal(mine[0].channel, 'voice');
  assert.equal(mine[0].direction, 'inbound');
  assert.equal(mine[0].queued_at, undefined);
  assert.deepEqual(events.filter((e) => e.type === 'agent_state').map((e) => e.state),
    ['available', 'busy', 'busy', 'busy', 'after_contact_work', 'available']);
});

test('attach refuses what is not the page\'s Streams after initCCP', () => {
  const dom = new JSDOM('<!doctype html>', { url: 'https://crm.example.test/', runScripts: 'outside-only',
    virtualConsole: new VirtualConsole() });
  dom.window.eval(STREAMS);
  const sink = { push() {} };
  assert.throws(() => attach(dom.window.connect, sink), /after connect\.core\.initCCP/);
  assert.throws(() => attach({}, sink), /after connect\.core\.initCCP/);
  assert.throws(() => attach(dom.window.connect, {}), /push\(events\)/);
  dom.window.close();
});

test('a contact that rings this agent again after a miss is a new offer, across a reload too', async () => {
  const { voice, frame, agentState, AVAILABLE } = session;
  // The same contactId twice: it rings out at 11:01:20, goes back to the queue (still queued
  // since 11:00:40), and after the agent reloaded the page it rings again and is answered.
  const R = { id: 'e2f4a6c8-1357-4bdf-9ace-2468ace02468', queued: at('11:00:40'), phone: '+81312340009' };
  const ring = (hms) => voice(R, 'connecting', at(hms), ['connecting', at(hms)], ['connected', at('11:00:40')]);
  const first = [
    frame('11:00:00', AVAILABLE(at('11:00:00'))),
    frame('11:01:00', agentState('PendingBusy', 'system', at('11:01:00')), [ring('11:01:00')]),
    frame('11:01:20', agentState('MissedCallAgent', 'error', at('11:01:20')),
      [voice(R, 'error', at('11:01:20'), ['disconnected', at('11:01:20')], ['connected', at('11:00:40')])]),
    frame('11:02:00', AVAILABLE(at('11:02:00'))),
  ];
  const second = [
    frame('11:02:30', AVAILABLE(at('11:02:00')), [], 2300),
    frame('11:03:00', agentState('PendingBusy', 'system', at('11:03:00')), [ring('11:03:00')]),
    frame('11:03:04', agentState('Busy', 'system', at('11:03:04')),
      [voice(R, 'connected', at('11:03:04'), ['connected', at('11:03:04')], ['connected', at('11:03:04')])]),
    frame('11:05:04', agentState('AfterCallWork', 'system', at('11:05:04')),
      [voice(R, 'ended', at('11:05:04'), ['disconnected', at('11:05:04')], ['disconnected', at('11:05:04')])]),
    frame('11:05:24.3', AVAILABLE(at('11:05:24'))),
    frame('11:06:00', agentState('Offline', 'offline', at('11:06:00'))),
  ];
  const events = [];
  for (const frames of [first, second]) {
    const page = crmPage();
    const detach = attach(page.connect, { push: (batch) => events.push(...batch) }, OPTIONS);
    for (const f of frames) page.fromCcp('agent::update', agentUpdate(f));
    await settle();
    detach();
    page.close();
  }
  assert.deepEqual(byContact(events, R),
    ['contact_offered', 'contact_missed', 'contact_offered', 'contact_answered', 'contact_ended', 'wrap_up_ended']);
  // Offered 2, answered 1: answer rate 0.5. Handled 1: talk 11:03:04–11:05:04 = 120, ACW to
  // 11:05:24 = 20, AHT 140. ASA from the queue entry: 11:03:04 − 11:00:40 = 144.
  const snapshot = snapshotOf(events, { asOf: Date.UTC(2025, 2, 14, 11, 10), window: 'today' });
  assert.equal(snapshot.ingest.rejected + snapshot.ingest.ignored, 0);
  assert.equal(snapshot.ingest.duplicates, 1); // the new page's Available (since 11:02:00) again
  const { answer_rate, handled, aht, acw, asa } = values(snapshot);
  assert.deepEqual({ answer_rate, handled, aht, acw, asa }, { answer_rate: 0.5, handled: 1, aht: 140, acw: 20, asa: 144 });
});
