import type { RequestHandler } from 'express';
import type { Actor, Role } from '../auth/actor';
import { forbidden, unauthenticated } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, or null for the public. Set by authenticate(). */
    actor: Actor | null;
  }
}

type ActorFromToken = (token: string) => Promise<Actor>;

/** Reads `Authorization: Bearer <token>` into req.actor; no header means the public. */
export function authenticate(actorFromToken: ActorFromToken): RequestHandler {
  return async (req, _res, next) => {
    req.actor = null;
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) {
        throw unauthenticated('Authorization must be "Bearer <token>"');
      }
      req.actor = await actorFromToken(m[1] as string);
    }
    next();
  };
}

/** Refuses the public with 401. */
export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.actor) {
    throw unauthenticated();
  }
  next();
};

/** Refuses the public (401) and every role but the ones named (403). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) {
      throw unauthenticated();
    }
    if (!roles.includes(req.actor.role)) {
      throw forbidden(`This needs the role ${roles.join(' or ')}`);
    }
    next();
  };
}

/** The actor of a route behind requireAuth/requireRole. */
export function actorOf(req: { actor: Actor | null }): Actor {
  if (!req.actor) {
    throw unauthenticated();
  }
  return req.actor;
}
