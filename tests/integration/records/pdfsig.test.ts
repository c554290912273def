import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { embedSignature, prepareSignature, renderRecord, signDigest, signPdf, verifyRecordPdf } from '../../../server/records';
import { caPem, memberSigner, openingRecordModel, platformSigner, T0 } from '../../support/records';
import { withoutFaketime } from '../../support/poppler';

// poppler-utils (pdfsig, pdftotext) and libnss3-tools (certutil): the independent verifiers of DESIGN §7.
const TOOLS = ['pdfsig', 'pdftotext', 'certutil', 'openssl', 'faketime'];
const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const isCi = process.env.CI === 'true' || process.env.CI === '1';
if (missing.length > 0 && !isCi) {
  console.warn(`records: skipping the pdfsig/pdftotext tests, missing ${missing.join(', ')} (apt-get install poppler-utils libnss3-tools faketime)`);
}
const describeWithTools = missing.length > 0 && !isCi ? describe.skip : describe;

const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describeWithTools('signed records checked by poppler', () => {
  let dir: string;
  let nssDir: string;
  let signed: Buffer;
  let pages: number;

  beforeAll(async () => {
    if (missing.length > 0) {
      throw new Error(`CI=true but ${missing.join(', ')} missing: .ci/run must install poppler-utils, libnss3-tools and faketime`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-records-'));
    // An NSS database trusting the platform CA, as a reader who trusts the platform would have.
    nssDir = path.join(dir, 'nss');
    fs.mkdirSync(nssDir);
    fs.writeFileSync(path.join(dir, 'ca.pem'), caPem());
    execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password'], { stdio: 'pipe' });
    execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'TenderHall CA', '-t', 'CT,C,C', '-i', path.join(dir, 'ca.pem')], { stdio: 'pipe' });

    const unsigned = await renderRecord(openingRecordModel(300));
    const platformSigned = await signPdf(unsigned, platformSigner(), { signingTime: at(0), name: 'TenderHall', reason: '开标记录表（平台签章）' });
    const member = memberSigner('评标专家 王五');
    const prepared = await prepareSignature(platformSigned, { signingTime: at(10), name: '王五', reason: '确认开标记录' });
    signed = embedSignature(prepared.preparedPdf, signDigest(prepared.digest, member, at(10)));
    pages = (await PDFDocument.load(signed)).getPageCount();
  });

  afterAll(() => {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const pdfsig = (pdf: Buffer): string[] => {
    const file = path.join(dir, `check-${Date.now()}-${Math.random().toString(16).slice(2)}.pdf`);
    fs.writeFileSync(file, pdf);
    // pdfsig checks certificates at its current time: it reads these records a day after they were signed
    // in the test world (T0), whatever the calendar says.
    const readAt = new Date(T0 + 86_400_000).toISOString().replace('T', ' ').slice(0, 19);
    const out = spawnSync('faketime', [readAt, 'pdfsig', '-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8', env: { ...withoutFaketime(process.env), TZ: 'UTC' } });
    return out.stdout.split(/^Signature #\d+:$/m).slice(1);
  };

  it('pdfsig finds the platform and the member signatures valid, trusted, the last covering the whole document', () => {
    const reports = pdfsig(signed);
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      expect(report).toContain('Signature Validation: Signature is Valid.');
      expect(report).toContain('Certificate Validation: Certificate is Trusted.');
      expect(report).toContain('Signing Hash Algorithm: SHA-256');
      expect(report).toContain('Signature Type: adbe.pkcs7.detached');
    }
    expect(reports[0]).toContain('Signer Certificate Common Name: TenderHall Platform Signing');
    expect(reports[0]).toContain('Not total document signed');
    expect(reports[1]).toContain('Signer Certificate Common Name: 评标专家 王五');
    expect(reports[1]).toContain('Total document signed');
    expect(verifyRecordPdf(signed, { trustedRootsPem: [caPem()] }).valid).toBe(true);
  });

  it('pdftotext extracts the Chinese text, the repeated table header and the page numbers', () => {
    const file = path.join(dir, 'text.pdf');
    fs.writeFileSync(file, signed);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(pages).toBeGreaterThan(5);
    expect(text).toContain('开标记录表');
    expect(text).toContain('某市第一中学教学楼改扩建工程施工总承包');
    expect(text).toContain('杭州第1建设工程有限公司');
    expect(text).toContain('杭州第300建设工程有限公司');
    expect(text.match(/投标报价（元）/g)).toHaveLength(pages);
    // NOTE: pdftotext drops the narrow spaces between CJK characters and digits.
    const compact = text.replace(/\s+/g, '');
    for (let n = 1; n <= pages; n++) {
      expect(compact).toContain(`第${n}页/共${pages}页`);
    }
  });

  it('pdfsig finds all eight signatures of an evaluation report valid: the platform, then seven members in turn', async () => {
    let pdf = await signPdf(await renderRecord({ ...openingRecordModel(30), title: '评标报告' }), platformSigner(), { signingTime: at(0) });
    for (let i = 1; i <= 7; i++) {
      const prepared = await prepareSignature(pdf, { signingTime: at(10 + i), name: `专家${i}`, reason: '评标委员会成员签署评标报告' });
      pdf = embedSignature(prepared.preparedPdf, signDigest(prepared.digest, memberSigner(`评标专家${i}`), at(10 + i)));
    }
    const reports = pdfsig(pdf);
    expect(reports).toHaveLength(8);
    expect(reports.filter((r) => r.includes('Signature is Valid.') && r.includes('Certificate is Trusted.'))).toHaveLength(8);
    expect(reports[7]).toContain('Signer Certificate Common Name: 评标专家7');
    expect(reports[7]).toContain('Total document signed');
  });

  it('openssl cms -verify accepts the member signature over its byte range (a second, independent CMS reader)', () => {
    const report = verifyRecordPdf(signed, { trustedRootsPem: [caPem()] });
    const [a, b, c, d] = report.signatures[1].byteRange;
    fs.writeFileSync(path.join(dir, 'signed-bytes.bin'), Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]));
    const padded = Buffer.from(signed.toString('latin1', b + 1, c - 1), 'hex');
    fs.writeFileSync(path.join(dir, 'member.p7s'), padded.subarray(0, derLength(padded)));
    const attime = String(Math.floor(at(10).getTime() / 1000));
    const out = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'member.p7s', '-content', 'signed-bytes.bin', '-CAfile', 'ca.pem', '-purpose', 'any', '-attime', attime, '-out', '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(out.stderr).toContain('Verification successful');
  });

  it('a flipped byte fails pdfsig and verifyRecordPdf', () => {
    const report = verifyRecordPdf(signed, { trustedRootsPem: [caPem()] });
    const flipped = Buffer.from(signed);
    flipped[Math.floor(report.signatures[0].byteRange[1] / 2)] ^= 0x20;
    const reports = pdfsig(flipped);
    expect(reports).toHaveLength(2);
    expect(reports.every((r) => !r.includes('Signature Validation: Signature is Valid.'))).toBe(true);
    const ours = verifyRecordPdf(flipped, { trustedRootsPem: [caPem()] });
    expect(ours.valid).toBe(false);
    expect(ours.signatures.map((s) => s.digestValid)).toEqual([false, false]);
  });
});

/** Length of the DER element at the start of `der` (the /Contents hex is zero-padded after it). */
function derLength(der: Buffer): number {
  const first = der[1];
  if (first < 0x80) {
    return 2 + first;
  }
  const n = first & 0x7f;
  return 2 + n + der.subarray(2, 2 + n).reduce((len, byte) => len * 256 + byte, 0);
}
