import { Router } from 'express';
import type { Db } from '../db';
import { actorOf, requireRole } from '../http/auth';
import type { AuditService } from './service';

/** GET /audit/verify: recomputes the chain (supervisors and admins). */
export function auditRouter(db: Db, audit: AuditService): Router {
  const r = Router();
  r.get('/audit/verify', requireRole('supervisor', 'admin'), async (req, res) => {
    const result = await audit.verify(db);
    if (actorOf(req).role === 'supervisor') {
      res.json(result);
      return;
    }
    // The event count moves when bids arrive: only supervisors, who may see sealed events, get it.
    const { checked: _sealedCount, ...rest } = result;
    res.json(rest);
  });
  return r;
}
