// The Twilio example's server, on 127.0.0.1 only. A Flex page gets TaskRouter from Twilio's
// EventBridge; offline, this server stands in for it, and serves what the page loads:
//
//   node examples/twilio/server.mjs [port]      # then open http://127.0.0.1:8096/examples/twilio/
//
// - the repository's files (the page, the adapter, the recorded session, the widget in dist/);
// - /vendor/twilio-taskrouter.js: the REAL twilio-taskrouter 2.1.1 (the pinned dev dependency)
//   for the browser. Its window build leaves its dependencies (axios, lodash, events, …) to a
//   bundler; here they are wrapped as CommonJS modules from node_modules, as a bundler would;
// - /v1/wschannels: the stand-in EventBridge (REST and websocket) of the recorded session
//   (tests/adapters/fixtures/twilio-eventbridge.mjs, as the adapter's test uses it);
// - /session/*: how the page, which plays the recording, hands the frames to that EventBridge.
import http from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerRest, createEventBridge, webSocketServer } from '../../tests/adapters/fixtures/twilio-eventbridge.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.argv[2] ?? process.env.PORT ?? 8096);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** The first file that `path` names, as `require` looks for it. */
function fileOf(path) {
  for (const candidate of [path, `${path}.js`, `${path}.cjs`, `${path}.json`, join(path, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot find ${path}`);
}

/** Where `require(spec)` in `from` leads in a browser build (package.json `browser` first). */
function resolveModule(spec, from) {
  if (spec === 'ws') return 'ws'; // the browser has WebSocket, which the SDK prefers
  if (spec.startsWith('.')) return fileOf(resolve(dirname(from), spec));
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = parts.slice(name.split('/').length).join('/');
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    if (existsSync(join(pkgDir, 'package.json'))) {
      if (sub) return fileOf(join(pkgDir, sub));
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      const main = typeof pkg.browser === 'string' ? pkg.browser : pkg.main ?? 'index.js';
      const mapped = typeof pkg.browser === 'object' ? pkg.browser[`./${normalize(main)}`] : undefined;
      return fileOf(join(pkgDir, mapped ?? main));
    }
    if (dir === dirname(dir)) throw new Error(`cannot find ${spec} from ${from}`);
  }
}

/** One script defining `self.TaskRouter` from the package's window build and its dependencies. */
function packTaskRouter() {
  const ids = new Map();
  const modules = [];
  const add = (file) => {
    if (ids.has(file)) return ids.get(file);
    const id = ids.size;
    ids.set(file, id);
    let source = file === 'ws' ? 'module.exports = globalThis.WebSocket;' : readFileSync(file, 'utf8');
    if (file.endsWith('.json')) source = `module.exports = ${source};`;
    const deps = {};
    for (const [, spec] of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      try {
        deps[spec] = add(resolveModule(spec, file));
      } catch {
        // a require in a comment or an unused branch: left unresolved
      }
    }
    modules[id] = `[function (module, exports, require, global, process) {\n${source}\n}, ${JSON.stringify(deps)}]`;
    return id;
  };
  add(join(root, 'node_modules/twilio-taskrouter/dist/index.window.js'));
  return `// twilio-taskrouter 2.1.1 (MIT) and its dependencies, wrapped for this example by examples/twilio/server.mjs.
(() => {
  const modules = [\n${modules.join(',\n')}\n];
  const cache = [];
  const process = { env: { NODE_ENV: 'production' }, browser: true };
  const load = (id) => {
    if (cache[id]) return cache[id].exports;
    const module = (cache[id] = { exports: {} });
    const [define, deps] = modules[id];
    define.call(module.exports, module, module.exports, (spec) => load(deps[spec]), globalThis, process);
    return module.exports;
  };
  self.TaskRouter = load(0);
})();
`;
}

let bridge = null;
let packed = null;
const sockets = webSocketServer({ noServer: true });

function readJson(req) {
  return new Promise((done, fail) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { try { done(JSON.parse(body || 'null')); } catch (error) { fail(error); } });
  });
}

async function control(action, req, res) {
  const body = await readJson(req);
  if (action === 'start') bridge = createEventBridge(body);
  else if (!bridge) return res.writeHead(409).end('no session: start one first');
  else if (action === 'send') bridge.send(body);
  else if (action === 'reply') bridge.reply(body);
  else if (action === 'drop') bridge.drop();
  else return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/json' });
  return res.end(JSON.stringify({ token: bridge.token }));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (url.pathname === '/v1/wschannels' && req.method === 'POST') {
      if (!bridge) return res.writeHead(409).end();
      return answerRest(bridge, req, res);
    }
    if (url.pathname.startsWith('/session/') && req.method === 'POST') return await control(url.pathname.slice(9), req, res);
    if (url.pathname === '/vendor/twilio-taskrouter.js') {
      packed ??= packTaskRouter();
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(packed);
    }
    const path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) return res.writeHead(403).end();
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    if (!existsSync(file)) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    return res.end(readFileSync(file));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});

server.on('upgrade', (req, socket, head) => {
  if (!bridge || !req.url.startsWith('/v1/wschannels')) return socket.destroy();
  sockets.handleUpgrade(req, socket, head, (client) => bridge.accept(client));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Twilio example: http://127.0.0.1:${server.address().port}/examples/twilio/`);
});
