import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Response } from 'supertest';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect, isCi } from '../../support/dialects';
import { openedTender } from '../../support/evaluation';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * The bid receipt PDF (投标回执, issue 6 point 1): every accepted submission gets one, rendered and
 * signed by the platform after the submission commits; it carries the same data as the signed JSON
 * receipt, and it is sealed: only its bidder ever lists or downloads it.
 */

// poppler-utils (pdfsig, pdftotext) and libnss3-tools (certutil), as in pdfsig.test.ts.
const missing = ['pdfsig', 'pdftotext', 'certutil'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length > 0 && isCi()) {
  throw new Error(`CI=true but ${missing.join(', ')} missing: .ci/run must install poppler-utils and libnss3-tools`);
}
const itWithPoppler = missing.length > 0 ? it.skip : it;

type Listed = { id: string; kind: string; title: string; sha256: string; size: number };

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describeEachDialect('bid receipt PDFs (投标回执)', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  let admin: TestUser;
  let supervisor: TestUser;
  let dir: string;

  beforeAll(async () => {
    world().clock.set(T0);
    agency = await buildUser(world(), 'agency');
    admin = await buildUser(world(), 'admin');
    supervisor = await buildUser(world(), 'supervisor');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-receipts-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const listOf = async (tenderId: string, who?: TestUser): Promise<Listed[]> => {
    const req = world().http().get(`/api/tenders/${tenderId}/records`);
    const res = who ? await req.set(...bearer(who)) : await req;
    expect(res.status).toBe(200);
    return res.body.items as Listed[];
  };
  const receiptsOf = async (tenderId: string, who?: TestUser): Promise<Listed[]> => (await listOf(tenderId, who)).filter((r) => r.kind === 'receipt');

  const download = (recordId: string, who?: TestUser): Promise<Response> => {
    const req = world().http().get(`/api/records/${recordId}/pdf`);
    return (who ? req.set(...bearer(who)) : req).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  };

  async function submit(w: TestWorld, tenderId: string, bidder: ReadyBidder, price: string): Promise<{ receipt: Record<string, unknown>; sealed: Buffer }> {
    const sealed = await sealedBidFor(w, tenderId, bidder, { price });
    const res = await putBid(w, tenderId, bidder, sealed);
    expect(res.status).toBe(201);
    return { receipt: res.body.receipt, sealed };
  }

  const ownBid = async (tenderId: string, bidder: TestUser) => (await world().http().get(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder))).body.bid;

  itWithPoppler('issues a receipt PDF for an accepted bid: platform-signed (pdfsig), with its SHA-256, 投标回执 and the organization', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    const { receipt, sealed } = await submit(w, t.id, bidder, '8888888.88');
    await w.ctx.records.drain();

    const own = await ownBid(t.id, bidder);
    expect(own.receiptRecordId).toMatch(/^[0-9A-Z]{26}$/);
    const [listed] = await receiptsOf(t.id, bidder);
    expect(listed).toMatchObject({ id: own.receiptRecordId, kind: 'receipt', title: expect.stringContaining('投标回执') });
    const row = await w.ctx.db('records').where({ id: listed.id }).first();
    expect(row).toMatchObject({ status: 'issued', audience: 'user', user_id: bidder.id });
    expect(JSON.parse(row.source)).toMatchObject({ versionId: receipt.receiptId, version: 1 });

    const res = await download(listed.id, bidder);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    expect(sha256(pdf)).toBe(listed.sha256);
    const file = path.join(dir, `${listed.id}.pdf`);
    fs.writeFileSync(file, pdf);
    // NOTE: the world's clock (T0) is after today, so pdfsig (which checks certificates now) verifies the signature only.
    const report = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' }).stdout;
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signer Certificate Common Name: TenderHall Platform Signing');
    expect(report).toContain('Total document signed');
    const verified = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(pdf);
    expect(verified.body).toMatchObject({ valid: true, record: { id: listed.id, kind: 'receipt', tenderId: t.id } });

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('投标回执');
    expect(text).toContain(sha256(sealed));
    expect(text).toContain(receipt.sha256);
    expect(text).toContain(String(receipt.receiptId));
    expect(text).toContain(String(bidder.organizationName).replace(/\s+/g, ''));
    expect(text).toContain(String(receipt.receivedAt));
    expect(text).not.toContain('8888888.88');
  });

  it('keeps the receipt sealed: only its bidder lists or downloads it, before and after the opening', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    const other = await readyBidder(w, t.id);
    await submit(w, t.id, bidder, '1000.00');
    await w.ctx.records.drain();
    const [mine] = await receiptsOf(t.id, bidder);
    expect(mine).toBeDefined();
    for (const who of [agency, admin, supervisor, other]) {
      expect(await receiptsOf(t.id, who)).toEqual([]);
      expect((await download(mine.id, who)).status).toBe(403);
    }
    expect(await receiptsOf(t.id)).toEqual([]);
    expect((await download(mine.id)).status).toBe(401);
    // The audit event that the receipt was issued is sealed and does not name the bidder.
    const issued = (await w.ctx.audit.listForTender(w.ctx.db, t.id, { includeSealed: true })).filter((e) => e.action === 'record.issued');
    expect(issued.map((e) => [e.visibility, e.actorId ?? null])).toEqual([['sealed', null]]);
    expect(JSON.stringify(issued[0].payload)).not.toContain(bidder.id);
    expect((await w.ctx.audit.listForTender(w.ctx.db, t.id, { includeSealed: false })).map((e) => e.action)).not.toContain('record.issued');

    // After the opening: still each bidder's own, never the agency's, admin's, supervisor's or another bidder's.
    const opened = await openedTender(w, agency, 3);
    await w.ctx.records.drain();
    const receipts = await Promise.all(opened.bidders.map(async (b) => receiptsOf(opened.tenderId, b)));
    expect(receipts.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(new Set(receipts.map((r) => r[0].id)).size).toBe(3);
    for (const who of [agency, admin, supervisor]) {
      expect((await listOf(opened.tenderId, who)).map((r) => r.kind)).not.toContain('receipt');
    }
    expect((await download(receipts[0][0].id, opened.bidders[1])).status).toBe(403);
    expect((await download(receipts[0][0].id, agency)).status).toBe(403);
    expect((await download(receipts[0][0].id, opened.bidders[0])).status).toBe(200);
  });

  it('gives a replaced bid a second receipt (version 2) and keeps both receipts after a withdrawal', async () => {
    const w = world();
    const t = await buildTender(w, agency);
    const ready = await readyBidder(w, t.id);
    const bidder = await readyBidder(w, t.id);
    const first = await submit(w, t.id, ready, '2000.00');
    w.clock.advance(1000);
    const second = await submit(w, t.id, ready, '1999.00');
    expect(second.receipt.version).toBe(2);
    await w.ctx.records.drain();
    const listed = await receiptsOf(t.id, ready);
    expect(listed).toHaveLength(2);
    const sources = await Promise.all(listed.map(async (r) => JSON.parse((await w.ctx.db('records').where({ id: r.id }).first()).source)));
    expect(sources.map((s) => [s.versionId, s.version])).toEqual([[first.receipt.receiptId, 1], [second.receipt.receiptId, 2]]);
    expect((await ownBid(t.id, ready)).receiptRecordId).toBe(listed[1].id);
    const text = textOf((await download(listed[1].id, ready)).body as Buffer);
    if (text !== null) {
      expect(text).toContain('第2次递交');
      expect(text).toContain(sha256(second.sealed));
    }

    const withdrawn = await w.http().delete(`/api/tenders/${t.id}/bid`).set(...bearer(ready));
    expect(withdrawn.status).toBe(200);
    expect((await receiptsOf(t.id, ready)).map((r) => r.id)).toEqual(listed.map((r) => r.id));
    expect(await receiptsOf(t.id, bidder)).toEqual([]);
  });

  /** The PDF's text without white space (pdftotext), or null where poppler is missing (never under CI). */
  function textOf(pdf: Buffer): string | null {
    if (missing.length > 0) {
      return null;
    }
    const file = path.join(dir, `text-${Date.now()}.pdf`);
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  }
});
