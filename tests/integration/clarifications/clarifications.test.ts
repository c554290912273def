import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { useTestWorld, type TestWorld } from '../../support/test-app';

describeEachDialect('questions, clarifications and amendments (答疑/澄清/修改)', (dialect) => {
  const world = useTestWorld(dialect);

  const ask = (w: TestWorld, u: TestUser, tenderId: string, text = '工期是否可以调整？') =>
    w.http().post(`/api/tenders/${tenderId}/questions`).set(...bearer(u)).send({ text });
  const clarify = (w: TestWorld, u: TestUser, tenderId: string, body: Record<string, unknown>) =>
    w.http().post(`/api/tenders/${tenderId}/clarifications`).set(...bearer(u)).send({ title: '澄清一', body: '正文', affectsBids: false, ...body });
  const notificationsOf = async (w: TestWorld, u: TestUser) => (await w.http().get('/api/me/notifications').set(...bearer(u))).body.items;
  const expectNoTrace = (body: unknown, bidder: TestUser): void => {
    const text = JSON.stringify(body);
    for (const secret of [bidder.username, bidder.id, bidder.organizationName as string, bidder.organizationId as string]) {
      expect(text).not.toContain(secret);
    }
  };

  it('keeps the asker of a question anonymous to the agency, admins and other bidders, and shows it to supervisors', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const supervisor = await buildUser(w, 'supervisor');
    const asker = await buildUser(w, 'bidder');
    const otherBidder = await buildUser(w, 'bidder');
    const tender = await buildTender(w, owner);
    await registerBidder(w, asker, tender.id);
    await registerBidder(w, otherBidder, tender.id);

    const asked = await ask(w, asker, tender.id);
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({ question: { id: expect.any(String), text: '工期是否可以调整？', askedAt: w.clock.now().toISOString(), answeredBy: null } });

    const questions = (u: TestUser) => w.http().get(`/api/tenders/${tender.id}/questions`).set(...bearer(u));
    for (const reader of [owner, admin]) {
      const res = await questions(reader);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).not.toHaveProperty('askedBy');
      expectNoTrace(res.body, asker);
    }
    expect((await questions(otherBidder)).body).toEqual({ items: [] });
    expect((await questions(asker)).body.items.map((q: { id: string }) => q.id)).toEqual([asked.body.question.id]);
    const supervised = await questions(supervisor);
    expect(supervised.body.items[0].askedBy).toEqual({ userId: asker.id, organizationId: asker.organizationId, organizationName: asker.organizationName });

    const ownerAudit = await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(owner));
    expectNoTrace(ownerAudit.body, asker);
    expect(ownerAudit.body.items.map((e: { action: string }) => e.action)).not.toContain('question.asked');
    const supervisorAudit = await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(supervisor));
    expect(supervisorAudit.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'question.asked', actorId: asker.id, visibility: 'sealed' })]),
    );
  });

  it('refuses questions from unregistered bidders (403 NOT_REGISTERED) and after bidDeadline (409 INVALID_STATE)', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const registered = await buildUser(w, 'bidder');
    const stranger = await buildUser(w, 'bidder');
    const tender = await buildTender(w, owner);
    await registerBidder(w, registered, tender.id);

    const refused = await ask(w, stranger, tender.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_REGISTERED');
    expect((await ask(w, owner, tender.id)).status).toBe(403);

    w.clock.set(Date.parse(tender.bidDeadline as string) - 1);
    expect((await ask(w, registered, tender.id)).status).toBe(201);
    w.clock.set(Date.parse(tender.bidDeadline as string));
    const late = await ask(w, registered, tender.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_STATE');
    expect(await w.ctx.db('questions').where({ tender_id: tender.id })).toHaveLength(1);
  });

  it('publishes a clarification answering questions, public to everyone, and notifies every registered bidder only', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const [a, b, unregistered] = [await buildUser(w, 'bidder'), await buildUser(w, 'bidder'), await buildUser(w, 'bidder')] as TestUser[];
    const tender = await buildTender(w, owner);
    await registerBidder(w, a as TestUser, tender.id);
    await registerBidder(w, b as TestUser, tender.id);
    const q = (await ask(w, a as TestUser, tender.id)).body.question;

    const res = await clarify(w, owner, tender.id, { title: '关于工期的澄清', body: '工期不变。', questionIds: [q.id] });
    expect(res.status).toBe(201);
    const c = res.body.clarification;
    expect(c).toEqual({
      id: expect.any(String),
      title: '关于工期的澄清',
      body: '工期不变。',
      affectsBids: false,
      questionIds: [q.id],
      previousBidDeadline: null,
      newBidDeadline: null,
      publishedAt: w.clock.now().toISOString(),
    });
    expectNoTrace(res.body, a as TestUser);

    expect((await w.http().get(`/api/tenders/${tender.id}/clarifications`)).body.items).toEqual([c]);
    expect((await w.http().get(`/api/tenders/${tender.id}/questions`).set(...bearer(a as TestUser))).body.items[0].answeredBy).toBe(c.id);

    for (const u of [a, b] as TestUser[]) {
      expect(await notificationsOf(w, u)).toEqual([
        { id: expect.any(String), tenderId: tender.id, kind: 'clarification', title: '关于工期的澄清', createdAt: c.publishedAt, readAt: null },
      ]);
    }
    expect(await notificationsOf(w, unregistered as TestUser)).toEqual([]);
    expect(await notificationsOf(w, owner)).toEqual([]);

    const [notice] = await notificationsOf(w, a as TestUser);
    expect((await w.http().post(`/api/me/notifications/${notice.id}/read`).set(...bearer(b as TestUser))).status).toBe(404);
    w.clock.advance(1000);
    expect((await w.http().post(`/api/me/notifications/${notice.id}/read`).set(...bearer(a as TestUser))).status).toBe(204);
    expect((await notificationsOf(w, a as TestUser))[0].readAt).toBe(w.clock.now().toISOString());
    expect((await notificationsOf(w, b as TestUser))[0].readAt).toBeNull();

    const badQuestion = await clarify(w, owner, tender.id, { questionIds: ['01J00000000000000000000000'] });
    expect(badQuestion.status).toBe(400);
    expect(badQuestion.body.error.fields).toEqual([{ path: 'questionIds.0', message: 'no such question' }]);
  });

  it('refuses an amendment too close to the bid deadline with 400 SCHEDULE_RULE and writes nothing', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const bidder = await buildUser(w, 'bidder');
    const tender = await buildTender(w, owner);
    await registerBidder(w, bidder, tender.id);
    const bidDeadline = Date.parse(tender.bidDeadline as string);
    const auditBefore = (await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(owner))).body.items.length;

    // sandbox: an amendment needs ≥15 s before the deadline.
    w.clock.set(bidDeadline - 15_000);
    expect((await clarify(w, owner, tender.id, { affectsBids: true, title: '刚好来得及' })).status).toBe(201);
    w.clock.advance(1);
    const tooClose = await clarify(w, owner, tender.id, { affectsBids: true, title: '太晚了' });
    expect(tooClose.status).toBe(400);
    expect(tooClose.body.error.code).toBe('SCHEDULE_RULE');
    expect(tooClose.body.error.fields[0].path).toBe('bidDeadline');

    // 10 s before the deadline a move needs to reach now + 15 s; 1 ms short is refused.
    w.clock.set(bidDeadline - 10_000);
    const notFarEnough = await clarify(w, owner, tender.id, { affectsBids: true, newBidDeadline: new Date(bidDeadline + 4_999).toISOString() });
    expect(notFarEnough.status).toBe(400);
    expect(notFarEnough.body.error.fields[0].path).toBe('newBidDeadline');
    const earlier = await clarify(w, owner, tender.id, { newBidDeadline: new Date(bidDeadline - 1).toISOString() });
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.code).toBe('SCHEDULE_RULE');

    expect((await w.ctx.db('clarifications').where({ tender_id: tender.id })).map((r: { title: string }) => r.title)).toEqual(['刚好来得及']);
    expect(await notificationsOf(w, bidder)).toHaveLength(1);
    expect((await w.http().get(`/api/tenders/${tender.id}`)).body.bidDeadline).toBe(tender.bidDeadline);
    expect((await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(owner))).body.items.length).toBe(auditBefore + 1);
  });

  it('moves the bid deadline with an amendment, in the tender and the record, and notifies every registered bidder', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const bidders = [await buildUser(w, 'bidder'), await buildUser(w, 'bidder'), await buildUser(w, 'bidder')];
    const tender = await buildTender(w, owner);
    for (const b of bidders) {
      await registerBidder(w, b, tender.id);
    }
    const oldDeadline = Date.parse(tender.bidDeadline as string);
    w.clock.set(oldDeadline - 5_000);
    const newDeadline = new Date(w.clock.now().getTime() + 15_000).toISOString();

    const res = await clarify(w, owner, tender.id, { title: '工程量清单修改', affectsBids: true, newBidDeadline: newDeadline });
    expect(res.status).toBe(201);
    expect(res.body.clarification).toMatchObject({ affectsBids: true, previousBidDeadline: tender.bidDeadline, newBidDeadline: newDeadline });
    expect(res.body.clarification).not.toHaveProperty('notified');

    const after = (await w.http().get(`/api/tenders/${tender.id}`)).body;
    expect(after.bidDeadline).toBe(newDeadline);
    expect(Date.parse(after.registrationDeadline)).toBeLessThanOrEqual(Date.parse(after.bidDeadline));
    for (const b of bidders) {
      expect((await notificationsOf(w, b)).map((n: { title: string }) => n.title)).toEqual(['工程量清单修改']);
    }
    expect(await w.ctx.db('notifications').where({ tender_id: tender.id })).toHaveLength(bidders.length);

    // The old deadline has passed, the new one has not: questions are still taken.
    w.clock.set(oldDeadline + 1);
    expect((await ask(w, bidders[0] as TestUser, tender.id)).status).toBe(201);
  });

  it('refuses clarifications from another agency (403) and after bidDeadline (409 INVALID_STATE)', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const other = await buildUser(w, 'agency');
    const tender = await buildTender(w, owner);
    expect((await clarify(w, other, tender.id, {})).status).toBe(403);
    const draft = await buildTender(w, owner, { publish: false });
    expect((await clarify(w, owner, draft.id, {})).body.error.code).toBe('INVALID_STATE');
    w.clock.set(Date.parse(tender.bidDeadline as string));
    const late = await clarify(w, owner, tender.id, {});
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_STATE');
    expect(await w.ctx.db('clarifications').where({ tender_id: tender.id })).toHaveLength(0);
  });
});
