/**
 * The bid tool (issue 3 point 9) end to end: keygen enrolls against a running server and writes
 * a PKCS#12 OpenSSL reads; fetch-opening-cert; seal offline, and the sealed file opens with
 * `openssl cms -decrypt` and with the server's unwrapContentKey/openSealedBid; submit streams it
 * and keeps the receipt; verify-receipt checks it offline and through the server; in a bidder-mode
 * opening (不见面开标) decrypt unwraps the bidder's content key locally and hands it over.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makePkcs12 } from '../../../cli/identity';
import { createApp } from '../../../server/app';
import { inspectSealedBid, makeBidPackage, openSealedBid, readBidPackage, sealBid, signBid, unwrapContentKey, verifySignedBid } from '../../../server/bids';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler } from '../../../server/opening';
import { bidJsonFor, openingCertificateOf, putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { cli, cliOn } from '../../support/cli';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { createTestWorld, type TestWorld } from '../../support/test-app';

const ROOT = path.resolve(__dirname, '../../..');

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
    const run = await cliOn(w.clock, dir, 'keygen', '--out', 'bidder.p12', '--password', 'pw-1', '--server', base, '--token', bidder.token);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/PKCS#12/);
    const pem = openssl(dir, 'pkcs12', '-in', 'bidder.p12', '-passin', 'pass:pw-1', '-nodes').toString();
    expect(pem).toMatch(/BEGIN PRIVATE KEY/);
    expect((pem.match(/BEGIN CERTIFICATE/g) ?? []).length).toBe(2);
    const certs = (await w.http().get('/api/certs').set('Authorization', `Bearer ${bidder.token}`)).body.items as { status: string }[];
    expect(certs).toHaveLength(1);
    expect(() => openssl(dir, 'pkcs12', '-in', 'bidder.p12', '-passin', 'pass:wrong', '-nodes')).toThrow();
    expect(await cliOn(w.clock, dir, 'keygen', '--out', 'x.p12', '--password', 'p', '--server', base, '--token', 'not-a-token')).toMatchObject({
      code: 1, err: expect.stringMatching(/server refused \(401/),
    });
  });

  it('fetch-opening-cert writes the tender\'s opening certificate', async () => {
    const run = await cliOn(w.clock, dir, 'fetch-opening-cert', '--server', base, '--tender', tenderId, '--out', 'opening.pem');
    expect(run).toMatchObject({ code: 0 });
    expect(fs.readFileSync(path.join(dir, 'opening.pem'), 'utf8')).toBe(await w.ctx.pki.openingCertificatePem(tenderId));
  });

  it('seal refuses a bid.json for another tender, a price without 2 decimals and a wrong password', async () => {
    const sealArgs = (json: string, pw = 'pw-1') => ['seal', '--tender', tenderId, '--bid-json', json, '--p12', 'bidder.p12', '--password', pw, '--opening-cert', 'opening.pem', '--out', 'bad.p7m'];
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ tenderId: 'SOMEOTHER', price: '1.00' }));
    fs.writeFileSync(path.join(dir, 'price.json'), JSON.stringify({ tenderId, price: 9876543.21 }));
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ tenderId, price: '9876543.21' }));
    expect(await cliOn(w.clock, dir, ...sealArgs('other.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/tenderId/) });
    expect(await cliOn(w.clock, dir, ...sealArgs('price.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/yuan with 2 decimals/) });
    expect(await cliOn(w.clock, dir, ...sealArgs('good.json', 'wrong'))).toMatchObject({ code: 1, err: expect.stringMatching(/password/) });
    expect(await cliOn(w.clock, dir, ...sealArgs('missing.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot read missing.json: ENOENT/) });
    expect(fs.existsSync(path.join(dir, 'bad.p7m'))).toBe(false);
  });

  it('seal works offline and the file opens with openssl and the server; submit uploads it; the receipt verifies', async () => {
    fs.writeFileSync(path.join(dir, 'bid.json'), JSON.stringify({ tenderId, price: '9876543.21', durationDays: 365, quality: '合格' }));
    const sealed = await cliOn(w.clock, dir, 'seal', '--tender', tenderId, '--bid-json', 'bid.json', '--files', 'proposal.txt', 'qualification.pdf',
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
    const submitted = await cliOn(w.clock, dir, 'submit', '--server', base, '--token', bidder.token, '--tender', tenderId, 'bid.p7m');
    expect(submitted.err).toBe('');
    expect(submitted.code).toBe(0);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'bid.receipt.json'), 'utf8')) as { receipt: Record<string, unknown>; signature: string };
    expect(saved.receipt).toMatchObject({ tenderId, bidderId: bidder.id, version: 1, size: der.length });
    expect(saved.receipt.sha256).toBe(require('node:crypto').createHash('sha256').update(der).digest('hex'));

    expect(await cliOn(w.clock, dir, 'verify-receipt', 'bid.receipt.json', '--ca', 'ca.pem')).toMatchObject({ code: 0, out: expect.stringMatching(/Valid receipt/) });
    expect(await cliOn(w.clock, dir, 'verify-receipt', 'bid.receipt.json', '--server', base)).toMatchObject({ code: 0, out: expect.stringMatching(/valid/) });
    fs.writeFileSync(path.join(dir, 'forged.json'), JSON.stringify({ ...saved, receipt: { ...saved.receipt, size: 1 } }));
    expect(await cliOn(w.clock, dir, 'verify-receipt', 'forged.json', '--ca', 'ca.pem')).toMatchObject({ code: 1, err: expect.stringMatching(/NOT valid/) });
    expect(await cliOn(w.clock, dir, 'verify-receipt', 'forged.json', '--server', base)).toMatchObject({ code: 1, err: expect.stringMatching(/NOT valid/) });
    const otherCa = openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Other', '-days', '1');
    fs.writeFileSync(path.join(dir, 'other-ca.pem'), otherCa);
    expect(await cliOn(w.clock, dir, 'verify-receipt', 'bid.receipt.json', '--ca', 'other-ca.pem')).toMatchObject({ code: 1 });

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

describeEachDialect('tenderhall decrypt in a bidder-mode opening (不见面开标)', (dialect) => {
  /** The sandbox in-flight grace (server/tenders/rules.ts inFlightGraceMs). */
  const GRACE = 1000;
  let w: TestWorld;
  let server: http.Server;
  let base: string;
  let tenderId: string;
  let bidders: ReadyBidder[];
  const sealed: Buffer[] = [];
  const dir = scratch();

  /** The bidder's key, certificate and the CA in a PKCS#12, as keygen --server writes it. */
  const writeP12 = (b: ReadyBidder, file: string): void => {
    fs.writeFileSync(path.join(dir, file), makePkcs12(b.keyPem, b.certPem, [w.ctx.pki.caCertificatePem], 'pw-1', b.username));
  };
  const decrypt = (b: ReadyBidder, p12: string, ...more: string[]) =>
    cliOn(w.clock, dir, 'decrypt', '--server', base, '--token', b.token, '--tender', tenderId, '--p12', p12, '--password', 'pw-1', ...more);

  beforeAll(async () => {
    w = await createTestWorld(dialect);
    server = http.createServer(createApp(w.ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency, { body: { openingMode: 'bidder', decryptionWindowMinutes: 30 } });
    tenderId = tender.id;
    bidders = [];
    for (let i = 0; i < 3; i++) {
      bidders.push(await readyBidder(w, tenderId));
      writeP12(bidders[i], `bidder${i}.p12`);
    }
    // bidders 0 and 1 bid for this tender; bidder 2's bid.json names another one (decrypts, then fails the checks)
    sealed.push(await sealedBidFor(w, tenderId, bidders[0], { price: '1000.00' }), await sealedBidFor(w, tenderId, bidders[1], { price: '2000.00' }));
    const zip = makeBidPackage({ bidJson: bidJsonFor('01JOTHERTENDER000000000000', '3000.00'), files: [{ name: '技术标.txt', data: Buffer.from('x') }] });
    sealed.push(sealBid(signBid(zip, bidders[2].certPem, bidders[2].keyPem, w.clock.now()), [await openingCertificateOf(w, tenderId), bidders[2].certPem]));
    for (let i = 0; i < 3; i++) {
      expect((await putBid(w, tenderId, bidders[i], sealed[i])).status).toBe(201);
    }
    fs.writeFileSync(path.join(dir, 'bid1.p7m'), sealed[1]);
    // a bid bidder 1 sealed but never submitted: its key unwraps, but it is not the committed bid
    fs.writeFileSync(path.join(dir, 'stale1.p7m'), await sealedBidFor(w, tenderId, bidders[1], { price: '1999.00' }));

    w.clock.set(Date.parse(tender.bidDeadline as string) + GRACE);
    const scheduler = createOpeningScheduler({
      db: w.ctx.db, clock: w.ctx.clock, log: createLogger('silent'), audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline, leaseTtlMs: 30_000,
    });
    expect(await scheduler.runDue()).toContain(tenderId);
    await scheduler.settled();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await w?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses missing options with exit code 2 and shows its help', async () => {
    expect(await cliOn(w.clock, dir, 'decrypt', '--server', base, '--token', 't', '--p12', 'bidder0.p12', '--password', 'pw-1')).toMatchObject({
      code: 2, err: expect.stringMatching(/--tender is required/),
    });
    expect(await cliOn(w.clock, dir, 'decrypt', '--help')).toMatchObject({ code: 0, out: expect.stringMatching(/--bid bid.p7m/) });
  });

  it('unwraps the bidder\'s key from the envelope, hands it over, and the bid is recorded valid with its opening items', async () => {
    const snapshot = await w.http().get(`/api/tenders/${tenderId}/opening`);
    expect(snapshot.body).toMatchObject({ stage: 'decryption', openingMode: 'bidder', progress: { total: 3, recorded: 0 } });

    expect(await decrypt(bidders[0], 'bidder1.p12')).toMatchObject({ code: 1, err: expect.stringMatching(/not sealed to this certificate/) });
    expect(await decrypt(bidders[0], 'bidder0.p12', '--password', 'wrong')).toMatchObject({ code: 1, err: expect.stringMatching(/password/) });
    const run = await decrypt(bidders[0], 'bidder0.p12');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/recorded valid \(decrypted by bidder\)/);
    expect(run.out).toMatch(/price: 1000\.00/);
    expect(run.out).toMatch(/quality: 合格/);
    expect(await decrypt(bidders[0], 'bidder0.p12')).toMatchObject({ code: 1, err: expect.stringMatching(/409 CONFLICT/) });

    const after = await w.http().get(`/api/tenders/${tenderId}/opening`).set(...bearer(bidders[0]));
    expect(after.body.bids).toEqual([
      expect.objectContaining({ bidderOrganization: bidders[0].organizationName, status: 'valid', items: expect.objectContaining({ price: '1000.00' }), decryptedBy: 'bidder' }),
    ]);
    expect(after.body.me).toMatchObject({ hasBid: true, bidStatus: 'valid' });
  });

  it('with --bid takes the wrapped key from the local sealed file; a file other than the committed bid is refused and may be retried', async () => {
    const stale = await decrypt(bidders[1], 'bidder1.p12', '--bid', 'stale1.p7m');
    expect(stale).toMatchObject({ code: 1, err: expect.stringMatching(/400 BID_DECRYPTION_FAILED/) });
    expect(await decrypt(bidders[1], 'bidder0.p12', '--bid', 'bid1.p7m')).toMatchObject({ code: 1, err: expect.stringMatching(/not sealed to this certificate/) });
    const run = await decrypt(bidders[1], 'bidder1.p12', '--bid', 'bid1.p7m');
    expect(run.err).toBe('');
    expect(run).toMatchObject({ code: 0, out: expect.stringMatching(/price: 2000\.00/) });
    expect(run.out).toContain(require('node:crypto').createHash('sha256').update(sealed[1]).digest('hex'));
  });

  it('reports a bid the server decrypts but records invalid with exit code 1 and its reason', async () => {
    const run = await decrypt(bidders[2], 'bidder2.p12');
    expect(run).toMatchObject({ code: 1, err: expect.stringMatching(/recorded it INVALID: .*another tender/) });
    const snapshot = await w.http().get(`/api/tenders/${tenderId}/opening`);
    expect(snapshot.body.progress).toMatchObject({ total: 3, recorded: 3, valid: 2, invalid: 1 });
  });
});
