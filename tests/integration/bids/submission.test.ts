import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { blobFiles, enrollBidder, namedBlobKeys, openingCertificateOf, putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { useTestWorld, type TestWorld } from '../../support/test-app';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The receipt keys, in the contract's order (docs/api-contracts.md, Bids). */
const RECEIPT_KEYS = ['receiptId', 'tenderId', 'tenderCode', 'bidderId', 'organizationName', 'creditCode', 'bidId', 'version', 'sha256', 'size', 'receivedAt'];

async function expectNoOrphanBlobs(w: TestWorld): Promise<void> {
  const named = await namedBlobKeys(w);
  const files = blobFiles(w);
  expect(files.tmp).toEqual([]);
  const docs: { blob_key: string }[] = await w.ctx.db('tender_documents').select('blob_key');
  expect(files.keys).toEqual([...named, ...docs.map((d) => d.blob_key)].sort());
}

async function refusals(w: TestWorld, tenderId: string): Promise<string[]> {
  const rows: { payload: string; visibility: string }[] = await w.ctx.db('audit_events').where({ tender_id: tenderId, action: 'bid.refused' }).orderBy('seq');
  expect(rows.every((r) => r.visibility === 'sealed')).toBe(true);
  return rows.map((r) => JSON.parse(r.payload).code as string);
}

describeEachDialect('sealed-bid submission', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
  });

  async function tenderWithBidder(body: Record<string, unknown> = {}): Promise<{ tenderId: string; deadline: number; bidder: ReadyBidder }> {
    const w = world();
    const t = await buildTender(w, agency, { body });
    return { tenderId: t.id, deadline: Date.parse(t.bidDeadline as string), bidder: await readyBidder(w, t.id) };
  }

  it('accepts a sealed bid: 201 with a receipt in the contract’s key order, stored byte for byte, audited as sealed', async () => {
    const w = world();
    const { tenderId, bidder } = await tenderWithBidder();
    const sealed = await sealedBidFor(w, tenderId, bidder, { price: '9876543.21' });
    const res = await putBid(w, tenderId, bidder, sealed);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.receipt)).toEqual(RECEIPT_KEYS);
    expect(res.body.receipt).toMatchObject({ tenderId, bidderId: bidder.id, organizationName: bidder.organizationName, version: 1, sha256: sha256(sealed), size: sealed.length });
    expect(res.body.receipt.receivedAt).toBe(w.clock.now().toISOString());
    expect(typeof res.body.signature).toBe('string');

    const [row] = await w.ctx.db('bid_versions').where({ id: res.body.receipt.receiptId });
    expect((await w.ctx.storage.readBuffer(row.blob_key)).equals(sealed)).toBe(true);
    expect(row.receipt).toBe(JSON.stringify(res.body.receipt));
    const events = await w.ctx.db('audit_events').where({ tender_id: tenderId, action: 'bid.submitted' });
    expect(events.map((e: { visibility: string }) => e.visibility)).toEqual(['sealed']);

    const own = await w.http().get(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder));
    expect(own.body.bid).toMatchObject({ bidId: res.body.receipt.bidId, version: 1, status: 'submitted', sha256: sha256(sealed), withdrawnAt: null, receipt: res.body.receipt, signature: res.body.signature });
    await expectNoOrphanBlobs(w);
  });

  it('replaces a bid with a new version; earlier versions stay in the history and in the blob store', async () => {
    const w = world();
    const { tenderId, bidder } = await tenderWithBidder();
    const first = await putBid(w, tenderId, bidder, await sealedBidFor(w, tenderId, bidder, { price: '100.00' }));
    const second = await putBid(w, tenderId, bidder, await sealedBidFor(w, tenderId, bidder, { price: '90.00' }));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.receipt).toMatchObject({ bidId: first.body.receipt.bidId, version: 2 });
    const versions = await w.ctx.db('bid_versions').where({ bid_id: first.body.receipt.bidId }).orderBy('version');
    expect(versions.map((v: { version: number }) => Number(v.version))).toEqual([1, 2]);
    expect((await w.http().get(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder))).body.bid.version).toBe(2);
    const actions = (await w.ctx.db('audit_events').where({ tender_id: tenderId }).whereIn('action', ['bid.submitted', 'bid.replaced'])).map((e: { action: string }) => e.action);
    expect(actions).toEqual(['bid.submitted', 'bid.replaced']);
    await expectNoOrphanBlobs(w);
  });

  it('withdraws before the deadline; a second withdrawal, and one by a bidder without a bid, are 404; after the deadline 409', async () => {
    const w = world();
    const { tenderId, deadline, bidder } = await tenderWithBidder();
    await putBid(w, tenderId, bidder, await sealedBidFor(w, tenderId, bidder));
    const withdrawn = await w.http().delete(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.bid).toMatchObject({ status: 'withdrawn', withdrawnAt: w.clock.now().toISOString(), version: 1 });
    expect((await w.http().get(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder))).body.bid.status).toBe('withdrawn');
    const again = await w.http().delete(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder));
    const nobody = await w.http().delete(`/api/tenders/${tenderId}/bid`).set(...bearer(await buildUser(w, 'bidder')));
    expect([again.status, again.body.error.code, nobody.status, nobody.body.error]).toEqual([404, 'NOT_FOUND', 404, again.body.error]);
    expect((await w.ctx.db('audit_events').where({ tender_id: tenderId, action: 'bid.withdrawn' })).map((e: { visibility: string }) => e.visibility)).toEqual(['sealed']);

    const resubmitted = await putBid(w, tenderId, bidder, await sealedBidFor(w, tenderId, bidder));
    expect(resubmitted.body.receipt.version).toBe(2);
    w.clock.set(deadline);
    const late = await w.http().delete(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder));
    expect([late.status, late.body.error.code]).toEqual([409, 'BID_WINDOW_CLOSED']);
    expect((await w.http().get(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder))).body.bid.status).toBe('submitted');
    w.clock.set(deadline - 30_000);
  });

  it('refuses an unregistered bidder, one without a certificate and one whose certificate is revoked, before reading the body', async () => {
    const w = world();
    const { tenderId, bidder } = await tenderWithBidder();
    const sealed = await sealedBidFor(w, tenderId, bidder);
    const stranger = await buildUser(w, 'bidder');
    await enrollBidder(w, stranger);
    const unregistered = await putBid(w, tenderId, stranger, sealed);
    expect([unregistered.status, unregistered.body.error.code]).toEqual([403, 'NOT_REGISTERED']);
    const noCert = await readyBidder(w, tenderId);
    await w.http().post(`/api/certs/${noCert.certificateId}/revoke`).set(...bearer(noCert)).send({ reason: '密钥遗失' });
    const revoked = await putBid(w, tenderId, noCert, sealed);
    expect([revoked.status, revoked.body.error.code]).toEqual([403, 'CERTIFICATE_REQUIRED']);
    expect(await refusals(w, tenderId)).toEqual(['NOT_REGISTERED', 'CERTIFICATE_REQUIRED']);
    expect(await w.ctx.db('bids').where({ tender_id: tenderId })).toEqual([]);
    await expectNoOrphanBlobs(w);
  });

  it('refuses garbage, a truncated bid and bids without the required recipients with 400 codes; the bid in force stays untouched', async () => {
    const w = world();
    const { tenderId, bidder } = await tenderWithBidder({ openingMode: 'bidder' });
    const good = await putBid(w, tenderId, bidder, await sealedBidFor(w, tenderId, bidder));
    expect(good.status).toBe(201);
    const opening = await openingCertificateOf(w, tenderId);
    const sealed = await sealedBidFor(w, tenderId, bidder);
    const bad: [string, Buffer][] = [
      ['BID_MALFORMED', Buffer.from('这不是投标文件 — not a CMS structure at all')],
      ['BID_MALFORMED', sealed.subarray(0, sealed.length - 100)],
      ['BID_MALFORMED', Buffer.concat([sealed, Buffer.from([0, 0])])],
      ['BID_WRONG_RECIPIENT', await sealedBidFor(w, tenderId, bidder, { recipients: [bidder.certPem] })],
      ['BID_WRONG_RECIPIENT', await sealedBidFor(w, tenderId, bidder, { recipients: [opening] })],
    ];
    for (const [code, bytes] of bad) {
      const res = await putBid(w, tenderId, bidder, bytes);
      expect([res.status, res.body.error.code]).toEqual([400, code]);
    }
    const own = await w.http().get(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder));
    expect(own.body.bid).toMatchObject({ version: 1, status: 'submitted', receipt: good.body.receipt });
    expect(await refusals(w, tenderId)).toEqual(bad.map(([code]) => code));
    await expectNoOrphanBlobs(w);
  });

  it('accepts a bid sealed to the opening certificate only in platform opening mode', async () => {
    const w = world();
    const { tenderId, bidder } = await tenderWithBidder();
    const res = await putBid(w, tenderId, bidder, await sealedBidFor(w, tenderId, bidder, { recipients: [await openingCertificateOf(w, tenderId)] }));
    expect(res.status).toBe(201);
  });

  it('refuses another media type with 415 and leaves nothing behind', async () => {
    const w = world();
    const { tenderId, bidder } = await tenderWithBidder();
    const res = await w.http().put(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder)).send({ price: '1.00' });
    expect([res.status, res.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    await expectNoOrphanBlobs(w);
  });

  it('decides by the server clock after the last byte: stored at bidDeadline − 1 ms accepted, at bidDeadline refused', async () => {
    const w = world();
    const { tenderId, deadline, bidder } = await tenderWithBidder();
    const actor = await w.ctx.auth.actorFromToken(bidder.token);
    const sealed = await sealedBidFor(w, tenderId, bidder);
    /** A body whose last byte "arrives" at lastByteAt: the clock moves there as it ends. */
    const arrivingAt = (lastByteAt: number): Readable =>
      Readable.from((function* () {
        yield sealed.subarray(0, 1000);
        w.clock.set(lastByteAt);
        yield sealed.subarray(1000);
      })());
    w.clock.set(deadline - 5_000);
    const accepted = await w.ctx.bids.submit(actor, tenderId, arrivingAt(deadline - 1), null);
    expect(accepted.receivedAt).toBe(deadline - 1);
    w.clock.set(deadline - 5_000);
    await expect(w.ctx.bids.submit(actor, tenderId, arrivingAt(deadline), null)).rejects.toMatchObject({ status: 409, code: 'BID_WINDOW_CLOSED' });
    const own = await w.ctx.bids.findOwn(actor, tenderId);
    expect(own?.version.version).toBe(1);
    w.clock.set(deadline);
    const late = await putBid(w, tenderId, bidder, sealed);
    expect([late.status, late.body.error.code]).toEqual([409, 'BID_WINDOW_CLOSED']);
    await expectNoOrphanBlobs(w);
    w.clock.set(deadline - 30_000);
  });

  it('accepts a bid whose last byte came before bidDeadline even when the opening started while it was being recorded', async () => {
    const w = world();
    const { tenderId, deadline, bidder } = await tenderWithBidder();
    const other = await readyBidder(w, tenderId);
    const actor = await w.ctx.auth.actorFromToken(bidder.token);
    const sealed = await sealedBidFor(w, tenderId, bidder);
    const { updateTender } = await import('../../../server/tenders');
    /**
     * The last byte arrives at deadline − 1 ms, and the scheduler's transition to `opening` commits
     * before the bid's own transaction runs (the clock stays put: only the order of commits matters).
     */
    const racingTheScheduler = (lastByteAt: number): Readable =>
      Readable.from((async function* () {
        yield sealed.subarray(0, 1000);
        w.clock.set(lastByteAt);
        yield sealed.subarray(1000);
        await updateTender(w.ctx.db, tenderId, { status: 'opening' });
      })());
    w.clock.set(deadline - 5_000);
    const accepted = await w.ctx.bids.submit(actor, tenderId, racingTheScheduler(deadline - 1), null);
    expect(accepted.receivedAt).toBe(deadline - 1);
    expect((await w.ctx.db('tenders').where({ id: tenderId }).first()).status).toBe('opening');

    w.clock.set(deadline);
    const late = await putBid(w, tenderId, other, await sealedBidFor(w, tenderId, other));
    expect([late.status, late.body.error.code]).toEqual([409, 'BID_WINDOW_CLOSED']);
    await expectNoOrphanBlobs(w);
  });
});

describeEachDialect('sealed-bid size limit', (dialect) => {
  const world = useTestWorld(dialect, { MAX_BID_BYTES: String(16 * 1024) });

  it('refuses a bid over MAX_BID_BYTES with 413 BID_TOO_LARGE, declared or streamed, and keeps no blob', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    const big = await sealedBidFor(w, t.id, bidder, { documentBytes: 200 * 1024 });
    const declared = await putBid(w, t.id, bidder, big);
    expect([declared.status, declared.body.error.code]).toEqual([413, 'BID_TOO_LARGE']);
    const actor = await w.ctx.auth.actorFromToken(bidder.token);
    const chunks = Array.from({ length: Math.ceil(big.length / 4096) }, (_, i) => big.subarray(i * 4096, (i + 1) * 4096));
    await expect(w.ctx.bids.submit(actor, t.id, Readable.from(chunks), null)).rejects.toMatchObject({ status: 413, code: 'BID_TOO_LARGE' });
    expect(blobFiles(w)).toEqual({ keys: [], tmp: [] });
    expect(await w.ctx.db('bids')).toEqual([]);
    const small = await putBid(w, t.id, bidder, await sealedBidFor(w, t.id, bidder, { documentBytes: 10 }));
    expect(small.status).toBe(201);
  });

  it('answers 413 to a chunked upload (no Content-Length) that outgrows the limit on the wire, and keeps no part of it', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    const big = await sealedBidFor(w, t.id, bidder, { documentBytes: 2 * 1024 * 1024 });
    const server = http.createServer(w.app).listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve) => {
        const headers = { Authorization: `Bearer ${bidder.token}`, 'Content-Type': 'application/pkcs7-mime', 'Transfer-Encoding': 'chunked' };
        const req = http.request({ port, method: 'PUT', path: `/api/tenders/${t.id}/bid`, headers }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(`${res.statusCode} ${JSON.parse(body).error.code}`));
        });
        req.on('error', (e) => resolve(`error ${e.message}`));
        for (let i = 0; i < big.length; i += 65536) {
          req.write(big.subarray(i, i + 65536));
        }
        req.end();
      });
      expect(answer).toBe('413 BID_TOO_LARGE');
    } finally {
      server.close();
    }
    const named = await namedBlobKeys(w);
    expect(blobFiles(w)).toEqual({ keys: named, tmp: [] });
    expect(await w.ctx.db('bids').where({ tender_id: t.id })).toEqual([]);
  });
});
