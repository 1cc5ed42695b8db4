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

// Each adapter's declarations (web/types/adapters/) against its module (web/adapters/): the same
// exports, and its options interfaces name exactly the options the module reads.
const ADAPTERS = ['amazon-connect', 'twilio', 'genesys', 'webex', 'salesforce', 'common'];
const exportsOf = (source) => sorted([
  ...quoted(source, /^export (?:function|const) ([A-Za-z_]+)/gm),
  ...[...source.matchAll(/^export \{ ([A-Za-z_]+) as ([A-Za-z_]+) \}/gm)].map((m) => m[2]),
]);

for (const adapter of ADAPTERS) {
  test(`the ${adapter} adapter's declarations name its exports and the options it reads`, () => {
    const module = read(`web/adapters/${adapter}.js`);
    const declared = read(`web/types/adapters/${adapter}.d.ts`);
    assert.deepEqual(exportsOf(declared), exportsOf(module));
    const readByModule = sorted([
      ...quoted(module, /\boptions\??\.([A-Za-z_]+)/g),
      ...[...module.matchAll(/const \{([^}]+)\} = options;/g)].flatMap((m) => m[1].split(',').map((key) => key.trim())),
    ]);
    const interfaces = [...declared.matchAll(/^(?:export )?interface \w*Options(?: extends \w+)? \{\n([\s\S]*?)^\}/gm)];
    const typed = sorted(interfaces.flatMap((m) => quoted(m[1], /^ {2}([A-Za-z_]+)\??:/gm)));
    assert.deepEqual(typed, readByModule);
    if (adapter !== 'common') assert.ok(readByModule.length >= 5, `${adapter}: ${readByModule}`);
  });
}
