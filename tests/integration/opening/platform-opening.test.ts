import fs from 'node:fs';
import path from 'node:path';
import { makeBidPackage, sealBid, signBid } from '../../../server/bids';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler, type OnDeadline } from '../../../server/opening';
import { bidJsonFor, openingCertificateOf, putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

const silent = createLogger(process.env.TEST_LOG ?? 'silent');
/** The sandbox in-flight grace (server/tenders/rules.ts inFlightGraceMs). */
const GRACE = 1000;

const schedulerFor = (w: TestWorld, onDeadline?: OnDeadline) =>
  createOpeningScheduler({ db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: onDeadline ?? w.ctx.opening.onDeadline, leaseTtlMs: 30_000 });

async function liveTypes(w: TestWorld, tenderId: string): Promise<string[]> {
  const rows: { type: string }[] = await w.ctx.db('tender_events').where({ tender_id: tenderId, namespace: 'opening' }).orderBy('seq');
  return rows.map((r) => r.type);
}

async function auditActions(w: TestWorld, tenderId: string): Promise<string[]> {
  return (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).map((e) => e.action);
}

/** Overwrites one byte of a stored blob (the disk changed after submission). */
function flipByte(w: TestWorld, blobKey: string, at: number): void {
  const file = path.join(w.config.dataDir, 'blobs', blobKey.slice(-2), blobKey);
  const bytes = fs.readFileSync(file);
  bytes[at] ^= 0xff;
  fs.writeFileSync(file, bytes);
}

describeEachDialect('platform-mode opening', (dialect) => {
  const world = useTestWorld(dialect);
  const { keyPem } = makeCsr();
  let agency: TestUser;
  let hour = 0;

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
  });
  beforeEach(() => {
    hour += 1;
    world().clock.set(T0 + hour * 3_600_000);
  });

  /** A published tender with `n` registered bidders who each submitted a sealed bid priced 1000n.00. */
  async function tenderWithBids(n: number, extra = 0) {
    const w = world();
    const tender = await buildTender(w, agency);
    const bidders: ReadyBidder[] = [];
    for (let i = 0; i < n + extra; i++) {
      bidders.push(await readyBidder(w, tender.id, { keyPem }));
    }
    for (let i = 0; i < n; i++) {
      expect((await putBid(w, tender.id, bidders[i], await sealedBidFor(w, tender.id, bidders[i], { price: `${1000 * (i + 1)}.00` }))).status).toBe(201);
    }
    return { tender, bidders, deadline: Date.parse(tender.bidDeadline as string) };
  }

  async function openAfterGrace(tenderId: string, deadline: number): Promise<void> {
    const w = world();
    w.clock.set(deadline + GRACE);
    const scheduler = schedulerFor(w);
    expect(await scheduler.runDue()).toContain(tenderId);
    await scheduler.settled();
  }

  /** Every bidder in the record confirms it (the hall's confirmation stage); the last one ends the session. */
  async function confirmAll(tenderId: string, bidders: ReadyBidder[]): Promise<void> {
    for (const b of bidders) {
      const res = await world().http().post(`/api/tenders/${tenderId}/opening/confirm`).set(...bearer(b));
      expect(res.status).toBe(200);
    }
  }

  async function versionsOf(tenderId: string): Promise<{ bid_id: string; bidder_id: string; blob_key: string; sha256: string; size: number }[]> {
    return world()
      .ctx.db('bid_versions as v')
      .join('bids as b', (j) => j.on('b.id', '=', 'v.bid_id').andOn('b.version', '=', 'v.version'))
      .where('b.tender_id', tenderId)
      .select('v.bid_id', 'b.bidder_id', 'v.blob_key', 'v.sha256', 'v.size');
  }

  it('publishes commitments matching the sealed blobs (no ids), then opens 3 valid bids and reveals their prices', async () => {
    const w = world();
    const { tender, bidders, deadline } = await tenderWithBids(3);
    expect((await w.http().get(`/api/tenders/${tender.id}/commitments`)).status).toBe(404);
    const shell = await w.http().get(`/api/tenders/${tender.id}/opening`);
    expect(shell.body).toMatchObject({
      tenderId: tender.id, status: 'published', stage: 'sign-in', sealedAt: null, commitments: [], bids: [], failureReason: null, signIns: { count: null, bidders: [] },
    });

    await openAfterGrace(tender.id, deadline);

    const versions = await versionsOf(tender.id);
    const res = await w.http().get(`/api/tenders/${tender.id}/commitments`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenderId: tender.id,
      sealedAt: new Date(deadline + GRACE).toISOString(),
      commitments: versions.map((v) => ({ sha256: v.sha256, size: Number(v.size) })).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)),
    });
    const text = JSON.stringify(res.body);
    for (const v of versions) {
      expect(text).not.toContain(v.bid_id);
      expect(text).not.toContain(v.bidder_id);
    }
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('opening');
    const snap = await w.http().get(`/api/tenders/${tender.id}/opening`);
    expect(snap.body).toMatchObject({ status: 'opening', stage: 'confirmation', progress: { total: 3, recorded: 3, valid: 3, invalid: 0 } });
    expect(snap.body.bids.map((b: { status: string; items: { price: string } }) => [b.status, b.items.price]).sort()).toEqual([
      ['valid', '1000.00'],
      ['valid', '2000.00'],
      ['valid', '3000.00'],
    ]);
    expect(snap.body.bids.map((b: { bidderOrganization: string }) => b.bidderOrganization).sort()).toEqual(bidders.map((b) => b.organizationName).sort());
    await confirmAll(tender.id, bidders.slice(0, 3));
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('opened');
    expect(await liveTypes(w, tender.id)).toEqual([
      'opening-started', 'commitments-published', 'sign-ins-published', 'decryption-started', 'bid-revealed', 'bid-revealed', 'bid-revealed', 'record-ready',
      'bid-confirmed', 'bid-confirmed', 'bid-confirmed', 'opening-completed',
    ]);
    const actions = await auditActions(w, tender.id);
    expect(actions.filter((a) => a.startsWith('opening.'))).toEqual([
      'opening.started', 'opening.sealed', 'opening.decryption-started', 'opening.key-used', 'opening.bid-decrypted', 'opening.bid-decrypted', 'opening.bid-decrypted',
      'opening.record-ready', 'opening.confirmed', 'opening.confirmed', 'opening.confirmed', 'opening.completed',
    ]);
  });

  it('keeps a tampered bid and one whose bid.json names another tender, marked invalid with their reasons', async () => {
    const w = world();
    const { tender, bidders, deadline } = await tenderWithBids(3, 2);
    const other = await buildTender(w, agency);
    const zip = makeBidPackage({ bidJson: bidJsonFor(other.id, '500.00'), files: [{ name: '技术标.txt', data: Buffer.from('x') }] });
    const foreign = sealBid(signBid(zip, bidders[3].certPem, bidders[3].keyPem, w.clock.now()), [await openingCertificateOf(w, tender.id), bidders[3].certPem]);
    expect((await putBid(w, tender.id, bidders[3], foreign)).status).toBe(201);
    const tampered = await putBid(w, tender.id, bidders[4], await sealedBidFor(w, tender.id, bidders[4], { price: '600.00' }));
    expect(tampered.status).toBe(201);
    const versions = await versionsOf(tender.id);
    const victim = versions.find((v) => v.bidder_id === bidders[4].id);
    flipByte(w, victim?.blob_key as string, Number(victim?.size) - 5);

    await openAfterGrace(tender.id, deadline);

    const snap = await w.http().get(`/api/tenders/${tender.id}/opening`).set(...bearer(agency));
    expect(snap.body.stage).toBe('confirmation');
    expect(snap.body.commitments).toHaveLength(5);
    expect(snap.body.bids).toHaveLength(5);
    const byOrg = (b: ReadyBidder) => snap.body.bids.find((x: { bidderOrganization: string }) => x.bidderOrganization === b.organizationName);
    expect(byOrg(bidders[3])).toMatchObject({ status: 'invalid', items: null, reason: expect.stringContaining('another tender') });
    expect(byOrg(bidders[4])).toMatchObject({ status: 'invalid', items: null, reason: expect.stringContaining('commitment') });
    expect(snap.body.bids.filter((b: { status: string }) => b.status === 'valid')).toHaveLength(3);
    expect((await liveTypes(w, tender.id)).filter((t) => t === 'bid-invalid')).toHaveLength(2);
  });

  it('fails the tender (流标) with its reason when fewer than 3 bids are in force, without using the opening key', async () => {
    const w = world();
    const { tender, deadline } = await tenderWithBids(2);
    await openAfterGrace(tender.id, deadline);
    const got = await w.http().get(`/api/tenders/${tender.id}`);
    expect(got.body).toMatchObject({ status: 'failed', failedAt: new Date(deadline + GRACE).toISOString(), failureReason: expect.stringContaining('fewer than 3 bids') });
    expect((await w.http().get(`/api/tenders/${tender.id}/commitments`)).body.commitments).toHaveLength(2);
    expect(await liveTypes(w, tender.id)).toEqual(['opening-started', 'commitments-published', 'sign-ins-published', 'tender-failed']);
    const actions = await auditActions(w, tender.id);
    expect(actions).toContain('tender.failed');
    expect(actions).not.toContain('opening.key-used');
    expect((await w.http().get(`/api/tenders/${tender.id}/opening`)).body).toMatchObject({ status: 'failed', stage: 'ended', bids: [], failureReason: expect.any(String) });
  });

  it('includes a bid that commits during the grace period and refuses one whose transaction runs after sealing', async () => {
    const w = world();
    const { tender, bidders, deadline } = await tenderWithBids(2, 2);
    const late = await sealedBidFor(w, tender.id, bidders[2], { price: '3000.00' });
    const tooLate = await sealedBidFor(w, tender.id, bidders[3], { price: '4000.00' });
    const scheduler = schedulerFor(w);
    w.clock.set(deadline);
    expect(await scheduler.runDue()).toContain(tender.id);
    // NOTE: the fixed clock is set back to model a bid whose last byte arrived 1 ms before the deadline
    // but whose transaction runs after the tender moved to `opening` (the server was busy).
    w.clock.set(deadline - 1);
    expect((await putBid(w, tender.id, bidders[2], late)).status).toBe(201);
    w.clock.set(deadline + GRACE);
    await scheduler.settled();
    expect((await w.http().get(`/api/tenders/${tender.id}/commitments`)).body.commitments).toHaveLength(3);
    expect((await w.http().get(`/api/tenders/${tender.id}/opening`)).body.progress).toMatchObject({ total: 3, recorded: 3, valid: 3 });
    w.clock.set(deadline - 1);
    const refused = await putBid(w, tender.id, bidders[3], tooLate);
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'BID_WINDOW_CLOSED']);
    expect((await versionsOf(tender.id)).length).toBe(3);
  });

  it('finishes a partial run on re-run with the same result and no duplicate events', async () => {
    const w = world();
    const { tender, deadline } = await tenderWithBids(3);
    w.clock.set(deadline + GRACE);
    const scheduler = schedulerFor(w, async () => undefined);
    expect(await scheduler.runDue()).toContain(tender.id);
    await scheduler.settled();
    const crash = new AbortController();
    w.ctx.bus.attach({ toRoom: (_room, _event, payload) => ((payload as { type?: string }).type === 'bid-revealed' ? crash.abort(new Error('crash')) : undefined) });
    await expect(w.ctx.opening.onDeadline(tender.id, { signal: crash.signal })).rejects.toThrow('crash');
    w.ctx.bus.attach(null);
    expect(await w.ctx.db('opening_bids').where({ tender_id: tender.id })).toHaveLength(1);
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('opening');

    await w.ctx.opening.onDeadline(tender.id, { signal: new AbortController().signal });
    await w.ctx.opening.onDeadline(tender.id, { signal: new AbortController().signal });
    expect((await w.http().get(`/api/tenders/${tender.id}/opening`)).body.stage).toBe('confirmation');
    expect(await liveTypes(w, tender.id)).toEqual([
      'opening-started', 'commitments-published', 'sign-ins-published', 'decryption-started', 'bid-revealed', 'bid-revealed', 'bid-revealed', 'record-ready',
    ]);
    const actions = await auditActions(w, tender.id);
    expect(actions.filter((a) => a === 'opening.bid-decrypted')).toHaveLength(3);
    expect(actions.filter((a) => a === 'opening.sealed')).toHaveLength(1);
    const prices = (await w.http().get(`/api/tenders/${tender.id}/opening`)).body.bids.map((b: { items: { price: string } }) => b.items.price).sort();
    expect(prices).toEqual(['1000.00', '2000.00', '3000.00']);
  });

  it('never uses the opening key before bidDeadline', async () => {
    const w = world();
    const { tender, deadline } = await tenderWithBids(3);
    w.clock.set(deadline - 1);
    await w.ctx.opening.onDeadline(tender.id, { signal: new AbortController().signal });
    expect((await w.ctx.tenders.get(tender.id)).status).toBe('published');
    await expect(w.ctx.pki.openingPrivateKeyPem({ id: tender.id, bidDeadline: deadline })).rejects.toMatchObject({ code: 'KEY_NOT_YET_USABLE' });
    expect(await auditActions(w, tender.id)).not.toContain('opening.key-used');
    expect((await w.http().get(`/api/tenders/${tender.id}/commitments`)).status).toBe(404);
  });
});
