import { z } from 'zod';
import { ROLES } from '../auth';
import { EntityId, Sha256Hex, strict, UtcTime, UtcTimeOrNull } from '../http/response-schema';
import { TenderStatus } from '../tenders';

const Id = z.string().regex(/^[0-9A-Z]{26}$/, 'an id');

export const OpeningTenderPayload = z.object({ tenderId: Id }).strict();

export const ObjectionParams = z.object({ tenderId: Id, objectionId: Id });

/** The 32-byte AES-256 content key, base64 (standard or url-safe alphabet). */
export const DecryptBody = z
  .object({
    contentKey: z
      .string()
      .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'base64 of the 32-byte content key')
      .transform((s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64')),
  })
  .strict();

export const TextBody = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

export const ObjectPayload = TextBody.extend({ tenderId: Id }).strict();
export const AnswerPayload = TextBody.extend({ tenderId: Id, objectionId: Id }).strict();

export const PauseBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

// Responses (docs/api-contracts.md "Opening hall"): what the hall's routes send, strict.

const Organization = z.string().nullable();
const Stage = z.enum(['sign-in', 'sealing', 'decryption', 'confirmation', 'ended']);
const DecryptedBy = z.enum(['platform', 'bidder', 'backup']);
const BidResult = z.enum(['valid', 'invalid']);
/** 唱标内容: the tender's opening items as the bid's bid.json holds them (price a yuan string). */
const OpeningItems = z.record(z.string(), z.json());

export const CommitmentResponse = strict({ sha256: Sha256Hex, size: z.number().int().nonnegative() });

/** GET /tenders/:id/commitments. */
export const CommitmentListResponse = strict({ tenderId: EntityId, sealedAt: UtcTimeOrNull, commitments: z.array(CommitmentResponse) });

export const ObjectionResponse = strict({
  id: EntityId, bidderOrganization: Organization, text: z.string(), raisedAt: UtcTime, answer: z.string().nullable(), answeredAt: UtcTimeOrNull,
});

/** One line of the opening record (唱标). */
export const OpeningBidResponse = strict({
  sha256: Sha256Hex.nullable(), bidderOrganization: Organization, status: BidResult, reason: z.string().nullable(),
  items: OpeningItems.nullable(), decryptedBy: DecryptedBy, decryptedAt: UtcTime,
});

/** GET /tenders/:id/opening (the socket join ack adds `seq`). */
export const OpeningSnapshotResponse = strict({
  tenderId: EntityId, code: z.string(), title: z.string(), status: TenderStatus,
  openingMode: z.enum(['platform', 'bidder']), undecryptedBids: z.enum(['backup', 'invalid']), stage: Stage,
  serverTime: UtcTime, bidDeadline: UtcTime, sealedAt: UtcTimeOrNull, decryptionEndsAt: UtcTimeOrNull, recordReadyAt: UtcTimeOrNull,
  confirmationEndsAt: UtcTimeOrNull, endedAt: UtcTimeOrNull, pausedAt: UtcTimeOrNull, pauseReason: z.string().nullable(), failureReason: z.string().nullable(),
  signIns: strict({ count: z.number().int().nonnegative().nullable(), bidders: z.array(strict({ bidderOrganization: Organization, signedInAt: UtcTime })) }),
  commitments: z.array(CommitmentResponse),
  progress: strict({ total: z.number().int(), recorded: z.number().int(), valid: z.number().int(), invalid: z.number().int() }),
  bids: z.array(OpeningBidResponse),
  confirmations: z.array(strict({ bidderOrganization: Organization, confirmedAt: UtcTime, deemed: z.boolean() })),
  objections: z.array(ObjectionResponse),
  me: strict({
    role: z.enum(ROLES), participant: z.boolean(), signedInAt: UtcTimeOrNull, hasBid: z.boolean(),
    bidStatus: z.enum(['pending', 'valid', 'invalid']).nullable(), confirmedAt: UtcTimeOrNull,
  }).nullable(),
});

export const SignInResponse = strict({ signedInAt: UtcTime });

/** GET /opening/envelope: the KeyTransRecipientInfos of the bidder's own sealed bid. */
export const EnvelopeResponse = strict({
  bidSha256: Sha256Hex,
  recipients: z.array(strict({ serialNumber: z.string().regex(/^[0-9a-f]+$/, 'hex, lower case'), encryptedKey: z.base64() })),
});

export const DecryptResponse = strict({
  bid: strict({ status: BidResult, reason: z.string().nullable(), items: OpeningItems.nullable(), decryptedBy: z.literal('bidder') }),
});

export const ConfirmResponse = strict({ confirmedAt: UtcTime });
export const ObjectionEnvelopeResponse = strict({ objection: ObjectionResponse });
export const PauseResponse = strict({ pausedAt: UtcTime, pauseReason: z.string() });
export const ResumeResponse = strict({ decryptionEndsAt: UtcTimeOrNull, confirmationEndsAt: UtcTimeOrNull });
