// The figures a vendor adapter's events give, from the engine itself: the native `replay`
// example (crates/host/examples/replay.rs) reads them as NDJSON and prints the snapshot the panel
// would show. Adapter tests compare it with figures worked out by hand.
import { spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

/**
 * The snapshot of `events` at `asOf` (epoch ms) for `window` ('today', 'shift', 'rolling_60m'),
 * under the configuration object `config` (local days in UTC unless it says otherwise).
 */
export function snapshotOf(events, { asOf, window = 'today', config = {} } = {}) {
  const input = events.map((event) => JSON.stringify(event)).join('\n');
  const args = ['run', '--quiet', '-p', 'agent-kpi-host', '--example', 'replay', '--',
    '--as-of', String(asOf), '--window', window, '--config', JSON.stringify(config)];
  const run = spawnSync('cargo', args, { cwd: root, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`replay failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `{kpi: value}` of a snapshot's overall figures (`null` for "no data"). */
export function values(snapshot) {
  return Object.fromEntries(Object.entries(snapshot.kpis).map(([kpi, figure]) => [kpi, figure.value]));
}
