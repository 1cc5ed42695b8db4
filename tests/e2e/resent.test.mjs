// Contract 1.1 on the release build: a day pushed twice, or pushed, the page reloaded with a
// storage-key and the day pushed again (what a host does after a reload, a stream on
// reconnecting, a vendor SDK when the console reloads), gives the figures of the day pushed
// once; an event from the future is refused, changes no figure, and the panel says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWidgetAndExamples } from './serve.mjs';
import { launch } from './browser.mjs';
import { at } from './events.mjs';

let sites, browser;

before(async () => {
  sites = await serveWidgetAndExamples();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  sites?.close();
});

// A working day: 9 hours from 09:00, a contact every 6 minutes on voice, chat or email, with
// holds, wrap-ups, surveys and a case now and then; 600 events or so.
const day = [{ id: 'd-s', ts: at(0), type: 'agent_state', state: 'available' }];
for (let i = 0; i < 90; i += 1) {
  const id = `d${i}`;
  const start = 1 + i * 6;
  const channel = ['voice', 'chat', 'email'][i % 3];
  day.push(
    { id: `${id}-o`, ts: at(start), type: 'contact_offered', contact_id: id, channel, customer_key: `k${i % 17}` },
    { id: `${id}-a`, ts: at(start + 0.4), type: 'contact_answered', contact_id: id },
  );
  if (i % 4 === 0) {
    day.push(
      { id: `${id}-h`, ts: at(start + 1), type: 'hold_started', contact_id: id },
      { id: `${id}-u`, ts: at(start + 1.5), type: 'hold_ended', contact_id: id },
    );
  }
  day.push(
    { id: `${id}-e`, ts: at(start + 4), type: 'contact_ended', contact_id: id, resolved: i % 5 !== 0 },
    { id: `${id}-w`, ts: at(start + 5), type: 'wrap_up_ended', contact_id: id, reason: ['billing', 'refund', 'delivery'][i % 3] },
  );
  if (i % 6 === 0) {
    day.push({ id: `${id}-q`, ts: at(start + 5.5), type: 'survey', contact_id: id, csat: 3 + (i % 3), nps: 6 + (i % 5) });
  }
  if (i % 10 === 0) {
    day.push({ id: `${id}-k`, ts: at(start + 5.5), type: 'case_opened', case_id: `case-${i}` });
  }
}
day.push({ id: 'd-x', ts: at(9 * 60), type: 'agent_state', state: 'offline' });

const url = () => sites.page('web-component/index.html');
const ready = (page) => page.waitForFunction(() => document.querySelector('#today')?.shadowRoot?.querySelector('.akpi'));
const push = (page, batch) => page.evaluate((b) => document.querySelector('#today').push(b), batch);
const figures = (page) => page.evaluate((asOf) => {
  const panel = document.querySelector('#today');
  return ['today', 'shift', 'rolling_60m'].map((window) => panel.snapshot({ window, as_of: asOf, time_zone: 'UTC' }));
}, at(10 * 60));
// Every figure of every window; the ingest counts apart.
const withoutIngest = (snapshots) => snapshots.map(({ ingest, ...rest }) => rest);

async function opened() {
  const page = await browser.newPage();
  await page.goto(url());
  await ready(page);
  // Each test starts from an empty save.
  await page.evaluate(() => document.querySelector('#today').reset());
  return page;
}

test('a day pushed twice gives the figures of the day pushed once', async () => {
  const page = await opened();
  const first = await push(page, day);
  assert.equal(first.accepted, day.length);
  const once = await figures(page);
  assert.equal(once[0].kpis.handled.value, 90);
  const again = await push(page, day);
  assert.deepEqual([again.accepted, again.duplicates], [0, day.length]);
  const twice = await figures(page);
  assert.deepEqual(withoutIngest(twice), withoutIngest(once));
  assert.equal(twice[0].ingest.accepted, day.length);
  await page.close();
});

test('a day pushed, the page reloaded with a storage-key, and the day pushed again, counts once', async () => {
  const page = await opened();
  await push(page, day);
  const once = await figures(page);
  // The panel saves at most once a second, and when the page is hidden: a reload saves.
  await page.reload();
  await ready(page);
  const restored = await figures(page);
  assert.deepEqual(withoutIngest(restored), withoutIngest(once));
  const again = await push(page, day);
  assert.deepEqual([again.accepted, again.duplicates], [0, day.length]);
  assert.deepEqual(withoutIngest(await figures(page)), withoutIngest(once));
  await page.close();
});

test('an event from the future is refused, changes nothing, and the panel says so', async () => {
  const page = await opened();
  await push(page, day);
  const before = await figures(page);
  // Three days and a minute: the panel reads its clock a moment after this one.
  const ahead = await page.evaluate(() => Date.now() + 3 * 86_400_000 + 60_000);
  const report = await push(page, [{ id: 'f1', ts: ahead, type: 'agent_state', state: 'available' }]);
  assert.equal(report.accepted, 0);
  assert.match(report.rejected[0].reason, /^ts: 3 d ahead of this widget's clock \(at most 15 min allowed\)/);
  const after = await figures(page);
  assert.deepEqual(withoutIngest(after), withoutIngest(before));
  assert.equal(after[0].ingest.future, 1);
  const notice = await page.waitForFunction(() =>
    document.querySelector('#today').shadowRoot.querySelector('.akpi-notice')?.textContent);
  assert.match(await notice.jsonValue(), /^Events arrive from the future \(the latest 3 days ahead/);
  await page.close();
});
