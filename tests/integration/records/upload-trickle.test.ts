import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 10: records wait while sealed bids stream in (the render core is theirs in a
 * deadline rush), and that wait lasted up to 60 s: one registered bidder trickling an upload held every
 * record on the platform back. Now records wait only while uploads keep ending (a rush), not for an
 * upload that merely stays open.
 */

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

describeEachDialect('records while a bid upload trickles', (dialect) => {
  const world = useTestWorld(dialect);

  it('issues another bidder’s receipt while one upload trickles a byte at a time', async () => {
    const w = world();
    w.clock.set(T0);
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const [slow, honest] = [await readyBidder(w, t.id), await readyBidder(w, t.id)];
    const server = http.createServer(w.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const sealed = await sealedBidFor(w, t.id, slow);
    const upload = http.request({
      host: '127.0.0.1', port, method: 'PUT', path: `/api/tenders/${t.id}/bid`,
      headers: { Authorization: `Bearer ${slow.token}`, 'Content-Type': 'application/pkcs7-mime', 'Content-Length': sealed.length },
    });
    upload.on('error', () => undefined);
    upload.write(sealed.subarray(0, 64));
    let sent = 64;
    // A byte every 100 ms: well inside the body idle timeout, and it would take minutes to finish.
    const trickle = setInterval(() => {
      if (sent < sealed.length - 1) {
        upload.write(sealed.subarray(sent, sent + 1));
        sent += 1;
      }
    }, 100);
    try {
      for (let i = 0; i < 100 && w.ctx.bids.uploadsInFlight() === 0; i++) {
        await sleep(50);
      }
      expect(w.ctx.bids.uploadsInFlight()).toBe(1);

      // The honest bidder's bid ends; its receipt is due and the records pass starts after its commit.
      expect((await putBid(w, t.id, honest, await sealedBidFor(w, t.id, honest))).status).toBe(201);
      // A bound well under the old 60 s wait, with room for the first render thread to start on a busy machine.
      const outcome = await Promise.race([w.ctx.records.drain().then(() => 'drained' as const), sleep(40_000)]);
      expect(outcome).toBe('drained');
      // The trickled upload is still open, and the receipt was issued meanwhile.
      expect(w.ctx.bids.uploadsInFlight()).toBe(1);
      const receipts = await w.ctx.db('records').where({ tender_id: t.id, kind: 'receipt', user_id: honest.id });
      expect(receipts.map((r: { status: string }) => r.status)).toEqual(['issued']);
    } finally {
      clearInterval(trickle);
      upload.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);
});
