import { createDb, type Knex } from '../../../server/db';
import { acquireLease, findLease, listExpiredLeases, releaseLease, renewLease } from '../../../server/db/lease';
import { migrateLatest } from '../../../server/db/migrate';
import { describeEachDialect, freshDatabase } from '../../support/dialects';

const T = Date.parse('2026-12-01T02:00:00.000Z');
const TTL = 30_000;

describeEachDialect('database leases', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let a: Knex;
  let b: Knex;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    const open = () => createDb(dialect === 'mysql' ? { client: 'mysql', url: database.url } : { client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });
    // Two pools on one database, as two server processes would have.
    a = open();
    b = open();
    await migrateLatest(a);
  });
  afterAll(async () => {
    await a.destroy();
    await b.destroy();
    await database.drop();
  });

  it('lets exactly one of many racing holders win a free lease', async () => {
    const holders = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const won = await Promise.all(holders.map((h, i) => acquireLease(i % 2 ? a : b, 'race', h, TTL, T)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = holders[won.indexOf(true)];
    expect(await findLease(a, 'race')).toEqual({ name: 'race', holder: winner, expiresAt: T + TTL });
  });

  it('refuses a live lease to another holder, up to 1 ms before it expires', async () => {
    expect(await acquireLease(a, 'live', 'p1', TTL, T)).toBe(true);
    expect(await acquireLease(b, 'live', 'p2', TTL, T + TTL - 1)).toBe(false);
    expect((await findLease(a, 'live'))?.holder).toBe('p1');
  });

  it('lets an expired lease be taken over by exactly one of the racers', async () => {
    expect(await acquireLease(a, 'expired', 'dead', TTL, T)).toBe(true);
    const later = T + TTL;
    const won = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((h, i) => acquireLease(i % 2 ? a : b, 'expired', h, TTL, later)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await findLease(a, 'expired')).toMatchObject({ expiresAt: later + TTL });
    expect((await findLease(a, 'expired'))?.holder).not.toBe('dead');
  });

  it('lets the holder renew and re-acquire, and not anyone else', async () => {
    expect(await acquireLease(a, 'renew', 'p1', TTL, T)).toBe(true);
    expect(await renewLease(a, 'renew', 'p1', TTL, T + 10_000)).toBe(true);
    expect(await renewLease(a, 'renew', 'p1', TTL, T + 10_000)).toBe(true);
    expect(await findLease(a, 'renew')).toMatchObject({ expiresAt: T + 10_000 + TTL });
    expect(await renewLease(b, 'renew', 'p2', TTL, T + 10_000)).toBe(false);
    // The renewed lease outlives the first TTL.
    expect(await acquireLease(b, 'renew', 'p2', TTL, T + TTL + 1)).toBe(false);
    expect(await acquireLease(a, 'renew', 'p1', TTL, T + 20_000)).toBe(true);
  });

  it('loses the lease once taken over: renew fails, release does not free the new holder', async () => {
    expect(await acquireLease(a, 'lost', 'p1', TTL, T)).toBe(true);
    expect(await acquireLease(b, 'lost', 'p2', TTL, T + TTL)).toBe(true);
    expect(await renewLease(a, 'lost', 'p1', TTL, T + TTL)).toBe(false);
    await releaseLease(a, 'lost', 'p1');
    expect((await findLease(a, 'lost'))?.holder).toBe('p2');
    await releaseLease(b, 'lost', 'p2');
    expect(await findLease(a, 'lost')).toBeUndefined();
    expect(await acquireLease(a, 'lost', 'p3', TTL, T)).toBe(true);
  });

  it('lists expired leases by prefix (LIKE wildcards in the prefix are literal)', async () => {
    await acquireLease(a, 'job_x:1', 'p1', TTL, T);
    await acquireLease(a, 'job_x:2', 'p1', TTL * 10, T);
    await acquireLease(a, 'jobYx:3', 'p1', TTL, T);
    const expired = await listExpiredLeases(a, 'job_x:', T + TTL);
    expect(expired.map((l) => l.name)).toEqual(['job_x:1']);
  });
});
