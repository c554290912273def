import type { Actor } from '../auth';
import { isOwner, type Tender } from '../tenders';

/** Who objected during publicity: the owner agency (to answer), supervisors and admins; the public page shows the text only. */
export function canSeeObjectors(actor: Actor | null, t: Pick<Tender, 'ownerId'>): boolean {
  return actor !== null && (actor.role === 'supervisor' || actor.role === 'admin' || isOwner(actor, t));
}
