// Loads the widget into an example host page: from the page's ?widget= (the tests serve the
// build on another origin), else from the build beside the examples (../../dist/).
// The wasm is preloaded, so that it comes beside the script rather than after it.
const base = new URL(new URLSearchParams(location.search).get('widget') ?? '../../dist/', location.href);
const wasm = document.createElement('link');
Object.assign(wasm, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous' });
wasm.href = new URL('agent-kpi-widget_bg.wasm', base).href;
const script = document.createElement('script');
script.type = 'module';
script.src = new URL('agent-kpi.js', base).href;
document.head.append(wasm, script);
