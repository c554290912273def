import type { Clock } from '../clock';
import { inTransaction, type Db } from '../db';
import { HttpError, RetryLaterError, conflict, forbidden, notFound, validationError } from '../http/errors';
import { newId } from '../ids';
import type { AuditService } from '../audit';
import type { Actor, Role } from './actor';
import { isValidCreditCode } from './credit-code';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import type { CreateUserBody, RegisterBody } from './schema';
import * as store from './store';
import type { TokenService } from './tokens';

/** Failed logins: from the 3rd on each waits twice as long (1 s, 2 s, 4 s …); the 10th locks 15 minutes. */
export const THROTTLE = { freeFailures: 3, baseDelayMs: 1000, lockAfter: 10, lockMs: 15 * 60 * 1000 };

export type AuthDeps = { db: Db; clock: Clock; audit: AuditService; tokens: TokenService };
export type AuthService = ReturnType<typeof createAuthService>;

/** Accounts, organizations, login with throttling, and the actor behind a token. */
export function createAuthService({ db, clock, audit, tokens }: AuthDeps) {
  const disabledListeners = new Set<(userId: string) => void>();
  return { register, login, createUser, setStatus, listUsers, actorFromToken, onAccountDisabled, getUser, ensureUser };

  /** Bidder self-registration (DESIGN §9): the organization is found or created by credit code. */
  async function register(body: RegisterBody): Promise<store.UserRecord> {
    return ensureUser({ ...body, role: 'bidder' }, null);
  }

  /** Admin creates any account; agency and bidder accounts need an organization. */
  async function createUser(actor: Actor, body: CreateUserBody): Promise<store.UserRecord> {
    return ensureUser(body, actor);
  }

  async function ensureUser(body: CreateUserBody, actor: Actor | null): Promise<store.UserRecord> {
    if ((body.role === 'agency' || body.role === 'bidder') && !body.organization) {
      throw validationError([{ path: 'organization', message: `a ${body.role} account needs an organization` }]);
    }
    if (body.organization && !isValidCreditCode(body.organization.creditCode)) {
      throw new HttpError(400, 'INVALID_CREDIT_CODE', '统一社会信用代码 is not valid (format or check character)', [
        { path: 'organization.creditCode', message: 'invalid 统一社会信用代码' },
      ]);
    }
    const passwordHash = await hashPassword(body.password);
    const id = newId();
    await inTransaction(db, async (trx) => {
      if (await store.findUserByUsername(trx, body.username)) {
        throw conflict('USERNAME_TAKEN', 'This username is taken');
      }
      const at = clock.now().getTime();
      const organizationId = body.organization ? await ensureOrganization(trx, body.organization, at) : null;
      await store.insertUser(trx, { id, username: body.username, passwordHash, displayName: body.displayName, role: body.role, organizationId, at });
      await audit.append(trx, {
        actor,
        action: actor ? 'user.created' : 'user.registered',
        payload: { userId: id, username: body.username, role: body.role, organizationId },
      });
    });
    return (await store.findUserById(db, id)) as store.UserRecord;
  }

  async function ensureOrganization(trx: Db, org: { name: string; creditCode: string }, at: number): Promise<string> {
    const existing = await store.findOrganizationByCreditCode(trx, org.creditCode);
    if (existing) {
      if (existing.name !== org.name) {
        throw validationError([{ path: 'organization.name', message: 'this credit code is registered under another name' }]);
      }
      return existing.id;
    }
    const id = newId();
    await store.insertOrganization(trx, { id, name: org.name, creditCode: org.creditCode, at });
    return id;
  }

  /** Checks the password with throttling per username (known or not, so usernames cannot be probed). */
  async function login(username: string, password: string): Promise<{ token: string; expiresAt: string; user: store.UserRecord }> {
    const now = clock.now().getTime();
    const throttle = await store.getThrottle(db, username);
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
      await recordFailure(username, throttle, now);
      throw new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
    }
    if (user.status !== 'active') {
      throw new HttpError(403, 'ACCOUNT_DISABLED', 'This account is disabled');
    }
    if (throttle) {
      await store.clearThrottle(db, username);
    }
    return { ...tokens.issue(user.id), user };
  }

  async function recordFailure(username: string, prev: store.ThrottleRow | undefined, now: number): Promise<void> {
    const failures = (prev?.failures ?? 0) + 1;
    const delay = failures >= THROTTLE.freeFailures ? THROTTLE.baseDelayMs * 2 ** (failures - THROTTLE.freeFailures) : 0;
    const lockedUntil = failures >= THROTTLE.lockAfter ? now + THROTTLE.lockMs : 0;
    await inTransaction(db, async (trx) => {
      await store.putThrottle(trx, username, { failures: lockedUntil ? 0 : failures, nextAllowedAt: now + delay, lockedUntil });
      if (lockedUntil) {
        await audit.append(trx, { actor: null, action: 'login.locked', payload: { username } });
      }
    });
  }

  async function setStatus(actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<store.UserRecord> {
    if (userId === actor.id && status === 'disabled') {
      throw forbidden('You cannot disable your own account');
    }
    await inTransaction(db, async (trx) => {
      if (!(await store.findUserById(trx, userId))) {
        throw notFound('user');
      }
      await store.setUserStatus(trx, userId, status, clock.now().getTime());
      await audit.append(trx, { actor, action: status === 'disabled' ? 'user.disabled' : 'user.enabled', payload: { userId } });
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

  async function listUsers(role?: Role): Promise<store.UserRecord[]> {
    return store.listUsers(db, role);
  }

  async function getUser(id: string): Promise<store.UserRecord | undefined> {
    return store.findUserById(db, id);
  }

  /** The actor behind a bearer token; a disabled or deleted account is refused. */
  async function actorFromToken(token: string): Promise<Actor> {
    const userId = tokens.verify(token);
    const user = await store.findUserById(db, userId);
    if (!user) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'Invalid token');
    }
    if (user.status !== 'active') {
      throw new HttpError(403, 'ACCOUNT_DISABLED', 'This account is disabled');
    }
    return { id: user.id, role: user.role, username: user.username, displayName: user.displayName, organizationId: user.organizationId };
  }
}
