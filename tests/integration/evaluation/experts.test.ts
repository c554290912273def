import { describeEachDialect } from '../../support/dialects';
import { bearer, buildUser, type TestUser } from '../../support/factories';
import { T0, useTestWorld } from '../../support/test-app';

type ExpertJson = { userId: string; displayName: string; organization: { name: string; creditCode: string } | null; specialties: string[]; available: boolean; updatedAt: string | null };

describeEachDialect('the expert pool (专家库)', (dialect) => {
  const world = useTestWorld(dialect);
  let admin: TestUser;

  beforeAll(async () => {
    world().clock.set(T0);
    admin = await buildUser(world(), 'admin');
  });

  const list = async (): Promise<ExpertJson[]> => {
    const res = await world().http().get('/api/admin/experts').set(...bearer(admin));
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const put = (userId: string, body: unknown, who: TestUser = admin) => world().http().put(`/api/admin/experts/${userId}`).set(...bearer(who)).send(body as object);
  const auditOf = async (userId: string) =>
    (await world().ctx.db('audit_events').where({ action: 'expert.updated' }).orderBy('seq'))
      .map((r: { payload: string; actor_id: string }) => ({ actorId: r.actor_id, payload: JSON.parse(r.payload) }))
      .filter((e: { payload: { userId: string } }) => e.payload.userId === userId);

  it('lists every evaluator account, one without a profile as not available with no specialties, and no other role', async () => {
    const w = world();
    const evaluator = await buildUser(w, 'evaluator');
    const bidder = await buildUser(w, 'bidder');
    const items = await list();
    const mine = items.find((e) => e.userId === evaluator.id);
    const account = await w.ctx.auth.getUser(evaluator.id);
    expect(mine).toEqual({
      userId: evaluator.id,
      displayName: account?.displayName,
      organization: { name: evaluator.organizationName, creditCode: account?.creditCode },
      specialties: [],
      available: false,
      updatedAt: null,
    });
    expect(items.map((e) => e.userId)).not.toContain(bidder.id);
    expect(items.map((e) => e.userId)).not.toContain(admin.id);
  });

  it('sets specialties and availability (duplicates dropped), shows them in the list and audits every change with the previous value', async () => {
    const w = world();
    const evaluator = await buildUser(w, 'evaluator');
    const first = await put(evaluator.id, { specialties: ['市政道路', ' 桥梁 ', '市政道路'], available: true });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ userId: evaluator.id, specialties: ['市政道路', '桥梁'], available: true, updatedAt: w.clock.now().toISOString() });
    expect((await list()).find((e) => e.userId === evaluator.id)).toEqual(first.body);

    w.clock.set(w.clock.now().getTime() + 60_000);
    const second = await put(evaluator.id, { specialties: ['园林绿化'], available: false });
    expect(second.body).toMatchObject({ specialties: ['园林绿化'], available: false, updatedAt: w.clock.now().toISOString() });
    const rows = await w.ctx.db('expert_profiles').where({ user_id: evaluator.id });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].specialties)).toEqual(['园林绿化']);

    expect(await auditOf(evaluator.id)).toEqual([
      { actorId: admin.id, payload: { userId: evaluator.id, specialties: ['市政道路', '桥梁'], available: true, previous: null } },
      {
        actorId: admin.id,
        payload: { userId: evaluator.id, specialties: ['园林绿化'], available: false, previous: { specialties: ['市政道路', '桥梁'], available: true, updatedAt: first.body.updatedAt } },
      },
    ]);
  });

  it('is for evaluator accounts only: another role is 400 on userId, an unknown account 404, and nothing is stored', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const notEvaluator = await put(agency.id, { specialties: ['市政道路'], available: true });
    expect(notEvaluator.status).toBe(400);
    expect(notEvaluator.body.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'userId', message: expect.stringContaining('agency') }] });
    const unknown = await put('01J00000000000000000000000', { specialties: ['市政道路'], available: true });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await w.ctx.db('expert_profiles').where({ user_id: agency.id })).toEqual([]);
  });

  it('validates the body: 1-20 specialties of 1-32 characters, a boolean availability, no unknown fields', async () => {
    const evaluator = await buildUser(world(), 'evaluator');
    const cases: [unknown, string][] = [
      [{ specialties: [], available: true }, 'specialties'],
      [{ specialties: ['x'.repeat(33)], available: true }, 'specialties.0'],
      [{ specialties: ['  '], available: true }, 'specialties.0'],
      [{ specialties: Array.from({ length: 21 }, (_, i) => `s${i}`), available: true }, 'specialties'],
      [{ specialties: ['市政道路'], available: 'yes' }, 'available'],
      [{ specialties: ['市政道路'], available: true, availble: false }, 'availble'],
    ];
    for (const [body, path] of cases) {
      const res = await put(evaluator.id, body);
      expect({ path, status: res.status, fields: res.body.error.fields.map((f: { path: string }) => f.path) }).toEqual({ path, status: 400, fields: [path] });
    }
    const badId = await put('not-an-id', { specialties: ['市政道路'], available: true });
    expect(badId.status).toBe(400);
  });

  it('is for admins only', async () => {
    const w = world();
    const evaluator = await buildUser(w, 'evaluator');
    for (const role of ['agency', 'evaluator', 'supervisor', 'bidder'] as const) {
      const who = role === 'evaluator' ? evaluator : await buildUser(w, role);
      expect((await w.http().get('/api/admin/experts').set(...bearer(who))).status).toBe(403);
      expect((await put(evaluator.id, { specialties: ['市政道路'], available: true }, who)).status).toBe(403);
    }
    expect((await w.http().get('/api/admin/experts')).status).toBe(401);
  });
});
