import path from 'node:path';
import { zipSync } from 'fflate';
import { sealBid, signBid } from '../../../server/bids';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler } from '../../../server/opening';
import { bidJsonFor, openingCertificateOf, putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { listFiles } from '../../support/multipart';
import { useTestWorld } from '../../support/test-app';

/**
 * Issue 7, point 6: hostile file names inside a sealed bid package (ZIP entries `../../etc/passwd`,
 * absolute and drive paths, backslashes, NUL). The server cannot see them before the opening (the
 * package is encrypted), so the bid is accepted with a receipt; at the opening its package is refused
 * and the bid recorded invalid with the reason, nothing is written under any of those names, and the
 * other bids open as usual.
 */

const HOSTILE = ['../../etc/passwd', '/etc/shadow', 'C:/Windows/win.ini', 'docs\\..\\..\\boot.ini', 'a\u0000.pdf'];

describeEachDialect('hostile file names in a sealed bid package', (dialect) => {
  const world = useTestWorld(dialect);

  it('records a bid whose package names a path outside it as invalid at the opening and writes no such file', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const keyPem = makeCsr().keyPem; // one key for every bidder: key generation is the slow part
    for (let i = 0; i < 3; i++) {
      const b = await readyBidder(w, tender.id, { keyPem });
      expect((await putBid(w, tender.id, b, await sealedBidFor(w, tender.id, b, { price: `${1000 * (i + 1)}.00` }))).status).toBe(201);
    }
    const hostile = [];
    for (const name of HOSTILE) {
      const b = await readyBidder(w, tender.id, { keyPem });
      // Built with fflate directly: makeBidPackage itself refuses such names.
      const zip = Buffer.from(zipSync({ 'bid.json': Buffer.from(JSON.stringify(bidJsonFor(tender.id, '900.00'))), [name]: Buffer.from('root:x:0:0') }));
      const sealed = sealBid(signBid(zip, b.certPem, b.keyPem, w.clock.now()), [await openingCertificateOf(w, tender.id), b.certPem]);
      const res = await putBid(w, tender.id, b, sealed);
      expect(res.status).toBe(201);
      hostile.push(res.body.receipt.sha256 as string);
    }

    w.clock.set(Date.parse(tender.bidDeadline as string) + 1000);
    const scheduler = createOpeningScheduler({ db: w.ctx.db, clock: w.ctx.clock, log: createLogger('silent'), audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline });
    await scheduler.runDue();
    await scheduler.settled();

    const rows: { sha256: string; status: string; reason: string | null }[] = await w.ctx.db('opening_bids as o')
      .join('opening_commitments as c', (j) => j.on('c.tender_id', '=', 'o.tender_id').andOn('c.bid_id', '=', 'o.bid_id'))
      .where({ 'o.tender_id': tender.id })
      .select('c.sha256', 'o.status', 'o.reason');
    expect(rows).toHaveLength(3 + HOSTILE.length);
    for (const r of rows) {
      if (hostile.includes(r.sha256)) {
        expect([r.status, r.reason]).toEqual(['invalid', expect.stringMatching(/^bid package unreadable: .*unsafe file name/)]);
      } else {
        expect([r.status, r.reason]).toEqual(['valid', null]);
      }
    }
    // Nothing was written under a name from a package.
    for (const f of listFiles(w.config.dataDir)) {
      expect(path.basename(f)).not.toMatch(/passwd|shadow|win\.ini|boot\.ini/);
    }
  });
});
