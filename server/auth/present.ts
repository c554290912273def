import type { UserRecord } from './store';

/** A user as the API shows it: never the password hash. */
export function presentUser(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    status: u.status,
    organization: u.organizationId ? { id: u.organizationId, name: u.organizationName, creditCode: u.creditCode } : null,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

/** A member of the caller's organization (GET /org/members): administrator marks its first account. */
export function presentMember(u: UserRecord, administrator: boolean) {
  const { organization: _organization, ...user } = presentUser(u);
  return { ...user, administrator };
}
