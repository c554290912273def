import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildOpeningRecord,
  buildReceipt,
  chineseUppercaseFen,
  type CommonFields,
  formatFen,
  formatHundredths,
  formatTime,
  formatYuan,
  type OpeningRecordData,
} from '../../../server/records/documents';
import type { Block, RecordDocument } from '../../../server/records/model';
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
      '开标记录表', TENDER.title, TENDER.code, '投标人远程自行解密', '唱标记录', '投标报价（元）', '工期（日历天）', '质量标准',
      '甲建设集团有限公司', '¥12,500,000.00', '365 日历天', '合格', '乙建工有限公司', '¥11,980,000.50', '330 日历天', '优良', '备份文件解密',
      '无效投标及原因', '丙市政工程有限公司', '解密后的投标文件与承诺值不一致',
      sha(1), sha(2), sha(3), '2,048,000', '3,072,000', '1,024',
      '确认', '视为认可', '2026-12-25 09:35:00.123', '我单位的投标文件解密失败系平台原因', '经核查，备份文件摘要值与承诺值不一致，维持无效认定',
    ]);
    expect(modelText(doc)).toContain('已解密 3 份，其中有效 2 份，无效 1 份');
  });
});
