import type { RecordDocument } from '../model';
import { closingBlocks, type CommonFields, formatBytes, formatTime, orgName, recordOf, type TimeInput, utcTime } from './format';

/** The bid receipt as server/bids issues it (Receipt in server/bids/schema.ts). */
export type ReceiptData = {
  receiptId: string;
  tenderId: string;
  tenderCode: string;
  bidderId: string;
  organizationName: string | null;
  creditCode: string | null;
  bidId: string;
  version: number;
  /** SHA-256 (hex) of the sealed bid bytes as received. */
  sha256: string;
  /** Size in bytes of the sealed bid. */
  size: number;
  /** Server time of receipt (ISO-8601, ms). */
  receivedAt: TimeInput;
};

export type ReceiptInput = CommonFields & {
  receipt: ReceiptData;
  tender: { title: string; bidDeadline?: TimeInput | null };
};

export const RECEIPT_TITLE = '投标回执';

/** 投标回执: the platform acknowledges a sealed bid — which bytes (SHA-256, size), from whom, when. */
export function buildReceipt(input: ReceiptInput): RecordDocument {
  const { receipt: r, tender } = input;
  const organization = orgName(r.organizationName);
  return recordOf(input, r.tenderCode, RECEIPT_TITLE, [
    { kind: 'paragraph', text: `${organization}：` },
    {
      kind: 'paragraph',
      text: `贵单位于 ${formatTime(r.receivedAt)} 通过本平台递交的“${tender.title}”（项目编号 ${r.tenderCode}）加密投标文件已成功接收。投标文件在开标前处于加密状态，任何人（包括平台）均无法查看其内容；开标时将核对下列摘要值，与本回执一致方为同一份投标文件。`,
    },
    { kind: 'heading', text: '一、项目信息', level: 2 },
    {
      kind: 'key-values',
      items: [
        { key: '项目名称', value: tender.title },
        { key: '项目编号', value: r.tenderCode },
        ...(tender.bidDeadline === undefined || tender.bidDeadline === null ? [] : [{ key: '投标截止时间', value: formatTime(tender.bidDeadline) }]),
      ],
    },
    { kind: 'heading', text: '二、投标人', level: 2 },
    {
      kind: 'key-values',
      items: [
        { key: '投标人名称', value: organization },
        { key: '统一社会信用代码', value: r.creditCode ?? '—' },
        { key: '投标人账户编号', value: r.bidderId },
      ],
    },
    { kind: 'heading', text: '三、投标文件接收信息', level: 2 },
    {
      kind: 'key-values',
      items: [
        { key: '回执编号', value: r.receiptId },
        { key: '投标文件编号', value: r.bidId },
        { key: '递交版本', value: `第 ${r.version} 次递交${r.version > 1 ? '（此前递交的版本已被替代）' : ''}` },
        { key: '接收时间（服务器时间）', value: formatTime(r.receivedAt) },
        { key: '接收时间（UTC）', value: utcTime(r.receivedAt) },
        { key: '加密投标文件 SHA-256', value: r.sha256 },
        { key: '加密投标文件大小', value: formatBytes(r.size) },
      ],
    },
    {
      kind: 'paragraph',
      text: '说明：接收时间以平台服务器时间为准。投标截止时间前，投标人可撤回或重新递交投标文件，以截止时间前最后一次成功递交的版本为准，届时平台将出具新的投标回执。本回执不代表对投标文件内容的审查结论。',
    },
    ...closingBlocks(input),
  ]);
}
