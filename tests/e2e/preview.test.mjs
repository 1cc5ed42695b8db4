// The release bundle in a real browser: the preview loads with no page error, the panel renders,
// and its figures move as the simulated day runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const DIST = new URL('../../dist/', import.meta.url).pathname;
let server, browser;

before(async () => {
  server = await serve(DIST);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the preview and collects every page error and console error. */
async function openPreview(query = '') {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(server.url + query);
  await page.waitForSelector('.akpi [data-kpi=aht] .akpi-value');
  return { page, errors };
}

const figure = (page, kpi) => page.textContent(`.akpi-strip [data-kpi=${kpi}] .akpi-value`);
const events = async (page) => parseInt(await page.textContent('.akpi-ingest'), 10);

test('the preview renders the panel with figures, and they move with the simulated day', async () => {
  const { page, errors } = await openPreview('?speed=600');
  await page.waitForFunction(() => /^\d+:\d\d$/.test(document.querySelector('.akpi [data-kpi=aht] .akpi-value')?.textContent ?? ''));
  assert.match(await figure(page, 'aht'), /^\d+:\d\d$/);
  assert.match(await figure(page, 'cph'), /^\d+\.\d$/);
  // What came in is at the foot of the expanded view.
  await page.click('.akpi-toggle');
  const before = await events(page);
  assert.ok(before > 0, `${before} events`);
  const clockBefore = await page.textContent('.preview-clock');
  assert.match(clockBefore, /^Simulated day · \d\d:\d\d · 600× speed$/);
  await page.waitForFunction(
    (n) => parseInt(document.querySelector('.akpi-ingest').textContent, 10) > n,
    before,
    { timeout: 20000 },
  );
  // The simulated clock moves on too (a minute of it is a tenth of a second at 600×).
  await page.waitForFunction(
    (c) => document.querySelector('.preview-clock').textContent !== c,
    clockBefore,
    { timeout: 20000 },
  );
  assert.deepEqual(errors, []);
  if (process.env.SCREENSHOT) {
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
  await page.close();
});

test('the preview speaks Japanese with ?locale=ja, its own line included', async () => {
  const { page, errors } = await openPreview('?locale=ja&theme=dark');
  assert.match(await page.textContent('.preview-clock'), /^シミュレーション中の1日 · \d\d:\d\d · 60倍速$/);
  assert.equal(await page.getAttribute('.akpi', 'data-theme'), 'dark');
  assert.match(await page.textContent('.akpi-strip [data-kpi=cph]'), /件\/時/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the preview is a bundle of its own: hosts load none of it, and it loads none of theirs', async () => {
  // Texts only the preview and its simulator use: its own line, a simulated contact reason.
  const previewOnly = ['Simulated day', 'delivery status'];
  const carries = (file, text) => readFileSync(DIST + file).includes(text);
  for (const text of previewOnly) {
    assert.ok(carries('agent-kpi-preview_bg.wasm', text), `the preview's wasm has "${text}"`);
    assert.ok(!carries('agent-kpi-widget_bg.wasm', text), `the widget's wasm has "${text}"`);
  }
  const page = await browser.newPage();
  const wasm = [];
  page.on('request', (request) => request.url().endsWith('.wasm') && wasm.push(new URL(request.url()).pathname));
  await page.goto(server.url);
  await page.waitForSelector('.akpi [data-kpi=aht] .akpi-value');
  assert.deepEqual(wasm, ['/agent-kpi-preview_bg.wasm']);
  await page.close();
});
