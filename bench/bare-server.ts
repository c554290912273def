/**
 * The raw limit of the benches (bench/run.ts): a bare Node HTTP server with a bare socket.io server
 * on it, in its own process as the real server is, with no database, no auth, no rules.
 *   PUT/POST any path → reads the body to its end, 201 {"size": n}
 *   GET any path      → 200 with the JSON body last set over IPC (default {})
 *   socket.io /opening: `join` {tenderId} joins that room and acks {snapshot: {seq: 0}}
 * Driven over IPC: → {port} once listening;
 *   ← {cmd: 'body', body}            → {ok: true}
 *   ← {cmd: 'emit', tenderId, events} broadcasts each event to the room as `event` with a fresh `at`,
 *     keeping the events' original spacing → {emitted}
 */
import http from 'node:http';
import type net from 'node:net';
import { Server } from 'socket.io';

type Wire = Record<string, unknown> & { at: string };
type Command = { cmd: 'body'; body: string } | { cmd: 'emit'; tenderId: string; events: Wire[] };

let body = Buffer.from('{}');

const server = http.createServer((req, res) => {
  if (req.method === 'PUT' || req.method === 'POST') {
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
    });
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ size }));
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});

// The same options as server/realtime/server.ts.
const io = new Server(server, { serveClient: false, cors: { origin: false } });
const opening = io.of('/opening');
opening.on('connection', (socket) => {
  socket.on('join', (p: { tenderId: string }, ack: (a: unknown) => void) => {
    void socket.join(p.tenderId);
    ack({ snapshot: { seq: 0 } });
  });
});

/** Emits the events with the gaps they had when the real server sent them (at most 1 s each). */
async function emitAll(tenderId: string, events: Wire[]): Promise<number> {
  let previous = events.length ? Date.parse((events[0] as Wire).at) : 0;
  for (const [i, e] of events.entries()) {
    const gap = Math.min(1000, Math.max(0, Date.parse(e.at) - previous));
    previous = Date.parse(e.at);
    await new Promise((r) => setTimeout(r, gap));
    opening.to(tenderId).emit('event', { ...e, tenderId, seq: i + 1, at: new Date().toISOString() });
  }
  return events.length;
}

process.on('message', (m: Command) => {
  if (m.cmd === 'body') {
    body = Buffer.from(m.body, 'utf8');
    process.send?.({ ok: true });
  } else {
    void emitAll(m.tenderId, m.events).then((emitted) => process.send?.({ emitted }));
  }
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as net.AddressInfo).port }));
