import { X509Certificate } from 'node:crypto';
import { HttpError } from '../http/errors';

export type ChainFailure = 'malformed' | 'expired' | 'not-yet-valid' | 'untrusted-issuer' | 'bad-signature' | 'issuer-not-a-ca';

export type ChainResult =
  | { valid: true; chain: X509Certificate[] }
  | { valid: false; reason: ChainFailure; message: string };

const MAX_CHAIN = 8;

/**
 * Checks that certPem chains to one of trustedRootsPem at the instant `at` (validity of every
 * link, signatures, CA flags). Intermediates may be given (e.g. from a CMS certificate set).
 * Revocation is the caller's business (certificates table).
 */
export function verifyCertificateChain(certPem: string, trustedRootsPem: string[], at: Date, intermediatesPem: string[] = []): ChainResult {
  let leaf: X509Certificate;
  let roots: X509Certificate[];
  let intermediates: X509Certificate[];
  try {
    leaf = new X509Certificate(certPem);
    roots = trustedRootsPem.map((p) => new X509Certificate(p));
    intermediates = intermediatesPem.map((p) => new X509Certificate(p));
  } catch {
    return { valid: false, reason: 'malformed', message: 'A certificate is not readable X.509' };
  }
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const timing = checkValidity(current, at);
    if (timing) {
      return timing;
    }
    if (roots.some((r) => r.raw.equals(current.raw))) {
      return { valid: true, chain };
    }
    const root = roots.find((r) => current.checkIssued(r));
    const issuer = root ?? intermediates.find((c) => !c.raw.equals(current.raw) && current.checkIssued(c));
    if (!issuer) {
      return { valid: false, reason: 'untrusted-issuer', message: `No trusted issuer for "${oneLine(current.subject)}" (issuer "${oneLine(current.issuer)}")` };
    }
    if (!issuer.ca) {
      return { valid: false, reason: 'issuer-not-a-ca', message: `"${oneLine(issuer.subject)}" is not a CA certificate` };
    }
    if (!current.verify(issuer.publicKey)) {
      return { valid: false, reason: 'bad-signature', message: `The signature on "${oneLine(current.subject)}" does not verify with its issuer's key` };
    }
    chain.push(issuer);
    if (root) {
      const rootTiming = checkValidity(root, at);
      return rootTiming ?? { valid: true, chain };
    }
    current = issuer;
  }
  return { valid: false, reason: 'untrusted-issuer', message: 'Certificate chain too long' };
}

/** verifyCertificateChain that throws 400 CERTIFICATE_INVALID with the reason. */
export function assertCertificateChain(certPem: string, trustedRootsPem: string[], at: Date, intermediatesPem: string[] = []): X509Certificate[] {
  const result = verifyCertificateChain(certPem, trustedRootsPem, at, intermediatesPem);
  if (!result.valid) {
    throw new HttpError(400, 'CERTIFICATE_INVALID', `Certificate not valid (${result.reason}): ${result.message}`);
  }
  return result.chain;
}

function checkValidity(cert: X509Certificate, at: Date): ChainResult | null {
  const notBefore = Date.parse(cert.validFrom);
  const notAfter = Date.parse(cert.validTo);
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) {
    return { valid: false, reason: 'malformed', message: 'Unreadable validity period' };
  }
  if (at.getTime() < notBefore) {
    return { valid: false, reason: 'not-yet-valid', message: `"${oneLine(cert.subject)}" is not valid before ${new Date(notBefore).toISOString()}` };
  }
  // NOTE: X.509 notAfter is inclusive, to the second.
  if (at.getTime() >= notAfter + 1000) {
    return { valid: false, reason: 'expired', message: `"${oneLine(cert.subject)}" expired at ${new Date(notAfter).toISOString()}` };
  }
  return null;
}

const oneLine = (dn: string): string => dn.split('\n').join(', ');
