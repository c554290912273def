/** The opening hall's sequenced events (namespace /opening), named from the receiver's side. */

export const OPENING_STARTED = 'opening-started';

export type OpeningStarted = { bidDeadline: string; startedAt: string };

/** `opening-started`: the bid deadline came and the tender left `published`. */
export function openingStarted(bidDeadline: number, startedAt: number): OpeningStarted {
  return { bidDeadline: new Date(bidDeadline).toISOString(), startedAt: new Date(startedAt).toISOString() };
}

export const COMMITMENTS_PUBLISHED = 'commitments-published';
export const TENDER_FAILED = 'tender-failed';
export const BID_REVEALED = 'bid-revealed';
export const BID_INVALID = 'bid-invalid';
export const OPENING_COMPLETED = 'opening-completed';
