// A tiny static file server for the end-to-end tests: serves a folder on a loopback port.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * Serves `root` on a loopback address at a free port; resolves to { url, close }. `headers(file)`
 * may add response headers (a Content-Security-Policy, say). `site` picks the address and the
 * name in the URL: '127.0.0.1' (the default), 'localhost' (a different site to the browser) or
 * '127.0.0.2' (a third).
 */
export function serve(root, headers = () => ({}), site = '127.0.0.1') {
  const extraHeaders = headers;
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(root, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        // The widget is loaded by pages of other origins (module scripts and wasm use CORS).
        'access-control-allow-origin': '*',
        ...extraHeaders(file),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, site === 'localhost' ? '127.0.0.1' : site, () => {
      const { port } = server.address();
      resolve({ url: `http://${site}:${port}/`, close: () => server.close() });
    });
  });
}

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The widget's release build and the example host pages on two sites (`localhost` and
 * 127.0.0.1). `widgetHeaders`
 * adds headers to the widget's responses. `page(path, query)` is the URL of an example page told
 * where the widget is.
 */
export async function serveWidgetAndExamples(widgetHeaders = () => ({})) {
  // Two sites, not two ports of one: `localhost` and 127.0.0.1.
  const widget = await serve(ROOT + 'dist/', widgetHeaders, 'localhost');
  const host = await serve(ROOT + 'examples/');
  return {
    widget,
    host,
    page: (path, query = '') => `${host.url}${path}?widget=${encodeURIComponent(widget.url)}${query}`,
    /** The paths `page` (and its frames) ask the widget's site for, from now on, as they come. */
    fetchedBy: (page) => {
      const fetched = [];
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith(widget.url)) fetched.push(new URL(url).pathname.slice(1));
      });
      return fetched;
    },
    close: () => {
      widget.close();
      host.close();
    },
  };
}
