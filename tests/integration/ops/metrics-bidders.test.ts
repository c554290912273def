import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { useTestWorld, type TestWorld } from '../../support/test-app';
import { parseExposition, valueOf } from './scrape';

type Caller = { name: string; headers: [string, string][] };

/** What each caller gets from GET /metrics: status and the exact bytes. */
async function answers(w: TestWorld, callers: Caller[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of callers) {
    let req = w.http().get('/metrics');
    for (const [k, v] of c.headers) {
      req = req.set(k, v);
    }
    const res = await req;
    out.push(`${c.name}: ${res.status} ${res.text}`);
  }
  return out;
}

/** Three bidders register for one tender and bid on it; one replaces its bid. */
async function bidderActions(w: TestWorld, agency: TestUser): Promise<void> {
  const t = await buildTender(w, agency);
  const bidders = [await readyBidder(w, t.id), await readyBidder(w, t.id), await readyBidder(w, t.id)];
  for (const b of bidders) {
    expect((await putBid(w, t.id, b, await sealedBidFor(w, t.id, b))).status).toBe(201);
  }
  const [first] = bidders as [ReadyBidder];
  expect((await putBid(w, t.id, first, await sealedBidFor(w, t.id, first))).status).toBe(201);
}

/**
 * Issue 13 findings 3 and 11: /metrics counts registrations and bids by route, so only the operator
 * may read it (a loopback scraper without METRICS_TOKEN, or the token's holder); anyone else gets the
 * same refusal before and after bidders act.
 */
describeEachDialect('/metrics counts bidder actions for the operator only', (dialect) => {
  const world = useTestWorld(dialect);

  it('answers anyone not on this machine the same refusal before and after registrations and bids; the loopback operator sees them counted', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const callers: Caller[] = [
      { name: 'remote, through a loopback proxy', headers: [['X-Forwarded-For', '203.0.113.7']] },
      { name: 'remote agency user with its token', headers: [['X-Forwarded-For', '198.51.100.20'], bearer(agency)] },
      { name: 'remote claiming loopback in front of the proxy', headers: [['X-Forwarded-For', '127.0.0.1, 203.0.113.7']] },
    ];
    const operator = async () => parseExposition((await w.http().get('/metrics')).text);
    const before = await answers(w, callers);
    const countedBefore = await operator();
    await bidderActions(w, agency);
    const after = await answers(w, callers);
    expect(after).toEqual(before);
    for (const a of after) {
      expect(a).toMatch(/: 403 /);
    }
    const countedAfter = await operator();
    // DNS rebinding: a page of evil.example, its name now resolving to 127.0.0.1, read /metrics through a browser on this machine.
    const rebound = await w.http().get('/metrics').set('Host', 'evil.example:3000');
    expect([rebound.status, rebound.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000']) {
      expect((await w.http().get('/metrics').set('Host', host)).status).toBe(200);
    }
    const bids = (s: typeof countedBefore) => valueOf(s, 'tenderhall_http_requests_total', { method: 'PUT', route: '/api/tenders/:tenderId/bid', status: '201' });
    expect(bids(countedAfter) - bids(countedBefore)).toBe(4);
  });
});

describeEachDialect('/metrics with METRICS_TOKEN counts bidder actions for the token holder only', (dialect) => {
  const token = 'metrics-token-0123456789abcdef';
  const world = useTestWorld(dialect, { METRICS_TOKEN: token });

  it('answers everyone without the token, loopback included, the same refusal before and after registrations and bids', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const callers: Caller[] = [
      { name: 'loopback without the token', headers: [] },
      { name: 'loopback agency user', headers: [bearer(agency)] },
      { name: 'loopback admin', headers: [bearer(admin)] },
      { name: 'a wrong token', headers: [['Authorization', `Bearer ${token.slice(0, -1)}x`]] },
      { name: 'remote without the token', headers: [['X-Forwarded-For', '203.0.113.7']] },
    ];
    const before = await answers(w, callers);
    await bidderActions(w, agency);
    const after = await answers(w, callers);
    expect(after).toEqual(before);
    for (const a of after) {
      expect(a).toMatch(/: 401 /);
    }
    expect((await w.http().get('/metrics').set('Authorization', `Bearer ${token}`)).text).toContain('route="/api/tenders/:tenderId/bid"');
  });
});
