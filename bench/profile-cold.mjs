// Where a cold start's time goes: one load of bench/cold.html (nothing stored, or restoring a
// save of 180 simulated days) under Chromium's sampling profiler, self time summed by function.
// Wasm functions are named only in a build that keeps its names: point --dist at one
// (docs/performance.md, "Cold start", says how to make it). Prints the functions with the most
// self time and, with --callers, who called the functions whose name holds a given text.
//
//   node bench/profile-cold.mjs [--dist DIR] [--restored] [--top N]
import { join } from 'node:path';
import { launch } from '../tests/e2e/browser.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import { savedBy, simulatedDays } from './days.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const DIST = option('dist', join(ROOT, 'dist/'));
const TOP = Number(option('top', 40));
/** Where given, the self time of the functions whose name holds this, by their callers. */
const CALLERS = option('callers', null);
const RESTORED = process.argv.includes('--restored');
const DAYS = 180;

const widget = await serve(DIST);
const host = await serve(ROOT, () => ({}), 'localhost');
const browser = await launch();
const query = `?widget=${encodeURIComponent(widget.url)}`;
const key = 'agent-kpi-cold';

const saved = RESTORED
  ? (await savedBy(browser, `${host.url}bench/index.html${query}`, simulatedDays(DAYS), key)).saved
  : null;

const context = await browser.newContext();
if (saved) await context.addInitScript(([k, value]) => localStorage.setItem(k, value), [`agent-kpi:v1:${key}`, saved]);
const tab = await context.newPage();
const cdp = await context.newCDPSession(tab);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await tab.goto(`${host.url}bench/cold.html${query}${saved ? `&storage_key=${key}` : ''}`);
await tab.waitForFunction(() => window.coldStart);
const { profile } = await cdp.send('Profiler.stop');
const cold = await tab.evaluate(() => window.coldStart);
await browser.close();
widget.close();
host.close();

// Self time per node: the samples' time deltas, summed by the node they fell in.
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const byName = new Map();
for (const node of profile.nodes) {
  const { functionName, url } = node.callFrame;
  const name = `${functionName || '(anonymous)'}${url ? ` ${url.split('/').pop()}` : ''}`;
  byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
}
const total = [...byName.values()].reduce((a, b) => a + b, 0);
console.log(`cold start ${cold.ms.toFixed(0)} ms (${RESTORED ? `${DAYS} days restored` : 'nothing stored'}); ${total.toFixed(0)} ms sampled`);
for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 150)}`);
}
if (CALLERS) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  // Up to four callers up, skipping the matching function's own frames.
  const chains = new Map();
  for (const node of profile.nodes) {
    if (!node.callFrame.functionName.includes(CALLERS)) continue;
    let up = parent.get(node.id);
    const chain = [];
    while (up && chain.length < 4) {
      if (!up.callFrame.functionName.includes(CALLERS)) chain.push(up.callFrame.functionName.slice(0, 90));
      up = parent.get(up.id);
    }
    const key = chain.join(' <- ');
    chains.set(key, (chains.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  console.log(`\nself time of *${CALLERS}*, by callers:`);
  for (const [chain, ms] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${chain}`);
  }
}
