// Starts the iframe embedding (embed.html): the wasm reads data-agent-kpi="embed" on the body
// and adopts the panel's styles into the page. The release build bundles the wasm-bindgen glue
// into this file (scripts/release-build.sh).
import init from './agent-kpi-widget.js';

init({ module_or_path: new URL('./agent-kpi-widget_bg.wasm', import.meta.url) });
