// What an idle panel costs the page's main thread (issue #21, "Idle"): Chromium's own metrics
// (TaskDuration, ScriptDuration) over a minute, for a blank page, a panel with a working day
// loaded and no contact live, the same with a contact live (its timer ticking), and one keeping
// its days in localStorage (a storage key, 180 days restored), in the same
// run and browser. Prints a table; asserts nothing. After a release build:
//
//   node bench/idle.mjs [seconds]      (60 unless given)
import { serveWidgetAndExamples, serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { workedStretch } from '../tests/e2e/worked.mjs';
import { savedBy, simulatedDays } from './days.mjs';

const seconds = Number(process.argv[2] ?? 60);
const root = new URL('../', import.meta.url).pathname;
const sites = await serveWidgetAndExamples();
const fixtures = await serve(`${root}tests/e2e/fixtures/`);
const browser = await launch();
// A save of 180 simulated days, made by a panel of the bench page, for the last row.
const benchPages = await serve(root);
const { saved } = await savedBy(browser, `${benchPages.url}bench/index.html?widget=${encodeURIComponent(sites.widget.url)}`, simulatedDays(180), 'idle-bench');
benchPages.close();

async function measure(name, prepare) {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await prepare(page);
  await page.waitForTimeout(2000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await read();
  await page.waitForTimeout(seconds * 1000);
  const after = await read();
  await page.close();
  const perMinute = (metric) => ((after[metric] - before[metric]) * 1000 * 60) / seconds;
  return { name, task: perMinute('TaskDuration'), script: perMinute('ScriptDuration'), layout: perMinute('LayoutDuration') };
}

const panelPage = (live, stored = false) => async (page) => {
  if (stored) await page.addInitScript((save) => localStorage.setItem('agent-kpi:v1:idle-bench', save), saved);
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  if (stored) await page.evaluate(() => document.querySelector('#kpi').setAttribute('storage-key', 'idle-bench'));
  const now = Date.now();
  const events = workedStretch(52, 480, now);
  if (live) {
    events.push(
      { id: 'live-o', ts: now - 30_000, type: 'contact_offered', contact_id: 'live', channel: 'voice' },
      { id: 'live-a', ts: now - 25_000, type: 'contact_answered', contact_id: 'live' },
    );
  }
  await page.evaluate((e) => document.querySelector('#kpi').push(e), events);
};

const rows = [
  await measure('blank page', (page) => page.goto('about:blank')),
  await measure('panel, a day loaded, no contact live', panelPage(false)),
  await measure('panel, a day loaded, a contact live', panelPage(true)),
  await measure('panel keeping its day in storage (180 days restored, a day pushed), no contact live', panelPage(false, true)),
];
console.log(`main thread over ${seconds} s, as ms a minute (Chromium's Performance metrics)`);
console.log('| page | tasks | script | layout |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.task.toFixed(1)} | ${r.script.toFixed(1)} | ${r.layout.toFixed(1)} |`);
await browser.close();
sites.close();
fixtures.close();
