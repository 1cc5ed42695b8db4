// Takes the README's screenshots of the preview and the example hosts in headless Chromium:
//   node scripts/screenshots.mjs      (after a release build into dist/)
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = new URL('../', import.meta.url).pathname;
const widget = await serve(root + 'dist/');
const host = await serve(root + 'examples/');
const browser = await launch();
const shot = async (name, url, prepare = async () => {}, viewport = { width: 1000, height: 560 }) => {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await prepare(page);
  await page.screenshot({ path: `${root}docs/img/${name}.png` });
  await page.close();
  console.log(`docs/img/${name}.png`);
};
const w = encodeURIComponent(widget.url);

await shot('preview', `${widget.url}?speed=600`, (p) => p.waitForTimeout(4000), { width: 900, height: 600 });
await shot('example-web-component', `${host.url}web-component/index.html?widget=${w}`, async (p) => {
  await p.waitForFunction(() => customElements.get('agent-kpi-panel'));
  await p.click('#feed');
  await p.waitForTimeout(500);
}, { width: 1000, height: 640 });
await shot('example-iframe', `${host.url}iframe/index.html?widget=${w}`, async (p) => {
  await p.waitForFunction(() => window.kpiReady === true);
  await p.click('#feed');
  await p.waitForTimeout(800);
  await p.click('#ask');
  await p.waitForTimeout(300);
});
await browser.close();
widget.close();
host.close();
