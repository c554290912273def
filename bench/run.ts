/**
 * `npm run bench` (issue 7 point 5): every benchmark in one run, each against a real server process,
 * each figure beside the raw limit measured in the same run on the same machine, as one Markdown
 * table (stdout; progress on stderr):
 *   deadline rush (bench/rush.ts) vs a bare HTTP server receiving the same bodies on the same schedule;
 *   platform-mode opening (bench/opening.ts) vs `openssl cms -decrypt` + `-verify` and `openssl speed`;
 *   socket fan-out (bench/fanout.ts) vs a bare socket.io server broadcasting the same events;
 *   public list on SQLite and MariaDB (bench/list.ts) vs a bare HTTP server sending the same JSON.
 * Run: npm run bench [-- --quick] [-- --only rush,opening,fanout,list]
 * MariaDB: MYSQL_URL (default mysql://root@127.0.0.1:3306; a bench database is made and dropped).
 */
import os from 'node:os';
import { bareFanout } from './fanout-bare';
import { runFanout, type Row } from './fanout';
import { machine } from './lib';
import { listRows, runList } from './list';
import { runOpening, type OpeningResult } from './opening';
import { rushRows, runRush } from './rush';
import { benchTable, latency, num, ratio, type BenchRow } from './table';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? (process.argv[onlyArg + 1] as string).split(',') : ['rush', 'opening', 'fanout', 'list'];

/** Full: the sizes of issue 7 (about 10 minutes on 2 idle cores); quick: a smoke run in under 2 minutes. */
const SIZES = quick
  ? { rush: { bids: 60, mb: 1, windowS: 10, rushS: 3, tailS: 1 }, opening: { bids: 10, mb: 1 }, fanout: { clients: 100, workers: 1 }, list: { tenders: 10, seconds: 2, connections: 16 } }
  : { rush: { bids: 1000, mb: 1, windowS: 60, rushS: 5, tailS: 1 }, opening: { bids: 100, mb: 1 }, fanout: { clients: 1000, workers: 2 }, list: { tenders: 200, seconds: 10, connections: 16 } };

function openingRows(r: OpeningResult): BenchRow[] {
  const mbps = r.bytes / 1e6 / r.decryptS;
  const opensslMBps = r.bytes / 1e6 / (r.openssl.decrypt + r.openssl.verify);
  const name = `opening, platform mode, ${r.count} × ${num(r.bytes / r.count / 1e6, 2)} MB (${r.valid} valid)`;
  return [
    { figure: `${name}: decrypt + verify MB/s vs openssl cms -decrypt + -verify, one bid at a time`, value: num(mbps, 1), raw: num(opensslMBps, 1), ratio: ratio(mbps, opensslMBps) },
    { figure: `${name}: decrypt + verify MB/s vs openssl speed -evp aes-256-gcm (16 KiB)`, value: num(mbps, 1), raw: num(r.aesGcmMBps, 0), ratio: ratio(mbps, r.aesGcmMBps) },
    { figure: `${name}: s from bidDeadline to every bid revealed (1 s in-flight grace) vs openssl decrypt + verify s`, value: num((r.seenAt - r.bidDeadline) / 1000, 2), raw: num(r.openssl.decrypt + r.openssl.verify, 2), ratio: ratio((r.seenAt - r.bidDeadline) / 1000, r.openssl.decrypt + r.openssl.verify) },
  ];
}

function fanoutRows(real: Row, bare: Row): BenchRow[] {
  const [s, b] = [latency(real.latencies), latency(bare.latencies)];
  const name = `socket fan-out, ${num(real.clients)} clients × ${real.events} events of a real opening (1 process, SQLite)`;
  const missing = (r: Row): string => `${num(r.latencies.length)} delivered, ${r.expected - r.latencies.length} missing, ${r.failed} failed joins`;
  return [
    { figure: `${name}: p50 latency ms`, value: num(s.p50, 1), raw: num(b.p50, 1), ratio: ratio(s.p50, b.p50) },
    { figure: `${name}: p99 latency ms`, value: num(s.p99, 1), raw: num(b.p99, 1), ratio: ratio(s.p99, b.p99) },
    { figure: `${name}: deliveries`, value: missing(real), raw: missing(bare), ratio: ratio(real.latencies.length, bare.latencies.length) },
  ];
}

type Step = { name: string; rows(): Promise<BenchRow[]>; notes: string[] };

function steps(): Step[] {
  const all: Step[] = [];
  const rushNotes: string[] = [];
  all.push({
    name: 'rush',
    notes: rushNotes,
    rows: async () => {
      const r = await runRush(SIZES.rush);
      rushNotes.push(...r.evidence.slice(0, 20));
      if (r.lost > 0 || r.mismatched > 0 || r.refusedBeforeDeadline > 0) {
        process.exitCode = 1;
      }
      return rushRows(r);
    },
  });
  all.push({ name: 'opening', notes: [], rows: async () => openingRows(await runOpening(SIZES.opening.bids, SIZES.opening.mb)) });
  all.push({
    name: 'fanout',
    notes: [],
    rows: async () => {
      const real = await runFanout(SIZES.fanout.clients, 1, SIZES.fanout.workers);
      return fanoutRows(real, await bareFanout(SIZES.fanout.clients, SIZES.fanout.workers, real.recorded));
    },
  });
  all.push({ name: 'list', notes: [], rows: async () => [...listRows(await runList('sqlite', SIZES.list)), ...listRows(await runList('mysql', SIZES.list))] });
  return all.filter((s) => only.includes(s.name));
}

async function main(): Promise<void> {
  const started = new Date();
  const atStart = machine();
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const step of steps()) {
    const t = Date.now();
    console.error(`[bench] ${step.name}: started (load average ${os.loadavg()[0]?.toFixed(2)})`);
    try {
      rows.push(...(await step.rows()));
    } catch (err) {
      process.exitCode = 1;
      rows.push({ figure: step.name, value: `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300), raw: '', ratio: '' });
    }
    notes.push(...step.notes.map((n) => `${step.name}: ${n}`));
    console.error(`[bench] ${step.name}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const minutes = (Date.now() - started.getTime()) / 60_000;
  console.log(`\`npm run bench${quick ? ' -- --quick' : ''}\`, ${started.toISOString()}, ${minutes.toFixed(1)} min; servers, load generators and clients share the machine.`);
  console.log(`- start: ${atStart}`);
  console.log(`- end: ${machine()}\n`);
  console.log(benchTable(rows));
  console.log('\nratio = value / raw limit: below 1 for a throughput is the share of the raw limit reached; above 1 for a latency or a duration is how many times slower.');
  notes.forEach((n) => console.log(`- ${n}`));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
