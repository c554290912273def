import { z } from 'zod';
import { EntityId, UtcTime, UtcTimeOrNull, itemsOf, strict } from '../http/response-schema';

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

/** A question as the owner agency and its asker see it: never who asked. */
export const QuestionResponse = strict({ id: EntityId, text: z.string(), askedAt: UtcTime, answeredBy: EntityId.nullable() });

/** A question as supervisors see it: with the asker. */
export const SupervisedQuestionResponse = strict({
  ...QuestionResponse.shape,
  askedBy: strict({ userId: EntityId, organizationId: EntityId.nullable(), organizationName: z.string().nullable() }),
});

/** POST /tenders/:id/questions. */
export const QuestionCreatedResponse = strict({ question: QuestionResponse });

/** GET /tenders/:id/questions: supervisors get every question with its asker, others without. */
export const QuestionListResponse = z.union([itemsOf(QuestionResponse), itemsOf(SupervisedQuestionResponse)]);

/** A clarification (澄清) or amendment (修改, affectsBids) as anyone who can see the tender sees it. */
export const ClarificationResponse = strict({
  id: EntityId,
  title: z.string(),
  body: z.string(),
  affectsBids: z.boolean(),
  questionIds: z.array(EntityId),
  previousBidDeadline: UtcTimeOrNull,
  newBidDeadline: UtcTimeOrNull,
  publishedAt: UtcTime,
});

/** POST /tenders/:id/clarifications. */
export const ClarificationCreatedResponse = strict({ clarification: ClarificationResponse });

/** GET /tenders/:id/clarifications. */
export const ClarificationListResponse = itemsOf(ClarificationResponse);
