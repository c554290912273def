import { drawCommittee, isCommitteeMember, listCommitteeMembers } from '../../../server/evaluation';
import type { AuditEvent } from '../../../server/audit';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { buildExpert, openedTender, organizationOf } from '../../support/evaluation';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

type SeatJson = { userId: string; displayName: string; organizationName: string | null; specialties: string[]; seat: number; chair?: boolean };
type CommitteeJson = { tenderId: string; size: number; specialties: string[]; seed?: string; drawnAt: string; members: SeatJson[]; reserves?: SeatJson[] };
type DrawnPayload = {
  seed: string; size: number; specialties: string[]; reservesRequested: number;
  candidates: string[]; exclusions: { userId: string; reason: string }[]; members: string[]; reserves: string[];
};

let specialtySeq = 0;
/** A specialty of one test only: every test draws from its own part of the shared pool. */
const freshSpecialty = (): string => `专业${(specialtySeq += 1)}`;

describeEachDialect('the evaluation committee (专家抽取)', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  let admin: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    const w = world();
    w.clock.set(T0);
    agency = await buildUser(w, 'agency');
    admin = await buildUser(w, 'admin');
    supervisor = await buildUser(w, 'supervisor');
  });

  const draw = (tenderId: string, body: unknown, who: TestUser = agency) => world().http().post(`/api/tenders/${tenderId}/committee`).set(...bearer(who)).send(body as object);
  const read = (tenderId: string, who?: TestUser) => {
    const req = world().http().get(`/api/tenders/${tenderId}/committee`);
    return who ? req.set(...bearer(who)) : req;
  };
  const experts = async (n: number, specialties: string[], opts: Parameters<typeof buildExpert>[3] = {}): Promise<TestUser[]> => {
    const out: TestUser[] = [];
    for (let i = 0; i < n; i++) {
      out.push(await buildExpert(world(), admin, specialties, opts));
    }
    return out;
  };
  const drawnEvents = async (w: TestWorld, tenderId: string): Promise<AuditEvent[]> =>
    (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).filter((e) => e.action === 'committee.drawn');
  const statusOf = async (w: TestWorld, tenderId: string): Promise<string> => (await w.ctx.tenders.get(tenderId)).status;
  /** As if the tender had been published under cn-law (the sandbox world publishes under sandbox). */
  const underCnLaw = async (w: TestWorld, tenderId: string): Promise<void> => {
    await w.ctx.db('tenders').where({ id: tenderId }).update({ rule_set: 'cn-law' });
  };

  it('draws members and reserves from available experts of the specialties, excluding (回避) the bidders’ and the agency’s organizations; the tender is evaluating', async () => {
    const w = world();
    const specialty = freshSpecialty();
    const { tenderId, bidders, registeredOnly } = await openedTender(w, agency, 3, { extra: 1 });
    const eligible = await experts(6, [specialty, '其他']);
    const bidderOrg = await organizationOf(w, bidders[0]);
    const silentOrg = await organizationOf(w, registeredOnly[0]);
    const agencyOrg = await organizationOf(w, agency);
    const [ofBidder] = await experts(1, [specialty], { organization: bidderOrg });
    const [ofRegistered] = await experts(1, [specialty], { organization: silentOrg });
    const [ofAgency] = await experts(1, [specialty], { organization: agencyOrg });
    const [away] = await experts(1, [specialty], { available: false });
    const [elsewhere] = await experts(1, ['园林绿化']);

    const res = await draw(tenderId, { size: 3, specialties: [specialty], reserves: 2 });
    expect(res.status).toBe(201);
    const c = res.body as CommitteeJson;
    expect(c).toMatchObject({ tenderId, size: 3, specialties: [specialty], drawnAt: w.clock.now().toISOString(), seed: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(c.members.map((m) => m.seat)).toEqual([1, 2, 3]);
    expect(c.reserves?.map((m) => m.seat)).toEqual([4, 5]);
    expect(c.members.every((m) => m.chair === false)).toBe(true);
    const seated = [...c.members, ...(c.reserves ?? [])];
    expect(new Set(seated.map((s) => s.userId)).size).toBe(5);
    expect(seated.every((s) => eligible.some((e) => e.id === s.userId))).toBe(true);
    const first = eligible.find((e) => e.id === c.members[0]?.userId) as TestUser;
    expect(c.members[0]).toMatchObject({ organizationName: first.organizationName, specialties: [specialty, '其他'] });
    for (const never of [ofBidder, ofRegistered, ofAgency, away, elsewhere]) {
      expect(seated.map((s) => s.userId)).not.toContain(never.id);
    }

    expect(await statusOf(w, tenderId)).toBe('evaluating');
    expect(await w.ctx.db('committees').where({ tender_id: tenderId })).toHaveLength(1);
    const rows: { user_id: string; seat: number; kind: string }[] = await w.ctx.db('committee_members').where({ tender_id: tenderId }).orderBy('seat');
    expect(rows.map((r) => [r.user_id, Number(r.seat), r.kind])).toEqual(seated.map((s, i) => [s.userId, i + 1, i < 3 ? 'member' : 'reserve']));

    const [event] = await drawnEvents(w, tenderId);
    const payload = event?.payload as DrawnPayload;
    expect(payload).toMatchObject({ seed: c.seed, size: 3, specialties: [specialty], reservesRequested: 2, members: c.members.map((m) => m.userId), reserves: c.reserves?.map((m) => m.userId) });
    expect(payload.candidates).toEqual(eligible.map((e) => e.id).sort());
    expect(payload.exclusions).toEqual(
      [
        { userId: ofBidder.id, reason: expect.stringMatching(new RegExp(`${bidderOrg.name}.*${bidderOrg.creditCode}.*bidder`)) },
        { userId: ofRegistered.id, reason: expect.stringContaining(silentOrg.name) },
        { userId: ofAgency.id, reason: expect.stringMatching(new RegExp(`${agencyOrg.name}.*agency`)) },
      ].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    );
  });

  it('records enough in the audit entry to repeat the draw: the audited seed over the audited candidates gives the same seats', async () => {
    const w = world();
    const specialty = freshSpecialty();
    const { tenderId } = await openedTender(w, agency, 3);
    await experts(9, [specialty]);
    const res = await draw(tenderId, { size: 5, specialties: [specialty] });
    expect(res.status).toBe(201);
    const audited = (await drawnEvents(w, tenderId))[0]?.payload as DrawnPayload;
    const rerun = drawCommittee({
      seed: audited.seed,
      experts: audited.candidates.map((userId) => ({ userId, creditCode: null, specialties: audited.specialties, available: true })),
      specialties: audited.specialties,
      conflicts: [],
      size: audited.size,
      reserves: audited.reservesRequested,
    });
    expect(rerun.members).toEqual(res.body.members.map((m: SeatJson) => m.userId));
    expect(rerun.reserves).toEqual(res.body.reserves.map((m: SeatJson) => m.userId));
    expect(res.body.reserves).toHaveLength(2); // the default
    // The audit trail stays a valid chain.
    expect((await w.http().get('/api/audit/verify').set(...bearer(supervisor))).body).toMatchObject({ valid: true });
  });

  it('draws once per tender: a second drawing is 409 CONFLICT and changes nothing', async () => {
    const w = world();
    const specialty = freshSpecialty();
    const { tenderId } = await openedTender(w, agency, 3);
    await experts(6, [specialty]);
    const first = await draw(tenderId, { size: 3, specialties: [specialty] });
    expect(first.status).toBe(201);
    const again = await draw(tenderId, { size: 3, specialties: [specialty] });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    expect((await read(tenderId, agency)).body).toEqual(first.body);
    expect(await drawnEvents(w, tenderId)).toHaveLength(1);
  });

  it('answers 409 COMMITTEE_UNAVAILABLE when too few eligible experts remain (conflicts and disabled accounts do not count), leaving the tender opened', async () => {
    const w = world();
    const specialty = freshSpecialty();
    const { tenderId, bidders } = await openedTender(w, agency, 3);
    await experts(2, [specialty]);
    await experts(1, [specialty], { organization: await organizationOf(w, bidders[1]) });
    const [disabled] = await experts(1, [specialty]);
    expect((await w.http().patch(`/api/admin/users/${disabled.id}`).set(...bearer(admin)).send({ status: 'disabled' })).status).toBe(200);

    const res = await draw(tenderId, { size: 3, specialties: [specialty] });
    expect([res.status, res.body.error.code]).toEqual([409, 'COMMITTEE_UNAVAILABLE']);
    expect(res.body.error.message).toContain('Only 2 eligible experts for a committee of 3 (1 excluded');
    expect(await statusOf(w, tenderId)).toBe('opened');
    expect(await w.ctx.db('committees').where({ tender_id: tenderId })).toEqual([]);
    expect(await w.ctx.db('committee_members').where({ tender_id: tenderId })).toEqual([]);
    expect(await drawnEvents(w, tenderId)).toEqual([]);

    // One more expert in the pool, and the drawing succeeds (reserves as many as are left: none).
    const [late] = await experts(1, [specialty]);
    const retry = await draw(tenderId, { size: 3, specialties: [specialty] });
    expect(retry.status).toBe(201);
    expect(retry.body.members.map((m: SeatJson) => m.userId)).toContain(late.id);
    expect(retry.body.members.map((m: SeatJson) => m.userId)).not.toContain(disabled.id);
    expect(retry.body.reserves).toEqual([]);
  });

  describe('sizes per rule set', () => {
    const refused = (res: { status: number; body: { error: { code: string; fields: { path: string; message: string }[] } } }) =>
      [res.status, res.body.error.code, res.body.error.fields.map((f) => f.path)];

    it('sandbox: three or more, odd', async () => {
      const w = world();
      const specialty = freshSpecialty();
      const { tenderId } = await openedTender(w, agency, 3);
      await experts(5, [specialty]);
      expect(refused(await draw(tenderId, { size: 1, specialties: [specialty] }))).toEqual([400, 'VALIDATION', ['size']]);
      expect(refused(await draw(tenderId, { size: 4, specialties: [specialty] }))).toEqual([400, 'VALIDATION', ['size']]);
      expect(await statusOf(w, tenderId)).toBe('opened');
      expect((await draw(tenderId, { size: 5, specialties: [specialty], reserves: 0 })).status).toBe(201);
    });

    it('cn-law: five or more, odd (招标投标法 art. 37)', async () => {
      const w = world();
      const specialty = freshSpecialty();
      const { tenderId } = await openedTender(w, agency, 3);
      await underCnLaw(w, tenderId);
      await experts(5, [specialty]);
      const three = await draw(tenderId, { size: 3, specialties: [specialty] });
      expect(refused(three)).toEqual([400, 'VALIDATION', ['size']]);
      expect(three.body.error.fields[0].message).toMatch(/cn-law.*odd.*at least 5/);
      expect(refused(await draw(tenderId, { size: 6, specialties: [specialty] }))).toEqual([400, 'VALIDATION', ['size']]);
      expect((await draw(tenderId, { size: 5, specialties: [specialty] })).status).toBe(201);
    });

    it('cn-law: seven or more for goods with a budget of 10,000,000.00 yuan (87号令 art. 47)', async () => {
      const w = world();
      const specialty = freshSpecialty();
      const { tenderId } = await openedTender(w, agency, 3, { body: { category: 'goods', budget: '10000000.00' } });
      await underCnLaw(w, tenderId);
      await experts(7, [specialty]);
      const five = await draw(tenderId, { size: 5, specialties: [specialty] });
      expect(refused(five)).toEqual([400, 'VALIDATION', ['size']]);
      expect(five.body.error.fields[0].message).toMatch(/at least 7/);
      expect((await draw(tenderId, { size: 7, specialties: [specialty] })).status).toBe(201);
    });
  });

  it('is the owner agency’s, on an opened tender, with a valid body', async () => {
    const w = world();
    const specialty = freshSpecialty();
    await experts(3, [specialty]);
    const published = await buildTender(w, agency);
    const early = await draw(published.id, { size: 3, specialties: [specialty] });
    expect([early.status, early.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const { tenderId } = await openedTender(w, agency, 3);
    const otherAgency = await buildUser(w, 'agency');
    expect((await draw(tenderId, { size: 3, specialties: [specialty] }, otherAgency)).status).toBe(403);
    expect((await draw(tenderId, { size: 3, specialties: [specialty] }, supervisor)).status).toBe(403);
    expect((await draw('01J00000000000000000000000', { size: 3, specialties: [specialty] })).status).toBe(404);
    for (const [body, path] of [
      [{ size: 3 }, 'specialties'],
      [{ size: 3, specialties: [] }, 'specialties'],
      [{ size: 3.5, specialties: [specialty] }, 'size'],
      [{ size: 3, specialties: [specialty], reserves: -1 }, 'reserves'],
      [{ size: 3, specialties: [specialty], seed: 'ab' }, 'seed'],
    ] as const) {
      const res = await draw(tenderId, body);
      expect([res.status, res.body.error.fields.map((f: { path: string }) => f.path)]).toEqual([400, [path]]);
    }
    expect(await statusOf(w, tenderId)).toBe('opened');
  });

  describe('who sees the committee', () => {
    let tenderId: string;
    let bidder: TestUser;
    let members: string[];
    let reserves: string[];
    let everyone: Record<string, TestUser>;

    beforeAll(async () => {
      const w = world();
      const specialty = freshSpecialty();
      const opened = await openedTender(w, agency, 3);
      tenderId = opened.tenderId;
      bidder = opened.bidders[0] as TestUser;
      const pool = await experts(7, [specialty]);
      const res = await draw(tenderId, { size: 3, specialties: [specialty], reserves: 2 });
      expect(res.status).toBe(201);
      members = res.body.members.map((m: SeatJson) => m.userId);
      reserves = res.body.reserves.map((m: SeatJson) => m.userId);
      const byId = (id: string) => pool.find((p) => p.id === id) as TestUser;
      everyone = {
        member: byId(members[1] as string),
        reserve: byId(reserves[0] as string),
        otherEvaluator: pool.find((p) => !members.includes(p.id) && !reserves.includes(p.id)) as TestUser,
        bidder,
        otherBidder: await buildUser(w, 'bidder'),
        otherAgency: await buildUser(w, 'agency'),
      };
    });

    it('the owner agency, supervisors and admins see everything, with the seed and the reserves', async () => {
      for (const who of [agency, supervisor, admin]) {
        const res = await read(tenderId, who);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ seed: expect.stringMatching(/^[0-9a-f]{64}$/), members: members.map((userId) => ({ userId })), reserves: reserves.map((userId) => ({ userId })) });
      }
    });

    it('members see the members, never the seed nor the reserves', async () => {
      const res = await read(tenderId, everyone.member);
      expect(res.status).toBe(200);
      expect(res.body.members.map((m: SeatJson) => m.userId)).toEqual(members);
      expect(res.body).not.toHaveProperty('seed');
      expect(res.body).not.toHaveProperty('reserves');
    });

    it('bidders, the public, reserves, other evaluators and other agencies get 404 until the candidates are published', async () => {
      for (const [name, who] of Object.entries({ ...everyone, public: undefined })) {
        if (name === 'member') {
          continue;
        }
        const res = await read(tenderId, who);
        expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status: 404, code: 'NOT_FOUND' });
        expect(JSON.stringify(res.body)).not.toContain(members[0]);
      }
    });

    it('once published (publicity, awarded) everyone sees the members and the elected chair, still without the seed and the reserves', async () => {
      const w = world();
      const chair = members[2] as string;
      await w.ctx.db('evaluation_sessions').insert({ tender_id: tenderId, stage: 'done', chair_id: chair, updated_at: w.clock.now().getTime() });
      for (const status of ['publicity', 'awarded']) {
        await w.ctx.db('tenders').where({ id: tenderId }).update({ status });
        for (const who of [bidder, everyone.otherBidder, undefined]) {
          const res = await read(tenderId, who);
          expect(res.status).toBe(200);
          expect(res.body.members.map((m: SeatJson) => [m.userId, m.chair])).toEqual(members.map((id) => [id, id === chair]));
          expect(res.body).not.toHaveProperty('seed');
          expect(res.body).not.toHaveProperty('reserves');
        }
      }
      expect((await read(tenderId, agency)).body.seed).toMatch(/^[0-9a-f]{64}$/);
    });

    it('lists the members by seat for the evaluation session, and tells members from reserves and outsiders', async () => {
      const w = world();
      const listed = await listCommitteeMembers(w.ctx.db, tenderId);
      expect(listed.map((m) => [m.userId, m.seat])).toEqual(members.map((id, i) => [id, i + 1]));
      const account = await w.ctx.auth.getUser(members[0] as string);
      expect(listed[0]).toEqual({ userId: members[0], displayName: account?.displayName, organizationName: account?.organizationName, seat: 1 });
      expect(await isCommitteeMember(w.ctx.db, tenderId, members[0] as string)).toBe(true);
      expect(await isCommitteeMember(w.ctx.db, tenderId, reserves[0] as string)).toBe(false);
      expect(await isCommitteeMember(w.ctx.db, tenderId, bidder.id)).toBe(false);
      expect(await listCommitteeMembers(w.ctx.db, '01J00000000000000000000000')).toEqual([]);
      // Inside a transaction too (SQLite has one connection: no second one may be needed).
      await w.ctx.db.transaction(async (trx) => {
        expect(await listCommitteeMembers(trx, tenderId)).toEqual(listed);
        expect(await isCommitteeMember(trx, tenderId, members[1] as string)).toBe(true);
      });
    });
  });
});
