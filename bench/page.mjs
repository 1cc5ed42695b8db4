// The benchmark page's side: what bench/run.mjs calls (window.bench) in headless Chromium.
// Each measurement goes through the widget's public element API, as a host page would use it.
import { createReducer } from './reducer.mjs';

const widget = new URLSearchParams(location.search).get('widget');

/**
 * The widget loaded as a host loads it; resolves to the wasm instance's exports, whose `memory`
 * is the wasm linear memory (it grows in 64 KiB pages and never shrinks). The glue is bundled
 * into agent-kpi.js and keeps the instance to itself: the page notes it as it is instantiated.
 */
const loaded = (async () => {
  let instance;
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    const result = await instantiateStreaming(...args);
    instance = result.instance;
    return result;
  };
  try {
    await (await import(new URL('agent-kpi.js', widget).href)).default;
  } finally {
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
  if (!instance) throw new Error('the widget was not instantiated from a stream');
  return instance.exports;
})();

/** The events, as NDJSON pieces of `size` lines each (what a host replaying a backlog pushes). */
let pieces = [];

async function load(url, size) {
  const text = await (await fetch(url)).text();
  pieces = [];
  let start = 0;
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++lines % size === 0) {
      pieces.push({ text: text.slice(start, i + 1), lines: size });
      start = i + 1;
    }
  }
  if (start < text.length) pieces.push({ text: text.slice(start), lines: lines % size });
  return { events: lines, pieces: pieces.length };
}

/** A fresh panel in the side bar (the one before is removed, and freed). */
async function newPanel(attributes = {}) {
  await loaded;
  const panel = document.createElement('agent-kpi-panel');
  panel.setAttribute('config', JSON.stringify({ time_zone: 'UTC' }));
  for (const [name, value] of Object.entries(attributes)) panel.setAttribute(name, value);
  document.getElementById('sidebar').replaceChildren(panel);
  return panel;
}

/**
 * Pushes `text` and resolves to its report once it is all taken in: at once, or, where the
 * widget queued part of it for later tasks (`queued > 0`), at its `kpi-ingested` event.
 */
function push(panel, text) {
  let heard;
  const ingested = new Promise((resolve) => {
    heard = (e) => resolve(e.detail);
    panel.addEventListener('kpi-ingested', heard, { once: true });
  });
  const report = panel.push(text);
  if (report.queued) return ingested;
  panel.removeEventListener('kpi-ingested', heard);
  return Promise.resolve(report);
}

/** Today's figures of the widget at `asOf` in UTC, for the ids the reducer computes. */
function widgetFigures(panel, asOf, ids) {
  const { kpis } = panel.snapshot({ window: 'today', as_of: asOf, time_zone: 'UTC' });
  return Object.fromEntries(ids.map((id) => [id, { value: kpis[id]?.value ?? null, n: kpis[id]?.n ?? 0 }]));
}

/** The ids whose figures differ between two sets of figures. */
function differences(a, b) {
  return Object.keys(a).filter((id) => a[id].value !== b[id]?.value || a[id].n !== b[id]?.n);
}

const lastTs = (piece) => JSON.parse(piece.text.slice(piece.text.lastIndexOf('\n', piece.text.length - 2) + 1)).ts;

/**
 * Feeds the widget and the reducer piece by piece in step, and after each piece compares
 * today's figures a minute after its last event: on whole days, partial days and open contacts.
 */
async function check() {
  const panel = await newPanel();
  const reducer = createReducer();
  const mismatches = [];
  let compared = 0;
  for (const piece of pieces) {
    const report = await push(panel, piece.text);
    if (report.accepted !== piece.lines) {
      mismatches.push({ at: compared, report: { ...report, rejected: report.rejected?.slice(0, 3) } });
    }
    for (const line of piece.text.split('\n')) if (line) reducer.push(JSON.parse(line));
    const asOf = lastTs(piece) + 60_000;
    const js = reducer.snapshot(asOf);
    const wasm = widgetFigures(panel, asOf, Object.keys(js));
    for (const id of differences(js, wasm)) mismatches.push({ asOf, id, js: js[id], widget: wasm[id] });
    compared += 1;
  }
  return { compared, mismatches: mismatches.slice(0, 20), figures: widgetFigures(panel, lastTs(pieces.at(-1)) + 60_000, ['handled', 'aht']) };
}

/** Replay through the widget: parse + ingest + final snapshot, with the wasm memory on the way. */
async function replayWidget(asOf, ids) {
  const panel = await newPanel();
  const { memory: wasmMemory } = await loaded;
  // The memory once mounted, after 100 k events and at the end, and [events, bytes] at each growth.
  const memory = { mounted: wasmMemory.buffer.byteLength, grew: [] };
  let events = 0;
  let accepted = 0;
  const began = performance.now();
  for (const piece of pieces) {
    accepted += (await push(panel, piece.text)).accepted;
    events += piece.lines;
    const bytes = wasmMemory.buffer.byteLength;
    if (bytes > (memory.grew.at(-1)?.[1] ?? memory.mounted)) memory.grew.push([events, bytes]);
    if (events === 100_000) memory.at100k = bytes;
  }
  const figures = widgetFigures(panel, asOf, ids);
  const ms = performance.now() - began;
  memory.atEnd = wasmMemory.buffer.byteLength;
  return { ms, events, accepted, figures, memory };
}

/** Replay through the plain-JS reducer: JSON.parse per line, reduce, final snapshot. */
function replayJs(asOf) {
  const began = performance.now();
  const reducer = createReducer();
  for (const piece of pieces) {
    for (const line of piece.text.split('\n')) if (line) reducer.push(JSON.parse(line));
  }
  const figures = reducer.snapshot(asOf);
  return { ms: performance.now() - began, figures };
}

/** One timed replay of each, in the order given (the runner alternates it between runs). */
async function replay(asOf, jsFirst) {
  const ids = Object.keys(createReducer().snapshot(asOf));
  let js;
  if (jsFirst) js = replayJs(asOf);
  const wasm = await replayWidget(asOf, ids);
  if (!jsFirst) js = replayJs(asOf);
  return { widget: wasm, js, differences: differences(js.figures, wasm.figures) };
}

/** The event `e` moved to `ts`, its queue entry moved with it. */
function restamp(e, ts) {
  const moved = { ...e, ts };
  if (typeof e.queued_at === 'number') moved.queued_at = e.queued_at + (ts - e.ts);
  return moved;
}

/** Resolves after the current frame is painted: a task posted now runs after it. */
const nextTask = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = resolve;
  channel.port2.postMessage(null);
});

/** Resolves at the first `kpi-change` (sent as the panel draws) counting `accepted` events. */
const drawn = (panel, accepted) => new Promise((resolve) => {
  const heard = (e) => {
    if (e.detail.ingest.accepted < accepted) return;
    panel.removeEventListener('kpi-change', heard);
    resolve();
  };
  panel.addEventListener('kpi-change', heard);
});

/**
 * For each of `pauses`: waits that long after the last change was painted (so changes fall at
 * every phase of the display's frames), then calls `change(i)`, which resolves once the DOM shows
 * it. Measures from the call to the end of the frame that paints it (total), to the start of that
 * frame (wait: the wait for it, and any work done before it), and that frame's start to its end
 * (work: what is done in it, and drawing).
 */
async function timeToPaint(pauses, change) {
  const total = [];
  const wait = [];
  const work = [];
  for (let i = 0; i < pauses.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, pauses[i]));
    let frameStart;
    // Registered first: it runs first in the next frame.
    requestAnimationFrame(() => { frameStart = performance.now(); });
    const began = performance.now();
    await change(i);
    // Changed in a frame: a task posted now runs once that frame is painted. Changed before
    // one: the next frame paints it.
    if (frameStart === undefined) await new Promise((resolve) => requestAnimationFrame(resolve));
    await nextTask();
    const end = performance.now();
    total.push(end - began);
    wait.push(frameStart - began);
    work.push(end - frameStart);
  }
  return { total, wait, work };
}

/**
 * Live update latency: `history` (12 hours of events, moved to end now) is loaded, then each of
 * `live` is stamped with the wall clock and pushed alone (`timeToPaint`). Then the same for a
 * bare text change beside the panel (`floor`): what any update waits for the display.
 */
async function latency(history, live, pauses) {
  // A zone where it is about 21:00 now, so that today holds the whole 12 hours of history.
  const hour = new Date().getUTCHours();
  const offset = ((((21 - hour) % 24) + 36) % 24) - 12; // −12..11
  const zone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const panel = await newPanel({ config: JSON.stringify({ time_zone: zone }) });
  const shift = Date.now() - (history[0].ts + 12 * 3_600_000);
  await push(panel, history.map((e) => JSON.stringify(restamp(e, e.ts + shift))).join('\n'));
  await new Promise((resolve) => setTimeout(resolve, 100));

  let ts = Date.now();
  const widget = await timeToPaint(pauses, (i) => {
    ts = Math.max(ts + 1, Date.now());
    const shown = drawn(panel, history.length + i + 1);
    panel.push(restamp(live[i], ts));
    return shown;
  });
  const bare = document.createElement('output');
  document.getElementById('sidebar').append(bare);
  const floor = await timeToPaint(pauses, (i) => { bare.textContent = String(i); });
  bare.remove();
  return { zone, ...widget, floor: floor.total, accepted: panel.snapshot().ingest.accepted };
}

/** Pushes `text` into a panel kept under `key` in localStorage, and saves it now. */
async function save(text, key) {
  localStorage.removeItem(`agent-kpi:v1:${key}`);
  const panel = await newPanel({ 'storage-key': key });
  const report = await push(panel, text);
  // The panel saves at most once a second, and when the page is hidden: say it is.
  window.dispatchEvent(new Event('pagehide'));
  // Saved in the widget's namespace.
  return { accepted: report.accepted, saved: localStorage.getItem(`agent-kpi:v1:${key}`) };
}

window.bench = { ready: loaded.then(() => true), load, check, replay, latency, save };
