import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export type Logger = pino.Logger;

/** Fields that may hold secrets or key material, at the top of a log object or one level down. */
const SECRET_FIELDS = [
  'password', 'newPassword', 'currentPassword', 'oldPassword', 'passphrase',
  'token', 'accessToken', 'refreshToken', 'secret', 'tokenSecret', 'authorization', 'cookie',
  'privateKey', 'privateKeyPem', 'keyPem', 'contentKey', 'keyEncryptionKey', 'p12', 'pkcs12', 'pfx',
];

/** Paths that may hold secrets or key material; pino replaces them with [Redacted] (STYLE §7). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body',
  'body',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
];

/** The request being handled, for the log lines written while handling it (app.ts calls runInRequestScope once the request id is known). */
const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/** Runs the rest of the request inside its scope: every log line written meanwhile carries `reqId`, whichever logger writes it. */
export function runInRequestScope(reqId: string, next: () => void): void {
  requestContext.run({ reqId }, next);
}

/** The root logger; modules take log.child({ module }). `destination` lets tests read what was written. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    mixin: () => {
      const scope = requestContext.getStore();
      return scope ? { reqId: scope.reqId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** An incoming X-Request-Id is kept when it is a short token (a proxy's or a client's id); anything else is replaced. */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(value);
}

/**
 * Routes whose mere use names a bidder's interest in a tender (registering, asking, reading documents, fetching the opening certificate, bidding):
 * their tender id is cut from log lines, so logs cannot count who bid where before the opening.
 */
const SEALED_ROUTE = /^\/api\/tenders\/[^/?]+\/(bid|registrations?|questions|documents|opening-certificate)(?=$|[/?])/;

/** A request URL as logs may show it. */
export function loggableUrl(url: string): string {
  return url.replace(SEALED_ROUTE, '/api/tenders/:sealed/$1').replace(/\?.*$/, (q) => (q.length > 1 ? '?…' : ''));
}
