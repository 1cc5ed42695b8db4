// Who may talk to the iframe, across three sites: the widget on `localhost`, its host on
// 127.0.0.1 and a foreign page on 127.0.0.2 (each a different site to the browser). Origins
// are taken as the browser writes them or refused with a notice; messages count only from the
// window that embeds the frame; a configuration narrows the list and never widens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const root = new URL('../../', import.meta.url).pathname;
let widget, host, foreign, browser;

before(async () => {
  widget = await serve(root + 'dist/', () => ({}), 'localhost');
  host = await serve(root + 'tests/e2e/fixtures/');
  foreign = await serve(root + 'tests/e2e/fixtures/', () => ({}), '127.0.0.2');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  [widget, host, foreign].forEach((server) => server?.close());
});

const T0 = Date.parse('2026-11-23T09:00:00Z');
const events = [
  { id: 'o-1', ts: T0, type: 'agent_state', state: 'available' },
  { id: 'o-2', ts: T0 + 60_000, type: 'contact_offered', contact_id: 'c', channel: 'chat' },
];

/** The fixture host page on `site`, framing the widget with `query`; resolves once the panel
 * inside the frame has drawn, with the page and the frame. */
async function framed(site, query = '') {
  const page = await browser.newPage();
  await page.goto(`${site.url}frame-host.html?widget=${encodeURIComponent(widget.url)}${query}`);
  for (let tries = 0; tries < 100; tries += 1) {
    const frame = page.frames().find((f) => f.url().includes('embed.html'));
    if (frame && await frame.$('.akpi')) return { page, frame };
    await page.waitForTimeout(100);
  }
  throw new Error('the frame never drew its panel');
}

const received = (page) => page.evaluate(() => window.received.map((m) => m?.type));

test('"*" and "null" are refused: a foreign page that frames the widget hears nothing, and the frame says why', async () => {
  const { page, frame } = await framed(foreign, `&origins=${encodeURIComponent('*,null')}`);
  await page.evaluate((e) => window.send({ type: 'agent-kpi:events', events: e }), events);
  await page.waitForTimeout(1000);
  assert.deepEqual(await received(page), []);
  const notice = await frame.$eval('.akpi-notice', (n) => n.textContent);
  assert.match(notice, /origins it cannot trust/);
  await page.close();
});

test('an origin written in capitals with a trailing slash is the host\'s own', async () => {
  const written = host.url.toUpperCase(); // HTTP://127.0.0.1:PORT/
  const { page } = await framed(host, `&origins=${encodeURIComponent(written)}`);
  await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
  await page.evaluate((e) => window.send({ type: 'agent-kpi:events', events: e }), events);
  const reply = await page.evaluate(() => window.ask({ time_zone: 'UTC' }));
  assert.equal(reply.snapshot.ingest.accepted, 2);
  assert.equal(reply.dropped_messages, 0);
  await page.close();
});

test('a child frame of the host\'s own origin is not the host: its messages are dropped and counted', async () => {
  const { page } = await framed(host);
  await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
  await page.evaluate((e) => window.fromChild({ type: 'agent-kpi:events', events: e }), events);
  await page.waitForTimeout(500);
  const reply = await page.evaluate(() => window.ask({ time_zone: 'UTC' }));
  assert.equal(reply.dropped_messages, 1);
  assert.equal(reply.snapshot.ingest.accepted, 0);
  await page.close();
});

test('a configuration narrows the origins the frame talks to, and never widens them', async () => {
  const { page } = await framed(host);
  await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
  // Naming the host and a foreign origin: the frame still talks to the host alone.
  await page.evaluate((others) => window.send({ type: 'agent-kpi:config', config: { allowed_origins: others } }),
    [host.url.slice(0, -1), foreign.url.slice(0, -1)]);
  assert.ok(await page.evaluate(() => window.ask({ time_zone: 'UTC' })), 'the host is still heard');
  // Naming only another origin: the host is no longer heard nor answered.
  await page.evaluate(() => window.send({ type: 'agent-kpi:config', config: { allowed_origins: ['https://elsewhere.example'] } }));
  assert.equal(await page.evaluate(() => window.ask({ time_zone: 'UTC' }, 1000)), null);
  await page.close();
});

test('a message bigger than the frame takes is answered with an error, unread, and the next one counts', async () => {
  const { page } = await framed(host);
  await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
  await page.evaluate(() => window.send({ type: 'agent-kpi:events', events: 'x'.repeat(32 * 1024 * 1024 + 1) }));
  await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:error' && m.kind === 'message'));
  const error = await page.evaluate(() => window.received.find((m) => m?.kind === 'message'));
  assert.match(error.message, /^a message of \d+ characters, more than the 33554432 the frame takes/);
  await page.evaluate((e) => window.send({ type: 'agent-kpi:events', events: e }), events);
  const reply = await page.evaluate(() => window.ask({ time_zone: 'UTC' }));
  assert.equal(reply.snapshot.ingest.accepted, 2);
  await page.close();
});
