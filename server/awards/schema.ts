import { z } from 'zod';

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
