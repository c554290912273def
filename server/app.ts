import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { auditRouter } from './audit';
import { authRouter } from './auth';
import type { AppContext } from './context';
import { healthRouter } from './health';
import { stampArrival } from './http/arrival';
import { authenticate } from './http/auth';
import { apiSecurityHeaders, clientSecurityHeaders, docsSecurityHeaders } from './http/content-security';
import { apiNotFound, errorHandler } from './http/error-handler';
import { bodyIdleTimeout } from './http/timeouts';
import { newId } from './ids';
import { openapiRouter } from './openapi';
import { isSafeRequestId, loggableUrl, runInRequestScope } from './logger';
import { httpMetrics, markRouteBase, metricsEndpoint } from './metrics';
import { tendersRouter } from './tenders';
import { pkiRouter } from './pki';
import { documentsRouter } from './tenders';
import { registrationRouter } from './registration';
import { clarificationsRouter } from './clarifications';
import { notificationsRouter } from './notifications';
import { bidsRouter } from './bids';
import { openingRouter } from './opening';
import { committeeRouter, evaluationRouter, expertsRouter } from './evaluation';
import { awardsRouter } from './awards';
import { recordsRouter } from './records';
import { ocdsRouter } from './ocds';

const CLIENT_DIST = path.resolve(__dirname, '../client/dist');

/** Builds the Express app (no listen): /api routers, JSON errors, and the built web client. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(stampArrival(ctx.clock));
  app.use(httpMetrics(ctx.metrics));
  app.use(
    pinoHttp({
      logger: ctx.log,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = isSafeRequestId(incoming) ? incoming : newId();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use((req, _res, next) => runInRequestScope(String(req.id), next));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  app.use(bodyIdleTimeout());

  app.get('/metrics', metricsEndpoint(ctx.metrics, ctx.config.metricsToken));

  const api = express.Router();
  api.use(markRouteBase);
  api.use(apiSecurityHeaders);
  api.use('/docs', docsSecurityHeaders);
  api.use(express.json({ limit: '1mb' }));
  api.use(healthRouter(ctx.health));
  api.use(openapiRouter());
  api.use(authenticate(ctx.auth.actorFromToken));
  api.use(authRouter(ctx.auth));
  api.use(tendersRouter(ctx));
  api.use(auditRouter(ctx.db, ctx.audit));
  api.use(documentsRouter(ctx));
  api.use(registrationRouter(ctx));
  api.use(clarificationsRouter(ctx));
  api.use(notificationsRouter(ctx));
  api.use(pkiRouter(ctx));
  api.use(bidsRouter(ctx));
  api.use(openingRouter(ctx));
  api.use(expertsRouter(ctx));
  api.use(committeeRouter(ctx));
  api.use(evaluationRouter(ctx));
  api.use(awardsRouter(ctx));
  api.use(recordsRouter(ctx));
  api.use(ocdsRouter(ctx));
  api.use(apiNotFound);
  app.use('/api', api);

  if (fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    app.use(clientSecurityHeaders);
    app.use(express.static(CLIENT_DIST, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(CLIENT_DIST, 'index.html')));
  }
  app.use(errorHandler(ctx.log));
  return app;
}
