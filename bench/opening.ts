/**
 * Opening throughput (issue 4 point 10): a platform-mode opening of n sealed bids of m MiB on a real
 * server process (SQLite, sandbox rules), timed from bidDeadline to every bid recorded, against
 * `openssl cms -decrypt` (and `-verify`) of the same signed bytes on this machine.
 * Run: npx tsx bench/opening.ts [bids=100] [mb=10]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBidPackage, sealBid, signBid } from '../server/bids';
import { inFlightGraceMs, ruleSet } from '../server/tenders/rules';
import { api, bidderAccounts, FIXTURE_CA, inPool, opensslAesGcmMBps, publishedTender, putBid, registerAll, startServer, type BenchBidder } from './lib';

/** Upload rate assumed when setting the deadline (bench/submission.ts measures 120–260 MB/s here). */
const ASSUMED_UPLOAD_MBPS = 80;
const POLL_MS = 50;
const SANDBOX_GRACE_MS = inFlightGraceMs(ruleSet('sandbox'));

/** GET /api/tenders/:id/opening, as now and as in the contract (progress, decryptedAt are optional). */
type Snapshot = {
  status: string;
  sealedAt: string | null;
  failureReason: string | null;
  commitments: unknown[];
  progress?: { total: number; recorded: number };
  bids: { status: string; decryptedAt?: string | null }[];
};

type Sealer = { tenderId: string; openingCertPem: string; refCertPem: string; dir: string; mb: number };

/**
 * A bid package of `mb` MiB, signed by the bidder: the bytes both the server and openssl will open.
 * The document is a .pdf, stored in the ZIP as real (already compressed) bid documents are.
 */
function signedBid(tenderId: string, b: BenchBidder, mb: number): Buffer {
  const zip = makeBidPackage({ bidJson: { tenderId, price: '9876543.21', durationDays: 180, quality: '合格' }, files: [{ name: '投标文件.pdf', data: randomBytes(mb * 1024 * 1024) }] });
  return signBid(zip, b.certPem, b.keyPem, new Date());
}

/** Seals one bid to the tender (uploaded) and to the reference key (written for openssl). */
async function submitOne(url: string, s: Sealer, b: BenchBidder, i: number): Promise<number> {
  const signed = signedBid(s.tenderId, b, s.mb);
  fs.writeFileSync(path.join(s.dir, `${i}.p7m`), sealBid(signed, [s.refCertPem, b.certPem]));
  await putBid(url, s.tenderId, b.token, sealBid(signed, [s.openingCertPem, b.certPem]));
  return Date.now();
}

/** Seconds to make one bid here (package, sign, two seals; the slower of two tries), to set a deadline the uploads can meet. */
function secondsToSealOne(b: BenchBidder, refCertPem: string, mb: number): number {
  const once = (): number => {
    const t = performance.now();
    const signed = signedBid('CALIBRATION', b, mb);
    sealBid(signed, [refCertPem, b.certPem]);
    sealBid(signed, [refCertPem, b.certPem]);
    return (performance.now() - t) / 1000;
  };
  return Math.max(once(), once());
}

/** An RSA-2048 key and self-signed certificate standing in for the tender's opening key. */
function referenceKey(dir: string): { certPem: string; cert: string; key: string } {
  const cert = path.join(dir, 'opening.crt');
  const key = path.join(dir, 'opening.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=bench opening key', '-days', '1'], { stdio: 'ignore' });
  return { certPem: fs.readFileSync(cert, 'utf8'), cert, key };
}

/** Polls the snapshot until every committed bid is recorded; returns it and the local time it was seen. */
async function untilAllRecorded(url: string, tenderId: string, token: string): Promise<{ snap: Snapshot; seenAt: number; sealedSeenAt: number }> {
  let sealedSeenAt = NaN;
  for (;;) {
    const snap = await api<Snapshot>(url, 'GET', `/api/tenders/${tenderId}/opening`, undefined, token);
    const seenAt = Date.now();
    if (snap.status === 'failed') {
      throw new Error(`opening failed: ${snap.failureReason}`);
    }
    if (snap.sealedAt !== null && Number.isNaN(sealedSeenAt)) {
      sealedSeenAt = seenAt;
    }
    const total = snap.progress?.total ?? snap.commitments.length;
    const recorded = snap.progress?.recorded ?? snap.bids.length;
    if (snap.sealedAt !== null && total > 0 && recorded === total) {
      return { snap, seenAt, sealedSeenAt };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Wall seconds of one command. */
function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return (performance.now() - t) / 1000;
}

/** openssl cms -decrypt of every reference file, then -verify of the signed data it yields, one at a time. */
function opensslReference(dir: string, ref: { cert: string; key: string }, n: number): { decrypt: number; verify: number } {
  let decrypt = 0;
  let verify = 0;
  const signed = path.join(dir, 'signed.der');
  for (let i = 0; i < n; i += 1) {
    const p7m = path.join(dir, `${i}.p7m`);
    decrypt += timed('openssl', ['cms', '-decrypt', '-inform', 'DER', '-in', p7m, '-recip', ref.cert, '-inkey', ref.key, '-binary', '-out', signed]);
    verify += timed('openssl', ['cms', '-verify', '-inform', 'DER', '-in', signed, '-binary', '-CAfile', path.join(FIXTURE_CA, 'ca.crt'), '-purpose', 'any', '-out', '/dev/null']);
    fs.rmSync(signed);
  }
  return { decrypt, verify };
}

const iso = (s: string | null | undefined): number => (s ? Date.parse(s) : NaN);

/** Registers, seals and uploads every bid (two at a time) and checks the last one beat the deadline. */
async function submitAll(url: string, s: Sealer, all: BenchBidder[], bidDeadline: number): Promise<void> {
  await registerAll(url, s.tenderId, all);
  const t0 = Date.now();
  const lastByte = Math.max(...(await inPool(all, 2, (b, i) => submitOne(url, s, b, i))));
  if (lastByte >= bidDeadline) {
    throw new Error(`uploads ended ${lastByte - bidDeadline} ms after the deadline: raise the estimate`);
  }
  console.error(`${all.length} bids sealed and uploaded in ${((lastByte - t0) / 1000).toFixed(1)} s; ${((bidDeadline - lastByte) / 1000).toFixed(1)} s to the deadline`);
}

type Observed = { snap: Snapshot; seenAt: number; sealedSeenAt: number; bidDeadline: number };

/** What one opening run measured, and the openssl reference on the same bytes. */
export type OpeningResult = Observed & {
  count: number;
  mb: number;
  bytes: number;
  /** sealedAt → last decryptedAt (or the poll that saw the last bid), s */
  decryptS: number;
  fromSnapshot: boolean;
  valid: number;
  openssl: { decrypt: number; verify: number };
  aesGcmMBps: number;
};

/** The figures: the server's opening from its snapshot and the polls, then the openssl reference on the same bytes. */
function figures(o: Observed, dir: string, ref: { cert: string; key: string }, count: number, mb: number): OpeningResult {
  const sealedAt = iso(o.snap.sealedAt);
  const decryptedAt = o.snap.bids.map((b) => iso(b.decryptedAt)).filter((t) => !Number.isNaN(t));
  const fromSnapshot = decryptedAt.length === o.snap.bids.length;
  // Without decryptedAt in the snapshot (older server), the poll that saw the last bid stands in.
  const lastRecorded = fromSnapshot ? Math.max(...decryptedAt) : o.seenAt;
  return {
    ...o,
    count,
    mb,
    bytes: count * fs.statSync(path.join(dir, '0.p7m')).size,
    decryptS: (lastRecorded - sealedAt) / 1000,
    fromSnapshot,
    valid: o.snap.bids.filter((b) => b.status === 'valid').length,
    openssl: opensslReference(dir, ref, count),
    aesGcmMBps: opensslAesGcmMBps(),
  };
}

/** Prints one run as this bench always has. */
function printFigures(r: OpeningResult): void {
  const { count, mb, bytes, decryptS, seenAt, sealedSeenAt, bidDeadline, openssl: raw } = r;
  const sealedAt = iso(r.snap.sealedAt);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`${count} bids of ${mb} MiB (${(bytes / 1e6).toFixed(0)} MB sealed), ${r.valid} valid; in-flight grace ${SANDBOX_GRACE_MS / 1000} s (sandbox); decrypt phase ${r.fromSnapshot ? 'from the snapshot (sealedAt → last decryptedAt)' : 'observed by polling every 50 ms'}`);
  console.log('| bids | MB each | total MB | deadline → all revealed s | deadline → sealed s (grace) | decrypt phase s | MB/s | openssl decrypt s | openssl decrypt + verify s | ratio (decrypt phase / openssl decrypt + verify) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${count} | ${(bytes / count / 1e6).toFixed(1)} | ${(bytes / 1e6).toFixed(0)} | ${((seenAt - bidDeadline) / 1000).toFixed(2)} | ${((sealedAt - bidDeadline) / 1000).toFixed(2)} | ${decryptS.toFixed(2)} | ${(bytes / 1e6 / decryptS).toFixed(0)} | ${raw.decrypt.toFixed(2)} | ${(raw.decrypt + raw.verify).toFixed(2)} | ${(decryptS / (raw.decrypt + raw.verify)).toFixed(2)} |`,
  );
  console.log(`(seen by polling: sealed ${((sealedSeenAt - bidDeadline) / 1000).toFixed(2)} s and all recorded ${((seenAt - bidDeadline) / 1000).toFixed(2)} s after the deadline; openssl runs one process per bid, one at a time, as the server decrypts one bid at a time)`);
  console.log(`(${os.cpus().length} cores, load average ${load} at the end; openssl speed -evp aes-256-gcm: ${r.aesGcmMBps.toFixed(0)} MB/s)`);
}

/** A platform-mode opening of `count` bids of `mb` MiB on a real server process, and the openssl reference. */
export async function runOpening(count: number, mb: number): Promise<OpeningResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-bench-opening-'));
  const server = await startServer({ MAX_BID_BYTES: String((mb + 16) * 1024 * 1024) });
  let stopped = false;
  try {
    const ref = referenceKey(dir);
    const all = await bidderAccounts(server.url, count, 4);
    const perBid = secondsToSealOne(all[0] as BenchBidder, ref.certPem, mb) + (mb * 1.05) / ASSUMED_UPLOAD_MBPS;
    const bidDeadline = Date.now() + Math.max(25_000, Math.ceil(2 * count * perBid * 1000) + 10_000);
    const { tenderId, agencyToken, openingCertPem } = await publishedTender(server.url, { registrationDeadline: bidDeadline, bidDeadline });
    await submitAll(server.url, { tenderId, openingCertPem, refCertPem: ref.certPem, dir, mb }, all, bidDeadline);
    const observed = { ...(await untilAllRecorded(server.url, tenderId, agencyToken)), bidDeadline };
    // The server stops before openssl runs: the reference has the machine to itself.
    await server.stop();
    stopped = true;
    return figures(observed, dir, ref, count, mb);
  } finally {
    if (!stopped) {
      await server.stop();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runOpening(Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 10))
    .then(printFigures)
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
