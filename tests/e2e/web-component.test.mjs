// <agent-kpi-panel> on a host page of another origin, in a real browser: pushes, snapshots,
// events out, separate state per panel, styles kept apart, markup shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { WAYS_IN } from '../../scripts/bundle-size.mjs';

let sites, browser, page;
const errors = [];
/** The files the page fetched from the widget's site, by their path there. */
let fetched;

before(async () => {
  sites = await serveWidgetAndExamples();
  assert.notEqual(new URL(sites.widget.url).port, new URL(sites.host.url).port, 'two origins');
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  fetched = sites.fetchedBy(page);
  await page.goto(sites.page('web-component/index.html'));
  await page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
});
after(async () => {
  await browser?.close();
  sites?.close();
});

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (minutes) => T0 + minutes * 60_000;
/** Events of one voice contact: offered and answered at `start`, 4 min talk, 1 min ACW. */
const contact = (id, start, extra = {}) => [
  { id: `${id}-o`, ts: at(start), type: 'contact_offered', contact_id: id, channel: 'voice', ...extra },
  { id: `${id}-a`, ts: at(start), type: 'contact_answered', contact_id: id },
  { id: `${id}-e`, ts: at(start + 4), type: 'contact_ended', contact_id: id },
  { id: `${id}-w`, ts: at(start + 5), type: 'wrap_up_ended', contact_id: id },
];
const call = (selector, method, ...args) =>
  page.evaluate(([s, m, a]) => document.querySelector(s)[m](...a), [selector, method, args]);

// What scripts/bundle-size.mjs weighs as the web component is what a host page fetches.
test('a host page fetches one script and the wasm from the widget, once, and nothing else', () => {
  assert.deepEqual([...fetched].sort(), [...WAYS_IN['web component']].sort());
});

// Leptos brings wasm-streams in for its server functions, and wasm-bindgen keeps what a
// dependency exports: scripts/release-build.sh takes its classes out of the wasm hosts load.
test('the wasm a host loads exports nothing of wasm-streams, and still its memory and the glue\'s entry points', async () => {
  const wasm = await (await fetch(new URL('agent-kpi-widget_bg.wasm', sites.widget.url))).arrayBuffer();
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
  assert.deepEqual(exports.filter((name) => /intounderlying/i.test(name)), []);
  assert.ok(exports.includes('memory') && exports.length >= 20, exports.join(' '));
});

test('push takes objects, arrays and NDJSON and reports what became of each', async () => {
  const state = { id: 's1', ts: at(0), type: 'agent_state', state: 'available' };
  assert.deepEqual(await call('#today', 'push', state), { accepted: 1, duplicates: 0, unknown: 0, rejected: [] });
  const report = await call('#today', 'push', [...contact('c1', 10), state, { id: 'x', type: 'contact_ended' }, { id: 'u', ts: at(1), type: 'screen_pop' }]);
  assert.equal(report.accepted, 4);
  assert.equal(report.duplicates, 1);
  assert.equal(report.unknown, 1);
  assert.deepEqual(report.rejected, [{ index: 5, reason: 'ts: missing' }]);
  const ndjson = contact('c2', 20).map((e) => JSON.stringify(e)).join('\n');
  assert.equal((await call('#today', 'push', ndjson)).accepted, 4);
});

test('snapshot gives the contract figures at an explicit instant and zone', async () => {
  const snap = await call('#today', 'snapshot', { window: 'today', as_of: at(60), time_zone: 'UTC' });
  assert.equal(snap.window, 'today');
  assert.equal(snap.as_of, at(60));
  assert.deepEqual(snap.kpis.handled, { value: 2, n: 2 });
  assert.equal(snap.kpis.aht.value, 300);
  assert.equal(snap.kpis.cph.value, 2);
  assert.equal(snap.channels.voice.aht.value, 300);
  assert.equal(snap.ingest.accepted, 9);
  // Tokyo's day began at 15:00Z the day before: the same events.
  const tokyo = await call('#today', 'snapshot', { as_of: at(60), time_zone: 'Asia/Tokyo' });
  assert.equal(tokyo.from, Date.parse('2026-11-22T15:00:00Z'));
  await assert.rejects(call('#today', 'snapshot', { window: 'week' }), /unknown window/);
});

test('two panels on one page keep separate state', async () => {
  const hour = await call('#hour', 'snapshot', { window: 'today', as_of: at(60), time_zone: 'UTC' });
  assert.deepEqual(hour.kpis.handled, { value: null, n: 0 });
  assert.equal(hour.ingest.accepted, 0);
});

test('kpi-change follows each push, and kpi-alert fires when a target is crossed on a sample big enough to judge', async () => {
  const events = await page.evaluate(async ([more]) => {
    const panel = document.querySelector('#hour');
    const seen = [];
    for (const name of ['kpi-change', 'kpi-alert', 'kpi-rejected']) {
      // Listened to on the document: the events bubble out of the shadow root.
      document.addEventListener(name, (e) => e.target === panel && seen.push({ name, detail: e.detail }));
    }
    panel.configure({ targets: { aht: { value: 200, bad: 400 } } });
    const now = Date.now();
    panel.push([{ id: 'h0', ts: now - 600_000, type: 'agent_state', state: 'available' },
                ...more.map((e) => ({ ...e, ts: e.ts - Date.parse('2026-11-23T09:00:00Z') + now - 540_000 })),
                { id: 'bad', ts: 'nope', type: 'agent_state' }]);
    await new Promise((r) => setTimeout(r, 50));
    // One contact is too few to judge (the default minimum sample is 5): no alert, and the tile
    // shows its figure without a status. Lowered to one, the same figure is judged.
    const before = seen.filter((e) => e.name === 'kpi-alert').length;
    const tile = panel.shadowRoot.querySelector('[data-kpi=aht]');
    const unjudged = [tile.dataset.status, tile.classList.contains('akpi-small')];
    panel.configure({ min_sample: 1 });
    await new Promise((r) => setTimeout(r, 50));
    return { seen, before, unjudged, judged: tile.dataset.status };
  }, [contact('h1', 0)]).then(({ seen, before, unjudged, judged }) => {
    assert.equal(before, 0, 'no alert on one contact');
    assert.deepEqual(unjudged, ['none', true]);
    assert.equal(judged, 'warn');
    return seen;
  });
  const names = events.map((e) => e.name);
  assert.ok(names.includes('kpi-change'), names.join());
  // Other KPIs may alert too (a widget starts with the balanced preset's targets).
  const alert = events.find((e) => e.name === 'kpi-alert' && e.detail.kpi === 'aht');
  assert.ok(alert, `no kpi-alert in ${names}`);
  assert.equal(alert.detail.kpi, 'aht');
  assert.equal(alert.detail.status, 'warn');
  assert.equal(alert.detail.value, 300);
  assert.equal(alert.detail.target, 200);
  const rejected = events.find((e) => e.name === 'kpi-rejected');
  assert.match(rejected.detail[0].reason, /^ts: not an RFC 3339 timestamp/);
  // The panel drew the figure before kpi-change: its shadow DOM shows 5:00.
  const shown = await page.evaluate(() => document.querySelector('#hour').shadowRoot
    .querySelector('[data-kpi=aht] .akpi-value').textContent);
  assert.equal(shown, '5:00');
});

test('text fields carrying markup are shown as text', async () => {
  const markup = '<img src=x onerror="window.__pwned=1">';
  // A contact that ended five minutes ago, shown in the last hour's figures (today's would not
  // hold it just after midnight).
  const tenMinutesAgo = Math.floor((Date.now() - T0) / 60_000) - 10;
  await call('#today', 'push', contact('m1', tenMinutesAgo, { reason: markup, queue: markup }));
  await page.evaluate(() => {
    const root = document.querySelector('#today').shadowRoot;
    root.querySelector('[data-window=rolling_60m]').click();
    root.querySelector('.akpi-toggle').click();
  });
  await page.waitForTimeout(50);
  const result = await page.evaluate(() => {
    const root = document.querySelector('#today').shadowRoot;
    const shown = {
      reasons: root.querySelector('[data-kpi=top_reasons]').textContent,
      images: root.querySelectorAll('img').length,
      pwned: window.__pwned ?? null,
    };
    root.querySelector('[data-window=today]').click();
    return shown;
  });
  assert.ok(result.reasons.includes('<img src=x onerror="window.__pwned=1">'), result.reasons);
  assert.equal(result.images, 0);
  assert.equal(result.pwned, null);
});

test('a snapshot further back than the figures are held is refused with the reason', async () => {
  // The contact above ended minutes ago; the morning of T0 is days before it, held by day only.
  await assert.rejects(
    call('#today', 'snapshot', { window: 'today', as_of: at(60), time_zone: 'UTC' }),
    /starts before \d+: figures more than two days older than the newest event are kept by day only/,
  );
  const now = await call('#today', 'snapshot', { window: 'rolling_60m', as_of: Date.now(), time_zone: 'UTC' });
  assert.equal(now.kpis.handled.n, 1);
});

test('snapshot options it does not know, or of the wrong type, are refused with the reason', async () => {
  await assert.rejects(
    call('#today', 'snapshot', { window: 'today', when: 'now' }),
    /snapshot options: unknown field `when`, expected one of `window`, `as_of`, `time_zone`/,
  );
  await assert.rejects(
    call('#today', 'snapshot', { as_of: 'noon' }),
    /snapshot options: as_of: expected epoch milliseconds, found "noon"/,
  );
  await assert.rejects(call('#today', 'snapshot', { window: 7 }), /window: expected a string, found 7/);
  await assert.rejects(call('#today', 'snapshot', { window: 'week' }), /snapshot options: /);
});

test('with no zone configured, today begins at midnight where the browser is', async () => {
  // 2026-11-23 begins at 05:00Z in New York (EST) and at 15:00Z the day before in Tokyo.
  const today = {};
  for (const timezoneId of ['America/New_York', 'Asia/Tokyo']) {
    const context = await browser.newContext({ timezoneId });
    const tab = await context.newPage();
    await tab.goto(sites.page('web-component/index.html'));
    await tab.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
    today[timezoneId] = await tab.evaluate(([events, asOf]) => {
      const panel = document.querySelector('#today');
      panel.push(events);
      return panel.snapshot({ window: 'today', as_of: asOf });
    }, [[...contact('ny-before', -270), ...contact('ny-after', -210)], at(0)]);
    await context.close();
  }
  const ny = today['America/New_York'];
  assert.equal(ny.from, Date.parse('2026-11-23T05:00:00Z'));
  assert.equal(ny.kpis.handled.value, 1, 'the contact of 04:30Z was the day before in New York');
  const tokyo = today['Asia/Tokyo'];
  assert.equal(tokyo.from, Date.parse('2026-11-22T15:00:00Z'));
  assert.equal(tokyo.kpis.handled.value, 2);
});

test('styles stay in the shadow root, and the host themes through custom properties', async () => {
  const styles = await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.className = 'akpi-strip';
    document.body.append(probe);
    const panel = document.querySelector('#today').shadowRoot;
    const talk = panel.querySelector('.akpi-seg-talk');
    return {
      hostProbe: getComputedStyle(probe).display,
      inside: getComputedStyle(panel.querySelector('.akpi-strip')).display,
      talk: getComputedStyle(talk).backgroundColor,
    };
  });
  assert.equal(styles.hostProbe, 'block', 'the panel CSS does not leak out');
  assert.equal(styles.inside, 'grid', 'the panel CSS applies inside');
  assert.equal(styles.talk, 'rgb(11, 110, 79)', 'the host set --akpi-talk');
});

test('no page or console errors', () => {
  assert.deepEqual(errors, []);
});

test('long text goes in as UTF-8 bytes with every character intact', async () => {
  const reason = '配送状況の確認 — délai ✓';
  const lines = [];
  for (let i = 0; i < 200; i += 1) {
    lines.push(...contact(`long${i}`, 10 + i / 10, { reason }).map((e) => JSON.stringify(e)));
  }
  const text = lines.join('\n');
  assert.ok(text.length > 16 * 1024 && text.length < 256 * 1024, 'long, but not queued');
  const { report, snap } = await page.evaluate(([t, asOf]) => {
    const panel = document.createElement('agent-kpi-panel');
    document.body.append(panel);
    const report = panel.push(t);
    const snap = panel.snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' });
    panel.remove();
    return { report, snap };
  }, [text, at(120)]);
  assert.deepEqual(report, { accepted: 800, duplicates: 0, unknown: 0, rejected: [] });
  assert.deepEqual(snap.kpis.top_reasons.items[0], { reason, count: 200 });
});

test('reset lets go of a big batch still going in; its kpi-ingested says what went in first', async () => {
  const result = await page.evaluate(([start]) => {
    const panel = document.createElement('agent-kpi-panel');
    document.body.append(panel);
    const events = Array.from({ length: 20_000 }, (_, i) => ({
      id: `flood-${i}`, ts: start + i * 1000, type: 'agent_state', state: i % 2 ? 'busy' : 'available',
    }));
    const heard = new Promise((resolve) => panel.addEventListener('kpi-ingested', (e) => resolve(e.detail), { once: true }));
    const pushed = panel.push(events);
    panel.reset();
    return heard.then(async (report) => {
      // Long enough for any piece still scheduled to have gone in.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = panel.snapshot({}).ingest.accepted;
      panel.remove();
      return { queued: pushed.queued, taken: report.accepted, after };
    });
  }, [at(0)]);
  assert.equal(result.queued, true);
  assert.ok(result.taken < 20_000, `${result.taken} taken before the reset`);
  assert.equal(result.after, 0);
});

test('a push bigger than one push may take is refused whole, unread, and the next one counts', async () => {
  const before = await page.evaluate(() => document.querySelector('#hour').snapshot({}).ingest);
  const refused = await page.evaluate(() => {
    const panel = document.querySelector('#hour');
    const line = JSON.stringify({ id: 'x', ts: Date.parse('2026-11-23T09:00:00Z'), type: 'agent_state', state: 'busy' });
    const text = (line + '\n').repeat(Math.ceil((32 * 1024 * 1024 + 1) / (line.length + 1)));
    const array = new Array(2_000_001).fill(0);
    return [panel.push(text), panel.push(array)];
  });
  for (const [report, what] of [[refused[0], /^batch: \d+ characters, more than the 33554432 one push may take/],
    [refused[1], /^batch: 2000001 events, more than the 2000000 one push may take/]]) {
    assert.equal(report.accepted, 0);
    assert.equal(report.rejected.length, 1);
    assert.match(report.rejected[0].reason, what);
  }
  const next = await call('#hour', 'push', { id: 'after-big', ts: at(30), type: 'agent_state', state: 'available' });
  assert.equal(next.accepted, 1);
  const after = await page.evaluate(() => document.querySelector('#hour').snapshot({}).ingest);
  assert.equal(after.rejected, before.rejected + 2);
  assert.equal(after.accepted, before.accepted + 1);
});
