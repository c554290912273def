import { THROTTLE } from '../../../server/auth';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildUser, creditCode } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

describeEachDialect('accounts and sign-in', (dialect) => {
  const world = useTestWorld(dialect);

  const registration = () => ({
    username: `bidder_${Math.random().toString(36).slice(2, 10)}`,
    password: 'Sealed-bid-2026',
    displayName: '张工',
    organization: { name: `常州第一建设有限公司${Math.random().toString(36).slice(2, 8)}`, creditCode: creditCode() },
  });

  it('registers a bidder with a valid 统一社会信用代码 and signs it in', async () => {
    const w = world();
    const body = registration();
    const reg = await w.http().post('/api/auth/register').send(body);
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ username: body.username, role: 'bidder', organization: { creditCode: body.organization.creditCode } });
    expect(reg.body.user).not.toHaveProperty('passwordHash');

    const login = await w.http().post('/api/auth/login').send({ username: body.username, password: body.password });
    expect(login.status).toBe(200);
    const me = await w.http().get('/api/me').set('Authorization', `Bearer ${login.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(body.username);

    const row = await w.ctx.db('users').where({ username: body.username }).first();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(body.password);
  });

  it('refuses a credit code whose check character is wrong, and writes nothing', async () => {
    const w = world();
    const body = registration();
    const code = body.organization.creditCode;
    body.organization.creditCode = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const res = await w.http().post('/api/auth/register').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CREDIT_CODE');
    expect(await w.ctx.db('users').where({ username: body.username }).first()).toBeUndefined();
    expect(await w.ctx.db('organizations').where({ credit_code: body.organization.creditCode }).first()).toBeUndefined();
  });

  it('lists every bad field in one VALIDATION error and refuses unknown fields', async () => {
    const res = await world().http().post('/api/auth/register').send({ username: 'x', password: 'short', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'password', 'displayName', 'organization', 'role']));
  });

  it('refuses an admin a second account with the same username with 409 USERNAME_TAKEN (self-registration does not confirm it: sessions.test.ts)', async () => {
    const w = world();
    const admin = await buildUser(w, 'admin');
    const body = registration();
    expect((await w.http().post('/api/auth/register').send(body)).status).toBe(201);
    const again = await w.http().post('/api/admin/users').set(...bearer(admin)).send({ username: body.username, password: body.password, displayName: '另一人', role: 'supervisor' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });

  it('slows repeated failed sign-ins and then locks the account for a while', async () => {
    const w = world();
    const u = await buildUser(w, 'bidder');
    const attempt = (password: string) => w.http().post('/api/auth/login').send({ username: u.username, password });
    for (let i = 0; i < THROTTLE.freeFailures; i += 1) {
      expect((await attempt('wrong-password')).body.error.code).toBe('INVALID_CREDENTIALS');
    }
    // The next attempt comes too soon, even with the right password.
    const tooSoon = await attempt('Passw0rd!');
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.error.code).toBe('RATE_LIMITED');

    for (let i = THROTTLE.freeFailures; i < THROTTLE.lockAfter; i += 1) {
      w.clock.advance(10 * 60 * 1000);
      expect((await attempt('wrong-password')).status).toBe(401);
    }
    w.clock.advance(60 * 1000);
    const locked = await attempt('Passw0rd!');
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');

    w.clock.advance(THROTTLE.lockMs);
    expect((await attempt('Passw0rd!')).status).toBe(200);
  });

  it('treats an unknown username like a wrong password (no probing)', async () => {
    const res = await world().http().post('/api/auth/login').send({ username: 'nobody_here', password: 'whatever1' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('expires tokens after their lifetime', async () => {
    const w = world();
    const u = await buildUser(w, 'bidder');
    w.clock.advance(w.config.tokenTtlSeconds * 1000 + 1000);
    const res = await w.http().get('/api/me').set(...bearer(u));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('lets an admin create staff accounts and disable one, whose token then stops working', async () => {
    const w = world();
    const admin = await buildUser(w, 'admin');
    const created = await w
      .http()
      .post('/api/admin/users')
      .set(...bearer(admin))
      .send({ username: `sup_${process.pid}`, password: 'Superv1sor!', displayName: '监督员', role: 'supervisor' });
    expect(created.status).toBe(201);
    expect(created.body.user.role).toBe('supervisor');

    const target = await buildUser(w, 'evaluator');
    const disabled = await w.http().patch(`/api/admin/users/${target.id}`).set(...bearer(admin)).send({ status: 'disabled' });
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.status).toBe('disabled');
    const me = await w.http().get('/api/me').set(...bearer(target));
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('refuses account administration to everyone but admins', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const res = await w.http().post('/api/admin/users').set(...bearer(agency)).send({});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect((await w.http().get('/api/admin/users')).status).toBe(401);
  });

  it('answers unknown API routes with a JSON 404 and a malformed JSON body with 400', async () => {
    const w = world();
    const missing = await w.http().get('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await w.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });

  it('refuses a JSON body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await world()
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reports health with the database engine and the server time', async () => {
    const res = await world().http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: dialect, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), checks: expect.any(Object) });
  });
});
