// A stand-in for the CCP iframe (https://<instance>.my.connect.aws/ccp-v2/): it does what the
// real CCP does for the page's Streams, as far as the adapter sees it. It acknowledges the page,
// then posts `agent::update` snapshots to it (here the recorded session's, moved so that it ends
// now). Streams' IFrameConduit takes them because they come from this iframe's window.
import { frames, agentUpdate } from '../../tests/adapters/fixtures/amazon-connect-session.mjs';

const KEY = 'agent-kpi-example:amazon-connect';
const STEP_MS = 400;
const reloads = new URLSearchParams(parent.location.search).get('reloads') !== '0';
const toPage = (event, data) => parent.postMessage({ event, data }, location.origin);

// Where the playback is: a page reloaded at a recorded reload goes on from that frame.
const end = frames.at(-1).snapshot.snapshotTimestamp * 1000;
const place = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? { shift: Date.now() - end, next: 0 };

function show(update) {
  const { snapshot } = update;
  document.querySelector('#clock').textContent = snapshot.snapshotTimestamp.toLocaleTimeString();
  document.querySelector('#agent').textContent = snapshot.state.name;
  document.querySelector('#contacts').replaceChildren(...snapshot.contacts.map((c) => {
    const li = document.createElement('li');
    const hold = c.connections.some((leg) => leg.initial && leg.state.type === 'hold') ? ', customer on hold' : '';
    li.textContent = `${c.type} ${c.contactId.slice(0, 8)}: ${c.state.type}${hold}`;
    return li;
  }));
}

toPage('acknowledge', { id: 'stand-in-ccp' });
for (let i = place.next; i < frames.length; i += 1) {
  const frame = frames[i];
  if (frame.reload && i !== place.next) {
    if (!reloads) continue; // the same morning without the reload: its replay frame is left out
    sessionStorage.setItem(KEY, JSON.stringify({ ...place, next: i }));
    parent.location.reload(); // the agent reloads the CRM page; the new page gets this frame first
    break;
  }
  const update = agentUpdate(frame, place.shift);
  toPage('agent::update', update);
  show(update);
  await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  if (i === frames.length - 1) sessionStorage.removeItem(KEY);
}
