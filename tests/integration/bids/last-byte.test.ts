import { PassThrough } from 'node:stream';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { readyBidder, sealedBidFor } from '../../support/bids';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * DESIGN §2: a bid whose last byte arrives before bidDeadline is accepted even when the server is
 * busy. The time that decides is when the server read the last byte — not when the blob was
 * fsynced and renamed, nor when the row was written, which a loaded disk or database can push past
 * the deadline (the deadline-rush bench refused bids that way before).
 */
describeEachDialect('the time of the last byte decides', (dialect) => {
  const world = useTestWorld(dialect);

  it('accepts a bid read completely 1 ms before the deadline although storing it ends after the deadline; receivedAt is the last byte’s time', async () => {
    const w = world();
    w.clock.set(T0);
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const bidder = await readyBidder(w, tender.id);
    const sealed = await sealedBidFor(w, tender.id, bidder, { price: '1234.00' });
    const deadline = Date.parse(tender.bidDeadline as string);
    const actor = await w.ctx.auth.actorFromToken(bidder.token);

    const body = new PassThrough();
    // The moment the last byte is read the clock stands at deadline − 1 ms; right after, while the
    // blob is still being written, fsynced and renamed, the deadline passes.
    w.clock.set(deadline - 1);
    body.once('end', () => setImmediate(() => w.clock.set(deadline + 500)));
    const submitted = w.ctx.bids.submit(actor, tender.id, body, sealed.length, deadline - 20);
    body.end(sealed);
    const version = await submitted;

    expect(w.clock.now().getTime()).toBe(deadline + 500);
    expect(version.receivedAt).toBe(deadline - 1);
    expect(JSON.parse(version.receipt).receivedAt).toBe(new Date(deadline - 1).toISOString());
  });

  it('refuses a bid whose last byte is read at the deadline, though its request arrived before it', async () => {
    const w = world();
    w.clock.set(T0);
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const bidder = await readyBidder(w, tender.id);
    const sealed = await sealedBidFor(w, tender.id, bidder);
    const deadline = Date.parse(tender.bidDeadline as string);
    const actor = await w.ctx.auth.actorFromToken(bidder.token);

    const body = new PassThrough();
    w.clock.set(deadline - 1);
    const submitted = w.ctx.bids.submit(actor, tender.id, body, sealed.length, deadline - 1);
    body.write(sealed.subarray(0, 100));
    await new Promise((resolve) => setImmediate(resolve));
    w.clock.set(deadline);
    body.end(sealed.subarray(100));
    await expect(submitted).rejects.toMatchObject({ status: 409, code: 'BID_WINDOW_CLOSED' });
    expect(await w.ctx.db('bids').where({ tender_id: tender.id })).toEqual([]);
  });
});
