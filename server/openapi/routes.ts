import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { version } from '../../package.json';
import { buildOpenApiDocument, type OpenApiDocument } from './document';

/** swagger-ui-dist's folder (its index.js would load the whole bundle into the server). */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
/** The files of swagger-ui-dist the page uses; the rest of the package (its demo page, maps) is not served. */
const SWAGGER_UI_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);
const OWN_ASSETS = path.join(__dirname, 'docs-assets');

const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>TenderHall API 文档</title>
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <noscript>API 文档需要 JavaScript；机器可读的描述见 <a href="/api/openapi.json">/api/openapi.json</a>。</noscript>
  <div id="swagger-ui" data-openapi-url="/api/openapi.json"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/docs-init.js"></script>
</body>
</html>
`;

/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (Swagger UI, assets under /docs/assets). */
export function openapiRouter(): Router {
  const r = Router();
  let document: OpenApiDocument | undefined;

  r.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(version);
    res.json(document);
  });

  r.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_HTML);
  });

  r.use('/docs/assets', express.static(OWN_ASSETS, { index: false, maxAge: '1h' }), onlySwaggerUiFiles, express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1h' }));
  return r;
}

/** Anything but the listed files falls through to the API's JSON 404. */
const onlySwaggerUiFiles: RequestHandler = (req, _res, next) => {
  if (SWAGGER_UI_FILES.has(req.path.slice(1))) {
    next();
    return;
  }
  next('router');
};
