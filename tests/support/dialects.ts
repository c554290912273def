import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import knex from 'knex';
import type { Knex } from 'knex';
import { migrateLatest } from '../../server/db/migrate';

export type DialectName = 'sqlite' | 'mysql';

/**
 * The databases this run covers: SQLite always; MariaDB when TEST_MYSQL_URL is set (required under CI).
 * TEST_DIALECTS=sqlite names the databases explicitly: .ci/run's calendar guard (the suite again with the
 * real clock shifted years ahead) runs on SQLite only, after the full run on both.
 */
export function dialects(): DialectName[] {
  const chosen = process.env.TEST_DIALECTS;
  if (chosen) {
    return chosen.split(',').map((d) => {
      if (d !== 'sqlite' && d !== 'mysql') {
        throw new Error(`TEST_DIALECTS: unknown dialect ${d}`);
      }
      if (d === 'mysql' && !process.env.TEST_MYSQL_URL) {
        throw new Error('TEST_DIALECTS names mysql but TEST_MYSQL_URL is not set');
      }
      return d;
    });
  }
  const url = process.env.TEST_MYSQL_URL;
  if (!url && isCi()) {
    throw new Error('CI=true but TEST_MYSQL_URL is not set: MariaDB tests may not be skipped under CI');
  }
  return url ? ['sqlite', 'mysql'] : ['sqlite'];
}

export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

let counter = 0;

/**
 * A fresh database for one suite; returns its DATABASE_URL and a dropper. Empty by default; with
 * `migrated: true` it already holds the latest schema, copied from a template migrated once per
 * migration set (a file copy on SQLite, the template's CREATE TABLE statements on MariaDB), as
 * Ghost's db-utils do: migrating ~20 files per suite was most of a small suite's time.
 */
export async function freshDatabase(dialect: DialectName, opts: { migrated?: boolean } = {}): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  counter += 1;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-test-'));
  if (dialect === 'sqlite') {
    if (opts.migrated) {
      fs.copyFileSync(await sqliteTemplate(), path.join(dataDir, 'test.db'));
    }
    return {
      url: `sqlite:${path.join(dataDir, 'test.db')}`,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = new URL(process.env.TEST_MYSQL_URL as string);
  const name = `th_test_${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${counter}`;
  const admin = adminConnection(base);
  await admin.raw(`drop database if exists \`${name}\``);
  await admin.raw(`create database \`${name}\` character set utf8mb4 collate utf8mb4_unicode_ci`);
  await admin.destroy();
  if (opts.migrated) {
    await copyMysqlTemplate(base, name);
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const a = adminConnection(base);
      await a.raw(`drop database if exists \`${name}\``);
      await a.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function adminConnection(base: URL): Knex {
  return knex({ client: 'mysql2', connection: { uri: base.toString() } as Knex.MySql2ConnectionConfig, pool: { min: 0, max: 1 } });
}

/** Runs the suite once per dialect: `describeEachDialect('tenders', (dialect) => { … })`. */
export function describeEachDialect(name: string, fn: (dialect: DialectName) => void): void {
  for (const d of dialects()) {
    describe(`${name} [${d}]`, () => fn(d));
  }
}

const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/** Names the migration set: a template is remade whenever a migration file is added or changed. */
function migrationSignature(): string {
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** A migrated SQLite file for this migration set, made once (atomically: temp file, then rename). */
async function sqliteTemplate(): Promise<string> {
  const dir = path.join(os.tmpdir(), 'th-test-templates');
  const file = path.join(dir, `sqlite-${migrationSignature()}.db`);
  if (fs.existsSync(file)) {
    return file;
  }
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${counter}.tmp`;
  const db = knex({ client: 'better-sqlite3', connection: { filename: temp }, useNullAsDefault: true });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  fs.renameSync(temp, file);
  return file;
}

/** Copies the MariaDB template's tables (SHOW CREATE TABLE keeps foreign keys; CREATE TABLE … LIKE does not) and its migration rows. */
async function copyMysqlTemplate(base: URL, target: string): Promise<void> {
  const template = `th_template_${migrationSignature()}`;
  const admin = adminConnection(base);
  try {
    await ensureMysqlTemplate(admin, base, template);
    const tables = (await admin.raw('select table_name as name from information_schema.tables where table_schema = ? order by table_name', [template]))[0] as { name: string }[];
    const creates: string[] = [];
    for (const { name } of tables) {
      const [[row]] = (await admin.raw(`show create table \`${template}\`.\`${name}\``)) as [Record<string, string>[]];
      creates.push(String(row?.['Create Table']));
    }
    await admin.transaction(async (trx) => {
      await trx.raw(`use \`${target}\``);
      await trx.raw('set foreign_key_checks = 0');
      for (const create of creates) {
        await trx.raw(create);
      }
      // Rows too: migrations seed some (the audit chain's head, the migration bookkeeping).
      for (const { name } of tables) {
        await trx.raw(`insert into \`${target}\`.\`${name}\` select * from \`${template}\`.\`${name}\``);
      }
      await trx.raw('set foreign_key_checks = 1');
    });
  } finally {
    await admin.destroy();
  }
}

/**
 * Makes the template database once per migration set. Every check holds a named lock, so a worker never
 * copies a template another worker is still building; a template left half-built (fewer migration rows
 * than files) is made again.
 */
async function ensureMysqlTemplate(admin: Knex, base: URL, template: string): Promise<void> {
  const expected = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f)).length;
  await admin.transaction(async (trx) => {
    await trx.raw("select get_lock('th_test_template', 300)");
    try {
      const complete = await trx
        .raw(`select count(*) as n from \`${template}\`.knex_migrations`)
        .then((r) => Number((r[0] as { n: number }[])[0]?.n) === expected)
        .catch(() => false);
      if (complete) {
        return;
      }
      await trx.raw(`drop database if exists \`${template}\``);
      await trx.raw(`create database \`${template}\` character set utf8mb4 collate utf8mb4_unicode_ci`);
      const url = new URL(base.toString());
      url.pathname = `/${template}`;
      const db = knex({ client: 'mysql2', connection: { uri: url.toString(), charset: 'utf8mb4', timezone: 'Z' } as Knex.MySql2ConnectionConfig, pool: { min: 0, max: 1 } });
      try {
        await migrateLatest(db);
      } finally {
        await db.destroy();
      }
    } finally {
      await trx.raw("select release_lock('th_test_template')");
    }
  });
}
