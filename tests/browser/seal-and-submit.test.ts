/// <reference lib="dom" />
/**
 * A bidder enrolls a certificate in the browser (key pair made there, .p12 downloaded), then
 * seals and submits a bid in the browser; the server holds only the sealed bytes, and after the
 * deadline they open with the opening key and hold the price the bidder typed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, browserSuite, openBrowserOn, type Hall } from '../support/browser';
import { openSealedBid, readBidPackage, unwrapContentKey, verifySignedBid } from '../../server/bids';
import { buildTender, buildUser, registerBidder, type TestUser } from '../support/factories';
import { enrollOnCertsPage, sealAndSubmit, signIn } from '../support/journey-pages';
import { createTestWorld, type TestWorld } from '../support/test-app';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(180_000);

browserSuite('enroll a certificate and seal and submit a bid in the browser', () => {
  let world: TestWorld;
  let hall: Hall | undefined;
  let browser: Browser;
  let base: string;
  let bidder: TestUser;
  let tender: { id: string; code: string; bidDeadline: string };
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'th-browser-'));

  beforeAll(async () => {
    world = await createTestWorld('sqlite');
    const agency = await buildUser(world, 'agency');
    bidder = await buildUser(world, 'bidder');
    // An hour to the deadline, so the page's countdown (server time + real seconds) stays open during the test.
    const t = await buildTender(world, agency, { body: { bidDeadline: new Date(world.clock.now().getTime() + 3600_000).toISOString() } });
    tender = t as unknown as typeof tender;
    await registerBidder(world, bidder, tender.id);
    hall = await openBrowserOn(world);
    ({ browser, base } = hall);
  });

  afterAll(async () => {
    await hall?.close();
    await world?.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('enrolls on the 证书 page, seals 9876543.21 in the browser, submits, and the server can open it only with the opening key', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'America/Los_Angeles', viewport: { width: 1360, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));

    await signIn(page, base, bidder);

    // 证书: from the header menu; the key pair is made in the page and the .p12 downloaded.
    const p12Path = await enrollOnCertsPage(page, base, 'p12-口令-2026', downloads);
    expect(p12Path).toMatch(/\.p12$/);
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-cert-enrolled.png'), fullPage: true });
    // OpenSSL reads the downloaded file with the password: key, certificate and CA chain.
    const pem = execFileSync('openssl', ['pkcs12', '-in', p12Path, '-passin', 'pass:p12-口令-2026', '-nodes']).toString();
    expect(pem).toMatch(/PRIVATE KEY/);
    expect((pem.match(/BEGIN CERTIFICATE/g) ?? []).length).toBe(2);
    // The private key never went to the server: only a CSR was posted, and nothing is in storage.
    const enrollPost = sent.find((s) => s.startsWith('POST') && s.includes('/api/certs '));
    expect(enrollPost).toMatch(/BEGIN CERTIFICATE REQUEST/);
    expect(sent.join('\n')).not.toMatch(/PRIVATE KEY/);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/PRIVATE|MII/);

    // The tender page links the bid page for a registered bidder, with the countdown to bidDeadline.
    await page.goto(`${base}/tenders/${tender.id}`);
    await page.getByTestId('bid-countdown').waitFor();
    expect(await page.getByTestId('bid-countdown').innerText()).toMatch(/距投标截止 0天 0[01]:\d\d:\d\d/);
    await page.getByTestId('bid-link').click();
    await page.waitForURL(`${base}/tenders/${tender.id}/bid`);

    await sealAndSubmit(page, base, tender.id, { price: '9876543.21', durationDays: '365', quality: '合格', p12Path, password: 'p12-口令-2026' });
    expect(await page.getByTestId('receipt-version').innerText()).toBe('1');
    // receivedAt shown in Asia/Shanghai (the browser is in Los Angeles) with milliseconds
    const receivedAt = await page.getByTestId('receipt-received-at').getAttribute('datetime');
    const shown = await page.getByTestId('receipt-received-at').innerText();
    const at = new Date(receivedAt as string);
    expect(shown).toBe(`${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 23).replace('T', ' ')}`);
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-bid-receipt.png'), fullPage: true });
    const putReq = sent.find((s) => s.startsWith('PUT') && s.includes(`/api/tenders/${tender.id}/bid`));
    expect(putReq).toBeDefined();
    expect(putReq).not.toMatch(/9876543\.21/);
    await context.close();

    // Through the server: a bid version exists; its blob opens with the opening key after the deadline.
    const actor = await world.ctx.auth.actorFromToken(bidder.token);
    const own = await world.ctx.bids.findOwn(actor, tender.id);
    expect(own?.bid.status).toBe('submitted');
    expect(own?.version.version).toBe(1);
    const blob = await world.ctx.storage.readBuffer(own!.version.blobKey);
    expect(blob.includes(Buffer.from('9876543.21'))).toBe(false);
    const deadline = Date.parse(tender.bidDeadline);
    await expect(world.ctx.pki.openingPrivateKeyPem({ id: tender.id, bidDeadline: deadline })).rejects.toMatchObject({ code: 'KEY_NOT_YET_USABLE' });
    world.clock.set(deadline + 1);
    const openingKey = await world.ctx.pki.openingPrivateKeyPem({ id: tender.id, bidDeadline: deadline });
    const openingCert = await world.ctx.pki.openingCertificatePem(tender.id);
    const signed = openSealedBid(blob, unwrapContentKey(blob, openingCert, openingKey));
    const { zip } = verifySignedBid(signed, { trustedRootsPem: await world.ctx.pki.trustedRootsPem(), at: world.clock.now() });
    const pkg = readBidPackage(zip);
    expect(pkg.bidJson).toEqual({ tenderId: tender.id, price: '9876543.21', durationDays: 365, quality: '合格' });
    expect(pkg.files.map((f) => f.name)).toEqual(['技术标.txt']);
  });
});
