import { Router } from 'express';
import type { Db } from '../db';
import { notFound } from '../http/errors';
import { requireAuth, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import type { AuditService } from './service';
import { CheckpointListQuery, CheckpointParams, VerifyAuditBody } from './schema';

/**
 * /audit: the chain check (supervisors and admins; the same answer to both, since nothing in it
 * moves when a bidder acts before the deadline), the check against a checkpoint someone holds
 * (any account), and the signed checkpoints (anyone).
 */
export function auditRouter(db: Db, audit: AuditService): Router {
  const r = Router();
  r.get('/audit/verify', requireRole('supervisor', 'admin'), async (_req, res) => {
    res.json(await audit.verify(db));
  });

  r.post('/audit/verify', requireAuth, async (req, res) => {
    const { checkpoint } = parse(VerifyAuditBody, req.body);
    res.json(await audit.verify(db, checkpoint));
  });

  r.get('/audit/checkpoints', async (req, res) => {
    const { page, pageSize } = parse(CheckpointListQuery, req.query);
    const { items, total } = await audit.checkpoints.page(db, page, pageSize);
    res.json({ items, total, page, pageSize, signerCertificate: audit.checkpoints.signerCertificatePem() });
  });

  r.get('/audit/checkpoints/latest', async (_req, res) => {
    res.json((await audit.checkpoints.latest(db)) ?? throwNotFound());
  });

  r.get('/audit/checkpoints/:size', async (req, res) => {
    const { size } = parse(CheckpointParams, req.params);
    res.json((await audit.checkpoints.bySize(db, size)) ?? throwNotFound());
  });
  return r;
}

function throwNotFound(): never {
  throw notFound('checkpoint');
}
