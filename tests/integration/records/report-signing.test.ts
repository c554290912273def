import { assembleSignedData, signAttributes, signedAttributesFor } from '../../../server/records';
import { enrollBidder, type BidderKeys } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildExpert, evaluatedTender, type EvaluatedTender } from '../../support/evaluation';
import { bearer, buildUser, type TestUser } from '../../support/factories';
import { createPoppler, describeWithPoppler, type Poppler } from '../../support/poppler';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * The evaluation report (评标报告) signed in turn by every committee member with its own key (issue 6
 * point 3): the server prepares the byte range, the member's software returns a detached CMS, the
 * server embeds it as an incremental update. Here the test plays the member's software: it holds
 * the keys and only ever sends signatures.
 */

const SPECIALTY = '房屋建筑工程';

type Preparation = { preparationId: string; digest: string; signedAttributes: string; signingTime: string };

/** What a member's CLI or browser does with a preparation: sign the signed attributes, wrap them in a CMS. */
function memberCms(prep: Preparation, keys: { keyPem: string; certPem: string }): string {
  const attrs = Buffer.from(prep.signedAttributes, 'base64');
  return assembleSignedData(attrs, signAttributes(attrs, keys.keyPem), keys.certPem).toString('base64');
}

describeWithPoppler('members sign the evaluation report in turn', () => {
  let poppler: Poppler;
  beforeAll(() => {
    poppler = createPoppler();
  });
  afterAll(() => poppler?.close());

  describeEachDialect('report signatures', (dialect) => {
    const world = useTestWorld(dialect);
    let agency: TestUser;
    let pool: TestUser[];

    beforeAll(async () => {
      const w = world();
      w.clock.set(T0);
      agency = await buildUser(w, 'agency');
      const admin = await buildUser(w, 'admin');
      pool = [];
      for (let i = 0; i < 3; i++) {
        pool.push(await buildExpert(w, admin, [SPECIALTY]));
      }
    });

    const post = (w: TestWorld, path: string, who: TestUser, body?: object) => w.http().post(path).set(...bearer(who)).send(body);

    async function reportOf(w: TestWorld, t: EvaluatedTender): Promise<{ id: string }> {
      await w.ctx.records.drain();
      const items = (await w.http().get(`/api/tenders/${t.tenderId}/records`).set(...bearer(agency))).body.items as { id: string; kind: string }[];
      const report = items.find((r) => r.kind === 'evaluation_report');
      if (!report) {
        throw new Error(`no evaluation report among ${items.map((r) => r.kind).join(', ')}`);
      }
      return report;
    }

    it('embeds each member’s own signature after the platform’s; pdfsig finds every one valid and trusted, the record verifies as issued', async () => {
      const w = world();
      const t = await evaluatedTender(w, agency, pool, { specialty: SPECIALTY });
      const report = await reportOf(w, t);
      const base = `/api/records/${report.id}/signatures`;
      const [a, b, c] = t.members;

      // Before a member has a certificate there is nothing to sign with.
      expect((await post(w, `${base}/prepare`, a)).body.error.code).toBe('CERTIFICATE_REQUIRED');
      const keys = new Map<string, BidderKeys>();
      for (const m of t.members) {
        keys.set(m.id, await enrollBidder(w, m));
      }
      // Neither the agency nor a bidder signs the committee's report.
      expect((await post(w, `${base}/prepare`, agency)).status).toBe(403);
      expect((await post(w, `${base}/prepare`, t.bidders[0])).status).toBe(403);
      const status = await w.http().get(base).set(...bearer(a));
      expect(status.body).toMatchObject({ recordId: report.id, complete: false, canSign: true });
      expect(status.body.signers.map((s: { userId: string; signedAt: string | null }) => [s.userId, s.signedAt])).toEqual(t.members.map((m) => [m.id, null]));

      // A's preparation signed with B's key is refused; a signature over other attributes too.
      const prepA = (await post(w, `${base}/prepare`, a)).body as Preparation;
      expect(prepA.digest).toMatch(/^[0-9a-f]{64}$/);
      const wrongKey = await post(w, base, a, { preparationId: prepA.preparationId, cms: memberCms(prepA, keys.get(b.id) as BidderKeys) });
      expect([wrongKey.status, wrongKey.body.error.code]).toEqual([400, 'CERTIFICATE_INVALID']);
      const otherAttrs = signedAttributesFor(Buffer.alloc(32, 7), new Date(prepA.signingTime)).toString('base64');
      const overOther = await post(w, base, a, { preparationId: prepA.preparationId, cms: memberCms({ ...prepA, signedAttributes: otherAttrs }, keys.get(a.id) as BidderKeys) });
      expect([overOther.status, overOther.body.error.code]).toEqual([400, 'SIGNATURE_INVALID']);
      const signedA = await post(w, base, a, { preparationId: prepA.preparationId, cms: memberCms(prepA, keys.get(a.id) as BidderKeys) });
      expect(signedA.status).toBe(201);
      expect(signedA.body.signers.map((s: { role: string; userId: string | null }) => [s.role, s.userId])).toEqual([['platform', null], ['member', a.id]]);
      expect((await post(w, `${base}/prepare`, a)).body.error.code).toBe('CONFLICT');

      // B and C prepare over the same revision: C embeds first, B must prepare again over C's revision.
      const prepB = (await post(w, `${base}/prepare`, b)).body as Preparation;
      const prepC = (await post(w, `${base}/prepare`, c)).body as Preparation;
      expect((await post(w, base, c, { preparationId: prepC.preparationId, cms: memberCms(prepC, keys.get(c.id) as BidderKeys) })).status).toBe(201);
      const stale = await post(w, base, b, { preparationId: prepB.preparationId, cms: memberCms(prepB, keys.get(b.id) as BidderKeys) });
      expect([stale.status, stale.body.error.code]).toEqual([409, 'RECORD_CHANGED']);
      const again = (await post(w, `${base}/prepare`, b)).body as Preparation;
      expect((await post(w, base, b, { preparationId: again.preparationId, cms: memberCms(again, keys.get(b.id) as BidderKeys) })).status).toBe(201);
      expect((await w.http().get(base).set(...bearer(c))).body).toMatchObject({ complete: true, canSign: false });
      // No preparation is left behind: the stale one was dropped when B prepared again.
      expect(await w.ctx.db('record_signings').where({ record_id: report.id }).whereNull('embedded_at')).toEqual([]);

      const pdf = await w.http().get(`/api/records/${report.id}/pdf`).set(...bearer(b)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const bytes = pdf.body as Buffer;
      // pdfsig checks the certificates at the world's time (the members' certificates begin at T0).
      const reports = poppler.pdfsig(bytes, { at: w.clock.now() });
      expect(reports).toHaveLength(4);
      expect(reports.filter((r) => r.valid && r.trusted)).toHaveLength(4);
      expect(reports.map((r) => r.wholeDocument)).toEqual([false, false, false, true]);
      expect(poppler.pdftotext(bytes)).toContain('评标报告');

      const verified = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(bytes);
      expect(verified.body).toMatchObject({ valid: true, modifiedAfterLastSignature: false, record: { id: report.id, kind: 'evaluation_report' } });
      expect(verified.body.signatures).toHaveLength(4);
      const signed = (await w.ctx.audit.listForTender(w.ctx.db, t.tenderId, { includeSealed: true })).filter((e) => e.action === 'record.signed');
      expect(signed.map((e) => (e.payload as { signer: string }).signer)).toEqual([a.id, c.id, b.id]);
    });
  });
});
