import { z } from 'zod';

/**
 * GET /api/openapi.json: an OpenAPI 3.1.0 document. Only its frame is stated here (loose objects):
 * the official OAS 3.1 schema holds it to the rest (tests/integration/http/openapi.test.ts).
 */
export const OpenApiDocumentResponse = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  servers: z.array(z.looseObject({ url: z.string() })),
  tags: z.array(z.looseObject({ name: z.string(), description: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({}))),
  components: z.record(z.string(), z.record(z.string(), z.unknown())),
});
