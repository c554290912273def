import { presentAward, presentPublicity } from './awards/present';
import type { AppContext } from './context';
import { presentSnapshot } from './opening/present';
import type { BuildRecord } from './records';
import {
  buildAwardNotice,
  buildCandidatePublicity,
  buildEvaluationReport,
  buildOpeningRecord,
  buildReceipt,
  buildResultNotice,
  type EvaluationReportInput,
} from './records/documents';

/**
 * What each record shows, read from its module after the step committed (DESIGN §7). Composition
 * lives here, beside context.ts, so that server/records depends on no lifecycle module.
 */
export function createRecordBuilder(context: () => AppContext): BuildRecord {
  return async (record, frame) => {
    const ctx = context();
    const tender = await ctx.tenders.get(record.tenderId);
    const noticeTender = { code: tender.code, title: tender.title, agencyName: tender.ownerOrganizationName };
    switch (record.kind) {
      case 'receipt': {
        // The same data as the signed JSON receipt of that bid version (receiptId, SHA-256, size, receivedAt).
        const receipt = await ctx.bids.receiptOf(String(record.source.versionId));
        if (!receipt) {
          throw new Error(`no bid version ${String(record.source.versionId)} for receipt ${record.id}`);
        }
        return buildReceipt({ ...frame, receipt, tender: { title: tender.title, bidDeadline: tender.bidDeadline } });
      }
      case 'opening_record': {
        const opening = presentSnapshot(await ctx.opening.snapshot(null, record.tenderId));
        return buildOpeningRecord({ ...frame, opening, openingItems: tender.openingItems, agencyName: tender.ownerOrganizationName });
      }
      case 'evaluation_report': {
        const { signatures, ...report } = (await ctx.evaluation.reportData(record.tenderId)) as EvaluationReportInput['report'] & { signatures: EvaluationReportInput['signatures'] };
        return buildEvaluationReport({ ...frame, report, signatures });
      }
      case 'candidate_publicity': {
        const publicity = presentPublicity(await ctx.awards.publicity(null, record.tenderId));
        return buildCandidatePublicity({ ...frame, tender: noticeTender, publicity });
      }
      case 'award_notice':
        return buildAwardNotice({ ...frame, tender: noticeTender, award: presentAward(await ctx.awards.getAward(null, record.tenderId)) });
      case 'result_notice': {
        const recipient = await ctx.auth.getUser(String(record.source.userId));
        const award = presentAward(await ctx.awards.getAward(null, record.tenderId));
        return buildResultNotice({ ...frame, tender: noticeTender, award, recipient: { organizationName: recipient?.organizationName ?? null } });
      }
      default:
        throw new Error(`no builder for ${record.kind} records`);
    }
  };
}
