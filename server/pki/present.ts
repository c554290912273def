import forge from 'node-forge';
import { isIssuedBy } from './platform';
import { fromMs, fromMsOrNull } from '../db/convert';
import type { CertificateRecord, TrustedRoot } from './store';

/** A certificate as the API shows it; chain is the platform CA for the ones it issued (CA 互认 ones chain elsewhere). */
export function presentCertificate(c: CertificateRecord, caPem: string) {
  const issuedByPlatform = isIssuedBy(c.certPem, forge.pki.certificateFromPem(caPem));
  return {
    id: c.id,
    serialNumber: c.serialNumber,
    subject: c.subject,
    certificate: c.certPem,
    chain: issuedByPlatform ? [caPem] : [],
    issuedByPlatform,
    sha256: c.sha256,
    notBefore: fromMs(c.notBefore),
    notAfter: fromMs(c.notAfter),
    status: c.status,
    revokedAt: fromMsOrNull(c.revokedAt),
    revokedReason: c.revokedReason,
    createdAt: fromMs(c.createdAt),
  };
}

export function presentRoot(r: TrustedRoot) {
  return { id: r.id, name: r.name, certificate: r.certPem, sha256: r.sha256, addedAt: fromMs(r.addedAt) };
}
