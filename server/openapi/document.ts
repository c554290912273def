import { z } from 'zod';
import { ERROR_CODES } from '../http/errors';
import { ACCOUNT_OPERATIONS } from './operations-accounts';
import { HALL_OPERATIONS } from './operations-hall';
import { OCDS_OPERATIONS } from './operations-ocds';
import { TENDER_OPERATIONS } from './operations-tenders';
import { binary, TAGS, toJsonSchema, type Access, type JsonSchema, type RouteDoc } from './registry';

/** Every route of the API, as the document describes it. */
export const API_ROUTES: readonly RouteDoc[] = [...ACCOUNT_OPERATIONS, ...TENDER_OPERATIONS, ...HALL_OPERATIONS, ...OCDS_OPERATIONS];

/** The error body of every 4xx/5xx (DESIGN §9, server/http/error-handler.ts), and no other key. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(ERROR_CODES).describe('Stable UPPER_SNAKE code: add, never rename'),
    message: z.string().describe('Human text'),
    fields: z
      .array(z.strictObject({ path: z.string().describe('e.g. criteria.1.weight; empty for the whole body'), message: z.string() }))
      .optional()
      .describe('VALIDATION only: every offending field'),
  }),
});

/** The error responses, by status, with the codes a caller should expect there. */
const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'Invalid input: `VALIDATION` with `fields`, or a domain rule such as `SCHEDULE_RULE`' },
  401: { name: 'Unauthenticated', description: 'No or a bad token: `UNAUTHENTICATED`, `TOKEN_EXPIRED`' },
  403: { name: 'Forbidden', description: 'Not for this account: `FORBIDDEN`, or a domain refusal such as `NOT_REGISTERED`' },
  404: { name: 'NotFound', description: '`NOT_FOUND`: no such thing, or not visible to this caller' },
  409: { name: 'Conflict', description: 'Not in this state: e.g. `INVALID_STATE`, `BID_WINDOW_CLOSED`, `OPENING_STAGE`, `EVALUATION_STAGE`' },
  413: { name: 'PayloadTooLarge', description: '`PAYLOAD_TOO_LARGE`, `BID_TOO_LARGE`, `DOCUMENT_TOO_LARGE`' },
  415: { name: 'UnsupportedMediaType', description: '`UNSUPPORTED_MEDIA_TYPE`' },
  423: { name: 'Locked', description: '`ACCOUNT_LOCKED` after repeated failed sign-ins' },
  429: { name: 'TooManyRequests', description: '`RATE_LIMITED`' },
};

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: Record<string, Record<string, unknown>>;
};

/** The OpenAPI 3.1 document of the API, built from the route registry and the modules' zod schemas. */
export function buildOpenApiDocument(version: string, routes: readonly RouteDoc[] = API_ROUTES): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: toOperation(route) };
  }
  const schemas: Record<string, JsonSchema> = { Error: toJsonSchema(ErrorBody, 'output') };
  const seen = new Map<string, string>();
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      hoistDefs(op, String(op.operationId), schemas, seen);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TenderHall',
      version,
      summary: 'Public resource trading electronic bidding platform (公共资源交易电子招投标平台)',
      description: 'JSON over /api; `Authorization: Bearer <token>` from POST /auth/login. Errors are `{"error": {"code", "message"}}`; validation errors are 400 `VALIDATION` with `fields`. Times are UTC ISO-8601 with milliseconds, money is a decimal string in yuan.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/api' }],
    tags: TAGS.map((t) => ({ ...t })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The token of POST /auth/login; scopes name the roles a route is for' } },
      schemas,
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
      ),
    },
  };
}

/** What zod names the definition of a recursive z.json() value. */
const JSON_VALUE_DEF = JSON.stringify((toJsonSchema(z.object({ value: z.json() })).$defs as Record<string, unknown>).__schema0);

/**
 * NOTE: zod puts what a schema reuses recursively (e.g. z.json()) under that schema's own `$defs`, and
 * once the schema sits inside the document `#/$defs/…` names the document's root, where nothing is.
 * Each such definition moves to components.schemas (one per distinct content) and its refs follow.
 */
function hoistDefs(node: unknown, where: string, schemas: Record<string, JsonSchema>, seen: Map<string, string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => hoistDefs(n, where, schemas, seen));
    return;
  }
  if (!node || typeof node !== 'object') {
    return;
  }
  const root = node as JsonSchema;
  const defs = root.$defs as Record<string, JsonSchema> | undefined;
  if (defs && typeof defs === 'object') {
    delete root.$defs;
    const names = new Map(Object.entries(defs).map(([key, def]) => [key, componentName(key, def, where, seen)]));
    const rename = (ref: string): string => {
      const key = ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
      return key !== undefined && names.has(key) ? `#/components/schemas/${names.get(key)}` : ref;
    };
    rewriteRefs(root, rename);
    for (const [key, def] of Object.entries(defs)) {
      rewriteRefs(def, rename);
      schemas[names.get(key) as string] = def;
    }
  }
  Object.values(root).forEach((child) => hoistDefs(child, where, schemas, seen));
}

/** One component per distinct definition: z.json()'s is `JsonValue`, a named one keeps its name, others take the operation's. */
function componentName(key: string, def: JsonSchema, where: string, seen: Map<string, string>): string {
  const content = JSON.stringify(def);
  const known = seen.get(content);
  if (known) {
    return known;
  }
  const name = content === JSON_VALUE_DEF ? 'JsonValue' : key.startsWith('__') ? `${where}.${key.replace(/^_+/, '')}` : key;
  if ([...seen.values()].includes(name)) {
    throw new Error(`openapi: two different schemas named ${name}`);
  }
  seen.set(content, name);
  return name;
}

function rewriteRefs(node: unknown, rename: (ref: string) => string): void {
  if (Array.isArray(node)) {
    node.forEach((n) => rewriteRefs(n, rename));
  } else if (node && typeof node === 'object') {
    const o = node as JsonSchema;
    for (const [k, v] of Object.entries(o)) {
      if (k === '$ref' && typeof v === 'string') {
        o[k] = rename(v);
      } else {
        rewriteRefs(v, rename);
      }
    }
  }
}

function toOperation(route: RouteDoc): JsonSchema {
  const parameters = [...toParameters(route.params, 'path'), ...toParameters(route.query, 'query')];
  return {
    operationId: operationId(route),
    summary: route.summary,
    description: [`Who: ${describeAccess(route.access)}.`, route.description].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    security: toSecurity(route.access),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: toRequestBody(route.body) } : {}),
    responses: { [String(route.ok.status)]: toSuccess(route.ok), ...toOthers(route), ...toErrors(route) },
  };
}

/** e.g. postTendersTenderIdOpeningObjections */
function operationId({ method, path }: RouteDoc): string {
  const words = path.split(/[/{}.-]+/).filter(Boolean);
  return method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
}

function describeAccess(access: Access): string {
  if (access === 'public') {
    return 'anyone';
  }
  if (access === 'optional') {
    return 'anyone; with a token, what that account may also see';
  }
  return access === 'signed-in' ? 'any signed-in account' : access.join(', ');
}

/** OpenAPI 3.1 lets a non-OAuth scheme list role names where OAuth lists scopes. */
function toSecurity(access: Access): Record<string, string[]>[] {
  if (access === 'public') {
    return [];
  }
  if (access === 'optional') {
    return [{}, { bearer: [] }];
  }
  return [{ bearer: access === 'signed-in' ? [] : [...access] }];
}

function toParameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) {
    return [];
  }
  const json = toJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

function toRequestBody(body: NonNullable<RouteDoc['body']>): JsonSchema {
  if ('contentTypes' in body) {
    return { required: true, description: body.description, content: Object.fromEntries(body.contentTypes.map((t) => [t, { schema: body.schema ?? binary() }])) };
  }
  const schema = toJsonSchema(body);
  // A body whose fields are all optional may be left out (e.g. POST /tenders/{id}/award).
  return { required: Array.isArray(schema.required) && schema.required.length > 0, content: { 'application/json': { schema } } };
}

function toSuccess(ok: RouteDoc['ok']): JsonSchema {
  if (ok.status === 204) {
    return { description: ok.description };
  }
  const type = ok.contentType ?? 'application/json';
  const schema = ok.schema ? toJsonSchema(ok.schema, 'output') : type === 'application/json' ? { type: 'object' } : binary(type === 'application/octet-stream' ? undefined : type);
  return { description: ok.description, content: { [type]: { schema } } };
}

/** The route's answers besides its success that are not the Error body (e.g. health's 503). */
function toOthers(route: RouteDoc): Record<string, JsonSchema> {
  return Object.fromEntries(
    (route.also ?? []).map(({ status, description, schema }) => [String(status), { description, content: { 'application/json': { schema: toJsonSchema(schema, 'output') } } }]),
  );
}

/** The error statuses a route's shape implies, plus its own. */
function toErrors(route: RouteDoc): Record<string, { $ref: string }> {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.params || route.query || route.body) {
    statuses.add(400);
  }
  if (route.access !== 'public') {
    statuses.add(401);
  }
  if (Array.isArray(route.access)) {
    statuses.add(403);
  }
  if (route.params) {
    statuses.add(404);
  }
  if (route.method !== 'get' && route.path.startsWith('/tenders/{tenderId}')) {
    statuses.add(409); // the lifecycle decides what a tender accepts now (DESIGN §2)
  }
  return Object.fromEntries([...statuses].sort().map((s) => [String(s), { $ref: `#/components/responses/${errorResponseName(s)}` }]));
}

function errorResponseName(status: number): string {
  const known = ERROR_RESPONSES[status];
  if (!known) {
    throw new Error(`openapi: no error response for status ${status}`);
  }
  return known.name;
}
