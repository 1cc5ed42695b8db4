// The panel as an agent uses it: by keyboard, and checked by axe-core for accessibility in the
// strip and the expanded view, in both themes and languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';

const root = new URL('../../', import.meta.url).pathname;
const AXE = root + 'node_modules/axe-core/axe.min.js';
let sites, browser;

before(async () => {
  sites = await serveWidgetAndExamples();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  sites?.close();
});

/** The web-component example with its sample hour fed, and the panels' config overridden. */
async function open(config, viewport = { width: 1000, height: 800 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(sites.page('web-component/index.html'));
  await page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
  await page.evaluate((c) => {
    for (const panel of document.querySelectorAll('agent-kpi-panel')) panel.configure(c);
  }, config);
  await page.click('#feed');
  await page.waitForTimeout(100);
  return page;
}

const expanded = (page) => page.evaluate(() =>
  document.querySelector('#today').shadowRoot.querySelector('.akpi-toggle').getAttribute('aria-expanded'));

test('expand and collapse with the keyboard', async () => {
  const page = await open({});
  // Tab from the page's button into the first panel: the window buttons come first, then the
  // toggle. Focus the toggle as a keyboard user would reach it, then use Enter and Space.
  await page.focus('#feed');
  let reached = false;
  for (let i = 0; i < 12 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() =>
      document.querySelector('#today').shadowRoot.activeElement?.classList.contains('akpi-toggle') ?? false);
  }
  assert.ok(reached, 'the toggle is reachable with Tab');
  assert.equal(await expanded(page), 'false');
  await page.keyboard.press('Enter');
  assert.equal(await expanded(page), 'true');
  const groups = await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelectorAll('.akpi-group').length);
  assert.equal(groups, 4);
  await page.keyboard.press('Space');
  assert.equal(await expanded(page), 'false');
  // Tab on into the strip: a focused tile shows its explanation.
  await page.keyboard.press('Tab');
  const tip = await page.evaluate(() => {
    const root = document.querySelector('#today').shadowRoot;
    const tile = root.activeElement;
    const tip = root.getElementById(tile.getAttribute('aria-describedby'));
    return { kpi: tile.dataset.kpi, display: getComputedStyle(tip).display, text: tip.textContent };
  });
  assert.equal(tip.display, 'block');
  assert.match(tip.text, /n = \d+/);
  await page.close();
});

async function axe(page, context) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (ctx) => {
    const result = await window.axe.run(ctx === 'panel' ? document.querySelector('#today') : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, context);
}

for (const [name, config] of [
  ['light, English', { theme: 'light', locale: 'en', targets: { aht: 420 } }],
  ['dark, Japanese', { theme: 'dark', locale: 'ja', preset: 'quality' }],
]) {
  test(`axe-core finds no violation in the strip or the expanded view (${name})`, async () => {
    const page = await open(config);
    assert.deepEqual(await axe(page, 'panel'), [], 'strip');
    await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-toggle').click());
    await page.waitForTimeout(50);
    assert.deepEqual(await axe(page, 'panel'), [], 'expanded');
    await page.close();
  });
}
