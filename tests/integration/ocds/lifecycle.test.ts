import { describeEachDialect } from '../../support/dialects';
import { buildExpert, evaluatedTender } from '../../support/evaluation';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { createOcdsValidator, type OcdsPackage, type OcdsRelease } from '../../support/ocds';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * OCDS 1.1 export of one tender through its life (docs/api-contracts.md "OCDS"): every package is
 * valid against the official release-package schema (tests/fixtures/ocds), releases map the tender,
 * its bids only after the opening (DESIGN §1 sealed rules) and the award.
 */
const PREFIX = 'ocds-th0test';
const SPECIALTY = '市政道路';
const BID_TAG = 'ocds_bid_extension';

describeEachDialect('OCDS export through a tender’s life', (dialect) => {
  const world = useTestWorld(dialect, { OCDS_OCID_PREFIX: PREFIX, PUBLIC_URL: 'https://jy.example.gov.cn' });
  const validate = createOcdsValidator();
  let agency: TestUser;
  let admin: TestUser;
  const pool: TestUser[] = [];
  let step = 0;

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
    admin = await buildUser(world(), 'admin');
    for (let i = 0; i < 3; i++) {
      pool.push(await buildExpert(world(), admin, [SPECIALTY]));
    }
  });
  beforeEach(() => {
    step += 1;
    world().clock.set(T0 + step * 3_600_000);
  });

  /** GET /api/ocds/tenders/:id as the public, checked against the schema. */
  async function packageOf(tenderId: string): Promise<OcdsPackage> {
    const res = await world().http().get(`/api/ocds/tenders/${tenderId}`);
    expect(res.status).toBe(200);
    expect(validate(res.body)).toEqual([]);
    return res.body as OcdsPackage;
  }
  const post = (path: string, who: TestUser, body?: object) => world().http().post(path).set(...bearer(who)).send(body);
  const last = (p: OcdsPackage): OcdsRelease => p.releases[p.releases.length - 1];
  const rolesOf = (r: OcdsRelease, name: string) => r.parties.find((p) => p.name === name)?.roles ?? [];

  it('exports no draft: a draft, a draft cancelled unpublished, an unknown tender and a malformed id answer in the error shape', async () => {
    const draft = await buildTender(world(), agency, { publish: false });
    const res = await world().http().get(`/api/ocds/tenders/${draft.id}`);
    expect([res.status, res.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    expect(res.body).not.toHaveProperty('releases');
    expect((await world().http().get('/api/ocds/tenders/01J00000000000000000000000')).status).toBe(404);
    // A draft cancelled before publication is public as a tender, but was never announced: no OCDS data.
    const withdrawn = await buildTender(world(), agency, { publish: false });
    expect((await post(`/api/tenders/${withdrawn.id}/cancel`, agency, { reason: '项目取消' })).status).toBe(200);
    expect((await world().http().get(`/api/ocds/tenders/${withdrawn.id}`)).status).toBe(404);
    const bad = await world().http().get('/api/ocds/tenders/not-an-id');
    expect([bad.status, bad.body.error?.code, bad.body.error?.fields?.[0]?.path]).toEqual([400, 'VALIDATION', 'tenderId']);
  });

  it('announces a published tender (tag tender): buyer and procuring entity, budget in CNY, tender period, public documents — and nothing about the bids already sealed', async () => {
    const w = world();
    const draft = await buildTender(w, agency, { publish: false, body: { documentsPublic: true } });
    const upload = await w.http().post(`/api/tenders/${draft.id}/documents`).set(...bearer(agency)).attach('file', Buffer.from('招标文件正文'), '招标文件.pdf');
    expect(upload.status).toBe(201);
    const tender = (await post(`/api/tenders/${draft.id}/publish`, agency)).body as Record<string, string>;
    const bidders = [];
    for (let i = 0; i < 3; i++) {
      const b = await readyBidder(w, tender.id);
      expect((await putBid(w, tender.id, b, await sealedBidFor(w, tender.id, b, { price: `${900 + i}.00` }))).status).toBe(201);
      bidders.push(b);
    }

    const pkg = await packageOf(tender.id);
    expect(pkg).toMatchObject({ version: '1.1', uri: `https://jy.example.gov.cn/api/ocds/tenders/${tender.id}`, publisher: { name: expect.any(String) } });
    expect(pkg.releases).toHaveLength(1);
    const r = pkg.releases[0];
    expect(r).toMatchObject({ ocid: `${PREFIX}-${tender.id}`, id: `${PREFIX}-${tender.id}-tender`, date: tender.publishedAt, tag: ['tender'], initiationType: 'tender' });
    expect(r.parties).toHaveLength(1);
    expect(r.parties[0]).toMatchObject({ name: agency.organizationName, roles: ['buyer', 'procuringEntity'], identifier: { scheme: 'CN-USCC' } });
    expect(r.buyer).toEqual({ id: r.parties[0].id, name: agency.organizationName });
    expect(r.tender).toMatchObject({
      id: tender.id, title: tender.title, status: 'active', procurementMethod: 'open', mainProcurementCategory: 'works', awardCriteria: 'ratedCriteria',
      value: { amount: 12500000, currency: 'CNY' }, tenderPeriod: { startDate: tender.publishedAt, endDate: tender.bidDeadline }, procuringEntity: r.buyer,
    });
    expect(r.tender.documents).toEqual([
      expect.objectContaining({ id: upload.body.document.id, documentType: 'biddingDocuments', title: '招标文件.pdf', url: `https://jy.example.gov.cn/api/tenders/${tender.id}/documents/${upload.body.document.id}` }),
    ]);
    // Sealed: before the opening the export knows no bidder, no count, no bid (DESIGN §1).
    for (const field of ['numberOfTenderers', 'tenderers', 'bids']) {
      expect(r.tender).not.toHaveProperty(field);
    }
    const text = JSON.stringify(pkg);
    for (const b of bidders) {
      expect(text).not.toContain(b.organizationName as string);
    }
    expect(r).not.toHaveProperty('awards');
  });

  it('gives each clarification its release: tenderUpdate for a clarification, tenderAmendment for an amendment that moves the bid deadline in its release only', async () => {
    const w = world();
    const tender = await buildTender(w, agency);
    w.clock.set(Date.parse(tender.publishedAt as string) + 1000);
    const first = await post(`/api/tenders/${tender.id}/clarifications`, agency, { title: '答疑一', body: '图纸以附件为准', affectsBids: false });
    expect([first.status, first.body.error]).toEqual([201, undefined]);
    w.clock.set(Date.parse(tender.publishedAt as string) + 2000);
    const moved = new Date(Date.parse(tender.bidDeadline as string) + 60_000).toISOString();
    const amended = await post(`/api/tenders/${tender.id}/clarifications`, agency, { title: '修改一', body: '工期调整', affectsBids: true, newBidDeadline: moved });
    expect(amended.status).toBe(201);

    const pkg = await packageOf(tender.id);
    expect(pkg.releases.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate'], ['tenderAmendment']]);
    expect(pkg.releases.map((r) => r.tender.tenderPeriod.endDate)).toEqual([tender.bidDeadline, tender.bidDeadline, moved]);
    expect(last(pkg).tender.amendments).toEqual([expect.objectContaining({ id: amended.body.clarification.id, rationale: '修改一', date: amended.body.clarification.publishedAt })]);
    expect(pkg.releases[0].tender).toMatchObject({ amendments: [], documents: [] });
    expect(new Set(pkg.releases.map((r) => r.id)).size).toBe(3);
  });

  it('after the opening names the tenderers with their count and bid statistics; after publicity a pending award; after the award an active one with its supplier — earlier releases never change', async () => {
    const w = world();
    const evaluated = await evaluatedTender(w, agency, pool, { specialty: SPECIALTY });
    const orgs = evaluated.bidders.map((b) => b.organizationName as string);

    const opened = await packageOf(evaluated.tenderId);
    expect(opened.releases.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate']]);
    expect(opened.extensions.some((e) => e.includes(BID_TAG))).toBe(true);
    const [announced, opening] = opened.releases;
    expect(announced.tender).not.toHaveProperty('numberOfTenderers');
    expect(announced.parties.map((p) => p.roles)).toEqual([['buyer', 'procuringEntity']]);
    expect(opening.tender).toMatchObject({ status: 'active', numberOfTenderers: 3 });
    expect((opening.tender.tenderers as { name: string }[]).map((t) => t.name).sort()).toEqual([...orgs].sort());
    for (const org of orgs) {
      expect(rolesOf(opening, org)).toEqual(['tenderer']);
    }
    const stats = (opening.tender.bids as { statistics: { measure: string; value: number }[] }).statistics;
    expect(Object.fromEntries(stats.map((s) => [s.measure, s.value]))).toMatchObject({ bids: 3, validBids: 3, disqualifiedBids: 0, lowestValidBidValue: 1000, highestValidBidValue: 3000 });

    const published = await post(`/api/tenders/${evaluated.tenderId}/candidates/publish`, agency);
    expect(published.status).toBe(200);
    await w.ctx.records.drain();
    const publicity = await packageOf(evaluated.tenderId);
    const pending = last(publicity);
    expect(pending.tag).toEqual(['award']);
    const first = (published.body.candidates as { rank: number; bidderOrganization: string; price: string }[]).find((c) => c.rank === 1);
    expect(pending.awards).toEqual([
      expect.objectContaining({ status: 'pending', date: published.body.publishedAt, suppliers: [expect.objectContaining({ name: first?.bidderOrganization })], value: { amount: Number(first?.price), currency: 'CNY' } }),
    ]);
    expect(pending.awards?.[0].documents).toEqual([expect.objectContaining({ documentType: 'awardNotice', url: expect.stringMatching(/^https:\/\/jy\.example\.gov\.cn\/api\/records\/[0-9A-Z]{26}\/pdf$/) })]);

    w.clock.set(Date.parse(published.body.publicityEndsAt as string) + 1);
    const awarded = await post(`/api/tenders/${evaluated.tenderId}/award`, agency, {});
    expect(awarded.status).toBe(200);
    const final = await packageOf(evaluated.tenderId);
    const award = last(final);
    expect(final.releases.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate'], ['award'], ['awardUpdate', 'contract']]);
    // The contract stage: the contract the award notice calls for, pending (signed off the platform), at the awarded price.
    expect(award.contracts).toEqual([
      expect.objectContaining({ awardID: pending.awards?.[0].id, status: 'pending', value: { amount: Number(awarded.body.price), currency: 'CNY' } }),
    ]);
    expect(award.tender.status).toBe('complete');
    expect(award.awards).toEqual([expect.objectContaining({ id: pending.awards?.[0].id, status: 'active', date: awarded.body.awardedAt, suppliers: [expect.objectContaining({ name: awarded.body.bidderOrganization })] })]);
    expect(award.awards?.[0].value).toEqual({ amount: Number(awarded.body.price), currency: 'CNY' });
    expect(rolesOf(award, awarded.body.bidderOrganization as string)).toEqual(['tenderer', 'supplier']);
    expect(award.parties.filter((p) => p.roles.includes('supplier'))).toHaveLength(1);
    // Stable: the releases of earlier stages are the same, id and content, in every later package.
    expect(final.releases.slice(0, 2)).toEqual(opened.releases);
    expect(final.releases[2]).toEqual(pending);
    expect(final.publishedDate).toBe(award.date);
  });
});
