// Starts the iframe embedding (embed.html): the wasm reads data-agent-kpi="embed" on the body.
import init from './agent-kpi-widget.js';

init({ module_or_path: new URL('./agent-kpi-widget_bg.wasm', import.meta.url) });
