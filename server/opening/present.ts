import { fromMsOrNull } from '../db/convert';
import type { OpeningSnapshot } from './service';
import type { Commitment } from './store';
import type { Tender } from '../tenders';

/** Commitments as published: digest and size only, in sha256 order (no bidder, no bid id, no order of arrival). */
export function presentCommitments(c: Commitment[]) {
  return c.map(({ sha256, size }) => ({ sha256, size }));
}

/** GET /tenders/:id/commitments. */
export function presentCommitmentList(t: Tender, c: Commitment[]) {
  return { tenderId: t.id, sealedAt: fromMsOrNull(t.sealedAt), commitments: presentCommitments(c) };
}

/** GET /tenders/:id/opening: an explicit allow-list; before sealing an empty shell. */
export function presentSnapshot(s: OpeningSnapshot) {
  return {
    tenderId: s.tender.id,
    status: s.tender.status,
    sealedAt: fromMsOrNull(s.tender.sealedAt),
    commitments: presentCommitments(s.commitments),
    bids: s.bids.map((b) => ({ bidderOrganization: b.bidderOrganization, status: b.status, reason: b.reason, items: b.items })),
    failureReason: s.tender.failureReason,
  };
}
