// The panel as an agent uses it: by keyboard, and checked by axe-core for accessibility in the
// strip and the expanded view, in both themes and languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { workedStretch } from './worked.mjs';

const root = new URL('../../', import.meta.url).pathname;
const AXE = root + 'node_modules/axe-core/axe.min.js';
let sites, fixtures, browser;

before(async () => {
  sites = await serveWidgetAndExamples();
  fixtures = await serve(root + 'tests/e2e/fixtures/');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  sites?.close();
  fixtures?.close();
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
  // Tab on into the strip: a focused tile shows its explanation under the strip, the text it
  // is described by; Esc takes it away and leaves the focus where it was.
  await page.keyboard.press('Tab');
  const detail = () => page.evaluate(() => {
    const root = document.querySelector('#today').shadowRoot;
    const tile = root.activeElement;
    const description = root.getElementById(tile.getAttribute('aria-describedby'));
    const line = [...root.querySelectorAll('.akpi-detail')].find((el) => getComputedStyle(el).display !== 'none');
    return { kpi: tile.dataset.kpi, of: line?.dataset.kpi, text: line?.textContent, description: description.textContent };
  });
  const shown = await detail();
  assert.equal(shown.of, shown.kpi);
  assert.match(shown.text, /n = \d+/);
  assert.equal(shown.text, shown.description);
  await page.keyboard.press('Escape');
  const dismissed = await detail();
  assert.equal(dismissed.kpi, shown.kpi, 'the focus stays on the tile');
  assert.equal(dismissed.of, undefined, 'Esc closes the explanation');
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

/** An hour of chats and calls ending now, so that every strip tile has a figure. */
/** An hour of six contacts, up to now. */
const anHour = () => workedStretch(6);

/** Boxes of the panel's visible elements that reach outside the element's own box. */
const outside = (page) => page.evaluate(() => {
  const host = document.querySelector('#kpi');
  const box = host.getBoundingClientRect();
  const out = [];
  for (const el of host.shadowRoot.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
      out.push(`${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className}: ${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return out;
});

test('the expanded view is a short walk by keyboard: folded groups and rows with no figure take no tab stop', async () => {
  const page = await open({});
  // One survey with a CSAT answer: the quality group opens with CSAT, and FCR, NPS and CES
  // without a figure. Expanded once the panel has drawn it (the figures move at the next
  // frame, which a loaded machine may draw after the click).
  await page.evaluate(() => new Promise((drawn) => {
    const panel = document.querySelector('#today');
    panel.addEventListener('kpi-change', function heard(event) {
      if (event.detail.kpis.csat?.value == null) return;
      panel.removeEventListener('kpi-change', heard);
      drawn();
    });
    panel.push({ id: 'survey-1', ts: Date.now() - 60_000, type: 'survey', contact_id: 'someone', csat: 5 });
  }));
  await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-toggle').click());
  await page.waitForTimeout(50);
  const quiet = await page.evaluate(() =>
    document.querySelector('#today').shadowRoot.querySelectorAll('[data-group=quality][open] .akpi-row.akpi-nodata').length);
  assert.equal(quiet, 3, 'FCR, NPS and CES without a figure in an open group');
  await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-window').focus());
  // Tab until the focus leaves the panel, noting each stop.
  const stops = [];
  for (let i = 0; i < 60; i += 1) {
    const stop = await page.evaluate(() => {
      const el = document.querySelector('#today').shadowRoot.activeElement;
      if (!el) return null;
      return {
        what: el.className || el.tagName.toLowerCase(),
        kpi: el.dataset?.kpi,
        noData: el.classList.contains('akpi-nodata'),
        folded: Boolean(el.closest('details:not([open])')) && el.tagName !== 'SUMMARY',
      };
    });
    if (!stop) break;
    stops.push(stop);
    await page.keyboard.press('Tab');
  }
  assert.ok(stops.length > 10, `${stops.length} stops`);
  assert.deepEqual(stops.filter((s) => s.noData || s.folded), [], 'no stop on a row without a figure or in a folded group');
  // The sample hour has figures for productivity and answering, and the survey for quality;
  // none for cases (folded): 3 windows, the toggle, 6 tiles, 4 group headings, the rows with a
  // figure, the history's 3 spans. Each row with a figure is reached.
  const rows = stops.filter((s) => s.what.includes('akpi-row')).length;
  const withFigure = await page.evaluate(() =>
    document.querySelector('#today').shadowRoot.querySelectorAll('details[open] .akpi-row:not(.akpi-nodata):not(.akpi-hidden)').length);
  assert.equal(rows, withFigure);
  assert.equal(stops.length, 3 + 1 + 6 + 4 + rows + 3, JSON.stringify(stops.map((s) => s.kpi ?? s.what)));
  console.log(`tab stops in the expanded view: ${stops.length} (${rows} rows)`);
  await page.close();
});

test("a host's hostile CSS does not reach the panel: a block of the width it was given, no text outside it", async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  await page.evaluate((events) => document.querySelector('#kpi').push(events), anHour());
  await page.waitForTimeout(100);
  const host = await page.evaluate(() => {
    const el = document.querySelector('#kpi');
    const panel = el.shadowRoot.querySelector('.akpi');
    const style = getComputedStyle(panel);
    return {
      display: getComputedStyle(el).display,
      width: el.getBoundingClientRect().width,
      text: [style.textTransform, style.letterSpacing, style.wordSpacing, style.whiteSpace, style.fontStyle, style.textIndent],
    };
  });
  assert.equal(host.display, 'block');
  assert.equal(host.width, 286);
  assert.deepEqual(host.text, ['none', 'normal', '0px', 'normal', 'normal', '0px']);
  assert.deepEqual(await outside(page), [], 'the strip');
  await page.evaluate(() => document.querySelector('#kpi').shadowRoot.querySelector('.akpi-toggle').click());
  await page.waitForTimeout(100);
  assert.deepEqual(await outside(page), [], 'the expanded view');
  await page.close();
});

test('the strip is one row of six where there is room, else two rows of three, in the narrowest side bars three of two, never four and two', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  await page.evaluate((events) => document.querySelector('#kpi').push(events), anHour());
  const rows = async (width) => page.evaluate(async (w) => {
    const el = document.querySelector('#kpi');
    el.style.width = `${w}px`;
    await new Promise(requestAnimationFrame);
    const tops = [...el.shadowRoot.querySelectorAll('.akpi-tile')].map((t) => Math.round(t.getBoundingClientRect().top));
    const perRow = new Map();
    for (const top of tops) perRow.set(top, (perRow.get(top) ?? 0) + 1);
    return [...perRow.values()];
  }, width);
  assert.deepEqual(await rows(600), [6]);
  for (const width of [300, 320, 400, 480]) assert.deepEqual(await rows(width), [3, 3], `${width} px`);
  assert.deepEqual(await rows(240), [2, 2, 2], '240 px');
  await page.close();
});

test('every explanation stays inside the panel, at 240, 300, 320 and 480 px, strip and expanded', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  await page.evaluate((events) => document.querySelector('#kpi').push(events), anHour());
  for (const width of [240, 300, 320, 480]) {
    await page.evaluate((w) => { document.querySelector('#kpi').style.width = `${w}px`; }, width);
    for (const selector of ['.akpi-tile', '.akpi-row']) {
      if (selector === '.akpi-row') {
        await page.evaluate(() => {
          const toggle = document.querySelector('#kpi').shadowRoot.querySelector('.akpi-toggle');
          if (toggle.getAttribute('aria-expanded') === 'false') toggle.click();
        });
        await page.waitForTimeout(50);
      }
      // Every tile, and every row with a figure (the only rows with an explanation to focus).
      const focusable = selector === '.akpi-row' ? 'details[open] .akpi-row[tabindex]:not(.akpi-hidden)' : selector;
      const count = await page.evaluate((sel) => document.querySelector('#kpi').shadowRoot.querySelectorAll(sel).length, focusable);
      assert.ok(count >= 6, `${count} ${selector} at ${width} px`);
      for (let i = 0; i < count; i += 1) {
        await page.evaluate(([sel, n]) => document.querySelector('#kpi').shadowRoot.querySelectorAll(sel)[n].focus(), [focusable, i]);
        const box = await page.evaluate(() => {
          const host = document.querySelector('#kpi');
          const root = host.shadowRoot;
          const shown = [...root.querySelectorAll('.akpi-detail, .akpi-tip')].filter((el) => getComputedStyle(el).display !== 'none');
          const outer = host.getBoundingClientRect();
          return shown.map((el) => {
            const r = el.getBoundingClientRect();
            return r.left >= outer.left - 0.5 && r.right <= outer.right + 0.5 && r.bottom <= outer.bottom + 0.5 && r.top >= outer.top - 0.5;
          });
        });
        assert.deepEqual(box, [true], `${selector} ${i} at ${width} px: one explanation, inside the panel`);
      }
      // Esc closes a row's explanation too, with the focus kept.
      if (selector === '.akpi-row') {
        await page.keyboard.press('Escape');
        const open = await page.evaluate(() => [...document.querySelector('#kpi').shadowRoot.querySelectorAll('.akpi-tip')]
          .filter((el) => getComputedStyle(el).display !== 'none').length);
        assert.equal(open, 0, `Esc at ${width} px`);
      }
    }
    await page.evaluate(() => document.querySelector('#kpi').shadowRoot.querySelector('.akpi-toggle').click());
  }
  await page.close();
});

test('an idle panel redraws nothing between minutes; a live contact moves its timer each second and nothing else', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(sites.widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  await page.evaluate((events) => {
    const panel = document.querySelector('#kpi');
    window.changes = 0;
    panel.addEventListener('kpi-change', () => { window.changes += 1; });
    panel.push(events);
  }, anHour());
  // Four quiet seconds inside one minute (a new minute would rightly move the figures once).
  const inOneMinute = async (seconds) => {
    const second = await page.evaluate(() => new Date().getSeconds());
    if (second > 58 - seconds) await page.waitForTimeout((61 - second) * 1000);
  };
  await inOneMinute(5);
  await page.waitForTimeout(300);
  const settled = await page.evaluate(() => window.changes);
  await page.waitForTimeout(4000);
  assert.equal(await page.evaluate(() => window.changes), settled, 'no redraw of the figures while idle');
  // A contact answered 5 s ago: the live line shows it, and its timer moves each second.
  await inOneMinute(4);
  await page.evaluate(() => {
    const ts = Date.now() - 5_000;
    document.querySelector('#kpi').push([
      { id: 'live-o', ts, type: 'contact_offered', contact_id: 'live', channel: 'voice' },
      { id: 'live-a', ts, type: 'contact_answered', contact_id: 'live' },
    ]);
  });
  await page.waitForTimeout(300);
  const live = () => page.evaluate(() => document.querySelector('#kpi').shadowRoot.querySelector('.akpi-live')?.textContent);
  const pushed = await page.evaluate(() => window.changes);
  const first = await live();
  assert.match(first, /Talk 0:0[5-6]/);
  await page.waitForTimeout(2200);
  const later = await live();
  assert.notEqual(later, first, 'the timer moved');
  assert.match(later, /Talk 0:0[7-9]/);
  assert.equal(await page.evaluate(() => window.changes), pushed, 'the figures were not redrawn for the timer');
  await page.close();
});
