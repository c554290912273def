import { fromMs, fromMsOrNull } from '../db/convert';
import type { QuestionWithAsker } from './service';
import type { Clarification } from './store';

/** A question: never the asker, except for supervisors (withAsker). */
export function presentQuestion(q: QuestionWithAsker, withAsker: boolean) {
  const shown = { id: q.id, text: q.text, askedAt: fromMs(q.askedAt), answeredBy: q.answeredBy };
  if (!withAsker) {
    return shown;
  }
  return { ...shown, askedBy: { userId: q.askerId, organizationId: q.askerOrganizationId, organizationName: q.askerOrganizationName } };
}

/** A clarification or amendment, public to anyone who can see the tender. */
export function presentClarification(c: Clarification) {
  return {
    id: c.id,
    title: c.title,
    body: c.body,
    affectsBids: c.kind === 'amendment',
    questionIds: c.questionIds,
    previousBidDeadline: fromMsOrNull(c.previousBidDeadline),
    newBidDeadline: fromMsOrNull(c.newBidDeadline),
    publishedAt: fromMs(c.publishedAt),
  };
}
