// The Twilio adapter driven through the REAL twilio-taskrouter 2.1.1 `Worker`, offline: a
// stand-in EventBridge on 127.0.0.1 plays a recorded agent session (fixtures/twilio-session.json)
// and Flex's hold actions come through a minimal stand-in `Actions`, since Flex UI itself cannot
// run without a Flex account. The adapter's events go to the real engine (engine.mjs), whose
// figures must be the ones worked out by hand below, with and without the console's replays.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { once, EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import { attach } from '../../web/adapters/twilio.js';
import { snapshotOf, values } from './engine.mjs';
import { startEventBridge } from './fixtures/twilio-eventbridge.mjs';
import { flexActions, play } from './fixtures/twilio-player.mjs';

const { Worker } = createRequire(import.meta.url)('twilio-taskrouter');

// twilio-taskrouter leaves timers it never clears (token expiry in an hour, a 30 s heartbeat,
// 5 s reservation clean-ups). Unref'd, they cannot hold this process open once the sockets are
// closed. (This file's own waits use node:timers/promises, which this does not touch.)
for (const name of ['setTimeout', 'setInterval']) {
  const real = globalThis[name];
  globalThis[name] = (...args) => {
    const timer = real(...args);
    timer?.unref?.();
    return timer;
  };
}

const recording = JSON.parse(readFileSync(new URL('./fixtures/twilio-session.json', import.meta.url), 'utf8'));
const sid = (prefix, n) => prefix + String(n).padStart(32, '0');
const at = (hms) => Date.parse(`2025-03-10T${hms}Z`);
const AS_OF = at('10:00:00');
const RESOLVED = ['resolved'];

// What to close at the end, whatever failed (open sockets would keep the process waiting).
const closing = [];
after(async () => {
  for (const close of closing.reverse()) await close();
});

/** Plays the whole recording through real Workers; returns every event, marked when it came from a replay. */
async function runSession() {
  const bridge = await startEventBridge(recording);
  closing.push(() => bridge.close());
  const collected = [];
  const errors = [];
  let replaying = false;
  let clock = 0;
  const target = { push: (events) => collected.push(...events.map((event) => ({ event, replay: replaying }))) };
  const actions = flexActions();
  const options = {
    actions,
    now: () => clock,
    resolvedCodes: RESOLVED,
    customerKey: (task) => task.attributes.from ?? task.attributes.customerAddress,
    onError: (error) => errors.push(error),
  };
  const open = async () => {
    const worker = new Worker(bridge.token, { ebServer: bridge.ebServer, wsServer: bridge.wsServer, logLevel: 'silent' });
    closing.push(() => worker.disconnect());
    const detach = attach(worker, target, options);
    await once(worker, 'ready', { signal: AbortSignal.timeout(10000) });
    return { worker, detach };
  };
  // Quiet for 40 ms: the SDK has handled every frame sent so far (they come in order on one socket).
  const settle = async () => {
    for (let seen = -1; seen !== collected.length;) {
      seen = collected.length;
      await delay(40);
    }
  };

  let page = await open(); // the Flex page loads at 09:00:05
  const pages = [page];
  await play(recording, bridge, {
    worker: () => page.worker,
    actions,
    setClock: (ms) => { clock = ms; },
    settle,
    reconnect: async () => {
      replaying = true;
      const ready = once(page.worker, 'ready', { signal: AbortSignal.timeout(10000) });
      bridge.drop();
      await ready;
      await settle();
      replaying = false;
    },
    reload: async () => {
      // A reload ends the page: its Worker's socket closes, nothing is detached.
      page.worker.disconnect();
      replaying = true;
      page = await open();
      pages.push(page);
      await settle();
      replaying = false;
    },
  });
  return { bridge, collected, errors, actions, pages };
}

const session = runSession();

test('every event the adapter sends is valid contract 1.1 and applies', async () => {
  const { collected, errors } = await session;
  assert.deepEqual(errors, []);
  const events = collected.map((c) => c.event);
  const snapshot = snapshotOf(events, { asOf: AS_OF });
  assert.equal(snapshot.ingest.rejected, 0, 'rejected');
  assert.equal(snapshot.ingest.ignored, 0, 'ignored (an event that does not fit the contact it names)');
  assert.equal(snapshot.ingest.unknown, 0);
  assert.equal(snapshot.ingest.future, 0);
  for (const event of events) assert.ok(event.id.length <= 128 && event.id.startsWith('twilio:'), event.id);
});

test('the mapping: what each reservation outcome and Flex action becomes', async () => {
  const { collected } = await session;
  const live = collected.filter((c) => !c.replay).map((c) => c.event);
  const of = (n) => live.filter((e) => e.contact_id === sid('WT', n)).map((e) => [e.type, new Date(e.ts).toISOString().slice(11, 19)]);
  assert.deepEqual(of(1), [
    ['contact_offered', '09:01:00'], ['contact_answered', '09:01:10'], ['hold_started', '09:03:00'],
    ['hold_ended', '09:03:45'], ['contact_ended', '09:06:10'], ['wrap_up_ended', '09:06:50']]);
  assert.deepEqual(of(2), [['contact_offered', '09:08:00'], ['contact_missed', '09:08:20']]);
  assert.deepEqual(of(3), [['contact_offered', '09:10:00'], ['contact_abandoned', '09:10:12']]); // task canceled, reason hangup
  assert.deepEqual(of(4), [['contact_offered', '09:12:00'], ['contact_withdrawn', '09:12:03']]); // rescinded
  assert.deepEqual(of(5), [['contact_offered', '09:13:00'], ['contact_withdrawn', '09:13:30']]); // canceled, task re-routed
  assert.deepEqual(of(6), [
    ['contact_offered', '09:15:00'], ['contact_answered', '09:15:06'], ['contact_transferred', '09:18:01'], ['wrap_up_ended', '09:18:31']]);
  assert.deepEqual(of(7), [
    ['contact_offered', '09:20:00'], ['contact_answered', '09:20:01'], ['contact_ended', '09:24:01'], ['wrap_up_ended', '09:24:31']]);

  const find = (type, n) => live.find((e) => e.type === type && e.contact_id === sid('WT', n));
  assert.deepEqual(find('contact_offered', 1), {
    v: 1, id: `twilio:contact_offered:${sid('WT', 1)}:${sid('WR', 1)}`, ts: at('09:01:00'), type: 'contact_offered',
    contact_id: sid('WT', 1), channel: 'voice', queue: 'Support', queued_at: at('09:00:40'), customer_key: '+815550100001',
  });
  assert.equal(find('contact_transferred', 6).to, sid('WQ', 2));
  assert.equal(find('contact_offered', 7).direction, 'outbound');
  assert.equal(find('contact_offered', 7).queued_at, undefined);
  assert.equal(find('contact_offered', 8).channel, 'chat');
  assert.deepEqual(
    [1, 6, 7, 8, 9].map((n) => find('wrap_up_ended', n)).map(({ resolved, disposition, reason }) => ({ resolved, disposition, reason })),
    [
      { resolved: true, disposition: 'resolved', reason: 'billing' },
      { resolved: undefined, disposition: undefined, reason: undefined },
      { resolved: undefined, disposition: undefined, reason: 'callback' },
      { resolved: true, disposition: 'resolved', reason: 'delivery' },
      { resolved: false, disposition: 'follow-up', reason: 'delivery' },
    ]);
  assert.deepEqual(live.filter((e) => e.type === 'agent_state').map((e) => [e.state, e.reason, new Date(e.ts).toISOString().slice(11, 19)]), [
    ['available', 'Available', '09:00:00'], ['break', 'Break', '09:40:00'], ['available', 'Available', '09:55:00']]);
});

test('the engine gives the figures worked out by hand', async () => {
  const { collected } = await session;
  const snapshot = snapshotOf(collected.map((c) => c.event), { asOf: AS_OF });
  // Handled: V1, V6 (this agent's leg of the transfer), V7 (outbound), C1, C2 = 5.
  //            talk                           hold   ACW
  //   V1  09:01:10→09:06:10 = 300 − 45 = 255   45    09:06:10→09:06:50 = 40    → 340
  //   V6  09:15:06→09:18:01           = 175     0    09:18:01→09:18:31 = 30    → 205
  //   V7  09:20:01→09:24:01           = 240     0    09:24:01→09:24:31 = 30    → 270
  //   C1  09:26:10→09:29:10           = 180     0    09:29:10→09:31:00 = 110   → 290
  //   C2  09:28:14→09:35:14           = 420     0    09:35:14→09:35:59 = 45    → 465
  //   sums                             1270    45                      255       1570
  // AHT 1570 / 5 = 314.0; talk 1270 / 5 = 254.0; hold 45 / 5 = 9.0; ACW 255 / 5 = 51.0.
  // Inbound offers not withdrawn: V1, V2 (missed), V3 (abandoned after 12 s > 5 s), V6, C1, C2 = 6;
  // V4 (rescinded) and V5 (re-routed) are withdrawn, V7 is outbound.
  // Answered 4 → answer rate 4 / 6 = 0.6667; abandon rate 1 / 6 = 0.1667.
  // ASA from queued_at (task creation): V1 30, V6 26, C1 20, C2 44 → 120 / 4 = 30.0.
  // Service level (≤ 20 s): C1 only → 1 / (4 answered + 1 abandoned) = 0.2.
  // Handling H = V1 340 + V6 205 + V7 270 + (C1 ∪ C2: 09:26:10→09:35:59 = 589) = 1404 s, all
  // inside available time A = 09:00→09:40 + 09:55→10:00 = 2700 s: occupancy 1404 / 2700 = 0.52;
  // logged in 09:00→10:00 = 3600 s: utilization 1404 / 3600 = 0.39; CPH 5 / 0.75 h = 6.67.
  // FCR: resolved inbound contacts with a customer key: V1 and C1, neither repeated → 1 (n 2).
  const figures = values(snapshot);
  assert.deepEqual(
    pick(figures, ['handled', 'aht', 'talk', 'hold', 'acw', 'asa', 'answer_rate', 'abandon_rate', 'service_level', 'occupancy', 'utilization', 'cph', 'fcr']),
    { handled: 5, aht: 314, talk: 254, hold: 9, acw: 51, asa: 30, answer_rate: 0.6667, abandon_rate: 0.1667,
      service_level: 0.2, occupancy: 0.52, utilization: 0.39, cph: 6.67, fcr: 1 });
  assert.equal(snapshot.kpis.fcr.n, 2);
  assert.equal(snapshot.kpis.answer_rate.n, 6);
  // Per channel. Voice: handled V1, V6, V7 → AHT 815 / 3 = 271.7, hold 45 / 3 = 15.0; offers V1,
  // V2, V3, V6 → answered 2 / 4 = 0.5, abandoned 1 / 4 = 0.25; ASA (30 + 26) / 2 = 28.0.
  // Chat: handled C1, C2 → AHT 755 / 2 = 377.5, ACW 155 / 2 = 77.5; answered 2 / 2; ASA 32.0.
  const voice = channelValues(snapshot, 'voice');
  const chat = channelValues(snapshot, 'chat');
  assert.deepEqual(pick(voice, ['handled', 'aht', 'hold', 'answer_rate', 'abandon_rate', 'asa']),
    { handled: 3, aht: 271.7, hold: 15, answer_rate: 0.5, abandon_rate: 0.25, asa: 28 });
  assert.deepEqual(pick(chat, ['handled', 'aht', 'acw', 'answer_rate', 'abandon_rate', 'asa']),
    { handled: 2, aht: 377.5, acw: 77.5, answer_rate: 1, abandon_rate: 0, asa: 32 });
});

test('the reload and the reconnect replay the state and change no figure', async () => {
  const { collected } = await session;
  const all = collected.map((c) => c.event);
  const live = collected.filter((c) => !c.replay).map((c) => c.event);
  const replayed = collected.filter((c) => c.replay).map((c) => c.event);
  // Each replays the agent state; the reconnect V7 (accepted), the reload C1 (wrapping: offer,
  // answer, end) and C2 (accepted: offer, answer).
  assert.deepEqual(replayed.map((e) => `${e.type} ${e.contact_id ?? e.state}`).sort(), [
    `agent_state available`, `agent_state available`,
    `contact_answered ${sid('WT', 7)}`, `contact_answered ${sid('WT', 8)}`, `contact_answered ${sid('WT', 9)}`,
    `contact_ended ${sid('WT', 8)}`,
    `contact_offered ${sid('WT', 7)}`, `contact_offered ${sid('WT', 8)}`, `contact_offered ${sid('WT', 9)}`,
  ]);
  const liveIds = new Set(live.map((e) => e.id));
  for (const event of replayed) assert.ok(liveIds.has(event.id), `a replayed id is new: ${event.id}`);
  assert.equal(liveIds.size, live.length, 'live ids are unique');

  const withReplay = snapshotOf(all, { asOf: AS_OF });
  const withoutReplay = snapshotOf(live, { asOf: AS_OF });
  assert.equal(withReplay.ingest.duplicates, replayed.length);
  assert.equal(withoutReplay.ingest.duplicates, 0);
  assert.deepEqual(withReplay.kpis, withoutReplay.kpis);
  assert.deepEqual(withReplay.channels, withoutReplay.channels);
  // And the events after the reconnect and the reload were heard on the SDK's new objects.
  assert.ok(live.some((e) => e.type === 'wrap_up_ended' && e.contact_id === sid('WT', 7)));
  assert.ok(live.some((e) => e.type === 'wrap_up_ended' && e.contact_id === sid('WT', 9)));
});

test('detach removes every listener, on the Worker, its reservations and Flex Actions', async () => {
  const { bridge, collected, actions, pages } = await session;
  const page = pages.at(-1);
  // One more offer, still ringing when the page detaches.
  const created = recording.steps.find((step) => step.ws?.payload.sid === sid('WR', 2)).ws;
  const ringing = structuredClone(created);
  Object.assign(ringing.payload, { sid: sid('WR', 10), date_created: at('09:58:00') / 1000, date_updated: at('09:58:00') / 1000 });
  Object.assign(ringing.payload.task, { sid: sid('WT', 10), date_created: at('09:57:50') / 1000, date_updated: at('09:58:00') / 1000 });
  bridge.send(ringing);
  for (let wait = 0; !collected.some((c) => c.event.contact_id === sid('WT', 10)) && wait < 100; wait += 1) await delay(20);
  const reservation = page.worker.reservations.get(sid('WR', 10));
  assert.ok(reservation.eventNames().length > 0);
  const names = ['reservationCreated', 'activityUpdated', 'ready'];
  assert.ok(names.every((name) => page.worker.listenerCount(name) === 1));
  assert.equal(actions.count(), 4); // both pages' hold and unhold (a reloaded page never detaches)

  pages[0].detach();
  page.detach();
  assert.ok(names.every((name) => page.worker.listenerCount(name) === 0));
  assert.deepEqual(reservation.eventNames(), []);
  assert.equal(actions.count(), 0);
  // What comes after detach reaches nobody.
  const before = collected.length;
  bridge.send({ event_type: 'reservation.accepted', payload: { ...ringing.payload, reservation_status: 'accepted', version: 2 } });
  bridge.send({ event_type: 'worker.activity.update', payload: { ...recording.rest.worker, date_status_changed: at('09:59:00') / 1000 } });
  await delay(100);
  assert.equal(collected.length, before);
});

test('odd input from the SDK or Flex is skipped, never thrown', () => {
  const worker = new EventEmitter();
  const actions = flexActions();
  const pushed = [];
  const errors = [];
  const detach = attach(worker, { push: (events) => pushed.push(...events) }, { actions, onError: (e) => errors.push(e) });
  worker.emit('ready', worker);
  worker.emit('reservationCreated', {});
  worker.emit('reservationCreated', null);
  worker.emit('reservationCreated', { sid: 'WR1', task: { sid: 'WT1', dateCreated: 'not a date' }, dateCreated: new Date(Number.NaN) });
  worker.emit('activityUpdated', worker);
  worker.activity = { name: 'Lunch', available: false, sid: 'WA9' };
  worker.emit('activityUpdated', worker); // no dateStatusChanged: no time, no event
  actions.fire('afterHoldCall', undefined);
  actions.fire('afterHoldCall', { task: { sid: 'WRunknown' } });
  actions.fire('afterUnholdCall', {});
  assert.deepEqual(pushed, []);
  detach();
  assert.equal(worker.eventNames().length, 0);
  assert.equal(actions.count(), 0);
});

test('a leg ends once: told live as a transfer and by a replay as an end, it has one id', () => {
  // Shaped like the SDK's objects (the real ones above): whether a reservation fetched after a
  // reload still carries its outgoing transfer is not something the recording can settle.
  const leg = (status, outgoing) => Object.assign(new EventEmitter(), {
    sid: 'WR1', status, dateCreated: new Date(at('09:00:00')), dateUpdated: new Date(at('09:05:00')),
    task: { sid: 'WT1', taskChannelUniqueName: 'voice', attributes: {}, dateCreated: new Date(at('09:00:00')), transfers: { outgoing } },
  });
  const events = [];
  const target = { push: (batch) => events.push(...batch) };
  const live = leg('pending', null);
  const first = Object.assign(new EventEmitter(), { reservations: new Map() });
  attach(first, target);
  first.emit('reservationCreated', live);
  Object.assign(live, { status: 'accepted', dateUpdated: new Date(at('09:00:10')) });
  live.emit('accepted', live);
  Object.assign(live, { status: 'wrapping', dateUpdated: new Date(at('09:05:00')) });
  live.task.transfers.outgoing = { status: 'initiated', to: 'WQ2' };
  live.emit('wrapup', live);
  const reloaded = Object.assign(new EventEmitter(), { reservations: new Map([['WR1', leg('wrapping', null)]]) });
  attach(reloaded, target);
  const ends = events.filter((e) => e.type === 'contact_transferred' || e.type === 'contact_ended');
  assert.deepEqual(ends.map((e) => e.type), ['contact_transferred', 'contact_ended']);
  assert.equal(ends[0].id, ends[1].id);
  const snapshot = snapshotOf(events, { asOf: AS_OF });
  assert.equal(snapshot.ingest.ignored, 0);
  assert.equal(snapshot.ingest.duplicates, 3); // the replayed offer, answer (at the offer's time) and end
});

test('a task canceled while ringing waits for its reason, at most until the SDK forgets the leg', () => {
  // The adapter's 5 s fallback, on a hand-driven clock.
  const timers = new Map();
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  globalThis.setTimeout = (fn, ms) => timers.set(timers.size + 1, { fn, ms }).size;
  globalThis.clearTimeout = (id) => timers.delete(id);
  try {
    const events = [];
    const worker = Object.assign(new EventEmitter(), { reservations: new Map() });
    attach(worker, { push: (batch) => events.push(...batch) });
    const offer = (n) => {
      const r = Object.assign(new EventEmitter(), {
        sid: `WR${n}`, status: 'pending', dateCreated: new Date(at('09:00:00')), dateUpdated: new Date(at('09:00:00')),
        task: Object.assign(new EventEmitter(), { sid: `WT${n}`, status: 'reserved', reason: null, taskChannelUniqueName: 'voice', attributes: {} }),
      });
      worker.emit('reservationCreated', r);
      Object.assign(r, { status: 'canceled', dateUpdated: new Date(at('09:00:12')) });
      r.task.status = 'canceled';
      r.emit('canceled', r);
      return r;
    };
    const told = offer(1);
    const silent = offer(2);
    assert.equal(events.length, 2); // the two offers; no outcome yet
    told.task.reason = 'hangup';
    told.task.emit('canceled', told.task);
    assert.deepEqual([...timers.values()].map((timer) => timer.ms), [5000]); // WT1's was cleared
    for (const { fn } of [...timers.values()]) fn();
    assert.deepEqual(events.slice(2).map((e) => [e.type, e.contact_id, e.ts]), [
      ['contact_abandoned', 'WT1', at('09:00:12')], ['contact_withdrawn', 'WT2', at('09:00:12')]]);
    assert.equal(silent.task.listenerCount('canceled'), 0);
  } finally {
    Object.assign(globalThis, real);
  }
});

function pick(object, keys) {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

function channelValues(snapshot, channel) {
  return Object.fromEntries(Object.entries(snapshot.channels[channel]).map(([kpi, figure]) => [kpi, figure.value]));
}
