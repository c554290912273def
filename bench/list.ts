/**
 * Public list (issue 7 point 5): requests per second of the anonymous GET /api/tenders (first page,
 * default page size) with `tenders` published tenders, on SQLite and on MariaDB (a bench database
 * made and dropped, never the test suite's), from a keep-alive load generator with `connections`
 * connections for `seconds` s. Raw limit: bench/bare-server.ts answering the same JSON bytes.
 * Run: npx tsx bench/list.ts [--tenders 200] [--seconds 10] [--connections 16] [--dialects sqlite,mysql]
 */
import http from 'node:http';
import { startBare } from './bare';
import { agencyAccount, benchDatabase, inPool, machine, publishTender, startServer } from './lib';
import { benchTable, latency, num, ratio, type BenchRow, type Latency } from './table';

export type ListOptions = { tenders: number; seconds: number; connections: number };
export type Load = { rps: number; latency: Latency; errors: number };
export type ListResult = { dialect: 'sqlite' | 'mysql'; opts: ListOptions; bodyBytes: number; server: Load; bare: Load };

/** GETs url over `connections` keep-alive connections for `seconds` s (after a 1 s warm-up); requests per second and latency. */
export async function load(url: string, seconds: number, connections: number): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const get = (): Promise<number> =>
    new Promise((resolve) => {
      http
        .get(url, { agent }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', () => resolve(0));
    });
  const run = async (ms: number): Promise<{ latencies: number[]; errors: number; seconds: number }> => {
    const latencies: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    const until = t0 + ms;
    const worker = async (): Promise<void> => {
      while (performance.now() < until) {
        const t = performance.now();
        const status = await get();
        if (status === 200) {
          latencies.push(performance.now() - t);
        } else {
          errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
  };
  try {
    await run(1000);
    const r = await run(seconds * 1000);
    return { rps: r.latencies.length / r.seconds, latency: latency(r.latencies), errors: r.errors };
  } finally {
    agent.destroy();
  }
}

/** A server on the dialect with `tenders` published tenders, loaded; then the bare server with the same body. */
export async function runList(dialect: 'sqlite' | 'mysql', o: ListOptions): Promise<ListResult> {
  const db = dialect === 'mysql' ? await benchDatabase('th_bench_list') : undefined;
  const server = await startServer(db ? { DATABASE_URL: db.url } : {});
  try {
    const agency = await agencyAccount(server.url);
    await inPool(Array.from({ length: o.tenders }), 4, () => publishTender(server.url, agency));
    const listUrl = `${server.url}/api/tenders`;
    const body = await (await fetch(listUrl)).text();
    const measured = await load(listUrl, o.seconds, o.connections);
    await server.stop();
    const bare = await startBare();
    try {
      await bare.call({ cmd: 'body', body });
      return { dialect, opts: o, bodyBytes: Buffer.byteLength(body), server: measured, bare: await load(`${bare.url}/api/tenders`, o.seconds, o.connections) };
    } finally {
      await bare.stop();
    }
  } finally {
    await server.stop();
    await db?.drop();
  }
}

/** The list's rows of the bench table. */
export function listRows(r: ListResult): BenchRow[] {
  const name = `public list GET /api/tenders, ${r.dialect === 'mysql' ? 'MariaDB' : 'SQLite'} (${num(r.opts.tenders)} tenders, ${num(r.bodyBytes / 1024, 1)} KiB, ${r.opts.connections} keep-alive connections, ${r.opts.seconds} s)`;
  const errors = r.server.errors ? `, ${r.server.errors} errors` : '';
  return [
    { figure: `${name}: requests/s`, value: `${num(r.server.rps)}${errors}`, raw: num(r.bare.rps), ratio: ratio(r.server.rps, r.bare.rps) },
    { figure: `${name}: p50 / p99 ms`, value: `${num(r.server.latency.p50, 1)} / ${num(r.server.latency.p99, 1)}`, raw: `${num(r.bare.latency.p50, 1)} / ${num(r.bare.latency.p99, 1)}`, ratio: `${ratio(r.server.latency.p50, r.bare.latency.p50)} / ${ratio(r.server.latency.p99, r.bare.latency.p99)}` },
  ];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
}

if (require.main === module) {
  const opts = { tenders: Number(arg('tenders', '200')), seconds: Number(arg('seconds', '10')), connections: Number(arg('connections', '16')) };
  const dialects = arg('dialects', 'sqlite,mysql').split(',') as ('sqlite' | 'mysql')[];
  console.log(machine());
  (async () => {
    const rows: BenchRow[] = [];
    for (const d of dialects) {
      rows.push(...listRows(await runList(d, opts)));
    }
    console.log(benchTable(rows));
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
