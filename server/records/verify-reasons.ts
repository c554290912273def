/**
 * Why a PDF is not a genuine record, as stable codes (the public verify page shows each in zh-CN and en).
 * The first seven come from the file alone (verifyRecordPdf); the others from matching it against the
 * records the platform issued (records/service.ts verify).
 */
export const VERIFY_REASONS = [
  'NO_SIGNATURE', 'TOO_MANY_SIGNATURES', 'SIGNATURE_UNREADABLE', 'CONTENT_CHANGED', 'SIGNATURE_INVALID', 'CERTIFICATE_UNTRUSTED',
  'UNSIGNED_CHANGES', 'NOT_ISSUED', 'SIGNER_NOT_ALLOWED', 'UPDATE_NOT_ALLOWED',
] as const;
export type VerifyReason = (typeof VERIFY_REASONS)[number];
