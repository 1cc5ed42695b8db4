// Assembles the npm package hosts install instead of building the widget (target/package/
// agent-kpi/, from the release build in dist/), then packs it with `npm pack` into
// target/package/agent-kpi-<version>.tgz and prints that path. scripts/package.sh builds dist/
// first where it is not fresh.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const dist = join(root, 'dist');
const out = join(root, 'target/package');
const pkg = join(out, 'agent-kpi');

// The crate's version is the package's: one number for the widget, its `ready` message and npm.
const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/^\[package\][^[]*?^version = "([^"]+)"/ms)?.[1];
if (!version) throw new Error('no [package] version in Cargo.toml');

// What a host loads: the web component (its script, with the wasm-bindgen glue in it, and the
// wasm), the iframe page (its page, script and styles; the wasm), and the vendor adapters
// (scripts/bundle-size.mjs, WAYS_IN). Not the standalone preview.
const fromDist = [
  'agent-kpi.js', 'agent-kpi-widget_bg.wasm', 'embed.html', 'embed.js', 'embed.css', 'adapters',
];
for (const file of fromDist) {
  if (!existsSync(join(dist, file))) throw new Error(`dist/${file} is missing: build the release first (scripts/release-build.sh)`);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
for (const file of fromDist) cpSync(join(dist, file), join(pkg, file), { recursive: true });
cpSync(join(root, 'web/types'), join(pkg, 'types'), { recursive: true });
cpSync(join(root, 'web/package/custom-elements.json'), join(pkg, 'custom-elements.json'));
cpSync(join(root, 'web/package/README.md'), join(pkg, 'README.md'));
cpSync(join(root, 'CHANGELOG.md'), join(pkg, 'CHANGELOG.md'));

const manifest = {
  name: 'agent-kpi',
  version,
  description: "A contact-centre agent's own KPIs, computed in the browser from their event stream, in a compact panel for the console's side bar: a web component, an iframe page, and adapters for Amazon Connect, Twilio, Genesys Cloud, Webex CC and Salesforce.",
  license: 'MIT OR Apache-2.0',
  type: 'module',
  main: './agent-kpi.js',
  types: './types/agent-kpi.d.ts',
  exports: {
    '.': { types: './types/agent-kpi.d.ts', default: './agent-kpi.js' },
    './react': { types: './types/react.d.ts' },
    './adapters/*.js': { types: './types/adapters/*.d.ts', default: './adapters/*.js' },
    './adapters/*': './adapters/*',
    './embed.html': './embed.html',
    './agent-kpi-widget_bg.wasm': './agent-kpi-widget_bg.wasm',
    './custom-elements.json': './custom-elements.json',
    './package.json': './package.json',
  },
  files: [...fromDist, 'types', 'custom-elements.json', 'CHANGELOG.md'],
  // Importing the package defines <agent-kpi-panel>: a bundler must keep it.
  sideEffects: ['./agent-kpi.js'],
  customElements: 'custom-elements.json',
  keywords: ['contact-centre', 'kpi', 'web-component', 'custom-element', 'wasm', 'amazon-connect', 'genesys', 'twilio-flex', 'salesforce', 'webex'],
};
writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const packed = execFileSync('npm', ['pack', '--pack-destination', out, '--json'], { cwd: pkg, encoding: 'utf8' });
const [{ filename }] = JSON.parse(packed);
console.log(join(out, filename));
