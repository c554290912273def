import { createHash } from 'node:crypto';
import type { Db } from '../db';
import type { Role } from './actor';
import { nameKey } from './names';

export type AccountStatus = 'active' | 'pending' | 'disabled';

export type UserRecord = {
  id: string;
  username: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  organizationName: string | null;
  creditCode: string | null;
  status: AccountStatus;
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
  status: AccountStatus;
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

export async function listUsers(db: Db, filter: { role?: Role; status?: AccountStatus } = {}): Promise<UserRecord[]> {
  const q = users(db).orderBy('u.created_at', 'asc');
  if (filter.role) {
    q.where('u.role', filter.role);
  }
  if (filter.status) {
    q.where('u.status', filter.status);
  }
  return ((await q) as UserRow[]).map(toUser);
}

/** The accounts of one organization, the first one (its administrator) first. */
export async function listOrganizationMembers(db: Db, organizationId: string): Promise<UserRecord[]> {
  const rows: UserRow[] = await users(db).where('u.organization_id', organizationId).orderBy([{ column: 'u.created_at' }, { column: 'u.id' }]);
  return rows.map(toUser);
}

export async function insertUser(
  db: Db,
  u: { id: string; username: string; passwordHash: string; displayName: string; role: Role; organizationId: string | null; status: AccountStatus; at: number },
): Promise<void> {
  await db('users').insert({
    id: u.id,
    username: u.username,
    password_hash: u.passwordHash,
    display_name: u.displayName,
    role: u.role,
    organization_id: u.organizationId,
    status: u.status,
    created_at: u.at,
    updated_at: u.at,
  });
}

export async function setUserStatus(db: Db, id: string, status: AccountStatus, at: number): Promise<void> {
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

/** The organization whose normalized, case-folded name matches (organization names are unique). */
export async function findOrganizationByName(db: Db, name: string): Promise<OrganizationRecord | undefined> {
  const row: { id: string; name: string; credit_code: string } | undefined = await db('organizations').where({ name_key: organizationNameKey(name) }).first();
  return row && { id: row.id, name: row.name, creditCode: row.credit_code };
}

/** SHA-256 (hex) of the name's key: one exact, dialect-neutral column under a unique index. */
export function organizationNameKey(name: string): string {
  return createHash('sha256').update(nameKey(name)).digest('hex');
}

export async function insertOrganization(db: Db, o: OrganizationRecord & { at: number }): Promise<void> {
  await db('organizations').insert({ id: o.id, name: o.name, name_key: organizationNameKey(o.name), credit_code: o.creditCode, created_at: o.at });
}

export type ThrottleRow = { failures: number; nextAllowedAt: number; lockedUntil: number };

type ThrottleDbRow = { failures: number; next_allowed_at: number | string; locked_until: number | string };

/** Failed sign-ins are counted per key: SHA-256 of (username, address), so a lock binds one address only. */
export async function getThrottle(db: Db, key: string): Promise<ThrottleRow | undefined> {
  const r: ThrottleDbRow | undefined = await db('login_failures').where({ key_hash: key }).first();
  return r && { failures: Number(r.failures), nextAllowedAt: Number(r.next_allowed_at), lockedUntil: Number(r.locked_until) };
}

export async function putThrottle(db: Db, key: string, t: ThrottleRow, at: number): Promise<void> {
  const row = { failures: t.failures, next_allowed_at: t.nextAllowedAt, locked_until: t.lockedUntil, updated_at: at };
  const updated = await db('login_failures').where({ key_hash: key }).update(row);
  if (updated === 0) {
    await db('login_failures').insert({ key_hash: key, ...row });
  }
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db('login_failures').where({ key_hash: key }).delete();
}

/** Drops failure rows untouched since `before` (they no longer delay or lock anything). */
export async function purgeThrottles(db: Db, before: number): Promise<void> {
  await db('login_failures').where('updated_at', '<', before).andWhere('locked_until', '<', before).delete();
}

/** Signed-out tokens, by their jti, until they would have expired anyway. */
export async function revokeToken(db: Db, t: { jti: string; userId: string; expiresAt: number; at: number }): Promise<void> {
  await db('revoked_tokens').where('expires_at', '<', t.at).delete();
  if (!(await db('revoked_tokens').where({ jti: t.jti }).first())) {
    await db('revoked_tokens').insert({ jti: t.jti, user_id: t.userId, expires_at: t.expiresAt, revoked_at: t.at });
  }
}

export async function isTokenRevoked(db: Db, jti: string): Promise<boolean> {
  return (await db('revoked_tokens').where({ jti }).first()) !== undefined;
}
