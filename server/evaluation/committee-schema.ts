import { z } from 'zod';
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
