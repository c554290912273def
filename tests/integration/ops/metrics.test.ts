import { createLogger } from '../../../server/logger';
import { createOpeningScheduler, openingNamespace } from '../../../server/opening';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { openedTender } from '../../support/evaluation';
import { bearer, buildTender, buildUser } from '../../support/factories';
import { startLiveServer } from '../../support/realtime';
import { createTestWorld, useTestWorld } from '../../support/test-app';
import { parseExposition, scrape, valueOf } from './scrape';

const ULID = /[0-9A-HJKMNP-TV-Z]{26}/;

describeEachDialect('GET /metrics', (dialect) => {
  const world = useTestWorld(dialect);

  it('answers a loopback scraper in the Prometheus text format, with process metrics', async () => {
    const res = await world().http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(res.text);
    expect(valueOf(samples, 'tenderhall_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(res.text).toContain('# TYPE tenderhall_http_request_duration_seconds histogram');
    expect(res.text).toContain('# TYPE tenderhall_nodejs_eventloop_lag_seconds gauge');
  });

  it('refuses a scraper that came through a proxy from another machine (X-Forwarded-For) when no METRICS_TOKEN is set', async () => {
    const res = await world().http().get('/metrics').set('X-Forwarded-For', '203.0.113.7');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('counts requests and latencies by method, route template and status, never by raw id', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const before = await scrape(w);
    await w.http().get(`/api/tenders/${t.id}`).expect(200);
    await w.http().get(`/api/tenders/${t.id}`).expect(200);
    await w.http().get('/api/tenders/01ARZ3NDEKTSV4RRFFQ69G5FAV').expect(404);
    await w.http().get(`/api/no-such-route/${t.id}`).expect(404);
    await w.http().post(`/api/tenders/${t.id}/publish`).set(...bearer(agency)).expect(409);
    const after = await scrape(w);
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);

    const route = { method: 'GET', route: '/api/tenders/:tenderId' };
    expect(delta('tenderhall_http_requests_total', { ...route, status: '200' })).toBe(2);
    expect(delta('tenderhall_http_requests_total', { ...route, status: '404' })).toBe(1);
    expect(delta('tenderhall_http_request_duration_seconds_count', { ...route, status_class: '2xx' })).toBe(2);
    expect(delta('tenderhall_http_request_duration_seconds_bucket', { ...route, status_class: '2xx', le: '+Inf' })).toBe(2);
    expect(delta('tenderhall_http_request_duration_seconds_count', { ...route, status_class: '4xx' })).toBe(1);
    // A refusal thrown inside the router keeps its /api prefix.
    expect(delta('tenderhall_http_requests_total', { method: 'POST', route: '/api/tenders/:tenderId/publish', status: '409' })).toBe(1);
    expect(delta('tenderhall_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    const routes = after.filter((s) => s.name.startsWith('tenderhall_http_')).map((s) => s.labels.route ?? '');
    expect(routes.filter((r) => ULID.test(r) || r.includes(t.id))).toEqual([]);
  });

  it('counts bids received: accepted, and refused with the refusal code', async () => {
    const w = world();
    const before = await scrape(w);
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    expect((await putBid(w, t.id, bidder, await sealedBidFor(w, t.id, bidder))).status).toBe(201);
    expect((await putBid(w, t.id, bidder, Buffer.from('not a CMS structure'))).status).toBe(400);
    const after = await scrape(w);
    const delta = (labels: Record<string, string>) => valueOf(after, 'tenderhall_bids_received_total', labels) - valueOf(before, 'tenderhall_bids_received_total', labels);
    expect(delta({ outcome: 'accepted', reason: 'none' })).toBe(1);
    expect(delta({ outcome: 'refused', reason: 'BID_MALFORMED' })).toBe(1);
    expect(delta({})).toBe(2);
    expect(valueOf(after, 'tenderhall_http_requests_total', { method: 'PUT', route: '/api/tenders/:tenderId/bid', status: '201' })).toBeGreaterThanOrEqual(1);
  });

  it('counts openings started at the deadline and how they ended: opened, or failed with fewer than 3 bids', async () => {
    // A world of its own: moving the clock past the deadline would open the other tests' tenders too.
    const w = await createTestWorld(dialect);
    try {
      const agency = await buildUser(w, 'agency');
      await openedTender(w, agency, 3);
      const lonely = await buildTender(w, agency);
      const bidder = await readyBidder(w, lonely.id);
      expect((await putBid(w, lonely.id, bidder, await sealedBidFor(w, lonely.id, bidder))).status).toBe(201);
      w.clock.set(Date.parse(lonely.bidDeadline as string) + 1000);
      const scheduler = createOpeningScheduler({
        db: w.ctx.db, clock: w.ctx.clock, log: createLogger('silent'), audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline,
      });
      await scheduler.runDue();
      await scheduler.settled();
      expect((await w.ctx.tenders.get(lonely.id)).status).toBe('failed');

      const samples = await scrape(w);
      expect(valueOf(samples, 'tenderhall_openings_total', { outcome: 'started' })).toBe(2);
      expect(valueOf(samples, 'tenderhall_openings_total', { outcome: 'opened' })).toBe(1);
      expect(valueOf(samples, 'tenderhall_openings_total', { outcome: 'failed' })).toBe(1);
      expect(valueOf(samples, 'tenderhall_session_events_total', { namespace: 'opening', type: 'bid-revealed' })).toBe(3);
    } finally {
      await w.close();
    }
  });

  it('counts an opening run that failed on this process (it is retried when its lease expires)', async () => {
    const w = await createTestWorld(dialect);
    try {
      const agency = await buildUser(w, 'agency');
      const t = await buildTender(w, agency);
      w.clock.set(Date.parse(t.bidDeadline as string) + 1000);
      const scheduler = createOpeningScheduler({
        db: w.ctx.db, clock: w.ctx.clock, log: createLogger('silent'), audit: w.ctx.audit, bus: w.ctx.bus,
        onDeadline: async () => {
          throw new Error('decryption crashed');
        },
        onRunFailed: w.ctx.metrics.openingRunFailed,
      });
      await scheduler.runDue();
      await scheduler.settled();
      const samples = await scrape(w);
      expect(valueOf(samples, 'tenderhall_opening_run_failures_total')).toBe(1);
      expect(valueOf(samples, 'tenderhall_openings_total', { outcome: 'started' })).toBe(1);
    } finally {
      await w.close();
    }
  });

  it('shows open socket.io connections per namespace, up while connected and down after disconnect', async () => {
    const w = world();
    const live = await startLiveServer(w, { opening: openingNamespace(w.ctx.opening) });
    try {
      const gauge = async () => valueOf(await scrape(w), 'tenderhall_socket_connections', { namespace: 'opening' });
      const before = await gauge();
      const bidder = await buildUser(w, 'bidder');
      const sockets = [live.client('opening', bidder), live.client('opening')];
      await Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => s.once('connect', () => resolve()).once('connect_error', reject))));
      expect(await gauge()).toBe(before + 2);
      expect(valueOf(await scrape(w), 'tenderhall_socket_connections_total', { namespace: 'opening' })).toBeGreaterThanOrEqual(2);
      sockets.forEach((s) => s.close());
      const until = Date.now() + 10_000;
      while ((await gauge()) !== before && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await gauge()).toBe(before);
    } finally {
      await live.close();
    }
  });
});

describeEachDialect('GET /metrics with METRICS_TOKEN', (dialect) => {
  const token = 'metrics-token-0123456789abcdef';
  const world = useTestWorld(dialect, { METRICS_TOKEN: token });

  it('requires the bearer token, even from loopback, and answers with it', async () => {
    const w = world();
    const none = await w.http().get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    expect((await w.http().get('/metrics').set('Authorization', `Bearer ${token}x`)).status).toBe(401);
    const bidder = await buildUser(w, 'bidder');
    expect((await w.http().get('/metrics').set(...bearer(bidder))).status).toBe(401);
    const ok = await w.http().get('/metrics').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '203.0.113.7');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('tenderhall_http_requests_total');
  });
});
