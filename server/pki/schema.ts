import { z } from 'zod';
import { CleanName } from '../auth/names';
import { EntityId, Sha256Hex, UtcTime, UtcTimeOrNull, strict } from '../http/response-schema';

const Pem = (label: string) => z.string().max(20000).regex(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+-----END ${label}-----`), `a PEM ${label}`);

export const EnrollBody = z.object({ csr: Pem('CERTIFICATE REQUEST') }).strict();
export const ImportBody = z.object({ certificate: Pem('CERTIFICATE') }).strict();
export const RevokeBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export const TrustedRootBody = z.object({ name: CleanName(2, 191), certificate: Pem('CERTIFICATE') }).strict();
export const CertificateParams = z.object({ certificateId: z.string().regex(/^[0-9A-Z]{26}$/) });
export const RootParams = z.object({ rootId: z.string().regex(/^[0-9A-Z]{26}$/) });

// Responses (issue 12).

/** A certificate as the API shows it; chain is the platform CA for the ones it issued (CA 互认 ones chain elsewhere). */
export const CertificateResponse = strict({
  id: EntityId,
  serialNumber: z.string(),
  subject: z.string(),
  certificate: z.string(),
  chain: z.array(z.string()),
  issuedByPlatform: z.boolean(),
  sha256: Sha256Hex,
  notBefore: UtcTime,
  notAfter: UtcTime,
  status: z.enum(['valid', 'revoked']),
  revokedAt: UtcTimeOrNull,
  revokedReason: z.string().nullable(),
  createdAt: UtcTime,
});
export const CertificateListResponse = strict({ items: z.array(CertificateResponse) });
export const TrustedRootResponse = strict({ id: EntityId, name: z.string(), certificate: z.string(), sha256: Sha256Hex, addedAt: UtcTime });
export const CaResponse = strict({ certificate: z.string(), trustedRoots: z.array(TrustedRootResponse) });
