import type { Block, RecordDocument, TableColumn } from '../model';
import { closingBlocks, type CommonFields, formatFen, formatHundredths, formatYuan, orgName, recordOf, shanghaiTime, type TimeInput, ZONE_NOTE } from './format';

export type EvaluationCriterion = { key: string; name: string; kind: 'price' | 'subjective' | 'objective'; weight: string };
export type EvaluationMember = { userId: string; displayName: string; organizationName: string | null; seat: number; chair: boolean };
/** A bid in the evaluation: `bid` is its commitment SHA-256. */
export type EvaluationBid = { bid: string; bidderOrganization: string | null; items: Record<string, unknown> };
export type ComplianceDecisionData = { bid: string; passed: boolean; failedItems: { item: string; reasons: string[] }[] };
export type ComplianceEntryData = { member: string; bid: string; item: string; pass: boolean; reason: string | null };
/** One member's score of one bid on one criterion, in hundredths. */
export type ScoreEntryData = { member: string; bid: string; criterion: string; score: number };
/** scoring.ts Aggregation: means and totals in hundredths, prices in fen. */
export type AggregationData = {
  baseFen: number | null;
  results: { bid: string; priceFen: number; criteria: { criterion: string; kind: EvaluationCriterion['kind']; weight: number; mean: number }[]; subjectiveTotal: number; total: number }[];
};
export type FlagData = { member: string; bid: string; criterion: string; score: number; mean: number; resolution: 'kept' | 'returned' | null; note: string | null; raisedAt?: TimeInput; resolvedAt?: TimeInput | null };
/** A line of the ranking; total in hundredths (null for 最低评标价法). */
export type RankedBidData = { rank: number; bid: string; bidderOrganization: string | null; priceFen: number; total: number | null };
export type ReportSignatureData = { userId: string; agree: boolean | null; dissent: string | null; signedAt: TimeInput };

/** The report data as the evaluation session assembles it (assembleReport), plus the members' signatures. */
export type EvaluationReportData = {
  code: string;
  title: string;
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: EvaluationCriterion[];
  complianceItems: { key: string; name: string }[];
  members: EvaluationMember[];
  bids: EvaluationBid[];
  compliance: { decisions: ComplianceDecisionData[]; entries: ComplianceEntryData[] };
  scores: ScoreEntryData[];
  aggregate: AggregationData | null;
  flags: FlagData[];
  ranking: RankedBidData[];
  candidates: RankedBidData[];
};

export type EvaluationReportInput = CommonFields & {
  report: EvaluationReportData;
  /** GET /evaluation/report signatures: who agreed, who dissented and why (absent before signing). */
  signatures?: ReportSignatureData[];
};

export const EVALUATION_REPORT_TITLE = '评标报告';

const METHOD: Record<EvaluationReportData['evaluationMethod'], string> = { comprehensive: '综合评分法', lowest_price: '经评审的最低投标价法' };
const CRITERION_KIND: Record<EvaluationCriterion['kind'], string> = { price: '价格分（公式计算）', subjective: '主观分', objective: '客观分' };
const RANK_NAMES = ['第一中标候选人', '第二中标候选人', '第三中标候选人'];
const NO_ROWS: Block = { kind: 'paragraph', text: '无。' };

const num = (w: number) => ({ width: w, align: 'right' as const });

/** 评标报告: members, compliance, every member's scores, aggregates, flags, ranking, candidates, dissent, signature page. */
export function buildEvaluationReport(input: EvaluationReportInput): RecordDocument {
  const r = input.report;
  const signatures = input.signatures ?? [];
  const memberName = new Map(r.members.map((m) => [m.userId, m.displayName]));
  const who = (id: string) => memberName.get(id) ?? id;
  const bidOrg = new Map<string, string | null>([...r.ranking, ...r.bids].map((b) => [b.bid, b.bidderOrganization]));
  const bidName = (bid: string) => orgName(bidOrg.get(bid));
  const itemName = new Map(r.complianceItems.map((i) => [i.key, i.name]));
  const criterionName = new Map(r.criteria.map((c) => [c.key, c.name]));
  const scored = r.criteria.filter((c) => c.kind !== 'price');
  const members = [...r.members].sort((a, b) => a.seat - b.seat);
  const chair = members.find((m) => m.chair);
  const priceOf = (bid: string): string => {
    const ranked = r.ranking.find((x) => x.bid === bid) ?? r.aggregate?.results.find((x) => x.bid === bid);
    if (ranked) {
      return formatFen(ranked.priceFen);
    }
    const price = r.bids.find((b) => b.bid === bid)?.items.price;
    return typeof price === 'string' && /^\d+(\.\d{1,2})?$/.test(price) ? formatYuan(price) : '—';
  };
  const passedCount = r.compliance.decisions.filter((d) => d.passed).length;

  const blocks: Block[] = [
    { kind: 'heading', text: '一、项目概况' },
    {
      kind: 'key-values',
      items: [
        { key: '项目名称', value: r.title },
        { key: '项目编号', value: r.code },
        { key: '评标办法', value: METHOD[r.evaluationMethod] },
        { key: '评标委员会', value: `${members.length} 人${chair ? `，主任委员 ${chair.displayName}` : ''}` },
        { key: '进入评审的投标', value: `${r.bids.length} 份，符合性审查通过 ${passedCount} 份，未通过 ${r.compliance.decisions.length - passedCount} 份` },
        { key: '推荐中标候选人', value: r.candidates.length === 0 ? '无' : r.candidates.map((c) => `${orgName(c.bidderOrganization)}（第 ${c.rank} 名）`).join('；') },
      ],
    },
    ...(r.criteria.length === 0
      ? []
      : [
          { kind: 'paragraph', text: '评分因素及分值：' } as Block,
          {
            kind: 'table',
            columns: [{ title: '评分因素', width: 3 }, { title: '类别', width: 2 }, { title: '分值', ...num(1) }],
            rows: r.criteria.map((c) => [c.name, CRITERION_KIND[c.kind], c.weight]),
          } as Block,
        ]),
    { kind: 'heading', text: '二、评标委员会组成' },
    {
      kind: 'table',
      columns: [{ title: '席位', ...num(0.6) }, { title: '姓名', width: 1.6 }, { title: '工作单位', width: 3.4 }, { title: '职务', width: 1.2 }],
      rows: members.map((m) => [String(m.seat), m.displayName, m.organizationName ?? '—', m.chair ? '主任委员' : '成员']),
    },
    { kind: 'heading', text: '三、符合性审查' },
    r.compliance.decisions.length === 0
      ? NO_ROWS
      : {
          kind: 'table',
          columns: [{ title: '序号', ...num(0.6) }, { title: '投标人', width: 2.6 }, { title: '投标报价', ...num(1.6) }, { title: '结论', width: 0.9, align: 'center' }, { title: '不通过的审查项及理由', width: 3.2 }],
          rows: r.compliance.decisions.map((d, i) => [
            String(i + 1),
            bidName(d.bid),
            priceOf(d.bid),
            d.passed ? '通过' : '不通过',
            d.failedItems.length === 0 ? '—' : d.failedItems.map((f) => `${itemName.get(f.item) ?? f.item}：${f.reasons.join('；') || '未说明理由'}`).join('\n'),
          ]),
        },
    { kind: 'paragraph', text: '各成员逐项审查意见：' },
    r.compliance.entries.length === 0
      ? NO_ROWS
      : {
          kind: 'table',
          columns: [{ title: '投标人', width: 2.4 }, { title: '审查项', width: 1.8 }, ...members.map((m): TableColumn => ({ title: m.displayName, width: 0.9, align: 'center' }))],
          rows: complianceMatrix(r, members).map(([bid, item, cells]) => [bidName(bid), itemName.get(item) ?? item, ...cells]),
        },
    ...failedEntries(r, who, bidName, (k) => itemName.get(k) ?? k),
    { kind: 'heading', text: '四、各成员评分' },
    ...(scored.length === 0 || r.scores.length === 0
      ? [{ kind: 'paragraph', text: r.evaluationMethod === 'lowest_price' ? '本项目采用经评审的最低投标价法，不进行主观评分。' : '无评分记录。' } as Block]
      : members.flatMap((m) => memberScores(r, m, scored, bidName))),
    { kind: 'heading', text: '五、评分汇总' },
    ...aggregateBlocks(r, bidName, (k) => criterionName.get(k) ?? k),
    { kind: 'heading', text: '六、评分偏离提示及处理' },
    r.flags.length === 0
      ? { kind: 'paragraph', text: '无评分偏离提示。' }
      : {
          kind: 'table',
          columns: [{ title: '成员', width: 1.2 }, { title: '投标人', width: 2.2 }, { title: '评分因素', width: 1.4 }, { title: '评分', ...num(0.9) }, { title: '平均分', ...num(0.9) }, { title: `处理结果（时间为${ZONE_NOTE}）`, width: 2.4 }],
          rows: r.flags.map((f) => [
            who(f.member),
            bidName(f.bid),
            criterionName.get(f.criterion) ?? f.criterion,
            formatHundredths(f.score),
            formatHundredths(f.mean),
            `${f.resolution === 'kept' ? '维持原评分' : f.resolution === 'returned' ? '退回重新评分' : '未处理'}${f.note ? `：${f.note}` : ''}${f.resolvedAt ? `\n（${shanghaiTime(f.resolvedAt)}）` : ''}`,
          ]),
        },
    { kind: 'heading', text: '七、排序' },
    r.ranking.length === 0
      ? NO_ROWS
      : {
          kind: 'table',
          columns: [{ title: '名次', ...num(0.7) }, { title: '投标人', width: 3.4 }, { title: '投标报价', ...num(1.8) }, { title: '综合得分', ...num(1.2) }],
          rows: r.ranking.map((x) => [String(x.rank), orgName(x.bidderOrganization), formatFen(x.priceFen), x.total === null ? '—' : formatHundredths(x.total)]),
        },
    { kind: 'heading', text: '八、推荐的中标候选人' },
    r.candidates.length === 0
      ? { kind: 'paragraph', text: '评标委员会未推荐中标候选人。' }
      : {
          kind: 'table',
          columns: [{ title: '推荐顺序', width: 1.6 }, { title: '投标人', width: 3.4 }, { title: '投标报价', ...num(1.8) }, { title: '综合得分', ...num(1.2) }],
          rows: r.candidates.map((c) => [RANK_NAMES[c.rank - 1] ?? `第 ${c.rank} 名`, orgName(c.bidderOrganization), formatFen(c.priceFen), c.total === null ? '—' : formatHundredths(c.total)]),
        },
    { kind: 'heading', text: '九、评标委员会成员意见' },
    {
      kind: 'paragraph',
      text: '评标委员会成员对评标结果有不同意见的，以书面形式说明其不同意见和理由，评标报告注明该不同意见。成员拒绝在评标报告上签字又不书面说明其不同意见和理由的，视为同意评标结果。',
    },
    signatures.length === 0
      ? { kind: 'paragraph', text: '尚无成员签署。' }
      : {
          kind: 'table',
          columns: [{ title: '成员', width: 1.4 }, { title: '意见', width: 1.2 }, { title: '不同意见及理由', width: 4 }, { title: `签署时间（${ZONE_NOTE}）`, width: 2 }],
          rows: members.flatMap((m) => {
            const s = signatures.find((x) => x.userId === m.userId);
            return s ? [[m.displayName, s.agree === false ? '不同意' : '同意', s.dissent ?? '—', shanghaiTime(s.signedAt)]] : [];
          }),
        },
    ...closingBlocks(input),
    { kind: 'page-break' },
    { kind: 'heading', text: '评标委员会成员签字页' },
    {
      kind: 'paragraph',
      text: `评标委员会全体成员对本评标报告（项目编号 ${r.code}，记录编号 ${input.recordId}）逐一签署电子签名。各成员的电子签名以增量方式附于本文件，后一签名不改变此前已签署的内容，签名有效性可使用 PDF 阅读器或 pdfsig 核验。`,
    },
    {
      kind: 'table',
      columns: [{ title: '席位', ...num(0.6) }, { title: '姓名', width: 1.4 }, { title: '工作单位', width: 2.6 }, { title: '意见', width: 1 }, { title: `签署时间（${ZONE_NOTE}）`, width: 2 }, { title: '签名', width: 1.4 }],
      rows: members.map((m) => {
        const s = signatures.find((x) => x.userId === m.userId);
        return [
          String(m.seat),
          `${m.displayName}${m.chair ? '（主任委员）' : ''}`,
          m.organizationName ?? '—',
          s ? (s.agree === false ? '不同意' : '同意') : '—',
          s ? shanghaiTime(s.signedAt) : '—',
          '（电子签名）',
        ];
      }),
    },
  ];
  return recordOf(input, r.code, EVALUATION_REPORT_TITLE, blocks);
}

/** bid × item rows of every member's compliance verdict, in decision order then item order. */
function complianceMatrix(r: EvaluationReportData, members: EvaluationMember[]): [string, string, string[]][] {
  const verdict = new Map(r.compliance.entries.map((e) => [`${e.member}\u0000${e.bid}\u0000${e.item}`, e.pass]));
  const bids = r.compliance.decisions.length > 0 ? r.compliance.decisions.map((d) => d.bid) : r.bids.map((b) => b.bid);
  const items = r.complianceItems.length > 0 ? r.complianceItems.map((i) => i.key) : [...new Set(r.compliance.entries.map((e) => e.item))];
  return bids.flatMap((bid) =>
    items.map((item): [string, string, string[]] => [
      bid,
      item,
      members.map((m) => {
        const pass = verdict.get(`${m.userId}\u0000${bid}\u0000${item}`);
        return pass === undefined ? '—' : pass ? '合格' : '不合格';
      }),
    ]),
  );
}

function failedEntries(r: EvaluationReportData, who: (id: string) => string, bidName: (bid: string) => string, itemName: (key: string) => string): Block[] {
  const withReasons = r.compliance.entries.filter((e) => !e.pass || e.reason);
  if (withReasons.length === 0) {
    return [];
  }
  return [
    { kind: 'paragraph', text: '成员审查意见说明：' },
    {
      kind: 'table',
      columns: [{ title: '成员', width: 1.2 }, { title: '投标人', width: 2.4 }, { title: '审查项', width: 1.6 }, { title: '意见', width: 0.9, align: 'center' }, { title: '理由', width: 3 }],
      rows: withReasons.map((e) => [who(e.member), bidName(e.bid), itemName(e.item), e.pass ? '合格' : '不合格', e.reason ?? '—']),
    },
  ];
}

function memberScores(r: EvaluationReportData, m: EvaluationMember, scored: EvaluationCriterion[], bidName: (bid: string) => string): Block[] {
  const mine = r.scores.filter((s) => s.member === m.userId);
  const score = new Map(mine.map((s) => [`${s.bid}\u0000${s.criterion}`, s.score]));
  const bids = [...new Set([...(r.aggregate?.results.map((x) => x.bid) ?? []), ...mine.map((s) => s.bid)])];
  return [
    { kind: 'heading', text: `${m.seat}. ${m.displayName}${m.chair ? '（主任委员）' : ''}`, level: 2 },
    bids.length === 0
      ? { kind: 'paragraph', text: '无评分记录。' }
      : {
          kind: 'table',
          columns: [{ title: '投标人', width: 2.6 }, ...scored.map((c): TableColumn => ({ title: `${c.name}（${c.weight}）`, ...num(1.1) })), { title: '小计', ...num(1) }],
          rows: bids.map((bid) => {
            const cells = scored.map((c) => score.get(`${bid}\u0000${c.key}`));
            const total = cells.reduce<number>((s, v) => s + (v ?? 0), 0);
            return [bidName(bid), ...cells.map((v) => (v === undefined ? '—' : formatHundredths(v))), formatHundredths(total)];
          }),
        },
  ];
}

function aggregateBlocks(r: EvaluationReportData, bidName: (bid: string) => string, criterionName: (key: string) => string): Block[] {
  const agg = r.aggregate;
  if (!agg || agg.results.length === 0) {
    return [{ kind: 'paragraph', text: r.evaluationMethod === 'lowest_price' ? '按经评审的投标价由低到高排序，见第七部分。' : '无汇总结果。' }];
  }
  const keys = agg.results[0].criteria.map((c) => c.criterion);
  return [
    {
      kind: 'paragraph',
      text: `各评分因素得分为全体成员评分的算术平均值（四舍五入保留两位小数）；价格分 = 评标基准价 ÷ 投标报价 × 价格分值${agg.baseFen === null ? '' : `，评标基准价为 ${formatFen(agg.baseFen)}（通过符合性审查的最低投标报价）`}。`,
    },
    {
      kind: 'table',
      columns: [
        { title: '投标人', width: 2.4 },
        { title: '投标报价', ...num(1.6) },
        ...keys.map((k): TableColumn => ({ title: criterionName(k), ...num(1) })),
        { title: '综合得分', ...num(1) },
      ],
      rows: agg.results.map((x) => [bidName(x.bid), formatFen(x.priceFen), ...keys.map((k) => {
        const c = x.criteria.find((y) => y.criterion === k);
        return c ? formatHundredths(c.mean) : '—';
      }), formatHundredths(x.total)]),
    },
  ];
}
