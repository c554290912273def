import type { Db } from '../db';
import { fromJson } from '../db/convert';

/** A published commitment: the SHA-256 and size of one sealed bid in force; bidId stays private. */
export type Commitment = { position: number; sha256: string; size: number; bidId: string; bidVersion: number };

export type OpeningBidStatus = 'valid' | 'invalid';

/** The decryption result of one bid in force. Times in epoch ms. */
export type OpeningBid = {
  tenderId: string;
  bidId: string;
  bidderId: string;
  bidderOrganization: string | null;
  status: OpeningBidStatus;
  reason: string | null;
  items: Record<string, unknown> | null;
  decryptedAt: number;
};

type Row = Record<string, unknown>;

export async function insertCommitments(db: Db, tenderId: string, commitments: Commitment[]): Promise<void> {
  if (commitments.length === 0) {
    return;
  }
  await db('opening_commitments').insert(
    commitments.map((c) => ({ tender_id: tenderId, position: c.position, sha256: c.sha256, size: c.size, bid_id: c.bidId, bid_version: c.bidVersion })),
  );
}

/** The tender's commitments in published order (by sha256). */
export async function listCommitments(db: Db, tenderId: string): Promise<Commitment[]> {
  const rows: Row[] = await db('opening_commitments').where({ tender_id: tenderId }).orderBy('position');
  return rows.map((r) => ({ position: Number(r.position), sha256: r.sha256 as string, size: Number(r.size), bidId: r.bid_id as string, bidVersion: Number(r.bid_version) }));
}

export async function insertOpeningBid(db: Db, b: OpeningBid): Promise<void> {
  await db('opening_bids').insert({
    tender_id: b.tenderId,
    bid_id: b.bidId,
    bidder_id: b.bidderId,
    bidder_organization: b.bidderOrganization,
    status: b.status,
    reason: b.reason,
    items: b.items === null ? null : JSON.stringify(b.items),
    decrypted_at: b.decryptedAt,
  });
}

/** Decryption results so far, in the order they were recorded. */
export async function listOpeningBids(db: Db, tenderId: string): Promise<OpeningBid[]> {
  const rows: Row[] = await db('opening_bids').where({ tender_id: tenderId }).orderBy([{ column: 'decrypted_at' }, { column: 'bid_id' }]);
  return rows.map((r) => ({
    tenderId: r.tender_id as string,
    bidId: r.bid_id as string,
    bidderId: r.bidder_id as string,
    bidderOrganization: (r.bidder_organization as string | null) ?? null,
    status: r.status as OpeningBidStatus,
    reason: (r.reason as string | null) ?? null,
    items: r.items === null ? null : fromJson<Record<string, unknown>>(r.items as string, {}),
    decryptedAt: Number(r.decrypted_at),
  }));
}

export async function hasOpeningBid(db: Db, tenderId: string, bidId: string): Promise<boolean> {
  return (await db('opening_bids').where({ tender_id: tenderId, bid_id: bidId }).first()) !== undefined;
}
