/** The opening hall's sequenced events (namespace /opening), named from the receiver's side. */

export const OPENING_STARTED = 'opening-started';

export type OpeningStarted = { bidDeadline: string; startedAt: string };

/** `opening-started`: the bid deadline came and the tender left `published`. */
export function openingStarted(bidDeadline: number, startedAt: number): OpeningStarted {
  return { bidDeadline: new Date(bidDeadline).toISOString(), startedAt: new Date(startedAt).toISOString() };
}
