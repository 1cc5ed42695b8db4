// What every vendor adapter shares. An adapter is a small ES module a host page imports beside
// the vendor SDK it already runs (never a second copy of the SDK): `attach(sdk, target, options)`
// subscribes to the SDK, turns its callbacks into contract events, pushes them into `target`,
// and returns `detach()`. A host that uses no adapter loads none of these files.

/**
 * The function that takes an adapter's events: `target` is an `<agent-kpi-panel>` or anything
 * with a `push(events)` method (a host forwarding to the iframe, a test collecting them).
 */
export function sinkOf(target) {
  if (!target || typeof target.push !== 'function') {
    throw new TypeError('agent-kpi adapter: the target must have a push(events) method');
  }
  return (events) => {
    if (events.length > 0) target.push(events);
  };
}

/**
 * Epoch milliseconds from what vendors give: a `Date`, epoch milliseconds, epoch seconds
 * (`unit: 's'`), or an ISO 8601 string. `undefined` for anything else.
 */
export function millis(value, unit = 'ms') {
  // A Date from any frame (Streams makes its Dates in the page, a CCP frame might not).
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return unit === 's' ? Math.round(value * 1000) : value;
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/**
 * The contract state of a presence name: the host's table first, then the vendor's defaults;
 * a name neither knows is a break, as the contract says.
 */
export function stateOf(name, table, defaults) {
  if (typeof name !== 'string') return 'break';
  // Own keys only: a presence named "constructor" is a break, not Object's.
  const lookup = (map, key) => (map && Object.hasOwn(map, key) ? map[key] : undefined);
  return lookup(table, name) ?? lookup(defaults, name) ?? lookup(defaults, name.toLowerCase()) ?? 'break';
}

/** An event id from the vendor's own identifiers: `vendor:type:part:…` (empty parts left out). */
export function eventId(...parts) {
  return parts.filter((part) => part !== undefined && part !== null && part !== '').join(':');
}
