import { z } from 'zod';
import { EntityId, Sha256Hex, strict, itemsOf, UtcTime, UtcTimeOrNull } from '../http/response-schema';
import { RECORD_KINDS } from './model';
import { VERIFY_REASONS } from './verify-reasons';

/** The response bodies of the records routes (DESIGN §7; docs/api-contracts.md § Records). */

const RecordKindEnum = z.enum(RECORD_KINDS);

/** A tender's record as listed (GET /tenders/:id/records) and as answered once a member's signature is embedded. */
export const RecordResponse = strict({
  id: EntityId,
  kind: RecordKindEnum,
  title: z.string(),
  sha256: Sha256Hex,
  size: z.number().int().positive(),
  createdAt: UtcTime,
  issuedAt: UtcTimeOrNull,
  signers: z.array(strict({ name: z.string(), role: z.enum(['platform', 'member']), userId: EntityId.nullable(), signedAt: UtcTime })),
});
export const RecordListResponse = itemsOf(RecordResponse);

/** GET /records/:id/signatures: who signs the evaluation report, who has, whether the caller may now. */
export const SigningStatusResponse = strict({
  recordId: EntityId,
  signers: z.array(strict({ userId: EntityId, name: z.string(), signedAt: UtcTimeOrNull })),
  complete: z.boolean(),
  canSign: z.boolean(),
});

/** POST /records/:id/signatures/prepare: what the member's software signs. */
export const PreparationResponse = strict({
  preparationId: EntityId,
  digest: Sha256Hex,
  signedAttributes: z.base64(),
  signingTime: UtcTime,
  expiresAt: UtcTime,
  byteRange: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
});

const SignatureReportResponse = strict({
  index: z.number().int().positive(),
  byteRange: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  signer: z.string().nullable(),
  signerSubject: z.string().nullable(),
  signerCertificatePem: z.string().nullable(),
  signingTime: UtcTimeOrNull,
  name: z.string().nullable(),
  reason: z.string().nullable(),
  coversWholeDocument: z.boolean(),
  revisionLength: z.number().int().nonnegative(),
  /** empty when the signature's byte range is not one of this file */
  revisionSha256: z.union([Sha256Hex, z.literal('')]),
  digestValid: z.boolean(),
  signatureValid: z.boolean(),
  chainValid: z.boolean(),
  valid: z.boolean(),
  problems: z.array(z.string()),
});

/** POST /records/verify: every signature, the verdict with its reason codes, and the issued record the PDF is (when valid). */
export const RecordVerificationResponse = strict({
  valid: z.boolean(),
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
  signatures: z.array(SignatureReportResponse),
  modifiedAfterLastSignature: z.boolean(),
  reasons: z.array(z.enum(VERIFY_REASONS)),
  problems: z.array(z.string()),
  record: strict({ id: EntityId, kind: RecordKindEnum, tenderId: EntityId, title: z.string() }).nullable(),
});
