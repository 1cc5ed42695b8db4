// A plain TypeScript host: the packaged widget, typed. Built with
//   esbuild examples/typescript/main.ts --bundle --format=esm --external:agent-kpi --outfile=app.js
// and loaded by index.html, whose import map points `agent-kpi` at the installed package.
import ready, { type Alert, type ConfigError } from 'agent-kpi';
import { sampleHour, type HostResult } from '../sample-hour';

const AgentKpiPanel = await ready;
const panel = new AgentKpiPanel(); // as document.createElement('agent-kpi-panel')
panel.setAttribute('locale', 'en');
document.querySelector('aside')?.append(panel);

const result: HostResult = { accepted: 0, aht: null, alerts: [] };
panel.addEventListener('kpi-alert', (event) => {
  const alert: Alert = event.detail;
  result.alerts.push(`${alert.kpi}:${alert.status}`);
});
const errors: ConfigError[] = panel.configure({
  kpis: ['aht', 'handled', 'asa', 'csat'],
  targets: { aht: { value: 300, bad: 330 } },
  min_sample: 1,
});
if (errors.length > 0) console.error(errors);

result.accepted = panel.push(sampleHour()).accepted;
// Alerts are dispatched once the panel has drawn the figures.
await new Promise((resolve) => requestAnimationFrame(resolve));
result.aht = panel.snapshot({ window: 'today' }).kpis.aht?.value ?? null;
window.kpiHost = result;
document.querySelector('#result')!.textContent = JSON.stringify(result);
