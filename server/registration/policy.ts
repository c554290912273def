import type { Tender } from '../tenders';

/**
 * Registration is open while the tender is published and the server clock is before
 * registrationDeadline; at the deadline itself it is closed.
 */
export function isRegistrationOpen(t: Pick<Tender, 'status' | 'registrationDeadline'>, now: number): boolean {
  return t.status === 'published' && now < t.registrationDeadline;
}
