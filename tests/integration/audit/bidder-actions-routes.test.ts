import { createHash } from 'node:crypto';
import { evaluationNamespace } from '../../../server/evaluation';
import { openingNamespace } from '../../../server/opening';
import type { Namespace } from '../../../server/realtime';
import { enrollBidder, putBid, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildExpert } from '../../support/evaluation';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { startLiveServer } from '../../support/realtime';
import { apiRoutes, servedRoutes } from '../../support/routes';
import { useTestWorld, type TestWorld } from '../../support/test-app';

type Viewer = { name: string; user: TestUser | null };

/**
 * Issue 13 finding 3, systematically: every GET route the app serves under /api (enumerated from the
 * router, not listed by hand) and the join ack of every socket namespace, as each role that does not
 * act, before and after three bidders register, ask, bid, replace, withdraw and send a refused bid.
 * The world's clock stays fixed, so nothing is normalized: status and body compare byte for byte.
 */
describeEachDialect('no route or socket view of anyone but the acting bidders moves when bidders register and bid (issue 13 finding 3)', (dialect) => {
  // With METRICS_TOKEN set, /metrics is the operator's (who reads bid counters by design, tests/integration/ops/metrics.test.ts);
  // every role here scrapes it with its own bearer token, as a non-operator.
  const world = useTestWorld(dialect, { METRICS_TOKEN: 'bidder-actions-routes-operator' });

  it('every GET /api route and the /opening and /evaluation join acks of every other role are byte for byte the same before and after', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const supervisor = await buildUser(w, 'supervisor');
    const evaluator = await buildExpert(w, admin, ['市政道路']);
    const watched = await buildTender(w, owner);
    const other = await buildTender(w, owner);
    const doc = await w.http().post(`/api/tenders/${watched.id}/documents`).set(...bearer(owner)).attach('file', Buffer.from('招标文件正文'), '招标文件.pdf');
    expect(doc.status).toBe(201);
    const otherBidder = await buildUser(w, 'bidder');
    await registerBidder(w, otherBidder, other.id);
    await enrollBidder(w, otherBidder);
    const bidders = await readyAccounts(w, 3);
    // The sealed bids are made before anything is compared, so the evaluation routes can be asked about the first one by its hash.
    const sealed = await Promise.all(bidders.map((b) => sealedBidFor(w, watched.id, b)));
    const firstBid = createHash('sha256').update(sealed[0] as Buffer).digest('hex');
    const records = ((await w.http().get(`/api/tenders/${watched.id}/records`)).body.items ?? []) as { id: string }[];
    const size = (await w.http().get('/api/audit/checkpoints/latest')).body.size as number;

    const viewers: Viewer[] = [
      { name: 'owner agency', user: owner },
      { name: 'another agency', user: await buildUser(w, 'agency') },
      { name: 'admin', user: admin },
      { name: 'supervisor', user: supervisor },
      { name: 'evaluator', user: evaluator },
      { name: 'another bidder', user: otherBidder },
      { name: 'public', user: null },
    ];
    const params: Record<string, string[]> = {
      tenderId: [watched.id, other.id],
      docId: [doc.body.document.id],
      bid: [firstBid],
      name: ['技术标.txt'],
      recordId: records.length > 0 ? records.map((r) => r.id) : [watched.id],
      size: ['1', String(size)],
    };
    const paths = [...apiRoutes(w.app), ...servedRoutes(w.app).filter((r) => r === 'GET /metrics')]
      .filter((r) => r.startsWith('GET '))
      .flatMap((r) => expand(r.slice(4), params));
    // No route is skipped: the routes whose answer is the caller's own data (/api/me, /api/me/registrations,
    // /api/me/notifications, /api/certs, /api/org/members, …/registration, …/bid) are asked too, since none of
    // these callers acts and so none of their own data may move either.
    // 40 GET routes under /api today, most with two tenders; /metrics (outside /api) is named by the finding (per-route counters).
    expect(paths.length).toBeGreaterThanOrEqual(60);

    const live = await startLiveServer(w, { opening: openingNamespace(w.ctx.opening), evaluation: evaluationNamespace(w.ctx.evaluation) });
    try {
      const seen = async () => {
        const out: Record<string, Record<string, string>> = {};
        for (const v of viewers) {
          out[v.name] = { ...(await routeViews(w, v, paths)), ...(await socketViews(live, v, [watched.id, other.id])) };
        }
        return out;
      };
      const before = await seen();

      for (const [i, b] of bidders.entries()) {
        await registerBidder(w, b, watched.id);
        expect((await w.http().post(`/api/tenders/${watched.id}/questions`).set(...bearer(b)).send({ text: `第 ${i + 1} 个问题：工期是否可以调整？` })).status).toBe(201);
        expect((await putBid(w, watched.id, b, sealed[i] as Buffer)).status).toBe(201);
      }
      const [first, second] = bidders as [ReadyBidder, ReadyBidder];
      expect((await putBid(w, watched.id, first, await sealedBidFor(w, watched.id, first, { price: '1234.56' }))).status).toBe(201);
      expect((await w.http().delete(`/api/tenders/${watched.id}/bid`).set(...bearer(second))).status).toBe(200);
      expect((await putBid(w, watched.id, second, Buffer.from('not a bid'))).status).toBe(400);

      const after = await seen();
      const questions = `GET /api/tenders/${watched.id}/questions`;
      const moved: unknown[] = [];
      for (const v of viewers) {
        for (const view of Object.keys(before[v.name] as Record<string, string>)) {
          // 监督: supervisors read the tender's own sealed events (who registered and bid) by policy.
          if (v.name === 'supervisor' && view === `GET /api/tenders/${watched.id}/audit`) {
            continue;
          }
          // A question is addressed to the owner agency (which answers it), the admin and the supervisor
          // by definition (clarifications/policy.ts canReadAllQuestions); it is not a registration or a bid.
          if (['owner agency', 'admin', 'supervisor'].includes(v.name) && view === questions) {
            continue;
          }
          if (after[v.name]?.[view] !== before[v.name]?.[view]) {
            moved.push({ viewer: v.name, view, before: before[v.name]?.[view], after: after[v.name]?.[view] });
          }
        }
      }
      expect(moved).toEqual([]);
      // The exclusions above did see the questions (so the comparison was not vacuous for them).
      expect((await w.http().get(`/api/tenders/${watched.id}/questions`).set(...bearer(owner))).body.items).toHaveLength(3);
    } finally {
      await live.close();
    }
  }, 600_000);
});

/** Every path of an Express route with its :params filled from `params` (each combination). */
function expand(route: string, params: Record<string, string[]>): string[] {
  const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  let out = [route];
  for (const n of names) {
    const values = params[n];
    if (!values) {
      throw new Error(`no value for :${n} of ${route}: add one to the test`);
    }
    out = out.flatMap((p) => values.map((v) => p.replace(`:${n}`, encodeURIComponent(v))));
  }
  return out;
}

/** Status, content type and the exact body bytes of every path as the viewer. */
async function routeViews(w: TestWorld, v: Viewer, paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    const req = w.http().get(p).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const res = await (v.user ? req.set(...bearer(v.user)) : req);
    const type = String(res.headers['content-type']);
    const body = res.body as Buffer;
    const text = /json|text|html|javascript/.test(type) ? body.toString('utf8') : body.toString('base64');
    // /api/health measures its own database round trip on the machine's clock (not the world's): the one field normalized.
    out[`GET ${p}`] = `${res.status} ${type} ${p === '/api/health' ? text.replace(/"latencyMs":[\d.]+/g, '"latencyMs":0') : text}`;
  }
  return out;
}

/** The join ack (snapshot or refusal) of each namespace and tender, as the viewer. */
async function socketViews(live: Awaited<ReturnType<typeof startLiveServer>>, v: Viewer, tenderIds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const ns of ['opening', 'evaluation'] as Namespace[]) {
    const socket = live.client(ns, v.user ?? undefined);
    for (const tenderId of tenderIds) {
      const ack: unknown = await socket.timeout(5000).emitWithAck('join', { tenderId });
      out[`socket /${ns} join ${tenderId}`] = JSON.stringify(ack);
    }
    socket.close();
  }
  return out;
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
