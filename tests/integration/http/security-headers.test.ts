import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 14 (part): /api/docs had no Content-Security-Policy and could be framed; private
 * JSON and PDFs had no `Cache-Control: no-store`, so a shared computer's browser cache (or a proxy)
 * kept a bidder's receipts and records. Now the docs page has a CSP Swagger UI works with (the
 * browser test tests/browser/api-docs.test.ts shows it loads with no error) and refuses framing, and
 * every /api answer is no-store unless it is a public asset that sets its own caching.
 */
describeEachDialect('security headers', (dialect) => {
  const world = useTestWorld(dialect);

  it('the docs page: a CSP with scripts from this origin only (no inline, no eval), and no framing', async () => {
    for (const url of ['/api/docs', '/api/docs/assets/docs-init.js']) {
      const res = await world().http().get(url);
      expect(res.status).toBe(200);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    expect((await world().http().get('/api/docs/assets/docs-init.js')).headers['cache-control']).toMatch(/max-age=3600/);
  });

  it('no-store on every private answer: the caller’s account, lists, its bid, its receipt PDF, errors', async () => {
    const agency = await buildUser(world(), 'agency');
    const tender = await buildTender(world(), agency);
    const bidder = await readyBidder(world(), tender.id);
    expect((await putBid(world(), tender.id, bidder, await sealedBidFor(world(), tender.id, bidder))).status).toBe(201);
    await world().ctx.records.drain();
    const own = await world().http().get(`/api/tenders/${tender.id}/bid`).set(...bearer(bidder));
    const receipt = (own.body as { bid: { receiptRecordId: string | null } }).bid.receiptRecordId;
    expect(receipt).not.toBeNull();
    const answers = [
      ['me', await world().http().get('/api/auth/me').set(...bearer(bidder))],
      ['own bid', own],
      ['receipt PDF', await world().http().get(`/api/records/${receipt as string}/pdf`).set(...bearer(bidder))],
      ['records list', await world().http().get(`/api/tenders/${tender.id}/records`).set(...bearer(bidder))],
      ['mine', await world().http().get('/api/tenders?mine=1').set(...bearer(agency))],
      ['401', await world().http().get('/api/auth/me')],
      ['404', await world().http().get('/api/no-such-route')],
    ] as const;
    expect(answers.map(([name, res]) => [name, res.headers['cache-control'], res.headers['x-frame-options']])).toEqual(
      answers.map(([name]) => [name, 'no-store', 'DENY']),
    );
    expect(answers[2][1].headers['content-type']).toContain('application/pdf');
    expect(answers[2][1].status).toBe(200);
  });
});
