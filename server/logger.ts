import pino from 'pino';

export type Logger = pino.Logger;

/** Paths that may hold secrets or key material; pino replaces them with [Redacted]. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'privateKey',
  '*.privateKey',
  'contentKey',
  '*.contentKey',
];

/** The root logger; modules take log.child({ module }). */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[Redacted]' } });
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
