import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildAwardNotice,
  buildCandidatePublicity,
  buildEvaluationReport,
  buildOpeningRecord,
  buildReceipt,
  buildResultNotice,
  chineseUppercaseFen,
  type CommonFields,
  type EvaluationReportData,
  formatFen,
  formatHundredths,
  formatTime,
  formatYuan,
  type OpeningRecordData,
  RECORD_TITLES,
} from '../../../server/records/documents';
import { type Block, RECORD_KINDS, type RecordDocument } from '../../../server/records/model';
import { renderRecord } from '../../../server/records/render';

// pdftotext (poppler-utils) extracts the rendered text, as a reader's tools would; CI must have it.
const hasPdftotext = spawnSync('sh', ['-c', 'command -v pdftotext']).status === 0;
const isCi = process.env.CI === 'true' || process.env.CI === '1';
if (!hasPdftotext && !isCi) {
  console.warn('records: skipping the record builder PDF text checks, pdftotext missing (apt-get install poppler-utils)');
}
const describeWithPdftotext = !hasPdftotext && !isCi ? describe.skip : describe;

const T = Date.parse('2026-12-25T01:30:00.123Z');
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
const common = (recordId: string): CommonFields => ({
  platformName: 'TenderHall 公共资源交易电子招投标平台',
  recordId,
  verificationUrl: `https://tenderhall.example/records/${recordId}`,
  createdAt: new Date(T + 3_600_000),
});
const TENDER = { code: 'TH-2026-0042', title: '某市第一中学教学楼改扩建工程施工总承包' };
const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-record-docs-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Renders the record and extracts its text with pdftotext; whitespace removed (pdftotext drops and adds spaces around CJK). */
async function pdfText(doc: RecordDocument): Promise<string> {
  const file = path.join(dir, `${doc.recordId}.pdf`);
  fs.writeFileSync(file, await renderRecord(doc));
  if (!hasPdftotext) {
    throw new Error('CI=true but pdftotext is missing: .ci/run must install poppler-utils');
  }
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const compact = (s: string) => s.replace(/\s+/g, '');
function expectAll(text: string, facts: string[]) {
  for (const fact of facts) {
    expect(text).toContain(compact(fact));
  }
}

/** Every text of the model (what the PDF must hold), for checks independent of pdftotext. */
const modelText = (doc: RecordDocument) =>
  doc.blocks
    .flatMap((b: Block) => (b.kind === 'heading' || b.kind === 'paragraph' ? [b.text] : b.kind === 'key-values' ? b.items.flatMap((i) => [i.key, i.value]) : b.kind === 'table' ? [...b.columns.map((c) => c.title), ...b.rows.flat()] : []))
    .join('\n');

describe('record formats', () => {
  it('prints times in Asia/Shanghai with ms and the zone, money with ¥ and grouping, scores from hundredths', () => {
    expect(formatTime('2026-12-25T01:30:00.123Z')).toBe('2026-12-25 09:30:00.123（北京时间 UTC+8）');
    expect(formatTime(Date.parse('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01 00:00:00.000（北京时间 UTC+8）');
    expect(formatYuan('12500000.00')).toBe('¥12,500,000.00');
    expect(formatYuan('999.5')).toBe('¥999.50');
    expect(formatFen(1_250_000_000)).toBe('¥12,500,000.00');
    expect(formatHundredths(9180)).toBe('91.80');
    expect(formatHundredths(5)).toBe('0.05');
  });

  it('writes amounts in 人民币大写', () => {
    expect(chineseUppercaseFen(1_250_000_000)).toBe('壹仟贰佰伍拾万元整');
    expect(chineseUppercaseFen(1_000_050_000)).toBe('壹仟万零伍佰元整');
    expect(chineseUppercaseFen(10_000_000_100)).toBe('壹亿零壹元整');
    expect(chineseUppercaseFen(123_456_789)).toBe('壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    expect(chineseUppercaseFen(100_005)).toBe('壹仟元零伍分');
    expect(chineseUppercaseFen(30)).toBe('叁角整');
    expect(chineseUppercaseFen(0)).toBe('零元整');
  });
});

describe('record models', () => {
  it('builds an evaluation report for 300 bids × 7 members: one score table per member with every bid, the compliance matrix complete', () => {
    const members = Array.from({ length: 7 }, (_, i) => ({ userId: `u${i + 1}`, displayName: `专家${i + 1}`, organizationName: null, seat: i + 1, chair: i === 0 }));
    const bids = Array.from({ length: 300 }, (_, i) => ({ bid: sha(i % 256) + String(i), bidderOrganization: `第${i + 1}建设工程有限公司`, items: { price: `${12_000_000 + i}.00` } }));
    const criteria = [{ key: 'price', name: '价格', kind: 'price' as const, weight: '40' }, { key: 'technical', name: '技术', kind: 'subjective' as const, weight: '60' }];
    const results = bids.map((b, i) => ({ bid: b.bid, priceFen: (12_000_000 + i) * 100, criteria: [{ criterion: 'price', kind: 'price' as const, weight: 4000, mean: 4000 - i }, { criterion: 'technical', kind: 'subjective' as const, weight: 6000, mean: 5000 }], subjectiveTotal: 5000, total: 9000 - i }));
    const ranked = results.map((x, i) => ({ rank: i + 1, bid: x.bid, bidderOrganization: bids[i].bidderOrganization, priceFen: x.priceFen, total: x.total }));
    const started = Date.now();
    const doc = buildEvaluationReport({
      ...common('01JREC00000000000000000007'),
      report: {
        code: TENDER.code, title: TENDER.title, evaluationMethod: 'comprehensive', criteria, complianceItems: [{ key: 'qualification', name: '投标人资格' }], members, bids,
        compliance: { decisions: bids.map((b) => ({ bid: b.bid, passed: true, failedItems: [] })), entries: members.flatMap((m) => bids.map((b) => ({ member: m.userId, bid: b.bid, item: 'qualification', pass: true, reason: null }))) },
        scores: members.flatMap((m) => bids.map((b) => ({ member: m.userId, bid: b.bid, criterion: 'technical', score: 5000 }))),
        aggregate: { baseFen: 1_200_000_000, results }, flags: [], ranking: ranked, candidates: ranked.slice(0, 3),
      },
    });
    expect(Date.now() - started).toBeLessThan(2000);
    const tables = doc.blocks.filter((b) => b.kind === 'table');
    const memberTables = tables.filter((t) => t.columns[0].title === '投标人' && t.columns.at(-1)?.title === '小计');
    expect(memberTables).toHaveLength(7);
    for (const t of memberTables) {
      expect(t.rows).toHaveLength(300);
      expect(t.rows[299]).toEqual(['第300建设工程有限公司', '50.00', '50.00']);
    }
    const matrix = tables.find((t) => t.columns[1]?.title === '审查项');
    expect(matrix?.rows).toHaveLength(300);
    expect(matrix?.rows[0]).toEqual(['第1建设工程有限公司', '投标人资格', ...Array(7).fill('合格')]);
  });

  it('names every record kind of DESIGN §7', () => {
    expect(Object.keys(RECORD_TITLES).sort()).toEqual([...RECORD_KINDS].sort());
    expect(RECORD_TITLES).toMatchObject({ receipt: '投标回执', opening_record: '开标记录表', evaluation_report: '评标报告', candidate_publicity: '中标候选人公示', award_notice: '中标通知书', result_notice: '中标结果通知书' });
  });
});

describeWithPdftotext('record builders rendered to PDF', () => {
  it('receipt (投标回执): bidder, tender, SHA-256 and size of the sealed bytes, server time with ms in Beijing time and UTC', async () => {
    const receipt = {
      receiptId: '01JRCPT000000000000000000A', tenderId: '01JTND000000000000000000AA', tenderCode: TENDER.code, bidderId: '01JUSR000000000000000000BB',
      organizationName: '杭州市建设工程有限公司', creditCode: '91330100MA2XXXXX0X', bidId: '01JBID000000000000000000CC', version: 2,
      sha256: sha(0xab), size: 1_234_567, receivedAt: '2026-12-25T01:30:00.123Z',
    };
    const doc = buildReceipt({ ...common('01JREC00000000000000000001'), receipt, tender: { title: TENDER.title, bidDeadline: at(60) } });
    expect(doc.title).toBe('投标回执');
    expect(doc.tenderCode).toBe(TENDER.code);
    const text = await pdfText(doc);
    expectAll(text, [
      '投标回执', TENDER.title, TENDER.code, '杭州市建设工程有限公司', '91330100MA2XXXXX0X', receipt.receiptId, receipt.bidId,
      sha(0xab), '1,234,567 字节', '2026-12-25 09:30:00.123', '北京时间', '2026-12-25T01:30:00.123Z', '第 2 次递交', '2026-12-25 10:30:00.123',
    ]);
  });

  it('opening record (开标记录表): 唱标 of every bid and item, invalid bids with reasons, commitments, confirmations, objections and answers', async () => {
    const opening: OpeningRecordData = {
      ...TENDER, status: 'opened', openingMode: 'bidder', bidDeadline: at(0), sealedAt: at(0), endedAt: at(90), failureReason: null,
      signIns: { count: 3, bidders: [{ bidderOrganization: '甲建设集团有限公司', signedInAt: at(-20) }, { bidderOrganization: '乙建工有限公司', signedInAt: at(-15) }, { bidderOrganization: '丙市政工程有限公司', signedInAt: at(-10) }] },
      commitments: [{ sha256: sha(1), size: 2_048_000 }, { sha256: sha(2), size: 3_072_000 }, { sha256: sha(3), size: 1_024 }],
      bids: [
        { sha256: sha(2), bidderOrganization: '甲建设集团有限公司', status: 'valid', reason: null, items: { price: '12500000.00', durationDays: 365, quality: '合格' }, decryptedBy: 'bidder', decryptedAt: at(5) },
        { sha256: sha(1), bidderOrganization: '乙建工有限公司', status: 'valid', reason: null, items: { price: '11980000.50', durationDays: 330, quality: '优良' }, decryptedBy: 'backup', decryptedAt: at(31) },
        { sha256: sha(3), bidderOrganization: '丙市政工程有限公司', status: 'invalid', reason: '解密后的投标文件与承诺值不一致', items: null, decryptedBy: 'platform', decryptedAt: at(32) },
      ],
      confirmations: [{ bidderOrganization: '甲建设集团有限公司', confirmedAt: at(40), deemed: false }, { bidderOrganization: '乙建工有限公司', confirmedAt: at(90), deemed: true }],
      objections: [{ bidderOrganization: '丙市政工程有限公司', text: '我单位的投标文件解密失败系平台原因', raisedAt: at(45), answer: '经核查，备份文件摘要值与承诺值不一致，维持无效认定', answeredAt: at(60) }],
    };
    const doc = buildOpeningRecord({ ...common('01JREC00000000000000000002'), opening, openingItems: ['price', 'durationDays', 'quality'] });
    expect(doc.title).toBe('开标记录表');
    const text = await pdfText(doc);
    expectAll(text, [
      '开标记录表', TENDER.title, TENDER.code, '投标人远程自行解密', '唱标记录', '投标报价', '工期（日历天）', '质量标准',
      '甲建设集团有限公司', '¥12,500,000.00', '365', '合格', '乙建工有限公司', '¥11,980,000.50', '330', '优良', '备份文件解密',
      '无效投标及原因', '丙市政工程有限公司', '解密后的投标文件与承诺值不一致',
      sha(1), sha(2), sha(3), '2,048,000', '3,072,000', '1,024',
      '确认', '视为认可', '2026-12-25 09:35:00.123', '我单位的投标文件解密失败系平台原因', '经核查，备份文件摘要值与承诺值不一致，维持无效认定',
    ]);
    expect(modelText(doc)).toContain('已解密 3 份，其中有效 2 份，无效 1 份');
  });

  it('evaluation report (评标报告): members, compliance with reasons, every member × bid × criterion score, aggregates, flags, ranking, candidates, dissent, signature page', async () => {
    const members = [
      { userId: 'u1', displayName: '王五', organizationName: '省综合评标专家库（建筑工程）', seat: 1, chair: true },
      { userId: 'u2', displayName: '赵六', organizationName: '市建设工程质量监督站', seat: 2, chair: false },
      { userId: 'u3', displayName: '孙七', organizationName: null, seat: 3, chair: false },
    ];
    const [A, B, C] = [sha(0xa1), sha(0xb2), sha(0xc3)];
    const criteria = [
      { key: 'price', name: '价格', kind: 'price' as const, weight: '40' },
      { key: 'technical', name: '技术方案', kind: 'subjective' as const, weight: '35' },
      { key: 'business', name: '商务资信', kind: 'objective' as const, weight: '25' },
    ];
    // member u1..u3 × bid A, B × technical/business, in hundredths
    const table: Record<string, [number, number][]> = { u1: [[3150, 2200], [2810, 2000]], u2: [[3020, 2100], [2905, 2050]], u3: [[3333, 2300], [1777, 1999]] };
    const scores = Object.entries(table).flatMap(([member, rows]) =>
      rows.flatMap(([technical, business], i) => [{ member, bid: [A, B][i], criterion: 'technical', score: technical }, { member, bid: [A, B][i], criterion: 'business', score: business }]),
    );
    const report: EvaluationReportData = {
      code: TENDER.code, title: TENDER.title, evaluationMethod: 'comprehensive', criteria,
      complianceItems: [{ key: 'qualification', name: '投标人资格' }, { key: 'price_limit', name: '投标报价不超过预算' }],
      members,
      bids: [
        { bid: A, bidderOrganization: '甲建设集团有限公司', items: { price: '12500000.00' } },
        { bid: B, bidderOrganization: '乙建工有限公司', items: { price: '11980000.50' } },
        { bid: C, bidderOrganization: '丙市政工程有限公司', items: { price: '13000000.00' } },
      ],
      compliance: {
        decisions: [
          { bid: A, passed: true, failedItems: [] },
          { bid: B, passed: true, failedItems: [] },
          { bid: C, passed: false, failedItems: [{ item: 'price_limit', reasons: ['投标报价超过招标控制价'] }] },
        ],
        entries: members.flatMap((m) => [A, B, C].flatMap((bid) => ['qualification', 'price_limit'].map((item) => {
          const fail = bid === C && item === 'price_limit';
          return { member: m.userId, bid, item, pass: !fail, reason: fail ? '投标报价超过招标控制价' : null };
        }))),
      },
      scores,
      aggregate: {
        baseFen: 1_198_000_050,
        results: [
          { bid: A, priceFen: 1_250_000_000, criteria: [{ criterion: 'price', kind: 'price', weight: 4000, mean: 3834 }, { criterion: 'technical', kind: 'subjective', weight: 3500, mean: 3168 }, { criterion: 'business', kind: 'objective', weight: 2500, mean: 2200 }], subjectiveTotal: 5368, total: 9202 },
          { bid: B, priceFen: 1_198_000_050, criteria: [{ criterion: 'price', kind: 'price', weight: 4000, mean: 4000 }, { criterion: 'technical', kind: 'subjective', weight: 3500, mean: 2497 }, { criterion: 'business', kind: 'objective', weight: 2500, mean: 2016 }], subjectiveTotal: 4513, total: 8513 },
        ],
      },
      flags: [{ member: 'u3', bid: B, criterion: 'technical', score: 1777, mean: 2497, resolution: 'kept', note: '成员说明乙方施工组织设计缺少冬季施工措施', raisedAt: T, resolvedAt: T + 60_000 }],
      ranking: [
        { rank: 1, bid: A, bidderOrganization: '甲建设集团有限公司', priceFen: 1_250_000_000, total: 9202 },
        { rank: 2, bid: B, bidderOrganization: '乙建工有限公司', priceFen: 1_198_000_050, total: 8513 },
      ],
      candidates: [
        { rank: 1, bid: A, bidderOrganization: '甲建设集团有限公司', priceFen: 1_250_000_000, total: 9202 },
        { rank: 2, bid: B, bidderOrganization: '乙建工有限公司', priceFen: 1_198_000_050, total: 8513 },
      ],
    };
    const signatures = [
      { userId: 'u1', agree: true, dissent: null, signedAt: at(120) },
      { userId: 'u2', agree: true, dissent: null, signedAt: at(121) },
      { userId: 'u3', agree: false, dissent: '本人认为乙建工有限公司的技术方案评分偏高，保留意见', signedAt: at(122) },
    ];
    const doc = buildEvaluationReport({ ...common('01JREC00000000000000000003'), report, signatures });
    expect(doc.title).toBe('评标报告');
    expect(doc.blocks.some((b) => b.kind === 'page-break')).toBe(true);
    const text = await pdfText(doc);
    expectAll(text, [
      '评标报告', TENDER.title, TENDER.code, '综合评分法', '王五', '赵六', '孙七', '主任委员', '省综合评标专家库（建筑工程）',
      '符合性审查', '丙市政工程有限公司', '不通过', '投标报价超过招标控制价', '投标人资格', '投标报价不超过预算',
      ...scores.map((s) => formatHundredths(s.score)), '53.50', '48.10', '37.76', '¥13,000,000.00', '31.68', '24.97', '92.02', '85.13', '38.34', '¥11,980,000.50',
      '评分偏离提示', '17.77', '维持原评分', '成员说明乙方施工组织设计缺少冬季施工措施',
      '第一中标候选人', '第二中标候选人', '甲建设集团有限公司', '¥12,500,000.00',
      '不同意', '本人认为乙建工有限公司的技术方案评分偏高', '2026-12-25 11:32:00.123', '评标委员会成员签字页',
    ]);
    // Each member's own table holds that member's scores of each bid on each criterion.
    const model = modelText(doc);
    expect(model).toContain(signatures[2].dissent);
    for (const m of members) {
      expect(model).toContain(`${m.seat}. ${m.displayName}`);
    }
  });
  it('candidate publicity (中标候选人公示): ranked candidates with price and score, committee names, publicity window, how to object', async () => {
    const doc = buildCandidatePublicity({
      ...common('01JREC00000000000000000004'),
      tender: { ...TENDER, ownerName: '某市教育局', agencyName: '某市公共资源交易咨询有限公司' },
      publicity: {
        publishedAt: at(1440), publicityEndsAt: at(1440 * 4),
        candidates: [
          { rank: 2, bidderOrganization: '乙建工有限公司', price: '11980000.50', total: '85.13' },
          { rank: 1, bidderOrganization: '甲建设集团有限公司', price: '12500000.00', total: '92.02' },
        ],
        committee: ['王五', '赵六', '孙七'],
      },
    });
    expect(doc.title).toBe('中标候选人公示');
    const text = await pdfText(doc);
    expectAll(text, [
      '中标候选人公示', TENDER.title, TENDER.code, '某市教育局', '某市公共资源交易咨询有限公司', '第五十四条',
      '第一中标候选人甲建设集团有限公司¥12,500,000.0092.02', '第二中标候选人乙建工有限公司¥11,980,000.5085.13',
      '王五、赵六、孙七', '2026-12-26 09:30:00.123', '2026-12-29 09:30:00.123', '北京时间', '异议',
    ]);
  });

  it('award notice (中标通知书): the winner, the tender, the price in 大写 and figures, the award time', async () => {
    const doc = buildAwardNotice({
      ...common('01JREC00000000000000000005'),
      tender: { ...TENDER, ownerName: '某市教育局' },
      award: { rank: 1, bidderOrganization: '甲建设集团有限公司', price: '12500000.00', awardedAt: at(1440 * 5), reason: null },
    });
    expect(doc.title).toBe('中标通知书');
    const text = await pdfText(doc);
    expectAll(text, [
      '中标通知书', '甲建设集团有限公司：', TENDER.title, TENDER.code, '确定你单位为中标人', '人民币（大写）壹仟贰佰伍拾万元整（¥12,500,000.00）',
      '2026-12-30 09:30:00.123', '30 日内', '招标人：某市教育局', '2026年12月30日',
    ]);
  });

  it('result notice (中标结果通知书): to another bidder, naming the winner and the price', async () => {
    const doc = buildResultNotice({
      ...common('01JREC00000000000000000006'),
      tender: TENDER,
      award: { bidderOrganization: '甲建设集团有限公司', price: '12500000.00', awardedAt: at(1440 * 5) },
      recipient: { organizationName: '乙建工有限公司' },
    });
    expect(doc.title).toBe('中标结果通知书');
    const text = await pdfText(doc);
    expectAll(text, [
      '中标结果通知书', '乙建工有限公司：', TENDER.title, TENDER.code, '中标人甲建设集团有限公司', '壹仟贰佰伍拾万元整', '¥12,500,000.00',
      '2026-12-30 09:30:00.123', '你单位未中标',
    ]);
  });
});
