// The stand-in Flex page: a TaskRouter `Worker` (what Flex has as `manager.workerClient`), the
// adapter attached to it and to a stand-in of Flex's `Actions`, and the panel. The page plays
// the recorded session: it hands each EventBridge frame to server.mjs, which pushes it to the
// SDK's websocket, and performs the Flex actions and the agent's transfer itself.
import { attach } from '../../web/adapters/twilio.js';
import { flexActions, play, shifted } from '../../tests/adapters/fixtures/twilio-player.mjs';

const KEY = 'agent-kpi-example:twilio';
const speed = Number(new URLSearchParams(location.search).get('speed') ?? 60);
const panel = document.querySelector('#shift');
const logBox = document.querySelector('#log');
const log = (line) => {
  logBox.textContent += `${line}\n`;
  logBox.scrollTop = logBox.scrollHeight;
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const clockTime = (ms) => new Date(ms).toLocaleTimeString();
const post = async (path, body) => {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? null) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

await customElements.whenDefined('agent-kpi-panel');
const original = await (await fetch('../../tests/adapters/fixtures/twilio-session.json')).json();

const KPIS = ['handled', 'aht', 'talk', 'hold', 'acw', 'asa', 'answer_rate', 'abandon_rate', 'service_level', 'occupancy'];
panel.addEventListener('kpi-change', () => {
  const { kpis } = panel.snapshot({ window: 'shift' });
  document.querySelector('#figures').textContent = KPIS.map((kpi) => `${kpi.padEnd(14)} ${kpis[kpi]?.value ?? '—'}`).join('\n');
});

/** Plays the recording from `saved.next`, in a page that has just loaded. */
async function run(saved) {
  const recording = shifted(original, saved.offset);
  const actions = flexActions();
  let clock = Date.now();
  const target = {
    push(events) {
      const report = panel.push(events);
      for (const e of events) log(`${clockTime(e.ts)}  ${e.type.padEnd(19)} ${e.contact_id ?? e.state}`);
      log(`    → accepted ${report.accepted}, duplicates ${report.duplicates}`);
    },
  };
  const worker = new TaskRouter.Worker(saved.token, {
    ebServer: `${location.origin}/v1/wschannels`, wsServer: `ws://${location.host}/v1/wschannels`, logLevel: 'error',
  });
  const ready = () => new Promise((done) => worker.once('ready', done));
  const detach = attach(worker, target, { actions, now: () => clock, resolvedCodes: ['resolved'] });
  addEventListener('pagehide', detach);
  await ready();

  const bridge = {
    send: (frame) => post('/session/send', frame),
    reply: (payload) => post('/session/reply', payload),
    drop: () => post('/session/drop'),
  };
  let previous = saved.next > 0 ? recording.steps[saved.next - 1].at : recording.page_loaded_at;
  await play(recording, bridge, {
    worker: () => worker,
    actions,
    setClock: (ms) => { clock = ms; },
    settle: () => sleep(300),
    async pace(step, index) {
      await sleep(Math.max(0, Date.parse(step.at) - Date.parse(previous)) / speed);
      previous = step.at;
      sessionStorage.setItem(KEY, JSON.stringify({ ...saved, next: index }));
      if (step.note) log(`— ${step.note}`);
    },
    async reconnect() {
      const back = ready();
      await bridge.drop();
      await back;
    },
    async reload(next) {
      sessionStorage.setItem(KEY, JSON.stringify({ ...saved, next }));
      location.reload();
      await new Promise(() => {});
    },
  }, saved.next);
  sessionStorage.removeItem(KEY);
  log('— the end of the recorded session');
}

document.querySelector('#play').addEventListener('click', async () => {
  panel.reset();
  logBox.textContent = '';
  // The session moved to end a minute ago (whole seconds: TaskRouter's times are epoch seconds).
  const offset = Math.floor((Date.now() - 60_000 - Date.parse(original.steps.at(-1).at)) / 1000);
  const { token } = await post('/session/start', shifted(original, offset));
  const saved = { offset, token, next: 0 };
  sessionStorage.setItem(KEY, JSON.stringify(saved));
  await run(saved);
});

const resumed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
if (resumed) {
  log('— the page reloaded: the SDK replays the reservations on hand; their ids are ones already sent');
  await run(resumed);
}
