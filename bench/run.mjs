// The browser benchmark (docs/performance.md, "In the browser"): in headless Chromium, on the
// same generated events, it measures the widget's replay against a plain-JS reducer, live update
// latency, wasm memory and cold start, and the release bundle's compressed size. Prints a table
// of medians over the runs and writes it, with every run's figures, as JSON.
//
//   node bench/run.mjs [--events FILE] [--runs N] [--out FILE]
//
// scripts/bench.sh builds what this needs (dist/, the events) and runs it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleSizes, bundleTable } from '../scripts/bundle-size.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { serve } from '../tests/e2e/serve.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const EVENTS = option('events', 'target/bench/events-1000000.ndjson');
const RUNS = Number(option('runs', 5));
const TODAY = new Date().toISOString().slice(0, 10);
/** Today's results file; a later run the same day gets its own (`-2`, `-3`, …). */
const todaysFile = () => {
  let name = `bench/results/${TODAY}.json`;
  for (let n = 2; existsSync(join(ROOT, name)); n++) name = `bench/results/${TODAY}-${n}.json`;
  return name;
};
const OUT = option('out', todaysFile());
/** Lines per push in the replay: a host replaying a backlog in pieces. */
const PIECE_LINES = 10_000;
const LIVE_EVENTS = 1_000;
const RESTORED_EVENTS = 50_000;
/** The targets. Memory in MiB (wasm memory grows in 64 KiB pages), the bundle in KB. */
const TARGET = { replayRatio: 2, p99Ms: 16, memoryBytes: 16 * 2 ** 20, bundleGzipBytes: 150_000 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
};
const log = (...args) => console.error(...args);

// ---- the events: read once here for what the pages are handed directly --------------------
const text = readFileSync(join(ROOT, EVENTS), 'utf8');
const linesUpTo = (n) => {
  let end = -1;
  for (let i = 0; i < n; i++) end = text.indexOf('\n', end + 1);
  return text.slice(0, end + 1);
};
const lastEvent = JSON.parse(text.slice(text.lastIndexOf('\n', text.length - 2) + 1));
/** The replay's snapshot is read a minute after the last event. */
const AS_OF = lastEvent.ts + 60_000;
const head = linesUpTo(3_000).trim().split('\n').map((line) => JSON.parse(line));
// 12 hours of history (the first simulated shift), then the events that follow, pushed live.
const history = head.filter((e) => e.ts < head[0].ts + 12 * 3_600_000);
const live = head.slice(history.length, history.length + LIVE_EVENTS);
/** Pauses before each live push: spread over 0–16 ms, so pushes fall at every frame phase. */
const pauses = Array.from({ length: LIVE_EVENTS }, (_, i) => (i * 7) % 17);

// ---- the browser -------------------------------------------------------------------------
// The widget and the bench pages on two loopback origins, as a host page embeds the widget.
const widget = await serve(join(ROOT, 'dist/'));
const host = await serve(ROOT);
const browser = await launch();
const url = (page, query = '') => `${host.url}bench/${page}?widget=${encodeURIComponent(widget.url)}${query}`;

/** A page in a fresh browser context (empty cache and storage); page errors fail the run. */
async function open(page, { storage, query } = {}) {
  const context = await browser.newContext();
  if (storage) {
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), storage);
  }
  const tab = await context.newPage();
  tab.on('pageerror', (error) => {
    log(`page error in ${page}: ${error.message}`);
    process.exitCode = 1;
  });
  await tab.goto(url(page, query));
  return { tab, close: () => context.close() };
}

async function benchPage() {
  const page = await open('index.html');
  await page.tab.evaluate(() => window.bench.ready);
  return page;
}

async function loadEvents(tab) {
  return tab.evaluate(([path, size]) => window.bench.load(`/${path}`, size), [EVENTS, PIECE_LINES]);
}

// The machine's load before and after: other work on it shows in every figure.
const results = { load: [loadavg()[0]], replay: [], latency: [], cold: { empty: [], restored: [] } };
try {
  // 1. The figures must agree before anything is timed.
  {
    const page = await benchPage();
    const { events } = await loadEvents(page.tab);
    log(`checking the reducer against the widget on ${events} events…`);
    const check = await page.tab.evaluate(() => window.bench.check());
    await page.close();
    if (check.mismatches.length > 0) {
      log('the reducer and the widget disagree:', JSON.stringify(check.mismatches, null, 1));
      process.exit(1);
    }
    log(`equal figures at ${check.compared} points (last: ${JSON.stringify(check.figures)})`);
    results.events = events;
  }

  // 2. Replay, timed, a fresh page per run; the order of the two alternates between runs.
  for (let run = 0; run < RUNS; run++) {
    const page = await benchPage();
    await loadEvents(page.tab);
    const r = await page.tab.evaluate(([asOf, jsFirst]) => window.bench.replay(asOf, jsFirst), [AS_OF, run % 2 === 0]);
    await page.close();
    if (r.differences.length > 0 || r.widget.accepted !== results.events) {
      throw new Error(`run ${run}: figures differ (${r.differences}) or events lost (${r.widget.accepted})`);
    }
    results.replay.push({
      widget_ms: r.widget.ms,
      js_ms: r.js.ms,
      wasm_memory: r.widget.memory,
    });
    log(`replay ${run + 1}/${RUNS}: widget ${r.widget.ms.toFixed(0)} ms, JS ${r.js.ms.toFixed(0)} ms`);
  }

  // 3. Live update latency.
  for (let run = 0; run < RUNS; run++) {
    const page = await benchPage();
    const r = await page.tab.evaluate(([h, l, p]) => window.bench.latency(h, l, p), [history, live, pauses]);
    await page.close();
    if (r.accepted !== history.length + live.length) throw new Error(`latency: ${r.accepted} events taken`);
    results.latency.push({
      zone: r.zone,
      p50_ms: percentile(r.total, 0.5),
      p99_ms: percentile(r.total, 0.99),
      max_ms: Math.max(...r.total),
      wait_p50_ms: percentile(r.wait, 0.5),
      wait_p99_ms: percentile(r.wait, 0.99),
      work_p50_ms: percentile(r.work, 0.5),
      work_p99_ms: percentile(r.work, 0.99),
      floor_p50_ms: percentile(r.floor, 0.5),
      floor_p99_ms: percentile(r.floor, 0.99),
    });
    const l = results.latency.at(-1);
    log(`latency ${run + 1}/${RUNS}: p50 ${l.p50_ms.toFixed(1)} ms, p99 ${l.p99_ms.toFixed(1)} ms (a bare text change: ${l.floor_p50_ms.toFixed(1)}, ${l.floor_p99_ms.toFixed(1)})`);
  }

  // 4. Cold start, with nothing stored and with a save of 50 k events to restore.
  {
    const page = await benchPage();
    const key = 'agent-kpi-bench';
    const saved = await page.tab.evaluate(([t, k]) => window.bench.save(t, k), [linesUpTo(RESTORED_EVENTS), key]);
    await page.close();
    if (saved.accepted !== RESTORED_EVENTS || !saved.saved) throw new Error('cold start: nothing saved');
    results.cold.saved_bytes = saved.saved.length;
    for (let run = 0; run < 2 * RUNS; run++) {
      const restored = run % 2 === 1;
      const cold = await open('cold.html', restored ? { storage: [`agent-kpi:v1:${key}`, saved.saved], query: `&storage_key=${key}` } : {});
      await cold.tab.waitForFunction(() => window.coldStart);
      const r = await cold.tab.evaluate(() => window.coldStart);
      await cold.close();
      const expected = restored ? RESTORED_EVENTS : 0;
      if (r.tiles === 0 || r.accepted !== expected) throw new Error(`cold start: ${JSON.stringify(r)}`);
      results.cold[restored ? 'restored' : 'empty'].push(r.ms);
    }
    log(`cold start: empty ${results.cold.empty.map((ms) => ms.toFixed(0))} ms, restored ${results.cold.restored.map((ms) => ms.toFixed(0))} ms`);
  }
  results.chromium = browser.version();
  results.load.push(loadavg()[0]);
} finally {
  await browser.close();
  widget.close();
  host.close();
}

// ---- the table ---------------------------------------------------------------------------
const bundle = bundleSizes();
const m = (key, rows = results.replay) => median(rows.map((r) => (typeof key === 'function' ? key(r) : r[key])));
const widgetRate = results.events / (m('widget_ms') / 1000);
const jsRate = results.events / (m('js_ms') / 1000);
const heap100k = m((r) => r.wasm_memory.at100k);
const heapEnd = m((r) => r.wasm_memory.atEnd);
const p99 = m('p99_ms', results.latency);
const summary = {
  replay_events_per_s: { widget: Math.round(widgetRate), js_reducer: Math.round(jsRate), ratio: widgetRate / jsRate },
  replay_ms: { widget: m('widget_ms'), js_reducer: m('js_ms') },
  latency_ms: {
    p50: m('p50_ms', results.latency), p99,
    wait_for_frame_p50: m('wait_p50_ms', results.latency), wait_for_frame_p99: m('wait_p99_ms', results.latency),
    frame_work_p50: m('work_p50_ms', results.latency), frame_work_p99: m('work_p99_ms', results.latency),
    bare_text_change_p50: m('floor_p50_ms', results.latency), bare_text_change_p99: m('floor_p99_ms', results.latency),
  },
  wasm_memory_bytes: { mounted: m((r) => r.wasm_memory.mounted), after_100k: heap100k, after_1m: heapEnd },
  cold_start_ms: { empty: median(results.cold.empty), restored_50k: median(results.cold.restored) },
  bundle_bytes: bundle.heaviest,
};
const targets = {
  replay: widgetRate >= TARGET.replayRatio * jsRate,
  latency_p99: p99 <= TARGET.p99Ms,
  wasm_memory: heapEnd <= TARGET.memoryBytes,
  bundle_gzip: bundle.heaviest.gzip <= TARGET.bundleGzipBytes,
};
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
// Whether what was measured differs from the commit: the widget's sources or the bench's own.
const sources = ['src', 'style', 'web', 'index.html', 'Cargo.toml', 'Cargo.lock', 'bench', ':!bench/results'];
const dirty = execFileSync('git', ['status', '--porcelain', '--', ...sources], { cwd: ROOT }).length > 0;

const n = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes) => n(bytes / 2 ** 20, 1);
const kb = (bytes) => n(bytes / 1000, 1);
const mark = (ok) => (ok ? 'met' : 'MISSED');
const rows = [
  ['', 'widget', 'JS reducer', 'widget/JS', 'target'],
  [`replay ${n(results.events)} events, events/s`, n(widgetRate), n(jsRate), `${n(summary.replay_events_per_s.ratio, 2)}×`, `≥ 2× ${mark(targets.replay)}`],
  ['replay, seconds', n(m('widget_ms') / 1000, 2), n(m('js_ms') / 1000, 2), '', ''],
  ['update latency p50 / p99, ms', `${n(summary.latency_ms.p50, 1)} / ${n(p99, 1)}`, '', '', `p99 ≤ 16 ${mark(targets.latency_p99)}`],
  ['  push to frame start, p50 / p99', `${n(summary.latency_ms.wait_for_frame_p50, 1)} / ${n(summary.latency_ms.wait_for_frame_p99, 1)}`, '', '', ''],
  ['  frame start to painted, p50 / p99', `${n(summary.latency_ms.frame_work_p50, 1)} / ${n(summary.latency_ms.frame_work_p99, 1)}`, '', '', ''],
  ['  a bare text change instead, p50 / p99', `${n(summary.latency_ms.bare_text_change_p50, 1)} / ${n(summary.latency_ms.bare_text_change_p99, 1)}`, '', '', ''],
  ['wasm memory mounted / 100 k / 1 M, MiB', `${mb(summary.wasm_memory_bytes.mounted)} / ${mb(heap100k)} / ${mb(heapEnd)}`, '', '', `≤ 16 MiB ${mark(targets.wasm_memory)}`],
  ['cold start empty / 50 k restored, ms', `${n(summary.cold_start_ms.empty)} / ${n(summary.cold_start_ms.restored_50k)}`, '', '', ''],
  ['bundle (the heavier way in) gzip / brotli, KB', `${kb(bundle.heaviest.gzip)} / ${kb(bundle.heaviest.brotli)}`, '', '', `gzip ≤ 150 KB ${mark(targets.bundle_gzip)}`],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const load = results.load.map((x) => n(x, 1)).join(' → ');
console.log(`agent-kpi in the browser · ${TODAY} · ${commit}${dirty ? ' (changed)' : ''} · Chromium ${results.chromium} · ${cpus().length} cores, load ${load} · medians of ${RUNS} runs`);
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
console.log(`\nbundle (dist/):\n${bundleTable(bundle)}`);

mkdirSync(join(ROOT, OUT, '..'), { recursive: true });
writeFileSync(join(ROOT, OUT), `${JSON.stringify({
  date: TODAY, commit, changed: dirty, chromium: results.chromium, cores: cpus().length, cpu: cpus()[0]?.model, load_average_1m: results.load,
  events: results.events, runs: RUNS, piece_lines: PIECE_LINES, live_events: LIVE_EVENTS, restored_events: RESTORED_EVENTS,
  summary, targets, runs_detail: { replay: results.replay, latency: results.latency, cold_start_ms: results.cold },
  bundle,
}, null, 2)}\n`);
console.log(`\nwritten: ${OUT}`);
