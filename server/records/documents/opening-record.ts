import type { Block, RecordDocument, TableColumn } from '../model';
import { closingBlocks, type CommonFields, formatBytes, formatTime, formatTimeOrNone, formatYuan, orgName, recordOf, shanghaiTime, type TimeInput, ZONE_NOTE } from './format';

/** One line of the opening (唱标), as presentOpeningBid shows it. */
export type OpeningBidData = {
  sha256: string | null;
  bidderOrganization: string | null;
  status: 'valid' | 'invalid';
  reason: string | null;
  /** The opening items read from bid.json (price as a yuan string), null for an invalid bid. */
  items: Record<string, unknown> | null;
  decryptedBy: 'platform' | 'bidder' | 'backup';
  decryptedAt: TimeInput;
};

/** The opening hall snapshot as presentSnapshot shows it (the fields the record needs). */
export type OpeningRecordData = {
  code: string;
  title: string;
  status: string;
  openingMode: 'platform' | 'bidder';
  bidDeadline: TimeInput;
  sealedAt: TimeInput | null;
  endedAt: TimeInput | null;
  failureReason: string | null;
  signIns: { count: number | null; bidders: { bidderOrganization: string | null; signedInAt: TimeInput }[] };
  commitments: { sha256: string; size: number }[];
  bids: OpeningBidData[];
  confirmations: { bidderOrganization: string | null; confirmedAt: TimeInput; deemed: boolean }[];
  objections: { bidderOrganization: string | null; text: string; raisedAt: TimeInput; answer: string | null; answeredAt: TimeInput | null }[];
};

export type OpeningRecordInput = CommonFields & {
  opening: OpeningRecordData;
  /** The tender's openingItems, in order (columns of the 唱标 table); by default every key found in the bids. */
  openingItems?: string[];
  /** Agency and supervision present, printed when given. */
  agencyName?: string | null;
};

export const OPENING_RECORD_TITLE = '开标记录表';

const ITEM_LABELS: Record<string, string> = { price: '投标报价', durationDays: '工期（日历天）', quality: '质量标准' };
const DECRYPTED_BY: Record<OpeningBidData['decryptedBy'], string> = { platform: '平台解密', bidder: '投标人解密', backup: '备份文件解密' };
const OPENING_MODE: Record<OpeningRecordData['openingMode'], string> = { platform: '平台统一解密', bidder: '投标人远程自行解密' };

/** An opening item's label ("price" → 投标报价) for the 唱标 table. */
export function openingItemLabel(key: string): string {
  return ITEM_LABELS[key] ?? key;
}

/** An opening item's value as read aloud: price as money, durations in days, anything else as text. */
export function formatOpeningItem(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (key === 'price' && typeof value === 'string') {
    try {
      return formatYuan(value);
    } catch {
      return value;
    }
  }
  if (key === 'durationDays' && (typeof value === 'number' || typeof value === 'string')) {
    return String(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const short = (sha: string | null) => (sha ? `${sha.slice(0, 12)}…` : '—');

/** 开标记录表: every bid's opening items, invalid bids with reasons, commitments, confirmations, objections and answers. */
export function buildOpeningRecord(input: OpeningRecordInput): RecordDocument {
  const o = input.opening;
  const itemKeys = input.openingItems ?? [...new Set(o.bids.flatMap((b) => Object.keys(b.items ?? {})))];
  const valid = o.bids.filter((b) => b.status === 'valid');
  const invalid = o.bids.filter((b) => b.status === 'invalid');
  const itemColumns: TableColumn[] = itemKeys.map((k) => ({ title: openingItemLabel(k), width: k === 'price' ? 1.8 : 1.2, align: k === 'price' ? 'right' : 'left' }));

  const blocks: Block[] = [
    { kind: 'heading', text: '一、项目信息' },
    {
      kind: 'key-values',
      items: [
        { key: '项目名称', value: o.title },
        { key: '项目编号', value: o.code },
        ...(input.agencyName ? [{ key: '招标代理机构', value: input.agencyName }] : []),
        { key: '开标方式', value: `电子开标（${OPENING_MODE[o.openingMode]}）` },
        { key: '投标截止时间', value: formatTime(o.bidDeadline) },
        { key: '封标时间', value: formatTimeOrNone(o.sealedAt) },
        { key: '开标结束时间', value: formatTimeOrNone(o.endedAt) },
        { key: '递交投标文件数', value: `${o.commitments.length} 份` },
        { key: '签到投标人数', value: o.signIns.count === null ? '—' : `${o.signIns.count} 家` },
        { key: '解密结果', value: `已解密 ${o.bids.length} 份，其中有效 ${valid.length} 份，无效 ${invalid.length} 份` },
        ...(o.failureReason ? [{ key: '流标原因', value: o.failureReason }] : []),
      ],
    },
    {
      kind: 'paragraph',
      text: '本次开标在本平台电子开标大厅进行。投标截止时间到达后平台即行封标，并公布各加密投标文件的 SHA-256 摘要值（承诺值）；解密后的投标文件须与承诺值一致。唱标内容以投标文件 bid.json 中的开标一览表为准。',
    },
    { kind: 'heading', text: '二、唱标记录' },
    o.bids.length === 0
      ? { kind: 'paragraph', text: '无投标文件被解密。' }
      : {
          kind: 'table',
          columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '投标人', width: 2.4 }, ...itemColumns, { title: `解密方式及时间（${ZONE_NOTE}）`, width: 2.3 }, { title: '结果', width: 0.7, align: 'center' }],
          rows: o.bids.map((b, i) => [
            String(i + 1),
            orgName(b.bidderOrganization),
            ...itemKeys.map((k) => (b.items ? formatOpeningItem(k, b.items[k]) : '—')),
            `${DECRYPTED_BY[b.decryptedBy]}\n${shanghaiTime(b.decryptedAt)}`,
            b.status === 'valid' ? '有效' : '无效',
          ]),
        },
    { kind: 'heading', text: '三、无效投标及原因' },
    invalid.length === 0
      ? { kind: 'paragraph', text: '无。' }
      : {
          kind: 'table',
          columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '投标人', width: 2.6 }, { title: '投标文件摘要（SHA-256）', width: 1.8 }, { title: '无效原因', width: 4 }],
          rows: invalid.map((b, i) => [String(i + 1), orgName(b.bidderOrganization), short(b.sha256), b.reason ?? '未说明原因']),
        },
    { kind: 'heading', text: '四、投标文件承诺值（封标时公布）' },
    o.commitments.length === 0
      ? { kind: 'paragraph', text: '无。' }
      : {
          kind: 'table',
          columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: 'SHA-256', width: 5.4 }, { title: '大小（字节）', width: 1.6, align: 'right' }],
          rows: o.commitments.map((c, i) => [String(i + 1), c.sha256, c.size.toLocaleString('en-US')]),
        },
    { kind: 'paragraph', text: `承诺值按摘要值排序公布，不显示投标人及递交顺序；合计 ${o.commitments.length} 份，${formatBytes(o.commitments.reduce((s, c) => s + c.size, 0))}。` },
    { kind: 'heading', text: '五、投标人签到' },
    o.signIns.bidders.length === 0
      ? { kind: 'paragraph', text: '无。' }
      : {
          kind: 'table',
          columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '投标人', width: 4 }, { title: `签到时间（${ZONE_NOTE}）`, width: 3 }],
          rows: o.signIns.bidders.map((s, i) => [String(i + 1), orgName(s.bidderOrganization), shanghaiTime(s.signedInAt)]),
        },
    { kind: 'heading', text: '六、投标人确认' },
    o.confirmations.length === 0
      ? { kind: 'paragraph', text: '无。' }
      : {
          kind: 'table',
          columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '投标人', width: 3.4 }, { title: '确认方式', width: 1.6 }, { title: `时间（${ZONE_NOTE}）`, width: 3 }],
          rows: o.confirmations.map((c, i) => [String(i + 1), orgName(c.bidderOrganization), c.deemed ? '视为认可' : '确认', shanghaiTime(c.confirmedAt)]),
        },
    { kind: 'paragraph', text: '投标人在确认时限内未确认亦未提出异议的，视为认可开标结果。' },
    { kind: 'heading', text: '七、开标异议及答复' },
    o.objections.length === 0
      ? { kind: 'paragraph', text: '开标过程中无投标人提出异议。' }
      : {
          kind: 'table',
          columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '异议人', width: 2 }, { title: `异议内容及提出时间（${ZONE_NOTE}）`, width: 3 }, { title: '答复及答复时间', width: 3 }],
          rows: o.objections.map((x, i) => [
            String(i + 1),
            orgName(x.bidderOrganization),
            `${x.text}\n（${shanghaiTime(x.raisedAt)}）`,
            x.answer === null ? '尚未答复' : `${x.answer}\n（${x.answeredAt === null ? '—' : shanghaiTime(x.answeredAt)}）`,
          ]),
        },
    ...closingBlocks(input),
  ];
  return recordOf(input, o.code, OPENING_RECORD_TITLE, blocks);
}
