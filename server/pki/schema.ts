import { z } from 'zod';

const Pem = (label: string) => z.string().max(20000).regex(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+-----END ${label}-----`), `a PEM ${label}`);

export const EnrollBody = z.object({ csr: Pem('CERTIFICATE REQUEST') }).strict();
export const ImportBody = z.object({ certificate: Pem('CERTIFICATE') }).strict();
export const RevokeBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export const TrustedRootBody = z.object({ name: z.string().trim().min(2).max(191), certificate: Pem('CERTIFICATE') }).strict();
export const CertificateParams = z.object({ certificateId: z.string().regex(/^[0-9A-Z]{26}$/) });
export const RootParams = z.object({ rootId: z.string().regex(/^[0-9A-Z]{26}$/) });
