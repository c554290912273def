import { z } from 'zod';
import { EntityId, Sha256Hex, UtcTime, strict } from '../http/response-schema';

/** GET /audit/checkpoints/:size */
export const CheckpointParams = z.object({ size: z.coerce.number().int().min(1) }).strict();
export type CheckpointParams = z.infer<typeof CheckpointParams>;

/** GET /audit/checkpoints?page=&pageSize= (newest first) */
export const CheckpointListQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type CheckpointListQuery = z.infer<typeof CheckpointListQuery>;

/** A checkpoint as someone outside holds it: what GET /audit/checkpoints… or a bid answer gave, sent back as it was. */
export const CheckpointClaimBody = z
  .object({
    size: z.number().int().min(1),
    headHash: z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256'),
    time: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO-8601 UTC with milliseconds, as signed'),
    signature: z.string().min(1).max(4096),
    algorithm: z.literal('RSA-SHA256').optional(),
    signerSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();

/** POST /audit/verify: the chain check, also against a checkpoint the caller holds. */
export const VerifyAuditBody = z.object({ checkpoint: CheckpointClaimBody }).strict();
export type VerifyAuditBody = z.infer<typeof VerifyAuditBody>;

/** A signed checkpoint: the chain's size and head hash at `time`, signed by the platform signing key over JSON.stringify({size, headHash, time}). */
export const CheckpointResponse = strict({
  size: z.number().int().min(1),
  headHash: Sha256Hex,
  time: UtcTime,
  algorithm: z.literal('RSA-SHA256'),
  signature: z.base64(),
  signerSha256: Sha256Hex,
});

export const CheckpointListResponse = strict({
  items: z.array(CheckpointResponse),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  /** PEM of the platform signing certificate that signs checkpoints (and receipts). */
  signerCertificate: z.string().nullable(),
});

/** GET/POST /audit/verify: the verdict; nothing in it moves when a bidder acts before the deadline. */
export const AuditVerifyResponse = z.union([
  strict({ valid: z.literal(true), size: z.number().int().min(0), headHash: Sha256Hex, checkpointsChecked: z.number().int().min(0), latestCheckpoint: CheckpointResponse.nullable() }),
  strict({ valid: z.literal(false), size: z.number().int().min(0), brokenLink: z.number().int().min(1).nullable(), reason: z.string(), checkpointsChecked: z.number().int().min(0) }),
]);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** Any JSON value: an event's payload differs by action (the action names it). */
const JsonValue: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]));

/** One event of a tender's audit trail as its reader sees it: `seq` numbers the events this reader sees (1, 2, …), no platform-wide position or hash. */
export const TenderAuditEventResponse = strict({
  seq: z.number().int().min(1),
  at: UtcTime,
  actorId: EntityId.nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  visibility: z.enum(['public', 'sealed']),
  payload: z.record(z.string(), JsonValue),
});

/** GET /tenders/:id/audit */
export const TenderAuditResponse = strict({ items: z.array(TenderAuditEventResponse), sealedHidden: z.boolean() });
