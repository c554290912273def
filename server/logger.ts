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
