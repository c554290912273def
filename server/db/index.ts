import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config';

export type Db = Knex | Knex.Transaction;
export type { Knex };

/** Opens the database: SQLite (WAL, foreign keys, busy timeout) or MySQL/MariaDB (utf8mb4). */
export function createDb(config: DatabaseConfig): Knex {
  if (config.client === 'mysql') {
    return knex({
      client: 'mysql2',
      connection: { uri: config.url, charset: 'utf8mb4', timezone: 'Z', supportBigNumbers: true, bigNumberStrings: false } as Knex.MySql2ConnectionConfig,
      pool: { min: 0, max: 10 },
    });
  }
  if (config.filename !== ':memory:') {
    fs.mkdirSync(path.dirname(config.filename), { recursive: true });
  }
  return knex({
    client: 'better-sqlite3',
    connection: { filename: config.filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
        done(null, conn);
      },
    },
  });
}

/** Runs fn in a transaction; when db is already a transaction, fn joins it (nested-safe). */
export async function inTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (isTransaction(db)) {
    return fn(db);
  }
  return (db as Knex).transaction(fn);
}

function isTransaction(db: Db): db is Knex.Transaction {
  return typeof (db as Knex.Transaction).commit === 'function' && (db as Knex.Transaction).isTransaction === true;
}

export { dialectOf, forUpdate, type Dialect } from './dialect';
