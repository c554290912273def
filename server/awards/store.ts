import type { Db } from '../db';
import { fromJson } from '../db/convert';
import type { RankedBid } from './evaluation-result';

/** The published candidates (中标候选人公示) of a tender; times in epoch ms. */
export type Publicity = { tenderId: string; candidates: RankedBid[]; publishedAt: number; endsAt: number };

/** A bidder's objection (异议) during publicity and the agency's answer. */
export type PublicityObjection = {
  id: string;
  tenderId: string;
  bidderId: string;
  bidderOrganization: string | null;
  text: string;
  raisedAt: number;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: number | null;
};

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

const nOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toObjection(r: Row): PublicityObjection {
  return {
    id: r.id as string,
    tenderId: r.tender_id as string,
    bidderId: r.bidder_id as string,
    bidderOrganization: (r.bidder_organization as string | null) ?? null,
    text: r.text as string,
    raisedAt: Number(r.raised_at),
    answer: (r.answer as string | null) ?? null,
    answeredBy: (r.answered_by as string | null) ?? null,
    answeredAt: nOrNull(r.answered_at),
  };
}

export async function insertPublicity(db: Db, p: Publicity): Promise<void> {
  await db('candidate_publicity').insert({ tender_id: p.tenderId, candidates: JSON.stringify(p.candidates), published_at: p.publishedAt, ends_at: p.endsAt });
}

export async function findPublicity(db: Db, tenderId: string): Promise<Publicity | undefined> {
  const r: Row | undefined = await db('candidate_publicity').where({ tender_id: tenderId }).first();
  return r && { tenderId, candidates: fromJson<RankedBid[]>(r.candidates as string, []), publishedAt: Number(r.published_at), endsAt: Number(r.ends_at) };
}

export async function insertObjection(db: Db, o: PublicityObjection): Promise<void> {
  await db('publicity_objections').insert({
    id: o.id,
    tender_id: o.tenderId,
    bidder_id: o.bidderId,
    bidder_organization: o.bidderOrganization,
    text: o.text,
    raised_at: o.raisedAt,
    answer: o.answer,
    answered_by: o.answeredBy,
    answered_at: o.answeredAt,
  });
}

/** The tender's objections, oldest first. */
export async function listObjections(db: Db, tenderId: string): Promise<PublicityObjection[]> {
  const rows: Row[] = await db('publicity_objections').where({ tender_id: tenderId }).orderBy([
    { column: 'raised_at', order: 'asc' },
    { column: 'id', order: 'asc' },
  ]);
  return rows.map(toObjection);
}

export async function findObjection(db: Db, tenderId: string, id: string): Promise<PublicityObjection | undefined> {
  const r: Row | undefined = await db('publicity_objections').where({ tender_id: tenderId, id }).first();
  return r && toObjection(r);
}

export async function answerObjection(db: Db, id: string, answer: { text: string; by: string; at: number }): Promise<void> {
  await db('publicity_objections').where({ id }).update({ answer: answer.text, answered_by: answer.by, answered_at: answer.at });
}

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
