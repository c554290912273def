import type { Actor } from '../auth';
import type { Tender } from './store';

/** The agency user who created the tender. */
export function isOwner(actor: Actor | null, t: Pick<Tender, 'ownerId'>): boolean {
  return actor?.role === 'agency' && actor.id === t.ownerId;
}

/** Drafts are the owner's alone; everything else is public (announcements). */
export function canView(actor: Actor | null, t: Tender): boolean {
  return t.status !== 'draft' || isOwner(actor, t);
}

/** The bid deadline has passed and the opening began: bidder identities may be shown. */
export function isPastOpening(t: Pick<Tender, 'status' | 'bidDeadline' | 'cancelledAt'>): boolean {
  if (t.status === 'cancelled') {
    return t.cancelledAt !== null && t.cancelledAt >= t.bidDeadline;
  }
  return !['draft', 'published'].includes(t.status);
}

/**
 * Who may read sealed (bidder-identifying) audit events: supervisors always (监督), the owner
 * agency and admins only after the opening (招标人不得透露潜在投标人的名称、数量).
 */
export function canSeeSealedAudit(actor: Actor, t: Tender): boolean {
  return actor.role === 'supervisor' || ((actor.role === 'admin' || isOwner(actor, t)) && isPastOpening(t));
}

/** The tender's audit trail: supervisors, admins and the owner agency. */
export function canReadAudit(actor: Actor, t: Tender): boolean {
  return actor.role === 'supervisor' || actor.role === 'admin' || isOwner(actor, t);
}
