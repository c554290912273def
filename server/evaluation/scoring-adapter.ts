import type { Tender } from '../tenders';
import { decideCompliance } from './compliance';
import { aggregate, checkScore, missingScores, parseScore, parseWeight, rank, shareToBasisPoints, type Aggregation, type Flag, type ScoreEntry } from './scoring';
import type { EvalBid } from './session';
import type { RankedBid } from './session-store';

/** The session's use of the pure evaluation math (compliance.ts, scoring.ts). */

export const decide = decideCompliance;
export { missingScores };

/** A typed score ("12.5") for a criterion of `weight` ("40"), in hundredths; null when outside [0, weight] or malformed. */
export function scoreWithin(text: string, weight: string): number | null {
  return checkScore(text, parseWeight(weight)) === null ? parseScore(text) : null;
}

export type Aggregated = { aggregate: Aggregation | null; ranking: RankedBid[]; flags: Flag[] };

/** Aggregates (comprehensive) and ranks the compliant bids; names each ranked bid's bidder. */
export function computeRanking(t: Tender, bids: EvalBid[], compliant: string[], members: string[], scores: ScoreEntry[], deviationShare: number): Aggregated {
  const byBid = new Map(bids.map((b) => [b.bid, b]));
  const name = (r: { rank: number; bid: string; priceFen: number; total: number | null }): RankedBid => {
    const b = byBid.get(r.bid) as EvalBid;
    return { ...r, bidderId: b.bidderId, bidderOrganization: b.bidderOrganization };
  };
  const priced = bids.map(({ bid, priceFen }) => ({ bid, priceFen }));
  if (t.evaluationMethod === 'lowest_price') {
    const inComplianceOrder = priced.filter((b) => compliant.includes(b.bid));
    return { aggregate: null, ranking: rank('lowest_price', inComplianceOrder).ranking.map(name), flags: [] };
  }
  const agg = aggregate({ criteria: t.criteria, bids: priced, compliant, members, scores, deviationShareBp: shareToBasisPoints(deviationShare) });
  return { aggregate: agg, ranking: rank('comprehensive', agg.results).ranking.map(name), flags: agg.flags };
}
