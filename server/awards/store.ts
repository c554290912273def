import type { Db } from '../db';
import { objectionStore } from '../objections';
import { fromJson } from '../db/convert';
import type { RankedBid } from './evaluation-result';

/** The published candidates (中标候选人公示) of a tender; times in epoch ms. */
export type Publicity = { tenderId: string; candidates: RankedBid[]; publishedAt: number; endsAt: number };

/** A bidder's objection (异议) during publicity and the agency's answer. */
export type { Objection as PublicityObjection } from '../objections';

/** The award (定标): the chosen candidate, with the reason when it is not the first. */
export type Award = {
  tenderId: string;
  rank: number;
  bid: string;
  bidderId: string;
  bidderOrganization: string | null;
  priceFen: number;
  reason: string | null;
  awardedAt: number;
  awardedBy: string;
};

/** A bidder whose bid is in the opening record (opening_bids), valid or not. */
export type RecordedBidder = { bidderId: string; bidderOrganization: string | null };

type Row = Record<string, unknown>;



export async function insertPublicity(db: Db, p: Publicity): Promise<void> {
  await db('candidate_publicity').insert({ tender_id: p.tenderId, candidates: JSON.stringify(p.candidates), published_at: p.publishedAt, ends_at: p.endsAt });
}

export async function findPublicity(db: Db, tenderId: string): Promise<Publicity | undefined> {
  const r: Row | undefined = await db('candidate_publicity').where({ tender_id: tenderId }).first();
  return r && { tenderId, candidates: fromJson<RankedBid[]>(r.candidates as string, []), publishedAt: Number(r.published_at), endsAt: Number(r.ends_at) };
}

export const { insertObjection, answerObjection, listObjections, findObjection } = objectionStore('publicity_objections');

export async function insertAward(db: Db, a: Award): Promise<void> {
  await db('awards').insert({
    tender_id: a.tenderId,
    rank: a.rank,
    bid_sha256: a.bid,
    bidder_id: a.bidderId,
    bidder_organization: a.bidderOrganization,
    price: a.priceFen,
    reason: a.reason,
    awarded_at: a.awardedAt,
    awarded_by: a.awardedBy,
  });
}

export async function findAward(db: Db, tenderId: string): Promise<Award | undefined> {
  const r: Row | undefined = await db('awards').where({ tender_id: tenderId }).first();
  return (
    r && {
      tenderId,
      rank: Number(r.rank),
      bid: r.bid_sha256 as string,
      bidderId: r.bidder_id as string,
      bidderOrganization: (r.bidder_organization as string | null) ?? null,
      priceFen: Number(r.price),
      reason: (r.reason as string | null) ?? null,
      awardedAt: Number(r.awarded_at),
      awardedBy: r.awarded_by as string,
    }
  );
}

/** The committee members' names (评标委员会成员名单), by seat; reserves are not named. */
export async function listCommitteeNames(db: Db, tenderId: string): Promise<string[]> {
  const rows: { display_name: string }[] = await db('committee_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.tender_id': tenderId, 'm.kind': 'member' })
    .orderBy('m.seat')
    .select('u.display_name');
  return rows.map((r) => r.display_name);
}

/** The bidders in the tender's opening record, one entry each. */
export async function listRecordedBidders(db: Db, tenderId: string): Promise<RecordedBidder[]> {
  const rows: Row[] = await db('opening_bids').where({ tender_id: tenderId }).orderBy([{ column: 'decrypted_at' }, { column: 'bid_id' }]);
  const byId = new Map(rows.map((r) => [r.bidder_id as string, (r.bidder_organization as string | null) ?? null]));
  return [...byId].map(([bidderId, bidderOrganization]) => ({ bidderId, bidderOrganization }));
}
