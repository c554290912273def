import type { Role } from '../auth';
import type { Db } from '../db';
import { fromJson } from '../db/convert';

/**
 * An evaluator account with its pool profile (专家库). An account without a profile has no
 * specialties and is not available; updatedAt is null then. active: the account is not disabled.
 */
export type Expert = {
  userId: string;
  displayName: string;
  organizationName: string | null;
  creditCode: string | null;
  specialties: string[];
  available: boolean;
  updatedAt: number | null;
  active: boolean;
};

export type ExpertProfile = { userId: string; specialties: string[]; available: boolean; updatedAt: number };

type Row = {
  id: string;
  display_name: string;
  status: string;
  org_name: string | null;
  credit_code: string | null;
  specialties: string | null;
  available: number | boolean | null;
  updated_at: number | string | null;
};

function toExpert(r: Row): Expert {
  return {
    userId: r.id,
    displayName: r.display_name,
    organizationName: r.org_name,
    creditCode: r.credit_code,
    specialties: fromJson<string[]>(r.specialties, []),
    // NOTE: booleans come back as 0/1 from both drivers.
    available: Boolean(Number(r.available ?? 0)),
    updatedAt: r.updated_at === null ? null : Number(r.updated_at),
    active: r.status === 'active',
  };
}

// NOTE: reads the accounts (server/auth's tables) read-only: the pool is every evaluator account, and
// callers inside a transaction cannot go through the auth service (SQLite has one connection).
function experts(db: Db) {
  return db('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .leftJoin('expert_profiles as p', 'p.user_id', 'u.id')
    .where('u.role', 'evaluator')
    .select('u.id', 'u.display_name', 'u.status', 'o.name as org_name', 'o.credit_code', 'p.specialties', 'p.available', 'p.updated_at');
}

/** Every evaluator account, oldest first. */
export async function listExperts(db: Db): Promise<Expert[]> {
  const rows: Row[] = await experts(db).orderBy([
    { column: 'u.created_at', order: 'asc' },
    { column: 'u.id', order: 'asc' },
  ]);
  return rows.map(toExpert);
}

export async function findExpert(db: Db, userId: string): Promise<Expert | undefined> {
  const row: Row | undefined = await experts(db).andWhere('u.id', userId).first();
  return row && toExpert(row);
}

/** The role of an account, or undefined when there is none. */
export async function findRole(db: Db, userId: string): Promise<Role | undefined> {
  const row: { role: Role } | undefined = await db('users').where({ id: userId }).first('role');
  return row?.role;
}

export async function findProfile(db: Db, userId: string): Promise<ExpertProfile | undefined> {
  const row: { user_id: string; specialties: string; available: number | boolean; updated_at: number | string } | undefined = await db('expert_profiles')
    .where({ user_id: userId })
    .first();
  return row && { userId: row.user_id, specialties: fromJson<string[]>(row.specialties, []), available: Boolean(Number(row.available)), updatedAt: Number(row.updated_at) };
}

/** Inserts or replaces the profile. */
export async function saveProfile(db: Db, p: ExpertProfile): Promise<void> {
  const row = { specialties: JSON.stringify(p.specialties), available: p.available, updated_at: p.updatedAt };
  const updated = await db('expert_profiles').where({ user_id: p.userId }).update(row);
  if (Number(updated) === 0) {
    await db('expert_profiles').insert({ user_id: p.userId, ...row });
  }
}
