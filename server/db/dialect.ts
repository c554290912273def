import type { Knex } from 'knex';

export type Dialect = 'sqlite' | 'mysql';

type AnyDb = Knex | Knex.Transaction;

/** Which engine this knex instance talks to; the only place the client name is read. */
export function dialectOf(db: AnyDb): Dialect {
  const client = (db.client as { config: { client: string } }).config.client;
  return client === 'mysql2' || client === 'mysql' ? 'mysql' : 'sqlite';
}

/**
 * Locks the selected rows until the transaction ends.
 * NOTE: SQLite has no row locks; its single writer (pool of one connection) serializes
 * transactions instead, so forUpdate() is a no-op there.
 */
export function forUpdate<T extends Knex.QueryBuilder>(db: AnyDb, query: T): T {
  return dialectOf(db) === 'mysql' ? (query.forUpdate() as T) : query;
}
