import { markIssued } from '../../../server/records/store';
import { describeEachDialect } from '../../support/dialects';
import { openedTender } from '../../support/evaluation';
import { bearer, buildUser, type TestUser } from '../../support/factories';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * Records produced at their step (issue 6 points 1, 4, 5): the opening record (开标记录表) is requested
 * in the transaction that ends the opening, rendered and signed after it, listed per role, downloadable,
 * and verified by POST /api/records/verify — which also finds it among the records the platform issued.
 */

type Listed = { id: string; kind: string; title: string; sha256: string; size: number; signers: { role: string }[] };

describeEachDialect('records at their step', (dialect) => {
  const world = useTestWorld(dialect);
  let agency: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    world().clock.set(T0);
    agency = await buildUser(world(), 'agency');
    supervisor = await buildUser(world(), 'supervisor');
  });

  const listOf = async (tenderId: string, who?: TestUser): Promise<Listed[]> => {
    const req = world().http().get(`/api/tenders/${tenderId}/records`);
    const res = who ? await req.set(...bearer(who)) : await req;
    expect(res.status).toBe(200);
    return res.body.items as Listed[];
  };

  it('issues the opening record when the opening ends: signed by the platform, for participants, verifiable, on the audit trail', async () => {
    const w = world();
    const { tenderId, bidders } = await openedTender(w, agency, 3);
    // The record was requested when the opening ended; rendering runs after that commit.
    await w.ctx.records.drain();
    expect(await w.ctx.db('records').where({ tender_id: tenderId, status: 'issued', kind: 'opening_record' })).toHaveLength(1);

    const forAgency = await listOf(tenderId, agency);
    expect(forAgency.map((r) => r.kind)).toEqual(['opening_record']);
    const record = forAgency[0];
    expect(record).toMatchObject({ title: expect.stringContaining('开标记录表'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), signers: [{ role: 'platform' }] });
    // Each bidder also sees its own receipt (投标回执, receipts.test.ts).
    expect((await listOf(tenderId, bidders[0])).filter((r) => r.kind !== 'receipt').map((r) => r.id)).toEqual([record.id]);
    expect((await listOf(tenderId, supervisor)).map((r) => r.id)).toEqual([record.id]);
    expect(await listOf(tenderId)).toEqual([]);
    const outsider = await buildUser(w, 'bidder');
    expect(await listOf(tenderId, outsider)).toEqual([]);

    const pdf = await w.http().get(`/api/records/${record.id}/pdf`).set(...bearer(bidders[1])).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
    const bytes = pdf.body as Buffer;
    expect(bytes.length).toBe(record.size);
    expect((await w.http().get(`/api/records/${record.id}/pdf`)).status).toBe(401);
    expect((await w.http().get(`/api/records/${record.id}/pdf`).set(...bearer(outsider))).status).toBe(403);

    const verified = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(bytes);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, modifiedAfterLastSignature: false, record: { id: record.id, kind: 'opening_record', tenderId } });
    expect(verified.body.signatures).toHaveLength(1);
    expect(verified.body.signatures[0]).toMatchObject({ valid: true, coversWholeDocument: true });

    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('开标') >= 0 ? tampered.indexOf('开标') : Math.floor(tampered.length / 3);
    tampered[at] ^= 0x01;
    const refused = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(tampered);
    expect(refused.status).toBe(200);
    expect(refused.body.valid).toBe(false);
    expect((await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(Buffer.from('not a pdf'))).body.error.code).toBe('VALIDATION');

    const issued = (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).filter((e) => e.action === 'record.issued' && e.payload.kind === 'opening_record');
    expect(issued.map((e) => e.payload)).toEqual([{ recordId: record.id, kind: 'opening_record', sha256: record.sha256, size: record.size }]);
  });

  it('drops the result of a renderer whose claim went stale and was taken over: the record is issued once, by the new claim', async () => {
    const w = world();
    const { tenderId } = await openedTender(w, agency, 3);
    const [row] = await w.ctx.db('records').where({ tender_id: tenderId, kind: 'opening_record' });
    // A slow renderer claimed it 31 s ago (past the 30 s stale-claim time) and has not finished.
    const slowClaim = w.clock.now().getTime() - 31_000;
    await w.ctx.db('records').where({ id: row.id }).update({ status: 'rendering', claimed_at: slowClaim });
    await w.ctx.records.drain();
    const issued = await w.ctx.db('records').where({ id: row.id }).first();
    expect(issued.status).toBe('issued');
    // The slow renderer finally finishes: its claim no longer matches, nothing changes.
    const late = await markIssued(w.ctx.db, row.id, slowClaim, { blobKey: 'X', sha256: 'f'.repeat(64), size: 1, revisions: [], signers: [], issuedAt: w.clock.now().getTime() });
    expect(late).toBe(false);
    expect(await w.ctx.db('records').where({ id: row.id }).first()).toEqual(issued);
    const audits = (await w.ctx.audit.listForTender(w.ctx.db, tenderId, { includeSealed: true })).filter((e) => e.action === 'record.issued' && (e.payload as { recordId: string }).recordId === row.id);
    expect(audits).toHaveLength(1);
  });

  it('keeps a record requested by a step when rendering fails, and issues it on a later pass', async () => {
    const w = world();
    const { tenderId } = await openedTender(w, agency, 3);
    const [row] = await w.ctx.db('records').where({ tender_id: tenderId, kind: 'opening_record' });
    // A record left half-claimed by a crashed renderer long ago is taken over.
    await w.ctx.db('records').where({ id: row.id }).update({ status: 'rendering', claimed_at: w.clock.now().getTime() - 3_600_000, sha256: null });
    await w.ctx.records.drain();
    const after = await w.ctx.db('records').where({ id: row.id }).first();
    expect(after.status).toBe('issued');
    expect(after.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
