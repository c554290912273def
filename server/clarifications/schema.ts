import { z } from 'zod';

const Id = z.string().regex(/^[0-9A-Z]{26}$/, 'an id');
const IsoTime = z.iso.datetime({ offset: true, message: 'ISO-8601 time, e.g. 2026-12-25T01:30:00.000Z' });

export const AskQuestionBody = z.object({ text: z.string().trim().min(2).max(5000) }).strict();
export type AskQuestionBody = z.infer<typeof AskQuestionBody>;

/** A clarification (澄清) or, with affectsBids, an amendment (修改) that may move the bid deadline. */
export const PublishClarificationBody = z
  .object({
    title: z.string().trim().min(2).max(200),
    body: z.string().trim().min(1).max(50000),
    affectsBids: z.boolean(),
    questionIds: z.array(Id).max(100).optional(),
    newBidDeadline: IsoTime.optional(),
  })
  .strict();
export type PublishClarificationBody = z.infer<typeof PublishClarificationBody>;
