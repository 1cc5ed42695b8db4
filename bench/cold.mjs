// Cold start against a bare Leptos 0.8 counter (docs/performance.md, "Cold start"; issue #21's
// target: each at most 1.5 times the counter's, same run, same browser). In headless Chromium,
// each load in a fresh context (empty cache and storage): the counter (bench/counter, built with
// the widget's release profile and wasm-opt passes), the widget with nothing stored, and the
// widget restoring a save of 180 simulated days. From the moment the page starts loading the
// script to the first frame painted with the app in it. Prints a table of medians; asserts only
// that each page came up whole (the counter's buttons, the panel's tiles, the events restored).
//
//   node bench/cold.mjs [runs] [--latency ms] [--dist DIR] [--warm]
//        (15 runs unless given; after scripts/release-build.sh and
//        scripts/release-build.sh bench/counter/index.html target/counter-dist. With --latency,
//        each request of the pages waits that long for its answer, as over a network: the
//        chain of requests a page makes before its wasm runs then shows. --dist: another build
//        of the widget than dist/. --warm: the start of an agent's second day rather than the
//        first, the widget and the counter served cacheable, each page measured in a context
//        whose cache two loads of it filled, the HTTP cache and Chromium's cache of compiled
//        wasm alike.)
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launch } from '../tests/e2e/browser.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import { savedBy, simulatedDays } from './days.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = args.indexOf('--latency');
const LATENCY = flag >= 0 ? Number(args.splice(flag, 2)[1]) : 0;
const distFlag = args.indexOf('--dist');
const DIST = distFlag >= 0 ? args.splice(distFlag, 2)[1] : join(ROOT, 'dist/');
const WARM = args.includes('--warm');
if (WARM) args.splice(args.indexOf('--warm'), 1);
const RUNS = Number(args[0] ?? 15);
const DAYS = 180;
const log = (...args) => console.error(...args);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const events = simulatedDays(DAYS);
const eventCount = events.split('\n').length;

// Served as a CDN would serve a release (with --warm; nothing is cached otherwise).
const cacheable = () => (WARM ? { 'cache-control': 'public, max-age=86400' } : {});
const widget = await serve(DIST, cacheable);
const counter = await serve(join(ROOT, 'target/counter-dist/'), cacheable);
const host = await serve(ROOT, () => ({}), 'localhost');
const browser = await launch();
const query = `?widget=${encodeURIComponent(widget.url)}&counter=${encodeURIComponent(counter.url)}`;

/** With --warm, a context for each page whose cache its first loads filled, by page and query. */
const warmed = new Map();

/** One load of `page` in a fresh context (or a warmed one); resolves to what the page recorded. */
async function coldStart(page, { storage, extra = '' } = {}) {
  let context = warmed.get(page + extra);
  if (!context) {
    context = await browser.newContext();
    if (storage) await context.addInitScript(([key, value]) => localStorage.setItem(key, value), storage);
    if (WARM) {
      warmed.set(page + extra, context);
      for (let load = 0; load < 2; load++) await loadIn(context, page, extra);
    }
  }
  const result = await loadIn(context, page, extra);
  if (!WARM) await context.close();
  return result;
}

async function loadIn(context, page, extra) {
  const tab = await context.newPage();
  if (LATENCY > 0) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  tab.on('pageerror', (error) => {
    log(`page error in ${page}: ${error.message}`);
    process.exitCode = 1;
  });
  await tab.goto(`${host.url}bench/${page}${query}${extra}`);
  await tab.waitForFunction(() => window.coldStart);
  const result = await tab.evaluate(() => window.coldStart);
  await tab.close();
  return result;
}

// The save to restore: the 180 days pushed into a panel on the bench page, saved by it.
const key = 'agent-kpi-cold';
const saved = await savedBy(browser, `${host.url}bench/index.html${query}`, events, key);
if (saved.accepted !== eventCount || !saved.saved) throw new Error(`the save: ${saved.accepted} of ${eventCount} events`);

const load = [loadavg()[0]];
const times = { counter: [], empty: [], restored: [] };
// Interleaved, so that a change in the machine's load falls on all three alike.
for (let run = 0; run < RUNS; run++) {
  const c = await coldStart('cold-counter.html');
  if (c.buttons !== 3) throw new Error(`counter: ${JSON.stringify(c)}`);
  times.counter.push(c.ms);
  const e = await coldStart('cold.html');
  if (e.tiles === 0 || e.accepted !== 0) throw new Error(`empty: ${JSON.stringify(e)}`);
  times.empty.push(e.ms);
  const r = await coldStart('cold.html', { storage: [`agent-kpi:v1:${key}`, saved.saved], extra: `&storage_key=${key}` });
  if (r.tiles === 0 || r.accepted !== eventCount) throw new Error(`restored: ${JSON.stringify(r)}`);
  times.restored.push(r.ms);
}
load.push(loadavg()[0]);
const version = browser.version();
await browser.close();
widget.close();
counter.close();
host.close();

const base = median(times.counter);
const row = (name, xs) => {
  const ms = median(xs);
  const ratio = ms / base;
  const verdict = name === 'bare Leptos counter' ? '' : ratio <= 1.5 ? 'met' : 'missed';
  return `| ${name} | ${ms.toFixed(0)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} | ${ratio.toFixed(2)}× | ${verdict} |`;
};
const latency = `${LATENCY > 0 ? `, ${LATENCY} ms a request` : ''}${WARM ? ', caches warm (the second day)' : ''}`;
console.log(`cold start, script to first painted frame: medians of ${RUNS} runs${latency}, Chromium ${version}, load average ${load.map((l) => l.toFixed(1)).join(' → ')}`);
console.log(`(the save: ${DAYS} days, ${eventCount} events, ${(saved.saved.length / 1024).toFixed(0)} KB)`);
console.log('| page | median ms | range | against the counter | ≤ 1.5× |');
console.log('|---|---:|---:|---:|---|');
console.log(row('bare Leptos counter', times.counter));
console.log(row('widget, nothing stored', times.empty));
console.log(row(`widget, ${DAYS} days restored`, times.restored));
