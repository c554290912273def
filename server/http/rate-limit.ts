import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RetryLaterError } from './errors';

export type AddressLimit = {
  /** the window, in ms */
  windowMs: number;
  /** requests per address per window */
  limit: number;
  /** what is limited, for the message, e.g. 'record verifications' */
  what: string;
};

/**
 * A per-address limit for an expensive public route: past `limit` requests in `windowMs`, the
 * address gets 429 RATE_LIMITED in the error shape with Retry-After (seconds until its window
 * resets) and the RateLimit headers (draft-7). Make one per app (createApp), so apps do not share counts.
 */
export function perAddressLimit({ windowMs, limit, what }: AddressLimit): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const wait = resetTime ? (resetTime.getTime() - Date.now()) / 1000 : windowMs / 1000;
      throw new RetryLaterError(429, 'RATE_LIMITED', `Too many ${what} from this address; try again in ${Math.max(1, Math.ceil(wait))} s`, wait);
    },
  });
}
