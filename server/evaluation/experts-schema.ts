import { z } from 'zod';
import { EntityId, itemsOf, strict, UtcTimeOrNull } from '../http/response-schema';

const Id = z.string().regex(/^[0-9A-Z]{26}$/, 'an id');

/** A field of expertise (专业), e.g. "市政道路" or "construction.roads"; drawings match it exactly. */
export const Specialty = z.string().trim().min(1).max(32);

export const ExpertParams = z.object({ userId: Id });

/** An evaluator's profile in the expert pool (专家库). */
export const PutExpertBody = z
  .object({
    specialties: z.array(Specialty).min(1).max(20),
    available: z.boolean(),
  })
  .strict();
export type PutExpertBody = z.infer<typeof PutExpertBody>;

// Responses (docs/api-contracts.md "Evaluation and award"): what the expert pool's routes send, strict.

/** An expert of the pool as admins see it (every evaluator account; one without a profile: no specialties, unavailable). */
export const ExpertResponse = strict({
  userId: EntityId,
  displayName: z.string(),
  organization: strict({ name: z.string(), creditCode: z.string() }).nullable(),
  specialties: z.array(z.string()),
  available: z.boolean(),
  updatedAt: UtcTimeOrNull,
});

/** GET /admin/experts. */
export const ExpertListResponse = itemsOf(ExpertResponse);
