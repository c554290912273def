/** The opening hall's sequenced events (namespace /opening), named from the receiver's side (docs/api-contracts.md). */

export const OPENING_STARTED = 'opening-started';

export type OpeningStarted = { bidDeadline: string; startedAt: string };

/** `opening-started`: the bid deadline came and the tender left `published`. */
export function openingStarted(bidDeadline: number, startedAt: number): OpeningStarted {
  return { bidDeadline: new Date(bidDeadline).toISOString(), startedAt: new Date(startedAt).toISOString() };
}

export const COMMITMENTS_PUBLISHED = 'commitments-published';
export const SIGN_INS_PUBLISHED = 'sign-ins-published';
export const BIDDER_SIGNED_IN = 'bidder-signed-in';
export const DECRYPTION_STARTED = 'decryption-started';
export const TENDER_FAILED = 'tender-failed';
export const BID_REVEALED = 'bid-revealed';
export const BID_INVALID = 'bid-invalid';
export const RECORD_READY = 'record-ready';
export const BID_CONFIRMED = 'bid-confirmed';
export const OBJECTION_RAISED = 'objection-raised';
export const OBJECTION_ANSWERED = 'objection-answered';
export const OPENING_COMPLETED = 'opening-completed';
export const SESSION_PAUSED = 'session-paused';
export const SESSION_RESUMED = 'session-resumed';

/** Private notices (unsequenced, to one user). */
export const NOTICE_SIGNED_IN = 'signed-in';
