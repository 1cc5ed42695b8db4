// What an idle panel's main thread does, event by event (docs/performance.md, "Idle"): Chromium's
// trace of a blank page and of a panel with a working day loaded and no contact live, each over
// the same stretch once loaded, summed by event name on the renderer's main thread (events
// nest: a task holds everything). `bench/idle.mjs` gives the totals; this says what they are.
// Prints the events of each page, the most frequent first; asserts nothing. After a release build:
//
//   node bench/trace-idle.mjs [seconds]      (65 unless given: the minute's tick falls in it)
import { serveWidgetAndExamples, serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { workedStretch } from '../tests/e2e/worked.mjs';
import { mainThreadTotals } from './trace.mjs';

const seconds = Number(process.argv[2] ?? 65);
const root = new URL('../', import.meta.url).pathname;
const sites = await serveWidgetAndExamples();
const fixtures = await serve(`${root}tests/e2e/fixtures/`);
const browser = await launch();
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'toplevel'];

async function traced(name, prepare) {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await prepare(page);
  await page.waitForTimeout(2000);
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.waitForTimeout(seconds * 1000);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  await page.close();
  const events = mainThreadTotals(traceEvents);
  console.log(`${name}, ${seconds} s traced on the main thread`);
  console.log('| event | times | ms |');
  console.log('|---|---:|---:|');
  const rows = [...events].sort((a, b) => b[1].count - a[1].count || b[1].ms - a[1].ms);
  for (const [event, { count, ms }] of rows.slice(0, 20)) console.log(`| ${event} | ${count} | ${ms.toFixed(1)} |`);
}

await traced('blank page', (page) => page.goto('about:blank'));
await traced('panel, a day loaded, no contact live', async (page) => {
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  await page.evaluate((events) => document.querySelector('#kpi').push(events), workedStretch(52, 480, Date.now()));
});
await browser.close();
sites.close();
fixtures.close();
