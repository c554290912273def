import { z } from 'zod';
import type { Role } from '../auth';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route (DESIGN §9): `public` needs no token, `optional` takes one when given (the
 * answer depends on who asks, e.g. drafts for their owner), `signed-in` any account, else the roles.
 */
export type Access = 'public' | 'optional' | 'signed-in' | readonly Role[];

/** A JSON Schema (2020-12) object as OpenAPI 3.1 embeds it. */
export type JsonSchema = Record<string, unknown>;

/** A request body that is not JSON: sealed bids, uploads, PDFs. */
export type RawBody = { contentTypes: readonly string[]; description: string; schema?: JsonSchema };

export type Tag = 'system' | 'accounts' | 'certificates' | 'tenders' | 'documents' | 'registration' | 'clarifications' | 'bids' | 'opening' | 'evaluation' | 'awards' | 'records' | 'audit' | 'ocds';

/** One API route as the OpenAPI document describes it; paths are relative to /api. */
export type RouteDoc = {
  method: Method;
  /** OpenAPI style: /tenders/{tenderId} */
  path: string;
  /** English; the Chinese term in parentheses where there is one. */
  summary: string;
  tag: Tag;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A zod schema is a JSON body (validated with it); RawBody for anything else. */
  body?: z.ZodType | RawBody;
  /** The success answer; `schema` states its JSON body exactly (strict objects, server/http/response-schema.ts). */
  ok: { status: number; description: string; contentType?: string; schema?: z.ZodType };
  /** Other answers that are not the Error body, e.g. health's 503 with the health report. */
  also?: readonly { status: number; description: string; schema: z.ZodType }[];
  /** Statuses with an error body besides the ones the route's shape implies (400/401/403/404/409). */
  errors?: readonly number[];
  description?: string;
};

/**
 * The JSON Schema (2020-12) of a zod schema: of what it accepts (`input`, for requests: defaults optional,
 * before transforms) or of what it gives (`output`, for responses: after transforms, strict objects closed).
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', override: toStandardKeywords });
  return json;
}

/** NOTE: zod writes z.base64() as `format: "base64"`, which JSON Schema 2020-12 spells `contentEncoding`. */
function toStandardKeywords({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void {
  if (jsonSchema.format === 'base64') {
    delete jsonSchema.format;
    jsonSchema.contentEncoding = 'base64';
  }
}

/** The binary body of a request or response. */
export const binary = (contentMediaType?: string): JsonSchema => ({ type: 'string', ...(contentMediaType ? { contentMediaType } : { format: 'binary' }) });

/** Tags in the order the docs page lists them. */
export const TAGS: readonly { name: Tag; description: string }[] = [
  { name: 'system', description: 'Health and this API description' },
  { name: 'accounts', description: 'Registration, sign-in, users (账户)' },
  { name: 'certificates', description: 'Platform CA, user certificates, trusted roots (CA 互认)' },
  { name: 'tenders', description: 'Tenders and their lifecycle (标段/包)' },
  { name: 'documents', description: 'Tender documents (招标文件)' },
  { name: 'registration', description: 'Registration for a tender (获取招标文件)' },
  { name: 'clarifications', description: 'Questions, clarifications and amendments (答疑, 澄清/修改)' },
  { name: 'bids', description: 'Sealed bids and receipts (投标文件, 回执)' },
  { name: 'opening', description: 'The opening hall (开标, 不见面开标)' },
  { name: 'evaluation', description: 'Expert pool, committee and evaluation (评标)' },
  { name: 'awards', description: 'Candidate publicity and award (中标候选人公示, 定标)' },
  { name: 'records', description: 'Signed PDF records (签章记录)' },
  { name: 'audit', description: 'Audit trail (全程留痕)' },
  { name: 'ocds', description: 'Open Contracting Data Standard 1.1 export (公开数据)' },
];
