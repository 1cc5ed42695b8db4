// The same stream over a WebSocket: a tiny server (node's own http and crypto, no package) that
// sends agent-kpi events as text frames, for the example page and its end-to-end test. A
// WebSocket has no Last-Event-ID: each connection starts at event `from`, and where that
// repeats events the panel took already it ignores them by id (it remembers an hour of ids).
//
//   node examples/sse/websocket.mjs     # ws://127.0.0.1:8091/; open examples/sse/?stream=ws://127.0.0.1:8091/
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { sampleDay } from './server.mjs';

/** RFC 6455: the handshake's answer to the client's key. */
const accept = (key) =>
  createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

/** One unmasked frame (server to client), FIN set: text, or the same UTF-8 bytes as binary. */
function frame(text, binary) {
  const payload = Buffer.from(text);
  const n = payload.length;
  const first = binary ? 0x82 : 0x81;
  let head;
  if (n < 126) {
    head = Buffer.from([first, n]);
  } else if (n < 65_536) {
    head = Buffer.from([first, 126, n >> 8, n & 0xff]);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/**
 * Starts sending `events` (objects) to every client on `port`, from event `from`, one every
 * `everyMs`, in text frames (or `binary` ones); returns { url, port, stop, connections }
 * (`connections()`: how many clients are connected).
 */
export function startWebSocket({ port = 0, events, everyMs = 20, from = 0, binary = false }) {
  const sockets = new Set();
  const server = createServer((_, res) => res.writeHead(426).end('a WebSocket endpoint'));
  server.on('upgrade', (req, socket) => {
    const key = req.headers['sec-websocket-key'];
    if (!key) {
      socket.destroy();
      return;
    }
    socket.write([
      'HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${accept(key)}`, '', '',
    ].join('\r\n'));
    sockets.add(socket);
    let next = from;
    const timer = setInterval(() => {
      if (next < events.length) socket.write(frame(JSON.stringify(events[next++]), binary));
    }, everyMs);
    // What the client sends (its close frame, say) needs no answer here.
    socket.on('data', () => {});
    const gone = () => {
      clearInterval(timer);
      sockets.delete(socket);
    };
    socket.on('close', gone);
    socket.on('error', gone);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({
        url: `ws://127.0.0.1:${bound}/`,
        port: bound,
        connections: () => sockets.size,
        /** Stops at once, cutting every connection. */
        stop: () => new Promise((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startWebSocket({ port: 8091, events: sampleDay(40), everyMs: 250 });
  console.log(`streaming events at ${url} (Ctrl-C to stop)`);
}
