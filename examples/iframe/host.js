// The host side of the agent-kpi iframe protocol: what a CRM developer pastes.
// The widget's origin comes from this page's ?widget= (for the tests) or is the local preview.
const widget = new URL(new URLSearchParams(location.search).get('widget') ?? 'http://127.0.0.1:8080/');
const frame = document.getElementById('kpi');
// `?storage_key=` on this page is passed on: the frame then keeps its state across reloads.
const storageKey = new URLSearchParams(location.search).get('storage_key');
frame.src = `${widget.href}embed.html?origins=${encodeURIComponent(location.origin)}`
  + (storageKey ? `&storage_key=${encodeURIComponent(storageKey)}` : '');

const log = (line) => { document.getElementById('log').textContent += line + '\n'; };
const send = (message) => frame.contentWindow.postMessage(message, widget.origin);
const pending = new Map();
let nextId = 1;

/** Asks the frame for its figures; resolves with the contract's snapshot. */
function snapshot(options = {}) {
  const id = nextId++;
  send({ type: 'agent-kpi:snapshot', id, ...options });
  return new Promise((resolve) => pending.set(id, resolve));
}

window.addEventListener('message', (event) => {
  if (event.origin !== widget.origin || event.source !== frame.contentWindow) return;
  const message = event.data;
  switch (message?.type) {
    case 'agent-kpi:ready':
      log(`ready: schema ${message.schema}, widget ${message.version}`);
      send({ type: 'agent-kpi:config', config: { targets: { aht: 420 } } });
      window.kpiReady = true;
      break;
    case 'agent-kpi:resize':
      frame.style.height = `${message.height}px`; // no scroll bar in the frame
      break;
    case 'agent-kpi:snapshot':
      pending.get(message.id)?.(message);
      pending.delete(message.id);
      break;
    case 'agent-kpi:alert':
      log(`alert: ${message.alert.kpi} is ${message.alert.status}`);
      break;
    case 'agent-kpi:error':
      log(`error: ${JSON.stringify(message)}`);
      break;
  }
});

// For the example's buttons (and the tests).
window.kpi = { send, snapshot };
document.getElementById('ask').addEventListener('click', async () => {
  const reply = await snapshot({ window: 'today' });
  log(JSON.stringify(reply.snapshot.kpis.aht));
});
document.getElementById('feed').addEventListener('click', () => {
  const t0 = Date.now() - 60 * 60 * 1000;
  let n = 0;
  const ev = (minutes, type, fields) => ({ id: `iframe-${t0}-${++n}`, ts: t0 + minutes * 60000, type, ...fields });
  const events = [ev(0, 'agent_state', { state: 'available' })];
  for (const [id, start] of [['a', 2], ['b', 20], ['c', 40]]) {
    events.push(ev(start, 'contact_offered', { contact_id: id, channel: 'voice' }),
                ev(start + 0.2, 'contact_answered', { contact_id: id }),
                ev(start + 7, 'contact_ended', { contact_id: id }),
                ev(start + 8, 'wrap_up_ended', { contact_id: id }));
  }
  send({ type: 'agent-kpi:events', events });
});
