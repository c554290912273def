import { fromMs } from '../db/convert';
import type { Tender } from '../tenders';
import type { Registration } from './store';

/** A registration as its bidder sees it: an allow-list without ids of other parties. */
export function presentRegistration(r: Registration) {
  return { tenderId: r.tenderId, registeredAt: fromMs(r.registeredAt) };
}

/** One of the bidder's registrations with a summary of its tender. */
export function presentOwnRegistration(r: Registration, t: Tender) {
  return {
    ...presentRegistration(r),
    tender: { id: t.id, title: t.title, code: t.code, status: t.status, bidDeadline: fromMs(t.bidDeadline) },
  };
}
