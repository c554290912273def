import { z } from 'zod';

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
