import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { createOcdsValidator, type OcdsPackage } from '../../support/ocds';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * GET /api/ocds/releases: every public tender's releases in (date, id) order, paged by the cursor
 * of links.next (OCDS pagination extension), from `since` on; errors in the contract shape.
 */
const BASE = 'http://ocds.test';

describeEachDialect('OCDS release feed', (dialect) => {
  const world = useTestWorld(dialect, { PUBLIC_URL: BASE });
  const validate = createOcdsValidator();
  let agency: TestUser;
  let at = T0;
  const tick = () => {
    at += 60_000;
    world().clock.set(at);
  };
  const feed = async (query: string): Promise<OcdsPackage> => {
    const res = await world().http().get(`/api/ocds/releases${query}`);
    expect(res.status).toBe(200);
    return res.body as OcdsPackage;
  };
  /** Follows links.next from the first page; every page is checked against the schema. */
  async function follow(first: string, onPage?: (n: number) => Promise<void>): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let next: string | undefined = `${BASE}/api/ocds/releases${first}`;
    let pages = 0;
    while (next) {
      const page = await feed(next.slice(`${BASE}/api/ocds/releases`.length));
      expect(validate(page)).toEqual([]);
      ids.push(...page.releases.map((r) => r.id));
      pages += 1;
      next = page.links?.next;
      await onPage?.(pages);
    }
    return { ids, pages };
  }

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
    for (let i = 0; i < 4; i++) {
      tick();
      await buildTender(world(), agency);
    }
    tick();
    const clarified = await buildTender(world(), agency);
    world().clock.set(at + 1000); // before its bid deadline (sandbox: 30 s after publication)
    const clarification = await world().http().post(`/api/tenders/${clarified.id}/clarifications`).set(...bearer(agency)).send({ title: '答疑', body: '见附件', affectsBids: false });
    expect(clarification.status).toBe(201);
    tick();
    const cancelled = await buildTender(world(), agency);
    tick();
    expect((await world().http().post(`/api/tenders/${cancelled.id}/cancel`).set(...bearer(agency)).send({ reason: '项目调整' })).status).toBe(200);
    tick();
    await buildTender(world(), agency, { publish: false });
  });

  it('lists every public tender’s releases once, in date order, each as in the tender’s own package; drafts never', async () => {
    const all = await feed('?limit=500');
    expect(validate(all)).toEqual([]);
    const ids = all.releases.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const dates = all.releases.map((r) => Date.parse(r.date));
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    const { items } = (await world().http().get('/api/tenders?mine=1&pageSize=100').set(...bearer(agency))).body as { items: { id: string; status: string }[] };
    const expected: string[] = [];
    for (const t of items.filter((x) => x.status !== 'draft')) {
      expected.push(...((await world().http().get(`/api/ocds/tenders/${t.id}`)).body as OcdsPackage).releases.map((r) => r.id));
    }
    expect([...ids].sort()).toEqual(expected.sort());
    const draft = items.find((x) => x.status === 'draft');
    expect(draft).toBeDefined();
    expect(JSON.stringify(all)).not.toContain(draft?.id as string);
    const cancellation = all.releases.find((r) => r.tag.includes('tenderCancellation'));
    expect(cancellation?.tender.status).toBe('cancelled');
    expect(all.releases.filter((r) => r.tag.includes('tenderUpdate'))).toHaveLength(1);
  });

  it('pages with limit and links.next: following the cursor returns each release exactly once, in the same order', async () => {
    const all = (await feed('?limit=500')).releases.map((r) => r.id);
    const { ids, pages } = await follow('?limit=2');
    expect(ids).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('keeps paging stable while the tenders change: a release made meanwhile comes once, after the ones already read', async () => {
    const before = (await feed('?limit=500')).releases.map((r) => r.id);
    let added: string | undefined;
    const { ids } = await follow('?limit=3', async (page) => {
      if (page === 1) {
        tick();
        added = (await buildTender(world(), agency)).id;
      }
    });
    expect(ids.slice(0, before.length)).toEqual(before);
    expect(ids.slice(before.length)).toEqual([expect.stringContaining(added as string)]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('filters by since (inclusive) and carries it in links.next', async () => {
    const all = (await feed('?limit=500')).releases;
    const since = all[3].date;
    const expected = all.filter((r) => Date.parse(r.date) >= Date.parse(since)).map((r) => r.id);
    const first = await feed(`?since=${encodeURIComponent(since)}&limit=2`);
    expect(first.links?.next).toContain(`since=${encodeURIComponent(since)}`);
    const { ids } = await follow(`?since=${encodeURIComponent(since)}&limit=2`);
    expect(ids).toEqual(expected);
    const later = await feed(`?since=${encodeURIComponent(new Date(at + 86_400_000).toISOString())}`);
    expect(later.releases).toEqual([]);
    expect(later).not.toHaveProperty('links');
  });

  it('refuses bad parameters with 400 VALIDATION naming the field', async () => {
    const cases: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?since=yesterday', 'since'],
      ['?cursor=%21%21', 'cursor'],
      [`?cursor=${Buffer.from('{"d":"x"}').toString('base64url')}`, 'cursor'],
      ['?page=2', 'page'],
    ];
    for (const [query, field] of cases) {
      const res = await world().http().get(`/api/ocds/releases${query}`);
      expect([query, res.status, res.body.error?.code, (res.body.error?.fields as { path: string }[]).map((f) => f.path)]).toEqual([query, 400, 'VALIDATION', [field]]);
    }
  });

  it('validates for real: the schema check rejects a package that breaks OCDS', () => {
    const errors = validate({ uri: 'not a uri', version: '1', publishedDate: 'today', publisher: {}, releases: [{ ocid: 'x', id: 'y', date: 'z', tag: ['bid'], initiationType: 'tender' }] });
    expect(errors.length).toBeGreaterThanOrEqual(5);
  });
});
