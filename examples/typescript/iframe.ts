// A plain TypeScript host of the iframe page (embed.html): the postMessage protocol, typed both
// ways (`HostMessage` out, `FrameMessage` in). Built with
//   esbuild examples/typescript/iframe.ts --bundle --format=esm --outfile=iframe.js
import type { Config, FrameMessage, HostMessage } from 'agent-kpi';
import { sampleHour, type HostResult } from '../sample-hour';

const widget = new URL('../node_modules/agent-kpi/', location.href);
const frame = document.querySelector<HTMLIFrameElement>('iframe#kpi')!;
frame.src = new URL(`embed.html?origins=${encodeURIComponent(location.origin)}`, widget).href;
const send = (message: HostMessage) => frame.contentWindow?.postMessage(message, widget.origin);

const config: Config = { locale: 'en', kpis: ['aht', 'handled', 'asa', 'csat'], targets: { aht: { value: 300, bad: 330 } }, min_sample: 1 };
const result: HostResult = { accepted: 0, aht: null, alerts: [] };

window.addEventListener('message', (event: MessageEvent<FrameMessage>) => {
  if (event.origin !== widget.origin || event.source !== frame.contentWindow) return;
  const message = event.data;
  switch (message.type) {
    case 'agent-kpi:ready':
      send({ type: 'agent-kpi:config', config });
      send({ type: 'agent-kpi:events', events: sampleHour(), id: 'hour' });
      break;
    case 'agent-kpi:resize':
      frame.style.height = `${message.height}px`;
      break;
    case 'agent-kpi:alert':
      result.alerts.push(`${message.alert.kpi}:${message.alert.status}`);
      break;
    case 'agent-kpi:ingested':
      result.accepted = message.report.accepted;
      send({ type: 'agent-kpi:snapshot', id: 1, window: 'today' });
      break;
    case 'agent-kpi:snapshot':
      result.aht = message.snapshot.kpis.aht?.value ?? null;
      window.kpiHost = result;
      break;
    case 'agent-kpi:error':
      console.error(message.kind, 'message' in message ? message.message : message);
      break;
  }
});
