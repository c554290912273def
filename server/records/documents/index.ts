/** Record builders (DESIGN §7): each turns the data its module already has into a RecordDocument. */
export { type CommonFields, type TimeInput, type TenderRef, formatTime, formatFen, formatYuan, formatYuanInWords, formatHundredths, chineseUppercaseFen, shanghaiTime, utcTime } from './format';
export { buildReceipt, RECEIPT_TITLE, type ReceiptInput, type ReceiptData } from './receipt';
export { buildOpeningRecord, OPENING_RECORD_TITLE, openingItemLabel, formatOpeningItem, type OpeningRecordInput, type OpeningRecordData, type OpeningBidData } from './opening-record';
