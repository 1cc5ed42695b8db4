// The Salesforce adapter against the REAL @salesforce/scv-connector-base 3.6.2, offline: plain
// node, `globalThis.window` an EventTarget, the UMD dist required afresh for each page load, a
// partner VendorConnector, and a MessageChannel playing Salesforce (from a Salesforce origin).
// Omni-Channel's runtime cannot run outside a Salesforce org: its half is driven with recorded
// event payloads through a stand-in EventTarget playing the Aura bridge. The recorded morning
// (fixtures/salesforce-session.json, played by fixtures/salesforce-player.mjs) goes through
// both into the real engine, whose figures are checked against ones worked out by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, test } from 'node:test';
import * as adapter from '../../web/adapters/salesforce.js';
import { snapshotOf, values } from './engine.mjs';
import { play } from './fixtures/salesforce-player.mjs';

const require = createRequire(import.meta.url);
const basePath = require.resolve('@salesforce/scv-connector-base');
const session = JSON.parse(readFileSync(new URL('./fixtures/salesforce-session.json', import.meta.url), 'utf8'));
const asOf = Date.parse('2026-03-10T11:00:00Z');

// One page load: a fresh copy of the connector base (its state is module-wide), listening on a
// fresh window, as a reloaded connector page would.
function loadBase() {
  delete require.cache[basePath];
  globalThis.window = new EventTarget();
  return { base: require(basePath), win: globalThis.window };
}

const options = {
  voice: {
    resolvedCodes: ['resolved'],
    hangupReasons: { 'caller-hung-up': 'abandoned' }, // this partner connector's reason for a caller who left
    customerKey: (call) => call.phoneNumber, // the widget hashes it under its secret
  },
  omni: { voice: false }, // voice comes from the tee; Omni's VoiceCall work items would count it twice
};

async function run(reload, session_ = session) {
  const events = [];
  const errors = [];
  const target = { push: (batch) => events.push(...batch) };
  const { salesforce, close } = await play(session_, {
    loadBase, adapter, target, reload,
    voice: { ...options.voice, onError: (e) => errors.push(e) },
    omni: { ...options.omni, onError: (e) => errors.push(e) },
  });
  close();
  return { events, salesforce, errors };
}

const dispatched = (salesforce) => salesforce
  .filter((m) => m.type === 'TELEPHONY_EVENT_DISPATCHED')
  .map((m) => m.payload.telephonyEventType + (m.payload.telephonyEventPayload?.isReplayedCall ? ' (replayed)' : ''));

describe('Salesforce: a recorded morning through the real connector base and the Omni bridge', () => {
  let withReload;
  let withoutReload;
  before(async () => {
    withReload = await run(true);
    withoutReload = await run(false);
  });

  test('the connector base dispatched every recorded call event to Salesforce, and replayed the live call', () => {
    assert.deepEqual(withReload.errors, []);
    const types = dispatched(withReload.salesforce);
    assert.ok(!types.includes('ERROR'), `no payload failed the base's validation: ${types}`);
    assert.deepEqual(types, [
      'CALL_STARTED', 'CALL_CONNECTED', 'HOLD_TOGGLE', 'HOLD_TOGGLE', 'HANGUP', 'AFTER_CALL_WORK_STARTED', 'WRAP_UP_ENDED', // V1
      'CALL_STARTED', 'HANGUP', // V2, declined
      'CALL_STARTED', 'HANGUP', // V3, the caller left
      'CALL_STARTED', 'CALL_CONNECTED', 'PARTICIPANT_ADDED', 'HANGUP', // V4, blind transfer
      'CALL_STARTED', 'CALL_CONNECTED', 'HANGUP', 'AFTER_CALL_WORK_STARTED', 'WRAP_UP_ENDED', // O1, outbound
      'CALL_STARTED', 'CALL_CONNECTED', 'HOLD_TOGGLE', // V5, on hold when the console reloads
      'CALL_CONNECTED (replayed)', // the new page's base replays the live call on AGENT_AVAILABLE
      'HOLD_TOGGLE', 'HANGUP', 'AFTER_CALL_WORK_STARTED', 'WRAP_UP_ENDED',
    ]);
    // The reloaded page's CONNECTOR_READY names the call in progress, on hold.
    const ready = withReload.salesforce.filter((m) => m.type === 'CONNECTOR_READY');
    assert.equal(ready.length, 2);
    assert.equal(ready[1].payload.callInProgress.callId, 'vc-5d1e1020');
    assert.equal(ready[1].payload.callInProgress.callInfo.isOnHold, true);
  });

  test('one inbound call maps field by field (ids from the call id, ts from the connector\'s Dates)', () => {
    const v1 = withoutReload.events.filter((e) => e.contact_id === 'vc-5d1e0901');
    const at = (hms) => Date.parse(`2026-03-10T${hms}Z`);
    assert.deepEqual(v1, [
      { id: 'salesforce:contact_offered:vc-5d1e0901', ts: at('09:02:00'), type: 'contact_offered', contact_id: 'vc-5d1e0901',
        channel: 'voice', queued_at: at('09:01:30'), queue: 'Support', customer_key: '+15555550101' },
      { id: 'salesforce:contact_answered:vc-5d1e0901', ts: at('09:02:10'), type: 'contact_answered', contact_id: 'vc-5d1e0901' },
      // HoldToggleResult carries the call's unchanged ring-to-connect stamp: the hold's time is its arrival.
      { id: `salesforce:hold_started:vc-5d1e0901:${at('09:04:00')}`, ts: at('09:04:00'), type: 'hold_started', contact_id: 'vc-5d1e0901' },
      { id: `salesforce:hold_ended:vc-5d1e0901:${at('09:05:00')}`, ts: at('09:05:00'), type: 'hold_ended', contact_id: 'vc-5d1e0901' },
      { id: 'salesforce:contact_ended:vc-5d1e0901', ts: at('09:08:10'), type: 'contact_ended', contact_id: 'vc-5d1e0901' },
      { id: 'salesforce:wrap_up_ended:vc-5d1e0901', ts: at('09:09:10'), type: 'wrap_up_ended', contact_id: 'vc-5d1e0901',
        disposition: 'resolved', resolved: true },
    ]);
    const outcome = (id) => withoutReload.events.find((e) => e.contact_id === id && !/offered|answered/.test(e.type))?.type;
    assert.equal(outcome('vc-5d1e0912'), 'contact_missed'); // declined in the Salesforce softphone
    assert.equal(outcome('vc-5d1e0915'), 'contact_abandoned'); // the partner's reason says the caller left
    assert.equal(outcome('vc-5d1e0940'), 'contact_transferred');
    assert.equal(outcome('0MwHs000001M2aaEAJ'), 'contact_withdrawn');
    assert.equal(outcome('570Hs000001C2aaEAJ'), 'contact_missed');
    const outbound = withoutReload.events.find((e) => e.contact_id === 'vc-5d1e0950' && e.type === 'contact_offered');
    assert.equal(outbound.direction, 'outbound');
    assert.ok(!withoutReload.events.some((e) => e.contact_id?.startsWith('0LQ')), 'no VoiceCall work item with voice: false');
  });

  // The session, by hand (UTC, 2026-03-10; the snapshot is "today" at 11:00).
  // Presence: available 09:00–10:00, break 10:00–10:15, available 10:15–11:00.
  //   logged in 09:00–11:00 = 7200 s; staffed (available) = 3600 + 2700 = 6300 s = 1.75 h.
  // Contacts (talk = answered→ended − hold; ACW = ended→wrap-up ended; wait from queued_at, else the offer):
  //   V1 voice   queued 09:01:30, offered 09:02:00, answered 09:02:10 (wait 40), hold 09:04–09:05 (60),
  //              ended 09:08:10, wrap-up 09:09:10 resolved: talk 360−60 = 300, hold 60, ACW 60
  //   V2 voice   offered 09:12:00, declined 09:12:15: missed
  //   V3 voice   offered 09:15:00, the caller hangs up 09:15:20: abandoned (20 s > 5 s: not short)
  //   C1 chat    offered 09:20:00, accepted 09:20:05 (wait 5), chat ended 09:30:00, closed 09:31:00: talk 595, ACW 60
  //   M1 msg     offered 09:22:00, accepted 09:22:10 (wait 10), ended 09:34:00, closed 09:34:30: talk 710, ACW 30
  //   M2 msg     offered 09:36:00, closed unaccepted 09:36:20: withdrawn (in no figure)
  //   C2 chat    offered 09:37:00, declined 09:37:15: missed
  //   V4 voice   queued 09:39:00, offered 09:40:00, answered 09:40:06 (wait 66), blind transfer 09:44:06,
  //              wrap-up 09:44:36: talk 240, ACW 30
  //   O1 voice   outbound: dialled 09:50:00, connected 09:50:20, ended 09:55:20, wrap-up 09:56:00: talk 300, ACW 40
  //   V5 voice   queued 10:19:40, offered 10:20:00, answered 10:20:10 (wait 30), hold 10:22–10:25 (180; the
  //              console reloads at 10:23), ended 10:28:10, wrap-up 10:29:10 resolved: talk 480−180 = 300, hold 180, ACW 60
  //   C3 chat    offered 10:21:00, accepted 10:21:04 (wait 4), ended 10:26:00, closed 10:26:40: talk 296, ACW 40
  // handled = V1, C1, M1, V4, O1, V5, C3 = 7
  //   talk = 300+595+710+240+300+300+296 = 2741 → 391.6;  hold = 60+180 = 240 → 34.3;
  //   ACW = 60+60+30+30+40+60+40 = 320 → 45.7;  AHT = (2741+240+320)/7 = 3301/7 = 471.6
  // offered inbound, not withdrawn: V1 V2 V3 C1 M1 C2 V4 V5 C3 = 9; answered 6, abandoned 1, no short abandon
  //   answer rate 6/9 = 0.6667; abandonment 1/9 = 0.1111
  //   ASA = (40+5+10+66+30+4)/6 = 155/6 = 25.8; service level (≤ 20 s: C1, M1, C3) 3/(6+1) = 0.4286
  // handling H (union): V1 09:02:10–09:09:10 420; C1∪M1 09:20:05–09:34:30 865; V4 270; O1 09:50:20–09:56:00 340;
  //   V5∪C3 10:20:10–10:29:10 540 → 2435 s, all inside available time
  //   occupancy = 2435/6300 = 0.3865; utilization = 2435/7200 = 0.3382; CPH = 7/1.75 = 4
  // FCR: resolved with a customer key = V1, V5 (same caller); V5 was offered after V1 completed, so V1 is
  //   repeated: 1/2 = 0.5, with V5 provisional (its 7 days have not passed).
  // Per channel: voice V1 V4 O1 V5: talk 1140/4 = 285, hold 240/4 = 60, ACW 190/4 = 47.5, AHT 1570/4 = 392.5,
  //   ASA (40+66+30)/3 = 45.3, answer rate 3/5 = 0.6, abandonment 1/5 = 0.2, service level 0/(3+1) = 0;
  //   chat C1 C3: AHT (655+336)/2 = 495.5, answer rate 2/3 (C2 missed), ASA 4.5;
  //   messaging M1: AHT 740, answer rate 1/1 (M2 withdrawn).
  test('the engine gives the figures worked out by hand', () => {
    const snapshot = snapshotOf(withoutReload.events, { asOf, window: 'today' });
    assert.equal(snapshot.ingest.rejected, 0, JSON.stringify(snapshot.ingest));
    assert.equal(snapshot.ingest.ignored, 0, JSON.stringify(snapshot.ingest));
    const v = values(snapshot);
    assert.deepEqual(
      { handled: v.handled, aht: v.aht, talk: v.talk, hold: v.hold, acw: v.acw, asa: v.asa,
        answer_rate: v.answer_rate, abandon_rate: v.abandon_rate, service_level: v.service_level,
        occupancy: v.occupancy, utilization: v.utilization, cph: v.cph, fcr: v.fcr },
      { handled: 7, aht: 471.6, talk: 391.6, hold: 34.3, acw: 45.7, asa: 25.8,
        answer_rate: 0.6667, abandon_rate: 0.1111, service_level: 0.4286,
        occupancy: 0.3865, utilization: 0.3382, cph: 4, fcr: 0.5 },
    );
    assert.equal(snapshot.kpis.fcr.provisional, 1);
    const channel = (name) => values({ kpis: snapshot.channels[name] });
    const voice = channel('voice');
    assert.deepEqual(
      [voice.handled, voice.talk, voice.hold, voice.acw, voice.aht, voice.asa, voice.answer_rate, voice.abandon_rate, voice.service_level],
      [4, 285, 60, 47.5, 392.5, 45.3, 0.6, 0.2, 0],
    );
    const chat = channel('chat');
    assert.deepEqual([chat.handled, chat.aht, chat.answer_rate, chat.asa], [2, 495.5, 0.6667, 4.5]);
    const messaging = channel('messaging');
    assert.deepEqual([messaging.handled, messaging.aht, messaging.answer_rate], [1, 740, 1]);
  });

  test('the console reload changes no figure: what it replays are duplicates by id', () => {
    const a = snapshotOf(withReload.events, { asOf, window: 'today' });
    const b = snapshotOf(withoutReload.events, { asOf, window: 'today' });
    assert.deepEqual(a.kpis, b.kpis);
    assert.deepEqual(a.channels, b.channels);
    assert.equal(a.ingest.rejected, 0);
    assert.equal(a.ingest.ignored, 0, 'no replayed event fell outside its contact\'s lifecycle');
    // V5 offered and answered again (CONNECTOR_READY's call in progress), C3 offered and answered
    // again (Omni re-announcing the accepted chat): four duplicates.
    assert.equal(a.ingest.duplicates, 4);
    const known = new Map(withoutReload.events.map((e) => [e.id, e]));
    const fresh = withReload.events.filter((e) => !known.has(e.id));
    // The one new event: Omni's status re-announced after the reload. Omni events carry no time,
    // so its id holds the arrival time; it restates the state in force, which changes nothing.
    assert.deepEqual(fresh.map((e) => [e.type, e.state, new Date(e.ts).toISOString()]),
      [['agent_state', 'available', '2026-03-10T10:23:05.000Z']]);
    // Every other event is the same event with the same id, whichever page sent it.
    for (const event of withReload.events.filter((e) => known.has(e.id) && e.type !== 'contact_offered' && e.type !== 'contact_answered')) {
      assert.deepEqual(event, known.get(event.id));
    }
  });
});

describe('Salesforce: traps', () => {
  test('a payload not built with the base\'s classes is refused by the base, and the tee translates nothing', async (t) => {
    t.mock.method(console, 'error', () => {}); // the base reports the refusal on the console
    const call = { callId: 'vc-plain', callType: 'Inbound', state: 'ringing', callInfo: { isOnHold: false } };
    const at = '2026-03-10T09:00:00.000Z';
    const { events, salesforce } = await run(true, { origin: session.origin, steps: [
      { at, publish: { eventType: 'CALL_STARTED', payload: { call } } },
      { at, publish: { eventType: 'CALL_STARTED', payload: { $: 'CallResult', call: { ...call, $: 'PhoneCall', callInfo: { $: 'CallInfo', isOnHold: false } } } } },
    ] });
    assert.deepEqual(dispatched(salesforce), ['ERROR', 'CALL_STARTED']);
    assert.deepEqual(events.map((e) => [e.type, e.contact_id]), [['contact_offered', 'vc-plain']]);
  });

  test('a SETUP_CONNECTOR from another origin: the base ignores it, and so does the tee', async () => {
    const { base, win } = loadBase();
    const events = [];
    const detach = adapter.teeVoice(win, { push: (b) => events.push(...b) });
    base.initializeConnector(new (class extends base.VendorConnector {
      init() { return Promise.resolve(new base.InitResult({})); }
    })());
    const channel = new MessageChannel();
    const received = [];
    channel.port2.onmessage = ({ data }) => received.push(data);
    win.dispatchEvent(new MessageEvent('message', {
      data: { type: 'SETUP_CONNECTOR', connectorConfig: {} }, origin: 'https://acme.lightning.force.com.evil.example', ports: [channel.port1],
    }));
    channel.port2.postMessage({ type: 'WRAP_UP_CALL', call: { callId: 'vc-forged' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    detach();
    channel.port1.close();
    assert.deepEqual(received, [], 'the base never took that port');
    assert.deepEqual(events, [], 'nothing that comes in on a port the base refused counts');
  });
});

describe('Salesforce: Omni-Channel handlers on recorded payloads (a stand-in bridge)', () => {
  const omni = (opts = {}) => {
    const bridge = new EventTarget();
    const events = [];
    const errors = [];
    let now = Date.parse('2026-03-10T09:00:00Z');
    const detach = adapter.attachOmni(bridge, { push: (b) => events.push(...b) },
      { now: () => (now += 1000), onError: (e) => errors.push(e), ...opts });
    const emit = (name, detail) => bridge.dispatchEvent(new CustomEvent(name, { detail }));
    return { events, errors, emit, detach };
  };

  test('a push timeout misses the offers that were ringing, and the status goes through the table', () => {
    const { events, emit } = omni({ states: { Busy_Timeout: 'break' } });
    emit('omniChannelWorkAssigned', { workItemId: '570Hs000001C9aaEAJ', workId: '0BzHs000001C9aaEAJ' });
    emit('omniChannelStatusChanged', { statusId: '0N5Hs000000A1aCKAS', statusName: 'Busy (timeout)', statusApiName: 'Busy_Timeout', reason: 'OmniPushTimeout' });
    emit('omniChannelStatusChanged', { statusId: '0N5Hs000000A1aDKAS', statusName: 'Training', statusApiName: 'Coaching_Session' });
    emit('omniChannelStatusChanged', { statusId: '0N5Hs000000A1aEKAS', statusName: 'Gone fishing', statusApiName: 'Gone_Fishing' });
    emit('omniChannelLogout', {});
    assert.deepEqual(events.map((e) => [e.type, e.state ?? e.contact_id]), [
      ['contact_offered', '570Hs000001C9aaEAJ'], ['contact_missed', '570Hs000001C9aaEAJ'],
      ['agent_state', 'break'], // the host's table, by API name
      ['agent_state', 'training'], // the default table, by label when the API name is unknown to it
      ['agent_state', 'break'], // a name nobody knows
      ['agent_state', 'offline'],
    ]);
  });

  test('VoiceCall work items count only when asked (voice: true is the default), and Case maps by prefix', () => {
    const on = omni();
    on.emit('omniChannelWorkAssigned', { workItemId: '0LQHs000001V7aaEAJ', workId: '0BzHs000001V7aaEAJ' });
    on.emit('omniChannelWorkAssigned', { workItemId: '500Hs000002CaseEAJ', workId: '0BzHs000002CaseEAJ' });
    assert.deepEqual(on.events.map((e) => e.channel), ['voice', 'other']);
    const off = omni({ voice: false, channels: { 500: 'email' } });
    off.emit('omniChannelWorkAssigned', { workItemId: '0LQHs000001V7aaEAJ', workId: '0BzHs000001V7aaEAJ' });
    off.emit('omniChannelWorkAssigned', { workItemId: '500Hs000002CaseEAJ', workId: '0BzHs000002CaseEAJ' });
    assert.deepEqual(off.events.map((e) => e.channel), ['email']);
  });

  test('odd input is skipped without a throw; a host callback that throws is told to onError', () => {
    const { events, errors, emit, detach } = omni({ customerKey: () => { throw new Error('host bug'); } });
    for (const name of ['omniChannelWorkAssigned', 'omniChannelWorkAccepted', 'omniChannelWorkClosed', 'conversationChatEnded']) {
      for (const detail of [undefined, null, 42, 'x', {}, { workItemId: 42 }, { recordId: '' }]) emit(name, detail);
    }
    assert.deepEqual(events, []);
    emit('omniChannelWorkAssigned', { workItemId: '570Hs000001C9aaEAJ', workId: '0BzHs000001C9aaEAJ' });
    assert.deepEqual([events.length, errors.length], [0, 1]);
    detach();
    emit('omniChannelStatusChanged', { statusName: 'Available' });
    assert.deepEqual(events, [], 'nothing after detach');
  });

  test('a bridge may pass the Aura event itself: its params are read through getParams()', () => {
    const listeners = {};
    const events = [];
    adapter.attachOmni({ addEventListener: (name, cb) => { listeners[name] = cb; }, removeEventListener() {} },
      { push: (b) => events.push(...b) }, { now: () => Date.parse('2026-03-10T09:00:00Z') });
    listeners.omniChannelWorkAccepted({ getParams: () => ({ workItemId: '0MwHs000001M9aaEAJ', workId: '0BzHs000001M9aaEAJ' }) });
    listeners.omniChannelStatusChanged({ getParams: () => ({ statusName: 'Available', statusApiName: 'Available' }) });
    // An accept never seen assigned (attached late, or re-announced after a reload) offers it too.
    assert.deepEqual(events.map((e) => [e.type, e.contact_id ?? e.state, e.channel]), [
      ['contact_offered', '0MwHs000001M9aaEAJ', 'messaging'], ['contact_answered', '0MwHs000001M9aaEAJ', undefined],
      ['agent_state', 'available', undefined],
    ]);
  });

  test('the voice tee skips what it cannot place, without a throw', async () => {
    const at = '2026-03-10T09:00:00.000Z';
    const call = (id, state) => ({ $: 'PhoneCall', callId: id, callType: 'Inbound', state, callInfo: { $: 'CallInfo', isOnHold: false } });
    const { events, errors } = await run(true, { origin: session.origin, steps: [
      { at, publish: { eventType: 'HANGUP', payload: { $: 'HangupResult', calls: [call('vc-unknown', 'ended')] } } },
      { at, publish: { eventType: 'HOLD_TOGGLE', payload: { $: 'HoldToggleResult', isCustomerOnHold: true, isThirdPartyOnHold: false } } },
      { at, publish: { eventType: 'WRAP_UP_ENDED', payload: {} } },
      { at, publish: { eventType: 'WRAP_UP_ENDED', payload: null } },
      { at, publish: { eventType: 'AFTER_CALL_WORK_STARTED', payload: 7 } },
      { at, publish: { eventType: 'CALL_CONNECTED', payload: { $: 'CallResult', call: { $: 'PhoneCall', state: 'connected' } } } },
      { at, publish: { eventType: 'CALL_STARTED', payload: { $: 'CallResult', call: { ...call('vc-consult', 'ringing'), callType: 'AddParticipant' } } } },
    ] });
    assert.deepEqual(events, []);
    assert.deepEqual(errors, []);
  });
});
