import type { RecordDocument } from '../model';
import { chineseDate, closingBlocks, type CommonFields, formatTime, formatYuanInWords, orgName, recordOf, type TimeInput } from './format';
import type { NoticeTender } from './award-notice';

export type ResultNoticeInput = CommonFields & {
  tender: NoticeTender;
  /** The award (presentAward): the winning organization and its price in yuan. */
  award: { bidderOrganization: string | null; price: string; awardedAt: TimeInput };
  /** The bidder this notice goes to. */
  recipient: { organizationName: string | null };
};

export const RESULT_NOTICE_TITLE = '中标结果通知书';

/** 中标结果通知书 to a bidder that did not win: who won, at what price, when. */
export function buildResultNotice(input: ResultNoticeInput): RecordDocument {
  const { tender: t, award: a } = input;
  const winner = orgName(a.bidderOrganization);
  return recordOf(input, t.code, RESULT_NOTICE_TITLE, [
    { kind: 'paragraph', text: `${orgName(input.recipient.organizationName)}：` },
    {
      kind: 'paragraph',
      text: `感谢你单位参加“${t.title}”（项目编号 ${t.code}）的投标。该项目经评标委员会评审、中标候选人公示期满，招标人已确定中标人，现将中标结果通知如下：`,
    },
    {
      kind: 'key-values',
      items: [
        { key: '项目名称', value: t.title },
        { key: '项目编号', value: t.code },
        { key: '中标人', value: winner },
        { key: '中标价', value: formatYuanInWords(a.price) },
        { key: '定标时间', value: formatTime(a.awardedAt) },
      ],
    },
    { kind: 'paragraph', text: '你单位未中标。你单位如提交了投标保证金，招标人最迟将在书面合同签订后 5 日内依法退还投标保证金及银行同期存款利息。' },
    { kind: 'paragraph', text: `招标人：${t.ownerName ?? '（见招标文件）'}` },
    ...(t.agencyName ? [{ kind: 'paragraph' as const, text: `招标代理机构：${t.agencyName}` }] : []),
    { kind: 'paragraph', text: `日期：${chineseDate(a.awardedAt)}` },
    ...closingBlocks(input),
  ]);
}
