import { createDb, type Knex } from '../../../server/db';
import { dialects, freshDatabase, type DialectName } from '../../support/dialects';
import {
  ADMIN, api, createAccount, createBidder, killHard, publishTender, registerAndBid, serverEnv, sleep, startServer, waitFor, type Bidder, type Server,
} from '../../support/processes';

/**
 * Issue 4, point 6 (DESIGN §2, §5, §11): killing the server (kill -9) in the middle of a platform-mode
 * opening and starting it again finishes the opening once, with the same result. A real process on
 * each database, the real clock, sandbox seconds; the platform pauses 1.5 s between two bids read
 * out (OPENING_READING_INTERVAL_MS) so the kill lands between two decrypted bids.
 *
 * After kill -9 the restarted process resumes the run only when the dead holder's run lease expires
 * (30 s: the scheduler's default leaseTtlMs, not configurable from the environment), so each dialect
 * takes about a minute.
 */

const READING_INTERVAL_MS = 1500;
const PRICES = ['8800000.00', '9120000.50', '9350000.00', '10100000.99'];

type Row = Record<string, unknown>;
type Snapshot = {
  status: string;
  stage: string;
  progress: { total: number; recorded: number; valid: number; invalid: number };
  commitments: { sha256: string; size: number }[];
  bids: { sha256: string; bidderOrganization: string; status: string; items: { price: string; durationDays: number }; decryptedBy: string }[];
};

for (const dialect of dialects()) {
  describe(`kill -9 in the middle of a platform-mode opening, then restart [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let db: Knex;
    let env: Record<string, string>;
    const servers: Server[] = [];
    let adminToken: string;
    let bidders: Bidder[];
    let tender: { id: string; deadline: number };
    const priceOf = new Map<string, string>();
    const receipts: { sha256: string; size: number }[] = [];

    const count = async (table: string, where: Row): Promise<number> => Number((await db(table).where(where).count({ n: '*' }).first<{ n: number | string }>()).n);
    const auditActions = async (): Promise<string[]> => (await db('audit_events').where({ tender_id: tender.id }).orderBy('seq').select('action')).map((r: Row) => r.action as string);
    const liveEvents = async (): Promise<{ seq: number; type: string; payload: Row }[]> =>
      (await db('tender_events').where({ tender_id: tender.id, namespace: 'opening' }).orderBy('seq')).map((r: Row) => ({
        seq: Number(r.seq),
        type: r.type as string,
        payload: JSON.parse(r.payload as string) as Row,
      }));
    const statusOf = async (): Promise<string> => ((await db('tenders').where({ id: tender.id }).first()) as Row).status as string;
    const commitmentRows = async (): Promise<Row[]> =>
      (await db('opening_commitments').where({ tender_id: tender.id }).orderBy('position')).map((r: Row) => ({
        position: Number(r.position), sha256: r.sha256, size: Number(r.size), bidId: r.bid_id, bidVersion: Number(r.bid_version),
      }));
    const snapshot = (s: Server): Promise<Snapshot> => api<Snapshot>(s, 'GET', `/tenders/${tender.id}/opening`);

    beforeAll(async () => {
      database = await freshDatabase(dialect as DialectName);
      env = serverEnv(database, { OPENING_READING_INTERVAL_MS: String(READING_INTERVAL_MS) });
      const first = await startServer(`${dialect} server`, env);
      servers.push(first);
      db = createDb(dialect === 'mysql' ? { client: 'mysql', url: database.url } : { client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });

      adminToken = (await api<{ token: string }>(first, 'POST', '/auth/login', ADMIN)).token;
      const agency = await createAccount(first, adminToken, 'agency', '断电开标代理');
      // Accounts and certificates before the tender: its 20 sandbox seconds are only for registration and bids.
      bidders = [];
      for (let i = 0; i < PRICES.length; i++) {
        bidders.push(await createBidder(first, adminToken, `断电投标人${i + 1}号建设`));
      }
      tender = await publishTender(first, agency.token, { inMs: 22_000, title: '断电重启开标测试' });
      for (const [i, b] of bidders.entries()) {
        receipts.push(await registerAndBid(first, tender.id, b, PRICES[i]));
        priceOf.set(b.organizationName, PRICES[i]);
      }
      expect(Date.now()).toBeLessThan(tender.deadline - 2000);
    }, 60_000);

    afterAll(async () => {
      await Promise.all(servers.map(killHard));
      await db?.destroy();
      await database?.drop();
    });

    it('finishes the opening once, with the same result, when the server is killed mid-decryption and started again', async () => {
      const first = servers[0];
      // The kill lands between two bids read out: 1 or 2 of the 4 recorded, the next one ≥ 1.5 s away.
      const recordedAtKill = await waitFor(
        'one or two decrypted bids',
        async () => {
          const n = await count('opening_bids', { tender_id: tender.id });
          if (n > 2) {
            throw new Error(`${n} bids decrypted before the kill could land`);
          }
          return n >= 1 ? n : undefined;
        },
        { timeoutMs: tender.deadline + 15_000 - Date.now(), everyMs: 20, servers },
      );
      await killHard(first);

      expect(await count('opening_bids', { tender_id: tender.id })).toBe(recordedAtKill);
      expect(await statusOf()).toBe('opening');
      const commitmentsBefore = await commitmentRows();
      expect(commitmentsBefore.map((c) => c.sha256).sort()).toEqual(receipts.map((r) => r.sha256).sort());
      const decryptedBefore: Row[] = await db('opening_bids').where({ tender_id: tender.id }).orderBy('bid_id');
      const lease = (await db('leases').where({ name: `opening:${tender.id}` }).first()) as Row | undefined;
      expect(lease).toBeDefined();
      const leaseExpiresAt = Number(lease?.expires_at);
      expect(leaseExpiresAt).toBeGreaterThan(Date.now());

      const restarted = await startServer(`${dialect} server (restarted)`, env);
      servers.push(restarted);
      // While the dead holder's lease runs, the restarted process leaves the opening alone.
      while (Date.now() < leaseExpiresAt - 300) {
        expect(await count('opening_bids', { tender_id: tender.id })).toBe(recordedAtKill);
        await sleep(250);
      }

      const done = await waitFor(
        'the opening record with all 4 bids after the restart',
        async () => {
          const s = await snapshot(restarted);
          return s.stage === 'confirmation' && s.progress.recorded === 4 ? s : undefined;
        },
        { timeoutMs: leaseExpiresAt + 25_000 - Date.now(), everyMs: 200, servers },
      );

      // Each bid recorded exactly once, with the price that was sealed; the commitments did not move.
      expect(done.progress).toEqual({ total: 4, recorded: 4, valid: 4, invalid: 0 });
      expect(await commitmentRows()).toEqual(commitmentsBefore);
      expect(done.commitments).toEqual(commitmentsBefore.map((c) => ({ sha256: c.sha256, size: c.size })));
      expect(done.bids.map((b) => b.sha256).sort()).toEqual(receipts.map((r) => r.sha256).sort());
      for (const b of done.bids) {
        expect(b).toMatchObject({ status: 'valid', decryptedBy: 'platform', items: { price: priceOf.get(b.bidderOrganization), durationDays: 180 } });
      }
      expect(new Set(done.bids.map((b) => b.bidderOrganization)).size).toBe(4);
      const decrypted: Row[] = await db('opening_bids').where({ tender_id: tender.id }).orderBy('bid_id');
      expect(decrypted).toHaveLength(4);
      expect(new Set(decrypted.map((r) => r.bid_id)).size).toBe(4);
      // What the killed process had recorded stays as it was.
      for (const before of decryptedBefore) {
        expect(decrypted.find((r) => r.bid_id === before.bid_id)).toEqual(before);
      }

      const actions = await auditActions();
      const times = (action: string): number => actions.filter((a) => a === action).length;
      expect(times('opening.started')).toBe(1);
      expect(times('opening.sealed')).toBe(1);
      expect(times('opening.decryption-started')).toBe(1);
      expect(times('opening.bid-decrypted')).toBe(4);
      expect(times('opening.resumed')).toBe(1);
      // The opening key was used by the killed run and by the resumed one, each on the record.
      expect(times('opening.key-used')).toBe(2);
      expect(times('opening.record-ready')).toBe(1);
      const resumed = (await db('audit_events').where({ tender_id: tender.id, action: 'opening.resumed' }).first()) as Row;
      expect(Number(resumed.at)).toBeGreaterThanOrEqual(leaseExpiresAt);
      const decryptedAudit: Row[] = await db('audit_events').where({ tender_id: tender.id, action: 'opening.bid-decrypted' });
      expect(new Set(decryptedAudit.map((r) => (JSON.parse(r.payload as string) as Row).bidId)).size).toBe(4);

      const events = await liveEvents();
      expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
      expect(events.map((e) => e.type)).toEqual([
        'opening-started', 'commitments-published', 'sign-ins-published', 'decryption-started', 'bid-revealed', 'bid-revealed', 'bid-revealed', 'bid-revealed', 'record-ready',
      ]);
      const revealed = events.filter((e) => e.type === 'bid-revealed');
      expect(new Set(revealed.map((e) => e.payload.sha256)).size).toBe(4);
      expect(revealed.map((e) => (e.payload.progress as Row).recorded)).toEqual([1, 2, 3, 4]);
      for (const e of revealed) {
        expect((e.payload.items as Row).price).toBe(priceOf.get(e.payload.bidderOrganization as string));
      }

      // Every bidder confirms its line: the tender is opened, once.
      for (const b of bidders) {
        await api(restarted, 'POST', `/tenders/${tender.id}/opening/confirm`, undefined, b.token);
      }
      const ended = await snapshot(restarted);
      expect(ended).toMatchObject({ status: 'opened', stage: 'ended' });
      expect(await statusOf()).toBe('opened');
      const after = await auditActions();
      expect(after.filter((a) => a === 'opening.confirmed')).toHaveLength(4);
      expect(after.filter((a) => a === 'opening.completed')).toHaveLength(1);
      expect(after.filter((a) => a === 'opening.bid-decrypted')).toHaveLength(4);
      const finalEvents = await liveEvents();
      expect(finalEvents.map((e) => e.seq)).toEqual(finalEvents.map((_e, i) => i + 1));
      expect(finalEvents.slice(events.length).map((e) => e.type)).toEqual(['bid-confirmed', 'bid-confirmed', 'bid-confirmed', 'bid-confirmed', 'opening-completed']);
      expect(finalEvents.find((e) => e.type === 'opening-completed')?.payload).toMatchObject({ valid: 4, invalid: 0, deemedConfirmed: [] });
      // The hash chain survived kill -9.
      expect(await api(restarted, 'GET', '/audit/verify', undefined, adminToken)).toMatchObject({ valid: true });
      expect(restarted.child.exitCode).toBeNull();
    }, 120_000);
  });
}
