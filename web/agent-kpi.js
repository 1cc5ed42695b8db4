// agent-kpi: add this script to a page to get the <agent-kpi-panel> element.
//
//   <script type="module" src="https://widgets.example/agent-kpi/agent-kpi.js"></script>
//   <agent-kpi-panel config='{"targets": {"aht": 420}}'></agent-kpi-panel>
//
// The wasm module loads once per page however many panels it has; each panel keeps its own
// state. `import ready from '.../agent-kpi.js'` resolves once the element is defined. The release
// build bundles the wasm-bindgen glue into this file (scripts/release-build.sh): a page fetches
// it and the wasm, nothing else.
import init from './agent-kpi-widget.js';

const ready = init({ module_or_path: new URL('./agent-kpi-widget_bg.wasm', import.meta.url) })
  .then(() => customElements.whenDefined('agent-kpi-panel'));

export default ready;
