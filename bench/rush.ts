/**
 * Deadline rush (issue 7 point 5): `bids` sealed bids of `mb` MiB, one per bidder (each signed up,
 * enrolled and registered), sealed before the clock starts and submitted within a `window`-second
 * window that ends at the tender's bidDeadline, one connection per bid: half spread evenly over the
 * window, the other half in a rush over its last `rush` seconds (ending `tail` s before the deadline).
 * Then every accepted receipt is looked up in the stopped server's database and blob store
 * (lost must be 0, every SHA-256 must match the bytes sent). Raw limit: bench/bare-server.ts
 * receiving the same bodies on the same schedule.
 * Run: npx tsx bench/rush.ts [--bids 1000] [--mb 1] [--window 60] [--rush 5] [--tail 1]
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inFlightGraceMs, ruleSet } from '../server/tenders/rules';
import { startBare } from './bare';
import { quickBidderAccounts } from './accounts';
import { agencyAccount, benchPackage, machine, publishTender, registerAll, sealPackage, startServer, type BenchBidder, type Server } from './lib';
import { checkStored, fire, nowMs, phaseOf, rushSchedule, type Held, type Phase, type Sent } from './rush-fire';
import { benchTable, num, ratio, type BenchRow } from './table';

export type RushOptions = { bids: number; mb: number; windowS: number; rushS: number; tailS: number };

export type RushResult = {
  opts: RushOptions;
  /** The window actually used (shorter when the setup overran its estimate). */
  windowS: number;
  sealedMB: number;
  accepted: number;
  /** Refusals and failures by `status CODE`. */
  refused: Record<string, number>;
  /** Refused although their last byte left before the deadline: must be 0. */
  refusedBeforeDeadline: number;
  lost: number;
  mismatched: number;
  evidence: string[];
  server: Phase;
  bare: Phase;
};

const log = (msg: string): void => console.error(`[rush] ${msg}`);

/** Makes n bidders and registers them for a tender due in a window after the setup; returns everything sealed. */
async function prepare(server: Server, tokenSecret: string, o: RushOptions): Promise<{ tenderId: string; deadline: number; all: BenchBidder[]; bodies: Buffer[] }> {
  let t = Date.now();
  const url = server.url;
  const all = await quickBidderAccounts(server, tokenSecret, o.bids, 2);
  log(`${o.bids} bidders signed up and enrolled in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const agency = await agencyAccount(url);
  // Sealing dominates the setup: time a few (signing and sealing one shared package per bid) to set the deadline.
  const sample = benchPackage('CALIBRATION', o.mb * 2 ** 20);
  t = Date.now();
  all.slice(0, 5).forEach((b) => sealPackage(sample, b, b.certPem));
  const perBidMs = (Date.now() - t) / Math.min(5, all.length) + 20;
  const deadline = Date.now() + Math.max(25_000, o.bids * perBidMs + 5000) + o.windowS * 1000;
  const { tenderId, openingCertPem } = await publishTender(url, agency, { registrationDeadline: deadline - o.windowS * 1000, bidDeadline: deadline });
  t = Date.now();
  await registerAll(url, tenderId, all, 4);
  const zip = benchPackage(tenderId, o.mb * 2 ** 20);
  const bodies = all.map((b) => sealPackage(zip, b, openingCertPem));
  log(`registered and sealed in ${((Date.now() - t) / 1000).toFixed(0)} s; window opens in ${((deadline - o.windowS * 1000 - Date.now()) / 1000).toFixed(1)} s`);
  return { tenderId, deadline, all, bodies };
}

/** Accepted receipts as the bidders hold them. */
function heldReceipts(sent: Sent[], bodies: Buffer[]): Held[] {
  return sent.flatMap((s, i) => {
    if (s.status !== 201) {
      return [];
    }
    const { receipt } = JSON.parse(s.body) as { receipt: Omit<Held, 'sentSha256'> };
    return [{ ...receipt, sentSha256: createHash('sha256').update(bodies[i] as Buffer).digest('hex') }];
  });
}

/** Refusals by `status CODE`, and those whose last byte had left before the deadline. */
function refusals(sent: Sent[], deadline: number): { refused: Record<string, number>; before: number; evidence: string[] } {
  const refused: Record<string, number> = {};
  const evidence: string[] = [];
  let before = 0;
  for (const s of sent.filter((x) => x.status !== 201)) {
    const code = s.status === 0 ? `network ${s.error}` : `${s.status} ${(JSON.parse(s.body || '{}') as { error?: { code?: string } }).error?.code ?? ''}`;
    refused[code] = (refused[code] ?? 0) + 1;
    if (s.lastByte < deadline) {
      before += 1;
      evidence.push(`refused ${code}: last byte sent ${(deadline - s.lastByte).toFixed(0)} ms before the deadline, answer ${(s.end - deadline).toFixed(0)} ms after it: ${s.body.slice(0, 200)}`);
    }
  }
  const early = sent.filter((x) => x.status !== 201 && x.lastByte < deadline);
  if (early.length > 0) {
    const sentBefore = early.map((x) => deadline - x.lastByte);
    const answeredAfter = early.map((x) => x.end - deadline);
    evidence.unshift(
      `${early.length} refused although their last byte was handed to the kernel (loopback) ${Math.min(...sentBefore).toFixed(0)}–${Math.max(...sentBefore).toFixed(0)} ms before the deadline; answered ${Math.min(...answeredAfter).toFixed(0)}–${Math.max(...answeredAfter).toFixed(0)} ms after it`,
    );
  }
  return { refused, before, evidence };
}

/** The rush on a real server process (SQLite), the stored check, then the bare server on the same schedule. */
export async function runRush(o: RushOptions): Promise<RushResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-bench-rush-'));
  const tokenSecret = randomBytes(32).toString('hex');
  const server = await startServer({ DATA_DIR: dataDir, TOKEN_SECRET: tokenSecret });
  try {
    const { tenderId, deadline, all, bodies } = await prepare(server, tokenSecret, o);
    const windowMs = Math.min(o.windowS * 1000, deadline - Date.now() - 200);
    if (windowMs < o.windowS * 1000) {
      log(`setup overran: the window is ${(windowMs / 1000).toFixed(1)} s`);
    }
    const offsets = rushSchedule(o.bids, windowMs, o.rushS * 1000, o.tailS * 1000);
    const rushFrom = Math.floor(o.bids / 2);
    const sizes = bodies.map((b) => b.length);
    const bidUrl = `${server.url}/api/tenders/${tenderId}/bid`;
    const real = await fire(all.map((b, i) => ({ url: bidUrl, token: b.token, body: bodies[i] as Buffer })), offsets, deadline - windowMs);
    log(`last answer ${((Math.max(...real.sent.map((s) => s.end)) - deadline) / 1000).toFixed(2)} s after the deadline (${nowMs() > deadline ? 'past' : 'before'} it now)`);
    // The opening fixes the bids in force after the in-flight grace; the check runs after it.
    await new Promise((r) => setTimeout(r, Math.max(0, deadline + inFlightGraceMs(ruleSet('sandbox')) + 1500 - Date.now())));
    await server.stop();
    const stored = await checkStored(dataDir, heldReceipts(real.sent, bodies));
    const ref = refusals(real.sent, deadline);
    const bare = await startBare();
    let barePhase: Phase;
    try {
      const raw = await fire(bodies.map((body) => ({ url: `${bare.url}/bid`, token: 'none', body })), offsets, Date.now() + 1000);
      barePhase = phaseOf(raw.sent, sizes, rushFrom, raw.maxInFlight);
    } finally {
      await bare.stop();
    }
    return {
      opts: o,
      windowS: windowMs / 1000,
      sealedMB: sizes.reduce((a, b) => a + b, 0) / 1e6,
      accepted: real.sent.filter((s) => s.status === 201).length,
      refused: ref.refused,
      refusedBeforeDeadline: ref.before,
      lost: stored.lost,
      mismatched: stored.mismatched,
      evidence: [...ref.evidence, ...stored.evidence],
      server: phaseOf(real.sent, sizes, rushFrom, real.maxInFlight),
      bare: barePhase,
    };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The rush's rows of the bench table. */
export function rushRows(r: RushResult): BenchRow[] {
  const { server: s, bare: b } = r;
  const refused = Object.entries(r.refused).map(([k, v]) => `${v} × ${k}`).join(', ') || '0';
  const name = `deadline rush, ${num(r.opts.bids)} × ${num(r.sealedMB / r.opts.bids, 2)} MB in ${num(r.windowS, 1)} s`;
  return [
    { figure: `${name}: accepted / refused / lost`, value: `${num(r.accepted)} / ${refused} / ${r.lost} (SHA-256 mismatches ${r.mismatched}; refused before the deadline ${r.refusedBeforeDeadline})`, raw: `${num(b.ok)} received`, ratio: ratio(r.accepted, b.ok) },
    { figure: 'deadline rush: p50 latency ms', value: num(s.latency.p50, 1), raw: num(b.latency.p50, 1), ratio: ratio(s.latency.p50, b.latency.p50) },
    { figure: 'deadline rush: p99 latency ms', value: num(s.latency.p99, 1), raw: num(b.latency.p99, 1), ratio: ratio(s.latency.p99, b.latency.p99) },
    { figure: `deadline rush: MB/s over the rush (last ${r.opts.rushS} s, ${num(r.opts.bids - Math.floor(r.opts.bids / 2))} bids; peak in flight ${s.maxInFlight} vs ${b.maxInFlight})`, value: num(s.rushMBps, 1), raw: num(b.rushMBps, 1), ratio: ratio(s.rushMBps, b.rushMBps) },
  ];
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  const opts = { bids: arg('bids', 1000), mb: arg('mb', 1), windowS: arg('window', 60), rushS: arg('rush', 5), tailS: arg('tail', 1) };
  console.log(machine());
  runRush(opts)
    .then((r) => {
      console.log(benchTable(rushRows(r)));
      r.evidence.slice(0, 20).forEach((e) => console.log(`- ${e}`));
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
