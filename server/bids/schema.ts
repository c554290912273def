import { z } from 'zod';
import { EntityId, Sha256Hex, UtcTime, UtcTimeOrNull, strict } from '../http/response-schema';
import { CheckpointResponse } from '../audit/schema';

/** Media types a sealed bid may be sent as (DESIGN §5: application/pkcs7-mime, .p7m). */
export const SEALED_BID_MEDIA_TYPES = ['application/pkcs7-mime', 'application/octet-stream'] as const;

/** The receipt (回执) as signed and sent: keys in exactly this order (docs/api-contracts.md, Bids). */
export const Receipt = strict({
  receiptId: EntityId,
  tenderId: EntityId,
  tenderCode: z.string(),
  bidderId: EntityId,
  organizationName: z.string().nullable(),
  creditCode: z.string().nullable(),
  bidId: EntityId,
  version: z.number().int().min(1),
  sha256: Sha256Hex,
  size: z.number().int().min(0),
  receivedAt: UtcTime,
});
export type Receipt = z.infer<typeof Receipt>;

/**
 * POST /receipts/verify. The receipt is taken as sent (any JSON object, key order kept) because
 * what is verified is JSON.stringify of it against the signed bytes: a changed field is a
 * verdict ({valid:false}), not a validation error. The submission's answer verifies as saved: its
 * `checkpoint` may come along and plays no part in the verdict (POST /audit/verify checks it).
 */
export const VerifyReceiptBody = z
  .object({
    receipt: z.record(z.string(), z.unknown()),
    signature: z.string().min(1).max(64 * 1024),
    checkpoint: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();
export type VerifyReceiptBody = z.infer<typeof VerifyReceiptBody>;

/** base64 of the DER CMS SignedData over the receipt JSON. */
const ReceiptSignature = z.base64();

/** PUT /tenders/:id/bid → 201: the receipt and the platform's signature over it. */
export const SignedReceiptResponse = strict({ receipt: Receipt, signature: ReceiptSignature, checkpoint: CheckpointResponse.nullable() });

/** The bidder's own bid: the version in force (or the withdrawn one), its receipt and the receipt PDF's record id. */
export const OwnBidResponse = strict({
  bidId: EntityId,
  version: z.number().int().min(1),
  status: z.enum(['submitted', 'withdrawn']),
  sha256: Sha256Hex,
  size: z.number().int().min(0),
  receivedAt: UtcTime,
  withdrawnAt: UtcTimeOrNull,
  receipt: Receipt,
  signature: ReceiptSignature,
  /** 投标回执 PDF (GET /records/:id/pdf); null until the platform has issued it */
  receiptRecordId: EntityId.nullable(),
});

/** GET /tenders/:id/bid. */
export const OwnBidStatusResponse = z.union([strict({ bid: z.null() }), strict({ bid: OwnBidResponse, checkpoint: CheckpointResponse.nullable() })]);

/** DELETE /tenders/:id/bid: the withdrawn bid. */
export const WithdrawnBidResponse = strict({ bid: OwnBidResponse.extend({ status: z.literal('withdrawn'), withdrawnAt: UtcTime }) });

/** POST /receipts/verify: a verdict, valid or not. */
export const ReceiptVerdictResponse = z.union([strict({ valid: z.literal(true), receipt: Receipt }), strict({ valid: z.literal(false), reason: z.string() })]);
