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
