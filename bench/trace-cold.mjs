// Where a cold start's main-thread time goes, against the bare Leptos counter's: one load of
// each page of bench/cold.mjs in a fresh context, `runs` times, under Chromium's tracing; the
// time of each kind of main-thread event, averaged over the runs (events nest: a Layout holds
// its font lookups, a task holds everything). Prints the events that differ most first.
//
//   node bench/trace-cold.mjs [runs] [--dist DIR] [--restored]
//        (5 runs unless given; after the release builds of cold.mjs; --dist: another build of
//        the widget, a copy of dist/ with its wasm optimised otherwise, say; --restored: the
//        widget restoring cold.mjs's save of 180 days rather than starting empty)
import { join } from 'node:path';
import { launch } from '../tests/e2e/browser.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import { savedBy, simulatedDays } from './days.mjs';
import { mainThreadTotals } from './trace.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = args.indexOf('--dist');
const DIST = flag >= 0 ? args.splice(flag, 2)[1] : join(ROOT, 'dist/');
const RESTORED = args.includes('--restored');
if (RESTORED) args.splice(args.indexOf('--restored'), 1);
const RUNS = Number(args[0] ?? 5);
const DAYS = 180;
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink', 'fonts', 'loading'];

const widget = await serve(DIST);
const counter = await serve(join(ROOT, 'target/counter-dist/'));
const host = await serve(ROOT, () => ({}), 'localhost');
const browser = await launch();
const query = `?widget=${encodeURIComponent(widget.url)}&counter=${encodeURIComponent(counter.url)}`;

// As bench/cold.mjs restores it: the days pushed into a panel of the bench page, saved by it.
const KEY = 'agent-kpi-cold';
const saved = RESTORED ? (await savedBy(browser, `${host.url}bench/index.html${query}`, simulatedDays(DAYS), KEY)).saved : undefined;

/** ms of each event name on the renderer's main thread in one load of `page` (`restore`: with the save). */
async function traced(page, { restore = false } = {}) {
  const context = await browser.newContext();
  if (restore) await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`agent-kpi:v1:${KEY}`, saved]);
  const tab = await context.newPage();
  await browser.startTracing(tab, { categories: CATEGORIES });
  await tab.goto(`${host.url}bench/${page}${query}${restore ? `&storage_key=${KEY}` : ''}`);
  await tab.waitForFunction(() => window.coldStart);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  return new Map([...mainThreadTotals(traceEvents)].map(([name, { ms }]) => [name, ms]));
}

const totals = { counter: new Map(), widget: new Map() };
for (let run = 0; run < RUNS; run++) {
  for (const [name, page, restore] of [['counter', 'cold-counter.html', false], ['widget', 'cold.html', RESTORED]]) {
    for (const [event, ms] of await traced(page, { restore })) totals[name].set(event, (totals[name].get(event) ?? 0) + ms / RUNS);
  }
}
await browser.close();
widget.close();
counter.close();
host.close();

const events = new Set([...totals.counter.keys(), ...totals.widget.keys()]);
const rows = [...events]
  .map((event) => [event, totals.counter.get(event) ?? 0, totals.widget.get(event) ?? 0])
  .sort((a, b) => b[2] - b[1] - (a[2] - a[1]));
console.log(`main-thread time a cold start, mean of ${RUNS} loads each (ms; events nest)`);
console.log(`| event | counter | widget, ${RESTORED ? `${DAYS} days restored` : 'nothing stored'} | difference |`);
console.log('|---|---:|---:|---:|');
for (const [event, c, w] of rows.slice(0, 25)) {
  console.log(`| ${event} | ${c.toFixed(1)} | ${w.toFixed(1)} | ${(w - c).toFixed(1)} |`);
}
