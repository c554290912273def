import { z } from 'zod';
import { DecimalScore, EntityId, strict, UtcTime, UtcTimeOrNull, YuanAmount } from '../http/response-schema';

const Id = z.string().regex(/^[0-9A-Z]{26}$/, 'an id');

export const PublicityObjectionParams = z.object({ tenderId: Id, objectionId: Id });

/** An objection (异议) or its answer. */
export const PublicityTextBody = z.object({ text: z.string().trim().min(1).max(2000) }).strict();
export type PublicityTextBody = z.infer<typeof PublicityTextBody>;

/** 定标: the first candidate by default; another one only with the reason (招标投标法实施条例 art. 55). */
export const AwardBody = z
  .object({
    rank: z.number().int().min(1).max(100).optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((b) => (b.rank ?? 1) === 1 || b.reason !== undefined, { path: ['reason'], message: 'required when the award does not go to the first candidate' });
export type AwardBody = z.infer<typeof AwardBody>;

// Responses (docs/api-contracts.md "Publicity and award"): what the publicity and award routes send, strict.

/** A published candidate (中标候选人) as the public sees it: no account ids; total null for lowest_price. */
export const PublicCandidateResponse = strict({ rank: z.number().int().positive(), bidderOrganization: z.string().nullable(), price: YuanAmount, total: DecimalScore.nullable() });

const ObjectionFields = { id: EntityId, text: z.string(), raisedAt: UtcTime, answer: z.string().nullable(), answeredAt: UtcTimeOrNull };
/** An objection (异议) as the public page shows it: the text and the answer, not who objected. */
export const PublicityObjectionResponse = strict(ObjectionFields);
/** An objection as its bidder, the owner agency, supervisors and admins see it: with the objector's organization. */
export const NamedPublicityObjectionResponse = strict({ ...ObjectionFields, bidderOrganization: z.string().nullable() });

/** POST …/candidates/publish and GET …/candidates; objections name their objector only for the owner agency, supervisors and admins. */
export const PublicityResponse = strict({
  tenderId: EntityId,
  publishedAt: UtcTime,
  publicityEndsAt: UtcTime,
  candidates: z.array(PublicCandidateResponse),
  committee: z.array(z.string()),
  objections: z.array(z.union([NamedPublicityObjectionResponse, PublicityObjectionResponse])),
});

/** POST …/candidates/objections (201) and …/objections/:id/answer. */
export const PublicityObjectionEnvelopeResponse = strict({ objection: NamedPublicityObjectionResponse });

/** The award (中标结果): reason set when it did not go to the first candidate. */
export const AwardResponse = strict({
  tenderId: EntityId, rank: z.number().int().positive(), bidderOrganization: z.string().nullable(), price: YuanAmount, awardedAt: UtcTime, reason: z.string().nullable(),
});
