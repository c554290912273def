import { assembleSignedData, signAttributes } from '../../../server/records';
import { enrollBidder, type BidderKeys } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildExpert, evaluatedTender, type EvaluatedTender } from '../../support/evaluation';
import { bearer, buildUser, type TestUser } from '../../support/factories';
import { overprintPage1, signWhole, verifyVia } from '../../support/forgery';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 2: an altered record passed verification. Download a public record, append an
 * incremental update that overprints page 1, sign the whole file with an ordinary bidder's
 * platform-issued certificate: POST /api/records/verify answered valid: true and named the genuine
 * record. Now a record verifies only when its first signature's revision is the record as the platform
 * issued it, every later signature is by a signer the record allows (the committee members, on the
 * evaluation report; nobody on the other kinds) and every later update adds only that signature;
 * anything else is valid: false with its reason codes and names no record.
 */

const SPECIALTY = '市政公用工程';

type Listed = { id: string; kind: string };

describeEachDialect('forged records through POST /api/records/verify', (dialect) => {
  const world = useTestWorld(dialect);
  let t: EvaluatedTender;
  let agency: TestUser;
  const records = new Map<string, { id: string; reader: TestUser }>();
  const memberKeys = new Map<string, BidderKeys>();
  let bidderKeys: BidderKeys;

  const pdfOf = async (w: TestWorld, id: string, who: TestUser): Promise<Buffer> => {
    const res = await w.http().get(`/api/records/${id}/pdf`).set(...bearer(who)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };

  beforeAll(async () => {
    const w = world();
    w.clock.set(T0);
    agency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const pool = [];
    for (let i = 0; i < 3; i++) {
      pool.push(await buildExpert(w, admin, [SPECIALTY]));
    }
    t = await evaluatedTender(w, agency, pool, { specialty: SPECIALTY });
    await w.ctx.records.drain();
    for (const m of t.members) {
      memberKeys.set(m.id, await enrollBidder(w, m));
    }
    // An ordinary bidder of the tender holds a platform-issued certificate too (it sealed its bid with it).
    bidderKeys = t.bidders[2];
    const published = await w.http().post(`/api/tenders/${t.tenderId}/candidates/publish`).set(...bearer(agency));
    expect(published.status).toBe(200);
    w.clock.set(Date.parse(published.body.publicityEndsAt as string) + 1);
    expect((await w.http().post(`/api/tenders/${t.tenderId}/award`).set(...bearer(agency)).send({})).status).toBe(200);
    await w.ctx.records.drain();
    for (const reader of [agency, ...t.bidders]) {
      const items = (await w.http().get(`/api/tenders/${t.tenderId}/records`).set(...bearer(reader))).body.items as Listed[];
      for (const r of items) {
        if (!records.has(r.kind)) {
          records.set(r.kind, { id: r.id, reader });
        }
      }
    }
  }, 240_000);

  it.each(['candidate_publicity', 'award_notice', 'result_notice'])('refuses a %s overprinted and signed by a bidder; the genuine one verifies', async (kind) => {
    const w = world();
    const { id, reader } = records.get(kind) as { id: string; reader: TestUser };
    const genuine = await pdfOf(w, id, reader);
    const forged = await signWhole(w, await overprintPage1(genuine, 'WINNER: EVIL BIDDER CO.'), bidderKeys, 'EVIL BIDDER CO.');
    const res = await verifyVia(w, forged);
    expect(res.status).toBe(200);
    // Each signature on its own is valid and trusted, and the last covers the whole file: only the rules catch it.
    expect(res.body.signatures.map((s: { valid: boolean }) => s.valid)).toEqual([true, true]);
    expect(res.body).toMatchObject({ valid: false, modifiedAfterLastSignature: false, record: null });
    expect(res.body.reasons).toEqual(['SIGNER_NOT_ALLOWED']);

    const ok = await verifyVia(w, genuine);
    expect(ok.body).toMatchObject({ valid: true, reasons: [], record: { id, kind, tenderId: t.tenderId } });

    // Overprinted without a signature: bytes after the last signature.
    const unsigned = await verifyVia(w, await overprintPage1(genuine, 'WINNER: EVIL BIDDER CO.'));
    expect(unsigned.body).toMatchObject({ valid: false, modifiedAfterLastSignature: true, record: null, reasons: ['UNSIGNED_CHANGES'] });
  });

  it('accepts members’ signatures on the evaluation report, made through the platform or by their own software, and refuses an overprint a member signs or a bidder’s signature', async () => {
    const w = world();
    const { id } = records.get('evaluation_report') as { id: string };
    const [a, b, c] = t.members;
    // A and B sign through the platform (prepare, detached CMS, embed): revisions the platform knows.
    for (const m of [a, b]) {
      const prep = await w.http().post(`/api/records/${id}/signatures/prepare`).set(...bearer(m));
      const attrs = Buffer.from(prep.body.signedAttributes as string, 'base64');
      const keys = memberKeys.get(m.id) as BidderKeys;
      const cms = assembleSignedData(attrs, signAttributes(attrs, keys.keyPem), keys.certPem).toString('base64');
      expect((await w.http().post(`/api/records/${id}/signatures`).set(...bearer(m)).send({ preparationId: prep.body.preparationId, cms })).status).toBe(201);
    }
    const report = await pdfOf(w, id, a);
    // A bidder's signature on the report (the attack); then the report as the platform has it.
    expect((await verifyVia(w, await signWhole(w, report, bidderKeys, 'EVIL BIDDER CO.'))).body).toMatchObject({ valid: false, record: null, reasons: ['SIGNER_NOT_ALLOWED'] });
    expect((await verifyVia(w, report)).body).toMatchObject({ valid: true, reasons: [], record: { id, kind: 'evaluation_report' } });

    // C signs the downloaded report with its own PDF software: the same signature field the platform appends.
    const byC = await signWhole(w, report, memberKeys.get(c.id) as BidderKeys, '专家C');
    const cAnswer = await verifyVia(w, byC);
    expect(cAnswer.body).toMatchObject({ valid: true, reasons: [], record: { id, kind: 'evaluation_report' } });
    expect(cAnswer.body.signatures).toHaveLength(4);

    // A member who overprints page 1 and signs: an allowed signer, but the update adds more than a signature.
    const overprinted = await signWhole(w, await overprintPage1(report, 'SCORES CHANGED'), memberKeys.get(c.id) as BidderKeys, '专家C');
    const refused = await verifyVia(w, overprinted);
    expect(refused.body).toMatchObject({ valid: false, record: null, reasons: ['UPDATE_NOT_ALLOWED'] });
    expect(refused.body.signatures.every((s: { valid: boolean }) => s.valid)).toBe(true);

    // A member signing twice.
    expect((await verifyVia(w, await signWhole(w, report, memberKeys.get(a.id) as BidderKeys, '专家A'))).body).toMatchObject({ valid: false, reasons: ['SIGNER_NOT_ALLOWED'] });
    // A committee member's signature on a record only the platform signs.
    const { id: noticeId, reader } = records.get('award_notice') as { id: string; reader: TestUser };
    const notice = await signWhole(w, await pdfOf(w, noticeId, reader), memberKeys.get(a.id) as BidderKeys, '专家A');
    expect((await verifyVia(w, notice)).body).toMatchObject({ valid: false, record: null, reasons: ['SIGNER_NOT_ALLOWED'] });
  });
});
