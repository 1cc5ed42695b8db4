// Takes the README's screenshots of the preview and the example hosts in headless Chromium:
//   node scripts/screenshots.mjs [hosts|panel|clock|hostile]   (after a release build into
//   dist/; every set unless one is named)
import { serve, serveWidgetAndExamples } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { workedStretch } from '../tests/e2e/worked.mjs';

const root = new URL('../', import.meta.url).pathname;
const sites = await serveWidgetAndExamples();
const widget = sites.widget;
const browser = await launch();
const only = process.argv[2];
const taking = (set) => !only || only === set;
const shot = async (name, url, prepare = async () => {}, viewport = { width: 1000, height: 560 }) => {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await prepare(page);
  await page.screenshot({ path: `${root}docs/img/${name}.png` });
  await page.close();
  console.log(`docs/img/${name}.png`);
};

if (taking('hosts')) {
await shot('preview', `${widget.url}?speed=600`, (p) => p.waitForTimeout(4000), { width: 900, height: 600 });
await shot('example-web-component', sites.page('web-component/index.html'), async (p) => {
  await p.waitForFunction(() => customElements.get('agent-kpi-panel'));
  await p.click('#feed');
  await p.waitForTimeout(500);
}, { width: 1000, height: 640 });
await shot('example-iframe', sites.page('iframe/index.html'), async (p) => {
  await p.waitForFunction(() => window.kpiReady === true);
  await p.click('#feed');
  await p.waitForTimeout(800);
  await p.click('#ask');
  await p.waitForTimeout(300);
});
}

/** A page with the web-component example's `#today` panel in a side bar `width` px wide. */
async function panelPage(width, theme, locale) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await page.goto(sites.page('web-component/index.html'));
  await page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
  await page.evaluate(([width, theme, locale]) => {
    document.querySelector('aside').style.width = `${width}px`;
    document.querySelector('#today').configure({ theme, locale, preset: 'balanced' });
    document.body.style.background = theme === 'dark' ? '#0d0f12' : '#eef1f4';
  }, [width, theme, locale]);
  await page.click('#feed');
  await page.waitForTimeout(200);
  return page;
}

// The panel alone: strip and expanded, 240, 300, 320 and 480 px wide, light and dark, English and
// Japanese.
for (const width of taking('panel') ? [240, 300, 320, 480] : []) {
  for (const theme of ['light', 'dark']) {
    for (const locale of ['en', 'ja']) {
      const page = await panelPage(width, theme, locale);
      const panel = page.locator('#today');
      for (const state of ['strip', 'expanded']) {
        if (state === 'expanded') {
          await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelector('.akpi-toggle').click());
          await page.waitForTimeout(100);
        }
        const name = `panel-${width}-${theme}-${locale}-${state}`;
        await panel.screenshot({ path: `${root}docs/img/${name}.png` });
        console.log(`docs/img/${name}.png`);
      }
      await page.close();
    }
  }
}

// A focused tile's explanation, in the line under the strip, in a 300 px side bar.
for (const [theme, locale] of taking('panel') ? [['light', 'en'], ['dark', 'ja']] : []) {
  const page = await panelPage(300, theme, locale);
  await page.evaluate(() => document.querySelector('#today').shadowRoot.querySelectorAll('.akpi-tile')[2].focus());
  await page.waitForTimeout(100);
  const name = `panel-300-${theme}-${locale}-detail`;
  await page.locator('#today').screenshot({ path: `${root}docs/img/${name}.png` });
  console.log(`docs/img/${name}.png`);
  await page.close();
}

// An event from the future (a clock three days ahead): the notice, in a 300 px side bar.
for (const theme of taking('clock') ? ['light', 'dark'] : []) {
  for (const locale of ['en', 'ja']) {
    const page = await panelPage(300, theme, locale);
    await page.evaluate(() => document.querySelector('#today').push(
      { id: `future-${Date.now()}`, ts: Date.now() + 3 * 86_400_000 + 60_000, type: 'agent_state', state: 'available' }));
    await page.waitForTimeout(200);
    const name = `panel-300-${theme}-${locale}-clock`;
    await page.locator('#today').screenshot({ path: `${root}docs/img/${name}.png` });
    console.log(`docs/img/${name}.png`);
    await page.close();
  }
}

// The panel in a host page whose CSS would wreck it (tests/e2e/fixtures/hostile-host.html): it
// keeps its own text styles and stays inside the width the host gives it. One picture a width
// and state, of four panels side by side: English and Japanese, light and dark.
for (const width of taking('hostile') ? [240, 300, 320, 480] : []) {
  const fixtures = await serve(`${root}tests/e2e/fixtures/`);
  const page = await browser.newPage({ viewport: { width: 4 * (width + 60), height: 300 } });
  await page.goto(`${fixtures.url}hostile-host.html?widget=${encodeURIComponent(widget.url)}`);
  await page.waitForFunction(() => window.ready === true && document.querySelector('#kpi').shadowRoot?.querySelector('.akpi'));
  await page.evaluate(([w, events]) => {
    const aside = document.querySelector('aside');
    aside.style.display = 'flex';
    aside.style.alignItems = 'flex-start';
    const first = document.querySelector('#kpi');
    const panels = [first];
    for (let i = 1; i < 4; i += 1) panels.push(aside.appendChild(document.createElement('agent-kpi-panel')));
    panels.forEach((panel, i) => {
      panel.style.width = `${w}px`;
      panel.style.flex = 'none';
      panel.configure({ locale: i % 2 ? 'ja' : 'en', theme: i < 2 ? 'light' : 'dark' });
      panel.push(events);
    });
  }, [width, workedStretch(6)]);
  await page.waitForTimeout(300);
  for (const state of ['strip', 'expanded']) {
    if (state === 'expanded') {
      await page.evaluate(() => document.querySelectorAll('agent-kpi-panel').forEach((p) => p.shadowRoot.querySelector('.akpi-toggle').click()));
      await page.waitForTimeout(150);
    }
    const name = `panel-hostile-${width}-${state}`;
    await page.screenshot({ path: `${root}docs/img/${name}.png`, fullPage: true });
    console.log(`docs/img/${name}.png`);
  }
  await page.close();
  fixtures.close();
}

await browser.close();
sites.close();
