import type { RankedBid } from '../../../server/awards';
import { yuanToFen } from '../../../server/db/convert';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler } from '../../../server/opening';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Candidate publicity (中标候选人公示), objections (异议) during it and the award (定标) with its
 * notices (docs/api-contracts.md "Publicity and award"). Sandbox: publicity lasts 3 s.
 */

const silent = createLogger('silent');
const GRACE = 1000;
const PUBLICITY_MS = 3000;

type Outcome = { rank: number; bidderOrganization: string; price: string; total: string | null };

describeEachDialect('candidate publicity and award', (dialect) => {
  const world = useTestWorld(dialect);
  const { keyPem } = makeCsr();
  let agency: TestUser;
  let otherAgency: TestUser;
  let supervisor: TestUser;
  let step = 0; // 10-minute steps: tokens (8 h) stay valid across the suite

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
    otherAgency = await buildUser(world(), 'agency');
    supervisor = await buildUser(world(), 'supervisor');
  });
  beforeEach(() => {
    step += 1;
    world().clock.set(T0 + step * 600_000);
  });

  /** One opening scheduler pass at `at`, waiting for the runs it started. */
  async function passAt(w: TestWorld, at: number): Promise<void> {
    w.clock.set(at);
    const s = createOpeningScheduler({
      db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus,
      onDeadline: w.ctx.opening.onDeadline, dueSessions: w.ctx.opening.dueSessions, nextSessionDue: w.ctx.opening.nextSessionDue,
    });
    await s.runDue();
    await s.settled();
  }

  /**
   * A tender `opened` through the API: 3 bids at 1000.00, 2000.00 and 3000.00 (bidders 0-2), a 4th
   * bidder registered without a bid, every bidder in the record confirmed.
   */
  async function openedTender() {
    const w = world();
    const tender = await buildTender(w, agency);
    const bidders: ReadyBidder[] = [];
    for (let i = 0; i < 4; i++) {
      bidders.push(await readyBidder(w, tender.id, { keyPem }));
    }
    for (let i = 0; i < 3; i++) {
      expect((await putBid(w, tender.id, bidders[i], await sealedBidFor(w, tender.id, bidders[i], { price: `${1000 * (i + 1)}.00` }))).status).toBe(201);
    }
    await passAt(w, Date.parse(tender.bidDeadline as string) + GRACE);
    for (let i = 0; i < 3; i++) {
      expect((await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[i])).status).toBe(200);
    }
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('opened');
    return { tender, bidders };
  }

  /**
   * Stands in for the evaluation, which has its own tests: the tender becomes `evaluated` and its
   * session `done` with a result built from the opening record (bid = commitment sha256, price from
   * opening_bids.items.price). Totals: price score lowest/price × 40 plus the subjective points given
   * in order of price, in hundredths.
   */
  async function evaluatedTender(subjective = [5150, 5500, 5200]) {
    const w = world();
    const { tender, bidders } = await openedTender();
    const rows: { sha256: string; bidder_id: string; bidder_organization: string; items: string }[] = await w.ctx
      .db('opening_bids as b')
      .join('opening_commitments as c', (j) => j.on('c.tender_id', 'b.tender_id').andOn('c.bid_id', 'b.bid_id'))
      .where('b.tender_id', tender.id)
      .select('c.sha256', 'b.bidder_id', 'b.bidder_organization', 'b.items');
    const bids = rows
      .map((r) => ({ bid: r.sha256, bidderId: r.bidder_id, bidderOrganization: r.bidder_organization, priceFen: yuanToFen(JSON.parse(r.items).price as string) }))
      .sort((a, b) => a.priceFen - b.priceFen);
    const lowest = bids[0].priceFen;
    const ranking: RankedBid[] = bids
      .map((b, i) => ({ ...b, rank: 0, total: Math.round((lowest * 4000) / b.priceFen) + subjective[i] }))
      .sort((a, b) => (b.total as number) - (a.total as number))
      .map((b, i) => ({ ...b, rank: i + 1 }));
    const now = w.clock.now().getTime();
    await w.ctx.db('tenders').where({ id: tender.id }).update({ status: 'evaluated', updated_at: now });
    await w.ctx.db('evaluation_sessions').insert({ tender_id: tender.id, stage: 'done', result: JSON.stringify({ ranking, candidates: ranking.slice(0, 3) }), updated_at: now });
    return { tender, bidders, ranking };
  }

  async function publishedTender(subjective?: number[]) {
    const evaluated = await evaluatedTender(subjective);
    const res = await post(`/api/tenders/${evaluated.tender.id}/candidates/publish`, agency);
    expect(res.status).toBe(200);
    return { ...evaluated, endsAt: Date.parse(res.body.publicityEndsAt as string) };
  }

  const post = (path: string, who: TestUser, body?: unknown) => {
    const req = world().http().post(path).set(...bearer(who));
    return body === undefined ? req : req.send(body as object);
  };
  const get = (path: string, who?: TestUser) => (who ? world().http().get(path).set(...bearer(who)) : world().http().get(path));
  const errorOf = (res: { status: number; body: { error?: { code: string } } }) => [res.status, res.body.error?.code];
  const auditOf = async (tenderId: string) => world().ctx.audit.listForTender(world().ctx.db, tenderId, { includeSealed: true });
  const notificationsOf = async (who: TestUser, tenderId: string) =>
    ((await get('/api/me/notifications', who)).body.items as { tenderId: string; kind: string; title: string }[]).filter((n) => n.tenderId === tenderId);

  it('runs the full path: publish → objection → answer → award to the first candidate, with notices and audit entries', async () => {
    const w = world();
    const { tender, bidders, ranking } = await evaluatedTender();
    expect(errorOf(await get(`/api/tenders/${tender.id}/candidates`))).toEqual([404, 'NOT_FOUND']);
    expect((await post(`/api/tenders/${tender.id}/candidates/publish`, otherAgency)).status).toBe(403);
    expect((await post(`/api/tenders/${tender.id}/candidates/publish`, bidders[0])).status).toBe(403);

    const published = await post(`/api/tenders/${tender.id}/candidates/publish`, agency);
    expect(published.status).toBe(200);
    const now = w.clock.now().getTime();
    const candidates: Outcome[] = [
      { rank: 1, bidderOrganization: bidders[0].organizationName as string, price: '1000.00', total: '91.50' },
      { rank: 2, bidderOrganization: bidders[1].organizationName as string, price: '2000.00', total: '75.00' },
      { rank: 3, bidderOrganization: bidders[2].organizationName as string, price: '3000.00', total: '65.33' },
    ];
    expect(published.body).toEqual({
      tenderId: tender.id, publishedAt: new Date(now).toISOString(), publicityEndsAt: new Date(now + PUBLICITY_MS).toISOString(), candidates, committee: [], objections: [],
    });
    expect(ranking.map((r) => r.bidderId)).toEqual(bidders.slice(0, 3).map((b) => b.id));
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('publicity');
    expect(errorOf(await post(`/api/tenders/${tender.id}/candidates/publish`, agency))).toEqual([409, 'EVALUATION_STAGE']);

    w.clock.set(now + 1000);
    const objected = await post(`/api/tenders/${tender.id}/candidates/objections`, bidders[1], { text: '第一中标候选人的项目经理有在建项目' });
    expect(objected.status).toBe(201);
    const objection = objected.body.objection as { id: string };
    expect(objection).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/), text: '第一中标候选人的项目经理有在建项目', raisedAt: w.clock.now().toISOString(), answer: null, answeredAt: null,
      bidderOrganization: bidders[1].organizationName,
    });
    // The public page shows the objection, not who raised it; the agency and supervisors see the objector.
    const { bidderOrganization: _objector, ...publicObjection } = objected.body.objection;
    expect((await get(`/api/tenders/${tender.id}/candidates`)).body.objections).toEqual([publicObjection]);
    expect((await get(`/api/tenders/${tender.id}/candidates`, supervisor)).body.objections).toEqual([objected.body.objection]);

    w.clock.set(now + PUBLICITY_MS);
    expect(errorOf(await post(`/api/tenders/${tender.id}/award`, agency, {}))).toEqual([409, 'OBJECTION_PENDING']);
    expect((await post(`/api/tenders/${tender.id}/candidates/objections/${objection.id}/answer`, bidders[0], { text: '无' })).status).toBe(403);
    expect((await post(`/api/tenders/${tender.id}/candidates/objections/${objection.id}/answer`, otherAgency, { text: '无' })).status).toBe(403);
    const answered = await post(`/api/tenders/${tender.id}/candidates/objections/${objection.id}/answer`, agency, { text: '经核查，该项目经理无在建项目' });
    expect(answered.status).toBe(200);
    expect(answered.body.objection).toMatchObject({ id: objection.id, answer: '经核查，该项目经理无在建项目', answeredAt: w.clock.now().toISOString() });
    expect(errorOf(await post(`/api/tenders/${tender.id}/candidates/objections/${objection.id}/answer`, agency, { text: '再答' }))).toEqual([409, 'CONFLICT']);

    const awarded = await post(`/api/tenders/${tender.id}/award`, agency, {});
    expect(awarded.status).toBe(200);
    const award = { tenderId: tender.id, rank: 1, bidderOrganization: bidders[0].organizationName, price: '1000.00', awardedAt: w.clock.now().toISOString(), reason: null };
    expect(awarded.body).toEqual(award);
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('awarded');
    expect(await w.ctx.db('awards').where({ tender_id: tender.id })).toEqual([
      expect.objectContaining({ rank: 1, bid_sha256: ranking[0].bid, bidder_id: bidders[0].id, price: 100000, reason: null, awarded_by: agency.id }),
    ]);
    expect(await get(`/api/tenders/${tender.id}/award`)).toMatchObject({ status: 200, body: award });
    expect(errorOf(await post(`/api/tenders/${tender.id}/award`, agency, {}))).toEqual([409, 'EVALUATION_STAGE']);

    expect(await notificationsOf(bidders[0], tender.id)).toEqual([expect.objectContaining({ kind: 'award_notice', title: `中标通知书：${tender.title as string}` })]);
    for (const loser of [bidders[1], bidders[2]]) {
      expect(await notificationsOf(loser, tender.id)).toEqual([expect.objectContaining({ kind: 'result_notice', title: `中标结果通知书：${tender.title as string}` })]);
    }
    expect(await notificationsOf(bidders[3], tender.id)).toEqual([]);

    const events = (await auditOf(tender.id)).filter((e) => e.action.startsWith('candidates.') || e.action.startsWith('award.'));
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['candidates.published', agency.id],
      ['candidates.objection-raised', bidders[1].id],
      ['candidates.objection-answered', agency.id],
      ['award.made', agency.id],
    ]);
    expect(events[0].payload).toEqual({ publicityEndsAt: published.body.publicityEndsAt, candidates });
    expect(events[3].payload).toEqual({
      rank: 1, bid: ranking[0].bid, bidderOrganization: bidders[0].organizationName, price: '1000.00', reason: null, notified: { awardNotice: 1, resultNotices: 2 },
    });
  });

  it('refuses the award at the last millisecond of publicity (409 PUBLICITY_NOT_OVER) and makes it at publicityEndsAt', async () => {
    const w = world();
    const { tender, endsAt } = await publishedTender();
    w.clock.set(endsAt - 1);
    expect(errorOf(await post(`/api/tenders/${tender.id}/award`, agency, { rank: 1 }))).toEqual([409, 'PUBLICITY_NOT_OVER']);
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('publicity');
    expect(await w.ctx.db('awards').where({ tender_id: tender.id })).toEqual([]);
    expect((await auditOf(tender.id)).map((e) => e.action)).not.toContain('award.made');

    w.clock.set(endsAt);
    expect((await post(`/api/tenders/${tender.id}/award`, agency, { rank: 1 })).status).toBe(200);
  });

  it('keeps the candidates public for 3 days under a tender published with the cn-law rule set', async () => {
    const w = world();
    const { tender } = await evaluatedTender();
    // The rule set recorded with the tender decides, not the platform's current one (sandbox here).
    await w.ctx.db('tenders').where({ id: tender.id }).update({ rule_set: 'cn-law' });
    const res = await post(`/api/tenders/${tender.id}/candidates/publish`, agency);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.publicityEndsAt as string) - Date.parse(res.body.publishedAt as string)).toBe(3 * 24 * 3600 * 1000);
  });

  it('awards another candidate than the first only with a reason; the notices follow the winner', async () => {
    const w = world();
    const { tender, bidders, ranking, endsAt } = await publishedTender();
    w.clock.set(endsAt);
    const noReason = await post(`/api/tenders/${tender.id}/award`, agency, { rank: 2 });
    expect(errorOf(noReason)).toEqual([400, 'VALIDATION']);
    expect(noReason.body.error.fields).toEqual([{ path: 'reason', message: expect.any(String) }]);
    const noSuchRank = await post(`/api/tenders/${tender.id}/award`, agency, { rank: 4, reason: '前三名均放弃' });
    expect(errorOf(noSuchRank)).toEqual([400, 'VALIDATION']);
    expect(noSuchRank.body.error.fields).toEqual([{ path: 'rank', message: expect.any(String) }]);
    expect(errorOf(await post(`/api/tenders/${tender.id}/award`, agency, { rank: 2, reason: '理由', winner: 'x' }))).toEqual([400, 'VALIDATION']);
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('publicity');

    const reason = '第一中标候选人放弃中标（招标投标法实施条例第五十五条）';
    const awarded = await post(`/api/tenders/${tender.id}/award`, agency, { rank: 2, reason });
    expect(awarded.status).toBe(200);
    expect(awarded.body).toMatchObject({ rank: 2, bidderOrganization: bidders[1].organizationName, price: '2000.00', reason });
    expect(await w.ctx.db('awards').where({ tender_id: tender.id }).first()).toMatchObject({ rank: 2, bid_sha256: ranking[1].bid, bidder_id: bidders[1].id, reason });
    expect((await notificationsOf(bidders[1], tender.id)).map((n) => n.kind)).toEqual(['award_notice']);
    expect((await notificationsOf(bidders[0], tender.id)).map((n) => n.kind)).toEqual(['result_notice']);
    expect((await notificationsOf(bidders[2], tender.id)).map((n) => n.kind)).toEqual(['result_notice']);
    const made = (await auditOf(tender.id)).find((e) => e.action === 'award.made');
    expect(made?.payload).toMatchObject({ rank: 2, reason });
  });

  it('takes objections only from bidders whose bid was opened, and only while now < publicityEndsAt', async () => {
    const w = world();
    const { tender, bidders, endsAt } = await publishedTender();
    const outsider = await buildUser(w, 'bidder');
    const path = `/api/tenders/${tender.id}/candidates/objections`;
    const text = { text: '对评标结果有异议' };
    expect(errorOf(await post(path, outsider, text))).toEqual([403, 'FORBIDDEN']);
    // Registered, but no bid in the opening record.
    expect(errorOf(await post(path, bidders[3], text))).toEqual([403, 'FORBIDDEN']);
    expect((await post(path, agency, text)).status).toBe(403);
    expect((await w.http().post(path).send(text)).status).toBe(401);
    expect(errorOf(await post(path, bidders[2], { text: '' }))).toEqual([400, 'VALIDATION']);
    expect(errorOf(await post(path, bidders[2], { text: 'x'.repeat(2001) }))).toEqual([400, 'VALIDATION']);

    w.clock.set(endsAt - 1);
    expect((await post(path, bidders[2], { text: 'x'.repeat(2000) })).status).toBe(201);
    w.clock.set(endsAt);
    expect(errorOf(await post(path, bidders[1], text))).toEqual([409, 'EVALUATION_STAGE']);
    expect(await w.ctx.db('publicity_objections').where({ tender_id: tender.id })).toHaveLength(1);
  });

  it('refuses objections and the award before the candidates are published', async () => {
    const { tender, bidders } = await evaluatedTender();
    expect(errorOf(await post(`/api/tenders/${tender.id}/candidates/objections`, bidders[1], { text: '异议' }))).toEqual([409, 'EVALUATION_STAGE']);
    expect(errorOf(await post(`/api/tenders/${tender.id}/award`, agency, {}))).toEqual([409, 'EVALUATION_STAGE']);
    expect(errorOf(await get(`/api/tenders/${tender.id}/award`))).toEqual([404, 'NOT_FOUND']);
    const opened = await openedTender();
    expect(errorOf(await post(`/api/tenders/${opened.tender.id}/candidates/publish`, agency))).toEqual([409, 'EVALUATION_STAGE']);
  });

  it('the public page names the committee members by seat (not the reserves) and no account or bid ids', async () => {
    const w = world();
    const { tender, bidders, ranking } = await evaluatedTender();
    const [second, first, reserve] = [await buildUser(w, 'evaluator'), await buildUser(w, 'evaluator'), await buildUser(w, 'evaluator')];
    await w.ctx.db('committee_members').insert([
      { tender_id: tender.id, user_id: second.id, seat: 2, kind: 'member' },
      { tender_id: tender.id, user_id: first.id, seat: 1, kind: 'member' },
      { tender_id: tender.id, user_id: reserve.id, seat: 3, kind: 'reserve' },
    ]);
    expect((await post(`/api/tenders/${tender.id}/candidates/publish`, agency)).status).toBe(200);
    const page = await get(`/api/tenders/${tender.id}/candidates`);
    expect(page.status).toBe(200);
    const names = async (u: TestUser) => (await w.ctx.auth.getUser(u.id))?.displayName;
    expect(page.body.committee).toEqual([await names(first), await names(second)]);
    const text = JSON.stringify(page.body);
    for (const id of [...bidders.map((b) => b.id), ...ranking.map((r) => r.bid), first.id]) {
      expect(text).not.toContain(id);
    }
    expect(page.body.candidates[0]).toEqual({ rank: 1, bidderOrganization: bidders[0].organizationName, price: '1000.00', total: '91.50' });
  });
});
