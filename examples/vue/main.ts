// A Vue 3 host: the packaged widget as <agent-kpi-panel> in a render function, typed. Built with
//   esbuild examples/vue/main.ts --bundle --format=esm --external:agent-kpi \
//     --define:process.env.NODE_ENV='"production"' --define:__VUE_OPTIONS_API__=true \
//     --define:__VUE_PROD_DEVTOOLS__=false --define:__VUE_PROD_HYDRATION_MISMATCH_DETAILS__=false \
//     --outfile=app.js
import ready, { type AgentKpiPanel, type Alert } from 'agent-kpi';
import { createApp, defineComponent, h, onMounted, ref } from 'vue';
import { sampleHour } from '../sample-hour';

const App = defineComponent({
  setup() {
    const panel = ref<AgentKpiPanel | null>(null);
    const alerts = ref<string[]>([]);
    const aht = ref<number | null>(null);
    onMounted(() => {
      const element = panel.value;
      if (!element) return;
      element.addEventListener('kpi-alert', (event) => {
        const alert: Alert = event.detail;
        alerts.value.push(`${alert.kpi}:${alert.status}`);
      });
      element.configure({ kpis: ['aht', 'handled', 'asa', 'csat'], targets: { aht: { value: 300, bad: 330 } }, min_sample: 1 });
      const { accepted } = element.push(sampleHour());
      requestAnimationFrame(() => {
        aht.value = element.snapshot().kpis.aht?.value ?? null;
        window.kpiHost = { accepted, aht: aht.value, alerts: alerts.value };
      });
    });
    return () =>
      h('div', { style: { display: 'flex', gap: '24px' } }, [
        h('main', [h('h1', 'Case 00042817'), h('p', { id: 'result' }, `AHT ${aht.value} s · alerts ${alerts.value.join(', ')}`)]),
        h('agent-kpi-panel', { ref: panel, locale: 'en', style: { display: 'block', width: '300px' } }),
      ]);
  },
});

await ready;
createApp(App).mount('#root');
