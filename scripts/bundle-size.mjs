// The size of the release bundle in dist/, as a host page sees it: what each way in (the web
// component, the iframe) makes the page fetch from the widget's folder, raw, gzipped (level 9)
// and brotli'd (quality 11), file by file and in total. The standalone preview's own files and
// the vendor adapters are listed apart and not counted: no host loads the preview's, and a host
// loads at most the one adapter it uses (with common.js), beside the widget. With `--budget
// BYTES`, fails when either way in weighs more than BYTES gzipped. The end-to-end tests check
// that a host page fetches exactly the files of `WAYS_IN`; the benchmark runner (bench/run.mjs)
// reports the same figures.
//
//   node scripts/bundle-size.mjs [--budget BYTES]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url).pathname;

/** The files each way in makes a host page fetch from dist/. */
export const WAYS_IN = {
  'web component': ['agent-kpi.js', 'agent-kpi-widget_bg.wasm'],
  iframe: ['embed.html', 'embed.js', 'embed.css', 'agent-kpi-widget_bg.wasm'],
};
/** The preview page's own files (its page, its bin and the snippet its glue imports, its styles). */
const PREVIEW_ONLY = /^(index\.html$|agent-kpi-preview[._]|snippets\/|(panel|preview)\.css$)/;
/** The vendor adapters, each loaded only by the hosts of its platform. */
const ADAPTER = /^adapters\//;

function sized(dist, file) {
  const bytes = readFileSync(join(dist, file));
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
}

const sum = (rows) => ({
  raw: rows.reduce((total, row) => total + row.raw, 0),
  gzip: rows.reduce((total, row) => total + row.gzip, 0),
  brotli: rows.reduce((total, row) => total + row.brotli, 0),
});

/**
 * Each way in's files and totals, the heaviest of them, and the files of dist/ no way in
 * fetches: the preview's, the adapters', and any other (which a host would not load either).
 */
export function bundleSizes(dist = DIST) {
  const ways = Object.entries(WAYS_IN).map(([name, files]) => {
    const rows = files.map((file) => sized(dist, file));
    return { name, files: rows, total: sum(rows) };
  });
  const heaviest = ways.reduce((a, b) => (b.total.gzip > a.total.gzip ? b : a));
  const fetched = new Set(Object.values(WAYS_IN).flat());
  const rest = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const file = relative(dist, path);
      if (entry.isDirectory()) walk(path);
      else if (!fetched.has(file)) rest.push(file);
    }
  };
  walk(dist);
  rest.sort();
  return {
    ways,
    heaviest: { name: heaviest.name, ...heaviest.total },
    preview: rest.filter((file) => PREVIEW_ONLY.test(file)).map((file) => sized(dist, file)),
    adapters: rest.filter((file) => ADAPTER.test(file)).map((file) => sized(dist, file)),
    others: rest.filter((file) => !PREVIEW_ONLY.test(file) && !ADAPTER.test(file)),
  };
}

/** The table: each way in, file by file with its total; then the files no host fetches. */
export function bundleTable({ ways, preview = [], adapters = [], others = [] }) {
  const line = (f) => `  ${f.file.padEnd(50)} ${String(f.raw).padStart(9)} B ${String(f.gzip).padStart(8)} B gzip ${String(f.brotli).padStart(8)} B brotli`;
  const table = [];
  for (const way of ways) table.push(`the ${way.name}:`, ...way.files.map(line), line({ file: 'total', ...way.total }));
  if (preview.length > 0) table.push('the preview page only (no host loads them):', ...preview.map(line));
  if (adapters.length > 0) table.push('the vendor adapters, one loaded by the hosts that use it (beside the widget):', ...adapters.map(line));
  if (others.length > 0) table.push(`in dist/ and loaded by no way in: ${others.join(', ')}`);
  return table.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = bundleSizes();
  console.log(bundleTable(sizes));
  const i = process.argv.indexOf('--budget');
  if (i > 0) {
    const budget = Number(process.argv[i + 1]);
    if (!(budget > 0)) {
      console.error('--budget needs a number of bytes');
      process.exit(2);
    }
    const { name, gzip } = sizes.heaviest;
    const over = gzip - budget;
    console.log(`the heaviest way in (the ${name}) ${gzip} B gzipped, budget ${budget} B: ${over > 0 ? `OVER by ${over} B` : `${-over} B to spare`}`);
    if (over > 0) process.exit(1);
  }
}
