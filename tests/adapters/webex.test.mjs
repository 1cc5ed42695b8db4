// The Webex Contact Center adapter (web/adapters/webex.js) driven through the real
// `@wxcc-desktop/sdk` 2.0.15, offline: the SDK runs in jsdom against a stand-in AGENTX_SERVICE
// (examples/webex/agentx-service.js, the spec's recipe) that plays a recorded agent morning
// (fixtures/webex-session.json) into it; the widget-side listeners the adapter adds are the
// SDK's own `Desktop.agentContact` / `Desktop.agentStateInfo` / `Desktop.logout`. The adapter's
// events then go through the engine, whose figures must be the ones worked out by hand below.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import { attach } from '../../web/adapters/webex.js';
import { agentxService, play } from '../../examples/webex/agentx-service.js';
import { snapshotOf, values } from './engine.mjs';

// The browser the Desktop SDK expects.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'https://desktop.wxcc-us1.cisco.com/' });
const globals = ['window', 'document', 'navigator', 'self', 'sessionStorage', 'localStorage'];
const saved = Object.fromEntries(globals.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
for (const name of globals) {
  Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true, writable: true });
}
// The SDK logs every step to the console ("agentx-js-api" lines): kept aside, and its warnings
// and errors checked below.
const sdkLogs = [];
const consoleMethods = ['log', 'info', 'warn', 'error'];
const realConsole = Object.fromEntries(consoleMethods.map((m) => [m, console[m]]));
for (const method of consoleMethods) {
  console[method] = (...args) => {
    if (args.some((arg) => String(arg).includes('agentx-js-api'))) sdkLogs.push({ method, text: args.join(' ') });
    else realConsole[method](...args);
  };
}
after(() => {
  Object.assign(console, realConsole);
  for (const name of globals) {
    if (saved[name]) Object.defineProperty(globalThis, name, saved[name]);
    else delete globalThis[name];
  }
  delete globalThis.AGENTX_SERVICE;
  dom.window.close();
});

// A fresh copy of the SDK for each console page (a reload runs a new one).
const require = createRequire(import.meta.url);
const sdkPath = require.resolve('@wxcc-desktop/sdk');
const loadDesktop = async () => {
  delete require.cache[sdkPath];
  return require(sdkPath).Desktop;
};

const session = JSON.parse(readFileSync(new URL('./fixtures/webex-session.json', import.meta.url), 'utf8'));
const T = (hms) => {
  const [h, m, s] = hms.split(':').map(Number);
  return Date.UTC(2026, 10, 16, h, m, s);
};
const AS_OF = T('12:00:00');
const iid = (n) => `7a1d2c3e-0b4f-4e5a-8c6d-1e2f3a4b5c0${n}`; // C1 … C9 of the recording
const OPTIONS = {
  resolvedCodes: ['Resolved'],
  // The test keys customers by their number or address as given; a host would hash it.
  customerKey: (data) => data.interaction?.callProcessingDetails?.ani,
};

/** Plays the recording; returns the adapter's events, and those pushed by the reload's replay. */
async function run({ reload, options = OPTIONS }) {
  sessionStorage.clear();
  const events = [];
  const replayed = [];
  let mark = 0;
  const detach = await play(session, {
    loadDesktop,
    reload,
    attach: (Desktop) => attach(Desktop, { push: (batch) => events.push(...batch) }, options),
    onStep: (step) => {
      if (step.reload || step.replay) replayed.push(...events.slice(mark));
      mark = events.length;
    },
  });
  detach();
  return { events, replayed };
}

const withReload = await run({ reload: true });
const withoutReload = await run({ reload: false });

test('the session through the real Desktop SDK gives the figures worked out by hand', () => {
  const snapshot = snapshotOf(withReload.events, { asOf: AS_OF });
  assert.deepEqual(snapshot.ingest, { accepted: 41, duplicates: 9, rejected: 0, unknown: 0, ignored: 0, future: 0 });
  // The session (UTC, 16 Nov 2026), per contact: wait = answer − queuedTimestamp (queued_at);
  // talk = answer → end minus hold; ACW = end → wrapped up.
  //   C1 voice  queued 09:04:50, offer 09:05:00, answer 09:05:10, hold 09:08:00–09:09:00,
  //             ContactEnded 09:12:10 (AgentWrapup too: one end), wrapped up 09:13:10 "Resolved"
  //             wait 20, talk 420 − 60 = 360, hold 60, ACW 60               → 480
  //   C2 voice  offer 09:20:00, RONA 09:20:15                                → missed
  //   C3 voice  offer 09:30:00, ContactEnded while still new 09:30:08       → abandoned (8 s > 5 s: not short)
  //   C4 voice  queued 09:39:50, answer 09:40:05, blind transfer 09:46:05, wrapped up 09:46:35
  //             wait 15, talk 360, ACW 30                                   → 390
  //   C5 voice  OUTBOUND (outdial) offer 10:00:00, connected 10:00:20, ended 10:04:20, wrapped 10:05:00
  //             talk 240, ACW 40                                            → 280 (no wait, no offer figures)
  //   C6 chat   queued 10:09:45, answer 10:10:30, ended 10:25:30, wrapped 10:26:30
  //             wait 45, talk 900, ACW 60                                   → 960
  //   C8 chat   queued 10:10:50, answer 10:11:20, ended 10:17:20, wrapped 10:19:40 (after the reload)
  //             wait 30, talk 360, ACW 140                                  → 500
  //   C7 voice  queued 10:14:40, answer 10:15:10 (both chats open), hold 10:18:00–10:20:00 (the
  //             reload at 10:19:00 falls in it), ended 10:22:10, wrapped 10:23:10
  //             wait 30, talk 420 − 120 = 300, hold 120, ACW 60              → 480
  //   C9 voice  offer 10:30:00, assignment failed 10:30:06                  → withdrawn: in no figure
  // handled = C1 C4 C5 C6 C7 C8 = 6
  // talk = (360 + 360 + 240 + 900 + 300 + 360) / 6 = 2520 / 6 = 420; hold = (60 + 120) / 6 = 30
  // ACW = (60 + 30 + 40 + 60 + 60 + 140) / 6 = 390 / 6 = 65; AHT = 420 + 30 + 65 = 515 (3090 / 6)
  // ASA (inbound answered) = (20 + 15 + 45 + 30 + 30) / 5 = 28
  // offered (inbound, not withdrawn) = C1 C2 C3 C4 C6 C7 C8 = 7, no short abandon:
  //   answer rate = 5 / 7 = 0.7143, abandon rate = 1 / 7 = 0.1429
  //   service level = answered within 20 s (C1 20, C4 15) / (5 answered + 1 abandoned) = 2 / 6 = 0.3333
  // Presence (arrival times): Idle "Meeting" 09:00 (break), Available 09:02, Idle "RONA" 09:20:16,
  //   Available 09:22, Idle "Lunch" 10:40, Available 11:10, signed out 11:30.
  //   available = 1096 + 4680 + 1200 = 6976 s; logged in 09:00–11:30 = 9000 s
  //   handling (union) = 480 (C1) + 390 (C4) + 280 (C5) + 10:10:30–10:26:30 = 960 (C6 ∪ C7 ∪ C8) = 2110 s,
  //   all inside available time: occupancy = 2110 / 6976 = 0.3025, utilization = 2110 / 9000 = 0.2344
  //   CPH = 6 / (6976 / 3600) = 3.1
  // FCR: resolved inbound contacts with a customer key: C1, C6, C7; C1's caller came back (C7):
  //   (3 − 1) / 3 = 0.6667. Top reasons: C6's "Billing" (the chat's callProcessingDetails.reason).
  assert.deepEqual(values(snapshot), {
    handled: 6, aht: 515, talk: 420, hold: 30, acw: 65, cph: 3.1,
    occupancy: 0.3025, utilization: 0.2344,
    asa: 28, answer_rate: 0.7143, abandon_rate: 0.1429, service_level: 0.3333, fcr: 0.6667,
    csat: null, nps: null, ces: null,
    backlog: null, oldest_case_age: null, stale_cases: null, cases_closed: null, time_to_close: null, reopen_rate: null,
    top_reasons: 1,
  });
  assert.deepEqual(snapshot.kpis.fcr.n, 3);
  const channel = (name) => Object.fromEntries(
    ['handled', 'aht', 'talk', 'hold', 'acw', 'asa', 'answer_rate', 'abandon_rate', 'service_level']
      .map((kpi) => [kpi, snapshot.channels[name][kpi].value]));
  // Voice: C1 C4 C5 C7. talk (360 + 360 + 240 + 300) / 4 = 315, hold 180 / 4 = 45,
  //   ACW (60 + 30 + 40 + 60) / 4 = 47.5, AHT 1630 / 4 = 407.5; ASA (20 + 15 + 30) / 3 = 21.7;
  //   offered C1 C2 C3 C4 C7: answered 3 / 5 = 0.6, abandoned 1 / 5 = 0.2, SL 2 / (3 + 1) = 0.5.
  assert.deepEqual(channel('voice'), {
    handled: 4, aht: 407.5, talk: 315, hold: 45, acw: 47.5, asa: 21.7, answer_rate: 0.6, abandon_rate: 0.2, service_level: 0.5,
  });
  // Chat: C6 C8. talk (900 + 360) / 2 = 630, ACW (60 + 140) / 2 = 100, AHT 1460 / 2 = 730,
  //   ASA (45 + 30) / 2 = 37.5, both answered, none within 20 s.
  assert.deepEqual(channel('chat'), {
    handled: 2, aht: 730, talk: 630, hold: 0, acw: 100, asa: 37.5, answer_rate: 1, abandon_rate: 0, service_level: 0,
  });
  assert.deepEqual(snapshot.channels.chat.top_reasons.items, [{ reason: 'Billing', count: 1 }]);
});

test('the console reload changes no figure: everything it replays is a duplicate', () => {
  const live = snapshotOf(withoutReload.events, { asOf: AS_OF });
  const reloaded = snapshotOf(withReload.events, { asOf: AS_OF });
  assert.deepEqual(reloaded.kpis, live.kpis);
  assert.deepEqual(reloaded.channels, live.channels);
  assert.equal(live.ingest.duplicates, 0);
  // The new page's adapter sent the current presence and each open interaction's phases again
  // (from AgentContact and from the task map): C6 and C8 in conversation or wrap-up, C7 on hold.
  const kinds = withReload.replayed.map((e) => `${e.type}${e.contact_id ? ` ${e.contact_id.slice(-2)}` : ''}`).sort();
  assert.deepEqual(kinds, [
    'agent_state',
    'contact_answered 06', 'contact_answered 07', 'contact_answered 08',
    'contact_ended 08',
    'contact_offered 06', 'contact_offered 07', 'contact_offered 08',
    'hold_started 07',
  ]);
  // … each under an id the first page had already used: the engine counts them as duplicates.
  const liveIds = new Set(withoutReload.events.map((e) => e.id));
  for (const e of withReload.replayed) assert.ok(liveIds.has(e.id), `replayed ${e.type} has a new id ${e.id}`);
  assert.equal(reloaded.ingest.duplicates, withReload.replayed.length);
  assert.equal(reloaded.ingest.accepted, live.ingest.accepted);
  // Apart from the replay, both runs sent the same events.
  assert.deepEqual(withReload.events.filter((e) => !withReload.replayed.includes(e)), withoutReload.events);
});

test('what the adapter makes of each Webex message', () => {
  const { events } = withoutReload;
  const of = (n) => events.filter((e) => e.contact_id === iid(n)).map((e) => e.type);
  const one = (type, n) => events.find((e) => e.type === type && e.contact_id === iid(n));
  // ContactEnded and AgentWrapup both end C1 (the SDK's double task:end): one contact_ended,
  // at ContactEnded's eventTime.
  assert.deepEqual(of(1), ['contact_offered', 'contact_answered', 'hold_started', 'hold_ended', 'contact_ended', 'wrap_up_ended']);
  assert.equal(one('contact_ended', 1).ts, T('09:12:10'));
  // ts is the message's eventTime (epoch ms), not its arrival 120 ms later.
  assert.equal(one('contact_offered', 1).ts, T('09:05:00'));
  assert.equal(one('contact_offered', 1).queued_at, T('09:04:50'));
  assert.deepEqual(
    { disposition: one('wrap_up_ended', 1).disposition, resolved: one('wrap_up_ended', 1).resolved },
    { disposition: 'Resolved', resolved: true });
  assert.deepEqual(of(2), ['contact_offered', 'contact_missed']); // RONA
  assert.deepEqual(of(3), ['contact_offered', 'contact_abandoned']); // ended while still new
  assert.deepEqual(of(4), ['contact_offered', 'contact_answered', 'contact_transferred', 'wrap_up_ended']);
  assert.equal(one('wrap_up_ended', 4).resolved, undefined);
  assert.deepEqual(
    { direction: one('contact_offered', 5).direction, queued_at: one('contact_offered', 5).queued_at },
    { direction: 'outbound', queued_at: undefined });
  assert.equal(one('contact_offered', 6).channel, 'chat');
  assert.deepEqual(of(9), ['contact_offered', 'contact_withdrawn']); // assignment failed
  // Presence has no vendor time: each agent_state is stamped with its message's arrival.
  const arrivals = session.steps.filter((s) => /eAgent(StationLogin|StateChange|Logout)Success$/.test(s.send ?? '')).map((s) => s.at);
  const states = events.filter((e) => e.type === 'agent_state');
  assert.deepEqual(states.map((e) => e.ts), arrivals);
  assert.deepEqual(states.map((e) => [e.state, e.reason]), [
    ['break', 'Meeting'], ['available', undefined], ['break', 'RONA'], ['available', undefined],
    ['break', 'Lunch'], ['available', undefined], ['offline', 'LoggedOut'],
  ]);
  // The SDK bound every listener and complained of nothing (but of the real-time data socket,
  // window.wxcc.rtdwc, which the stand-in does not have and the adapter does not use).
  const complaints = sdkLogs.filter((l) => (l.method === 'warn' || l.method === 'error') && !l.text.includes('RTDWC'));
  assert.deepEqual(complaints, []);
  assert.ok(sdkLogs.some((l) => l.text.includes('Bound \\"eAgentOfferContact\\"')), 'the SDK bound the listeners');
});

/** One Desktop on a bare stand-in host, for messages written here. */
async function desktop(options = {}) {
  sessionStorage.clear();
  const host = agentxService({ profile: session.profile });
  globalThis.AGENTX_SERVICE = host.service;
  const Desktop = await loadDesktop();
  await Desktop.config.init({ widgetName: 'agent-kpi', widgetProvider: 'agent-kpi' });
  const events = [];
  const detach = attach(Desktop, { push: (batch) => events.push(...batch) }, options);
  await new Promise((resolve) => setTimeout(resolve, 0));
  const contact = (type, eventTime, data = {}) => ({ type: 'RoutingMessage', data: { type, eventTime, agentId: session.agentId, interactionId: 'int-1', ...data } });
  const interaction = (state, more = {}) => ({ interactionId: 'int-1', mediaType: 'telephony', state, contactDirection: { type: 'INBOUND' }, ...more });
  return { host, events, detach, contact, interaction };
}

test('odd messages are skipped, never thrown back at the SDK; detach removes every listener', async () => {
  const { host, events, detach, contact, interaction } = await desktop();
  const send = (signal, msg) => assert.doesNotThrow(() => host.send(`aqm.contact.${signal}`, msg));
  send('eAgentOfferContact', null);
  send('eAgentOfferContact', { data: null });
  send('eAgentOfferContact', { data: { interactionId: 42 } });
  send('eAgentContactEnded', { data: { interactionId: 'never-seen' } }); // no state, never answered here
  send('eAgentContactWrappedUp', { data: { interactionId: 'int-0', wrapUpAuxCodeId: { not: 'a code' } } });
  send('eAgentContactHeld', { data: { interactionId: 'int-0', interaction: { media: 'nonsense' } } });
  send('eAgentContact', { data: { interactionId: 'int-0', interaction: { state: 'connected', participants: 7 }, eventTime: 'soon' } });
  send('eAgentOfferContact', contact('AgentOfferContact', 5, { interaction: interaction('new') })); // epoch 5: not a time
  const snapshot = snapshotOf(events, { asOf: Date.now() });
  assert.equal(snapshot.ingest.rejected, 0, JSON.stringify(events));
  detach();
  const before = events.length;
  host.send('aqm.contact.eAgentOfferContact', contact('AgentOfferContact', T('09:00:00'), { interactionId: 'int-2', interaction: interaction('new') }));
  host.send('aqm.agent.eAgentStateChangeSuccess', { data: { status: 'LoggedIn', subStatus: 'Available', auxCodeId: '0' } });
  assert.equal(events.length, before);
});

test('an interaction offered again after a RONA is a new contact; an end with no wrap-up owed completes it', async () => {
  const { host, events, detach, contact, interaction } = await desktop({ resolvedCodes: ['wc-resolved'] });
  const send = (signal, msg) => host.send(`aqm.contact.${signal}`, msg);
  send('eAgentOfferContact', contact('AgentOfferContact', T('09:00:00'), { interaction: interaction('new') }));
  send('eAgentOfferContactRona', contact('AgentOfferContactRona', T('09:00:15'), { reason: 'RONA', interaction: interaction('new') }));
  send('eAgentOfferContact', contact('AgentOfferContact', T('09:01:00'), { interaction: interaction('new') }));
  send('eAgentContactAssigned', contact('AgentContactAssigned', T('09:01:04'), { interaction: interaction('connected') }));
  // ContactEnded that owes this agent no wrap-up: the contact is complete at once.
  send('eAgentContactEnded', contact('ContactEnded', T('09:03:04'), { agentsPendingWrapUp: [], interaction: interaction('ended') }));
  detach();
  assert.deepEqual(events.map((e) => [e.type, e.contact_id]), [
    ['contact_offered', 'int-1'],
    ['contact_missed', 'int-1'],
    ['contact_offered', `int-1:${T('09:01:00')}`],
    ['contact_answered', `int-1:${T('09:01:00')}`],
    ['contact_ended', `int-1:${T('09:01:00')}`],
    ['wrap_up_ended', `int-1:${T('09:01:00')}`],
  ]);
  // Offered twice, missed once, answered once: 1 / 2; handled 1 with 120 s of talk and no ACW.
  const figures = values(snapshotOf(events, { asOf: T('10:00:00') }));
  assert.deepEqual(
    { handled: figures.handled, talk: figures.talk, acw: figures.acw, answer_rate: figures.answer_rate, asa: figures.asa },
    { handled: 1, talk: 120, acw: 0, answer_rate: 0.5, asa: 4 });
});
