/** Shared bench helpers: a real server process, HTTP calls, bidders with certificates, timing. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import forge from 'node-forge';
import { withCheckChar } from '../server/auth';
import { makeBidPackage, sealBid, signBid } from '../server/bids';

const ROOT = path.resolve(__dirname, '..');
export const FIXTURE_CA = path.join(ROOT, 'tests/fixtures/sealed-bids');

export type Server = { url: string; pid: number; dataDir: string; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node --import tsx server/main.ts` (the server itself is the child, so its RSS is measurable).
 * A DATA_DIR given in env is shared (several processes on one database) and left in place on stop.
 */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const ownDir = env.DATA_DIR === undefined;
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'th-bench-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      RULE_SET: 'sandbox',
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'Bench-admin-2026',
      DEMO_ACCOUNTS: 'off',
      CA_CERT_FILE: path.join(FIXTURE_CA, 'ca.crt'),
      CA_KEY_FILE: path.join(FIXTURE_CA, 'ca.key'),
      PLATFORM_KEY_BITS: '2048',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) {
      return {
        url,
        pid: child.pid as number,
        dataDir,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGTERM');
            await exited;
          }
          if (ownDir) {
            fs.rmSync(dataDir, { recursive: true, force: true });
          }
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** JSON call; throws on a non-2xx answer. */
export async function api<T = Record<string, unknown>>(url: string, method: string, p: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  }
  return (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
}

export async function login(url: string, username: string, password: string): Promise<string> {
  return (await api<{ token: string }>(url, 'POST', '/api/auth/login', { username, password })).token;
}

let seq = 0;

/** Deadlines of a bench tender, epoch ms; by default registration closes in 30 minutes and bids in an hour. */
export type TenderTimes = { registrationDeadline?: number; bidDeadline?: number };

/** An agency account and a published sandbox tender (platform-mode opening) with the given deadlines. */
export async function publishedTender(url: string, times: TenderTimes = {}): Promise<{ tenderId: string; agencyToken: string; openingCertPem: string }> {
  const agencyToken = await agencyAccount(url);
  return { ...(await publishTender(url, agencyToken, times)), agencyToken };
}

/** A new agency account, signed in; returns its token. */
export async function agencyAccount(url: string): Promise<string> {
  const admin = await login(url, 'admin', 'Bench-admin-2026');
  seq += 1;
  const username = `bench_agency_${seq}`;
  await api(url, 'POST', '/api/admin/users', {
    username,
    password: 'Bench-pass-2026',
    displayName: '压测代理',
    role: 'agency',
    organization: { name: `压测招标代理${seq}有限公司`, creditCode: withCheckChar(`91320400MA9${String(seq).padStart(6, '0')}`) },
  }, admin);
  return login(url, username, 'Bench-pass-2026');
}

/** Creates and publishes one sandbox tender (platform-mode opening) as the given agency. */
export async function publishTender(url: string, agencyToken: string, times: TenderTimes = {}): Promise<{ tenderId: string; openingCertPem: string }> {
  seq += 1;
  const now = Date.now();
  const t = await api<{ id: string }>(url, 'POST', '/api/tenders', {
    title: `压测标段 ${seq}`,
    code: `BENCH-${now}-${seq}`,
    category: 'construction',
    procurementMethod: 'open',
    budget: '12500000.00',
    registrationDeadline: new Date(times.registrationDeadline ?? now + 30 * 60_000).toISOString(),
    bidDeadline: new Date(times.bidDeadline ?? now + 60 * 60_000).toISOString(),
    criteria: [
      { key: 'price', name: '价格', kind: 'price', weight: '40' },
      { key: 'technical', name: '技术', kind: 'subjective', weight: '60' },
    ],
  }, agencyToken);
  await api(url, 'POST', `/api/tenders/${t.id}/publish`, undefined, agencyToken);
  const openingCertPem = await api<string>(url, 'GET', `/api/tenders/${t.id}/opening-certificate`);
  return { tenderId: t.id, openingCertPem };
}

/** One RSA key for every bench bidder (each still gets its own certificate). */
export const SHARED_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const sharedKey = { privateKey: forge.pki.privateKeyFromPem(SHARED_KEY_PEM) as forge.pki.rsa.PrivateKey, publicKey: undefined as unknown as forge.pki.rsa.PublicKey };
sharedKey.publicKey = forge.pki.setRsaPublicKey(sharedKey.privateKey.n, sharedKey.privateKey.e);

/** A CSR for the shared bench key. */
export function csr(): string {
  const c = forge.pki.createCertificationRequest();
  c.publicKey = sharedKey.publicKey;
  c.setSubject([{ shortName: 'CN', value: 'bench' }]);
  c.sign(sharedKey.privateKey, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(c);
}

export type BenchBidder = { token: string; certPem: string; keyPem: string };

/** n bidders: signed up, registered for the tender, each with a certificate. */
export async function bidders(url: string, tenderId: string, n: number): Promise<BenchBidder[]> {
  const out = await bidderAccounts(url, n);
  await registerAll(url, tenderId, out);
  return out;
}

/** n bidder accounts, each signed in and with a certificate, not yet registered for a tender. */
export async function bidderAccounts(url: string, n: number, concurrency = 1): Promise<BenchBidder[]> {
  const csrPem = csr();
  const admin = await login(url, 'admin', 'Bench-admin-2026');
  return inPool(Array.from({ length: n }, (_, i) => i), concurrency, async () => {
    seq += 1;
    const username = `bench_bidder_${seq}`;
    await api(url, 'POST', '/api/admin/users', {
      username,
      password: 'Bench-pass-2026',
      displayName: `投标人${seq}`,
      role: 'bidder',
      organization: { name: `压测建设${seq}有限公司`, creditCode: withCheckChar(`91320400MB8${String(seq).padStart(6, '0')}`) },
    }, admin);
    return enroll(url, await login(url, username, 'Bench-pass-2026'), csrPem);
  });
}

/** Enrolls a signed-in bidder: a certificate for the shared bench key (POST /api/certs). */
export async function enroll(url: string, token: string, csrPem = csr()): Promise<BenchBidder> {
  const cert = await api<{ certificate: string }>(url, 'POST', '/api/certs', { csr: csrPem }, token);
  return { token, certPem: cert.certificate, keyPem: SHARED_KEY_PEM };
}

/** Registers every bidder for the tender (before its registrationDeadline). */
export async function registerAll(url: string, tenderId: string, all: BenchBidder[], concurrency = 4): Promise<void> {
  await inPool(all, concurrency, (b) => api(url, 'POST', `/api/tenders/${tenderId}/registrations`, undefined, b.token));
}

/** Maps items through fn with at most `concurrency` calls in flight; results keep the input order. */
export async function inPool<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/** PUT one sealed bid with node:http (Content-Length set); resolves with the latency in ms. */
export function putBid(url: string, tenderId: string, token: string, body: Buffer, agent: http.Agent | false = false): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/tenders/${tenderId}/bid`, {
      method: 'PUT',
      agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pkcs7-mime', 'content-length': body.length },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 201 ? resolve(performance.now() - t) : reject(new Error(`PUT bid: ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export { percentile } from './table';

/** `openssl speed -evp aes-256-gcm` on 16 KiB blocks, in MB/s (the raw limit of this machine). */
export function opensslAesGcmMBps(): number {
  const out = execFileSync('openssl', ['speed', '-evp', 'aes-256-gcm', '-bytes', '16384', '-seconds', '2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const line = out.split('\n').find((l) => l.startsWith('AES-256-GCM')) ?? '';
  const kbps = Number(line.trim().split(/\s+/).pop()?.replace(/k$/, ''));
  return (kbps * 1000) / 1e6;
}

/** Peak resident set size (VmHWM) of a process, in MB. */
export function peakRssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** A bid package with `bytes` of random document, signed by the bidder and sealed to the tender and the bidder. */
export function sealFor(tenderId: string, b: BenchBidder, openingCertPem: string, bytes: number): Buffer {
  return sealPackage(benchPackage(tenderId, bytes), b, openingCertPem);
}

/** A bid package (ZIP) for the tender with `bytes` of random document (deflating it is most of the cost of a bid). */
export function benchPackage(tenderId: string, bytes: number): Buffer {
  return makeBidPackage({ bidJson: { tenderId, price: '9876543.21', durationDays: 180, quality: '合格' }, files: [{ name: '投标文件.bin', data: randomBytes(bytes) }] });
}

/** Signs a bid package as the bidder and seals it to the tender's opening certificate and the bidder. */
export function sealPackage(zip: Buffer, b: BenchBidder, openingCertPem: string): Buffer {
  return sealBid(signBid(zip, b.certPem, b.keyPem, new Date()), [openingCertPem, b.certPem]);
}

/** Runs one statement on the MariaDB server at `base` (no database selected). */
export async function adminSql(base: URL, sql: string): Promise<void> {
  const db = knex({ client: 'mysql2', connection: { uri: base.toString() }, pool: { min: 0, max: 1 } });
  try {
    await db.raw(sql);
  } finally {
    await db.destroy();
  }
}

/** A fresh MariaDB database for one bench (never the test suite's): its URL and how to drop it. */
export async function benchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  await adminSql(base, `create database \`${name}\` character set utf8mb4 collate utf8mb4_unicode_ci`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminSql(base, `drop database if exists \`${name}\``) };
}

/** This machine and its load, for the head of a bench's output. */
export function machine(): string {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load}`;
}
