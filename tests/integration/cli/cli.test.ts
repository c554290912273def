/**
 * The bid tool (issue 3 point 9) end to end: keygen enrolls against a running server and writes
 * a PKCS#12 OpenSSL reads; fetch-opening-cert; seal offline, and the sealed file opens with
 * `openssl cms -decrypt` and with the server's unwrapContentKey/openSealedBid; submit streams it
 * and keeps the receipt; verify-receipt checks it offline and through the server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main, type Io } from '../../../cli/main';
import { createApp } from '../../../server/app';
import { inspectSealedBid, openSealedBid, readBidPackage, unwrapContentKey, verifySignedBid } from '../../../server/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { createTestWorld, type TestWorld } from '../../support/test-app';

const ROOT = path.resolve(__dirname, '../../..');

type Run = { code: number; out: string; err: string };

async function cli(dir: string, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env: {} };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function openssl(dir: string, ...args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

const scratch = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'th-cli-'));

describe('tenderhall launcher (bin/tenderhall.js)', () => {
  it('runs the TypeScript CLI through tsx: --help exits 0, an unknown command exits 2', () => {
    const help = spawnSync(process.execPath, [path.join(ROOT, 'bin/tenderhall.js'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/tenderhall — TenderHall 投标工具/);
    expect(help.stdout).toMatch(/verify-receipt/);
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin/tenderhall.js'), 'sael'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Unknown command "sael"/);
  });
});

describe('tenderhall offline checks', () => {
  it('refuses missing options and unknown flags with exit code 2 and says which', async () => {
    const dir = scratch();
    expect(await cli(dir, 'seal', '--tender', 'X')).toMatchObject({ code: 2, err: expect.stringMatching(/--out is required/) });
    expect(await cli(dir, 'seal', '--tendr', 'X')).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown option '--tendr'/) });
    expect(await cli(dir, 'keygen', '--out', 'a.p12')).toMatchObject({ code: 2, err: expect.stringMatching(/password is required/) });
    expect(await cli(dir, 'keygen', '--out', 'a.p12', '--password', 'x', '--bits', '1024')).toMatchObject({ code: 2 });
    expect(await cli(dir, 'verify-receipt', 'r.json')).toMatchObject({ code: 2, err: expect.stringMatching(/--ca/) });
    expect(await cli(dir, 'seal', '--help')).toMatchObject({ code: 0, out: expect.stringMatching(/--opening-cert/) });
  });

  it('keygen without a server writes an encrypted key and a CSR that OpenSSL reads', async () => {
    const dir = scratch();
    const run = await cli(dir, 'keygen', '--out', 'bidder.p12', '--password', 'pw-口令', '--bits', '3072');
    expect(run).toMatchObject({ code: 0 });
    const csrText = openssl(dir, 'req', '-in', 'bidder.p12.csr.pem', '-noout', '-verify', '-text').toString();
    expect(csrText).toMatch(/Public-Key: \(3072 bit\)/);
    expect(fs.readFileSync(path.join(dir, 'bidder.p12.key.pem'), 'utf8')).toMatch(/ENCRYPTED/);
    const pem = openssl(dir, 'pkey', '-in', 'bidder.p12.key.pem', '-passin', 'pass:pw-口令').toString();
    expect(pem).toMatch(/BEGIN PRIVATE KEY/);
    expect((fs.statSync(path.join(dir, 'bidder.p12.key.pem')).mode & 0o777).toString(8)).toBe('600');
    // enroll needs a server; a wrong password is caught before any network use
    expect(await cli(dir, 'enroll', '--key', 'bidder.p12.key.pem', '--csr', 'bidder.p12.csr.pem', '--password', 'nope', '--out', 'b.p12', '--server', 'http://127.0.0.1:9', '--token', 't'))
      .toMatchObject({ code: 1, err: expect.stringMatching(/does not open with this password/) });
  });
});

describeEachDialect('tenderhall against a running server', (dialect) => {
  let w: TestWorld;
  let server: http.Server;
  let base: string;
  let bidder: TestUser;
  let tenderId: string;
  const dir = scratch();

  beforeAll(async () => {
    w = await createTestWorld(dialect);
    server = http.createServer(createApp(w.ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agency = await buildUser(w, 'agency');
    bidder = await buildUser(w, 'bidder');
    tenderId = (await buildTender(w, agency)).id;
    await registerBidder(w, bidder, tenderId);
    fs.writeFileSync(path.join(dir, 'ca.pem'), w.ctx.pki.caCertificatePem);
    fs.writeFileSync(path.join(dir, 'proposal.txt'), '施工组织设计\n'.repeat(5000));
    fs.writeFileSync(path.join(dir, 'qualification.pdf'), Buffer.from('%PDF-1.4\n%fake\n'));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await w?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keygen --server enrolls and writes a password-protected PKCS#12 with key, certificate and CA chain', async () => {
    const run = await cli(dir, 'keygen', '--out', 'bidder.p12', '--password', 'pw-1', '--server', base, '--token', bidder.token);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/PKCS#12/);
    const pem = openssl(dir, 'pkcs12', '-in', 'bidder.p12', '-passin', 'pass:pw-1', '-nodes').toString();
    expect(pem).toMatch(/BEGIN PRIVATE KEY/);
    expect((pem.match(/BEGIN CERTIFICATE/g) ?? []).length).toBe(2);
    const certs = (await w.http().get('/api/certs').set('Authorization', `Bearer ${bidder.token}`)).body.items as { status: string }[];
    expect(certs).toHaveLength(1);
    expect(() => openssl(dir, 'pkcs12', '-in', 'bidder.p12', '-passin', 'pass:wrong', '-nodes')).toThrow();
    expect(await cli(dir, 'keygen', '--out', 'x.p12', '--password', 'p', '--server', base, '--token', 'not-a-token')).toMatchObject({
      code: 1, err: expect.stringMatching(/server refused \(401/),
    });
  });

  it('fetch-opening-cert writes the tender\'s opening certificate', async () => {
    const run = await cli(dir, 'fetch-opening-cert', '--server', base, '--tender', tenderId, '--out', 'opening.pem');
    expect(run).toMatchObject({ code: 0 });
    expect(fs.readFileSync(path.join(dir, 'opening.pem'), 'utf8')).toBe(await w.ctx.pki.openingCertificatePem(tenderId));
  });

  it('seal refuses a bid.json for another tender, a price without 2 decimals and a wrong password', async () => {
    const sealArgs = (json: string, pw = 'pw-1') => ['seal', '--tender', tenderId, '--bid-json', json, '--p12', 'bidder.p12', '--password', pw, '--opening-cert', 'opening.pem', '--out', 'bad.p7m'];
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ tenderId: 'SOMEOTHER', price: '1.00' }));
    fs.writeFileSync(path.join(dir, 'price.json'), JSON.stringify({ tenderId, price: 9876543.21 }));
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ tenderId, price: '9876543.21' }));
    expect(await cli(dir, ...sealArgs('other.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/tenderId/) });
    expect(await cli(dir, ...sealArgs('price.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/yuan with 2 decimals/) });
    expect(await cli(dir, ...sealArgs('good.json', 'wrong'))).toMatchObject({ code: 1, err: expect.stringMatching(/password/) });
    expect(await cli(dir, ...sealArgs('missing.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot read missing.json: ENOENT/) });
    expect(fs.existsSync(path.join(dir, 'bad.p7m'))).toBe(false);
  });

  it('seal works offline and the file opens with openssl and the server; submit uploads it; the receipt verifies', async () => {
    fs.writeFileSync(path.join(dir, 'bid.json'), JSON.stringify({ tenderId, price: '9876543.21', durationDays: 365, quality: '合格' }));
    const sealed = await cli(dir, 'seal', '--tender', tenderId, '--bid-json', 'bid.json', '--files', 'proposal.txt', 'qualification.pdf',
      '--p12', 'bidder.p12', '--password', 'pw-1', '--opening-cert', 'opening.pem', '--out', 'bid.p7m');
    expect(sealed.err).toBe('');
    expect(sealed.code).toBe(0);
    const der = fs.readFileSync(path.join(dir, 'bid.p7m'));
    expect(inspectSealedBid(der).recipients).toHaveLength(2);

    // The bidder can open its own bid with its own key (openssl, from the PKCS#12).
    openssl(dir, 'pkcs12', '-in', 'bidder.p12', '-passin', 'pass:pw-1', '-nodes', '-nocerts', '-out', 'bidder.key');
    openssl(dir, 'pkcs12', '-in', 'bidder.p12', '-passin', 'pass:pw-1', '-clcerts', '-nokeys', '-out', 'bidder.crt');
    openssl(dir, 'cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'bid.p7m', '-recip', 'bidder.crt', '-inkey', 'bidder.key', '-out', 'mine.der');
    openssl(dir, 'cms', '-verify', '-binary', '-inform', 'DER', '-in', 'mine.der', '-CAfile', 'ca.pem', '-purpose', 'any',
      '-attime', String(Math.floor(w.clock.now().getTime() / 1000)), '-out', 'mine.zip');
    expect((readBidPackage(fs.readFileSync(path.join(dir, 'mine.zip'))).bidJson as { price: string }).price).toBe('9876543.21');

    // submit streams it and saves the receipt next to it
    const submitted = await cli(dir, 'submit', '--server', base, '--token', bidder.token, '--tender', tenderId, 'bid.p7m');
    expect(submitted.err).toBe('');
    expect(submitted.code).toBe(0);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'bid.receipt.json'), 'utf8')) as { receipt: Record<string, unknown>; signature: string };
    expect(saved.receipt).toMatchObject({ tenderId, bidderId: bidder.id, version: 1, size: der.length });
    expect(saved.receipt.sha256).toBe(require('node:crypto').createHash('sha256').update(der).digest('hex'));

    expect(await cli(dir, 'verify-receipt', 'bid.receipt.json', '--ca', 'ca.pem')).toMatchObject({ code: 0, out: expect.stringMatching(/Valid receipt/) });
    expect(await cli(dir, 'verify-receipt', 'bid.receipt.json', '--server', base)).toMatchObject({ code: 0, out: expect.stringMatching(/valid/) });
    fs.writeFileSync(path.join(dir, 'forged.json'), JSON.stringify({ ...saved, receipt: { ...saved.receipt, size: 1 } }));
    expect(await cli(dir, 'verify-receipt', 'forged.json', '--ca', 'ca.pem')).toMatchObject({ code: 1, err: expect.stringMatching(/NOT valid/) });
    expect(await cli(dir, 'verify-receipt', 'forged.json', '--server', base)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT valid/) });
    const otherCa = openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Other', '-days', '1');
    fs.writeFileSync(path.join(dir, 'other-ca.pem'), otherCa);
    expect(await cli(dir, 'verify-receipt', 'bid.receipt.json', '--ca', 'other-ca.pem')).toMatchObject({ code: 1 });

    // After the deadline the platform opens it with the opening key: the server's functions and openssl agree.
    const tender = await w.ctx.tenders.get(tenderId);
    w.clock.set(new Date(tender.bidDeadline).getTime() + 1);
    const openingKey = await w.ctx.pki.openingPrivateKeyPem({ id: tenderId, bidDeadline: new Date(tender.bidDeadline).getTime() });
    const openingCert = fs.readFileSync(path.join(dir, 'opening.pem'), 'utf8');
    const signed = openSealedBid(der, unwrapContentKey(der, openingCert, openingKey));
    const { zip } = verifySignedBid(signed, { trustedRootsPem: [w.ctx.pki.caCertificatePem], at: w.clock.now() });
    const pkg = readBidPackage(zip);
    expect(pkg.bidJson).toEqual({ tenderId, price: '9876543.21', durationDays: 365, quality: '合格' });
    expect(pkg.files.map((f) => f.name)).toEqual(['proposal.txt', 'qualification.pdf']);
    fs.writeFileSync(path.join(dir, 'opening.key'), openingKey);
    openssl(dir, 'cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'bid.p7m', '-recip', 'opening.pem', '-inkey', 'opening.key', '-out', 'opened.der');
    expect(fs.readFileSync(path.join(dir, 'opened.der')).equals(signed)).toBe(true);
  });
});
