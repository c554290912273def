import { Router } from 'express';
import type { HealthService } from './service';

/** GET /health (mounted under /api): 200 when every dependency answers, else 503 with the same body. */
export function healthRouter(health: HealthService): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const report = await health.check();
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return r;
}
