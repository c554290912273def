import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../http/errors';
import type { Metrics } from './registry';

/** The route label of requests no route matched (static files, unknown paths): one label, not one per path. */
export const UNMATCHED_ROUTE = '(unmatched)';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts every request and observes its latency when the response is finished (or the client went
 * away), labelled by the matched route's template, e.g. /api/tenders/:tenderId/bid.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let done = false;
    const observe = (): void => {
      if (done) {
        return;
      }
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp({ method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeTemplate(req, res.locals), status: res.statusCode, seconds });
    };
    res.on('finish', observe);
    res.on('close', observe);
    next();
  };
}

/**
 * Remembers where a router is mounted: Express restores req.baseUrl when an error leaves the
 * router, so at 'finish' a failed /api request would otherwise lose its /api prefix.
 */
export const markRouteBase: RequestHandler = (req, res, next) => {
  res.locals.routeBase = req.baseUrl;
  next();
};

function routeTemplate(req: Request, locals: Record<string, unknown>): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') {
    return UNMATCHED_ROUTE;
  }
  // req.baseUrl is exact (nested mounts too) unless an error unwound the routers; then the /api mark stands in.
  const base = req.baseUrl || (typeof locals.routeBase === 'string' ? locals.routeBase : '');
  return `${base}${path}` || '/';
}

/**
 * GET /metrics in the Prometheus text format. With METRICS_TOKEN set, only `Authorization: Bearer
 * <METRICS_TOKEN>` may scrape; without it, only clients on this machine (loopback, judged by req.ip,
 * i.e. after X-Forwarded-For from a proxy on loopback: `trust proxy` in app.ts) that name this machine
 * as a loopback host. The counters count bidders' actions (bids, registrations): the operator's only.
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token) {
      if (!hasBearer(req.headers.authorization, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new HttpError(401, 'UNAUTHENTICATED', 'Scraping /metrics needs the METRICS_TOKEN bearer token');
      }
    } else if (!isLoopback(req.ip) || !isLoopbackHost(req.headers.host)) {
      // The Host check stops DNS rebinding: a web page whose name now resolves to 127.0.0.1 must not
      // read the counters of bids and registrations through the browser of someone on this machine.
      throw new HttpError(403, 'FORBIDDEN', '/metrics answers loopback clients only (Host localhost, 127.0.0.1 or [::1]) unless METRICS_TOKEN is set');
    }
    res.setHeader('Content-Type', metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.render());
  };
}

function hasBearer(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) {
    return false;
  }
  const given = Buffer.from(m[1] as string);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) {
    return false;
  }
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A Host header naming this machine by a loopback name: localhost, 127.0.0.0/8 or [::1], with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) {
    return false;
  }
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
