/** Pure helpers for showing records and their verification (no React, no i18n instance). */
import { RECORD_KINDS, type RecordKind } from '../../../server/records/model';
import type { RecordSigner, VerifyResult } from './records-api';

/** The i18n key of a record kind's label (投标回执, 开标记录表 …); unknown kinds get records.kind.unknown. */
export function recordKindKey(kind: string): `records.kind.${RecordKind | 'unknown'}` {
  return (RECORD_KINDS as readonly string[]).includes(kind) ? `records.kind.${kind as RecordKind}` : 'records.kind.unknown';
}

/** The first characters of a SHA-256, for a narrow column (the full value goes to the copy button). */
export function shortSha256(hex: string, length = 12): string {
  return hex.length > length ? `${hex.slice(0, length)}…` : hex;
}

/** Signers grouped by role, in signing order: the platform first, then the evaluation experts. */
export function groupSigners(signers: RecordSigner[]): { platform: string[]; members: string[] } {
  const ordered = [...signers].sort((a, b) => a.signedAt.localeCompare(b.signedAt));
  return {
    platform: ordered.filter((s) => s.role === 'platform').map((s) => s.name),
    members: ordered.filter((s) => s.role === 'member').map((s) => s.name),
  };
}

export type CheckName = 'digest' | 'signature' | 'chain';

/** One signature of a verified PDF, as the verify page lists it. */
export type SignatureRow = {
  index: number;
  signer: string | null;
  signerSubject: string | null;
  signingTime: string | null;
  reason: string | null;
  /** whole: the signature covers every byte of the file; revision: an earlier revision only */
  scope: 'whole' | 'revision';
  checks: { name: CheckName; ok: boolean }[];
  valid: boolean;
  problems: string[];
};

/**
 * How the PDF relates to the record the page was opened for (?record=<id>):
 * none (no record expected), expected (it is that record), other (another record), unknown (no record of ours).
 */
export type ExpectedMatch = 'none' | 'expected' | 'other' | 'unknown';

export type VerificationSummary = {
  valid: boolean;
  matched: VerifyResult['record'];
  expected: ExpectedMatch;
  signatures: SignatureRow[];
  /** the server's reason codes, each shown as records.verify.reasons.<code> */
  reasons: VerifyResult['reasons'];
  problems: string[];
};

/** Turns the server's verification into what the verify page shows. */
export function summariseVerification(v: VerifyResult, expectedRecordId?: string | null): VerificationSummary {
  return {
    valid: v.valid,
    matched: v.record,
    expected: toExpectedMatch(v.record?.id ?? null, expectedRecordId ?? null),
    signatures: v.signatures.map((s) => ({
      index: s.index,
      signer: s.signer,
      signerSubject: s.signerSubject,
      signingTime: s.signingTime,
      reason: s.reason,
      scope: s.coversWholeDocument ? 'whole' : 'revision',
      checks: [
        { name: 'digest', ok: s.digestValid },
        { name: 'signature', ok: s.signatureValid },
        { name: 'chain', ok: s.chainValid },
      ],
      valid: s.valid,
      problems: s.problems,
    })),
    reasons: v.reasons,
    problems: v.problems,
  };
}

function toExpectedMatch(matchedId: string | null, expectedId: string | null): ExpectedMatch {
  if (!expectedId) {
    return 'none';
  }
  if (!matchedId) {
    return 'unknown';
  }
  return matchedId === expectedId ? 'expected' : 'other';
}

/** A record id as printed in the verification URL (26 Crockford base32 characters), or null. */
export function toRecordId(value: string | null): string | null {
  const v = value?.trim().toUpperCase() ?? '';
  return /^[0-9A-Z]{26}$/.test(v) ? v : null;
}
