import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { issueCertificate, issuePlatformSigningCertificate, loadCa, type Ca } from '../../server/pki';
import type { RecordDocument } from '../../server/records/model';
import { makeCsr } from './keys';

// The same committed CA and instant as test-app.ts (not imported: that pulls in the whole app).
const FIXTURE_CA = { cert: path.resolve(__dirname, '../fixtures/sealed-bids/ca.crt'), key: path.resolve(__dirname, '../fixtures/sealed-bids/ca.key') };
export const T0 = Date.parse('2026-12-01T02:00:00.000Z');

export type Signer = { certPem: string; keyPem: string; chainPem: string[] };

let ca: Ca | undefined;

/** The committed test CA (tests/fixtures/sealed-bids), as the platform CA. */
export function testCa(): Ca {
  ca ??= loadCa(FIXTURE_CA.cert, FIXTURE_CA.key);
  return ca;
}

/** A platform signing certificate from the test CA, as loadPlatformKeys makes one. */
export function platformSigner(): Signer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const { certPem } = issuePlatformSigningCertificate(testCa(), keyPem, issuedAt());
  return { certPem, keyPem, chainPem: [testCa().certPem] };
}

/** A committee member's key and certificate: the key stays with the "member" (the test). */
export function memberSigner(name: string): Signer {
  const { keyPem, csrPem } = makeCsr({ cn: name });
  const subject = { organization: '个人', creditCode: null, commonName: name };
  const { certPem } = issueCertificate({ ca: testCa(), csrPem, subject, validityDays: 365, now: issuedAt() });
  return { certPem, keyPem, chainPem: [testCa().certPem] };
}

export const caPem = (): string => fs.readFileSync(FIXTURE_CA.cert, 'utf8');

/** An opening record (开标记录表) with `rows` bids: enough Chinese and enough pages. */
export function openingRecordModel(rows: number): RecordDocument {
  return {
    platformName: 'TenderHall 公共资源交易电子招投标平台',
    tenderCode: 'TH-2026-0042',
    recordId: '01JREC0000000000000000000A',
    title: '开标记录表',
    verificationUrl: 'https://tenderhall.example/records/01JREC0000000000000000000A',
    createdAt: new Date(T0),
    blocks: [
      { kind: 'heading', text: '一、项目信息' },
      { kind: 'key-values', items: [
        { key: '项目名称', value: '某市第一中学教学楼改扩建工程施工总承包' },
        { key: '开标时间', value: '2026年12月1日 10:00（北京时间）' },
      ] },
      { kind: 'paragraph', text: '投标人在投标截止时间前递交了加密投标文件，开标时由平台解密，所有操作均记录于审计日志。' },
      { kind: 'heading', text: '二、投标一览', level: 2 },
      {
        kind: 'table',
        columns: [{ title: '序号', width: 0.6, align: 'right' }, { title: '投标人', width: 3 }, { title: '投标报价（元）', width: 1.6, align: 'right' }, { title: '工期', width: 1 }],
        rows: Array.from({ length: rows }, (_, i) => [String(i + 1), `杭州第${i + 1}建设工程有限公司`, `${(12_500_000 + i * 1000).toLocaleString('en-US')}.00`, '365 日历天']),
      },
    ],
  };
}

/** A day before T0 (the records' signing time); pdfsig reads them at a time of the test world too, never the calendar's. */
const issuedAt = (): Date => new Date(T0 - 86_400_000);
