import { fenToYuan, fromMs, fromMsOrNull } from '../db/convert';
import type { RankedBid } from './evaluation-result';
import type { Award, Publicity, PublicityObjection } from './store';

/** The candidate publicity page (中标候选人公示) as the service assembles it. */
export type PublicityView = { publicity: Publicity; committee: string[]; objections: PublicityObjection[]; withObjectors: boolean };

/** Hundredths of a point → "91.50". */
export function toPoints(hundredths: number): string {
  return `${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** A candidate as the public sees it: no account ids. */
export function presentCandidate(c: RankedBid) {
  return { rank: c.rank, bidderOrganization: c.bidderOrganization, price: fenToYuan(c.priceFen), total: c.total === null ? null : toPoints(c.total) };
}

/** An objection; the objector only for readers allowed to see it (withObjector). */
export function presentPublicityObjection(o: PublicityObjection, withObjector: boolean) {
  const shown = { id: o.id, text: o.text, raisedAt: fromMs(o.raisedAt), answer: o.answer, answeredAt: fromMsOrNull(o.answeredAt) };
  return withObjector ? { ...shown, bidderOrganization: o.bidderOrganization } : shown;
}

/** GET /tenders/:id/candidates (docs/api-contracts.md "Publicity and award"). */
export function presentPublicity(v: PublicityView) {
  return {
    tenderId: v.publicity.tenderId,
    publishedAt: fromMs(v.publicity.publishedAt),
    publicityEndsAt: fromMs(v.publicity.endsAt),
    candidates: v.publicity.candidates.map(presentCandidate),
    committee: v.committee,
    objections: v.objections.map((o) => presentPublicityObjection(o, v.withObjectors)),
  };
}

/** The award (中标结果), public once made. */
export function presentAward(a: Award) {
  return { tenderId: a.tenderId, rank: a.rank, bidderOrganization: a.bidderOrganization, price: fenToYuan(a.priceFen), awardedAt: fromMs(a.awardedAt), reason: a.reason };
}
