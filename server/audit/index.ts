export { createAuditService, RELEASE_ACTIONS, STAGE_ACTIONS, type AuditService, type AuditEvent, type AuditInput, type AuditVisibility, type VerifyResult, type CheckpointClaim } from './service';
export { auditRouter } from './routes';
export { sha256Hex, checkpointText } from './chain';
export { presentTenderTrail, presentPayload } from './present';
export type { Checkpoint, CheckpointSigner } from './checkpoints';
export { AuditVerifyResponse, CheckpointClaimBody, CheckpointListQuery, CheckpointListResponse, CheckpointParams, CheckpointResponse, TenderAuditResponse, VerifyAuditBody } from './schema';
