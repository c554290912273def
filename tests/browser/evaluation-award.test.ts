/// <reference lib="dom" />
/**
 * From opening to award through the web client (issue 5): an `opened` sandbox tender with 3 valid
 * bids on a live server (HTTP and the /evaluation socket namespace). In their browsers: the agency
 * draws a 3-member committee on its award page from the expert pool (by specialty and availability);
 * the three members elect a chair, pass every bid, score (one outlying score flagged, returned by the
 * chair and re-scored), the chair finalizes, all sign (one dissent); the agency publishes the
 * candidates; a losing bidder objects on the public results page during publicity; the agency
 * answers on its award page once publicity is over by the server clock and awards the first
 * candidate; the public results page shows the award and the winner finds its 中标通知书.
 *
 * Time: the world's clock stands still unless the test moves it (the sandbox publicity lasts 3 s of
 * the server clock). The pages count down with the offset of /api/health against the browser's own
 * clock, so the agency's and the objecting bidder's browsers get a fixed time equal to the server's
 * (context.clock.setFixedTime), moved together with it.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ReadyBidder } from '../support/bids';
import { SHOTS, browserSuite, ensureClientBuilt, launchChromium } from '../support/browser';
import { buildExpert, openedTender } from '../support/evaluation';
import { agreeToReport, blur, drawCommittee, evalStage as stage, passCompliance, submitScores } from '../support/evaluation-pages';
import { bearer, buildUser, type TestUser } from '../support/factories';
import { confirmVia, pageAs as signedInPage, sessionSteps, shootAll } from '../support/journey-pages';
import { serveLive, type LiveApp } from '../support/live-app';
import { createTestWorld, type TestWorld } from '../support/test-app';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(120_000);

const SPECIALTY = '市政';
/** the sandbox publicity period (server/awards: 3 s of the server clock) */
const PUBLICITY_MS = 3000;

browserSuite('from opening to award in the web client: committee draw, evaluation room, publicity with an objection, award', () => {
  let w: TestWorld;
  let live: LiveApp | undefined;
  let browser: Browser | undefined;
  let agency: TestUser;
  let pool: TestUser[]; // available experts with the specialty
  let offSpecialty: TestUser;
  let unavailable: TestUser;
  let bidders: ReadyBidder[];
  let tenderId: string;
  /** the committee members in seat order, as the agency's page lists them; members[0] becomes chair */
  let members: TestUser[] = [];
  /** the first 8 hex digits of each bid's commitment, cheapest first (bidders[i] bid 1000 × (i + 1)) */
  let b8: string[] = [];
  let publicityEndsAt = 0;
  let objectionId = '';
  let ap: Page; // agency (browser time fixed to the server's)
  let ep: Page[] = []; // the members, in seat order
  let bp: Page; // bidders[1], who objects (browser time fixed to the server's)
  let wp: Page; // bidders[0], the winner
  let pub: Page; // the public
  const pageErrors: string[] = [];

  const awardUrl = () => `${live!.base}/agency/tenders/${tenderId}/award`;
  const roomUrl = () => `${live!.base}/tenders/${tenderId}/evaluation`;
  const resultsUrl = () => `${live!.base}/tenders/${tenderId}/results`;
  const statusTag = (p: Page, text: string) => p.locator('.ant-card-head').getByText(text, { exact: true }).waitFor();

  async function newContext(fixedTime: boolean): Promise<BrowserContext> {
    const ctx = await browser!.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 1000 } });
    if (fixedTime) {
      await ctx.clock.setFixedTime(w.clock.now());
    }
    ctx.setDefaultTimeout(20_000);
    return ctx;
  }

  const pageAs = (ctx: BrowserContext, who: TestUser | null, name: string): Promise<Page> => signedInPage(w, ctx, who, name, pageErrors);

  /** Moves the server clock and the fixed browser clocks (agency, objecting bidder) to the same instant. */
  async function moveClockTo(t: number): Promise<void> {
    w.clock.set(t);
    await Promise.all([ap, bp].map((p) => p.context().clock.setFixedTime(t)));
  }

  /** Steps share one journey: after a failure the later ones stop at once instead of waiting out their timeouts. */
  const step = sessionSteps(() => shootAll('award-failed', { agency: ap, bidder: bp, winner: wp, public: pub, ...Object.fromEntries(ep.map((p, i) => [`member${i + 1}`, p])) }));

  beforeAll(async () => {
    ensureClientBuilt();
    w = await createTestWorld('sqlite'); // a clock that stands still unless moved
    agency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    pool = [];
    for (let i = 0; i < 4; i++) {
      pool.push(await buildExpert(w, admin, [SPECIALTY, i % 2 ? '给排水' : '道路']));
    }
    offSpecialty = await buildExpert(w, admin, ['园林']);
    unavailable = await buildExpert(w, admin, [SPECIALTY], { available: false });
    const opened = await openedTender(w, agency, 3, { body: { title: '评标定标浏览器测试标段' } });
    tenderId = opened.tenderId;
    bidders = opened.bidders;
    live = await serveLive(w, { namespaces: ['evaluation'] });
    browser = await launchChromium();
    ap = await pageAs(await newContext(true), agency, 'agency');
    bp = await pageAs(await newContext(true), bidders[1], 'bidder');
    wp = await pageAs(await newContext(false), bidders[0], 'winner');
    pub = await pageAs(await newContext(false), null, 'public');
  });

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await w?.close();
  });

  step('the agency draws a 3-member committee on its award page from the available experts with the specialty and sees the members', async () => {
    await ap.goto(awardUrl());
    await statusTag(ap, '已开标');
    const ids = await drawCommittee(ap, awardUrl(), { size: 3, specialty: SPECIALTY, reserves: 1 });
    await statusTag(ap, '评标中');
    await ap.getByTestId('evaluation-room-link').waitFor();
    expect(ids).toHaveLength(3);
    const poolIds = pool.map((e) => e.id);
    expect(ids.every((id) => poolIds.includes(id))).toBe(true);
    members = ids.map((id) => pool.find((e) => e.id === id)!);
    const reserve = pool.find((e) => !ids.includes(e.id))!;
    await ap.getByTestId(`committee-reserve-${reserve.id}`).waitFor();
    for (const out of [offSpecialty, unavailable]) {
      await expect(ap.locator(`[data-testid$="-${out.id}"]`).count()).resolves.toBe(0);
    }
    const view = await ap.getByTestId('committee-view').innerText();
    expect(view).toContain(SPECIALTY);
    expect(await ap.getByTestId('committee-seed').innerText()).toMatch(/^[0-9a-f]{64}$/);
    for (const m of members) {
      expect(await ap.getByTestId(`committee-member-${m.id}`).innerText()).toContain(SPECIALTY);
    }
    await ap.screenshot({ path: path.join(SHOTS, 'tenderhall-award-2-committee.png'), fullPage: true });

    // The bids by commitment, cheapest first (for the room's data-testids).
    const session = await w.http().get(`/api/tenders/${tenderId}/evaluation`).set(...bearer(members[0]));
    expect(session.status).toBe(200);
    const bids = session.body.bids as { sha256: string; items: { price: string } }[];
    b8 = [...bids].sort((a, b) => Number(a.items.price) - Number(b.items.price)).map((b) => b.sha256.slice(0, 8));
    expect(b8).toHaveLength(3);
  });

  step('the members find the tender in their list, meet in the room (the agency observing) and elect a chair', async () => {
    ep = [];
    for (const [i, m] of members.entries()) {
      ep.push(await pageAs(await newContext(false), m, `member${i + 1}`));
    }
    // The first member goes through 我的评标; the others open the room directly; the agency follows its link.
    await ep[0].goto(`${live!.base}/evaluator/tenders`);
    await ep[0].getByTestId(`evaluation-link-${tenderId}`).click();
    await Promise.all(ep.slice(1).map((p) => p.goto(roomUrl())));
    await ap.getByTestId('evaluation-room-link').click();
    for (const p of [...ep, ap]) {
      await stage(p, 'chair');
      await p.locator('[data-testid=eval-status][data-status=connected]').waitFor();
    }
    await ep[0].locator(`[data-testid=eval-member-${members[2].id}][data-online=true]`).waitFor();
    await expect(ap.locator('[data-testid^=chair-vote-]').count()).resolves.toBe(0); // the agency only observes

    await ep[0].getByTestId(`chair-vote-${members[0].id}`).click();
    await ep[2].getByTestId('chair-votes-cast').filter({ hasText: '1/3' }).waitFor();
    await ep[1].getByTestId(`chair-vote-${members[0].id}`).click();
    for (const p of [...ep, ap]) {
      await stage(p, 'compliance');
    }
    await ap.getByTestId('eval-members').getByText('组长').first().waitFor();
  });

  step('compliance: every member passes every bid and submits; the room moves to scoring', async () => {
    for (const p of ep) {
      await passCompliance(p);
      if (p !== ep[2]) {
        await p.getByTestId('compliance-locked').waitFor();
      }
    }
    for (const p of [...ep, ap]) {
      await stage(p, 'scoring');
    }
    const result = await ap.getByTestId('eval-compliance-result').innerText();
    for (const b of bidders) {
      expect(result).toContain(b.organizationName);
    }
  });

  step('scoring: an outlying score is flagged, the chair returns it, the member re-scores; the chair finalizes the ranking', async () => {
    // 技术方案 (45) on the cheapest bid: 42, 42 and 20 — 20 is more than 0.2 × 45 from the mean; 商务 (15) 12 each.
    const technical = [42, 42, 20];
    for (const [i, p] of ep.entries()) {
      for (const b of b8) {
        await p.getByTestId(`score-${b}-technical`).fill(String(b === b8[0] ? technical[i] : 30));
        await p.getByTestId(`score-${b}-commercial`).fill(String(b === b8[0] ? 12 : 10));
      }
      await blur(p);
    }
    // 40 (price, the lowest) + 34.67 + 12 in the member's own preview
    await ep[0].getByTestId(`score-total-${b8[0]}`).filter({ hasText: '94.00' }).waitFor();
    for (const p of ep) {
      await submitScores(p);
    }
    for (const p of [...ep, ap]) {
      await stage(p, 'review');
    }
    await ep[0].getByTestId(`total-${b8[0]}`).filter({ hasText: '86.67' }).waitFor();
    await ap.getByTestId(`total-${b8[0]}`).filter({ hasText: '86.67' }).waitFor();
    await expect(ap.locator('[data-testid$=-return]').count()).resolves.toBe(0); // only the chair resolves flags
    await ep[0].screenshot({ path: path.join(SHOTS, 'tenderhall-award-3-review-flag.png'), fullPage: true });

    await ep[0].locator('[data-testid^=flag-][data-testid$=-return]').first().click();
    await ep[0].getByTestId('reason-text').fill('技术方案评分偏低，请复核');
    await ep[0].getByTestId('reason-ok').click();
    for (const p of [...ep, ap]) {
      await stage(p, 'scoring');
    }
    await ep[2].getByTestId('scores-returned').filter({ hasText: '技术方案评分偏低' }).waitFor();
    await ep[1].getByTestId('scores-locked').waitFor();
    expect(await ep[2].getByTestId(`score-${b8[0]}-technical`).inputValue()).toBe('20.00');
    await ep[2].getByTestId(`score-${b8[0]}-technical`).fill('35');
    await blur(ep[2]);
    await ep[2].getByTestId('scores-save').click();
    await ep[2].getByText('已保存').first().waitFor();
    await confirmVia(ep[2].getByTestId('scores-submit'), ep[2].locator('[data-testid=eval-stage][data-stage=review]'));
    for (const p of [...ep, ap]) {
      await stage(p, 'review');
    }
    await ep[0].getByTestId(`total-${b8[0]}`).filter({ hasText: '91.67' }).waitFor(); // 40 + 39.67 + 12
    const ranking = await ap.getByTestId('eval-ranking').innerText();
    const at = bidders.map((b) => ranking.indexOf(b.organizationName ?? '—'));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b)); // cheapest first: 91.67, 60.00, 53.33

    await confirmVia(ep[0].locator('[data-testid=finalize]:not([disabled])'), ep[0].locator('[data-testid=eval-stage][data-stage=signing]'));
    for (const p of [...ep, ap]) {
      await stage(p, 'signing');
    }
    await ep[0].getByTestId('eval-report').waitFor();
  });

  step('signing: two members agree, one dissents with a reason; the report is done and the agency sees the dissent', async () => {
    for (const p of ep.slice(0, 2)) {
      await agreeToReport(p);
      await p.getByTestId('sign-done').waitFor();
    }
    const dissent = '对最低价投标人技术方案的评分有不同意见';
    await ep[2].getByTestId('sign-disagree').click();
    expect(await ep[2].getByTestId('sign-submit').isDisabled()).toBe(true); // a dissent needs its reason
    await ep[2].getByTestId('sign-dissent-text').fill(dissent);
    await confirmVia(ep[2].getByTestId('sign-submit'), ep[2].locator('[data-testid=sign-done], [data-testid=eval-stage][data-stage=done]'));
    for (const p of [...ep, ap]) {
      await stage(p, 'done');
    }
    await ap.getByTestId(`signature-${members[2].id}`).filter({ hasText: '不同意' }).waitFor();
    await ap.getByTestId('eval-done').waitFor();
    expect(await ap.locator('body').innerText()).toContain(dissent);
    await ap.screenshot({ path: path.join(SHOTS, 'tenderhall-award-4-evaluation-done.png'), fullPage: true });
  });

  step('the agency publishes the candidates on its award page; publicity runs on the server clock and holds the award back', async () => {
    await ap.goto(awardUrl());
    await statusTag(ap, '评标结束');
    await ap.getByTestId('candidates-publish').click();
    await ap.getByTestId('candidates-publish-confirm').click();
    await statusTag(ap, '中标候选人公示');
    const publicity = await w.http().get(`/api/tenders/${tenderId}/candidates`);
    expect(publicity.status).toBe(200);
    publicityEndsAt = Date.parse(publicity.body.publicityEndsAt as string);
    expect(publicityEndsAt - w.clock.now().getTime()).toBe(PUBLICITY_MS);

    await ap.getByTestId('publicity-window').waitFor();
    await ap.locator(`[data-testid=publicity-countdown][data-left="${PUBLICITY_MS}"]`).waitFor();
    expect(await ap.getByTestId('publicity-countdown').innerText()).toContain('公示剩余 0天 00:00:03');
    const rows = ap.getByTestId('results-candidates');
    for (const [i, b] of bidders.entries()) {
      expect(await rows.locator(`[data-testid=candidate-${i + 1}]`).innerText()).toContain(b.organizationName);
    }
    expect(await rows.locator('[data-testid=candidate-1]').innerText()).toContain('91.67');
    await ap.locator('[data-testid=award-blocker][data-blocker=PUBLICITY_NOT_OVER]').waitFor();
    await ap.getByTestId('results-link').waitFor();
    await ap.screenshot({ path: path.join(SHOTS, 'tenderhall-award-5-publicity.png'), fullPage: true });
  });

  step('a losing bidder objects on the public results page during publicity; the public sees the objection', async () => {
    await bp.goto(resultsUrl());
    await statusTag(bp, '中标候选人公示');
    await bp.locator('[data-testid=objection-window][data-open=true]').waitFor();
    await bp.locator(`[data-testid=publicity-countdown][data-left="${PUBLICITY_MS}"]`).waitFor();
    const text = '第一中标候选人的技术方案评分畸高，请复核';
    await bp.getByTestId('objection-text').fill(text);
    await bp.getByTestId('objection-submit').click();
    const mine = bp.locator('[data-testid^=objection-][data-answered=false]').filter({ hasText: text });
    await mine.waitFor();
    objectionId = ((await mine.getAttribute('data-testid')) ?? '').replace('objection-', '');
    expect(objectionId).not.toBe('');
    await bp.screenshot({ path: path.join(SHOTS, 'tenderhall-award-6-objection.png'), fullPage: true });

    await pub.goto(resultsUrl());
    await pub.locator(`[data-testid=objection-${objectionId}][data-answered=false]`).filter({ hasText: text }).waitFor();
    await expect(pub.getByTestId('objection-form').count()).resolves.toBe(0);
    await expect(pub.locator(`[data-testid=answer-text-${objectionId}]`).count()).resolves.toBe(0);
    const committee = await pub.getByTestId('results-committee').innerText();
    for (const m of members) {
      const me = await w.http().get('/api/me').set(...bearer(m));
      expect(committee).toContain(me.body.user.displayName as string);
    }
  });

  step('publicity ends by the server clock; the award waits for the answer; the agency answers on its award page', async () => {
    await moveClockTo(publicityEndsAt + 1000);
    await ap.reload();
    await ap.locator('[data-testid=publicity-countdown][data-left="0"]').waitFor();
    await ap.locator('[data-testid=award-blocker][data-blocker=OBJECTION_PENDING]').waitFor();
    const item = ap.locator(`[data-testid=objection-${objectionId}]`);
    expect(await item.innerText()).toContain(bidders[1].organizationName); // the agency sees who objected
    const answer = '经复核，评分符合评标办法，维持评标结果';
    await ap.getByTestId(`answer-text-${objectionId}`).fill(answer);
    await ap.getByTestId(`answer-submit-${objectionId}`).click();
    await ap.locator(`[data-testid=objection-${objectionId}][data-answered=true]`).filter({ hasText: answer }).waitFor();
    await expect(ap.getByTestId('award-blocker').count()).resolves.toBe(0);

    await bp.reload();
    await bp.locator(`[data-testid=objection-${objectionId}][data-answered=true]`).filter({ hasText: answer }).waitFor();
    await bp.locator('[data-testid=objection-window][data-open=false]').waitFor();
    expect(await bp.getByTestId('objection-submit').isDisabled()).toBe(true);
  });

  step('the agency awards the first candidate; the public results page shows the award; the winner has its 中标通知书', async () => {
    expect(await ap.getByTestId('award-form').innerText()).toContain(`第 1 名 · ${bidders[0].organizationName}`);
    await ap.getByTestId('award-submit').click();
    await statusTag(ap, '已定标');
    await ap.getByTestId('results-award').waitFor();
    expect(await ap.getByTestId('award-winner').innerText()).toBe(bidders[0].organizationName);
    await expect(ap.getByTestId('award-form').count()).resolves.toBe(0);

    await pub.goto(resultsUrl());
    await statusTag(pub, '已定标');
    await pub.locator('[data-testid=results-award][data-rank="1"]').waitFor();
    expect(await pub.getByTestId('award-winner').innerText()).toBe(bidders[0].organizationName);
    expect(await pub.getByTestId('results-award').innerText()).toContain('1,000.00');
    const first = await pub.locator('[data-testid=candidate-1]').innerText();
    expect(first).toContain(bidders[0].organizationName);
    expect(first).toContain('中标');
    await pub.screenshot({ path: path.join(SHOTS, 'tenderhall-award-7-results.png'), fullPage: true });

    await wp.goto(`${live!.base}/bidder/notifications`);
    const notice = wp.getByTestId('notification-award_notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('中标通知书');
    await wp.getByText('中标通知书').first().waitFor();
    await wp.screenshot({ path: path.join(SHOTS, 'tenderhall-award-8-winner-notice.png'), fullPage: true });
    await bp.goto(`${live!.base}/bidder/notifications`);
    await bp.getByTestId('notification-result_notice').waitFor();
    await expect(bp.getByTestId('notification-award_notice').count()).resolves.toBe(0);

    await notice.click(); // the notice leads to the results page
    await wp.locator('[data-testid=results-award][data-rank="1"]').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
