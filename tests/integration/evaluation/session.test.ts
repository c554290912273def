import type { Socket } from 'socket.io-client';
import { evaluationNamespace } from '../../../server/evaluation';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler } from '../../../server/opening';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { startLiveServer, type LiveServer } from '../../support/realtime';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * The evaluation session (issue 5 points 3-7): a 5-member committee elects its chair, reviews
 * compliance by majority, scores, sees deviations flagged to the chair, returns a member's scores,
 * ranks, and signs the report (one dissent) — over HTTP, with the /evaluation room watching.
 */

const silent = createLogger('silent');
const GRACE = 1000;
const SPECIALTY = '市政道路工程';

type View = Record<string, unknown> & { stage: string; bids: { sha256: string; bidderOrganization: string }[]; members: { userId: string; chair: boolean; present: boolean }[] };

describeEachDialect('the evaluation session', (dialect) => {
  const world = useTestWorld(dialect);
  const { keyPem } = makeCsr();
  let agency: TestUser;
  let admin: TestUser;
  let supervisor: TestUser;
  let experts: TestUser[];

  beforeAll(async () => {
    const w = world();
    w.clock.set(T0);
    agency = await buildUser(w, 'agency');
    admin = await buildUser(w, 'admin');
    supervisor = await buildUser(w, 'supervisor');
    experts = [];
    for (let i = 0; i < 6; i++) {
      const e = await buildUser(w, 'evaluator');
      const res = await w.http().put(`/api/admin/experts/${e.id}`).set(...bearer(admin)).send({ specialties: [SPECIALTY], available: true });
      expect(res.status).toBe(200);
      experts.push(e);
    }
  });

  const post = (path: string, who: TestUser, body?: object) => world().http().post(path).set(...bearer(who)).send(body);
  const put = (path: string, who: TestUser, body: object) => world().http().put(path).set(...bearer(who)).send(body);
  const viewOf = async (tenderId: string, who: TestUser): Promise<View> => {
    const res = await world().http().get(`/api/tenders/${tenderId}/evaluation`).set(...bearer(who));
    expect(res.status).toBe(200);
    return res.body as View;
  };

  /** A tender opened with `n` valid bids priced 1000.00, 2000.00, …, every bidder having confirmed the record. */
  async function openedTender(n: number): Promise<{ tenderId: string; bidders: ReadyBidder[] }> {
    const w = world();
    const tender = await buildTender(w, agency);
    const bidders: ReadyBidder[] = [];
    for (let i = 0; i < n; i++) {
      const b = await readyBidder(w, tender.id, { keyPem });
      expect((await putBid(w, tender.id, b, await sealedBidFor(w, tender.id, b, { price: `${1000 * (i + 1)}.00` }))).status).toBe(201);
      bidders.push(b);
    }
    w.clock.set(Date.parse(tender.bidDeadline as string) + GRACE);
    const scheduler = createOpeningScheduler({ db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline });
    await scheduler.runDue();
    await scheduler.settled();
    for (const b of bidders) {
      expect((await post(`/api/tenders/${tender.id}/opening/confirm`, b)).status).toBe(200);
    }
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('opened');
    return { tenderId: tender.id, bidders };
  }

  async function committeeOf(tenderId: string, size = 5): Promise<TestUser[]> {
    const res = await post(`/api/tenders/${tenderId}/committee`, agency, { size, specialties: [SPECIALTY], reserves: 1 });
    expect(res.status).toBe(201);
    return (res.body.members as { userId: string }[]).map((m) => experts.find((e) => e.id === m.userId) as TestUser);
  }

  it('takes an opened tender to awarded: chair election, compliance by majority, scoring with a flagged deviation returned for review, ranking, signatures, publicity and award', async () => {
    const w = world();
    const { tenderId, bidders } = await openedTender(4);
    const members = await committeeOf(tenderId);
    const [chair, m1, m2, m3, m4] = members;
    const evalPath = `/api/tenders/${tenderId}/evaluation`;
    // All five sit in the live room (socket.io-client) for the whole session.
    const live = await startLiveServer(w, { evaluation: evaluationNamespace(w.ctx.evaluation) });
    const heard = await Promise.all(
      members.map(async (m) => {
        const socket = live.client('evaluation', m);
        const events: { seq: number; type: string; payload: Record<string, unknown> }[] = [];
        socket.on('event', (e: { seq: number; type: string; payload: Record<string, unknown> }) => events.push(e));
        const ack = await socket.timeout(5000).emitWithAck('join', { tenderId });
        expect(ack.snapshot).toMatchObject({ stage: 'chair', me: { role: 'member', userId: m.id } });
        return events;
      }),
    );
    // The room's snapshot is the HTTP view with its seq; members in the room are present.
    const snapshot = (await live.client('evaluation', chair).timeout(5000).emitWithAck('join', { tenderId })).snapshot as View & { seq: number };
    const { seq, ...snapshotView } = snapshot;
    expect(typeof seq).toBe('number');
    const httpView = await viewOf(tenderId, chair);
    expect(snapshotView).toEqual(httpView);
    expect(httpView.members.map((m) => m.present)).toEqual([true, true, true, true, true]);
    expect(httpView).toMatchObject({ scores: { mine: [], all: null, locked: true }, results: null, ranking: null, candidates: null, report: null });

    // Outsiders: bidders and evaluators outside the committee see nothing.
    expect([403, 404]).toContain((await w.http().get(evalPath).set(...bearer(bidders[0]))).status);
    const outsider = experts.find((e) => !members.includes(e)) as TestUser;
    expect((await w.http().get(evalPath).set(...bearer(outsider))).status).toBe(403);
    expect((await w.http().get(evalPath)).status).toBe(401);

    // Chair: a majority (3 of 5) elects.
    expect((await post(`${evalPath}/chair`, chair, { userId: chair.id })).body).toEqual({ chairId: null });
    expect((await post(`${evalPath}/chair`, m1, { userId: chair.id })).body).toEqual({ chairId: null });
    expect((await post(`${evalPath}/chair`, m2, { userId: outsider.id })).status).toBe(400);
    expect((await post(`${evalPath}/chair`, m2, { userId: chair.id })).body).toEqual({ chairId: chair.id });
    const afterChair = await viewOf(tenderId, m3);
    expect(afterChair.stage).toBe('compliance');
    expect(afterChair.members.find((m) => m.chair)?.userId).toBe(chair.id);

    // Compliance: the lowest bid fails qualification for 3 of 5 members (majority) → leaves the scoring;
    // the second fails for 2 of 5 → stays.
    const view = await viewOf(tenderId, chair);
    const bidOf = (b: ReadyBidder) => (view.bids.find((x) => x.bidderOrganization === b.organizationName) as { sha256: string }).sha256;
    const [cheapest, second, third, fourth] = bidders.map(bidOf);
    const items = ['qualification', 'signature', 'price_limit', 'duration'];
    for (const [i, m] of members.entries()) {
      const entries = [cheapest, second, third, fourth].flatMap((bid) =>
        items.map((item) => {
          const fail = item === 'qualification' && ((bid === cheapest && i < 3) || (bid === second && i >= 3));
          return fail ? { bid, item, pass: false, reason: '资质证书已过期' } : { bid, item, pass: true };
        }),
      );
      if (i === 0) {
        const early = await post(`${evalPath}/compliance/submit`, m);
        expect([early.status, early.body.error.code]).toEqual([400, 'VALIDATION']);
        const noReason = await put(`${evalPath}/compliance`, m, { entries: [{ bid: cheapest, item: 'qualification', pass: false }] });
        expect(noReason.body.error.fields).toEqual([{ path: 'entries.0.reason', message: 'a fail needs a reason' }]);
      }
      expect((await put(`${evalPath}/compliance`, m, { entries })).status).toBe(200);
      expect((await post(`${evalPath}/compliance/submit`, m)).status).toBe(200);
    }
    const scoring = await viewOf(tenderId, chair);
    expect(scoring.stage).toBe('scoring');
    const decisions = (scoring.compliance as { result: { bid: string; passed: boolean; failedItems: { item: string; reasons: string[] }[] }[] }).result;
    expect(decisions.find((d) => d.bid === cheapest)).toMatchObject({ passed: false, failedItems: [{ item: 'qualification', reasons: ['资质证书已过期', '资质证书已过期', '资质证书已过期'] }] });
    expect(decisions.filter((d) => d.passed).map((d) => d.bid).sort()).toEqual([second, third, fourth].sort());

    // Scoring: the computed price criterion cannot be typed; out-of-range and non-compliant bids are refused.
    const bad = await put(`${evalPath}/scores`, m1, { entries: [{ bid: second, criterion: 'price', score: '40' }, { bid: second, criterion: 'technical', score: '45.01' }, { bid: cheapest, criterion: 'technical', score: '1' }] });
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['entries.0.criterion', 'entries.1.score', 'entries.2.bid']);
    const scoreSheet = (technical: Record<string, string>) =>
      [second, third, fourth].flatMap((bid) => [{ bid, criterion: 'technical', score: technical[bid] }, { bid, criterion: 'commercial', score: '12' }]);
    const usual = { [second]: '40', [third]: '38', [fourth]: '30' };
    for (const m of [chair, m1, m2, m3]) {
      expect((await put(`${evalPath}/scores`, m, { entries: scoreSheet(usual) })).status).toBe(200);
      expect((await post(`${evalPath}/scores/submit`, m)).status).toBe(200);
    }
    // Before aggregation a member sees only its own scores.
    const midway = await viewOf(tenderId, m1);
    expect((midway.scores as { all: unknown; locked: boolean })).toMatchObject({ all: null, locked: true });
    expect((midway.scores as { mine: unknown[] }).mine).toContainEqual({ member: m1.id, bid: second, criterion: 'technical', score: '40.00' });
    expect(((await viewOf(tenderId, m4)).scores as { locked: boolean }).locked).toBe(false);
    expect((await viewOf(tenderId, agency)).scores).toEqual({ mine: [], all: null, locked: true });
    // m4 types 10 for the second bid's technical: far from the others' 40.
    expect((await put(`${evalPath}/scores`, m4, { entries: scoreSheet({ ...usual, [second]: '10' }) })).body.entries).toContainEqual({ member: m4.id, bid: second, criterion: 'technical', score: '10.00' });
    expect((await post(`${evalPath}/scores/submit`, m4)).status).toBe(200);
    expect((await put(`${evalPath}/scores`, m4, { entries: scoreSheet(usual) })).body.error.code).toBe('EVALUATION_STAGE');

    const review = await viewOf(tenderId, chair);
    expect(review.stage).toBe('review');
    const flags = review.flags as { id: string; member: string; bid: string; criterion: string; score: string; mean: string; raisedAt: string }[];
    // mean of 40,40,40,40,10 = 34.00; |10 − 34| = 24 > 0.2 × 45 = 9; |40 − 34| = 6 is within.
    expect(flags.map(({ member, bid, criterion, score, mean }) => ({ member, bid, criterion, score, mean }))).toEqual([{ member: m4.id, bid: second, criterion: 'technical', score: '10.00', mean: '34.00' }]);
    expect(flags[0].raisedAt).toBe(new Date(w.ctx.clock.now().getTime()).toISOString());
    expect((review.scores as { mine: { score: string }[]; locked: boolean }).locked).toBe(true);
    expect((await post(`${evalPath}/finalize`, chair)).body.error.code).toBe('EVALUATION_STAGE');
    expect((await post(`${evalPath}/flags/${flags[0].id}/resolve`, m1, { resolution: 'kept', note: '同意' })).status).toBe(403);
    expect((await post(`${evalPath}/flags/${flags[0].id}/resolve`, chair, { resolution: 'returned', note: '技术分偏离过大，请复核' })).status).toBe(204);
    const returned = await viewOf(tenderId, m4);
    expect(returned.stage).toBe('scoring');
    expect(returned.members.find((m) => m.userId === m4.id)).toMatchObject({ scoresSubmittedAt: null, returned: '技术分偏离过大，请复核' });
    await put(`${evalPath}/scores`, m4, { entries: scoreSheet({ ...usual, [second]: '39' }) });
    expect((await post(`${evalPath}/scores/submit`, m4)).status).toBe(200);

    const ranked = await viewOf(tenderId, agency);
    expect(ranked.stage).toBe('review');
    expect(ranked.flags).toHaveLength(1);
    // second: price 2000 is the base → 40.00; technical (40×4+39)/5 = 39.80; commercial 12 → 91.80.
    // third: 2000/3000 × 40 = 26.67 + 38 + 12 = 76.67; fourth: 20.00 + 30 + 12 = 62.00.
    expect((ranked.ranking as { rank: number; bid: string; total: string; price: string }[]).map(({ rank, bid, total, price }) => [rank, bid, total, price])).toEqual([
      [1, second, '91.80', '2000.00'],
      [2, third, '76.67', '3000.00'],
      [3, fourth, '62.00', '4000.00'],
    ]);
    expect(ranked.candidates).toEqual([
      { rank: 1, bid: second, bidderOrganization: bidders[1].organizationName, price: '2000.00', total: '91.80' },
      { rank: 2, bid: third, bidderOrganization: bidders[2].organizationName, price: '3000.00', total: '76.67' },
      { rank: 3, bid: fourth, bidderOrganization: bidders[3].organizationName, price: '4000.00', total: '62.00' },
    ]);
    const results = ranked.results as { basePrice: string; results: { bid: string; price: string; criteria: { criterion: string; weight: string; mean: string }[]; total: string }[] };
    expect(results.basePrice).toBe('2000.00');
    expect(results.results.find((r) => r.bid === second)).toMatchObject({
      price: '2000.00', total: '91.80', criteria: [{ criterion: 'price', weight: '40.00', mean: '40.00' }, { criterion: 'technical', weight: '45.00', mean: '39.80' }, { criterion: 'commercial', weight: '15.00', mean: '12.00' }],
    });
    expect(ranked.report).toBeNull();
    expect((await post(`${evalPath}/reject-all`, chair, { reason: '竞争不足' })).body.error.code).toBe('EVALUATION_STAGE');

    expect((await post(`${evalPath}/finalize`, chair)).status).toBe(204);
    const signing = await viewOf(tenderId, m2);
    expect(signing.stage).toBe('signing');
    expect(signing.report).toEqual((await w.http().get(`${evalPath}/report`).set(...bearer(m2))).body);
    expect((await post(`${evalPath}/sign`, m1, { agree: false })).body.error.fields[0].path).toBe('dissent');
    for (const m of [chair, m1, m2, m3]) {
      expect((await post(`${evalPath}/sign`, m, { agree: true })).status).toBe(200);
    }
    expect((await w.ctx.tenders.get(tenderId)).status).toBe('evaluating');
    expect((await post(`${evalPath}/sign`, m4, { agree: false, dissent: '第二名技术方案评分偏高，保留意见' })).status).toBe(200);
    expect((await w.ctx.tenders.get(tenderId)).status).toBe('evaluated');

    const report = await w.http().get(`${evalPath}/report`).set(...bearer(supervisor));
    expect(report.status).toBe(200);
    expect(report.body.members).toHaveLength(5);
    expect(report.body.candidates).toEqual(ranked.candidates);
    expect(report.body.bids.map((b: { sha256: string }) => b.sha256).sort()).toEqual([cheapest, second, third, fourth].sort());
    expect(report.body.flags[0]).toMatchObject({ resolution: 'returned', note: '技术分偏离过大，请复核', score: '10.00', mean: '34.00', raisedAt: flags[0].raisedAt });
    expect(report.body.flags[0].resolvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(report.body.signatures).toHaveLength(5);
    expect(report.body.signatures.find((s: { userId: string }) => s.userId === m4.id)).toMatchObject({ agree: false, dissent: '第二名技术方案评分偏高，保留意见' });
    expect(report.body.scores).toHaveLength(5 * 3 * 2);
    const actions = (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['evaluation.chair-elected', 'evaluation.compliance-decided', 'evaluation.aggregated', 'evaluation.flag-resolved', 'evaluation.scores-returned', 'evaluation.report-signed', 'evaluation.completed']));
    const result = JSON.parse((await w.ctx.db('evaluation_sessions').where({ tender_id: tenderId }).first()).result);
    expect(result.candidates[0]).toMatchObject({ rank: 1, bid: second, bidderId: bidders[1].id, priceFen: 200_000, total: 9180 });

    // On to the award through the API: publicity (sandbox: 3 s) and the award of the first candidate.
    const published = await post(`/api/tenders/${tenderId}/candidates/publish`, agency);
    expect(published.status).toBe(200);
    const publicPage = await w.http().get(`/api/tenders/${tenderId}/candidates`);
    expect(publicPage.body.candidates.map((c: { rank: number; bidderOrganization: string; total: string }) => [c.rank, c.bidderOrganization, c.total])).toEqual([
      [1, bidders[1].organizationName, '91.80'],
      [2, bidders[2].organizationName, '76.67'],
      [3, bidders[3].organizationName, '62.00'],
    ]);
    expect(publicPage.body.committee).toHaveLength(5);
    expect((await post(`/api/tenders/${tenderId}/award`, agency, {})).body.error.code).toBe('PUBLICITY_NOT_OVER');
    w.clock.set(Date.parse(publicPage.body.publicityEndsAt));
    const award = await post(`/api/tenders/${tenderId}/award`, agency, {});
    expect(award.status).toBe(200);
    expect(award.body).toMatchObject({ rank: 1, bidderOrganization: bidders[1].organizationName, price: '2000.00' });
    expect((await w.ctx.tenders.get(tenderId)).status).toBe('awarded');
    const notices = await w.http().get('/api/me/notifications').set(...bearer(bidders[1]));
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toContain('award_notice');

    // Every member heard the same session live, in order: each stage change, each submission, the flag.
    for (let i = 0; i < 100 && heard.some((events) => !events.some((e) => e.type === 'stage-changed' && e.payload.to === 'done')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await live.close();
    const stages = heard[0].filter((e) => e.type === 'stage-changed').map((e) => `${String(e.payload.from)}→${String(e.payload.to)}`);
    expect(stages).toEqual(['chair→compliance', 'compliance→scoring', 'scoring→review', 'review→scoring', 'scoring→review', 'review→signing', 'signing→done']);
    expect(heard[0].filter((e) => e.type === 'member-submitted')).toHaveLength(5 + 5 + 1);
    expect(heard[0].filter((e) => e.type === 'report-signed')).toHaveLength(5);
    expect(heard[0].filter((e) => e.type === 'deviation-flagged')).toHaveLength(1);
    for (const events of heard) {
      expect(events.map((e) => e.seq)).toEqual(heard[0].map((e) => e.seq));
    }

    // Every step left its signed record (DESIGN §7), each for its readers.
    await w.ctx.records.drain();
    const kindsFor = async (who?: TestUser): Promise<string[]> => {
      const req = w.http().get(`/api/tenders/${tenderId}/records`);
      return ((who ? await req.set(...bearer(who)) : await req).body.items as { kind: string }[]).map((r) => r.kind).sort();
    };
    expect(await kindsFor(agency)).toEqual(['candidate_publicity', 'evaluation_report', 'opening_record']);
    expect(await kindsFor(m2)).toEqual(['candidate_publicity', 'evaluation_report', 'opening_record']);
    expect(await kindsFor(bidders[1])).toEqual(['award_notice', 'candidate_publicity', 'opening_record', 'receipt']);
    expect(await kindsFor(bidders[2])).toEqual(['candidate_publicity', 'opening_record', 'receipt', 'result_notice']);
    expect(await kindsFor()).toEqual(['candidate_publicity']);
    const stuck = await w.ctx.db('records').where({ tender_id: tenderId }).whereNot({ status: 'issued' });
    expect(stuck).toEqual([]);
  });

  it('lets the chair reject all bids (否决所有投标) with fewer than 3 compliant; the tender fails', async () => {
    const w = world();
    const { tenderId } = await openedTender(3);
    const members = await committeeOf(tenderId);
    const evalPath = `/api/tenders/${tenderId}/evaluation`;
    for (const m of members.slice(0, 3)) {
      await post(`${evalPath}/chair`, m, { userId: members[0].id });
    }
    const bids = (await viewOf(tenderId, members[0])).bids.map((b) => b.sha256);
    // Members read the tender documents (招标文件) they evaluate against; other evaluators may not.
    expect((await w.http().get(`/api/tenders/${tenderId}/documents`).set(...bearer(members[1]))).status).toBe(200);
    expect((await w.http().get(`/api/tenders/${tenderId}/documents`).set(...bearer(experts.find((e) => !members.includes(e)) as TestUser))).status).toBe(403);
    // Members read the decrypted bid documents; every read is audited; others may not.
    const docs = await w.http().get(`${evalPath}/bids/${bids[0]}/documents`).set(...bearer(members[1]));
    expect(docs.status).toBe(200);
    expect(docs.body.items.map((d: { name: string }) => d.name)).toEqual(['技术标.txt', '附件.bin']);
    const file = await w.http().get(`${evalPath}/bids/${bids[0]}/documents/${encodeURIComponent('技术标.txt')}`).set(...bearer(members[1])).buffer(true);
    expect([file.status, Buffer.from(file.body as Buffer).toString('utf8')]).toEqual([200, '施工组织设计。']);
    expect((await w.http().get(`${evalPath}/bids/${bids[0]}/documents`).set(...bearer(agency))).status).toBe(403);
    expect((await w.http().get(`${evalPath}/bids/${bids[0]}/documents`).set(...bearer(experts.find((e) => !members.includes(e)) as TestUser))).status).toBe(403);
    expect((await w.http().get(`${evalPath}/bids/${'0'.repeat(64)}/documents`).set(...bearer(members[1]))).status).toBe(404);
    const reads = (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).filter((e) => e.action === 'evaluation.bid-read');
    expect(reads.map((e) => e.payload)).toEqual([{ bid: bids[0], document: null }, { bid: bids[0], document: '技术标.txt' }]);
    for (const m of members) {
      const entries = bids.flatMap((bid, i) => ['qualification', 'signature', 'price_limit', 'duration'].map((item) => (i === 0 && item === 'duration' ? { bid, item, pass: false, reason: '工期超过招标文件要求' } : { bid, item, pass: true })));
      await put(`${evalPath}/compliance`, m, { entries });
      await post(`${evalPath}/compliance/submit`, m);
    }
    expect((await post(`${evalPath}/reject-all`, members[1], { reason: '有效投标不足三家，缺乏竞争' })).status).toBe(403);
    expect((await post(`${evalPath}/reject-all`, members[0], { reason: '有效投标不足三家，缺乏竞争' })).status).toBe(204);
    const t = await w.ctx.tenders.get(tenderId);
    expect(t).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('否决所有投标') });
    expect((await viewOf(tenderId, members[2])).stage).toBe('rejected');
  });

  describe('the /evaluation room', () => {
    let live: LiveServer;
    beforeAll(async () => {
      live = await startLiveServer(world(), { evaluation: evaluationNamespace(world().ctx.evaluation) });
    });
    afterAll(() => live.close());
    const client = (who?: TestUser): Socket => live.client('evaluation', who);

    it('admits members, the owner agency and supervisors only; shows presence and stage changes live', async () => {
      const { tenderId, bidders } = await openedTender(3);
      const members = await committeeOf(tenderId);
      const chair = client(members[0]);
      const observer = client(agency);
      const presence: string[][] = [];
      observer.on('presence', (p: { userIds: string[] }) => presence.push(p.userIds));
      const events: string[] = [];
      observer.on('event', (e: { type: string }) => events.push(e.type));
      const joined = await observer.timeout(5000).emitWithAck('join', { tenderId });
      expect(joined.snapshot).toMatchObject({ tenderId, stage: 'chair', me: { role: 'observer' } });
      expect((await chair.timeout(5000).emitWithAck('join', { tenderId })).snapshot.me).toMatchObject({ role: 'member' });
      for (const who of [bidders[0], undefined, admin]) {
        expect((await client(who).timeout(5000).emitWithAck('join', { tenderId })).error.code).toMatch(/FORBIDDEN|NOT_FOUND/);
      }
      expect((await client(supervisor).timeout(5000).emitWithAck('join', { tenderId })).snapshot.me.role).toBe('observer');
      for (const m of members.slice(0, 3)) {
        await post(`/api/tenders/${tenderId}/evaluation/chair`, m, { userId: members[0].id });
      }
      for (let i = 0; i < 100 && !events.includes('stage-changed'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(events).toEqual(['chair-vote', 'chair-vote', 'chair-vote', 'chair-elected', 'stage-changed']);
      expect(presence.some((ids) => ids.includes(members[0].id) && ids.includes(agency.id))).toBe(true);
      chair.close();
      for (let i = 0; i < 100 && presence[presence.length - 1]?.includes(members[0].id); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(presence[presence.length - 1]).not.toContain(members[0].id);
    });
  });
});
