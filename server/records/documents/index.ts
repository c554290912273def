/** Record builders (DESIGN §7): each turns the data its module already has into a RecordDocument. */
export { type CommonFields, type TimeInput, type TenderRef, formatTime, formatFen, formatYuan, formatYuanInWords, formatHundredths, chineseUppercaseFen, shanghaiTime, utcTime } from './format';
export { buildReceipt, RECEIPT_TITLE, type ReceiptInput, type ReceiptData } from './receipt';
export { buildOpeningRecord, OPENING_RECORD_TITLE, openingItemLabel, formatOpeningItem, type OpeningRecordInput, type OpeningRecordData, type OpeningBidData } from './opening-record';
export {
  buildEvaluationReport,
  EVALUATION_REPORT_TITLE,
  type EvaluationReportInput,
  type EvaluationReportData,
  type EvaluationCriterion,
  type EvaluationMember,
  type EvaluationBid,
  type ComplianceDecisionData,
  type ComplianceEntryData,
  type ScoreEntryData,
  type AggregationData,
  type FlagData,
  type RankedBidData,
  type ReportSignatureData,
} from './evaluation-report';
export { buildCandidatePublicity, CANDIDATE_PUBLICITY_TITLE, type CandidatePublicityInput, type PublicityData, type PublicityCandidate } from './candidate-publicity';
export { buildAwardNotice, AWARD_NOTICE_TITLE, type AwardNoticeInput, type AwardData, type NoticeTender } from './award-notice';
export { buildResultNotice, RESULT_NOTICE_TITLE, type ResultNoticeInput } from './result-notice';

import type { RecordKind } from '../model';
import { AWARD_NOTICE_TITLE } from './award-notice';
import { CANDIDATE_PUBLICITY_TITLE } from './candidate-publicity';
import { EVALUATION_REPORT_TITLE } from './evaluation-report';
import { OPENING_RECORD_TITLE } from './opening-record';
import { RECEIPT_TITLE } from './receipt';
import { RESULT_NOTICE_TITLE } from './result-notice';

/** Each record kind's title (the record list's `title` and the PDF's Title). */
export const RECORD_TITLES: Record<RecordKind, string> = {
  receipt: RECEIPT_TITLE,
  opening_record: OPENING_RECORD_TITLE,
  evaluation_report: EVALUATION_REPORT_TITLE,
  candidate_publicity: CANDIDATE_PUBLICITY_TITLE,
  award_notice: AWARD_NOTICE_TITLE,
  result_notice: RESULT_NOTICE_TITLE,
};
