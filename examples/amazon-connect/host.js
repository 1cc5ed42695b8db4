// The host side: what a CRM developer adds beside the Streams code the page already has.
// The widget's origin comes from this page's ?widget= (for the tests), else the repository's
// dist/; the adapters are served beside the widget, in adapters/.
const base = new URL(new URLSearchParams(location.search).get('widget') ?? '../../dist/', location.href);
const { default: ready } = await import(new URL('agent-kpi.js', base).href);
const { attach } = await import(new URL('adapters/amazon-connect.js', base).href);

const panel = document.querySelector('agent-kpi-panel');
const log = (line) => { document.querySelector('#log').textContent += line + '\n'; };
await ready; // <agent-kpi-panel> is defined: it has push()

// A fresh playback starts from an empty panel; after one of the recorded reloads (the stand-in
// CCP keeps its place in sessionStorage) the panel keeps what it had, as it would in a console.
if (!sessionStorage.getItem('agent-kpi-example:amazon-connect')) panel.reset();
else log('— the page reloaded: Streams replays the contacts on hand; their ids are ones already sent —');

const show = () => {
  const snapshot = panel.snapshot({ window: 'shift' });
  const pick = ['handled', 'aht', 'talk', 'hold', 'acw', 'asa', 'answer_rate', 'abandon_rate', 'fcr', 'occupancy'];
  document.querySelector('#figures').textContent = pick
    .map((kpi) => `${kpi.padEnd(13)} ${snapshot.kpis[kpi]?.value ?? '–'}  (n ${snapshot.kpis[kpi]?.n ?? 0})`)
    .join('\n') + `\n\ningest ${JSON.stringify(snapshot.ingest)}`;
};
panel.addEventListener('kpi-change', show);
panel.addEventListener('kpi-rejected', (event) => log(`rejected ${JSON.stringify(event.detail)}`));

// The page's Streams, with the CCP iframe at ccp.html (the stand-in) instead of the instance's
// https://<instance>.my.connect.aws/ccp-v2/.
connect.core.initCCP(document.querySelector('#ccp'), {
  ccpUrl: new URL('ccp.html', location.href).href,
  loginPopup: false,
  style: 'width: 100%; height: 100%; border: 0;',
});

// The three lines of docs/adapters/amazon-connect.md (the target wraps the panel only to log).
const detach = attach(connect, {
  push(events) {
    for (const e of events) log(`${new Date(e.ts).toLocaleTimeString()} ${e.type} ${e.contact_id?.slice(0, 8) ?? e.state}`);
    return panel.push(events);
  },
}, {
  states: { Coaching: 'training' },
  resolvedCodes: ['Resolved'],
  disposition: 'disposition',
  reason: 'reason',
  customerKey: (contact) => contact.getAttributes()?.customerId?.value,
});
window.addEventListener('pagehide', detach);
