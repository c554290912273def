import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { z } from 'zod';
import { API_ROUTES, ErrorBody } from '../../server/openapi/document';
import type { RouteDoc } from '../../server/openapi/registry';

/**
 * The response contract, checked on every response a test world's app sends (issue 12):
 * - the route's success status with a JSON body → the route's `ok.schema` (strict objects: no unknown key);
 * - a documented other response (`route.also`) → its schema;
 * - 4xx/5xx → the Error schema of server/openapi/document.ts;
 * - any other 2xx, or a JSON /api answer no route describes → a violation;
 * - every JSON body: no `fen` word in a key, no epoch time (see `scanForbidden`).
 * Routes whose `ok.schema` is not written yet are checked for the last two points only.
 *
 * Violations are collected here (the server's behaviour is unchanged: the check runs before the
 * response's last byte is handed to Node, and never throws into the app) and thrown by
 * tests/support/response-contract-setup.ts after the test that caused them.
 */

/** A response as the checker sees it: `body` is the JSON text, or null when the Content-Type is not JSON. */
export type ResponseSeen = { method: string; path: string; status: number; contentType: string; body: string | null };

export type Violation = { route: string; status: number; problems: string[] };

type Matcher = { route: RouteDoc; pattern: RegExp; literals: number };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** A key one of whose words (camelCase, snake_case, kebab-case) is `fen`: priceFen, budget_fen, FEN; not offence. */
const isFenKey = (key: string): boolean =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .some((word) => word.toLowerCase() === 'fen');
/**
 * The names of points in time: a key ending in At, Time, Date, Deadline, Until, Since or Timestamp
 * (camelCase suffix after a lowercase letter or digit), or one of those words on its own. Durations
 * (`latencyMs`, `retryAfterSeconds`) and sizes are not times. A number under such a key is an epoch.
 */
const TIME_KEY = /^(?:at|time|date|deadline|until|since|timestamp)$|[a-z0-9](?:At|Time|Date|Deadline|Until|Since|Timestamp)$/;
/**
 * Any number this large is taken for epoch milliseconds (1e11 ms is 1973-03-03); no count or size of the API gets
 * near it. The one money number is OCDS's `Value.amount` (yuan, by that standard), which a budget of 100 billion
 * yuan can reach: a number under an `amount` key is money, not a time.
 */
export const EPOCH_MS_FLOOR = 1e11;

/** GET /openapi.json describes schemas (e.g. `maximum: 9007199254740991`), not data: the epoch rule does not apply to it. */
const SCHEMA_DOCUMENTS = new Set(['GET /openapi.json']);

let pending: Violation[] = [];

/** The violations seen since the last call, emptied. */
export function takeViolations(): Violation[] {
  const out = pending;
  pending = [];
  return out;
}

/** One readable block per violation: the route, the status and every problem (zod issues with their paths). */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `response contract: ${v.route} → ${v.status}\n${v.problems.map((p) => `  - ${p}`).join('\n')}`).join('\n');
}

/**
 * Checks every response `app` sends for an /api request and collects the violations (takeViolations).
 * NOTE: it wraps the app's `handle` (what the app function and http.createServer(app) call), so the
 * app's router, its route list and its behaviour stay as they are.
 */
export function installResponseContract(app: Express, routes: readonly RouteDoc[] = API_ROUTES, sink: (v: Violation) => void = (v) => pending.push(v)): void {
  const handled = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void };
  const inner = handled.handle.bind(app);
  handled.handle = (req, res, next) => {
    const pathname = (req.url ?? '/').split('?')[0] as string;
    if (pathname.startsWith('/api/') && req.method !== 'HEAD') {
      watch(res, (status, contentType, raw) => {
        try {
          const problems = checkResponse(routes, { method: req.method ?? 'GET', path: pathname, status, contentType, body: raw });
          if (problems.problems.length > 0) {
            sink(problems);
          }
        } catch (err) {
          sink({ route: `${req.method} ${pathname}`, status, problems: [`the checker failed: ${String(err)}`] });
        }
      });
    }
    inner(req, res, next);
  };
}

/** Calls `done` with the status, content type and JSON text (null for other types) just before the response ends. */
function watch(res: ServerResponse, done: (status: number, contentType: string, json: string | null) => void): void {
  const chunks: Buffer[] = [];
  let ended = false;
  const isJson = (): boolean => JSON_TYPE.test(String(res.getHeader('content-type') ?? ''));
  const keep = (chunk: unknown, encoding: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || !isJson()) {
      return;
    }
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (!ended) {
      ended = true;
      keep(args[0], args[1]);
      done(res.statusCode, String(res.getHeader('content-type') ?? ''), isJson() ? Buffer.concat(chunks).toString('utf8') : null);
    }
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.end;
}

const compiled = new WeakMap<readonly RouteDoc[], Matcher[]>();

function compile(routes: readonly RouteDoc[]): Matcher[] {
  const known = compiled.get(routes);
  if (known) {
    return known;
  }
  const matchers = routes.map((route) => {
    const segments = route.path.split('/').filter(Boolean);
    const source = segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/');
    return { route, pattern: new RegExp(`^/api/${source}/?$`), literals: segments.filter((s) => !s.startsWith('{')).length };
  });
  compiled.set(routes, matchers);
  return matchers;
}

/** The route a request hits: a literal segment wins over a parameter (…/bids/receipts before …/bids/{bid}). */
function findRoute(matchers: readonly Matcher[], method: string, path: string): RouteDoc | undefined {
  const hits = matchers.filter((m) => m.route.method === method.toLowerCase() && m.pattern.test(path));
  return hits.sort((a, b) => b.literals - a.literals)[0]?.route;
}

/** The problems of one response (an empty `problems` list when it keeps the contract). */
export function checkResponse(routes: readonly RouteDoc[], seen: ResponseSeen): Violation {
  const route = findRoute(compile(routes), seen.method, seen.path);
  const name = route ? `${route.method.toUpperCase()} ${route.path}` : `${seen.method.toUpperCase()} ${seen.path} (no route)`;
  const out: Violation = { route: name, status: seen.status, problems: [] };
  const problems = out.problems;
  let body: unknown;
  if (seen.body !== null) {
    try {
      body = JSON.parse(seen.body);
    } catch {
      problems.push(`the body is not JSON although its Content-Type is ${seen.contentType}`);
      return out;
    }
    problems.push(...scanForbidden(body, { epochs: !(route && SCHEMA_DOCUMENTS.has(`${route.method.toUpperCase()} ${route.path}`)) }));
  }
  const isJson = seen.body !== null;
  const other = route?.also?.find((a) => a.status === seen.status);
  if (seen.status >= 400 && !other) {
    problems.push(...(isJson ? issuesOf(ErrorBody, body, 'the Error schema') : [`an error answered without the JSON Error body (Content-Type ${seen.contentType || 'none'})`]));
    return out;
  }
  if (!other && (seen.status < 200 || seen.status >= 300)) {
    return out; // 1xx/3xx: no body to hold to a schema
  }
  if (!route) {
    problems.push(...(isJson ? ['a JSON answer of a route the document does not describe'] : []));
    return out;
  }
  const documented = [{ ...route.ok, label: 'ok.schema' }, ...(route.also ?? []).map((a) => ({ ...a, contentType: undefined, label: `the ${a.status} schema` }))];
  const response = documented.find((r) => r.status === seen.status);
  if (!response) {
    problems.push(`status ${seen.status} is not documented (the route answers ${documented.map((r) => r.status).join(', ')})`);
    return out;
  }
  const documentedJson = response.status !== 204 && (response.contentType === undefined || JSON_TYPE.test(response.contentType));
  if (!documentedJson) {
    if (response.status === 204 && isJson) {
      problems.push('a body on a 204 answer');
    }
    return out; // files, PDFs, PEM, HTML: their bytes are the contract (and a downloaded document may well be JSON)
  }
  if (!isJson) {
    problems.push(`documented as JSON, answered Content-Type ${seen.contentType || 'none'}`);
    return out;
  }
  if (response.schema) {
    problems.push(...issuesOf(response.schema, body, response.label));
  }
  return out;
}

function issuesOf(schema: z.ZodType, body: unknown, label: string): string[] {
  const result = schema.safeParse(body);
  if (result.success) {
    return [];
  }
  return result.error.issues.map((issue) => `${label}: at ${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.code}: ${issue.message}`);
}

/**
 * Keys and values no JSON answer may hold anywhere in its tree (DESIGN §4): a key with the word `fen`
 * (money in fen instead of a yuan string), and an epoch time: a number under a time-point key
 * (TIME_KEY), or any number ≥ EPOCH_MS_FLOOR.
 */
export function scanForbidden(value: unknown, opts: { epochs: boolean } = { epochs: true }, at = '', out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanForbidden(v, opts, `${at}.${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const where = at ? `${at}.${key}` : key;
      if (isFenKey(key)) {
        out.push(`at ${where}: a *Fen key (money goes out as a yuan string)`);
      }
      if (opts.epochs && typeof v === 'number' && TIME_KEY.test(key)) {
        out.push(`at ${where}: the number ${v} under a time key (times go out as ISO-8601 UTC strings)`);
      } else if (key === 'amount' && typeof v === 'number') {
        continue; // OCDS Value.amount
      } else {
        scanForbidden(v, opts, where, out);
      }
    }
  } else if (opts.epochs && typeof value === 'number' && Math.abs(value) >= EPOCH_MS_FLOOR) {
    out.push(`at ${at || '(root)'}: the number ${value} looks like an epoch time (times go out as ISO-8601 UTC strings)`);
  }
  return out;
}
