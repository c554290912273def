import type { Db } from '../db';
import type { Role } from './actor';

export type UserRecord = {
  id: string;
  username: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  organizationName: string | null;
  creditCode: string | null;
  status: 'active' | 'disabled';
  createdAt: number;
};

export type OrganizationRecord = { id: string; name: string; creditCode: string };

type UserRow = {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  organization_id: string | null;
  org_name: string | null;
  credit_code: string | null;
  status: 'active' | 'disabled';
  created_at: number | string;
};

const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.password_hash',
  'u.display_name',
  'u.role',
  'u.organization_id',
  'o.name as org_name',
  'o.credit_code',
  'u.status',
  'u.created_at',
];

function toUser(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    displayName: r.display_name,
    role: r.role,
    organizationId: r.organization_id,
    organizationName: r.org_name,
    creditCode: r.credit_code,
    status: r.status,
    createdAt: Number(r.created_at),
  };
}

function users(db: Db) {
  return db('users as u').leftJoin('organizations as o', 'o.id', 'u.organization_id').select(USER_COLUMNS);
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRecord | undefined> {
  const row: UserRow | undefined = await users(db).where('u.username', username).first();
  return row && toUser(row);
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row: UserRow | undefined = await users(db).where('u.id', id).first();
  return row && toUser(row);
}

export async function listUsers(db: Db, role?: Role): Promise<UserRecord[]> {
  const q = users(db).orderBy('u.created_at', 'asc');
  if (role) {
    q.where('u.role', role);
  }
  return ((await q) as UserRow[]).map(toUser);
}

export async function insertUser(
  db: Db,
  u: { id: string; username: string; passwordHash: string; displayName: string; role: Role; organizationId: string | null; at: number },
): Promise<void> {
  await db('users').insert({
    id: u.id,
    username: u.username,
    password_hash: u.passwordHash,
    display_name: u.displayName,
    role: u.role,
    organization_id: u.organizationId,
    status: 'active',
    created_at: u.at,
    updated_at: u.at,
  });
}

export async function setUserStatus(db: Db, id: string, status: 'active' | 'disabled', at: number): Promise<void> {
  await db('users').where({ id }).update({ status, updated_at: at });
}

export async function findOrganizationByCreditCode(db: Db, creditCode: string): Promise<OrganizationRecord | undefined> {
  const row: { id: string; name: string; credit_code: string } | undefined = await db('organizations').where({ credit_code: creditCode }).first();
  return row && { id: row.id, name: row.name, creditCode: row.credit_code };
}

export async function findOrganizationsByIds(db: Db, ids: string[]): Promise<OrganizationRecord[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows: { id: string; name: string; credit_code: string }[] = await db('organizations').whereIn('id', ids);
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code }));
}

export async function insertOrganization(db: Db, o: OrganizationRecord & { at: number }): Promise<void> {
  await db('organizations').insert({ id: o.id, name: o.name, credit_code: o.creditCode, created_at: o.at });
}

export type ThrottleRow = { failures: number; nextAllowedAt: number; lockedUntil: number };

export async function getThrottle(db: Db, username: string): Promise<ThrottleRow | undefined> {
  const r: { failures: number; next_allowed_at: number | string; locked_until: number | string } | undefined = await db('login_throttle')
    .where({ username })
    .first();
  return r && { failures: Number(r.failures), nextAllowedAt: Number(r.next_allowed_at), lockedUntil: Number(r.locked_until) };
}

export async function putThrottle(db: Db, username: string, t: ThrottleRow): Promise<void> {
  const row = { failures: t.failures, next_allowed_at: t.nextAllowedAt, locked_until: t.lockedUntil };
  const updated = await db('login_throttle').where({ username }).update(row);
  if (updated === 0) {
    await db('login_throttle').insert({ username, ...row });
  }
}

export async function clearThrottle(db: Db, username: string): Promise<void> {
  await db('login_throttle').where({ username }).delete();
}
