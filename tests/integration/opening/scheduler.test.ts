import { createContext, type AppContext } from '../../../server/context';
import { findLease } from '../../../server/db/lease';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler, type OnDeadline, type OpeningScheduler } from '../../../server/opening';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

type Emitted = { room: string; event: string; payload: { type?: string; tenderId?: string } };

const silent = createLogger('silent');

function schedulerFor(ctx: AppContext, opts: { onDeadline?: OnDeadline; clock?: AppContext['clock'] } = {}): OpeningScheduler {
  return createOpeningScheduler({ db: ctx.db, clock: opts.clock ?? ctx.clock, log: silent, audit: ctx.audit, bus: ctx.bus, onDeadline: opts.onDeadline, leaseTtlMs: 30_000 });
}

async function startedEvents(w: TestWorld, tenderId: string) {
  return (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).filter((e) => e.action === 'opening.started');
}

async function liveEvents(w: TestWorld, tenderId: string) {
  return w.ctx.db('tender_events').where({ tender_id: tenderId, namespace: 'opening', type: 'opening-started' });
}

const statusOf = async (w: TestWorld, id: string): Promise<string> => (await w.ctx.tenders.get(id)).status;

describeEachDialect('opening scheduler', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  let hour = 0;

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
  });
  // Each test starts an hour after the last, so the world's clock only moves forward.
  beforeEach(() => {
    hour += 1;
    world().clock.set(T0 + hour * 3_600_000);
  });

  it('opens a tender at its bidDeadline exactly, not 1 ms before, with one audit event and one live event', async () => {
    const w = world();
    const emitted: Emitted[] = [];
    w.ctx.bus.attach({ toRoom: (room, event, payload) => emitted.push({ room, event, payload: payload as Emitted['payload'] }) });
    const tender = await buildTender(w, agency);
    const deadline = Date.parse(tender.bidDeadline as string);
    const scheduler = schedulerFor(w.ctx);

    w.clock.set(deadline - 1);
    expect(await scheduler.runDue()).not.toContain(tender.id);
    expect(await statusOf(w, tender.id)).toBe('published');
    expect(await startedEvents(w, tender.id)).toHaveLength(0);

    w.clock.set(deadline);
    expect(await scheduler.runDue()).toContain(tender.id);
    await scheduler.settled();
    expect(await statusOf(w, tender.id)).toBe('opening');
    const [audit, ...more] = await startedEvents(w, tender.id);
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({ actorId: null, visibility: 'public', at: new Date(deadline).toISOString() });
    expect(audit?.payload).toEqual({ bidDeadline: tender.bidDeadline, startedAt: new Date(deadline).toISOString() });
    const live = await liveEvents(w, tender.id);
    expect(live).toHaveLength(1);
    expect(JSON.parse(live[0].payload)).toEqual({ bidDeadline: tender.bidDeadline, startedAt: new Date(deadline).toISOString() });
    expect(emitted.filter((e) => e.payload.tenderId === tender.id)).toEqual([
      { room: `opening:${tender.id}`, event: 'event', payload: expect.objectContaining({ type: 'opening-started', seq: Number(live[0].seq) }) },
    ]);
    // The run lease is released once the (default, empty) opening work is done.
    expect(await findLease(w.ctx.db, `opening:${tender.id}`)).toBeUndefined();

    w.clock.advance(60_000);
    expect(await scheduler.runDue()).not.toContain(tender.id);
    expect(await startedEvents(w, tender.id)).toHaveLength(1);
    w.ctx.bus.attach(null);
  });

  it('does not open early a tender whose deadline an amendment moved later', async () => {
    const w = world();
    const tender = await buildTender(w, agency);
    const oldDeadline = Date.parse(tender.bidDeadline as string);
    const newDeadline = oldDeadline + 60_000;
    const amended = await w
      .http()
      .post(`/api/tenders/${tender.id}/clarifications`)
      .set(...bearer(agency))
      .send({ title: '关于截止时间的修改', body: '投标截止时间顺延。', affectsBids: true, newBidDeadline: new Date(newDeadline).toISOString() });
    expect(amended.status).toBe(201);
    const scheduler = schedulerFor(w.ctx);

    w.clock.set(oldDeadline);
    expect(await scheduler.runDue()).not.toContain(tender.id);
    w.clock.set(newDeadline - 1);
    expect(await scheduler.runDue()).not.toContain(tender.id);
    expect(await statusOf(w, tender.id)).toBe('published');
    w.clock.set(newDeadline);
    expect(await scheduler.runDue()).toContain(tender.id);
    expect((await startedEvents(w, tender.id))[0]?.payload).toMatchObject({ bidDeadline: new Date(newDeadline).toISOString() });
    await scheduler.settled();
  });

  it('never touches draft or cancelled tenders, however late it is', async () => {
    const w = world();
    const draft = await buildTender(w, agency, { publish: false });
    const cancelled = await buildTender(w, agency);
    expect((await w.http().post(`/api/tenders/${cancelled.id}/cancel`).set(...bearer(agency)).send({ reason: '项目取消' })).status).toBe(200);
    const scheduler = schedulerFor(w.ctx);
    w.clock.advance(24 * 3_600_000);
    await scheduler.runDue();
    await scheduler.start();
    await scheduler.stop();
    expect(await statusOf(w, draft.id)).toBe('draft');
    expect(await statusOf(w, cancelled.id)).toBe('cancelled');
    expect(await startedEvents(w, draft.id)).toHaveLength(0);
    expect(await startedEvents(w, cancelled.id)).toHaveLength(0);
  });

  it('opens each tender exactly once when two schedulers race (own connection pools on MariaDB)', async () => {
    const w = world();
    // A second context on the same database, with its own audit service and event bus, as a second process has.
    // NOTE: on MariaDB it gets its own pool. better-sqlite3 waits for SQLite's write lock synchronously,
    // blocking this one event loop, so two pools in one process would stall; SQLite shares the pool of one.
    const ownPool = dialect === 'mysql';
    const other = createContext(w.config, { clock: w.clock, log: silent, ...(ownPool ? {} : { db: w.ctx.db }) });
    const emitted: Emitted[] = [];
    for (const ctx of [w.ctx, other]) {
      ctx.bus.attach({ toRoom: (room, event, payload) => emitted.push({ room, event, payload: payload as Emitted['payload'] }) });
    }
    const hooked: string[] = [];
    const onDeadline: OnDeadline = async (id) => {
      hooked.push(id);
    };
    try {
      const tenders = await Promise.all([1, 2, 3, 4, 5].map(() => buildTender(w, agency)));
      const ids = tenders.map((t) => t.id);
      const [a, b] = [schedulerFor(w.ctx, { onDeadline }), schedulerFor(other, { onDeadline })] as OpeningScheduler[];
      w.clock.set(Math.max(...tenders.map((t) => Date.parse(t.bidDeadline as string))));

      const [byA, byB] = await Promise.all([a.runDue(), b.runDue()]);
      await Promise.all([a.settled(), b.settled()]);
      const ours = (list: string[]) => list.filter((id) => ids.includes(id));
      expect([...ours(byA), ...ours(byB)].sort()).toEqual([...ids].sort());
      expect(hooked.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        expect(await statusOf(w, id)).toBe('opening');
        expect(await startedEvents(w, id)).toHaveLength(1);
        expect(await liveEvents(w, id)).toHaveLength(1);
        expect(emitted.filter((e) => e.payload.tenderId === id && e.payload.type === 'opening-started')).toHaveLength(1);
      }
      expect((await w.ctx.audit.verify(w.ctx.db)).valid).toBe(true);
    } finally {
      w.ctx.bus.attach(null);
      if (ownPool) {
        await other.db.destroy();
      }
    }
  });

  it('after a restart past the deadline, start() opens the tender once; a second restart does not again', async () => {
    const w = world();
    const tender = await buildTender(w, agency);
    // No scheduler ran across the deadline (the platform was down).
    w.clock.set(Date.parse(tender.bidDeadline as string) + 90_000);
    const first = schedulerFor(w.ctx);
    await first.start();
    await first.stop();
    expect(await statusOf(w, tender.id)).toBe('opening');
    const second = schedulerFor(w.ctx);
    await second.start();
    await second.stop();
    expect(await startedEvents(w, tender.id)).toHaveLength(1);
  });

  it('resumes the opening work of a process that died mid-run once its lease expires, and only then', async () => {
    const w = world();
    const tender = await buildTender(w, agency);
    w.clock.set(Date.parse(tender.bidDeadline as string));
    // The first process dies inside its opening work: simulated by a run that fails and so never releases its lease.
    const crashed = schedulerFor(w.ctx, { onDeadline: async () => Promise.reject(new Error('killed')) });
    expect(await crashed.runDue()).toContain(tender.id);
    await crashed.settled();
    expect(await findLease(w.ctx.db, `opening:${tender.id}`)).toMatchObject({ holder: crashed.holder });

    const resumedRuns: string[] = [];
    const survivor = schedulerFor(w.ctx, { onDeadline: async (id) => void resumedRuns.push(id) });
    w.clock.advance(30_000 - 1);
    await survivor.runDue();
    await survivor.settled();
    expect(resumedRuns).not.toContain(tender.id);

    w.clock.advance(1);
    await survivor.runDue();
    await survivor.settled();
    expect(resumedRuns.filter((id) => id === tender.id)).toHaveLength(1);
    expect(await findLease(w.ctx.db, `opening:${tender.id}`)).toBeUndefined();
    const trail = await w.ctx.audit.listForTender(w.ctx.db, tender.id, { includeSealed: true });
    expect(trail.filter((e) => e.action === 'opening.started')).toHaveLength(1);
    expect(trail.filter((e) => e.action === 'opening.resumed')).toHaveLength(1);

    w.clock.advance(3_600_000);
    await survivor.runDue();
    await survivor.settled();
    expect(resumedRuns.filter((id) => id === tender.id)).toHaveLength(1);
  });

  it('arms its timer for the nearest deadline and fires on it (server clock running)', async () => {
    const w = world();
    const tender = await buildTender(w, agency);
    const deadline = Date.parse(tender.bidDeadline as string);
    // The scheduler's clock runs in real time from 300 ms before the deadline.
    const realStart = Date.now();
    const clock = { now: () => new Date(deadline - 300 + (Date.now() - realStart)) };
    const scheduler = createOpeningScheduler({ db: w.ctx.db, clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus, pollMs: 60_000 });
    await scheduler.start();
    try {
      expect(await statusOf(w, tender.id)).toBe('published');
      for (let i = 0; i < 100 && (await statusOf(w, tender.id)) !== 'opening'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await statusOf(w, tender.id)).toBe('opening');
      const startedAt = Date.parse((await startedEvents(w, tender.id))[0]?.payload.startedAt as string);
      expect(startedAt).toBeGreaterThanOrEqual(deadline);
      expect(startedAt - deadline).toBeLessThan(250);
    } finally {
      await scheduler.stop();
    }
  });
});
