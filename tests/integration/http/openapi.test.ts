import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { version } from '../../../package.json';
import { ROLES, type Role } from '../../../server/auth';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildUser, type TestUser } from '../../support/factories';
import { API_ROUTES, type RouteDoc } from '../../../server/openapi';
import { toJsonSchema } from '../../../server/openapi/registry';
import { installResponseContract, scanForbidden, type Violation } from '../../support/response-contract';
import { apiRoutes, servedRoutes } from '../../support/routes';
import { useTestWorld } from '../../support/test-app';

type Json = Record<string, unknown>;
type Operation = { operationId: string; tags: string[]; security: Record<string, string[]>[]; parameters?: { name: string; in: string }[]; requestBody?: Json; responses: Record<string, Json> };
type Doc = { openapi: string; info: Json; servers: { url: string }[]; tags: { name: string }[]; paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, Json>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** The official OAS 3.1 schema (tests/fixtures/openapi/README.md). */
const OAS_31_SCHEMA = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/openapi/oas-3.1-schema.json'), 'utf8')) as Json;
/** Example values for path parameters: well-formed, naming nothing. */
const EXAMPLE_PARAM: Record<string, string> = { bid: 'a'.repeat(64), name: 'x.pdf' };
const SOME_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

/** "METHOD /api/path" in Express syntax for each operation of the document. */
function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} /api${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

function operations(doc: Doc): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })));
}

/** Every JSON Schema the document embeds, with where it sits. */
function embeddedSchemas(doc: Doc): [string, Json][] {
  const out: [string, Json][] = Object.entries(doc.components.schemas ?? {}).map(([name, s]) => [`components.schemas.${name}`, s]);
  for (const { method, path, op } of operations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    for (const p of (op.parameters ?? []) as unknown as { name: string; schema: Json }[]) {
      out.push([`${where} parameter ${p.name}`, p.schema]);
    }
    const contents = [op.requestBody, ...Object.values(op.responses)].map((x) => (x?.content ?? {}) as Record<string, { schema?: Json }>);
    for (const content of contents) {
      for (const [type, media] of Object.entries(content)) {
        if (media.schema && !('$ref' in media.schema)) {
          out.push([`${where} ${type}`, media.schema]);
        }
      }
    }
  }
  return out;
}

/** Every "$ref" in the document, with the JSON pointer it names. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v) => refsOf(v, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        out.push(v);
      } else {
        refsOf(v, out);
      }
    }
  }
  return out;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    return undefined;
  }
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), doc);
}

const concrete = (path: string): string => `/api${path.replace(/\{(\w+)\}/g, (_m, name: string) => EXAMPLE_PARAM[name] ?? SOME_ID)}`;

describeEachDialect('OpenAPI document and docs page', (dialect) => {
  const world = useTestWorld(dialect);
  let doc: Doc;
  const users = {} as Record<Role, TestUser>;

  beforeAll(async () => {
    const w = world();
    const res = await w.http().get('/api/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.body as Doc;
    for (const role of ROLES) {
      users[role] = await buildUser(w, role);
    }
  });

  it('describes every /api route the app serves, and nothing it does not serve', () => {
    const served = apiRoutes(world().app).sort();
    const documented = documentedRoutes(doc).sort();
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !served.includes(r))).toEqual([]);
    expect(documented.length).toBeGreaterThan(60);
  });

  it('leaves out only what is not the JSON API: the web client fallback and the Prometheus scrape', () => {
    const outside = servedRoutes(world().app).filter((r) => !apiRoutes(world().app).includes(r));
    // GET /{*path}: the built web client (only when client/dist exists); GET /metrics: text for Prometheus, not /api.
    expect(outside.filter((r) => !['GET /{*path}', 'GET /metrics'].includes(r))).toEqual([]);
  });

  it('is an OpenAPI 3.1.0 document: TenderHall at the package version, /api server, bearer JWT, the error shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'TenderHall', version });
    expect(doc.servers).toEqual([{ url: '/api' }]);
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const error = doc.components.schemas?.Error as { properties: { error: { required: string[]; properties: Json } } };
    expect(error.properties.error.required).toEqual(['code', 'message']);
    expect(Object.keys(error.properties.error.properties)).toEqual(['code', 'message', 'fields']);
  });

  it('gives every operation a unique id, a declared tag, its path parameters and a success and error responses', () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids = new Set<string>();
    for (const { method, path, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, methodKnown: (METHODS as readonly string[]).includes(method) }).toEqual({ where, methodKnown: true });
      expect({ where, id: op.operationId, unique: !ids.has(op.operationId) }).toEqual({ where, id: op.operationId, unique: true });
      ids.add(op.operationId);
      expect({ where, tagged: op.tags.length === 1 && tags.has(op.tags[0] as string) }).toEqual({ where, tagged: true });
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      expect({ where, declared }).toEqual({ where, declared: inPath });
      const statuses = Object.keys(op.responses);
      expect({ where, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ where, success: true });
      if (op.security.length > 0) {
        expect({ where, refuses: statuses.includes('401') }).toEqual({ where, refuses: true });
      }
    }
  });

  it('conforms to the official OpenAPI 3.1 schema (tests/fixtures/openapi)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('media-range', true); // RFC 9110 media ranges in `content` keys: the schema names the format, JSON Schema defines none
    const validate = ajv.compile(OAS_31_SCHEMA);
    const valid = validate(doc);
    expect({ valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`) }).toEqual({ valid: true, errors: [] });
  });

  // The constraints of the OAS 3.1 text a generator gets wrong most easily, beyond what its schema checks.
  it('uses only the fields OpenAPI 3.1 defines for operations, parameters, bodies and responses', () => {
    const fields = {
      operation: ['tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'callbacks', 'deprecated', 'security', 'servers'],
      parameter: ['name', 'in', 'description', 'required', 'deprecated', 'allowEmptyValue', 'schema', 'content', 'style', 'explode', 'allowReserved', 'example', 'examples'],
      requestBody: ['description', 'content', 'required'],
      response: ['description', 'headers', 'content', 'links'],
    };
    const extra = (o: object, allowed: string[]): string[] => Object.keys(o).filter((k) => !allowed.includes(k) && !k.startsWith('x-'));
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      problems.push(...extra(op, fields.operation).map((k) => `${where}: operation.${k}`));
      for (const p of (op.parameters ?? []) as unknown as Json[]) {
        problems.push(...extra(p, fields.parameter).map((k) => `${where}: parameter.${k}`));
        if (p.in === 'path' && p.required !== true) {
          problems.push(`${where}: path parameter ${String(p.name)} not required`);
        }
      }
      problems.push(...extra(op.requestBody ?? {}, fields.requestBody).map((k) => `${where}: requestBody.${k}`));
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[1-5](?:\d\d|XX)$|^default$/.test(status)) {
          problems.push(`${where}: response ${status}`);
        }
        if (!('$ref' in response)) {
          problems.push(...extra(response, fields.response).map((k) => `${where}: response.${k}`));
          problems.push(...(typeof response.description === 'string' ? [] : [`${where}: ${status} without a description`]));
        }
      }
    }
    for (const [kind, entries] of Object.entries(doc.components)) {
      problems.push(...Object.keys(entries).filter((name) => !/^[a-zA-Z0-9._-]+$/.test(name)).map((name) => `components.${kind}.${name}`));
    }
    expect(problems).toEqual([]);
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => resolvePointer(doc, ref) === undefined)).toEqual([]);
  });

  it('embeds JSON Schema 2020-12 that compiles with known formats only, and the Error schema matches a real validation error', async () => {
    const warnings: unknown[] = [];
    const ajv = new Ajv2020({ strict: false, allErrors: true, logger: { log: () => undefined, warn: (...m: unknown[]) => warnings.push(m.join(' ')), error: () => undefined } });
    addFormats(ajv);
    const broken = embeddedSchemas(doc).filter(([, schema]) => {
      try {
        ajv.compile({ ...schema, components: { schemas: doc.components.schemas } }); // `#/components/schemas/…` refs resolve as in the document
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.map(([where]) => where)).toEqual([]);
    expect(warnings).toEqual([]); // e.g. a format JSON Schema does not define

    const invalid = await world().http().post('/api/auth/login').send({ username: '', extra: 1 }).expect(400);
    const validateError = ajv.compile(doc.components.schemas?.Error as Json);
    expect({ valid: validateError(invalid.body), errors: validateError.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(invalid.body.error.fields.length).toBeGreaterThan(0);
  });

  it('takes the body schemas from the routes’ zod schemas: a misspelt field is refused by both', async () => {
    const create = doc.paths['/tenders']?.post?.requestBody as { content: Record<string, { schema: Json }> };
    const schema = create.content['application/json']?.schema as Json;
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    expect(ajv.validate(schema, { title: '某道路改造工程', bidDeadLine: '2026-12-25T01:30:00.000Z' })).toBe(false);
    const res = await world().http().post('/api/tenders').set(...bearer(users.agency)).send({ title: '某道路改造工程', bidDeadLine: '2026-12-25T01:30:00.000Z' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
  });

  it('names who may call each route truly: the public gets 401 exactly where a token is required, other roles 403', async () => {
    const w = world();
    const mismatches: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const needsToken = op.security.length > 0 && !op.security.some((s) => Object.keys(s).length === 0);
      const asPublic = await w.http()[method as (typeof METHODS)[number]](concrete(path));
      if ((asPublic.status === 401) !== needsToken) {
        mismatches.push(`${method.toUpperCase()} ${path}: public → ${asPublic.status}`);
      }
      const roles = op.security.flatMap((s) => s.bearer ?? []) as Role[];
      const outsider = ROLES.find((r) => roles.length > 0 && !roles.includes(r));
      if (outsider) {
        const asOutsider = await w.http()[method as (typeof METHODS)[number]](concrete(path)).set(...bearer(users[outsider]));
        if (asOutsider.status !== 403) {
          mismatches.push(`${method.toUpperCase()} ${path}: ${outsider} → ${asOutsider.status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('serves the docs page as HTML whose scripts and styles load with their own content types and read /api/openapi.json', async () => {
    const w = world();
    const page = await w.http().get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/api\/docs\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/assets/swagger-ui.css', '/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/docs-init.js']));
    const expected: Record<string, RegExp> = { css: /^text\/css/, js: /^(text|application)\/javascript/, png: /^image\/png/ };
    for (const asset of assets) {
      const res = await w.http().get(asset).buffer(true).expect(200);
      expect({ asset, type: expected[asset.split('.').pop() as string]?.test(res.headers['content-type'] ?? '') }).toEqual({ asset, type: true });
    }
    const init = await w.http().get('/api/docs/assets/docs-init.js').buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done(null, text));
    });
    expect(init.body).toContain("url: '/api/openapi.json'");
  });

  it('serves no other file of swagger-ui-dist, and the docs stay public even with a stale token', async () => {
    const w = world();
    for (const file of ['index.html', 'swagger-initializer.js', 'package.json', '../package.json']) {
      const res = await w.http().get(`/api/docs/assets/${file}`);
      expect({ file, status: res.status, code: res.body?.error?.code }).toEqual({ file, status: 404, code: 'NOT_FOUND' });
    }
    await w.http().get('/api/openapi.json').set('Authorization', 'Bearer not-a-token').expect(200);
    await w.http().get('/api/docs').set('Authorization', 'Bearer not-a-token').expect(200);
  });
});

/** Where a JSON Schema lets an object hold keys it does not name: objects without `additionalProperties: false`, maps of anything. */
function openObjects(node: unknown, at: string, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((n, i) => openObjects(n, `${at}/${i}`, out));
  } else if (node && typeof node === 'object') {
    const o = node as Json;
    const closed = o.additionalProperties === false;
    const map = !o.properties && typeof o.additionalProperties === 'object' && Object.keys(o.additionalProperties as object).length > 0;
    if ((o.type === 'object' || 'properties' in o) && !closed && !map) {
      out.push(at || '(root)');
    }
    for (const [k, v] of Object.entries(o)) {
      openObjects(v, `${at}/${k}`, out);
    }
  }
  return out;
}

const routeName = (r: RouteDoc): string => `${r.method.toUpperCase()} ${r.path}`;
/** The JSON answers of the document: not 204, no other content type. */
const JSON_ROUTES = API_ROUTES.filter((r) => r.ok.status !== 204 && (r.ok.contentType ?? 'application/json') === 'application/json');
/** GET /openapi.json describes itself only in outline (server/openapi/schema.ts): the OAS 3.1 schema holds it to the rest. */
const LOOSE_BY_DESIGN = new Set(['GET /openapi.json']);

describe('response schemas of the routes (issue 12)', () => {
  it('gives every JSON route its ok.schema', () => {
    const missing = JSON_ROUTES.filter((r) => !r.ok.schema).map(routeName);
    expect({ missing: missing.length ? `${missing.length} JSON route(s) without ok.schema:\n${missing.join('\n')}` : 'none' }).toEqual({ missing: 'none' });
    expect(JSON_ROUTES.length).toBeGreaterThan(50);
  });

  it('makes every object of every response schema strict: no key it does not name (z.strictObject)', () => {
    const open = API_ROUTES.flatMap((r) =>
      [r.ok, ...(r.also ?? [])]
        .filter((response) => response.schema && !LOOSE_BY_DESIGN.has(routeName(r)))
        // the input side: zod writes additionalProperties: false on the output side of a plain z.object too, though it strips instead of refusing
        .flatMap((response) => openObjects(toJsonSchema(response.schema as z.ZodType, 'input'), '').map((at) => `${routeName(r)} ${response.status} at ${at}`)),
    );
    expect(open).toEqual([]);
  });
});

describe('the response contract checker (tests/support/response-contract.ts)', () => {
  const Thing = z.strictObject({ id: z.string(), price: z.string(), createdAt: z.string() });
  const routes: RouteDoc[] = [
    { method: 'get', path: '/things/{thingId}', tag: 'system', access: 'public', summary: 'a thing', ok: { status: 200, description: 'the thing', schema: Thing } },
    { method: 'get', path: '/things/special', tag: 'system', access: 'public', summary: 'the special thing', ok: { status: 200, description: 'loose', schema: z.looseObject({}) } },
    { method: 'get', path: '/unschemed', tag: 'system', access: 'public', summary: 'no schema yet', ok: { status: 200, description: 'anything' } },
    { method: 'get', path: '/file', tag: 'system', access: 'public', summary: 'a file', ok: { status: 200, description: 'bytes', contentType: 'application/octet-stream' } },
  ];
  const good = { id: 't1', price: '12.50', createdAt: '2026-12-01T02:00:00.000Z' };
  /** A tiny app answering `answer` (status, body) on every route, the contract installed with its own sink. */
  async function answer(path: string, status: number, body: unknown): Promise<{ received: unknown; violations: Violation[] }> {
    const violations: Violation[] = [];
    const app = express();
    app.use((_req, res) => {
      res.status(status).json(body);
    });
    installResponseContract(app, routes, (v) => violations.push(v));
    const res = await request(app).get(path);
    return { received: res.body, violations };
  }
  const problems = (violations: Violation[]): string => violations.flatMap((v) => [`${v.route} → ${v.status}`, ...v.problems]).join('\n');

  it('passes a body its schema allows, and changes nothing in the response', async () => {
    const { received, violations } = await answer('/api/things/t1', 200, good);
    expect(violations).toEqual([]);
    expect(received).toEqual(good);
  });

  it('names the route, the status and the zod issue of an extra key', async () => {
    const { received, violations } = await answer('/api/things/t1', 200, { ...good, secret: 'x' });
    expect(received).toEqual({ ...good, secret: 'x' }); // the app's answer is untouched
    expect(problems(violations)).toMatch(/GET \/things\/\{thingId\} → 200[\s\S]*unrecognized_keys[\s\S]*secret/);
  });

  it('catches a missing key and a wrong type, with their paths', async () => {
    const { violations } = await answer('/api/things/t1', 200, { id: 't1', price: 12.5 });
    expect(problems(violations)).toMatch(/at price: invalid_type/);
    expect(problems(violations)).toMatch(/at createdAt: invalid_type/);
  });

  it('catches a *Fen key anywhere in the tree, even where the schema is loose or not written yet', async () => {
    for (const path of ['/api/things/special', '/api/unschemed']) {
      const { violations } = await answer(path, 200, { items: [{ candidates: [{ priceFen: 1250 }] }], budget_fen: 1 });
      expect(problems(violations)).toContain('at items.0.candidates.0.priceFen: a *Fen key');
      expect(problems(violations)).toContain('at budget_fen: a *Fen key');
    }
    expect(scanForbidden({ offence: 1, defender: 'x', fence: true })).toEqual([]);
  });

  it('catches epoch times: a number under a time key, or any number from 1e11 on; durations and counts pass', async () => {
    const { violations } = await answer('/api/unschemed', 200, { flags: [{ raisedAt: 1764554400000, resolvedAt: 5 }], stamp: 1764554400000, deadline: 1764554400 });
    expect(problems(violations)).toContain('at flags.0.raisedAt: the number 1764554400000 under a time key');
    expect(problems(violations)).toContain('at flags.0.resolvedAt: the number 5 under a time key');
    expect(problems(violations)).toContain('at stamp: the number 1764554400000 looks like an epoch time');
    expect(problems(violations)).toContain('at deadline: the number 1764554400 under a time key');
    expect(scanForbidden({ latencyMs: 3.5, retryAfterSeconds: 60, size: 123456, total: 10, format: 7, createdAt: '2026-12-01T02:00:00.000Z' })).toEqual([]);
    // OCDS Value.amount is yuan as a JSON number (by that standard); a 100-billion-yuan budget is money, not a time
    expect(scanForbidden({ tender: { value: { amount: 123456789012.34, currency: 'CNY' } } })).toEqual([]);
  });

  it('catches an undocumented success status, and a JSON answer of a route the document does not describe', async () => {
    expect(problems((await answer('/api/things/t1', 202, good)).violations)).toMatch(/→ 202[\s\S]*status 202 is not documented/);
    expect(problems((await answer('/api/nowhere', 200, { ok: true })).violations)).toMatch(/GET \/api\/nowhere \(no route\)[\s\S]*does not describe/);
  });

  it('holds every 4xx/5xx to the Error schema', async () => {
    expect((await answer('/api/things/t1', 404, { error: { code: 'NOT_FOUND', message: 'no such thing' } })).violations).toEqual([]);
    expect((await answer('/api/nowhere', 404, { error: { code: 'NOT_FOUND', message: 'route' } })).violations).toEqual([]);
    expect(problems((await answer('/api/things/t1', 409, { error: { code: 'NO_SUCH_CODE', message: 'x' } })).violations)).toMatch(/the Error schema: at error.code: invalid_value/);
    expect(problems((await answer('/api/things/t1', 400, { message: 'bad' })).violations)).toMatch(/the Error schema/);
  });

  it('takes a literal segment before a parameter, and leaves files and what is outside /api alone', async () => {
    expect((await answer('/api/things/special', 200, { anything: 1 })).violations).toEqual([]);
    expect((await answer('/api/file', 200, { a: 'user file that is JSON' })).violations).toEqual([]);
    expect((await answer('/elsewhere', 200, { priceFen: 1 })).violations).toEqual([]);
  });
});
