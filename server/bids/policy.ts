import type { Tender } from '../tenders';

/**
 * 电子招标投标办法: a bid whose last byte arrives at or after bidDeadline is refused; one whose last
 * byte arrived before it is accepted even when the server is busy (DESIGN §2). So a bid received
 * before the deadline still commits when the scheduler has meanwhile moved the tender to
 * `opening`, until the opening seals the bids in force (sealedAt, after a grace period): from then
 * on the commitments are published and nothing may change them.
 */
export function isBidWindowOpen(t: Pick<Tender, 'status' | 'bidDeadline' | 'sealedAt'>, at: number): boolean {
  return (t.status === 'published' || t.status === 'opening') && t.sealedAt === null && at < t.bidDeadline;
}

/** 不见面开标: in bidder opening mode each bid must also be sealed to its bidder's own certificate. */
export function needsBidderRecipient(t: Pick<Tender, 'openingMode'>): boolean {
  return t.openingMode === 'bidder';
}
