import type { Db } from '../db';

export type BidStatus = 'submitted' | 'withdrawn';

/** A bidder's bid for a tender: the version in force and whether it was withdrawn. Times in epoch ms. */
export type Bid = {
  id: string;
  tenderId: string;
  bidderId: string;
  organizationId: string | null;
  status: BidStatus;
  version: number;
  createdAt: number;
  updatedAt: number;
};

/** One submission: where its sealed bytes are, and the signed receipt (回执) given for it. */
export type BidVersion = {
  id: string;
  bidId: string;
  version: number;
  blobKey: string;
  sha256: string;
  size: number;
  certificateId: string | null;
  receivedAt: number;
  withdrawnAt: number | null;
  /** JSON.stringify(receipt): the exact bytes that were signed */
  receipt: string;
  /** base64 DER CMS SignedData over receipt */
  signature: string;
};

type Row = Record<string, string | number | null>;

function toBid(r: Row): Bid {
  return {
    id: r.id as string,
    tenderId: r.tender_id as string,
    bidderId: r.bidder_id as string,
    organizationId: (r.organization_id as string | null) ?? null,
    status: r.status as BidStatus,
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toVersion(r: Row): BidVersion {
  return {
    id: r.id as string,
    bidId: r.bid_id as string,
    version: Number(r.version),
    blobKey: r.blob_key as string,
    sha256: r.sha256 as string,
    size: Number(r.size),
    certificateId: (r.certificate_id as string | null) ?? null,
    receivedAt: Number(r.received_at),
    withdrawnAt: r.withdrawn_at === null ? null : Number(r.withdrawn_at),
    receipt: r.receipt as string,
    signature: r.signature as string,
  };
}

export async function findBid(db: Db, tenderId: string, bidderId: string): Promise<Bid | undefined> {
  const row: Row | undefined = await db('bids').where({ tender_id: tenderId, bidder_id: bidderId }).first();
  return row && toBid(row);
}

export async function insertBid(db: Db, b: Bid): Promise<void> {
  await db('bids').insert({
    id: b.id,
    tender_id: b.tenderId,
    bidder_id: b.bidderId,
    organization_id: b.organizationId,
    status: b.status,
    version: b.version,
    created_at: b.createdAt,
    updated_at: b.updatedAt,
  });
}

export async function updateBid(db: Db, id: string, patch: { status: BidStatus; version?: number; updatedAt: number }): Promise<void> {
  await db('bids')
    .where({ id })
    .update({ status: patch.status, ...(patch.version !== undefined ? { version: patch.version } : {}), updated_at: patch.updatedAt });
}

export async function insertVersion(db: Db, v: BidVersion): Promise<void> {
  await db('bid_versions').insert({
    id: v.id,
    bid_id: v.bidId,
    version: v.version,
    blob_key: v.blobKey,
    sha256: v.sha256,
    size: v.size,
    certificate_id: v.certificateId,
    received_at: v.receivedAt,
    withdrawn_at: v.withdrawnAt,
    receipt: v.receipt,
    signature: v.signature,
  });
}

export async function findVersion(db: Db, bidId: string, version: number): Promise<BidVersion | undefined> {
  const row: Row | undefined = await db('bid_versions').where({ bid_id: bidId, version }).first();
  return row && toVersion(row);
}

export async function findVersionById(db: Db, id: string): Promise<BidVersion | undefined> {
  const row: Row | undefined = await db('bid_versions').where({ id }).first();
  return row && toVersion(row);
}

export async function markWithdrawn(db: Db, versionId: string, at: number): Promise<void> {
  await db('bid_versions').where({ id: versionId }).update({ withdrawn_at: at });
}

/** The highest version number of a bid (0 when none); the next submission takes the one after. */
export async function latestVersionNumber(db: Db, tenderId: string, bidderId: string): Promise<number> {
  const bid = await findBid(db, tenderId, bidderId);
  return bid?.version ?? 0;
}

/** A bid in force at the opening: the bidder's latest version, not withdrawn. */
export type BidInForce = {
  bidId: string;
  bidderId: string;
  version: number;
  blobKey: string;
  sha256: string;
  size: number;
  receivedAt: number;
  certificateId: string | null;
};

/** The bids in force of a tender (status 'submitted', the version the bid row names), oldest bid first. */
export async function listBidsInForce(db: Db, tenderId: string): Promise<BidInForce[]> {
  const rows: Row[] = await db('bids as b')
    .join('bid_versions as v', (j) => j.on('v.bid_id', '=', 'b.id').andOn('v.version', '=', 'b.version'))
    .where({ 'b.tender_id': tenderId, 'b.status': 'submitted' })
    .select('b.id as bid_id', 'b.bidder_id', 'v.version', 'v.blob_key', 'v.sha256', 'v.size', 'v.received_at', 'v.certificate_id')
    .orderBy('b.id');
  return rows.map((r) => ({
    bidId: r.bid_id as string,
    bidderId: r.bidder_id as string,
    version: Number(r.version),
    blobKey: r.blob_key as string,
    sha256: r.sha256 as string,
    size: Number(r.size),
    receivedAt: Number(r.received_at),
    certificateId: (r.certificate_id as string | null) ?? null,
  }));
}
