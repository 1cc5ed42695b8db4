// Loads the widget into an example host page: from the page's ?widget= (the tests serve the
// build on another origin), else from the build beside the examples (../../dist/).
const base = new URLSearchParams(location.search).get('widget') ?? '../../dist/';
const script = document.createElement('script');
script.type = 'module';
script.src = new URL('agent-kpi.js', new URL(base, location.href)).href;
document.head.append(script);
