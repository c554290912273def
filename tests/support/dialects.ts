import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import type { Knex } from 'knex';

export type DialectName = 'sqlite' | 'mysql';

/** The databases this run covers: SQLite always; MariaDB when TEST_MYSQL_URL is set (required under CI). */
export function dialects(): DialectName[] {
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

/** A fresh, empty database for one suite; returns its DATABASE_URL and a dropper. */
export async function freshDatabase(dialect: DialectName): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  counter += 1;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-test-'));
  if (dialect === 'sqlite') {
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
