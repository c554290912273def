import pino from 'pino';
import { createOpeningScheduler } from '../../../server/opening';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { enrollBidder, putBid, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { useTestWorld, type TestWorld } from '../../support/test-app';

type Viewer = { name: string; user: TestUser | null };

/** The events of a trail as the API answers them. */
type TrailEvent = { seq: number; action: string; visibility: string };

/** Every audit view (and the hall snapshot) a viewer has, as the exact bytes the server sent. */
async function auditViews(w: TestWorld, v: Viewer, tenderIds: string[]): Promise<Record<string, string>> {
  const send = (method: 'get' | 'post', p: string) => (v.user ? w.http()[method](p).set(...bearer(v.user)) : w.http()[method](p));
  const paths = [
    ...tenderIds.flatMap((id) => [`/api/tenders/${id}/audit`, `/api/tenders/${id}/opening`, `/api/tenders/${id}`]),
    '/api/audit/verify', '/api/audit/checkpoints', '/api/audit/checkpoints/latest', '/api/tenders',
  ];
  const out: Record<string, string> = {};
  for (const p of paths) {
    const res = await send('get', p);
    out[p] = `${res.status} ${res.text}`;
  }
  const held = (await w.http().get('/api/audit/checkpoints/latest')).body;
  const posted = await send('post', '/api/audit/verify').send({ checkpoint: held });
  out['POST /api/audit/verify'] = `${posted.status} ${posted.text}`;
  return out;
}

/** Registrations, bids, a replacement, a withdrawal and a refused bid by `bidders` on one tender. */
async function bidderActions(w: TestWorld, tenderId: string, bidders: ReadyBidder[]): Promise<void> {
  for (const b of bidders) {
    await registerBidder(w, b, tenderId);
    expect((await putBid(w, tenderId, b, await sealedBidFor(w, tenderId, b))).status).toBe(201);
  }
  const [first, second] = bidders as [ReadyBidder, ReadyBidder];
  expect((await putBid(w, tenderId, first, await sealedBidFor(w, tenderId, first, { price: '1234.56' }))).status).toBe(201);
  expect((await w.http().delete(`/api/tenders/${tenderId}/bid`).set(...bearer(second))).status).toBe(200);
  expect((await putBid(w, tenderId, second, Buffer.from('not a bid'))).status).toBe(400);
}

/** Bidder accounts with certificates, made before anything is compared (enrolling is not an act on a tender). */
async function readyAccounts(w: TestWorld, n: number): Promise<ReadyBidder[]> {
  const out: ReadyBidder[] = [];
  for (let i = 0; i < n; i += 1) {
    const u = await buildUser(w, 'bidder');
    out.push({ ...u, ...(await enrollBidder(w, u)) });
  }
  return out;
}

describeEachDialect('a bidder’s registration and bid move nothing anyone else can see in the audit trail (issue 13 finding 3)', (dialect) => {
  const world = useTestWorld(dialect);

  it('every audit view of the agency, the admin, the supervisor, another bidder and the public is byte for byte the same before and after', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const supervisor = await buildUser(w, 'supervisor');
    const watched = await buildTender(w, owner);
    const other = await buildTender(w, owner);
    const otherBidder = await buildUser(w, 'bidder');
    await registerBidder(w, otherBidder, other.id);
    const bidders = await readyAccounts(w, 3);
    const viewers: Viewer[] = [
      { name: 'owner agency', user: owner },
      { name: 'another agency', user: await buildUser(w, 'agency') },
      { name: 'admin', user: await buildUser(w, 'admin') },
      { name: 'supervisor', user: supervisor },
      { name: 'another bidder', user: otherBidder },
      { name: 'public', user: null },
    ];
    const ids = [watched.id, other.id];
    const before = await Promise.all(viewers.map((v) => auditViews(w, v, ids)));
    await bidderActions(w, watched.id, bidders);
    const after = await Promise.all(viewers.map((v) => auditViews(w, v, ids)));

    for (const [i, v] of viewers.entries()) {
      for (const view of Object.keys(before[i] as Record<string, string>)) {
        // 监督: supervisors read the tender's own sealed events (who registered and bid); nothing else moves for them either.
        if (v.name === 'supervisor' && view === `/api/tenders/${watched.id}/audit`) {
          continue;
        }
        expect({ viewer: v.name, view, seen: after[i]?.[view] }).toEqual({ viewer: v.name, view, seen: before[i]?.[view] });
      }
    }
    const supervised = (await w.http().get(`/api/tenders/${watched.id}/audit`).set(...bearer(supervisor))).body.items as TrailEvent[];
    expect(supervised.filter((e) => e.visibility === 'sealed').map((e) => e.action)).toEqual(expect.arrayContaining(['registration.created', 'bid.submitted', 'bid.replaced', 'bid.withdrawn', 'bid.refused']));
  }, 300_000);

  it('numbers a tender’s trail per reader: no platform-wide position or hash, so the gap between two agency events counts nothing', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const supervisor = await buildUser(w, 'supervisor');
    const watched = await buildTender(w, owner);
    const bidders = await readyAccounts(w, 3);
    await buildTender(w, owner);
    const before = (await w.http().get('/api/audit/checkpoints/latest')).body.size;
    await bidderActions(w, watched.id, bidders);
    await buildTender(w, owner);
    // The chain (and its public checkpoints) grew by the agency's own two events (created, published), not by 3 × 3 bidder events.
    expect((await w.http().get('/api/audit/checkpoints/latest')).body.size - before).toBe(2);
    for (const u of [owner, supervisor, await buildUser(w, 'admin')]) {
      const trail = (await w.http().get(`/api/tenders/${watched.id}/audit`).set(...bearer(u))).body.items as TrailEvent[];
      expect(trail.map((e) => e.seq)).toEqual(trail.map((_e, i) => i + 1));
      for (const e of trail) {
        expect(Object.keys(e).sort()).toEqual(['action', 'actorId', 'actorRole', 'at', 'payload', 'seq', 'visibility']);
      }
    }
  }, 300_000);

  it('chains the sealed events at the opening, in the order they happened, and the chain then verifies', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const supervisor = await buildUser(w, 'supervisor');
    const tender = await buildTender(w, owner);
    await bidderActions(w, tender.id, await readyAccounts(w, 3));
    const trail = async (u: TestUser) => (await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(u))).body.items as TrailEvent[];
    const sealed = await trail(supervisor);
    const size = (await w.http().get('/api/audit/verify').set(...bearer(supervisor))).body.size;

    w.clock.set(Date.parse(tender.bidDeadline as string) + 1000);
    const scheduler = createOpeningScheduler({ db: w.ctx.db, clock: w.ctx.clock, log: pino({ level: 'silent' }), audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline });
    await scheduler.runDue();
    await scheduler.settled();

    const verdict = (await w.http().get('/api/audit/verify').set(...bearer(supervisor))).body;
    expect(verdict).toMatchObject({ valid: true });
    expect(verdict.size).toBeGreaterThan(size + sealed.filter((e) => e.visibility === 'sealed').length);
    expect((await trail(supervisor)).slice(0, sealed.length)).toEqual(sealed);
    // After the opening the owner agency reads them too (DESIGN §1), in the same order.
    expect((await trail(owner)).slice(0, sealed.length)).toEqual(sealed);
    const released = await w.ctx.db('audit_events').where({ tender_id: tender.id }).whereNull('chain_seq');
    expect(released).toEqual([]);
  }, 300_000);
});
