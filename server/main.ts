// First: sizes libuv's thread pool before anything uses it.
import './threadpool';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createApp } from './app';
import { bootstrapAccounts } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { createContext } from './context';
import { migrateLatest } from './db/migrate';
import { applyServerTimeouts } from './http/timeouts';
import { evaluationNamespace } from './evaluation';
import { createOpeningScheduler, openingNamespace } from './opening';
import { attachRealtime } from './realtime';

/** start: config → migrate → app → realtime → scheduler → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const ctx = createContext(config);
  await migrateLatest(ctx.db);
  const printed = await bootstrapAccounts(ctx, () => randomBytes(9).toString('base64url'));
  const server = http.createServer(createApp(ctx));
  applyServerTimeouts(server);
  const realtime = await attachRealtime(
    server,
    { db: ctx.db, bus: ctx.bus, log: ctx.log.child({ module: 'realtime' }), redisUrl: config.redisUrl, actorFromToken: ctx.auth.actorFromToken, onAccountDisabled: ctx.auth.onAccountDisabled, now: () => ctx.clock.now() },
    { opening: openingNamespace(ctx.opening), evaluation: evaluationNamespace(ctx.evaluation) },
  );
  ctx.metrics.observeSockets(realtime.io, ['opening', 'evaluation']);
  ctx.health.useRedis(realtime.redis);
  const scheduler = createOpeningScheduler({
    db: ctx.db,
    clock: ctx.clock,
    log: ctx.log.child({ module: 'opening' }),
    audit: ctx.audit,
    bus: ctx.bus,
    onDeadline: ctx.opening.onDeadline,
    dueSessions: ctx.opening.dueSessions,
    nextSessionDue: ctx.opening.nextSessionDue,
    onRunFailed: ctx.metrics.openingRunFailed,
  });
  await scheduler.start();
  ctx.records.start();
  // Signed checkpoints of the audit chain at intervals (stage changes are checkpointed as they happen).
  const checkpoints = ctx.audit.startCheckpoints(ctx.db, undefined, (err) => ctx.log.error({ err }, 'audit checkpoint failed'));
  // OCDS releases marked but not built yet (a crash after commit, tenders from before the table).
  await ctx.ocds.start();
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  ctx.log.info({ port: config.port, db: config.database.client, ruleSet: config.ruleSet }, 'tenderhall listening');
  for (const line of printed) {
    console.log(line);
  }
  console.log(`TenderHall: ${config.publicUrl} (rule set ${config.ruleSet}, ${config.database.client})`);
  const stop = (): void => {
    setTimeout(() => process.exit(0), 5000).unref();
    // io.close() also closes the HTTP server.
    void scheduler
      .stop()
      .then(() => checkpoints.stop())
      .then(() => ctx.records.stop())
      .then(() => ctx.ocds.stop())
      .then(() => realtime.close())
      .then(() => ctx.db.destroy())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
