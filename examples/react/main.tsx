// A React 19 host: the packaged widget as <agent-kpi-panel> in JSX, typed. Built with
//   esbuild examples/react/main.tsx --bundle --format=esm --jsx=automatic --external:agent-kpi \
//     --define:process.env.NODE_ENV='"production"' --outfile=app.js
import type {} from 'agent-kpi/react';
import ready, { type AgentKpiPanel, type Alert, type Config } from 'agent-kpi';
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { sampleHour } from '../sample-hour';

const config: Config = {
  kpis: ['aht', 'handled', 'asa', 'csat'],
  targets: { aht: { value: 300, bad: 330 } },
  min_sample: 1,
};

function KpiPanel({ onAlert, onFigures }: { onAlert: (alert: Alert) => void; onFigures: (aht: number | null, accepted: number) => void }) {
  const panel = useRef<AgentKpiPanel>(null);
  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    const listener = (event: CustomEvent<Alert>) => onAlert(event.detail);
    element.addEventListener('kpi-alert', listener);
    element.configure(config);
    const { accepted } = element.push(sampleHour());
    requestAnimationFrame(() => onFigures(element.snapshot().kpis.aht?.value ?? null, accepted));
    return () => element.removeEventListener('kpi-alert', listener);
  }, [onAlert, onFigures]);
  return <agent-kpi-panel ref={panel} locale="en" style={{ display: 'block', width: 300 }} />;
}

function App() {
  const [alerts, setAlerts] = useState<string[]>([]);
  const [figures, setFigures] = useState<{ aht: number | null; accepted: number } | null>(null);
  const onAlert = useRef((alert: Alert) => setAlerts((all) => [...all, `${alert.kpi}:${alert.status}`])).current;
  const onFigures = useRef((aht: number | null, accepted: number) => setFigures({ aht, accepted })).current;
  useEffect(() => {
    if (figures) window.kpiHost = { ...figures, alerts };
  }, [figures, alerts]);
  return (
    <div style={{ display: 'flex', gap: 24 }}>
      <main>
        <h1>Case 00042817</h1>
        <p id="result">{figures ? `AHT ${figures.aht} s · alerts ${alerts.join(', ')}` : 'loading'}</p>
      </main>
      <KpiPanel onAlert={onAlert} onFigures={onFigures} />
    </div>
  );
}

await ready;
createRoot(document.getElementById('root')!).render(<App />);
