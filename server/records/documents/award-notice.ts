import type { RecordDocument } from '../model';
import { chineseDate, closingBlocks, type CommonFields, formatTime, formatYuanInWords, orgName, recordOf, type TenderRef, type TimeInput } from './format';

/** The award as server/awards presents it (presentAward): price in yuan. */
export type AwardData = { rank: number; bidderOrganization: string | null; price: string; awardedAt: TimeInput; reason?: string | null };

/** The tender as a notice names it; owner (招标人) and agency (招标代理机构) are printed when given. */
export type NoticeTender = TenderRef & { ownerName?: string | null; agencyName?: string | null };

export type AwardNoticeInput = CommonFields & {
  tender: NoticeTender;
  award: AwardData;
};

export const AWARD_NOTICE_TITLE = '中标通知书';

/** 中标通知书 to the winner: the tender, the winner, the price (大写 and figures), the award time, the 30-day contract term. */
export function buildAwardNotice(input: AwardNoticeInput): RecordDocument {
  const { tender: t, award: a } = input;
  const winner = orgName(a.bidderOrganization);
  return recordOf(input, t.code, AWARD_NOTICE_TITLE, [
    { kind: 'paragraph', text: `${winner}：` },
    {
      kind: 'paragraph',
      text: `你单位参加的“${t.title}”（项目编号 ${t.code}）投标，经评标委员会评审、中标候选人公示期满，招标人确定你单位为中标人。`,
    },
    {
      kind: 'key-values',
      items: [
        { key: '项目名称', value: t.title },
        { key: '项目编号', value: t.code },
        { key: '中标人', value: winner },
        { key: '中标价', value: formatYuanInWords(a.price) },
        { key: '中标候选人排序', value: `第 ${a.rank} 名` },
        ...(a.reason ? [{ key: '定标说明', value: a.reason }] : []),
        { key: '定标时间', value: formatTime(a.awardedAt) },
      ],
    },
    {
      kind: 'paragraph',
      text: '请你单位自本通知书发出之日起 30 日内，按照招标文件和你单位的投标文件与招标人订立书面合同；招标文件要求提交履约保证金的，应当按要求提交。中标人无正当理由不与招标人订立合同的，依法承担相应责任。',
    },
    { kind: 'paragraph', text: `招标人：${t.ownerName ?? '（见招标文件）'}` },
    ...(t.agencyName ? [{ kind: 'paragraph' as const, text: `招标代理机构：${t.agencyName}` }] : []),
    { kind: 'paragraph', text: `日期：${chineseDate(a.awardedAt)}` },
    ...closingBlocks(input),
  ]);
}
