import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app';
import { createFixedClock, type Clock } from '../../server/clock';
import { loadConfig, type Config } from '../../server/config';
import { createContext, type AppContext } from '../../server/context';
import { migrateLatest } from '../../server/db/migrate';
import { createLogger, type Logger } from '../../server/logger';
import { freshDatabase, type DialectName } from './dialects';
import { installResponseContract } from './response-contract';

export const FIXTURE_CA = {
  cert: path.resolve(__dirname, '../fixtures/sealed-bids/ca.crt'),
  key: path.resolve(__dirname, '../fixtures/sealed-bids/ca.key'),
};

export const T0 = Date.parse('2026-12-01T02:00:00.000Z');

export type TestWorld = {
  ctx: AppContext;
  app: Express;
  clock: ReturnType<typeof createFixedClock>;
  config: Config;
  dialect: DialectName;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
};

/** A migrated database, a context on a settable clock, and the Express app; one per suite. */
export async function createTestWorld(dialect: DialectName, env: Record<string, string> = {}, opts: { clock?: Clock; log?: Logger } = {}): Promise<TestWorld> {
  const database = await freshDatabase(dialect, { migrated: true });
  const config = loadConfig({
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.url,
    RULE_SET: 'sandbox',
    TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    DEMO_ACCOUNTS: 'off',
    // The committed test CA (tests/fixtures/sealed-bids) and 2048-bit platform keys keep suites fast.
    CA_CERT_FILE: FIXTURE_CA.cert,
    CA_KEY_FILE: FIXTURE_CA.key,
    PLATFORM_KEY_BITS: '2048',
    ...env,
  });
  const clock = createFixedClock(T0);
  // NOTE: opts.clock (e.g. a running clock for deadline races) drives the server; w.clock still exists for factories.
  const ctx = createContext(config, { clock: opts.clock ?? clock, log: opts.log ?? createLogger('silent') });
  await migrateLatest(ctx.db);
  const app = createApp(ctx);
  installResponseContract(app); // every /api response of this app is held to its route's schema (tests/support/response-contract-setup.ts)
  return {
    ctx,
    app,
    clock,
    config,
    dialect,
    http: () => request(app),
    close: async () => {
      // Lets a records pass finish and stops the render threads (a thread left running keeps jest alive).
      await ctx.records.stop();
      await ctx.db.destroy();
      await database.drop();
    },
  };
}

/** Sets up a world before the suite's tests and tears it down after. */
export function useTestWorld(dialect: DialectName, env: Record<string, string> = {}): () => TestWorld {
  let world: TestWorld | undefined;
  beforeAll(async () => {
    world = await createTestWorld(dialect, env);
  });
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) {
      throw new Error('test world not ready');
    }
    return world;
  };
}
