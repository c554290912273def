import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { translateDbError } from '../db/errors';
import { HttpError, RetryLaterError, notFound } from './errors';

/** Unknown /api routes: JSON 404. */
export const apiNotFound: RequestHandler = (req) => {
  throw notFound(`route ${req.method} ${req.path}`);
};

/** The single error middleware: known errors as {error:{code,message,fields?}}, others as 500 INTERNAL. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (raw, req, res, _next) => {
    const err = translateDbError(fromBodyParser(raw));
    if (err instanceof HttpError) {
      if (err instanceof RetryLaterError) {
        res.set('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
      }
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
      return;
    }
    // req.log (pino-http) carries the request id; the root logger only outside a request.
    (req.log ?? log).error({ err, reqId: req.id }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error' } });
  };
}

/** body-parser and raw-body errors carry a status and a type, an interrupted upload a code; map them into the contract. */
function fromBodyParser(err: unknown): unknown {
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') {
    return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  }
  if (e?.type === 'entity.parse.failed') {
    return new HttpError(400, 'VALIDATION', 'The body is not valid JSON', [{ path: '', message: 'invalid JSON' }]);
  }
  if (e?.type && e.status && e.status < 500) {
    return new HttpError(e.status, 'VALIDATION', 'The request body could not be read');
  }
  // NOTE: a client that drops the connection mid-body (a streamed bid) fails the pipeline with Node's
  // "aborted" ECONNRESET: the client's doing, not a server fault to log as an error.
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ECONNRESET' && err.message === 'aborted') {
    return new HttpError(400, 'VALIDATION', 'The upload was interrupted');
  }
  return err;
}
