// Two tabs of the same console, with panels keeping the same storage key, show the same
// figures whichever tab the host pushes into; when the leading tab closes, another leads and a
// tab opened after that still gets everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { at, morning } from './events.mjs';
import { startSse, sampleDay } from '../../examples/sse/server.mjs';

let sites, browser;

before(async () => {
  sites = await serveWidgetAndExamples();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  sites?.close();
});

async function openTab(context) {
  const page = await context.newPage();
  await page.goto(sites.page('web-component/index.html'));
  await page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
  return page;
}
const push = (page, batch) => page.evaluate((b) => document.querySelector('#today').push(b), batch);
const figures = (page) => page.evaluate((asOf) => {
  const { kpis, channels, ingest } = document.querySelector('#today').snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' });
  return { kpis, channels, ingest };
}, at(120));
/** Waits until the tab has taken `count` events. */
const settled = (page, count) => page.waitForFunction(
  (n) => document.querySelector('#today').snapshot({}).ingest.accepted === n, count);

test('tabs with the same storage key agree, and survive the leading tab closing', async () => {
  // The reference: every event in one tab of its own.
  const alone = await openTab(await browser.newContext());
  await push(alone, morning);
  const whole = await figures(alone);
  assert.equal(whole.kpis.handled.value, 12);

  const context = await browser.newContext();
  const first = await openTab(context); // leads: it opened first
  const second = await openTab(context);
  const [a, b, c] = [17, 33, morning.length];
  // The host pushes into either tab; both take everything.
  await push(first, morning.slice(0, a));
  await push(second, morning.slice(a, b));
  await settled(first, b);
  await settled(second, b);
  assert.deepEqual(await figures(second), await figures(first));

  // The leader closes; the second tab takes the rest and now leads: a third tab that opens
  // gets its whole state from it, not the older save.
  await first.close({ runBeforeUnload: true });
  await push(second, morning.slice(b, c));
  const third = await openTab(context);
  await settled(third, c);
  assert.deepEqual(await figures(third), whole);
  assert.deepEqual(await figures(second), whole);
  // And the new leader keeps the save: a reload of the only tab left still has everything.
  // (A leader saves, on reload as at any time.)
  await third.close();
  await second.reload();
  await second.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
  await settled(second, c);
  assert.deepEqual(await figures(second), whole);
});

test('a tab reloaded right after a push, before it could lead, still has the push', async () => {
  const context = await browser.newContext();
  // Another page of the host's origin holds the panel's lock and never answers, so the tab
  // stays where a tab is for the moment after it opens: not leading, and no leader heard.
  const holder = await context.newPage();
  await holder.goto(`${sites.host.url}no-panel-here`);
  await holder.evaluate(() => new Promise((held) => {
    navigator.locks.request('agent-kpi:v1:example-today', () => {
      held();
      return new Promise(() => {});
    });
  }));
  const tab = await openTab(context);
  await push(tab, morning.slice(0, 10));
  await tab.reload();
  await tab.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
  // The save is read as the panel mounts; a moment more in case it came later.
  await tab.waitForFunction(() => document.querySelector('#today').snapshot({}).ingest.accepted > 0, null, { timeout: 3000 })
    .catch(() => {});
  const { ingest } = await figures(tab);
  assert.equal(ingest.accepted, 10, 'saved on the way out');
  await context.close();
});

test('a reset in one tab resets the others; what comes after it counts in all', async () => {
  const context = await browser.newContext();
  const first = await openTab(context);
  const second = await openTab(context);
  const half = morning.length >> 1;
  await push(first, morning.slice(0, half));
  await settled(second, half);
  // The host resets the follower's panel (a new shift, say), then pushes the rest there.
  await second.evaluate(() => document.querySelector('#today').reset());
  await push(second, morning.slice(half));
  await settled(first, morning.length - half);
  await settled(second, morning.length - half);
  const [one, two] = [await figures(first), await figures(second)];
  assert.deepEqual(two, one);
  assert.equal(one.ingest.accepted, morning.length - half);
  // A third tab opened now agrees too (the leader's state holds the reset).
  const third = await openTab(context);
  await settled(third, morning.length - half);
  assert.deepEqual(await figures(third), one);
  await context.close();
});

test('among tabs only the leader holds the live stream, and the next leader takes it over', async () => {
  const events = sampleDay(10);
  const stream = await startSse({ events, everyMs: 10 });
  const context = await browser.newContext();
  const openSse = async () => {
    const page = await context.newPage();
    await page.goto(sites.page('sse/index.html', `&stream=${encodeURIComponent(stream.url)}&storage_key=sse-tabs`));
    await page.waitForFunction(() => document.querySelector('agent-kpi-panel')?.shadowRoot?.querySelector('.akpi'));
    return page;
  };
  const accepted = (page) => page.evaluate(() => document.querySelector('agent-kpi-panel').snapshot({ window: 'shift' }).ingest);
  const badge = (page) => page.evaluate(() =>
    document.querySelector('agent-kpi-panel').shadowRoot.querySelector('.akpi-feed')?.dataset.state ?? null);
  const all = (page) => page.waitForFunction((n) =>
    document.querySelector('agent-kpi-panel').snapshot({ window: 'shift' }).ingest.accepted === n, events.length);
  try {
    const first = await openSse();
    const second = await openSse();
    await all(first);
    await all(second);
    assert.equal(stream.streams(), 1, 'one connection for both tabs');
    assert.equal(await badge(first), 'open');
    assert.equal(await badge(second), null, 'the follower holds no stream');
    await first.close();
    await second.waitForFunction(() =>
      document.querySelector('agent-kpi-panel').shadowRoot.querySelector('.akpi-feed')?.dataset.state === 'open');
    // The new leader's stream starts over: everything again, each event counted once.
    await second.waitForFunction((n) =>
      document.querySelector('agent-kpi-panel').snapshot({ window: 'shift' }).ingest.duplicates === n, events.length);
    assert.equal((await accepted(second)).accepted, events.length);
    assert.equal(stream.streams(), 1);
  } finally {
    await context.close();
    await stream.stop();
  }
});
