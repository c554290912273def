import * as facts from '../../../server/ocds/facts';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { createOcdsValidator, type OcdsPackage } from '../../support/ocds';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 8: the anonymous OCDS feed cost work proportional to every public tender on each
 * request (10 concurrent ?limit=500 stalled /api/health 1.8 s with 15 tenders). Releases are now
 * stored when they happen (a mark in the change's own transaction, built after commit) and a read
 * serves a keyset page of stored rows: its database work is bounded by the page, whatever the number
 * of tenders, and it never runs the per-tender builder when nothing changed.
 */
const BASE = 'http://ocds.test';
const TENDERS = 15;

describeEachDialect('OCDS releases stored when they happen', (dialect) => {
  const world = useTestWorld(dialect, { PUBLIC_URL: BASE });
  const validate = createOcdsValidator();
  let agency: TestUser;
  let at = T0;
  const tick = () => {
    at += 60_000;
    world().clock.set(at);
  };
  const ids: string[] = [];

  /** The SQL statements `fn` sends, and whether it called the per-tender builder (readTenderFacts). */
  async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; builds: number }> {
    let queries = 0;
    const count = () => {
      queries += 1;
    };
    const spy = jest.spyOn(facts, 'readTenderFacts');
    world().ctx.db.on('query', count);
    try {
      const result = await fn();
      return { result, queries, builds: spy.mock.calls.length };
    } finally {
      world().ctx.db.off('query', count);
      spy.mockRestore();
    }
  }
  const outbox = async (): Promise<string[]> => (await world().ctx.db('ocds_outbox').select('tender_id')).map((r: { tender_id: string }) => r.tender_id);

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
    for (let i = 0; i < TENDERS; i++) {
      tick();
      ids.push((await buildTender(world(), agency)).id);
    }
  });

  it('marks a tender in the transaction of its public change, and builds it on the next read', async () => {
    expect((await outbox()).sort()).toEqual([...ids].sort());
    const first = await measure(() => world().http().get('/api/ocds/releases?limit=500'));
    const res = first.result;
    expect(res.status).toBe(200);
    expect(first.builds).toBe(TENDERS);
    expect(first.queries).toBeGreaterThan(TENDERS);
    expect(validate(res.body)).toEqual([]);
    expect((res.body as OcdsPackage).releases).toHaveLength(TENDERS);
    expect(await outbox()).toEqual([]);
  });

  it('serves the feed and a package from stored rows: a bounded number of queries, no per-tender build, whatever the number of tenders', async () => {
    await world().http().get('/api/ocds/releases?limit=1');
    const feed = await measure(() => Promise.all(Array.from({ length: 10 }, () => world().http().get('/api/ocds/releases?limit=500'))));
    for (const res of feed.result) {
      expect(res.status).toBe(200);
      expect((res.body as OcdsPackage).releases).toHaveLength(TENDERS);
    }
    // per request: the outbox look-up and the page (today's code read every tender: > 15 per request)
    expect(feed.queries).toBeLessThanOrEqual(10 * 2);
    expect(feed.queries).toBeGreaterThanOrEqual(10);
    expect(feed.builds).toBe(0);
    const one = await measure(() => world().http().get(`/api/ocds/tenders/${ids[3]}`));
    expect(one.result.status).toBe(200);
    expect(one.queries).toBeLessThanOrEqual(2);
    expect(one.builds).toBe(0);
  });

  it('stores exactly what the builder makes, with the same ids and dates, and earlier releases never change', async () => {
    const before = (await world().http().get(`/api/ocds/tenders/${ids[0]}`)).body as OcdsPackage;
    world().clock.set(at + 1000);
    const clarification = await world().http().post(`/api/tenders/${ids[14]}/clarifications`).set(...bearer(agency)).send({ title: '答疑', body: '见附件', affectsBids: false });
    expect(clarification.status).toBe(201);
    expect(await outbox()).toEqual([ids[14]]);
    for (const id of ids) {
      const stored = ((await world().http().get(`/api/ocds/tenders/${id}`)).body as OcdsPackage).releases;
      const built = (await world().ctx.ocds.build(id)).map((r) => r.release);
      expect(stored).toEqual(built);
      expect(stored[0].id).toBe(`ocds-tenderhall-${id}-tender`);
    }
    const clarified = ((await world().http().get(`/api/ocds/tenders/${ids[14]}`)).body as OcdsPackage).releases;
    expect(clarified.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate']]);
    expect((await world().http().get(`/api/ocds/tenders/${ids[0]}`)).body).toEqual(before);
  });

  it('a bidder’s registration (a sealed event) leaves no mark: nothing of the export moves with it', async () => {
    const bidder = await buildUser(world(), 'bidder');
    const target = (await buildTender(world(), agency)).id;
    await world().http().get('/api/ocds/releases?limit=1');
    expect(await outbox()).toEqual([]);
    await registerBidder(world(), bidder, target);
    expect(await outbox()).toEqual([]);
  });

  it('catches up on start (a mark left by a process that died after commit), and once started builds each change after its commit', async () => {
    await world().ctx.db('ocds_releases').where({ tender_id: ids[5] }).delete();
    await world().ctx.db('ocds_outbox').insert({ tender_id: ids[5], version: 7 });
    await world().ctx.ocds.start();
    try {
      expect(await outbox()).toEqual([]);
      expect(Number((await world().ctx.db('ocds_releases').where({ tender_id: ids[5] }).count({ n: '*' }).first())?.n)).toBe(1);
      // once started, a change is built right after its commit, with no read
      tick();
      const later = (await buildTender(world(), agency)).id;
      for (let i = 0; i < 200 && (await outbox()).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await outbox()).toEqual([]);
      expect((await world().ctx.db('ocds_releases').where({ tender_id: later }).select('id')).map((r: { id: string }) => r.id)).toEqual([`ocds-tenderhall-${later}-tender`]);
    } finally {
      await world().ctx.ocds.stop();
    }
  });
});
