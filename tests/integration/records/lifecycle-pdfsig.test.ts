import { assembleSignedData, signAttributes } from '../../../server/records';
import { enrollBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildExpert, evaluatedTender } from '../../support/evaluation';
import { bearer, buildUser, type TestUser } from '../../support/factories';
import { createPoppler, describeWithPoppler, type Poppler } from '../../support/poppler';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Issue 6, "done when": every record of a tender's life — bid receipts (投标回执), the opening record
 * (开标记录表), the evaluation report (评标报告) signed by every member in turn, the candidate publicity
 * (中标候选人公示), the award notice (中标通知书) and the result notices (中标结果通知书) — is produced at
 * its step, verifies with poppler's pdfsig (platform CA trusted), and extracts as Chinese text with
 * pdftotext; on both databases.
 */

const SPECIALTY = '公路工程';

type Listed = { id: string; kind: string; title: string; sha256: string; signers: { role: string }[] };

const TITLES: Record<string, string> = {
  receipt: '投标回执',
  opening_record: '开标记录表',
  evaluation_report: '评标报告',
  candidate_publicity: '中标候选人公示',
  award_notice: '中标通知书',
  result_notice: '中标结果通知书',
};

describeWithPoppler('a tender’s records checked by poppler', () => {
  let poppler: Poppler;
  beforeAll(() => {
    poppler = createPoppler();
  });
  afterAll(() => poppler?.close());

  describeEachDialect('lifecycle records', (dialect) => {
    const world = useTestWorld(dialect);

    const pdfOf = async (w: TestWorld, id: string, who: TestUser): Promise<Buffer> => {
      const res = await w.http().get(`/api/records/${id}/pdf`).set(...bearer(who)).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      return res.body as Buffer;
    };
    const listOf = async (w: TestWorld, tenderId: string, who: TestUser): Promise<Listed[]> =>
      (await w.http().get(`/api/tenders/${tenderId}/records`).set(...bearer(who))).body.items as Listed[];

    it('issues every record at its step; each verifies with pdfsig and reads as Chinese text with pdftotext', async () => {
      const w = world();
      w.clock.set(T0);
      const agency = await buildUser(w, 'agency');
      const admin = await buildUser(w, 'admin');
      const pool = [];
      for (let i = 0; i < 3; i++) {
        pool.push(await buildExpert(w, admin, [SPECIALTY]));
      }
      const t = await evaluatedTender(w, agency, pool, { specialty: SPECIALTY });
      await w.ctx.records.drain();

      // Every member signs the report with its own key (the test holds the keys, the server only sees CMS).
      const report = (await listOf(w, t.tenderId, agency)).find((r) => r.kind === 'evaluation_report') as Listed;
      for (const m of t.members) {
        const keys = await enrollBidder(w, m);
        const prep = await w.http().post(`/api/records/${report.id}/signatures/prepare`).set(...bearer(m));
        const attrs = Buffer.from(prep.body.signedAttributes as string, 'base64');
        const cms = assembleSignedData(attrs, signAttributes(attrs, keys.keyPem), keys.certPem).toString('base64');
        expect((await w.http().post(`/api/records/${report.id}/signatures`).set(...bearer(m)).send({ preparationId: prep.body.preparationId, cms })).status).toBe(201);
      }

      const published = await w.http().post(`/api/tenders/${t.tenderId}/candidates/publish`).set(...bearer(agency));
      expect(published.status).toBe(200);
      w.clock.set(Date.parse(published.body.publicityEndsAt as string) + 1);
      expect((await w.http().post(`/api/tenders/${t.tenderId}/award`).set(...bearer(agency)).send({})).status).toBe(200);
      await w.ctx.records.drain();
      expect(await w.ctx.db('records').where({ tender_id: t.tenderId }).whereNot({ status: 'issued' })).toEqual([]);

      // Who reads what: the agency the tender's records, each bidder its receipt and its notice.
      const seen = new Map<string, { record: Listed; reader: TestUser }>();
      for (const reader of [agency, t.members[0], ...t.bidders]) {
        for (const record of await listOf(w, t.tenderId, reader)) {
          seen.set(record.id, { record, reader });
        }
      }
      const kinds = [...seen.values()].map((s) => s.record.kind).sort();
      expect(kinds).toEqual(['award_notice', 'candidate_publicity', 'evaluation_report', 'opening_record', 'receipt', 'receipt', 'receipt', 'result_notice', 'result_notice']);

      const tenderCode = (await w.ctx.tenders.get(t.tenderId)).code;
      for (const { record, reader } of seen.values()) {
        const pdf = await pdfOf(w, record.id, reader);
        const reports = poppler.pdfsig(pdf, { at: w.clock.now() });
        const expectedSignatures = record.kind === 'evaluation_report' ? 1 + t.members.length : 1;
        expect({ kind: record.kind, signatures: reports.length }).toEqual({ kind: record.kind, signatures: expectedSignatures });
        expect({ kind: record.kind, invalid: reports.filter((r) => !r.valid || !r.trusted).map((r) => r.text) }).toEqual({ kind: record.kind, invalid: [] });
        expect(reports[reports.length - 1].wholeDocument).toBe(true);
        const text = poppler.pdftotext(pdf).replace(/\s+/g, '');
        expect({ kind: record.kind, title: text.includes(TITLES[record.kind]), code: text.includes(tenderCode) }).toEqual({ kind: record.kind, title: true, code: true });
      }
    });
  });
});
