import type { Actor } from '../auth';
import { isOwner, type Tender } from '../tenders';

/** Questions and clarifications are accepted while the tender is published and before bidDeadline. */
export function isBeforeDeadline(t: Pick<Tender, 'status' | 'bidDeadline'>, now: number): boolean {
  return t.status === 'published' && now < t.bidDeadline;
}

/** Only supervisors (监督) may see who asked a question. */
export function canSeeAskers(actor: Actor): boolean {
  return actor.role === 'supervisor';
}

/** Every question of the tender, without askers: the owner agency (to answer them) and admins. */
export function canReadAllQuestions(actor: Actor, t: Tender): boolean {
  return canSeeAskers(actor) || actor.role === 'admin' || isOwner(actor, t);
}
