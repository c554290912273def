/** The API described (OpenAPI 3.1, generated from the modules' zod schemas) and its docs page. */
export { openapiRouter } from './routes';
export { buildOpenApiDocument, API_ROUTES, type OpenApiDocument } from './document';
export type { RouteDoc, Access } from './registry';
