import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentCommittee } from './committee-present';
import { DrawCommitteeBody } from './committee-schema';

/** /tenders/:id/committee: drawing (owner agency) and reading the evaluation committee. */
export function committeeRouter({ committee }: Pick<AppContext, 'committee'>): Router {
  const r = Router();

  r.post('/tenders/:tenderId/committee', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const drawn = await committee.draw(actorOf(req), tenderId, parse(DrawCommitteeBody, req.body));
    res.status(201).json(presentCommittee(drawn, true));
  });

  r.get('/tenders/:tenderId/committee', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { committee: c, full } = await committee.get(req.actor, tenderId);
    res.json(presentCommittee(c, full));
  });

  return r;
}
