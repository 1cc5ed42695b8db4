// The panel keeps its state in localStorage: a reload in the middle of a day, with the host
// replaying its last ten minutes, gives the figures of an uninterrupted run; no storage, or an
// unreadable save, gives a notice instead of a broken panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch, launchAllowingThirdPartyStorage } from './browser.mjs';
import { at, morning as events } from './events.mjs';

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
  const stored = await fresh.evaluate(() => localStorage.getItem('agent-kpi:v1:example-today'));
  assert.ok(stored.length > 100);
  assert.ok(!stored.includes('"k1"'), 'customer keys are hashed');
  await page.close();
  await fresh.close();
});

test('after a reload, a late event counts as it would have without the reload', async () => {
  // 150 contacts, three minutes apart: past the engine's first checkpoints (one each 512
  // events), so that the save holds figures booked before its oldest checkpoint.
  const day = [{ id: 's', ts: at(0), type: 'agent_state', state: 'available' }];
  for (let i = 0; i < 150; i += 1) {
    const id = `d${i}`;
    const start = 5 + i * 3;
    day.push(
      { id: `${id}-o`, ts: at(start), type: 'contact_offered', contact_id: id, channel: 'voice' },
      { id: `${id}-a`, ts: at(start + 0.25), type: 'contact_answered', contact_id: id },
      { id: `${id}-e`, ts: at(start + 2), type: 'contact_ended', contact_id: id },
      { id: `${id}-w`, ts: at(start + 2.5), type: 'wrap_up_ended', contact_id: id },
    );
  }
  // Behind the last contact's end (by two and a half minutes), within the lateness bound.
  const late = { id: 'late', ts: at(5 + 149 * 3), type: 'case_opened', case_id: 'k-late' };
  const figures = (page) => page.evaluate((asOf) =>
    document.querySelector('#today').snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' }), at(460));

  const page = await browser.newPage();
  await page.goto(url());
  await ready(page);
  await push(page, day);
  await push(page, [late]);
  const whole = await figures(page);
  assert.equal(whole.kpis.handled.value, 150);

  const reloaded = await browser.newPage();
  await reloaded.goto(url());
  await ready(reloaded);
  await push(reloaded, day);
  await reloaded.reload();
  await ready(reloaded);
  assert.equal((await push(reloaded, [late])).accepted, 1);
  const after = await figures(reloaded);
  assert.deepEqual(after.kpis, whole.kpis);
  assert.deepEqual(after.channels, whole.channels);
  await page.close();
  await reloaded.close();
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
      localStorage.setItem('agent-kpi:v1:example-today', '{"version": 1, "garbage": true');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto(url());
  await ready(page);
  const notice = await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-notice')?.textContent);
  assert.match(notice ?? '', /could not be read/);
  const aside = await page.evaluate(() => localStorage.getItem('agent-kpi:v1:example-today:unreadable'));
  assert.equal(aside, '{"version": 1, "garbage": true');
  assert.equal((await snapshot(page)).ingest.accepted, 0);
  await page.close();
});

test('the iframe, of another site than its host, keeps its state across a reload under its storage_key', async () => {
  // Where the browser lets a frame of another site keep storage (partitioned by the host's site).
  const profile = await launchAllowingThirdPartyStorage();
  const page = await profile.newPage();
  const open = async () => {
    await page.goto(sites.page('iframe/index.html', '&storage_key=frame-today'));
    await page.waitForFunction(() => window.kpiReady === true);
  };
  const figures = () => page.evaluate((asOf) =>
    window.kpi.snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' }), at(120));
  await open();
  await page.evaluate((events) => window.kpi.send({ type: 'agent-kpi:events', events }), events);
  const before = (await figures()).snapshot;
  assert.equal(before.kpis.handled.value, 12);
  await open(); // the reload saves on the way out and restores on the way in
  const after = (await figures()).snapshot;
  assert.deepEqual(after.kpis, before.kpis);
  assert.equal(after.ingest.accepted, events.length);
  await profile.close();
});

test('where the browser denies a frame of another site its storage, the frame says so and works from memory', async () => {
  const page = await browser.newPage();
  await page.goto(sites.page('iframe/index.html', '&storage_key=frame-today'));
  await page.waitForFunction(() => window.kpiReady === true);
  await page.evaluate((events) => window.kpi.send({ type: 'agent-kpi:events', events }), events);
  const reply = await page.evaluate((asOf) =>
    window.kpi.snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' }), at(120));
  assert.equal(reply.snapshot.kpis.handled.value, 12);
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  const notice = await frame.$eval('.akpi-notice', (n) => n.textContent);
  assert.match(notice, /keeps no storage/);
  await page.close();
});
