import type { Server } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * A request body that sends nothing for this long is cut off: the connection is closed, and the
 * upload's temp file and any half state go with it (a stalled client must not hold a blob or a
 * socket). nginx's client_body_timeout (60 s) is the model; 30 s is plenty for a live connection.
 */
export const BODY_IDLE_TIMEOUT_MS = 30_000;

/**
 * The whole request, body included, may take this long. Node's default (5 min) would cut a 200 MB
 * sealed bid sent over a slow line before the deadline; stalls are the idle timeout's job.
 */
export const REQUEST_TIMEOUT_MS = 2 * 3600 * 1000;

/** Node's server-wide limits for main.ts (headers keep Node's 60 s bound against slow-header clients). */
export function applyServerTimeouts(server: Server): void {
  server.requestTimeout = REQUEST_TIMEOUT_MS;
}

/**
 * Closes the connection of a request whose body stops arriving for `ms` (BODY_IDLE_TIMEOUT_MS), from
 * the first byte until the body has been read. Requests without a body are left alone, and so is the
 * handler's own time once the body is in.
 */
export function bodyIdleTimeout(ms = BODY_IDLE_TIMEOUT_MS): RequestHandler {
  return (req, _res, next) => {
    const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.complete) {
      next();
      return;
    }
    const socket = req.socket;
    const onIdle = (): void => {
      req.log?.warn({ idleMs: ms }, 'request body stalled; connection closed');
      socket.destroy();
    };
    let armed = true;
    const clear = (): void => {
      if (!armed) {
        return;
      }
      armed = false;
      socket.removeListener('timeout', onIdle);
      // NOTE: once the response is done Node arms the keep-alive timeout on the same socket; leave that one be.
      if (socket.timeout === ms) {
        socket.setTimeout(0);
      }
    };
    socket.setTimeout(ms);
    socket.on('timeout', onIdle);
    req.once('end', clear);
    req.once('close', clear);
    next();
  };
}
