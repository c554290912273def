import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { inTransaction, type Db } from '../db';
import { HttpError, RetryLaterError, conflict, forbidden, notFound, unauthenticated, validationError } from '../http/errors';
import { newId } from '../ids';
import type { AuditService } from '../audit';
import type { Actor, Role } from './actor';
import { isValidCreditCode } from './credit-code';
import { NAME_ISSUES, nameKey } from './names';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import type { CreateUserBody, RegisterBody } from './schema';
import * as store from './store';
import type { TokenService } from './tokens';

/**
 * Failed sign-ins, counted per (username, address): from the 3rd on each waits twice as long (1 s, 2 s,
 * 4 s …); the 10th locks that pair 15 minutes. A lock never reaches another address: wrong passwords sent
 * from elsewhere cannot lock the owner out of their own account (issue 13, 9). One address guessing
 * across usernames is cut off by the per-address limiter of the route.
 */
export const THROTTLE = { freeFailures: 3, baseDelayMs: 1000, lockAfter: 10, lockMs: 15 * 60 * 1000 };

export type AuthDeps = { db: Db; clock: Clock; audit: AuditService; tokens: TokenService };
export type AuthService = ReturnType<typeof createAuthService>;
type OrganizationBody = { name: string; creditCode: string };
/** Who creates an account: an admin (actor), the platform itself (bootstrap, null) or a self-registering bidder. */
type Creator = { actor: Actor | null; selfRegistration?: boolean };

/** Accounts, organizations and their members, login with throttling, sign-out, and the actor behind a token. */
export function createAuthService({ db, clock, audit, tokens }: AuthDeps) {
  const disabledListeners = new Set<(userId: string) => void>();
  return { register, login, logout, createUser, setStatus, listUsers, actorFromToken, onAccountDisabled, getUser, ensureUser, listMembers, decideMember };

  /**
   * Bidder self-registration (DESIGN §9). An organization is one bidder: a new credit code makes a new
   * organization whose first account is its administrator; an account for an existing organization is
   * created `pending` until that administrator (or the trading center) approves it (issue 13, 4).
   * A taken username is not confirmed: the answer has the same status and shape as a fresh account's
   * (the account is not created, so signing in with it fails as any wrong password does) (issue 13, 9).
   */
  async function register(body: RegisterBody): Promise<store.UserRecord> {
    checkCreditCode(body.organization);
    const passwordHash = await hashPassword(body.password);
    const id = newId();
    const at = clock.now().getTime();
    const taken = await inTransaction(db, async (trx) => {
      const existing = await findOrganization(trx, body.organization);
      if (await store.findUserByUsername(trx, body.username)) {
        return { organization: existing };
      }
      await insertAccount(trx, { ...body, role: 'bidder' }, { actor: null, selfRegistration: true }, { id, passwordHash, at, existing });
      return null;
    });
    if (taken) {
      return unsavedAccount(body, id, at, taken.organization);
    }
    return (await store.findUserById(db, id)) as store.UserRecord;
  }

  /** Admin creates any account, active at once; agency and bidder accounts need an organization. */
  async function createUser(actor: Actor, body: CreateUserBody): Promise<store.UserRecord> {
    return ensureUser(body, actor);
  }

  /** Creates an account as an admin (actor) or the platform (null: bootstrap, tests); a taken username is 409. */
  async function ensureUser(body: CreateUserBody, actor: Actor | null): Promise<store.UserRecord> {
    if ((body.role === 'agency' || body.role === 'bidder') && !body.organization) {
      throw validationError([{ path: 'organization', message: `a ${body.role} account needs an organization` }]);
    }
    if (body.organization) {
      checkCreditCode(body.organization);
    }
    const passwordHash = await hashPassword(body.password);
    const id = newId();
    await inTransaction(db, async (trx) => {
      const existing = body.organization ? await findOrganization(trx, body.organization) : undefined;
      if (await store.findUserByUsername(trx, body.username)) {
        throw conflict('USERNAME_TAKEN', 'This username is taken');
      }
      await insertAccount(trx, body, { actor }, { id, passwordHash, at: clock.now().getTime(), existing });
    });
    return (await store.findUserById(db, id)) as store.UserRecord;
  }

  async function insertAccount(
    trx: Db,
    body: CreateUserBody,
    creator: Creator,
    a: { id: string; passwordHash: string; at: number; existing: store.OrganizationRecord | undefined },
  ): Promise<void> {
    let organizationId: string | null = a.existing?.id ?? null;
    if (body.organization && !a.existing) {
      organizationId = newId();
      await store.insertOrganization(trx, { id: organizationId, name: body.organization.name, creditCode: body.organization.creditCode, at: a.at });
    }
    const status: store.AccountStatus = creator.selfRegistration && a.existing ? 'pending' : 'active';
    await store.insertUser(trx, { id: a.id, username: body.username, passwordHash: a.passwordHash, displayName: body.displayName, role: body.role, organizationId, status, at: a.at });
    await audit.append(trx, {
      actor: creator.actor,
      action: creator.actor ? 'user.created' : 'user.registered',
      payload: { userId: a.id, username: body.username, role: body.role, organizationId, status },
    });
  }

  /** What a fresh registration would have answered, for a username that is taken (nothing is stored). */
  function unsavedAccount(body: RegisterBody, id: string, at: number, existing: store.OrganizationRecord | undefined): store.UserRecord {
    return {
      id, username: body.username, passwordHash: DUMMY_HASH, displayName: body.displayName, role: 'bidder',
      organizationId: existing?.id ?? newId(), organizationName: existing?.name ?? body.organization.name, creditCode: body.organization.creditCode,
      status: existing ? 'pending' : 'active', createdAt: at,
    };
  }

  function checkCreditCode(org: OrganizationBody): void {
    if (!isValidCreditCode(org.creditCode)) {
      throw new HttpError(400, 'INVALID_CREDIT_CODE', '统一社会信用代码 is not valid (format or check character)', [
        { path: 'organization.creditCode', message: 'invalid 统一社会信用代码' },
      ]);
    }
  }

  /** The organization of this credit code, if any; names and credit codes are each unique (normalized, case-folded). */
  async function findOrganization(trx: Db, org: OrganizationBody): Promise<store.OrganizationRecord | undefined> {
    const byCode = await store.findOrganizationByCreditCode(trx, org.creditCode);
    if (byCode) {
      if (nameKey(byCode.name) !== nameKey(org.name)) {
        throw validationError([{ path: 'organization.name', message: NAME_ISSUES.creditCodeOtherName }]);
      }
      return byCode;
    }
    if (await store.findOrganizationByName(trx, org.name)) {
      throw validationError([{ path: 'organization.name', message: NAME_ISSUES.organizationNameTaken }]);
    }
    return undefined;
  }

  /** Checks the password, throttled per (username, address) so usernames cannot be probed and owners cannot be locked out. */
  async function login(username: string, password: string, address = 'local'): Promise<{ token: string; expiresAt: string; user: store.UserRecord }> {
    const now = clock.now().getTime();
    const key = throttleKey(username, address);
    const throttle = await store.getThrottle(db, key);
    if (throttle && throttle.lockedUntil > now) {
      const wait = (throttle.lockedUntil - now) / 1000;
      throw new RetryLaterError(423, 'ACCOUNT_LOCKED', `Too many failed sign-ins; try again after ${new Date(throttle.lockedUntil).toISOString()}`, wait);
    }
    if (throttle && throttle.nextAllowedAt > now) {
      const wait = (throttle.nextAllowedAt - now) / 1000;
      throw new RetryLaterError(429, 'RATE_LIMITED', `Too many failed sign-ins; wait ${Math.ceil(wait)} s`, wait);
    }
    const user = await store.findUserByUsername(db, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      await recordFailure(key, throttle, now);
      throw new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
    }
    assertActive(user);
    if (throttle) {
      await store.clearThrottle(db, key);
    }
    return { ...tokens.issue(user.id), user };
  }

  async function recordFailure(key: string, prev: store.ThrottleRow | undefined, now: number): Promise<void> {
    const failures = (prev?.failures ?? 0) + 1;
    const delay = failures >= THROTTLE.freeFailures ? THROTTLE.baseDelayMs * 2 ** (failures - THROTTLE.freeFailures) : 0;
    const lockedUntil = failures >= THROTTLE.lockAfter ? now + THROTTLE.lockMs : 0;
    await inTransaction(db, async (trx) => {
      await store.purgeThrottles(trx, now - 24 * 60 * 60 * 1000);
      await store.putThrottle(trx, key, { failures: lockedUntil ? 0 : failures, nextAllowedAt: now + delay, lockedUntil }, now);
      if (lockedUntil) {
        // The key, not the username and address: the audit trail is readable by staff.
        await audit.append(trx, { actor: null, action: 'login.locked', payload: { throttle: key } });
      }
    });
  }

  /** Signs a token out: it is refused from now on (until it would have expired anyway). */
  async function logout(token: string): Promise<void> {
    const c = tokens.claims(token);
    await inTransaction(db, (trx) => store.revokeToken(trx, { jti: c.jti, userId: c.userId, expiresAt: c.expiresAt, at: clock.now().getTime() }));
  }

  /** An admin disables, enables or approves (pending → active) an account. */
  async function setStatus(actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<store.UserRecord> {
    if (userId === actor.id && status === 'disabled') {
      throw forbidden('You cannot disable your own account');
    }
    await inTransaction(db, async (trx) => {
      const user = await store.findUserById(trx, userId);
      if (!user) {
        throw notFound('user');
      }
      await store.setUserStatus(trx, userId, status, clock.now().getTime());
      await audit.append(trx, { actor, action: statusAction(user.status, status), payload: { userId } });
    });
    if (status === 'disabled') {
      disabledListeners.forEach((listener) => listener(userId));
    }
    return (await store.findUserById(db, userId)) as store.UserRecord;
  }

  /** Subscribes to accounts being disabled, after commit (realtime disconnects their sockets); returns the unsubscribe. */
  function onAccountDisabled(listener: (userId: string) => void): () => void {
    disabledListeners.add(listener);
    return () => disabledListeners.delete(listener);
  }

  async function listUsers(role?: Role, status?: store.AccountStatus): Promise<store.UserRecord[]> {
    return store.listUsers(db, { role, status });
  }

  async function getUser(id: string): Promise<store.UserRecord | undefined> {
    return store.findUserById(db, id);
  }

  /** The members of the actor's organization; only its administrator (its first account) may see them. */
  async function listMembers(actor: Actor): Promise<{ organization: store.OrganizationRecord; members: store.UserRecord[] }> {
    const members = await administeredMembers(db, actor);
    const first = members[0] as store.UserRecord;
    return { organization: { id: first.organizationId as string, name: first.organizationName ?? '', creditCode: first.creditCode ?? '' }, members };
  }

  /** The organization's administrator approves (active) or refuses (disabled) a pending member. */
  async function decideMember(actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<store.UserRecord> {
    await inTransaction(db, async (trx) => {
      const member = (await administeredMembers(trx, actor)).find((m) => m.id === userId);
      if (!member) {
        throw notFound('member');
      }
      if (member.status !== 'pending') {
        throw conflict('INVALID_STATE', 'Only a pending account can be approved or refused');
      }
      await store.setUserStatus(trx, userId, status, clock.now().getTime());
      await audit.append(trx, { actor, action: statusAction('pending', status), payload: { userId, organizationId: member.organizationId } });
    });
    return (await store.findUserById(db, userId)) as store.UserRecord;
  }

  /** The actor's organization's accounts, when the actor is its administrator (the organization's first account). */
  async function administeredMembers(trx: Db, actor: Actor): Promise<store.UserRecord[]> {
    if (!actor.organizationId) {
      throw forbidden('Only an organization’s administrator manages its members');
    }
    const members = await store.listOrganizationMembers(trx, actor.organizationId);
    if (members[0]?.id !== actor.id) {
      throw forbidden('Only an organization’s administrator (its first account) manages its members');
    }
    return members;
  }

  /** The actor behind a bearer token; a signed-out token, a disabled, pending or deleted account is refused. */
  async function actorFromToken(token: string): Promise<Actor> {
    const claims = tokens.claims(token);
    const user = await store.findUserById(db, claims.userId);
    if (!user) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'Invalid token');
    }
    assertActive(user);
    if (await store.isTokenRevoked(db, claims.jti)) {
      throw unauthenticated('This session was signed out; sign in again');
    }
    return { id: user.id, role: user.role, username: user.username, displayName: user.displayName, organizationId: user.organizationId };
  }
}

function assertActive(user: store.UserRecord): void {
  if (user.status === 'pending') {
    throw new HttpError(403, 'ACCOUNT_PENDING', 'This account waits for approval by its organization’s administrator or the trading center');
  }
  if (user.status !== 'active') {
    throw new HttpError(403, 'ACCOUNT_DISABLED', 'This account is disabled');
  }
}

function statusAction(from: store.AccountStatus, to: 'active' | 'disabled'): string {
  if (from === 'pending') {
    return to === 'active' ? 'user.approved' : 'user.refused';
  }
  return to === 'disabled' ? 'user.disabled' : 'user.enabled';
}

/** SHA-256 of (username case-folded, address): the throttle row's key. */
function throttleKey(username: string, address: string): string {
  return createHash('sha256').update(`${username.toLowerCase()}\n${address}`).digest('hex');
}
