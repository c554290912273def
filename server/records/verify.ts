import { createHash, X509Certificate } from 'node:crypto';
import { verifyCertificateChain } from '../pki';
import { CMS_OIDS, parseDetachedCms } from './cms';
import type { VerifyReason } from './verify-reasons';

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
  /** why the PDF is not valid, as codes, without repeats; empty when valid */
  reasons: VerifyReason[];
  problems: string[];
};

export type VerifyOptions = { trustedRootsPem: string[]; /** check chains at this time instead of each signing time */ at?: Date };

/**
 * At most this many signatures are read: the platform's and a committee's (at most 49 members).
 * A file with more is refused unread: each one costs a CMS parse and a chain check.
 */
export const MAX_SIGNATURES = 50;
/** A /Contents longer than this (hex digits) is not read: the platform reserves 8 KiB of DER. */
export const MAX_CONTENTS_HEX = 64 * 1024;

type Range = [number, number, number, number];

/**
 * Verifies every signature in a PDF independently of who made it: the byte range's SHA-256 against
 * the CMS messageDigest, the CMS signature, the signer's chain to a trusted root at its signing
 * time, and whether the file ends where the last signature's byte range does. Never throws on bad input.
 * Bounded work: at most MAX_SIGNATURES signatures, and the file is hashed in one pass (each
 * signature's digest forks the running hash where its /Contents starts), so a file of n bytes costs
 * one SHA-256 of n bytes plus each signature's short tail after its /Contents, whatever its ranges.
 * CPU work for a big file: callers on a server run it off the event loop (verify-pool.ts).
 */
export function verifyRecordPdf(pdf: Uint8Array, opts: VerifyOptions): RecordVerification {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const ranges = findByteRanges(bytes, MAX_SIGNATURES + 1);
  const problems: string[] = [];
  const reasons = new Set<VerifyReason>();
  if (!bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    problems.push('not a PDF');
  }
  if (ranges.length > MAX_SIGNATURES) {
    problems.push(`more than ${MAX_SIGNATURES} signatures: not read`);
    return { valid: false, sha256: sha256Hex(bytes), size: bytes.length, signatures: [], modifiedAfterLastSignature: false, reasons: ['TOO_MANY_SIGNATURES'], problems };
  }
  const hashed = hashInOnePass(bytes, ranges);
  const signatures = ranges.map((range, i) => checkSignatureSafely(bytes, range, i + 1, hashed.perRange[i], opts));
  if (signatures.length === 0) {
    problems.push('the PDF has no signature');
    reasons.add('NO_SIGNATURE');
  }
  const lastEnd = Math.max(0, ...signatures.map((s) => s.revisionLength));
  const modifiedAfterLastSignature = signatures.length > 0 && lastEnd !== bytes.length;
  if (modifiedAfterLastSignature) {
    problems.push(`${bytes.length - lastEnd} bytes after the last signature are not signed`);
    reasons.add('UNSIGNED_CHANGES');
  }
  for (const s of signatures) {
    reasonsOf(s).forEach((r) => reasons.add(r));
  }
  return {
    valid: problems.length === 0 && signatures.every((s) => s.valid),
    sha256: hashed.sha256,
    size: bytes.length,
    signatures,
    modifiedAfterLastSignature,
    reasons: [...reasons],
    problems,
  };
}

function reasonsOf(s: SignatureReport): VerifyReason[] {
  if (s.valid) {
    return [];
  }
  if (!s.revisionSha256 || !s.signerCertificatePem) {
    return ['SIGNATURE_UNREADABLE'];
  }
  const out: VerifyReason[] = [];
  if (!s.digestValid) {
    out.push('CONTENT_CHANGED');
  }
  if (!s.signatureValid) {
    out.push('SIGNATURE_INVALID');
  }
  if (!s.chainValid) {
    out.push('CERTIFICATE_UNTRUSTED');
  }
  return out;
}

const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Distinct byte ranges, by the end of their revision; stops reading after `cap` of them. */
function findByteRanges(bytes: Buffer, cap: number): Range[] {
  const seen = new Set<string>();
  const out: Range[] = [];
  for (const m of bytes.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/g)) {
    const key = m.slice(1, 5).join(' ');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m.slice(1, 5).map(Number) as Range);
      if (out.length >= cap) {
        break;
      }
    }
  }
  return out.sort((x, y) => x[2] + x[3] - (y[2] + y[3]));
}

/** What one pass over the file gives each range: the digest it signs and its revision's SHA-256 (null: not a range of this file). */
type Hashed = { digest: Buffer; revisionSha256: string } | null;

/**
 * One SHA-256 pass over the file. A range frames its /Contents hex string and follows the revision
 * before it (ranges are nested revisions, sorted by end); where /Contents starts, the running hash is
 * copied and the copy skips the hole: the copy gives the signed digest, the running hash at the end
 * of the range gives the revision's SHA-256. A range that does not fit is not hashed at all.
 */
function hashInOnePass(bytes: Buffer, ranges: Range[]): { sha256: string; perRange: Hashed[] } {
  const running = createHash('sha256');
  const perRange: Hashed[] = [];
  let pos = 0;
  for (const [a, b, c, d] of ranges) {
    const end = c + d;
    const fits = a === 0 && b >= pos && c > b && end <= bytes.length && c - b - 2 <= MAX_CONTENTS_HEX && bytes[b] === 0x3c && bytes[c - 1] === 0x3e;
    if (!fits) {
      perRange.push(null);
      continue;
    }
    running.update(bytes.subarray(pos, b));
    const signed = running.copy();
    running.update(bytes.subarray(b, end));
    signed.update(bytes.subarray(c, end));
    perRange.push({ digest: signed.digest(), revisionSha256: running.copy().digest('hex') });
    pos = end;
  }
  running.update(bytes.subarray(pos));
  return { sha256: running.digest('hex'), perRange };
}

/**
 * checkSignature, for any input: a certificate or CMS that the parsers accept but a later step cannot
 * read (found by the CMS fuzz: a bit flip inside the embedded certificate) is an invalid signature, not a 500.
 */
function checkSignatureSafely(bytes: Buffer, byteRange: Range, index: number, hashed: Hashed, opts: VerifyOptions): SignatureReport {
  try {
    return checkSignature(bytes, byteRange, index, hashed, opts);
  } catch (err) {
    return {
      index, byteRange, signer: null, signerSubject: null, signerCertificatePem: null, signingTime: null, name: null, reason: null,
      coversWholeDocument: false, revisionLength: 0, revisionSha256: '', digestValid: false, signatureValid: false, chainValid: false, valid: false,
      problems: [`the signature cannot be read: ${(err as Error).message}`],
    };
  }
}

function checkSignature(bytes: Buffer, byteRange: Range, index: number, hashed: Hashed, opts: VerifyOptions): SignatureReport {
  const [, b, c, d] = byteRange;
  const end = c + d;
  const report: SignatureReport = {
    index, byteRange, signer: null, signerSubject: null, signerCertificatePem: null, signingTime: null, ...dictionaryTexts(bytes, b),
    coversWholeDocument: end === bytes.length, revisionLength: end, revisionSha256: '',
    digestValid: false, signatureValid: false, chainValid: false, valid: false, problems: [],
  };
  if (!hashed) {
    report.problems.push('the byte range does not frame a /Contents hex string in this file after the revision before it');
    return report;
  }
  report.revisionSha256 = hashed.revisionSha256;
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
  report.digestValid = parsed.digestAlgorithm === CMS_OIDS.sha256 && parsed.contentType === CMS_OIDS.data && !!parsed.messageDigest?.equals(hashed.digest);
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
