import type { Db } from '../db';
import { fromJson } from '../db/convert';

/** One line of the evaluation's ranking: the bid by its commitment sha256, price in fen, total in hundredths of a point (null for lowest_price). */
export type RankedBid = { rank: number; bid: string; bidderId: string; bidderOrganization: string | null; priceFen: number; total: number | null };

/** What the awards module needs from a finished evaluation (evaluation_sessions.result). */
export type EvaluationResult = { ranking: RankedBid[]; candidates: RankedBid[] };

/**
 * The result of the tender's evaluation once its session is `done`, else null.
 * NOTE: the interface between server/evaluation and server/awards; the evaluation may take it over.
 */
export async function readEvaluationResult(db: Db, tenderId: string): Promise<EvaluationResult | null> {
  const row: { stage: string; result: string | null } | undefined = await db('evaluation_sessions').where({ tender_id: tenderId }).first('stage', 'result');
  if (!row || row.stage !== 'done') {
    return null;
  }
  const result = fromJson<Partial<EvaluationResult> | null>(row.result, null);
  if (!result?.ranking || !result.candidates) {
    return null;
  }
  return { ranking: result.ranking.map(toRankedBid), candidates: result.candidates.map(toRankedBid) };
}

function toRankedBid(b: RankedBid): RankedBid {
  return {
    rank: Number(b.rank),
    bid: b.bid,
    bidderId: b.bidderId,
    bidderOrganization: b.bidderOrganization ?? null,
    priceFen: Number(b.priceFen),
    total: b.total === null || b.total === undefined ? null : Number(b.total),
  };
}
