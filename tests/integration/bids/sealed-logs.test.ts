import { Writable } from 'node:stream';
import pino from 'pino';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser } from '../../support/factories';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { createTestWorld, type TestWorld } from '../../support/test-app';
import { REDACT_PATHS } from '../../../server/logger';

describeEachDialect('log lines do not tell who bid where before the opening', (dialect) => {
  let w: TestWorld;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    w = await createTestWorld(dialect, {}, { log: pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[Redacted]' } }, sink) });
  });
  afterAll(async () => w.close());

  it('keeps the tender id out of registering, asking and bidding lines, and bidder names, tokens and contents out of all lines', async () => {
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    await w.http().post(`/api/tenders/${t.id}/questions`).set(...bearer(bidder)).send({ text: '工期能否调整？' }).expect(201);
    const sealed = await sealedBidFor(w, t.id, bidder, { price: '7654321.09' });
    expect((await putBid(w, t.id, bidder, sealed)).status).toBe(201);
    await w.http().get(`/api/tenders/${t.id}/bid`).set(...bearer(bidder)).expect(200);

    const log = lines.join('');
    expect(log).toContain('/api/tenders/:sealed/bid');
    expect(log).toContain('/api/tenders/:sealed/registrations');
    expect(log).toContain('bid accepted');
    const bidderLines = lines.filter((l) => /:sealed|bid accepted/.test(l));
    expect(bidderLines.length).toBeGreaterThanOrEqual(4);
    expect(bidderLines.filter((l) => l.includes(t.id))).toEqual([]);
    for (const secret of [bidder.username, bidder.id, bidder.organizationName as string, bidder.token, '7654321.09', '工期能否调整']) {
      expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});
