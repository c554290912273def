/**
 * Event fan-out (issue 4 point 10): how fast the opening hall's sequenced events reach 1,000 and
 * 3,000 socket.io clients (/opening, websocket only) on one server process (SQLite), and on two
 * processes sharing MariaDB and Redis with the clients split evenly between them. The events come
 * from a real platform-mode opening of 20 small bids (opening-started … bid-revealed × 20 …), each
 * to every client; latency = the client's receive time − the event's `at` (one machine, one clock).
 * The clients live in worker processes (bench/fanout-clients.ts) on the same machine as the servers.
 * Run: npx tsx bench/fanout.ts [--clients 1000,3000] [--procs 1,2] [--workers 2]
 * Two processes need MariaDB (MYSQL_URL, default mysql://root@127.0.0.1:3306; a fresh database is
 * made and dropped) and Redis (REDIS_URL, default redis://127.0.0.1:6379). Needs `ulimit -n` above
 * the client count per process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { makeBidPackage, sealBid, signBid } from '../server/bids';
import type { ClientReport } from './fanout-clients';
import { benchDatabase, bidderAccounts, inPool, percentile, publishedTender, putBid, registerAll, startServer, type BenchBidder, type Server } from './lib';

const BIDS = 20;
/** Time allowed per client to connect and join before the deadline (measured: 4–15 ms each on a busy 2-core machine). */
const JOIN_MS_PER_CLIENT = 40;
/** How long to wait after the last bid is revealed for deliveries still on their way. */
export const SETTLE_MS = 3000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
}
const list = (s: string): number[] => s.split(',').map(Number);

type Cluster = { urls: string[]; stop(): Promise<void> };
export type Event = { seq: number; type: string };

/** One process on SQLite, or `n` processes on a fresh MariaDB database, one data dir and Redis. */
async function startCluster(n: number): Promise<Cluster> {
  if (n === 1) {
    const s = await startServer();
    return { urls: [s.url], stop: () => s.stop() };
  }
  const db = await benchDatabase('th_bench_fanout');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-bench-fanout-'));
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    DATA_DIR: dataDir,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
  };
  const servers: Server[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first migrates and creates the admin, the others find both done.
    for (let i = 0; i < n; i += 1) {
      servers.push(await startServer(env));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls: servers.map((s) => s.url), stop };
}

/** A published tender due in `dueInMs` with BIDS small sealed bids in force (64 KiB documents). */
async function tenderWithBids(url: string, all: BenchBidder[], dueInMs: number): Promise<{ tenderId: string; bidDeadline: number }> {
  const bidDeadline = Date.now() + dueInMs;
  const { tenderId, openingCertPem } = await publishedTender(url, { registrationDeadline: bidDeadline, bidDeadline });
  await registerAll(url, tenderId, all);
  await inPool(all, 4, async (b, i) => {
    const zip = makeBidPackage({ bidJson: { tenderId, price: `${9_000_000 + i * 1000}.00`, durationDays: 180, quality: '合格' }, files: [{ name: '投标文件.pdf', data: randomBytes(64 * 1024) }] });
    await putBid(url, tenderId, b.token, sealBid(signBid(zip, b.certPem, b.keyPem, new Date()), [openingCertPem, b.certPem]));
  });
  return { tenderId, bidDeadline };
}

/** A client worker process and a call that sends it a command and resolves with its answer. */
export function clientWorker(): { child: ChildProcess; call<T>(msg: Record<string, unknown>): Promise<T> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fanout-clients.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const call = <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m as T));
      child.once('exit', (code) => reject(new Error(`client worker exited (${code})`)));
      child.send(msg);
    });
  return { child, call };
}

type Worker = ReturnType<typeof clientWorker>;

/** Connects `clients` clients spread evenly over the workers (and, in each, over the urls) and joins them to the tender. */
export async function joinClients(pool: Worker[], urls: string[], tenderId: string, clients: number): Promise<{ joinS: number; failed: number }> {
  const shares = pool.map((_, w) => Math.floor((clients * (w + 1)) / pool.length) - Math.floor((clients * w) / pool.length));
  const joins = await Promise.all(
    pool.map((p, w) => p.call<{ joined: number; failed: number; seconds: number; error?: string }>({ cmd: 'connect', urls, tenderId, count: shares[w], first: shares.slice(0, w).reduce((a, b) => a + b, 0) })),
  );
  const failed = joins.reduce((a, j) => a + j.failed, 0);
  if (failed > 0) {
    console.error(`${failed} clients failed to join: ${joins.find((j) => j.error)?.error}`);
  }
  return { joinS: Math.max(...joins.map((j) => j.seconds)), failed };
}

/**
 * One client of the bench itself, joined before the others: `done` resolves with the highest seq
 * seen once every bid is revealed (or found invalid), or the tender failed.
 */
async function watchReveals(url: string, tenderId: string, bids: number): Promise<{ done(timeoutMs: number): Promise<number> }> {
  const socket = io(`${url}/opening`, { transports: ['websocket'], forceNew: true });
  let seen = 0;
  let maxSeq = 0;
  let failed = false;
  let wake = (): void => undefined;
  socket.on('event', (e: Event & { tenderId: string }) => {
    maxSeq = Math.max(maxSeq, e.seq);
    seen += e.type === 'bid-revealed' || e.type === 'bid-invalid' ? 1 : 0;
    failed ||= e.type === 'tender-failed';
    wake();
  });
  const ack = (await socket.timeout(30_000).emitWithAck('join', { tenderId })) as { snapshot?: { seq: number } };
  if (!ack.snapshot) {
    throw new Error(`watcher join: ${JSON.stringify(ack).slice(0, 200)}`);
  }
  maxSeq = Math.max(maxSeq, ack.snapshot.seq);
  const finished = (): boolean => seen >= bids || failed;
  const done = (timeoutMs: number): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen} of ${bids} bids revealed in ${timeoutMs} ms`)), timeoutMs);
      wake = () => {
        if (finished()) {
          clearTimeout(timer);
          socket.disconnect();
          resolve(maxSeq);
        }
      };
      wake();
    });
  return { done };
}

/** Every sequenced event of the tender so far, from the server's own record (join with lastSeq 0). */
async function recordedEvents(url: string, tenderId: string): Promise<Event[]> {
  const socket = io(`${url}/opening`, { transports: ['websocket'], forceNew: true });
  try {
    const ack = (await socket.timeout(30_000).emitWithAck('join', { tenderId, lastSeq: 0 })) as { events?: Event[] };
    if (!ack.events) {
      throw new Error(`join with lastSeq 0 gave no events: ${JSON.stringify(ack).slice(0, 200)}`);
    }
    return ack.events;
  } finally {
    socket.disconnect();
  }
}

export type Row = {
  clients: number;
  procs: number;
  workers: number;
  joinS: number;
  failed: number;
  events: number;
  expected: number;
  latencies: number[];
  byServer: number[][];
  ticks: number[];
  /** `time` ticks per client per second, from the end of the joins to the report. */
  tickRate: number;
  types: string;
  /** The events as recorded by the server (full payloads), up to the last bid revealed. */
  recorded: Event[];
};

/** One configuration: servers, tender, clients joined before the deadline, the opening, the tally. */
export async function runFanout(clients: number, procs: number, workers: number): Promise<Row> {
  const cluster = await startCluster(procs);
  const pool = Array.from({ length: workers }, clientWorker);
  try {
    const [first] = cluster.urls as [string];
    const all = await bidderAccounts(first, BIDS, 4);
    const { tenderId, bidDeadline } = await tenderWithBids(first, all, Math.max(25_000, clients * JOIN_MS_PER_CLIENT + 10_000));
    const watcher = await watchReveals(first, tenderId, BIDS);
    const { joinS, failed } = await joinClients(pool, cluster.urls, tenderId, clients);
    if (Date.now() > bidDeadline) {
      console.error(`clients joined ${Date.now() - bidDeadline} ms after the deadline: early events are not counted for late joiners`);
    }
    const joinedAt = Date.now();
    const upToSeq = await watcher.done(bidDeadline - Date.now() + 120_000);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const reports = (await Promise.all(pool.map((p) => p.call<{ clients: ClientReport[]; ticks: number[] }>({ cmd: 'report', upToSeq }))));
    const events = (await recordedEvents(first, tenderId)).filter((e) => e.seq <= upToSeq);
    const row = tally(clients, procs, workers, joinS, failed, events, reports);
    return { ...row, recorded: events, tickRate: row.ticks.length / (clients - failed) / ((Date.now() - joinedAt) / 1000) };
  } finally {
    await Promise.all(pool.map((p) => p.call({ cmd: 'close' }).catch(() => undefined)));
    await cluster.stop();
  }
}

/** Deliveries against what each client should have had: every recorded event after its snapshot. */
export function tally(clients: number, procs: number, workers: number, joinS: number, failed: number, events: Event[], reports: { clients: ClientReport[]; ticks: number[] }[]): Omit<Row, 'tickRate' | 'recorded'> {
  const latencies: number[] = [];
  const byServer: number[][] = Array.from({ length: procs }, () => []);
  let expected = failed * events.length;
  for (const c of reports.flatMap((r) => r.clients)) {
    expected += events.filter((e) => e.seq > c.snapshotSeq).length;
    for (const [seq, ms] of Object.entries(c.latencies)) {
      if (Number(seq) > c.snapshotSeq) {
        latencies.push(ms);
        byServer[c.server]?.push(ms);
      }
    }
  }
  const types = [...new Set(events.map((e) => e.type))].map((t) => `${t}×${events.filter((e) => e.type === t).length}`).join(', ');
  return { clients, procs, workers, joinS, failed, events: events.length, expected, latencies, byServer, ticks: reports.flatMap((r) => r.ticks), types };
}

const ms = (sorted: number[], p: number): string => percentile(sorted, p).toFixed(1);

function printRow(r: Row): void {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const ticks = [...r.ticks].sort((a, b) => a - b);
  console.log(
    `| ${r.clients} | ${r.procs} | ${r.workers} | ${r.joinS.toFixed(1)} | ${r.events} | ${sorted.length} | ${ms(sorted, 50)} | ${ms(sorted, 99)} | ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} | ${r.expected - sorted.length} | ${r.failed} | ${r.tickRate.toFixed(2)}, ${ms(ticks, 50)} / ${ms(ticks, 99)} |`,
  );
}

function printNotes(r: Row): void {
  const per = r.byServer.map((l, i) => {
    const s = [...l].sort((a, b) => a - b);
    return `process ${i + 1}: ${s.length} deliveries, p50 ${ms(s, 50)} ms, p99 ${ms(s, 99)} ms`;
  });
  console.log(`- ${r.clients} clients on ${r.procs} process(es): events ${r.types}${r.procs > 1 ? `; ${per.join('; ')}` : ''}`);
}

async function main(): Promise<void> {
  const clientCounts = list(arg('clients', '1000,3000'));
  const procCounts = list(arg('procs', '1,2'));
  const workers = Number(arg('workers', '2'));
  const rows: Row[] = [];
  console.log(`${os.cpus().length} cores; servers, ${workers} client worker processes and Redis/MariaDB all on this machine; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| clients | server processes | client processes | join s | events | deliveries | p50 ms | p99 ms | max ms | missing | failed joins | `time` ticks per client-s, p50 / p99 ms |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const procs of procCounts) {
    for (const clients of clientCounts) {
      const row = await runFanout(clients, procs, workers);
      rows.push(row);
      printRow(row);
    }
  }
  console.log('');
  rows.forEach(printNotes);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
