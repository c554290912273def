import { z } from 'zod';

const Id = z.string().regex(/^[0-9A-Z]{26}$/, 'an id');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a bid (its commitment SHA-256)');
const Key = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'an identifier');

export const MemberParams = z.object({ tenderId: Id, memberId: Id });
export const BidParams = z.object({ tenderId: Id, bid: Sha256 });
export const BidDocumentParams = z.object({ tenderId: Id, bid: Sha256, name: z.string().min(1).max(255) });
export const FlagParams = z.object({ tenderId: Id, flagId: Id });

export const ChairVoteBody = z.object({ userId: Id }).strict();

export const ComplianceBody = z
  .object({
    entries: z
      .array(z.object({ bid: Sha256, item: Key, pass: z.boolean(), reason: z.string().trim().max(1000).optional() }).strict())
      .min(1)
      .max(2000),
  })
  .strict();

export const ScoresBody = z
  .object({
    entries: z
      .array(z.object({ bid: Sha256, criterion: Key, score: z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, 'a score such as "12.5"') }).strict())
      .min(1)
      .max(2000),
  })
  .strict();

export const ReasonBody = z.object({ reason: z.string().trim().min(2).max(1000) }).strict();

export const ResolveFlagBody = z.object({ resolution: z.enum(['kept', 'returned']), note: z.string().trim().min(2).max(1000) }).strict();

export const SignBody = z.object({ agree: z.boolean(), dissent: z.string().trim().max(5000).optional() }).strict();
