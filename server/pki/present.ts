import { fromMs, fromMsOrNull } from '../db/convert';
import type { CertificateRecord, TrustedRoot } from './store';

export function presentCertificate(c: CertificateRecord, caPem: string) {
  return {
    id: c.id,
    serialNumber: c.serialNumber,
    subject: c.subject,
    certificate: c.certPem,
    chain: [caPem],
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
