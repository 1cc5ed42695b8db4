// Plays the Genesys adapter's recorded sessions into the panels of index.html: the real
// streaming client (never connected) for one, the Embeddable Framework's relayed messages for the
// other. The recordings are the test's own, moved in time so that they end now (the widget
// refuses events from the future, and shows the day of its own clock).
import { attach, attachEmbeddable } from '../../web/adapters/genesys.js';

const fixtures = new URL('../../tests/adapters/fixtures/', import.meta.url);
const log = (text) => { document.querySelector('#log').textContent += `${text}\n`; };
const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// The recording, with every ISO time (in the notification bodies and in the relayed strings)
// moved by the same amount: the session's end becomes now.
async function recording(name) {
  const fixture = await (await fetch(new URL(name, fixtures))).json();
  const offset = Date.now() - Date.parse(fixture.asOf);
  const move = (value) => {
    if (typeof value === 'string' && ISO.test(value)) return new Date(Date.parse(value) + offset).toISOString();
    if (Array.isArray(value)) return value.map(move);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, move(v)]));
    return value;
  };
  const moved = move(fixture);
  for (const step of moved.steps) {
    if (typeof step.data !== 'string') continue;
    try {
      step.data = JSON.stringify(move(JSON.parse(step.data)));
    } catch {
      // not JSON: relayed as recorded
    }
  }
  return moved;
}

function figures(panel) {
  const { kpis, ingest } = panel.snapshot({ window: 'shift' });
  const value = (kpi) => kpis[kpi]?.value;
  log(`  handled ${value('handled')}, AHT ${value('aht')} s (talk ${value('talk')}, hold ${value('hold')}, ACW ${value('acw')}), `
    + `ASA ${value('asa')} s, answer rate ${value('answer_rate')}, abandon rate ${value('abandon_rate')}, occupancy ${value('occupancy')}`);
  log(`  ingest ${JSON.stringify(ingest)}`);
}

async function playStreaming() {
  const panel = document.querySelector('#streaming-panel');
  const session = await recording('genesys-session.json');
  const Client = window.GenesysCloudStreamingClient;
  // The host's client, minus connect(): the page talks to no Genesys server.
  const newClient = () => new Client({ host: 'wss://streaming.localhost.invalid', authToken: 'offline', optOutOfWebrtcStatsTelemetry: true });
  const clock = { now: 0 };
  const options = {
    userId: session.userId, names: session.names, resolvedCodes: session.resolvedCodes, now: () => clock.now,
    customerKey: (conversation) => conversation.participants.find((p) => p.purpose === 'customer')?.address,
  };
  let client = newClient();
  let detach = attach(client, panel, options);
  log(`streaming client: ${session.steps.length} recorded steps`);
  for (const step of session.steps) {
    clock.now = Date.parse(step.at);
    if (step.reload) {
      log('  the console reloads: a new client, attached with the REST reads of that moment');
      detach();
      client = newClient();
      detach = attach(client, panel, { ...options, current: step.reload });
    } else {
      client.emit('pubsub:event', { pubsub: { items: { node: step.topic, published: [{ content: { json: step.body } }] } } });
    }
    await pause();
  }
  detach();
  figures(panel);
}

async function playEmbeddable() {
  const panel = document.querySelector('#embeddable-panel');
  const session = await recording('genesys-ef-session.json');
  const clock = { now: 0 };
  const options = { resolvedCodes: session.resolvedCodes, now: () => clock.now, customerKey: (interaction) => interaction.ani || undefined };
  let detach = attachEmbeddable(window, panel, options);
  log(`Embeddable Framework: ${session.steps.length} relayed messages`);
  for (const step of session.steps) {
    clock.now = Date.parse(step.at);
    if (step.reload) {
      log('  the console reloads: the relay sends its status and interactions again');
      detach();
      detach = attachEmbeddable(window, panel, options);
    } else {
      // As the softphone frame's postMessage arrives, with the origin it was recorded with.
      window.dispatchEvent(new MessageEvent('message', { data: step.data, origin: step.origin }));
    }
    await pause();
  }
  detach();
  figures(panel);
}

await customElements.whenDefined('agent-kpi-panel');
for (const [button, play] of [['#streaming', playStreaming], ['#embeddable', playEmbeddable]]) {
  document.querySelector(button).addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      await play();
    } catch (error) {
      log(`failed: ${error.message}`);
    }
  });
}
log('ready');
