import type { RequestHandler } from 'express';
import type { Clock } from '../clock';

declare module 'express-serve-static-core' {
  interface Request {
    /** Server time (epoch ms) when the request reached the app, before any other middleware ran. */
    arrivedAt: number;
  }
}

/**
 * Stamps each request with the server clock as the first thing the app does (DESIGN §2: a bid
 * that arrives before the deadline is accepted even when the server is busy — authentication,
 * database reads and a queue of other uploads must not move a request past the deadline).
 */
export function stampArrival(clock: Clock): RequestHandler {
  return (req, _res, next) => {
    req.arrivedAt = clock.now().getTime();
    next();
  };
}
