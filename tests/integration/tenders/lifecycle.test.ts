import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, tenderBody, type TestUser } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

describeEachDialect('tender drafts, publication and cancellation', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  let otherAgency: TestUser;

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
    otherAgency = await buildUser(world(), 'agency');
  });

  it('creates a draft that keeps money exact and times in UTC with milliseconds', async () => {
    const w = world();
    const res = await w
      .http()
      .post('/api/tenders')
      .set(...bearer(agency))
      .send(tenderBody(w, { budget: '12500000.07', bidDeadline: '2026-12-25T09:30:00.123+08:00' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', budget: '12500000.07', currency: 'CNY', bidDeadline: '2026-12-25T01:30:00.123Z', ruleSet: null });
    const row = await w.ctx.db('tenders').where({ id: res.body.id }).first();
    expect(Number(row.budget_fen)).toBe(1250000007);
    expect(Number(row.bid_deadline_at)).toBe(Date.parse('2026-12-25T01:30:00.123Z'));
  });

  it('refuses a misspelt field instead of ignoring it', async () => {
    const w = world();
    const res = await w.http().post('/api/tenders').set(...bearer(agency)).send({ ...tenderBody(w), bidDeadLine: '2026-12-25T01:30:00.000Z' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'bidDeadLine' })]));
  });

  it('hides a draft from everyone but its owner', async () => {
    const w = world();
    const draft = await buildTender(w, agency, { publish: false });
    expect((await w.http().get(`/api/tenders/${draft.id}`)).status).toBe(404);
    expect((await w.http().get(`/api/tenders/${draft.id}`).set(...bearer(otherAgency))).status).toBe(404);
    expect((await w.http().get(`/api/tenders/${draft.id}`).set(...bearer(agency))).status).toBe(200);
    const list = await w.http().get('/api/tenders').query({ q: draft.code as string });
    expect(list.body.total).toBe(0);
  });

  it('lets only the owner edit a draft, and no one edit a published tender', async () => {
    const w = world();
    const draft = await buildTender(w, agency, { publish: false });
    expect((await w.http().patch(`/api/tenders/${draft.id}`).set(...bearer(otherAgency)).send({ title: '改名' })).status).toBe(404);
    const edited = await w.http().patch(`/api/tenders/${draft.id}`).set(...bearer(agency)).send({ title: '金坛区某道路改造工程（二标段）' });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('金坛区某道路改造工程（二标段）');
    await w.http().post(`/api/tenders/${draft.id}/publish`).set(...bearer(agency)).expect(200);
    const again = await w.http().patch(`/api/tenders/${draft.id}`).set(...bearer(agency)).send({ title: '再改' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it('publishes under the sandbox rule set and records which rule set applied', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    expect(t).toMatchObject({ status: 'published', ruleSet: 'sandbox', publishedAt: w.clock.now().toISOString() });
  });

  it('refuses publication when the bid deadline is 1 ms short of 20 sandbox days, and writes nothing', async () => {
    const w = world();
    const now = w.clock.now().getTime();
    const draft = await buildTender(w, agency, {
      publish: false,
      body: { registrationDeadline: new Date(now + 5000).toISOString(), bidDeadline: new Date(now + 20_000 - 1).toISOString() },
    });
    const res = await w.http().post(`/api/tenders/${draft.id}/publish`).set(...bearer(agency));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SCHEDULE_RULE');
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'bidDeadline' })]);
    const row = await w.ctx.db('tenders').where({ id: draft.id }).first();
    expect(row.status).toBe('draft');
    expect(row.rule_set).toBeNull();
    const publishes = await w.ctx.db('audit_events').where({ tender_id: draft.id, action: 'tender.published' });
    expect(publishes).toHaveLength(0);
  });

  it('publishes when the bid deadline is exactly 20 sandbox days away', async () => {
    const w = world();
    const now = w.clock.now().getTime();
    const t = await buildTender(w, agency, {
      body: { registrationDeadline: new Date(now + 5000).toISOString(), bidDeadline: new Date(now + 20_000).toISOString() },
    });
    expect(t.status).toBe('published');
  });

  it('refuses to publish comprehensive scoring whose weights do not sum to 100', async () => {
    const w = world();
    const draft = await buildTender(w, agency, {
      publish: false,
      body: { criteria: [{ key: 'price', name: '价格', kind: 'price', weight: '40' }, { key: 'technical', name: '技术', kind: 'subjective', weight: '50' }] },
    });
    const res = await w.http().post(`/api/tenders/${draft.id}/publish`).set(...bearer(agency));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'criteria', message: expect.stringContaining('100') })]);
  });

  it('refuses a second publication of the same tender with 409', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    const res = await w.http().post(`/api/tenders/${t.id}/publish`).set(...bearer(agency));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });

  it('cancels with a reason, only by the owner, and not twice', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    expect((await w.http().post(`/api/tenders/${t.id}/cancel`).set(...bearer(otherAgency)).send({ reason: '项目调整' })).status).toBe(403);
    const res = await w.http().post(`/api/tenders/${t.id}/cancel`).set(...bearer(agency)).send({ reason: '项目调整，终止招标' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '项目调整，终止招标', cancelledAt: w.clock.now().toISOString() });
    const twice = await w.http().post(`/api/tenders/${t.id}/cancel`).set(...bearer(agency)).send({ reason: '再次终止' });
    expect(twice.status).toBe(409);
  });

  it('writes an audit event with every state change', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    await w.http().post(`/api/tenders/${t.id}/cancel`).set(...bearer(agency)).send({ reason: '项目调整' });
    const actions = (await w.ctx.db('audit_events').where({ tender_id: t.id }).orderBy('seq')).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['tender.created', 'tender.published', 'tender.cancelled']);
  });
});

describeEachDialect('the public tender list', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  const codes: string[] = [];

  beforeAll(async () => {
    const w = world();
    agency = await buildUser(w, 'agency');
    const goods = { category: 'goods', criteria: [{ key: 'price', name: '价格', kind: 'price', weight: '30' }, { key: 'technical', name: '技术', kind: 'subjective', weight: '70' }] };
    for (const [i, body] of [{ title: '金坛区道路改造工程' }, { title: '办公设备采购', ...goods }, { title: '学校食堂设备采购', ...goods }, { title: '河道清淤 100%_项目' }].entries()) {
      const t = await buildTender(w, agency, { body: { ...body, code: `LIST-${dialect}-${i}` } });
      codes.push(t.code as string);
    }
    await buildTender(w, agency, { publish: false, body: { title: '未发布的草稿', code: `LIST-${dialect}-draft` } });
  });

  it('filters by category and pages with a total', async () => {
    const res = await world().http().get('/api/tenders').query({ category: 'goods', pageSize: 1, page: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].category).toBe('goods');
  });

  it('searches title and code, treating % and _ literally', async () => {
    const w = world();
    expect((await w.http().get('/api/tenders').query({ q: '设备采购' })).body.total).toBe(2);
    expect((await w.http().get('/api/tenders').query({ q: codes[0] })).body.items.map((t: { code: string }) => t.code)).toEqual([codes[0]]);
    expect((await w.http().get('/api/tenders').query({ q: '100%_' })).body.total).toBe(1);
    expect((await w.http().get('/api/tenders').query({ q: '%' })).body.total).toBe(1);
  });

  it('never lists drafts publicly but lists them to their owner with mine=1', async () => {
    const w = world();
    expect((await w.http().get('/api/tenders').query({ status: 'draft' })).body.total).toBe(0);
    const mine = await w.http().get('/api/tenders').query({ mine: '1', status: 'draft' }).set(...bearer(agency));
    expect(mine.body.items.map((t: { title: string }) => t.title)).toEqual(['未发布的草稿']);
  });

  it('rejects an unknown filter value with VALIDATION', async () => {
    const res = await world().http().get('/api/tenders').query({ status: 'secret' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('status');
  });
});
