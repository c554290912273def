import type { Tender } from '../tenders';

/**
 * 电子招标投标办法: a bid whose last byte arrives at or after bidDeadline is refused. The bid
 * window is open while the tender is published and `at` (ms) is strictly before the deadline.
 */
export function isBidWindowOpen(t: Pick<Tender, 'status' | 'bidDeadline'>, at: number): boolean {
  return t.status === 'published' && at < t.bidDeadline;
}

/** 不见面开标: in bidder opening mode each bid must also be sealed to its bidder's own certificate. */
export function needsBidderRecipient(t: Pick<Tender, 'openingMode'>): boolean {
  return t.openingMode === 'bidder';
}
