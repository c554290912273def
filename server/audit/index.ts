export { createAuditService, type AuditService, type AuditEvent, type AuditInput, type AuditVisibility, type VerifyResult } from './service';
export { auditRouter } from './routes';
export { sha256Hex } from './chain';
