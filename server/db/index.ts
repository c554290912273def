import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config';
import { ensurePrivateFile, PRIVATE_DIR_MODE, restrictIfExists } from '../storage/permissions';

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
  const onDisk = config.filename !== ':memory:';
  if (onDisk) {
    // The database file 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode.
    fs.mkdirSync(path.dirname(config.filename), { recursive: true, mode: PRIVATE_DIR_MODE });
    ensurePrivateFile(config.filename);
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
        if (onDisk) {
          // -wal and -shm left 0644 by an earlier version
          restrictIfExists(`${config.filename}-wal`);
          restrictIfExists(`${config.filename}-shm`);
        }
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
