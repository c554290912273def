/// <reference lib="dom" />
/**
 * The whole journey in a browser (issue 7 point 4), on one live server (HTTP, the /opening and
 * /evaluation socket namespaces, the opening scheduler and the records worker) over SQLite: an agency
 * publishes a tender in its browser; three bidders, each in its own browser context, sign in,
 * register, enroll a certificate on the 证书 page and seal and submit a bid in the page; the agency,
 * the bidders and the public watch the opening hall live until the bidders have confirmed the record;
 * the agency draws a committee of five, who meet in the evaluation room in their own contexts, elect
 * a chair, pass compliance, score, agree to the report and sign its PDF with their own PKCS#12; the
 * agency publishes the candidates and, after the publicity, awards; and every record the agency and
 * the bidders can download verifies on the public /records/verify page and through the API.
 *
 * Time: the server clock stands still unless the test moves it (set to the real time at the start),
 * so no sandbox window (confirmation 30 s, publicity 3 s) runs out while a loaded machine is slow.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makePkcs12 } from '../../cli/identity';
import { createFixedClock } from '../../server/clock';
import { enrollBidder } from '../support/bids';
import { SHOTS, browserSuite, ensureClientBuilt, launchChromium } from '../support/browser';
import { buildExpert } from '../support/evaluation';
import { agreeToReport, drawCommittee, evalStage, fillScores, passCompliance, signReportPdf, submitScores } from '../support/evaluation-pages';
import { bearer, buildUser, type TestUser } from '../support/factories';
import { confirmVia, downloadVia, enrollOnCertsPage, fillNewTender, pageAs, publishTenderForm, sealAndSubmit, shootAll, signIn, verifyOnPublicPage } from '../support/journey-pages';
import { serveLive, type LiveApp } from '../support/live-app';
import { FIXTURE_CA, createTestWorld, type TestWorld } from '../support/test-app';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(900_000);

const SPECIALTY = '市政';
const P12_PASSWORD = 'p12-口令-2026';
const PRICES = ['9876543.21', '10234567.00', '11111111.10'];
/** the sandbox in-flight grace after bidDeadline (server/tenders/rules.ts) and the publicity (3 sandbox days) */
const GRACE_MS = 1000;
const PUBLICITY_MS = 3000;

type Member = TestUser & { p12: Buffer };

browserSuite('the whole journey in the browser: publish, enroll, seal, open live, evaluate, sign, award, verify every record', () => {
  let w: TestWorld;
  let live: LiveApp | undefined;
  let browser: Browser | undefined;
  let agency: TestUser;
  const bidders: TestUser[] = [];
  const experts: Member[] = [];
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'th-journey-'));
  const pageErrors: string[] = [];
  const pages: Record<string, Page> = {};

  /** A page in a context of its own (cookies, storage, downloads), signed in as `who` unless null. */
  async function open(name: string, who: TestUser | null): Promise<Page> {
    const ctx = await browser!.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    ctx.setDefaultTimeout(30_000);
    pages[name] = await pageAs(w, ctx, who, name, pageErrors);
    return pages[name];
  }
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SHOTS, `tenderhall-journey-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ensureClientBuilt();
    // Certificates (the platform's too, made on first use) and signatures at about the real time.
    const clock = createFixedClock(Math.ceil(Date.now() / 1000) * 1000);
    w = { ...(await createTestWorld('sqlite', {}, { clock })), clock };
    agency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    for (let i = 0; i < 3; i++) {
      bidders.push(await buildUser(w, 'bidder'));
    }
    // The expert pool (an admin's job, over the API); each expert's key and certificate are made
    // here (POST /api/certs with a CSR) and handed to its browser as a PKCS#12 file.
    const ca = fs.readFileSync(FIXTURE_CA.cert, 'utf8');
    for (let i = 0; i < 5; i++) {
      const e = await buildExpert(w, admin, [SPECIALTY, i % 2 ? '给排水' : '道路']);
      const keys = await enrollBidder(w, e);
      experts.push({ ...e, p12: makePkcs12(keys.keyPem, keys.certPem, [ca], P12_PASSWORD, e.username) });
    }
    live = await serveLive(w, { namespaces: ['opening', 'evaluation'], scheduler: true, recordsEveryMs: 500 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await w?.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('takes a tender from publication to award in eleven browser contexts, and every record it leaves verifies', async () => {
    const base = live!.base;
    try {
      const tenderId = await publishAsAgency(base);
      await bidInBrowsers(base, tenderId);
      await watchTheOpening(base, tenderId);
      await evaluateInTheRoom(base, tenderId);
      await publicityAndAward(base, tenderId);
      await verifyEveryRecord(base, tenderId);
      expect(pageErrors).toEqual([]);
    } catch (e) {
      await shootAll('journey-failed', pages);
      throw e;
    }
  });

  /** 1. The agency signs in and publishes a tender; deadlines are typed as Shanghai wall time ahead of the server clock. */
  async function publishAsAgency(base: string): Promise<string> {
    const ap = await open('agency', null);
    await signIn(ap, base, agency);
    const now = w.clock.now().getTime();
    const code = `JT-JOURNEY-${process.pid}`;
    await fillNewTender(ap, base, {
      title: `金坛区某道路改造工程施工（全流程浏览器测试 ${process.pid}）`,
      code,
      budget: '12500000',
      description: '一、项目概况\n金坛区某道路改造工程，全长约2.3公里。',
      registrationDeadline: now + 10 * 60_000,
      bidDeadline: now + 20 * 60_000,
    });
    const tenderId = await publishTenderForm(ap);
    await shot(ap, '1-published');
    const t = await w.http().get(`/api/tenders/${tenderId}`);
    expect(t.body).toMatchObject({ code, status: 'published', openingMode: 'platform', bidDeadline: new Date(now + 20 * 60_000).toISOString() });
    return tenderId;
  }

  /** 2. Each bidder in its own context: signs in, registers, enrolls on the 证书 page, seals and submits its price. */
  async function bidInBrowsers(base: string, tenderId: string): Promise<void> {
    await Promise.all(
      bidders.map(async (b, i) => {
        const bp = await open(`bidder${i + 1}`, null);
        await signIn(bp, base, b);
        await bp.goto(`${base}/tenders/${tenderId}`);
        await bp.getByTestId('register-button').click();
        await bp.getByTestId('registered').waitFor();
        const p12Path = await enrollOnCertsPage(bp, base, P12_PASSWORD, downloads);
        await bp.goto(`${base}/tenders/${tenderId}`);
        await bp.getByTestId('bid-link').click();
        await sealAndSubmit(bp, base, tenderId, { price: PRICES[i], durationDays: String(300 + i * 30), quality: '合格', p12Path, password: P12_PASSWORD });
        // The 投标回执 PDF, issued by the records worker, offered on the bid page: the receipt record of this bidder.
        await bp.getByTestId('receipt-pdf').waitFor({ timeout: 60_000 });
        const receipt = await downloadVia(bp.getByTestId('receipt-pdf'), path.join(downloads, `receipt-view-${i + 1}.pdf`));
        const checked = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(receipt);
        expect([checked.body.valid, checked.body.record?.kind]).toEqual([true, 'receipt']);
      }),
    );
    await shot(pages.bidder1, '2-bid-receipt');
    const bids = await w.ctx.db('bids').where({ tender_id: tenderId }).count<{ n: number }[]>({ n: '*' });
    expect(Number(bids[0].n)).toBe(3);
  }

  /** 3. The opening hall, live in five contexts: sign-in, the deadline, platform decryption, 唱标, confirmations, the end. */
  async function watchTheOpening(base: string, tenderId: string): Promise<void> {
    const viewers = [pages.agency, ...bidders.map((_b, i) => pages[`bidder${i + 1}`]), await open('public', null)];
    const loads = viewers.map(() => 0);
    viewers.forEach((p, i) => p.on('load', () => (loads[i] += 1)));
    const hallStage = (p: Page, s: string) => p.locator(`[data-testid=hall-stage][data-stage=${s}]`).waitFor({ timeout: 60_000 });
    await Promise.all(viewers.map((p) => p.goto(`${base}/tenders/${tenderId}/opening`)));
    await Promise.all(viewers.map((p) => p.locator('[data-testid=hall-status][data-status=connected]').waitFor()));
    await Promise.all(viewers.map((p) => hallStage(p, 'sign-in')));
    const bidderPages = viewers.slice(1, 4);
    for (const bp of bidderPages) {
      await bp.getByTestId('hall-sign-in').click();
      await bp.getByTestId('hall-signed-in').waitFor();
    }
    const before = loads.slice();
    for (const p of viewers) {
      expect(await p.locator('body').innerText()).not.toMatch(/9,876,543\.21|10,234,567\.00|11,111,111\.10/); // sealed until the deadline
    }
    const tender = (await w.http().get(`/api/tenders/${tenderId}`)).body as { bidDeadline: string };
    w.clock.set(Date.parse(tender.bidDeadline) + GRACE_MS + 1); // the scheduler's next pass opens the bids
    await Promise.all(viewers.map((p) => hallStage(p, 'confirmation')));
    for (const p of viewers) {
      await p.locator('[data-testid^=hall-bid-][data-status=valid]').nth(2).waitFor();
      const table = await p.getByTestId('hall-bids').innerText();
      for (const [i, b] of bidders.entries()) {
        expect(table).toContain(b.organizationName);
        expect(table).toContain(Number(PRICES[i]).toLocaleString('en-US', { minimumFractionDigits: 2 }));
      }
    }
    await shot(viewers[4], '3-opening-revealed');
    for (const bp of bidderPages) {
      await confirmVia(bp.getByTestId('hall-confirm'), bp.locator('[data-testid=hall-confirmed], [data-testid=hall-stage][data-stage=ended]'));
    }
    await Promise.all(viewers.map((p) => hallStage(p, 'ended')));
    expect(loads).toEqual(before); // everything above arrived over the socket, without a reload
    expect((await w.http().get(`/api/tenders/${tenderId}/opening`)).body).toMatchObject({ stage: 'ended', status: 'opened', progress: { total: 3, valid: 3 } });
    await shot(viewers[4], '4-opening-ended');
  }

  /** 4. A committee of five drawn on the award page; the room: chair, compliance, scores, finalize, agreement, the report PDF signed by each. */
  async function evaluateInTheRoom(base: string, tenderId: string): Promise<void> {
    const ap = pages.agency;
    const ids = await drawCommittee(ap, `${base}/agency/tenders/${tenderId}/award`, { size: 5, specialty: SPECIALTY, reserves: 0 });
    expect(ids).toHaveLength(5);
    const members = ids.map((id) => experts.find((e) => e.id === id)!);
    expect(members.map((m) => m?.id)).toEqual(ids); // drawn from the pool
    const ep = await Promise.all(members.map((m, i) => open(`member${i + 1}`, m)));
    await Promise.all(ep.map((p) => p.goto(`${base}/tenders/${tenderId}/evaluation`)));
    const all = [...ep, ap];
    await ap.goto(`${base}/tenders/${tenderId}/evaluation`);
    await Promise.all(all.map((p) => evalStage(p, 'chair')));
    for (const [k, p] of ep.slice(0, 3).entries()) {
      await p.getByTestId(`chair-vote-${members[0].id}`).click(); // three of five: a majority
      await p.getByTestId('chair-votes-cast').filter({ hasText: `${k + 1}/5` }).or(p.locator('[data-testid=eval-stage][data-stage=compliance]')).first().waitFor();
    }
    await Promise.all(all.map((p) => evalStage(p, 'compliance')));
    for (const p of ep) {
      await passCompliance(p);
    }
    await Promise.all(all.map((p) => evalStage(p, 'scoring')));

    const session = await w.http().get(`/api/tenders/${tenderId}/evaluation`).set(...bearer(members[0]));
    const b8 = (session.body.bids as { sha256: string; items: { price: string } }[])
      .sort((a, b) => Number(a.items.price) - Number(b.items.price))
      .map((b) => b.sha256.slice(0, 8));
    expect(b8).toHaveLength(3);
    for (const p of ep) {
      await fillScores(p, Object.fromEntries(b8.map((b, i) => [b, { technical: 40 - 2 * i, commercial: 12 }])));
      await submitScores(p);
    }
    await Promise.all(all.map((p) => evalStage(p, 'review')));
    await confirmVia(ep[0].locator('[data-testid=finalize]:not([disabled])'), ep[0].locator('[data-testid=eval-stage][data-stage=signing]'));
    await Promise.all(all.map((p) => evalStage(p, 'signing')));
    for (const p of ep) {
      await agreeToReport(p);
    }
    await Promise.all(all.map((p) => evalStage(p, 'done')));
    await shot(ep[0], '5-evaluation-done');

    for (const [i, p] of ep.entries()) {
      await signReportPdf(p, members[i].id, { name: `${members[i].username}.p12`, buffer: members[i].p12 }, P12_PASSWORD);
    }
    await Promise.all(ep.map((p) => p.getByTestId('report-pdf-complete').waitFor({ timeout: 30_000 })));
    await shot(ep[4], '6-report-signed');
    const report = (await w.http().get(`/api/tenders/${tenderId}/records`).set(...bearer(agency))).body.items.find((r: { kind: string }) => r.kind === 'evaluation_report');
    expect(report.signers.filter((s: { role: string }) => s.role === 'member')).toHaveLength(5);
  }

  /** 5. The agency publishes the candidates; the publicity runs out on the server clock; the agency awards the first. */
  async function publicityAndAward(base: string, tenderId: string): Promise<void> {
    const ap = pages.agency;
    const statusTag = (text: string) => ap.locator('.ant-card-head').getByText(text, { exact: true }).waitFor();
    await ap.goto(`${base}/agency/tenders/${tenderId}/award`);
    await statusTag('评标结束');
    await ap.getByTestId('candidates-publish').click();
    await ap.getByTestId('candidates-publish-confirm').click();
    await statusTag('中标候选人公示');
    await ap.locator('[data-testid=award-blocker][data-blocker=PUBLICITY_NOT_OVER]').waitFor();

    w.clock.advance(PUBLICITY_MS + 1000);
    await ap.reload();
    await ap.getByTestId('award-form').waitFor();
    await expect(ap.getByTestId('award-blocker').count()).resolves.toBe(0);
    expect(await ap.getByTestId('award-form').innerText()).toContain(`第 1 名 · ${bidders[0].organizationName}`);
    await ap.getByTestId('award-submit').click();
    await statusTag('已定标');
    expect(await ap.getByTestId('award-winner').innerText()).toBe(bidders[0].organizationName);
    await shot(ap, '7-awarded');
  }

  /**
   * 6. Every record on the tender's records card, downloaded by the agency and by each bidder (its own
   * receipt and notice too), dropped on the public verify page: 签章有效 and the matching record;
   * the same bytes checked by POST /api/records/verify.
   */
  async function verifyEveryRecord(base: string, tenderId: string): Promise<void> {
    const pub = pages.public;
    const seen = new Set<string>();
    for (const [name, who] of [['agency', agency], ...bidders.map((b, i): [string, TestUser] => [`bidder${i + 1}`, b])] as [string, TestUser][]) {
      const p = pages[name];
      const listed = (await w.http().get(`/api/tenders/${tenderId}/records`).set(...bearer(who))).body.items as { id: string; kind: string }[];
      const expected = name === 'agency' ? ['opening_record', 'evaluation_report', 'candidate_publicity'] : ['receipt', 'opening_record', 'candidate_publicity', name === 'bidder1' ? 'award_notice' : 'result_notice'];
      expect(listed.map((r) => r.kind).sort()).toEqual([...expected].sort());
      await p.goto(`${base}/tenders/${tenderId}`);
      await p.getByTestId('records-card').waitFor();
      for (const r of listed) {
        await p.getByTestId(`record-row-${r.id}`).waitFor();
        if (seen.has(r.id)) {
          continue; // a public or shared record, already checked from another viewer's download
        }
        seen.add(r.id);
        const file = path.join(downloads, `${name}-${r.kind}-${r.id}.pdf`);
        const bytes = await downloadVia(p.getByTestId(`record-download-${r.id}`), file);
        const api = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(bytes);
        const problems = [...(api.body.problems ?? []), ...(api.body.signatures ?? []).flatMap((s: { problems: string[] }) => s.problems)];
        expect({ kind: r.kind, status: api.status, valid: api.body.valid, record: api.body.record?.id, problems }).toEqual({ kind: r.kind, status: 200, valid: true, record: r.id, problems: [] });
        // The report: the platform's seal and then one signature per member, each over the whole file it signed.
        expect([api.body.modifiedAfterLastSignature, api.body.signatures.length]).toEqual([false, r.kind === 'evaluation_report' ? 6 : 1]);

        expect(await verifyOnPublicPage(pub, base, file, r.id)).toBe(api.body.signatures.length);
      }
    }
    expect(seen.size).toBe(3 + 3 + 3); // opening record, report, publicity; three receipts; one award and two result notices
    await shot(pub, '8-verified');
  }
});
