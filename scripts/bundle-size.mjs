// The size of the release bundle in dist/: every .wasm, .js and .css a host page loads (the
// widget, for the web component and the iframe), raw, gzipped (level 9) and brotli'd
// (quality 11), as a table. The standalone preview's own files and the vendor adapters are
// listed apart and not counted: no host loads the preview's, and a host loads at most the one
// adapter it uses (with common.js), beside the widget. With `--budget BYTES`, fails when the gzipped total is over
// BYTES. The benchmark runner (bench/run.mjs) reports the same figures.
//
//   node scripts/bundle-size.mjs [--budget BYTES]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url).pathname;

/** The preview page's own files (its bin, its styles). */
const PREVIEW_ONLY = /^(agent-kpi-preview[._]|preview\.css$)/;
/** The vendor adapters, each loaded only by the hosts of its platform. */
const ADAPTER = /^adapters\//;

/** Each file's sizes and their totals, for the files hosts load; the preview's files apart. */
export function bundleSizes(dist = DIST) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(wasm|js|css)$/.test(entry.name)) files.push(path);
    }
  };
  walk(dist);
  const rows = files.sort().map((path) => {
    const bytes = readFileSync(path);
    const brotli = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    return { file: relative(dist, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
  });
  const widget = rows.filter((row) => !PREVIEW_ONLY.test(row.file) && !ADAPTER.test(row.file));
  const sum = (key) => widget.reduce((total, row) => total + row[key], 0);
  return {
    files: widget,
    total: { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') },
    preview: rows.filter((row) => PREVIEW_ONLY.test(row.file)),
    adapters: rows.filter((row) => ADAPTER.test(row.file)),
  };
}

/** The table, one line a file and one for the total; then the preview's files. */
export function bundleTable({ files, total, preview = [], adapters = [] }) {
  const line = (f) => `${f.file.padEnd(52)} ${String(f.raw).padStart(9)} B ${String(f.gzip).padStart(8)} B gzip ${String(f.brotli).padStart(8)} B brotli`;
  const table = [...files, { file: 'total', ...total }].map(line);
  if (preview.length > 0) table.push('the preview page only (not in the total):', ...preview.map(line));
  if (adapters.length > 0) table.push('the vendor adapters, one loaded by the hosts that use it (not in the total):', ...adapters.map(line));
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
    const over = sizes.total.gzip - budget;
    console.log(`gzipped total ${sizes.total.gzip} B, budget ${budget} B: ${over > 0 ? `OVER by ${over} B` : `${-over} B to spare`}`);
    if (over > 0) process.exit(1);
  }
}
