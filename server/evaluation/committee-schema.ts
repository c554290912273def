import { z } from 'zod';
import { EntityId, strict, UtcTime } from '../http/response-schema';
import { Specialty } from './experts-schema';

/** Drawing the evaluation committee (专家抽取); the rule set decides the legal sizes. */
export const DrawCommitteeBody = z
  .object({
    size: z.number().int().min(1).max(49),
    specialties: z.array(Specialty).min(1).max(20),
    reserves: z.number().int().min(0).max(10).default(2),
  })
  .strict();
export type DrawCommitteeBody = z.infer<typeof DrawCommitteeBody>;

// Responses (docs/api-contracts.md "Evaluation and award"): the committee, strict.

const SeatResponse = {
  userId: EntityId,
  displayName: z.string(),
  organizationName: z.string().nullable(),
  specialties: z.array(z.string()),
  seat: z.number().int().positive(),
};

/** The committee as bidders, the public (once candidates are published) and its members see it: no seed, no reserves. */
export const CommitteeResponse = strict({
  tenderId: EntityId,
  size: z.number().int().positive(),
  specialties: z.array(z.string()),
  drawnAt: UtcTime,
  members: z.array(strict({ ...SeatResponse, chair: z.boolean() })),
});

/** The committee as the owner agency, supervisors and admins see it: with the drawing's seed and the reserves. */
export const FullCommitteeResponse = CommitteeResponse.extend({
  seed: z.string().regex(/^[0-9a-f]{64}$/, '32 random bytes, hex'),
  reserves: z.array(strict(SeatResponse)),
});

/** GET /tenders/:id/committee: the full view or the members only, by caller. */
export const CommitteeViewResponse = z.union([FullCommitteeResponse, CommitteeResponse]);
