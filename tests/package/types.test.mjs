// The TypeScript declarations (web/types/agent-kpi.d.ts) name every KPI, event type and
// configuration key the widget reads, and no other: read against the Rust that declares them,
// so that a KPI or key added there and not to the types fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url).pathname;
const read = (path) => readFileSync(root + path, 'utf8');
const types = read('web/types/agent-kpi.d.ts');
const sorted = (items) => [...new Set(items)].sort();
/** The text of `source` from `start` to the first `end` after it. */
const between = (source, start, end) => {
  const from = source.indexOf(start);
  assert.ok(from >= 0, `${start} not found`);
  return source.slice(from, source.indexOf(end, from + start.length));
};
const quoted = (text, pattern) => [...text.matchAll(pattern)].map((m) => m[1]);

test('every KPI id of the engine, and only those, is a KpiId', () => {
  const engine = quoted(read('crates/engine/src/kpi.rs'), /\bid: "([a-z_0-9]+)"/g);
  const typed = quoted(between(types, 'export type KpiId', ';'), /'([a-z_0-9]+)'/g);
  assert.ok(engine.length >= 24);
  assert.deepEqual(sorted(typed), sorted(engine));
});

test('every event type the engine reads, and only those, is in the KpiEvent union', () => {
  const engine = quoted(between(read('crates/engine/src/event.rs'), 'pub fn type_name', '\n    }\n'), /=> "([a-z_]+)"/g);
  const typed = quoted(types, /\btype: '([a-z_]+)'/g);
  assert.equal(engine.length, 17);
  assert.deepEqual(sorted(typed), sorted(engine));
});

test('every configuration key the widget reads, and only those, is a key of Config', () => {
  // The arms of each `match key` (a value's own arms, such as "ja", are indented deeper).
  const keys = (path) => quoted(between(read(path), 'fn apply_key(&mut self', '\n            _ =>'), /^ {12}"([a-z_]+)" =>/gm);
  const engine = keys('crates/engine/src/config.rs');
  const panel = keys('crates/host/src/panel_config.rs');
  assert.ok(engine.length >= 10 && panel.length >= 10, `${engine} ${panel}`);
  const typed = quoted(between(types, 'export interface Config {', '\n}'), /^\s+([a-z_]+)\?:/gm);
  // `preset` is read before the other keys (Configure::apply_value), the rest by apply_key.
  assert.deepEqual(sorted(typed), sorted(['preset', ...engine, ...panel]));
});
