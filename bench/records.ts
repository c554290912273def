/**
 * Signed records (issue 6 point 7): time and size to render and sign an opening record of 300 bids,
 * and an evaluation report for 300 bids × 7 members signed by the platform and then by each
 * member in turn (incremental updates, each member's CMS made with the member's own key); then a
 * deadline rush of receipts (投标回执) rendered on the event loop and through the worker-thread pool,
 * with the event loop's longest stall in each case.
 * Run: npx tsx bench/records.ts [bids] [members] [receipts]
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  createRenderPool, defaultRenderPoolSize, embedSignature, issueRecord, loadRecordFont, prepareSignature, renderRecord, signDigest, signPdf, verifyRecordPdf, type RecordDocument,
} from '../server/records';
import { buildReceipt } from '../server/records/documents';
import { caPem, memberSigner, platformSigner, T0 } from '../tests/support/records';

const bids = Number(process.argv[2] ?? 300);
const members = Number(process.argv[3] ?? 7);
const receipts = Number(process.argv[4] ?? 40);
const platform = platformSigner();
const committee = Array.from({ length: members }, (_, i) => ({ name: `评标专家${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i + 1}`, signer: memberSigner(`评标专家${i + 1}`) }));

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

const bidder = (i: number) => `浙江第${i + 1}建设工程集团有限公司`;
const base = (title: string, id: string): Omit<RecordDocument, 'blocks'> => ({
  platformName: 'TenderHall 公共资源交易电子招投标平台', tenderCode: 'TH-2026-0300', recordId: id, title,
  verificationUrl: `https://tenderhall.example/records/${id}`, createdAt: new Date(T0),
});

function openingRecord(): RecordDocument {
  return {
    ...base('开标记录表', '01JBENCH0PEN1NGRECORD00001'),
    blocks: [
      { kind: 'heading', text: '一、项目信息' },
      { kind: 'key-values', items: [{ key: '项目名称', value: '某市综合交通枢纽配套道路及管网工程施工总承包' }, { key: '开标时间', value: '2026年12月1日 10:00（北京时间）' }, { key: '投标人数量', value: `${bids} 家` }] },
      { kind: 'heading', text: '二、开标一览', level: 2 },
      {
        kind: 'table',
        columns: [{ title: '序号', width: 0.5, align: 'right' }, { title: '投标人', width: 2.6 }, { title: '投标报价（元）', width: 1.5, align: 'right' }, { title: '工期', width: 0.8 }, { title: '质量', width: 0.6 }, { title: '投标文件 SHA-256', width: 2 }],
        rows: Array.from({ length: bids }, (_, i) => [String(i + 1), bidder(i), `${(98_000_000 + i * 12_345).toLocaleString('en-US')}.00`, '540 日历天', '合格', `${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}…`]),
      },
      { kind: 'heading', text: '三、异议与答复', level: 2 },
      { kind: 'paragraph', text: '开标过程中未收到异议。所有投标人均已在线确认开标结果。' },
    ],
  };
}

function evaluationReport(): RecordDocument {
  const score = (bid: number, m: number) => (60 + ((bid * 7 + m * 13) % 400) / 10).toFixed(1);
  return {
    ...base('评标报告', '01JBENCHEVA1UAT10NREP0RT01'),
    blocks: [
      { kind: 'heading', text: '一、评标委员会' },
      { kind: 'table', columns: [{ title: '序号', width: 0.5, align: 'right' }, { title: '姓名', width: 2 }, { title: '角色', width: 1.5 }], rows: committee.map((c, i) => [String(i + 1), c.name, i === 0 ? '组长' : '成员']) },
      { kind: 'heading', text: '二、符合性审查', level: 2 },
      { kind: 'table', columns: [{ title: '序号', width: 0.5, align: 'right' }, { title: '投标人', width: 3 }, { title: '结论', width: 1 }, { title: '说明', width: 2.5 }], rows: Array.from({ length: bids }, (_, i) => [String(i + 1), bidder(i), i % 29 === 0 ? '不通过' : '通过', i % 29 === 0 ? '投标保证金未按时足额缴纳' : '']) },
      { kind: 'heading', text: '三、评分明细', level: 2 },
      {
        kind: 'table',
        columns: [{ title: '投标人', width: 2.4 }, ...committee.map((_, m) => ({ title: `专家${m + 1}`, align: 'right' as const })), { title: '平均', align: 'right' as const }, { title: '名次', width: 0.6, align: 'right' as const }],
        rows: Array.from({ length: bids }, (_, i) => [bidder(i), ...committee.map((_, m) => score(i, m)), score(i, 3), String(i + 1)]),
      },
      { kind: 'heading', text: '四、推荐的中标候选人', level: 2 },
      { kind: 'paragraph', text: `第一中标候选人：${bidder(0)}；第二中标候选人：${bidder(1)}；第三中标候选人：${bidder(2)}。评标委员会成员对评标结果无不同意见。` },
    ],
  };
}

async function main(): Promise<void> {
  const [, tFont] = await timed(() => loadRecordFont());
  console.log(`font load (Noto Sans SC, once per process): ${tFont.toFixed(0)} ms`);
  const [, tCold] = await timed(() => renderRecord(openingRecord()));
  console.log(`first render in the process (JIT, font tables parsed): ${tCold.toFixed(0)} ms; the rows below are warm\n`);
  console.log('| record | render ms | pages | unsigned KB | signatures | sign ms (total) | signed KB | verify ms |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');

  const [opening, tRender1] = await timed(() => renderRecord(openingRecord()));
  const [signedOpening, tSign1] = await timed(() => signPdf(opening, platform, { signingTime: new Date(T0), reason: '开标记录表（平台签章）' }));
  const [check1, tVerify1] = await timed(() => verifyRecordPdf(signedOpening, { trustedRootsPem: [caPem()] }));
  row(`opening record, ${bids} bids`, tRender1, pageCount(opening), opening.length, 1, tSign1, signedOpening.length, tVerify1, check1.valid);

  const [report, tRender2] = await timed(() => renderRecord(evaluationReport()));
  let pdf: Buffer;
  const [platformSigned, tPlatform] = await timed(() => signPdf(report, platform, { signingTime: new Date(T0), reason: '评标报告（平台签章）' }));
  pdf = platformSigned;
  const perMember: number[] = [];
  for (const [i, member] of committee.entries()) {
    const at = new Date(T0 + (i + 1) * 60_000);
    const [signed, t] = await timed(async () => {
      const prepared = await prepareSignature(pdf, { signingTime: at, name: member.name, reason: '评标委员会成员签署评标报告' });
      const cms = signDigest(prepared.digest, member.signer, at); // the member's side, timed with the rest
      return embedSignature(prepared.preparedPdf, cms);
    });
    pdf = signed;
    perMember.push(t);
  }
  const [check2, tVerify2] = await timed(() => verifyRecordPdf(pdf, { trustedRootsPem: [caPem()] }));
  const tSign2 = tPlatform + perMember.reduce((a, b) => a + b, 0);
  row(`evaluation report, ${bids} bids × ${members} members`, tRender2, pageCount(report), report.length, members + 1, tSign2, pdf.length, tVerify2, check2.valid);
  console.log(`\nevaluation report signatures: platform ${tPlatform.toFixed(0)} ms; members ${perMember.map((t) => t.toFixed(0)).join(', ')} ms (prepare + member CMS + embed, each reloads the growing PDF)`);
  await receiptRush();
}

function receipt(i: number): RecordDocument {
  const id = `01JBENCHRECE1PT${String(i).padStart(11, '0')}`;
  return buildReceipt({
    platformName: 'TenderHall 公共资源交易电子招投标平台', recordId: id, verificationUrl: `https://tenderhall.example/records/verify?record=${id}`, createdAt: new Date(T0),
    tender: { title: '某市综合交通枢纽配套道路及管网工程施工总承包', bidDeadline: T0 + 3_600_000 },
    receipt: {
      receiptId: id, tenderId: '01JBENCHTENDER000000000001', tenderCode: 'TH-2026-0300', bidderId: `01JBENCHB1DDER${String(i).padStart(12, '0')}`, organizationName: bidder(i),
      creditCode: '91330100MA2B3C4D5E', bidId: id, version: 1, sha256: 'ab'.repeat(32), size: 1_234_567 + i, receivedAt: new Date(T0 - i * 1000).toISOString(),
    },
  });
}

/** `receipts` receipts rendered and signed: on the event loop one after another, then all at once through the pool. */
async function receiptRush(): Promise<void> {
  const docs = Array.from({ length: receipts }, (_, i) => receipt(i));
  const stall = monitorEventLoopDelay({ resolution: 5 });
  stall.enable();
  const [, tInline] = await timed(async () => {
    for (const doc of docs) {
      await issueRecord(doc, platform);
    }
  });
  stall.disable();
  const inlineStall = stall.max / 1e6;
  const pool = createRenderPool({ signer: platform });
  const [, tStart] = await timed(() => pool.issue(receipt(0)));
  stall.reset();
  stall.enable();
  const [, tPool] = await timed(() => Promise.all(docs.map((doc) => pool.issue(doc))));
  stall.disable();
  await pool.close();
  console.log(`\n${receipts} receipts (投标回执), ${defaultRenderPoolSize()} render thread(s) by default on ${availableCores()} cores:`);
  console.log('| where | receipts/s | total ms | longest event-loop stall ms |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| on the event loop (before) | ${(receipts / (tInline / 1000)).toFixed(1)} | ${tInline.toFixed(0)} | ${inlineStall.toFixed(0)} |`);
  console.log(`| render pool, ${pool.size} thread(s) | ${(receipts / (tPool / 1000)).toFixed(1)} | ${tPool.toFixed(0)} | ${(stall.max / 1e6).toFixed(0)} |`);
  console.log(`(a render thread's first job, start + font load included: ${tStart.toFixed(0)} ms)`);
}

function availableCores(): number {
  return os.availableParallelism();
}

function pageCount(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

function row(name: string, tRender: number, pages: number, unsigned: number, signatures: number, tSign: number, signed: number, tVerify: number, valid: boolean): void {
  const kb = (n: number) => (n / 1024).toFixed(0);
  console.log(`| ${name} | ${tRender.toFixed(0)} | ${pages} | ${kb(unsigned)} | ${signatures} | ${tSign.toFixed(0)} | ${kb(signed)} | ${tVerify.toFixed(0)}${valid ? '' : ' (INVALID)'} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
