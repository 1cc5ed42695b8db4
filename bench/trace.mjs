// Reading Chromium's traces for the bench scripts (trace-cold.mjs, trace-idle.mjs).

/**
 * The complete events (`ph: 'X'`) of the renderers' main threads in `traceEvents`, summed by
 * name: how many times each ran and its ms (events nest, so a task's ms hold its children's).
 */
export function mainThreadTotals(traceEvents) {
  const main = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const totals = new Map();
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const seen = totals.get(e.name) ?? { count: 0, ms: 0 };
    seen.count += 1;
    seen.ms += (e.dur ?? 0) / 1000;
    totals.set(e.name, seen);
  }
  return totals;
}
