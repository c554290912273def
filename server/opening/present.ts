import { fromMs, fromMsOrNull } from '../db/convert';
import type { Tender } from '../tenders';
import type { OpeningSnapshot } from './service';
import type { Commitment, Objection, OpeningBid } from './store';

/** Commitments as published: digest and size only, in sha256 order (no bidder, no bid id, no order of arrival). */
export function presentCommitments(c: Commitment[]) {
  return c.map(({ sha256, size }) => ({ sha256, size }));
}

/** GET /tenders/:id/commitments. */
export function presentCommitmentList(t: Tender, c: Commitment[]) {
  return { tenderId: t.id, sealedAt: fromMsOrNull(t.sealedAt), commitments: presentCommitments(c) };
}

export function presentObjection(o: Objection) {
  return { id: o.id, bidderOrganization: o.bidderOrganization, text: o.text, raisedAt: fromMs(o.raisedAt), answer: o.answer, answeredAt: fromMsOrNull(o.answeredAt) };
}

/** One line of the record: public once recorded (唱标). */
export function presentOpeningBid(b: OpeningBid, sha256: string | null) {
  return {
    sha256,
    bidderOrganization: b.bidderOrganization,
    status: b.status,
    reason: b.reason,
    items: b.items,
    decryptedBy: b.decryptedBy,
    decryptedAt: fromMs(b.decryptedAt),
  };
}

/** GET /tenders/:id/opening and the socket join: an explicit allow-list (docs/api-contracts.md "Opening hall"). */
export function presentSnapshot(s: OpeningSnapshot) {
  const { tender: t, session } = s;
  const shaOf = new Map(s.commitments.map((c) => [c.bidId, c.sha256]));
  const valid = s.bids.filter((b) => b.status === 'valid').length;
  return {
    tenderId: t.id,
    code: t.code,
    title: t.title,
    status: t.status,
    openingMode: t.openingMode,
    undecryptedBids: t.undecryptedBids,
    stage: s.stage,
    serverTime: fromMs(s.now),
    bidDeadline: fromMs(t.bidDeadline),
    sealedAt: fromMsOrNull(t.sealedAt),
    decryptionEndsAt: fromMsOrNull(session?.decryptionEndsAt),
    recordReadyAt: fromMsOrNull(session?.recordReadyAt),
    confirmationEndsAt: fromMsOrNull(session?.confirmationEndsAt),
    endedAt: fromMsOrNull(session?.endedAt),
    pausedAt: fromMsOrNull(session?.pausedAt),
    pauseReason: session?.pauseReason ?? null,
    failureReason: t.failureReason,
    // Before sealing nobody learns who signed in, nor how many (DESIGN §1).
    signIns: s.signIns
      ? { count: s.signIns.length, bidders: s.signIns.map((x) => ({ bidderOrganization: x.bidderOrganization, signedInAt: fromMs(x.signedInAt) })) }
      : { count: null, bidders: [] },
    commitments: presentCommitments(s.commitments),
    progress: { total: s.commitments.length, recorded: s.bids.length, valid, invalid: s.bids.length - valid },
    bids: s.bids.map((b) => presentOpeningBid(b, shaOf.get(b.bidId) ?? null)),
    confirmations: s.confirmations.map((c) => ({ bidderOrganization: c.bidderOrganization, confirmedAt: fromMs(c.confirmedAt), deemed: c.deemed })),
    objections: s.objections.map(presentObjection),
    me: s.me && {
      role: s.me.role,
      participant: s.me.participant,
      signedInAt: fromMsOrNull(s.me.signedInAt),
      hasBid: s.me.hasBid,
      bidStatus: s.me.bidStatus,
      confirmedAt: fromMsOrNull(s.me.confirmedAt),
    },
  };
}
