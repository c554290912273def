import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

describeEachDialect('registration (获取招标文件)', (dialect) => {
  const world = useTestWorld(dialect);

  /** Everything that would identify the bidder in a response body. */
  const expectNoTrace = (body: unknown, bidder: TestUser): void => {
    const text = JSON.stringify(body);
    expect(text).not.toContain(bidder.username);
    expect(text).not.toContain(bidder.id);
    expect(text).not.toContain(bidder.organizationName as string);
    expect(text).not.toContain(bidder.organizationId as string);
  };

  it('registers a bidder at once, without agency approval, and refuses a second registration with 409 ALREADY_REGISTERED', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const bidder = await buildUser(w, 'bidder');
    const tender = await buildTender(w, agency);

    const res = await w.http().post(`/api/tenders/${tender.id}/registrations`).set(...bearer(bidder));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ registration: { tenderId: tender.id, registeredAt: w.clock.now().toISOString() } });

    const again = await w.http().post(`/api/tenders/${tender.id}/registrations`).set(...bearer(bidder));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_REGISTERED');
    expect(await w.ctx.db('registrations').where({ tender_id: tender.id })).toHaveLength(1);

    const own = await w.http().get(`/api/tenders/${tender.id}/registration`).set(...bearer(bidder));
    expect(own.body.registration).toEqual(res.body.registration);
    const mine = await w.http().get('/api/me/registrations').set(...bearer(bidder));
    expect(mine.body.items).toEqual([
      { ...res.body.registration, tender: { id: tender.id, title: tender.title, code: tender.code, status: 'published', bidDeadline: tender.bidDeadline } },
    ]);
  });

  it('accepts a registration 1 ms before registrationDeadline and refuses one at the deadline with 409 REGISTRATION_CLOSED', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const early = await buildUser(w, 'bidder');
    const late = await buildUser(w, 'bidder');
    const tender = await buildTender(w, agency);
    const deadline = Date.parse(tender.registrationDeadline as string);

    w.clock.set(deadline - 1);
    expect((await w.http().post(`/api/tenders/${tender.id}/registrations`).set(...bearer(early))).status).toBe(201);

    w.clock.set(deadline);
    const refused = await w.http().post(`/api/tenders/${tender.id}/registrations`).set(...bearer(late));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('REGISTRATION_CLOSED');
    expect(await w.ctx.db('registrations').where({ tender_id: tender.id, bidder_id: late.id }).first()).toBeUndefined();
  });

  it('refuses registration for a draft (404), a cancelled tender (409 REGISTRATION_CLOSED) and for non-bidders (403)', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const bidder = await buildUser(w, 'bidder');
    const draft = await buildTender(w, agency, { publish: false });
    expect((await w.http().post(`/api/tenders/${draft.id}/registrations`).set(...bearer(bidder))).status).toBe(404);

    const cancelled = await buildTender(w, agency);
    await w.http().post(`/api/tenders/${cancelled.id}/cancel`).set(...bearer(agency)).send({ reason: '项目取消' });
    const closed = await w.http().post(`/api/tenders/${cancelled.id}/registrations`).set(...bearer(bidder));
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('REGISTRATION_CLOSED');

    const asAgency = await w.http().post(`/api/tenders/${cancelled.id}/registrations`).set(...bearer(agency));
    expect(asAgency.status).toBe(403);
    expect((await w.http().post(`/api/tenders/${cancelled.id}/registrations`)).status).toBe(401);
  });

  it('before bidDeadline lets no agency user, admin or other bidder learn who registered or how many', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const otherAgency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const supervisor = await buildUser(w, 'supervisor');
    const bidder = await buildUser(w, 'bidder');
    const otherBidder = await buildUser(w, 'bidder');
    const withRegistration = await buildTender(w, owner);
    const without = await buildTender(w, owner);
    await registerBidder(w, bidder, withRegistration.id);

    // Every view an outsider has of the two tenders is the same, apart from the tender's own fields.
    const views = async (tenderId: string) => {
      const get = (path: string, u: TestUser) => w.http().get(path).set(...bearer(u));
      return [
        await get(`/api/tenders/${tenderId}`, owner),
        await get(`/api/tenders/${tenderId}`, admin),
        await get(`/api/tenders/${tenderId}/audit`, owner),
        await get(`/api/tenders/${tenderId}/audit`, admin),
        await get(`/api/tenders/${tenderId}/registration`, owner),
        await get(`/api/tenders/${tenderId}/registration`, otherBidder),
        await w.http().post(`/api/tenders/${tenderId}/registrations`).set(...bearer(otherAgency)),
        await w.http().post(`/api/tenders/${tenderId}/registrations`).set(...bearer(admin)),
        await get('/api/me/registrations', otherBidder),
        await get('/api/tenders?mine=1', owner),
        await get('/api/audit/verify', admin),
      ];
    };
    const seen = await views(withRegistration.id);
    const baseline = await views(without.id);
    for (const [i, res] of seen.entries()) {
      expectNoTrace(res.body, bidder);
      expect(res.status).toBe(baseline[i]?.status);
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(baseline[i]?.body ?? {}).sort());
      expect(JSON.stringify(res.body)).not.toMatch(/registration\.|registrations?Count|bidders/);
    }
    expect(seen[5]?.body).toEqual({ registration: null });
    expect(seen[8]?.body).toEqual({ items: [] });

    const ownerAudit = seen[2]?.body;
    expect(ownerAudit.sealedHidden).toBe(true);
    expect(ownerAudit.items.map((e: { action: string }) => e.action)).not.toContain('registration.created');
    expect(ownerAudit.items.length).toBe(baseline[2]?.body.items.length);
    expect(seen[3]?.body.items.map((e: { action: string }) => e.action)).not.toContain('registration.created');

    const supervised = await w.http().get(`/api/tenders/${withRegistration.id}/audit`).set(...bearer(supervisor));
    expect(supervised.body.sealedHidden).toBe(false);
    expect(supervised.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'registration.created', actorId: bidder.id, visibility: 'sealed' })]),
    );
  });
});
