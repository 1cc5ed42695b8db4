// Simulated days of one agent, and a panel's save of them, for the cold-start benchmarks.
import { execFileSync } from 'node:child_process';

const ROOT = new URL('../', import.meta.url).pathname;

/** `days` of the simulator's 12-hour shifts, one a day (about 420 events each), as NDJSON. */
export function simulatedDays(days) {
  const generated = execFileSync(
    'cargo',
    ['run', '--quiet', '--release', '-p', 'agent-kpi-simulator', '--example', 'generate', '--', String(days * 600)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const lines = generated.trimEnd().split('\n');
  const first = JSON.parse(lines[0]).ts;
  return lines.filter((line) => JSON.parse(line).ts < first + days * 86_400_000).join('\n');
}

/**
 * `events` pushed into a panel of the bench page (`url`) under storage key `key`, and saved by
 * it; resolves to `{ accepted, saved }`, the save's text.
 */
export async function savedBy(browser, url, events, key) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(url);
  await tab.evaluate(() => window.bench.ready);
  const result = await tab.evaluate(([text, k]) => window.bench.save(text, k), [events, key]);
  await context.close();
  return result;
}
