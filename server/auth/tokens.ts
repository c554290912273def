import jwt from 'jsonwebtoken';
import { HttpError, unauthenticated } from '../http/errors';
import { newId } from '../ids';

export type TokenService = ReturnType<typeof createTokenService>;

/** What a valid token names: the user, the token's own id (jti, for sign-out) and its expiry (epoch ms). */
export type TokenClaims = { userId: string; jti: string; expiresAt: number };

/** Signed (HS256), expiring bearer tokens naming a user id, each with its own id (jti) so that it can be revoked. */
export function createTokenService({ secret, ttlSeconds, now }: { secret: string; ttlSeconds: number; now: () => Date }) {
  return { issue, verify, claims };

  function issue(userId: string): { token: string; expiresAt: string } {
    const iat = Math.floor(now().getTime() / 1000);
    const token = jwt.sign({ sub: userId, iat, exp: iat + ttlSeconds, jti: newId() }, secret, { algorithm: 'HS256', issuer: 'tenderhall' });
    return { token, expiresAt: new Date((iat + ttlSeconds) * 1000).toISOString() };
  }

  /** The user id in a valid token; 401 UNAUTHENTICATED or TOKEN_EXPIRED otherwise. */
  function verify(token: string): string {
    return claims(token).userId;
  }

  /** The claims of a valid token; 401 UNAUTHENTICATED or TOKEN_EXPIRED otherwise. */
  function claims(token: string): TokenClaims {
    try {
      const payload = jwt.verify(token, secret, {
        algorithms: ['HS256'],
        issuer: 'tenderhall',
        clockTimestamp: Math.floor(now().getTime() / 1000),
      }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') {
        throw unauthenticated('Invalid token');
      }
      return { userId: payload.sub, jti: payload.jti, expiresAt: payload.exp * 1000 };
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) {
        throw new HttpError(401, 'TOKEN_EXPIRED', 'The session has expired; sign in again');
      }
      if (err instanceof HttpError) {
        throw err;
      }
      throw unauthenticated('Invalid token');
    }
  }
}
