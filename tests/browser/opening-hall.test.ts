/// <reference lib="dom" />
/**
 * The opening hall page (开标大厅, issue 4 point 9) in three browsers at once — the public, a
 * bidder and the tender's agency — on a live server: HTTP, the /opening socket namespace and the
 * opening scheduler, with the sandbox rule set and a server clock that runs two days ahead of the
 * browsers' (so every countdown must come from the server's `time`). A bidder-mode tender
 * (不见面开标) with 3 sealed bids: sign-in kept private until the deadline, the bidder decrypting its
 * own bid in the page with its .p12, the public table filling in live, a dropped connection caught
 * up without a reload, then objection, answer, confirmations and the session's end.
 */
import { createHash, constants, privateDecrypt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makePkcs12 } from '../../cli/identity';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../support/bids';
import { SHOTS, browserSuite, ensureClientBuilt, launchChromium } from '../support/browser';
import { bearer, buildTender, buildUser, type TestUser } from '../support/factories';
import { pageAs as signedInPage, sessionSteps, shootAll } from '../support/journey-pages';
import { runningClock, serveLive, type LiveApp } from '../support/live-app';
import { FIXTURE_CA, createTestWorld, type TestWorld } from '../support/test-app';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(120_000);

/** The server clock's lead over the browsers' clocks. */
const SERVER_AHEAD_MS = 2 * 86_400_000;
const P12_PASSWORD = 'p12-口令-2026';

browserSuite('the opening hall page: public, bidder and agency in their browsers on a live server', () => {
  let world: TestWorld;
  let clock: TestWorld['clock'];
  let live: LiveApp | undefined;
  let browser: Browser | undefined;
  let agency: TestUser;
  let bidders: ReadyBidder[];
  let tenderId: string;
  let deadline: number;
  /** the first 8 hex digits of each bid's commitment (SHA-256 of the sealed bytes), in bidder order */
  const sha8: string[] = [];
  const prices = ['9876543.21', '10000000.00', '11111111.10'];
  let pub: Page;
  let bp: Page;
  let ap: Page;
  const pageErrors: string[] = [];
  const loads = { public: 0 };

  const row = (i: number) => `[data-testid=hall-bid-${sha8[i]}]`;
  const stage = (p: Page, s: string) => p.locator(`[data-testid=hall-stage][data-stage=${s}]`).waitFor();
  const status = (p: Page, s: string) => p.locator(`[data-testid=hall-status][data-status=${s}]`).waitFor();
  const post = (url: string, who: TestUser, body?: object) => {
    const req = world.http().post(url).set(...bearer(who));
    return body ? req.send(body) : req;
  };
  const snapshot = async (who?: TestUser) => {
    const req = world.http().get(`/api/tenders/${tenderId}/opening`);
    return (await (who ? req.set(...bearer(who)) : req)).body;
  };

  /** The bidder's side over the API: fetch its wrapped content key, unwrap it with its own private key, hand it over. */
  async function decryptViaApi(bidder: ReadyBidder): Promise<void> {
    const env = await world.http().get(`/api/tenders/${tenderId}/opening/envelope`).set(...bearer(bidder));
    expect(env.status).toBe(200);
    const keys = (env.body.recipients as { encryptedKey: string }[]).flatMap((r) => {
      try {
        return [privateDecrypt({ key: bidder.keyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(r.encryptedKey, 'base64'))];
      } catch {
        return []; // the opening certificate's recipient
      }
    });
    expect(keys).toHaveLength(1);
    const res = await post(`/api/tenders/${tenderId}/opening/decrypt`, bidder, { contentKey: keys[0].toString('base64') });
    expect([res.status, res.body.bid?.status]).toEqual([200, 'valid']);
  }

  async function pageAs(ctx: BrowserContext, who: TestUser | null, name: string): Promise<Page> {
    ctx.setDefaultTimeout(20_000);
    return signedInPage(world, ctx, who, name, pageErrors);
  }

  /** Steps share one session: after a failure the later ones stop at once instead of waiting out their timeouts. */
  const step = sessionSteps(() => shootAll('hall-failed', { public: pub, bidder: bp, agency: ap }));

  beforeAll(async () => {
    ensureClientBuilt();
    clock = runningClock(Date.now() + SERVER_AHEAD_MS);
    // Factories (tender dates, signing times) and the server read the same running clock.
    world = { ...(await createTestWorld('sqlite', {}, { clock })), clock };
    agency = await buildUser(world, 'agency');
    const now = clock.now().getTime();
    deadline = now + 3600_000; // far enough for the sign-in checks; the test moves the clock to it
    const tender = await buildTender(world, agency, {
      body: {
        title: '开标大厅浏览器测试标段',
        registrationDeadline: new Date(now + 1800_000).toISOString(),
        bidDeadline: new Date(deadline).toISOString(),
        openingMode: 'bidder',
        decryptionWindowMinutes: 240, // sandbox: 240 s
        undecryptedBids: 'invalid',
      },
    });
    tenderId = tender.id;
    bidders = [];
    for (const price of prices) {
      const bidder = await readyBidder(world, tenderId);
      const sealed = await sealedBidFor(world, tenderId, bidder, { price });
      const res = await putBid(world, tenderId, bidder, sealed);
      expect(res.status).toBe(201);
      const sha = createHash('sha256').update(sealed).digest('hex');
      expect(JSON.stringify(res.body)).toContain(sha);
      sha8.push(sha.slice(0, 8));
      bidders.push(bidder);
    }
    live = await serveLive(world, { namespaces: ['opening'], scheduler: true });
    browser = await launchChromium();
    const ctx = () => browser!.newContext({ locale: 'zh-CN', timezoneId: 'America/Los_Angeles', viewport: { width: 1400, height: 1100 } });
    [pub, bp, ap] = await Promise.all([pageAs(await ctx(), null, 'public'), pageAs(await ctx(), bidders[0], 'bidder'), pageAs(await ctx(), agency, 'agency')]);
    pub.on('load', () => (loads.public += 1));
  });

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await world?.close();
  });

  step('shows the countdown to the bid deadline by the server clock, and keeps sign-ins private before it', async () => {
    const hallUrl = `${live!.base}/tenders/${tenderId}/opening`;
    await Promise.all([pub, bp, ap].map((p) => p.goto(hallUrl)));
    await Promise.all([pub, bp, ap].map((p) => status(p, 'connected')));
    await Promise.all([pub, bp, ap].map((p) => stage(p, 'sign-in')));
    await pub.evaluate(() => {
      (window as unknown as { hallMarker: string }).hallMarker = 'same document';
    });

    const countdown = pub.locator('[data-testid=hall-countdown][data-kind=bidDeadline]:not([data-left=""])');
    await countdown.waitFor();
    const shown = Number(await countdown.getAttribute('data-left'));
    const byServer = deadline - clock.now().getTime();
    const byBrowser = deadline - Date.now();
    expect(Math.abs(shown - byServer)).toBeLessThan(2500); // the page ticks once a second
    expect(byBrowser - shown).toBeGreaterThan(SERVER_AHEAD_MS - 5000); // not the browser's own clock
    expect(await countdown.innerText()).toMatch(/^0天 00:5\d:\d\d$/);

    // 签到 in the bidder's page; a second bidder signs in over the API.
    await bp.getByTestId('hall-sign-in').click();
    await bp.getByTestId('hall-signed-in').waitFor();
    expect((await post(`/api/tenders/${tenderId}/opening/sign-in`, bidders[1])).status).toBe(200);
    await pub.waitForTimeout(1500); // a few `time` ticks: nothing about sign-ins reaches the room
    for (const p of [pub, ap]) {
      expect(await p.getByTestId('hall-sign-in-count').innerText()).toBe('—');
      await p.getByText('开标前不公开签到情况').first().waitFor();
      const text = await p.locator('body').innerText();
      expect(text).not.toContain(bidders[0].organizationName);
      expect(text).not.toContain(bidders[1].organizationName);
    }
    expect((await snapshot()).signIns).toEqual({ count: null, bidders: [] });
    await bp.screenshot({ path: path.join(SHOTS, 'tenderhall-hall-1-signed-in.png'), fullPage: true });
  });

  step('moves to decryption at the deadline; the bidder decrypts in the page with its .p12 (a wrong password first) and the public row turns valid live', async () => {
    // Move the server clock to 5 s before the deadline: the page follows the server's ticks.
    clock.set(deadline - 5000);
    await pub.waitForFunction(() => {
      const left = document.querySelector('[data-testid=hall-countdown][data-kind=bidDeadline]')?.getAttribute('data-left');
      return !!left && Number(left) <= 5000;
    });
    await Promise.all([pub, bp, ap].map((p) => stage(p, 'decryption')));
    expect(await pub.getByTestId('hall-sign-in-count').innerText()).toBe('2'); // published at sealing
    const signIns = await pub.getByTestId('hall-sign-ins').innerText();
    expect(signIns).toContain(bidders[0].organizationName);
    expect(signIns).toContain(bidders[1].organizationName);
    await pub.locator('[data-testid=hall-countdown][data-kind=decryptionEndsAt]').waitFor();
    expect(await pub.locator('[data-testid^=hall-bid-]').count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(await pub.locator(row(i)).getAttribute('data-status')).toBe('pending');
    }

    await bp.locator('[data-testid=hall-my-bid][data-status=pending]').waitFor();
    const form = bp.getByTestId('hall-decrypt');
    await bp.getByTestId('decrypt-p12').setInputFiles({ name: 'bidder1.p12', mimeType: 'application/x-pkcs12', buffer: makePkcs12(bidders[0].keyPem, bidders[0].certPem, [fs.readFileSync(FIXTURE_CA.cert, 'utf8')], P12_PASSWORD, 'bidder') });
    await bp.getByTestId('decrypt-password').fill('not-the-password');
    await bp.getByTestId('decrypt-submit').click();
    expect(await form.getByTestId('error-alert').innerText()).toContain('证书口令错误');
    await bp.screenshot({ path: path.join(SHOTS, 'tenderhall-hall-2-wrong-password.png'), fullPage: true });
    expect(await pub.locator(row(0)).getAttribute('data-status')).toBe('pending');
    expect((await snapshot(bidders[0])).me.bidStatus).toBe('pending'); // nothing recorded

    await bp.getByTestId('decrypt-password').fill(P12_PASSWORD);
    await bp.getByTestId('decrypt-submit').click();
    expect(await bp.getByTestId('decrypt-result').innerText()).toContain('有效');
    await bp.locator('[data-testid=hall-my-bid][data-status=valid]').waitFor();
    await pub.locator(`${row(0)}[data-status=valid]`).waitFor();
    const revealed = await pub.locator(row(0)).innerText();
    expect(revealed).toContain(bidders[0].organizationName);
    expect(revealed).toContain('9,876,543.21');
    expect(revealed).toContain('投标人解密');
    await pub.locator('[data-testid=hall-progress][data-recorded="1"]').waitFor();
    await pub.screenshot({ path: path.join(SHOTS, 'tenderhall-hall-3-first-valid.png'), fullPage: true });
  });

  step('shows the dropped connection and its recovery, and catches up on what was missed without a reload', async () => {
    await live!.stop();
    await Promise.all([pub, bp, ap].map((p) => status(p, 'reconnecting')));
    expect(await pub.getByTestId('hall-status').innerText()).toContain('重新连接中');

    await decryptViaApi(bidders[1]); // while the pages are cut off
    await pub.waitForTimeout(500);
    expect(await pub.locator(row(1)).getAttribute('data-status')).toBe('pending');
    await pub.screenshot({ path: path.join(SHOTS, 'tenderhall-hall-4-reconnecting.png'), fullPage: true });

    await live!.start();
    await Promise.all([pub, bp, ap].map((p) => status(p, 'connected')));
    await pub.locator(`${row(1)}[data-status=valid]`).waitFor();
    expect(await pub.locator(row(1)).innerText()).toContain(bidders[1].organizationName);
    await pub.locator('[data-testid=hall-progress][data-recorded="2"]').waitFor();
    expect(await pub.getByTestId('hall-status').innerText()).toContain('已连接');
    expect(await pub.evaluate(() => (window as unknown as { hallMarker?: string }).hallMarker)).toBe('same document');
    expect(loads.public).toBe(1);

    // The last bid, decrypted live: the record is ready and every page moves to confirmation.
    await decryptViaApi(bidders[2]);
    await pub.locator(`${row(2)}[data-status=valid]`).waitFor();
    await Promise.all([pub, bp, ap].map((p) => stage(p, 'confirmation')));
    await pub.locator('[data-testid=hall-progress][data-recorded="3"]').waitFor();
    await pub.locator('[data-testid=hall-countdown][data-kind=confirmationEndsAt]').waitFor();
  });

  step('confirmation: the bidder objects, the agency answers in its page, the public sees the answer; the others confirm and the session ends (opened)', async () => {
    const text = '第二行报价唱错，请核实';
    await bp.getByTestId('objection-text').fill(text);
    await bp.getByTestId('objection-submit').click();
    await pub.locator('[data-testid^=hall-objection-][data-answered=false]').filter({ hasText: text }).waitFor();
    const objections = (await snapshot()).objections as { id: string; bidderOrganization: string }[];
    expect(objections).toHaveLength(1);
    const { id } = objections[0];
    expect(objections[0].bidderOrganization).toBe(bidders[0].organizationName);
    expect(await pub.locator(`[data-testid=answer-text-${id}]`).count()).toBe(0); // only the agency answers
    expect(await bp.locator(`[data-testid=answer-text-${id}]`).count()).toBe(0);

    const answer = '已核实，唱标无误';
    await ap.getByTestId(`answer-text-${id}`).fill(answer);
    await ap.screenshot({ path: path.join(SHOTS, 'tenderhall-hall-5-agency-answer.png'), fullPage: true });
    await ap.getByTestId(`answer-submit-${id}`).click();
    const answered = pub.locator(`[data-testid=hall-objection-${id}][data-answered=true]`);
    await answered.waitFor();
    expect(await answered.innerText()).toContain(answer);
    await bp.locator(`[data-testid=hall-objection-${id}][data-answered=true]`).waitFor();
    expect(await pub.getByTestId('hall-stage').getAttribute('data-stage')).toBe('confirmation'); // two bidders still to answer

    for (const b of bidders.slice(1)) {
      expect((await post(`/api/tenders/${tenderId}/opening/confirm`, b)).status).toBe(200);
    }
    await Promise.all([pub, bp, ap].map((p) => stage(p, 'ended')));
    await pub.getByText('开标已结束，开标记录已确认。').waitFor();
    const confirmations = await pub.getByTestId('hall-confirmations').innerText();
    expect(confirmations).toContain(bidders[1].organizationName);
    expect(confirmations).toContain(bidders[2].organizationName);
    expect(await pub.locator('[data-testid^=hall-bid-][data-status=valid]').count()).toBe(3);
    expect(await snapshot()).toMatchObject({ stage: 'ended', status: 'opened', progress: { total: 3, recorded: 3, valid: 3, invalid: 0 } });
    expect(await pub.evaluate(() => (window as unknown as { hallMarker?: string }).hallMarker)).toBe('same document');
    expect(loads.public).toBe(1);
    await pub.screenshot({ path: path.join(SHOTS, 'tenderhall-hall-6-ended-public.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
