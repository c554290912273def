import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { makeBidPackage, sealBid, signBid } from '../../server/bids';
import { creditCode } from './factories';
import { makeCsr } from './keys';
import { FIXTURE_CA } from './test-app';

/**
 * Real server processes (`node --import tsx server/main.ts`) for the tests that need them: several
 * processes on one database, kill -9 and restart. Everything goes through HTTP (and socket.io).
 */

const ROOT = path.resolve(__dirname, '../..');

export const ADMIN = { username: 'admin', password: 'Admin-Passw0rd-2026' };

export type Server = { name: string; child: ChildProcess; url: string; output: string[] };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The environment of a test server: sandbox rules, the fixture CA, 2048-bit platform keys, a fixed token secret (tokens outlive a restart). */
export function serverEnv(database: { url: string; dataDir: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
    RULE_SET: 'sandbox',
    LOG_LEVEL: 'warn',
    CA_CERT_FILE: FIXTURE_CA.cert,
    CA_KEY_FILE: FIXTURE_CA.key,
    PLATFORM_KEY_BITS: '2048',
    TOKEN_SECRET: 'test-processes-secret-test-processes-secret',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    DEMO_ACCOUNTS: 'off',
    ...extra,
  };
}

/**
 * What makes a child process read the same real clock as this one: libfaketime's preload and settings, when
 * the calendar guard (.ci/run, npm run test:any-date) runs the suite with the clock shifted. Without them a
 * server would open its tenders years from the deadlines the test computed.
 */
function sameClockEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && (e[0] === 'LD_PRELOAD' || e[0].startsWith('FAKETIME') || e[0].startsWith('DONT_FAKE'))));
}

/** Spawns `node --import tsx server/main.ts` and waits until /api/health answers (migrations and the scheduler's first pass are done by then). */
export async function startServer(name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Shanghai', ...sameClockEnv(), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: Server = { name, child, url: `http://127.0.0.1:${port}`, output: [] };
  child.stdout?.on('data', (d: Buffer) => server.output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => server.output.push(d.toString()));
  // NOTE: up to 60 s: on a loaded machine tsx and the migrations on a fresh MariaDB database take well over 15 s.
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    if (child.exitCode !== null) {
      break;
    }
    const ok = await fetch(`${server.url}/api/health`).then((r) => r.ok, () => false);
    if (ok) {
      return server;
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`server ${name} did not become healthy:\n${server.output.join('')}`);
}

/** kill -9, and wait until the process is gone. */
export async function killHard(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGKILL');
  await exited;
}

/** What the servers printed, for failure messages. */
export function outputOf(servers: Server[]): string {
  return servers.map((s) => `--- ${s.name}\n${s.output.join('')}`).join('\n');
}

/** A JSON call; throws with the status and body unless 2xx. */
export async function api<T = Record<string, unknown>>(s: Server, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${s.url}/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as T;
  if (!res.ok) {
    throw new Error(`${method} ${route} on ${s.name}: ${res.status} ${text}`);
  }
  return json;
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs: number; everyMs?: number; servers?: Server[] }): Promise<T> {
  const until = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}\n${outputOf(opts.servers ?? [])}`);
    }
    await sleep(opts.everyMs ?? 50);
  }
}

export type Account = { id: string; username: string; token: string; organizationName: string };
export type Bidder = Account & { certPem: string; keyPem: string };

let accounts = 0;

/** An account created by the admin (agency, bidder…) and signed in. */
export async function createAccount(s: Server, adminToken: string, role: 'agency' | 'bidder', label: string): Promise<Account> {
  accounts += 1;
  const username = `${role}_${process.pid}_${accounts}`;
  const password = 'Passw0rd!';
  const organizationName = `${label}${accounts}有限公司`;
  await api(s, 'POST', '/admin/users', { username, password, displayName: `${label} ${accounts}`, role, organization: { name: organizationName, creditCode: creditCode() } }, adminToken);
  const { token, user } = await api<{ token: string; user: { id: string } }>(s, 'POST', '/auth/login', { username, password });
  return { id: user.id, username, token, organizationName };
}

/** A bidder account with a certificate enrolled through POST /api/certs (the key stays here, DESIGN §5). */
export async function createBidder(s: Server, adminToken: string, label: string): Promise<Bidder> {
  const account = await createAccount(s, adminToken, 'bidder', label);
  const { keyPem, csrPem } = makeCsr();
  const { certificate } = await api<{ certificate: string }>(s, 'POST', '/certs', { csr: csrPem }, account.token);
  return { ...account, certPem: certificate, keyPem };
}

let tenders = 0;

/** A platform-mode sandbox tender, created and published by the agency, due `inMs` from now; registration closes `registrationMs` from now. */
export async function publishTender(s: Server, agencyToken: string, opts: { inMs: number; registrationMs?: number; title: string }): Promise<{ id: string; deadline: number }> {
  tenders += 1;
  const now = Date.now();
  const body = {
    title: `${opts.title} ${tenders}`,
    code: `PR-${process.pid}-${tenders}-${now % 100_000}`,
    category: 'construction',
    procurementMethod: 'open',
    budget: '12500000.00',
    registrationDeadline: new Date(now + (opts.registrationMs ?? 15_000)).toISOString(),
    bidDeadline: new Date(now + opts.inMs).toISOString(),
    openingMode: 'platform',
    evaluationMethod: 'comprehensive',
    criteria: [
      { key: 'price', name: '价格', kind: 'price', weight: '40' },
      { key: 'technical', name: '技术方案', kind: 'subjective', weight: '60' },
    ],
    openingItems: ['price', 'durationDays'],
  };
  const created = await api<{ id: string; bidDeadline: string }>(s, 'POST', '/tenders', body, agencyToken);
  await api(s, 'POST', `/tenders/${created.id}/publish`, undefined, agencyToken);
  return { id: created.id, deadline: Date.parse(created.bidDeadline) };
}

/**
 * Registers the bidder, seals a real bid (bid.json {tenderId, price, durationDays} in a ZIP, signed by
 * the bidder, enveloped to the tender's opening certificate and the bidder's own) and PUTs it.
 * Returns the receipt.
 */
export async function registerAndBid(s: Server, tenderId: string, bidder: Bidder, price: string): Promise<{ sha256: string; size: number }> {
  await api(s, 'POST', `/tenders/${tenderId}/registrations`, undefined, bidder.token);
  const certRes = await fetch(`${s.url}/api/tenders/${tenderId}/opening-certificate`);
  if (!certRes.ok) {
    throw new Error(`opening certificate on ${s.name}: ${certRes.status}`);
  }
  const openingCertPem = await certRes.text();
  const zip = makeBidPackage({ bidJson: { tenderId, price, durationDays: 180 }, files: [{ name: '技术标.txt', data: Buffer.from(`施工组织设计 ${price}`) }] });
  const sealed = sealBid(signBid(zip, bidder.certPem, bidder.keyPem, new Date()), [openingCertPem, bidder.certPem]);
  const res = await fetch(`${s.url}/api/tenders/${tenderId}/bid`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pkcs7-mime', authorization: `Bearer ${bidder.token}` },
    body: new Uint8Array(sealed),
  });
  const json = (await res.json()) as { receipt: { sha256: string; size: number } };
  if (res.status !== 201) {
    throw new Error(`PUT bid on ${s.name}: ${res.status} ${JSON.stringify(json)}`);
  }
  return json.receipt;
}
