/**
 * A worker process of bench/fanout.ts: holds its share of socket.io clients on /opening, joins the
 * tender with each, and records when every event arrives. Driven over IPC (process.send):
 *   ← {cmd: 'connect', urls, tenderId, count, first}  → {joined, failed, seconds}
 *   ← {cmd: 'report', upToSeq}                         → {clients: ClientReport[], ticks: number[]}
 *   ← {cmd: 'close'}                                   (disconnects and exits)
 * Client i (counted from `first` over all workers) connects to urls[i % urls.length].
 */
import { io, type Socket } from 'socket.io-client';

type Connect = { cmd: 'connect'; urls: string[]; tenderId: string; count: number; first: number };
type Report = { cmd: 'report'; upToSeq: number };
type Command = Connect | Report | { cmd: 'close' };

/** One client's view: the seq of its snapshot, and the latency (ms) of each event it got after it, by seq. */
export type ClientReport = { server: number; snapshotSeq: number; latencies: Record<number, number> };

type Wire = { tenderId: string; seq: number; at: string; type: string };
type JoinAck = { snapshot?: { seq: number }; error?: { code: string; message: string } };

/** Wall clock with sub-millisecond resolution (the server's `at` is the same machine's clock). */
const nowMs = (): number => performance.timeOrigin + performance.now();

const clients: { socket: Socket; report: ClientReport }[] = [];
/** Latency of each volatile `time` tick since the last client joined, ms (its `now` is the server clock when sent). */
const ticks: number[] = [];

/** Connects one client, joins the tender and starts recording; rejects on a connect or join error. */
async function connectOne(url: string, server: number, tenderId: string): Promise<void> {
  const socket = io(`${url}/opening`, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  const report: ClientReport = { server, snapshotSeq: -1, latencies: {} };
  socket.on('event', (e: Wire) => {
    const latency = nowMs() - Date.parse(e.at);
    if (e.tenderId === tenderId && report.latencies[e.seq] === undefined) {
      report.latencies[e.seq] = latency;
    }
  });
  socket.on('time', (t: { now: string }) => ticks.push(nowMs() - Date.parse(t.now)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(60_000).emitWithAck('join', { tenderId })) as JoinAck;
  if (!ack.snapshot) {
    socket.disconnect();
    throw new Error(`join: ${JSON.stringify(ack.error ?? ack)}`);
  }
  report.snapshotSeq = ack.snapshot.seq;
  clients.push({ socket, report });
}

/** Connects `count` clients, at most 50 handshakes at a time. */
async function connectAll(c: Connect): Promise<{ joined: number; failed: number; seconds: number; error?: string }> {
  const t = performance.now();
  let next = 0;
  let failed = 0;
  let error: string | undefined;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < c.count; i = next++) {
      const server = (c.first + i) % c.urls.length;
      await connectOne(c.urls[server] as string, server, c.tenderId).catch((err: unknown) => {
        failed += 1;
        error ??= err instanceof Error ? err.message : String(err);
      });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  // Ticks count from here: every client is in.
  ticks.length = 0;
  return { joined: clients.length, failed, seconds: (performance.now() - t) / 1000, error };
}

/** Each client's events up to seq `upToSeq` (later ones may still be on their way). */
function report(upToSeq: number): { clients: ClientReport[]; ticks: number[] } {
  return {
    clients: clients.map(({ report: r }) => ({
      ...r,
      latencies: Object.fromEntries(Object.entries(r.latencies).filter(([seq]) => Number(seq) <= upToSeq)),
    })),
    ticks,
  };
}

process.on('message', (m: Command) => {
  if (m.cmd === 'connect') {
    void connectAll(m).then((r) => process.send?.(r));
  } else if (m.cmd === 'report') {
    process.send?.(report(m.upToSeq));
  } else {
    for (const { socket } of clients) {
      socket.disconnect();
    }
    process.exit(0);
  }
});
