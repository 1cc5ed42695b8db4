// What the widget keeps in localStorage, which it shares with its host (the web component) or
// with every page that frames it (the iframe): its own namespace, a host's entries left alone,
// a changed or removed key honoured, old saves cleaned up, a full storage recovered from, and
// an iframe's saves scoped to the page that frames it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, serveWidgetAndExamples } from './serve.mjs';
import { launch, launchAllowingThirdPartyStorage } from './browser.mjs';
import { at, morning as events } from './events.mjs';

const root = new URL('../../', import.meta.url).pathname;
let sites, frameHost, sameSite, browser;

before(async () => {
  sites = await serveWidgetAndExamples();
  // Two origins of one site (127.0.0.1, two ports): one storage partition for a frame of
  // another site, so only the widget's own scoping keeps their saves apart.
  frameHost = await serve(root + 'tests/e2e/fixtures/');
  sameSite = await serve(root + 'tests/e2e/fixtures/');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  sites?.close();
  frameHost?.close();
  sameSite?.close();
});

const KEY = 'agent-kpi:v1:example-today';
const ready = (page) => page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
const push = (page, batch) => page.evaluate((b) => document.querySelector('#today').push(b), batch);
const accepted = (page) => page.evaluate(() => document.querySelector('#today').snapshot({ time_zone: 'UTC' }).ingest.accepted);
const notice = (page) => page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-notice')?.textContent ?? '');
/** Says the page is going away: the panel saves now. */
const hide = (page) => page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
const stored = (page, key) => page.evaluate((k) => localStorage.getItem(k), key);
const savedCount = (text) => JSON.parse(text).counts.accepted;

/** The web-component example in a fresh context, with `setup` run in the page before its scripts. */
async function open(setup = () => {}, arg = null) {
  const page = await browser.newPage();
  await page.addInitScript(setup, arg);
  await page.goto(sites.page('web-component/index.html'));
  await ready(page);
  return page;
}

test('the save is in the widget\'s namespace, and a host entry named as the storage key is left alone', async () => {
  const page = await open(() => localStorage.setItem('example-today', 'the host\'s own'));
  await push(page, events);
  await hide(page);
  assert.equal(await stored(page, 'example-today'), 'the host\'s own');
  assert.equal(await stored(page, 'example-today:unreadable'), null);
  assert.equal(savedCount(await stored(page, KEY)), events.length);
  assert.equal(await notice(page), '');
  await page.close();
});

test('a save of the earlier version, under the key as given, is taken over', async () => {
  const first = await open();
  await push(first, events);
  await hide(first);
  const legacy = await stored(first, KEY);
  await first.close();
  const page = await open((save) => localStorage.setItem('example-today', save), legacy);
  assert.equal(await accepted(page), events.length);
  assert.equal(await stored(page, 'example-today'), null);
  assert.equal(savedCount(await stored(page, KEY)), events.length);
  await page.close();
});

test('a restored panel writes its save again only once something changed it', async () => {
  const first = await open();
  await push(first, events);
  await hide(first);
  const saved = await stored(first, KEY);
  await first.close();
  // Every write of the save counted, from before the widget loads.
  const page = await open(([key, save]) => {
    localStorage.setItem(key, save);
    window.saveWrites = 0;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (name, value) {
      if (name === key) window.saveWrites += 1;
      return setItem.call(this, name, value);
    };
  }, [KEY, saved]);
  assert.equal(await accepted(page), events.length);
  // Restored, drawn, a tick of the clock and a page hide later: the save it came from stands.
  await page.waitForTimeout(1500);
  await hide(page);
  assert.equal(await page.evaluate(() => window.saveWrites), 0);
  // One event more: saved within a second or so, once.
  const extra = { ...events.at(-1), id: 'one-more', type: 'agent_state', state: 'available' };
  delete extra.contact_id;
  await push(page, [extra]);
  await page.waitForFunction(() => window.saveWrites > 0, null, { timeout: 5000 });
  await page.waitForTimeout(1200);
  assert.equal(await page.evaluate(() => window.saveWrites), 1);
  assert.equal(savedCount(await stored(page, KEY)), events.length + 1);
  await page.close();
});

test('a changed storage-key starts from its own save; a removed one stops saving', async () => {
  const page = await open();
  const half = Math.floor(events.length / 2);
  await push(page, events.slice(0, half));
  await page.evaluate(() => document.querySelector('#today').setAttribute('storage-key', 'other-agent'));
  // The first key's events stayed with it.
  assert.equal(await accepted(page), 0);
  assert.equal(savedCount(await stored(page, KEY)), half);
  await push(page, events.slice(half));
  await hide(page);
  const other = 'agent-kpi:v1:other-agent';
  assert.equal(savedCount(await stored(page, other)), events.length - half);
  await page.evaluate(() => document.querySelector('#today').removeAttribute('storage-key'));
  await push(page, [{ id: 'after', ts: at(200), type: 'agent_state', state: 'break' }]);
  await page.waitForTimeout(1200);
  await hide(page);
  assert.equal(savedCount(await stored(page, other)), events.length - half, 'nothing saved after the key went');
  assert.equal(savedCount(await stored(page, KEY)), half);
  await page.close();
});

test('customer keys are hashed under a secret kept beside the save: two panels store one key differently', async () => {
  const offer = [{ id: 'sk1', ts: at(0), type: 'contact_offered', contact_id: 'sk', channel: 'voice', customer_key: 'C-004211' }];
  const hashes = [];
  for (let panel = 0; panel < 2; panel += 1) {
    const page = await open();
    await push(page, offer);
    await hide(page);
    const save = await stored(page, KEY);
    const secret = await stored(page, `${KEY}:secret`);
    assert.match(secret, /^[0-9a-f]{32}$/);
    assert.ok(!save.includes(secret) && !save.includes('C-004211'));
    hashes.push(save.match(/"customer_key":(\d+)/)[1]);
    await page.close();
  }
  // The same key, under two random secrets: nothing in a save says which customer it was.
  assert.notEqual(hashes[0], hashes[1]);
});

test('saves not written for longer than the history kept are removed', async () => {
  const page = await open(() => {
    const long = Date.now() - 200 * 86_400_000;
    localStorage.setItem('agent-kpi:v1:left-in-spring', '{"version": 4}');
    localStorage.setItem('agent-kpi:v1:index', JSON.stringify({ 'agent-kpi:v1:left-in-spring': long }));
  });
  assert.equal(await stored(page, 'agent-kpi:v1:left-in-spring'), null);
  const index = JSON.parse(await stored(page, 'agent-kpi:v1:index'));
  assert.equal(index['agent-kpi:v1:left-in-spring'], undefined);
  await page.close();
});

test('a full storage is said, the day kept in memory, and saving resumes once there is room', async () => {
  const page = await open();
  await push(page, events.slice(0, 1));
  await hide(page);
  // Fill what the origin may keep.
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; ; i += 1) {
      try { localStorage.setItem(`filler-${i}`, chunk); } catch { break; }
    }
    for (let size = 128 * 1024; size >= 16; size = Math.floor(size / 2)) {
      try { localStorage.setItem(`filler-small-${size}`, 'x'.repeat(size)); } catch { /* next size */ }
    }
  });
  await push(page, events.slice(1));
  await page.waitForFunction(() => /storage is full/i.test(document.querySelector('#today').shadowRoot.querySelector('.akpi-notice')?.textContent ?? ''));
  assert.equal(await accepted(page), events.length);
  // The save from before the storage filled up stayed as it was.
  assert.equal(savedCount(await stored(page, KEY)), 1);
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler')).forEach((k) => localStorage.removeItem(k)));
  // Retried within ten seconds, at the next change of the figures.
  await page.waitForFunction((count) => {
    document.querySelector('#today').push({ id: `nudge-${Date.now()}`, ts: Date.parse('2026-11-23T12:00:00Z'), type: 'agent_state', state: 'available' });
    const saved = localStorage.getItem('agent-kpi:v1:example-today');
    return saved && JSON.parse(saved).counts.accepted >= count;
  }, events.length, { polling: 1000, timeout: 15_000 });
  assert.equal(await notice(page), '');
  await page.close();
});

test('an iframe\'s save is scoped to the page that frames it: another origin with the same storage_key finds nothing', async () => {
  const profile = await launchAllowingThirdPartyStorage();
  const framing = (site) => `${site.url}frame-host.html?widget=${encodeURIComponent(sites.widget.url)}&storage_key=shared`;
  const framed = async (url) => {
    const page = await profile.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
    return page;
  };
  const count = (page) => page.evaluate(() => window.ask({ time_zone: 'UTC' }).then((r) => r.snapshot.ingest.accepted));
  const host = await framed(framing(frameHost));
  await host.evaluate((e) => window.send({ type: 'agent-kpi:events', events: e }), events);
  assert.equal(await count(host), events.length);
  await host.reload();
  await host.waitForFunction(() => window.received.some((m) => m?.type === 'agent-kpi:ready'));
  assert.equal(await count(host), events.length, 'kept across a reload');
  const other = await framed(framing(sameSite));
  assert.equal(await count(other), 0);
  await profile.close();
});
