import fs from 'node:fs';
import path from 'node:path';
import { signDigest, verifyRecordPdf } from '../../../server/records';

/**
 * Regression from the CMS fuzz (POST /api/records/verify answered 500): a signature whose
 * signingTime attribute is mangled — a bit flip inside the time string — is reported invalid
 * ("no signing time"), never thrown. verifyRecordPdf never throws on bad input.
 */
const FIXTURES = path.resolve(__dirname, '../../fixtures/sealed-bids');
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

function pdfWithContents(hex: string): Buffer {
  const head = '%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 ';
  const pad = (n: number): string => String(n).padStart(10, '0');
  const b = `${head}${pad(0)} ${pad(0)} ${pad(0)}] /Contents `.length;
  const c = b + hex.length + 2;
  const tail = ' >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return Buffer.from(`${head}${pad(b)} ${pad(c)} ${pad(tail.length)}] /Contents <${hex}>${tail}`, 'latin1');
}

describe('verifyRecordPdf on a mangled signing time', () => {
  it('reports every single-bit flip of the signingTime as an invalid signature without throwing', () => {
    const cms = signDigest(Buffer.alloc(32, 7), { certPem: read('bidder.crt'), keyPem: read('bidder.key') }, new Date('2026-12-01T02:00:00Z'));
    // The UTCTime '261201020000Z' sits in the signed attributes; flip each bit of it.
    const at = cms.indexOf(Buffer.from('261201020000Z', 'latin1'));
    expect(at).toBeGreaterThan(0);
    let withoutTime = 0;
    for (let bit = 0; bit < 13 * 8; bit++) {
      const mangled = Buffer.from(cms);
      mangled[at + (bit >> 3)] ^= 1 << (bit & 7);
      const report = verifyRecordPdf(pdfWithContents(mangled.toString('hex')), { trustedRootsPem: [read('ca.crt')] });
      expect(report.valid).toBe(false);
      expect(report.signatures).toHaveLength(1);
      if (report.signatures[0].signingTime === null) {
        withoutTime += 1;
        expect(report.signatures[0].problems).toContain('the signature has no signing time');
      }
    }
    expect(withoutTime).toBeGreaterThan(0);
  });
});
