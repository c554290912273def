import { z } from 'zod';

/** Media types a sealed bid may be sent as (DESIGN §5: application/pkcs7-mime, .p7m). */
export const SEALED_BID_MEDIA_TYPES = ['application/pkcs7-mime', 'application/octet-stream'] as const;

/** The receipt (回执) as signed: keys in exactly this order (docs/api-contracts.md, Bids). */
export const Receipt = z
  .object({
    receiptId: z.string(),
    tenderId: z.string(),
    tenderCode: z.string(),
    bidderId: z.string(),
    organizationName: z.string().nullable(),
    creditCode: z.string().nullable(),
    bidId: z.string(),
    version: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    receivedAt: z.string(),
  })
  .strict();
export type Receipt = z.infer<typeof Receipt>;

/**
 * POST /receipts/verify. The receipt is taken as sent (any JSON object, key order kept) because
 * what is verified is JSON.stringify of it against the signed bytes: a changed field is a
 * verdict ({valid:false}), not a validation error.
 */
export const VerifyReceiptBody = z
  .object({
    receipt: z.record(z.string(), z.unknown()),
    signature: z.string().min(1).max(64 * 1024),
  })
  .strict();
export type VerifyReceiptBody = z.infer<typeof VerifyReceiptBody>;
