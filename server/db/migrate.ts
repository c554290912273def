import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

type Migration = { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> };

/**
 * Migrations are read from migrations/ by name and loaded with require(), so the same
 * source works under tsx, jest and compiled builds.
 */
const source: Knex.MigrationSource<string> = {
  getMigrations: async () =>
    fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f))
      .sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => require(path.join(MIGRATIONS_DIR, name)) as Migration,
};

const options: Knex.MigratorConfig = { migrationSource: source, tableName: 'knex_migrations' };

/** Brings the schema to the latest migration. */
export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest(options);
}

/** Rolls back every migration (tests: latest → rollback → latest). */
export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(options, true);
}
