import http from 'node:http';
import { createLogger } from '../../../server/logger';
import { attachRealtime } from '../../../server/realtime';
import { describeEachDialect, isCi } from '../../support/dialects';
import { createTestWorld, useTestWorld } from '../../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? (isCi() ? 'redis://127.0.0.1:6379' : undefined);
/** Port 1 on loopback: nothing listens there, so the connection is refused. */
const DEAD_REDIS = 'redis://127.0.0.1:1';
/** Health gives each dependency 1.5 s; a generous bound for a loaded machine. */
const HEALTH_BOUND_MS = 5000;
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describeEachDialect('GET /api/health', (dialect) => {
  const world = useTestWorld(dialect);

  it('answers 200 ok with the database engine (DESIGN §9), its round trip, no Redis configured, and the server time', async () => {
    const res = await world().http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      db: dialect,
      time: expect.stringMatching(ISO_MS),
      checks: {
        db: { dialect, ok: true, latencyMs: expect.any(Number) },
        redis: { configured: false, ok: null, latencyMs: null },
      },
    });
    expect(res.body.time).toBe(world().clock.now().toISOString());
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 down, without hanging, when the database does not answer', async () => {
    const w = await createTestWorld(dialect);
    try {
      await w.ctx.db.destroy();
      const started = Date.now();
      const res = await w.http().get('/api/health');
      expect(Date.now() - started).toBeLessThan(HEALTH_BOUND_MS);
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('down');
      expect(res.body.db).toBe(dialect);
      expect(res.body.checks.db).toMatchObject({ dialect, ok: false });
      expect(['timeout', 'unavailable']).toContain(res.body.checks.db.error);
    } finally {
      await w.close();
    }
  });

  it('answers 503 degraded within a bound when the configured Redis is unreachable', async () => {
    const w = await createTestWorld(dialect, { REDIS_URL: DEAD_REDIS });
    try {
      const started = Date.now();
      const res = await w.http().get('/api/health');
      expect(Date.now() - started).toBeLessThan(HEALTH_BOUND_MS);
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('degraded');
      expect(res.body.checks.db.ok).toBe(true);
      expect(res.body.checks.redis).toMatchObject({ configured: true, ok: false });
      expect(['timeout', 'unavailable']).toContain(res.body.checks.redis.error);
    } finally {
      await w.close();
    }
  });
});

if (!REDIS_URL) {
  console.warn('health.test.ts: the Redis-up cases skipped: set TEST_REDIS_URL to run them');
}
const describeRedis = REDIS_URL ? describeEachDialect : (name: string) => describe.skip(name, () => undefined);

describeRedis('GET /api/health with Redis', (dialect) => {
  const redisUrl = REDIS_URL as string;
  const world = useTestWorld(dialect, { REDIS_URL: redisUrl });

  it('reports Redis ok through a short-lived connection when no realtime server holds one', async () => {
    const res = await world().http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.checks.redis).toEqual({ configured: true, ok: true, latencyMs: expect.any(Number) });
  });

  it('pings through the socket.io adapter’s own client once realtime hands it over', async () => {
    const w = world();
    const server = http.createServer(w.app);
    const deps = { db: w.ctx.db, bus: w.ctx.bus, log: createLogger('silent'), redisUrl, actorFromToken: w.ctx.auth.actorFromToken, now: () => w.clock.now() };
    const realtime = await attachRealtime(server, deps, {});
    try {
      expect(realtime.redis).not.toBeNull();
      w.ctx.health.useRedis(realtime.redis);
      const res = await w.http().get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body.checks.redis).toMatchObject({ configured: true, ok: true });
    } finally {
      w.ctx.health.useRedis(null);
      await realtime.close();
    }
    // The adapter's client is closed now: health says so instead of waiting on it.
    w.ctx.health.useRedis(realtime.redis);
    const started = Date.now();
    const res = await w.http().get('/api/health');
    w.ctx.health.useRedis(null);
    expect(Date.now() - started).toBeLessThan(HEALTH_BOUND_MS);
    expect(res.status).toBe(503);
    expect(res.body.checks.redis.ok).toBe(false);
  });
});
