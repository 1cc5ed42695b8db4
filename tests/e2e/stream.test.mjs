// A panel fed by Server-Sent Events survives its server restarting mid-stream: it reconnects,
// resumes with Last-Event-ID, and ends with every event counted once. The same over a
// WebSocket, whose server starts each connection from the first event again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { startSse, sampleDay } from '../../examples/sse/server.mjs';
import { startWebSocket } from '../../examples/sse/websocket.mjs';

let sites, stream, browser, page;
const errors = [];
const CONTACTS = 30;
const events = sampleDay(CONTACTS);

before(async () => {
  sites = await serveWidgetAndExamples();
  stream = await startSse({ events, everyMs: 15 });
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(sites.page('sse/index.html', `&stream=${encodeURIComponent(stream.url)}`));
});
after(async () => {
  await browser?.close();
  await stream?.stop();
  sites?.close();
});

/** What the page's panel took so far, its feed badge's state, and the shift's snapshot. */
const accepted = (tab = page) => tab.evaluate(() =>
  document.querySelector('agent-kpi-panel')?.snapshot?.({ window: 'shift' })?.ingest.accepted ?? 0);
const badge = (tab = page) => tab.evaluate(() =>
  document.querySelector('agent-kpi-panel')?.shadowRoot?.querySelector('.akpi-feed')?.dataset.state ?? null);
const shift = (tab) => tab.evaluate(() => document.querySelector('agent-kpi-panel').snapshot({ window: 'shift' }));
/** Waits until the panel's feed lost its stream and is reconnecting. */
const cutOff = (tab) => tab.waitForFunction(() => ['retrying', 'connecting'].includes(
  document.querySelector('agent-kpi-panel').shadowRoot.querySelector('.akpi-feed')?.dataset.state));
/** Waits until the panel has taken every event. */
const allIn = (tab) => tab.waitForFunction((total) => document.querySelector('agent-kpi-panel')
  .snapshot({ window: 'shift' }).ingest.accepted === total, events.length, { timeout: 30_000 });

test('the stream restarts mid-way and nothing is lost or counted twice', async () => {
  await page.waitForFunction(() => customElements.get('agent-kpi-panel'));
  // Let part of the stream through, then cut it.
  while ((await accepted()) < 40) await page.waitForTimeout(20);
  assert.equal(await badge(), 'open');
  const port = stream.port;
  await stream.stop();
  await cutOff(page);
  const during = await accepted();
  assert.ok(during < events.length, `${during} before the restart`);
  await page.waitForTimeout(800);
  stream = await startSse({ port, events, everyMs: 15 });
  await allIn(page);
  const snap = await shift(page);
  assert.equal(snap.ingest.accepted, events.length);
  assert.equal(snap.ingest.rejected, 0);
  // Resumed after the last event it had (Last-Event-ID): none sent twice, so none to drop.
  // (De-duplication would hide a resume from the start.)
  assert.equal(snap.ingest.duplicates, 0);
  assert.equal(snap.kpis.handled.value, CONTACTS);
  // 4:00 talk and 0:45 ACW each.
  assert.equal(snap.kpis.aht.value, 285);
  assert.equal(await badge(), 'open');
});

test('a WebSocket stream cut mid-way: the panel reconnects, and events sent again count once', async () => {
  let socket = await startWebSocket({ events, everyMs: 10 });
  const tab = await browser.newPage();
  tab.on('pageerror', (err) => errors.push(String(err)));
  await tab.goto(sites.page('sse/index.html', `&stream=${encodeURIComponent(socket.url)}`));
  while ((await accepted(tab)) < 40) await tab.waitForTimeout(20);
  assert.equal(await badge(tab), 'open');
  const { port } = socket;
  await socket.stop();
  await cutOff(tab);
  const during = await accepted(tab);
  assert.ok(during < events.length, `${during} before the cut`);
  // The server comes back, starts ten events before where the panel was cut off, and sends
  // binary frames this time (UTF-8 JSON, as some servers do).
  socket = await startWebSocket({ port, events, everyMs: 5, from: during - 10, binary: true });
  try {
    await allIn(tab);
    const snap = await shift(tab);
    assert.equal(snap.ingest.accepted, events.length);
    assert.equal(snap.ingest.duplicates, 10);
    assert.equal(snap.kpis.handled.value, CONTACTS);
    assert.equal(snap.kpis.aht.value, 285);
    assert.equal(await badge(tab), 'open');
  } finally {
    await tab.close();
    await socket.stop();
  }
});

test('the iframe connects the stream its configuration names, by message and in its URL', async () => {
  const fixtures = await serve(new URL('fixtures/', import.meta.url).pathname);
  const tab = await browser.newPage();
  tab.on('pageerror', (err) => errors.push(String(err)));
  const frameBadge = () => tab.frames()[1]?.evaluate(() =>
    document.querySelector('.akpi-feed')?.dataset.state ?? null);
  const frameAccepted = async () => (await tab.evaluate(() => window.ask({ window: 'shift' })))
    ?.snapshot?.ingest.accepted ?? 0;
  try {
    // By message: the host configures `src` once the frame is up.
    await tab.goto(`${fixtures.url}frame-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
    await tab.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
    assert.equal(await frameBadge(), null, 'no stream before one is configured');
    await tab.evaluate((src) => window.send({ type: 'agent-kpi:config', config: { src } }), stream.url);
    while ((await frameAccepted()) < events.length) await tab.waitForTimeout(50);
    const { snapshot } = await tab.evaluate(() => window.ask({ window: 'shift' }));
    assert.equal(snapshot.ingest.accepted, events.length);
    assert.equal(snapshot.kpis.handled.value, CONTACTS);
    assert.equal(snapshot.kpis.aht.value, 285);
    assert.equal(await frameBadge(), 'open');
    // And taken away again: the frame drops the stream and its badge.
    await tab.evaluate(() => window.send({ type: 'agent-kpi:config', config: { src: null } }));
    await tab.frames()[1].waitForFunction(() => !document.querySelector('.akpi-feed'));
    // In the frame's URL: `?config={"src": …}` connects as the page loads.
    const config = JSON.stringify({ src: stream.url });
    await tab.goto(`${fixtures.url}frame-host.html?widget=${encodeURIComponent(sites.widget.url)}`
      + `&config=${encodeURIComponent(config)}`);
    await tab.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
    while ((await frameAccepted()) < events.length) await tab.waitForTimeout(50);
    assert.equal(await frameBadge(), 'open');
  } finally {
    await tab.close();
    fixtures.close();
  }
});

test('no page errors', () => {
  assert.deepEqual(errors, []);
});
