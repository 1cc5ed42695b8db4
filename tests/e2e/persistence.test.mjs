// The panel keeps its state in localStorage: a reload in the middle of a day, with the host
// replaying its last ten minutes, gives the figures of an uninterrupted run; no storage, or an
// unreadable save, gives a notice instead of a broken panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';

let sites, browser;

before(async () => {
  sites = await serveWidgetAndExamples();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  sites?.close();
});

const url = () => sites.page('web-component/index.html');
const ready = (page) => page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (minutes) => T0 + minutes * 60_000;
const events = [{ id: 's', ts: at(0), type: 'agent_state', state: 'available' }];
for (let i = 0; i < 12; i += 1) {
  const id = `c${i}`;
  const start = 5 + i * 9;
  events.push(
    { id: `${id}-o`, ts: at(start), type: 'contact_offered', contact_id: id, channel: i % 3 ? 'voice' : 'chat', customer_key: `k${i % 5}` },
    { id: `${id}-a`, ts: at(start + 0.5), type: 'contact_answered', contact_id: id },
    { id: `${id}-e`, ts: at(start + 5), type: 'contact_ended', contact_id: id, resolved: true },
    { id: `${id}-w`, ts: at(start + 6), type: 'wrap_up_ended', contact_id: id },
  );
}
const snapshot = (page) => page.evaluate((asOf) =>
  document.querySelector('#today').snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' }), at(120));
const push = (page, batch) => page.evaluate((b) => document.querySelector('#today').push(b), batch);

test('a reload mid-day, with the last ten minutes replayed, counts nothing twice and loses nothing', async () => {
  const page = await browser.newPage();
  await page.goto(url());
  await ready(page);
  await push(page, events);
  const whole = await snapshot(page);

  // A second run: half the day, a reload, then the host replays from ten minutes back.
  const fresh = await browser.newPage();
  await fresh.goto(url());
  await ready(fresh);
  const cut = Math.floor(events.length / 2);
  await push(fresh, events.slice(0, cut));
  await fresh.reload();
  await ready(fresh);
  const resume = events.findIndex((e) => e.ts >= events[cut - 1].ts - 10 * 60_000);
  const report = await push(fresh, events.slice(resume));
  assert.equal(report.duplicates, cut - resume);
  const resumed = await snapshot(fresh);
  assert.deepEqual(resumed.kpis, whole.kpis);
  assert.deepEqual(resumed.channels, whole.channels);
  assert.equal(resumed.ingest.accepted, whole.ingest.accepted);
  // And the customer keys were never stored as given.
  const stored = await fresh.evaluate(() => localStorage.getItem('example-today'));
  assert.ok(stored.length > 100);
  assert.ok(!stored.includes('"k1"'), 'customer keys are hashed');
  await page.close();
  await fresh.close();
});

test('no storage: the panel works from memory and says so', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url());
  await ready(page);
  const notice = await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-notice')?.textContent);
  assert.match(notice ?? '', /keeps no storage/);
  await push(page, events);
  assert.equal((await snapshot(page)).kpis.handled.value, 12);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an unreadable save is set aside with a notice, and the panel starts afresh', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('example-today', '{"version": 1, "garbage": true');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto(url());
  await ready(page);
  const notice = await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-notice')?.textContent);
  assert.match(notice ?? '', /could not be read/);
  const aside = await page.evaluate(() => localStorage.getItem('example-today:unreadable'));
  assert.equal(aside, '{"version": 1, "garbage": true');
  assert.equal((await snapshot(page)).ingest.accepted, 0);
  await page.close();
});
