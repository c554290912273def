import type { Block, RecordDocument } from '../model';
import { closingBlocks, type CommonFields, formatTime, formatYuan, orgName, recordOf, type TenderRef, type TimeInput } from './format';

/** A candidate as GET /tenders/:id/candidates presents it: price in yuan, total "91.50" (null for 最低评标价法). */
export type PublicityCandidate = { rank: number; bidderOrganization: string | null; price: string; total: string | null };

/** The candidates view (server/awards presentPublicity), the fields the record needs. */
export type PublicityData = {
  publishedAt: TimeInput;
  publicityEndsAt: TimeInput;
  candidates: PublicityCandidate[];
  /** 评标委员会成员名单, by seat. */
  committee: string[];
};

export type CandidatePublicityInput = CommonFields & {
  tender: TenderRef & { ownerName?: string | null; agencyName?: string | null };
  publicity: PublicityData;
};

export const CANDIDATE_PUBLICITY_TITLE = '中标候选人公示';

const RANK_NAMES = ['第一中标候选人', '第二中标候选人', '第三中标候选人'];

/** 中标候选人公示: the ranked candidates with prices and scores, the committee, the publicity window and how to object. */
export function buildCandidatePublicity(input: CandidatePublicityInput): RecordDocument {
  const { tender: t, publicity: p } = input;
  const hasTotals = p.candidates.some((c) => c.total !== null);
  const candidates = [...p.candidates].sort((a, b) => a.rank - b.rank);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `“${t.title}”（项目编号 ${t.code}）已完成评标。根据《中华人民共和国招标投标法实施条例》第五十四条的规定，现将评标委员会推荐的中标候选人公示如下：`,
    },
    { kind: 'heading', text: '一、项目信息', level: 2 },
    {
      kind: 'key-values',
      items: [
        { key: '项目名称', value: t.title },
        { key: '项目编号', value: t.code },
        ...(t.ownerName ? [{ key: '招标人', value: t.ownerName }] : []),
        ...(t.agencyName ? [{ key: '招标代理机构', value: t.agencyName }] : []),
      ],
    },
    { kind: 'heading', text: '二、中标候选人', level: 2 },
    candidates.length === 0
      ? { kind: 'paragraph', text: '无。' }
      : {
          kind: 'table',
          columns: [
            { title: '排序', width: 1.5 },
            { title: '中标候选人名称', width: 3.4 },
            { title: '投标报价', width: 1.8, align: 'right' },
            ...(hasTotals ? [{ title: '评标得分', width: 1, align: 'right' as const }] : []),
          ],
          rows: candidates.map((c) => [
            RANK_NAMES[c.rank - 1] ?? `第 ${c.rank} 名`,
            orgName(c.bidderOrganization),
            formatYuan(c.price),
            ...(hasTotals ? [c.total ?? '—'] : []),
          ]),
        },
    { kind: 'heading', text: '三、评标委员会成员名单', level: 2 },
    { kind: 'paragraph', text: p.committee.length === 0 ? '—' : p.committee.join('、') },
    { kind: 'heading', text: '四、公示期', level: 2 },
    {
      kind: 'key-values',
      items: [
        { key: '公示开始时间', value: formatTime(p.publishedAt) },
        { key: '公示结束时间', value: formatTime(p.publicityEndsAt) },
      ],
    },
    { kind: 'heading', text: '五、异议', level: 2 },
    {
      kind: 'paragraph',
      text: '投标人或者其他利害关系人对评标结果有异议的，应当在中标候选人公示期间通过本平台向招标人提出，并说明异议事项及理由。招标人应当自收到异议之日起 3 日内作出答复；作出答复前，暂停招标投标活动。',
    },
    ...closingBlocks(input),
  ];
  return recordOf(input, t.code, CANDIDATE_PUBLICITY_TITLE, blocks);
}
