import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { presentExpert } from './experts-present';
import { ExpertParams, PutExpertBody } from './experts-schema';

/** /admin/experts: the expert pool, for admins. */
export function expertsRouter({ experts }: Pick<AppContext, 'experts'>): Router {
  const r = Router();

  r.get('/admin/experts', requireRole('admin'), async (_req, res) => {
    res.json({ items: (await experts.list()).map(presentExpert) });
  });

  r.put('/admin/experts/:userId', requireRole('admin'), async (req, res) => {
    const { userId } = parse(ExpertParams, req.params);
    const expert = await experts.update(actorOf(req), userId, parse(PutExpertBody, req.body));
    res.json(presentExpert(expert));
  });

  return r;
}
