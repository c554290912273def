import { THROTTLE } from '../../../server/auth';
import { dialects } from '../../support/dialects';
import { bearer, buildUser, creditCode } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

/**
 * Issue 13, findings 9 and 14: wrong passwords sent from one address cannot lock the owner out of
 * their account from another; registration does not tell whether a username is taken; signing out
 * revokes the token.
 */
// NOTE: the per-address limiter lives in module memory for the whole file: each dialect uses its own addresses.
dialects().forEach((dialect, d) => {
  describe(`sessions, lockout and enumeration [${dialect}]`, () => {
    const world = useTestWorld(dialect);
    const ip = (k: number): string => `198.51.${100 + d}.${k}`;
    const login = (username: string, password: string, from: string) =>
      world().http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

    it('never locks the owner out from an address that has not failed, however often others fail', async () => {
      const w = world();
      const victim = await buildUser(w, 'bidder');
      for (let i = 0; i < THROTTLE.lockAfter; i += 1) {
        w.clock.advance(10 * 60 * 1000);
        expect((await login(victim.username, 'wrong-Passw0rd', ip(1))).status).toBe(401);
      }
      const locked = await login(victim.username, 'Passw0rd!', ip(1));
      expect(locked.status).toBe(423);
      expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
      // Same lock, renewed from a second attacking address: still not the owner's.
      for (let i = 0; i < THROTTLE.lockAfter; i += 1) {
        w.clock.advance(10 * 60 * 1000);
        await login(victim.username, 'wrong-Passw0rd', ip(2));
      }
      const owner = await login(victim.username, 'Passw0rd!', ip(3));
      expect(owner.status).toBe(200);
      expect(owner.body.user.id).toBe(victim.id);
      // The locked pair stays locked.
      expect((await login(victim.username, 'Passw0rd!', ip(2))).status).toBe(423);
      // Neither usernames nor addresses are stored in the throttle table.
      const rows: Record<string, unknown>[] = await w.ctx.db('login_failures');
      expect(JSON.stringify(rows)).not.toContain(victim.username);
      expect(JSON.stringify(rows)).not.toContain(ip(2));
    }, 60_000);

    it('answers a registration with a taken username as it answers a fresh one, and stores nothing', async () => {
      const w = world();
      const existing = await buildUser(w, 'bidder');
      const body = (username: string) => ({
        username, password: 'Another-pass-2026', displayName: '李工',
        organization: { name: `探测${username}${Math.random().toString(36).slice(2, 6)}有限公司`, creditCode: creditCode() },
      });
      const fresh = await w.http().post('/api/auth/register').set('X-Forwarded-For', ip(10)).send(body(`fresh_${existing.username}`));
      const taken = await w.http().post('/api/auth/register').set('X-Forwarded-For', ip(10)).send(body(existing.username));
      expect(taken.status).toBe(fresh.status);
      expect(taken.status).toBe(201);
      const shape = (u: Record<string, unknown>) => ({ ...u, id: typeof u.id, username: typeof u.username, createdAt: typeof u.createdAt, organization: Object.keys(u.organization as object) });
      expect(shape(taken.body.user)).toEqual(shape(fresh.body.user));
      expect(Object.keys(taken.body)).toEqual(Object.keys(fresh.body));
      expect(taken.headers['content-length']).toBeDefined();
      // Nothing was stored: one account of that name, its password unchanged; the new password fails like any wrong one.
      expect(await w.ctx.db('users').where({ username: existing.username })).toHaveLength(1);
      expect(await w.ctx.db('users').where({ id: taken.body.user.id }).first()).toBeUndefined();
      expect((await login(existing.username, 'Another-pass-2026', ip(11))).body.error.code).toBe('INVALID_CREDENTIALS');
      expect((await login(existing.username, 'Passw0rd!', ip(11))).status).toBe(200);
    });

    it('signs a token out: POST /api/auth/logout revokes it, other sessions stay', async () => {
      const w = world();
      const u = await buildUser(w, 'bidder');
      const other = (await w.ctx.auth.login(u.username, 'Passw0rd!')).token;
      expect((await w.http().get('/api/me').set(...bearer(u))).status).toBe(200);
      expect((await w.http().post('/api/auth/logout').set(...bearer(u))).status).toBe(204);
      const after = await w.http().get('/api/me').set(...bearer(u));
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('UNAUTHENTICATED');
      expect((await w.http().post('/api/auth/logout').set(...bearer(u))).status).toBe(401);
      expect((await w.http().get('/api/me').set('Authorization', `Bearer ${other}`)).status).toBe(200);
      expect((await w.http().post('/api/auth/logout')).status).toBe(401);
    });
  });
});
