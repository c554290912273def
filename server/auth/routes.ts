import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { actorOf, requireAuth, requireRole } from '../http/auth';
import { HttpError } from '../http/errors';
import { parse } from '../http/validate';
import { presentMember, presentUser } from './present';
import { CreateUserBody, ListUsersQuery, LoginBody, RegisterBody, UpdateUserBody, UserParams } from './schema';
import type { AuthService } from './service';

const tooMany = (): never => {
  throw new HttpError(429, 'RATE_LIMITED', 'Too many requests from this address; wait a few minutes');
};

/** Per-address limit on failed sign-ins (guessing across usernames), on top of the per-username throttle. */
const loginLimiter = rateLimit({ windowMs: 5 * 60 * 1000, limit: 50, skipSuccessfulRequests: true, standardHeaders: 'draft-7', legacyHeaders: false, handler: tooMany });

/** Per-address limit on sign-ups. */
const registerLimiter = rateLimit({ windowMs: 5 * 60 * 1000, limit: 100, standardHeaders: 'draft-7', legacyHeaders: false, handler: tooMany });

/** The bearer token of a signed-in request (authenticate() has checked it). */
const bearerToken = (header: string | undefined): string => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';

/** /auth/register, /auth/login, /auth/logout, /me, /org/members, /admin/users. */
export function authRouter(auth: AuthService): Router {
  const r = Router();

  r.post('/auth/register', registerLimiter, async (req, res) => {
    const user = await auth.register(parse(RegisterBody, req.body));
    res.status(201).json({ user: presentUser(user) });
  });

  r.post('/auth/login', loginLimiter, async (req, res) => {
    const { username, password } = parse(LoginBody, req.body);
    const { token, expiresAt, user } = await auth.login(username, password, req.ip ?? 'unknown');
    res.json({ token, expiresAt, user: presentUser(user) });
  });

  r.post('/auth/logout', requireAuth, async (req, res) => {
    await auth.logout(bearerToken(req.headers.authorization));
    res.status(204).end();
  });

  r.get('/org/members', requireAuth, async (req, res) => {
    const { organization, members } = await auth.listMembers(actorOf(req));
    res.json({ organization, items: members.map((m, i) => presentMember(m, i === 0)) });
  });

  r.post('/org/members/:userId/approve', requireAuth, async (req, res) => {
    const { userId } = parse(UserParams, req.params);
    res.json({ member: presentMember(await auth.decideMember(actorOf(req), userId, 'active'), false) });
  });

  r.post('/org/members/:userId/refuse', requireAuth, async (req, res) => {
    const { userId } = parse(UserParams, req.params);
    res.json({ member: presentMember(await auth.decideMember(actorOf(req), userId, 'disabled'), false) });
  });

  r.get('/me', requireAuth, async (req, res) => {
    const user = await auth.getUser(actorOf(req).id);
    res.json({ user: user && presentUser(user) });
  });

  r.get('/admin/users', requireRole('admin'), async (req, res) => {
    const { role, status } = parse(ListUsersQuery, req.query);
    res.json({ items: (await auth.listUsers(role, status)).map(presentUser) });
  });

  r.post('/admin/users', requireRole('admin'), async (req, res) => {
    const user = await auth.createUser(actorOf(req), parse(CreateUserBody, req.body));
    res.status(201).json({ user: presentUser(user) });
  });

  r.patch('/admin/users/:userId', requireRole('admin'), async (req, res) => {
    const { userId } = parse(UserParams, req.params);
    const { status } = parse(UpdateUserBody, req.body);
    res.json({ user: presentUser(await auth.setStatus(actorOf(req), userId, status)) });
  });

  return r;
}
