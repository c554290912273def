import type { Db } from '../db';
import { fromJson } from '../db/convert';

/** A tender's drawn committee (评标委员会); times in epoch ms. */
export type Committee = {
  tenderId: string;
  size: number;
  specialties: string[];
  /** hex, 32 bytes: with the audited candidates it repeats the draw */
  seed: string;
  drawnAt: number;
  drawnBy: string;
};

export type SeatKind = 'member' | 'reserve';

/** A drawn expert: members hold seats 1..size, reserves the seats after them, in drawing order. */
export type Seat = {
  userId: string;
  seat: number;
  kind: SeatKind;
  displayName: string;
  organizationName: string | null;
  specialties: string[];
};

/** An account's organization (read from server/auth's tables). */
export type UserOrganization = { userId: string; name: string; creditCode: string };

type CommitteeRow = { tender_id: string; size: number | string; specialties: string; seed: string; drawn_at: number | string; drawn_by: string };

type SeatRow = { user_id: string; seat: number | string; kind: string; display_name: string; org_name: string | null; specialties: string | null };

function toCommittee(r: CommitteeRow): Committee {
  return {
    tenderId: r.tender_id,
    size: Number(r.size),
    specialties: fromJson<string[]>(r.specialties, []),
    seed: r.seed,
    drawnAt: Number(r.drawn_at),
    drawnBy: r.drawn_by,
  };
}

function toSeat(r: SeatRow): Seat {
  return {
    userId: r.user_id,
    seat: Number(r.seat),
    kind: r.kind as SeatKind,
    displayName: r.display_name,
    organizationName: r.org_name,
    specialties: fromJson<string[]>(r.specialties, []),
  };
}

export async function insertCommittee(db: Db, c: Committee, seats: { userId: string; seat: number; kind: SeatKind }[]): Promise<void> {
  await db('committees').insert({
    tender_id: c.tenderId,
    size: c.size,
    specialties: JSON.stringify(c.specialties),
    seed: c.seed,
    drawn_at: c.drawnAt,
    drawn_by: c.drawnBy,
  });
  if (seats.length > 0) {
    await db('committee_members').insert(seats.map((s) => ({ tender_id: c.tenderId, user_id: s.userId, seat: s.seat, kind: s.kind })));
  }
}

export async function findCommittee(db: Db, tenderId: string): Promise<Committee | undefined> {
  const row: CommitteeRow | undefined = await db('committees').where({ tender_id: tenderId }).first();
  return row && toCommittee(row);
}

// NOTE: names and organizations come from server/auth's tables, read-only, so that callers holding a
// transaction (the evaluation session) can list members without a second connection.
/** The committee's seats by seat number, members first; only members when kind is given. */
export async function listSeats(db: Db, tenderId: string, kind?: SeatKind): Promise<Seat[]> {
  const q = db('committee_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .leftJoin('expert_profiles as p', 'p.user_id', 'm.user_id')
    .where('m.tender_id', tenderId)
    .select('m.user_id', 'm.seat', 'm.kind', 'u.display_name', 'o.name as org_name', 'p.specialties')
    .orderBy('m.seat', 'asc');
  if (kind) {
    q.andWhere('m.kind', kind);
  }
  return ((await q) as SeatRow[]).map(toSeat);
}

/** The seat kind the user holds on the tender's committee, if any. */
export async function findSeatKind(db: Db, tenderId: string, userId: string): Promise<SeatKind | undefined> {
  const row: { kind: string } | undefined = await db('committee_members').where({ tender_id: tenderId, user_id: userId }).first('kind');
  return row?.kind as SeatKind | undefined;
}

/** The chair the members elected in the evaluation session, or null before the election. */
export async function findChairId(db: Db, tenderId: string): Promise<string | null> {
  const row: { chair_id: string | null } | undefined = await db('evaluation_sessions').where({ tender_id: tenderId }).first('chair_id');
  return row?.chair_id ?? null;
}

/** The organizations of these accounts (accounts without one are left out). */
export async function listUserOrganizations(db: Db, userIds: string[]): Promise<UserOrganization[]> {
  if (userIds.length === 0) {
    return [];
  }
  const rows: { id: string; name: string; credit_code: string }[] = await db('users as u')
    .join('organizations as o', 'o.id', 'u.organization_id')
    .whereIn('u.id', userIds)
    .select('u.id', 'o.name', 'o.credit_code');
  return rows.map((r) => ({ userId: r.id, name: r.name, creditCode: r.credit_code }));
}
