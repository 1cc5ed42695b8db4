// A tiny Server-Sent Events server that streams agent-kpi events, for the SSE example and its
// end-to-end test. Each message is one event with `id:` set to its position, so a client that
// reconnects with Last-Event-ID (header, or ?last_event_id=) resumes after it.
//
//   node examples/sse/server.mjs            # streams a sample agent day at http://127.0.0.1:8090/events
import { createServer } from 'node:http';

/**
 * Starts streaming `events` (objects) on `port`, one every `everyMs`; returns
 * { url, port, stop, streams } (`streams()`: how many clients are connected).
 */
export function startSse({ port = 0, events, everyMs = 20 }) {
  const sockets = new Set();
  let streams = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== '/events') {
      res.writeHead(404).end();
      return;
    }
    const last = req.headers['last-event-id'] ?? url.searchParams.get('last_event_id');
    let next = last === undefined || last === null ? 0 : Number(last) + 1;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    res.write('retry: 500\n\n');
    streams += 1;
    const timer = setInterval(() => {
      if (next >= events.length) return;
      res.write(`id: ${next}\ndata: ${JSON.stringify(events[next])}\n\n`);
      next += 1;
    }, everyMs);
    req.on('close', () => {
      clearInterval(timer);
      streams -= 1;
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({
        url: `http://127.0.0.1:${bound}/events`,
        port: bound,
        streams: () => streams,
        /** Stops at once, cutting every open stream. */
        stop: () => new Promise((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

/** A sample stretch of an agent's day ending now: `contacts` voice and chat contacts. */
export function sampleDay(contacts, now = Date.now()) {
  const start = now - contacts * 6 * 60_000;
  const events = [{ id: `sse-${start}-s`, ts: start, type: 'agent_state', state: 'available' }];
  for (let i = 0; i < contacts; i += 1) {
    const t = start + i * 6 * 60_000 + 30_000;
    const id = `sse-${start}-${i}`;
    const channel = i % 3 === 0 ? 'chat' : 'voice';
    events.push(
      { id: `${id}-o`, ts: t, type: 'contact_offered', contact_id: id, channel, reason: i % 2 ? 'billing' : 'delivery' },
      { id: `${id}-a`, ts: t + 5_000, type: 'contact_answered', contact_id: id },
      { id: `${id}-e`, ts: t + 245_000, type: 'contact_ended', contact_id: id },
      { id: `${id}-w`, ts: t + 290_000, type: 'wrap_up_ended', contact_id: id, resolved: true },
    );
  }
  return events;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startSse({ port: 8090, events: sampleDay(40), everyMs: 250 });
  console.log(`streaming a sample day at ${url}`);
}
