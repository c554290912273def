/**
 * Many bidder accounts fast, for the deadline rush: signing up 1,000 bidders through the API costs
 * 2,000 scrypt runs (sign-up and sign-in), minutes on a busy 2-core machine, and measures nothing the
 * rush is about. So the accounts are written straight into the server's SQLite database with one
 * shared password hash, the tokens are issued with the server's TOKEN_SECRET by the server's own
 * token service, and each bidder still enrolls its certificate through POST /api/certs.
 */
import path from 'node:path';
import knex from 'knex';
import { createTokenService, withCheckChar } from '../server/auth';
import { hashPassword } from '../server/auth/passwords';
import { insertOrganization, insertUser } from '../server/auth/store';
import { newId } from '../server/ids';
import { csr, enroll, inPool, type BenchBidder } from './lib';

/** n bidders with organizations in the SQLite database of a running server, each with a token and a certificate. */
export async function quickBidderAccounts(server: { url: string; dataDir: string }, tokenSecret: string, n: number, concurrency = 4): Promise<BenchBidder[]> {
  const db = knex({ client: 'better-sqlite3', connection: { filename: path.join(server.dataDir, 'tenderhall.db') }, useNullAsDefault: true });
  const tokens = createTokenService({ secret: tokenSecret, ttlSeconds: 8 * 3600, now: () => new Date() });
  const passwordHash = await hashPassword('Bench-pass-2026');
  const ids: string[] = [];
  try {
    await db.transaction(async (trx) => {
      for (let i = 0; i < n; i += 1) {
        const at = Date.now();
        const org = { id: newId(), name: `压测快建${i}有限公司`, creditCode: withCheckChar(`91320400MC7${String(i).padStart(6, '0')}`), at };
        await insertOrganization(trx, org);
        const id = newId();
        await insertUser(trx, { id, username: `bench_rush_${i}`, passwordHash, displayName: `投标人${i}`, role: 'bidder', organizationId: org.id, status: 'active', at });
        ids.push(id);
      }
    });
  } finally {
    await db.destroy();
  }
  const csrPem = csr();
  return inPool(ids, concurrency, (id) => enroll(server.url, tokens.issue(id).token, csrPem));
}
