import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import type { Clock } from '../clock';
import { dialectOf, type Knex } from '../db';

/** Each dependency gets this long to answer: health never hangs on a dead database or Redis. */
export const HEALTH_TIMEOUT_MS = 1500;

type ProbeResult = { ok: boolean; latencyMs: number; error?: 'timeout' | 'unavailable' };

export type HealthReport = {
  status: 'ok' | 'degraded' | 'down';
  /** DESIGN §9 contract: the database engine. */
  db: 'sqlite' | 'mysql';
  time: string;
  checks: {
    db: { dialect: 'sqlite' | 'mysql' } & ProbeResult;
    redis: { configured: false; ok: null; latencyMs: null } | ({ configured: true } & ProbeResult);
  };
};

/** The part of a node-redis client a health check uses. */
export type RedisPinger = { readonly isReady: boolean; ping(): Promise<unknown> };

export type HealthDeps = { db: Knex; clock: Clock; redisUrl: string | undefined; timeoutMs?: number };

export type HealthService = ReturnType<typeof createHealthService>;

/**
 * GET /api/health: the database answers `select 1`, and a configured Redis answers PING, each within
 * a short timeout. Redis is pinged through the socket.io adapter's client once realtime hands it
 * over (useRedis); before that (or in an app without realtime) through a short-lived connection.
 */
export function createHealthService(deps: HealthDeps) {
  const timeoutMs = deps.timeoutMs ?? HEALTH_TIMEOUT_MS;
  let shared: RedisPinger | null = null;
  return { check, useRedis: (client: RedisPinger | null) => void (shared = client) };

  /** Probes the database and Redis in parallel; status `down` without the database, `degraded` without a configured Redis. */
  async function check(): Promise<HealthReport> {
    const dialect = dialectOf(deps.db);
    const [db, redis] = await Promise.all([
      probe(() => deps.db.raw('select 1')),
      deps.redisUrl ? probe(() => pingRedis(deps.redisUrl as string)) : null,
    ]);
    const status = !db.ok ? 'down' : redis && !redis.ok ? 'degraded' : 'ok';
    return {
      status,
      db: dialect,
      time: deps.clock.now().toISOString(),
      checks: {
        db: { dialect, ...db },
        redis: redis ? { configured: true, ...redis } : { configured: false, ok: null, latencyMs: null },
      },
    };
  }

  async function probe(fn: () => Promise<unknown>): Promise<ProbeResult> {
    const started = performance.now();
    const result = await withTimeout(fn(), timeoutMs).then(
      () => ({ ok: true }) as const,
      (err: unknown) => ({ ok: false, error: err instanceof TimeoutError ? 'timeout' : 'unavailable' }) as const,
    );
    return { ...result, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  async function pingRedis(url: string): Promise<void> {
    if (shared) {
      await waitUntilReady(shared, timeoutMs);
      await shared.ping();
      return;
    }
    const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
    client.on('error', () => undefined); // reported by the probe's result, not as an 'error' event
    try {
      await client.connect();
      await client.ping();
    } finally {
      destroyQuietly(client);
    }
  }
}

class TimeoutError extends Error {}

/** Rejects with TimeoutError after ms; the late outcome of `p` is ignored. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A reconnecting client: wait for it a little (a PING would queue behind the reconnection). */
async function waitUntilReady(client: RedisPinger, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!client.isReady) {
    if (performance.now() > until) {
      throw new Error('redis not connected');
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function destroyQuietly(client: { destroy(): void }): void {
  try {
    client.destroy();
  } catch {
    // already closed: the connection failed
  }
}
