import type { Db } from './index';
import { dialectOf } from './dialect';

/**
 * Database leases (DESIGN §11): a named job is run by the one process holding its lease.
 * Correctness comes from the database alone: acquiring is one atomic upsert, so two processes
 * racing for a lease cannot both win, and a holder that died loses the lease when it expires.
 * Times are epoch ms of the server clock (the caller passes clock.now()).
 */

export type Lease = { name: string; holder: string; expiresAt: number };

/** Takes the lease when it is free, expired or already ours; true when `holder` holds it until now + ttlMs. */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
  const expiresAt = now + ttlMs;
  if (dialectOf(db) === 'mysql') {
    // NOTE: MySQL applies ON DUPLICATE KEY assignments left to right, so `expires_at` sees the new
    // `holder`: it only moves when the row is (now) ours. The condition is evaluated under the row lock.
    await db.raw(
      `insert into leases (name, holder, expires_at) values (?, ?, ?)
       on duplicate key update
         holder = if(expires_at <= ? or holder = values(holder), values(holder), holder),
         expires_at = if(holder = values(holder), values(expires_at), expires_at)`,
      [name, holder, expiresAt, now],
    );
  } else {
    // NOTE: SQLite has one writer at a time; the upsert's WHERE decides inside that single write.
    await db.raw(
      `insert into leases (name, holder, expires_at) values (?, ?, ?)
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where leases.expires_at <= ? or leases.holder = excluded.holder`,
      [name, holder, expiresAt, now],
    );
  }
  const row = await findLease(db, name);
  return row !== undefined && row.holder === holder && row.expiresAt === expiresAt;
}

/** Extends a lease still held by `holder` (expired or not, as long as nobody took it over); false when lost. */
export async function renewLease(db: Db, name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
  // NOTE: mysql2 sets CLIENT_FOUND_ROWS, so the count is of matched rows even when the value is unchanged.
  const updated = await db('leases').where({ name, holder }).update({ expires_at: now + ttlMs });
  return Number(updated) === 1;
}

/** Gives the lease up; a no-op when `holder` does not hold it. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db('leases').where({ name, holder }).delete();
}

/** The lease row, if any (expired or not). */
export async function findLease(db: Db, name: string): Promise<Lease | undefined> {
  const row = await db('leases').where({ name }).first<{ name: string; holder: string; expires_at: number | string } | undefined>();
  return row && { name: row.name, holder: row.holder, expiresAt: Number(row.expires_at) };
}

/** Leases whose name starts with `prefix` and that expired at `now`: jobs whose holder stopped renewing. */
export async function listExpiredLeases(db: Db, prefix: string, now: number): Promise<Lease[]> {
  // NOTE: '!' as the LIKE escape, as in tenders/store.ts: a backslash differs between MySQL and SQLite literals.
  const like = `${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  const rows: { name: string; holder: string; expires_at: number | string }[] = await db('leases')
    .whereRaw("name like ? escape '!'", [like])
    .andWhere('expires_at', '<=', now)
    .orderBy('expires_at');
  return rows.map((r) => ({ name: r.name, holder: r.holder, expiresAt: Number(r.expires_at) }));
}
