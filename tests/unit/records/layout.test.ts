import { PDFDocument } from 'pdf-lib';
import { layoutRecord, PAGE } from '../../../server/records/layout';
import type { DrawOp, Measure, RecordDocument } from '../../../server/records/model';
import { renderRecord } from '../../../server/records/render';
import { toBreakables, wrapText } from '../../../server/records/wrap';

// Full-width CJK, half-width everything else: close enough to Noto Sans SC for layout rules.
const measure: Measure = (text, size) => [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.5), 0) * size;

const texts = (ops: DrawOp[]) => ops.flatMap((op) => (op.kind === 'text' ? [op.text] : []));

function openingRecord(rows: number): RecordDocument {
  return {
    platformName: 'TenderHall 公共资源交易电子招投标平台',
    tenderCode: 'TH-2026-0042',
    recordId: '01JREC0000000000000000000A',
    title: '开标记录表',
    verificationUrl: 'https://tenderhall.example/verify/01JREC0000000000000000000A',
    createdAt: new Date('2026-12-01T02:00:00.000Z'),
    blocks: [
      { kind: 'heading', text: '投标一览' },
      {
        kind: 'table',
        columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '投标人', width: 3 }, { title: '投标报价（元）', width: 1.5, align: 'right' }],
        rows: Array.from({ length: rows }, (_, i) => [String(i + 1), `第${i + 1}建设工程有限公司`, '12,500,000.00']),
      },
    ],
  };
}

describe('record layout', () => {
  it('repeats the table header row on every page a 300-row table spans', () => {
    const pages = layoutRecord(openingRecord(300), measure);
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      expect(texts(page.ops)).toEqual(expect.arrayContaining(['序号', '投标人', '投标报价（元）']));
    }
    const rowNumbers = pages.flatMap((p) => texts(p.ops).filter((t) => /^\d+$/.test(t)).map(Number));
    expect(rowNumbers).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('numbers every page "第 X 页 / 共 Y 页" and prints the header ids and the verification URL', () => {
    const doc = openingRecord(120);
    const pages = layoutRecord(doc, measure);
    pages.forEach((page, i) => {
      const t = texts(page.ops);
      expect(t).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`);
      expect(t).toContain(doc.platformName);
      expect(t).toContain(`项目编号 ${doc.tenderCode}　记录编号 ${doc.recordId}`);
      expect(t).toContain(`核验 ${doc.verificationUrl}`);
    });
  });

  it('splits a row taller than a page by lines, under the repeated header, never below the bottom margin', () => {
    const dissent = '本人对第二名的商务评分持不同意见，理由如下：'.repeat(250);
    const doc: RecordDocument = { ...openingRecord(0), blocks: [{ kind: 'table', columns: [{ title: '成员' }, { title: '不同意见', width: 4 }], rows: [['王五', dissent], ['赵六', '无']] }] };
    const pages = layoutRecord(doc, measure);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) {
      expect(texts(page.ops)).toEqual(expect.arrayContaining(['成员', '不同意见']));
      for (const op of page.ops) {
        if (op.kind === 'text' && op.size === 9) {
          expect(op.y).toBeGreaterThanOrEqual(PAGE.bottom);
        }
      }
    }
    const cells = pages.flatMap((p) => p.ops.flatMap((op) => (op.kind === 'text' && op.size === 9 ? [op.text] : [])));
    const drawn = cells.filter((t) => !['成员', '不同意见', '王五', '赵六', '无'].includes(t)).join('');
    expect(drawn === dissent).toBe(true);
    expect(texts(pages[pages.length - 1].ops)).toContain('赵六');
  });

  it('keeps every drawn text inside the margins of its A4 page', () => {
    for (const page of layoutRecord(openingRecord(80), measure)) {
      for (const op of page.ops) {
        if (op.kind === 'text') {
          expect(op.x).toBeGreaterThanOrEqual(PAGE.marginX - 0.01);
          expect(op.x + measure(op.text, op.size)).toBeLessThanOrEqual(PAGE.width - PAGE.marginX + 0.01);
          expect(op.y).toBeGreaterThan(20);
          expect(op.y).toBeLessThan(PAGE.height - 20);
        }
      }
    }
  });
});

describe('line wrapping', () => {
  it('wraps Chinese per character and Latin per word', () => {
    expect(toBreakables('开标 record time')).toEqual(['开', '标', ' ', 'record ', 'time']);
    expect(wrapText('open the bids 开标记录', 12 * 7, 12, measure)).toEqual(['open the bids', '开标记录']);
    expect(wrapText('开标记录表已生成', 12 * 3, 12, measure)).toEqual(['开标记', '录表已', '生成']);
    // A word wider than the line is cut per character rather than overflowing.
    expect(wrapText('internationalization', 12 * 4, 12, measure)).toEqual(['internat', 'ionaliza', 'tion']);
  });

  it('never starts a line with closing punctuation (禁则)', () => {
    const lines = wrapText('甲乙丙丁，戊己。', 4 * 10, 10, measure);
    expect(lines).toEqual(['甲乙丙', '丁，戊', '己。']);
    expect(lines.every((l) => !/^[，。]/.test(l))).toBe(true);
  });
});

describe('renderRecord', () => {
  it('renders A4 pages with the title in the metadata, the same bytes for the same model', async () => {
    const doc = openingRecord(60);
    const bytes = await renderRecord(doc);
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    expect(pdf.getPage(0).getSize()).toEqual({ width: PAGE.width, height: PAGE.height });
    expect(pdf.getTitle()).toBe('开标记录表');
    expect(Buffer.from(await renderRecord(doc)).equals(Buffer.from(bytes))).toBe(true);
  });
});
