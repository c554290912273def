import { constants, privateDecrypt } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler, openingNamespace } from '../../../server/opening';
import type { SessionEvent } from '../../../server/realtime';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { startLiveServer, type LiveServer } from '../../support/realtime';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * The opening hall (issue 4 points 5-7, DESIGN §6): sign-in hidden until sealing, the bidder-mode
 * decryption window with backup or revocation, the record's confirmations, objections and answers,
 * the session's end, and the /opening socket namespace.
 */

const silent = createLogger('silent');
/** Sandbox: in-flight grace 1 s; confirmation window 30 s; decryption window = decryptionWindowMinutes seconds. */
const GRACE = 1000;
const CONFIRMATION_MS = 30_000;

type Snapshot = Record<string, unknown> & {
  stage: string;
  status: string;
  bids: { bidderOrganization: string; status: string; reason: string | null; items: Record<string, unknown> | null; decryptedBy: string }[];
  me: Record<string, unknown> | null;
};

describeEachDialect('the opening hall', (dialect) => {
  const world = useTestWorld(dialect);
  const { keyPem } = makeCsr();
  let agency: TestUser;
  let supervisor: TestUser;
  let hour = 0; // 10-minute steps: tokens (8 h) stay valid across the suite

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
    supervisor = await buildUser(world(), 'supervisor');
  });
  beforeEach(() => {
    hour += 1;
    world().clock.set(T0 + hour * 600_000);
  });

  const scheduler = (w: TestWorld) =>
    createOpeningScheduler({
      db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus,
      onDeadline: w.ctx.opening.onDeadline, dueSessions: w.ctx.opening.dueSessions, nextSessionDue: w.ctx.opening.nextSessionDue,
    });

  /** One scheduler pass at `at`, waiting for the runs it started. */
  async function passAt(w: TestWorld, at: number): Promise<string[]> {
    w.clock.set(at);
    const s = scheduler(w);
    const started = await s.runDue();
    await s.settled();
    return started;
  }

  async function tenderWithBids(n: number, body: Record<string, unknown> = {}, extra = 0) {
    const w = world();
    const tender = await buildTender(w, agency, { body });
    const bidders: ReadyBidder[] = [];
    for (let i = 0; i < n + extra; i++) {
      bidders.push(await readyBidder(w, tender.id, { keyPem }));
    }
    for (let i = 0; i < n; i++) {
      expect((await putBid(w, tender.id, bidders[i], await sealedBidFor(w, tender.id, bidders[i], { price: `${1000 * (i + 1)}.00` }))).status).toBe(201);
    }
    return { tender, bidders, deadline: Date.parse(tender.bidDeadline as string) };
  }

  const snapshotOf = async (tenderId: string, who?: TestUser): Promise<Snapshot> => {
    const req = world().http().get(`/api/tenders/${tenderId}/opening`);
    const res = who ? await req.set(...bearer(who)) : await req;
    expect(res.status).toBe(200);
    return res.body as Snapshot;
  };
  const post = (path: string, who: TestUser, body?: unknown) => {
    const req = world().http().post(path).set(...bearer(who));
    return body === undefined ? req : req.send(body as object);
  };
  const liveTypes = async (tenderId: string): Promise<string[]> =>
    (await world().ctx.db('tender_events').where({ tender_id: tenderId, namespace: 'opening' }).orderBy('seq')).map((r: { type: string }) => r.type);
  const auditActions = async (tenderId: string): Promise<string[]> =>
    (await world().ctx.audit.listForTender(world().ctx.db, tenderId, { includeSealed: true })).map((e) => e.action);
  const errorOf = (res: { status: number; body: { error?: { code: string } } }) => [res.status, res.body.error?.code];

  describe('sign-in (签到)', () => {
    it('before the deadline tells only the bidder: no names and no count to the agency, the public or the room', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3);
      const res = await post(`/api/tenders/${tender.id}/opening/sign-in`, bidders[0]);
      expect(res.status).toBe(200);
      expect(res.body.signedInAt).toBe(w.clock.now().toISOString());
      const again = await post(`/api/tenders/${tender.id}/opening/sign-in`, bidders[0]);
      expect(again.body.signedInAt).toBe(res.body.signedInAt);

      for (const who of [agency, supervisor, undefined]) {
        const snap = await snapshotOf(tender.id, who);
        expect(snap).toMatchObject({ stage: 'sign-in', signIns: { count: null, bidders: [] } });
        expect(JSON.stringify(snap)).not.toContain(bidders[0].organizationName);
      }
      expect((await snapshotOf(tender.id, bidders[0])).me).toMatchObject({ signedInAt: res.body.signedInAt, hasBid: true, bidStatus: null });
      expect((await snapshotOf(tender.id, bidders[1])).me).toMatchObject({ signedInAt: null });
      expect(await liveTypes(tender.id)).toEqual([]);
      const agencyView = await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(agency));
      expect(JSON.stringify(agencyView.body)).not.toContain('opening.signed-in');

      await passAt(w, deadline + GRACE);
      const after = await snapshotOf(tender.id, agency);
      expect(after.signIns).toEqual({ count: 1, bidders: [{ bidderOrganization: bidders[0].organizationName, signedInAt: res.body.signedInAt }] });
      const late = await post(`/api/tenders/${tender.id}/opening/sign-in`, bidders[1]);
      expect(late.status).toBe(200);
      const events = await w.ctx.db('tender_events').where({ tender_id: tender.id, type: 'bidder-signed-in' });
      expect(events.map((e: { payload: string }) => JSON.parse(e.payload))).toEqual([
        { bidderOrganization: bidders[1].organizationName, signedInAt: late.body.signedInAt, count: 2 },
      ]);
    });

    it('is for registered bidders only', async () => {
      const { tender } = await tenderWithBids(0);
      const outsider = await buildUser(world(), 'bidder');
      expect((await post(`/api/tenders/${tender.id}/opening/sign-in`, outsider)).status).toBe(403);
      expect((await post(`/api/tenders/${tender.id}/opening/sign-in`, agency)).status).toBe(403);
    });
  });

  describe('the opening record', () => {
    it('ends when every bidder confirmed or objected and every objection is answered; the record and answers are on the audit trail', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3, {}, 1);
      const early = await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[0]);
      expect(errorOf(early)).toEqual([409, 'OPENING_STAGE']);
      await passAt(w, deadline + GRACE);
      const ready = await snapshotOf(tender.id, bidders[0]);
      expect(ready).toMatchObject({ stage: 'confirmation', me: { hasBid: true, bidStatus: 'valid', confirmedAt: null } });
      expect(Date.parse(ready.confirmationEndsAt as string) - Date.parse(ready.recordReadyAt as string)).toBe(CONFIRMATION_MS);
      // A registered bidder without a bid has nothing to confirm.
      expect((await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[3])).status).toBe(403);

      expect((await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[0])).status).toBe(200);
      const objected = await post(`/api/tenders/${tender.id}/opening/objections`, bidders[1], { text: '我方报价唱标有误，应为 2000.00 元含税' });
      expect(objected.status).toBe(201);
      const objectionId = objected.body.objection.id as string;
      expect(objected.body.objection).toMatchObject({ bidderOrganization: bidders[1].organizationName, answer: null, answeredAt: null });
      expect((await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[2])).status).toBe(200);
      // Everyone responded, but an objection waits for its answer.
      expect((await w.ctx.tenders.get(tender.id)).status).toBe('opening');

      expect((await post(`/api/tenders/${tender.id}/opening/objections/${objectionId}/answer`, bidders[0], { text: 'x' })).status).toBe(403);
      const other = await buildUser(w, 'agency');
      expect([403, 404]).toContain((await post(`/api/tenders/${tender.id}/opening/objections/${objectionId}/answer`, other, { text: 'x' })).status);
      const answered = await post(`/api/tenders/${tender.id}/opening/objections/${objectionId}/answer`, agency, { text: '经核对，唱标价格与投标文件一致' });
      expect(answered.status).toBe(200);
      expect(answered.body.objection).toMatchObject({ id: objectionId, answer: '经核对，唱标价格与投标文件一致', answeredAt: w.clock.now().toISOString() });

      expect((await w.ctx.tenders.get(tender.id)).status).toBe('opened');
      const end = await snapshotOf(tender.id);
      expect(end).toMatchObject({ stage: 'ended', status: 'opened', endedAt: w.clock.now().toISOString() });
      expect(end.confirmations).toHaveLength(2);
      expect(end.objections).toEqual([answered.body.objection]);
      const twice = await post(`/api/tenders/${tender.id}/opening/objections/${objectionId}/answer`, agency, { text: '再答' });
      expect(errorOf(twice)).toEqual([409, 'OPENING_STAGE']);
      expect((await liveTypes(tender.id)).slice(-5)).toEqual(['bid-confirmed', 'objection-raised', 'bid-confirmed', 'objection-answered', 'opening-completed']);
      const actions = await auditActions(tender.id);
      expect(actions).toEqual(expect.arrayContaining(['opening.record-ready', 'opening.objection-raised', 'opening.objection-answered', 'opening.completed']));
      const recordReady = (await w.ctx.audit.listForTender(w.ctx.db, tender.id, { includeSealed: true })).find((e) => e.action === 'opening.record-ready');
      expect(recordReady?.payload).toMatchObject({ recordSha256: expect.stringMatching(/^[0-9a-f]{64}$/), valid: 3, invalid: 0 });
    });

    it('at the end of the confirmation window deems silent bidders to confirm (视为认可), once an open objection is answered', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3);
      await passAt(w, deadline + GRACE);
      const { recordReadyAt } = await snapshotOf(tender.id);
      const windowEnd = Date.parse(recordReadyAt as string) + CONFIRMATION_MS;
      const objected = await post(`/api/tenders/${tender.id}/opening/objections`, bidders[2], { text: '开标时间延误' });
      await passAt(w, windowEnd - 1);
      expect((await snapshotOf(tender.id)).stage).toBe('confirmation');
      await passAt(w, windowEnd);
      expect((await snapshotOf(tender.id)).stage).toBe('confirmation');
      const late = await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[0]);
      expect(late.status).toBe(200);

      await post(`/api/tenders/${tender.id}/opening/objections/${objected.body.objection.id}/answer`, agency, { text: '开标按时进行，以服务器时间为准' });
      const end = await snapshotOf(tender.id);
      expect(end).toMatchObject({ stage: 'ended', status: 'opened' });
      expect(end.confirmations).toEqual([
        { bidderOrganization: bidders[0].organizationName, confirmedAt: late.body.confirmedAt, deemed: false },
        { bidderOrganization: bidders[1].organizationName, confirmedAt: w.clock.now().toISOString(), deemed: true },
      ]);
      const completed = (await w.ctx.db('tender_events').where({ tender_id: tender.id, type: 'opening-completed' }))[0] as { payload: string };
      expect(JSON.parse(completed.payload).deemedConfirmed).toEqual([bidders[1].organizationName]);
    });

    it('the scheduler ends a session whose window passed with nothing open; fewer than 3 valid bids then fail the tender (流标)', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3);
      // One bid's bid.json lacks the opening items: invalid at decryption, 2 valid remain.
      const broken = await sealedBidFor(w, tender.id, bidders[2], { price: 'not-a-price' });
      expect((await putBid(w, tender.id, bidders[2], broken)).status).toBe(201);
      await passAt(w, deadline + GRACE);
      const { recordReadyAt, progress } = await snapshotOf(tender.id);
      expect(progress).toEqual({ total: 3, recorded: 3, valid: 2, invalid: 1 });
      await passAt(w, Date.parse(recordReadyAt as string) + CONFIRMATION_MS);
      const end = await snapshotOf(tender.id);
      expect(end).toMatchObject({ stage: 'ended', status: 'failed', failureReason: expect.stringContaining('fewer than 3 valid bids') });
      expect((await liveTypes(tender.id)).slice(-1)).toEqual(['tender-failed']);
    });
  });

  describe('bidder mode (不见面开标)', () => {
    const bidderMode = (undecryptedBids: 'backup' | 'invalid') => ({ openingMode: 'bidder', decryptionWindowMinutes: 10, undecryptedBids });

    /** What the bidder's own side does: fetch its wrapped key and unwrap it with its private key. */
    async function unwrapOwnKey(tenderId: string, bidder: ReadyBidder): Promise<Buffer> {
      const res = await world().http().get(`/api/tenders/${tenderId}/opening/envelope`).set(...bearer(bidder));
      expect(res.status).toBe(200);
      const recipients = res.body.recipients as { serialNumber: string; encryptedKey: string }[];
      expect(recipients).toHaveLength(2);
      for (const r of recipients) {
        try {
          return privateDecrypt({ key: bidder.keyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(r.encryptedKey, 'base64'));
        } catch {
          // the opening certificate's recipient: not ours
        }
      }
      throw new Error('no recipient unwraps with the bidder key');
    }

    it('opens a window at the deadline; each bidder hands over its content key; a wrong key records nothing; the last one makes the record', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3, bidderMode('backup'));
      await passAt(w, deadline + GRACE);
      const snap = await snapshotOf(tender.id, bidders[0]);
      expect(snap).toMatchObject({ stage: 'decryption', openingMode: 'bidder', decryptionEndsAt: new Date(deadline + 10_000).toISOString(), me: { bidStatus: 'pending' } });
      expect(await auditActions(tender.id)).not.toContain('opening.key-used');

      const wrong = await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: Buffer.alloc(32, 1).toString('base64') });
      expect(errorOf(wrong)).toEqual([400, 'BID_DECRYPTION_FAILED']);
      expect(await w.ctx.db('opening_bids').where({ tender_id: tender.id })).toHaveLength(0);
      expect(errorOf(await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: 'short' }))).toEqual([400, 'VALIDATION']);

      for (const [i, b] of bidders.entries()) {
        const res = await post(`/api/tenders/${tender.id}/opening/decrypt`, b, { contentKey: (await unwrapOwnKey(tender.id, b)).toString('base64') });
        expect(res.status).toBe(200);
        expect(res.body.bid).toMatchObject({ status: 'valid', decryptedBy: 'bidder', items: { price: `${1000 * (i + 1)}.00` } });
        expect((await snapshotOf(tender.id)).stage).toBe(i < 2 ? 'decryption' : 'confirmation');
      }
      const again = await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: (await unwrapOwnKey(tender.id, bidders[0])).toString('base64') });
      expect(errorOf(again)).toEqual([409, 'OPENING_STAGE']);
      const actions = await auditActions(tender.id);
      expect(actions).not.toContain('opening.key-used');
      expect(actions.filter((a) => a === 'opening.envelope-read')).toHaveLength(4);
      expect(actions).toContain('opening.decrypt-rejected');
    });

    it('at the window end opens the bids not decrypted with the opening key as backup (备份解密)', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3, bidderMode('backup'));
      await passAt(w, deadline + GRACE);
      await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[1], { contentKey: (await unwrapOwnKey(tender.id, bidders[1])).toString('base64') });
      await passAt(w, deadline + 10_000 - 1);
      expect((await snapshotOf(tender.id)).stage).toBe('decryption');
      const late = await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: Buffer.alloc(32).toString('base64') });
      w.clock.set(deadline + 10_000);
      expect(errorOf(await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: Buffer.alloc(32).toString('base64') }))).toEqual([409, 'OPENING_STAGE']);
      expect(late.status).toBe(400);
      await passAt(w, deadline + 10_000);
      const snap = await snapshotOf(tender.id);
      expect(snap.stage).toBe('confirmation');
      const by = Object.fromEntries(snap.bids.map((b) => [b.bidderOrganization, [b.status, b.decryptedBy]]));
      expect(by).toEqual({
        [String(bidders[0].organizationName)]: ['valid', 'backup'],
        [String(bidders[1].organizationName)]: ['valid', 'bidder'],
        [String(bidders[2].organizationName)]: ['valid', 'backup'],
      });
      expect(await auditActions(tender.id)).toContain('opening.key-used');
    });

    it("with undecryptedBids 'invalid' records bids not decrypted in time as revoked (撤销) and never uses the opening key", async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3, bidderMode('invalid'));
      await passAt(w, deadline + GRACE);
      await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[2], { contentKey: (await unwrapOwnKey(tender.id, bidders[2])).toString('base64') });
      await passAt(w, deadline + 10_000);
      const snap = await snapshotOf(tender.id);
      expect(snap.progress).toEqual({ total: 3, recorded: 3, valid: 1, invalid: 2 });
      for (const b of bidders.slice(0, 2)) {
        expect(snap.bids.find((x) => x.bidderOrganization === b.organizationName)).toMatchObject({ status: 'invalid', items: null, reason: expect.stringContaining('撤销') });
      }
      expect(await auditActions(tender.id)).not.toContain('opening.key-used');
      const { recordReadyAt } = snap;
      await passAt(w, Date.parse(recordReadyAt as string) + CONFIRMATION_MS);
      expect((await snapshotOf(tender.id)).status).toBe('failed');
    });

    it('pauses and resumes: bidders wait, the window keeps its remaining time, the scheduler does not close a paused window', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3, bidderMode('invalid'));
      expect(errorOf(await post(`/api/tenders/${tender.id}/opening/pause`, agency, { reason: '网络故障' }))).toEqual([409, 'OPENING_STAGE']);
      await passAt(w, deadline + GRACE);
      const windowEnd = deadline + 10_000;
      expect((await post(`/api/tenders/${tender.id}/opening/pause`, bidders[0], { reason: '我要暂停' })).status).toBe(403);
      w.clock.set(deadline + 4000);
      const paused = await post(`/api/tenders/${tender.id}/opening/pause`, agency, { reason: 'CA 服务中断，暂停解密' });
      expect(paused.body).toEqual({ pausedAt: new Date(deadline + 4000).toISOString(), pauseReason: 'CA 服务中断，暂停解密' });
      expect(errorOf(await post(`/api/tenders/${tender.id}/opening/pause`, agency, { reason: '再停' }))).toEqual([409, 'OPENING_STAGE']);
      const key = (await unwrapOwnKey(tender.id, bidders[0])).toString('base64');
      expect(errorOf(await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: key }))).toEqual([409, 'OPENING_STAGE']);
      // Past the original window end while paused: nothing is recorded as revoked.
      await passAt(w, windowEnd + 5000);
      expect((await snapshotOf(tender.id)).progress).toMatchObject({ recorded: 0 });
      expect((await snapshotOf(tender.id)).pauseReason).toBe('CA 服务中断，暂停解密');
      const resumed = await post(`/api/tenders/${tender.id}/opening/resume`, agency);
      // Paused 11 s (deadline+4 s → deadline+15 s): the window ends 11 s later than it would have.
      expect(resumed.body.decryptionEndsAt).toBe(new Date(windowEnd + 11_000).toISOString());
      expect((await post(`/api/tenders/${tender.id}/opening/decrypt`, bidders[0], { contentKey: key })).status).toBe(200);
      await passAt(w, windowEnd + 11_000);
      expect((await snapshotOf(tender.id)).progress).toEqual({ total: 3, recorded: 3, valid: 1, invalid: 2 });
      expect((await liveTypes(tender.id)).filter((t) => t.startsWith('session-'))).toEqual(['session-paused', 'session-resumed']);
      expect(await auditActions(tender.id)).toEqual(expect.arrayContaining(['opening.paused', 'opening.resumed-by-host']));

      // In the confirmation window: confirmations and objections wait, the agency still answers, nothing closes.
      const objection = await post(`/api/tenders/${tender.id}/opening/objections`, bidders[1], { text: '我方未能解密是因为平台故障' });
      await post(`/api/tenders/${tender.id}/opening/pause`, agency, { reason: '核查解密失败原因' });
      expect(errorOf(await post(`/api/tenders/${tender.id}/opening/confirm`, bidders[0]))).toEqual([409, 'OPENING_STAGE']);
      expect((await post(`/api/tenders/${tender.id}/opening/objections/${objection.body.objection.id}/answer`, agency, { text: '经核查，平台无故障' })).status).toBe(200);
      const { confirmationEndsAt } = await snapshotOf(tender.id);
      await passAt(w, Date.parse(confirmationEndsAt as string) + 1000);
      expect((await snapshotOf(tender.id)).stage).toBe('confirmation');
      const again = await post(`/api/tenders/${tender.id}/opening/resume`, agency);
      expect(Date.parse(again.body.confirmationEndsAt)).toBeGreaterThan(Date.parse(confirmationEndsAt as string) + 1000);
      await passAt(w, Date.parse(again.body.confirmationEndsAt) - 1);
      expect((await snapshotOf(tender.id)).stage).toBe('confirmation');
      await passAt(w, Date.parse(again.body.confirmationEndsAt));
      expect((await snapshotOf(tender.id)).stage).toBe('ended');
    });

    it('keeps the envelope to the bidder itself: other bidders and the agency get none', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3, bidderMode('backup'), 1);
      expect(errorOf(await w.http().get(`/api/tenders/${tender.id}/opening/envelope`).set(...bearer(bidders[0])))).toEqual([409, 'OPENING_STAGE']);
      await passAt(w, deadline + GRACE);
      expect((await w.http().get(`/api/tenders/${tender.id}/opening/envelope`).set(...bearer(bidders[3]))).status).toBe(404);
      expect((await w.http().get(`/api/tenders/${tender.id}/opening/envelope`).set(...bearer(agency))).status).toBe(403);
    });
  });

  describe('the /opening namespace', () => {
    let live: LiveServer;
    beforeAll(async () => {
      live = await startLiveServer(world(), { opening: openingNamespace(world().ctx.opening) });
    });
    afterAll(() => live.close());

    const client = async (who?: TestUser): Promise<Socket> => {
      const s = live.client('opening', who);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('connect_error', reject);
      });
      return s;
    };
    const collect = (s: Socket): (SessionEvent & { tenderId: string })[] => {
      const got: (SessionEvent & { tenderId: string })[] = [];
      s.on('event', (e: SessionEvent & { tenderId: string }) => got.push(e));
      return got;
    };
    const until = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !check(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    it('joins with the snapshot, runs the hall commands, and sends everyone the same events; a draft stays invisible', async () => {
      const w = world();
      const { tender, bidders, deadline } = await tenderWithBids(3);
      const [asBidder, asAgency, asPublic] = await Promise.all([client(bidders[0]), client(agency), client()]);
      const joined = await Promise.all([asBidder, asAgency, asPublic].map((s) => s.timeout(5000).emitWithAck('join', { tenderId: tender.id })));
      for (const ack of joined) {
        expect(ack.snapshot).toMatchObject({ tenderId: tender.id, stage: 'sign-in', seq: 0, signIns: { count: null, bidders: [] } });
      }
      expect(joined[0].snapshot.me).toMatchObject({ role: 'bidder', hasBid: true });
      expect(joined[2].snapshot.me).toBeNull();
      const seen = [asBidder, asAgency, asPublic].map(collect);
      const notices: unknown[] = [];
      asBidder.on('notice', (n: unknown) => notices.push(n));

      const signedIn = await asBidder.timeout(5000).emitWithAck('sign-in', { tenderId: tender.id });
      expect(signedIn).toEqual({ ok: true, result: { signedInAt: w.clock.now().toISOString() } });
      expect(await asAgency.timeout(5000).emitWithAck('sign-in', { tenderId: tender.id })).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(await asPublic.timeout(5000).emitWithAck('sign-in', { tenderId: tender.id })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(await asBidder.timeout(5000).emitWithAck('object', { tenderId: tender.id, text: '' })).toMatchObject({ error: { code: 'VALIDATION' } });
      await until(() => notices.length > 0);
      expect(notices).toEqual([{ tenderId: tender.id, type: 'signed-in', payload: { signedInAt: signedIn.result.signedInAt } }]);

      await passAt(w, deadline + GRACE);
      const types = ['opening-started', 'commitments-published', 'sign-ins-published', 'decryption-started', 'bid-revealed', 'bid-revealed', 'bid-revealed', 'record-ready'];
      await until(() => seen.every((s) => s.length >= types.length));
      for (const events of seen) {
        expect(events.map((e) => e.type)).toEqual(types);
        expect(events.map((e) => e.seq)).toEqual(types.map((_t, i) => i + 1));
      }
      expect(seen[1]).toEqual(seen[2]);

      const objected = await asBidder.timeout(5000).emitWithAck('object', { tenderId: tender.id, text: '请复核第二家报价' });
      expect(objected).toMatchObject({ ok: true, result: { objection: { text: '请复核第二家报价', answer: null } } });
      const answer = await asAgency.timeout(5000).emitWithAck('answer', { tenderId: tender.id, objectionId: objected.result.objection.id, text: '已复核，无误' });
      expect(answer).toMatchObject({ ok: true, result: { objection: { answer: '已复核，无误' } } });
      await until(() => seen[2].length >= types.length + 2);
      expect(seen[2].slice(-2).map((e) => e.type)).toEqual(['objection-raised', 'objection-answered']);

      // A client that missed events rejoins with its last seq and gets exactly those.
      const rejoin = await (await client()).timeout(5000).emitWithAck('join', { tenderId: tender.id, lastSeq: 5 });
      expect(rejoin.events.map((e: SessionEvent) => e.seq)).toEqual([6, 7, 8, 9, 10]);
      expect(rejoin.seq).toBe(10);

      const draft = await buildTender(w, agency, { publish: false });
      expect(await (await client(bidders[1])).timeout(5000).emitWithAck('join', { tenderId: draft.id })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
  });
});
