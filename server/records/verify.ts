import { createHash, X509Certificate } from 'node:crypto';
import { verifyCertificateChain } from '../pki';
import { CMS_OIDS, parseDetachedCms } from './cms';
import { byteRangeDigest } from './sign';

export type SignatureReport = {
  /** 1 for the first signature in the file */
  index: number;
  byteRange: [number, number, number, number];
  /** the signer certificate's subject CN (O when there is no CN) */
  signer: string | null;
  signerSubject: string | null;
  signerCertificatePem: string | null;
  signingTime: string | null;
  /** /Name and /Reason of the signature dictionary, as the signer's software wrote them (not signed by the CMS itself) */
  name: string | null;
  reason: string | null;
  /** true when this signature covers every byte of the file; false for an earlier revision */
  coversWholeDocument: boolean;
  /** bytes of the revision this signature signs (the file up to the end of its byte range) */
  revisionLength: number;
  /** SHA-256 of that revision: the platform can match it against the records it issued */
  revisionSha256: string;
  digestValid: boolean;
  signatureValid: boolean;
  chainValid: boolean;
  valid: boolean;
  problems: string[];
};

export type RecordVerification = {
  /** every signature valid and the last one covering the whole file (no byte added or changed) */
  valid: boolean;
  sha256: string;
  size: number;
  signatures: SignatureReport[];
  /** bytes follow the last signature's revision (an unsigned update was appended) */
  modifiedAfterLastSignature: boolean;
  problems: string[];
};

export type VerifyOptions = { trustedRootsPem: string[]; /** check chains at this time instead of each signing time */ at?: Date };

/**
 * Verifies every signature in a PDF independently of who made it: the byte range's SHA-256 against
 * the CMS messageDigest, the CMS signature, the signer's chain to a trusted root at its signing
 * time, and whether the file ends where the last signature's byte range does. Never throws on bad input.
 */
export function verifyRecordPdf(pdf: Uint8Array, opts: VerifyOptions): RecordVerification {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const ranges = findByteRanges(bytes);
  const signatures = ranges.map((range, i) => checkSignatureSafely(bytes, range, i + 1, opts));
  const problems: string[] = [];
  if (!bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    problems.push('not a PDF');
  }
  if (signatures.length === 0) {
    problems.push('the PDF has no signature');
  }
  const lastEnd = Math.max(0, ...signatures.map((s) => s.revisionLength));
  const modifiedAfterLastSignature = signatures.length > 0 && lastEnd !== bytes.length;
  if (modifiedAfterLastSignature) {
    problems.push(`${bytes.length - lastEnd} bytes after the last signature are not signed`);
  }
  return {
    valid: problems.length === 0 && signatures.every((s) => s.valid),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    signatures,
    modifiedAfterLastSignature,
    problems,
  };
}

function findByteRanges(bytes: Buffer): [number, number, number, number][] {
  const seen = new Set<string>();
  const out: [number, number, number, number][] = [];
  for (const m of bytes.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const key = m.slice(1, 5).join(' ');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m.slice(1, 5).map(Number) as [number, number, number, number]);
    }
  }
  return out.sort((x, y) => x[2] + x[3] - (y[2] + y[3]));
}

/**
 * checkSignature, for any input: a certificate or CMS that the parsers accept but a later step cannot
 * read (found by the CMS fuzz: a bit flip inside the embedded certificate) is an invalid signature, not a 500.
 */
function checkSignatureSafely(bytes: Buffer, byteRange: [number, number, number, number], index: number, opts: VerifyOptions): SignatureReport {
  try {
    return checkSignature(bytes, byteRange, index, opts);
  } catch (err) {
    return {
      index, byteRange, signer: null, signerSubject: null, signerCertificatePem: null, signingTime: null, name: null, reason: null,
      coversWholeDocument: false, revisionLength: 0, revisionSha256: '', digestValid: false, signatureValid: false, chainValid: false, valid: false,
      problems: [`the signature cannot be read: ${(err as Error).message}`],
    };
  }
}

function checkSignature(bytes: Buffer, byteRange: [number, number, number, number], index: number, opts: VerifyOptions): SignatureReport {
  const [a, b, c, d] = byteRange;
  const end = c + d;
  const report: SignatureReport = {
    index, byteRange, signer: null, signerSubject: null, signerCertificatePem: null, signingTime: null, ...dictionaryTexts(bytes, b),
    coversWholeDocument: end === bytes.length, revisionLength: end, revisionSha256: '',
    digestValid: false, signatureValid: false, chainValid: false, valid: false, problems: [],
  };
  if (a !== 0 || b <= 0 || c <= b || end > bytes.length || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) {
    report.problems.push('the byte range does not frame a /Contents hex string in this file');
    return report;
  }
  report.revisionSha256 = createHash('sha256').update(bytes.subarray(0, end)).digest('hex');
  const hex = bytes.toString('latin1', b + 1, c - 1).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    report.problems.push('/Contents is not hex');
    return report;
  }
  let parsed: ReturnType<typeof parseDetachedCms>;
  try {
    parsed = parseDetachedCms(Buffer.from(hex, 'hex'));
  } catch (err) {
    report.problems.push(`/Contents is not a readable CMS signature: ${(err as Error).message}`);
    return report;
  }
  const cert = new X509Certificate(parsed.signerCertPem);
  report.signerCertificatePem = parsed.signerCertPem;
  report.signerSubject = cert.subject.split('\n').join(', ');
  report.signer = /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? /(?:^|\n)O=(.*)/.exec(cert.subject)?.[1] ?? null;
  report.signingTime = parsed.signingTime?.toISOString() ?? null;
  report.digestValid = parsed.digestAlgorithm === CMS_OIDS.sha256 && parsed.contentType === CMS_OIDS.data && !!parsed.messageDigest?.equals(byteRangeDigest(bytes, byteRange));
  if (!report.digestValid) {
    report.problems.push('the signed bytes were changed (the SHA-256 of the byte range differs from the signed digest)');
  }
  report.signatureValid = parsed.signatureValid;
  if (!report.signatureValid) {
    report.problems.push('the signature does not verify with the signer certificate');
  }
  const at = opts.at ?? parsed.signingTime;
  if (!at) {
    report.problems.push('the signature has no signing time');
  } else {
    const chain = verifyCertificateChain(parsed.signerCertPem, opts.trustedRootsPem, at, parsed.otherCertsPem);
    report.chainValid = chain.valid;
    if (!chain.valid) {
      report.problems.push(`the signer certificate is not trusted (${chain.reason}): ${chain.message}`);
    }
  }
  report.valid = report.digestValid && report.signatureValid && report.chainValid;
  return report;
}

/** /Name and /Reason from the signature dictionary around the /Contents at `contentsAt`. */
function dictionaryTexts(bytes: Buffer, contentsAt: number): { name: string | null; reason: string | null } {
  const from = Math.max(0, bytes.lastIndexOf('obj', contentsAt, 'latin1'));
  const end = bytes.indexOf('endobj', contentsAt, 'latin1');
  const dict = bytes.toString('latin1', from, end < 0 ? Math.min(bytes.length, contentsAt + 4096) : end);
  return { name: pdfTextOf(dict, 'Name'), reason: pdfTextOf(dict, 'Reason') };
}

function pdfTextOf(dict: string, key: string): string | null {
  const hex = new RegExp(`/${key}\\s*<([0-9A-Fa-f\\s]*)>`).exec(dict);
  if (hex) {
    const raw = Buffer.from(hex[1].replace(/\s+/g, ''), 'hex');
    return raw[0] === 0xfe && raw[1] === 0xff && raw.length % 2 === 0 ? raw.subarray(2).swap16().toString('utf16le') : raw.toString('latin1');
  }
  const literal = new RegExp(`/${key}\\s*\\(((?:\\\\.|[^\\\\)])*)\\)`).exec(dict);
  return literal ? literal[1].replace(/\\(.)/g, '$1') : null;
}
