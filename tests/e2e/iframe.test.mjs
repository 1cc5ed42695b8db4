// The iframe embedding between two real origins: the postMessage protocol, origin checks,
// resize, alerts, and a strict Content-Security-Policy on the frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { WAYS_IN } from '../../scripts/bundle-size.mjs';

const root = new URL('../../', import.meta.url).pathname;
// As strict as a CRM's own policy for a frame: nothing but the widget's own files, its wasm
// compiled, and no inline code, eval or other origin.
const CSP = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
  "connect-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'",
  'frame-ancestors http://127.0.0.1:*',
].join('; ');
let sites, third, browser, page;
const errors = [];
/** The files the page and its frame fetched from the widget's site, by their path there. */
let fetched;

before(async () => {
  sites = await serveWidgetAndExamples((file) =>
    file.endsWith('.html') ? { 'content-security-policy': CSP } : {});
  third = await serve(root + 'tests/e2e/fixtures/');
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  fetched = sites.fetchedBy(page);
  await page.goto(sites.page('iframe/index.html'));
  await page.waitForFunction(() => window.kpiReady === true);
  // Collect what the frame posts, for the tests below.
  await page.evaluate(() => {
    window.received = [];
    window.addEventListener('message', (e) => window.received.push(e.data));
  });
});
after(async () => {
  await browser?.close();
  sites?.close();
  third?.close();
});

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (minutes) => T0 + minutes * 60_000;
const contact = (id, start, minutes) => [
  { id: `${id}-o`, ts: at(start), type: 'contact_offered', contact_id: id, channel: 'chat' },
  { id: `${id}-a`, ts: at(start), type: 'contact_answered', contact_id: id },
  { id: `${id}-w`, ts: at(start + minutes), type: 'wrap_up_ended', contact_id: id },
];
/** Asks the frame through the host page's helper; fails after 5 s rather than hanging. */
const snapshot = (options) => page.evaluate((o) => Promise.race([
  window.kpi.snapshot(o),
  new Promise((_, reject) => setTimeout(() => reject(new Error('no snapshot reply')), 5000)),
]), options);
const send = (message) => page.evaluate((m) => window.kpi.send(m), message);

// What scripts/bundle-size.mjs weighs as the iframe is what the frame fetches: its page, one
// script, its page's styles and the wasm (the panel's styles are in the wasm).
test('the frame fetches its page, one script, its styles and the wasm, once, and nothing else', () => {
  assert.deepEqual([...fetched].sort(), [...WAYS_IN.iframe].sort());
});

test('the frame announces itself, takes events and answers snapshot requests by id', async () => {
  const ready = await page.evaluate(() => document.getElementById('log').textContent);
  assert.match(ready, /ready: schema 1, widget \d+\.\d+\.\d+/);
  await send({ type: 'agent-kpi:events', events: [
    { id: 's', ts: at(0), type: 'agent_state', state: 'available' }, ...contact('a', 10, 5), ...contact('b', 20, 5),
  ] });
  // NDJSON text works too.
  await send({ type: 'agent-kpi:events', events: contact('c', 30, 8).map((e) => JSON.stringify(e)).join('\n') });
  const reply = await snapshot({ window: 'today', as_of: at(60), time_zone: 'UTC' });
  assert.equal(reply.type, 'agent-kpi:snapshot');
  assert.equal(typeof reply.id, 'number');
  assert.deepEqual(reply.snapshot.kpis.handled, { value: 3, n: 3 });
  // (300 + 300 + 480) / 3 = 360 s; 3 contacts in one staffed hour.
  assert.equal(reply.snapshot.kpis.aht.value, 360);
  assert.equal(reply.snapshot.kpis.cph.value, 3);
  assert.equal(reply.dropped_messages, 0);
});

test('an alert is posted when a target is crossed', async () => {
  // "Today" in a zone where it is about noon now, so that the contact below lies within today
  // whatever the hour of the run (just after midnight, it would not).
  const offset = 12 - new Date().getUTCHours();
  const zone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  // One contact is enough to judge here (the default minimum sample is five).
  await send({ type: 'agent-kpi:config', config: { time_zone: zone, min_sample: 1 } });
  // The host configured an AHT target of 420 s; a 20-minute contact now takes today over it.
  await send({ type: 'agent-kpi:events', events: contact('long', Math.round((Date.now() - T0) / 60000) - 25, 20) });
  // Other KPIs may alert too (a widget starts with the balanced preset's targets).
  await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:alert' && m.alert.kpi === 'aht'));
  const alert = await page.evaluate(() => window.received.find((m) => m?.type === 'agent-kpi:alert' && m.alert.kpi === 'aht').alert);
  assert.equal(alert.kpi, 'aht');
  assert.equal(alert.status, 'warn');
  assert.equal(alert.target, 420);
  await send({ type: 'agent-kpi:config', config: { time_zone: 'UTC', min_sample: 5 } });
});

test('the frame is sized to its content through resize messages', async () => {
  await page.waitForTimeout(300);
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  const content = await frame.evaluate(() => document.body.scrollHeight);
  const box = await page.evaluate(() => document.getElementById('kpi').getBoundingClientRect().height);
  assert.ok(content > 60, `content height ${content}`);
  assert.equal(Math.round(box), content);
  const scrolls = await frame.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
  assert.equal(scrolls, false);
});

test('messages from a third origin are dropped and counted', async () => {
  const before = await snapshot({ time_zone: 'UTC' });
  await page.evaluate((src) => {
    const intruder = document.createElement('iframe');
    intruder.src = src;
    document.body.append(intruder);
  }, `${third.url}intruder.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].length === 2);
  await page.waitForTimeout(500);
  const after = await snapshot({ time_zone: 'UTC' });
  assert.equal(after.dropped_messages, 2);
  assert.equal(after.snapshot.ingest.accepted, before.snapshot.ingest.accepted);
});

test('what the frame cannot take comes back as agent-kpi:error, with its kind and id', async () => {
  await page.evaluate(() => { window.received.length = 0; });
  await send({ type: 'agent-kpi:config', config: { colour: 'red' } });
  await send({ type: 'agent-kpi:snapshot', id: 'w', window: 'week' });
  await send({ type: 'agent-kpi:nope', id: 9 });
  await send({ type: 'agent-kpi:events', events: [{ id: 'bad', ts: 'nope', type: 'agent_state' }] });
  await page.waitForFunction(() => window.received.filter((m) => m?.type === 'agent-kpi:error').length === 4);
  const errors = await page.evaluate(() => window.received.filter((m) => m?.type === 'agent-kpi:error'));
  const of = (kind) => errors.find((e) => e.kind === kind);
  assert.deepEqual(of('config').errors.map((e) => e.path), ['colour']);
  assert.deepEqual([of('snapshot').id, of('snapshot').message], ['w', 'unknown window "week"']);
  assert.deepEqual([of('protocol').id, of('protocol').message], [9, 'unknown message type agent-kpi:nope']);
  assert.equal(of('rejected').rejected.length, 1);
  assert.equal(of('rejected').rejected[0].index, 0);
  assert.match(of('rejected').rejected[0].reason, /^ts: not an RFC 3339 timestamp/);
});

test('a big array of events goes in a piece at a time and is acknowledged once, whole', async (t) => {
  // 12 000 one-minute chats, one every 6 s, from yesterday's UTC midnight on (after every event
  // above, and before the page's clock: events from the future are refused): 36 000 events in
  // one array, in time order.
  const DAY = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
  const events = [];
  for (let i = 0; i < 12_000; i++) {
    const start = DAY + i * 6_000;
    events.push(
      { id: `big-${i}-o`, ts: start, type: 'contact_offered', contact_id: `big-${i}`, channel: 'chat' },
      { id: `big-${i}-a`, ts: start, type: 'contact_answered', contact_id: `big-${i}` },
      { id: `big-${i}-w`, ts: start + 60_000, type: 'wrap_up_ended', contact_id: `big-${i}` },
    );
  }
  events.sort((a, b) => a.ts - b.ts);
  const seen = await page.evaluate(async (batch) => {
    // The frame shares this page's main thread (same site): its long tasks would be ours.
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    const acknowledged = new Promise((resolve) => window.addEventListener('message', (e) => {
      if (e.data?.type === 'agent-kpi:ingested' && e.data.id === 'big') resolve(e.data.report);
    }));
    const began = performance.now();
    window.kpi.send({ type: 'agent-kpi:events', id: 'big', events: batch });
    const report = await acknowledged;
    const ms = performance.now() - began;
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    const acks = window.received.filter((m) => m?.type === 'agent-kpi:ingested' && m.id === 'big').length;
    return { report, acks, ms, longestTask: Math.max(0, ...tasks) };
  }, events);
  assert.equal(seen.report.accepted, 36_000);
  assert.deepEqual(seen.report.rejected, []);
  assert.equal(seen.acks, 1);
  const reply = await snapshot({ window: 'today', as_of: DAY + 23 * 3_600_000, time_zone: 'UTC' });
  assert.deepEqual(reply.snapshot.kpis.handled, { value: 12_000, n: 12_000 });
  assert.equal(reply.snapshot.kpis.aht.value, 60);
  t.diagnostic(`in after ${seen.ms.toFixed(0)} ms; longest task ${seen.longestTask.toFixed(0)} ms`);
});

test('the frame ran under a strict CSP with no violation and no error', async () => {
  assert.deepEqual(errors, []);
  // The policy was in force: an inline script and an image of another origin are refused in
  // the frame, each reported as a violation of its directive.
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  const enforced = await frame.evaluate(async () => {
    const violated = [];
    document.addEventListener('securitypolicyviolation', (e) => violated.push(e.effectiveDirective));
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true;';
    document.body.append(inline);
    const image = document.createElement('img');
    image.src = 'http://127.0.0.2:9/pixel.png';
    document.body.append(image);
    await new Promise((resolve) => setTimeout(resolve, 200));
    inline.remove();
    image.remove();
    return { inline: window.inlineRan === true, violated: violated.sort() };
  });
  assert.deepEqual(enforced, { inline: false, violated: ['img-src', 'script-src-elem'] });
});
