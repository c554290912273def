import type forge from 'node-forge';
import { isIssuedBy } from './platform';
import { fromMs, fromMsOrNull } from '../db/convert';
import type { CertificateRecord, TrustedRoot } from './store';

/** A certificate as the API shows it; chain is the platform CA for the ones it issued (CA 互认 ones chain elsewhere). */
export function presentCertificate(c: CertificateRecord, ca: { pem: string; cert: forge.pki.Certificate }) {
  const issuedByPlatform = isIssuedBy(c.certPem, ca.cert);
  return {
    id: c.id,
    serialNumber: c.serialNumber,
    subject: c.subject,
    certificate: c.certPem,
    chain: issuedByPlatform ? [ca.pem] : [],
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
