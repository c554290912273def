import type { Actor } from '../auth';
import { isOwner } from './policy';
import type { Tender } from './store';

/** The owner agency uploads while the tender is a draft, or published and before bidDeadline. */
export function canUploadDocuments(t: Pick<Tender, 'status' | 'bidDeadline'>, now: number): boolean {
  return t.status === 'draft' || (t.status === 'published' && now < t.bidDeadline);
}

/**
 * Who reads a tender's documents without registering: the owner agency, supervisors and admins,
 * and everyone when the tender made them public. Bidders otherwise need a registration.
 */
export function canReadDocumentsUnregistered(actor: Actor | null, t: Tender): boolean {
  return t.documentsPublic || isOwner(actor, t) || actor?.role === 'supervisor' || actor?.role === 'admin';
}
