import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

describeEachDialect('the audit trail is a hash chain that names the first broken link', (dialect) => {
  const world = useTestWorld(dialect);
  let supervisor: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    const w = world();
    supervisor = await buildUser(w, 'supervisor');
    admin = await buildUser(w, 'admin');
    const agency = await buildUser(w, 'agency');
    for (let i = 0; i < 3; i += 1) {
      await buildTender(w, agency);
    }
  });

  it('verifies an untouched chain', async () => {
    const res = await world().http().get('/api/audit/verify').set(...bearer(supervisor));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checked: expect.any(Number) });
    expect(res.body.checked).toBeGreaterThan(5);
  });

  it('gives admins the verdict without the event count', async () => {
    const res = await world().http().get('/api/audit/verify').set(...bearer(admin));
    expect(res.body).toEqual({ ok: true });
  });

  it('catches a payload edited in the database and names its sequence number', async () => {
    const w = world();
    const victim = await w.ctx.db('audit_events').where({ action: 'tender.published' }).orderBy('seq').first();
    const original = victim.payload;
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ payload: original.replace('sandbox', 'cn-law') });
    const res = await w.http().get('/api/audit/verify').set(...bearer(supervisor));
    expect(res.body).toMatchObject({ ok: false, brokenAt: Number(victim.seq), reason: 'payload does not match its hash' });
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ payload: original });
  });

  it('catches a rewritten event whose own hashes were recomputed, at the next link', async () => {
    const w = world();
    const victim = await w.ctx.db('audit_events').orderBy('seq').offset(2).first();
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ hash: 'f'.repeat(64) });
    const res = await w.http().get('/api/audit/verify').set(...bearer(supervisor));
    expect(res.body.ok).toBe(false);
    expect(res.body.brokenAt).toBe(Number(victim.seq));
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ hash: victim.hash });
  });

  it('catches a deleted event as a sequence gap', async () => {
    const w = world();
    const victim = await w.ctx.db('audit_events').orderBy('seq').offset(1).first();
    await w.ctx.db('audit_events').where({ seq: victim.seq }).delete();
    const res = await w.http().get('/api/audit/verify').set(...bearer(supervisor));
    expect(res.body).toMatchObject({ ok: false, brokenAt: Number(victim.seq) });
    expect(res.body.reason).toMatch(/sequence gap/);
    await w.ctx.db('audit_events').insert(victim);
    expect((await w.http().get('/api/audit/verify').set(...bearer(supervisor))).body.ok).toBe(true);
  });

  it('catches events cut off the end of the chain', async () => {
    const w = world();
    const last = await w.ctx.db('audit_events').orderBy('seq', 'desc').first();
    await w.ctx.db('audit_events').where({ seq: last.seq }).delete();
    const res = await w.http().get('/api/audit/verify').set(...bearer(supervisor));
    expect(res.body).toMatchObject({ ok: false, brokenAt: Number(last.seq) });
    await w.ctx.db('audit_events').insert(last);
  });

  it('refuses the chain check to agencies and bidders', async () => {
    const w = world();
    const bidder = await buildUser(w, 'bidder');
    expect((await w.http().get('/api/audit/verify').set(...bearer(bidder))).status).toBe(403);
    expect((await w.http().get('/api/audit/verify')).status).toBe(401);
  });
});
