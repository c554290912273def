import { z } from 'zod';

/**
 * Names that end up in certificates, records and the hall (organization, display name, file names).
 * Stored normalized: Unicode NFKC (full-width letters and digits become ASCII), trimmed, runs of
 * whitespace collapsed to one space, so that "常州第一建设 有限公司" and "常州第一建设　有限公司" are one
 * organization. Control characters (Cc), format characters (Cf: bidirectional overrides and isolates,
 * zero-width characters) and line/paragraph separators are refused, not stripped: they can make a
 * name display differently from what it is (e.g. U+202E in "…公司\u202Egpj.exe").
 */

/** X.520 ub-organization-name and ub-common-name: a certificate subject holds at most 64 characters. */
export const MAX_CERTIFICATE_NAME = 64;

/** Stable field-issue messages (the client translates them; keep the texts). */
export const NAME_ISSUES = {
  forbiddenCharacters: 'contains control or bidirectional characters',
  tooLongForCertificate: 'longer than the 64 characters a certificate holds',
  organizationNameTaken: 'this organization name is registered under another credit code',
  creditCodeOtherName: 'this credit code is registered under another organization name',
} as const;

const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** True when s has a control, format (bidi, zero-width) or line-separator character. */
export function hasForbiddenCharacters(s: string): boolean {
  return FORBIDDEN.test(s);
}

/** NFKC, trimmed, whitespace collapsed. */
export function normalizeName(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** The key two names share when they name the same thing (case folded after normalizing). */
export function nameKey(s: string): string {
  return normalizeName(s).toLowerCase();
}

/** A name as a request carries it: refused with forbidden characters, else normalized, then min..max characters. */
export function CleanName(min: number, max: number) {
  return z
    .string()
    .max(1000)
    .refine((s) => !hasForbiddenCharacters(s), NAME_ISSUES.forbiddenCharacters)
    .transform(normalizeName)
    .pipe(z.string().min(min).max(max, max === MAX_CERTIFICATE_NAME ? NAME_ISSUES.tooLongForCertificate : undefined));
}
