// A panel fed by Server-Sent Events survives its server restarting mid-stream: it reconnects,
// resumes with Last-Event-ID, and ends with every event counted once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { startSse, sampleDay } from '../../examples/sse/server.mjs';

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

const accepted = () => page.evaluate(() =>
  document.querySelector('agent-kpi-panel')?.snapshot?.({ window: 'shift' })?.ingest.accepted ?? 0);
const badge = () => page.evaluate(() =>
  document.querySelector('agent-kpi-panel')?.shadowRoot?.querySelector('.akpi-feed')?.dataset.state ?? null);

test('the stream restarts mid-way and nothing is lost or counted twice', async () => {
  await page.waitForFunction(() => customElements.get('agent-kpi-panel'));
  // Let part of the stream through, then cut it.
  while ((await accepted()) < 40) await page.waitForTimeout(20);
  assert.equal(await badge(), 'open');
  const port = stream.port;
  await stream.stop();
  await page.waitForFunction(() => {
    const state = document.querySelector('agent-kpi-panel').shadowRoot.querySelector('.akpi-feed')?.dataset.state;
    return state === 'retrying' || state === 'connecting';
  });
  const during = await accepted();
  assert.ok(during < events.length, `${during} before the restart`);
  await page.waitForTimeout(800);
  stream = await startSse({ port, events, everyMs: 15 });
  await page.waitForFunction((total) => document.querySelector('agent-kpi-panel')
    .snapshot({ window: 'shift' }).ingest.accepted === total, events.length, { timeout: 30_000 });
  const snap = await page.evaluate(() => document.querySelector('agent-kpi-panel').snapshot({ window: 'shift' }));
  assert.equal(snap.ingest.accepted, events.length);
  assert.equal(snap.ingest.rejected, 0);
  assert.equal(snap.kpis.handled.value, CONTACTS);
  // 4:00 talk and 0:45 ACW each.
  assert.equal(snap.kpis.aht.value, 285);
  assert.equal(await badge(), 'open');
});

test('no page errors', () => {
  assert.deepEqual(errors, []);
});
