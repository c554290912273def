/** The sending side of the deadline rush (bench/rush.ts): the schedule, one connection per bid, the tally. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import knex from 'knex';
import { latency, type Latency } from './table';

/** Wall clock with sub-millisecond resolution (the server runs on the same machine and clock). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Start offsets (ms after the window opens) of n bids: the first half evenly over the window up to
 * the rush, the second half evenly over the rush (its last `rushMs` before `tailMs` ahead of the deadline).
 */
export function rushSchedule(n: number, windowMs: number, rushMs: number, tailMs: number): number[] {
  const early = Math.floor(n / 2);
  const rushStart = Math.max(0, windowMs - tailMs - rushMs);
  const out: number[] = [];
  for (let i = 0; i < early; i += 1) {
    out.push((i * rushStart) / early);
  }
  for (let j = 0; j < n - early; j += 1) {
    out.push(rushStart + (j * (windowMs - tailMs - rushStart)) / (n - early));
  }
  return out;
}

/** One PUT as the client saw it: status, body, when it started, when its last byte left, when the answer ended. */
export type Sent = { status: number; body: string; start: number; lastByte: number; end: number; error?: string };

/** PUTs body on a connection of its own (each bidder is its own client). Never rejects: errors are status 0. */
export function send(url: string, token: string, body: Buffer): Promise<Sent> {
  const start = nowMs();
  let lastByte = NaN;
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'PUT',
      agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pkcs7-mime', 'content-length': body.length },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), start, lastByte, end: nowMs() }));
    });
    req.on('error', (err) => resolve({ status: 0, body: '', start, lastByte, end: nowMs(), error: err.message }));
    req.end(body, () => {
      lastByte = nowMs();
    });
  });
}

export type Target = { url: string; token: string; body: Buffer };

/** Fires every target at its offset from t0 (epoch ms); resolves with what each got and the peak in flight. */
export async function fire(targets: Target[], offsets: number[], t0: number): Promise<{ sent: Sent[]; maxInFlight: number }> {
  let inFlight = 0;
  let maxInFlight = 0;
  const sent = await Promise.all(
    targets.map(async (t, i) => {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (offsets[i] as number) - Date.now())));
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const s = await send(t.url, t.token, t.body);
      inFlight -= 1;
      return s;
    }),
  );
  return { sent, maxInFlight };
}

/** What one run of the schedule gave: latency of the 2xx answers, MB/s of the rush, peak in flight. */
export type Phase = { ok: number; latency: Latency; rushMBps: number; maxInFlight: number };

/** Latency over the 2xx answers; MB/s over the rush (the bids from `rushFrom` on): bytes / first start → last end. */
export function phaseOf(sent: Sent[], sizes: number[], rushFrom: number, maxInFlight: number): Phase {
  const ok = sent.map((s, i) => ({ s, i })).filter(({ s }) => s.status >= 200 && s.status < 300);
  const rush = ok.filter(({ i }) => i >= rushFrom);
  const bytes = rush.reduce((a, { i }) => a + (sizes[i] as number), 0);
  const seconds = rush.length ? (Math.max(...rush.map(({ s }) => s.end)) - Math.min(...rush.map(({ s }) => s.start))) / 1000 : NaN;
  return { ok: ok.length, latency: latency(ok.map(({ s }) => s.end - s.start)), rushMBps: bytes / 1e6 / seconds, maxInFlight };
}

/** An accepted submission as the bidder holds it: the receipt and the SHA-256 of the bytes it sent. */
export type Held = { bidId: string; version: number; sha256: string; receivedAt: string; sentSha256: string };

/**
 * Looks every accepted receipt up in a stopped server's SQLite database and blob store.
 * lost: no bid_versions row or no blob; mismatched: a receipt, row or blob whose SHA-256 is not that of the bytes sent.
 */
export async function checkStored(dataDir: string, held: Held[]): Promise<{ lost: number; mismatched: number; evidence: string[] }> {
  const db = knex({ client: 'better-sqlite3', connection: { filename: path.join(dataDir, 'tenderhall.db') }, useNullAsDefault: true });
  let lost = 0;
  let mismatched = 0;
  const evidence: string[] = [];
  try {
    for (const h of held) {
      const row = (await db('bid_versions').where({ bid_id: h.bidId, version: h.version }).first()) as { blob_key: string; sha256: string } | undefined;
      const file = row && path.join(dataDir, 'blobs', row.blob_key.slice(-2), row.blob_key);
      if (!row || !file || !fs.existsSync(file)) {
        lost += 1;
        evidence.push(`lost: bid ${h.bidId} v${h.version} (${row ? 'no blob' : 'no row'})`);
        continue;
      }
      const stored = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      if (new Set([h.sha256, h.sentSha256, row.sha256, stored]).size !== 1) {
        mismatched += 1;
        evidence.push(`sha256 differs: bid ${h.bidId} v${h.version} sent ${h.sentSha256} receipt ${h.sha256} row ${row.sha256} blob ${stored}`);
      }
    }
  } finally {
    await db.destroy();
  }
  return { lost, mismatched, evidence };
}
