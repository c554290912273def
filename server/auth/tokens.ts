import jwt from 'jsonwebtoken';
import { HttpError, unauthenticated } from '../http/errors';

export type TokenService = ReturnType<typeof createTokenService>;

/** Signed (HS256), expiring bearer tokens naming a user id. */
export function createTokenService({ secret, ttlSeconds, now }: { secret: string; ttlSeconds: number; now: () => Date }) {
  return { issue, verify };

  function issue(userId: string): { token: string; expiresAt: string } {
    const iat = Math.floor(now().getTime() / 1000);
    const token = jwt.sign({ sub: userId, iat, exp: iat + ttlSeconds }, secret, { algorithm: 'HS256', issuer: 'tenderhall' });
    return { token, expiresAt: new Date((iat + ttlSeconds) * 1000).toISOString() };
  }

  /** The user id in a valid token; 401 UNAUTHENTICATED or TOKEN_EXPIRED otherwise. */
  function verify(token: string): string {
    try {
      const payload = jwt.verify(token, secret, {
        algorithms: ['HS256'],
        issuer: 'tenderhall',
        clockTimestamp: Math.floor(now().getTime() / 1000),
      }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string') {
        throw unauthenticated('Invalid token');
      }
      return payload.sub;
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
