import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { inTransaction } from '../../../server/db';
import { isCommitteeMember } from '../../../server/evaluation';
import { createLogger } from '../../../server/logger';
import { createRecordBuilder } from '../../../server/record-sources';
import { createRecordService, createRenderPool } from '../../../server/records';
import { isRegistered } from '../../../server/registration';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Records render and sign in worker threads (issue 6 point 1): a thread that dies costs its record
 * one attempt, never the record; and a deadline rush of receipts does not stall the event loop.
 */

/** A render thread that exits on the record named in this file (tests/fixtures/records/exit-once-worker.js). */
const EXIT_ONCE_ENTRY = path.resolve(__dirname, '../../fixtures/records/exit-once-worker.js');
const EXIT_MARKER = path.join(os.tmpdir(), `th-render-exit-${process.pid}`);

/** Polls until `check` holds (the record pass runs on its own after a commit); fails after `ms`. */
async function waitFor(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) {
      throw new Error('condition not reached in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDialect('record rendering in worker threads', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  const sharedKeyPem = makeCsr().keyPem;

  beforeAll(async () => {
    world().clock.set(T0);
    agency = await buildUser(world(), 'agency');
  });

  afterAll(() => {
    fs.rmSync(EXIT_MARKER, { force: true });
  });

  /** A tender with `n` accepted bids whose receipts are issued. */
  async function tenderWithBids(w: TestWorld, n: number): Promise<{ tenderId: string; bidderIds: string[] }> {
    const t = await buildTender(w, agency);
    const bidderIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const b = await readyBidder(w, t.id, { keyPem: sharedKeyPem });
      expect((await putBid(w, t.id, b, await sealedBidFor(w, t.id, b, { price: `${100 + i}.00` }))).status).toBe(201);
      bidderIds.push(b.id);
    }
    await w.ctx.records.drain();
    return { tenderId: t.id, bidderIds };
  }

  it('leaves a record pending when its render thread dies, replaces the thread, and issues the record on the next pass', async () => {
    const w = world();
    const { tenderId, bidderIds } = await tenderWithBids(w, 1);
    const [issuedReceipt] = await w.ctx.db('records').where({ tender_id: tenderId, kind: 'receipt' });
    const signer = { ...w.ctx.pki.platformSigner, chainPem: [w.ctx.pki.caCertificatePem] };
    // The platform's record service, with render threads that die on the record named in EXIT_MARKER.
    const records = createRecordService({
      db: w.ctx.db, clock: w.ctx.clock, log: createLogger('silent'), audit: w.ctx.audit, storage: w.ctx.storage, tenders: w.ctx.tenders, isRegistered, isCommitteeMember,
      signer, trustedRootsPem: () => w.ctx.pki.trustedRootsPem(), publicUrl: w.config.publicUrl, build: createRecordBuilder(() => w.ctx),
      renderer: createRenderPool({ signer, size: 1, entry: EXIT_ONCE_ENTRY }),
    });
    try {
      const recordId = await inTransaction(w.ctx.db, async (trx) => {
        const id = await records.request(trx, { tenderId, kind: 'receipt', title: '投标回执（重新出具）', audience: 'user', userId: bidderIds[0], source: JSON.parse(issuedReceipt.source) });
        fs.writeFileSync(EXIT_MARKER, id);
        return id;
      });
      // The pass that follows the commit loses its thread: the job is rejected and the record is pending again.
      await waitFor(async () => Number((await w.ctx.db('records').where({ id: recordId }).first()).attempts) === 1 && !fs.existsSync(EXIT_MARKER));
      await waitFor(async () => (await w.ctx.db('records').where({ id: recordId }).first()).status === 'pending');
      const failed = await w.ctx.db('records').where({ id: recordId }).first();
      expect(failed).toMatchObject({ status: 'pending', blob_key: null, sha256: null });
      expect(failed.last_error).toMatch(/render thread exited with code 7/);

      // The next pass gets a new thread and issues the record.
      expect(await records.drain()).toBe(1);
      const issued = await w.ctx.db('records').where({ id: recordId }).first();
      expect(issued).toMatchObject({ status: 'issued', attempts: 2, last_error: null });
      const bytes = await w.ctx.storage.readBuffer(issued.blob_key);
      expect((await records.verify(bytes))).toMatchObject({ valid: true, record: { id: recordId, kind: 'receipt' } });
    } finally {
      await records.stop();
    }
  });

  it('keeps the event loop free while 20 receipts render: /api/health keeps answering and no tick waits 250 ms', async () => {
    const w = world();
    const { tenderId } = await tenderWithBids(w, 20);
    // The deadline rush again: 20 receipts due at once (the pool's thread is warm from the first issue).
    await w.ctx.db('records').where({ tender_id: tenderId, kind: 'receipt' }).update({ status: 'pending', claimed_at: null });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let rendering = true;
    const drained = w.ctx.records.drain().finally(() => {
      rendering = false;
    });
    const answers: number[] = [];
    while (rendering) {
      const started = performance.now();
      const res = await w.http().get('/api/health');
      expect(res.status).toBe(200);
      answers.push(performance.now() - started);
    }
    expect(await drained).toBe(20);
    delay.disable();
    expect(await w.ctx.db('records').where({ tender_id: tenderId, kind: 'receipt', status: 'issued' })).toHaveLength(20);
    // Health answered again and again while the receipts were queued and rendering, each promptly.
    expect(answers.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...answers)).toBeLessThan(1000);
    expect(delay.max / 1e6).toBeLessThan(250);
  });

  it('answers a bidder’s GET /bid with receiptRecordId null while the receipt is pending, then its id', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    const b = await readyBidder(w, t.id, { keyPem: sharedKeyPem });
    expect((await putBid(w, t.id, b, await sealedBidFor(w, t.id, b))).status).toBe(201);
    await w.ctx.records.drain();
    const row = await w.ctx.db('records').where({ tender_id: t.id, kind: 'receipt' }).first();
    const ownBid = async () => (await w.http().get(`/api/tenders/${t.id}/bid`).set(...bearer(b))).body.bid;
    // As if the render threads were busy with a rush: the record is due, not issued.
    await w.ctx.db('records').where({ id: row.id }).update({ status: 'pending', claimed_at: null });
    expect(await ownBid()).toMatchObject({ version: 1, receiptRecordId: null });
    await w.ctx.records.drain();
    expect(await ownBid()).toMatchObject({ version: 1, receiptRecordId: row.id });
  });
});
