import type { Db } from '../db';

/** A bidder's registration for a tender (获取招标文件); times in epoch ms. */
export type Registration = {
  id: string;
  tenderId: string;
  bidderId: string;
  organizationId: string | null;
  registeredAt: number;
};

type Row = { id: string; tender_id: string; bidder_id: string; organization_id: string | null; registered_at: number | string };

function toRegistration(r: Row): Registration {
  return {
    id: r.id,
    tenderId: r.tender_id,
    bidderId: r.bidder_id,
    organizationId: r.organization_id,
    registeredAt: Number(r.registered_at),
  };
}

export async function insertRegistration(db: Db, r: Registration): Promise<void> {
  await db('registrations').insert({
    id: r.id,
    tender_id: r.tenderId,
    bidder_id: r.bidderId,
    organization_id: r.organizationId,
    registered_at: r.registeredAt,
  });
}

export async function findRegistration(db: Db, tenderId: string, bidderId: string): Promise<Registration | undefined> {
  const row: Row | undefined = await db('registrations').where({ tender_id: tenderId, bidder_id: bidderId }).first();
  return row && toRegistration(row);
}

/** The tender's registration made by any account of the organization (one organization, one bidder). */
export async function findOrganizationRegistration(db: Db, tenderId: string, organizationId: string): Promise<Registration | undefined> {
  const row: Row | undefined = await db('registrations').where({ tender_id: tenderId, organization_id: organizationId }).first();
  return row && toRegistration(row);
}

export async function listByBidder(db: Db, bidderId: string): Promise<Registration[]> {
  const rows: Row[] = await db('registrations').where({ bidder_id: bidderId }).orderBy('registered_at', 'desc');
  return rows.map(toRegistration);
}

export async function listBidderIds(db: Db, tenderId: string): Promise<string[]> {
  const rows: { bidder_id: string }[] = await db('registrations').where({ tender_id: tenderId }).orderBy('registered_at', 'asc').select('bidder_id');
  return rows.map((r) => r.bidder_id);
}
