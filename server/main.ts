import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createApp } from './app';
import { bootstrapAccounts } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { createContext } from './context';
import { migrateLatest } from './db/migrate';

/** start: config → migrate → app → (realtime, scheduler) → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const ctx = createContext(config);
  await migrateLatest(ctx.db);
  const printed = await bootstrapAccounts(ctx, () => randomBytes(9).toString('base64url'));
  const server = http.createServer(createApp(ctx));
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  ctx.log.info({ port: config.port, db: config.database.client, ruleSet: config.ruleSet }, 'tenderhall listening');
  for (const line of printed) {
    console.log(line);
  }
  console.log(`TenderHall: ${config.publicUrl} (rule set ${config.ruleSet}, ${config.database.client})`);
  const stop = (): void => {
    server.close(() => void ctx.db.destroy().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
