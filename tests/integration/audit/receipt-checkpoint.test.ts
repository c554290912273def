import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser } from '../../support/factories';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { useTestWorld } from '../../support/test-app';

describeEachDialect('a bidder gets the latest signed checkpoint with its receipt (issue 13 finding 7)', (dialect) => {
  const world = useTestWorld(dialect);

  it('answers PUT and GET /bid with the latest checkpoint beside the unchanged signed receipt, and the bidder can check the chain against it later', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    const latest = (await w.http().get('/api/audit/checkpoints/latest')).body;

    const put = await putBid(w, t.id, bidder, await sealedBidFor(w, t.id, bidder));
    expect(put.status).toBe(201);
    expect(Object.keys(put.body)).toEqual(['receipt', 'signature', 'checkpoint']);
    expect(put.body.checkpoint).toEqual(latest);
    const verdict = await w.http().post('/api/receipts/verify').send({ receipt: put.body.receipt, signature: put.body.signature });
    expect(verdict.body).toMatchObject({ valid: true });
    const own = (await w.http().get(`/api/tenders/${t.id}/bid`).set(...bearer(bidder))).body;
    expect(own.checkpoint).toEqual(latest);
    expect(own.bid.receipt).toEqual(put.body.receipt);

    await buildTender(w, agency);
    const later = await w.http().post('/api/audit/verify').set(...bearer(bidder)).send({ checkpoint: put.body.checkpoint });
    expect(later.body).toMatchObject({ valid: true });
    expect(later.body.size).toBeGreaterThan(put.body.checkpoint.size);
  }, 300_000);
});
